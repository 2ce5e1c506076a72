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

HEADER_SEARCH_ROWS = 30


class Field(enum.Enum):
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
    (Field.FULL_NAME, r"^(фио|ф и о|фамилия,? имя,? отчество|фамилия имя( отчество)?|"
                      r"фио (обучающегося|учащегося|ученика|педагога|учителя|сотрудника|"
                      r"наставника|наставляемого|участника))$"),
    (Field.LAST_NAME, r"^фамилия"),
    (Field.MIDDLE_NAME, r"^отчество"),
    (Field.FIRST_NAME, r"^имя"),
    (Field.BIRTH_DATE, r"(дата рождения|^д р$|^др$|^родил)"),
    (Field.CLASS, r"^(класс|класс буква|группа класс)$|^класс "),
    (Field.SEX, r"^(пол|пол м ж)$"),
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
    text = text.lower().replace("ё", "е")
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


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
    """The first row, among the first few, that names the people and one more column."""
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        mapping = Mapping(number, _columns(row))
        if mapping.has_name:
            return mapping
    return None


def _columns(row: Row) -> tuple[Column, ...]:
    columns: list[Column] = []
    taken: set[Field] = set()
    for index, value in enumerate(row):
        header = cell_text(value)
        if not header:
            continue
        field, forbidden = classify_header(header)
        if field in taken:
            field = None  # a second «Телефон» column: keep the first
        if field is not None:
            taken.add(field)
        columns.append(Column(index, header, field, forbidden))
    return tuple(columns)
