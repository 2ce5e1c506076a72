"""Stage 1: the wizard's save sets up the programme; a new school year starts from the old one."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    MentorStatus,
    PersonCategory,
    ProgrammeStatus,
    Sex,
    StageStatus,
)
from nastavnik_desktop.data.models import (
    IssuedDocument,
    MentoringForm,
    MentoringPair,
    MentorProfile,
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
from nastavnik_desktop.services.stage1 import (
    LegalDocument,
    Stage1Data,
    complete_stage1,
    default_goal,
    stage1_defaults,
    start_next_year,
)

SCHOOL = "Муниципальное бюджетное общеобразовательное учреждение «Гимназия № 3»"


@dataclasses.dataclass(frozen=True)
class Staff:
    curator: int
    psychologist: int
    deputy: int
    pupil_form: int
    pupil_models: tuple[int, ...]
    teacher_form: int
    teacher_model: int


@pytest.fixture
def staff(db: Database) -> Staff:
    with db.transaction() as session:
        people = [
            Person(last_name="Смирнова", first_name="Ольга", middle_name="Викторовна",
                   sex=Sex.FEMALE, category=PersonCategory.STAFF,
                   position="заместитель директора по УВР"),
            Person(last_name="Козлов", first_name="Игорь", middle_name="Петрович",
                   sex=Sex.MALE, category=PersonCategory.STAFF, position="педагог-психолог"),
            Person(last_name="Орлова", first_name="Мария", middle_name="Андреевна",
                   category=PersonCategory.STAFF, position="заместитель директора"),
        ]
        session.add_all(people)
        session.flush()
        forms = {f.code: f for f in session.scalars(select(MentoringForm))}
        pupil, teacher = forms["pupil_pupil"], forms["teacher_teacher"]
        return Staff(people[0].id, people[1].id, people[2].id, pupil.id,
                     tuple(m.id for m in pupil.role_models[:2]), teacher.id,
                     teacher.role_models[0].id)


def wizard_data(staff: Staff, tmp_path: Path, year: str = "2025/2026") -> Stage1Data:
    scan = tmp_path / "Приказ 12-о.PDF"
    scan.write_bytes(b"%PDF-1.4 scan")
    return Stage1Data(
        school_full_name=SCHOOL, school_short_name="МБОУ «Гимназия № 3»",
        address="г. Тверь, ул. Советская, 1", municipality="г. Тверь",
        director_name="Петрова Анна Сергеевна", director_position="Директор",
        school_year=year, curator_id=staff.curator,
        team=((staff.psychologist, "педагог-психолог"), (staff.deputy, "заместитель директора")),
        form_ids=(staff.pupil_form, staff.teacher_form),
        role_model_ids={staff.pupil_form: staff.pupil_models,
                        staff.teacher_form: (staff.teacher_model,)},
        documents=(LegalDocument("order_launch", "12-о", dt.date(2025, 9, 1), scan),
                   LegalDocument("regulation", "13-о", dt.date(2025, 9, 1))))


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


def test_start_next_year_carries_settings_and_mentors_not_pairs(
        db: Database, staff: Staff, tmp_path: Path) -> None:
    old = complete_stage1(db, wizard_data(staff, tmp_path))
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
    new = start_next_year(db, old.id)
    assert new.school_year == "2026/2027"
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
    with pytest.raises(ValidationError, match="уже есть"):
        start_next_year(db, old.id)
