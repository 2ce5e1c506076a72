"""Copies of the database made with SQLite's backup API, written atomically and kept in rotation.

A backup is named `<база>-<ГГГГММДД-ЧЧММСС-микросекунды>-<reason>.sqlite`, where the reason is
`start` (taken when the database is opened), `premigration` (opened by a newer program that is
about to upgrade its structure), `before-import` (taken just before people from a file are saved),
`before-restore` (the database as it was before a backup was put back in its place) or
`before-new-year` (just before a new school year was started: services/new_year.py undoes the
start with it).

Which backups are kept (`rotate_backups`), so that a run of bad days cannot push every good copy
out: the `keep` newest (10); the newest of each of the last `days` calendar days (30), so a week
of many opens still leaves last month's copies; and always the newest `premigration`,
`before-import`, `before-restore` and `before-new-year` ones (a bad import or restore is often
noticed days later, after many opens). At most 10 + 30 + 4 files, the rest is deleted. Files
in the folder that are not named like a backup are never touched.

Files and folders are owner-only (0600/0700) on POSIX: they hold children's data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from nastavnik_desktop.files import fsync_dir, fsync_file, make_private, private_folder
from nastavnik_desktop.paths import BACKUPS_FOLDER

BACKUP_SUFFIX = ".sqlite"
DEFAULT_KEEP = 10
DEFAULT_DAYS = 30
START = "start"
PREMIGRATION = "premigration"
BEFORE_RESTORE = "before-restore"
BEFORE_IMPORT = "before-import"
NEW_YEAR = "before-new-year"
_ALWAYS_KEPT = (PREMIGRATION, BEFORE_IMPORT, BEFORE_RESTORE, NEW_YEAR)
_STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"-((\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{6}))"
                   r"-([a-z][a-z-]*)\.sqlite$")
"""A backup's name: the time stamp (`_STAMP_FORMAT`), its parts, the reason."""
_TMP_SUFFIX = ".tmp"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: dt.datetime
    reason: str


def _private_backup_folder(backup_dir: Path) -> None:
    """Create the backup folder owner-only, and the shared `backups` folder above it too."""
    private_folder(backup_dir)
    if backup_dir.parent.name == BACKUPS_FOLDER:
        make_private(backup_dir.parent)


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (before SQLite writes into it: SQLite
    gives its journal and WAL files the mode of the database file)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    os.close(fd)
    make_private(path)


def remove_with_sidecars(path: Path) -> None:
    """Remove a database file together with its journal, WAL and shared-memory files."""
    for name in (path, *sidecars(path)):
        with contextlib.suppress(FileNotFoundError):
            name.unlink()


