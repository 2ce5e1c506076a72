"""Writing files for the outside world safely: temporary file, fsync, atomic rename (and a
file's SHA-256, read in chunks, to check one).

A PDF, a spreadsheet or a backup either appears complete under its name or not at all: a full
disk, a pulled-out USB stick or a crash halfway leaves the previous file untouched. Failures of the
environment become a `FileWriteError` carrying a Russian message for the curator.

Permissions (POSIX): the folders the program makes for itself (`private_folder`: documents next
to the database, the log) are its owner's alone, 0700, and a file written into a folder closed to
others is 0600 from its first byte — as is a file that replaces an owner-only one. A file the
curator saves where others can read (Documents, a USB stick) gets the ordinary permissions of
any saved file (0666 less the umask): putting it there was their choice.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from nastavnik_desktop.errors import NastavnikError, OperationCancelled
from nastavnik_desktop.progress import ProgressCallback

_WINDOWS = os.name == "nt"
_POSIX = os.name == "posix"
PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_OTHERS = 0o077  # the group's and everyone else's bits
_HASH_CHUNK = 1024 * 1024
_TEMP_SUFFIX = ".tmp"
_NAME_PREFIX_LIMIT = 100
# Windows "sharing violation" / "lock violation": another program holds the file open.
_WINDOWS_FILE_IN_USE = {32, 33}

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_NO_ACCESS = {errno.EACCES, errno.EPERM}
_MEDIA_GONE = {errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.ENOTDIR, errno.EIO}
_IN_USE = {errno.EBUSY, getattr(errno, "ETXTBSY", errno.EBUSY)}
_UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f<>:"/\\|?*]')


def safe_file_name(title: str, extension: str = "", *, limit: int = 120) -> str:
    """A file name made of a document's title, valid on Windows and Linux: «/» becomes «-»
    («пар/групп» is no folder), the other characters Windows refuses become spaces, no dot or
    space at the end, at most `limit` characters cut at a word; then `extension` («.pdf»).
    Always give the extension: a title ending in a date («от 02.12.2026») would otherwise lose
    its year to whoever takes «.2026» for one."""
    name = _UNSAFE_IN_NAMES.sub(" ", title.replace("/", "-"))
    name = " ".join(name.split()).strip(" .")
    if len(name) > limit:
        name = name[:limit].rsplit(" ", 1)[0].rstrip(" .,")
    return (name or "Документ") + extension


class FileWriteError(NastavnikError):
    """A file could not be written; whatever was at `path` before is still there."""

    def __init__(self, message: str, *, path: Path, reason: str, details: str = "") -> None:
        super().__init__(message, details=details)
        self.path = path
        self.reason = reason


def read_sha256(path: Path, on_read: Callable[[int], None] | None = None) -> tuple[str, int]:
    """The SHA-256 and the size of a file as read in chunks; `on_read(bytes read so far)` after
    each chunk (it raises to stop)."""
    digest = hashlib.sha256()
    done = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if on_read is not None:
                on_read(done)
    return digest.hexdigest(), done


def file_sha256(path: Path, progress: ProgressCallback | None = None) -> str:
    """The SHA-256 of a file read in chunks (a backup's, the history's «Проверить файл»);
    `progress(done, total)` in bytes, False stops (OperationCancelled)."""
    if progress is None:
        return read_sha256(path)[0]
    total = Path(path).stat().st_size

    def step(done: int) -> None:
        if not progress(done, total):
            raise OperationCancelled("Проверка файла прервана.")

    return read_sha256(path, step)[0]


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(path: Path) -> None:
    """Make a rename durable (a no-op where directories cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def private_folder(path: Path) -> Path:
    """Make `path` (and missing parents) a folder only its owner can enter: created 0700, an
    existing one of ours narrowed (a folder made by an older version was 0755).
    OSErrors of the making pass through for the caller to word."""
    path = Path(path)
    path.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    make_private(path)
    return path


def make_private(path: Path) -> None:
    """Take the group's and everyone else's rights off an existing file or folder of ours
    (0644 → 0600, 0755 → 0700), leaving the owner's own as they are: a base the curator made
    read-only stays read-only. Nothing happens elsewhere than POSIX, for a file that is gone, or
    for one of another user (a shared network folder)."""
    if _POSIX:
        with contextlib.suppress(OSError):
            info = os.stat(path)
            if info.st_mode & _OTHERS and info.st_uid == os.getuid():
                os.chmod(path, info.st_mode & 0o7700)


def is_private_place(target: Path) -> bool:
    """Whether a file written at `target` should be its owner's alone: its folder is closed to
    others, or it replaces a file that is."""
    if not _POSIX:
        return False
    for path in (target.parent, target):
        try:
            if os.stat(path).st_mode & _OTHERS == 0:
                return True
        except OSError:
            pass
    return False


@contextlib.contextmanager
def atomic_write(target: Path) -> Iterator[BinaryIO]:
    """Yield a binary file that replaces `target` only when the `with` block succeeds.

    The data goes to a temporary file next to the target (same file system, so the rename is
    atomic), is flushed and fsync'ed, renamed onto the target, and the folder is fsync'ed. On
    any exception the temporary file is removed and the target is left as it was. The file is
    0600 in a private place (`is_private_place`), otherwise 0666 less the umask. OSErrors of
    the writing itself are raised as `FileWriteError`; an OSError about some other file (say,
    a missing image the caller tried to read) passes through unchanged.
    """
    target = Path(target)
    tmp = target.with_name(
        f".{target.name[:_NAME_PREFIX_LIMIT]}.{os.urandom(4).hex()}{_TEMP_SUFFIX}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        # 0o666 lets the umask apply, as for any file the user saves.
        fd = os.open(tmp, flags, PRIVATE_FILE_MODE if is_private_place(target) else 0o666)
    except OSError as exc:
        raise file_write_error(exc, target) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError) and _is_about(exc, tmp, target):
            raise file_write_error(exc, target) from exc
        raise


def _replace(tmp: Path, target: Path) -> None:
    """Rename onto the target. On Windows a refusal to replace an existing file almost always
    means a viewer or Excel holds it open."""
    try:
        os.replace(tmp, target)
    except PermissionError as exc:
        if _WINDOWS and target.exists():
            raise _error(target, "in_use", exc) from exc
        raise


def _is_about(exc: OSError, tmp: Path, target: Path) -> bool:
    """Whether an OSError concerns the file being written (writes carry no file name)."""
    if exc.filename is None:
        return True
    return Path(os.fsdecode(exc.filename)) in {tmp, target, target.parent}


def os_reason(exc: OSError) -> str:
    """A short Russian reason for a system error, to put in a sentence instead of the system's
    own (English) text, which belongs in the details."""
    code = exc.errno
    if isinstance(exc, PermissionError) or code in _NO_ACCESS:
        return "нет прав доступа"
    if code in _DISK_FULL:
        return "на диске нет места"
    if code == errno.EROFS:
        return "диск доступен только для чтения"
    if code == errno.ELOOP:
        return "ссылка на файл ведёт сама на себя"
    if code in (errno.ENOENT, errno.ENOTDIR):
        return "файл или папка не найдены"
    if code in _MEDIA_GONE:
        return "диск отключён или неисправен"
    if code in _IN_USE:
        return "файл занят другой программой"
    if code == errno.ENAMETOOLONG:
        return "слишком длинное имя или путь"
    return "ошибка ввода-вывода"


def file_write_error(exc: OSError, target: Path) -> FileWriteError:
    """Translate an OSError met while writing `target` into a message for the curator."""
    if getattr(exc, "winerror", None) in _WINDOWS_FILE_IN_USE or exc.errno in _IN_USE:
        return _error(target, "in_use", exc)
    if exc.errno in _DISK_FULL:
        return _error(target, "disk_full", exc)
    if exc.errno == errno.EROFS:
        return _error(target, "read_only", exc)
    if exc.errno in _NO_ACCESS:
        return _error(target, "no_access", exc)
    if exc.errno in _MEDIA_GONE:
        return _error(target, "media_gone", exc)
    if exc.errno == errno.ENAMETOOLONG:
        return _error(target, "name_too_long", exc)
    return _error(target, "other", exc)


def _error(target: Path, reason: str, exc: OSError) -> FileWriteError:
    name, folder = target.name, str(target.parent)
    messages = {
        "disk_full": f"На диске не хватает места, чтобы сохранить файл «{name}». Освободите место "
                     "или выберите другой диск и повторите. Прежний файл не изменён.",
        "no_access": f"Нет доступа к папке «{folder}»: программе запрещено записывать туда файлы. "
                     "Выберите другую папку (например, «Документы») или обратитесь "
                     "к администратору компьютера.",
        "media_gone": f"Носитель отключён или папка не найдена: «{folder}». Проверьте, что флешка "
                      "вставлена и папка существует, и сохраните файл ещё раз.",
        "in_use": f"Файл «{name}» открыт в другой программе (например, в программе просмотра PDF "
                  "или в Excel). Закройте его и повторите, или сохраните под другим именем.",
        "read_only": f"Диск или флешка с папкой «{folder}» доступны только для чтения. Снимите "
                     "защиту от записи или выберите другую папку.",
        "name_too_long": f"Слишком длинное имя файла или путь к папке: «{target}». Выберите "
                         "более короткое имя или папку ближе к корню диска.",
        "other": f"Не удалось сохранить файл «{name}» в папку «{folder}»: "
                 f"{os_reason(exc)}. Прежний файл не изменён; попробуйте ещё раз "
                 "или выберите другую папку.",
    }
    return FileWriteError(messages[reason], path=target, reason=reason, details=repr(exc))
