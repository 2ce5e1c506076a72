"""Reading single cell values the way schools write them: names, dates, classes, sex, numbers.

Each parser takes a raw cell value and returns the clean value, or raises `ValueError` whose
text is a Russian explanation for the curator (without the row number, added by the caller).
A cell quoted in a message is cut to `text.shorten`'s 60 characters.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from nastavnik_desktop.data.enums import PersonCategory, Sex
from nastavnik_desktop.reports import names
from nastavnik_desktop.services.importing.readers import cell_text
from nastavnik_desktop.services.people.persons import (
    NAME_LABELS,
    name_part_problem,
    strip_invisible,
    tidy_name_part,
)
from nastavnik_desktop.text import LATIN_LOOKALIKES, fix_lookalikes, ru_plural, shorten

EXCEL_EPOCH = dt.date(1899, 12, 30)
OLDEST_BIRTH_YEAR = 1920
MAX_GRADE = 11
_MAX_SERIAL = 2_958_465  # 31.12.9999

_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}
_DMY = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})"
                  r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY_TIME = re.compile(r"^(\d{1,2}[./\-]\d{1,2}[./\-]\d{2,4}) \d{1,2}:\d{2}(?::\d{2})?$")
_WORDS = re.compile(r"^(\d{1,2}) ([а-я]+) (\d{4})$")
_SERIAL = re.compile(r"^\d{4,6}(?:[.,]0+)?$")
_YEAR_SUFFIX = re.compile(r"\s*(г\.?|года?|гг\.?)$")

_NUMBER = re.compile(r"(?:(?<![\d.,])[-−–])?\d+(?:[.,]\d+)?")
"""The first number of a cell with its minus sign (a hyphen, «−» or «–» just before it):
«-3» is minus three, not three; in «5-7» the 5 comes first, and in «педагогический – 12 лет»
the spaced dash is punctuation."""
_CLASS = re.compile(r"^(\d{1,2})\s*[-–]?\s*([А-ЯЁ]{0,3})$")
_QUOTES = str.maketrans("", "", "«»\"'“”„()")

_NAME_ALLOWED = re.compile(r"^[A-Za-zА-Яа-яЁё' .\-]+$")


def parse_name_part(value: Any, what: str) -> str:
    """A part of an ФИО by the rules of every path that creates a person
    (`services/people/persons.py`); a name may have only letters, spaces, «'», «.» and «-»."""
    text = fix_lookalikes(strip_invisible(cell_text(value)).strip(" .,"))
    if text and not _NAME_ALLOWED.match(text):
        raise ValueError(f"{what} «{shorten(text)}» содержит цифры или лишние знаки")
    name = tidy_name_part(text)
    problem = name_part_problem(what, name) if name else None
    if problem:
        raise ValueError(problem)
    return name


def split_full_name(value: Any) -> tuple[str, str, str]:
    """«Иванов Иван Иванович» → (фамилия, имя, отчество); «Алиев Рашид Рустам оглы» keeps
    «Рустам оглы» as the patronymic; «Иван Иванович Иванов» (name first, read by its
    patronymic) is put surname first. At least a surname and a first name are required."""
    text = parse_name_part(value, "ФИО")
    words = text.split()
    if not words:
        raise ValueError("не указаны фамилия и имя")
    if len(words) == 1:
        raise ValueError(f"в ФИО «{shorten(text)}» только одно слово — нужны хотя бы фамилия и имя")
    parts = names.split_full_name(text)  # «Иван Петрович Иванов» too
    for field, part in zip(NAME_LABELS.values(), parts, strict=True):
        problem = name_part_problem(field, part) if part else None
        if problem:
            raise ValueError(problem)
    return parts


