from __future__ import annotations

import pytest

from nastavnik_desktop.text import (
    alphabetical_key,
    count_phrase,
    fix_lookalikes,
    format_number,
    mixed_alphabet_word,
    ru_plural,
    shorten,
    size_text,
)


def test_size_text() -> None:
    assert [size_text(n) for n in (0, 300, 600 * 1024, 3_400_000, 15 * 1024 ** 3)] == [
        "0 КБ", "1 КБ", "600 КБ", "3,2 МБ", "15,0 ГБ"]


@pytest.mark.parametrize(("n", "expected"), [
    (0, "пар"), (1, "пара"), (2, "пары"), (4, "пары"), (5, "пар"), (11, "пар"), (12, "пар"),
    (14, "пар"), (21, "пара"), (22, "пары"), (25, "пар"), (101, "пара"), (111, "пар"),
    (112, "пар"), (1001, "пара"), (-3, "пары"),
])
def test_ru_plural(n: int, expected: str) -> None:
    assert ru_plural(n, "пара", "пары", "пар") == expected


def test_numbers_use_a_non_breaking_space_between_thousands() -> None:
    assert format_number(999) == "999"
    assert format_number(12345) == "12\u00a0345"
    assert count_phrase(1250, "обучающийся", "обучающихся", "обучающихся") \
        == "1\u00a0250\u00a0обучающихся"


LATIN_A, LATIN_O = "A", "o"  # spelt out so that no editor «fixes» them


def test_lookalikes_are_fixed_only_in_mostly_russian_words() -> None:
    assert fix_lookalikes(f"Ильин {LATIN_A}нтон") == "Ильин Антон"
    assert fix_lookalikes(f"Римский-K{LATIN_O}рсаков") == "Римский-Корсаков"
    assert fix_lookalikes("Smirnoв Олег") == "Smirnoв Олег"  # mostly Latin: not a slip
    assert fix_lookalikes("Ивanов") == "Ивanов"  # «n» looks like no Russian letter
    assert fix_lookalikes("John Smith") == "John Smith"
    assert mixed_alphabet_word("Smirnoв Олег") == "Smirnoв"
    assert mixed_alphabet_word(f"Смирн{LATIN_O}в") is None
    assert mixed_alphabet_word("Петров-Smith") is None


def test_the_sort_and_search_key_reads_lookalikes_as_russian() -> None:
    assert alphabetical_key(f"Смирн{LATIN_O}в") == alphabetical_key("Смирнов") == "смирнов"
    assert alphabetical_key("Ёлкин") == "елкин"


def test_shorten_cuts_a_long_text_with_an_ellipsis() -> None:
    assert shorten("коротко") == "коротко"
    long = shorten("я" * 10_000)
    assert len(long) == 60 and long.endswith("…")
    assert shorten("a\nb   c", limit=10) == "a b c"
    assert len(shorten("слово " * 100, limit=20)) <= 20
