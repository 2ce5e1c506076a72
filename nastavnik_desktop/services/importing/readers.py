"""Reading a table of cell values out of a school's spreadsheet: .xlsx, .xls, .ods or .csv.

A file is recognised by its first bytes, not by its name, and is checked before any parser sees
it: its size, the unpacked size of zip members (openpyxl does not guard against zip bombs), the
number of cells an .ods promises, password protection. Every failure becomes an
`ImportFileError` with a Russian message; the parsers themselves are imported only when used.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nastavnik_desktop.errors import ImportFileError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_ZIP_MEMBERS = 5_000
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_ODS_CELLS = 5_000_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
_CSV_DELIMITERS = (";", ",", "\t")
_ODF_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODF_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"

Row = tuple[Any, ...]
_SAVE_AS_XLSX = ("Откройте его в Excel или LibreOffice Calc и сохраните как «Книга Excel (.xlsx)», "
                 "затем повторите загрузку.")


class Format(enum.Enum):
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"


@dataclass(frozen=True)
class Table:
    """The cell values of one sheet: `rows[i]` is row `i + 1` of the file, trailing blanks cut."""

    file_name: str
    sheet: str
    rows: tuple[Row, ...]


def list_sheets(path: Path) -> list[str]:
    """The names of the sheets of a workbook (a CSV file has one, named after the file)."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt is Format.CSV:
        return [path.stem]
    if fmt is Format.XLSX:
        return _guarded(path, lambda: _xlsx_sheets(path))
    return _guarded(path, lambda: _calamine_sheets(path))


