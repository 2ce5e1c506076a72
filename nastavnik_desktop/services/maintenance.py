"""Keeping the database file quick to read: the planner's statistics.

SQLite picks the order of a join from `sqlite_stat1`; a file that has never been analysed gives
it no sizes at all, and a plan may then loop over a whole table for every row of another
(issue 18). The checklist queries are written to stay linear without statistics
(tests/unit/services/stages/test_query_plans.py), but other reads are not, so the statistics are
refreshed (`Database.refresh_statistics`, sampled: ~5-30 ms at 10,000 pupils):

- when a file is opened and migrated (data/db.py, the open);
- after anything that writes many rows: an import (`after_bulk_write`), the demo school;
- when the window lets go of a database it wrote to (`at_close`).

Refreshing is best effort after a write: a busy or read-only file keeps its old statistics and
the data stays saved.
"""

from __future__ import annotations

import logging

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import DatabaseAccessError
from nastavnik_desktop.services import changes

log = logging.getLogger(__name__)

MANY_ROWS = 200
"""A write of this many rows or more is followed by fresh statistics."""


def refresh_statistics(db: Database) -> None:
    """Analyse every table and index now (raises DatabaseAccessError if the file cannot be
    written)."""
    db.refresh_statistics()


def after_bulk_write(db: Database, rows: int) -> bool:
    """After a committed write of `rows` rows: refresh the statistics when that is many
    (MANY_ROWS or more). True if they were refreshed."""
    return rows >= MANY_ROWS and _refresh_quietly(db)


def at_close(db: Database) -> bool:
    """Before `db` is closed: refresh the statistics if anything was written to it since the
    window began watching it (`changes.watch`). True if they were refreshed."""
    return changes.generation(db) > 0 and _refresh_quietly(db)


def _refresh_quietly(db: Database) -> bool:
    if db.closed:  # connecting again would make the file anew if it has gone
        return False
    try:
        db.refresh_statistics()
    except DatabaseAccessError as exc:
        log.info("Статистика базы не обновлена: %s", type(exc).__name__)
        return False
    return True
