"""One program per database: an OS lock on `.~<name>.lock` next to the database file.

The window and the command line take the same lock (`lock_database`), so a second window, or a
command that writes while the window is open, is refused with a message naming the program
that has the database (user, computer, since when: `owner.Owner`, written into the lock file).

The lock is the operating system's (`fcntl.flock` on POSIX, `msvcrt.locking` on Windows), not
a file that merely exists: it goes away with the process that holds it, so the lock of a
program that was killed or lost its power is taken over without asking anybody. Its file is
removed on a clean release; one left behind by a killed program is simply locked again.

Within one process the lock is shared: opening the same database again (a test, the window
re-opening its own file) counts up, and the file is unlocked when the last user releases it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from nastavnik_desktop.data import owner
from nastavnik_desktop.errors import DatabaseInUseError, NastavnikError
from nastavnik_desktop.files import os_reason

_WINDOWS_LOCK_OFFSET = 1 << 20
"""Windows locks are mandatory, so the byte locked lies past the note for others to read it."""

_NO_LOCKS = frozenset({errno.ENOLCK, errno.ENOSYS, errno.EOPNOTSUPP})
"""What `flock` says on a file system that has no locks (some network folders)."""

_ATTEMPTS = 5
"""Retries when the lock file is replaced (removed by its releasing holder) while we lock it."""


def lock_path(db_path: Path) -> Path:
    """Next to the file itself: two links to one database share one lock."""
    real = Path(os.path.realpath(db_path))
    return real.with_name(f".~{real.name}.lock")


@dataclass
class _Held:
    fd: int
    path: Path
    users: int


_held: dict[str, _Held] = {}
_registry_lock = threading.Lock()


def _key(db_path: Path) -> str:
    return os.path.normcase(os.path.realpath(db_path))


class DatabaseLock:
    """This process's hold on one database; `release` it when the database is closed."""

    def __init__(self, key: str) -> None:
        self._key: str | None = key

    def release(self) -> None:
        """Give the lock up (once; later calls do nothing)."""
        key, self._key = self._key, None
        if key is None:
            return
        with _registry_lock:
            held = _held[key]
            held.users -= 1
            if held.users:
                return
            del _held[key]
            _unlock(held)

    @property
    def held(self) -> bool:
        return self._key is not None


def open_here(db_path: Path) -> bool:
    """Whether this process already holds the lock of `db_path` (has the database open)."""
    with _registry_lock:
        return _key(db_path) in _held


def lock_database(db_path: Path) -> DatabaseLock:
    """Take the lock of the database at `db_path` for this process.

    Raises DatabaseInUseError when another program holds it, and a NastavnikError when the lock
    file cannot be made (no folder, a read-only folder).
    """
    key = _key(db_path)
    with _registry_lock:
        held = _held.get(key)
        if held is None:
            held = _Held(fd=_lock(db_path), path=lock_path(db_path), users=0)
            _held[key] = held
        held.users += 1
    return DatabaseLock(key)


def holder(db_path: Path) -> owner.Owner | None:
    """The program named in the lock file of `db_path`, unless it is this one or has died on
    this computer. Information only: the lock file of a killed program names it still."""
    found = owner.read(lock_path(db_path))
    if found is None or found.is_this_process() or not owner.alive(found):
        return None
    return found


def in_use_error(db_path: Path) -> DatabaseInUseError:
    found = owner.read(lock_path(db_path))
    if found is None:  # the holder has not written its note yet, or it was unreadable
        who = "в другом окне «Наставника» или программой командной строки"
    else:
        who = f"в «Наставнике» ({found.describe()})"
    return DatabaseInUseError(
        f"База данных «{db_path}» уже открыта {who}. Одну базу может изменять только одна "
        "программа, иначе изменения перепутаются. Перейдите в ту программу или закройте её и "
        "откройте базу снова; можно открыть другой файл базы.",
        holder=found.describe() if found else "")


def _lock(db_path: Path) -> int:
    path = lock_path(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # a new database in a new folder
    except OSError as exc:
        raise _cannot_create(db_path, exc) from exc
    for attempt in range(_ATTEMPTS):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except PermissionError as exc:
            if sys.platform == "win32" and attempt + 1 < _ATTEMPTS:
                continue  # being removed by its releasing holder: a moment later it is gone
            raise _cannot_create(db_path, exc) from exc
        except OSError as exc:
            raise _cannot_create(db_path, exc) from exc
        try:
            taken = _try_lock(fd)
        except OSError as exc:
            os.close(fd)
            raise _cannot_create(db_path, exc) from exc
        if not taken:
            os.close(fd)
            raise in_use_error(db_path)
        if _still_named(fd, path):
            _write_note(fd)
            return fd
        os.close(fd)  # the releasing holder removed this file after we opened it: again
    raise in_use_error(db_path)


def _still_named(fd: int, path: Path) -> bool:
    """Whether the locked file is still the one at `path` (POSIX: a releasing holder removes
    the file; a lock on the removed one would lock nothing)."""
    if sys.platform == "win32":
        return True  # an open file cannot be removed there
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def _write_note(fd: int) -> None:
    with contextlib.suppress(OSError):  # the note is information only
        data = owner.this_process().to_json().encode("utf-8")
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, data)


def _cannot_create(db_path: Path, exc: OSError) -> NastavnikError:
    from nastavnik_desktop.errors import DatabaseOpenError, ReadOnlyFolderError

    folder = db_path.parent
    if exc.errno in _NO_LOCKS:
        return DatabaseOpenError(
            f"Папка «{folder}» (сетевая или особая файловая система) не поддерживает блокировку "
            "файлов, а без неё две программы могут одновременно изменить базу и испортить её. "
            "Файл базы не изменён. Скопируйте базу на диск этого компьютера (например, в "
            "«Документы») и откройте её там.", details=str(exc))
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EROFS,
                                                       errno.EPERM):
        return ReadOnlyFolderError(
            f"Папка «{folder}» недоступна для записи, а «Наставнику» нужно создавать рядом с "
            "базой служебные файлы. Файл базы не повреждён и не изменён. Скопируйте базу в "
            "папку, доступную для записи (например, в «Документы»), или попросите "
            "администратора дать право на запись в эту папку.", details=str(exc))
    return DatabaseOpenError(
        f"Не удалось открыть базу данных «{db_path}»: рядом с ней нельзя создать служебный "
        f"файл ({os_reason(exc)}). Проверьте, что папка «{folder}» существует и доступна, "
        "и откройте базу снова.", details=str(exc))


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(held: _Held) -> None:
        with contextlib.suppress(OSError):
            os.lseek(held.fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(held.fd, msvcrt.LK_UNLCK, 1)
        os.close(held.fd)
        with contextlib.suppress(OSError):  # another program has it open: it stays
            held.path.unlink()

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(held: _Held) -> None:
        # Removed while still locked, so that nobody locks a file about to disappear
        # (`_still_named` catches the one who opened it just before).
        with contextlib.suppress(OSError):
            held.path.unlink()
        os.close(held.fd)