def read_table(path: Path, sheet: str | None = None) -> Table:
    """Read one sheet (the first when `sheet` is None) as a table of plain cell values."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt is Format.CSV:
        return Table(path.name, path.stem, _read_csv(path))
    if fmt is Format.XLSX:
        name, rows = _guarded(path, lambda: _read_xlsx(path, sheet))
    else:
        name, rows = _guarded(path, lambda: _read_calamine(path, sheet))
    return Table(path.name, name, rows)


# --- recognising the file ---


def detect_format(path: Path) -> Format:
    """What kind of spreadsheet `path` is; raises ImportFileError for anything else."""
    name = path.name
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        raise ImportFileError(f"Файл «{name}» не найден. Проверьте, что он не перемещён и "
                              "флешка вставлена, и выберите файл ещё раз.") from None
    except IsADirectoryError:
        raise ImportFileError(f"«{name}» — это папка, а не файл. Выберите файл таблицы.") from None
    except OSError as exc:
        raise ImportFileError(f"Не удалось прочитать файл «{name}»: {exc.strerror or exc}. "
                              "Закройте его в других программах и повторите.") from exc
    if size == 0:
        raise ImportFileError(f"Файл «{name}» пустой (0 байт). Возможно, он не был сохранён до "
                              "конца: откройте его в Excel, проверьте и сохраните ещё раз.")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"Файл «{name}» слишком большой ({size // (1024 * 1024)} МБ, допускается до "
            f"{MAX_FILE_BYTES // (1024 * 1024)} МБ). Оставьте в нём только список людей "
            "(без картинок и лишних листов) и повторите.")
    if head.startswith(_ZIP_MAGICS):
        return _zip_format(path)
    if head.startswith(_OLE_MAGIC):
        return _ole_format(path)
    _refuse_known_foreign(name, head)
    if path.suffix.lower() in _TEXT_SUFFIXES and b"\x00" not in head:
        return Format.CSV
    raise ImportFileError(
        f"Файл «{name}» не похож на таблицу. Загрузить можно книгу Excel (.xlsx, .xls), "
        "таблицу LibreOffice (.ods) или текст CSV (.csv). " + _SAVE_AS_XLSX)


def _refuse_known_foreign(name: str, head: bytes) -> None:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"%pdf"):
        raise ImportFileError(f"Файл «{name}» — это документ PDF, а не таблица. Попросите "
                              "список в виде таблицы Excel или CSV.")
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        raise ImportFileError(
            f"Файл «{name}» — веб-страница (HTML), хотя назван как таблица; так выгружают "
            "некоторые электронные журналы. " + _SAVE_AS_XLSX)
    if start.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise ImportFileError(f"Файл «{name}» — таблица в старом формате «XML Excel 2003». "
                              + _SAVE_AS_XLSX)


def _zip_format(path: Path) -> Format:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            _check_unpacked_size(name, members)
            if "mimetype" in names:
                mime = archive.read("mimetype").strip()
                if mime == _ODS_MIME:
                    _check_ods_cells(name, archive)
                    return Format.ODS
                raise ImportFileError(f"Файл «{name}» — документ OpenDocument, но не таблица "
                                      "(например, текст). Выберите таблицу .ods, .xlsx или .csv.")
            if "xl/workbook.xml" in names:
                return Format.XLSX
            if "word/document.xml" in names:
                raise ImportFileError(f"Файл «{name}» — документ Word, а не таблица. Перенесите "
                                      "список в Excel и сохраните как .xlsx.")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError) as exc:
        raise ImportFileError(
            f"Файл «{name}» повреждён или сохранён не до конца (архив внутри книги не "
            "читается). Откройте его в Excel или LibreOffice: если откроется — сохраните "
            "заново; если нет — попросите файл ещё раз.", details=repr(exc)) from exc
    raise ImportFileError(f"Файл «{name}» — архив, но не книга Excel и не таблица LibreOffice. "
                          "Выберите файл .xlsx, .xls, .ods или .csv.")


def _check_unpacked_size(name: str, members: list[zipfile.ZipInfo]) -> None:
    unpacked = sum(m.file_size for m in members)
    if len(members) > MAX_ZIP_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            f"Файл «{name}» в распакованном виде занимает слишком много места "
            f"({unpacked // (1024 * 1024)} МБ), такие таблицы не загружаются. Скопируйте "
            "список людей в новую книгу и сохраните её.")


def _check_ods_cells(name: str, archive: zipfile.ZipFile) -> None:
    """Count the filled cells an .ods expands to (rows and cells can be «repeated» a million
    times in a few bytes) before handing it to a parser that would build them all in memory."""
    from defusedxml.ElementTree import iterparse

    filled = 0
    with archive.open("content.xml") as content:
        for _event, element in iterparse(content, events=("end",)):
            if element.tag != f"{_ODF_TABLE}table-row":
                continue
            rows = int(element.get(f"{_ODF_TABLE}number-rows-repeated", "1"))
            for cell in element:
                if cell.get(f"{_ODF_OFFICE}value-type") or len(cell):
                    filled += rows * int(cell.get(f"{_ODF_TABLE}number-columns-repeated", "1"))
            element.clear()
            if filled > MAX_ODS_CELLS:
                raise ImportFileError(
                    f"Таблица «{name}» содержит слишком много заполненных ячеек (больше "
                    f"{MAX_ODS_CELLS:,}).".replace(",", " ") + " Оставьте в ней только "
                    "список людей и повторите.")


def _ole_format(path: Path) -> Format:
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode(
            "utf-16-le") in data:
        raise _password_error(path.name)
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return Format.XLS
    if "WordDocument".encode("utf-16-le") in data:
        raise ImportFileError(f"Файл «{path.name}» — документ Word, а не таблица. Перенесите "
                              "список в Excel и сохраните как .xlsx.")
    raise ImportFileError(f"Файл «{path.name}» — документ Microsoft Office, но не таблица "
                          "Excel. Выберите файл .xlsx, .xls, .ods или .csv.")


def _password_error(name: str) -> ImportFileError:
    return ImportFileError(
        f"Файл «{name}» защищён паролем, и прочитать его нельзя. Откройте его в Excel, "
        "снимите пароль (Файл → Сведения → Защита книги → Зашифровать с использованием "
        "пароля → очистите поле), сохраните и повторите загрузку.")


def _guarded(path: Path, read: Any) -> Any:
    """Run a parser over a file that passed the checks; whatever it raises means a bad file."""
    try:
        return read()
    except ImportFileError:
        raise
    except MemoryError as exc:
        raise ImportFileError(f"Файл «{path.name}» слишком велик для загрузки. Оставьте в нём "
                              "только список людей и повторите.") from exc
    except Exception as exc:
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise _password_error(path.name) from exc
        raise ImportFileError(
            f"Файл «{path.name}» не удалось прочитать: он повреждён или сохранён в необычном "
            f"виде. {_SAVE_AS_XLSX}", details=repr(exc)) from exc


# --- the readers ---


def _no_such_sheet(path: Path, sheet: str, names: list[str]) -> ImportFileError:
    listed = ", ".join(f"«{n}»" for n in names)
    return ImportFileError(f"В файле «{path.name}» нет листа «{sheet}». Есть листы: {listed}.")


def _xlsx_sheets(path: Path) -> list[str]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [ws.title for ws in book.worksheets]
    finally:
        book.close()


def _read_xlsx(path: Path, sheet: str | None) -> tuple[str, tuple[Row, ...]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = {ws.title: ws for ws in book.worksheets}
        if not sheets:
            raise ImportFileError(f"В книге «{path.name}» нет листов с таблицами.")
        name = sheet if sheet is not None else next(iter(sheets))
        if name not in sheets:
            raise _no_such_sheet(path, name, list(sheets))
        worksheet = sheets[name]
        # The <dimension> written by some programs is wrong; read whatever rows there are.
        worksheet.reset_dimensions()
        return name, _collect(path, worksheet.iter_rows(values_only=True))
    finally:
        book.close()


def _calamine_sheets(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    try:
        return list(book.sheet_names)
    finally:
        book.close()


def _read_calamine(path: Path, sheet: str | None) -> tuple[str, tuple[Row, ...]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    try:
        names = list(book.sheet_names)
        if not names:
            raise ImportFileError(f"В книге «{path.name}» нет листов с таблицами.")
        name = sheet if sheet is not None else names[0]
        if name not in names:
            raise _no_such_sheet(path, name, names)
        data = book.get_sheet_by_name(name)
        first_row = data.start[0] if data.start else 0
        if first_row + data.height > MAX_ROWS:
            raise _too_many_rows(path)
        lead: list[Row] = [() for _ in range(first_row)]
        first_col = data.start[1] if data.start else 0
        rows = (tuple([None] * first_col + [None if v == "" else v for v in row])
                for row in data.iter_rows())
        return name, _collect(path, [*lead, *rows])
    finally:
        book.close()


def _too_many_rows(path: Path) -> ImportFileError:
    return ImportFileError(f"В таблице «{path.name}» больше {MAX_ROWS:,} строк.".replace(",", " ")
                           + " Разделите её на несколько файлов или удалите лишние строки.")


def _collect(path: Path, rows: Iterable[Iterable[Any]]) -> tuple[Row, ...]:
    """Rows with trailing empty cells and trailing empty rows cut, widths capped."""
    kept: list[Row] = []
    blank_run = 0
    for number, raw in enumerate(rows, start=1):
        row = _trim(raw)
        if not row:
            blank_run += 1
            continue
        if number > MAX_ROWS:
            raise _too_many_rows(path)
        kept.extend(() for _ in range(blank_run))
        blank_run = 0
        kept.append(row)
    return tuple(kept)


def _trim(raw: Iterable[Any]) -> Row:
    cells = list(raw)[:MAX_COLUMNS]
    end = len(cells)
    while end and _blank(cells[end - 1]):
        end -= 1
    return tuple(cells[:end])


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- CSV ---


def _read_csv(path: Path) -> tuple[Row, ...]:
    text = _decode(path.read_bytes())
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _collect(path, ([c if c.strip() else None for c in row] for row in reader))
    except csv.Error as exc:
        raise ImportFileError(f"Файл «{path.name}» не удалось разобрать как CSV ({exc}). "
                              + _SAVE_AS_XLSX) from exc


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; a Windows Excel CSV is cp1251 otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most rows of one width (> 1)."""
    sample = text[:64 * 1024].splitlines()[:50]
    best, best_score = ";", (0, 0)
    for delimiter in _CSV_DELIMITERS:
        widths = [len(row) for row in csv.reader(sample, delimiter=delimiter) if any(row)]
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        common = max(set(wide), key=wide.count)
        score = (wide.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def cell_text(value: Any) -> str:
    """A cell as the text a person sees: 5.0 → «5», dates as ДД.ММ.ГГГГ, blanks → «»."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    return " ".join(str(value).split())


def iter_nonblank(rows: Iterable[Row]) -> Iterator[tuple[int, Row]]:
    """(file row number, row) for the rows that have anything in them."""
    for number, row in enumerate(rows, start=1):
        if row:
            yield number, row
