"""Writing one file for outside the school to a USB stick (or any folder), verified.

`write_verified` is the one way an export reaches its target. The order of its steps is what
makes a failure harmless:

1. the free space is checked (a stick with too little room is refused before a byte is
   written) and leftovers of an earlier interrupted write of the same name are removed;
2. the data go to a temporary file beside the final name (`.<name>.<random>.tmp`: hidden on
   Linux; same folder, so the rename below is atomic) in chunks, hashed as they go;
3. the temporary file is flushed and fsync'ed, its pages are dropped from the system's cache
   (Linux: `posix_fadvise(DONTNEED)`, so the next step reads the stick, not memory), and it is
   **read back and its SHA-256 compared** with the data's — all this BEFORE the rename;
4. the manifest (below) is written to its own temporary file the same way, and verified;
5. `os.replace` puts the data under the final name — the one moment of commitment: until
   here the previous file of that name is untouched, and any failure above removes the
   temporary files and leaves «no file under the final name, the old one intact»;
6. the manifest is renamed onto its name, the folder fsync'ed (`files.fsync_dir`: file systems
   that refuse a directory fsync — FAT/exFAT on Windows — are tolerated), and the final file's
   size is checked once more (a stick pulled right after the rename is told, not hidden).

After step 5 the new file is complete and verified; a failure of step 6 is reported with what
it means (the file is written, the manifest or the stick's last write could not be confirmed).

The manifest: one `nastavnik_manifest.json` per folder listing the files this program wrote
there (file, size, SHA-256, date, program version), so whoever receives the stick can check
every file at once; a file written again replaces its entry, entries of files no longer in the
folder are dropped. A manifest that cannot be read (damaged, or not ours) is started anew. One
file per folder rather than a `.json` beside each file: a stick carried to the municipality
stays a short list of documents.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from nastavnik_desktop import APP_NAME, __version__
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import NastavnikError, OperationCancelled
from nastavnik_desktop.files import (
    FileWriteError,
    file_sha256,
    file_write_error,
    fsync_dir,
    os_reason,
    read_sha256,
)
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services.exchange.history import record_export
from nastavnik_desktop.text import size_text

MANIFEST_NAME = "nastavnik_manifest.json"
CHUNK = 1024 * 1024
_TEMP_SUFFIX = ".tmp"
_NAME_PREFIX_LIMIT = 100
_SPARE = 64 * 1024
"""Room kept beyond the file's size when checking free space (the manifest, the folder)."""
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_MEDIA_GONE = {errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.ENOTDIR, errno.EIO}
_MB = 1024 * 1024
_T = TypeVar("_T")


@dataclass(frozen=True)
class Written:
    path: Path
    size: int
    sha256: str
    manifest: Path | None


def write_verified(folder: Path, name: str, data: bytes | Path, *, manifest: bool = True,
                   now: dt.datetime | None = None,
                   progress: ProgressCallback | None = None) -> Written:
    """Write `data` (bytes, or a finished local file — a big archive is copied in chunks) as
    `folder/name`, verified as the module says. `progress(done, total)` counts bytes written
    and then read back (total = twice the size: the check takes as long as the writing on a
    stick); False stops (OperationCancelled, nothing left behind). Failures raise
    `FileWriteError` in Russian."""
    folder = Path(folder)
    target = folder / name
    total = data.stat().st_size if isinstance(data, Path) else len(data)
    now = now or dt.datetime.now().replace(microsecond=0)
    _check_room(folder, target, total)
    _remove_leftovers(folder, name)
    temps: list[Path] = []
    try:
        tmp = _temp_name(target)
        temps.append(tmp)
        digest = _write_temp(tmp, target, _chunks(data), total, progress)
        _verify(tmp, target, digest, total, progress)
        manifest_tmp = None
        if manifest:
            manifest_tmp = _temp_name(folder / MANIFEST_NAME)
            temps.append(manifest_tmp)
            text = _manifest_bytes(folder, name, total, digest, now)
            _write_temp(manifest_tmp, target, iter((text,)), len(text), None)
            _verify(manifest_tmp, target, hashlib.sha256(text).hexdigest(), len(text), None)
        _step(lambda: os.replace(tmp, target), target)
    except BaseException:
        for path in temps:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return Written(path=target, size=total, sha256=digest,
                   manifest=_finish(folder, target, total, manifest_tmp))


