"""The reminder list of a round (issue 13, point 6): who has not answered yet, as a PDF in the
documents folder for the curator to print (`reports.reminders`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import Programme
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.files import safe_file_name
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.reports.process import PdfRecipe, write_pdf
from nastavnik_desktop.reports.reminders import ReminderData, ReminderRow, reminder_document
from nastavnik_desktop.services.legal_documents import new_document_path
from nastavnik_desktop.services.paper_data import school_organisation
from nastavnik_desktop.services.questionnaires.rounds import round_info, round_people_lines

PROCESS_ROWS = 300
"""A list this long is laid out in a child process when the caller asks (`reports.process`)."""


def reminder_data(db: Database, round_id: int) -> ReminderData:
    """The round's people without an answer, by name, with the school's name."""
    found = round_info(db, round_id)
    people = round_people_lines(db, round_id)
    with db.reading() as session:
        programme = session.get(Programme, found.programme_id)
        if programme is None:
            raise ValidationError("Программа наставничества не найдена. Откройте её снова.")
        organisation = school_organisation(programme.school)
    return ReminderData(
        organisation=organisation, round_title=found.title,
        questionnaire_title=found.template_title, dates=found.dates, expected=len(people),
        rows=tuple(ReminderRow(p.name, p.place, p.role) for p in people if not p.answered))


def reminder_path(db: Database, round_id: int, day: dt.date) -> Path:
    """A new file in the documents folder for the round's reminder list (never one already
    there, so an earlier list stays as printed)."""
    found = round_info(db, round_id)
    base = safe_file_name(f"Не ответили — {found.title} {day:%Y-%m-%d}")
    return new_document_path(db, base, ".pdf")


def write_reminder_list(db: Database, round_id: int, out_path: Path, *, as_of: dt.date,
                        separate_process: bool = False,
                        progress: ProgressCallback | None = None) -> Path:
    """Write the reminder list of the round to `out_path` (atomically); the path. A long list
    is laid out in a child process when `separate_process` (the window's worker)."""
    data = reminder_data(db, round_id)
    recipe = PdfRecipe(reminder_document, (data,), {"as_of": as_of}, rows=len(data.rows))
    return write_pdf(recipe, Path(out_path), progress=progress,
                     separate_process=separate_process and recipe.rows >= PROCESS_ROWS)
