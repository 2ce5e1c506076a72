"""Importing people into the base: preview, one transaction, duplicates, cancel, bad files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.core_models import AuditEntry, MenteeProfile, MentorProfile, Person
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Contour, PersonCategory, Sex
from nastavnik_desktop.errors import (
    ImportFileError,
    ImportRejectedError,
    OperationCancelled,
    ValidationError,
)
from nastavnik_desktop.services.importing import (
    Duplicates,
    ImportKind,
    Severity,
    commit_import,
    prepare_import,
)
from tests.helpers.spreadsheets import DATA, db_bytes, write_csv, write_ods, write_xlsx

TODAY = dt.date(2025, 10, 1)
PUPILS = [
    ["МБОУ «СОШ № 7»"],
    ["Список обучающихся 5-х классов на 01.09.2025"],
    ["№", "ФИО", "Класс", "Дата рождения", "Пол", "СНИЛС", "Адрес", "Телефон родителя"],
    [1, "Иванов Иван Иванович", "5а", dt.datetime(2014, 3, 2), "м", "123-456-789 00",
     "ул. Ленина, 1", "+7 900 000-00-01"],
    [2, "ПЕТРОВА МАРИЯ СЕРГЕЕВНА", "5 Б", "1.9.14", None, "", "", ""],
    [3, "Сидоров Пётр Алексеевич", "5А", "2014-01-15", "", "", "", ""],
]


def _people(db: Database) -> list[Any]:
    """The people in the base as plain snapshots (a read-only session expires its objects)."""
    with db.reading() as session:
        return [SimpleNamespace(full_name=p.full_name, **{
            c.key: getattr(p, c.key) for c in Person.__table__.columns})
            for p in session.scalars(select(Person).order_by(Person.id))]


def _count(db: Database, model: Any) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _import(db: Database, path: Path, kind: ImportKind = ImportKind.PUPILS,
            **kwargs: Any) -> Any:
    preview = prepare_import(db, path, kind, today=TODAY)
    assert not preview.errors, [str(p) for p in preview.errors]
    return commit_import(db, preview, today=TODAY, **kwargs)


def test_pupils_from_xlsx_with_header_on_row_3(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "5 классы.xlsx", PUPILS)
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert preview.header_row == 3
    assert len(preview.candidates) == 3 and not preview.errors
    assert set(preview.ignored_forbidden) == {"СНИЛС", "Адрес"}
    assert any("СНИЛС" in n and "не собирают" in n for n in preview.notices)
    assert any("«№»" in n for n in preview.notices)
    result = commit_import(db, preview, today=TODAY)
    assert (result.created, result.updated, result.skipped) == (3, 0, 0)
    assert "добавлено 3" in result.summary
    ivanov, petrova, sidorov = _people(db)
    assert (ivanov.last_name, ivanov.first_name, ivanov.middle_name) == (
        "Иванов", "Иван", "Иванович")
    assert ivanov.class_name == "5А" and ivanov.birth_date == dt.date(2014, 3, 2)
    assert ivanov.sex is Sex.MALE and ivanov.category is PersonCategory.PUPIL
    assert ivanov.parent_phone == "+7 900 000-00-01"
    assert petrova.full_name == "Петрова Мария Сергеевна" and petrova.class_name == "5Б"
    assert petrova.birth_date == dt.date(2014, 9, 1) and petrova.sex is Sex.FEMALE
    assert sidorov.sex is Sex.MALE  # guessed from the patronymic
    stored = json.dumps([vars(p) for p in _people(db)], default=str, ensure_ascii=False)
    assert "123-456-789" not in stored and "Ленина" not in stored


def test_audit_entry_without_names(db: Database, tmp_path: Path) -> None:
    _import(db, write_xlsx(tmp_path / "a.xlsx", PUPILS))
    with db.reading() as session:
        raw = session.scalars(select(AuditEntry.details_json)
                              .where(AuditEntry.action == "import")).one()
    details = json.loads(raw)
    assert details["created"] == 3 and details["file"] == "a.xlsx"
    assert "Иванов" not in raw


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv-utf-8", "csv-utf-8-sig", "csv-cp1251"])
def test_every_format_gives_the_same_people(db: Database, tmp_path: Path, fmt: str) -> None:
    rows = [["Фамилия", "Имя", "Отчество", "Класс", "Дата рождения"],
            ["Ёлкина", "Анна", "Петровна", "7А", "14.05.2012"],
            ["Щукин", "Пётр", "", "7Б", "03.11.2012"]]
    if fmt == "xlsx":
        path = write_xlsx(tmp_path / "a.xlsx", rows)
    elif fmt == "ods":
        path = write_ods(tmp_path / "a.ods", rows)
    else:
        path = write_csv(tmp_path / "a.csv", rows, encoding=fmt[4:])
    _import(db, path)
    assert [(p.full_name, p.class_name, p.birth_date) for p in _people(db)] == [
        ("Ёлкина Анна Петровна", "7А", dt.date(2012, 5, 14)),
        ("Щукин Пётр", "7Б", dt.date(2012, 11, 3))]


def test_xls_fixture(db: Database) -> None:
    _import(db, DATA / "people.xls")
    people = _people(db)
    assert [(p.full_name, p.class_name, p.birth_date, p.sex) for p in people] == [
        ("Кузнецов Артём Олегович", "7А", dt.date(2012, 5, 14), Sex.MALE),
        ("Волкова Дарья Игоревна", "7Б", dt.date(2012, 11, 3), Sex.FEMALE)]


def test_sheet_choice(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["пусто"]], extra_sheets=["Педагоги"])
    import openpyxl

    book = openpyxl.load_workbook(path)
    book["Педагоги"].append(["ФИО", "Должность", "Стаж", "Категория"])
    book["Педагоги"].append(["Смирнова Ольга Петровна", "учитель математики", "12 лет", "высшая"])
    book.save(path)
    with pytest.raises(ImportFileError, match=r"листе «Лист1».*не найдена строка заголовков"):
        prepare_import(db, path, ImportKind.STAFF, sheet="Лист1")
    found = prepare_import(db, path, ImportKind.STAFF, today=TODAY)  # no sheet named
    assert found.sheet == "Педагоги" and "«Лист1» его нет" in found.notices[0]
    preview = prepare_import(db, path, ImportKind.STAFF, sheet="Педагоги", today=TODAY)
    commit_import(db, preview)
    (smirnova,) = _people(db)
    assert smirnova.category is PersonCategory.STAFF and smirnova.experience_years == 12
    assert smirnova.position == "учитель математики" and smirnova.sex is Sex.FEMALE
    assert smirnova.notes == "Квалификационная категория: высшая"


def test_problems_are_listed_by_row(db: Database, tmp_path: Path) -> None:
    rows = [["Список"], ["ФИО", "Класс", "Дата рождения", "E-mail"],
            ["Иванов", "5А", "01.09.2014", ""],
            ["Петров Пётр", "13Я", "31.02.2014", "petrov@"],
            ["Сидоров Сидор", "5А", "01.09.2030", ""],
            ["", "5А", "01.09.2014", ""],
            [None, None, None, None],
            ["Козлов Иван", "5В", "12.12.2014", ""],
            ["Козлов Иван", "5В", "12.12.2014", ""],
            ["Орлов Олег", "5В", "12.12.2000", ""]]
    preview = prepare_import(db, write_xlsx(tmp_path / "a.xlsx", rows), ImportKind.PUPILS,
                             today=TODAY)
    errors = {(p.row, p.message.split("«")[0].split(" —")[0]) for p in preview.errors}
    assert {row for row, _ in errors} == {3, 4, 5, 6, 9}
    messages = {p.row: [] for p in preview.problems}  # type: dict[int, list[str]]
    for p in preview.problems:
        messages[p.row].append(p.message)
    assert any("одно слово" in m for m in messages[3])
    assert any("13Я" in m for m in messages[4])
    assert any("31.02.2014" in m for m in messages[4])
    assert any("почты" in m for m in messages[4])
    assert any("в будущем" in m for m in messages[5])
    assert any("не указаны фамилия и имя" in m for m in messages[6])
    assert any("повтор строки 8" in m for m in messages[9])
    assert [p.severity for p in preview.problems if p.row == 10] == [Severity.WARNING]
    assert all(str(p).startswith(f"Строка {p.row}:") for p in preview.problems)
    before = db_bytes(db)
    with pytest.raises(ImportRejectedError, match="ошибки") as info:
        commit_import(db, preview)
    assert "Строка 4:" in info.value.details
    assert db_bytes(db) == before


def test_duplicates_in_base_skip_and_update(db: Database, tmp_path: Path) -> None:
    _import(db, write_xlsx(tmp_path / "a.xlsx", PUPILS))
    again = [["ФИО", "Класс", "Дата рождения", "Телефон родителя"],
             ["Иванов Иван Иванович", "5А", "02.03.2014", "+7 900 111-11-11"],
             ["Петрова Мария Сергеевна", "6Б", "01.09.2014", ""],
             ["Новикова Ольга", "5А", "", ""]]
    path = write_xlsx(tmp_path / "b.xlsx", again)
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert preview.already_in_base == 2
    assert {p.row for p in preview.warnings if "уже есть в базе" in p.message} == {2, 3}
    result = commit_import(db, preview)
    assert (result.created, result.updated, result.skipped) == (1, 0, 2)
    assert _people(db)[0].parent_phone == "+7 900 000-00-01"
    result = commit_import(db, prepare_import(db, path, ImportKind.PUPILS, today=TODAY),
                           duplicates=Duplicates.UPDATE)
    assert (result.created, result.updated, result.skipped) == (0, 3, 0)
    ivanov, petrova, _sidorov, novikova = _people(db)
    assert ivanov.parent_phone == "+7 900 111-11-11"
    assert ivanov.sex is Sex.MALE  # an empty cell does not blank what the base has
    assert petrova.class_name == "6Б"
    assert novikova.birth_date is None and len(_people(db)) == 4


def test_duplicate_by_name_and_class_without_date(db: Database, tmp_path: Path) -> None:
    rows = [["ФИО", "Класс"], ["Иванов Иван", "5А"], ["Иванов Иван", "6А"]]
    _import(db, write_csv(tmp_path / "a.csv", rows))
    preview = prepare_import(db, write_csv(tmp_path / "b.csv", rows[:2]), ImportKind.PUPILS)
    assert preview.already_in_base == 1


def test_mentees_get_profiles_in_the_current_programme(db: Database, programme: Any,
                                                       tmp_path: Path) -> None:
    _import(db, write_xlsx(tmp_path / "a.xlsx", PUPILS))
    rows = [["ФИО", "Класс", "Дата рождения", "Ключевые запросы"],
            ["Иванов Иван Иванович", "5А", "02.03.2014", "низкая мотивация к учебе"],
            ["Зайцева Алла Юрьевна", "5А", "05.05.2014", ""]]
    path = write_xlsx(tmp_path / "mentees.xlsx", rows)
    result = _import(db, path, ImportKind.MENTEES)
    assert (result.created, result.skipped, result.profiles_added) == (1, 1, 2)
    assert "В базу наставляемых включено 2" in result.summary
    with db.reading() as session:
        profiles = {p.person.last_name: p for p in session.scalars(select(MenteeProfile))}
        assert {p.programme_id for p in profiles.values()} == {programme.id}
        assert profiles["Иванов"].requests_note == "низкая мотивация к учебе"
        assert profiles["Зайцева"].entered_on == TODAY
    result = _import(db, path, ImportKind.MENTEES)
    assert (result.created, result.profiles_added) == (0, 0)
    assert _count(db, MenteeProfile) == 2


def test_mentors_with_contours(db: Database, programme: Any, tmp_path: Path) -> None:
    rows = [["ФИО", "Категория", "Класс", "Место работы", "Компетенции", "Ресурс времени"],
            ["Смирнова Ольга Петровна", "педагог", "", "", "математика", "4 ч"],
            ["Орлов Игорь", "", "10А", "", "", ""],
            ["Белов Андрей", "выпускник", "", "ООО «Завод»", "", ""]]
    result = _import(db, write_xlsx(tmp_path / "m.xlsx", rows), ImportKind.MENTORS)
    assert (result.created, result.profiles_added) == (3, 3)
    with db.reading() as session:
        profiles = list(session.scalars(select(MentorProfile).order_by(MentorProfile.id)))
        assert [p.person.category for p in profiles] == [
            PersonCategory.STAFF, PersonCategory.PUPIL, PersonCategory.ALUMNUS]
        assert [p.contour for p in profiles] == [Contour.INTERNAL, Contour.INTERNAL,
                                                 Contour.EXTERNAL]
        assert profiles[0].competencies == "математика"
        assert profiles[0].time_hours_per_month == 4
        assert profiles[1].person.class_name == "10А"
        assert profiles[2].person.organisation == "ООО «Завод»"


def test_mentees_need_a_programme(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", PUPILS)
    with pytest.raises(ValidationError, match="нет программы"):
        prepare_import(db, path, ImportKind.MENTEES)


def test_cancel_leaves_the_base_unchanged(db: Database, programme: Any, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from nastavnik_desktop.services.importing import commit

    monkeypatch.setattr(commit, "CHUNK", 2)
    _import(db, write_xlsx(tmp_path / "a.xlsx", PUPILS[2:4]))
    rows = [["ФИО", "Класс"]] + [[f"Ученик{'а' * (i % 7 + 1)} Имя{'б' * (i // 7 + 1)}", "5А"]
                                 for i in range(9)]
    preview = prepare_import(db, write_xlsx(tmp_path / "b.xlsx", rows), ImportKind.MENTEES)
    before = db_bytes(db)
    calls: list[tuple[int, int]] = []

    def cancel_after_two(done: int, total: int) -> bool:
        calls.append((done, total))
        return len(calls) < 2

    with pytest.raises(OperationCancelled):
        commit_import(db, preview, duplicates=Duplicates.UPDATE, progress=cancel_after_two)
    assert calls == [(2, 9), (4, 9)]
    assert db_bytes(db) == before
    assert len(_people(db)) == 1 and _count(db, MenteeProfile) == 0


def test_progress_reaches_the_total(db: Database, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    _import(db, write_xlsx(tmp_path / "a.xlsx", PUPILS),
            progress=lambda done, total: calls.append((done, total)) is None)
    assert calls[-1] == (3, 3)


@pytest.mark.parametrize("content", [
    b"", b"%PDF-1.4 ...", b"PK\x03\x04broken", b"<html><table></table></html>"])
def test_bad_file_leaves_the_database_byte_for_byte(db: Database, programme: Any,
                                                    tmp_path: Path, content: bytes) -> None:
    _import(db, write_xlsx(tmp_path / "a.xlsx", PUPILS))
    before = db_bytes(db)
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportFileError):
        prepare_import(db, path, ImportKind.MENTEES)
    with pytest.raises(ImportFileError, match="защищён паролем"):
        prepare_import(db, DATA / "encrypted.xlsx", ImportKind.PUPILS)
    assert db_bytes(db) == before


def test_header_without_people(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["ФИО", "Класс"], [None, None], ["", " "]])
    with pytest.raises(ImportFileError, match="нет ни одной строки"):
        prepare_import(db, path, ImportKind.PUPILS)


def test_a_staff_list_giving_the_date_work_began_imports_years_of_work(
        db: Database, tmp_path: Path) -> None:
    """«Стаж (дата начала работы)»: 01.09.2024 is one full year on 01.10.2025, not «1» read
    off the day; a number stays a number; a start in the future is refused by row."""
    rows = [["ФИО", "Должность", "Стаж (дата начала работы)"],
            ["Белова Светлана Игоревна", "учитель", dt.datetime(2001, 9, 1)],
            ["Гусева Нина Павловна", "учитель", "01.09.2024"],
            ["Комаров Олег Витальевич", "учитель", "12 лет"],
            ["Орлов Пётр Ильич", "учитель", dt.datetime(2025, 9, 1)]]
    _import(db, write_xlsx(tmp_path / "staff.xlsx", rows), ImportKind.STAFF)
    with db.reading() as session:
        years = {p.last_name: p.experience_years for p in session.scalars(select(Person))}
    assert years == {"Белова": 24, "Гусева": 1, "Комаров": 12, "Орлов": 0}
    future = write_xlsx(tmp_path / "future.xlsx", [rows[0], ["Зуев Иван Ильич", "учитель",
                                                              "01.09.2026"]])
    preview = prepare_import(db, future, ImportKind.STAFF, today=TODAY)
    assert ["позже сегодняшнего дня" in str(p) for p in preview.errors] == [True]
