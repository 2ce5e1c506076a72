"""Methodical materials: files copied next to the database all or none, links checked, handed
out to many mentors at once, and what a pair sees."""

from __future__ import annotations

import datetime as dt
import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus, PersonCategory
from nastavnik_desktop.data.models import (
    Material,
    MaterialHandout,
    MenteeProfile,
    MentoringForm,
    MentorProfile,
    Person,
    RoleModel,
)
from nastavnik_desktop.errors import OperationCancelled, ValidationError
from nastavnik_desktop.services import materials
from nastavnik_desktop.services.materials import Attachment, MaterialCopyError
from nastavnik_desktop.services.pairs.writer import create_pair
from nastavnik_desktop.services.programme import ProgrammeInfo

TODAY = dt.date(2026, 1, 20)


@dataclass
class School:
    programme_id: int
    form: int
    other_form: int
    role: int
    pair: int
    """Mentor Орлов, form «ученик – ученик», role model `role`."""
    other: int
    """Mentor Соколова, the other form."""
    mentors: dict[str, int]


def _person(session: Any, last: str) -> Person:
    person = Person(last_name=last, first_name="Иван", middle_name="Петрович",
                    category=PersonCategory.PUPIL, class_name="9А")
    session.add(person)
    return person


@pytest.fixture
def school(db: Database, programme: ProgrammeInfo) -> School:
    with db.transaction() as session:
        forms = list(session.scalars(select(MentoringForm).order_by(MentoringForm.id)))
        form = next(f for f in forms if "ученик – ученик" in f.name)
        other_form = next(f for f in forms if f.id != form.id)
        role = session.scalars(select(RoleModel).where(RoleModel.form_id == form.id)).first()
        assert role is not None
        mentors = {}
        for last, of in (("Орлов", form), ("Соколова", other_form)):
            mentors[last] = MentorProfile(programme_id=programme.id, person=_person(session, last),
                                          form=of, status=MentorStatus.ADMITTED, capacity=3)
            session.add(mentors[last])
        mentees = [MenteeProfile(programme_id=programme.id, person=_person(session, last),
                                 form=f) for last, f in (("Ершов", form), ("Жуков", other_form))]
        session.add_all(mentees)
        session.flush()
        pair = create_pair(session, programme_id=programme.id,
                           mentor_profile_id=mentors["Орлов"].id, form_id=form.id,
                           mentees=[mentees[0]], day=TODAY)
        pair.role_model_id = role.id
        other = create_pair(session, programme_id=programme.id,
                            mentor_profile_id=mentors["Соколова"].id, form_id=other_form.id,
                            mentees=[mentees[1]], day=TODAY)
        return School(programme.id, form.id, other_form.id, role.id, pair.id, other.id,
                      {k: v.id for k, v in mentors.items()})


def _files(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name in names:
        path = folder / name
        path.write_bytes(f"содержимое {name}".encode())
        paths.append(path)
    return paths


def test_files_are_copied_privately_under_unique_names(db: Database, school: School,
                                                       tmp_path: Path) -> None:
    sources = _files(tmp_path / "flash", "План.pdf", "Памятка.docx")
    again = _files(tmp_path / "other", "План.pdf")
    ids = materials.add_files(db, school.programme_id, [*sources, *again], today=TODAY)
    assert len(ids) == 3
    listed = {m.id: m for m in materials.materials(db, school.programme_id)}
    locations = [listed[i].location for i in ids]
    assert locations == ["materials/План.pdf", "materials/Памятка.docx",
                         "materials/План (2).pdf"]
    folder = db.path.parent / "materials"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["План.pdf", "Памятка.docx", "План (2).pdf"])
    assert (folder / "План (2).pdf").read_bytes() == "содержимое План.pdf".encode()
    assert listed[ids[1]].title == "Памятка" and listed[ids[1]].original_name == "Памятка.docx"
    assert listed[ids[0]].attached_to == "вся программа"
    if os.name == "posix":
        assert folder.stat().st_mode & 0o077 == 0
        assert (folder / "План.pdf").stat().st_mode & 0o077 == 0
    opened = materials.absolute_location(db, listed[ids[0]])
    assert Path(opened).is_absolute() and Path(opened).read_bytes()
    # a second batch does not overwrite the first
    materials.add_files(db, school.programme_id, [sources[0]], today=TODAY)
    assert (folder / "План (3).pdf").exists()


