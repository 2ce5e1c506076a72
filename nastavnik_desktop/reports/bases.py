"""The two bases of a programme (персонифицированный учёт) as one landscape PDF and as a workbook.

Builders take plain rows — the cells of each base, already worded — and know nothing of the
database. The columns are those of the methodology (domain.md, «Personalised records»).

The workbook keeps each fact in its own typed cell (the class apart from the age, hours a
month as a number) so that it sorts and filters, and prints as a document: landscape A4 fitted
to the width, the header row on every page, numbered from page 2. The PDF is for reading on
paper: the class and the age share a column, the widths follow the content (a column of «5А,
11 лет» is not as wide as one of requests), so a page holds as many people as it can.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.lists import ListDocument
from nastavnik_desktop.reports.names import short_name, split_full_name
from nastavnik_desktop.reports.requisites import Organisation
from nastavnik_desktop.reports.tables import Align, Cell
from nastavnik_desktop.reports.workbook import TableSheet, write_workbook
from nastavnik_desktop.text import ru_plural

PARENT_HEADER = "Родитель (законный представитель)"
PHONE_HEADER = "Телефон, e-mail"
MENTEE_HEADERS = ("№", "ФИО", "Класс / должность", "Возраст, лет", PARENT_HEADER, PHONE_HEADER,
                  "Ключевые запросы", "Форма", "Наставник", "Дата входа", "Итоги")
"""The workbook's columns; a mentee's cells are these without «№»."""
MENTEE_WIDTHS_MM = (10.0, 45.0, 28.0, 15.0, 45.0, 35.0, 70.0, 28.0, 32.0, 20.0, 40.0)
MENTEE_PDF_HEADERS = ("№", "ФИО", "Класс, возраст / должность", "Контакты",
                      "Ключевые запросы", "Форма", "Наставник", "Дата входа", "Итоги")
MENTEE_ALIGN: tuple[Align, ...] = ("center", "left", "left", "left", "left", "left", "left",
                                   "center", "left")
CONTACTS_NOTE = "Для несовершеннолетних указаны контакты родителя (законного представителя)."

MENTOR_HEADERS = ("№", "ФИО", "Место работы / учёбы", PARENT_HEADER, PHONE_HEADER,
                  "Компетенции, достижения", "Интересы", "Желаемый возраст", "Часов в месяц",
                  "Наставляемые", "Форма, статус")
"""The workbook's columns («Часов в месяц» a number); a mentor's cells are these without «№»."""
MENTOR_WIDTHS_MM = (10.0, 45.0, 40.0, 45.0, 35.0, 70.0, 35.0, 16.0, 14.0, 50.0, 30.0)
MENTOR_PDF_HEADERS = ("№", "ФИО", "Место работы / учёбы", "Контакты",
                      "Компетенции, достижения", "Интересы", "Желаемый возраст",
                      "Часов в месяц", "Наставляемые", "Форма, статус")
MENTOR_ALIGN: tuple[Align, ...] = ("center", "left", "left", "left", "left", "left", "center",
                                   "center", "left", "left")

# Hundreds of rows: the smallest table type the house style allows (9 pt: read easily, and a
# page holds twice the people of 10 pt with fixed widths), 20 mm margins (bound at the left: 30).
BASES_LAYOUT = PageLayout(landscape=True, font_size=12.0, table_font_size=9.0)

MENTEE_TITLE = "База наставляемых"
MENTOR_TITLE = "База наставников"


@dataclass(frozen=True)
class BasesData:
    organisation_full_name: str
    school_year: str
    mentees: Sequence[Sequence[Cell]]
    """The cells of each mentee, in the order of MENTEE_HEADERS without «№»: the class (or
    position) and the age (a number, or None) in cells of their own."""
    mentors: Sequence[Sequence[Cell]]
    """The cells of each mentor, in the order of MENTOR_HEADERS without «№»; the hours a
    month a number (or None)."""
    organisation_short_name: str = ""

    @property
    def organisation(self) -> Organisation:
        return Organisation(self.organisation_full_name, self.organisation_short_name)


def _numbered(rows: Sequence[Sequence[Cell]], width: int) -> list[tuple[Cell, ...]]:
    """Numbered rows; an empty base reads «нет записей» across a row of the full width."""
    if not rows:
        return [("", "нет записей", *[""] * (width - 2))]
    return [(n, *row) for n, row in enumerate(rows, start=1)]


def bases_title(school_year: str) -> str:
    return f"Базы наставляемых и наставников программы наставничества на {school_year} учебный год"


def _age_text(age: Cell) -> str:
    if isinstance(age, int):
        return f"{age}\u00a0{ru_plural(age, 'год', 'года', 'лет')}"
    return "" if age is None else str(age)


def _contacts_text(parent: Cell, phone: Cell) -> str:
    """«Иванова А. С.» over the phone: a parent's name shortened, as in lists."""
    name = short_name(*split_full_name(str(parent))) if parent else ""
    return "\n".join(part for part in (name, str(phone or "")) if part)


