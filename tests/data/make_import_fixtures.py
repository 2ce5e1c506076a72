"""Made once, kept in the repository: the spreadsheet files no runtime dependency can write.

`people.xls` (Excel 97–2003, written with xlwt), `journal.xls` (an electronic journal's export:
a cover sheet, then a list under a two-level merged header «Ф.И.О. обучающегося» / «Сведения об
обучающемся» over «Дата рожд. | Кл. | Пол») and `encrypted.xlsx` (a password-protected
workbook, an OLE container, written with msoffcrypto-tool). To remake them:
`pip install xlwt msoffcrypto-tool && python tests/data/make_import_fixtures.py`.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent


def make_xls() -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Список")
    date_style = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    rows = [
        ["Список обучающихся 7-х классов"],
        [],
        ["Фамилия", "Имя", "Отчество", "Класс", "Дата рождения", "Пол"],
        ["Кузнецов", "Артём", "Олегович", "7А", dt.date(2012, 5, 14), "м"],
        ["Волкова", "Дарья", "Игоревна", "7Б", dt.date(2012, 11, 3), ""],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    book.add_sheet("Второй")
    book.save(str(HERE / "people.xls"))


def make_journal_xls() -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("Титул").write(0, 0, "Электронный журнал. Выгрузка от 01.09.2025")
    sheet = book.add_sheet("Список класса")
    date_style = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    sheet.write_merge(0, 0, 0, 4, "Список обучающихся 5А класса")
    sheet.write_merge(1, 2, 0, 0, "№ п/п")
    sheet.write_merge(1, 2, 1, 1, "Ф.И.О. обучающегося")
    sheet.write_merge(1, 1, 2, 4, "Сведения об обучающемся")
    for c, header in enumerate(["Дата рожд.", "Кл.", "Пол (м/ж)"], start=2):
        sheet.write(2, c, header)
    pupils = [(1, "Ёлкина\u200b Анна Петровна", dt.date(2014, 3, 2), "ж"),
              (2, "Щукин Пётр Юрьевич\u00ad", dt.date(2013, 11, 11), "м"),
              (3, "Яковлев Иван Ильич", dt.date(2014, 1, 15), "м")]
    for r, (number, name, born, sex) in enumerate(pupils, start=3):
        sheet.write(r, 0, number)
        sheet.write(r, 1, name)
        sheet.write(r, 2, born, date_style)
        sheet.write(r, 4, sex)
    sheet.write_merge(3, 5, 3, 3, "5А")  # the class written once for all
    book.save(str(HERE / "journal.xls"))


def make_encrypted_xlsx() -> None:
    import openpyxl
    from msoffcrypto.format.ooxml import OOXMLFile

    book = openpyxl.Workbook()
    book.active.append(["ФИО", "Класс"])
    book.active.append(["Иванов Иван", "5А"])
    plain = io.BytesIO()
    book.save(plain)
    plain.seek(0)
    encrypted = io.BytesIO()
    OOXMLFile(plain).encrypt("secret", encrypted)
    (HERE / "encrypted.xlsx").write_bytes(encrypted.getvalue())


if __name__ == "__main__":
    make_xls()
    make_journal_xls()
    make_encrypted_xlsx()
