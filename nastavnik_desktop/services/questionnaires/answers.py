"""Answers: the one writer of `questionnaire_response`, `answer` and `answer_choice`, and the one
reader of a typed answer.

A person answers a round once (a partial unique index, migration 0005): saving answers for a
person who already has a response in the round changes that response — so the grid saves as the
curator types, a blank typed twice replaces, and a second import of the same forms export adds
nothing twice. An answer is one `answer` row per question: a 1–10 item and yes/no (1 / 0) in
`value_int`, a short text in `value_text`, the picked choices of a choice question in its
`answer_choice` rows (exactly one for a single choice). A response left without answers is
deleted: «answered» counts people who answered something.

`parse_answer` reads what the curator typed in the grid, or a respondent in an online form
(«7», «да», «Вариант Б», «Вариант А; Вариант Б»), into a `Value` — one home for the tolerance
(case, «ё»/«е», extra spaces, a choice by its text or its number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import CHOICE_KINDS, QuestionKind, ResponseSource
from nastavnik_desktop.data.models import (
    Answer,
    AnswerChoice,
    Person,
    Question,
    QuestionnaireResponse,
    QuestionnaireRound,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.questionnaires.library import QuestionLine
from nastavnik_desktop.text import alphabetical_key, shorten

ANSWER_TABLES = frozenset({"questionnaire_response", "answer", "answer_choice"})

MAX_TEXT = 2000
"""The longest short-text answer kept (a longer one is refused, never cut silently)."""

YES_WORDS = frozenset({"да", "1", "+", "yes", "д", "y"})
NO_WORDS = frozenset({"нет", "0", "-", "no", "н", "n"})
MULTIPLE_SEPARATORS = (";", ",")
"""How online forms join the picked choices of a multiple-choice question (Yandex Forms: «;»,
Google Forms: «, »); a choice whose own text has a comma is matched whole first."""


@dataclass(frozen=True)
class Value:
    """One answer: `number` for a 1–10 item (1–10) and yes/no (1 yes, 0 no), `text` for a short
    text, `choices` (choice ids) for a single- or multiple-choice question."""

    number: int | None = None
    text: str = ""
    choices: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return self.number is None and not self.text and not self.choices


@dataclass(frozen=True)
class SaveSummary:
    """What a batch save did: responses added, responses changed, rows that changed nothing."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0


# --- reading what was typed ----------------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(alphabetical_key(text).split())


def parse_answer(question: QuestionLine, raw: str) -> Value:
    """What `raw` answers to `question` («» → an empty value); `ValidationError` with the
    question's text and what is expected when it cannot be read."""
    text = " ".join(str(raw).split())
    if not text:
        return Value()
    kind = QuestionKind(question.kind)
    if kind is QuestionKind.TEXT:
        if len(text) > MAX_TEXT:
            raise ValidationError(f"Ответ на вопрос «{shorten(question.text)}» длиннее "
                                  f"{MAX_TEXT} знаков. Сократите его.")
        return Value(text=text)
    if kind is QuestionKind.SCALE:
        number = _number(text)
        if number is None or not 1 <= number <= 10:
            raise ValidationError(f"На вопрос «{shorten(question.text)}» ответ — число от 1 "
                                  f"до 10, а указано «{shorten(text, 30)}».")
        return Value(number=number)
    if kind is QuestionKind.YES_NO:
        word = _key(text).rstrip(".!")
        if word in YES_WORDS:
            return Value(number=1)
        if word in NO_WORDS:
            return Value(number=0)
        raise ValidationError(f"На вопрос «{shorten(question.text)}» ответ — «да» или «нет», "
                              f"а указано «{shorten(text, 30)}».")
    return Value(choices=_choices(question, text))


