"""Stage 1: the wizard's save sets up the programme (the new school year: test_new_year.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    PersonCategory,
    StageStatus,
)
from nastavnik_desktop.data.models import (
    IssuedDocument,
    MentoringForm,
    Person,
    Programme,
    ProgrammeForm,
    ProgrammeRoleModel,
    RoadmapItem,
    School,
    StageProgress,
    TeamMember,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.legal_documents import LegalDocument
from nastavnik_desktop.services.stages.stage1 import (
    NewStaff,
    Stage1Data,
    complete_stage1,
    default_goal,
    form_choices,
    staff_choices,
    stage1_defaults,
)
from tests.helpers.stage1 import SCHOOL, Staff, wizard_data


def test_defaults_come_from_the_methodology(db: Database) -> None:
    data = stage1_defaults(db)
    assert data.goal == default_goal() and "потенциала" in data.goal
    assert len(data.tasks.splitlines()) >= 3 and data.expected_results


def test_complete_stage1_sets_up_the_programme(db: Database, staff: Staff,
                                               tmp_path: Path) -> None:
    info = complete_stage1(db, wizard_data(staff, tmp_path))
    assert info.school_year == "2025/2026" and info.school_name == "МБОУ «Гимназия № 3»"
    with db.reading() as session:
        school = session.scalars(select(School)).one()
        assert (school.full_name, school.municipality, school.director_name) == (
            SCHOOL, "г. Тверь", "Петрова Анна Сергеевна")
        programme = session.get(Programme, info.id)
        assert programme is not None and programme.curator_id == staff.curator
        team = {(m.person_id, m.role) for m in session.scalars(select(TeamMember))}
        assert team == {(staff.curator, "куратор"), (staff.psychologist, "педагог-психолог"),
                        (staff.deputy, "заместитель директора")}
        assert set(session.scalars(select(ProgrammeForm.form_id))) == {staff.pupil_form,
                                                                       staff.teacher_form}
        assert set(session.scalars(select(ProgrammeRoleModel.role_model_id))) == {
            *staff.pupil_models, staff.teacher_model}
        docs = {d.kind: d for d in session.scalars(select(IssuedDocument))}
        assert docs["order_launch"].number == "12-о"
        copied = Path(docs["order_launch"].file_path)
        assert copied.parent == db.path.parent / "documents"
        assert copied.read_bytes() == b"%PDF-1.4 scan" and copied.suffix == ".pdf"
        assert docs["regulation"].issued_on == dt.date(2025, 9, 1)
        stages = {s.stage: s for s in session.scalars(select(StageProgress))}
        assert stages[1].status is StageStatus.DONE
        assert stages[1].completed_on == dt.date.today()
        assert stages[2].status is StageStatus.IN_PROGRESS
        assert stages[3].status is StageStatus.NOT_STARTED
        items = session.scalar(select(func.count()).select_from(RoadmapItem))
    assert items and items > 20
    again = stage1_defaults(db)
    assert again.curator_id == staff.curator and again.school_year == "2025/2026"
    assert set(again.form_ids) == {staff.pupil_form, staff.teacher_form}
    assert set(again.role_model_ids[staff.pupil_form]) == set(staff.pupil_models)


def test_running_the_wizard_again_updates_rather_than_duplicates(
        db: Database, staff: Staff, tmp_path: Path) -> None:
    first = complete_stage1(db, wizard_data(staff, tmp_path))
    data = dataclasses.replace(wizard_data(staff, tmp_path), team=(),
                               form_ids=(staff.pupil_form,), role_model_ids={})
    assert complete_stage1(db, data).id == first.id
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Programme)) == 1
        assert list(session.scalars(select(TeamMember.role))) == ["куратор"]
        assert list(session.scalars(select(ProgrammeForm.form_id))) == [staff.pupil_form]
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 2
        assert session.scalar(select(func.count()).select_from(RoadmapItem).where(
            RoadmapItem.from_template.is_(False))) == 0


def test_complete_stage1_with_bad_data_changes_nothing(db: Database, staff: Staff,
                                                       tmp_path: Path) -> None:
    good = wizard_data(staff, tmp_path)
    for bad, message in (
            (dataclasses.replace(good, curator_id=None), "куратора"),
            (dataclasses.replace(good, school_year="2025"), "Учебный год"),
            (dataclasses.replace(good, team=((999_999, "психолог"),)), "нет в базе"),
            (dataclasses.replace(good, role_model_ids={staff.pupil_form: (
                staff.teacher_model,)}), "Ролевая модель"),
            (dataclasses.replace(good, documents=(LegalDocument(
                "regulation", "1", dt.date.today() + dt.timedelta(days=3)),)), "не наступила"),
    ):
        with pytest.raises(ValidationError, match=message):
            complete_stage1(db, bad)
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Programme)) == 0
        assert session.scalar(select(func.count()).select_from(School)) == 0


def test_staff_added_in_the_wizard_is_created_by_the_save(db: Database) -> None:
    """An empty database has no staff: the curator and the team can be new people, created in
    the save's transaction; the same new person as curator and team member is one person."""
    curator = NewStaff("Белова", "Наталья", "Ивановна", "учитель  математики")
    psychologist = NewStaff("Зайцев", "Олег", "", "педагог-психолог")
    with db.reading() as session:
        pupil_form = session.scalars(select(MentoringForm.id).where(
            MentoringForm.code == "pupil_pupil")).one()
    info = complete_stage1(db, Stage1Data(
        school_full_name=SCHOOL, school_year="2025/2026", curator_id=curator,
        team=((dataclasses.replace(curator), "классный руководитель"),
              (psychologist, "педагог-психолог")),
        form_ids=(pupil_form,)))
    with db.reading() as session:
        people = {p.last_name: p for p in session.scalars(select(Person))}
        assert set(people) == {"Белова", "Зайцев"}
        belova = people["Белова"]
        assert (belova.first_name, belova.middle_name, belova.position, belova.category) == (
            "Наталья", "Ивановна", "учитель математики", PersonCategory.STAFF)
        programme = session.get(Programme, info.id)
        assert programme is not None and programme.curator_id == belova.id
        assert {(m.person_id, m.role) for m in programme.team} == {
            (belova.id, "куратор"), (belova.id, "классный руководитель"),
            (people["Зайцев"].id, "педагог-психолог")}
    assert [c.full_name for c in staff_choices(db)] == ["Белова Наталья Ивановна",
                                                        "Зайцев Олег"]


