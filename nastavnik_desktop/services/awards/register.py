"""The register of awards: the one writer of `certificate` rows.

An award is issued once with a registry number unique in the database («2027-001»: the year of
issue and the next number of that year); printing it again keeps the number and records the
day; annulling keeps the row (the number is never given to anyone else) with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import AWARD_NOMINATION_KIND, AwardNomination, CertificateKind
from nastavnik_desktop.data.models import Certificate, Person
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit


@dataclass(frozen=True)
class AwardRequest:
    """One award to issue: to whom, for what, for which pair or group (the best pair)."""

    person_id: int
    nomination: AwardNomination
    pair_id: int | None = None
    wording: str = ""


@dataclass(frozen=True)
class AwardInfo:
    id: int
    registry_number: str
    kind: CertificateKind
    nomination: AwardNomination
    person_id: int
    person_name: str
    pair_id: int | None
    issued_on: dt.date
    order_document_id: int | None
    reissued_on: dt.date | None
    annulled_on: dt.date | None
    annul_reason: str
    wording: str

    @property
    def annulled(self) -> bool:
        return self.annulled_on is not None


def issue_awards(db: Database, programme_id: int, requests: Sequence[AwardRequest], *,
                 issued_on: dt.date, order_document_id: int | None = None) -> list[int]:
    """Record the awards of `requests` in one transaction; their ids, in the same order."""
    with db.transaction() as session:
        return issue_awards_in(session, programme_id, requests, issued_on=issued_on,
                               order_document_id=order_document_id)


def issue_awards_in(session: Session, programme_id: int, requests: Sequence[AwardRequest], *,
                    issued_on: dt.date, order_document_id: int | None = None) -> list[int]:
    """`issue_awards` inside the caller's transaction (the stage 7 wizard's Finish)."""
    numbers = _next_numbers(session, issued_on.year, len(requests))
    rows = []
    for request, number in zip(requests, numbers, strict=True):
        if session.get(Person, request.person_id) is None:
            raise ValidationError("Участник программы не найден: возможно, его удалили. "
                                  "Обновите список и повторите.")
        row = Certificate(registry_number=number, kind=AWARD_NOMINATION_KIND[request.nomination],
                          nomination=request.nomination, person_id=request.person_id,
                          pair_id=request.pair_id, programme_id=programme_id,
                          issued_document_id=order_document_id, issued_on=issued_on,
                          wording=request.wording)
        session.add(row)
        rows.append(row)
    session.flush()
    if rows:
        audit.record(session, "issue", "certificate", None,
                     f"Выдано наград: {len(rows)}", ids=[row.id for row in rows])
    return [row.id for row in rows]


def list_awards(db: Database, programme_id: int) -> list[AwardInfo]:
    """The programme's awards in the order of their numbers, annulled ones included."""
    with db.reading() as session:
        rows = session.execute(select(Certificate, Person).join(
            Person, Person.id == Certificate.person_id).where(
            Certificate.programme_id == programme_id).order_by(Certificate.id)).all()
        return [_info(row, person) for row, person in rows]


def reissue(db: Database, award_ids: Iterable[int], *, on: dt.date) -> None:
    """Record that the awards were printed again on `on` (their numbers stay)."""
    with db.transaction() as session:
        for row in _rows(session, award_ids):
            row.reissued_on = on


def annul(db: Database, award_ids: Iterable[int], *, reason: str, on: dt.date) -> None:
    """Annul the awards: kept in the register with the day and the reason."""
    with db.transaction() as session:
        for row in _rows(session, award_ids):
            row.annulled_on, row.annul_reason = on, reason.strip()



def link_order_in(session: Session, award_ids: Iterable[int], document_id: int) -> None:
    """Record the order `document_id` as the ground of the awards (inside the caller's
    transaction: `documents.issue_document` once the awards order is recorded)."""
    for row in _rows(session, award_ids):
        row.issued_document_id = document_id

def _rows(session: Session, award_ids: Iterable[int]) -> list[Certificate]:
    ids = list(award_ids)
    return list(session.scalars(select(Certificate).where(Certificate.id.in_(ids))))


def _next_numbers(session: Session, year: int, count: int) -> list[str]:
    prefix = f"{year}-"
    used = session.scalars(select(Certificate.registry_number).where(
        Certificate.registry_number.like(f"{prefix}%")))
    last = max((int(n[len(prefix):]) for n in used if n[len(prefix):].isdigit()), default=0)
    return [f"{prefix}{last + i:03d}" for i in range(1, count + 1)]


def _info(row: Certificate, person: Person) -> AwardInfo:
    return AwardInfo(id=row.id, registry_number=row.registry_number, kind=row.kind,
                     nomination=row.nomination, person_id=row.person_id,
                     person_name=person.full_name, pair_id=row.pair_id, issued_on=row.issued_on,
                     order_document_id=row.issued_document_id, reissued_on=row.reissued_on,
                     annulled_on=row.annulled_on, annul_reason=row.annul_reason,
                     wording=row.wording)