def _number(text: str) -> int | None:
    cleaned = text.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _choices(question: QuestionLine, text: str) -> frozenset[int]:
    by_text = {_key(c.text): c.id for c in question.choices if c.id is not None}
    by_number = {str(n): c.id for n, c in enumerate(question.choices, 1) if c.id is not None}

    def one(part: str) -> int | None:
        return by_text.get(_key(part)) or by_number.get(part.strip())

    whole = one(text)
    if whole is not None:
        return frozenset({whole})
    if QuestionKind(question.kind) is QuestionKind.MULTIPLE:
        for separator in MULTIPLE_SEPARATORS:
            picked = _split_choices(text.split(separator), separator, one)
            if picked:
                return picked
    options = "; ".join(f"{n} — {c.text}" for n, c in enumerate(question.choices, 1))
    raise ValidationError(f"На вопрос «{shorten(question.text)}» нет варианта "
                          f"«{shorten(text, 40)}». Варианты: {shorten(options, 200)}.")


def _split_choices(parts: list[str], separator: str,
                   one: Callable[[str], int | None]) -> frozenset[int]:
    """The choices `parts` name, joining neighbouring parts where a choice's own text has the
    separator (the longest match first); empty when some part names no choice."""
    picked: set[int] = set()
    start = 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            found = one(separator.join(parts[start:end]))
            if found is not None:
                picked.add(found)
                start = end
                break
        else:
            if parts[start].strip():
                return frozenset()
            start += 1
    return frozenset(picked) if len(parts) > 1 else frozenset()


# --- writing -------------------------------------------------------------------------------


def _round_or_error(session: Session, round_id: int) -> QuestionnaireRound:
    found = session.get(QuestionnaireRound, round_id)
    if found is None:
        raise ValidationError("Опрос не найден: возможно, его удалили. Откройте список "
                              "опросов снова.")
    return found


def _questions(session: Session, template_id: int) -> dict[int, Question]:
    return {q.id: q for q in session.scalars(
        select(Question).where(Question.template_id == template_id))}


@dataclass(frozen=True)
class _Rule:
    """What a question takes: its kind, its choices, its text for a refusal."""

    kind: QuestionKind
    allowed: frozenset[int]
    text: str


def _rule(question: Question) -> _Rule:
    kind = QuestionKind(question.kind)
    allowed = frozenset(c.id for c in question.choices) if kind in CHOICE_KINDS else frozenset()
    return _Rule(kind, allowed, question.text)


def _checked(question: Question | _Rule, value: Value) -> Value:
    rule = question if isinstance(question, _Rule) else _rule(question)
    kind = rule.kind
    if kind in CHOICE_KINDS:
        if value.number is not None or value.text or not value.choices <= rule.allowed:
            raise ValidationError(f"{_where(rule)}: ответ — один из его вариантов.")
        if kind is QuestionKind.SINGLE and len(value.choices) != 1:
            raise ValidationError(f"{_where(rule)}: можно выбрать только один вариант.")
    elif kind is QuestionKind.TEXT:
        if value.number is not None or value.choices or len(value.text) > MAX_TEXT:
            raise ValidationError(f"{_where(rule)}: ответ — короткий текст до {MAX_TEXT} "
                                  "знаков.")
    else:
        low = 1 if kind is QuestionKind.SCALE else 0
        high = 10 if kind is QuestionKind.SCALE else 1
        if value.number is None or not low <= value.number <= high or value.text \
                or value.choices:
            expected = "число от 1 до 10" if kind is QuestionKind.SCALE else "«да» или «нет»"
            raise ValidationError(f"{_where(rule)}: ответ — {expected}.")
    return value


def _where(rule: _Rule) -> str:
    return f"Вопрос «{shorten(rule.text)}»"


def _stored(answer: Answer, picked: Iterable[int]) -> Value:
    return Value(answer.value_int, answer.value_text, frozenset(picked))


