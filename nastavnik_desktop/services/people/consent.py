"""Consents under 152-ФЗ: who is a minor, the parent's-consent rule, and the one writer of
`Consent` rows.

The rule, once: a minor (under 18; a pupil whose birth date is unknown counts as one) needs the
personal-data consent of a parent or legal representative, in force; an adult needs his own
(or anyone's) in force. The bases, the person card, the stage 2 and 3 wizards and the roadmap's
checklist (as a query in `services/stages.py`) all follow it.

A representative's consent is valid on paper without his name in the program: a class list
has no parents' names, so the consent is recorded as given by «родитель (законный
представитель)» with the paper's number and date, and names the parent on record when there is
one (`giver_name`). What is checked of a consent as entered is `consent_problem`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, replace
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.enums import ConsentGiver, ConsentKind, PersonCategory
from nastavnik_desktop.data.models import Consent, Person

ADULT_AGE = 18

GIVER_LABELS: dict[ConsentGiver, str] = {
    ConsentGiver.SELF: "сам(а)",
    ConsentGiver.PARENT: "родитель (законный представитель)",
    ConsentGiver.GUARDIAN: "опекун (попечитель)",
}


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
    document_ref: str = ""
    """The paper: «№ 12 от 05.09.2025», as the school numbers it (may be empty)."""

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


def giver_name(info: ConsentInfo, parent_name: str) -> str:
    """Who signed, as stored: the name typed, else the parent on record, else nobody (the
    consent is then given by «родитель (законный представитель)»); one's own consent names
    nobody."""
    if not info.by_representative:
        return ""
    return " ".join(info.given_by_name.split()) or " ".join(parent_name.split())


def cleaned(info: ConsentInfo, parent_name: str) -> ConsentInfo:
    """`info` as it is stored: the signer's name by `giver_name`, texts tidied."""
    return replace(info, given_by_name=giver_name(info, parent_name),
                   document_ref=" ".join(info.document_ref.split()))


def consent_problem(info: ConsentInfo, birth_date: dt.date | None,
                    today: dt.date) -> str | None:
    """What is wrong with a consent as entered («дата … ещё не наступила.»), or None. The
    parent's name is never required."""
    if info.given_on > today:
        return f"дата согласия {info.given_on:%d.%m.%Y} ещё не наступила."
    if birth_date is not None and info.given_on < birth_date:
        return f"дата согласия {info.given_on:%d.%m.%Y} раньше даты рождения."
    if info.revoked_on is not None:
        if info.revoked_on > today:
            return f"дата отзыва {info.revoked_on:%d.%m.%Y} ещё не наступила."
        if info.revoked_on < info.given_on:
            return (f"согласие не может быть отозвано ({info.revoked_on:%d.%m.%Y}) раньше, "
                    f"чем дано ({info.given_on:%d.%m.%Y}).")
    return None


def applied_to(info: ConsentInfo | None, before: ConsentInfo | None,
               parent_name: str) -> ConsentInfo | None:
    """The consent entered once for a selection, as it applies to one person of it: a
    representative's consent is signed by that person's own parent on record (or by
    «родитель (законный представитель)» unnamed); taking a consent off leaves a revoked one as
    it was (the revocation stays on record)."""
    if info is None:
        return before if before is not None and not before.in_force else None
    if info.by_representative:
        return replace(info, given_by_name=" ".join(parent_name.split()))
    return replace(info, given_by_name="")


# --- reading -----------------------------------------------------------------------------------


def consent_info(consent: Consent | None) -> ConsentInfo | None:
    return None if consent is None else _info(consent)


def _info(consent: Consent) -> ConsentInfo:
    return ConsentInfo(consent.given_on, consent.given_by, consent.given_by_name,
                       consent.revoked_on, consent.document_ref)


def latest_of_person(person: Person) -> dict[ConsentKind, Consent]:
    """The latest consent of each kind (earlier ones are history)."""
    latest: dict[ConsentKind, Consent] = {}
    for consent in sorted(person.consents, key=lambda c: (c.given_on, c.id or 0)):
        latest[consent.kind] = consent
    return latest


def latest_personal_data(session: Session,
                         person_ids: Collection[int]) -> dict[int, ConsentInfo]:
    """person id → his latest personal-data consent, for many people (a whole school) in one
    query."""
    wanted = set(person_ids)
    latest: dict[int, ConsentInfo] = {}
    query = select(Consent).where(Consent.kind == ConsentKind.PERSONAL_DATA)
    if len(wanted) <= _FEW:
        query = query.where(Consent.person_id.in_(wanted))
    for consent in session.scalars(query.order_by(Consent.given_on, Consent.id)):
        if consent.person_id in wanted:
            latest[consent.person_id] = _info(consent)
    return latest


def publication_allowed(person: Person, today: dt.date) -> bool:
    """May `person`'s photo and name be published (a case's photos, the booklet)? His latest
    consent to publication in force — for a minor, given by a parent or legal representative
    (the same rule as for personal data)."""
    consent = latest_of_person(person).get(ConsentKind.PUBLICATION)
    minor = is_minor(person.birth_date, person.category, today)
    return consent_state(consent_info(consent), minor).present


def publication_missing_text(person: Person, today: dt.date) -> str:
    """What is missing for `person`'s publication, in words: «нет согласия родителя …»."""
    consent = latest_of_person(person).get(ConsentKind.PUBLICATION)
    state = consent_state(consent_info(consent), is_minor(person.birth_date, person.category,
                                                          today))
    if state is ConsentState.PARENT_MISSING:
        return "нет согласия родителя на публикацию"
    if state is ConsentState.REVOKED:
        return "согласие на публикацию отозвано"
    return "нет согласия на публикацию"


_FEW = 500
"""Up to this many people are looked up by id; more, and every consent is read (SQLite caps
the parameters of one statement)."""


# --- the writes --------------------------------------------------------------------------------


def record_consent(person: Person, kind: ConsentKind, info: ConsentInfo) -> Consent:
    """A new consent on record for `person` (earlier ones stay as history)."""
    consent = Consent(kind=kind, given_on=info.given_on, given_by=info.given_by,
                      given_by_name=info.given_by_name, revoked_on=info.revoked_on,
                      document_ref=info.document_ref)
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
    _overwrite(stored, info)


def _overwrite(stored: Consent, info: ConsentInfo) -> None:
    stored.given_on = info.given_on
    stored.given_by = info.given_by
    stored.given_by_name = info.given_by_name
    stored.revoked_on = info.revoked_on
    stored.document_ref = info.document_ref


def keep_personal_data(person: Person, info: ConsentInfo | None) -> None:
    """The stage 2 and 3 wizards' edit of the personal-data consent: a consent ticked off is
    deleted (entered by mistake) unless it was revoked; a new one after a revoked one is added,
    so the revocation stays on record. A representative's consent names the parent on record
    when it names nobody."""
    latest = latest_of_person(person).get(ConsentKind.PERSONAL_DATA)
    if info is None:
        if latest is not None and latest.revoked_on is None:
            person.consents.remove(latest)
        return
    stored = cleaned(info, person.parent_name)
    if latest is None or (latest.revoked_on is not None and info.revoked_on is None):
        record_consent(person, ConsentKind.PERSONAL_DATA, stored)
        return
    _overwrite(latest, stored)
