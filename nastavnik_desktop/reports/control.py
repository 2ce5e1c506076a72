"""The control sheet of all pairs and groups at work, A4 landscape: how each is doing.

One row per active pair or group (mentor, mentees, form, status, meetings held and the last
one, the plan's progress and overdue tasks, the last intermediate mark, the warnings), the
totals at the end, as of a given day. A school of 1,000 pairs prints it too: the service lays
it out in a child process from `reports.process.PROCESS_ROWS` rows on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.plan import PairPaper
from nastavnik_desktop.reports.requisites import Organisation
from nastavnik_desktop.reports.tables import Align, Row, mentee_cells
from nastavnik_desktop.text import ru_plural

CONTROL_TITLE = "Контрольный лист работы наставнических пар и групп"
# Bound at the left (20 mm, the least ГОСТ Р 7.0.97 allows there), 20 mm elsewhere; a row per
# pair of the whole programme: the dense lists' 9 pt and widths from the content.
CONTROL_LAYOUT = PageLayout(landscape=True, font_size=12.0, table_font_size=9.0,
                            margin_left_mm=20.0, margin_right_mm=20.0, margin_top_mm=20.0,
                            margin_bottom_mm=20.0)

HEADERS = ("№ п/п", "Наставник", "Наставляемые", "Форма", "Статус", "Проведено встреч",
           "Последняя встреча", "План: выполнено / всего", "Просрочено задач",
           "Последняя оценка", "Отметки")
ALIGN: tuple[Align, ...] = ("center", "left", "left", "left", "left", "center", "center",
                            "center", "center", "center", "left")


@dataclass(frozen=True)
class ControlRow:
    mentor: str
    mentees: tuple[str, ...]
    form: str
    status: str
    held: int
    last_meeting_on: dt.date | None
    tasks_done: int
    tasks_total: int
    overdue: int
    last_mark: int | None
    silent_weeks: int | None
    """Weeks without a held meeting when the pair counts as silent, else None."""
    title: str = ""


def flags(row: ControlRow) -> list[str]:
    out = []
    if row.silent_weeks is not None:
        weeks = row.silent_weeks
        out.append(f"нет встреч {weeks} {ru_plural(weeks, 'неделю', 'недели', 'недель')}")
    if row.tasks_total == 0:
        out.append("нет плана")
    if row.overdue:
        out.append("просрочены задачи")
    return out


def _mentees_cells(row: ControlRow) -> list[str]:
    return mentee_cells(row.mentees, row.title) if row.mentees else ["—"]


def control_rows(rows: Sequence[ControlRow]) -> list[Row]:
    out: list[Row] = []
    blank = ("",) * (len(HEADERS) - 3)
    for number, row in enumerate(rows, start=1):
        first, *more = _mentees_cells(row)
        plan = f"{row.tasks_done} / {row.tasks_total}" if row.tasks_total else "—"
        out.append((number, row.mentor, first, row.form, row.status, row.held,
                    row.last_meeting_on or "—", plan, row.overdue or "—",
                    row.last_mark if row.last_mark is not None else "—",
                    ";\n".join(flags(row)) or "—"))
        out.extend(("", "", cell, *blank) for cell in more)
    return out


def totals(rows: Sequence[ControlRow]) -> list[str]:
    groups = sum(len(r.mentees) > 1 for r in rows)
    pairs = len(rows) - groups
    done = sum(r.tasks_done for r in rows)
    total = sum(r.tasks_total for r in rows)
    marks = [r.last_mark for r in rows if r.last_mark is not None]
    share = f" ({round(100 * done / total)} %)" if total else ""
    lines = [
        f"Всего в работе: пар — {pairs}, групп — {groups}, наставляемых — "
        f"{sum(len(r.mentees) for r in rows)}.",
        f"Проведено встреч: {sum(r.held for r in rows)}.",
        f"Задачи планов: выполнено {done} из {total}{share}, просрочено "
        f"{sum(r.overdue for r in rows)}.",
        f"Без встреч дольше срока: {sum(r.silent_weeks is not None for r in rows)}; "
        f"без плана: {sum(r.tasks_total == 0 for r in rows)}; с просроченными задачами: "
        f"{sum(r.overdue > 0 for r in rows)}.",
    ]
    if marks:
        mean = f"{sum(marks) / len(marks):.1f}".replace(".", ",")
        lines.append(f"Средняя промежуточная оценка: {mean} (оценено пар и групп: "
                     f"{len(marks)}).")
    return lines


def control_document(organisation: str | Organisation, school_year: str,
                     rows: Sequence[ControlRow], *, as_of: dt.date, silent_weeks: int,
                     layout: PageLayout | None = None) -> PairPaper:
    subtitle = (f"{school_year} учебный год; «нет встреч» — без проведённой встречи больше "
                f"{silent_weeks} {ru_plural(silent_weeks, 'недели', 'недель', 'недель')}")
    doc = PairPaper(CONTROL_TITLE, organisation, subtitle=subtitle, as_of=as_of,
                       layout=layout or CONTROL_LAYOUT)
    if rows:
        doc.add_compact_table(HEADERS, control_rows(rows), align=ALIGN)
    else:
        doc.add_paragraph("Пар и групп в работе нет.", indent=False)
    doc.add_summary("Итого", totals(rows))
    return doc
