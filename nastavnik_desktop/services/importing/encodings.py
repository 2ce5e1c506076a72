"""Which encoding a school's text table (.csv, .txt) is written in.

Excel on Windows saves «CSV» in cp1251 and «Текст Юникод» in UTF-16 with a BOM (tab-separated);
LibreOffice and web journals write UTF-8; old DOS programs and some Linux exports write cp866 or
KOI8-R. A BOM decides; otherwise UTF-8 if the bytes are valid UTF-8, UTF-16 if every other byte
is zero, and among the Russian one-byte encodings the one whose words read as Russian words.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
ONE_BYTE_RUSSIAN = ("cp1251", "cp866", "koi8_r")
"""In this order when two read equally well (cp1251 is what Excel writes)."""

_SAMPLE = 64 * 1024
_WORD = re.compile(r"[^\W\d_]+")
_FREQUENT = frozenset("оеаинтсрвлкмдпу")


def text_encoding(head: bytes) -> str | None:
    """The encoding of a file starting with `head` when it has a BOM or is UTF-16 without one
    (zero bytes in every other place), else None (a one-byte or UTF-8 file, or not text)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    sample = head[: len(head) // 2 * 2]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) * 4 >= len(zeros) and other.count(0) == 0:
            return encoding
    return None


def looks_like_text(head: bytes) -> bool:
    """Whether a file starting with `head` can be a text table: no zero bytes, unless UTF-16."""
    return b"\x00" not in head or text_encoding(head) is not None


def decode_text(data: bytes) -> str:
    """The text of a table file, the BOM taken off; bytes that fit no encoding become «�»."""
    encoding = text_encoding(data[:4096])
    if encoding is not None:
        for bom, _name in _BOMS:
            if data.startswith(bom):
                data = data[len(bom):]
                break
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:_SAMPLE]
    best = max(ONE_BYTE_RUSSIAN,
               key=lambda name: (_russian_score(sample.decode(name, errors="replace")),
                                 -ONE_BYTE_RUSSIAN.index(name)))
    return data.decode(best, errors="replace")


def _russian_score(text: str) -> float:
    """How much `text` reads as Russian: words in one case or capitalised («Иванов», «ФИО»,
    «класс») and frequent letters count for it; words with capitals inside («иВАНОВ»), which a
    wrong one-byte encoding gives, and pseudographics or other symbols count against it."""
    score = 0.0
    for word in _WORD.findall(text):
        if not any("а" <= ch <= "я" or "А" <= ch <= "Я" or ch in "Ёё" for ch in word):
            continue
        if word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower()):
            score += len(word)
        else:
            score -= len(word)
        score += 0.5 * sum(1 for ch in word.lower() if ch in _FREQUENT)
    for ch in text:
        if ord(ch) > 127 and unicodedata.category(ch)[0] not in "LNPZ":
            score -= 2
    return score
