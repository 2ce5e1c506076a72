"""Requisites (реквизиты) of an administrative document: who issues it, what, when, who signs.

Plain data; `document.py` places them on the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nastavnik_desktop.reports.names import format_date, initials_first, split_full_name


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
        МБОУ «СОШ № 7»», «от 05.06.2025 № 45-о». No number when there is one appendix."""
        head = "Приложение" if ordinal is None else f"Приложение № {ordinal}"
        issuer = self.organisation.short_name
        to_document = f"к {self.document_kind} {issuer}".rstrip() if issuer \
            else f"к {self.document_kind}"
        return [head, to_document, self.reference]
