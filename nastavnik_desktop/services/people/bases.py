"""The bases of mentees and mentors of a programme (персонифицированный учёт), and taking
people out of one.

A base is read with five set-based Core queries (profiles with their people, requests,
consents, pairs, reference names) whatever its size — no query per person — so a base of
thousands loads at once; `person_ids` reads the rows of a few people only (a card saved), and
`people_shown_with` says whose rows show a person besides his own (his partners'). A person may
stand in a base in several forms: those profiles make one row. `remove_from_base` drops only
this programme's profiles; the person stays (the card edits him, `card.py`).

A page keeps the base it shows and reads it again only when one of `BASE_TABLES` has changed
(services/changes.py) or the day has (ages, the consent of a minor).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, select, union

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    CATEGORY_LABELS,
    MENTEE_STATUS_LABELS_BY_SEX,
    MENTOR_STATUS_LABELS_BY_SEX,
    ConsentGiver,
    ConsentKind,
    Contour,
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PersonCategory,
    Sex,
)
from nastavnik_desktop.data.models import (
    Consent,
    MenteeProfile,
    MenteeProfileRequest,
    MenteeRequest,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    MentorProfileRequest,
    PairMentee,
    Person,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.people.consent import (
    CONSENT_STATE_LABELS,
    ConsentInfo,
    ConsentState,
    age_on,
    consent_state,
    is_minor,
)
from nastavnik_desktop.services.people.persons import known_sex
from nastavnik_desktop.text import alphabetical_key, count_phrase, full_name

MAX_NAMES_IN_MESSAGE = 5


class BaseKind(StrEnum):
    MENTEES = "mentees"
    MENTORS = "mentors"


BASE_TITLES: dict[BaseKind, str] = {
    BaseKind.MENTEES: "база наставляемых",
    BaseKind.MENTORS: "база наставников",
}


@dataclass(frozen=True)
class BaseRow:
    """One person in a base: the columns of персонифицированный учёт, ready to show."""

    person_id: int
    profile_ids: tuple[int, ...]
    last_name: str
    first_name: str
    middle_name: str
    full_name: str
    category: PersonCategory
    category_label: str
    class_name: str
    place: str
    """«Класс / должность»: the class of a pupil, else the position, else the organisation."""
    place_details: str
    birth_date: dt.date | None
    age: int | None
    form_ids: tuple[int, ...]
    forms: tuple[str, ...]
    request_ids: tuple[int, ...]
    """The mentee's requests; for a mentor, the requests he can answer."""
    requests: tuple[str, ...]
    topics: str
    """«Запросы» of a mentee, «Компетенции» of a mentor."""
    statuses: tuple[str, ...]
    status_label: str
    status_rank: int
    consent: ConsentState
    consent_label: str
    consent_given_on: dt.date | None
    needs_parent_consent: bool
    partners: tuple[str, ...]
    """Short names of the mentor(s) of a mentee, or of a mentor's mentees."""
    phone: str
    email: str
    parent_name: str
    parent_phone: str
    entered_on: dt.date | None

    @property
    def has_pair(self) -> bool:
        return bool(self.partners)

    @property
    def short_name(self) -> str:
        """«Иванов И. П.»"""
        return short_name(self.last_name, self.first_name, self.middle_name)


@dataclass(frozen=True)
class MenteeRow(BaseRow):
    requests_note: str
    left_on: dt.date | None = None
    results: str = ""


@dataclass(frozen=True)
class MentorRow(BaseRow):
    competencies: str
    contour: Contour
    capacity: int
    hours_per_month: float | None
    achievements: str = ""
    interests: str = ""
    desired_age: str = ""
    """«10–14», «от 12», «до 16» or empty."""
    left_on: dt.date | None = None
    results: str = ""


# --- the bases -----------------------------------------------------------------------------------

_BOTH_BASES = frozenset({"person", "mentoring_form", "mentee_request", "consent",
                         "mentoring_pair", "pair_mentee", "mentee_profile", "mentor_profile"})
BASE_TABLES: dict[BaseKind, frozenset[str]] = {
    BaseKind.MENTEES: _BOTH_BASES | {"mentee_profile_request"},
    BaseKind.MENTORS: _BOTH_BASES | {"mentor_profile_request"},
}
"""The tables `mentee_base` and `mentor_base` read (see services/changes.py)."""

