"""Named exports: the bases and the pair list with names, for outside the school, only on
purpose.

Three gates, all here: the curator asks for them explicitly (there is no default named file);
only people whose personal-data consent is on record and in force (for a minor, the parent's —
the rule is `people/consent`'s: `latest_personal_data`, `is_minor`, `consent_state`) are
written, the others are left out and counted (`NamedPlan.left_out` says who and why, for the
curator's warning); and the file is always encrypted (`crypto`: an ECMA-376 .xlsx, or an
AES-256 zip holding the plain .xlsx). Printed archive documents of the school stay complete:
they are not written for outside.

A person left out appears nowhere in the file: not in his own row, not as the mentor or a
mentee named in someone else's row («Наставник», «Наставляемые»), not as the parent named in a
child's row (his name and phone are replaced by «— (нет согласия)» there; the parent is matched
by the full name, so a namesake's name goes too — safe rather than sorry).

A row of the pair list whose mentor or a mentee is left out stays, with that person's name and
class or position replaced by «— (нет согласия)»: the consented people of a pair or a group of
thirty are not dropped for one classmate, and the number of pairs stays true; the placeholder
says nothing about who it is (the left-out mentees go after the named ones, not in their
alphabetical place). A row in which nobody has consent is left out whole — it would name no
one.

The workbook is written by `reports/named_workbook` (the one openpyxl writer underneath) into
memory — the plain file never touches a disk; only the encrypted bytes leave this module. The
password is an argument, never stored nor logged.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.data.models import MenteeProfile, MentorProfile, Person
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.files import safe_file_name
from nastavnik_desktop.reports.named_workbook import NamedWorkbook, named_workbook
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.reports.pairs import PairListRow
from nastavnik_desktop.services.exchange import crypto
from nastavnik_desktop.services.paper_data import (
    PairListEntry,
    bases_heading,
    bases_of_rows,
    pair_list_entries,
)
from nastavnik_desktop.services.people import MenteeRow, MentorRow, mentee_base, mentor_base
from nastavnik_desktop.services.people.consent import (
    ConsentInfo,
    ConsentState,
    consent_state,
    is_minor,
    latest_personal_data,
)
from nastavnik_desktop.text import alphabetical_key, count_phrase, full_name

_Row = TypeVar("_Row", MenteeRow, MentorRow)

NO_CONSENT = "— (нет согласия)"
"""What stands in a cell instead of a person left out."""


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


PACKING_LABELS = {Packing.XLSX: "Зашифрованная книга Excel (.xlsx)",
                  Packing.ZIP: "Архив ZIP с паролем (AES-256)"}


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


# --- the gate ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    id: int
    full_name: str
    short_name: str
    place: str
    state: ConsentState
    consent: ConsentInfo | None

    @property
    def allowed(self) -> bool:
        return self.state.present

    @property
    def reason(self) -> str:
        if self.state is ConsentState.PARENT_MISSING:
            revoked = (self.consent is not None and self.consent.by_representative
                       and not self.consent.in_force)
            return "согласие родителя отозвано" if revoked else "нет согласия родителя"
        if self.state is ConsentState.REVOKED:
            return "согласие отозвано"
        return "нет согласия"

    @property
    def left_out_line(self) -> str:
        who = f"{self.full_name}, {self.place}" if self.place else self.full_name
        return f"{who} — {self.reason}"


def _people(session: Session, programme_id: int, today: dt.date) -> dict[int, _Person]:
    """Everyone the programme's bases and pairs may name (the holders of its profiles), with
    his personal-data consent state on `today`."""
    holders = union(
        select(MenteeProfile.person_id).where(MenteeProfile.programme_id == programme_id),
        select(MentorProfile.person_id).where(MentorProfile.programme_id == programme_id))
    rows = session.execute(
        select(Person.id, Person.last_name, Person.first_name, Person.middle_name,
               Person.birth_date, Person.category, Person.class_name, Person.position,
               Person.organisation)
        .where(Person.id.in_(select(holders.subquery().c[0])))).all()
    consents = latest_personal_data(session, [row.id for row in rows])
    people = {}
    for row in rows:
        category = PersonCategory(row.category)
        consent = consents.get(row.id)
        state = consent_state(consent, is_minor(row.birth_date, category, today))
        people[row.id] = _Person(
            id=row.id, full_name=full_name(row.last_name, row.first_name, row.middle_name),
            short_name=short_name(row.last_name, row.first_name, row.middle_name),
            place=row.class_name or row.position or row.organisation, state=state,
            consent=consent)
    return people


def _name_key(name: str) -> str:
    """A full name compared loosely: spaces, case and «ё» do not matter."""
    text = unicodedata.normalize("NFC", " ".join(name.split())).casefold()
    return text.replace("ё", "е")


@dataclass(frozen=True)
class _Gated:
    people: dict[int, _Person]
    entries: list[PairListEntry]

    @property
    def left_out_names(self) -> frozenset[str]:
        return frozenset(_name_key(p.full_name) for p in self.people.values() if not p.allowed)

    def allowed(self, person_id: int) -> bool:
        person = self.people.get(person_id)
        return person is not None and person.allowed

    def partners(self) -> dict[int, set[int]]:
        """person id → the people on the other side of his pairs and groups in work."""
        found: dict[int, set[int]] = defaultdict(set)
        for entry in self.entries:
            for mentee in entry.mentee_ids:
                found[entry.mentor_id].add(mentee)
                found[mentee].add(entry.mentor_id)
        return found

    def pair_rows(self) -> list[PairListRow]:
        rows = []
        for entry in self.entries:
            mentor_in = self.allowed(entry.mentor_id)
            named = [(name, place) for (name, place), pid
                     in zip(entry.row.mentees, entry.mentee_ids, strict=True) if self.allowed(pid)]
            hidden = len(entry.mentee_ids) - len(named)
            if not mentor_in and not named:
                continue
            rows.append(replace(
                entry.row, mentor=entry.row.mentor if mentor_in else NO_CONSENT,
                mentor_place=entry.row.mentor_place if mentor_in else "",
                mentees=[*named, *[(NO_CONSENT, "")] * hidden]))
        return rows

    def base_rows(self, rows: Sequence[_Row]) -> list[_Row]:
        """The rows of people with consent, without the names of those left out in their
        partners' and parent's cells."""
        partners = self.partners()
        left_out_parents = self.left_out_names
        kept = []
        for row in rows:
            if not self.allowed(row.person_id):
                continue
            others = [self.people[p] for p in partners.get(row.person_id, ()) if p in self.people]
            named = {p.short_name for p in others if p.allowed}
            unnamed = {p.short_name for p in others if not p.allowed} - named
            changes: dict[str, object] = {}
            if unnamed:
                changes["partners"] = tuple(n for n in row.partners if n not in unnamed)
            if row.parent_name and _name_key(row.parent_name) in left_out_parents:
                changes["parent_name"], changes["parent_phone"] = NO_CONSENT, ""
            kept.append(replace(row, **changes) if changes else row)  # type: ignore[arg-type]
        return kept


def _gate(db: Database, programme_id: int, today: dt.date) -> _Gated:
    with db.reading() as session:
        return _Gated(_people(session, programme_id, today),
                      pair_list_entries(session, programme_id))


def _plan(gated: _Gated, kinds: tuple[NamedKind, ...]) -> NamedPlan:
    if NamedKind.BASES in kinds:
        ids = set(gated.people)
    else:
        ids = {pid for entry in gated.entries for pid in (entry.mentor_id, *entry.mentee_ids)}
    people = [gated.people[pid] for pid in ids if pid in gated.people]
    left_out = sorted((p for p in people if not p.allowed),
                      key=lambda p: (alphabetical_key(p.full_name), p.id))
    return NamedPlan(kinds=kinds, included=sum(1 for p in people if p.allowed),
                     left_out=tuple(p.left_out_line for p in left_out))


def _checked_kinds(kinds: Sequence[NamedKind]) -> tuple[NamedKind, ...]:
    chosen = tuple(kind for kind in NamedKind if kind in kinds)
    if not chosen:
        raise ValidationError("Выберите, что выгрузить: базы наставляемых и наставников "
                              "или список пар и групп.")
    return chosen


# --- the export --------------------------------------------------------------------------------


def plan_named(db: Database, programme_id: int, kinds: tuple[NamedKind, ...], *,
               today: dt.date) -> NamedPlan:
    """Who a named export of `kinds` would hold and who it leaves out (nothing chosen: an
    empty plan)."""
    chosen = tuple(kind for kind in NamedKind if kind in kinds)
    if not chosen:
        return NamedPlan(kinds=(), included=0, left_out=())
    return _plan(_gate(db, programme_id, today), chosen)


def left_out_note(count: int) -> str:
    """The line under each sheet's date, or empty."""
    if not count:
        return ""
    return (f"Не включены: {count_phrase(count, 'человек', 'человека', 'человек')} — нет "
            "согласия на обработку персональных данных (для несовершеннолетних — согласия "
            "родителя или законного представителя).")


