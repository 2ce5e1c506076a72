"""Answers from an online form: the xlsx / csv that Google Forms and Yandex Forms export (a
timestamp, ФИО and class as the respondent typed them, a column per question headed by its text)
or a filled xlsx template (sheet «Ответы»: «ФИО», «Класс», the questions) — loaded into a round
all or none (issue 13, point 2).

Three steps, as the wizard and the CLI show them:

- `read_answers(db, round_id, path)` reads the file once (the people-import readers: encodings,
  `,` or `;`, the file checks) and finds the header, the ФИО column(s) (one «ФИО» column or
  «Фамилия» / «Имя» / «Отчество»), the class and timestamp columns, and the question columns,
  each with the question its text names (`question_key`: case, «ё»/«е», spaces, punctuation at
  the end and a numbering prefix do not count). Every row is matched to a person by
  `respondents` (the round's expected people first, then the school's; namesakes by class;
  nobody or two people → left for the curator, never guessed).
- `plan_import(source, mapping, decisions)` reads the values of the mapped columns with
  `answers.parse_answer` (an unreadable one is an error of its row, with the row number and
  the column) and takes the curator's decisions on the rows to review (a person, or skip).
  The same person twice: the row with the later timestamp wins (the later row when the times
  are equal or missing), as a respondent who sent the form again meant. What each row will do
  is counted against the round's answers: added, replaced (the one-response rule: a person
  who answered the round gets this row's answers), unchanged.
- `commit_import(db, plan)` saves it with `answers.save_many` (source «import», the day of each
  row's timestamp or the given day): one transaction; refused while any row has an error or
  waits for review (unless told to skip those).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ResponseSource
from nastavnik_desktop.data.models import QuestionnaireRound, QuestionnaireTemplate
from nastavnik_desktop.errors import ImportFileError, ValidationError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services.importing.readers import cell_text, list_sheets, read_table
from nastavnik_desktop.services.questionnaires.answers import (
    SaveSummary,
    Value,
    parse_answer,
    round_answers,
    save_many,
)
from nastavnik_desktop.services.questionnaires.library import QuestionLine, questionnaire
from nastavnik_desktop.services.questionnaires.respondents import (
    Match,
    PersonChoice,
    respondents,
)
from nastavnik_desktop.text import alphabetical_key, count_phrase, shorten

TEMPLATE_SHEET = "Ответы"
HEADER_SEARCH_ROWS = 10
"""Rows above the header a file may have (a title over a template's table)."""
MAX_ERRORS_SHOWN = 50

_PREFIX = re.compile(r"^\s*(?:№\s*)?\d{1,3}(?:\.\d{1,2})*[.)]?\s+")
"""A numbering prefix a form puts before a question: «1. », «2) », «3.1 »."""
_TAIL = re.compile(r"[\s.,;:!?*…]+$")
_NOT_LETTERS = re.compile(r"[^\w\s-]+")

_TIME_HEADERS = frozenset({"отметка времени", "timestamp", "время создания", "время изменения",
                           "дата и время", "время", "дата", "дата заполнения",
                           "время заполнения", "дата создания", "время отправки",
                           "дата и время заполнения"})
_OWN_NAME_HEADERS = frozenset({"фио", "ваше фио", "ваши фио", "фио полностью", "фио участника",
                               "фио респондента", "фамилия имя отчество", "фамилия имя",
                               "фамилия и имя", "имя и фамилия", "имя фамилия",
                               "ваши фамилия и имя", "ваши фамилия имя отчество",
                               "ваши фамилия имя и отчество", "фамилия имя и отчество",
                               "укажите ваши фамилию и имя", "ваше имя и фамилия"})
"""Headers of the respondent's own name, preferred to any other name column."""
_FULL_NAME_HEADERS = frozenset({"фио обучающегося", "фио наставника", "фио наставляемого",
                                "фио ученика", "фио педагога"})
_LAST_HEADERS = frozenset({"фамилия", "ваша фамилия"})
_FIRST_HEADERS = frozenset({"имя", "ваше имя"})
_MIDDLE_HEADERS = frozenset({"отчество", "ваше отчество"})
_CLASS_HEADERS = frozenset({"класс", "ваш класс", "класс группа", "в каком классе вы учитесь",
                            "класс обучающегося", "класс ученика", "класс и буква",
                            "класс с буквой", "номер и буква класса"})


def question_key(text: str) -> str:
    """A header or a question's text as compared: case, «ё»/«е», Latin look-alikes, spaces,
    punctuation at the end and a numbering prefix do not count."""
    key = " ".join(alphabetical_key(str(text)).split())
    return _TAIL.sub("", _PREFIX.sub("", key))


def _header_key(text: str) -> str:
    """A header's words only: «Ф.И.О.» → «фио», «Фамилия, имя, отчество:» → «фамилия имя
    отчество»."""
    key = alphabetical_key(str(text)).replace("ф.и.о", "фио").replace("ф. и. о", "фио")
    return " ".join(_NOT_LETTERS.sub(" ", key).replace("_", " ").split())


def _is_full_name(key: str) -> bool:
    words = key.split()
    return key in _FULL_NAME_HEADERS or ("фамилия" in words and "имя" in words) or (
        "фио" in words and len(words) <= 4)


def _is_class(key: str) -> bool:
    return key in _CLASS_HEADERS or (key.startswith("класс") and len(key.split()) <= 3)


def _timestamp(value: Any) -> dt.datetime | None:
    """When a form was sent: a date cell, or «02.10.2025 10:15:22», «2025-10-02 10:15»,
    «2025/10/02 10:15:22 AM GMT+3»."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = cell_text(value)
    found = re.match(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if found:
        day, month, year = (int(g) for g in found.groups())
    else:
        found = re.match(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
        if not found:
            return None
        year, month, day = (int(g) for g in found.groups())
    clock = re.search(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?", text[found.end():])
    hour = minute = second = 0
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        second = int(clock.group(3) or 0)
        if clock.group(4):
            hour = hour % 12 + (12 if clock.group(4).lower() == "pm" else 0)
    try:
        return dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


# --- what was read --------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceColumn:
    """A column of the file that can hold answers: its number (0-based), its header and the
    question its text names (None when none does: the curator maps it or leaves it out)."""

    index: int
    header: str
    question_id: int | None


@dataclass(frozen=True)
class SourceRow:
    number: int
    """The row's number in the file (as the spreadsheet shows it)."""
    name: str
    class_name: str
    sent_at: dt.datetime | None
    cells: tuple[Any, ...]
    match: Match


@dataclass(frozen=True)
class AnswersSource:
    """An answers file read and matched: what the wizard's pages show and `plan_import` uses."""

    file_name: str
    sheet: str
    round_id: int
    round_title: str
    questions: tuple[QuestionLine, ...]
    columns: tuple[SourceColumn, ...]
    rows: tuple[SourceRow, ...]
    people: tuple[PersonChoice, ...]
    """Everyone a row can be given to: the round's expected people first, then the school's."""
    existing: Mapping[int, Mapping[int, Value]] = field(repr=False)
    """The round's answers before the import: person → question → value."""

    @property
    def auto_mapping(self) -> dict[int, int | None]:
        """Column index → question id as the headers name them."""
        return {c.index: c.question_id for c in self.columns}

    @property
    def to_review(self) -> tuple[SourceRow, ...]:
        return tuple(r for r in self.rows if r.match.person_id is None)


@dataclass(frozen=True)
class _Header:
    row: int
    names: tuple[int, ...]
    """The ФИО column, or the «Фамилия», «Имя», «Отчество» columns (in that order)."""
    class_column: int | None
    time_column: int | None
    others: tuple[tuple[int, str], ...]


def _find_header(rows: Sequence[tuple[Any, ...]]) -> _Header | None:
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        keys = [_header_key(cell_text(c)) for c in row]
        own = next((i for i, k in enumerate(keys) if k in _OWN_NAME_HEADERS), None)
        last = next((i for i, k in enumerate(keys) if k in _LAST_HEADERS), None)
        other = next((i for i, k in enumerate(keys) if _is_full_name(k)), None)
        names: tuple[int, ...]
        if own is not None:  # «ФИО» before «ФИО вашего наставника», asked in the same form
            names = (own,)
        elif last is not None:
            first = next((i for i, k in enumerate(keys) if k in _FIRST_HEADERS), None)
            middle = next((i for i, k in enumerate(keys) if k in _MIDDLE_HEADERS), None)
            names = tuple(i for i in (last, first, middle) if i is not None)
        elif other is not None:
            names = (other,)
        else:
            continue
        klass = next((i for i, k in enumerate(keys) if _is_class(k)), None)
        time = next((i for i, k in enumerate(keys) if k in _TIME_HEADERS), None)
        taken = {*names, klass, time}
        others = tuple((i, cell_text(c)) for i, c in enumerate(row)
                       if i not in taken and cell_text(c))
        return _Header(number, names, klass, time, others)
    return None


def _read_table(path: Path, progress: ProgressCallback | None) -> tuple[str, str, Any, _Header]:
    """The sheet with the answers: «Ответы» (the template), else the first with an ФИО
    column."""
    path = Path(path)
    sheets = list_sheets(path)
    ordered = sorted(sheets, key=lambda s: _header_key(s) != _header_key(TEMPLATE_SHEET))
    first = None
    for sheet in ordered:
        table = read_table(path, sheet, progress=progress)
        first = first or table
        header = _find_header(table.rows)
        if header is not None:
            return table.file_name, table.sheet, table.rows, header
    if first is None or not any(first.rows):
        raise ImportFileError(f"Файл «{path.name}» пустой: в нём нет ни одной строки. "
                              "Выгрузите ответы из формы ещё раз.")
    raise ImportFileError(
        f"В файле «{path.name}» не найден столбец с ФИО («ФИО», «Фамилия, имя, отчество» или "
        "«Фамилия» и «Имя»): по нему ответы связываются с участниками. Добавьте в форму "
        "вопрос о ФИО или подпишите столбец и повторите.")


def _suggest(columns: Sequence[tuple[int, str]],
             questions: Sequence[QuestionLine]) -> list[SourceColumn]:
    """Each column with the question its header names: the same text first, then a header
    that starts with the question's text or is its start (a form that cut or added a note);
    a question taken once."""
    by_key: dict[str, int] = {}
    for line in questions:
        by_key.setdefault(question_key(line.text), line.id or 0)
    taken: set[int] = set()
    result = []
    for index, header in columns:
        key = question_key(header)
        found = by_key.get(key)
        if found is None and len(key) >= 12:
            near = {q for k, q in by_key.items()
                    if len(k) >= 12 and (key.startswith(k) or k.startswith(key))}
            found = near.pop() if len(near) == 1 else None
        if found in taken:
            found = None
        if found is not None:
            taken.add(found)
        result.append(SourceColumn(index, header, found))
    return result


def read_answers(db: Database, round_id: int, path: Path, *,
                 progress: ProgressCallback | None = None) -> AnswersSource:
    """Read an answers file for a round and match its rows to people (nothing saved).
    `ImportFileError` for a file that is not a table, is empty or has no ФИО column."""
    file_name, sheet, rows, header = _read_table(path, progress)
    people = respondents(db, round_id)
    info = questionnaire(db, people.template_id)
    read_rows = []
    for number, row in enumerate(rows[header.row:], start=header.row + 1):
        if not any(cell_text(c) for c in row):
            continue

        def cell(index: int | None, row: tuple[Any, ...] = row) -> Any:
            return row[index] if index is not None and index < len(row) else None

        name = " ".join(cell_text(cell(i)) for i in header.names).strip()
        klass = cell_text(cell(header.class_column))
        read_rows.append(SourceRow(number, name, klass, _timestamp(cell(header.time_column)),
                                   row, people.match(name, klass)))
    if not read_rows:
        raise ImportFileError(f"В файле «{file_name}» под заголовками нет ни одной анкеты. "
                              "Выгрузите ответы из формы ещё раз.")
    return AnswersSource(file_name, sheet, round_id, people.round_title, info.questions,
                         tuple(_suggest(header.others, info.questions)), tuple(read_rows),
                         people.choices, round_answers(db, round_id))


# --- the plan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    number: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Строка {self.number}, столбец «{shorten(self.column, 40)}»: {self.message}"


@dataclass(frozen=True)
class Entry:
    """A row to save: whose, its answers (every mapped question; a blank cell clears the
    person's old answer to it), the day and what it will do."""

    number: int
    person_id: int
    values: Mapping[int, Value | None]
    filled_on: dt.date
    outcome: str
    """"added", "replaced" or "unchanged"."""


@dataclass(frozen=True)
class ImportPlan:
    round_id: int
    entries: tuple[Entry, ...]
    errors: tuple[RowError, ...]
    review: tuple[SourceRow, ...]
    """Rows that match nobody or two people and have no decision yet."""
    skipped: tuple[int, ...]
    """Rows the curator skipped (row numbers)."""
    superseded: tuple[tuple[int, int], ...]
    """(row dropped, row kept) for a person who answered twice: the later one is kept."""

    def count(self, outcome: str) -> int:
        return sum(1 for e in self.entries if e.outcome == outcome)

    @property
    def summary(self) -> str:
        """«Будет добавлено: 12, заменено: 3, без изменений: 0, пропущено: 1.»"""
        text = (f"Будет добавлено анкет: {self.count('added')}, заменено: "
                f"{self.count('replaced')}, без изменений: {self.count('unchanged')}, "
                f"пропущено строк: {len(self.skipped) + len(self.review)}.")
        if self.superseded:
            text += (f" Повторные ответы одного человека: {len(self.superseded)} — "
                     "загружается поздний по отметке времени.")
        return text


def plan_import(source: AnswersSource, mapping: Mapping[int, int | None],
                decisions: Mapping[int, int | None] | None = None, *,
                today: dt.date) -> ImportPlan:
    """What saving `source` with this column → question `mapping` and these `decisions` (row
    number → the person the curator picked, or None to skip the row) will do. Raises
    `ValidationError` when no column is mapped to a question."""
    questions = {q.id: q for q in source.questions if q.id is not None}
    mapped = [(i, questions[q]) for i, q in mapping.items() if q is not None and q in questions]
    if not mapped:
        raise ValidationError(
            f"Ни один столбец файла «{source.file_name}» не сопоставлен с вопросом анкеты "
            f"опроса «{shorten(source.round_title)}»: заголовки столбцов должны совпадать с "
            "текстами вопросов. Проверьте, что выбран нужный опрос, или укажите вопросы "
            "столбцов вручную.")
    headers = {c.index: c.header for c in source.columns}
    decisions = decisions or {}
    errors: list[RowError] = []
    review: list[SourceRow] = []
    skipped: list[int] = []
    chosen: dict[int, tuple[tuple[dt.datetime, int], SourceRow, dict[int, Value | None]]] = {}
    superseded: list[tuple[int, int]] = []
    read_before: dict[tuple[int, str], Value | str | None] = {}
    for row in source.rows:
        values: dict[int, Value | None] = {}
        errors_before = len(errors)
        for index, question in mapped:
            raw = row.cells[index] if index < len(row.cells) else None
            read = _read_value(read_before, question, cell_text(raw))
            if isinstance(read, str):
                errors.append(RowError(row.number, headers.get(index, ""), read))
                continue
            values[question.id or 0] = read
        if len(errors) > errors_before:
            continue  # a row with an error is shown, never half-saved (nor counted)
        if all(value is None for value in values.values()):
            continue  # no answer in the row (a template's name left blank): it changes nothing
        person_id = row.match.person_id
        if row.number in decisions:
            person_id = decisions[row.number]
            if person_id is None:
                skipped.append(row.number)
                continue
        elif person_id is None:
            review.append(row)
            continue
        order = (row.sent_at or dt.datetime.min, row.number)
        earlier = chosen.get(person_id)
        if earlier is not None:
            if earlier[0] > order:
                superseded.append((row.number, earlier[1].number))
                continue
            superseded.append((earlier[1].number, row.number))
        chosen[person_id] = (order, row, values)
    entries = []
    for person_id, (_order, row, values) in sorted(chosen.items(),
                                                   key=lambda item: item[1][1].number):
        day = row.sent_at.date() if row.sent_at is not None else today
        entries.append(Entry(row.number, person_id, values, min(day, today),
                             _outcome(source.existing.get(person_id), values)))
    return ImportPlan(source.round_id, tuple(entries), tuple(errors), tuple(review),
                      tuple(skipped), tuple(superseded))


def _read_value(read_before: dict[tuple[int, str], Value | str | None], question: QuestionLine,
                text: str) -> Value | str | None:
    """`parse_answer` of a cell (None for a blank, the refusal's text for an unreadable
    value), once for each text of a question: thousands of forms repeat «8», «Да»."""
    key = (question.id or 0, text)
    if key not in read_before:
        try:
            value = parse_answer(question, text)
            read_before[key] = None if value.is_empty else value
        except ValidationError as exc:
            read_before[key] = exc.message
    return read_before[key]


def _outcome(before: Mapping[int, Value] | None, values: Mapping[int, Value | None]) -> str:
    if before is None:
        return "added" if any(v is not None for v in values.values()) else "unchanged"
    after = dict(before)
    for question_id, value in values.items():
        if value is None:
            after.pop(question_id, None)
        else:
            after[question_id] = value
    return "unchanged" if after == before else "replaced"


def errors_text(plan: ImportPlan) -> str:
    """The rows with errors, one a line (the first `MAX_ERRORS_SHOWN`)."""
    lines = [str(e) for e in plan.errors[:MAX_ERRORS_SHOWN]]
    if len(plan.errors) > MAX_ERRORS_SHOWN:
        lines.append(f"… и ещё {len(plan.errors) - MAX_ERRORS_SHOWN}")
    return "\n".join(lines)


def commit_import(db: Database, plan: ImportPlan, *, skip_review: bool = False) -> SaveSummary:
    """Save the plan: all rows or none. Refused while a row has an error, or a row waits for
    review (unless `skip_review`: those rows are left out)."""
    if plan.errors:
        raise ValidationError(
            f"В файле ошибки ({count_phrase(len(plan.errors), 'строка', 'строки', 'строк')}"
            f"), ничего не загружено. Исправьте их и повторите:\n{errors_text(plan)}")
    if plan.review and not skip_review:
        numbers = ", ".join(str(r.number) for r in plan.review[:30])
        raise ValidationError(
            f"Не определено, чьи анкеты в строках {numbers}: ничего не загружено. Укажите "
            "человека для каждой из них или пропустите их.")
    if not plan.entries:
        raise ValidationError("В файле не осталось анкет для загрузки: все строки пропущены.")
    return save_many(db, plan.round_id, [(e.person_id, e.values) for e in plan.entries],
                     source=ResponseSource.IMPORT,
                     filled_by_person={e.person_id: e.filled_on for e in plan.entries})


def round_to_import(db: Database, programme_id: int, questionnaire_id: int,
                    round_id: int | None = None) -> int:
    """The round an import of this questionnaire's answers goes to: `round_id` when it is a
    round of this questionnaire in the programme, else the programme's latest round of it."""
    with db.reading() as session:
        rounds = list(session.scalars(
            select(QuestionnaireRound.id)
            .where(QuestionnaireRound.programme_id == programme_id,
                   QuestionnaireRound.template_id == questionnaire_id)
            .order_by(QuestionnaireRound.opens_on.desc(), QuestionnaireRound.id.desc())))
        title = session.scalar(select(QuestionnaireTemplate.title)
                               .where(QuestionnaireTemplate.id == questionnaire_id))
    if title is None:
        raise ValidationError(f"Анкеты с номером {questionnaire_id} нет. Номера анкет видны "
                              "в разделе «Анкеты и мониторинг».")
    if round_id is not None:
        if round_id not in rounds:
            raise ValidationError(f"Опрос {round_id} — не опрос по анкете «{shorten(title)}» "
                                  "текущей программы. Укажите другой опрос или не указывайте "
                                  "его: будет взят последний.")
        return round_id
    if not rounds:
        raise ValidationError(f"По анкете «{shorten(title)}» в текущей программе не назначено "
                              "ни одного опроса. Назначьте опрос в разделе «Анкеты и "
                              "мониторинг», затем загрузите ответы.")
    return rounds[0]


def review_text(source: AnswersSource, row: SourceRow) -> str:
    """«Строка 7: «Петрова Мария» (5А) — несколько человек с таким ФИО: Петрова Мария, 5А; …»."""
    people = {p.id: p for p in source.people if p.id in row.match.candidates}
    named = "; ".join(people[i].label for i in row.match.candidates if i in people)
    who = f"«{shorten(row.name, 60)}»" if row.name else "ФИО не указано"
    klass = f" ({shorten(row.class_name, 10)})" if row.class_name else ""
    return (f"Строка {row.number}: {who}{klass} — {row.match.reason}"
            + (f": {named}" if named else ""))


def plan_lines(source: AnswersSource, plan: ImportPlan) -> list[str]:
    """The plan in words, for the command line: columns left out, errors, rows to review,
    repeated answers and the summary."""
    lines = [f"Опрос «{shorten(source.round_title)}», файл «{source.file_name}»: строк с "
             f"ответами {len(source.rows)}."]
    unmapped = [c.header for c in source.columns if c.question_id is None]
    if unmapped:
        lines.append("Столбцы, не найденные среди вопросов анкеты (не загружаются): "
                     + ", ".join(f"«{shorten(h, 40)}»" for h in unmapped) + ".")
    if plan.errors:
        lines.append(f"Ошибки в значениях ({len(plan.errors)}):")
        lines.extend(f"  {line}" for line in errors_text(plan).splitlines())
    if plan.review:
        lines.append(f"Не определено, чьи анкеты ({len(plan.review)}):")
        lines.extend(f"  {review_text(source, row)}" for row in plan.review)
    for dropped, kept in plan.superseded:
        lines.append(f"Строка {dropped} не загружается: тот же человек ответил в строке "
                     f"{kept} позже.")
    lines.append(plan.summary)
    return lines
