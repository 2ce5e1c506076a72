"""The wizard that loads answers from an online form's export (Google Forms, Yandex Forms) or a
filled xlsx template into a round (issue 13, point 2)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from nastavnik_desktop.data.db import Database


def run_answers_import(parent: QWidget | None, db: Database, programme_id: int, *,
                       round_id: int | None, today: dt.date) -> bool:
    """Run the import wizard (modal) for a round; whether answers were saved."""
    del parent, db, programme_id, round_id, today
    return False
