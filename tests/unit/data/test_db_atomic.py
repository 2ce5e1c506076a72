"""A first start and a migration either happen whole or not at all (issue 11, points 1, 2, 7).

The kills are real (`SIGKILL` of a child process) but at a fixed point: the child wraps one
step of the work so that it kills itself right after it, where the old code had already
committed half of the change. `benchmarks/crash_trials.py` kills at random moments instead.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nastavnik_desktop.data import db as db_module
from nastavnik_desktop.data.db import FileState, inspect_file, open_database
from nastavnik_desktop.data.schema_version import HEAD_REVISION
from nastavnik_desktop.errors import (
    CorruptDatabaseError,
    DatabaseOpenError,
    ForeignDatabaseError,
    MigrationError,
)
from tests.helpers.databases import digest, make_0001_database

ROOT = Path(__file__).resolve().parents[3]
posix_only = pytest.mark.skipif(os.name != "posix", reason="kill -9 and file modes are POSIX")

def columns(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


def revision(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def run_killed(code: str) -> None:
    """Run `code` in a child that is expected to die of SIGKILL."""
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr


KILL_AFTER = """
    import os, signal
    def kill_after(module, name):
        original = getattr(module, name)
        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            os.kill(os.getpid(), signal.SIGKILL)
            return result
        setattr(module, name, wrapper)
"""


@posix_only
def test_a_kill_between_the_alter_and_the_revision_bump_leaves_the_old_schema(
        db_path: Path) -> None:
    make_0001_database(db_path)
    run_killed(KILL_AFTER + f"""
    from pathlib import Path
    from alembic.operations import Operations
    kill_after(Operations, "add_column")
    from nastavnik_desktop.data.db import open_database
    open_database(Path({str(db_path)!r}))
    """)
    assert revision(db_path) == "0001_initial"
    assert "name_accusative" not in columns(db_path, "person")
    database = open_database(db_path, backup_dir=db_path.parent / "backups")
    database.close()
    assert revision(db_path) == HEAD_REVISION
    assert "name_accusative" in columns(db_path, "person")


def test_a_migration_failing_after_its_ddl_changes_nothing(db_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           ) -> None:
    from alembic.operations import Operations

    make_0001_database(db_path)
    original = Operations.add_column

    def add_then_fail(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        raise RuntimeError("duplicate column name: name_accusative (https://sqlalche.me/)")

    monkeypatch.setattr(Operations, "add_column", add_then_fail)
    with pytest.raises(MigrationError) as caught:
        open_database(db_path)  # no backup to fall back on: the transaction alone must hold
    assert "данные не потеряны" in caught.value.message
    assert "duplicate" not in caught.value.message and "sqlalche" not in caught.value.message
    assert revision(db_path) == "0001_initial"
    assert "name_accusative" not in columns(db_path, "person")
    monkeypatch.undo()
    open_database(db_path).close()
    assert "name_accusative" in columns(db_path, "person")


@posix_only
@pytest.mark.parametrize(("holder", "step"), [
    ("alembic.operations.Operations", "create_table"),  # the old code left one table
    ("nastavnik_desktop.data.reference", "seed_reference_data"),  # ... or no reference data
])
def test_a_kill_during_the_first_start_leaves_no_database_that_cannot_open(
        db_path: Path, holder: str, step: str) -> None:
    run_killed(KILL_AFTER + f"""
    import pydoc
    from pathlib import Path
    kill_after(pydoc.locate({holder!r}), {step!r})
    from nastavnik_desktop.data.db import open_database
    open_database(Path({str(db_path)!r}))
    """)
    assert not db_path.exists() or db_path.stat().st_size == 0
    database = open_database(db_path)
    database.close()
    assert revision(db_path) == HEAD_REVISION
    assert [p.name for p in db_path.parent.iterdir() if p.name.startswith(".")] == []


def half_created(path: Path, *, with_data: bool = False) -> None:
    """What the old first start left after a kill: some tables, an empty alembic_version."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                     "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
        conn.execute("CREATE TABLE app_setting (key VARCHAR(100) NOT NULL PRIMARY KEY, "
                     "value_json TEXT NOT NULL)")
        conn.execute("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, summary TEXT)")
        if with_data:
            conn.execute("INSERT INTO app_setting VALUES ('school', '\"Школа №1\"')")
    conn.close()


def test_a_half_created_file_of_an_older_version_is_rebuilt(db_path: Path) -> None:
    half_created(db_path)
    assert inspect_file(db_path).state is FileState.ABANDONED
    open_database(db_path, backup_dir=db_path.parent / "backups").close()
    assert revision(db_path) == HEAD_REVISION
    assert "person" in {row[0] for row in sqlite3.connect(db_path).execute(
        "SELECT name FROM sqlite_master WHERE type='table'")}


