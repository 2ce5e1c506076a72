"""Finding the header row of a school list and what each column means.

Lists come with a title, a date and a blank line above the header, in any column order, with
headers worded as each school likes. Columns holding data the curator must not collect
(СНИЛС, паспорт, адрес, здоровье, …) are never mapped, whatever else is in the file: they are
reported as ignored and their values are never read.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from nastavnik_desktop.services.importing.readers import Row, cell_text
from nastavnik_desktop.services.people.persons import strip_invisible
from nastavnik_desktop.text import shorten

HEADER_SEARCH_ROWS = 30


class Field(enum.Enum):
    __hash__ = object.__hash__  # members are singletons (Enum's own hashes the name in Python)

    FULL_NAME = "ФИО"
    LAST_NAME = "Фамилия"
    FIRST_NAME = "Имя"
    MIDDLE_NAME = "Отчество"
    CLASS = "Класс"
    BIRTH_DATE = "Дата рождения"
    SEX = "Пол"
    CATEGORY = "Категория"
    POSITION = "Должность"
    SUBJECT = "Предмет"
    EXPERIENCE = "Стаж"
    ORGANISATION = "Место работы / учёбы"
    PHONE = "Телефон"
    EMAIL = "Электронная почта"
    PARENT_NAME = "ФИО родителя"
    PARENT_PHONE = "Телефон родителя"
    REQUESTS = "Запросы"
    COMPETENCIES = "Компетенции"
    ACHIEVEMENTS = "Достижения"
    INTERESTS = "Интересы"
    TIME_RESOURCE = "Ресурс времени"


NAME_FIELDS = {Field.FULL_NAME, Field.LAST_NAME}

# Checked in order: the first pattern that matches a header decides. Parents' columns come
# before the person's own, e-mail before the forbidden «адрес».
_FIELD_PATTERNS: tuple[tuple[Field, str], ...] = (
    (Field.PARENT_PHONE, r"(телефон|тел|контакт).*(родител|законн|представител|мам|пап)"),
    (Field.PARENT_NAME, r"(родител|законн.*представител|мать|отец|опекун)"),
    (Field.EMAIL, r"(e ?mail|емейл|имейл|эл(ектронн(ая|ой)?)? ?почт|^почта$)"),
    (Field.FULL_NAME, r"^(фио|фамилия (и )?имя( (и )?отчество)?)"
                      r"( (полностью|обучающ\w*|учащ\w*|ученик\w*|ученица|реб[её]нка|дет\w*|"
                      r"воспитанник\w*|студент\w*|педагог\w*|учител\w*|сотрудник\w*|"
                      r"работник\w*|наставник\w*|наставляем\w*|участник\w*))?$"),
    (Field.LAST_NAME, r"^фамилия"),
    (Field.MIDDLE_NAME, r"^отчество"),
    (Field.FIRST_NAME, r"^имя"),
    (Field.BIRTH_DATE, r"(дата рожд|^др$|^родил|^число месяц год рожд)"),
    (Field.CLASS, r"^(класс|кл|класс буква|класс литера|группа класс|класс группа)$|^класс "),
    (Field.SEX, r"^(пол|пол мж)$"),
    (Field.SUBJECT, r"(предмет|дисциплин)"),
    (Field.POSITION, r"(должност|занимаемая)"),
    (Field.EXPERIENCE, r"(стаж|опыт работы)"),
    (Field.ORGANISATION, r"(место работы|место учебы|организаци|предприяти|учебное заведение|вуз)"),
    (Field.PHONE, r"(телефон|^тел$|^моб|^контакт)"),
    (Field.CATEGORY, r"(категори|^роль$|^статус участника$)"),
    (Field.REQUESTS, r"(запрос|потребност|проблем)"),
    (Field.COMPETENCIES, r"(компетенц|сильные стороны|навыки)"),
    (Field.ACHIEVEMENTS, r"(достижени|награды)"),
    (Field.INTERESTS, r"(интерес|увлечени|хобби)"),
    (Field.TIME_RESOURCE, r"(ресурс времени|часов в месяц|время на наставничество)"),
)

_FORBIDDEN_PATTERNS: tuple[tuple[str, str], ...] = (
    ("СНИЛС", r"снилс|страхов.*свидетельств"),
    ("паспортные данные", r"паспорт"),
    ("свидетельство о рождении", r"свидетельств.*рожд"),
    ("ИНН", r"\bинн\b"),
    ("полис ОМС", r"полис|\bомс\b"),
    ("адрес", r"адрес|место жительства|проживани|прописк|регистраци"),
    ("сведения о здоровье", r"здоров|диагноз|инвалид|\bовз\b|медицин|заболеван|болезн|"
                            r"аллерг|\bпмпк\b"),
    ("национальность", r"национальн|гражданств"),
    ("вероисповедание", r"вероисповед|религи"),
    ("сведения об учёте и судимости", r"судим|на учете|\bпдн\b|\bкдн\b|\bвшу\b"),
    ("доход и социальное положение", r"доход|малоимущ|социальн.*(статус|положени)|"
                                     r"многодет|неблагополуч"),
)

_COMPILED = tuple((f, re.compile(p)) for f, p in _FIELD_PATTERNS)
_COMPILED_FORBIDDEN = tuple((label, re.compile(p)) for label, p in _FORBIDDEN_PATTERNS)


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: Field | None = None
    forbidden: str = ""


@dataclass(frozen=True)
class ColumnChoice:
    """The curator's choice for the column at `index` headed `header`: `field`, or None for a
    column not to load."""

    index: int
    header: str
    field: Field | None


@dataclass(frozen=True)
class Mapping:
    """Where the header is and which column feeds which field (0-based column indexes)."""

    header_row: int
    columns: tuple[Column, ...]

    @property
    def fields(self) -> dict[Field, int]:
        return {c.field: c.index for c in self.columns if c.field is not None}

    @property
    def forbidden(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.forbidden)

    @property
    def unused(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.field is None and not c.forbidden)

    @property
    def has_name(self) -> bool:
        """Whether the people can be named: a «ФИО» column, or «Фамилия» and «Имя»."""
        fields = self.fields.keys()
        return Field.FULL_NAME in fields or {Field.LAST_NAME, Field.FIRST_NAME} <= fields

    def with_fields(self, choices: Iterable[ColumnChoice]) -> Mapping:
        """The mapping with the curator's corrections of some columns.

        A choice applies to the column with its index and header (a file edited between two
        checks leaves stale choices unapplied). A field chosen for a column is taken away from
        the column that had it (one column per field, the leftmost chosen wins). Forbidden
        columns stay unread whatever is chosen.
        """
        by_index = {c.index: c for c in self.columns if not c.forbidden}
        wanted = {choice.index: choice.field for choice in choices
                  if choice.index in by_index and by_index[choice.index].header == choice.header}
        taken: set[Field] = set()
        columns: list[Column] = []
        for column in self.columns:
            field = column.field
            if column.index in wanted:
                field = wanted[column.index]
            elif field in wanted.values():
                field = None
            if field in taken:
                field = None
            if field is not None:
                taken.add(field)
            columns.append(replace(column, field=field))
        return Mapping(self.header_row, tuple(columns))


def normalise_header(text: str) -> str:
    """A header as the patterns see it: small letters, «ё» as «е», words without punctuation,
    and an abbreviation by single letters written as one word («Ф.И.О.», «Д/р» → «фио», «др»)."""
    text = strip_invisible(text).lower().replace("ё", "е")
    text = re.sub(r"[^\w]+", " ", text)
    return _INITIALS.sub(lambda m: m.group().replace(" ", ""), " ".join(text.split()))


_INITIALS = re.compile(r"(?<!\w)[^\W\d_](?: [^\W\d_])+(?!\w)")


def classify_header(text: str) -> tuple[Field | None, str]:
    """(field, "") for a known header, (None, what) for a forbidden one, (None, "") otherwise."""
    header = normalise_header(text)
    if not header:
        return None, ""
    for field, pattern in _COMPILED:
        if field is Field.EMAIL and pattern.search(header):
            return field, ""
    for label, pattern in _COMPILED_FORBIDDEN:
        if pattern.search(header):
            return None, label
    for field, pattern in _COMPILED:
        if pattern.search(header):
            return field, ""
    return None, ""


def find_mapping(rows: Sequence[Row]) -> Mapping | None:
    """The first row, among the first few, that names the people (with the row below it when
    that row holds sub-headers: see `_two_level`)."""
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        mapping = Mapping(number, _columns(cell_text(value) for value in row))
        if mapping.has_name:
            below = rows[number] if number < len(rows) else ()
            mapping = _two_level(mapping, row, below) or mapping
            after = mapping.header_row
            if after < len(rows) and _column_numbers(rows[after]):
                mapping = Mapping(after + 1, mapping.columns)
            return mapping
    return None


def _column_numbers(row: Row) -> bool:
    """Whether `row` only numbers the columns («1 | 2 | 3 …» under the header of an official
    form): it is part of the header, not a person."""
    texts = [cell_text(value) for value in row]
    filled = [text for text in texts if text]
    return len(filled) >= 3 and filled == [str(n) for n in range(1, len(filled) + 1)]


def _two_level(mapping: Mapping, top: Row, below: Row) -> Mapping | None:
    """A header of two rows, or None: «Фамилия, имя, отчество» merged down over both rows and
    «Сведения об обучающемся» merged across over «Дата рождения | Класс | Пол».

    The row below is the header's second level when it has no names under the name columns
    (blank, the same text — the reader fills a cell merged down — or the parts of the name:
    «ФИО» over «Фамилия | Имя | Отчество») and more of its own headers are recognised than
    not. An upper cell left blank belongs to the group on its left (a cell merged across keeps
    its text in its first column only). Each column is then headed by its lower cell under its
    group («Сведения об обучающемся / Класс»), or by the upper one where the lower repeats it
    or is blank; a column under a forbidden group stays unread whatever its own header says.
    """
    uppers = [cell_text(value) for value in top]
    lowers = [cell_text(value) for value in below]
    width = max(len(uppers), len(lowers))
    uppers += [""] * (width - len(uppers))
    lowers += [""] * (width - len(lowers))
    for i in range(1, width):
        if not uppers[i] and lowers[i]:
            uppers[i] = uppers[i - 1]
    own = [(i, lower) for i, lower in enumerate(lowers) if lower and lower != uppers[i]]
    if not own or any(lowers[c.index] and lowers[c.index] != c.header
                      and classify_header(lowers[c.index])[0] not in _NAMING
                      for c in mapping.columns if c.field in _NAMING):
        return None
    known = sum(1 for i, lower in own
                if classify_header(lower) != (None, "") or classify_header(uppers[i])[1])
    if known * 2 <= len(own):
        return None
    headers = []
    for upper, lower in zip(uppers, lowers, strict=True):
        if not lower or lower == upper:
            headers.append(upper)
        elif not upper:
            headers.append(lower)
        else:
            headers.append(f"{upper} / {lower}")
    columns = _columns(headers, lowers)
    return Mapping(mapping.header_row + 1, columns)


_NAMING = {Field.FULL_NAME, Field.LAST_NAME, Field.FIRST_NAME, Field.MIDDLE_NAME}


def _columns(headers: Iterable[str], lowers: Sequence[str] = ()) -> tuple[Column, ...]:
    """The columns under `headers`; with a two-level header, `lowers` are the sub-headers that
    decide the field (an upper group header can only forbid)."""
    columns: list[Column] = []
    taken: set[Field] = set()
    for index, header in enumerate(headers):
        if not header:
            continue
        field, forbidden = classify_header(header)
        lower = lowers[index] if index < len(lowers) else ""
        if lower and lower != header:
            lower_field, lower_forbidden = classify_header(lower)
            upper_forbidden = classify_header(header.removesuffix(f" / {lower}"))[1]
            forbidden = upper_forbidden or lower_forbidden
            field = None if forbidden else lower_field
        if field in taken:
            field = None  # a second «Телефон» column: keep the first
        if field is not None:
            taken.add(field)
        columns.append(Column(index, shorten(header), field, forbidden))
    return tuple(columns)