def _put(session: Session, response: QuestionnaireResponse, questions: Mapping[int, Question],
         values: Mapping[int, Value | None]) -> bool:
    """Write `values` into `response`; whether anything changed."""
    existing = {a.question_id: a for a in response.answers}
    picked: dict[int, set[int]] = {}
    if existing:
        for answer_id, choice_id in session.execute(
                select(AnswerChoice.answer_id, AnswerChoice.choice_id)
                .where(AnswerChoice.answer_id.in_([a.id for a in existing.values()]))):
            picked.setdefault(answer_id, set()).add(choice_id)
    changed = False
    for question_id, value in values.items():
        question = questions.get(question_id)
        if question is None:
            raise ValidationError("Вопрос не из анкеты этого опроса: возможно, анкету "
                                  "изменили. Откройте опрос снова.")
        old = existing.get(question_id)
        if value is None or value.is_empty:
            if old is not None:
                response.answers.remove(old)
                changed = True
            continue
        value = _checked(question, value)
        if old is not None and _stored(old, picked.get(old.id, ())) == value:
            continue
        changed = True
        if old is None:
            old = Answer(question_id=question_id)
            response.answers.append(old)
        old.value_int, old.value_text = value.number, value.text
        if QuestionKind(question.kind) in CHOICE_KINDS:
            if old.id is not None:
                session.execute(delete(AnswerChoice).where(AnswerChoice.answer_id == old.id))
            session.flush()
            session.add_all(AnswerChoice(answer_id=old.id, choice_id=c) for c in value.choices)
    return changed


def _response(session: Session, found: QuestionnaireRound,
              person_id: int) -> QuestionnaireResponse | None:
    return session.scalar(select(QuestionnaireResponse).where(
        QuestionnaireResponse.round_id == found.id,
        QuestionnaireResponse.person_id == person_id))


def _save(session: Session, found: QuestionnaireRound, questions: Mapping[int, Question],
          person_id: int, values: Mapping[int, Value | None], source: ResponseSource,
          filled_on: dt.date | None) -> str:
    """Save one person's answers; "added", "replaced" or "unchanged"."""
    response = _response(session, found, person_id)
    outcome = "replaced"
    if response is None:
        if all(v is None or v.is_empty for v in values.values()):
            return "unchanged"
        if session.get(Person, person_id) is None:
            raise ValidationError("Участник не найден: возможно, его удалили из базы.")
        response = QuestionnaireResponse(template_id=found.template_id,
                                         programme_id=found.programme_id,
                                         person_id=person_id, round_id=found.id)
        session.add(response)
        outcome = "added"
    if not _put(session, response, questions, values) and outcome == "replaced":
        return "unchanged"
    response.source, response.filled_on = source, filled_on or response.filled_on
    session.flush()
    if not response.answers:
        session.delete(response)
    return outcome


def save_answers(db: Database, round_id: int, person_id: int,
                 values: Mapping[int, Value | None], *,
                 source: ResponseSource = ResponseSource.PAPER,
                 filled_on: dt.date | None = None) -> None:
    """Save (add, change, or clear with None / an empty value) some answers of one person in a
    round — what the grid calls for each cell as the curator types. Answers to other questions
    stay; a response left without answers is deleted."""
    with db.transaction() as session:
        found = _round_or_error(session, round_id)
        outcome = _save(session, found, _questions(session, found.template_id), person_id,
                        values, source, filled_on)
        if outcome != "unchanged":
            audit.record(session, "answers_save", "round_answers", found.id,
                         f"Ответы в опросе «{shorten(found.title)}»", person=person_id,
                         questions=sorted(values))


def save_many(db: Database, round_id: int,
              rows: Sequence[tuple[int, Mapping[int, Value | None]]], *,
              source: ResponseSource, filled_on: dt.date | None = None,
              filled_by_person: Mapping[int, dt.date] | None = None) -> SaveSummary:
    """Save the answers of many people in one transaction — all or none (an import, a pile of
    blanks): each row is (person id, answers), as in `save_answers`. A person twice keeps the
    last row. `filled_by_person` gives the day a person filled the form (an online form's
    timestamp); `filled_on` is the day for the others.

    Set-based (an import of 2,000 forms is one read of the round and a few bulk statements):
    the round's responses are read once, each row is applied in memory exactly as
    `save_answers` would, and only the difference is written."""
    with db.transaction() as session:
        return save_many_in(session, round_id, rows, source=source, filled_on=filled_on,
                            filled_by_person=filled_by_person)


