"""The ФИО in the cases documents need, declined by pytrovich, stored on the person and
correctable by the curator (a stored form always wins over the computed one — except a form
remembered from a document printed before the name rules were fixed: «ИВАНОВа ИВАНа», or the
wrong sex's «Петровы Софьи Ильинична»; no curator types those).

Paper reads a person's name in a case only through `declined`
(tests/unit/services/people/test_hard_names.py fails otherwise)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.enums import Sex
from nastavnik_desktop.reports.names import Sex as NameSex
from nastavnik_desktop.reports.names import decline_full_name, unfixed_forms

_BROKEN_CAPITALS_RE = re.compile(r"[А-ЯЁ]{2,}[а-яё]")
"""«ИВАНОВа»: an ending put on a name stored in capitals, as printed before the fix."""


@dataclass(frozen=True)
class DeclinedName:
    genitive: str
    """кого? чего? — «Ивановой Анны Сергеевны»"""
    dative: str
    """кому? чему? — «Ивановой Анне Сергеевне»"""
    accusative: str
    """кого? что? — «Иванову Анну Сергеевну»"""


EMPTY = DeclinedName("", "", "")


def decline(last: str, first: str, middle: str, sex: Sex | None) -> DeclinedName:
    """The three cases as pytrovich gives them (the sex is guessed from the name if unknown;
    the patronymic's wins)."""
    name_sex = _name_sex(sex)
    return DeclinedName(*(decline_full_name(last, first, middle, case, name_sex)
                          for case in ("genitive", "dative", "accusative")))


def _name_sex(sex: Sex | None) -> NameSex | None:
    if sex is None:
        return None
    return "м" if sex is Sex.MALE else "ж"


def stored(person: Person) -> DeclinedName:
    """What is stored on the person (empty where nothing was stored yet, and where a form
    remembered before the name rules were fixed is stored: computed again)."""
    forms = DeclinedName(person.name_genitive, person.name_dative, person.name_accusative)
    if forms == EMPTY:
        return forms
    stale = unfixed_forms(person.last_name, person.first_name, person.middle_name,
                          _name_sex(person.sex))

    def kept(form: str) -> str:
        return "" if form in stale or _BROKEN_CAPITALS_RE.search(form) else form

    return DeclinedName(kept(forms.genitive), kept(forms.dative), kept(forms.accusative))


def declined(person: Person) -> DeclinedName:
    """The stored forms, the computed ones where nothing is stored."""
    mine = stored(person)
    if all((mine.genitive, mine.dative, mine.accusative)):
        return mine
    auto = decline(person.last_name, person.first_name, person.middle_name, person.sex)
    return DeclinedName(mine.genitive or auto.genitive, mine.dative or auto.dative,
                        mine.accusative or auto.accusative)


def remember(person: Person) -> bool:
    """Store the forms used in a document, so they stay as printed and can be corrected;
    returns whether anything was stored."""
    forms = declined(person)
    if forms == stored(person):
        return False
    person.name_genitive, person.name_dative, person.name_accusative = (
        forms.genitive, forms.dative, forms.accusative)
    return True


def store(person: Person, forms: DeclinedName) -> None:
    """Keep the curator's corrections (spaces tidied; an empty field is computed again)."""
    person.name_genitive, person.name_dative, person.name_accusative = (
        " ".join(forms.genitive.split()), " ".join(forms.dative.split()),
        " ".join(forms.accusative.split()))
