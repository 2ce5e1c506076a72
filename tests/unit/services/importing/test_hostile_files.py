"""Files as schools really send them (issue 11, points 6–8): DOS and KOI8 encodings, Excel's
«Текст Юникод», invisible characters, unreadable paths, two-level merged headers, the list on a
second sheet, headers worded in other ways, and a sheet of millions of empty rows."""

from __future__ import annotations

import builtins
import datetime as dt
import os
import re
import time
import tracemalloc
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Sex
from nastavnik_desktop.errors import ImportFileError
from nastavnik_desktop.services.importing import ImportKind, prepare_import, readers
from nastavnik_desktop.services.importing.mapping import Field, classify_header, find_mapping
from nastavnik_desktop.services.importing.readers import list_sheets, read_table
from tests.helpers.spreadsheets import DATA, write_csv, write_ods, write_xlsx

TODAY = dt.date(2025, 10, 1)
LIST = [["Список 5А класса"], [], ["ФИО", "Класс", "Дата рождения", "Пол"],
        ["Ёлкина Анна Петровна", "5А", "02.03.2014", "ж"],
        ["Щукин Пётр Юрьевич", "5А", "11.11.2013", "м"]]
_LATIN = re.compile(r"[A-Za-z]")


def _english(message: str) -> bool:
    """Whether a message has Latin letters outside the «quoted» names of files."""
    return bool(_LATIN.search(re.sub(r"«[^»]*»", "", message)))


def _names(db: Database, path: Path, **options: Any) -> list[tuple[Any, ...]]:
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY, **options)
    assert not preview.errors, [str(p) for p in preview.errors]
    return [(c.person.last_name, c.person.first_name, c.person.middle_name, c.person.class_name,
             c.person.birth_date, c.person.sex) for c in preview.candidates]


EXPECTED = [("Ёлкина", "Анна", "Петровна", "5А", dt.date(2014, 3, 2), Sex.FEMALE),
            ("Щукин", "Пётр", "Юрьевич", "5А", dt.date(2013, 11, 11), Sex.MALE)]


# --- encodings (point 7) ---


@pytest.mark.parametrize("encoding", ["cp866", "koi8_r", "cp1251"])
def test_dos_and_koi8_csv_are_read(db: Database, tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "list.csv", LIST, encoding=encoding)
    assert read_table(path).rows[2] == ("ФИО", "Класс", "Дата рождения", "Пол")
    assert _names(db, path) == EXPECTED


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_excel_unicode_text_is_read(db: Database, tmp_path: Path, encoding: str) -> None:
    """Excel's «Текст Юникод» (.txt): UTF-16 LE with a BOM, tab-separated; without a BOM too."""
    path = write_csv(tmp_path / "Текст Юникод.txt", LIST, encoding=encoding, delimiter="\t")
    assert read_table(path).rows[3][0] == "Ёлкина Анна Петровна"
    assert _names(db, path) == EXPECTED
    renamed = path.rename(tmp_path / "Список.xls")  # as some journals name their export
    assert _names(db, renamed) == EXPECTED


# --- invisible characters (point 7) ---

_DIRTY = [["\ufeffФ\u00adИ\u00adО", "Класс\u200b", "Дата\u00a0рождения", "Пол"],
          ["\u200bЁлкина\u00a0Анна\u00adПетровна", "5\u200bА", "02.03.2014\u00a0", "ж\ufeff"],
          ["Щу\u00adкин Пётр Юрьевич\u200b", "\ufeff5А", "11.11.2013", "\u00a0м"]]


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "ods"])
def test_invisible_characters_are_stripped(db: Database, tmp_path: Path, fmt: str) -> None:
    writer = {"xlsx": write_xlsx, "csv": write_csv, "ods": write_ods}[fmt]
    path = writer(tmp_path / f"list.{fmt}", _DIRTY)
    rows = read_table(path).rows
    assert rows[0] == ("ФИО", "Класс", "Дата рождения", "Пол")
    assert rows[1][:2] == ("Ёлкина АннаПетровна", "5А")
    assert _names(db, path)[1] == EXPECTED[1]


# --- paths the system refuses (point 7) ---


