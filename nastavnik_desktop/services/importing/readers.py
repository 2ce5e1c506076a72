"""Reading a table of cell values out of a school's spreadsheet: .xlsx, .xls, .ods or .csv.

A file is recognised by its first bytes, not by its name, and is checked before any parser sees
it: its size, the unpacked size of zip members (openpyxl does not guard against zip bombs), the
number of cells an .ods promises, password protection. An .xlsx sheet is streamed row by row
(`sheet_xml`) and abandoned as soon as it holds more rows or cells than a list can have (a
400 KB file can unpack to millions of empty `<row/>`). Cells come out without invisible
characters (zero-width spaces, soft hyphens, BOMs) and with ordinary spaces for non-breaking
ones; a cell merged down a column gives its value to each row it spans, as the curator sees it.
Every failure becomes an `ImportFileError` with a Russian message; the parsers themselves are
imported only when used.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import errno
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nastavnik_desktop.errors import ImportFileError, OperationCancelled
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services.importing import sheet_xml
from nastavnik_desktop.services.importing.encodings import (
    decode_text,
    looks_like_text,
    text_encoding,
)
from nastavnik_desktop.services.people.persons import strip_invisible
from nastavnik_desktop.text import shorten

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_ZIP_MEMBERS = 5_000
MAX_PEOPLE = 50_000
"""People in one list (the rows under its header); `prepare_import` counts them exactly."""
TITLE_ROWS = 40
"""Filled rows a sheet may have besides its people: the titles and the header above the list
(`mapping.HEADER_SEARCH_ROWS`, a two-level header, a row of column numbers), a total below."""
MAX_COLUMNS = 200
PROGRESS_ROWS = 1_000
"""Rows read (and checked) between two progress reports, each a chance to cancel."""
MAX_ODS_CELLS = 5_000_000
MAX_SHEET_ROWS = 1_048_576
"""Row elements in one sheet: Excel's own limit; more are not a list (the file is refused)."""
MAX_SHEET_CELLS = 2_000_000
"""Cell elements (filled or only formatted) read from one .xlsx sheet: 50,000 people by 40
columns; each costs a few microseconds to parse, so the cap also bounds the time (~5 s)."""
MAX_MERGED_RANGES = 10_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
_UTF16 = ("utf-16-le", "utf-16-be")
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
    passed_over: tuple[str, ...] = ()
    """The sheets before this one, passed over for having no list (when no sheet was named)."""


def list_sheets(path: Path) -> list[str]:
    """The names of the sheets of a workbook (a CSV file has one, named after the file)."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt is Format.CSV:
        return [path.stem]
    if fmt is Format.XLSX:
        return _guarded(path, lambda: _xlsx_sheets(path))
    return _guarded(path, lambda: _calamine_sheets(path))


def read_table(path: Path, sheet: str | None = None, *,
               progress: ProgressCallback | None = None) -> Table:
    """Read one sheet as a table of plain cell values. When `sheet` is None: the first sheet
    with a list of people (a header row naming them, see `mapping.find_mapping`) — a cover or
    an instructions sheet before it is passed over — or the first sheet if none has one.

    `progress(rows read, 0)` is told every `PROGRESS_ROWS` filled rows (the total is not known
    while reading); answering False stops the reading with OperationCancelled."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt is Format.CSV:
        return Table(path.name, path.stem, _read_csv(path, progress))
    if sheet is not None:
        return _read_sheet(path, fmt, sheet, progress)
    from nastavnik_desktop.services.importing.mapping import find_mapping

    first = _read_sheet(path, fmt, None, progress)
    if find_mapping(first.rows) is not None:
        return first
    names = list_sheets(path)
    for number, name in enumerate(names[1:], start=1):
        table = _read_sheet(path, fmt, name, progress)
        if find_mapping(table.rows) is not None:
            return Table(table.file_name, table.sheet, table.rows, tuple(names[:number]))
    return first


def _read_sheet(path: Path, fmt: Format, sheet: str | None,
                progress: ProgressCallback | None = None) -> Table:
    if fmt is Format.XLSX:
        name, rows = _guarded(path, lambda: _read_xlsx(path, sheet, progress))
    else:
        name, rows = _guarded(path, lambda: _read_calamine(path, sheet, progress))
    return Table(path.name, name, rows)


def reading_cancelled() -> OperationCancelled:
    return OperationCancelled("Проверка файла отменена. Выберите файл или нажмите «Далее», "
                              "чтобы проверить его снова.")


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
        raise _unreadable(name, exc) from exc
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
    if text_encoding(head) in _UTF16:
        return Format.CSV  # Excel's «Текст Юникод», whatever it was renamed to
    if path.suffix.lower() in _TEXT_SUFFIXES and looks_like_text(head):
        return Format.CSV
    raise ImportFileError(
        f"Файл «{name}» не похож на таблицу. Загрузить можно книгу Excel (.xlsx, .xls), "
        "таблицу LibreOffice (.ods) или текст CSV (.csv). " + _SAVE_AS_XLSX)


