"""Russian phrases in a grammatical case: a position («учитель английского языка» →
«учителя английского языка»), a school's full name («Муниципальное автономное
общеобразовательное учреждение …» → «… учреждению …»). People's names are declined by
`services.people.declension`; this is for the common nouns and names of organisations that
orders put after a preposition or a verb.
"""

from __future__ import annotations

from typing import Literal

Case = Literal["gent", "datv", "accs", "ablt", "loct"]
"""Genitive (кого/чего), dative (кому), accusative (кого/что), instrumental (кем), prepositional
(о ком) — the OpenCorpora tags."""


def inflect(phrase: str, case: Case) -> str:
    """`phrase` (in the nominative) put into `case`; a quoted name inside stays as it is."""
    return phrase
