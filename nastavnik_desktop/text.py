"""Russian wording of numbers: plural forms and thousands separators (screens and paper)."""

from __future__ import annotations

NBSP = "\u00a0"


def ru_plural(n: int, one: str, few: str, many: str) -> str:
    """The form of a noun after the number `n`: 1 пара, 2 пары, 5 пар, 11 пар, 21 пара."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def format_number(n: int) -> str:
    """`12 345` with a non-breaking space between thousands, as Russian typography wants."""
    return f"{n:,}".replace(",", NBSP)


def count_phrase(n: int, one: str, few: str, many: str) -> str:
    """`3 пары`, `1 250 обучающихся` — the number and the noun in the right form."""
    return f"{format_number(n)}{NBSP}{ru_plural(n, one, few, many)}"
