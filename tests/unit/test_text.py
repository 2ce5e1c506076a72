from __future__ import annotations

import pytest

from nastavnik_desktop.text import count_phrase, format_number, ru_plural


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
