"""The reminder list of a questionnaire round: who of the people the round expects has not
answered yet — for the class teachers and the curator to hand out blanks again.

A portrait list: the school, the title, the round with its questionnaire and dates, how many
have not answered of how many, and a numbered table ФИО / класс или должность / роль.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.lists import ListDocument
from nastavnik_desktop.reports.requisites import Organisation
from nastavnik_desktop.reports.tables import Align

REMINDER_TITLE = "Список участников, не заполнивших анкету"
REMINDER_HEADERS = ("№ п/п", "Фамилия, имя, отчество", "Класс или должность", "Роль")
REMINDER_WIDTHS_MM = (14.0, 72.0, 52.0, 32.0)
REMINDER_ALIGN: tuple[Align, ...] = ("center", "left", "left", "left")
REMINDER_LAYOUT = PageLayout(font_size=12.0, table_font_size=11.0)


@dataclass(frozen=True)
class ReminderRow:
    name: str
    place: str
    """The class of a pupil, or the position."""
    role: str


@dataclass(frozen=True)
class ReminderData:
    organisation: str | Organisation
    round_title: str
    questionnaire_title: str
    dates: str
    """«с 01.09.2026 по 20.09.2026»."""
    expected: int
    rows: tuple[ReminderRow, ...]


def reminder_subtitle(data: ReminderData) -> str:
    """The round, its questionnaire (unless the round's title names it) and dates, and the
    count, one to a line."""
    lines = [f"Опрос «{data.round_title}», {data.dates}"]
    if not data.round_title.startswith(data.questionnaire_title):
        lines.append(f"Анкета «{data.questionnaire_title}»")
    lines.append(f"Не ответили: {len(data.rows)} из {data.expected}")
    return "\n".join(lines)


def reminder_document(data: ReminderData, *, as_of: dt.date) -> ListDocument:
    """The list of those who have not answered, numbered, in the order given."""
    doc = ListDocument(REMINDER_TITLE, data.organisation, subtitle=reminder_subtitle(data),
                       as_of=as_of, layout=REMINDER_LAYOUT)
    rows: Sequence[tuple[int, str, str, str]] = [
        (number, row.name, row.place or "—", row.role)
        for number, row in enumerate(data.rows, start=1)]
    if rows:
        doc.add_table(REMINDER_HEADERS, rows, col_widths_mm=REMINDER_WIDTHS_MM,
                      align=REMINDER_ALIGN)
    else:
        doc.add_paragraph("Все участники опроса заполнили анкету.", indent=False)
    return doc
