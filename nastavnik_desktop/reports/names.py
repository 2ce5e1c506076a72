"""ФИО, dates and numbers as Russian documents write them.

Declension goes through pytrovich (the petrovich rules). It is good but not perfect with rare
surnames, so the services store the declined form and let the curator correct it; these
functions only propose it.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal

from pytrovich import Case, Gender, NamePart, PetrovichDeclinationMaker, PetrovichGenderDetector

from nastavnik_desktop.text import full_name

GrammaticalCase = Literal["nominative", "genitive", "dative", "accusative", "instrumental",
                          "prepositional"]
Sex = Literal["м", "ж"]

_CASES: dict[str, Case] = {
    "nominative": Case.NOMINATIVE,
    "genitive": Case.GENITIVE,
    "dative": Case.DATIVE,
    "accusative": Case.ACCUSATIVE,
    "instrumental": Case.INSTRUMENTAL,
    "prepositional": Case.PREPOSITIONAL,
}
_GENDERS: dict[str, Gender] = {"м": Gender.MALE, "ж": Gender.FEMALE}

_MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                    "сентября", "октября", "ноября", "декабря")


def initials(first: str, middle: str = "") -> str:
    """«Иван», «Петрович» → «И. П.»; a double name keeps its hyphen: «Анна-Мария» → «А.-М.»."""
    return " ".join(_initial(part) for part in (first, middle) if part.strip())


def _initial(name: str) -> str:
    pieces = [piece.strip() for piece in name.strip().split("-") if piece.strip()]
    return "-".join(f"{piece[0].upper()}." for piece in pieces)


def short_name(last: str, first: str = "", middle: str = "") -> str:
    """«Иванов И. П.» — surname first, as in lists and tables."""
    return " ".join(part for part in (last.strip(), initials(first, middle)) if part)


def initials_first(last: str, first: str = "", middle: str = "") -> str:
    """«И. П. Иванов» — initials first, as under a signature."""
    return " ".join(part for part in (initials(first, middle), last.strip()) if part)


def split_full_name(text: str) -> tuple[str, str, str]:
    """«Петрова Анна Сергеевна» → (last, first, middle); «Алиев Рашид Гусейн оглы» keeps the
    two-word patronymic together."""
    parts = text.split()
    if not parts:
        return "", "", ""
    return parts[0], parts[1] if len(parts) > 1 else "", " ".join(parts[2:])


def format_date(day: dt.date) -> str:
    """«05.06.2025» — the form of the date requisite."""
    return day.strftime("%d.%m.%Y")


def format_date_words(day: dt.date) -> str:
    """«5 июня 2025 г.»"""
    return f"{day.day} {_MONTHS_GENITIVE[day.month - 1]} {day.year} г."


def detect_sex(last: str, first: str = "", middle: str = "") -> Sex | None:
    """The grammatical gender of a name; the patronymic decides when there is one.

    None when the name does not tell (Саша Шевченко without a patronymic).
    """
    gender = _detector().detect(firstname=first or None, lastname=last or None,
                                middlename=middle or None)
    if gender == Gender.MALE:
        return "м"
    if gender == Gender.FEMALE:
        return "ж"
    return None


def decline_name(last: str, first: str, middle: str, case: GrammaticalCase,
                 sex: Sex | None = None) -> tuple[str, str, str]:
    """The three parts of an ФИО in `case`; `sex=None` means detect it from the name.

    Indeclinable surnames (Шевченко, Черных, Дюма), surnames in -ская, double-barrelled
    surnames and double first names are handled by the petrovich rules.
    """
    if not any(part.strip() for part in (last, first, middle)):
        return last, first, middle
    known = sex is not None
    gender = _GENDERS[sex] if sex is not None else _detected_gender(last, first, middle)
    target = _CASES[case]

    def make(part: NamePart, value: str) -> str:
        if not value.strip():
            return value
        return _maker().make(part, gender, target, value.strip(), known_gender=known)

    return (make(NamePart.LASTNAME, last), make(NamePart.FIRSTNAME, first),
            make(NamePart.MIDDLENAME, middle))


def decline_full_name(last: str, first: str, middle: str, case: GrammaticalCase,
                      sex: Sex | None = None) -> str:
    """«Иванову Ивану Петровичу» for ("Иванов", "Иван", "Петрович", "dative")."""
    return full_name(*decline_name(last, first, middle, case, sex))


def _detected_gender(last: str, first: str, middle: str) -> Gender:
    sex = detect_sex(last, first, middle)
    return _GENDERS[sex] if sex is not None else Gender.ANDROGYNOUS


@cache
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


@cache
def _detector() -> PetrovichGenderDetector:
    return PetrovichGenderDetector()
