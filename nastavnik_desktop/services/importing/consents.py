"""Consents from a class teacher's list: who of the people on a wizard's page has given (or
whose parent has given) the personal-data consent, read from a spreadsheet.

The list has the people's ФИО (one column or split), maybe the class and the birth date to tell
namesakes apart, maybe the parent's ФИО and a mark («да», «+», a date; «нет» or empty for not
given — without a mark column everyone listed has given it). Nothing is written here: the
wizard shows «найдено N, не найдено M» and applies the consents to its rows, saved at «Готово»
with the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from nastavnik_desktop.data.enums import ConsentGiver
from nastavnik_desktop.errors import ImportFileError
from nastavnik_desktop.services.importing.mapping import (
    Field,
    classify_header,
    find_mapping,
    normalise_header,
)
from nastavnik_desktop.services.importing.readers import Row, cell_text, read_table
from nastavnik_desktop.services.importing.values import parse_class, parse_date
from nastavnik_desktop.services.people.consent import ConsentInfo
from nastavnik_desktop.text import alphabetical_key

_MARK_HEADER = re.compile(r"(соглас|\bопд\b|\bпдн\b)")
_YES = {"да", "+", "есть", "получено", "получен", "дано", "дал", "дала", "1", "v", "✓", "✔"}
_NO = {"нет", "-", "–", "—", "0", "не дано", "отказ"}


class Candidate(Protocol):
    """A person on the wizard's page (`stages.choices.PersonChoice` is one)."""

    @property
    def id(self) -> int: ...
    @property
    def last_name(self) -> str: ...
    @property
    def first_name(self) -> str: ...
    @property
    def middle_name(self) -> str: ...
    @property
    def class_name(self) -> str: ...
    @property
    def birth_date(self) -> dt.date | None: ...


@dataclass(frozen=True)
class ConsentFound:
    """A person of the page whose consent the list marks: `given_on` None when the mark has
    no date (the wizard's date is taken); `parent_name` as the list names the parent."""

    person_id: int
    given_on: dt.date | None = None
    parent_name: str = ""


@dataclass(frozen=True)
class ConsentList:
    found: tuple[ConsentFound, ...]
    not_found: tuple[str, ...]
    """«строка 7: Иванов Иван» — names not on the page, or matching several people."""
    not_given: int = 0
    """Rows marked «нет» (or left empty in the mark column)."""


@dataclass(frozen=True)
class _Columns:
    header_row: int
    full_name: int | None
    last_name: int | None
    first_name: int | None
    middle_name: int | None
    class_name: int | None
    birth_date: int | None
    parent_name: int | None
    mark: int | None


def listed_consent(found: ConsentFound, *, minor: bool, default_date: dt.date) -> ConsentInfo:
    """The consent a list's row records: a minor's from his parent (named as the list names
    him, else the parent on record at the save), an adult's his own; the date of the mark, else
    `default_date`."""
    giver = ConsentGiver.PARENT if minor else ConsentGiver.SELF
    return ConsentInfo(found.given_on or default_date, giver,
                       found.parent_name if minor else "")


def summary(result: ConsentList) -> str:
    """«Найдено в списке и отмечено: 24. Не найдено (2): …» for the curator."""
    lines = [f"Согласия из списка внесены: {len(result.found)}."]
    if result.not_found:
        shown = "; ".join(result.not_found[:_LISTED])
        rest = len(result.not_found) - _LISTED
        lines.append(f"Не найдены среди людей на странице ({len(result.not_found)}): {shown}"
                     + (f" и ещё {rest}" if rest > 0 else "") + ".")
    if result.not_given:
        lines.append(f"Без согласия по списку: {result.not_given}.")
    return "\n".join(lines)


_LISTED = 10


def read_consent_list(path: Path, people: Sequence[Candidate], today: dt.date,
                      sheet: str | None = None) -> ConsentList:
    """Match the list in `path` to `people`; ImportFileError when it names nobody."""
    table = read_table(Path(path), sheet)
    columns = _find_columns(table.rows, table.file_name)
    return match_consents(table.rows, columns, people, today)


