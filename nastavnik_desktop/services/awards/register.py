"""The register of awards: the one writer of `certificate` rows.

- **Numbers.** An award is issued once with a registry number unique in the database:
  «2027-001» — the year of issue, a hyphen and the next number of that year, three digits at
  least («2027-1000» after «2027-999»). `registry_number` below is the one place of the format.
- **Fit.** A batch is checked whole before anything is written (one transaction, all or
  nothing): each nomination must fit its person (`_misfit`: a participant's certificate to a
  mentee or mentor of the programme; «Лучший наставник» to a mentor; «Лучшая наставническая
  пара» to the mentor or a mentee of the pair named with it; the letter to a mentor to one
  from an organisation — `person.organisation` set; the letter to the parents to a pupil who
  is a mentor with the parent's name recorded). A second valid award of the same nomination to
  the same person in the programme (for the best pair: of the same pair) is **refused**, naming
  who, so the ids returned stay in the order of the requests; `awarded_already` lets a caller
  drop such requests first and say how many it dropped.
- **Reissue** keeps the number and records the day (`reissued_on`); an annulled award is not
  reissued. **Annul** keeps the row with the day and the reason (the number is never given to
  anyone else); `restore` is its undo (refused if the person has meanwhile got a valid award
  of that nomination).
- The audit log gets the ids and counts, never a name or a reason typed by the curator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    AWARD_NOMINATION_KIND,
    AWARD_NOMINATION_LABELS,
    AwardNomination,
    CertificateKind,
    PersonCategory,
)
from nastavnik_desktop.data.models import (
    Certificate,
    IssuedDocument,
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    Person,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import format_date, short_name
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.pairs.rules import pair_label, pair_people
from nastavnik_desktop.services.people.persons import person_place


@dataclass(frozen=True)
class AwardRequest:
    """One award to issue: to whom, for what, for which pair or group (the best pair)."""

    person_id: int
    nomination: AwardNomination
    pair_id: int | None = None
    wording: str = ""
    """What it is for, in the curator's words (empty: the standard wording of the nomination)."""


@dataclass(frozen=True)
class AwardInfo:
    """One row of the register as the UI and the paper read it (fields are only ever added)."""

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
    person_place: str = ""
    """The pupil's class («10А») or the position (and organisation of an external mentor)."""
    pair_label: str = ""
    """The pair or group of a best-pair award («Робототехника (Петров И. И.)»)."""
    order_reference: str = ""
    """The order that grounds it: «от 25.05.2027 № 45-о» (empty: none recorded)."""

    @property
    def annulled(self) -> bool:
        return self.annulled_on is not None

    @property
    def nomination_label(self) -> str:
        """«грамота «Лучший наставник»»."""
        return nomination_label(self.nomination)


def nomination_label(nomination: AwardNomination, *, short: bool = False) -> str:
    """«сертификат участника программы наставничества»; `short` drops «программы
    наставничества» where the programme goes without saying (a table's column, the order's
    appendix)."""
    label = AWARD_NOMINATION_LABELS[nomination]
    return label.replace(" программы наставничества", "") if short else label


def registry_number(year: int, sequence: int) -> str:
    """The printed registry number: «2027-001»."""
    return f"{year}-{sequence:03d}"


def issue_awards(db: Database, programme_id: int, requests: Sequence[AwardRequest], *,
                 issued_on: dt.date, order_document_id: int | None = None) -> list[int]:
    """Record the awards of `requests` in one transaction; their ids, in the same order.
    Raises ValidationError (nothing written) if any request does not fit (see the module)."""
    with db.transaction() as session:
        return issue_awards_in(session, programme_id, requests, issued_on=issued_on,
                               order_document_id=order_document_id)


def issue_awards_in(session: Session, programme_id: int, requests: Sequence[AwardRequest], *,
                    issued_on: dt.date, order_document_id: int | None = None) -> list[int]:
    """`issue_awards` inside the caller's transaction (the stage 7 wizard's Finish)."""
    _check_batch(session, programme_id, requests)
    numbers = _next_numbers(session, issued_on.year, len(requests))
    rows = []
    for request, number in zip(requests, numbers, strict=True):
        row = Certificate(registry_number=number, kind=AWARD_NOMINATION_KIND[request.nomination],
                          nomination=request.nomination, person_id=request.person_id,
                          pair_id=request.pair_id, programme_id=programme_id,
                          issued_document_id=order_document_id, issued_on=issued_on,
                          wording=request.wording.strip())
        session.add(row)
        rows.append(row)
    session.flush()
    if rows:
        audit.record(session, "issue", "certificate", None,
                     f"Выдано наград: {len(rows)}", ids=[row.id for row in rows],
                     numbers=[row.registry_number for row in rows])
    return [row.id for row in rows]


def awarded_already(db: Database, programme_id: int,
                    requests: Sequence[AwardRequest]) -> list[AwardRequest]:
    """The requests whose person already holds a valid award of that nomination (of that pair
    for the best pair) in the programme: a caller that prefers to skip them drops these."""
    with db.reading() as session:
        held = _held(session, programme_id)
        return [request for request in requests if _key(request) in held]


