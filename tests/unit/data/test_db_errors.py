"""SQLite's runtime failures reach the curator as Russian messages, with nothing changed.

Real files throughout. Root ignores permission bits, so a read-only file or folder is made with
the immutable attribute (`chattr +i`) when the tests run as root, and with `chmod` otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from nastavnik_desktop.data import lock, owner
from nastavnik_desktop.data.db import BUSY_TIMEOUT_MS, Database, open_database
from nastavnik_desktop.data.models import AppSetting
from nastavnik_desktop.errors import (
    DatabaseBusyError,
    DiskFullError,
    ReadOnlyDatabaseError,
    ReadOnlyFolderError,
)

BUSY_BOUND_S = 1.0
"""The longest the window may wait for a locked database before the message (was 5.1 s)."""

ReadOnly = Callable[[Path], None]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def settings_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM app_setting").fetchone()[0])


def write_a_setting(db: Database, key: str = "probe") -> None:
    with db.transaction() as session:
        session.add(AppSetting(key=key, value_json="1"))


@pytest.fixture
def make_read_only() -> Iterator[ReadOnly]:
    """Make a file or folder unwritable for this process, and writable again afterwards."""
    changed: list[Path] = []
    as_root = os.geteuid() == 0

    def apply(path: Path) -> None:
        if as_root:
            chattr = shutil.which("chattr")
            if chattr is None or subprocess.run([chattr, "+i", str(path)],
                                                capture_output=True).returncode != 0:
                pytest.skip("running as root and the immutable attribute is not available")
        else:
            path.chmod(0o555 if path.is_dir() else 0o444)
        changed.append(path)

    yield apply
    for path in reversed(changed):
        if as_root:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_write_while_another_connection_holds_the_lock_fails_fast_and_changes_nothing(
        db: Database) -> None:
    write_a_setting(db, "before")
    holder = sqlite3.connect(db.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.perf_counter()
        with pytest.raises(DatabaseBusyError) as caught:
            write_a_setting(db)
        waited = time.perf_counter() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert waited < BUSY_BOUND_S
    assert waited >= BUSY_TIMEOUT_MS / 1000 * 0.9  # it did wait for the lock, briefly
    assert "занята" in caught.value.message and "другая программа" in caught.value.message
    assert caught.value.holders == ()
    assert settings_count(db.path) == 1
    write_a_setting(db, "after")  # the database works again once the lock is gone
    assert settings_count(db.path) == 2


def test_the_busy_message_names_the_other_program_that_has_the_database_open(
        db: Database) -> None:
    other = owner.Owner(user="ivanova", host="kabinet-12", pid=4242,
                        since=dt.datetime(2026, 12, 1, 8, 30))
    lock.lock_path(db.path).write_text(other.to_json(), encoding="utf-8")
    holder = sqlite3.connect(db.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusyError) as caught:
            write_a_setting(db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert caught.value.holders == (other.describe(),)
    assert "ivanova" in caught.value.message and "kabinet-12" in caught.value.message
    assert "другая программа" not in caught.value.message


def test_the_lock_file_names_this_program_while_open_and_goes_away_on_close(
        db_path: Path) -> None:
    database = open_database(db_path)
    note = owner.read(lock.lock_path(db_path))
    assert note is not None and note.is_this_process()
    assert lock.holder(db_path) is None  # this program is nobody else
    database.close()
    assert not lock.lock_path(db_path).exists()


def test_the_note_of_a_dead_process_on_this_computer_is_ignored(db_path: Path) -> None:
    beyond_pid_max = 2**22 + 1  # Linux never gives out a pid above 2**22
    note = lock.lock_path(db_path)
    note.write_text(json.dumps({"user": "u", "host": owner.this_process().host,
                                "pid": beyond_pid_max, "since": "2026-01-01T08:00:00"}),
                    encoding="utf-8")
    assert owner.read(note) is not None
    assert lock.holder(db_path) is None
    note.write_text("не JSON", encoding="utf-8")
    assert lock.holder(db_path) is None


def test_disk_full_is_reported_and_the_database_is_unchanged(db: Database) -> None:
    write_a_setting(db, "before")
    with pytest.raises(DiskFullError) as caught, db.transaction() as session:
        pages = session.execute(text("PRAGMA page_count")).scalar_one()
        session.execute(text(f"PRAGMA max_page_count = {pages}"))
        for number in range(200):
            session.add(AppSetting(key=f"big{number}", value_json="x" * 4000))
        session.flush()
    db.engine.dispose()  # the limit belongs to that connection: do not hand it out again
    assert "места" in caught.value.message
    assert settings_count(db.path) == 1


def test_a_read_only_database_file_is_reported_as_such(db_path: Path,
                                                       make_read_only: ReadOnly) -> None:
    open_database(db_path).close()
    make_read_only(db_path)
    database = open_database(db_path)
    try:
        with pytest.raises(ReadOnlyDatabaseError) as caught:
            write_a_setting(database)
    finally:
        database.close()
    assert not isinstance(caught.value, ReadOnlyFolderError)
    assert "только для чтения" in caught.value.message
    assert "поврежд" not in caught.value.message


def test_a_read_only_folder_is_a_permissions_problem_not_a_damaged_file(
        tmp_path: Path, make_read_only: ReadOnly) -> None:
    folder = tmp_path / "школа"
    folder.mkdir()
    path = folder / "school.sqlite"
    open_database(path).close()
    before = digest(path)
    make_read_only(folder)
    with pytest.raises(ReadOnlyFolderError) as caught:
        open_database(path)
    assert "недоступна для записи" in caught.value.message
    assert "поврежд" not in caught.value.message.replace("не повреждён", "")
    assert digest(path) == before


def test_a_new_database_in_a_read_only_folder_is_refused_as_such(
        tmp_path: Path, make_read_only: ReadOnly) -> None:
    folder = tmp_path / "школа"
    folder.mkdir()
    make_read_only(folder)
    with pytest.raises(ReadOnlyFolderError):
        open_database(folder / "school.sqlite")


def test_reads_keep_working_while_another_connection_writes(db: Database) -> None:
    holder = sqlite3.connect(db.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with db.reading() as session:
            assert session.scalar(select(func.count()).select_from(AppSetting)) == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_the_busy_message_says_when_the_lock_is_probably_this_programs_own(
        db: Database) -> None:
    holder = sqlite3.connect(db.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with db.transaction(), pytest.raises(DatabaseBusyError) as caught:
            write_a_setting(db)  # a second unit of work while the first is still open
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert caught.value.holders == ("эта программа",)
    assert "другой операции" in caught.value.message


def _foreign_writer_can_start(path: Path) -> bool:
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return False
    else:
        other.execute("ROLLBACK")
        return True
    finally:
        other.close()


def test_a_unit_of_work_holds_the_write_lock_from_its_first_read(db: Database) -> None:
    with db.transaction() as session:
        session.scalar(select(func.count()).select_from(AppSetting))
        assert not _foreign_writer_can_start(db.path)
    assert _foreign_writer_can_start(db.path)


def test_a_read_takes_no_write_lock(db: Database) -> None:
    with db.reading() as session:
        session.scalar(select(func.count()).select_from(AppSetting))
        assert _foreign_writer_can_start(db.path)
    with db.engine.connect() as conn:
        conn.execute(select(func.count()).select_from(AppSetting))
        assert _foreign_writer_can_start(db.path)
