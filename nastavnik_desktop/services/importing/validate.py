"""Turning the rows of a table into candidate people, with every problem listed by file row.

Pure functions over plain values: the people already in the base come in as a `PeopleIndex`.
Errors stop the import (nothing is saved until they are fixed); warnings are shown and the row
is loaded.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from nastavnik_desktop.data.enums import PersonCategory, Sex
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services.importing import values as v
from nastavnik_desktop.services.importing.duplicates import NameKey, PeopleIndex, name_key
from nastavnik_desktop.services.importing.mapping import Field, Mapping
from nastavnik_desktop.services.importing.readers import (
    PROGRESS_ROWS,
    Row,
    cell_text,
    reading_cancelled,
)
from nastavnik_desktop.services.people.consent import age_on
from nastavnik_desktop.services.people.persons import NewPerson, sex_from_patronymic
from nastavnik_desktop.text import shorten

PUPIL_AGES = (5, 20)
ADULT_AGE = 18
"""Staff younger than this are warned about; a staff list mostly of them is refused."""
WRONG_LIST_SHARE = 0.5
"""The share of rows that look like the other list (children in a staff list, adults in a
pupils list) from which the whole file is refused as the wrong list."""
_NAME_FIELDS = (Field.FULL_NAME, Field.LAST_NAME, Field.FIRST_NAME, Field.MIDDLE_NAME)
_NAME_WHAT = {Field.FULL_NAME: "ФИО", Field.LAST_NAME: "фамилия", Field.FIRST_NAME: "имя",
              Field.MIDDLE_NAME: "отчество"}
_SEX_WORDS = {Sex.MALE: "мужской", Sex.FEMALE: "женский"}
_MISSING_NAME = {(False, False): "не указаны фамилия и имя", (False, True): "не указана фамилия",
                 (True, False): "не указано имя"}


class ImportKind(enum.Enum):
    PUPILS = "pupils"
    STAFF = "staff"
    MENTEES = "mentees"
    MENTORS = "mentors"


KIND_LABELS = {
    ImportKind.PUPILS: "обучающиеся",
    ImportKind.STAFF: "педагоги и сотрудники",
    ImportKind.MENTEES: "база наставляемых",
    ImportKind.MENTORS: "база наставников",
}


class Severity(enum.Enum):
    ERROR = "ошибка"
    WARNING = "предупреждение"


@dataclass(frozen=True)
class Problem:
    row: int
    message: str
    severity: Severity = Severity.ERROR
    column: str = ""

    def __str__(self) -> str:
        return f"Строка {self.row}: {self.message}."


@dataclass(frozen=True)
class PersonData(NewPerson):
    """The values of a `Person` row read from the file; empty strings where the file is silent."""

    key: NameKey = field(init=False, repr=False, compare=False)
    """The ФИО as compared (`duplicates.name_key`), worked out once: every look-up uses it."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", name_key(self.last_name, self.first_name,
                                                 self.middle_name))

    def filled(self) -> dict[str, Any]:
        """The values the file actually gives (an update never blanks what the base has)."""
        return {k: value for k, value in self.as_dict().items() if value not in ("", None)}


@dataclass(frozen=True)
class ProfileData:
    """What goes into the mentee's or mentor's profile of the programme."""

    requests: str = ""
    competencies: str = ""
    achievements: str = ""
    interests: str = ""
    hours_per_month: float | None = None


NO_PROFILE = ProfileData()
"""A row without profile values (every row of a list of pupils): one object for them all."""


@dataclass(frozen=True)
class Candidate:
    row: int
    person: PersonData
    profile: ProfileData = NO_PROFILE
    existing_id: int | None = None
    merge_into: int | None = None
    """The person typed in by hand whose missing fields this row fills in (see
    `PeopleIndex.find_manual`)."""


