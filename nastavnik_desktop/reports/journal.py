"""The mentor's meeting journal of a pair or group, A4 landscape.

The five columns schools keep first (дата | тема | содержание | результат | задание), then the
type and format of the meeting and, for a group, who came. Meetings only scheduled are not
printed as held: the journal names how many are planned and the nearest date, below the table.
Ends with the signatures of the mentor and the curator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.names import format_date
from nastavnik_desktop.reports.plan import PairHeading, PairPaper, add_pair_heading, add_signatures
from nastavnik_desktop.reports.tables import Align, Cell, Row
from nastavnik_desktop.text import ru_plural

JOURNAL_TITLE_PAIR = "Журнал встреч наставнической пары"
JOURNAL_TITLE_GROUP = "Журнал встреч наставнической группы"
# Bound at the left (20 mm, the least ГОСТ Р 7.0.97 allows there), 20 mm elsewhere.
LANDSCAPE_LAYOUT = PageLayout(landscape=True, font_size=12.0, table_font_size=10.0,
                              margin_left_mm=20.0, margin_right_mm=20.0, margin_top_mm=20.0,
                              margin_bottom_mm=20.0)

HEADERS = ("№ п/п", "Дата", "Тема", "Содержание", "Результат", "Задание", "Вид встречи")
WIDTHS_MM = (11.0, 22.0, 38.0, 60.0, 45.0, 40.0, 36.0)
ALIGN: tuple[Align, ...] = ("center", "center", "left", "left", "left", "left", "left")
ATTENDED_HEADER = "Присутствовали"
GROUP_WIDTHS_MM = (10.0, 21.0, 34.0, 50.0, 38.0, 34.0, 32.0, 43.0)


@dataclass(frozen=True)
class JournalMeeting:
    held_on: dt.date
    kind: str
    """The type as labelled (MEETING_KIND_LABELS)."""
    format: str
    """«очно» / «дистанционно»."""
    topic: str
    content: str
    result: str
    assignment: str
    duration_minutes: int | None
    attended: tuple[str, ...]
    """Short names of the mentees who came."""


@dataclass(frozen=True)
class JournalData:
    heading: PairHeading
    meetings: tuple[JournalMeeting, ...]
    """Held meetings only, by date."""
    planned: tuple[dt.date, ...] = ()
    """Dates of the meetings scheduled but not yet held."""


def journal_title(heading: PairHeading) -> str:
    return JOURNAL_TITLE_GROUP if heading.is_group else JOURNAL_TITLE_PAIR


def _kind_cell(meeting: JournalMeeting) -> str:
    parts = [meeting.kind, meeting.format]
    if meeting.duration_minutes:
        parts.append(f"{meeting.duration_minutes} мин.")
    return ", ".join(p for p in parts if p)


def journal_rows(data: JournalData) -> list[Row]:
    group = data.heading.is_group
    rows: list[Row] = []
    for number, m in enumerate(data.meetings, start=1):
        row: list[Cell] = [number, m.held_on, m.topic or "—", m.content or "—",
                           m.result or "—", m.assignment or "—", _kind_cell(m)]
        if group:
            row.append("\n".join(m.attended) or "—")
        rows.append(row)
    return rows


def journal_document(data: JournalData, *, as_of: dt.date,
                     layout: PageLayout | None = None) -> PairPaper:
    heading = data.heading
    subtitle = heading.title if heading.is_group and heading.title else ""
    subtitle = ", ".join(p for p in (subtitle, f"{heading.school_year} учебный год") if p)
    doc = PairPaper(journal_title(heading), heading.organisation, subtitle=subtitle,
                    as_of=as_of, layout=layout or LANDSCAPE_LAYOUT)
    add_pair_heading(doc, heading)
    if data.meetings:
        if heading.is_group:
            doc.add_table((*HEADERS, ATTENDED_HEADER), journal_rows(data),
                          col_widths_mm=GROUP_WIDTHS_MM, align=(*ALIGN, "left"))
        else:
            doc.add_table(HEADERS, journal_rows(data), col_widths_mm=WIDTHS_MM, align=ALIGN)
        count = len(data.meetings)
        doc.add_paragraph(f"Проведено {count} {ru_plural(count, 'встреча', 'встречи', 'встреч')}"
                          f", последняя — {format_date(data.meetings[-1].held_on)}.",
                          indent=False)
    else:
        doc.add_paragraph("Проведённых встреч в журнале пока нет.", indent=False)
    if data.planned:
        count = len(data.planned)
        doc.add_paragraph(
            f"Запланировано (ещё не проведено): {count} "
            f"{ru_plural(count, 'встреча', 'встречи', 'встреч')}, ближайшая — "
            f"{format_date(min(data.planned))}.", indent=False)
    add_signatures(doc, heading, mentees=False)
    return doc
