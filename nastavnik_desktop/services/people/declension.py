"""The ФИО in the cases documents need, declined by pytrovich, stored on the person and
correctable by the curator (a stored form always wins over the computed one)."""

from __future__ import annotations

from dataclasses import dataclass

from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.enums import Sex
from nastavnik_desktop.reports.names import Sex as NameSex
from nastavnik_desktop.reports.names import decline_full_name


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
    """The three cases as pytrovich gives them (the sex is guessed from the name if unknown)."""
    name_sex: NameSex | None = None
    if sex is not None:
        name_sex = "м" if sex is Sex.MALE else "ж"
    return DeclinedName(*(decline_full_name(last, first, middle, case, name_sex)
                          for case in ("genitive", "dative", "accusative")))


def stored(person: Person) -> DeclinedName:
    """What is stored on the person (empty where nothing was stored yet)."""
    return DeclinedName(person.name_genitive, person.name_dative, person.name_accusative)


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
