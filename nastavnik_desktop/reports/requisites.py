"""Requisites (реквизиты) of an administrative document: who issues it, what, when, who signs.

Plain data; `document.py` places them on the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nastavnik_desktop.inflection import Case, try_inflect
from nastavnik_desktop.reports.names import format_date, initials_first, split_full_name

_ORGANISATION_IN: dict[Case, str] = {
    "gent": "образовательной организации", "datv": "образовательной организации",
    "accs": "образовательную организацию", "ablt": "образовательной организацией",
    "loct": "образовательной организации"}
"""«образовательная организация» in each case: the noun a full name the dictionary cannot
decline stands after, in the nominative («в образовательной организации — …»)."""


@dataclass(frozen=True)
class Organisation:
    """The issuing school. `parent` is the founder line some schools print above the name
    (e.g. «Управление образования администрации города Твери»)."""

    full_name: str
    short_name: str = ""
    parent: str = ""

    @property
    def display_name(self) -> str:
        return self.short_name or self.full_name

    def name_in(self, case: Case) -> str:
        """The school's name as a sentence needs it in `case`: the short name as it is (an
        abbreviation does not decline), the full name declined («в Муниципальном автономном
        общеобразовательном учреждении «…»»), or — when the dictionary cannot decline it —
        «образовательной организации — Full name» with the name in the nominative."""
        if self.short_name:
            return self.short_name
        first = self.full_name.split()[0] if self.full_name.split() else ""
        if len(first) > 1 and first.isupper():
            return self.full_name  # «МБОУ СОШ № 5» typed as the full name: indeclinable
        declined = try_inflect(self.full_name, case)
        if declined is not None:
            return declined
        return f"{_ORGANISATION_IN[case]} — {self.full_name}"


@dataclass(frozen=True)
class Signer:
    """Who signs: the position as printed («Директор») and the name."""

    position: str
    last_name: str
    first_name: str = ""
    middle_name: str = ""

    @classmethod
    def from_full_name(cls, position: str, full_name: str) -> Signer:
        """Signer("Директор", "Петрова Анна Сергеевна")."""
        last, first, middle = split_full_name(full_name)
        return cls(position=position, last_name=last, first_name=first, middle_name=middle)

    @property
    def signature_name(self) -> str:
        """«А. С. Петрова» — initials before the surname, as under a signature."""
        return initials_first(self.last_name, self.first_name, self.middle_name)


@dataclass(frozen=True)
class Requisites:
    """What an order (приказ) carries besides its text.

    `document_type` is printed as is («ПРИКАЗ»); `document_kind` is the same word in the
    dative for the appendix mark («к приказу»). `title` is the heading «О …».
    """

    organisation: Organisation
    date: dt.date
    number: str
    title: str
    signer: Signer
    document_type: str = "ПРИКАЗ"
    document_kind: str = "приказу"
    place: str = ""
    """The place of compilation under the date: the settlement («г. Тверь»)."""
    document_kind_instrumental: str = "приказом"
    """The same word in the instrumental, for the acquaintance sheet («с приказом»)."""

    @property
    def date_text(self) -> str:
        return format_date(self.date)

    @property
    def number_text(self) -> str:
        return f"№ {self.number}"

    @property
    def reference(self) -> str:
        """«от 05.06.2025 № 45-о»"""
        return f"от {self.date_text} № {self.number}"

    @property
    def pdf_title(self) -> str:
        """«Приказ от 05.06.2025 № 45-о «О внедрении …»» for the PDF's metadata."""
        kind = self.document_type.capitalize()
        return f"{kind} {self.reference} «{self.title}»"

    def appendix_mark(self, ordinal: int | None) -> list[str]:
        """The lines at the top right of an appendix: «Приложение № 1», «к приказу
        МБОУ «СОШ № 7»», «от 05.06.2025 № 45-о» — the point of the order says «согласно
        приложению № 1». No number when `ordinal` is None."""
        head = "Приложение" if ordinal is None else f"Приложение № {ordinal}"
        issuer = self.organisation.short_name
        to_document = f"к {self.document_kind} {issuer}".rstrip() if issuer \
            else f"к {self.document_kind}"
        return [head, to_document, self.reference]


def approval_lines(word: str, organisation: Organisation, issued_on: dt.date | None,
                   number: str) -> list[str]:
    """The stamp at the top right of a document an order approved: «УТВЕРЖДЕНА», «приказом
    МБОУ «СОШ № 7»», «от 01.09.2026 № 45-о» (`word` agrees with the document: УТВЕРЖДЕНА,
    УТВЕРЖДЁН, УТВЕРЖДЕНО)."""
    reference = " ".join(p for p in (f"от {format_date(issued_on)}" if issued_on else "",
                                      f"№ {number}" if number else "") if p)
    if organisation.short_name:
        return [word, f"приказом {organisation.short_name}", reference]
    return [word, f"приказом {reference}"]
