"""Copies of the database made with SQLite's backup API, written atomically and kept in rotation."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

from nastavnik_desktop.files import fsync_dir, fsync_file

BACKUP_SUFFIX = ".sqlite"
DEFAULT_KEEP = 10


def copy_database(source: Path, target: Path) -> None:
    """Copy a live SQLite database to `target` via a temporary file, fsync and atomic rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    finally:
        src.close()
    fsync_file(tmp)
    os.replace(tmp, target)
    fsync_dir(target.parent)


def backup_database(source: Path, backup_dir: Path, *, reason: str = "start",
                    keep: int = DEFAULT_KEEP) -> Path:
    """Back up `source` into `backup_dir` and drop the oldest copies beyond `keep`."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"{source.stem}-{stamp}-{reason}{BACKUP_SUFFIX}"
    copy_database(source, target)
    rotate_backups(backup_dir, keep=keep)
    return target


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups, newest first."""
    if not backup_dir.is_dir():
        return []
    files = [p for p in backup_dir.iterdir() if p.suffix == BACKUP_SUFFIX and p.is_file()]
    return sorted(files, key=lambda p: p.name, reverse=True)


def rotate_backups(backup_dir: Path, *, keep: int = DEFAULT_KEEP) -> None:
    for old in list_backups(backup_dir)[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()


def restore_database(backup: Path, target: Path) -> None:
    """Put a backup back in place of `target`, removing stale WAL files first."""
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{target}{suffix}").unlink()
    copy_database(backup, target)