def save_many_in(session: Session, round_id: int,
                 rows: Sequence[tuple[int, Mapping[int, Value | None]]], *,
                 source: ResponseSource, filled_on: dt.date | None = None,
                 filled_by_person: Mapping[int, dt.date] | None = None) -> SaveSummary:
    """`save_many` inside the caller's transaction (the demo school is built in one)."""
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    days = filled_by_person or {}
    found = _round_or_error(session, round_id)
    questions = {i: _rule(q) for i, q in _questions(session, found.template_id).items()}
    held = _held_responses(session, found.id)
    known = _known_people(session, {p for p, _v in rows if p not in held})
    state: dict[int, _Held] = {}
    for person_id, values in rows:
        current = state.get(person_id) or held.get(person_id)
        outcome, after = _applied(current, person_id in known, questions, values)
        counts[outcome] += 1
        if after is not None:
            state[person_id] = _Held(after.response_id, after.answers, source,
                                     days.get(person_id, filled_on) or after.filled_on)
    _write_changes(session, found, held, state)
    if counts["added"] or counts["replaced"]:
        audit.record(session, "answers_save_many", "round_answers", found.id,
                     f"Ответы в опросе «{shorten(found.title)}»: новых {counts['added']}, "
                     f"изменено {counts['replaced']}", source=source.value)
    return SaveSummary(**counts)


@dataclass(frozen=True)
class _Held:
    """A person's response in a round as `save_many` holds it: its id (None while new), the
    answers by question, its source and day."""

    response_id: int | None
    answers: Mapping[int, Value]
    source: ResponseSource | None = None
    filled_on: dt.date | None = None


def _picked_in_round(session: Session, round_id: int) -> dict[int, set[int]]:
    """The choices picked in the round's answers: answer id → choice ids (one read)."""
    picked: dict[int, set[int]] = {}
    for answer_id, choice_id in session.execute(
            select(AnswerChoice.answer_id, AnswerChoice.choice_id)
            .join(Answer, Answer.id == AnswerChoice.answer_id)
            .join(QuestionnaireResponse, QuestionnaireResponse.id == Answer.response_id)
            .where(QuestionnaireResponse.round_id == round_id)):
        picked.setdefault(answer_id, set()).add(choice_id)
    return picked


def _held_responses(session: Session, round_id: int) -> dict[int, _Held]:
    """The round's responses with their answers, by person: three reads, whatever the size."""
    table, answer = _RESPONSE, _ANSWER
    picked = _picked_in_round(session, round_id)
    answers: dict[int, dict[int, Value]] = {}
    for answer_id, response_id, question_id, number, text in session.execute(
            select(answer.c.id, answer.c.response_id, answer.c.question_id, answer.c.value_int,
                   answer.c.value_text)
            .join(table, table.c.id == answer.c.response_id)
            .where(table.c.round_id == round_id)):
        answers.setdefault(response_id, {})[question_id] = Value(
            number, text or "", frozenset(picked.get(answer_id, ())))
    return {person_id: _Held(response_id, answers.get(response_id, {}), source, day)
            for response_id, person_id, source, day in session.execute(
                select(table.c.id, table.c.person_id, table.c.source, table.c.filled_on)
                .where(table.c.round_id == round_id, table.c.person_id.is_not(None)))}


def _known_people(session: Session, person_ids: set[int]) -> set[int]:
    ids, known = sorted(person_ids), set[int]()
    for start in range(0, len(ids), _CHUNK):
        known.update(session.scalars(select(Person.id).where(
            Person.id.in_(ids[start:start + _CHUNK]))))
    return known