def deliver(db: Database, folder: Path, name: str, data: bytes | Path, *, kind: str,
            people: int | None = None, left_out: int | None = None, encrypted: bool = False,
            notes: str = "", now: dt.datetime | None = None,
            progress: ProgressCallback | None = None) -> Written:
    """Write a file for outside verified (`write_verified`) and put it on the history."""
    now = now or dt.datetime.now().replace(microsecond=0)
    written = write_verified(folder, name, data, now=now, progress=progress)
    record_export(db, kind=kind, path=written.path, size=written.size, sha256=written.sha256,
                  people=people, left_out=left_out, encrypted=encrypted, notes=notes, at=now)
    return written


FILE_MATCHES = "matches"
FILE_CHANGED = "changed"
FILE_MISSING = "missing"


def check_written(path: Path, sha256: str, progress: ProgressCallback | None = None) -> str:
    """Whether a file written earlier is still as it was: FILE_MATCHES, FILE_CHANGED, or
    FILE_MISSING (moved, deleted, or on a stick that is not inserted)."""
    try:
        found = file_sha256(path, progress)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return FILE_MISSING
    except OSError as exc:
        if exc.errno in _MEDIA_GONE:
            return FILE_MISSING
        raise NastavnikError(f"Не удалось прочитать файл «{path}»: {os_reason(exc)}. Проверьте "
                             "флешку и повторите.", details=repr(exc)) from exc
    return FILE_MATCHES if found == sha256 else FILE_CHANGED


# --- the steps ------------------------------------------------------------------------------


def _check_room(folder: Path, target: Path, total: int) -> None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise _stick_error(exc, target, total) from exc
    replaced = _size_or_zero(target)  # the old file stays until the rename: both must fit
    if free < total + _SPARE:
        raise _disk_full(target, total + _SPARE - free, replaced)


def _remove_leftovers(folder: Path, name: str) -> None:
    """Temporary files of an earlier write of this name cut short (the program closed, the
    stick pulled): ours by their pattern, they only take room."""
    for pattern in (f".{name[:_NAME_PREFIX_LIMIT]}.*{_TEMP_SUFFIX}",
                    f".{MANIFEST_NAME}.*{_TEMP_SUFFIX}"):
        for leftover in folder.glob(pattern):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _temp_name(target: Path) -> Path:
    return target.with_name(
        f".{target.name[:_NAME_PREFIX_LIMIT]}.{os.urandom(4).hex()}{_TEMP_SUFFIX}")


def _chunks(data: bytes | Path) -> Iterator[bytes]:
    if isinstance(data, Path):
        with open(data, "rb") as source:
            while chunk := source.read(CHUNK):
                yield chunk
    else:
        view = memoryview(data)
        for start in range(0, len(data), CHUNK):
            yield bytes(view[start:start + CHUNK])


def _write_temp(tmp: Path, target: Path, chunks: Iterator[bytes], total: int,
                progress: ProgressCallback | None) -> str:
    """Create `tmp` (never an existing file), write the chunks, flush, fsync and drop the
    cached pages; the SHA-256 of what was written."""
    digest = hashlib.sha256()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = _step(lambda: os.open(tmp, flags, 0o666), target, total)
    with os.fdopen(fd, "wb") as handle:
        done = 0
        while True:
            try:
                chunk = next(chunks)
            except StopIteration:
                break
            except OSError as exc:  # the local file being copied, not the stick
                raise FileWriteError(
                    f"Не удалось прочитать подготовленный файл для «{target.name}». "
                    "Повторите выгрузку.", path=target, reason="source",
                    details=repr(exc)) from exc
            _step(partial(handle.write, chunk), target, total)
            digest.update(chunk)
            done += len(chunk)
            if progress is not None and not progress(done, 2 * total):
                raise _cancelled(target)
        _step(handle.flush, target, total)
        _step(lambda: os.fsync(handle.fileno()), target, total)
        if hasattr(os, "posix_fadvise"):
            with contextlib.suppress(OSError):
                os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    return digest.hexdigest()


def _cancelled(target: Path) -> OperationCancelled:
    return OperationCancelled(f"Запись файла «{target.name}» прервана; прежний файл не тронут.")