_person = Person.__table__.c
_mentee = MenteeProfile.__table__.c
_mentor = MentorProfile.__table__.c
_form = MentoringForm.__table__.c
_request = MenteeRequest.__table__.c
_mentee_request = MenteeProfileRequest.__table__.c
_mentor_request = MentorProfileRequest.__table__.c
_consent = Consent.__table__.c
_pair = MentoringPair.__table__.c
_pair_mentee = PairMentee.__table__.c

_PERSON_COLUMNS = (_person.last_name, _person.first_name, _person.middle_name, _person.sex,
                   _person.birth_date, _person.category, _person.class_name, _person.position,
                   _person.subject, _person.organisation, _person.phone, _person.email,
                   _person.parent_name, _person.parent_phone)


def mentee_base(db: Database, programme_id: int, *, today: dt.date | None = None,
                person_ids: Collection[int] | None = None) -> list[MenteeRow]:
    """The mentee base of a programme, one row per person, ordered by name (only the rows of
    `person_ids` when given)."""
    day = today or dt.date.today()
    with db.engine.connect() as conn:
        statement = (
            select(_mentee.id, _mentee.person_id, _mentee.form_id, _mentee.status,
                   _mentee.entered_on, _mentee.requests_note, _mentee.left_on, _mentee.results,
                   *_PERSON_COLUMNS)
            .join_from(MenteeProfile.__table__, Person.__table__,
                       _person.id == _mentee.person_id)
            .where(_mentee.programme_id == programme_id).order_by(_mentee.id))
        if person_ids is not None:
            statement = statement.where(_mentee.person_id.in_(sorted(person_ids)))
        profiles = conn.execute(statement).all()
        lookups = _Lookups.read(conn, programme_id, BaseKind.MENTEES, person_ids)
    rows = []
    for person_id, group in _by_person(profiles).items():
        first = group[0]
        base = _base_fields(first, group, lookups, day, MenteeStatus)
        notes = "; ".join(dict.fromkeys(p.requests_note.strip() for p in group
                                        if p.requests_note.strip()))
        topics = ", ".join(base["requests"]) or notes
        rows.append(MenteeRow(person_id=person_id, topics=topics, requests_note=notes,
                              left_on=_last_left(group), results=_joined(group, "results"),
                              **base))
    return sorted(rows, key=_name_key)


def mentor_base(db: Database, programme_id: int, *, today: dt.date | None = None,
                person_ids: Collection[int] | None = None) -> list[MentorRow]:
    """The mentor base of a programme, one row per person, ordered by name (only the rows of
    `person_ids` when given)."""
    day = today or dt.date.today()
    with db.engine.connect() as conn:
        statement = (
            select(_mentor.id, _mentor.person_id, _mentor.form_id, _mentor.status,
                   _mentor.entered_on, _mentor.competencies, _mentor.contour, _mentor.capacity,
                   _mentor.time_hours_per_month, _mentor.achievements, _mentor.interests,
                   _mentor.desired_age_min, _mentor.desired_age_max, _mentor.left_on,
                   _mentor.results, *_PERSON_COLUMNS)
            .join_from(MentorProfile.__table__, Person.__table__,
                       _person.id == _mentor.person_id)
            .where(_mentor.programme_id == programme_id).order_by(_mentor.id))
        if person_ids is not None:
            statement = statement.where(_mentor.person_id.in_(sorted(person_ids)))
        profiles = conn.execute(statement).all()
        lookups = _Lookups.read(conn, programme_id, BaseKind.MENTORS, person_ids)
    rows = []
    for person_id, group in _by_person(profiles).items():
        first = group[0]
        base = _base_fields(first, group, lookups, day, MentorStatus)
        competencies = "; ".join(dict.fromkeys(p.competencies.strip() for p in group
                                               if p.competencies.strip()))
        hours = [p.time_hours_per_month for p in group if p.time_hours_per_month is not None]
        rows.append(MentorRow(
            person_id=person_id, topics=competencies, competencies=competencies,
            contour=Contour(first.contour), capacity=sum(p.capacity for p in group),
            hours_per_month=max(hours) if hours else None,
            achievements=_joined(group, "achievements"), interests=_joined(group, "interests"),
            desired_age=_age_range(first.desired_age_min, first.desired_age_max),
            left_on=_last_left(group), results=_joined(group, "results"), **base))
    return sorted(rows, key=_name_key)


