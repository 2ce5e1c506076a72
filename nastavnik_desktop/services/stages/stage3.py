"""Stage 3 «Формирование базы наставников»: the wizard's data, its preview and its one save.

The internal contour (pupils of older grades, teachers and staff, parents) comes from people
already in the school's base; the external contour (alumni, employees of enterprises,
entrepreneurs and public figures, students) may also be typed in the wizard — those people are
created by the save, in the same transaction, so «Отмена» leaves the database as it was.
Every new mentor starts as «кандидат»: selection is stage 4. The mentors' personal-data
consents are kept here too, by the rule of `people.consent` (a minor mentor's from his
parent), as stage 2 keeps the mentees'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Contour, PersonCategory
from nastavnik_desktop.data.models import (
    MenteeRequest,
    MentoringPair,
    MentorProfile,
    Person,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.forms import FormOption, check_forms, programme_forms
from nastavnik_desktop.services.people import mentors, persons
from nastavnik_desktop.services.people.consent import (
    ConsentInfo,
    consent_problem,
    keep_personal_data,
    latest_personal_data,
)
from nastavnik_desktop.services.people.mentors import EXTERNAL_CATEGORIES, INTERNAL_CATEGORIES
from nastavnik_desktop.services.programme import check_programme
from nastavnik_desktop.services.stages.choices import (
    PersonChoice,
    RequestOption,
    check_people,
    check_requests,
    duplicate_entries,
    names_list,
    people_choices,
    request_options,
    sync_rows,
)
from nastavnik_desktop.services.stages.status import (
    StageCard,
    preview_card,
    record_stage_work,
)
from nastavnik_desktop.text import count_phrase, full_name

STAGE = 3

SENIOR_GRADE = 8
"""Pupils from this grade up are offered as mentors first («ученик – ученик»)."""
MIN_CAPACITY, MAX_CAPACITY = 1, 10
MIN_MENTEE_AGE, MAX_MENTEE_AGE = 7, 70
MAX_HOURS_PER_MONTH = 160


@dataclass(frozen=True)
class NewExternalPerson:
    """An external mentor typed in the wizard; created by the save. Equal values are one
    person."""

    last_name: str
    first_name: str
    middle_name: str = ""
    category: PersonCategory = PersonCategory.ALUMNUS
    organisation: str = ""
    position: str = ""
    phone: str = ""
    email: str = ""

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name)

    def person(self) -> persons.NewPerson:
        return persons.NewPerson(
            last_name=self.last_name, first_name=self.first_name,
            middle_name=self.middle_name, category=self.category,
            organisation=self.organisation, position=self.position, phone=self.phone,
            email=self.email)


MentorRef = int | NewExternalPerson
"""A mentor: a person in the base by id, or a `NewExternalPerson` to create."""


@dataclass(frozen=True)
class MentorEntry:
    """One profile of the mentor base: a person in one form; `profile_id` None when new."""

    person: MentorRef
    form_id: int | None
    contour: Contour = Contour.INTERNAL
    competencies: str = ""
    achievements: str = ""
    interests: str = ""
    helps_with: tuple[int, ...] = ()
    desired_age_min: int | None = None
    desired_age_max: int | None = None
    time_hours_per_month: float | None = None
    capacity: int = 1
    profile_id: int | None = None

    @property
    def described(self) -> bool:
        """What the stage's checklist wants of a profile: competencies and time."""
        return bool(self.competencies.strip()) and self.time_hours_per_month is not None