_SHARING_VIOLATIONS = (32, 33)  # Windows: the file is open in a program that locked it
_CANT_RESOLVE_FILENAME = 1921  # Windows: a chain of links with no end


def _unreadable(name: str, exc: OSError) -> ImportFileError:
    """Why the system would not give the file, said in Russian; the system's own words are
    English, so they are not shown even under «Подробнее»."""
    if exc.errno == errno.ELOOP or getattr(exc, "winerror", None) == _CANT_RESOLVE_FILENAME:
        return ImportFileError(
            f"«{name}» — ярлык (ссылка), который ведёт по кругу сам на себя, и файла за ним нет. "
            "Найдите сам файл таблицы (не ярлык) и выберите его.")
    if getattr(exc, "winerror", None) in _SHARING_VIOLATIONS:
        return ImportFileError(
            f"Файл «{name}» сейчас занят другой программой. Закройте его в Excel или другой "
            "программе и повторите.")
    if isinstance(exc, PermissionError):
        return ImportFileError(
            f"Нет прав на чтение файла «{name}». Скопируйте файл в свою папку (например, "
            "«Документы») и выберите копию, или попросите того, кто дал файл, открыть к нему "
            "доступ.")
    return ImportFileError(
        f"Файл «{name}» не удалось прочитать (ошибка системы {exc.errno or '—'}). Скопируйте "
        "его в свою папку (например, «Документы») и выберите копию; если файл на флешке или в "
        "сети — проверьте, что она подключена.")


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
    filled = 0
    with archive.open("content.xml") as content:
        for element in sheet_xml.streamed(content, f"{_ODF_TABLE}table-row", name,
                                          MAX_SHEET_ROWS):
            rows = int(element.get(f"{_ODF_TABLE}number-rows-repeated", "1"))
            for cell in element:
                if cell.get(f"{_ODF_OFFICE}value-type") or len(cell):
                    filled += rows * int(cell.get(f"{_ODF_TABLE}number-columns-repeated", "1"))
            if filled > MAX_ODS_CELLS:
                raise sheet_xml.too_many_cells(name, MAX_ODS_CELLS)


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
    except (ImportFileError, OperationCancelled):
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
    listed = ", ".join(f"«{shorten(n)}»" for n in names)
    return ImportFileError(f"В файле «{path.name}» нет листа «{shorten(sheet)}». Есть листы: "
                           f"{listed}.")


def _xlsx_sheets(path: Path) -> list[str]:
    reader = sheet_xml.xlsx_book(path)
    try:
        return list(sheet_xml.xlsx_parts(reader))
    finally:
        reader.archive.close()


def _read_xlsx(path: Path, sheet: str | None,
               progress: ProgressCallback | None = None) -> tuple[str, tuple[Row, ...]]:
    reader = sheet_xml.xlsx_book(path)
    try:
        parts = sheet_xml.xlsx_parts(reader)
        if not parts:
            raise ImportFileError(f"В книге «{path.name}» нет листов с таблицами.")
        name = sheet if sheet is not None else next(iter(parts))
        if name not in parts:
            raise _no_such_sheet(path, name, list(parts))
        merged: list[str] = []
        caps = sheet_xml.Caps(MAX_SHEET_ROWS, MAX_SHEET_CELLS, MAX_COLUMNS, MAX_MERGED_RANGES)
        with reader.archive.open(parts[name]) as source:
            numbered = sheet_xml.xlsx_rows(path.name, reader, source, merged, caps)
            rows = _collect(path, _placed(path, numbered), progress)
        return name, _fill_merged(rows, merged)
    finally:
        reader.archive.close()


def max_filled_rows() -> int:
    """Filled rows read from a sheet before it is refused: the people and their titles."""
    return MAX_PEOPLE + TITLE_ROWS


def max_row_number() -> int:
    """The farthest row a filled row may be numbered at: room for a blank row between every
    two people (a list split by class with empty lines); farther is no list."""
    return 2 * max_filled_rows()


def _placed(path: Path, numbered: Iterable[tuple[int, list[Any]]]) -> Iterator[Row]:
    """Rows by their numbers: the ones with anything in them, the blanks between them as `()`
    (trailing blank rows never come). A filled row past `max_row_number()`, or more filled rows
    than `max_filled_rows()`, refuse the file before any blank before it is made, however far
    it is numbered."""
    done = filled = 0
    farthest, most = max_row_number(), max_filled_rows()
    for number, raw in numbered:
        row = _trim(raw)
        if not row or number <= done:
            continue  # blank (formatted cells only), or a row number going back: nothing to place
        filled += 1
        if number > farthest or filled > most:
            raise too_many_people(path.name)
        yield from (() for _ in range(done + 1, number))
        done = number
        yield row