def sidecars(path: Path) -> tuple[Path, Path, Path]:
    return (Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm"))


def snapshot_database(source: Path, tmp: Path) -> None:
    """A consistent copy of `source` (WAL included) in a new owner-only file `tmp`, fsync'ed."""
    remove_with_sidecars(tmp)
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
    try:
        create_private_file(tmp)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        fsync_file(tmp)
    except BaseException:
        remove_with_sidecars(tmp)
        raise
    finally:
        src.close()


def copy_database(source: Path, target: Path) -> None:
    """Copy a live SQLite database to `target` via a temporary file, fsync and atomic rename."""
    _private_backup_folder(target.parent)
    tmp = target.with_name(f".{target.name}{_TMP_SUFFIX}")
    snapshot_database(source, tmp)
    try:
        os.replace(tmp, target)
    except BaseException:
        remove_with_sidecars(tmp)
        raise
    fsync_dir(target.parent)


def backup_database(source: Path, backup_dir: Path, *, reason: str = START,
                    keep: int | None = DEFAULT_KEEP, now: dt.datetime | None = None) -> Path:
    """Back up `source` into `backup_dir`; with `keep`, rotate the older copies out.

    Pass `keep=None` to rotate later, once the database has proved good (`open_database`
    does so around a migration: a failing one must not push good copies out).
    """
    remove_leftovers(backup_dir)
    stamp = (now or dt.datetime.now()).strftime(_STAMP_FORMAT)
    target = backup_dir / f"{source.stem}-{stamp}-{reason}{BACKUP_SUFFIX}"
    copy_database(source, target)
    if keep is not None:
        rotate_backups(backup_dir, keep=keep, now=now)
    return target


def remove_leftovers(backup_dir: Path) -> None:
    """Remove the hidden temporary files of backups that were interrupted (a kill, a full disk)."""
    if not backup_dir.is_dir():
        return
    for path in backup_dir.iterdir():
        name = path.name
        if name.startswith(".") and (name.endswith(BACKUP_SUFFIX + _TMP_SUFFIX) or any(
                name.endswith(BACKUP_SUFFIX + _TMP_SUFFIX + tail)
                for tail in ("-journal", "-wal", "-shm"))):
            with contextlib.suppress(OSError):
                path.unlink()


def parse_backup(path: Path) -> Backup | None:
    """The date and reason of a backup from its name; None for a file not named like one."""
    found = _NAME.search(path.name)
    if found is None or path.name.startswith("."):
        return None
    try:  # the stamp's parts, not strptime: its first call costs the start ~2 ms
        year, month, day, hour, minute, second, micro = map(int, found.group(2, 3, 4, 5, 6,
                                                                            7, 8))
        taken_at = dt.datetime(year, month, day, hour, minute, second, micro)
    except ValueError:
        return None
    return Backup(path=path, taken_at=taken_at, reason=found.group(9))


def backups_in(backup_dir: Path) -> list[Backup]:
    """The backups in `backup_dir`, newest first."""
    if not backup_dir.is_dir():
        return []
    found = [b for p in backup_dir.iterdir() if p.is_file()
             and (b := parse_backup(p)) is not None]
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups, newest first."""
    return [b.path for b in backups_in(backup_dir)]


def backups_to_keep(backups: list[Backup], *, keep: int = DEFAULT_KEEP,
                    days: int = DEFAULT_DAYS, now: dt.datetime | None = None) -> set[Path]:
    """The rotation rule (see the module's docstring) over backups sorted newest first."""
    today = (now or dt.datetime.now()).date()
    kept = {b.path for b in backups[:keep]}
    seen_days: set[dt.date] = set()
    seen_reasons: set[str] = set()
    for b in backups:
        day = b.taken_at.date()
        if 0 <= (today - day).days < days and day not in seen_days:
            seen_days.add(day)
            kept.add(b.path)
        if b.reason in _ALWAYS_KEPT and b.reason not in seen_reasons:
            seen_reasons.add(b.reason)
            kept.add(b.path)
    return kept


def rotate_backups(backup_dir: Path, *, keep: int = DEFAULT_KEEP, days: int = DEFAULT_DAYS,
                   now: dt.datetime | None = None) -> None:
    """Delete the backups the rotation rule does not keep; make the kept ones owner-only."""
    backups = backups_in(backup_dir)
    kept = backups_to_keep(backups, keep=keep, days=days, now=now)
    for b in backups:
        if b.path in kept:
            make_private(b.path)
            continue
        with contextlib.suppress(OSError):
            b.path.unlink()


def restoring_path(target: Path) -> Path:
    """The hidden file a backup is copied to before it replaces `target`."""
    return target.with_name(f".{target.name}.restoring")


def restore_database(backup: Path, target: Path) -> None:
    """Put a backup back in place of `target`.

    The journal, WAL and shared-memory files of the old `target` go first: SQLite would
    otherwise replay a stale WAL (or roll back a stale journal) onto the restored file.
    """
    tmp = restoring_path(target)
    snapshot_database(backup, tmp)
    try:
        for stale in sidecars(target):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
        os.replace(tmp, target)
    except BaseException:
        remove_with_sidecars(tmp)
        raise
    fsync_dir(target.parent)


def restore_advice(db_path: Path, backup_dir: Path | None = None) -> str:
    """«Восстановите базу из резервной копии», saying where the copies are and how."""
    from nastavnik_desktop.paths import backup_dir_for

    folder = backup_dir if backup_dir is not None else backup_dir_for(db_path)
    command = f"nastavnik restore --db \"{db_path}\""
    how = (f"Список копий с датами покажет команда «{command} --list», восстановит копию — "
           f"«{command} ФАЙЛ_КОПИИ» (текущий файл при этом сохранится рядом с копиями).")
    if backups_in(folder):
        return f"Восстановите базу из резервной копии: копии лежат в папке «{folder}». {how}"
    return (f"Восстановите базу из резервной копии. В папке «{folder}» копий этой базы нет; "
            f"если копия есть в другом месте (например, на флешке), её восстановит команда "
            f"«{command} ФАЙЛ_КОПИИ» (текущий файл при этом сохранится в папке «{folder}»).")