def _joined(group: list[Any], field: str) -> str:
    """A text field of a person's profiles, each distinct text once."""
    return "; ".join(dict.fromkeys(text.strip() for p in group
                                   if (text := getattr(p, field) or "").strip()))


def _last_left(group: list[Any]) -> dt.date | None:
    """When the person left the base: only once every profile has an end date."""
    ends = [p.left_on for p in group]
    return None if not ends or None in ends else max(ends)


def _age_range(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low}–{high}" if low != high else str(low)
    if low is not None:
        return f"от {low}"
    return f"до {high}" if high is not None else ""


def _name_key(row: BaseRow) -> tuple[str, str, str, int]:
    """Alphabetical as in Russian (SQLite would put «Ё» after «Я»)."""
    return (alphabetical_key(row.last_name), alphabetical_key(row.first_name),
            alphabetical_key(row.middle_name), row.person_id)


@dataclass(frozen=True)
class _Lookups:
    """What the profile rows refer to, read in one query each for the whole base."""

    forms: dict[int, tuple[int, str]]
    """form id → (sort order, name)"""
    requests: dict[int, tuple[int, str]]
    profile_requests: dict[int, list[int]]
    consents: dict[int, ConsentInfo]
    """person id → his latest personal-data consent"""
    partners: dict[int, list[str]]
    """profile id → short names of the other side of his pairs"""

    @classmethod
    def read(cls, conn: Connection, programme_id: int, kind: BaseKind,
             person_ids: Collection[int] | None = None) -> _Lookups:
        mentees = kind is BaseKind.MENTEES
        profile = _mentee if mentees else _mentor
        profile_table = MenteeProfile.__table__ if mentees else MentorProfile.__table__
        link = _mentee_request if mentees else _mentor_request
        link_table = MenteeProfileRequest.__table__ if mentees else MentorProfileRequest.__table__
        link_profile = link.mentee_profile_id if mentees else link.mentor_profile_id
        in_programme = profile.programme_id == programme_id
        if person_ids is not None:
            in_programme = and_(in_programme, profile.person_id.in_(sorted(person_ids)))

        forms = {row.id: (row.sort_order, row.name)
                 for row in conn.execute(select(_form.id, _form.sort_order, _form.name))}
        requests = {row.id: (row.sort_order, row.name) for row in conn.execute(
            select(_request.id, _request.sort_order, _request.name))}
        profile_requests: dict[int, list[int]] = defaultdict(list)
        for profile_id, request_id in conn.execute(
                select(link_profile, link.request_id)
                .join_from(link_table, profile_table, profile.id == link_profile)
                .where(in_programme)):
            profile_requests[profile_id].append(request_id)

        consents: dict[int, ConsentInfo] = {}
        for row in conn.execute(
                select(_consent.person_id, _consent.given_on, _consent.given_by,
                       _consent.given_by_name, _consent.revoked_on)
                .where(_consent.kind == ConsentKind.PERSONAL_DATA.value,
                       _consent.person_id.in_(select(profile.person_id).where(in_programme)))
                .order_by(_consent.given_on, _consent.id)):
            consents[row.person_id] = ConsentInfo(row.given_on, ConsentGiver(row.given_by),
                                                  row.given_by_name, row.revoked_on)
        return cls(forms, requests, profile_requests, consents,
                   _partners(conn, programme_id, kind, person_ids))


def _partners(conn: Connection, programme_id: int, kind: BaseKind,
              person_ids: Collection[int] | None) -> dict[int, list[str]]:
    """Who is on the other side of each profile's pairs and groups (not the broken ones), for
    the profiles of `person_ids` when given."""
    pair_mentees: Table = PairMentee.__table__  # type: ignore[assignment]
    pairs: Table = MentoringPair.__table__  # type: ignore[assignment]
    people: Table = Person.__table__  # type: ignore[assignment]
    if kind is BaseKind.MENTEES:
        statement = (select(_pair_mentee.mentee_profile_id, _person.last_name,
                            _person.first_name, _person.middle_name)
                     .join_from(pair_mentees, pairs, _pair.id == _pair_mentee.pair_id)
                     .join(MentorProfile.__table__, _mentor.id == _pair.mentor_profile_id)
                     .join(people, _person.id == _mentor.person_id))
    else:
        statement = (select(_pair.mentor_profile_id, _person.last_name, _person.first_name,
                            _person.middle_name)
                     .join_from(pair_mentees, pairs, _pair.id == _pair_mentee.pair_id)
                     .join(MenteeProfile.__table__, _mentee.id == _pair_mentee.mentee_profile_id)
                     .join(people, _person.id == _mentee.person_id))
    statement = statement.where(_pair.programme_id == programme_id,
                                _pair.status != PairStatus.TERMINATED.value,
                                _pair_mentee.left_on.is_(None)
                                ).order_by(_person.last_name, _person.first_name)
    if person_ids is not None:
        ids = sorted(person_ids)
        statement = statement.where(
            _pair_mentee.mentee_profile_id.in_(select(_mentee.id).where(
                _mentee.person_id.in_(ids))) if kind is BaseKind.MENTEES
            else _pair.mentor_profile_id.in_(select(_mentor.id).where(
                _mentor.person_id.in_(ids))))
    partners: dict[int, list[str]] = defaultdict(list)
    for profile_id, last, first, middle in conn.execute(statement):
        partners[profile_id].append(short_name(last, first, middle))
    return partners


