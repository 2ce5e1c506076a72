"""Russian wording and ordering: the full ФИО and the capitals of its words, plural forms,
thousands separators, file sizes (КБ/МБ/ГБ), dates as ДД.ММ.ГГГГ, the natural order of school
classes (screens and paper), Latin look-alike letters inside Russian words, and long texts cut
short for a message."""

from __future__ import annotations

import datetime as dt
import re

NBSP = "\u00a0"
DATE_FORMAT = "%d.%m.%Y"

_CLASS_RE = re.compile(r"^(\d{1,2})\s*[-–]?\s*([^\d\s]*)\s*$")

LATIN_LOOKALIKES = str.maketrans("AaBCcEeËëHKMOoPpTXxYy", "АаВСсЕеЁёНКМОоРрТХхУу")
"""Latin letters drawn like Russian ones (a copied name, a keyboard switched mid-word,
a scanned list): «Aнтон» with a Latin «A» looks right and sorts, searches and matches wrong.
Only the Russian alphabet and only letters drawn the same in common fonts: Unicode's
confusables (UTS #39) for Latin→Russian less «b»→«Ь» and «r»→«г», not alike in small letters;
«n», «u» are not here either. A word with them is not a slip of the eye."""
_LATIN_RE = re.compile(r"[A-Za-zËë]")
_CYRILLIC_RE = re.compile(r"[А-Яа-яЁё]")
_WORD_RE = re.compile(r"[^\W\d_]+")
"""A run of letters: «Римский-Корсаков» is two words here, so one Latin half stays Latin."""
_LATIN_WORD_RE = re.compile(r"[^\W\d_]*[A-Za-zËë][^\W\d_]*")
"""A run of letters with a Latin one in it: the only words `fix_lookalikes` looks at."""