def test_a_half_created_file_with_data_in_it_is_never_rebuilt(db_path: Path) -> None:
    half_created(db_path, with_data=True)
    before = digest(db_path)
    with pytest.raises(CorruptDatabaseError, match="не отмечена версия"):
        open_database(db_path, backup_dir=db_path.parent / "backups")
    assert digest(db_path) == before


def test_a_file_with_tables_of_another_program_is_not_taken_for_a_half_created_one(
        db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.close()
    before = digest(db_path)
    with pytest.raises(ForeignDatabaseError, match="не база «Наставника»"):
        open_database(db_path)
    assert digest(db_path) == before


def test_another_alembic_programs_database_is_not_called_newer(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES ('3f9a1c2b7d10')")
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, login TEXT)")
        conn.execute("INSERT INTO users VALUES (1, 'admin')")
    conn.close()
    before = digest(db_path)
    with pytest.raises(ForeignDatabaseError, match="не база «Наставника»"):
        open_database(db_path)
    assert digest(db_path) == before


def test_a_zero_byte_file_becomes_a_complete_database(db_path: Path) -> None:
    """A 0-byte file is a database not yet made (an interrupted first start of an old version
    left one on the default path): opening it makes the base in it, atomically, and it opens
    again afterwards — it is not written into and then refused."""
    db_path.touch()
    database = open_database(db_path, backup_dir=db_path.parent / "backups")
    database.close()
    assert revision(db_path) == HEAD_REVISION
    again = open_database(db_path, backup_dir=db_path.parent / "backups")
    again.close()


def test_first_start_builds_in_a_temporary_file_and_renames_it_complete(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    original = db_module.upgrade_schema

    def watch(path: Path) -> None:
        seen.append(path == db_path)
        original(path)

    monkeypatch.setattr(db_module, "upgrade_schema", watch)
    open_database(db_path).close()
    assert seen == [False]
    assert revision(db_path) == HEAD_REVISION


def test_our_tables_name_every_table_of_the_models() -> None:
    from nastavnik_desktop.data.models import Base
    from nastavnik_desktop.data.schema_version import MARKER_TABLES, OUR_TABLES

    assert set(Base.metadata.tables) | {"alembic_version"} == OUR_TABLES
    assert MARKER_TABLES <= OUR_TABLES


@posix_only
def test_a_kill_during_a_backup_leaves_no_leftovers_after_the_next_open(db_path: Path) -> None:
    from nastavnik_desktop.data.backup import list_backups

    backups = db_path.parent / "backups" / "school"
    open_database(db_path).close()
    run_killed(KILL_AFTER + f"""
    from pathlib import Path
    import nastavnik_desktop.data.backup as backup
    kill_after(backup, "fsync_file")  # the copy is written, not yet renamed
    backup.backup_database(Path({str(db_path)!r}), Path({str(backups)!r}))
    """)
    assert [p.name for p in backups.iterdir() if p.name.startswith(".")]
    assert list_backups(backups) == []
    open_database(db_path, backup_dir=backups).close()
    assert [p.name for p in backups.iterdir() if p.name.startswith(".")] == []
    assert len(list_backups(backups)) == 1


def test_a_base_left_without_its_reference_data_gets_it_at_the_next_open(
        db_path: Path) -> None:
    """An older version stopped between the schema and the reference data left such a file."""
    open_database(db_path).close()
    conn = sqlite3.connect(db_path)
    with conn:
        for table in ("mentoring_form", "role_model", "mentee_request", "selection_criterion"):
            conn.execute(f"DELETE FROM {table}")
    conn.close()
    open_database(db_path).close()
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM mentoring_form").fetchone() == (5,)
    finally:
        conn.close()


def test_a_failed_check_after_an_upgrade_is_said_in_russian_with_the_backup_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_0001_database(db_path := tmp_path / "школа.sqlite")
    monkeypatch.setattr(db_module, "check_database",
                        lambda _path: ["row 3 missing from index ix_person_name"])
    with pytest.raises(MigrationError) as caught:
        open_database(db_path, backup_dir=tmp_path / "backups")
    assert "восстановлена из резервной копии" in caught.value.message
    assert "missing" not in caught.value.message and "missing" in caught.value.details
    assert revision(db_path) == "0001_initial"


def test_a_file_that_cannot_be_read_is_said_in_russian(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "школа.sqlite"
    open_database(path).close()
    real_open = open

    def refuse(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(DatabaseOpenError) as caught:
        inspect_file(path)
    assert "нет прав доступа" in caught.value.message
    assert "Permission" not in caught.value.message and "Permission" in caught.value.details
