"""Made once, kept in the repository: the spreadsheet files no runtime dependency can write.

`people.xls` (Excel 97–2003, written with xlwt) and `encrypted.xlsx` (a password-protected
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
    make_encrypted_xlsx()
