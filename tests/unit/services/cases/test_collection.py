"""The collection of cases: add, change, delete, reorder; photos copied into the data folder and
attached only with every person's consent to publication (a minor's from a parent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ConsentGiver
from nastavnik_desktop.data.models import CasePhoto
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.cases import collection
from nastavnik_desktop.services.cases.collection import CaseDraft, PhotoDraft

from .conftest import TODAY, CaseSchool


def _draft(school: CaseSchool, **changes: Any) -> CaseDraft:
    values: dict[str, Any] = {"title": "Математика без страха", "pair_id": school.pair_id,
                              "problem": "Ершов боялся контрольных.",
                              "actions": "Разбирали задачи после уроков.",
                              "result": "Четвёрка за год.", "quotes": "Стало интересно — Илья"}
    values.update(changes)
    return CaseDraft(**values)


def _photos(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(CasePhoto)) or 0


def test_a_case_is_added_changed_and_listed_in_its_order(db: Database,
                                                         case_school: CaseSchool) -> None:
    first = collection.save_case(db, case_school.programme_id, None, _draft(case_school),
                                 today=TODAY)
    second = collection.save_case(db, case_school.programme_id, None,
                                  _draft(case_school, title="Группа читателей", pair_id=None,
                                         form_id=case_school.form_id), today=TODAY)
    collection.save_case(db, case_school.programme_id, first,
                         _draft(case_school, title="  Математика   без страха и двоек "),
                         today=TODAY)

    cases = collection.list_cases(db, case_school.programme_id)
    assert [c.id for c in cases] == [first, second]
    assert cases[0].title == "Математика без страха и двоек"
    assert cases[0].subject == "Пара: Орлова М. И. — Ершов И. П."
    assert cases[0].recorded_on == TODAY
    assert cases[1].subject.startswith("Форма: ")

    assert collection.move_case(db, second, -1)
    assert [c.id for c in collection.list_cases(db, case_school.programme_id)] == [second, first]
    assert not collection.move_case(db, second, -1)


def test_an_untitled_case_is_refused(db: Database, case_school: CaseSchool) -> None:
    with pytest.raises(ValidationError, match="нет названия"):
        collection.save_case(db, case_school.programme_id, None, _draft(case_school, title=" "),
                             today=TODAY)


def test_a_photo_is_copied_with_its_caption_when_everyone_consents(
        db: Database, case_school: CaseSchool, consent: Any, photo: Path) -> None:
    consent(db, case_school.people["Орлова"])
    consent(db, case_school.people["Ершов"], by=ConsentGiver.PARENT)
    case_id = collection.save_case(
        db, case_school.programme_id, None, _draft(case_school),
        [PhotoDraft(" Разбор   задачи ", source=str(photo))], today=TODAY)

    detail = collection.case_detail(db, case_id)
    (stored,) = detail.photo_list
    assert stored.caption == "Разбор задачи"
    assert stored.location.startswith("cases/")
    copied = Path(stored.path)
    assert copied.is_file() and copied.read_bytes() == photo.read_bytes()
    assert copied.parent == Path(db.path).resolve().parent / "cases"

    collection.save_case(db, case_school.programme_id, case_id, _draft(case_school), [],
                         today=TODAY)
    assert collection.case_detail(db, case_id).photo_list == ()
    assert not copied.exists()


def test_a_photo_without_consent_is_refused_naming_who_lacks_it(
        db: Database, case_school: CaseSchool, consent: Any, photo: Path) -> None:
    consent(db, case_school.people["Орлова"])
    consent(db, case_school.people["Ершов"])  # his own: a minor needs a parent's
    with pytest.raises(ValidationError) as refused:
        collection.save_case(db, case_school.programme_id, None, _draft(case_school),
                             [PhotoDraft("", source=str(photo))], today=TODAY)
    text = str(refused.value)
    assert "Ершов Илья Петрович" in text and "нет согласия родителя" in text
    assert "Орлова" not in text
    assert collection.list_cases(db) == [] and _photos(db) == 0
    assert not (Path(db.path).resolve().parent / "cases").exists() or not any(
        (Path(db.path).resolve().parent / "cases").iterdir())


def test_a_revoked_consent_counts_as_none(db: Database, case_school: CaseSchool, consent: Any,
                                          photo: Path) -> None:
    consent(db, case_school.people["Орлова"], revoked_on=TODAY)
    consent(db, case_school.people["Ершов"], by=ConsentGiver.PARENT)
    with pytest.raises(ValidationError, match="согласие на публикацию отозвано — Орлова Мария "
                                              "Ивановна"):
        collection.save_case(db, case_school.programme_id, None, _draft(case_school),
                             [PhotoDraft("", source=str(photo))], today=TODAY)


def test_a_form_case_needs_the_consent_of_the_people_it_names(
        db: Database, case_school: CaseSchool, consent: Any, photo: Path) -> None:
    form_case = _draft(case_school, pair_id=None, form_id=case_school.form_id,
                       problem="Ученики 8 класса не любили читать.",
                       actions="Денис Лаптев вёл клуб, ему помогал Зотов Г. А.", quotes="")
    people = collection.case_people(db, case_school.programme_id, form_case, today=TODAY)
    assert sorted(p.name for p in people) == ["Зотов Глеб Андреевич", "Лаптев Денис Олегович"]
    with pytest.raises(ValidationError, match="Лаптев Денис Олегович") as refused:
        collection.save_case(db, case_school.programme_id, None, form_case,
                             [PhotoDraft("", source=str(photo))], today=TODAY)
    assert "Ершов" not in str(refused.value)
    consent(db, case_school.people["Лаптев"], by=ConsentGiver.PARENT)
    consent(db, case_school.people["Зотов"])
    collection.save_case(db, case_school.programme_id, None, form_case,
                         [PhotoDraft("", source=str(photo))], today=TODAY)
    assert _photos(db) == 1


def test_changing_the_pair_of_a_case_with_photos_checks_the_new_people(
        db: Database, case_school: CaseSchool, consent: Any, photo: Path) -> None:
    consent(db, case_school.people["Орлова"])
    consent(db, case_school.people["Ершов"], by=ConsentGiver.PARENT)
    case_id = collection.save_case(db, case_school.programme_id, None, _draft(case_school),
                                   [PhotoDraft("", source=str(photo))], today=TODAY)
    with pytest.raises(ValidationError, match="Зотов Глеб Андреевич"):
        collection.save_case(db, case_school.programme_id, case_id,
                             _draft(case_school, pair_id=case_school.other_pair_id),
                             today=TODAY)


def test_deleting_cases_removes_their_photo_files(db: Database, case_school: CaseSchool,
                                                  consent: Any, photo: Path) -> None:
    consent(db, case_school.people["Орлова"])
    consent(db, case_school.people["Ершов"], by=ConsentGiver.PARENT)
    case_id = collection.save_case(db, case_school.programme_id, None, _draft(case_school),
                                   [PhotoDraft("a", source=str(photo)),
                                    PhotoDraft("b", source=str(photo))], today=TODAY)
    paths = [Path(p.path) for p in collection.case_detail(db, case_id).photo_list]
    assert len({p.name for p in paths}) == 2 and all(p.is_file() for p in paths)
    assert collection.delete_cases(db, [case_id]) == 1
    assert collection.list_cases(db) == [] and _photos(db) == 0
    assert not any(p.exists() for p in paths)


def test_photos_are_reordered_and_a_non_photo_is_refused(
        db: Database, case_school: CaseSchool, consent: Any, photo: Path) -> None:
    consent(db, case_school.people["Орлова"])
    consent(db, case_school.people["Ершов"], by=ConsentGiver.PARENT)
    case_id = collection.save_case(db, case_school.programme_id, None, _draft(case_school),
                                   [PhotoDraft("первое", source=str(photo)),
                                    PhotoDraft("второе", source=str(photo))], today=TODAY)
    first, second = collection.case_detail(db, case_id).photo_list
    collection.save_case(db, case_school.programme_id, case_id, _draft(case_school),
                         [PhotoDraft("второе", photo_id=second.id),
                          PhotoDraft("первое", photo_id=first.id)], today=TODAY)
    assert [p.caption for p in collection.case_detail(db, case_id).photo_list] == [
        "второе", "первое"]
    text_file = photo.with_name("заметки.txt")
    text_file.write_text("x")
    with pytest.raises(ValidationError, match="не фотография"):
        collection.save_case(db, case_school.programme_id, case_id, _draft(case_school),
                             [PhotoDraft("", source=str(text_file))], today=TODAY)


@pytest.mark.parametrize("text", ["Ершов", "Ершову", "Илья Ершов", "Ершова Илью",
                                  "И. П. Ершов", "Ершов И.П.", "Ершовым Ильёй"])
def test_a_name_is_found_in_its_declined_forms(db: Database, case_school: CaseSchool,
                                              text: str) -> None:
    from nastavnik_desktop.data.models import Person

    with db.reading() as session:
        person = session.get(Person, case_school.people["Ершов"])
        assert person is not None
        pattern = collection.name_pattern(person)
    replaced = pattern.sub("наставляемый", f"Вчера {text} решил задачу.")
    assert "Ершов" not in replaced and "наставляемый" in replaced
    assert not pattern.search("Ершовская улица")
