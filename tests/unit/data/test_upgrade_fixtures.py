"""Updates keep data: a database made by every released schema revision — by the old code
itself (tests/data/schemas/README.md says how) — opens in this version, is upgraded to the head
revision, and keeps every row of every table with every value it had.

A migration may add columns (compared only on the columns the old file had), add tables, and
change values only where it says so (`CHANGED`: the column, and why).
"""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.data.schema_version import HEAD_REVISION, KNOWN_REVISIONS

SCHEMAS = Path(__file__).parents[2] / "data" / "schemas"
FIXTURES = sorted(SCHEMAS.glob("*.sqlite.gz"))

CHANGED: dict[tuple[str, str], str] = {}
"""(table, column) whose stored values a migration rewrites on purpose."""


def _rows(path: Path) -> dict[str, dict[str, Any]]:
    """Every table (but Alembic's): its columns and its rows by rowid."""
    conn = sqlite3.connect(path)
    try:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version' ORDER BY name")]
        found: dict[str, dict[str, Any]] = {}
        for table in tables:
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            rows = {row[0]: dict(zip(columns, row[1:], strict=True)) for row in conn.execute(
                f'SELECT rowid, * FROM "{table}"')}
            found[table] = {"columns": columns, "rows": rows}
        return found
    finally:
        conn.close()


def _revision(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def test_there_is_a_fixture_for_every_released_revision() -> None:
    made = {path.name.removesuffix(".sqlite.gz") for path in FIXTURES}
    assert made == KNOWN_REVISIONS - {HEAD_REVISION} or made == KNOWN_REVISIONS


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.name.split(".")[0])
def test_an_old_database_upgrades_to_head_keeping_every_row(fixture: Path,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "school.sqlite"
    with gzip.open(fixture) as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    revision = fixture.name.removesuffix(".sqlite.gz")
    assert _revision(path) == revision
    before = _rows(path)
    assert sum(len(table["rows"]) for table in before.values()) > 1000

    open_database(path, backup_dir=tmp_path / "backups").close()

    assert _revision(path) == HEAD_REVISION
    after = _rows(path)
    lost = sorted(set(before) - set(after))
    assert not lost, f"tables gone after the upgrade: {lost}"
    for table, old in before.items():
        new = after[table]
        assert set(old["rows"]) <= set(new["rows"]), f"{table}: rows lost"
        kept = [c for c in old["columns"] if c in new["columns"] and (table, c) not in CHANGED]
        assert set(old["columns"]) - set(new["columns"]) == set(), f"{table}: columns lost"
        for rowid, row in old["rows"].items():
            upgraded = new["rows"][rowid]
            changed = {c: (row[c], upgraded[c]) for c in kept if row[c] != upgraded[c]}
            assert not changed, f"{table} row {rowid}: {changed}"