@dataclass(frozen=True)
class Stage3Data:
    """Everything the wizard saves. `consents` holds the personal-data consent of the mentors
    as the wizard leaves it (None: not given); a person missing from it keeps what is
    stored. As loaded, it holds the consents of everyone the wizard offers."""

    mentors: tuple[MentorEntry, ...] = ()
    consents: Mapping[MentorRef, ConsentInfo | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Stage3Start:
    programme_id: int
    school_year: str
    data: Stage3Data
    pupils: tuple[PersonChoice, ...]
    staff: tuple[PersonChoice, ...]
    parents: tuple[PersonChoice, ...]
    external: tuple[PersonChoice, ...]
    forms: tuple[FormOption, ...]
    requests: tuple[RequestOption, ...]
    paired_profiles: frozenset[int]

    @property
    def people(self) -> dict[int, PersonChoice]:
        return {p.id: p for p in (*self.pupils, *self.staff, *self.parents, *self.external)}


def stage3_start(db: Database, programme_id: int) -> Stage3Start:
    with db.reading() as session:
        programme = check_programme(session, programme_id)
        profiles = list(session.scalars(select(MentorProfile).where(
            MentorProfile.programme_id == programme_id).order_by(MentorProfile.id)))
        mentors = tuple(
            MentorEntry(person=p.person_id, form_id=p.form_id, contour=p.contour,
                        competencies=p.competencies, achievements=p.achievements,
                        interests=p.interests,
                        helps_with=tuple(sorted(r.id for r in p.helps_with)),
                        desired_age_min=p.desired_age_min, desired_age_max=p.desired_age_max,
                        time_hours_per_month=p.time_hours_per_month, capacity=p.capacity,
                        profile_id=p.id)
            for p in profiles)
        everyone = people_choices(session, (*INTERNAL_CATEGORIES, *EXTERNAL_CATEGORIES),
                                  also={p.person_id for p in profiles})

        def of(*categories: PersonCategory) -> tuple[PersonChoice, ...]:
            return tuple(p for p in everyone if p.category in categories)

        paired = set(session.scalars(select(MentoringPair.mentor_profile_id).where(
            MentoringPair.mentor_profile_id.in_([p.id for p in profiles]))))
        consents: dict[MentorRef, ConsentInfo | None] = {
            person_id: info for person_id, info
            in latest_personal_data(session, [p.id for p in everyone]).items()}
        return Stage3Start(
            programme_id=programme_id, school_year=programme.school_year,
            data=Stage3Data(mentors, consents),
            pupils=of(PersonCategory.PUPIL),
            staff=of(PersonCategory.STAFF), parents=of(PersonCategory.PARENT),
            external=of(*EXTERNAL_CATEGORIES),
            forms=programme_forms(session, programme_id, (p.form_id for p in profiles)),
            requests=request_options(session, (r for m in mentors for r in m.helps_with)),
            paired_profiles=frozenset(paired))


# --- checks --------------------------------------------------------------------------------------


def new_person_problems(person: NewExternalPerson) -> list[str]:
    """What is wrong with an external person typed in, in Russian."""
    problems = persons.written_name_problems(person.last_name, person.first_name,
                                             person.middle_name)
    if persons.missing_name_problem(person.last_name, person.first_name):
        problems.insert(0, "Укажите фамилию и имя.")
    if person.category not in EXTERNAL_CATEGORIES:
        problems.append("Внешний наставник — выпускник, сотрудник предприятия, "
                        "предприниматель или общественный деятель, студент.")
    email = persons.email_problem(person.email)
    if email:
        problems.append(email)
    return problems


def profile_problems(entry: MentorEntry, name: str) -> list[str]:
    """What is wrong with a mentor's profile as entered (`name` says whose), in Russian."""
    problems = []
    if not MIN_CAPACITY <= entry.capacity <= MAX_CAPACITY:
        problems.append(f"{name}: число наставляемых — от {MIN_CAPACITY} до {MAX_CAPACITY}.")
    for age in (entry.desired_age_min, entry.desired_age_max):
        if age is not None and not MIN_MENTEE_AGE <= age <= MAX_MENTEE_AGE:
            problems.append(f"{name}: возраст наставляемых — от {MIN_MENTEE_AGE} до "
                            f"{MAX_MENTEE_AGE} лет.")
            break
    low, high = entry.desired_age_min, entry.desired_age_max
    if low is not None and high is not None and low > high:
        problems.append(f"{name}: желаемый возраст наставляемых «от» ({low}) больше, "
                        f"чем «до» ({high}).")
    hours = entry.time_hours_per_month
    if hours is not None and not 0 <= hours <= MAX_HOURS_PER_MONTH:
        problems.append(f"{name}: ресурс времени — от 0 до {MAX_HOURS_PER_MONTH} часов "
                        "в месяц.")
    return problems


# --- the save ------------------------------------------------------------------------------------


def preview_stage3(db: Database, programme_id: int, data: Stage3Data, *,
                   today: dt.date | None = None) -> StageCard:
    """Stage 3's checklist as it will be after `complete_stage3(data)`; nothing is saved."""
    day = today or dt.date.today()
    return preview_card(db, STAGE, day,
                        lambda session: _apply(session, programme_id, data, day)[0])


def complete_stage3(db: Database, programme_id: int, data: Stage3Data, *,
                    today: dt.date | None = None) -> StageCard:
    """The wizard's «Готово»: new external people and the mentor base in one transaction;
    returns stage 3's card as the roadmap now shows it."""
    day = today or dt.date.today()
    with db.transaction() as session:
        _, created = _apply(session, programme_id, data, day)
        people = len({e.person for e in data.mentors})
        audit.record(session, "update", "programme", programme_id,
                     f"Этап 3: база наставников — "
                     f"{count_phrase(people, 'человек', 'человека', 'человек')}",
                     stage=STAGE, profiles=len(data.mentors), new_people=created)
        return record_stage_work(session, programme_id, STAGE, day)[STAGE - 1]


def _apply(session: Session, programme_id: int, data: Stage3Data,
           today: dt.date) -> tuple[int, int]:
    """Write `data`; returns the programme id and how many people were created."""
    check_programme(session, programme_id)
    new_people = list(dict.fromkeys(e.person for e in data.mentors
                                    if isinstance(e.person, NewExternalPerson)))
    for person in new_people:
        problems = new_person_problems(person)
        if problems:
            raise ValidationError(f"{person.full_name or 'Новый наставник'}: {problems[0]}")
    check_people(session, {e.person for e in data.mentors if isinstance(e.person, int)})
    check_forms(session, {e.form_id for e in data.mentors})
    requests = check_requests(session, {r for e in data.mentors for r in e.helps_with})
    ids, created = _create_people(session, new_people)
    entries = [(ids[e.person] if isinstance(e.person, NewExternalPerson) else e.person, e)
               for e in data.mentors]
    names = {p.id: p.full_name for p in session.scalars(select(Person).where(
        Person.id.in_([person_id for person_id, _ in entries])))}
    for person_id, entry in entries:
        problems = profile_problems(entry, names[person_id])
        if problems:
            raise ValidationError(problems[0])
    repeated = duplicate_entries((person_id, e.form_id) for person_id, e in entries)
    if repeated:
        raise ValidationError(f"{names[repeated[0][0]]} дважды внесён в базу наставников "
                              "в одной форме наставничества.")
    _save_profiles(session, programme_id, entries, requests, today)
    _save_consents(session, data.consents, ids, today)
    return programme_id, created


def _save_consents(session: Session, consents: Mapping[MentorRef, ConsentInfo | None],
                   created: Mapping[NewExternalPerson, int], today: dt.date) -> None:
    """Bring each mentor's latest personal-data consent in line with the wizard."""
    ids = {ref: created[ref] if isinstance(ref, NewExternalPerson) else ref
           for ref in consents if not isinstance(ref, NewExternalPerson) or ref in created}
    people = check_people(session, set(ids.values()))
    for ref, person_id in ids.items():
        person, info = people[person_id], consents[ref]
        problem = consent_problem(info, person.birth_date, today) if info else None
        if problem:
            raise ValidationError(f"{person.full_name}: {problem}")
        keep_personal_data(person, info)
    session.flush()


def _create_people(session: Session, people: list[NewExternalPerson]
                   ) -> tuple[dict[NewExternalPerson, int], int]:
    """The people typed in, created — or found when the base has them already, by the
    import's rule (`importing.duplicates`): the same ФИО in the same category, or, for an
    alumnus, last year's pupil who has left school (who becomes an alumnus here). One person
    across the school years: the mentee of last year typed in as an alumnus mentor now is not
    added a second time. What the base lacks of a found person is filled in from the wizard.
    Returns the person of each and how many were created."""
    from nastavnik_desktop.services.importing.duplicates import PeopleIndex, name_key

    index = PeopleIndex.load(session) if people else None
    found: dict[NewExternalPerson, int] = {}
    rows: dict[NewExternalPerson, Person] = {}
    for person in people:
        key = name_key(person.last_name, person.first_name, person.middle_name)
        known = index.find(key, None, "", person.category.value) if index else None
        if known is None:
            rows[person] = persons.create_person(session, person.person())
            continue
        if index is not None and index.becomes_alumnus(known, person.category.value):
            persons.update_people(session, [{"id": known, "category": person.category,
                                             "class_name": ""}])
        persons.fill_missing(session, known, person.person().as_dict())
        found[person] = known
    session.flush()
    return {**found, **{person: row.id for person, row in rows.items()}}, len(rows)


def _save_profiles(session: Session, programme_id: int,
                   entries: list[tuple[int, MentorEntry]],
                   requests: Mapping[int, MenteeRequest], today: dt.date) -> None:
    stored = {p.id: p for p in session.scalars(select(MentorProfile).where(
        MentorProfile.programme_id == programme_id))}
    sync_rows(stored, (e.profile_id for _, e in entries), "Записи базы наставников")
    kept = {e.profile_id for _, e in entries}
    removed = [p for profile_id, p in stored.items() if profile_id not in kept]
    paired = set(session.scalars(select(MentoringPair.mentor_profile_id).where(
        MentoringPair.mentor_profile_id.in_([p.id for p in removed]))))
    if paired:
        raise ValidationError(
            "Нельзя убрать из базы наставников тех, у кого есть пары или группы: "
            + names_list(sorted(p.person.full_name for p in removed if p.id in paired))
            + ". Сначала расформируйте их пары и группы.")
    for profile in removed:
        session.delete(profile)
    session.flush()  # free the unique keys of removed profiles before rows come back
    for person_id, entry in entries:
        row: MentorProfile | None = (stored[entry.profile_id] if entry.profile_id is not None
                                     else None)
        if row is None:
            row = mentors.add_mentor(session, programme_id=programme_id, entered_on=today,
                                     person_id=person_id)
        row.form_id = entry.form_id
        row.contour = entry.contour
        row.competencies = entry.competencies.strip()
        row.achievements = entry.achievements.strip()
        row.interests = entry.interests.strip()
        row.desired_age_min = entry.desired_age_min
        row.desired_age_max = entry.desired_age_max
        row.time_hours_per_month = entry.time_hours_per_month
        row.capacity = entry.capacity
        row.helps_with = [requests[r] for r in dict.fromkeys(entry.helps_with)]
    session.flush()
