"""The awards as the «Итоги и награды» screen lists them, and the participants' certificates of a
cohort.

`award_rows` is `register.list_awards` with each award's state in words.
`participant_certificates` is who of the programme's pairs gets «сертификат участника» at once
— all the participants, one class, or chosen people — skipping those who already hold a valid
one; the awards themselves are written by `register.issue_awards`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import AwardNomination, PairStatus
from nastavnik_desktop.data.models import (
    Certificate,
    MentoringPair,
    Person,
)
from nastavnik_desktop.services.awards.register import AwardInfo, AwardRequest, list_awards
from nastavnik_desktop.services.pairs.rules import pair_people
from nastavnik_desktop.services.programme import ProgrammeYear, programme_years
from nastavnik_desktop.text import class_sort_key


class AwardState:
    VALID = "valid"
    REPRINTED = "reprinted"
    ANNULLED = "annulled"


STATE_FILTER_LABELS = {AwardState.VALID: "выданные", AwardState.REPRINTED: "напечатанные повторно",
                       AwardState.ANNULLED: "аннулированные"}


@dataclass(frozen=True)
class AwardRow:
    """An award of the register with its state (its class or position, pair and order are the
    register's: `AwardInfo.person_place`, `pair_label`, `order_reference`)."""

    award: AwardInfo

    @property
    def state(self) -> str:
        if self.award.annulled_on is not None:
            return AwardState.ANNULLED
        return AwardState.REPRINTED if self.award.reissued_on is not None else AwardState.VALID

    @property
    def state_text(self) -> str:
        award = self.award
        if award.annulled_on is not None:
            reason = f": {award.annul_reason}" if award.annul_reason else ""
            return f"аннулирована {award.annulled_on:%d.%m.%Y}{reason}"
        if award.reissued_on is not None:
            return f"напечатана повторно {award.reissued_on:%d.%m.%Y}"
        return "выдана"


def award_rows(db: Database, programme_id: int) -> list[AwardRow]:
    """The programme's awards in the order of their numbers, annulled ones included."""
    return [AwardRow(award) for award in list_awards(db, programme_id)]


@dataclass(frozen=True)
class Participant:
    person_id: int
    name: str
    class_name: str
    pair_id: int


@dataclass(frozen=True)
class CohortPlan:
    requests: tuple[AwardRequest, ...]
    already: int
    """How many of the cohort already hold a valid participant's certificate (skipped)."""


def participants(db: Database, programme_id: int) -> list[Participant]:
    """The mentors and mentees of the programme's pairs and groups (not ended early), each
    once (with the first pair he is in, as a mentor first), in the order of names."""
    with db.reading() as session:
        pairs = select(MentoringPair.id).where(MentoringPair.programme_id == programme_id,
                                               MentoringPair.status != PairStatus.TERMINATED)
        first_pair: dict[int, int] = {}
        for pair_id, person_id, _is_mentor in pair_people(session, pairs):
            first_pair.setdefault(person_id, pair_id)
        people = session.scalars(select(Person).where(Person.id.in_(first_pair))) \
            if first_pair else ()
        found = [Participant(p.id, p.full_name, p.class_name, first_pair[p.id]) for p in people]
        return sorted(found, key=lambda p: (p.name.casefold(), p.person_id))


def participant_classes(db: Database, programme_id: int) -> list[str]:
    """The classes of the participants, in school order («5А» before «10Б»)."""
    return sorted({p.class_name for p in participants(db, programme_id) if p.class_name},
                  key=class_sort_key)


def participant_certificates(db: Database, programme_id: int, *, class_name: str | None = None,
                             person_ids: Collection[int] | None = None) -> CohortPlan:
    """The certificates of participants to issue: of everyone, of one class or of the people
    `person_ids`; those holding a valid one already are skipped and counted."""
    cohort = [p for p in participants(db, programme_id)
              if (class_name is None or p.class_name == class_name)
              and (person_ids is None or p.person_id in person_ids)]
    with db.reading() as session:
        holders = set(session.scalars(select(Certificate.person_id).where(
            Certificate.programme_id == programme_id,
            Certificate.nomination == AwardNomination.PARTICIPANT,
            Certificate.annulled_on.is_(None))))
    requests = tuple(AwardRequest(p.person_id, AwardNomination.PARTICIPANT, pair_id=p.pair_id)
                     for p in cohort if p.person_id not in holders)
    return CohortPlan(requests, len(cohort) - len(requests))




def award_years(db: Database, current_programme_id: int) -> list[ProgrammeYear]:
    """The school years of the register, latest first: the current programme's always, the
    earlier ones when they issued awards."""
    with db.reading() as session:
        return programme_years(session, Certificate.programme_id, current_programme_id)