def _fill_merged(rows: tuple[Row, ...], merged: list[str]) -> tuple[Row, ...]:
    """The value of a cell merged down a column in each row it spans (within the rows read):
    «ФИО» merged over two header rows heads both, «5А» merged over a class's pupils is each
    one's class. A merge across columns is left as it is: a row «5А класс» merged over the
    whole width between two classes must not become a person named «5А класс»."""
    if not merged or not rows:
        return rows
    from openpyxl.utils.cell import range_boundaries

    table = [list(row) for row in rows]
    budget = 4 * max_row_number()  # overlapping merges must not make filling the slow part
    for ref in merged:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if (min_row is None or min_col is None or min_col != max_col or min_row > len(table)
                or min_col > MAX_COLUMNS):
            continue
        top = table[min_row - 1]
        value = top[min_col - 1] if min_col <= len(top) else None
        if _blank(value):
            continue
        spanned = table[min_row:min(max_row or min_row, len(table))]
        budget -= len(spanned)
        if budget < 0:
            break
        for line in spanned:
            line.extend([None] * (min_col - len(line)))
            if _blank(line[min_col - 1]):
                line[min_col - 1] = value
    return tuple(tuple(row) for row in table)


def _calamine_sheets(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    try:
        return list(book.sheet_names)
    finally:
        book.close()


def _read_calamine(path: Path, sheet: str | None,
                   progress: ProgressCallback | None = None) -> tuple[str, tuple[Row, ...]]:
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
        if first_row + data.height > max_row_number():
            raise too_many_people(path.name)
        lead: list[Row] = [() for _ in range(first_row)]
        first_col = data.start[1] if data.start else 0
        rows = (tuple([None] * first_col + [None if v == "" else v for v in row])
                for row in data.iter_rows())
        merged = [f"{_column_letter(start[1])}{start[0] + 1}:{_column_letter(end[1])}{end[0] + 1}"
                  for start, end in (data.merged_cell_ranges or [])[:MAX_MERGED_RANGES]]
        return name, _fill_merged(_collect(path, [*lead, *rows], progress), merged)
    finally:
        book.close()


def _column_letter(index: int) -> str:
    from openpyxl.utils.cell import get_column_letter

    return get_column_letter(min(index, 16_383) + 1)


def too_many_people(name: str, people: int | None = None) -> ImportFileError:
    """The list is longer than one import takes (`people` counted, when known)."""
    shown = f"{MAX_PEOPLE:,}".replace(",", " ")
    counted = f" ({people:,})".replace(",", " ") if people is not None else ""
    return ImportFileError(f"В таблице «{name}» больше {shown} строк с людьми{counted}: "
                           "столько за один раз не загружается. Разделите список на несколько "
                           "файлов (например, по параллелям) или удалите лишние строки.")


def _collect(path: Path, rows: Iterable[Iterable[Any]],
             progress: ProgressCallback | None = None) -> tuple[Row, ...]:
    """Rows with trailing empty cells and trailing empty rows cut, widths capped; `progress`
    told every `PROGRESS_ROWS` filled rows (OperationCancelled when it answers False)."""
    kept: list[Row] = []
    blank_run = filled = 0
    farthest, most = max_row_number(), max_filled_rows()
    for number, raw in enumerate(rows, start=1):
        row = _trim(raw)
        if not row:
            blank_run += 1
            continue
        filled += 1
        if number > farthest or filled > most:
            raise too_many_people(path.name)
        if progress is not None and not filled % PROGRESS_ROWS and progress(filled, 0) is False:
            raise reading_cancelled()
        kept.extend(() for _ in range(blank_run))
        blank_run = 0
        kept.append(row)
    return tuple(kept)


def _trim(raw: Iterable[Any]) -> Row:
    cells = [clean_cell(value) for value in _first(raw, MAX_COLUMNS)]
    end = len(cells)
    while end and _blank(cells[end - 1]):
        end -= 1
    return tuple(cells[:end])


def _first(values: Iterable[Any], count: int) -> list[Any]:
    if isinstance(values, list | tuple):
        return list(values[:count])
    return [value for _, value in zip(range(count), values, strict=False)]


_SPACES = str.maketrans(dict.fromkeys("\u00a0\u2007\u202f", " "))


def clean_cell(value: Any) -> Any:
    """A cell's text without invisible characters (zero-width spaces, soft hyphens, BOMs — see
    `strip_invisible`) and with ordinary spaces for non-breaking ones; other values as they are."""
    if isinstance(value, str) and not value.isprintable():  # Cf and Zs are not «printable»
        return strip_invisible(value).translate(_SPACES)
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- CSV ---


def _read_csv(path: Path, progress: ProgressCallback | None = None) -> tuple[Row, ...]:
    text = decode_text(path.read_bytes())
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _collect(path, ([c if c.strip() else None for c in row] for row in reader),
                        progress)
    except csv.Error as exc:
        why = ("в одной из ячеек слишком длинный текст — больше 131 072 знаков"
               if "field limit" in str(exc) else "строки файла не разделяются на столбцы")
        raise ImportFileError(f"Файл «{path.name}» не удалось разобрать как CSV: {why}. "
                              + _SAVE_AS_XLSX, details=str(exc)) from exc


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
    if type(value) is str:  # the common case first
        return " ".join(value.split())
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