def mentee_pdf_row(cells: Sequence[Cell]) -> tuple[Cell, ...]:
    """The PDF's cells of a mentee: «5А, 11 лет» in one column, the contacts in one."""
    name, place, age, parent, phone, *rest = cells
    joined = ", ".join(part for part in (str(place or ""), _age_text(age)) if part)
    return (name, joined, _contacts_text(parent, phone), *rest)


def mentor_pdf_row(cells: Sequence[Cell]) -> tuple[Cell, ...]:
    """The PDF's cells of a mentor: the contacts in one column, the hours as «4» or «2,5»."""
    name, place, parent, phone, skills, interests, age, hours, *rest = cells
    if isinstance(hours, int | float):
        hours = f"{hours:g}".replace(".", ",")
    return (name, place, _contacts_text(parent, phone), skills, interests, age, hours, *rest)


UNHYPHENATED = frozenset({"№", "ФИО", "Контакты", "Наставник", "Наставляемые", "Дата входа",
                          "Желаемый возраст", "Часов в месяц", "Форма", "Форма, статус"})
"""Columns of names, phones, dates, numbers and the short names of forms: their words are
never hyphenated."""


def _hyphenated(headers: Sequence[str]) -> list[bool]:
    return [header not in UNHYPHENATED for header in headers]


def bases_document(data: BasesData, *, as_of: dt.date | None = None) -> ListDocument:
    """Both bases in one landscape document: the mentees first, the mentors from a new page;
    column widths from the content (`tables.compact_widths`)."""
    doc = ListDocument(bases_title(data.school_year), data.organisation, as_of=as_of,
                       layout=BASES_LAYOUT)
    doc.add_heading(f"{MENTEE_TITLE} ({len(data.mentees)} чел.)")
    doc.add_paragraph(CONTACTS_NOTE, indent=False)
    doc.add_compact_table(
        MENTEE_PDF_HEADERS,
        _numbered([mentee_pdf_row(r) for r in data.mentees], len(MENTEE_PDF_HEADERS)),
        align=MENTEE_ALIGN, hyphenate=_hyphenated(MENTEE_PDF_HEADERS))
    doc.add_page_break()
    doc.add_heading(f"{MENTOR_TITLE} ({len(data.mentors)} чел.)")
    doc.add_compact_table(
        MENTOR_PDF_HEADERS,
        _numbered([mentor_pdf_row(r) for r in data.mentors], len(MENTOR_PDF_HEADERS)),
        align=MENTOR_ALIGN, hyphenate=_hyphenated(MENTOR_PDF_HEADERS))
    return doc


def bases_sheets(data: BasesData, *, as_of: dt.date,
                 notes: Sequence[str] = ()) -> list[TableSheet]:
    """The two sheets of the bases (the mentees, the mentors) as `bases_workbook` writes them;
    `notes` go under the date line of each (the named export says who was left out)."""
    return [
        TableSheet(name=title, title=f"{title} — {data.organisation_full_name}, "
                                     f"{data.school_year} учебный год",
                   subtitle_lines=(f"по состоянию на {as_of:%d.%m.%Y}", *notes),
                   headers=headers,
                   rows=[(n, *row) for n, row in enumerate(rows, start=1)], widths_mm=widths,
                   landscape=True)
        for title, headers, widths, rows in (
            (MENTEE_TITLE, MENTEE_HEADERS, MENTEE_WIDTHS_MM, data.mentees),
            (MENTOR_TITLE, MENTOR_HEADERS, MENTOR_WIDTHS_MM, data.mentors))]


def bases_workbook(data: BasesData, path: Path, *, as_of: dt.date | None = None) -> Path:
    """Both bases as an .xlsx: a sheet each, a title, a frozen bold header and filters; every
    text a text cell, never a formula (see `reports.workbook`); printed landscape, fitted to
    the width, the header on every page.

    Written to a temporary file next to `path` and renamed, so a failure leaves no half file.
    A file of names for outside the school is written by `services/exchange/named` (gated by
    consent, encrypted) through `reports/named_workbook`, with these same sheets.
    """
    return write_workbook(bases_sheets(data, as_of=as_of or dt.date.today()), path)