def lookalike_note(value: Any, what: str) -> str | None:
    """What `parse_name_part` changed in a name cell by `text.fix_lookalikes`, for the preview
    («в ФИО латинская буква «A» в слове «Антон» заменена такой же русской»), or None."""
    text = strip_invisible(cell_text(value))
    fixed = fix_lookalikes(text)
    if fixed == text:
        return None
    pairs = [(word, new) for word, new in zip(text.split(), fixed.split(), strict=False)
             if word != new]
    letters = sorted({ch for word, _ in pairs for ch in word
                      if ch.translate(LATIN_LOOKALIKES) != ch})
    words = ", ".join(f"«{shorten(tidy_name_part(new), 30)}»" for _, new in pairs)
    shown = ", ".join(f"«{ch}»" for ch in letters)
    if len(letters) == 1:
        letters_part = f"латинская буква {shown}"
        verb = "заменена такой же русской"
    else:
        letters_part = f"латинские буквы {shown}"
        verb = "заменены такими же русскими"
    where = ru_plural(len(pairs), "в слове", "в словах", "в словах")
    return f"{what}: {letters_part} {where} {words} {verb}"


def parse_sex(value: Any) -> Sex | None:
    """м/муж/мужской/male/m and ж/жен/женский/female/f/w; None when empty."""
    text = cell_text(value).lower().strip(" .")
    if not text:
        return None
    if text in {"м", "муж", "мужской", "мужчина", "мальчик", "юноша", "m", "male", "man"}:
        return Sex.MALE
    if text in {"ж", "жен", "женский", "женщина", "девочка", "девушка", "f", "w", "female",
                "woman"}:
        return Sex.FEMALE
    raise ValueError(f"пол «{shorten(cell_text(value))}» не распознан (пишите «м» или «ж»)")


def parse_date(value: Any, today: dt.date) -> dt.date | None:
    """A date in any common form: a cell date, an Excel serial, 01.09.2012, 1.9.12, 2012-09-01,
    «1 сентября 2012 г.». Two-digit years are read as the nearest past year."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError("вместо даты стоит «да/нет»")
    if isinstance(value, int | float):
        return _from_serial(value, cell_text(value))
    text = _YEAR_SUFFIX.sub("", cell_text(value).lower()).strip()
    if not text:
        return None
    time_cut = _DMY_TIME.match(text)
    if time_cut:
        text = time_cut.group(1)
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year <= today.year % 100 else 1900
        return _make_date(year, month, day, text)
    if match := _YMD.match(text):
        year, month, day = (int(g) for g in match.groups())
        return _make_date(year, month, day, text)
    if match := _WORDS.match(text):
        month_word = match.group(2)
        named = next((n for stem, n in _MONTHS.items() if month_word.startswith(stem)), None)
        if named is not None:
            return _make_date(int(match.group(3)), named, int(match.group(1)), text)
    if _SERIAL.match(text):
        return _from_serial(float(text.replace(",", ".")), text)
    raise ValueError(f"дата «{shorten(cell_text(value))}» не распознана (пишите как 01.09.2012)")


def _from_serial(number: float, shown: str) -> dt.date:
    if 1900 <= number <= 2100:  # day 1900..2100 is in 1905: surely a year typed alone
        raise ValueError(f"вместо даты указан только год «{shorten(shown)}»")
    if not 1 <= number <= _MAX_SERIAL or number != int(number):
        raise ValueError(f"«{shorten(shown)}» — не дата (пишите как 01.09.2012)")
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def _make_date(year: int, month: int, day: int, shown: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"даты «{shorten(shown)}» не бывает (проверьте день и месяц)") from None


def check_birth_date(birth: dt.date, today: dt.date) -> None:
    if birth > today:
        raise ValueError(f"дата рождения {birth:%d.%m.%Y} — в будущем")
    if birth.year < OLDEST_BIRTH_YEAR:
        raise ValueError(f"дата рождения {birth:%d.%m.%Y} — слишком давняя, проверьте год")


def parse_class(value: Any) -> str:
    """«5а», «5 А», «5-A», «10 «Б» класс» → «5А», «10Б»; grades 1–11 only."""
    text = cell_text(value).upper().translate(_QUOTES).translate(LATIN_LOOKALIKES)
    text = re.sub(r"\s*КЛ(АСС|\.)?$", "", text).strip()
    if not text:
        return ""
    match = _CLASS.match(text)
    if not match:
        raise ValueError(f"класс «{shorten(cell_text(value))}» не распознан (пишите как «5А»)")
    grade = int(match.group(1))
    if not 1 <= grade <= MAX_GRADE:
        raise ValueError(f"класса «{shorten(cell_text(value))}» не бывает: классы — с 1-го по 11-й")
    return f"{grade}{match.group(2).replace('Ё', 'Е')}"


def parse_number(value: Any, what: str, *, low: float, high: float) -> float | None:
    """The first number in a cell: «12», «12 лет», «5,5 ч»; «-3» is refused, not read as 3."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = cell_text(value)
        if not text:
            return None
        match = _NUMBER.search(text)
        if not match:
            raise ValueError(f"{what} «{shorten(text)}» — не число")
        sign = -1.0 if match.group()[0] in "-−–" else 1.0
        number = sign * float(match.group().lstrip("-−–").replace(",", "."))
    if number < 0 <= low:
        raise ValueError(f"{what} «{shorten(cell_text(value))}» — отрицательное число: "
                         f"укажите {what} от {low:g} до {high:g}")
    if not low <= number <= high:
        raise ValueError(f"{what} {shorten(cell_text(value))} — вне допустимых пределов "
                         f"({low:g}–{high:g})")
    return number


