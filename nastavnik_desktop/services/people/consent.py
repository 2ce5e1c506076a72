"""Consents under 152-ФЗ: who is a minor, the parent's-consent rule, and the one writer of
`Consent` rows.

The rule, once: a minor (under 18; a pupil whose birth date is unknown counts as one) needs the
personal-data consent of a parent or legal representative, in force; an adult needs his own
(or anyone's) in force. The bases, the person card, the stage 2 wizard and the roadmap's
checklist (as a query in `services/stages.py`) all follow it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.enums import ConsentGiver, ConsentKind, PersonCategory
from nastavnik_desktop.data.models import Consent, Person

ADULT_AGE = 18


class ConsentState(StrEnum):
    """The personal-data consent of a person as the bases show it."""

    GIVEN = "given"
    BY_PARENT = "by_parent"
    REVOKED = "revoked"
    MISSING = "missing"
    PARENT_MISSING = "parent_missing"
    """A minor without his parent's (legal representative's) consent."""

    @property
    def present(self) -> bool:
        return self in (ConsentState.GIVEN, ConsentState.BY_PARENT)


CONSENT_STATE_LABELS: dict[ConsentState, str] = {
    ConsentState.GIVEN: "есть",
    ConsentState.BY_PARENT: "есть (родитель)",
    ConsentState.REVOKED: "отозвано",
    ConsentState.MISSING: "нет",
    ConsentState.PARENT_MISSING: "нет согласия родителя",
}


@dataclass(frozen=True)
class ConsentInfo:
    """A consent under 152-ФЗ as the card shows it: when, by whom, and whether revoked."""

    given_on: dt.date
    given_by: ConsentGiver = ConsentGiver.SELF
    given_by_name: str = ""
    revoked_on: dt.date | None = None

    @property
    def in_force(self) -> bool:
        return self.revoked_on is None

    @property
    def by_representative(self) -> bool:
        return self.given_by in (ConsentGiver.PARENT, ConsentGiver.GUARDIAN)


# --- the rule ----------------------------------------------------------------------------------


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def is_minor(birth_date: dt.date | None, category: PersonCategory, today: dt.date) -> bool:
    """Under 18 on `today`; a pupil whose birth date is unknown is taken to be a minor."""
    if birth_date is None:
        return category is PersonCategory.PUPIL
    return age_on(birth_date, today) < ADULT_AGE


def consent_state(consent: ConsentInfo | None, minor: bool) -> ConsentState:
    """A minor's personal data need his parent's (legal representative's) consent."""
    if consent is not None and consent.in_force:
        if not minor:
            return ConsentState.GIVEN
        if consent.by_representative:
            return ConsentState.BY_PARENT
    if minor:
        return ConsentState.PARENT_MISSING
    if consent is not None:
        return ConsentState.REVOKED
    return ConsentState.MISSING


def needs_parent_consent(birth_date: dt.date | None, category: PersonCategory,
                         consent: ConsentInfo | None, today: dt.date) -> bool:
    """A minor whose personal-data consent from a parent or guardian is not on record (or is
    revoked)."""
    minor = is_minor(birth_date, category, today)
    return consent_state(consent, minor) is ConsentState.PARENT_MISSING


# --- reading -----------------------------------------------------------------------------------


def consent_info(consent: Consent | None) -> ConsentInfo | None:
    if consent is None:
        return None
    return ConsentInfo(consent.given_on, consent.given_by, consent.given_by_name,
                       consent.revoked_on)


def latest_of_person(person: Person) -> dict[ConsentKind, Consent]:
    """The latest consent of each kind (earlier ones are history)."""
    latest: dict[ConsentKind, Consent] = {}
    for consent in sorted(person.consents, key=lambda c: (c.given_on, c.id or 0)):
        latest[consent.kind] = consent
    return latest


def latest_personal_data(session: Session,
                         person_ids: Collection[int]) -> dict[int, ConsentInfo]:
    """person id → his latest personal-data consent, for many people in one query."""
    latest: dict[int, ConsentInfo] = {}
    for consent in session.scalars(select(Consent).where(
            Consent.kind == ConsentKind.PERSONAL_DATA,
            Consent.person_id.in_(list(person_ids))).order_by(Consent.given_on, Consent.id)):
        latest[consent.person_id] = ConsentInfo(consent.given_on, consent.given_by,
                                                consent.given_by_name, consent.revoked_on)
    return latest


# --- the writes --------------------------------------------------------------------------------


def record_consent(person: Person, kind: ConsentKind, info: ConsentInfo) -> Consent:
    """A new consent on record for `person` (earlier ones stay as history)."""
    consent = Consent(kind=kind, given_on=info.given_on, given_by=info.given_by,
                      given_by_name=info.given_by_name, revoked_on=info.revoked_on)
    person.consents.append(consent)
    return consent


def correct_latest(person: Person, kind: ConsentKind, info: ConsentInfo | None) -> None:
    """The card's edit: the latest consent of `kind` becomes `info`, in place; None deletes
    it, revoked or not (the card shows only the latest, and unticking it means a mistake)."""
    stored = latest_of_person(person).get(kind)
    if info is None:
        if stored is not None:
            person.consents.remove(stored)
        return
    if stored is None:
        record_consent(person, kind, info)
        return
    stored.given_on = info.given_on
    stored.given_by = info.given_by
    stored.given_by_name = info.given_by_name
    stored.revoked_on = info.revoked_on


def keep_personal_data(person: Person, info: ConsentInfo | None) -> None:
    """The stage 2 wizard's edit of the personal-data consent: a consent ticked off is deleted
    (entered by mistake) unless it was revoked; a new one after a revoked one is added, so the
    revocation stays on record. A representative's consent names the parent on record when it
    names nobody."""
    latest = latest_of_person(person).get(ConsentKind.PERSONAL_DATA)
    if info is None:
        if latest is not None and latest.revoked_on is None:
            person.consents.remove(latest)
        return
    giver_name = (" ".join(info.given_by_name.split()) or person.parent_name
                  if info.by_representative else "")
    if latest is None or (latest.revoked_on is not None and info.revoked_on is None):
        record_consent(person, ConsentKind.PERSONAL_DATA,
                       ConsentInfo(info.given_on, info.given_by, giver_name, info.revoked_on))
        return
    latest.given_on = info.given_on
    latest.given_by = info.given_by
    latest.given_by_name = giver_name
    latest.revoked_on = info.revoked_on
