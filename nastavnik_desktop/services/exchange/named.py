"""Named exports: the bases and the pair list with names, for outside the school, only on
purpose.

Three gates, all here: the curator asks for them explicitly (there is no default named file);
only people whose personal-data consent is on record and in force (for a minor, the parent's —
`people/consent`) are written, the others are left out and counted; and the file is always
encrypted (`crypto`: an ECMA-376 .xlsx, or an AES-256 zip). Printed archive documents of the
school stay complete: they are not written for outside.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.exchange import crypto


class NamedKind(StrEnum):
    BASES = "bases"
    """The mentee and the mentor base (a sheet each)."""
    PAIRS = "pairs"
    """The pairs and groups in work."""


NAMED_KIND_LABELS = {NamedKind.BASES: "Базы наставляемых и наставников",
                     NamedKind.PAIRS: "Список пар и групп"}


class Packing(StrEnum):
    XLSX = "xlsx"
    """An encrypted .xlsx (opens in Excel / LibreOffice with the password)."""
    ZIP = "zip"
    """An AES-256 zip with the plain .xlsx inside."""


@dataclass(frozen=True)
class NamedPlan:
    """What a named export will hold: how many people, and who is left out and why."""

    kinds: tuple[NamedKind, ...]
    included: int
    left_out: tuple[str, ...]
    """«Иванов Иван Иванович, 7А — нет согласия родителя», for the curator's warning."""

    @property
    def left_out_count(self) -> int:
        return len(self.left_out)


@dataclass(frozen=True)
class NamedFile:
    data: bytes
    file_name: str
    plan: NamedPlan


def plan_named(db: Database, programme_id: int, kinds: tuple[NamedKind, ...], *,
               today: dt.date) -> NamedPlan:
    """Who a named export of `kinds` would hold and who it leaves out."""
    return NamedPlan(kinds=kinds, included=0, left_out=())


def named_file(db: Database, programme_id: int, kinds: tuple[NamedKind, ...], *,
               today: dt.date, password: str, repeat: str | None = None,
               packing: Packing = Packing.XLSX) -> NamedFile:
    """The encrypted file of a named export (refused without a sound password)."""
    problem = crypto.password_problem(password, password if repeat is None else repeat)
    if problem:
        raise ValidationError(problem)
    raise ValidationError("Именная выгрузка ещё не собрана.")


def export_named(db: Database, programme_id: int, out: Path, kinds: tuple[NamedKind, ...], *,
                 today: dt.date, password: str) -> NamedPlan:
    """The command line's named export into `out` (.xlsx encrypted, .zip an AES zip)."""
    packing = Packing.ZIP if Path(out).suffix.lower() == ".zip" else Packing.XLSX
    made = named_file(db, programme_id, kinds, today=today, password=password, packing=packing)
    from nastavnik_desktop.files import atomic_write

    with atomic_write(Path(out)) as stream:
        stream.write(made.data)
    return made.plan