def _verify(tmp: Path, target: Path, expected: str, total: int,
            progress: ProgressCallback | None) -> None:
    """Read `tmp` back and compare its SHA-256 with what was written."""
    def step(size: int) -> None:  # the second half of the progress
        if progress is not None and not progress(total + size, 2 * total):
            raise _cancelled(target)

    found, size = _step(lambda: read_sha256(tmp, step), target, total)
    if found != expected or size != total:
        raise FileWriteError(
            f"Файл «{target.name}» записался с ошибками: прочитанное обратно не совпало с "
            "записанным. Флешка, возможно, неисправна — попробуйте другую. Прежний файл не "
            "тронут.", path=target, reason="verify_failed",
            details=f"expected {expected} ({total} bytes), read {found} ({size} bytes)")


def _manifest_bytes(folder: Path, name: str, size: int, sha256: str, now: dt.datetime) -> bytes:
    entries: dict[str, dict[str, object]] = {}
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError, KeyError):
        old = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        entries = {entry["file"]: entry for entry in old["files"]
                   if isinstance(entry, dict) and isinstance(entry.get("file"), str)
                   and entry["file"] != name and (folder / entry["file"]).is_file()}
    entries[name] = {"file": name, "size": size, "sha256": sha256,
                     "written": now.isoformat(timespec="seconds"), "version": __version__}
    document = {"program": APP_NAME, "version": __version__,
                "note": "Контрольные суммы SHA-256 файлов, записанных программой «Наставник».",
                "files": sorted(entries.values(), key=lambda entry: str(entry["file"]))}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _finish(folder: Path, target: Path, total: int, manifest_tmp: Path | None) -> Path | None:
    """Step 6: after the data's rename. The file is in place and verified; what fails here
    is told for what it is."""
    manifest_path = None
    try:
        if manifest_tmp is not None:
            os.replace(manifest_tmp, folder / MANIFEST_NAME)
            manifest_path = folder / MANIFEST_NAME
        fsync_dir(folder)
        if os.stat(target).st_size != total:
            raise OSError(errno.EIO, "size changed after the rename", str(target))
    except OSError as exc:
        if manifest_tmp is not None:
            with contextlib.suppress(OSError):
                manifest_tmp.unlink()
        raise FileWriteError(
            f"Файл «{target.name}» записан и проверен, но завершить запись на «{folder}» не "
            f"удалось ({os_reason(exc)}). Если флешку вынули, вставьте её и повторите выгрузку "
            "— файл запишется заново.", path=target, reason="unconfirmed",
            details=repr(exc)) from exc
    return manifest_path


# --- errors ---------------------------------------------------------------------------------


def _step(action: Callable[[], _T], target: Path, total: int = 0) -> _T:
    """Run one step of the writing, its OSError worded for the curator."""
    try:
        return action()
    except OSError as exc:
        raise _stick_error(exc, target, total) from exc


def _stick_error(exc: OSError, target: Path, total: int) -> FileWriteError:
    if exc.errno in _DISK_FULL:
        need = total + _SPARE
        with contextlib.suppress(OSError):
            need -= shutil.disk_usage(target.parent).free
        return _disk_full(target, max(need, 0), _size_or_zero(target), details=repr(exc))
    if exc.errno in _MEDIA_GONE:
        return FileWriteError(
            f"Флешку вынули во время записи или папка «{target.parent}» пропала. Вставьте "
            f"флешку и повторите; прежний файл «{target.name}» не тронут.",
            path=target, reason="media_gone", details=repr(exc))
    if os.name == "nt" and isinstance(exc, PermissionError) and target.exists():
        # Windows refuses to replace a file another program holds open (Excel, a viewer).
        return FileWriteError(
            f"Файл «{target.name}» на «{target.parent}» открыт в другой программе (например, "
            "в Excel). Закройте его и повторите; прежний файл не тронут.",
            path=target, reason="in_use", details=repr(exc))
    return file_write_error(exc, target)


def _disk_full(target: Path, lacking: int, replaced: int, *, details: str = "") -> FileWriteError:
    lacking = max(lacking, _MB)
    note = (" (прежний файл с этим именем остаётся, пока новый не записан и не проверен, поэтому "
            "место нужно на оба)") if replaced else ""
    return FileWriteError(
        f"Флешка (диск) «{target.parent}» заполнена: для файла «{target.name}» не хватает "
        f"{size_text(lacking)}{note}. Освободите не меньше {size_text(lacking)} или выберите "
        "другую флешку и повторите. Прежний файл не тронут.",
        path=target, reason="disk_full", details=details)


def _size_or_zero(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