_RESPONSE = cast(Table, QuestionnaireResponse.__table__)
_ANSWER = cast(Table, Answer.__table__)
_CHOICE = cast(Table, AnswerChoice.__table__)
_CHUNK = 500
"""Ids in one `IN (…)` (SQLite's limit on bound parameters is far above it)."""


def _applied(current: _Held | None, known: bool, questions: Mapping[int, _Rule],
             values: Mapping[int, Value | None]) -> tuple[str, _Held | None]:
    """One row applied as `_save` would: the outcome, and the answers afterwards (None when
    nothing is to be written)."""
    if current is None:
        if all(v is None or v.is_empty for v in values.values()):
            return "unchanged", None
        if not known:
            raise ValidationError("Участник не найден: возможно, его удалили из базы.")
    answers = dict(current.answers) if current is not None else {}
    changed = False
    for question_id, value in values.items():
        question = questions.get(question_id)
        if question is None:
            raise ValidationError("Вопрос не из анкеты этого опроса: возможно, анкету "
                                  "изменили. Откройте опрос снова.")
        if value is None or value.is_empty:
            changed |= answers.pop(question_id, None) is not None
            continue
        value = _checked(question, value)
        if answers.get(question_id) != value:
            answers[question_id] = value
            changed = True
    if current is None:
        return "added", _Held(None, answers)
    if not changed:
        return "unchanged", None
    return "replaced", _Held(current.response_id, answers, filled_on=current.filled_on)


def _write_changes(session: Session, found: QuestionnaireRound, held: Mapping[int, _Held],
                   state: Mapping[int, _Held]) -> None:
    """Write the difference between the responses `held` before and their `state` after, in
    bulk statements."""
    response, answer, choice = _RESPONSE, _ANSWER, _CHOICE
    gone_responses: list[int] = []
    new_people: list[int] = []
    updated: list[dict[str, object]] = []
    gone_answers: list[int] = []
    changed_answers: list[dict[str, object]] = []
    new_answers: list[tuple[int, int, Value]] = []
    answer_ids: dict[tuple[int, int], int] = {}
    if any(h.response_id is not None for h in state.values()):
        for answer_id, response_id, question_id in session.execute(
                select(answer.c.id, answer.c.response_id, answer.c.question_id)
                .join(response, response.c.id == answer.c.response_id)
                .where(response.c.round_id == found.id)):
            answer_ids[(response_id, question_id)] = answer_id
    for person_id, after in state.items():
        if after.response_id is None:
            if after.answers:
                new_people.append(person_id)
            continue
        if not after.answers:
            gone_responses.append(after.response_id)
            continue
        updated.append({"rid": after.response_id, "source": after.source,
                        "filled_on": after.filled_on})
        before = held[person_id].answers
        for question_id in before:
            if question_id not in after.answers:
                gone_answers.append(answer_ids[(after.response_id, question_id)])
        for question_id, value in after.answers.items():
            if question_id not in before:
                new_answers.append((after.response_id, question_id, value))
            elif before[question_id] != value:
                changed_answers.append({
                    "aid": answer_ids[(after.response_id, question_id)],
                    "value_int": value.number, "value_text": value.text,
                    "choices": value.choices})
    _delete_in(session, choice, choice.c.answer_id, gone_answers)
    _delete_in(session, answer, answer.c.id, gone_answers)
    if gone_responses:
        gone = select(answer.c.id).where(answer.c.response_id.in_(gone_responses))
        session.execute(delete(choice).where(choice.c.answer_id.in_(gone)))
        session.execute(delete(answer).where(answer.c.response_id.in_(gone_responses)))
        _delete_in(session, response, response.c.id, gone_responses)
    if updated:
        session.execute(update(response).where(response.c.id == bindparam("rid"))
                        .values(source=bindparam("source"), filled_on=bindparam("filled_on")),
                        updated)
    if changed_answers:
        session.execute(update(answer).where(answer.c.id == bindparam("aid"))
                        .values(value_int=bindparam("value_int"),
                                value_text=bindparam("value_text")),
                        [{k: v for k, v in row.items() if k != "choices"}
                         for row in changed_answers])
        chosen = [row for row in changed_answers if row["choices"]]
        _delete_in(session, choice, choice.c.answer_id, [row["aid"] for row in chosen])
        _insert_choices(session, [(cast(int, row["aid"]), cast(frozenset[int], row["choices"]))
                                  for row in chosen])
    if new_people:
        first = _next_id(session, response)
        session.execute(insert(response), [
            {"id": first + n, "template_id": found.template_id,
             "programme_id": found.programme_id, "person_id": p, "round_id": found.id,
             "source": state[p].source, "filled_on": state[p].filled_on}
            for n, p in enumerate(new_people)])
        for n, person_id in enumerate(new_people):
            new_answers.extend((first + n, q, v) for q, v in state[person_id].answers.items())
    if new_answers:
        first = _next_id(session, answer)
        # the one big insert (ten answers a form): plain rows through the driver's executemany
        session.connection().exec_driver_sql(
            "INSERT INTO answer (id, response_id, question_id, value_int, value_text) "
            "VALUES (?, ?, ?, ?, ?)",
            [(first + n, r, q, v.number, v.text) for n, (r, q, v) in enumerate(new_answers)])
        _insert_choices(session, [(first + n, v.choices) for n, (_r, _q, v)
                                  in enumerate(new_answers) if v.choices])


