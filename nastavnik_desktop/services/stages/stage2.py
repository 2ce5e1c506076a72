"""Stage 2 «Формирование базы наставляемых»: the wizard's data, its preview and its one save.

The wizard loads the programme's informing events, its mentee base with requests and the
personal-data consents of the people in it (`stage2_start`), the curator edits all of it, and
«Готово» writes it back with `complete_stage2` in one transaction. `preview_stage2` applies the
same changes in a transaction that is rolled back and reads the stage's checklist from them, so
the wizard's «Итог» says exactly what the roadmap will say after saving.

What the wizard chooses from (people, forms, requests) and the checks it shares with stage 3
live in `stages/choices.py` and `services/forms.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MenteeRequest,
    Person,
    ProgrammeEvent,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.forms import FormOption, check_forms, programme_forms
from nastavnik_desktop.services.people import (
    CONSENT_STATE_LABELS,
    ConsentInfo,
    consent_state,
)
from nastavnik_desktop.services.people import consent as consent_rule
from nastavnik_desktop.services.people.consent import keep_personal_data, latest_personal_data
from nastavnik_desktop.services.people.mentees import add_mentee
from nastavnik_desktop.services.programme import check_programme
from nastavnik_desktop.services.stages.choices import (
    PersonChoice,
    RequestOption,
    check_people,
    check_requests,
    duplicate_entries,
    names_list,
    paired_mentee_profiles,
    people_choices,
    person_choice,
    request_options,
    sync_rows,
)
from nastavnik_desktop.services.stages.status import (
    StageCard,
    preview_card,
    record_stage_work,
)
from nastavnik_desktop.text import count_phrase

STAGE = 2

# Informing events of stage 2: stored code → what the curator reads.
INFORMING_KINDS: dict[str, str] = {
    "parents_meeting": "родительское собрание",
    "class_hour": "классный час",
    "teachers_meeting": "педсовет",
    "other": "другое",
}
DEFAULT_AUDIENCES: dict[str, str] = {
    "parents_meeting": "родители обучающихся",
    "class_hour": "обучающиеся",
    "teachers_meeting": "педагогический коллектив",
    "other": "",
}
MAX_ATTENDED = 100_000


# --- the data of the wizard ----------------------------------------------------------------------


@dataclass(frozen=True)
class InformingEvent:
    """An informing event of stage 2; `id` None for one added in the wizard."""

    kind: str
    held_on: dt.date | None
    title: str = ""
    audience: str = ""
    attended_count: int | None = None
    id: int | None = None

    @property
    def kind_label(self) -> str:
        return INFORMING_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class MenteeEntry:
    """One profile of the mentee base: a person in one form; `profile_id` None when new."""

    person_id: int
    form_id: int | None
    request_ids: tuple[int, ...] = ()
    requests_note: str = ""
    profile_id: int | None = None

    @property
    def has_requests(self) -> bool:
        return bool(self.request_ids or self.requests_note.strip())


@dataclass(frozen=True)
class Stage2Data:
    """Everything the wizard saves. `consents` holds the personal-data consent of the people
    in the base as the wizard leaves it (None: not given); a person missing from it keeps what
    is stored. As loaded, it holds the consents of everyone the wizard offers, so a person
    added to the base comes with the consent he has."""

    events: tuple[InformingEvent, ...] = ()
    mentees: tuple[MenteeEntry, ...] = ()
    consents: Mapping[int, ConsentInfo | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Stage2Start:
    """What the wizard opens with: the stored data and the lists to choose from."""

    programme_id: int
    school_year: str
    data: Stage2Data
    pupils: tuple[PersonChoice, ...]
    staff: tuple[PersonChoice, ...]
    forms: tuple[FormOption, ...]
    requests: tuple[RequestOption, ...]
    paired_profiles: frozenset[int]
    """Profiles in a pair or group: they cannot leave the base here."""

    @property
    def people(self) -> dict[int, PersonChoice]:
        return {p.id: p for p in (*self.pupils, *self.staff)}


def consent_label(person: PersonChoice, consent: ConsentInfo | None, today: dt.date) -> str:
    return CONSENT_STATE_LABELS[consent_state(consent, person.is_minor(today))]


def has_consent(person: PersonChoice, consent: ConsentInfo | None, today: dt.date) -> bool:
    return consent_state(consent, person.is_minor(today)).present


def stage2_start(db: Database, programme_id: int) -> Stage2Start:
    with db.reading() as session:
        programme = check_programme(session, programme_id)
        events = tuple(
            InformingEvent(kind=e.kind, held_on=e.held_on, title=e.title, audience=e.audience,
                           attended_count=e.attended_count, id=e.id)
            for e in session.scalars(select(ProgrammeEvent).where(
                ProgrammeEvent.programme_id == programme_id, ProgrammeEvent.stage == STAGE)
                .order_by(ProgrammeEvent.held_on, ProgrammeEvent.id)))
        profiles = list(session.scalars(select(MenteeProfile).where(
            MenteeProfile.programme_id == programme_id).order_by(MenteeProfile.id)))
        mentees = tuple(
            MenteeEntry(person_id=p.person_id, form_id=p.form_id,
                        request_ids=tuple(sorted(r.id for r in p.requests)),
                        requests_note=p.requests_note, profile_id=p.id)
            for p in profiles)
        in_base = {p.person_id for p in profiles}
        everyone = people_choices(session, (PersonCategory.PUPIL, PersonCategory.STAFF),
                                  also=in_base)
        staff = tuple(p for p in everyone if p.category is PersonCategory.STAFF)
        pupils = tuple(p for p in everyone if p.category is not PersonCategory.STAFF)
        return Stage2Start(
            programme_id=programme_id, school_year=programme.school_year,
            data=Stage2Data(events=events, mentees=mentees,
                            consents=latest_personal_data(session, [p.id for p in everyone])),
            pupils=pupils, staff=staff,
            forms=programme_forms(session, programme_id, (p.form_id for p in profiles)),
            requests=request_options(session, (r for m in mentees for r in m.request_ids)),
            paired_profiles=frozenset(paired_mentee_profiles(session,
                                                             [p.id for p in profiles])))


# --- checks --------------------------------------------------------------------------------------


def event_problems(events: Iterable[InformingEvent], today: dt.date) -> list[str]:
    """What is wrong with the informing events, in Russian (empty when all is well)."""
    problems = []
    for number, event in enumerate(events, start=1):
        name = f"Мероприятие № {number}" + (f" «{event.title}»" if event.title.strip() else "")
        if not event.kind.strip():
            problems.append(f"{name}: укажите вид мероприятия.")
        if event.held_on is None:
            problems.append(f"{name}: укажите дату проведения.")
        elif event.held_on > today:
            problems.append(f"{name}: дата {event.held_on:%d.%m.%Y} ещё не наступила — "
                            "вносятся только проведённые мероприятия.")
        if event.attended_count is not None and not 0 <= event.attended_count <= MAX_ATTENDED:
            problems.append(f"{name}: число присутствовавших указано неверно.")
    return problems


def consent_problem(person: PersonChoice, consent: ConsentInfo | None,
                    today: dt.date) -> str | None:
    """What is wrong with a consent as entered, or None (the rule: `people.consent`)."""
    if consent is None:
        return None
    problem = consent_rule.consent_problem(consent, person.birth_date, today)
    return f"{person.short_name}: {problem}" if problem else None


def _check(data: Stage2Data, people: Mapping[int, Person], today: dt.date) -> None:
    problems = event_problems(data.events, today)
    if problems:
        raise ValidationError(problems[0])
    repeated = duplicate_entries((m.person_id, m.form_id) for m in data.mentees)
    if repeated:
        person_id, _form = repeated[0]
        raise ValidationError(f"{people[person_id].full_name} дважды внесён в базу "
                              "наставляемых в одной форме наставничества.")
    for person_id, consent in data.consents.items():
        problem = consent_problem(person_choice(people[person_id]), consent, today)
        if problem:
            raise ValidationError(problem)


# --- the save ------------------------------------------------------------------------------------


def preview_stage2(db: Database, programme_id: int, data: Stage2Data, *,
                   today: dt.date | None = None) -> StageCard:
    """Stage 2's checklist as it will be after `complete_stage2(data)`; nothing is saved.
    Raises ValidationError for what the save would refuse."""
    day = today or dt.date.today()
    return preview_card(db, STAGE, day, lambda session: _apply(session, programme_id, data, day))


def complete_stage2(db: Database, programme_id: int, data: Stage2Data, *,
                    today: dt.date | None = None) -> StageCard:
    """The wizard's «Готово»: events, the mentee base with requests and the consents in one
    transaction; returns stage 2's card as the roadmap now shows it."""
    day = today or dt.date.today()
    with db.transaction() as session:
        _apply(session, programme_id, data, day)
        mentees = len({m.person_id for m in data.mentees})
        audit.record(session, "update", "programme", programme_id,
                     f"Этап 2: база наставляемых — "
                     f"{count_phrase(mentees, 'человек', 'человека', 'человек')}, "
                     f"мероприятий информирования — {len(data.events)}",
                     stage=STAGE, events=len(data.events), profiles=len(data.mentees),
                     consents=len(data.consents))
        return record_stage_work(session, programme_id, STAGE, day)[STAGE - 1]


