"""The curator's corrections of the recognised columns (the «Столбцы» page of the wizard)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.importing import (
    ColumnChoice,
    Field,
    ImportKind,
    Mapping,
    commit_import,
    prepare_import,
)
from nastavnik_desktop.services.importing.mapping import find_mapping
from tests.helpers.spreadsheets import db_bytes, write_xlsx

TODAY = dt.date(2025, 10, 1)
HEADERS = ("ФИО", "Класс", "Адрес", "Кружок", "Телефон")


def _mapping() -> Mapping:
    mapping = find_mapping([HEADERS])
    assert mapping is not None
    return mapping


def _choice(index: int, field: Field | None) -> ColumnChoice:
    return ColumnChoice(index, HEADERS[index], field)


def test_a_column_gets_the_chosen_field() -> None:
    corrected = _mapping().with_fields([_choice(3, Field.INTERESTS)])
    assert corrected.fields == {Field.FULL_NAME: 0, Field.CLASS: 1, Field.INTERESTS: 3,
                                Field.PHONE: 4}
    assert corrected.header_row == 1 and corrected.has_name
    assert _mapping().with_fields([]) == _mapping()


def test_a_field_moves_from_the_column_that_had_it() -> None:
    corrected = _mapping().with_fields([_choice(3, Field.CLASS)])
    assert corrected.fields[Field.CLASS] == 3
    assert [c.header for c in corrected.unused] == ["Класс"]
    back = _mapping().with_fields([_choice(3, None)])
    assert back.fields[Field.CLASS] == 1  # corrections start from the recognised mapping


def test_the_leftmost_of_two_chosen_columns_wins() -> None:
    corrected = _mapping().with_fields([_choice(3, Field.PHONE), _choice(1, Field.PHONE)])
    assert corrected.fields[Field.PHONE] == 1
    assert Field.CLASS not in corrected.fields


def test_a_column_can_be_left_out_and_the_name_is_checked() -> None:
    corrected = _mapping().with_fields([_choice(4, None), _choice(0, None)])
    assert Field.PHONE not in corrected.fields
    assert not corrected.has_name
    halves = find_mapping([("Фамилия", "Имя", "Кл")])
    assert halves is not None and halves.has_name
    assert not halves.with_fields([ColumnChoice(1, "Имя", None)]).has_name


def test_forbidden_and_stale_choices_are_not_applied() -> None:
    corrected = _mapping().with_fields([
        _choice(2, Field.ORGANISATION),            # «Адрес» is never read
        ColumnChoice(17, "Почта", Field.EMAIL),     # no such column
        ColumnChoice(3, "Секция", Field.INTERESTS),  # the column is now headed «Кружок»
    ])
    assert corrected == _mapping()
    assert [c.header for c in corrected.forbidden] == ["Адрес"]


def test_prepare_import_with_corrected_columns(db: Database, tmp_path: Path) -> None:
    header = ["№", "ФИО ученика", "Группа", "Дата", "Адрес", "Телефон"]
    rows = [["Список 5А"], [], header,
            [1, "Иванов Иван Иванович", "5а", "02.03.2014", "ул. Ленина, 1", "+7 900 000-00-01"],
            [2, "Петрова Мария", "5а", "01.09.2014", "", ""]]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    found = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert found.header_row == 3
    assert found.mapping.fields == {Field.FULL_NAME: 1, Field.PHONE: 5}
    assert found.found_mapping == found.mapping
    choices = [ColumnChoice(2, "Группа", Field.CLASS), ColumnChoice(3, "Дата", Field.BIRTH_DATE),
               ColumnChoice(4, "Адрес", Field.PHONE), ColumnChoice(5, "Телефон", None)]
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY, columns=choices)
    assert preview.mapping.fields == {Field.FULL_NAME: 1, Field.CLASS: 2, Field.BIRTH_DATE: 3}
    assert preview.found_mapping == found.mapping
    assert not preview.errors and preview.ignored_forbidden == ("Адрес",)
    commit_import(db, preview, today=TODAY)
    with db.reading() as session:
        people = [(p.last_name, p.class_name, p.birth_date, p.phone)
                  for p in session.scalars(select(Person).order_by(Person.id))]
    assert people == [("Иванов", "5А", dt.date(2014, 3, 2), ""),
                      ("Петрова", "5А", dt.date(2014, 9, 1), "")]
    assert "Ленина".encode() not in db_bytes(db)


def test_prepare_import_without_a_name_column(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["ФИО", "Класс"], ["Иванов Иван", "5А"]])
    with pytest.raises(ValidationError, match="Не выбран столбец с именами"):
        prepare_import(db, path, ImportKind.PUPILS, columns=[ColumnChoice(0, "ФИО", None)])
