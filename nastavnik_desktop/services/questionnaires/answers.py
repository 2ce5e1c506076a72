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

from sqlalchemy import Table, delete, func, insert, select
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


def _checked(question: Question, value: Value) -> Value:
    kind = QuestionKind(question.kind)
    where = f"Вопрос «{shorten(question.text)}»"
    if kind in CHOICE_KINDS:
        allowed = {c.id for c in question.choices}
        if value.number is not None or value.text or not value.choices <= allowed:
            raise ValidationError(f"{where}: ответ — один из его вариантов.")
        if kind is QuestionKind.SINGLE and len(value.choices) != 1:
            raise ValidationError(f"{where}: можно выбрать только один вариант.")
    elif kind is QuestionKind.TEXT:
        if value.number is not None or value.choices or len(value.text) > MAX_TEXT:
            raise ValidationError(f"{where}: ответ — короткий текст до {MAX_TEXT} знаков.")
    else:
        low = 1 if kind is QuestionKind.SCALE else 0
        high = 10 if kind is QuestionKind.SCALE else 1
        if value.number is None or not low <= value.number <= high or value.text \
                or value.choices:
            expected = "число от 1 до 10" if kind is QuestionKind.SCALE else "«да» или «нет»"
            raise ValidationError(f"{where}: ответ — {expected}.")
    return value


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


def _add_new(session: Session, found: QuestionnaireRound, questions: Mapping[int, Question],
             rows: list[tuple[int, Mapping[int, Value | None]]], source: ResponseSource,
             filled_on: dt.date | None) -> int:
    """Add at once the responses of the people named once in `rows` who have none in the round
    yet (an import, a pile of blanks: most of a batch), taking them out of `rows`; how many.
    The same checks as `_save`, with three bulk inserts for the whole batch instead of several
    statements per person."""
    counted: dict[int, int] = {}
    for person_id, _values in rows:
        counted[person_id] = counted.get(person_id, 0) + 1
    once = {p for p, n in counted.items() if n == 1}
    if not once:
        return 0
    answered = set(session.scalars(select(QuestionnaireResponse.person_id).where(
        QuestionnaireResponse.round_id == found.id,
        QuestionnaireResponse.person_id.in_(once))))
    known = set(session.scalars(select(Person.id).where(Person.id.in_(once))))
    new: list[tuple[int, list[tuple[int, Value]]]] = []
    rest = []
    for person_id, values in rows:
        filled = [(q, v) for q, v in values.items() if v is not None and not v.is_empty]
        if person_id not in once or person_id in answered or person_id not in known \
                or not filled or any(q not in questions for q in values):
            rest.append((person_id, values))
            continue
        new.append((person_id, [(q, _checked(questions[q], v)) for q, v in filled]))
    if new:
        # Ids given here (the transaction holds the database's write lock), so each table is
        # one plain executemany: RETURNING in parameter order goes a row at a time in SQLite.
        first_response = _next_id(session, QuestionnaireResponse.id)
        response_ids = range(first_response, first_response + len(new))
        session.execute(insert(_table(QuestionnaireResponse)), [
            dict(id=response_id, template_id=found.template_id, programme_id=found.programme_id,
                 person_id=person_id, round_id=found.id, source=source,
                 filled_on=filled_on)
            for response_id, (person_id, _filled) in zip(response_ids, new, strict=True)])
        written = [(response_id, question_id, value)
                   for response_id, (_person, filled) in zip(response_ids, new, strict=True)
                   for question_id, value in filled]
        first_answer = _next_id(session, Answer.id)
        session.execute(insert(_table(Answer)), [
            dict(id=first_answer + n, response_id=response_id, question_id=question_id,
                 value_int=value.number, value_text=value.text)
            for n, (response_id, question_id, value) in enumerate(written)])
        picked = [dict(answer_id=first_answer + n, choice_id=choice)
                  for n, (_r, _q, value) in enumerate(written) for choice in sorted(value.choices)]
        if picked:
            session.execute(insert(_table(AnswerChoice)), picked)
    rows[:] = rest
    return len(new)


def _table(model: type[Any]) -> Table:
    """The Core table of a model (a plain executemany, no ORM bookkeeping)."""
    return cast(Table, model.__table__)


def _next_id(session: Session, column: Any) -> int:
    return int(session.scalar(select(func.max(column))) or 0) + 1


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
              source: ResponseSource, filled_on: dt.date | None = None) -> SaveSummary:
    """Save the answers of many people in one transaction — all or none (an import, a pile of
    blanks): each row is (person id, answers), as in `save_answers`. A person twice keeps the
    last row."""
    with db.transaction() as session:
        return save_many_in(session, round_id, rows, source=source, filled_on=filled_on)


def save_many_in(session: Session, round_id: int,
                 rows: Sequence[tuple[int, Mapping[int, Value | None]]], *,
                 source: ResponseSource, filled_on: dt.date | None = None) -> SaveSummary:
    """`save_many` inside the caller's transaction (the demo school is built in one)."""
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    found = _round_or_error(session, round_id)
    questions = _questions(session, found.template_id)
    rows = list(rows)
    counts["added"] = _add_new(session, found, questions, rows, source, filled_on)
    for person_id, values in rows:
        counts[_save(session, found, questions, person_id, values, source, filled_on)] += 1
    if counts["added"] or counts["replaced"]:
        audit.record(session, "answers_save_many", "round_answers", found.id,
                     f"Ответы в опросе «{shorten(found.title)}»: новых {counts['added']}, "
                     f"изменено {counts['replaced']}", source=source.value)
    return SaveSummary(**counts)


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
        picked: dict[int, set[int]] = {}
        for answer_id, choice_id in session.execute(
                select(AnswerChoice.answer_id, AnswerChoice.choice_id)
                .join(Answer, Answer.id == AnswerChoice.answer_id)
                .join(QuestionnaireResponse, QuestionnaireResponse.id == Answer.response_id)
                .where(QuestionnaireResponse.round_id == round_id)):
            picked.setdefault(answer_id, set()).add(choice_id)
    result: dict[int, dict[int, Value]] = {}
    for person_id, answer_id, question_id, number, text in rows:
        if person_id is not None:
            result.setdefault(person_id, {})[question_id] = Value(
                number, text or "", frozenset(picked.get(answer_id, ())))
    return result
