"""The two bases of a programme (персонифицированный учёт) as one landscape PDF and as a workbook.

Builders take plain rows — the cells of each base, already worded — and know nothing of the
database. The columns are those of the methodology (domain.md, «Personalised records»).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.lists import ListDocument
from nastavnik_desktop.reports.requisites import Organisation
from nastavnik_desktop.reports.tables import Align, Cell
from nastavnik_desktop.reports.workbook import TableSheet, write_workbook

MENTEE_HEADERS = ("№", "ФИО", "Класс, возраст / должность", "Контакты", "Ключевые запросы",
                  "Форма", "Наставник", "Дата входа", "Итоги")
MENTEE_WIDTHS_MM = (10.0, 38.0, 28.0, 38.0, 50.0, 24.0, 30.0, 21.0, 18.0)
MENTEE_ALIGN: tuple[Align, ...] = ("center", "left", "left", "left", "left", "left", "left",
                                   "center", "left")
CONTACTS_NOTE = "Для несовершеннолетних указаны контакты родителя (законного представителя)."

MENTOR_HEADERS = ("№", "ФИО", "Место работы / учёбы", "Контакты", "Компетенции, достижения",
                  "Интересы", "Желаемый возраст", "Часов в месяц", "Наставляемые",
                  "Форма, статус")
MENTOR_WIDTHS_MM = (10.0, 34.0, 32.0, 34.0, 42.0, 24.0, 20.0, 16.0, 27.0, 18.0)
MENTOR_ALIGN: tuple[Align, ...] = ("center", "left", "left", "left", "left", "left", "center",
                                   "center", "left", "left")

# Hundreds of rows: the smallest table type the house style allows.
BASES_LAYOUT = PageLayout(landscape=True, font_size=12.0, table_font_size=10.0)

MENTEE_TITLE = "База наставляемых"
MENTOR_TITLE = "База наставников"


@dataclass(frozen=True)
class BasesData:
    organisation_full_name: str
    school_year: str
    mentees: Sequence[Sequence[Cell]]
    """The cells of each mentee row, in the order of MENTEE_HEADERS without «№ п/п»."""
    mentors: Sequence[Sequence[Cell]]
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


def bases_document(data: BasesData, *, as_of: dt.date | None = None) -> ListDocument:
    """Both bases in one landscape document: the mentees first, the mentors from a new page."""
    doc = ListDocument(bases_title(data.school_year), data.organisation, as_of=as_of,
                       layout=BASES_LAYOUT)
    doc.add_heading(f"{MENTEE_TITLE} ({len(data.mentees)} чел.)")
    doc.add_paragraph(CONTACTS_NOTE, indent=False)
    doc.add_table(MENTEE_HEADERS, _numbered(data.mentees, len(MENTEE_HEADERS)),
                  col_widths_mm=MENTEE_WIDTHS_MM, align=MENTEE_ALIGN)
    doc.add_page_break()
    doc.add_heading(f"{MENTOR_TITLE} ({len(data.mentors)} чел.)")
    doc.add_table(MENTOR_HEADERS, _numbered(data.mentors, len(MENTOR_HEADERS)),
                  col_widths_mm=MENTOR_WIDTHS_MM, align=MENTOR_ALIGN)
    return doc


def bases_workbook(data: BasesData, path: Path, *, as_of: dt.date | None = None) -> Path:
    """Both bases as an .xlsx: a sheet each, a title, a frozen bold header and filters; every
    text a text cell, never a formula (see `reports.workbook`).

    Written to a temporary file next to `path` and renamed, so a failure leaves no half file.
    """
    day = as_of or dt.date.today()
    return write_workbook([
        TableSheet(name=title, title=f"{title} — {data.organisation_full_name}, "
                                     f"{data.school_year} учебный год",
                   subtitle_lines=(f"по состоянию на {day:%d.%m.%Y}",), headers=headers,
                   rows=[(n, *row) for n, row in enumerate(rows, start=1)], widths_mm=widths)
        for title, headers, widths, rows in (
            (MENTEE_TITLE, MENTEE_HEADERS, MENTEE_WIDTHS_MM, data.mentees),
            (MENTOR_TITLE, MENTOR_HEADERS, MENTOR_WIDTHS_MM, data.mentors))], path)
