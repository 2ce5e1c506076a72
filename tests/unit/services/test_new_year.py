"""A new school year (issue 16, point 3): the plan with its warnings, the start after a backup,
classes advanced on request, and the undo until something new is recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from nastavnik_desktop import paths, settings
from nastavnik_desktop.data.backup import NEW_YEAR, START, Backup, backups_to_keep, parse_backup
from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import MentorStatus, PersonCategory, ProgrammeStatus
from nastavnik_desktop.data.models import (
    MentoringPair,
    MentorProfile,
    Person,
    Programme,
    ProgrammeRoleModel,
    RoadmapItem,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import backups, new_year
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.stages.stage1 import complete_stage1
from tests.helpers.stage1 import Staff, wizard_data

DAY = dt.date(2026, 6, 20)
"""After 15 May of the 2025/2026 school year: no «early» warning."""


def test_start_carries_the_programme_and_mentors_not_pairs(
        db: Database, staff: Staff, tmp_path: Path) -> None:
    old = complete_stage1(db, wizard_data(staff, tmp_path), today=dt.date(2025, 9, 10))
    with db.transaction() as session:
        admitted = MentorProfile(programme_id=old.id, person_id=staff.psychologist,
                                 form_id=staff.teacher_form, status=MentorStatus.ADMITTED,
                                 competencies="психология")
        trained = MentorProfile(programme_id=old.id, person_id=staff.deputy,
                                form_id=staff.teacher_form, status=MentorStatus.TRAINED)
        rejected = MentorProfile(programme_id=old.id, person_id=staff.curator,
                                 form_id=staff.teacher_form, status=MentorStatus.REJECTED)
        session.add_all([admitted, trained, rejected])
        session.flush()
        session.add(MentoringPair(programme_id=old.id, mentor_profile_id=admitted.id,
                                  form_id=staff.teacher_form))

    plan = new_year.next_year_preview(db, old.id, today=DAY)
    assert (plan.school_year, plan.next_school_year, plan.mentors_carried_over) == (
        "2025/2026", "2026/2027", 2)
    assert plan.active_pairs == 1 and not plan.early
    assert len(plan.warnings) == 1 and "ещё работают 1\xa0пара или группа" in plan.warnings[0]
    assert any(line.startswith("База наставников (2\xa0наставника)") for line in plan.carried)
    assert any(line.startswith("Пары и группы (1)") for line in plan.not_carried)
    assert any("Отклонённые" in line and "(1)" in line for line in plan.not_carried)
    with pytest.raises(ValidationError, match="не найдена"):
        new_year.next_year_preview(db, 999_999, today=DAY)

    started = new_year.start_next_year(db, old.id, today=DAY)
    new = started.programme
    assert new.school_year == "2026/2027" and started.classes is None
    with db.reading() as session:
        programme = session.get(Programme, new.id)
        previous = session.get(Programme, old.id)
        assert programme is not None and previous is not None
        assert programme.previous_id == old.id and previous.status is ProgrammeStatus.ARCHIVED
        assert programme.curator_id == staff.curator and programme.goal == previous.goal
        assert {(m.person_id, m.role) for m in programme.team} == {
            (m.person_id, m.role) for m in previous.team}
        assert {f.form_id for f in programme.forms} == {staff.pupil_form, staff.teacher_form}
        assert set(session.scalars(select(ProgrammeRoleModel.role_model_id).where(
            ProgrammeRoleModel.programme_id == new.id))) == {*staff.pupil_models,
                                                             staff.teacher_model}
        mentors = {m.person_id: m for m in session.scalars(
            select(MentorProfile).where(MentorProfile.programme_id == new.id))}
        assert mentors[staff.psychologist].status is MentorStatus.ADMITTED
        assert mentors[staff.psychologist].competencies == "психология"
        assert mentors[staff.deputy].status is MentorStatus.CANDIDATE
        assert staff.curator not in mentors
        assert session.scalar(select(func.count()).select_from(MentoringPair).where(
            MentoringPair.programme_id == new.id)) == 0
        dates = list(session.scalars(select(RoadmapItem.due_on).where(
            RoadmapItem.programme_id == new.id)))
        assert dates and all(d is not None and dt.date(2026, 9, 1) <= d <= dt.date(2027, 5, 31)
                             for d in dates)
    with pytest.raises(ValidationError, match="уже в архиве"):
        new_year.start_next_year(db, old.id, today=DAY)


def test_a_second_start_of_the_same_year_is_refused_before_any_backup(
        db: Database, programme: ProgrammeInfo) -> None:
    new_year.start_next_year(db, programme.id, today=DAY)
    with db.transaction() as session:  # the old one running again: the next year exists
        old = session.get(Programme, programme.id)
        assert old is not None
        old.status = ProgrammeStatus.ACTIVE
    taken = len(backups.available_backups(db.path))
    with pytest.raises(ValidationError, match="2026/2027 учебный год уже есть"):
        new_year.start_next_year(db, programme.id, today=DAY)
    assert len(backups.available_backups(db.path)) == taken


def test_early_in_the_year_the_plan_warns(db: Database, programme: ProgrammeInfo) -> None:
    plan = new_year.next_year_preview(db, programme.id, today=dt.date(2025, 12, 6))
    assert plan.early and plan.active_pairs == 0
    assert plan.warnings == ("До конца учебного года 2025/2026 ещё далеко (сегодня 06.12.2025). "
                             "Новый год обычно начинают после 15 мая 2026 года, когда работа "
                             "пар подведена к итогам.",)
    assert not new_year.next_year_preview(db, programme.id, today=dt.date(2026, 5, 15)).early


PUPILS = {  # class before → after advancing (None: untouched)
    "5А": "6А", "10-Б": "11-Б", "1 в": "2 в", "9Г": "10Г", "11Б": "", "11": "",
    "": None, "Коррекционный": None, "12А": None, "0": None, "5А1": None,
}


def test_classes_advance_eleventh_graders_graduate_odd_names_stay(
        db: Database, programme: ProgrammeInfo) -> None:
    with db.transaction() as session:
        people = {name: Person(last_name="Ученик", first_name=f"Номер{n}",
                               category=PersonCategory.PUPIL, class_name=name)
                  for n, name in enumerate(PUPILS)}
        people["11Б"].notes = "Капитан команды."
        left = Person(last_name="Ушедший", first_name="Иван", category=PersonCategory.PUPIL,
                      class_name="7А", archived=True)
        teacher = Person(last_name="Учитель", first_name="Пётр", category=PersonCategory.STAFF,
                         class_name="5А")
        session.add_all([*people.values(), left, teacher])
        session.flush()
        ids = {name: person.id for name, person in people.items()}
        left_id, teacher_id = left.id, teacher.id

    plan = new_year.next_year_preview(db, programme.id, today=DAY)
    assert plan.classes == new_year.ClassAdvance(
        advanced=4, graduates=2, odd=5, odd_classes=plan.classes.odd_classes)
    assert set(plan.classes.odd_classes) == {"", "Коррекционный", "12А", "0", "5А1"}

    started = new_year.start_next_year(db, programme.id, today=DAY, advance_classes=True)
    assert started.classes == plan.classes
    with db.reading() as session:
        for before, after in PUPILS.items():
            person = session.get(Person, ids[before])
            assert person is not None
            if after is None:
                assert (person.class_name, person.category) == (before, PersonCategory.PUPIL)
            elif after:
                assert (person.class_name, person.category) == (after, PersonCategory.PUPIL)
            else:
                assert (person.class_name, person.category) == ("", PersonCategory.ALUMNUS)
                assert person.notes.endswith(f"Выпуск 2026 года, {before} класс.")
        graduate = session.get(Person, ids["11Б"])
        assert graduate is not None
        assert graduate.notes == "Капитан команды.\nВыпуск 2026 года, 11Б класс."
        assert session.get(Person, left_id).class_name == "7А"  # type: ignore[union-attr]
        assert session.get(Person, teacher_id).class_name == "5А"  # type: ignore[union-attr]


def test_without_the_request_classes_stay(db: Database, programme: ProgrammeInfo) -> None:
    with db.transaction() as session:
        session.add(Person(last_name="Ученик", first_name="Олег",
                           category=PersonCategory.PUPIL, class_name="11А"))
    new_year.start_next_year(db, programme.id, today=DAY)
    with db.reading() as session:
        person = session.scalars(select(Person).where(Person.last_name == "Ученик")).one()
        assert (person.class_name, person.category) == ("11А", PersonCategory.PUPIL)


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()
                for t in tables}
    finally:
        conn.close()


def test_the_start_is_undone_from_its_backup_until_something_new_is_recorded(
        db_path: Path, programme: ProgrammeInfo, db: Database) -> None:
    assert not new_year.undo_available(db)
    db.close()
    before = dump(db_path)
    db = open_database(db_path)
    started = new_year.start_next_year(db, programme.id, today=DAY,
                                       now=dt.datetime(2026, 6, 20, 10, 0))
    backup = parse_backup(started.backup)
    assert backup is not None and backup.reason == NEW_YEAR
    assert backups.reason_label(backup) == "перед началом нового учебного года"
    assert started.backup.parent == paths.backup_dir_for(db_path)
    undo = new_year.pending_undo(db)
    assert undo is not None and (undo.school_year, undo.next_school_year) == (
        "2025/2026", "2026/2027")
    assert new_year.undo_available(db)  # asked again: the same answer
    db.close()

    db = open_database(db_path)  # opening the base again records nothing new
    assert new_year.undo_available(db)
    db.close()
    said = new_year.undo_start(db_path)
    assert "Начало учебного года 2026/2027 отменено" in said and "2025/2026" in said
    assert dump(db_path) == before
    db = open_database(db_path)
    assert not new_year.undo_available(db)
    db.close()


def test_after_a_new_record_the_undo_is_refused(
        db_path: Path, programme: ProgrammeInfo, db: Database) -> None:
    new_year.start_next_year(db, programme.id, today=DAY)
    assert new_year.undo_available(db)
    with db.transaction() as session:
        session.execute(text("UPDATE school SET phone = '+7 900 000-00-00'"))
    assert not new_year.undo_available(db)
    with db.engine.connect() as conn:  # still recorded: the backup stays among the backups
        assert settings.load(conn, settings.NEW_YEAR_UNDO) is not None
    db.close()
    after = dump(db_path)
    with pytest.raises(ValidationError, match="отменить уже нельзя"):
        new_year.undo_start(db_path)
    assert dump(db_path) == after
    assert any(b.reason == NEW_YEAR for b in backups.available_backups(db_path))


def test_the_undo_needs_its_backup(db_path: Path, programme: ProgrammeInfo,
                                   db: Database) -> None:
    started = new_year.start_next_year(db, programme.id, today=DAY)
    started.backup.unlink()
    assert not new_year.undo_available(db)


def test_the_rotation_keeps_the_newest_backup_before_a_new_year(tmp_path: Path) -> None:
    now = dt.datetime(2027, 3, 1, 12, 0)
    old = Backup(tmp_path / "a-new-year.sqlite", now - dt.timedelta(days=90), NEW_YEAR)
    older = Backup(tmp_path / "b-new-year.sqlite", now - dt.timedelta(days=400), NEW_YEAR)
    opens = [Backup(tmp_path / f"s{n}.sqlite", now - dt.timedelta(hours=n), START)
             for n in range(40)]
    kept = backups_to_keep(sorted([old, older, *opens], key=lambda b: b.taken_at,
                                  reverse=True), now=now)
    assert old.path in kept and older.path not in kept
