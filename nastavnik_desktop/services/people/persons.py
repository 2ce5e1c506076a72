"""The one writer of `Person` rows: the ФИО rules and the invariants every path shares.

The person card, stage 1 (a new staff member), stage 3 (a new external mentor), the import and
the demo school create and change people only through this module, so a name is checked and
tidied the same way whichever screen or file it comes from:

- zero-width and other invisible format characters (U+200B, U+FEFF, soft hyphen …) are removed,
  Latin look-alike letters inside Russian words are made Russian («Aнтон» with a Latin «A» →
  «Антон», `text.fix_lookalikes`), spaces collapsed and trimmed, and a word typed all in
  capitals or all in small letters gets its capital (`text.tidy_name_case`: «ИВАНОВ иван
  петрович» → «Иванов Иван Петрович», «САЛТЫКОВ-ЩЕДРИН» → «Салтыков-Щедрин», «Гасан ОГЛЫ» →
  «Гасан оглы», «ДЕ ГОЛЛЬ» → «де Голль»; «МакКой» stays as typed); a parent's name typed all in
  capitals is tidied alike;
- a name must contain a letter, be at most `MAX_NAME_LENGTH` characters, must not start
  with «=», «+», «-» or «@» (a spreadsheet opening an exported base would run it as a formula),
  and must not have a word mixing Latin and Russian letters beyond a look-alike slip
  («Smirnoв»): such a word would never be found by a search nor matched on the next import.

The card's own stricter checks (the class, the age from the birth date) stay in `card.py`:
the import has its own readers for those, with warnings instead of refusals.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.enums import PersonCategory, Sex
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import full_name_problem, patronymic_sex, surname_first
from nastavnik_desktop.text import (
    fix_lookalikes,
    full_name,
    mixed_alphabet_word,
    shorten,
    tidy_name_case,
)

MAX_NAME_LENGTH = 100
"""Characters in one part of an ФИО (the column is as wide)."""
MAX_EXPERIENCE = 70
FORMULA_STARTS = ("=", "+", "-", "@")
"""What a spreadsheet takes for the start of a formula (CSV/formula injection)."""
NAME_LABELS = {"last_name": "Фамилия", "first_name": "Имя", "middle_name": "Отчество"}

_HAS_LETTER_RE = re.compile(r"[^\W\d_]")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LINE_FIELDS = ("position", "subject", "organisation", "parent_name")
"""Single-line texts: spaces collapsed."""
_TRIMMED_FIELDS = ("phone", "email", "parent_phone", "notes")
_NAME_CACHE = 16_384
"""Name parts remembered tidied and checked: first names and patronymics repeat thousands of
times in a school's list, and the import tidies 50,000 ФИО."""


@dataclass(frozen=True)
class NewPerson:
    """The values of a person as every path that creates or edits one hands them over."""

    last_name: str
    first_name: str
    middle_name: str = ""
    category: PersonCategory = PersonCategory.PUPIL
    sex: Sex | None = None
    birth_date: dt.date | None = None
    class_name: str = ""
    position: str = ""
    subject: str = ""
    experience_years: int | None = None
    organisation: str = ""
    phone: str = ""
    email: str = ""
    parent_name: str = ""
    parent_phone: str = ""
    notes: str = ""

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name)

    def as_dict(self) -> dict[str, Any]:
        """The values by column name (`dataclasses.asdict` deep-copies each: 30× slower, and
        the import makes one per person)."""
        return {name: getattr(self, name) for name in PERSON_FIELDS}


PERSON_FIELDS = tuple(f.name for f in fields(NewPerson))


# --- the name rules ----------------------------------------------------------------------------


def strip_invisible(text: str) -> str:
    """The text without zero-width and other format characters (Unicode category Cf)."""
    if text.isprintable():  # no Cf character is «printable»: the common case, kept fast
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


@lru_cache(maxsize=_NAME_CACHE)
def tidy_name_part(text: str) -> str:
    """One part of an ФИО as stored: invisible characters out, Latin look-alikes in Russian
    words made Russian, spaces and capitals tidied (`text.tidy_name_case`)."""
    return tidy_name_case(fix_lookalikes(strip_invisible(text)))


@lru_cache(maxsize=_NAME_CACHE)
def name_part_problem(label: str, value: str) -> str | None:
    """What is wrong with a tidied, non-empty part of an ФИО (`label` says which), as a
    fragment without the final full stop («Фамилия длиннее 100 знаков»), or None."""
    if value.startswith(FORMULA_STARTS):
        return f"{label} не может начинаться со знака «{value[0]}»"
    if not _HAS_LETTER_RE.search(value):
        return f"{label} «{shorten(value)}» записано без букв"
    if len(value) > MAX_NAME_LENGTH:
        return f"{label} длиннее {MAX_NAME_LENGTH} знаков"
    mixed = mixed_alphabet_word(value)
    if mixed:
        return (f"{label}: в слове «{shorten(mixed)}» смешаны латинские и русские буквы — "
                "перепечатайте его одними русскими (или одними латинскими) буквами")
    return None


