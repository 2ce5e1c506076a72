"""Restoring the database from a backup (`nastavnik restore`): the service, Russian errors.

The current database is never lost by a restore: it is first copied aside into the backup folder
as a `before-restore` backup (the rotation always keeps the newest one). The backup is checked
before anything changes, and its copy replaces the database atomically together with the removal
of the old `-wal`/`-shm` files, so a stale WAL cannot bring the replaced changes back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nastavnik_desktop import files, paths
from nastavnik_desktop.data import lock
from nastavnik_desktop.data.backup import (
    BEFORE_IMPORT,
    BEFORE_RESTORE,
    NEW_YEAR,
    PREMIGRATION,
    START,
    Backup,
    backup_database,
    backups_in,
    restore_database,
    sidecars,
)
from nastavnik_desktop.data.db import FileState, inspect_file
from nastavnik_desktop.errors import (
    CorruptDatabaseError,
    DatabaseBusyError,
    DatabaseInUseError,
    DatabaseOpenError,
    ForeignDatabaseError,
    NastavnikError,
    NewerDatabaseError,
)

REASONS = {START: "при открытии базы", PREMIGRATION: "перед обновлением структуры базы",
           BEFORE_IMPORT: "перед загрузкой из файла",
           BEFORE_RESTORE: "перед восстановлением из копии",
           NEW_YEAR: "перед началом нового учебного года"}
"""What triggered an automatic backup, as the curator reads it (by `Backup.reason`)."""


@dataclass(frozen=True)
class Restored:
    db_path: Path
    backup: Path
    set_aside: Path | None
    """Where the replaced database was saved (None when there was no database file)."""


def reason_label(backup: Backup) -> str:
    return REASONS.get(backup.reason, "")


def take_backup(db_path: Path, reason: str, *, now: dt.datetime | None = None) -> Path:
    """An automatic backup of the (open) database at `db_path` into its backup folder, rotated.

    Refused with a Russian message when it cannot be written: the work it guards (an import)
    must not go on without it."""
    backup_dir = paths.backup_dir_for(db_path)
    try:
        return backup_database(Path(db_path), backup_dir, reason=reason, now=now)
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseOpenError(
            f"Не удалось сделать резервную копию базы в папку «{backup_dir}» ("
            f"{REASONS.get(reason, reason)}). Ничего не изменено. Проверьте, что на диске есть "
            "место и папка доступна для записи, и повторите.", details=str(exc)) from exc


def available_backups(db_path: Path, backup_dir: Path | None = None) -> list[Backup]:
    """The backups of the database at `db_path`, newest first."""
    return backups_in(backup_dir or paths.backup_dir_for(db_path))


def find_backup(name: Path, db_path: Path, backup_dir: Path | None = None) -> Path:
    """The backup file given as a path, or as a file name in the database's backup folder."""
    if name.is_file():
        return name
    in_folder = (backup_dir or paths.backup_dir_for(db_path)) / name.name
    if name.parent == Path(".") and in_folder.is_file():
        return in_folder
    raise DatabaseOpenError(
        f"Файл резервной копии «{name}» не найден. Список копий покажет команда "
        f"«nastavnik restore --db \"{db_path}\" --list».")


def check_backup(backup: Path, *, shown: Path | None = None) -> None:
    """Refuse a backup that is not a sound «Наставник» database (nothing is changed).

    `shown` is the file the curator chose, named in the message (an archive whose database was
    taken out into a temporary file)."""
    named = shown or backup
    try:
        inspection = inspect_file(backup)
    except NastavnikError as exc:  # its words are for opening a base: say it for a copy
        raise refused(named, _why_not(exc), details=_details(exc)) from exc
    if inspection.state is not FileState.OURS:
        raise refused(named, "в ней нет базы «Наставника» (файл пуст)")
    conn = sqlite3.connect(f"file:{backup.as_posix()}?mode=ro", uri=True)
    try:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        result = [str(exc)]
    finally:
        conn.close()
    if result != ["ok"]:
        raise refused(named, "она повреждена (не прошла проверку целостности)",
                       details="; ".join(result[:5]))


def _why_not(exc: NastavnikError) -> str:
    if isinstance(exc, NewerDatabaseError):
        return "она сделана более новой версией «Наставника» (обновите программу)"
    if isinstance(exc, CorruptDatabaseError):
        return "файл копии повреждён"
    if isinstance(exc, ForeignDatabaseError):
        return "это не база «Наставника»"
    return "файл копии не удалось прочитать"