def list_awards(db: Database, programme_id: int) -> list[AwardInfo]:
    """The programme's awards in the order of their numbers, annulled ones included."""
    with db.reading() as session:
        return awards_in(session, programme_id)


def awards_in(session: Session, programme_id: int,
              award_ids: Sequence[int] | None = None) -> list[AwardInfo]:
    """`list_awards` inside a session; only `award_ids` when given."""
    query = (select(Certificate, Person, IssuedDocument)
             .join(Person, Person.id == Certificate.person_id)
             .outerjoin(IssuedDocument, IssuedDocument.id == Certificate.issued_document_id)
             .where(Certificate.programme_id == programme_id).order_by(Certificate.id))
    if award_ids is not None:
        query = query.where(Certificate.id.in_(list(award_ids)))
    rows = session.execute(query).all()
    pair_ids = {row.pair_id for row, _person, _order in rows if row.pair_id is not None}
    labels = {pair.id: pair_label(pair) for pair in session.scalars(
        select(MentoringPair).where(MentoringPair.id.in_(pair_ids)))} if pair_ids else {}
    return [_info(row, person, order, labels.get(row.pair_id or 0, ""))
            for row, person, order in rows]


def reissue(db: Database, award_ids: Iterable[int], *, on: dt.date) -> None:
    """Record that the awards were printed again on `on` (their numbers stay). An annulled
    award is refused: restore it first."""
    with db.transaction() as session:
        rows = _rows(session, award_ids)
        annulled = [row.registry_number for row in rows if row.annulled_on is not None]
        if annulled:
            raise ValidationError(
                f"Награды № {', '.join(annulled)} аннулированы и повторно не печатаются. "
                "Восстановите их или снимите их с выбора.")
        for row in rows:
            row.reissued_on = on
        audit.record(session, "reissue", "certificate", None,
                     f"Повторно напечатано наград: {len(rows)}", ids=[row.id for row in rows])


def annul(db: Database, award_ids: Iterable[int], *, reason: str, on: dt.date) -> None:
    """Annul the awards: kept in the register with the day and the reason (required)."""
    if not reason.strip():
        raise ValidationError("Укажите причину аннулирования: она остаётся в реестре наград.")
    with db.transaction() as session:
        rows = _rows(session, award_ids)
        for row in rows:
            row.annulled_on, row.annul_reason = on, reason.strip()
        audit.record(session, "annul", "certificate", None,
                     f"Аннулировано наград: {len(rows)}", ids=[row.id for row in rows])


def restore(db: Database, award_ids: Iterable[int]) -> None:
    """Undo `annul`: the awards are valid again with their numbers. Refused when the person
    has meanwhile received a valid award of the same nomination."""
    with db.transaction() as session:
        rows = _rows(session, award_ids)
        for row in rows:
            if row.annulled_on is None:
                continue
            valid = session.scalar(select(Certificate.id).where(
                Certificate.programme_id == row.programme_id,
                Certificate.person_id == row.person_id,
                Certificate.nomination == row.nomination,
                Certificate.annulled_on.is_(None), Certificate.id != row.id,
                *((Certificate.pair_id == row.pair_id,)
                  if row.nomination is AwardNomination.BEST_PAIR else ())))
            if valid is not None:
                raise ValidationError(
                    f"Награду № {row.registry_number} нельзя восстановить: её получатель уже "
                    "имеет действующую награду той же номинации.")
            row.annulled_on, row.annul_reason = None, ""
        audit.record(session, "restore", "certificate", None,
                     f"Восстановлено наград: {len(rows)}", ids=[row.id for row in rows])


# -- checks ------------------------------------------------------------------------------

_Key = tuple[int, AwardNomination, int | None]


def _key(request: AwardRequest) -> _Key:
    pair = request.pair_id if request.nomination is AwardNomination.BEST_PAIR else None
    return request.person_id, request.nomination, pair


def _held(session: Session, programme_id: int) -> set[_Key]:
    rows = session.execute(select(Certificate.person_id, Certificate.nomination,
                                  Certificate.pair_id).where(
        Certificate.programme_id == programme_id, Certificate.annulled_on.is_(None)))
    return {(person, nomination, pair if nomination is AwardNomination.BEST_PAIR else None)
            for person, nomination, pair in rows}


@dataclass(frozen=True)
class _Roles:
    mentors: set[int]
    mentees: set[int]
    pair_people: dict[int, set[int]]
    """pair id → its mentor and mentees (the programme's pairs)."""


def _roles(session: Session, programme_id: int) -> _Roles:
    mentors = set(session.scalars(select(MentorProfile.person_id).where(
        MentorProfile.programme_id == programme_id)))
    mentees = set(session.scalars(select(MenteeProfile.person_id).where(
        MenteeProfile.programme_id == programme_id)))
    members: dict[int, set[int]] = {}
    for pair_id, person_id, _is_mentor in pair_people(session, select(MentoringPair.id).where(
            MentoringPair.programme_id == programme_id)):
        members.setdefault(pair_id, set()).add(person_id)
    return _Roles(mentors, mentees, members)


