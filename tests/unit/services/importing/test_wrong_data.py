"""Wrong data is fixed where the fix is certain and refused with the row where it is not:
Latin look-alike letters in Russian names, negative numbers, a list of children loaded as
staff (and adults as pupils), a huge cell quoted in a message.

Each file is built here and goes through `prepare_import` / `commit_import` as the real import.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.errors import ImportFileError
from nastavnik_desktop.services.importing import (
    ImportKind,
    commit_import,
    prepare_import,
    values,
)
from nastavnik_desktop.services.programme import ProgrammeInfo
from tests.helpers.spreadsheets import db_bytes, write_csv, write_xlsx

TODAY = dt.date(2025, 10, 1)
LATIN_A, LATIN_O = "A", "o"  # the Latin letters, spelt out so that no editor «fixes» them
CYRILLIC = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ -")


def _stored(db: Database) -> list[tuple[str, str, str]]:
    with db.reading() as session:
        return [(p.last_name, p.first_name, p.middle_name)
                for p in session.scalars(select(Person).order_by(Person.id))]


def _import(db: Database, path: Path, kind: ImportKind = ImportKind.PUPILS) -> Any:
    preview = prepare_import(db, path, kind, today=TODAY)
    assert not preview.errors, [str(p) for p in preview.errors]
    return commit_import(db, preview, today=TODAY)


# --- Latin look-alikes in names ----------------------------------------------------------------


def test_latin_lookalikes_in_a_name_are_fixed_and_shown(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "5А.xlsx", [
        ["ФИО", "Класс", "Дата рождения"],
        ["Петрова Мария Сергеевна", "5А", "01.09.2014"],
        [f"Ильин {LATIN_A}нтон Сергеевич", "5А", "02.03.2014"],
        [f"Смирн{LATIN_O}в Олег Иван{LATIN_O}вич", "5Б", "15.01.2014"],
    ])
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert not preview.errors
    fixes = [(p.row, p.column, p.message) for p in preview.warnings]
    assert [(row, column) for row, column, _ in fixes] == [(3, "ФИО"), (4, "ФИО")]
    assert f"латинская буква «{LATIN_A}» в слове «Антон» заменена такой же русской" in fixes[0][2]
    assert f"латинская буква «{LATIN_O}» в словах «Смирнов», «Иванович»" in fixes[1][2]
    assert [c.person.first_name for c in preview.candidates][1] == "Антон"

    assert commit_import(db, preview, today=TODAY).created == 3
    names = _stored(db)
    assert names[1:] == [("Ильин", "Антон", "Сергеевич"), ("Смирнов", "Олег", "Иванович")]
    assert all(set("".join(name)) <= CYRILLIC for name in names), names


def test_separate_name_columns_are_fixed_too(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "7Б.csv", [
        ["Фамилия", "Имя", "Отчество", "Класс"],
        [f"C{LATIN_O}к{LATIN_O}лова", "Анна", "Петровна", "7Б"],  # a Latin «C» too
    ])
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    (warning,) = preview.warnings
    assert (warning.row, warning.column) == (2, "Фамилия")
    assert "латинские буквы «C», «o» в слове «Соколова» заменены такими же русскими" \
        in warning.message
    commit_import(db, preview, today=TODAY)
    assert _stored(db) == [("Соколова", "Анна", "Петровна")]


def test_a_person_with_a_lookalike_is_recognised_not_doubled(db: Database,
                                                              tmp_path: Path) -> None:
    header = ["ФИО", "Класс", "Дата рождения"]
    _import(db, write_xlsx(tmp_path / "первый.xlsx", [
        header, ["Ильин Антон Сергеевич", "5А", "02.03.2014"]]))
    again = write_xlsx(tmp_path / "второй.xlsx", [
        header, [f"Ильин {LATIN_A}нтон Сергеевич", "5А", "02.03.2014"]])
    preview = prepare_import(db, again, ImportKind.PUPILS, today=TODAY)
    assert preview.already_in_base == 1
    assert any("уже есть в базе" in p.message for p in preview.warnings)
    result = commit_import(db, preview, today=TODAY)
    assert result.created == 0
    assert _stored(db) == [("Ильин", "Антон", "Сергеевич")]


def test_a_name_stored_with_a_lookalike_before_the_fix_is_matched(db: Database,
                                                                   tmp_path: Path) -> None:
    """Old data: a «Смирнoв» written before names were fixed (straight into the table, as
    the old import did) is the same person as «Смирнов» of a new file."""
    with db.transaction() as session:
        session.add(Person(last_name=f"Смирн{LATIN_O}в", first_name="Олег", class_name="5Б",
                           birth_date=dt.date(2014, 1, 15), category=PersonCategory.PUPIL))
    path = write_xlsx(tmp_path / "5Б.xlsx", [["ФИО", "Класс", "Дата рождения"],
                                             ["Смирнов Олег", "5Б", "15.01.2014"]])
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert preview.already_in_base == 1
    assert commit_import(db, preview, today=TODAY).created == 0
    assert len(_stored(db)) == 1


@pytest.mark.parametrize(("name", "word"), [
    ("Smirnoв Олег", "Smirnoв"),      # mostly Latin
    ("Ивanов Олег", "Ивanов"),        # «n» is not drawn like any Russian letter
])
def test_a_word_mixed_beyond_repair_is_refused_with_its_row(db: Database, tmp_path: Path,
                                                            name: str, word: str) -> None:
    path = write_csv(tmp_path / "5Б.csv", [["ФИО", "Класс"], ["Орлов Олег", "5Б"],
                                           [name, "5Б"]])
    before = db_bytes(db)
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    (error,) = preview.errors
    assert (error.row, error.column) == (3, "ФИО")
    assert f"в слове «{word}» смешаны латинские и русские буквы" in error.message
    assert not preview.can_commit
    assert db_bytes(db) == before


def test_latin_names_stay_latin(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "5Б.csv", [["ФИО", "Класс"], ["Smith John", "5Б"],
                                           ["Петров-Smith Олег", "5Б"]])
    _import(db, path)
    assert _stored(db) == [("Smith", "John", ""), ("Петров-Smith", "Олег", "")]


# --- negative numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(("writer", "kind"), [(write_csv, ImportKind.STAFF),
                                             (write_xlsx, ImportKind.STAFF),
                                             (write_xlsx, ImportKind.MENTORS)])
def test_negative_experience_and_hours_are_refused_with_row_and_column(
        db: Database, tmp_path: Path, writer: Any, kind: ImportKind,
        programme: ProgrammeInfo) -> None:
    """«Стаж -3» was stored as 3 years, «Часов в месяц −5» as 5 hours of a mentor."""
    path = writer(tmp_path / f"staff.{'csv' if writer is write_csv else 'xlsx'}", [
        ["ФИО", "Должность", "Стаж", "Часов в месяц"],
        ["Егорова Ольга Петровна", "учитель", "12", "4"],
        ["Орлов Павел Ильич", "учитель", "-3", "2"],
        ["Зайцева Анна Ивановна", "учитель", "5 лет", "−5"],
        ["Волков Иван Петрович", "учитель", -4, 3],
    ])
    before = db_bytes(db)
    preview = prepare_import(db, path, kind, today=TODAY)
    found = [(p.row, p.column, p.message) for p in preview.errors]
    assert [(row, column) for row, column, _ in found] == [
        (3, "Стаж"), (4, "Часов в месяц"), (5, "Стаж")]
    assert "стаж «-3» — отрицательное число" in found[0][2]
    assert "отрицательное число" in found[1][2] and "−5" in found[1][2]
    assert "отрицательное число" in found[2][2]
    assert str(preview.errors[0]).startswith("Строка 3:")
    assert not preview.can_commit
    assert db_bytes(db) == before


def test_a_range_or_a_dash_is_not_a_minus(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "staff.csv", [["ФИО", "Должность", "Стаж", "Часов в месяц"],
                                              ["Егорова Ольга", "учитель", "10-12 лет", "4-6"],
                                              ["Орлов Павел", "учитель", "общий – 7 лет", "2"]])
    preview = prepare_import(db, path, ImportKind.STAFF, today=TODAY)
    assert not preview.errors
    assert [c.person.experience_years for c in preview.candidates] == [10, 7]


# --- the wrong list ----------------------------------------------------------------------------


def test_a_pupils_list_loaded_as_staff_is_refused(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "8А.xlsx", [
        ["ФИО", "Дата рождения", "Пол"],
        ["Иванов Иван Иванович", dt.datetime(2011, 3, 2), "м"],
        ["Петрова Мария Сергеевна", "01.09.2011", "ж"],
        ["Сидоров Пётр Алексеевич", "15.01.2012", "м"],
    ])
    before = db_bytes(db)
    with pytest.raises(ImportFileError) as caught:
        prepare_import(db, path, ImportKind.STAFF, today=TODAY)
    message = caught.value.message
    assert "Похоже, это список обучающихся" in message
    assert "3 из 3" in message and "«Обучающиеся»" in message
    assert "Ничего не загружено." in message
    assert db_bytes(db) == before
    assert len(prepare_import(db, path, ImportKind.PUPILS, today=TODAY).candidates) == 3


def test_a_class_column_without_positions_is_a_pupils_list(db: Database,
                                                           tmp_path: Path) -> None:
    path = write_csv(tmp_path / "5А.csv", [["ФИО", "Класс"], ["Иванов Иван", "5А"],
                                           ["Петрова Мария", "5А"]])
    with pytest.raises(ImportFileError, match="список обучающихся"):
        prepare_import(db, path, ImportKind.STAFF, today=TODAY)


def test_one_child_in_a_staff_list_is_warned_about(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "staff.csv", [
        ["ФИО", "Должность", "Дата рождения"],
        ["Егорова Ольга Петровна", "учитель", "01.02.1980"],
        ["Орлов Павел Ильич", "учитель", "01.02.1990"],
        ["Зайцева Анна Ивановна", "учитель", "01.02.2011"],  # a typo in the year
    ])
    preview = prepare_import(db, path, ImportKind.STAFF, today=TODAY)
    (warning,) = preview.warnings
    assert (warning.row, warning.column) == (4, "Дата рождения")
    assert "сотруднику по дате рождения 14" in warning.message


def test_a_staff_list_loaded_as_pupils_is_refused(db: Database, tmp_path: Path) -> None:
    """The wizard's columns page already asks for the class of such a list; the check refuses
    it too (and so does the command line, which has no columns page)."""
    path = write_csv(tmp_path / "staff.csv", [
        ["ФИО", "Должность", "Предмет", "Дата рождения"],
        ["Егорова Ольга Петровна", "учитель", "математика", ""],
        ["Орлов Павел Ильич", "", "", "01.02.1980"],
        ["Зайцева Анна Ивановна", "учитель", "физика", "01.02.1985"],
    ])
    before = db_bytes(db)
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    (error,) = preview.errors
    assert error.row == 1
    assert "Похоже, это список педагогов и сотрудников" in error.message
    assert "3 из 3" in error.message and "«Педагоги и сотрудники»" in error.message
    assert not preview.can_commit
    assert db_bytes(db) == before


def test_a_few_adults_in_a_pupils_list_are_only_warned_about(db: Database,
                                                             tmp_path: Path) -> None:
    path = write_csv(tmp_path / "5А.csv", [["ФИО", "Класс", "Дата рождения"],
                                           ["Иванов Иван", "5А", "02.03.2014"],
                                           ["Петрова Мария", "5А", "02.03.1990"],
                                           ["Сидоров Пётр", "5А", "02.03.2014"]])
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert not preview.errors
    assert [p.row for p in preview.warnings] == [3]


# --- a huge cell -------------------------------------------------------------------------------


@pytest.mark.parametrize(("column", "value"), [
    ("ФИО", "Иванов Иван " + "1" * 10_000),
    ("ФИО", "Иванов " + "Smirnoв" * 12),  # one word of 84 letters
    ("Класс", "5" + "А" * 10_000),
    ("Пол", "м" * 10_000),
    ("Дата рождения", "1" * 10_000),
    ("Часов в месяц", "ч" * 10_000),
])
def test_a_huge_cell_is_not_echoed_whole(db: Database, tmp_path: Path, column: str,
                                         value: str) -> None:
    header = ["ФИО", "Класс", "Пол", "Дата рождения", "Часов в месяц"]
    row = ["Петров Пётр", "5А", "м", "01.09.2014", "2"]
    row[header.index(column)] = value
    preview = prepare_import(db, write_csv(tmp_path / "5А.csv", [header, row]),
                             ImportKind.PUPILS, today=TODAY)
    (error,) = preview.errors
    assert error.column == column
    assert len(error.message) < 200, error.message
    assert "…" in error.message


@pytest.mark.parametrize("parse", [values.parse_category, values.parse_email,
                                   lambda text: values.parse_name_part(text, "имя")])
def test_the_other_readers_cut_a_huge_cell_too(parse: Any) -> None:
    with pytest.raises(ValueError) as caught:
        parse("=" + "к" * 10_000)
    assert len(str(caught.value)) < 200 and "…" in str(caught.value)


def test_a_huge_header_is_cut_in_the_notices_and_problems(db: Database, tmp_path: Path) -> None:
    huge = "Примечание " + "ж" * 10_000
    path = write_csv(tmp_path / "5А.csv", [["ФИО", "Класс " + "к" * 10_000, huge],
                                           ["Петров Пётр", "99", "x"]])
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert all(len(note) < 300 for note in preview.notices), preview.notices
    (error,) = preview.errors
    assert error.column.startswith("Класс кк") and len(error.column) == 60
    assert len(error.message) < 200