def named_title(kinds: tuple[NamedKind, ...]) -> str:
    if len(kinds) == 1:
        return NAMED_KIND_LABELS[kinds[0]]
    return "Базы и список пар"


def named_file_name(kinds: tuple[NamedKind, ...], today: dt.date, packing: Packing) -> str:
    return safe_file_name(f"{named_title(kinds)} {today:%d.%m.%Y}", f".{packing.value}")


def named_file(db: Database, programme_id: int, kinds: tuple[NamedKind, ...], *,
               today: dt.date, password: str, repeat: str | None = None,
               packing: Packing = Packing.XLSX) -> NamedFile:
    """The encrypted file of a named export (refused without a sound password or with nothing
    chosen)."""
    problem = crypto.password_problem(password, password if repeat is None else repeat)
    if problem:
        raise ValidationError(problem)
    chosen = _checked_kinds(kinds)
    gated = _gate(db, programme_id, today)
    plan = _plan(gated, chosen)
    school, year = bases_heading(db, programme_id)
    bases = None
    if NamedKind.BASES in chosen:
        bases = bases_of_rows(school, year,
                              gated.base_rows(mentee_base(db, programme_id, today=today)),
                              gated.base_rows(mentor_base(db, programme_id, today=today)))
    data = NamedWorkbook(organisation_full_name=school.full_name, school_year=year, as_of=today,
                         bases=bases,
                         pairs=gated.pair_rows() if NamedKind.PAIRS in chosen else None,
                         note=left_out_note(plan.left_out_count))
    inner = named_file_name(chosen, today, Packing.XLSX)
    stream = io.BytesIO()  # the plain workbook never touches a disk
    named_workbook(data, stream)
    plain = stream.getvalue()
    if packing is Packing.ZIP:
        packed = crypto.aes_zip({inner: plain}, password)
    else:
        packed = crypto.encrypt_xlsx(plain, password)
    return NamedFile(data=packed, file_name=named_file_name(chosen, today, packing), plan=plan)


def export_named(db: Database, programme_id: int, out: Path, kinds: tuple[NamedKind, ...], *,
                 today: dt.date, password: str) -> NamedPlan:
    """The command line's named export into `out` (.xlsx encrypted, .zip an AES zip)."""
    suffix = Path(out).suffix.lower()
    if suffix not in (".xlsx", ".zip"):
        raise ValidationError("Именный файл сохраняется только как зашифрованная книга .xlsx "
                              "или архив .zip с паролем: укажите файл с таким расширением.")
    packing = Packing.ZIP if suffix == ".zip" else Packing.XLSX
    made = named_file(db, programme_id, kinds, today=today, password=password, packing=packing)
    from nastavnik_desktop.files import atomic_write

    with atomic_write(Path(out)) as stream:
        stream.write(made.data)
    return made.plan
