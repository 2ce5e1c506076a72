"""What is in a database file: schema revision and row counts — read-only, for `info`."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from nastavnik_desktop.data.db import FileState, inspect_file
from nastavnik_desktop.data.schema_version import HEAD_REVISION
from nastavnik_desktop.errors import DatabaseOpenError


@dataclass(frozen=True)
class DatabaseInfo:
    path: str
    revision: str | None
    head_revision: str
    tables: dict[str, int] = field(default_factory=dict)

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
    finally:
        conn.close()
    return DatabaseInfo(path=str(path), revision=inspection.revision,
                        head_revision=HEAD_REVISION, tables=counts)
