"""What has changed since a page last read the database: a counter of committed writes per table.

A page keeps what it shows and reads again only when `generation(db, …)` differs from the
number it read with (issue 18: a curator switches sections hundreds of times a day, and the
«Обзор» checks read every model). The counter sees every write that goes through the database's
engine — ORM flushes and Core statements, in any session, in any thread — and counts it when
its transaction commits; a rolled-back write (a preview, a failed action) counts nothing.

The counter lives in this process, for the database object that was opened: the program is the
only writer of its file while it has it open.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import Counter
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from nastavnik_desktop.data.db import Database

_WRITE = re.compile(r'^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?'
                    r'|DELETE\s+FROM)\s+["`\[]?(\w+)', re.IGNORECASE)
_PENDING = "nastavnik_changed_tables"
"""Connection.info key: the tables written in the connection's open transaction."""


class _Counter:
    """Committed writes per table of one engine."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_table: Counter[str] = Counter()
        self.total = 0

    def on_execute(self, conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        match = _WRITE.match(statement)
        if match is not None:
            conn.info.setdefault(_PENDING, set()).add(match.group(1).lower())

    def on_commit(self, conn: Connection) -> None:
        tables = conn.info.pop(_PENDING, None)
        if tables:
            with self.lock:
                self.by_table.update(tables)
                self.total += 1

    @staticmethod
    def on_rollback(conn: Connection) -> None:
        conn.info.pop(_PENDING, None)


_counters: weakref.WeakKeyDictionary[Engine, _Counter] = weakref.WeakKeyDictionary()
_counters_lock = threading.Lock()


def _counter(engine: Engine) -> _Counter:
    with _counters_lock:
        counter = _counters.get(engine)
        if counter is None:
            counter = _counters[engine] = _Counter()
            event.listen(engine, "before_cursor_execute", counter.on_execute)
            event.listen(engine, "commit", counter.on_commit)
            event.listen(engine, "rollback", counter.on_rollback)
        return counter


def watch(db: Database) -> None:
    """Start counting the writes to `db` (done by the first `generation` call too)."""
    _counter(db.engine)


def generation(db: Database, *tables: str) -> int:
    """A number that grows with every committed transaction that wrote to one of `tables`
    (to any table when none is given), counted from the first call for `db`. Equal numbers:
    nothing of those tables has changed in between."""
    counter = _counter(db.engine)
    with counter.lock:
        if not tables:
            return counter.total
        return sum(counter.by_table[table] for table in tables)
