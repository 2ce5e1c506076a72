"""The ФИО rules hold on every path that creates or changes a person: the card, a new staff
member in stage 1, a new external mentor in stage 3, the import and the demo school.

A name must not start with «=», «+», «-» or «@» (a spreadsheet would run it as a formula), must
have a letter once the invisible format characters (zero-width spaces …) are taken out — they
are taken out anyway — and must be at most 100 characters long.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.data.models import MentoringForm, Person, School
from nastavnik_desktop.demo import DemoOptions, context, generate_demo, words
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.importing import ImportKind, commit_import, prepare_import
from nastavnik_desktop.services.people import get_person, name_problems, save_person
from nastavnik_desktop.services.people.persons import NewPerson, clean_person, tidy_name_part
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.stages import stage3
from nastavnik_desktop.services.stages.stage1 import NewStaff, Stage1Data, complete_stage1
from nastavnik_desktop.services.stages.stage3 import MentorEntry, NewExternalPerson, Stage3Data

TODAY = dt.date(2025, 10, 1)
FORMULA = '=HYPERLINK("http://x","y")'
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BAD_NAMES = [
    (FORMULA, "не может начинаться со знака «=»"),
    ("+79001234567", "не может начинаться со знака «+»"),
    ("-Иванов", "не может начинаться со знака «-»"),
    ("@admin", "не может начинаться со знака «@»"),
    ("Щ" * 1000, "длиннее 100 знаков"),
    ("Smirnoв", "в слове «Smirnoв» смешаны латинские и русские буквы"),
]
LATIN_A, LATIN_O = "A", "o"  # spelt out so that no editor «fixes» them


def _count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _add_person(db: Database) -> int:
    with db.transaction() as session:
        person = Person(last_name="Егорова", first_name="Ольга", category=PersonCategory.STAFF)
        session.add(person)
        session.flush()
        return person.id


# --- the rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("surname", "message"), BAD_NAMES)
def test_the_rules_refuse_a_formula_and_an_overlong_name(surname: str, message: str) -> None:
    problems = name_problems(surname, "Иван")
    assert problems and message in problems[0]
    with pytest.raises(ValidationError, match=re.escape(message)):
        clean_person(NewPerson(surname, "Иван"))


def test_invisible_characters_are_taken_out_and_alone_are_no_name() -> None:
    assert tidy_name_part(f"Ива{ZERO_WIDTH}нов\u00ad") == "Иванов"
    assert name_problems(ZERO_WIDTH, ZERO_WIDTH) == ["Укажите фамилию и имя."]
    assert name_problems("Иванов", "Иван", ZERO_WIDTH) == []
    assert clean_person(NewPerson("Иванов", "Иван", ZERO_WIDTH)).middle_name == ""


def test_spaces_and_capitals_are_tidied() -> None:
    clean = clean_person(NewPerson("  римская-корсакова ", "АННА", "Рустам  КЫЗЫ"))
    assert (clean.last_name, clean.first_name, clean.middle_name) == (
        "Римская-Корсакова", "Анна", "Рустам кызы")
    assert clean_person(NewPerson("МакКой", "Джон")).last_name == "МакКой", "mixed case kept"


def test_latin_lookalikes_in_russian_words_are_made_russian() -> None:
    clean = clean_person(NewPerson(f"Смирн{LATIN_O}в", f"{LATIN_A}НТОН",
                                   f"Римский-K{LATIN_O}рсаков"))
    assert (clean.last_name, clean.first_name, clean.middle_name) == (
        "Смирнов", "Антон", "Римский-Корсаков")
    assert all("А" <= ch <= "я" or ch in " -" for ch in clean.full_name), clean.full_name
    assert clean_person(NewPerson("Smith", "John")).full_name == "Smith John", \
        "a name all in Latin stays Latin"
    assert name_problems(f"Смирн{LATIN_O}в", f"{LATIN_A}нтон") == []


# --- each path ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("surname", "message"), BAD_NAMES)
def test_the_card_refuses_them(db: Database, surname: str, message: str) -> None:
    person_id = _add_person(db)
    card = get_person(db, person_id)
    with pytest.raises(ValidationError, match=re.escape(message)):
        save_person(db, dataclasses.replace(card, last_name=surname), today=TODAY)
    assert get_person(db, person_id) == card


def test_the_card_refuses_an_invisible_name_and_strips_invisible_characters(
        db: Database) -> None:
    person_id = _add_person(db)
    card = get_person(db, person_id)
    with pytest.raises(ValidationError, match="Укажите имя"):
        save_person(db, dataclasses.replace(card, first_name=ZERO_WIDTH), today=TODAY)
    saved = save_person(db, dataclasses.replace(card, last_name=f"Его{ZERO_WIDTH}рова"),
                        today=TODAY)
    assert saved.last_name == get_person(db, person_id).last_name == "Егорова"


def test_the_card_stores_a_lookalike_as_a_russian_letter(db: Database) -> None:
    person_id = _add_person(db)
    card = get_person(db, person_id)
    saved = save_person(db, dataclasses.replace(card, first_name=f"{LATIN_O}льга"), today=TODAY)
    assert saved.first_name == get_person(db, person_id).first_name == "Ольга"


def _stage1(db: Database, staff: NewStaff) -> None:
    with db.reading() as session:
        form_id = session.scalars(select(MentoringForm.id)).first()
    assert form_id is not None
    complete_stage1(db, Stage1Data(school_full_name="МБОУ «СОШ № 7»",
                                   school_year="2025/2026", curator_id=staff,
                                   form_ids=(form_id,)))


@pytest.mark.parametrize(("surname", "message"), BAD_NAMES)
def test_a_new_staff_member_in_stage_1_is_refused(db: Database, surname: str,
                                                  message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        _stage1(db, NewStaff(surname, "Наталья"))
    assert _count(db, Person) == 0 and _count(db, School) == 0


def test_a_new_staff_member_of_invisible_characters_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError, match="фамилию и имя"):
        _stage1(db, NewStaff(ZERO_WIDTH, "Наталья"))
    _stage1(db, NewStaff(f"Бел{LATIN_O}{ZERO_WIDTH}ва", "наталья"))
    with db.reading() as session:
        assert [p.full_name for p in session.scalars(select(Person))] == ["Белова Наталья"]


ENGINEER = NewExternalPerson("Гусев", "Павел", "Олегович", PersonCategory.EMPLOYEE,
                             organisation="АО «Приреченский машзавод»")


@pytest.mark.parametrize(("surname", "message"), BAD_NAMES)
def test_a_new_external_mentor_in_stage_3_is_refused(db: Database, programme: ProgrammeInfo,
                                                     surname: str, message: str) -> None:
    person = dataclasses.replace(ENGINEER, last_name=surname)
    assert any(message in p for p in stage3.new_person_problems(person)), \
        "the form says so while the curator types"
    with pytest.raises(ValidationError, match=re.escape(message)):
        stage3.complete_stage3(db, programme.id, Stage3Data((MentorEntry(person, None),)),
                               today=TODAY)
    assert _count(db, Person) == 0


def test_a_new_external_mentor_of_zero_width_spaces_is_refused(db: Database,
                                                               programme: ProgrammeInfo) -> None:
    person = dataclasses.replace(ENGINEER, last_name=ZERO_WIDTH, first_name="\u200b")
    assert stage3.new_person_problems(person) == ["Укажите фамилию и имя."]
    with pytest.raises(ValidationError, match="фамилию и имя"):
        stage3.complete_stage3(db, programme.id, Stage3Data((MentorEntry(person, None),)),
                               today=TODAY)
    assert _count(db, Person) == 0


def _csv(path: Path, *rows: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Фамилия", "Имя", "Отчество", "Класс"])
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(("surname", "message"), BAD_NAMES)
def test_the_import_lists_them_as_errors(db: Database, tmp_path: Path, surname: str,
                                         message: str) -> None:
    path = _csv(tmp_path / "pupils.csv", [surname, "Иван", "Иванович", "5А"],
                ["Петров", "Пётр", "Петрович", "5А"])
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert [p.row for p in preview.errors] == [2]
    shown = preview.errors[0].message
    assert message.lower() in shown.lower() or "лишние знаки" in shown, \
        "«=», «+» and «@» are not letters of a name: the import says so first"


def test_the_import_refuses_a_formula_and_strips_zero_width_spaces(db: Database,
                                                                   tmp_path: Path) -> None:
    path = _csv(tmp_path / "pupils.csv", [FORMULA, "Иван", "", "5А"])
    assert prepare_import(db, path, ImportKind.PUPILS, today=TODAY).errors
    path = _csv(tmp_path / "clean.csv", [f"Ива{ZERO_WIDTH}нов", "Иван", "", "5А"],
                [ZERO_WIDTH, "Пётр", "", "5А"])
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert [(p.row, p.message) for p in preview.errors] == [(3, "не указана фамилия")]
    good = _csv(tmp_path / "good.csv", [f"Ива{ZERO_WIDTH}нов", "Иван", "", "5А"])
    commit_import(db, prepare_import(db, good, ImportKind.PUPILS, today=TODAY), today=TODAY)
    with db.reading() as session:
        assert [p.full_name for p in session.scalars(select(Person))] == ["Иванов Иван"]


def test_the_demo_school_goes_through_the_same_rules(db: Database,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    book = words.name_book()
    poisoned = dataclasses.replace(book, surnames=tuple(
        words.Surname("=" + s.male, "=" + s.female) for s in book.surnames))
    monkeypatch.setattr(context, "name_book", lambda: poisoned)
    with pytest.raises(ValidationError, match="не может начинаться со знака «=»"):
        generate_demo(db, DemoOptions(seed=7, pupils=100, teachers=12, today=TODAY))
    assert _count(db, Person) == 0 and _count(db, School) == 0