def people_shown_with(db: Database, programme_id: int,
                      person_ids: Collection[int]) -> set[int]:
    """The people whose rows in the programme's bases show any of `person_ids`: they themselves
    and the other side of their pairs and groups (whose «Наставник» / «Наставляемые» name
    them). A base updated after these people changed needs these rows read again."""
    ids = sorted(set(person_ids))
    if not ids:
        return set()
    pair_mentees: Table = PairMentee.__table__  # type: ignore[assignment]
    pairs: Table = MentoringPair.__table__  # type: ignore[assignment]
    mentor_side = (select(_pair.id)
                   .join_from(pairs, MentorProfile.__table__, _mentor.id == _pair.mentor_profile_id)
                   .where(_pair.programme_id == programme_id, _mentor.person_id.in_(ids)))
    mentee_side = (select(_pair_mentee.pair_id)
                   .join_from(pair_mentees, MenteeProfile.__table__,
                              _mentee.id == _pair_mentee.mentee_profile_id)
                   .where(_mentee.programme_id == programme_id, _mentee.person_id.in_(ids)))
    their_pairs = union(mentor_side, mentee_side).subquery()
    mentors = (select(_mentor.person_id)
               .join_from(pairs, MentorProfile.__table__, _mentor.id == _pair.mentor_profile_id)
               .where(_pair.id.in_(select(their_pairs.c[0]))))
    mentees = (select(_mentee.person_id)
               .join_from(pair_mentees, MenteeProfile.__table__,
                          _mentee.id == _pair_mentee.mentee_profile_id)
               .where(_pair_mentee.pair_id.in_(select(their_pairs.c[0]))))
    with db.engine.connect() as conn:
        return set(ids) | set(conn.scalars(union(mentors, mentees)))


_STATUS_ORDER: dict[type[MenteeStatus] | type[MentorStatus], list[Any]] = {
    MenteeStatus: list(MenteeStatus), MentorStatus: list(MentorStatus)}
_STATUS_RANKS = {enum: {status.value: n for n, status in enumerate(order)}
                 for enum, order in _STATUS_ORDER.items()}


def status_label(status: MenteeStatus | MentorStatus, sex: Sex | None,
                 middle_name: str = "") -> str:
    """«обучена», «выбыл»: a person's status agreeing with the sex on record or told by the
    patronymic; both forms («выбыл(а)») when neither says."""
    labels: Mapping[Sex | None, Mapping[Any, str]] = (
        MENTEE_STATUS_LABELS_BY_SEX if isinstance(status, MenteeStatus)
        else MENTOR_STATUS_LABELS_BY_SEX)
    return labels[known_sex(sex, middle_name)][status]


def _by_person(profiles: Sequence[Any]) -> dict[int, list[Any]]:
    groups: dict[int, list[Any]] = {}
    for profile in profiles:
        groups.setdefault(profile.person_id, []).append(profile)
    return groups