def test_permission_denied_is_said_in_russian(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_csv(tmp_path / "list.csv", LIST)
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: make the system refuse as it would
        real_open = builtins.open

        def refusing_open(file: Any, *args: Any, **kwargs: Any) -> Any:
            if Path(file) == path:
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", refusing_open)
    with pytest.raises(ImportFileError) as info:
        read_table(path)
    message = info.value.message
    assert "Нет прав на чтение файла «list.csv»" in message and "копию" in message
    assert "Закройте" not in message and not _english(message)
    assert not _english(info.value.details)  # shown under «Подробнее»


def test_symlink_loop_is_said_in_russian(tmp_path: Path) -> None:
    first, second = tmp_path / "список.xlsx", tmp_path / "копия.xlsx"
    first.symlink_to(second)
    second.symlink_to(first)
    with pytest.raises(ImportFileError) as info:
        read_table(first)
    message = info.value.message
    assert "по кругу" in message and "Закройте" not in message and not _english(message)
    assert not _english(info.value.details)


def test_other_system_errors_have_no_english(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_csv(tmp_path / "list.csv", LIST)

    def failing_open(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(builtins, "open", failing_open)
    with pytest.raises(ImportFileError) as info:
        read_table(path)
    assert "ошибка системы 5" in info.value.message
    assert not _english(info.value.message)


# --- two-level merged header (point 6) ---


def _two_level_xlsx(path: Path, *, merged: bool) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Список обучающихся 7-х классов"])
    sheet.append(["№", "Фамилия, имя, отчество", "Сведения об обучающемся", None, None,
                  "Примечание"])
    sheet.append([None, None, "Дата рождения", "Класс", "Пол", None])
    sheet.append([1, "Ёлкина Анна Петровна", dt.datetime(2014, 3, 2), "5А", "ж", ""])
    sheet.append([2, "Щукин Пётр Юрьевич", "11.11.2013", "5А", "м", "староста"])
    if merged:
        for area in ("A2:A3", "B2:B3", "C2:E2", "F2:F3", "A1:F1"):
            sheet.merge_cells(area)
    book.save(path)
    return path


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "blank cells"])
def test_two_level_merged_header(db: Database, tmp_path: Path, merged: bool) -> None:
    path = _two_level_xlsx(tmp_path / "list.xlsx", merged=merged)
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert preview.header_row == 3
    assert preview.mapping.fields == {Field.FULL_NAME: 1, Field.BIRTH_DATE: 2, Field.CLASS: 3,
                                      Field.SEX: 4}
    assert not preview.problems, [str(p) for p in preview.problems]
    assert _names(db, path) == EXPECTED


def test_a_cell_merged_down_fills_its_rows_and_one_merged_across_does_not(
        tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["№", "ФИО", "Класс"], ["5А класс"], [1, "Ёлкина Анна", "5А"],
                [2, "Щукин Пётр"], [3, "Яковлев Иван"]):
        sheet.append(row)
    sheet.merge_cells("A2:C2")  # a class's title row between the header and its pupils
    sheet.merge_cells("C3:C5")  # the class written once for all its pupils
    path = tmp_path / "list.xlsx"
    book.save(path)
    rows = read_table(path).rows
    assert rows[1] == ("5А класс",)
    assert [row[2] for row in rows[2:]] == ["5А", "5А", "5А"]


def test_two_level_header_in_a_csv(db: Database, tmp_path: Path) -> None:
    rows = [["ФИО", "Сведения об обучающемся", "", ""], ["", "Класс", "Дата рождения", "Пол"],
            *LIST[3:]]
    assert _names(db, write_csv(tmp_path / "list.csv", rows)) == EXPECTED


def test_a_forbidden_group_forbids_its_columns() -> None:
    rows = [("ФИО", "Паспорт", "Паспорт", "Сведения", "Сведения"),
            ("ФИО", "Серия", "Номер", "Класс", "Дата рождения"),
            ("Ёлкина Анна", "1234", "567890", "5А", "02.03.2014")]
    mapping = find_mapping(rows)
    assert mapping is not None and mapping.header_row == 2
    assert mapping.fields == {Field.FULL_NAME: 0, Field.CLASS: 3, Field.BIRTH_DATE: 4}
    assert [c.index for c in mapping.forbidden] == [1, 2]
    across = find_mapping([("ФИО", "Паспорт", None, "Сведения", None, "Кружок"),
                           (None, "Серия", "Дата рождения", "Класс", "Пол", None),
                           ("Ёлкина Анна", "1234", "02.03.2014", "5А", "ж", "")])
    assert across is not None
    assert across.fields == {Field.FULL_NAME: 0, Field.CLASS: 3, Field.SEX: 4}
    assert [c.header for c in across.forbidden] == ["Паспорт / Серия", "Паспорт / Дата рождения"]


def test_name_parts_under_a_merged_full_name() -> None:
    rows = [("ФИО", None, None, "Класс"), ("Фамилия", "Имя", "Отчество", "Класс"),
            ("Ёлкина", "Анна", "Петровна", "5А")]
    mapping = find_mapping(rows)
    assert mapping is not None and mapping.header_row == 2
    assert mapping.fields == {Field.LAST_NAME: 0, Field.FIRST_NAME: 1, Field.MIDDLE_NAME: 2,
                              Field.CLASS: 3}


def test_a_row_numbering_the_columns_is_part_of_the_header(db: Database,
                                                          tmp_path: Path) -> None:
    rows = [LIST[2], [1, 2, 3, 4], *LIST[3:]]
    assert _names(db, write_xlsx(tmp_path / "form.xlsx", rows)) == EXPECTED


def test_a_first_pupil_without_a_name_is_not_a_second_header_row() -> None:
    rows = [("ФИО", "Класс", "Запросы"), (None, "5А", "проблемы с математикой"),
            ("Ёлкина Анна", "5А", "")]
    mapping = find_mapping(rows)
    assert mapping is not None and mapping.header_row == 1


# --- the list on the second sheet (point 7) ---


def test_list_on_the_second_sheet_is_found_and_named(db: Database, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Обложка"
    book.active.append(["МБОУ «СОШ № 7». Списки на 2025/26 учебный год"])
    pupils = book.create_sheet("Ученики")
    for row in LIST:
        pupils.append(row)
    book.create_sheet("Учителя").append(["ФИО", "Должность"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    table = read_table(path)
    assert (table.sheet, table.passed_over) == ("Ученики", ("Обложка",))
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert preview.sheet == "Ученики"
    assert any("листа «Ученики»" in note and "«Обложка»" in note for note in preview.notices)
    assert read_table(path, "Обложка").passed_over == ()


# --- a huge cell (point 7) ---


def test_a_huge_header_is_not_echoed_whole(db: Database, tmp_path: Path) -> None:
    huge = "Примечание " + "очень " * 2000
    path = write_xlsx(tmp_path / "list.xlsx", [LIST[2] + [huge], *LIST[3:]])
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    (unused,) = preview.mapping.unused
    assert len(unused.header) <= 60 and unused.header.endswith("…")
    assert all(len(note) < 500 for note in preview.notices)


def test_a_csv_cell_longer_than_the_csv_reader_takes_is_said_in_russian(
        db: Database, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("ФИО;Класс;Примечание\nИванов Иван;5А;" + "очень " * 30_000 + "\n",
                    encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert "слишком длинный текст" in caught.value.message
    assert "field" not in caught.value.message and "field limit" in caught.value.details


# --- headers worded in other ways (point 7) ---


@pytest.mark.parametrize(("header", "field"), [
    ("Ф.И.О. обучающегося", Field.FULL_NAME), ("ФИО ученика", Field.FULL_NAME),
    ("Фамилия Имя Отчество", Field.FULL_NAME), ("Ф. И. О.", Field.FULL_NAME),
    ("Фамилия, имя, отчество обучающегося", Field.FULL_NAME), ("Фамилия и имя", Field.FULL_NAME),
    ("Ф.И.О. (полностью)", Field.FULL_NAME), ("ФИО ребёнка", Field.FULL_NAME),
    ("Дата рожд.", Field.BIRTH_DATE), ("Д/р", Field.BIRTH_DATE), ("Д.р.", Field.BIRTH_DATE),
    ("Число, месяц, год рождения", Field.BIRTH_DATE),
    ("Кл.", Field.CLASS), ("Класс/группа", Field.CLASS), ("Класс (литера)", Field.CLASS),
    ("Пол (м/ж)", Field.SEX), ("Фами\u00adлия", Field.LAST_NAME),
])
def test_headers_as_schools_word_them(header: str, field: Field) -> None:
    assert classify_header(header) == (field, "")


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])  # .ods and .xls: the calamine reader
def test_a_list_headed_the_journal_way(db: Database, tmp_path: Path, fmt: str) -> None:
    rows = [["№ п/п", "Ф.И.О. обучающегося", "Кл.", "Дата рожд.", "Пол (м/ж)"],
            [1, "Ёлкина Анна Петровна", "5А", "02.03.2014", "ж"],
            [2, "Щукин Пётр Юрьевич", "5А", "11.11.2013", "м"]]
    writer = {"xlsx": write_xlsx, "csv": write_csv, "ods": write_ods}[fmt]
    assert _names(db, writer(tmp_path / f"list.{fmt}", rows)) == EXPECTED


def test_an_xls_journal_export(db: Database) -> None:
    """Everything at once through the .xls reader (calamine): a cover sheet, a two-level merged
    header in the journal's words, the class merged down, invisible characters in names. No
    runtime dependency writes .xls: `journal.xls` is made by tests/data/make_import_fixtures.py."""
    preview = prepare_import(db, DATA / "journal.xls", ImportKind.PUPILS, today=TODAY)
    assert preview.sheet == "Список класса" and "«Титул»" in preview.notices[0]
    assert not preview.problems, [str(p) for p in preview.problems]
    assert _names(db, DATA / "journal.xls") == [
        *EXPECTED, ("Яковлев", "Иван", "Ильич", "5А", dt.date(2014, 1, 15), Sex.MALE)]


# --- a sheet of empty rows (point 8) ---

_SHEET_START = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ФИО</t></is></c>'
                '<c r="B1" t="inlineStr"><is><t>Класс</t></is></c></row>'
                '<row r="2"><c r="A2" t="inlineStr"><is><t>Ёлкина Анна</t></is></c>'
                '<c r="B2" t="inlineStr"><is><t>5А</t></is></c></row>')


def _sheet_xlsx(path: Path, rows_xml: Iterable[str]) -> Path:
    """A workbook whose one sheet is `_SHEET_START`, then `rows_xml`, written by hand (no
    `<dimension>`, as in the file of the issue) and compressed."""
    write_xlsx(path, [["x"]])
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_SHEET_START.encode())
            for chunk in rows_xml:
                sheet.write(chunk.encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


def _empty_rows(count: int, *, numbered: bool) -> Iterable[str]:
    for start in range(3, count + 3, 10_000):
        stop = min(start + 10_000, count + 3)
        yield "".join(f'<row r="{n}"/>' if numbered else "<row/>" for n in range(start, stop))


def test_millions_of_empty_rows_are_refused(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The file of the issue has 45 million `<row/>` (395 KB packed, 270 MB unpacked); here the
    cap is lowered so a small file reaches it."""
    monkeypatch.setattr(readers, "MAX_SHEET_ROWS", 20_000)
    path = _sheet_xlsx(tmp_path / "blank.xlsx", _empty_rows(50_000, numbered=False))
    assert list_sheets(path) == ["Лист1"]
    with pytest.raises(ImportFileError) as info:
        read_table(path)
    assert "больше 20 000 строк (пустых или заполненных)" in info.value.message


def test_empty_rows_are_streamed_in_flat_memory(tmp_path: Path) -> None:
    """Empty rows past the last person are read without keeping them: memory does not grow
    with their number (openpyxl kept every parsed row attached to the sheet's tree)."""
    path = _sheet_xlsx(tmp_path / "blank.xlsx", _empty_rows(100_000, numbered=True))
    tracemalloc.start()
    try:
        list_sheets(path)
        table = read_table(path)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert table.rows == (("ФИО", "Класс"), ("Ёлкина Анна", "5А"))
    assert peak < 8 * 1024 * 1024, f"{peak / 1024 / 1024:.1f} MB"


def test_a_row_numbered_far_away_is_not_walked_to(tmp_path: Path) -> None:
    path = _sheet_xlsx(tmp_path / "far.xlsx", ['<row r="900000000"/>'])
    started = time.perf_counter()
    assert read_table(path).rows == (("ФИО", "Класс"), ("Ёлкина Анна", "5А"))
    assert time.perf_counter() - started < 30  # openpyxl yielded 900 million blank rows
    far = _sheet_xlsx(tmp_path / "far2.xlsx", ['<row r="900000000"><c r="A900000000" '
                                               't="inlineStr"><is><t>Иванов Иван</t></is></c>'
                                               "</row>"])
    with pytest.raises(ImportFileError, match="больше 50 000 строк"):
        read_table(far)


def test_too_many_cells_in_an_xlsx_sheet(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_SHEET_CELLS", 100)
    cells = "".join(f'<c r="A{n}"/><c r="B{n}"/>' for n in range(3, 5))
    rows = (f'<row r="{n}">{cells}</row>' for n in range(3, 100))
    with pytest.raises(ImportFileError, match="слишком много заполненных ячеек"):
        read_table(_sheet_xlsx(tmp_path / "cells.xlsx", rows))


def test_ods_with_too_many_row_elements(tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_SHEET_ROWS", 1_000)
    path = write_ods(tmp_path / "blank.ods", [LIST[2], *([[]] * 2_000)])
    with pytest.raises(ImportFileError, match="больше 1 000 строк"):
        read_table(path)