def test_a_full_disk_leaves_nothing_half_copied(db: Database, school: School, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    sources = _files(tmp_path / "flash", "Первый.pdf", "Второй.pdf")
    real = materials._copy_file

    def copy(source: Path, target: Path, copied: Any = None) -> None:
        if source.name == "Второй.pdf":
            target.write_bytes(b"half")
            raise OSError(errno.ENOSPC, "No space left on device")
        real(source, target, copied)

    monkeypatch.setattr(materials, "_copy_file", copy)
    with pytest.raises(MaterialCopyError) as caught:
        materials.add_files(db, school.programme_id, sources, today=TODAY)
    assert "не хватает места" in caught.value.message
    assert "Второй.pdf" in caught.value.message
    assert list((db.path.parent / "materials").iterdir()) == []
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Material)) == 0


def test_a_vanished_source_is_named_in_russian(db: Database, school: School,
                                               tmp_path: Path) -> None:
    (present,) = _files(tmp_path / "flash", "Есть.pdf")
    with pytest.raises(MaterialCopyError) as caught:
        materials.add_files(db, school.programme_id, [present, tmp_path / "flash" / "Нет.pdf"],
                            today=TODAY)
    assert "Нет.pdf" in caught.value.message and "флешка" in caught.value.message
    assert list((db.path.parent / "materials").iterdir()) == []
    assert materials.materials(db, school.programme_id) == ()


def test_delete_removes_the_file_after_the_commit(db: Database, school: School,
                                                  tmp_path: Path) -> None:
    (source,) = _files(tmp_path / "flash", "План.pdf")
    (file_id,) = materials.add_files(db, school.programme_id, [source], today=TODAY)
    link_id = materials.add_link(db, school.programme_id, "Сайт", "www.example.ru", today=TODAY)
    materials.hand_out(db, [file_id], [school.mentors["Орлов"]], on=TODAY)
    assert materials.delete_materials(db, [file_id, link_id]) == 2
    assert not (db.path.parent / "materials" / "План.pdf").exists()
    assert source.exists()
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(MaterialHandout)) == 0


@pytest.mark.parametrize("address, kept", [
    ("https://example.ru/metod", "https://example.ru/metod"),
    ("www.example.ru", "https://www.example.ru"),
    ("\\\\server\\методички\\план.docx", "\\\\server\\методички\\план.docx"),
    ("C:\\Методички\\план.docx", "C:\\Методички\\план.docx"),
    ("/home/school/план.pdf", "/home/school/план.pdf"),
])
def test_links_and_paths_are_accepted(address: str, kept: str) -> None:
    assert materials.check_link(address) == kept


@pytest.mark.parametrize("address", ["методичка", "ftp://example.ru", "https://", ""])
def test_other_addresses_are_refused_in_russian(address: str) -> None:
    with pytest.raises(ValidationError, match="http"):
        materials.check_link(address)


def test_hand_out_to_many_mentors_is_idempotent(db: Database, school: School) -> None:
    first = materials.add_link(db, school.programme_id, "Памятка", "https://a.ru", today=TODAY)
    second = materials.add_link(db, school.programme_id, "Анкета", "https://b.ru", today=TODAY)
    mentors = list(school.mentors.values())
    assert materials.hand_out(db, [first, second], mentors, on=TODAY) == 4
    assert materials.hand_out(db, [first, second], mentors, on=TODAY + dt.timedelta(1)) == 0
    counts = {m.id: m.handed_out for m in materials.materials(db, school.programme_id)}
    assert counts == {first: 2, second: 2}
    assert {h.handed_on for h in materials.handouts(db, first)} == {TODAY}
    assert materials.revoke(db, [first], [school.mentors["Орлов"]]) == 1
    assert [h.name for h in materials.handouts(db, first)] == ["Соколова И. П."]
    with db.transaction() as session:  # the wizard's form: inside its own transaction
        assert materials.hand_out_in(session, [first], mentors, on=TODAY) == 1
    with pytest.raises(ValidationError, match="наставника"):
        materials.hand_out(db, [first], [], on=TODAY)
    with pytest.raises(ValidationError, match="не найден"):
        materials.hand_out(db, [first], [999], on=TODAY)