def missing_name_problem(last_name: str, first_name: str) -> str | None:
    """«Укажите фамилию и имя.» and the like when a required part is empty, else None."""
    last, first = tidy_name_part(last_name), tidy_name_part(first_name)
    if not last and not first:
        return "Укажите фамилию и имя."
    if not last:
        return "Укажите фамилию."
    return None if first else "Укажите имя."


def written_name_problems(last_name: str, first_name: str, middle_name: str = "") -> list[str]:
    """What is wrong with the parts of an ФИО that are filled in (formula, letters, length)."""
    problems = []
    for field, text in (("last_name", last_name), ("first_name", first_name),
                        ("middle_name", middle_name)):
        value = tidy_name_part(text)
        problem = name_part_problem(NAME_LABELS[field], value) if value else None
        if problem:
            problems.append(f"{problem}. Проверьте ФИО.")
    return problems


def name_problems(last_name: str, first_name: str, middle_name: str = "") -> list[str]:
    """Everything wrong with an ФИО as typed, in Russian (empty when it can be saved)."""
    return _tidied_name_problems(tidy_name_part(last_name), tidy_name_part(first_name),
                                 tidy_name_part(middle_name))


def _tidied_name_problems(last: str, first: str, middle: str) -> list[str]:
    """`name_problems` of the parts already tidied (each tidied once: the import's 50,000)."""
    problems = []
    if not last or not first:
        problems.append("Укажите фамилию и имя." if not last and not first
                        else "Укажите фамилию." if not last else "Укажите имя.")
    for field, value in (("last_name", last), ("first_name", first), ("middle_name", middle)):
        problem = name_part_problem(NAME_LABELS[field], value) if value else None
        if problem:
            problems.append(f"{problem}. Проверьте ФИО.")
    return problems


def clean_names(last_name: str, first_name: str,
                middle_name: str = "") -> tuple[str, str, str]:
    """The three parts tidied, or ValidationError with the first problem."""
    tidied = tidy_name_part(last_name), tidy_name_part(first_name), tidy_name_part(middle_name)
    problems = _tidied_name_problems(*tidied)
    if problems:
        raise ValidationError(problems[0])
    return tidied


def sex_from_patronymic(middle_name: str) -> Sex | None:
    """The sex the patronymic tells («Петрович», «Рустам кызы»; `names.patronymic_sex`)."""
    told = patronymic_sex(middle_name)
    return None if told is None else Sex(told)


def known_sex(sex: Sex | None, middle_name: str) -> Sex | None:
    """The sex the patronymic tells, else the one on record: a patronymic is rarely mistyped,
    the sex field often is («Петрова Софья Ильинична» stored as a man)."""
    return sex_from_patronymic(middle_name) or sex


def sex_mismatch(sex: Sex | None, middle_name: str) -> Sex | None:
    """The sex the patronymic tells when it is not the one on record (the card warns), else
    None."""
    told = sex_from_patronymic(middle_name)
    return told if sex is not None and told is not None and told is not sex else None


def signer_name_problem(text: str, what: str = "ФИО директора") -> str | None:
    """Why an ФИО that signs documents cannot be read (`check_signer_name`'s refusal), in
    Russian with the way to write it, or None."""
    name = _tidy_signer_name(text)
    problem = full_name_problem(name) if name else None
    if problem is None:
        return None
    return (f"{what} «{shorten(name)}» {problem}. Напишите фамилию, имя и отчество полностью "
            "(«Кузнецова Наталья Викторовна») или фамилию с инициалами («Кузнецова Н. В.»).")


def check_signer_name(text: str, what: str = "ФИО директора") -> str:
    """An ФИО that signs documents (the director's) as stored: surname first, capitals tidied,
    initials spaced («Н.В.Кузнецова» → «Кузнецова Н. В.», «Наталья Викторовна Кузнецова» →
    «Кузнецова Наталья Викторовна»); ValidationError with a hint when `names.split_full_name`
    cannot tell the surname from the name or the initials. An empty text stays empty (whether
    one is required is the caller's rule)."""
    problem = signer_name_problem(text, what)
    if problem:
        raise ValidationError(problem)
    name = _tidy_signer_name(text)
    return surname_first(name) if name else ""


def _tidy_signer_name(text: str) -> str:
    return " ".join(tidy_name_case(fix_lookalikes(strip_invisible(text))).split())


def _tidy_capitals(text: str) -> str:
    """A free text naming a person («ИВАНОВА МАРИЯ ПЕТРОВНА, МАМА»): tidied only when typed all
    in capitals, since small words in it («мама») are meant small."""
    return tidy_name_case(text) if text.isupper() else text


def check_email(text: str) -> str:
    email = text.strip()
    if email and not _EMAIL_RE.match(email):
        raise ValidationError(f"Адрес электронной почты «{email}» записан неверно. "
                              "Пример: ivanova@mail.ru")
    return email