def _find_columns(rows: Sequence[Row], file_name: str) -> _Columns:
    mapping = find_mapping(rows)
    if mapping is None:
        raise ImportFileError(f"В файле «{file_name}» не найдена строка заголовков со столбцом "
                              "«ФИО» (или «Фамилия» и «Имя»).")
    fields: dict[Field, int] = {}
    mark = None
    for index, value in enumerate(rows[mapping.header_row - 1]):
        header = cell_text(value)
        if mark is None and _MARK_HEADER.search(normalise_header(header)):
            mark = index
            continue
        field, _forbidden = classify_header(header)
        if field is not None:
            fields.setdefault(field, index)
    return _Columns(mapping.header_row, fields.get(Field.FULL_NAME),
                    fields.get(Field.LAST_NAME), fields.get(Field.FIRST_NAME),
                    fields.get(Field.MIDDLE_NAME), fields.get(Field.CLASS),
                    fields.get(Field.BIRTH_DATE), fields.get(Field.PARENT_NAME), mark)


def match_consents(rows: Sequence[Row], columns: _Columns, people: Sequence[Candidate],
                   today: dt.date) -> ConsentList:
    by_name: dict[tuple[str, ...], list[Candidate]] = {}
    for person in people:
        for key in _keys(person.last_name, person.first_name, person.middle_name):
            by_name.setdefault(key, []).append(person)
    found: dict[int, ConsentFound] = {}
    not_found: list[str] = []
    not_given = 0
    for number, row in enumerate(rows[columns.header_row:], start=columns.header_row + 1):
        name = _name(row, columns)
        if not any(name):
            continue
        given, given_on = _mark(_cell(row, columns.mark), columns.mark is not None, today)
        if not given:
            not_given += 1
            continue
        match = _the_one(_named(by_name, name), row, columns, today)
        if match is None:
            not_found.append(f"строка {number}: {' '.join(p for p in name if p)}")
            continue
        found[match.id] = ConsentFound(match.id, given_on,
                                        " ".join(cell_text(_cell(row, columns.parent_name))
                                                 .split()))
    return ConsentList(tuple(found.values()), tuple(not_found), not_given)


def _cell(row: Row, index: int | None) -> Any:
    return row[index] if index is not None and index < len(row) else None


def _name(row: Row, columns: _Columns) -> tuple[str, str, str]:
    if columns.full_name is not None:
        words = cell_text(_cell(row, columns.full_name)).split()
        return (words[0] if words else "", words[1] if len(words) > 1 else "",
                " ".join(words[2:]))
    return (cell_text(_cell(row, columns.last_name)), cell_text(_cell(row, columns.first_name)),
            cell_text(_cell(row, columns.middle_name)))


def _keys(last: str, first: str, middle: str) -> tuple[tuple[str, ...], ...]:
    """The full name, and the name without the patronymic (lists often leave it out)."""
    words = tuple(alphabetical_key(w) for w in (last, first, middle))
    return (words, (*words[:2], "")) if words[2] else (words,)


def _named(by_name: dict[tuple[str, ...], list[Candidate]],
           name: tuple[str, str, str]) -> list[Candidate]:
    """The people of this name; a patronymic in the list but not in the base still matches."""
    keys = _keys(*name)
    named = by_name.get(keys[0], [])
    if not named and len(keys) > 1:
        named = [p for p in by_name.get(keys[1], []) if not p.middle_name]
    return named


def _the_one(named: list[Candidate], row: Row, columns: _Columns,
             today: dt.date) -> Candidate | None:
    """The person the row means: the one of that name, or the one of them in the row's class
    or with its birth date; None when nobody or several remain."""
    if len(named) > 1 and columns.class_name is not None:
        class_name = _quietly(lambda: parse_class(_cell(row, columns.class_name)))
        if class_name:
            named = [p for p in named if p.class_name == class_name]
    if len(named) > 1 and columns.birth_date is not None:
        born = _quietly(lambda: parse_date(_cell(row, columns.birth_date), today))
        if born:
            named = [p for p in named if p.birth_date == born]
    return named[0] if len(named) == 1 else None


def _mark(value: Any, has_column: bool, today: dt.date) -> tuple[bool, dt.date | None]:
    """(given, the date if the mark is one)."""
    if not has_column:
        return True, None
    text = cell_text(value).lower().strip(" .")
    if not text or text in _NO:
        return False, None
    if text in _YES:
        return True, None
    day = _quietly(lambda: parse_date(value, today))
    return (True, day) if day is not None and day <= today else (True, None)


def _quietly(read: Any) -> Any:
    try:
        return read()
    except ValueError:
        return None