def test_a_new_person_without_a_name_is_refused_and_nothing_is_created(db: Database) -> None:
    with db.reading() as session:
        form_id = session.scalars(select(MentoringForm.id)).first()
    assert form_id is not None
    good = NewStaff("Белова", "Наталья")
    for bad in (NewStaff("  ", "Наталья"), NewStaff("Белова", "")):
        with pytest.raises(ValidationError, match="фамилию и имя"):
            complete_stage1(db, Stage1Data(school_full_name=SCHOOL, school_year="2025/2026",
                                           curator_id=good, team=((bad, "психолог"),),
                                           form_ids=(form_id,)))
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0
        assert session.scalar(select(func.count()).select_from(School)) == 0


def test_staff_choices_list_staff_only_by_surname(db: Database, staff: Staff) -> None:
    with db.transaction() as session:
        session.add_all([
            Person(last_name="Алексеев", first_name="Пётр", category=PersonCategory.PUPIL,
                   class_name="9А"),
            Person(last_name="Абрамова", first_name="Вера", category=PersonCategory.STAFF,
                   archived=True),
            Person(last_name="андреева", first_name="Юлия", category=PersonCategory.STAFF,
                   position="учитель биологии"),
        ])
    with db.reading() as session:
        pupil = session.scalars(select(Person.id).where(Person.last_name == "Алексеев")).one()
    choices = staff_choices(db)
    assert [c.full_name for c in choices] == [
        "андреева Юлия", "Козлов Игорь Петрович", "Орлова Мария Андреевна",
        "Смирнова Ольга Викторовна"]
    assert choices[1].id == staff.psychologist and choices[1].position == "педагог-психолог"
    assert "Алексеев Пётр" in [c.full_name for c in staff_choices(db, also=[pupil])]


def test_form_choices_offer_the_methodology_forms_with_their_role_models(db: Database) -> None:
    forms = {f.name: f for f in form_choices(db)}
    assert list(forms)[:2] == ["ученик – ученик", "учитель – учитель"]
    pupil = forms["ученик – ученик"]
    assert not pupil.hidden and "лидер" in pupil.mentor_description
    assert [m.name for m in pupil.role_models][:2] == ["успевающий – неуспевающий",
                                                       "лидер – пассивный"]
    assert "работодатель – студент" not in forms  # hidden in a school by default