def ru_plural(n: int, one: str, few: str, many: str) -> str:
    """The form of a noun after the number `n`: 1 пара, 2 пары, 5 пар, 11 пар, 21 пара."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def full_name(last: str, first: str = "", middle: str = "") -> str:
    """«Иванов Иван Петрович»: the parts of an ФИО that are there, surname first."""
    return " ".join(part.strip() for part in (last, first, middle) if part.strip())


PATRONYMIC_PARTICLES = frozenset({"оглы", "кызы", "гызы", "улы", "уулу", "заде", "зода"})
"""The Turkic words of a patronymic («Гасан оглы», «Рашид кызы») and of a surname
(«Гасан-заде»): always written in small letters."""
SURNAME_PARTICLES = frozenset({"де", "да", "ди", "дю", "дель", "делла", "ла", "ле", "фон",
                               "ван", "дер", "тер", "аль", "ибн", "бен", "бин"})
"""Small words before a surname («де Голль», «фон Визин», «ван дер Берг»): in small letters
when the name is tidied, but only before another word of the same part («Ле» alone is a
surname)."""
_NAME_PIECE_RE = re.compile(r"([-'’.])")


def tidy_name_case(text: str) -> str:
    """The capitals of one part of an ФИО as a document prints it: a word typed all in capitals
    or all in small letters gets its capital («ИВАНОВ», «иванов» → «Иванов»), each half of a
    hyphenated word and each piece after an apostrophe or a dot alike («САЛТЫКОВ-ЩЕДРИН» →
    «Салтыков-Щедрин», «О'КОННОР» → «О'Коннор», «н.в.» → «Н.В.»); «оглы», «кызы» are small,
    «де», «фон» before a surname too; a word typed with its own capitals («МакКой»,
    «ДиКаприо») stays as typed. Spaces are collapsed."""
    words = text.split()
    return " ".join(_tidy_word(word, before_another=i < len(words) - 1)
                    for i, word in enumerate(words))


def _tidy_word(word: str, *, before_another: bool) -> str:
    lower = word.lower()
    if lower in PATRONYMIC_PARTICLES:
        return lower
    if not (word.isupper() or word.islower()):
        if "-" not in word:
            return word  # «МакКой»: its own capitals
        # «Салтыков-щедрин»: each half on its own
        return "-".join(_tidy_word(piece, before_another=False) for piece in word.split("-"))
    if before_another and lower in SURNAME_PARTICLES:
        return lower
    pieces = _NAME_PIECE_RE.split(lower)
    return "".join(piece if piece in ("-", "'", "’", ".") or piece in PATRONYMIC_PARTICLES
                   else piece[:1].upper() + piece[1:] for piece in pieces)


def capitalised(text: str) -> str:
    """The text with its first letter a capital («пара наставника …» → «Пара наставника …»)."""
    return text[:1].upper() + text[1:]


def format_number(n: int) -> str:
    """`12 345` with a non-breaking space between thousands, as Russian typography wants."""
    return f"{n:,}".replace(",", NBSP)


def size_text(size: int) -> str:
    """A size in bytes as the curator reads it: «512 КБ», «3,2 МБ», «14,7 ГБ»."""
    mb = 1024 * 1024
    if size < mb:
        return f"{max(1, round(size / 1024)) if size else 0} КБ"
    if size < 1024 * mb:
        return f"{size / mb:.1f} МБ".replace(".", ",")
    return f"{size / (1024 * mb):.1f} ГБ".replace(".", ",")


def count_phrase(n: int, one: str, few: str, many: str) -> str:
    """`3 пары`, `1 250 обучающихся` — the number and the noun in the right form."""
    return f"{format_number(n)}{NBSP}{ru_plural(n, one, few, many)}"


def class_sort_key(name: str) -> tuple[int, int, str]:
    """Order school classes naturally: «5А» < «5Б» < «10Б» < «11В» (not «10Б» < «5А»).

    Anything that is not a class («учитель математики») comes after the classes, in
    alphabetical order; an empty name comes last.
    """
    text = name.strip()
    if not text:
        return (2, 0, "")
    match = _CLASS_RE.match(text)
    if match:
        return (0, int(match.group(1)), alphabetical_key(match.group(2)))
    return (1, 0, alphabetical_key(text))


def alphabetical_key(text: str) -> str:
    """Russian dictionary order: case-insensitive, «ё» as «е» (Unicode puts «ё» after «я»),
    Latin look-alikes inside Russian words read as Russian letters (a search for «Смирнов»
    finds «Смирнoв» stored with a Latin «o» before the import fixed such names)."""
    return fix_lookalikes(text).casefold().replace("ё", "е")


def fix_lookalikes(text: str) -> str:
    """`text` with the Latin look-alikes (`LATIN_LOOKALIKES`) in each mostly Russian word
    replaced by Russian letters: «Ильин Aнтон» → «Ильин Антон». Words all in Latin, and words
    mixed beyond a slip (see `mixed_alphabet_word`), are left as they are."""
    if not _LATIN_RE.search(text) or not _CYRILLIC_RE.search(text):
        return text  # the common case, kept fast: sort keys of thousands of names
    return _LATIN_WORD_RE.sub(lambda m: _fixed_word(m.group()), text)


def mixed_alphabet_word(text: str) -> str | None:
    """The first word of `text` that mixes Latin and Russian letters after `fix_lookalikes`
    («Smirnoв», «Ивanов»: Latin letters that are not look-alikes, or as many Latin letters
    as Russian ones), or None."""
    fixed = fix_lookalikes(text)
    if not _LATIN_RE.search(fixed) or not _CYRILLIC_RE.search(fixed):
        return None
    return next((word for word in _WORD_RE.findall(fixed)
                 if _LATIN_RE.search(word) and _CYRILLIC_RE.search(word)), None)


def _fixed_word(word: str) -> str:
    latin = len(_LATIN_RE.findall(word))
    cyrillic = len(_CYRILLIC_RE.findall(word))
    fixed = word.translate(LATIN_LOOKALIKES)
    if cyrillic <= latin or _LATIN_RE.search(fixed):
        return word
    return fixed


def shorten(text: str, limit: int = 60) -> str:
    """`text` on one line and at most `limit` characters, cut with «…»: a message quoting
    a cell must not echo a 10,000-character one whole."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def format_date(value: dt.date | None) -> str:
    """«05.09.2025», or nothing for no date."""
    return value.strftime(DATE_FORMAT) if value else ""


def parse_date(text: str) -> dt.date | None:
    """«05.09.2025» → a date, an empty text → None; anything else raises ValueError."""
    text = text.strip()
    if not text:
        return None
    return dt.datetime.strptime(text, DATE_FORMAT).date()
