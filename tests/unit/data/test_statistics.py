"""The query planner's statistics at open: refreshed after a migration (issue 18: without them
a join may loop over a whole table for every row); an open that changes nothing writes nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import nastavnik_desktop.data.db as db_module
from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.data.schema_version import HEAD_REVISION


def _stat(path: Path, table: str) -> list[str]:
    """The rows of `sqlite_stat1` for `table` (no table at all: never analysed)."""
    conn = sqlite3.connect(path)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return []
        return [row[0] for row in conn.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = ?",
                                               (table,))]
    finally:
        conn.close()


def _has_statistics(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is not None
    finally:
        conn.close()


def _add_people(path: Path, count: int) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO person (last_name, first_name, middle_name, category, class_name, "
            "position, subject, organisation, phone, email, parent_name, parent_phone, "
            "name_dative, name_genitive, name_accusative, notes, archived) "
            "VALUES (?, 'Иван', '', 'pupil', '5А', '', '', '', '', '', '', '', '', '', '', '', 0)",
            [(f"Иванов{n}",) for n in range(count)])
    conn.close()


def _drop_statistics(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
    conn.close()


def _analyse(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("ANALYZE")
    conn.close()


def test_an_open_that_migrates_refreshes_the_statistics(db_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    open_database(db_path).close()
    _add_people(db_path, 10)
    _analyse(db_path)
    _add_people(db_path, 40)  # the statistics are stale now
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0000_older'")
    conn.close()
    monkeypatch.setattr(db_module, "KNOWN_REVISIONS", frozenset({"0000_older", HEAD_REVISION}))

    def upgrade(path: Path) -> None:  # a migration that changes nothing but the revision
        conn = sqlite3.connect(path)
        with conn:
            conn.execute("UPDATE alembic_version SET version_num = ?", (HEAD_REVISION,))
        conn.close()

    monkeypatch.setattr(db_module, "upgrade_schema", upgrade)
    open_database(db_path).close()
    assert _stat(db_path, "person")[0].startswith("50 ")


def test_a_migrated_file_never_analysed_gets_statistics(db_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    open_database(db_path).close()
    _add_people(db_path, 30)
    _drop_statistics(db_path)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0000_older'")
    conn.close()
    monkeypatch.setattr(db_module, "KNOWN_REVISIONS", frozenset({"0000_older", HEAD_REVISION}))
    monkeypatch.setattr(db_module, "upgrade_schema", lambda path: _set_head(path))
    open_database(db_path).close()
    assert _stat(db_path, "person")[0].startswith("30 ")


def _set_head(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (HEAD_REVISION,))
    conn.close()


def test_an_open_at_head_writes_no_statistics(db_path: Path) -> None:
    open_database(db_path).close()
    _add_people(db_path, 10)
    open_database(db_path).close()  # nothing to migrate: the file is left as it was
    assert not _has_statistics(db_path)
    _analyse(db_path)
    _add_people(db_path, 5)
    open_database(db_path).close()
    assert _stat(db_path, "person")[0].startswith("10 ")


def test_the_file_part_of_opening_needs_no_sqlalchemy(db_path: Path) -> None:
    """The window's start checks and backs up the file in a thread while SQLAlchemy loads
    (app.py): that part must not import it, or two threads would import it at once."""
    open_database(db_path).close()
    code = ("import sys; from pathlib import Path\n"
            "from nastavnik_desktop.services.workspace import begin_workspace\n"
            f"pending = begin_workspace(Path({str(db_path)!r}))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))\n"
            "pending.finish().close()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "[]"
