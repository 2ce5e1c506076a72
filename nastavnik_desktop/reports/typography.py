"""Text going into a PDF paragraph: escaped for reportlab's markup, with no-break spaces.

A line must not end in «№», split «И. И.» from «Иванов», or leave «г.» alone at the start of
the next line; a secretary fixes that by hand in Word, here it is done once for all documents.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

NBSP = "\u00a0"

_AFTER_NUMBER_SIGN = re.compile(r"№\s+")
_INITIAL_THEN_WORD = re.compile(
    r"(?<![А-ЯЁа-яёA-Za-z])([А-ЯЁA-Z](?:\.-[А-ЯЁA-Z])?\.)[^\S\n]+(?=[А-ЯЁA-Z])")
_SURNAME_THEN_INITIAL = re.compile(r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)[^\S\n]+(?=[А-ЯЁ]\.)")
# a line break the text asks for («\n», a list in a cell) is kept: only spaces are glued
_SPACE_BEFORE_DASH = re.compile(r" +(?=[–—] )")
_NUMBER_THEN_ABBREVIATION = re.compile(r"(\d)\s+(?=(?:г|гг|год|чел|руб|ч|мин|стр|с)\.)")


def no_break(text: str) -> str:
    """Glue «№ 5», «И. И. Иванов», «Иванов И. И.», «2025 г.» with no-break spaces, and keep
    a dash from starting a line («ученик – ученик»)."""
    text = _AFTER_NUMBER_SIGN.sub("№" + NBSP, text)
    text = _SPACE_BEFORE_DASH.sub(NBSP, text)
    text = _INITIAL_THEN_WORD.sub(r"\1" + NBSP, text)
    text = _SURNAME_THEN_INITIAL.sub(r"\1" + NBSP, text)
    return _NUMBER_THEN_ABBREVIATION.sub(r"\1" + NBSP, text)


def paragraph_text(text: str) -> str:
    """Plain text as safe reportlab Paragraph markup: escaped, line breaks kept."""
    return escape(no_break(text)).replace("\n", "<br/>")
