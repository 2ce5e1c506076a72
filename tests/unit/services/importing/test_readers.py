"""Reading spreadsheets: every format, every encoding and delimiter, and every kind of bad file."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from nastavnik_desktop.errors import ImportFileError
from nastavnik_desktop.services.importing import readers
from nastavnik_desktop.services.importing.readers import list_sheets, read_table
from tests.helpers.spreadsheets import (
    DATA,
    ods_cell,
    write_csv,
    write_ods,
    write_ods_xml,
    write_xlsx,
)

SMALL_UNPACKED_LIMIT = 4 * 1024 * 1024
ROWS = [["Список класса"], [], ["ФИО", "Класс", "Дата рождения"],
        ["Ёлкина Анна Петровна", "5А", dt.date(2014, 3, 2)]]


def test_xlsx_values_dates_and_blank_rows(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", ROWS, extra_sheets=["Учителя"])
    table = read_table(path)
    assert table.sheet == "Лист1"
    assert table.rows[0] == ("Список класса",)
    assert table.rows[1] == ()
    assert table.rows[3][:2] == ("Ёлкина Анна Петровна", "5А")
    assert table.rows[3][2].date() == dt.date(2014, 3, 2)
    assert list_sheets(path) == ["Лист1", "Учителя"]


def test_xlsx_other_sheet_and_missing_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", ROWS, extra_sheets=["Учителя"])
    assert read_table(path, "Учителя").rows == ()
    with pytest.raises(ImportFileError, match=r"нет листа «Педагоги».*«Учителя»"):
        read_table(path, "Педагоги")


def test_xls_fixture_with_dates_and_sheets() -> None:
    table = read_table(DATA / "people.xls")
    assert table.sheet == "Список"
    assert table.rows[2][:4] == ("Фамилия", "Имя", "Отчество", "Класс")
    assert table.rows[3][4] == dt.date(2012, 5, 14)
    assert list_sheets(DATA / "people.xls") == ["Список", "Второй"]


def test_ods_with_repeated_columns_and_rows(tmp_path: Path) -> None:
    xml = ("<table:table-row>" + ods_cell("ФИО") + ods_cell(None, 2) + ods_cell("Класс")
           + "</table:table-row>"
           + '<table:table-row table:number-rows-repeated="2">' + ods_cell("Иванов Иван")
           + ods_cell(None, 2) + ods_cell("5А") + "</table:table-row>"
           + '<table:table-row table:number-rows-repeated="1048000">'
           + ods_cell(None, 1024) + "</table:table-row>")
    table = read_table(write_ods_xml(tmp_path / "a.ods", xml))
    assert table.rows == (("ФИО", None, None, "Класс"), ("Иванов Иван", None, None, "5А"),
                          ("Иванов Иван", None, None, "5А"))


def test_ods_dates(tmp_path: Path) -> None:
    table = read_table(write_ods(tmp_path / "a.ods", ROWS))
    assert table.rows[3] == ("Ёлкина Анна Петровна", "5А", dt.date(2014, 3, 2))
    assert table.rows[1] == ()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = [["Список, 5 класс"], [], ["ФИО", "Класс", "Примечание"],
            ["Ёлкина Анна Петровна", "5А", "любит шахматы; поёт"],
            ["Щукин Пётр", "5Б", ""]]
    path = write_csv(tmp_path / "a.csv", rows, encoding=encoding, delimiter=delimiter)
    table = read_table(path)
    assert table.rows[2] == ("ФИО", "Класс", "Примечание")
    assert table.rows[3] == ("Ёлкина Анна Петровна", "5А", "любит шахматы; поёт")
    assert table.rows[4] == ("Щукин Пётр", "5Б")
    assert list_sheets(path) == ["a"]


def _bad(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _zip_bomb(tmp_path: Path) -> Path:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (SMALL_UNPACKED_LIMIT + 1))
    return path


def _truncated(tmp_path: Path) -> Path:
    good = write_xlsx(tmp_path / "good.xlsx", ROWS).read_bytes()
    return _bad(tmp_path, "cut.xlsx", good[: len(good) // 2])


def _ods_bomb(tmp_path: Path) -> Path:
    xml = ('<table:table-row table:number-rows-repeated="100000">'
           + ods_cell(1, 1000) + "</table:table-row>")
    return write_ods_xml(tmp_path / "bomb.ods", xml)


def _garbage_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "not xml at all <<<")
    return path


BAD_FILES = {
    "empty": (lambda p: _bad(p, "empty.xlsx", b""), "пустой"),
    "text as xlsx": (lambda p: _bad(p, "list.xlsx", "ФИО;Класс".encode()), "не похож на таблицу"),
    "pdf": (lambda p: _bad(p, "list.xlsx", b"%PDF-1.7\n..."), "PDF"),
    "html as xls": (lambda p: _bad(p, "journal.xls", b"<html><table><tr><td>1</td></tr>"),
                    "веб-страница"),
    "encrypted": (lambda p: DATA / "encrypted.xlsx", "защищён паролем"),
    "truncated zip": (_truncated, "повреждён"),
    "zip bomb": (_zip_bomb, "слишком много места"),
    "ods bomb": (_ods_bomb, "слишком много заполненных ячеек"),
    "broken xml": (_garbage_xlsx, "не удалось прочитать"),
    "word": (lambda p: _word_docx(p), "документ Word"),
    "ole not excel": (lambda p: _bad(p, "x.xls", readers._OLE_MAGIC + b"\x00" * 600),
                      "не таблица Excel"),
    "folder": (lambda p: p, "папка"),
    "missing": (lambda p: p / "nope.xlsx", "не найден"),
}


def _word_docx(tmp_path: Path) -> Path:
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_files_raise_a_russian_message(tmp_path: Path, case: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_UNPACKED_BYTES", SMALL_UNPACKED_LIMIT)
    make, expected = BAD_FILES[case]
    path = make(tmp_path)
    with pytest.raises(ImportFileError) as info:
        read_table(path)
    assert expected.lower() in info.value.message.lower()


def test_too_large_file_is_refused_before_reading(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    path = write_csv(tmp_path / "a.csv", [["ФИО"]] + [["Иванов Иван"]] * 20)
    with pytest.raises(ImportFileError, match="слишком большой"):
        read_table(path)


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "ods"])
def test_too_many_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.setattr(readers, "MAX_PEOPLE", 10)
    rows = [["ФИО"]] + [[f"Иванов Иван {i}"] for i in range(10 + readers.TITLE_ROWS + 1)]
    writer = {"xlsx": write_xlsx, "csv": write_csv, "ods": write_ods}[fmt]
    path = writer(tmp_path / f"a.{fmt}", rows)
    with pytest.raises(ImportFileError, match="больше 10 строк"):
        read_table(path)


def test_cell_text() -> None:
    assert readers.cell_text(5.0) == "5"
    assert readers.cell_text(dt.datetime(2012, 9, 1, 0, 0)) == "01.09.2012"
    assert readers.cell_text("  Иванов   Иван ") == "Иванов Иван"
    assert readers.cell_text(None) == ""
