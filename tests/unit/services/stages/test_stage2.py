"""Stage 2 «Формирование базы наставляемых»: the wizard's service against a real database."""

from __future__ import annotations

import datetime as dt
import hashlib
import pathlib
from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    ConsentGiver,
    ConsentKind,
    PersonCategory,
    RequestAudience,
    StageStatus,
)
from nastavnik_desktop.data.models import (
    AuditEntry,
    Consent,
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    ProgrammeEvent,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import stages
from nastavnik_desktop.services.people import ConsentInfo, needs_parent_consent
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.stages import stage2
from nastavnik_desktop.services.stages.stage2 import InformingEvent, MenteeEntry, Stage2Data

TODAY = dt.date(2025, 10, 15)


def add_people(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        people = {
            "minor": Person(last_name="Ёлкина", first_name="Вера", category=PersonCategory.PUPIL,
                            class_name="6А", birth_date=dt.date(2013, 4, 2),
                            parent_name="Ёлкина Ирина Павловна"),
            "pupil": Person(last_name="Белов", first_name="Антон",
                            category=PersonCategory.PUPIL, class_name="5Б",
                            birth_date=dt.date(2014, 1, 9)),
            "adult": Person(last_name="Абрамов", first_name="Денис",
                            category=PersonCategory.PUPIL, class_name="11А",
                            birth_date=dt.date(2007, 2, 1)),
            "young": Person(last_name="Жукова", first_name="Алла", middle_name="Игоревна",
                            category=PersonCategory.STAFF, position="учитель химии",
                            experience_years=1, birth_date=dt.date(2001, 6, 6)),
            "parent": Person(last_name="Ёлкина", first_name="Ирина",
                             category=PersonCategory.PARENT),
        }
        session.add_all(people.values())
        session.flush()
        return {key: person.id for key, person in people.items()}


def event(**changes: object) -> InformingEvent:
    base = InformingEvent(kind="parents_meeting", held_on=dt.date(2025, 9, 20),
                          title="Собрание «Наставничество в школе»",
                          audience="родители 5–7 классов", attended_count=48)
    return replace(base, **changes)  # type: ignore[arg-type]


def test_start_offers_pupils_staff_forms_and_requests(db: Database,
                                                      programme: ProgrammeInfo) -> None:
    people = add_people(db)
    start = stage2.stage2_start(db, programme.id)
    assert [p.full_name for p in start.pupils] == ["Белов Антон", "Ёлкина Вера",
                                                   "Абрамов Денис"], "by class, then name"
    assert [p.id for p in start.staff] == [people["young"]]
    assert start.staff[0].is_young_specialist
    assert people["parent"] not in start.people, "parents are not mentees"
    assert [f.name for f in start.forms][:2] == ["ученик – ученик", "учитель – учитель"]
    assert "работодатель – студент" not in {f.name for f in start.forms}, "hidden form"
    audiences = {r.audience for r in start.requests}
    assert audiences == {RequestAudience.PUPIL, RequestAudience.TEACHER}
    assert start.data == Stage2Data(consents={})


def test_complete_saves_events_base_requests_and_consents_in_one_go(
        db: Database, programme: ProgrammeInfo) -> None:
    people = add_people(db)
    start = stage2.stage2_start(db, programme.id)
    pupil_form, teacher_form = start.forms[0].id, start.forms[1].id
    pupil_requests = [r.id for r in start.requests if r.audience is RequestAudience.PUPIL]
    teacher_requests = [r.id for r in start.requests if r.audience is RequestAudience.TEACHER]
    data = Stage2Data(
        events=(event(), event(kind="class_hour", title="Классный час", audience="5–7 классы",
                               attended_count=None)),
        mentees=(MenteeEntry(people["minor"], pupil_form, (pupil_requests[0],)),
                 MenteeEntry(people["adult"], pupil_form, (), "выбор вуза"),
                 MenteeEntry(people["young"], teacher_form, (teacher_requests[0],))),
        consents={
            people["minor"]: ConsentInfo(dt.date(2025, 9, 20), ConsentGiver.PARENT),
            people["adult"]: ConsentInfo(dt.date(2025, 9, 21)),
            people["young"]: ConsentInfo(dt.date(2025, 9, 1)),
        })

    preview = stage2.preview_stage2(db, programme.id, data, today=TODAY)
    assert {i.key: i.done for i in preview.items if not i.manual} == {
        "informing": True, "mentee_base": True, "requests": True, "consents": True}
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(MenteeProfile)) == 0, \
            "the preview saves nothing"

    card = stage2.complete_stage2(db, programme.id, data, today=TODAY)
    assert card.stage == 2 and card.status is StageStatus.IN_PROGRESS, "«talks» is manual"
    assert [i.key for i in card.items if not i.done] == ["talks"]
    with db.reading() as session:
        events = session.scalars(select(ProgrammeEvent).order_by(ProgrammeEvent.id)).all()
        assert [(e.stage, e.kind, e.held_on, e.attended_count) for e in events] == [
            (2, "parents_meeting", dt.date(2025, 9, 20), 48),
            (2, "class_hour", dt.date(2025, 9, 20), None)]
        profiles = {p.person_id: p for p in session.scalars(select(MenteeProfile))}
        assert set(profiles) == {people["minor"], people["adult"], people["young"]}
        assert [r.id for r in profiles[people["minor"]].requests] == [pupil_requests[0]]
        assert profiles[people["adult"]].requests_note == "выбор вуза"
        assert profiles[people["young"]].form_id == teacher_form
        assert all(p.entered_on == TODAY for p in profiles.values())
        consent = session.scalars(select(Consent).where(
            Consent.person_id == people["minor"])).one()
        assert (consent.kind, consent.given_by, consent.given_by_name) == (
            ConsentKind.PERSONAL_DATA, ConsentGiver.PARENT, "Ёлкина Ирина Павловна"), \
            "the parent on record signs"
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert audit is not None and audit.summary.startswith("Этап 2: база наставляемых — 3")

    stages.set_tick(db, programme.id, 2, "talks", True, today=TODAY)
    assert stages.stage_cards(db, programme.id, today=TODAY)[1].status is StageStatus.DONE


def test_a_minors_own_consent_leaves_the_item_open(db: Database,
                                                    programme: ProgrammeInfo) -> None:
    people = add_people(db)
    start = stage2.stage2_start(db, programme.id)
    minor = start.people[people["minor"]]
    own = ConsentInfo(dt.date(2025, 9, 20))
    assert needs_parent_consent(minor.birth_date, minor.category, own, TODAY)
    assert stage2.consent_label(minor, own, TODAY) == "нет согласия родителя"
    parent = ConsentInfo(dt.date(2025, 9, 20), ConsentGiver.PARENT)
    assert not needs_parent_consent(minor.birth_date, minor.category, parent, TODAY)
    assert stage2.has_consent(minor, parent, TODAY)
    data = Stage2Data(events=(event(),),
                      mentees=(MenteeEntry(people["minor"], start.forms[0].id, (),
                                           "адаптация"),),
                      consents={people["minor"]: own})
    card = stage2.complete_stage2(db, programme.id, data, today=TODAY)
    consents = {i.key: i for i in card.items}["consents"]
    assert not consents.done and consents.detail == "0 из 1 с согласием"


def test_the_wizard_run_again_edits_removes_and_keeps_history(
        db: Database, programme: ProgrammeInfo) -> None:
    people = add_people(db)
    start = stage2.stage2_start(db, programme.id)
    form = start.forms[0].id
    with db.transaction() as session:
        session.add(Consent(person_id=people["adult"], kind=ConsentKind.PERSONAL_DATA,
                            given_on=dt.date(2025, 1, 10), revoked_on=dt.date(2025, 3, 1)))
        session.add(Consent(person_id=people["pupil"], kind=ConsentKind.PERSONAL_DATA,
                            given_on=dt.date(2025, 9, 1), given_by=ConsentGiver.PARENT,
                            given_by_name="Белова Е. А."))
    stage2.complete_stage2(db, programme.id, Stage2Data(
        events=(event(), event(kind="other", title="Сайт школы")),
        mentees=(MenteeEntry(people["adult"], form, (), "проф"),
                 MenteeEntry(people["pupil"], form, (), "учёба"))), today=TODAY)

    again = stage2.stage2_start(db, programme.id)
    assert again.data.consents[people["adult"]].revoked_on == dt.date(2025, 3, 1)
    kept_event = again.data.events[0]
    kept_mentee = next(m for m in again.data.mentees if m.person_id == people["adult"])
    stage2.complete_stage2(db, programme.id, Stage2Data(
        events=(replace(kept_event, attended_count=50),),
        mentees=(replace(kept_mentee, requests_note="выбор профессии"),),
        consents={people["adult"]: ConsentInfo(dt.date(2025, 9, 25))}), today=TODAY)

    with db.reading() as session:
        events = session.scalars(select(ProgrammeEvent)).all()
        assert [(e.id, e.attended_count) for e in events] == [(kept_event.id, 50)]
        profiles = session.scalars(select(MenteeProfile)).all()
        assert [(p.id, p.requests_note) for p in profiles] == [
            (kept_mentee.profile_id, "выбор профессии")]
        consents = session.scalars(select(Consent).where(
            Consent.person_id == people["adult"]).order_by(Consent.given_on)).all()
        assert [(c.given_on, c.revoked_on) for c in consents] == [
            (dt.date(2025, 1, 10), dt.date(2025, 3, 1)), (dt.date(2025, 9, 25), None)], \
            "a revoked consent stays on record; the new one is added"
        assert session.scalar(select(func.count()).select_from(Consent).where(
            Consent.person_id == people["pupil"])) == 1, "not in the data: left as it was"


def db_digest(db: Database) -> str:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return hashlib.sha256(db.path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("change", "message"), [
    (lambda d, p: replace(d, events=(event(held_on=TODAY + dt.timedelta(days=1)),)),
     "ещё не наступила"),
    (lambda d, p: replace(d, events=(event(held_on=None),)), "укажите дату"),
    (lambda d, p: replace(d, mentees=(*d.mentees, d.mentees[0])), "дважды"),
    (lambda d, p: replace(d, consents={p["minor"]: ConsentInfo(TODAY + dt.timedelta(days=1),
                                                               ConsentGiver.PARENT)}),
     "ещё не наступила"),
    (lambda d, p: replace(d, consents={p["minor"]: ConsentInfo(dt.date(2000, 9, 1),
                                                               ConsentGiver.PARENT)}),
     "раньше даты рождения"),
    (lambda d, p: replace(d, mentees=(MenteeEntry(p["adult"], None, profile_id=999),)),
     "не найдены"),
])
def test_refusals_change_nothing(db: Database, programme: ProgrammeInfo, change: object,
                                 message: str) -> None:
    people = add_people(db)
    start = stage2.stage2_start(db, programme.id)
    data = Stage2Data(events=(event(),),
                      mentees=(MenteeEntry(people["minor"], start.forms[0].id),))
    before = db_digest(db)
    bad = change(data, people)  # type: ignore[operator]
    with pytest.raises(ValidationError, match=message):
        stage2.preview_stage2(db, programme.id, bad, today=TODAY)
    with pytest.raises(ValidationError, match=message):
        stage2.complete_stage2(db, programme.id, bad, today=TODAY)
    assert db_digest(db) == before


def test_a_paired_mentee_cannot_leave_the_base(db: Database, programme: ProgrammeInfo) -> None:
    people = add_people(db)
    form = stage2.stage2_start(db, programme.id).forms[0].id
    stage2.complete_stage2(db, programme.id, Stage2Data(
        mentees=(MenteeEntry(people["minor"], form),)), today=TODAY)
    with db.transaction() as session:
        mentor = MentorProfile(programme_id=programme.id, person_id=people["adult"],
                               form_id=form)
        session.add(mentor)
        session.flush()
        pair = MentoringPair(programme_id=programme.id, mentor_profile_id=mentor.id,
                             form_id=form)
        session.add(pair)
        session.flush()
        profile = session.scalars(select(MenteeProfile)).one()
        session.add(PairMentee(pair_id=pair.id, mentee_profile_id=profile.id))
    start = stage2.stage2_start(db, programme.id)
    assert start.paired_profiles == {start.data.mentees[0].profile_id}
    with pytest.raises(ValidationError, match=r"Ёлкина В\."):
        stage2.complete_stage2(db, programme.id, Stage2Data(), today=TODAY)


def test_a_demo_school_base_loads_and_saves_unchanged(
        tmp_path: object, build_demo: Callable[..., pathlib.Path]) -> None:
    from pathlib import Path

    from nastavnik_desktop.data.db import open_database
    from nastavnik_desktop.services.programme import current_programme

    path = Path(str(tmp_path)) / "demo.sqlite"
    build_demo(path, seed=5, pupils=200, teachers=30)
    database = open_database(path)
    try:
        current = current_programme(database)
        assert current is not None
        start = stage2.stage2_start(database, current.id)
        assert len(start.data.mentees) > 20 and start.data.events
        assert {e.kind for e in start.data.events} <= set(stage2.INFORMING_KINDS)
        before = stages.stage_cards(database, current.id)[1]
        card = stage2.complete_stage2(database, current.id, start.data)
        assert [i.done for i in card.items] == [i.done for i in before.items]
        assert stage2.stage2_start(database, current.id).data == start.data
    finally:
        database.close()


def test_a_parents_consent_needs_no_name_and_keeps_its_paper(
        db: Database, programme: ProgrammeInfo) -> None:
    """A class list has no parents' names: the consent is given by «родитель (законный
    представитель)», with the paper's number."""
    people = add_people(db)
    start = stage2.stage2_start(db, programme.id)
    form = start.forms[0].id
    paper = ConsentInfo(dt.date(2025, 9, 1), ConsentGiver.PARENT, "   ",
                        document_ref=" № 7  от 01.09.2025 ")
    data = Stage2Data(mentees=(MenteeEntry(people["pupil"], form),
                               MenteeEntry(people["minor"], form)),
                      consents={people["pupil"]: paper, people["minor"]: paper})
    stage2.complete_stage2(db, programme.id, data, today=TODAY)
    with db.reading() as session:
        saved = {c.person_id: (c.given_by, c.given_by_name, c.document_ref)
                 for c in session.scalars(select(Consent))}
    assert saved == {
        people["pupil"]: (ConsentGiver.PARENT, "", "№ 7 от 01.09.2025"),
        people["minor"]: (ConsentGiver.PARENT, "Ёлкина Ирина Павловна", "№ 7 от 01.09.2025")}
    again = stage2.stage2_start(db, programme.id).data.consents[people["pupil"]]
    assert again is not None and again.document_ref == "№ 7 от 01.09.2025"
