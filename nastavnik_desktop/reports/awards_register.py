"""The printable register of issued awards (реестр выданных наград): a landscape list, one row
per award in the order of the registry numbers — №, registry number, date of issue, ФИО, class
or position, the award, the order that grounds it, and the marks: printed again on …,
annulled on … with the reason. Annulled awards stay in it: a number is never given twice,
and the register shows why one is not valid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.lists import ListDocument
from nastavnik_desktop.reports.names import format_date
from nastavnik_desktop.reports.tables import Align

REGISTER_HEADERS = ("№ п/п", "Рег. №", "Дата выдачи", "Фамилия, имя, отчество",
                    "Класс, должность", "Награда", "Приказ", "Отметки")
REGISTER_WIDTHS_MM = (12.0, 22.0, 22.0, 50.0, 38.0, 46.0, 30.0, 37.0)
REGISTER_ALIGN: tuple[Align, ...] = ("center", "center", "center", "left", "left", "left",
                                     "left", "left")
REGISTER_LAYOUT = PageLayout(landscape=True, font_size=12.0, table_font_size=10.0)


@dataclass(frozen=True)
class RegisterRow:
    registry_number: str
    issued_on: dt.date
    name: str
    place: str
    award: str
    order: str
    """«от 25.05.2027 № 45-о», or empty."""
    reissued_on: dt.date | None = None
    annulled_on: dt.date | None = None
    annul_reason: str = ""


@dataclass(frozen=True)
class RegisterData:
    organisation: str
    school_year: str
    rows: tuple[RegisterRow, ...]


def register_title(school_year: str) -> str:
    return f"Реестр выданных наград программы наставничества на {school_year} учебный год"


def _marks(row: RegisterRow) -> str:
    marks = []
    if row.reissued_on is not None:
        marks.append(f"повторно напечатана {format_date(row.reissued_on)}")
    if row.annulled_on is not None:
        reason = f": {row.annul_reason}" if row.annul_reason else ""
        marks.append(f"АННУЛИРОВАНА {format_date(row.annulled_on)}{reason}")
    return "; ".join(marks)


def register_document(data: RegisterData, *, as_of: dt.date) -> ListDocument:
    """The register, numbered, with a count of valid and annulled awards under the title."""
    annulled = sum(row.annulled_on is not None for row in data.rows)
    subtitle = f"Выдано наград: {len(data.rows)}" + (f", из них аннулировано: {annulled}"
                                                     if annulled else "")
    doc = ListDocument(register_title(data.school_year), data.organisation, subtitle=subtitle,
                       as_of=as_of, layout=REGISTER_LAYOUT)
    rows = [(number, row.registry_number, format_date(row.issued_on), row.name,
             row.place or "—", row.award, row.order or "—", _marks(row))
            for number, row in enumerate(data.rows, start=1)]
    doc.add_table(REGISTER_HEADERS, rows, col_widths_mm=REGISTER_WIDTHS_MM, align=REGISTER_ALIGN)
    return doc