def email_problem(text: str) -> str | None:
    try:
        check_email(text)
    except ValidationError as exc:
        return exc.message
    return None


def check_experience(years: int | None) -> None:
    if years is not None and not 0 <= years <= MAX_EXPERIENCE:
        raise ValidationError(f"Стаж указывается в годах, от 0 до {MAX_EXPERIENCE}.")


def clean_person(person: NewPerson) -> NewPerson:
    """The person with the ФИО checked and tidied and the texts trimmed; ValidationError says
    what to correct."""
    return replace(person, **_cleaned(person))


def _cleaned(person: NewPerson) -> dict[str, Any]:
    """The values `clean_person` changes, checked (ValidationError says what to correct)."""
    last_name, first_name, middle_name = clean_names(person.last_name, person.first_name,
                                                     person.middle_name)
    check_experience(person.experience_years)
    texts: dict[str, Any] = {name: " ".join(getattr(person, name).split())
                             for name in _LINE_FIELDS}
    texts |= {name: getattr(person, name).strip() for name in _TRIMMED_FIELDS}
    texts["parent_name"] = _tidy_capitals(texts["parent_name"])
    texts["email"] = check_email(person.email)
    return {"last_name": last_name, "first_name": first_name, "middle_name": middle_name,
            "class_name": person.class_name.strip(), **texts}


# --- the writes --------------------------------------------------------------------------------


def create_person(session: Session, person: NewPerson) -> Person:
    """Add one person to the session (flushed with it); ValidationError if the rules refuse."""
    row = Person(**clean_person(person).as_dict())
    session.add(row)
    return row


def create_many(session: Session, people: Sequence[NewPerson]) -> list[int]:
    """Many people at once (the import), each by the same rules as `create_person`
    (ValidationError for the first one refused, and then nothing is written); their ids in the
    order given.

    One Core executemany, not an object per person: the ids are given here, counting on from
    the largest — what SQLite itself would give (the table has no AUTOINCREMENT) — which
    holds because writes run in a transaction that took the write lock first
    (`Database.transaction`: BEGIN IMMEDIATE)."""
    if not people:
        return []
    rows = [{**p.as_dict(), **_cleaned(p)} for p in people]  # as `clean_person`, no copies
    session.flush()  # people added to the session before are numbered first
    first = (session.scalar(select(func.max(Person.id))) or 0) + 1
    ids = list(range(first, first + len(rows)))
    for pid, row in zip(ids, rows, strict=True):
        row["id"] = pid
    session.connection().execute(insert(Person), rows)
    return ids


def edit_person(row: Person, person: NewPerson) -> NewPerson:
    """Write the checked values onto a stored person; returns them as written."""
    clean = clean_person(person)
    for name, value in clean.as_dict().items():
        setattr(row, name, value)
    return clean


def update_people(session: Session, changes: Sequence[Mapping[str, Any]]) -> None:
    """Bulk updates by primary key («id» in each mapping); only the fields given change, an
    ФИО part among them by the same rules as a new person's."""
    rows = [_checked_change(change) for change in changes]
    if rows:
        session.execute(update(Person), rows)


def fill_missing(session: Session, person_id: int, values: Mapping[str, Any]) -> list[str]:
    """Write `values` only into the person's empty columns (None or an empty text), by the
    same rules as `update_people`; the ФИО and the category are never changed. Returns the
    names of the columns filled in."""
    row = session.get(Person, person_id)
    if row is None:
        raise ValidationError("Человек не найден в базе: возможно, его удалили.")
    empty = {name: value for name, value in values.items()
             if name not in (*NAME_LABELS, "category") and value not in ("", None)
             and getattr(row, name) in ("", None)}
    if not empty:
        return []
    session.execute(update(Person), [_checked_change({"id": person_id, **empty})])
    session.expire(row)
    return list(empty)


def _checked_change(change: Mapping[str, Any]) -> dict[str, Any]:
    row = dict(change)
    for field, label in NAME_LABELS.items():
        if field in row:
            value = tidy_name_part(row[field])
            problem = name_part_problem(label, value) if value else None
            if problem or (not value and field != "middle_name"):
                raise ValidationError(f"{problem}. Проверьте ФИО." if problem
                                      else f"{label}: поле не может быть пустым.")
            row[field] = value
    if "parent_name" in row:
        row["parent_name"] = _tidy_capitals(" ".join(str(row["parent_name"] or "").split()))
    if "email" in row:
        row["email"] = check_email(row["email"])
    if "experience_years" in row:
        check_experience(row["experience_years"])
    return row


def person_place(person: Person) -> str:
    """Where a person is in the school, as lists and awards print it: the class of a pupil
    («10А класс»); else the position (the subject when none) and the organisation of an
    outsider («Инженер, Тверьэнерго»)."""
    if person.category is PersonCategory.PUPIL and person.class_name:
        return f"{person.class_name} класс"
    parts = [person.position.strip() or person.subject.strip(), person.organisation.strip()]
    return ", ".join(part for part in parts if part)