def _apply(session: Session, programme_id: int, data: Stage2Data, today: dt.date) -> int:
    check_programme(session, programme_id)
    people = check_people(session, {m.person_id for m in data.mentees} | set(data.consents))
    check_forms(session, {m.form_id for m in data.mentees})
    requests = check_requests(session, {r for m in data.mentees for r in m.request_ids})
    _check(data, people, today)
    _save_events(session, programme_id, data.events)
    _save_mentees(session, programme_id, data.mentees, requests, today)
    _save_consents(session, people, data.consents)
    return programme_id


def _save_events(session: Session, programme_id: int,
                 events: tuple[InformingEvent, ...]) -> None:
    stored = {e.id: e for e in session.scalars(select(ProgrammeEvent).where(
        ProgrammeEvent.programme_id == programme_id, ProgrammeEvent.stage == STAGE))}
    sync_rows(stored, (e.id for e in events), "Мероприятия")
    kept = {e.id for e in events}
    for event_id, stale in stored.items():
        if event_id not in kept:
            session.delete(stale)
    for event in events:
        row: ProgrammeEvent | None = stored[event.id] if event.id is not None else None
        if row is None:
            row = ProgrammeEvent(programme_id=programme_id, stage=STAGE)
            session.add(row)
        row.kind = event.kind.strip()
        row.held_on = event.held_on
        row.title = " ".join(event.title.split())
        row.audience = " ".join(event.audience.split())
        row.attended_count = event.attended_count