def _check_batch(session: Session, programme_id: int,
                 requests: Sequence[AwardRequest]) -> None:
    """Every request fits, and nobody gets a nomination twice; else nothing is written."""
    _fitting, problems = sort_requests_in(session, programme_id, requests)
    if problems:
        shown = "; ".join(problems[:5]) + (f" и ещё {len(problems) - 5}"
                                           if len(problems) > 5 else "")
        raise ValidationError(f"Награды не выданы: {shown}. Исправьте список награждаемых "
                              "(прежнюю награду можно аннулировать) и повторите.")


def sort_requests_in(session: Session, programme_id: int, requests: Sequence[AwardRequest]
                     ) -> tuple[list[AwardRequest], list[str]]:
    """The requests that can be issued (in their order) and, for the others, «Фамилия И. О.:
    award — why not» (the nomination does not fit, or the person already holds it)."""
    if not requests:
        return [], []
    roles = _roles(session, programme_id)
    held = _held(session, programme_id)
    people = {person.id: person for person in session.scalars(select(Person).where(
        Person.id.in_({request.person_id for request in requests})))}
    fitting: list[AwardRequest] = []
    problems: list[str] = []
    for request in requests:
        person = people.get(request.person_id)
        if person is None:
            raise ValidationError("Участник программы не найден: возможно, его удалили. "
                                  "Обновите список и повторите.")
        name = short_name(person.last_name, person.first_name, person.middle_name)
        label = AWARD_NOMINATION_LABELS[request.nomination]
        misfit = _misfit(request, person, roles)
        if misfit:
            problems.append(f"{name}: {label} — {misfit}")
        elif _key(request) in held:
            problems.append(f"{name}: {label} уже выдан(о) и не аннулирован(о)")
        else:
            fitting.append(request)
        held.add(_key(request))
    return fitting, problems


def _misfit(request: AwardRequest, person: Person, roles: _Roles) -> str:
    """Why the nomination does not fit the person ("" when it does)."""
    nomination, pid = request.nomination, person.id
    if nomination is AwardNomination.PARTICIPANT:
        return "" if pid in roles.mentors or pid in roles.mentees \
            else "не участник программы (нет в базе наставников и наставляемых)"
    if nomination is AwardNomination.BEST_PAIR:
        if request.pair_id is None:
            return "не указана пара или группа"
        members = roles.pair_people.get(request.pair_id)
        if members is None:
            return "пара или группа не найдена в программе"
        return "" if pid in members else "не состоит в этой паре или группе"
    if pid not in roles.mentors:
        return "не наставник программы"
    if nomination is AwardNomination.THANKS_MENTOR and not person.organisation.strip():
        return "не указана организация наставника (письмо направляется по месту работы)"
    if nomination is AwardNomination.THANKS_PARENTS:
        if person.category is not PersonCategory.PUPIL:
            return "письмо родителям — только наставнику-обучающемуся"
        if not person.parent_name.strip():
            return "не указаны ФИО родителя (заполните в карточке)"
    return ""


# -- reading -----------------------------------------------------------------------------

def _rows(session: Session, award_ids: Iterable[int]) -> list[Certificate]:
    ids = list(award_ids)
    return list(session.scalars(select(Certificate).where(Certificate.id.in_(ids))
                                .order_by(Certificate.id)))


def _next_numbers(session: Session, year: int, count: int) -> list[str]:
    prefix = f"{year}-"
    used = session.scalars(select(Certificate.registry_number).where(
        Certificate.registry_number.like(f"{prefix}%")))
    last = max((int(n[len(prefix):]) for n in used if n[len(prefix):].isdigit()), default=0)
    return [registry_number(year, last + i) for i in range(1, count + 1)]


def _info(row: Certificate, person: Person, order: IssuedDocument | None,
          label: str) -> AwardInfo:
    reference = ""
    if order is not None:
        parts = [f"от {format_date(order.issued_on)}" if order.issued_on else "",
                 f"№ {order.number}" if order.number else ""]
        reference = " ".join(part for part in parts if part)
    return AwardInfo(id=row.id, registry_number=row.registry_number, kind=row.kind,
                     nomination=row.nomination, person_id=row.person_id,
                     person_name=person.full_name, pair_id=row.pair_id, issued_on=row.issued_on,
                     order_document_id=row.issued_document_id, reissued_on=row.reissued_on,
                     annulled_on=row.annulled_on, annul_reason=row.annul_reason,
                     wording=row.wording, person_place=person_place(person), pair_label=label,
                     order_reference=reference)


def link_order_in(session: Session, award_ids: Iterable[int], document_id: int) -> None:
    """Record the order `document_id` as the ground of the awards (inside the caller's
    transaction: `documents.issue_document` once the awards order is recorded)."""
    for row in _rows(session, award_ids):
        row.issued_document_id = document_id