def test_materials_for_pair_follow_the_scope(db: Database, school: School) -> None:
    def add(title: str, attach: Attachment) -> int:
        return materials.add_link(db, school.programme_id, title, "https://x.ru", today=TODAY,
                                  attach=attach)

    everyone = add("Всем", Attachment())
    of_form = add("Форме", Attachment(form_id=school.form))
    of_role = add("Модели", Attachment(role_model_id=school.role))
    of_pair = add("Паре", Attachment(pair_id=school.pair))
    add("Другой форме", Attachment(form_id=school.other_form))
    add("Другой паре", Attachment(pair_id=school.other))
    materials.hand_out(db, [of_form], [school.mentors["Орлов"]], on=TODAY)
    seen = {m.material.id: m.handed_on for m in materials.materials_for_pair(db, school.pair)}
    assert seen == {everyone: None, of_form: TODAY, of_role: None, of_pair: None}
    role_record = materials.material(db, of_role)
    assert role_record.form_id == school.form and role_record.attached_to.startswith(
        "ролевая модель")
    other = {m.material.title for m in materials.materials_for_pair(db, school.other)}
    assert other == {"Всем", "Другой форме", "Другой паре"}
    # re-attach the programme-wide one to the other form: the pair no longer sees it
    materials.attach(db, [everyone], Attachment(form_id=school.other_form))
    assert everyone not in {m.material.id for m in materials.materials_for_pair(db, school.pair)}
    by_form = {m.title for m in materials.materials(db, school.programme_id,
                                                    form_id=school.form)}
    assert by_form == {"Форме", "Модели", "Паре"}
    assert [m.title for m in materials.materials(db, school.programme_id, search="модел")] == [
        "Модели"]


def test_rename_and_mentor_choices(db: Database, school: School) -> None:
    link = materials.add_link(db, school.programme_id, "", "https://a.ru", today=TODAY)
    assert materials.material(db, link).title == "https://a.ru"
    materials.rename(db, link, "  Памятка   наставнику ")
    assert materials.material(db, link).title == "Памятка наставнику"
    with pytest.raises(ValidationError, match="пустым"):
        materials.rename(db, link, "  ")
    choices = materials.mentor_choices(db, school.programme_id)
    assert [c.name for c in choices] == ["Орлов И. П.", "Соколова И. П."]
    assert choices[0].form_ids == (school.form,)


def test_progress_counts_kilobytes_and_cancel_keeps_nothing(db: Database, school: School,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "flash"
    folder.mkdir()
    big = folder / "Видео.mp4"
    big.write_bytes(b"0" * (3 * 1024 * 1024))
    (small,) = _files(folder, "Памятка.pdf")
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return True

    materials.add_files(db, school.programme_id, [big, small], today=TODAY, progress=progress)
    assert seen[-1] == (3073, 3073) and {total for _done, total in seen} == {3073}
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    assert any(0 < done < 3072 for done, _total in seen)  # moves within the big file

    with pytest.raises(OperationCancelled):
        materials.add_files(db, school.programme_id, [small, big], today=TODAY,
                            progress=lambda done, _total: done < 1000)
    assert sorted(p.name for p in (db.path.parent / "materials").iterdir()) == [
        "Видео.mp4", "Памятка.pdf"]
    assert len(materials.materials(db, school.programme_id)) == 2