@dataclass(frozen=True)
class ValidationResult:
    candidates: tuple[Candidate, ...]
    problems: tuple[Problem, ...]
    children: int = 0
    """Rows of a staff list that look like pupils (under 18 by the birth date, or a class
    without a position); see `wrong_list_problem`."""
    adults: int = 0
    """Rows of a pupils list that look like staff (older than a pupil, or a position, subject
    or experience without a class)."""
    rows: int = 0
    """Non-empty rows read."""

    def wrong_list_problem(self, kind: ImportKind) -> str | None:
        """What to say, without the final full stop, when most rows belong to the other list
        (a list of pupils loaded as staff, or of staff as pupils); None when they do not."""
        if kind is ImportKind.STAFF:
            count, looks, other = self.children, "список обучающихся", ImportKind.PUPILS
            why = "моложе 18 лет по дате рождения или с классом вместо должности"
            if_not = "это всё же сотрудники, проверьте в файле даты рождения"
        elif kind is ImportKind.PUPILS:
            count, looks, other = self.adults, "список педагогов и сотрудников", ImportKind.STAFF
            why = "старше школьного возраста по дате рождения или с должностью без класса"
            if_not = "это всё же ученики, проверьте в файле даты рождения и столбец класса"
        else:
            return None
        if not count or count < WRONG_LIST_SHARE * self.rows:
            return None
        return (f"Похоже, это {looks}, а не «{KIND_LABELS[kind]}»: {count} из {self.rows} "
                f"строк — люди {why}. Загрузите файл как «{KIND_LABELS[other].capitalize()}»; "
                f"если {if_not}")


def validate_rows(rows: Sequence[Row], mapping: Mapping, kind: ImportKind, *,
                  existing: PeopleIndex | None = None,
                  today: dt.date | None = None,
                  progress: ProgressCallback | None = None) -> ValidationResult:
    """Every non-empty row under the header becomes a candidate or a list of problems.

    `progress(rows checked, rows under the header)` is told every `PROGRESS_ROWS` rows;
    answering False stops the check with OperationCancelled."""
    existing = existing if existing is not None else PeopleIndex()
    today = today or dt.date.today()
    in_file = PeopleIndex()
    merged: set[int] = set()
    candidates: list[Candidate] = []
    problems: list[Problem] = []
    children = adults = read = 0
    fields = tuple(mapping.fields.items())
    headers = {c.field: shorten(c.header) for c in mapping.columns if c.field is not None}
    parsers = _Parsers(today)
    total = len(rows) - mapping.header_row
    for number in range(mapping.header_row + 1, len(rows) + 1):
        if progress is not None and not (number - mapping.header_row) % PROGRESS_ROWS \
                and progress(number - mapping.header_row, total) is False:
            raise reading_cancelled()
        raw = rows[number - 1]
        width = len(raw)
        cells = {f: raw[i] for f, i in fields if i < width and not _blank(raw[i])}
        if not cells:
            continue
        reader = _RowReader(number, cells, headers, today, parsers)
        person = reader.person(kind)
        profile = reader.profile()
        problems.extend(reader.problems)
        read += 1
        children += reader.looks_like_child
        adults += reader.looks_like_adult
        if person is None:
            continue
        category = person.category.value
        earlier = in_file.find(person.key, person.birth_date, person.class_name, category)
        if earlier is not None:
            problems.append(Problem(number, f"{person.full_name} — повтор строки {earlier}"))
            continue
        in_file.add(number, person.key, person.birth_date, person.class_name, category)
        found = existing.find(person.key, person.birth_date, person.class_name, category)
        manual = None
        if found is not None:
            problems.append(Problem(number, f"{person.full_name} уже есть в базе",
                                    Severity.WARNING))
        else:
            manual = existing.find_manual(person.key, category, person.filled, merged)
        if manual is not None:
            merged.add(manual)
            problems.append(Problem(number, f"{person.full_name} совпадает с введённым "
                                    "вручную — недостающие сведения будут дополнены",
                                    Severity.WARNING))
        if not reader.failed:
            candidates.append(Candidate(number, person, profile, found, manual))
    return ValidationResult(tuple(candidates), tuple(problems), children, adults, read)