def parse_experience(value: Any, today: dt.date) -> float | None:
    """Years of work: a number («12», «12 лет»), or the date work began, as staff lists often
    give it («Стаж (дата начала работы)»: 01.09.2024) — then full years to `today`."""
    is_date = isinstance(value, dt.date) or (
        isinstance(value, str) and bool(_DMY.match(value.strip()) or _YMD.match(value.strip())))
    if not is_date:
        return parse_number(value, "стаж", low=0, high=70)
    began = parse_date(value, today)
    if began is None:
        return None
    if began > today:
        raise ValueError(f"начало работы {began:%d.%m.%Y} — позже сегодняшнего дня")
    years = today.year - began.year - ((today.month, today.day) < (began.month, began.day))
    if years > 70:
        raise ValueError(f"начало работы {began:%d.%m.%Y} — больше 70 лет назад")
    return float(years)


_CATEGORY_WORDS: tuple[tuple[str, PersonCategory], ...] = (
    ("обучающ", PersonCategory.PUPIL), ("учащ", PersonCategory.PUPIL),
    ("ученик", PersonCategory.PUPIL), ("школьник", PersonCategory.PUPIL),
    ("выпускник", PersonCategory.ALUMNUS), ("студент", PersonCategory.STUDENT),
    ("родител", PersonCategory.PARENT), ("предприниматель", PersonCategory.ENTREPRENEUR),
    ("общественн", PersonCategory.ENTREPRENEUR),
    ("сотрудник предприятия", PersonCategory.EMPLOYEE), ("работодател", PersonCategory.EMPLOYEE),
    ("работник предприятия", PersonCategory.EMPLOYEE),
    ("педагог", PersonCategory.STAFF), ("учител", PersonCategory.STAFF),
    ("сотрудник", PersonCategory.STAFF), ("воспитател", PersonCategory.STAFF),
)
_QUALIFICATION_WORDS = ("высш", "перв", "втор", "соответств", "без категори", "сзд")


def parse_category(value: Any) -> PersonCategory | str | None:
    """A participant category, or the text of a teacher's qualification category
    («высшая», «первая») to keep in the notes; None when empty."""
    text = cell_text(value).lower().replace("ё", "е")
    if not text:
        return None
    if any(w in text for w in _QUALIFICATION_WORDS):
        return cell_text(value)
    for word, category in _CATEGORY_WORDS:
        if word in text:
            return category
    raise ValueError(f"категория «{shorten(cell_text(value))}» не распознана")


def parse_email(value: Any) -> str:
    text = cell_text(value).replace(" ", "")
    if text and not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", text):
        raise ValueError(f"адрес почты «{shorten(text)}» записан неверно")
    return text


def parse_phone(value: Any) -> str:
    text = cell_text(value)
    if len(text) > 50:
        raise ValueError("телефон длиннее 50 знаков")
    return text
