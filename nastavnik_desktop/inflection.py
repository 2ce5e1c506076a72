"""Russian phrases in a grammatical case: a position («учитель английского языка» →
«учителя английского языка»), a school's full name («Муниципальное автономное
общеобразовательное учреждение …» → «… учреждению …»). People's names are declined by
`services.people.declension`; this is for the common nouns and names of organisations that
orders put after a preposition or a verb.

The words are declined up to and including the head noun (the first noun of the phrase); the
adjectives before it agree with it; what follows the head noun (its genitive complement
«английского языка», «директора по УВР», a name in quotes, «№ 7») stays as written, and
nothing after the first quote or «№» is touched. A phrase the dictionary does not know well
enough (an unknown word before the head noun, no noun at all) is not declined:
`try_inflect` answers None and the caller phrases its sentence so the nominative stands.

The morphology is pymorphy3 with its Russian dictionary (OpenCorpora), imported on first use:
the first screen never pays for it (about 0.2 s on first use, then about 1 ms a phrase;
the dictionary is 16 MB on disk).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer
    from pymorphy3.analyzer import Parse

Case = Literal["gent", "datv", "accs", "ablt", "loct"]
"""Genitive (кого/чего), dative (кому), accusative (кого/что), instrumental (кем), prepositional
(о ком) — the OpenCorpora tags."""

_STOP = re.compile(r"[«\"“„'№(]")
_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
_lock = threading.Lock()
_ADJECTIVES = ("ADJF", "PRTF")


@lru_cache(maxsize=1)
def _analyzer() -> MorphAnalyzer:
    with _lock:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang="ru")


def inflect(phrase: str, case: Case) -> str:
    """`phrase` (in the nominative) put into `case`; a quoted name inside stays as it is.
    A phrase that cannot be declined reliably comes back unchanged."""
    declined = try_inflect(phrase, case)
    return phrase if declined is None else declined


def try_inflect(phrase: str, case: Case) -> str | None:
    """`phrase` in `case`, or None when the dictionary does not allow declining it reliably."""
    text = " ".join(phrase.split())
    if not text:
        return None
    stop = _STOP.search(text)
    head_part, tail = (text[:stop.start()], text[stop.start():]) if stop else (text, "")
    words = list(_WORD.finditer(head_part))
    if not words:
        return None
    plan = _plan(head_part, words)
    if plan is None:
        return None
    noun_index, parses = plan
    noun = parses[noun_index]
    replaced: list[tuple[int, int, str]] = []
    for index, (match, parse) in enumerate(zip(words, parses, strict=False)):
        if index > noun_index:
            break
        form = _declined_word(match.group(), parse, noun, case, is_head=index == noun_index)
        if form is None:
            return None
        replaced.append((match.start(), match.end(), form))
    out = head_part
    for start, end, form in reversed(replaced):
        out = out[:start] + form + out[end:]
    return out + tail


def _plan(head_part: str, words: list[re.Match[str]]) -> tuple[int, list[Parse]] | None:
    """The index of the head noun and the parse of each word up to it; None when a word
    before it is not a nominative adjective the dictionary knows, or there is no noun.

    A word is an adjective of the head when it can be a nominative adjective agreeing with a
    nominative reading of the next word («Частное учреждение», «старший вожатый»: «частное»
    and «старший» are nouns too); the first word that is not is the head noun (or a noun made
    of an adjective, «вожатый»)."""
    morph = _analyzer()
    readings: list[list[Parse]] = []
    for match in words:
        word = match.group()
        if word.isupper() and len(word) > 1:
            break  # an abbreviation («МБОУ», «УВР»): a head before it is all we can decline
        options = [p for p in morph.parse(word) if "nomn" in p.tag]
        if not options or not morph.word_is_known(word.split("-")[0].lower()):
            break
        readings.append(options)
    parses: list[Parse] = []
    for index, options in enumerate(readings):
        following = readings[index + 1] if index + 1 < len(readings) else []
        adjective = next((p for p in options if p.tag.POS in _ADJECTIVES
                          and any(_agree(p, q) for q in following)), None)
        if adjective is not None:
            parses.append(adjective)
            continue
        head = next((p for p in options if p.tag.POS == "NOUN"), None) \
            or next((p for p in options if p.tag.POS in _ADJECTIVES), None)
        if head is None:
            return None
        parses.append(head)
        return index, parses
    return None


def _agree(adjective: Parse, other: Parse) -> bool:
    """`adjective` may stand before `other` in the nominative: same number and gender."""
    if other.tag.POS not in ("NOUN", *_ADJECTIVES):
        return False
    if adjective.tag.number != other.tag.number:
        return False
    return adjective.tag.number == "plur" or adjective.tag.gender == other.tag.gender


def _declined_word(word: str, parse: Parse, noun: Parse, case: Case, *,
                   is_head: bool) -> str | None:
    if "-" in word and is_head:
        parts = [_declined_word(part, _noun_parse(part) or parse, noun, case, is_head=True)
                 if _noun_parse(part) is not None else part for part in word.split("-")]
        if any(p is None for p in parts):
            return None
        return "-".join(p for p in parts if p is not None)
    grammemes: set[str] = {case}
    if not is_head:
        number = noun.tag.number or "sing"
        grammemes.add(number)
        if number == "sing" and noun.tag.gender:
            grammemes.add(noun.tag.gender)
        if case == "accs" and (number == "plur" or noun.tag.gender == "masc"):
            grammemes.add("anim" if noun.tag.animacy == "anim" else "inan")
    inflected = parse.inflect(grammemes)
    if inflected is None:
        return None
    return _same_capitals(word, inflected.word)


@lru_cache(maxsize=256)
def _noun_parse(word: str) -> Parse | None:
    """The nominative noun reading of a part of a hyphenated noun («педагог», «психолог»)."""
    return next((p for p in _analyzer().parse(word)
                 if p.tag.POS == "NOUN" and "nomn" in p.tag), None)


def _same_capitals(original: str, form: str) -> str:
    """`form` written with the capitals of `original` («Муниципальное» → «Муниципальном»)."""
    form = form.replace("ё", "е") if "ё" not in original.lower() else form
    if original.isupper() and len(original) > 1:
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form
