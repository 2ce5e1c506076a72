"""A stage 1 wizard's data for tests that need a programme set up the way the wizard does it
(the staff it names come from the `staff` fixture in tests/conftest.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory, Sex
from nastavnik_desktop.data.models import MentoringForm, Person
from nastavnik_desktop.services.legal_documents import LegalDocument
from nastavnik_desktop.services.stages.stage1 import Stage1Data

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


def add_staff(db: Database) -> Staff:
    """Three staff members, and the ids of two forms and their role models."""
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
