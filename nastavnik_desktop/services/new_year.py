"""A new school year, safely: what starting one would do (warnings, what carries over), the
start itself after a backup, and its undo until something new is recorded.

(The start lives in services/stages/stage1.py for now; issue 16 moves it here.)
"""

from __future__ import annotations

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database


def undo_available(db: Database) -> bool:
    """Whether «Отменить начало учебного года» can be offered: a start was recorded and its
    backup is kept. Cheap: the File menu asks it each time it opens."""
    with db.engine.connect() as conn:
        return settings.load(conn, settings.NEW_YEAR_UNDO) is not None
