"""ФИО, dates and numbers as Russian documents write them.

Declension goes through pytrovich (the petrovich rules). It is good but not perfect with rare
surnames, so the services store the declined form and let the curator correct it; these
functions only propose it. Around pytrovich (tests/unit/services/people/test_hard_names.py):
a name is declined whatever its capitals («ИВАНОВ» → «ИВАНОВА», not «ИВАНОВа»); the patronymic's
sex wins over the one given («Петрова Софья Ильинична» stored as a man is still «Петровой Софьи
Ильиничны»); without a patronymic the first name tells the sex before the surname («Цой Анна» →
«Цой Анны»); a woman's first name in «-ь» declines like «Любовь» («Асель» → «Асели»).

`split_full_name` reads an ФИО written either way round: «Кузнецова Наталья Викторовна»,
«Наталья Викторовна Кузнецова», «Кузнецова Н. В.», «Н.В.Кузнецова»; `full_name_problem` says in
Russian what cannot be read in one.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Literal

from pytrovich import Case, Gender, NamePart, PetrovichDeclinationMaker, PetrovichGenderDetector

from nastavnik_desktop.text import PATRONYMIC_PARTICLES, full_name, tidy_name_case

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


_MALE_PATRONYMIC = ("вич", "ич", "оглы", "улы", "уулу")
_FEMALE_PATRONYMIC = ("вна", "чна", "кызы", "гызы")
_INITIAL_RE = re.compile(r"[^\W\d_]\.?(?:-[^\W\d_]\.?)?")
"""One initial as a word of its own: «Н.», «Н», «А.-М.»."""
_STUCK_INITIALS_RE = re.compile(r"[А-ЯЁA-Z]{2}")
"""«НВ» — two initials typed together without dots (only beside a surname not in capitals)."""
_DOT_RE = re.compile(r"\.(?=[^\s.-])")
_NAME_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def patronymic_sex(middle: str) -> Sex | None:
    """The sex a patronymic tells: «-ович», «-евич», «-ич», «оглы» → «м»; «-овна», «-евна»,
    «-ична», «-инична», «кызы» → «ж»; None for no patronymic or one that does not tell."""
    word = middle.strip().lower().replace("ё", "е")
    if word.endswith(_MALE_PATRONYMIC):
        return "м"
    if word.endswith(_FEMALE_PATRONYMIC):
        return "ж"
    return None


def split_full_name(text: str) -> tuple[str, str, str]:
    """(last, first, middle) of an ФИО written either way round: «Петрова Анна Сергеевна»,
    «Анна Сергеевна Петрова»; with initials before or after the surname, with or without
    spaces and dots: «Петрова А. С.», «Петрова А.С.», «А. С. Петрова», «А.С.Петрова» → («Петрова»,
    «А.», «С.»). «Алиев Рашид Гусейн оглы» keeps the two-word patronymic together. The words
    stay as written (the erasure looks for them so); what cannot be read (`full_name_problem`)
    is split surname first."""
    return _read_full_name(text)[0]


def surname_first(text: str) -> str:
    """The ФИО `split_full_name` reads, written surname first, initials spaced: «Н.В.Кузнецова»
    → «Кузнецова Н. В.», «Наталья Викторовна Кузнецова» → «Кузнецова Наталья Викторовна»."""
    last, first, middle = split_full_name(text)
    if _INITIAL_RE.fullmatch(first):
        return " ".join(part for part in (last, initials(first, middle)) if part)
    return full_name(last, first, middle)


def full_name_problem(text: str) -> str | None:
    """What keeps an ФИО under a signature from being read, in Russian (a fragment to put after
    «ФИО директора …»), or None when `split_full_name` reads it with a surname and a name or
    initials."""
    return _read_full_name(text)[1]


def _read_full_name(text: str) -> tuple[tuple[str, str, str], str | None]:
    tokens = _DOT_RE.sub(". ", " ".join(text.split())).split()
    if not tokens:
        return ("", "", ""), "не указаны"
    if any(not (_INITIAL_RE.fullmatch(t) or _NAME_WORD_RE.fullmatch(t)) for t in tokens):
        return _surname_first(tokens), "содержат цифры или лишние знаки"
    tokens = _unstick_initials(tokens)
    initial = [bool(_INITIAL_RE.fullmatch(t)) for t in tokens]
    if any(initial):
        return _with_initials(tokens, initial)
    if len(tokens) < 3:
        return _surname_first(tokens), (
            "записаны одним словом" if len(tokens) == 1
            else "записаны двумя словами — не понять, где фамилия, а где имя")
    with_particle = tokens[2].lower() in PATRONYMIC_PARTICLES
    if patronymic_sex(tokens[1]) is not None or with_particle:
        # «Наталья Викторовна Кузнецова», «Рашид Гусейн оглы Алиев»: no first name ends so
        end = 3 if with_particle else 2
        if end == len(tokens):
            return _surname_first(tokens), "записаны без фамилии"
        return (" ".join(tokens[end:]), tokens[0], " ".join(tokens[1:end])), None
    if len(tokens) > 3 and tokens[-1].lower() not in PATRONYMIC_PARTICLES:
        return _surname_first(tokens), "содержат больше трёх слов — не понять, где фамилия"
    return _surname_first(tokens), None


def _surname_first(tokens: list[str]) -> tuple[str, str, str]:
    return tokens[0], tokens[1] if len(tokens) > 1 else "", " ".join(tokens[2:])


def _unstick_initials(tokens: list[str]) -> list[str]:
    """«Кузнецова НВ» → «Кузнецова Н В»: two capitals beside one surname not in capitals;
    «ЛИ АННА», «ЛИ Анна Сергеевна» stay."""
    if len(tokens) != 2 or all(t.isupper() for t in tokens):
        return tokens
    out: list[str] = []
    for token in tokens:
        out.extend(list(token) if _STUCK_INITIALS_RE.fullmatch(token) else [token])
    return out


def _with_initials(tokens: list[str], initial: list[bool]) -> tuple[tuple[str, str, str],
                                                                     str | None]:
    hint = "записаны непонятно — напишите фамилию и инициалы, например «Кузнецова Н. В.»"
    count = sum(initial)
    words = [t for t, i in zip(tokens, initial, strict=True) if not i]
    inits = [t for t, i in zip(tokens, initial, strict=True) if i]
    grouped = initial[:count] == [True] * count or initial[-count:] == [True] * count
    if not words:
        return (("", inits[0], inits[1] if count > 1 else ""),
                "записаны одними инициалами — нужна и фамилия")
    if count > 2 or not grouped:
        return _surname_first([*words, *inits]), hint
    return (" ".join(words), inits[0], inits[1] if count > 1 else ""), None


def format_date(day: dt.date) -> str:
    """«05.06.2025» — the form of the date requisite."""
    return day.strftime("%d.%m.%Y")


def format_date_words(day: dt.date) -> str:
    """«5 июня 2025 г.»"""
    return f"{day.day} {_MONTHS_GENITIVE[day.month - 1]} {day.year} г."


def detect_sex(last: str, first: str = "", middle: str = "") -> Sex | None:
    """The grammatical gender of a name: the patronymic's when it tells one, else the whole
    name's by pytrovich, else the first name's alone («Цой Анна»: the surname looks male).

    None when the name does not tell (Саша Шевченко without a patronymic).
    """
    told = patronymic_sex(middle)
    if told is not None:
        return told
    last, first, middle = (tidy_name_case(part) for part in (last, first, middle))
    gender = _detector().detect(firstname=first or None, lastname=last or None,
                                middlename=middle or None)
    if gender == Gender.ANDROGYNOUS and first and last:
        gender = _detector().detect(firstname=first)
    if gender == Gender.MALE:
        return "м"
    if gender == Gender.FEMALE:
        return "ж"
    return None


def decline_name(last: str, first: str, middle: str, case: GrammaticalCase,
                 sex: Sex | None = None) -> tuple[str, str, str]:
    """The three parts of an ФИО in `case`; `sex=None` means detect it from the name, and a
    patronymic that tells the sex overrides `sex` (a sex stored wrongly).

    Indeclinable surnames (Шевченко, Черных, Дюма), surnames in -ская, double-barrelled
    surnames and double first names are handled by the petrovich rules. A part is declined
    whatever its capitals and keeps them: «ИВАНОВ» → «ИВАНОВА».
    """
    if not any(part.strip() for part in (last, first, middle)):
        return last, first, middle
    sex = patronymic_sex(middle) or sex
    known = sex is not None
    gender = _GENDERS[sex] if sex is not None else _detected_gender(last, first, middle)
    target = _CASES[case]

    def make(part: NamePart, value: str) -> str:
        if not value.strip():
            return value
        tidy = tidy_name_case(value)
        declined = _maker().make(part, gender, target, tidy, known_gender=known)
        if part is NamePart.FIRSTNAME and gender is Gender.FEMALE:
            declined = _soft_sign_name(tidy, declined, case)
        return _with_capitals_of(value.strip(), declined)

    return (make(NamePart.LASTNAME, last), make(NamePart.FIRSTNAME, first),
            make(NamePart.MIDDLENAME, middle))


def unfixed_forms(last: str, first: str, middle: str, sex: Sex | None) -> frozenset[str]:
    """What this program printed for the name before the fixes above, where it differs from
    what it prints now: the stored sex's forms of a patronymic of the other sex («Петровы
    Софьи Ильинична»). A form remembered from an old document that is one of these is not the
    curator's correction (`declension.declined` drops it)."""
    told = patronymic_sex(middle)
    if sex is None or told is None or told == sex:
        return frozenset()
    gender = _GENDERS[sex]
    old = set()
    for case in ("genitive", "dative", "accusative"):
        old.add(full_name(*(
            _maker().make(part, gender, _CASES[case], value.strip(), known_gender=True)
            if value.strip() else value
            for part, value in ((NamePart.LASTNAME, last), (NamePart.FIRSTNAME, first),
                                (NamePart.MIDDLENAME, middle)))))
        old.discard(decline_full_name(last, first, middle, case, sex))
    return frozenset(old)


def _soft_sign_name(name: str, declined: str, case: GrammaticalCase) -> str:
    """A woman's name in «-ь» declines like «Любовь», «Нинель»: «Асели», «Айгули» (pytrovich
    leaves the names it does not know as they are)."""
    if declined != name or not name.endswith("ь") or "-" in name:
        return declined
    if case in ("genitive", "dative", "prepositional"):
        return name[:-1] + "и"
    if case == "instrumental":
        return name + "ю"
    return declined


def _with_capitals_of(typed: str, declined: str) -> str:
    """`declined` (of the tidied `typed`) in the capitals `typed` had: all capitals stay all
    capitals, all small letters stay small."""
    if typed.isupper():
        return declined.upper()
    if typed.islower():
        return declined.lower()
    return declined


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