def _blank(value: Any) -> bool:
    """Whether a cell shows nothing (`cell_text` is empty), without making its text."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value or value.isspace()
    return False


class _Memo:
    """A cell parser remembered by value for one check: a list repeats its classes, birth
    dates and sexes thousands of times. A refusal (ValueError) is remembered too."""

    def __init__(self, parse: Callable[[Any], Any]) -> None:
        self.parse = parse
        self.seen: dict[tuple[type, Any], tuple[bool, Any]] = {}

    def __call__(self, value: Any) -> Any:
        key = (type(value), value)  # True == 1 == 1.0, but they read differently
        try:
            hit = self.seen.get(key)
        except TypeError:  # not a value a reader gives; read it as it is
            return self.parse(value)
        if hit is None:
            try:
                hit = (True, self.parse(value))
            except ValueError as exc:
                hit = (False, str(exc))
            self.seen[key] = hit
        if hit[0]:
            return hit[1]
        raise ValueError(hit[1])


class _Parsers:
    """The parsers of the cells whose values repeat, remembered for one check."""

    def __init__(self, today: dt.date) -> None:
        self.class_name = _Memo(v.parse_class)
        self.birth_date = _Memo(partial(v.parse_date, today=today))
        self.sex = _Memo(v.parse_sex)
        self.category = _Memo(v.parse_category)


class _RowReader:
    """One row's cells read field by field; each bad cell adds a problem instead of raising."""

    def __init__(self, row: int, cells: dict[Field, Any], headers: dict[Field, str],
                 today: dt.date, parsers: _Parsers | None = None) -> None:
        self.row = row
        self.cells = cells
        self.today = today
        self.parsers = parsers or _Parsers(today)
        self.headers = headers
        self.problems: list[Problem] = []
        self.failed = False
        self.looks_like_child = False
        self.looks_like_adult = False

    def _get(self, f: Field, parse: Callable[[Any], Any], default: Any = "") -> Any:
        if f not in self.cells:
            return default
        try:
            return parse(self.cells[f])
        except ValueError as exc:
            self._error(str(exc), f)
            return default

    def _error(self, message: str, f: Field | None = None) -> None:
        self.failed = True
        self.problems.append(Problem(self.row, message, Severity.ERROR,
                                     self.headers.get(f, "") if f else ""))

    def _warn(self, message: str, f: Field | None = None) -> None:
        self.problems.append(Problem(self.row, message, Severity.WARNING,
                                     self.headers.get(f, "") if f else ""))

    def _text(self, f: Field, limit: int = 300) -> str:
        if f not in self.cells:
            return ""
        text = cell_text(self.cells[f])
        if len(text) > limit:
            self._warn(f"«{self.headers[f]}» длиннее {limit} знаков — обрезано", f)
            text = text[:limit]
        return text

    def names(self) -> tuple[str, str, str] | None:
        names = self._names()
        if names is not None:
            self._lookalike_notes()
        return names

    def _names(self) -> tuple[str, str, str] | None:
        try:
            if Field.FULL_NAME in self.cells:
                return v.split_full_name(self.cells[Field.FULL_NAME])
            last = v.parse_name_part(self.cells.get(Field.LAST_NAME), "фамилия")
            first = v.parse_name_part(self.cells.get(Field.FIRST_NAME), "имя")
            middle = v.parse_name_part(self.cells.get(Field.MIDDLE_NAME), "отчество")
            if last and not first and not middle and " " in last:
                return v.split_full_name(last)  # the whole ФИО typed into «Фамилия»
        except ValueError as exc:
            self._error(str(exc), Field.FULL_NAME)
            return None
        if not last or not first:
            self._error(_MISSING_NAME[bool(last), bool(first)])
            return None
        return last, first, middle

    def _lookalike_notes(self) -> None:
        """Latin look-alike letters fixed in the name cells, shown in the preview as warnings."""
        for f in _NAME_FIELDS:
            note = v.lookalike_note(self.cells[f], _NAME_WHAT[f]) if f in self.cells else None
            if note:
                self._warn(note, f)

    def person(self, kind: ImportKind) -> PersonData | None:
        names = self.names()
        category, qualification = self.category(kind)
        class_name = self._get(Field.CLASS, self.parsers.class_name)
        birth = self.birth_date(category)
        sex = self.sex(names[2] if names else "")
        experience = self._get(Field.EXPERIENCE, lambda c: v.parse_experience(c, self.today),
                               None)
        email = self._get(Field.EMAIL, v.parse_email)
        phone = self._get(Field.PHONE, v.parse_phone)
        parent_phone = self._get(Field.PARENT_PHONE, v.parse_phone)
        self._which_list(category, birth, class_name)
        if names is None:
            return None
        if category is not PersonCategory.PUPIL:
            class_name = ""
        elif not class_name and kind in (ImportKind.PUPILS, ImportKind.MENTEES):
            self._warn("не указан класс")
        notes = f"Квалификационная категория: {qualification}" if qualification else ""
        return PersonData(
            last_name=names[0], first_name=names[1], middle_name=names[2], category=category,
            sex=sex, birth_date=birth, class_name=class_name,
            position=self._text(Field.POSITION, 200), subject=self._text(Field.SUBJECT, 200),
            experience_years=int(experience) if experience is not None else None,
            organisation=self._text(Field.ORGANISATION), phone=phone, email=email,
            parent_name=self._text(Field.PARENT_NAME), parent_phone=parent_phone, notes=notes)

    def _which_list(self, category: PersonCategory, birth: dt.date | None,
                    class_name: str) -> None:
        """Mark a row of a staff list that looks like a pupil, and the other way round."""
        age = age_on(birth, self.today) if birth is not None else None
        adult_fields = any(f in self.cells for f in (Field.POSITION, Field.SUBJECT,
                                                      Field.EXPERIENCE))
        if category is PersonCategory.STAFF:
            self.looks_like_child = (age < ADULT_AGE if age is not None
                                     else bool(class_name) and not adult_fields)
            if age is not None and age < ADULT_AGE:
                self._warn(f"сотруднику по дате рождения {age} — проверьте дату "
                           "(это не обучающийся?)", Field.BIRTH_DATE)
        elif category is PersonCategory.PUPIL:
            self.looks_like_adult = (age > PUPIL_AGES[1] if age is not None
                                     else adult_fields and not class_name)

    def category(self, kind: ImportKind) -> tuple[PersonCategory, str]:
        parsed = self._get(Field.CATEGORY, self.parsers.category, None)
        qualification = parsed if isinstance(parsed, str) else ""
        stated = parsed if isinstance(parsed, PersonCategory) else None
        if kind is ImportKind.PUPILS:
            return PersonCategory.PUPIL, ""
        if kind is ImportKind.STAFF:
            return PersonCategory.STAFF, qualification
        if stated is not None:
            return stated, qualification
        if Field.CLASS in self.cells:
            return PersonCategory.PUPIL, ""
        adult = any(f in self.cells for f in (Field.POSITION, Field.SUBJECT, Field.EXPERIENCE))
        if kind is ImportKind.MENTORS or adult:
            return PersonCategory.STAFF, qualification
        return PersonCategory.PUPIL, ""

    def birth_date(self, category: PersonCategory) -> dt.date | None:
        birth: dt.date | None = self._get(Field.BIRTH_DATE, self.parsers.birth_date, None)
        if birth is None:
            return None
        try:
            v.check_birth_date(birth, self.today)
        except ValueError as exc:
            self._error(str(exc), Field.BIRTH_DATE)
            return None
        age = age_on(birth, self.today)
        if category is PersonCategory.PUPIL and not PUPIL_AGES[0] <= age <= PUPIL_AGES[1]:
            self._warn(f"обучающемуся по дате рождения {age} — проверьте дату", Field.BIRTH_DATE)
        return birth

    def sex(self, middle_name: str) -> Sex | None:
        stated: Sex | None = self._get(Field.SEX, self.parsers.sex, None)
        told = sex_from_patronymic(middle_name)
        if stated is not None and told is not None and told is not stated:
            self._warn(f"пол не совпадает с отчеством «{middle_name}» — записан "
                       f"{_SEX_WORDS[told]}, как по отчеству", Field.SEX)
        return told or stated

    def profile(self) -> ProfileData:
        hours = self._get(Field.TIME_RESOURCE, lambda c: v.parse_number(
            c, "ресурс времени", low=0, high=200), None)
        profile = ProfileData(
            requests=self._text(Field.REQUESTS, 2000),
            competencies=self._text(Field.COMPETENCIES, 2000),
            achievements=self._text(Field.ACHIEVEMENTS, 2000),
            interests=self._text(Field.INTERESTS, 2000), hours_per_month=hours)
        return NO_PROFILE if profile == NO_PROFILE else profile
