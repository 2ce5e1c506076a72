"""What is in a database file: schema revision, row counts and the programmes by year —
read-only, for `info`."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from nastavnik_desktop.data.db import FileState, inspect_file
from nastavnik_desktop.data.schema_version import HEAD_REVISION
from nastavnik_desktop.errors import DatabaseOpenError


@dataclass(frozen=True)
class ProgrammeLine:
    """A programme of the file: its school year, state («active» / «archived») and pairs."""

    school_year: str
    status: str
    pairs: int


@dataclass(frozen=True)
class DatabaseInfo:
    path: str
    revision: str | None
    head_revision: str
    tables: dict[str, int] = field(default_factory=dict)
    programmes: tuple[ProgrammeLine, ...] = ()
    """The latest school year first."""

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.head_revision


def database_info(path: Path) -> DatabaseInfo:
    """Inspect `path` without changing it (no migration, no backup)."""
    inspection = inspect_file(path)
    if inspection.state is FileState.MISSING:
        raise DatabaseOpenError(f"Файл базы данных «{path}» не найден.")
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        names = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        counts = {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                  for name in names}
        programmes = _programmes(conn) if {"programme", "mentoring_pair"} <= set(names) else ()
    finally:
        conn.close()
    return DatabaseInfo(path=str(path), revision=inspection.revision,
                        head_revision=HEAD_REVISION, tables=counts, programmes=programmes)


def _programmes(conn: sqlite3.Connection) -> tuple[ProgrammeLine, ...]:
    return tuple(ProgrammeLine(*row) for row in conn.execute(
        "SELECT p.school_year, p.status, (SELECT count(*) FROM mentoring_pair m "
        "WHERE m.programme_id = p.id) FROM programme p ORDER BY p.school_year DESC, p.id"))
