"""SQLite's runtime errors as the curator's errors: busy, disk full, read-only file or folder,
damaged file — mapped once here (`access_error`), used by the plain `sqlite3` calls of opening
and by the engines' `handle_error` hook (data/db.py)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from nastavnik_desktop.data import lock
from nastavnik_desktop.data.backup import restore_advice
from nastavnik_desktop.errors import (
    CorruptDatabaseError,
    DatabaseAccessError,
    DatabaseBusyError,
    DiskFullError,
    NastavnikError,
    ReadOnlyDatabaseError,
    ReadOnlyFolderError,
)


def access_error(exc: BaseException, path: Path) -> NastavnikError | None:
    """The curator's error for a SQLite failure on the database at `path`, or None when the
    failure is not about the file or its environment (a bug: let it be a traceback)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return None
    primary = code & 0xFF
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return busy_error(path)
    if primary == sqlite3.SQLITE_FULL:
        return DiskFullError(
            f"На диске не хватает места для записи в базу данных «{path}». Изменения не "
            "сохранены. Освободите место на диске (например, удалите ненужные файлы или "
            "старые резервные копии) и повторите действие.", details=str(exc))
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return permission_error(path, code, exc)
    if primary == sqlite3.SQLITE_IOERR:
        return DatabaseAccessError(
            f"Ошибка чтения или записи диска при работе с базой данных «{path}». Изменения не "
            "сохранены. Проверьте диск (флешку, сетевую папку) и повторите действие.",
            details=str(exc))
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return CorruptDatabaseError(
            f"Файл базы данных «{path}» повреждён. Изменения не сохранены. "
            + restore_advice(path), details=str(exc))
    return None


def busy_error(path: Path) -> DatabaseBusyError:
    """«База занята», naming the other «Наставник» that has it open if its lock file says so."""
    other = lock.holder(path)
    holders = (other.describe(),) if other is not None else ()
    if holders:
        who = ("её сейчас изменяет «Наставник», открытый: " + "; ".join(holders) + ". "
               "Подождите, пока там закончится операция, или закройте там программу")
    else:
        who = ("её сейчас изменяет другая программа. Закройте программу, которая открыла "
               "этот файл (например, просмотр баз SQLite или резервное копирование)")
    return DatabaseBusyError(
        f"База данных «{path}» занята: {who}, и повторите действие. Изменения не сохранены.",
        holders=holders)


def permission_error(path: Path, code: int, exc: BaseException) -> NastavnikError:
    """Read-only file, read-only folder, or a file that is not there (any more)."""
    folder = path.parent
    if code == sqlite3.SQLITE_READONLY_DIRECTORY or (folder.is_dir()
                                                      and not _folder_writable(folder)):
        return ReadOnlyFolderError(
            f"Папка «{folder}» недоступна для записи, а «Наставнику» нужно создавать рядом с "
            "базой служебные файлы. Файл базы не повреждён и не изменён. Скопируйте базу в "
            "папку, доступную для записи (например, в «Документы»), или попросите "
            "администратора дать право на запись в эту папку.", details=str(exc))
    if path.is_file() and not _file_writable(path):
        return ReadOnlyDatabaseError(
            f"Файл базы данных «{path}» доступен только для чтения, изменения не сохранены. "
            "Снимите с файла отметку «только чтение» или попросите администратора дать право "
            "на запись в него, затем откройте базу снова.", details=str(exc))
    if code & 0xFF == sqlite3.SQLITE_READONLY:
        return ReadOnlyDatabaseError(
            f"База данных «{path}» открыта только для чтения, изменения не сохранены. "
            "Откройте базу снова.", details=str(exc))
    return DatabaseAccessError(
        f"Не удалось открыть файл базы данных «{path}»: возможно, он перемещён или удалён, "
        "или диск отключён. Проверьте, что файл на месте, и откройте базу снова.",
        details=str(exc))


def _file_writable(path: Path) -> bool:
    """Try it rather than `os.access`, which says yes to root for an immutable file."""
    try:
        os.close(os.open(path, os.O_WRONLY))
    except OSError:
        return False
    return True


def _folder_writable(folder: Path) -> bool:
    import tempfile  # only when a write failed (start-up time)

    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".~probe")
    except OSError:
        return False
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return True