def _next_id(session: Session, table: Table) -> int:
    """The first id free for a bulk insert: the transaction holds the write lock (BEGIN
    IMMEDIATE), so nobody takes it meanwhile; explicit ids let one executemany insert the
    rows (SQLite would send `RETURNING` one row per statement)."""
    return (session.scalar(select(func.max(table.c.id))) or 0) + 1


def _delete_in(session: Session, table: Any, column: Any, ids: Sequence[object]) -> None:
    for start in range(0, len(ids), _CHUNK):
        session.execute(delete(table).where(column.in_(ids[start:start + _CHUNK])))


def _insert_choices(session: Session, picked: Sequence[tuple[int, frozenset[int]]]) -> None:
    rows = [(answer_id, choice_id) for answer_id, choices in picked for choice_id in choices]
    if rows:
        session.connection().exec_driver_sql(
            "INSERT INTO answer_choice (answer_id, choice_id) VALUES (?, ?)", rows)


def delete_responses(db: Database, round_id: int, person_ids: Iterable[int]) -> int:
    """Delete the responses of these people in a round (all their answers); how many."""
    ids = list(person_ids)
    with db.transaction() as session:
        found = _round_or_error(session, round_id)
        responses = list(session.scalars(select(QuestionnaireResponse).where(
            QuestionnaireResponse.round_id == found.id,
            QuestionnaireResponse.person_id.in_(ids))))
        for response in responses:
            session.delete(response)
        if responses:
            audit.record(session, "answers_delete", "round_answers", found.id,
                         f"Удалены анкеты ({len(responses)}) в опросе «{shorten(found.title)}»",
                         people=ids)
        return len(responses)


# --- reading -------------------------------------------------------------------------------


def round_answers(db: Database, round_id: int) -> dict[int, dict[int, Value]]:
    """The answers of a round: person id → question id → value (for the grid and exports)."""
    with db.reading() as session:
        _round_or_error(session, round_id)
        rows = session.execute(
            select(QuestionnaireResponse.person_id, Answer.id, Answer.question_id,
                   Answer.value_int, Answer.value_text)
            .join(Answer, Answer.response_id == QuestionnaireResponse.id)
            .where(QuestionnaireResponse.round_id == round_id,
                   QuestionnaireResponse.person_id.is_not(None))).all()
        picked = _picked_in_round(session, round_id)
    result: dict[int, dict[int, Value]] = {}
    for person_id, answer_id, question_id, number, text in rows:
        if person_id is not None:
            result.setdefault(person_id, {})[question_id] = Value(
                number, text or "", frozenset(picked.get(answer_id, ())))
    return result
