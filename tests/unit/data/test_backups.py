"""Backups that survive repeated failures, leftovers cleaned, owner-only files (issue 11, 2, 5)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from nastavnik_desktop.data import db as db_module
from nastavnik_desktop.data.backup import (
    backups_in,
    list_backups,
    parse_backup,
    rotate_backups,
)
from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.data.schema_version import HEAD_REVISION
from nastavnik_desktop.errors import CorruptDatabaseError, DatabaseOpenError, MigrationError
from tests.helpers.databases import make_0001_database

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def set_revision(path: Path, revision: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.close()


def fake_backup(folder: Path, when: dt.datetime, reason: str = "start") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"school-{when:%Y%m%d-%H%M%S-%f}-{reason}.sqlite"
    path.write_bytes(b"")
    return path


def test_failed_migrations_never_rotate_the_good_backups_out(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backups = db_path.parent / "backups"
    open_database(db_path).close()
    for _ in range(3):
        open_database(db_path, backup_dir=backups, keep_backups=3).close()
    good = list_backups(backups)
    assert len(good) == 3
    set_revision(db_path, "0000_older")
    monkeypatch.setattr(db_module, "KNOWN_REVISIONS", frozenset({"0000_older", HEAD_REVISION}))

    def broken_upgrade(path: Path) -> None:
        raise RuntimeError("duplicate column name: name_accusative")

    monkeypatch.setattr(db_module, "upgrade_schema", broken_upgrade)
    for _ in range(5):
        with pytest.raises(MigrationError, match="данные не потеряны"):
            open_database(db_path, backup_dir=backups, keep_backups=3)
    assert list_backups(backups) == good


def test_a_file_that_fails_inspection_is_not_backed_up(db_path: Path) -> None:
    backups = db_path.parent / "backups"
    open_database(db_path).close()
    data = bytearray(db_path.read_bytes())
    data[100:16384] = b"\xa5" * 16284
    db_path.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError):
        open_database(db_path, backup_dir=backups)
    assert list_backups(backups) == []


def test_the_backup_before_an_upgrade_is_marked_premigration(db_path: Path) -> None:
    backups = db_path.parent / "backups"
    make_0001_database(db_path)
    open_database(db_path, backup_dir=backups).close()
    (taken,) = backups_in(backups)
    assert taken.reason == "premigration"


def test_rotation_keeps_the_newest_one_per_day_and_the_newest_premigration(
        tmp_path: Path) -> None:
    folder = tmp_path / "backups" / "school"
    now = dt.datetime(2026, 12, 5, 12, 0)
    premigration = fake_backup(folder, dt.datetime(2026, 6, 1, 9, 0), "premigration")
    older_premigration = fake_backup(folder, dt.datetime(2026, 5, 1, 9, 0), "premigration")
    stranger = folder / "my-copy.sqlite"
    stranger.write_bytes(b"")
    # Three backups a day for forty days, the newest at 11:00 today.
    daily_newest = {}
    for day in range(40):
        for hour in (9, 10, 11):
            when = now.replace(hour=hour) - dt.timedelta(days=day)
            path = fake_backup(folder, when)
            daily_newest[when.date()] = path
    newest_ten = [b.path for b in backups_in(folder)[:10]]
    rotate_backups(folder, keep=10, days=30, now=now)
    kept = set(list_backups(folder))
    expected = set(newest_ten) | {premigration} | {
        path for day, path in daily_newest.items() if (now.date() - day).days < 30}
    assert kept == expected
    assert older_premigration not in kept
    assert stranger.exists()  # not named like a backup: never deleted


def test_leftovers_of_an_interrupted_backup_or_restore_are_removed_at_the_next_open(
        db_path: Path) -> None:
    backups = db_path.parent / "backups"
    open_database(db_path).close()
    open_database(db_path, backup_dir=backups).close()
    leftovers = [backups / ".school-20261205-101010-000001-start.sqlite.tmp",
                 backups / ".school-20261205-101010-000001-start.sqlite.tmp-journal"]
    for path in leftovers:
        path.write_bytes(b"\x00" * 100)
    interrupted = [db_path.with_name(".school.sqlite.restoring"),
                   db_path.with_name(".school.sqlite.restoring-journal"),
                   db_path.with_name(".school.sqlite.creating")]
    for path in interrupted:
        path.write_bytes(b"\x00" * 100)
    open_database(db_path, backup_dir=backups).close()
    assert not any(path.exists() for path in leftovers + interrupted)
    assert all(parse_backup(p) is not None for p in backups.iterdir())


@posix_only
def test_database_backups_and_folders_are_owner_only(tmp_path: Path,
                                                     loose_umask: None) -> None:
    from nastavnik_desktop import paths

    db_path = paths.default_db_path()
    assert mode(db_path.parent) == 0o700
    backups = paths.backup_dir_for(db_path)
    open_database(db_path, backup_dir=backups).close()
    assert mode(db_path) == 0o600
    open_database(db_path, backup_dir=backups).close()
    (backup,) = list_backups(backups)
    assert mode(backup) == 0o600
    assert mode(backups) == 0o700 and mode(backups.parent) == 0o700
    assert mode(paths.log_dir()) == 0o700


@posix_only
def test_an_existing_world_readable_database_and_its_backups_are_tightened_on_open(
        db_path: Path, loose_umask: None) -> None:
    backups = db_path.parent / "backups" / "school"
    open_database(db_path).close()
    old_backup = fake_backup(backups, dt.datetime(2026, 12, 1, 9, 0))
    for path in (db_path, old_backup):
        path.chmod(0o644)
    backups.chmod(0o755)
    open_database(db_path, backup_dir=backups).close()
    assert mode(db_path) == 0o600
    assert mode(old_backup) == 0o600
    assert mode(backups) == 0o700


def test_a_backup_that_cannot_be_written_stops_the_open_with_a_russian_message(
        db_path: Path) -> None:
    open_database(db_path).close()
    blocked = db_path.parent / "backups"
    blocked.write_text("не папка", encoding="utf-8")  # the folder cannot be made
    with pytest.raises(DatabaseOpenError) as caught:
        open_database(db_path, backup_dir=blocked / "school")
    words = caught.value.message.replace(str(blocked), "")
    assert "резервную копию" in words and "Errno" not in words and "Not a" not in words


@pytest.mark.parametrize("stamp", ["20261123-081502-000123", "20240229-235959-999999",
                                   "20260101-000000-000000"])
def test_a_backup_name_gives_the_time_strptime_reads_from_it(stamp: str) -> None:
    found = parse_backup(Path(f"nastavnik-{stamp}-premigration.sqlite"))
    assert found is not None
    assert found.taken_at == dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f")
    assert found.reason == "premigration"


@pytest.mark.parametrize("stamp", ["20261323-081502-000123", "20230229-120000-000000",
                                   "20261123-246000-000000", "20261123-086000-000000",
                                   "20261123-081560-000000"])
def test_a_backup_name_with_an_impossible_time_is_not_a_backup(stamp: str) -> None:
    with pytest.raises(ValueError):
        dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f")
    assert parse_backup(Path(f"nastavnik-{stamp}-open.sqlite")) is None
