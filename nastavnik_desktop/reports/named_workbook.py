"""The workbook of a named export (`services/exchange/named`): the two bases with the columns
of `reports.bases`, and the pair list with those of `reports.pairs`, one sheet each.

The builder takes rows already gated by consent and knows nothing of the database; the file is
encrypted by the caller. Each sheet says under its date how many people were left out for want
of consent, so the recipient knows the list is not the whole school's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from nastavnik_desktop.reports.bases import BasesData, bases_sheets
from nastavnik_desktop.reports.pairs import PairListRow
from nastavnik_desktop.reports.workbook import TableSheet, XlsxValue, write_workbook

PAIRS_TITLE = "Список пар и групп"
PAIR_SHEET_HEADERS = ("№ п/п", "Форма наставничества", "Наставник", "Должность / класс",
                      "Наставляемые (класс)", "Ролевая модель", "Дата закрепления")
PAIR_SHEET_WIDTHS_MM = (12.0, 38.0, 50.0, 40.0, 78.0, 45.0, 27.0)


@dataclass(frozen=True)
class NamedWorkbook:
    organisation_full_name: str
    school_year: str
    as_of: dt.date
    bases: BasesData | None = None
    pairs: Sequence[PairListRow] | None = None
    note: str = ""
    """«Не включены 5 человек: нет согласия на обработку персональных данных.» (or empty)."""


def pair_sheet_row(number: int, row: PairListRow) -> tuple[XlsxValue, ...]:
    """A pair or a group in one row: its mentees one a line, a group's title above them."""
    mentees = [f"{name} ({place})" if place else name for name, place in row.mentees]
    if row.title and len(mentees) > 1:
        mentees.insert(0, f"{row.title} ({len(row.mentees)} чел.):")
    return (number, row.form, row.mentor, row.mentor_place or "—",
            "\n".join(mentees) or "—", row.role_model or "—", row.formed_on)


def named_workbook(data: NamedWorkbook, path: Path | BinaryIO) -> None:
    """The sheets of `data` as one .xlsx at `path` or into a stream (the bases first, then the
    pairs): plain sheets (`TableSheet.plain`) — a data file for outside, written in a fraction of
    the time of the printed bases, a 10,000-person school included."""
    notes = (data.note,) if data.note else ()
    sheets: list[TableSheet] = []
    if data.bases is not None:
        sheets.extend(bases_sheets(data.bases, as_of=data.as_of, notes=notes))
    if data.pairs is not None:
        sheets.append(TableSheet(
            name=PAIRS_TITLE,
            title=f"{PAIRS_TITLE} — {data.organisation_full_name}, "
                  f"{data.school_year} учебный год",
            subtitle_lines=(f"по состоянию на {data.as_of:%d.%m.%Y}", *notes),
            headers=PAIR_SHEET_HEADERS,
            rows=[pair_sheet_row(n, row) for n, row in enumerate(data.pairs, start=1)]
            or [("", "нет пар и групп в работе", "", "", "", "", None)],
            widths_mm=PAIR_SHEET_WIDTHS_MM, landscape=True))
    plain = [replace(sheet, plain=True) for sheet in sheets]
    write_workbook(plain, path)