def _base_fields(person: Any, group: list[Any], lookups: _Lookups, today: dt.date,
                 status_enum: type[MenteeStatus] | type[MentorStatus]) -> dict[str, Any]:
    """The fields of `BaseRow` shared by both bases, from a person's profile rows."""
    sex = None if person.sex is None else Sex(person.sex)
    status_order = _STATUS_ORDER[status_enum]
    rank = _STATUS_RANKS[status_enum]
    category = PersonCategory(person.category)
    forms = sorted({p.form_id for p in group if p.form_id in lookups.forms},
                   key=lookups.forms.__getitem__)
    request_ids = sorted({r for p in group for r in lookups.profile_requests.get(p.id, ())},
                         key=lookups.requests.__getitem__)
    statuses = sorted({rank[p.status] for p in group})
    consent = lookups.consents.get(person.person_id)
    minor = is_minor(person.birth_date, category, today)
    state = consent_state(consent, minor)
    partners = tuple(dict.fromkeys(n for p in group for n in lookups.partners.get(p.id, ())))
    entered = [p.entered_on for p in group if p.entered_on is not None]
    return {
        "profile_ids": tuple(p.id for p in group),
        "last_name": person.last_name,
        "first_name": person.first_name,
        "middle_name": person.middle_name,
        "full_name": full_name(person.last_name, person.first_name, person.middle_name),
        "category": category,
        "category_label": CATEGORY_LABELS[category],
        "class_name": person.class_name,
        "place": person.class_name or person.position or person.organisation,
        "place_details": ", ".join(part for part in (person.class_name and
                                                     f"{person.class_name} класс",
                                                     person.position, person.subject,
                                                     person.organisation) if part),
        "birth_date": person.birth_date,
        "age": None if person.birth_date is None else age_on(person.birth_date, today),
        "form_ids": tuple(forms),
        "forms": tuple(lookups.forms[f][1] for f in forms),
        "request_ids": tuple(request_ids),
        "requests": tuple(lookups.requests[r][1] for r in request_ids),
        "statuses": tuple(status_order[i] for i in statuses),
        "status_label": "; ".join(status_label(status_order[i], sex, person.middle_name)
                                  for i in statuses),
        "status_rank": statuses[0],
        "consent": state,
        "consent_label": CONSENT_STATE_LABELS[state],
        "consent_given_on": consent.given_on if consent is not None else None,
        "needs_parent_consent": state is ConsentState.PARENT_MISSING,
        "partners": partners,
        "phone": person.phone,
        "email": person.email,
        "parent_name": person.parent_name,
        "parent_phone": person.parent_phone,
        "entered_on": min(entered) if entered else None,
    }


def remove_from_base(db: Database, profile_ids: Iterable[int], *, base: BaseKind) -> int:
    """Take people out of one programme's base; returns how many people were taken out.

    Only the profiles go: the person, his consents and his other school years stay. People in a
    pair or a group (even a finished one) must be taken out of it first — the pair's history
    refers to them — so then nothing is removed and ValidationError names them.
    """
    ids = sorted(set(profile_ids))
    if not ids:
        return 0
    profile: Any = MenteeProfile if base is BaseKind.MENTEES else MentorProfile
    with db.transaction() as session:
        found = session.execute(
            select(profile.id, profile.person_id, Person.last_name, Person.first_name,
                   Person.middle_name)
            .join(Person, Person.id == profile.person_id).where(profile.id.in_(ids))).all()
        if not found:
            raise ValidationError("Эти люди уже удалены из базы. Обновите список.")
        if base is BaseKind.MENTEES:
            paired = select(PairMentee.mentee_profile_id).where(
                PairMentee.mentee_profile_id.in_(ids))
        else:
            paired = select(MentoringPair.mentor_profile_id).where(
                MentoringPair.mentor_profile_id.in_(ids))
        in_pairs = set(session.scalars(paired))
        if in_pairs:
            names = sorted({short_name(r.last_name, r.first_name, r.middle_name)
                            for r in found if r.id in in_pairs})
            raise ValidationError(
                "Нельзя удалить из базы тех, кто состоит в паре или группе: "
                + _names_list(names) + ". Сначала уберите их из пар и групп "
                "(раздел «Пары и группы»), затем удалите из базы.")
        people = {r.person_id for r in found}
        session.execute(delete(profile).where(profile.id.in_([r.id for r in found])))
        audit.record(session, "delete", f"{base.value}_base", None,
                     f"Из раздела «{BASE_TITLES[base]}» удалено "
                     f"{count_phrase(len(people), 'человек', 'человека', 'человек')}",
                     profile_ids=[r.id for r in found], person_ids=sorted(people))
    return len(people)


def _names_list(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_NAMES_IN_MESSAGE])
    rest = len(names) - MAX_NAMES_IN_MESSAGE
    return shown + (f" и ещё {rest}" if rest > 0 else "")