def _details(exc: NastavnikError) -> str:
    return " ".join(part for part in (exc.message, exc.details) if part)


def refused(backup: Path, why: str, *, details: str = "") -> DatabaseOpenError:
    """«Копию … восстановить нельзя: why. База не изменена.»"""
    return DatabaseOpenError(f"Копию «{backup}» восстановить нельзя: {why}. База не изменена. "
                             "Выберите другую копию.", details=details)


def restore_backup(db_path: Path, backup_path: Path, *, backup_dir: Path | None = None,
                   now: dt.datetime | None = None) -> Restored:
    """Put the backup at `backup_path` in place of the database at `db_path`.

    Refused while another program holds the database's lock (`data/lock.py`), and for a
    backup that fails `inspect_file` or `PRAGMA integrity_check`. The current database (with
    its WAL) is first saved into the backup folder as a `before-restore` backup.
    """
    db_path = Path(db_path)
    backup_dir = backup_dir or paths.backup_dir_for(db_path)
    backup = find_backup(Path(backup_path), db_path, backup_dir)
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise DatabaseOpenError(f"«{backup}» — это сама база, а не её копия. Укажите файл копии.")
    with locked_for_restore(db_path):
        check_backup(backup)
        set_aside = set_aside_current(db_path, backup_dir, now)
        try:
            restore_database(backup, db_path)
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseOpenError(
                f"Не удалось восстановить базу «{db_path}» из копии «{backup}». "
                + (f"Прежняя база сохранена как «{set_aside}». " if set_aside else "")
                + "Проверьте, что на диске есть место и папка доступна для записи, и "
                "повторите восстановление.", details=str(exc)) from exc
    return Restored(db_path=db_path, backup=backup, set_aside=set_aside)


@contextlib.contextmanager
def locked_for_restore(db_path: Path) -> Iterator[None]:
    """Hold the database's lock while it is replaced; refused (nothing changed) while this or
    another program has it open."""
    if lock.open_here(db_path):
        raise DatabaseBusyError(
            f"База «{db_path}» сейчас открыта в этой программе. Закройте её и повторите "
            "восстановление. База не изменена.", holders=("эта программа",))
    try:
        held = lock.lock_database(db_path)
    except DatabaseInUseError as exc:  # its advice is for opening: here, close and repeat
        who = f" ({exc.holder})" if exc.holder else ""
        raise DatabaseInUseError(
            f"База данных «{db_path}» уже открыта в «Наставнике»{who}. Пока она открыта, "
            "копию в неё не восстановить: закройте ту программу и повторите восстановление. "
            "База не изменена.", holder=exc.holder) from exc
    try:
        yield
    finally:
        held.release()


def set_aside_current(db_path: Path, backup_dir: Path,
                      now: dt.datetime | None) -> Path | None:
    """Save the current database (WAL included) as a `before-restore` backup.

    A readable database is copied with SQLite's backup API; a damaged one, which SQLite cannot
    read, is moved aside as it is, with its `-wal`/`-shm` files under the same new name.
    """
    if not db_path.exists():
        return None
    if db_path.stat().st_size == 0:
        return None
    try:
        return backup_database(db_path, backup_dir, reason=BEFORE_RESTORE, keep=None, now=now)
    except sqlite3.DatabaseError:
        pass
    except OSError as exc:
        raise _cannot_set_aside(db_path, backup_dir, exc) from exc
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"{db_path.stem}-{stamp}-{BEFORE_RESTORE}.sqlite"
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)
        for source, name in zip((db_path, *sidecars(db_path)), (target, *sidecars(target)),
                                strict=True):
            if source.exists():
                os.replace(source, name)
                files.make_private(name)
    except OSError as exc:
        raise _cannot_set_aside(db_path, backup_dir, exc) from exc
    return target


def _cannot_set_aside(db_path: Path, backup_dir: Path, exc: OSError) -> NastavnikError:
    return DatabaseOpenError(
        f"Не удалось сохранить текущую базу «{db_path}» в папку «{backup_dir}» перед "
        "восстановлением. База не изменена. Проверьте, что на диске есть место и папка "
        "доступна для записи, и повторите восстановление.", details=str(exc))