def _save_mentees(session: Session, programme_id: int, mentees: tuple[MenteeEntry, ...],
                  requests: Mapping[int, MenteeRequest], today: dt.date) -> None:
    stored = {p.id: p for p in session.scalars(select(MenteeProfile).where(
        MenteeProfile.programme_id == programme_id))}
    sync_rows(stored, (m.profile_id for m in mentees), "Записи базы наставляемых")
    kept = {m.profile_id for m in mentees}
    removed = [p for profile_id, p in stored.items() if profile_id not in kept]
    paired = paired_mentee_profiles(session, [p.id for p in removed])
    if paired:
        raise ValidationError(
            "Нельзя убрать из базы тех, кто состоит в паре или группе: "
            + names_list(sorted(short_name(r.person.last_name, r.person.first_name,
                                           r.person.middle_name)
                                for r in removed if r.id in paired))
            + ". Сначала уберите их из пар и групп.")
    for profile in removed:
        session.delete(profile)
    session.flush()  # free the unique keys of removed profiles before rows come back
    for entry in mentees:
        row: MenteeProfile | None = (stored[entry.profile_id] if entry.profile_id is not None
                                     else None)
        if row is None:
            row = add_mentee(session, programme_id=programme_id, entered_on=today,
                             person_id=entry.person_id)
        row.form_id = entry.form_id
        row.requests_note = entry.requests_note.strip()
        row.requests = [requests[r] for r in dict.fromkeys(entry.request_ids)]


def _save_consents(session: Session, people: Mapping[int, Person],
                   consents: Mapping[int, ConsentInfo | None]) -> None:
    """Bring each person's latest personal-data consent in line with the wizard."""
    for person_id, info in consents.items():
        keep_personal_data(people[person_id], info)
    session.flush()
