"""Backups the curator carries: one archive (.zip) of the database and its attached files.

An archive holds `database.sqlite` (a consistent copy through SQLite's backup API, taken while
the window has the database open), the files the database refers to — methodical materials
(`materials/`), cases' photos (`cases/`), award backgrounds and the school's logo
(`award_designs/`) under the same relative paths as beside the database — and
`manifest.json` (format, program version, schema revision, the school's short name, the date,
each member's size and SHA-256).

Only the files the copy refers to are taken, not the whole folders: the folders sit beside the
database in the data folder, which the demo school shares with the real one, so the whole
folders would carry the other base's files and a restore would overwrite them. For the same
reason a restore puts the archive's files in place one by one (each old file kept aside until
the database is in place, put back if anything fails) and leaves the other files alone.

With a password the archive is an AES-256 zip (pyzipper's WinZip AES, which 7-Zip opens), and the
attached files are stored as `files/00001`… (zip keeps member names in the clear; the encrypted
manifest gives each one's path); each member is streamed in and out in chunks (pyzipper
directly, not `exchange/crypto.aes_zip`, so a large database is never held in memory). The
archive is written to a hidden temporary file beside `out`, fsync'ed and renamed.

`inspect_archive` refuses, in Russian and changing nothing, a file that is not a zip or not our
archive, a wrong or missing password (`ArchivePasswordError`, so the window can ask), a member
whose size or SHA-256 differs from the manifest, a database that fails `inspect_file` or
`PRAGMA integrity_check`, and a schema revision newer than this program's (an older one is fine:
it is migrated when opened). `restore_archive` checks first, takes the lock, saves the current
database as a `before-restore` backup (`services/backups`), then puts the files and the
database in place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

import pyzipper

from nastavnik_desktop import __version__, paths
from nastavnik_desktop.data.backup import restore_database, snapshot_database
from nastavnik_desktop.data.schema_version import KNOWN_REVISIONS
from nastavnik_desktop.errors import DatabaseOpenError, OperationCancelled
from nastavnik_desktop.files import (
    file_sha256,
    file_write_error,
    fsync_dir,
    fsync_file,
    make_private,
    os_reason,
    private_folder,
)
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services import backups
from nastavnik_desktop.services.backups import Restored

ARCHIVE_SUFFIX = ".zip"
FORMAT = "nastavnik-backup"
FORMAT_VERSION = 1
DATABASE_MEMBER = "database.sqlite"
MANIFEST_MEMBER = "manifest.json"
MATERIALS_FOLDER = "materials"  # services/materials.MATERIALS_FOLDER
CASES_FOLDER = "cases"  # services/cases/collection.CASES_FOLDER
BACKGROUNDS_FOLDER = "award_designs"  # services/awards/paper.BACKGROUNDS_FOLDER
ATTACHED_FOLDERS = (MATERIALS_FOLDER, CASES_FOLDER, BACKGROUNDS_FOLDER)
"""The folders beside the database whose files the data refer to (a test checks the names
against their homes; imported here they would pull the ORM into the command line's start)."""
HIDDEN_NAMES = "files"
_HIDDEN = re.compile(r"files/\d{5,}")
"""In an encrypted archive the attached files are `files/00001`…: zip keeps member names in the
clear, and a file's name may name a person; the manifest (encrypted) holds each one's path."""
_CHUNK = 1024 * 1024
_ZIP64_FROM = 1 << 30


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


class ArchivePasswordError(DatabaseOpenError):
    """The archive is encrypted and the password is missing (`missing`) or wrong."""

    def __init__(self, message: str, *, missing: bool) -> None:
        super().__init__(message)
        self.missing = missing


def automatic_backups(db_path: Path) -> list[AutoBackup]:
    """The automatic backups of the database at `db_path`, newest first."""
    found = []
    for b in backups.available_backups(Path(db_path)):
        try:
            size = b.path.stat().st_size
        except OSError:  # rotated out by another program a moment ago
            continue
        found.append(AutoBackup(path=b.path, taken_at=b.taken_at, size=size, reason=b.reason,
                                reason_label=backups.reason_label(b) or "копия"))
    return found


# --- writing ---------------------------------------------------------------------------------


def create_archive(db_path: Path, out: Path, *, password: str | None = None,
                   now: dt.datetime | None = None,
                   progress: ProgressCallback | None = None) -> ArchiveInfo:
    """Write the archive of the database at `db_path` (and its attached files) to `out`.

    `progress(done, total)` counts bytes read; answering False cancels (OperationCancelled) and
    leaves no file. Nothing under the name `out` changes unless the whole archive was written.
    """
    db_path, out = Path(db_path), Path(out)
    if not db_path.is_file():
        raise DatabaseOpenError(f"Базы «{db_path}» нет: копировать нечего.")
    now = now or dt.datetime.now()
    with tempfile.TemporaryDirectory(prefix="nastavnik-archive-") as work:
        copy = Path(work) / DATABASE_MEMBER
        try:
            snapshot_database(db_path, copy)
            revision, school, locations = _read_copy(copy)
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseOpenError(
                f"Не удалось прочитать базу «{db_path}» для резервной копии. Ничего не "
                "записано. Проверьте, что файл доступен, и повторите.", details=str(exc)) from exc
        base = db_path.resolve().parent
        found = [name for name in locations if (base / name).is_file()]
        members = [(DATABASE_MEMBER, DATABASE_MEMBER, copy)] + [
            (f"{HIDDEN_NAMES}/{number:05d}" if password else name, name, base / name)
            for number, name in enumerate(found, start=1)]
        total = sum(path.stat().st_size for _name, _location, path in members)
        tmp = out.with_name(f".{out.name}.tmp")
        try:
            entries = _write_zip(tmp, members, password, now, progress, total,
                                 {"format": FORMAT, "format_version": FORMAT_VERSION,
                                  "program_version": __version__, "schema_revision": revision,
                                  "school": school,
                                  "created_at": now.isoformat(timespec="seconds")})
            os.replace(tmp, out)
            fsync_dir(out.parent)
        except OSError as exc:
            _remove(tmp)
            raise file_write_error(exc, out) from exc
        except BaseException:
            _remove(tmp)
            raise
    return ArchiveInfo(path=out, created_at=now.replace(microsecond=0), size=out.stat().st_size,
                       sha256=file_sha256(out), schema_revision=revision,
                       program_version=__version__, school=school, files=len(entries) - 1,
                       encrypted=bool(password))


def _read_copy(copy: Path) -> tuple[str, str, list[str]]:
    """The schema revision, the school's short name and the attached files of a database copy."""
    conn = sqlite3.connect(f"file:{copy.as_posix()}?mode=ro", uri=True)
    try:
        revision = _one(conn, "SELECT version_num FROM alembic_version")
        school = _one(conn, "SELECT short_name FROM school ORDER BY id LIMIT 1")
        found = [row[0] for row in conn.execute(
            "SELECT location FROM material WHERE kind = 'file' "
            "UNION SELECT location FROM case_photo")]
        designs = _one(conn, "SELECT value_json FROM app_setting WHERE key = 'award_designs'")
        logo = _one(conn, "SELECT value_json FROM app_setting WHERE key = 'school_logo'")
    finally:
        conn.close()
    with contextlib.suppress(ValueError, AttributeError):
        found += [item.get("background", "") for item in json.loads(designs or "{}").values()
                  if isinstance(item, dict)]
    with contextlib.suppress(ValueError):
        found.append(json.loads(logo or '""'))  # the school's logo, beside the backgrounds
    return revision, school, sorted({name for name in found if _attached_name(name)})


def _one(conn: sqlite3.Connection, sql: str) -> str:
    try:
        row = conn.execute(sql).fetchone()
    except sqlite3.OperationalError:  # an older schema without that table
        return ""
    return str(row[0]) if row and row[0] is not None else ""


def _attached_name(name: object) -> bool:
    """A relative path inside one of the attached folders (never «..», never absolute)."""
    if not isinstance(name, str) or not name or "\\" in name:
        return False
    parts = PurePosixPath(name).parts
    return (len(parts) >= 2 and parts[0] in ATTACHED_FOLDERS and ".." not in parts
            and not PurePosixPath(name).is_absolute() and ":" not in name)


def _write_zip(tmp: Path, members: list[tuple[str, str, Path]], password: str | None,
               now: dt.datetime, progress: ProgressCallback | None, total: int,
               manifest: dict[str, Any]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    done = 0
    stamp = now.timetuple()[:6]
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as raw, pyzipper.AESZipFile(
            raw, "w", compression=pyzipper.ZIP_DEFLATED,
            encryption=pyzipper.WZ_AES if password else None) as archive:
        if password:
            archive.setpassword(password.encode("utf-8"))
        for name, location, path in members:
            info = archive.zipinfo_cls(name, date_time=stamp)
            info.compress_type = pyzipper.ZIP_DEFLATED
            digest, size = hashlib.sha256(), 0
            with path.open("rb") as source, archive.open(
                    info, "w", force_zip64=path.stat().st_size > _ZIP64_FROM) as target:
                while chunk := source.read(_CHUNK):
                    digest.update(chunk)
                    target.write(chunk)
                    size += len(chunk)
                    done += len(chunk)
                    if progress is not None and progress(done, total) is False:
                        raise OperationCancelled("Резервная копия не сохранена: отменено.")
            entries.append({"name": name, "path": location, "size": size,
                            "sha256": digest.hexdigest()})
        info = archive.zipinfo_cls(MANIFEST_MEMBER, date_time=stamp)
        info.compress_type = pyzipper.ZIP_DEFLATED
        archive.writestr(info, json.dumps({**manifest, "members": entries}, ensure_ascii=False,
                                          indent=1).encode("utf-8"))
    fsync_file(tmp)
    return entries


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


# --- checking and restoring ------------------------------------------------------------------


def inspect_archive(path: Path, *, password: str | None = None) -> ArchiveInfo:
    """Read and check an archive; refused with a Russian message when it is damaged, the
    password is wrong or the schema is newer than this program's."""
    with tempfile.TemporaryDirectory(prefix="nastavnik-check-") as work:
        info, _names = _checked(Path(path), password, Path(work))
    return info


def _checked(path: Path, password: str | None, work: Path) -> tuple[ArchiveInfo, list[str]]:
    """Check the archive at `path`, taking its members out into `work` (the database as
    `work/database.sqlite`, the attached files under `work/files/`)."""
    with _reading(path) as archive:
        encrypted = any(item.flag_bits & 0x1 for item in archive.infolist())
        if encrypted:
            if not password:
                raise ArchivePasswordError(
                    f"Архив «{path.name}» защищён паролем. Введите пароль, с которым его "
                    "сохраняли.", missing=True)
            archive.setpassword(password.encode("utf-8"))
        manifest = _manifest(archive, path)
        names: list[str] = []
        try:
            for entry in manifest["members"]:
                name, location = entry["name"], entry.get("path", entry["name"])
                target = (work / DATABASE_MEMBER if name == DATABASE_MEMBER
                          else work / "files" / location)
                _take_out(archive, path, name, target, entry)
                names.append(location)
        except OSError as exc:  # the temporary folder: full, or not writable
            raise DatabaseOpenError(
                f"Архив «{path.name}» не удалось проверить: {os_reason(exc)}. База не изменена. "
                "Освободите место на диске и повторите.", details=str(exc)) from exc
    revision = str(manifest.get("schema_revision", ""))
    if revision not in KNOWN_REVISIONS:
        raise backups.refused(path, "она сделана более новой версией «Наставника» (обновите "
                                    "программу)", details=f"revision {revision}")
    backups.check_backup(work / DATABASE_MEMBER, shown=path)
    try:
        created = dt.datetime.fromisoformat(str(manifest.get("created_at", "")))
    except ValueError:
        created = dt.datetime.fromtimestamp(path.stat().st_mtime)
    attached = [name for name in names if name != DATABASE_MEMBER]
    return ArchiveInfo(path=path, created_at=created, size=path.stat().st_size,
                       sha256=file_sha256(path), schema_revision=revision,
                       program_version=str(manifest.get("program_version", "")),
                       school=str(manifest.get("school", "")), files=len(attached),
                       encrypted=encrypted), attached


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[pyzipper.AESZipFile]:
    if not path.is_file():
        raise DatabaseOpenError(f"Файл «{path}» не найден. Выберите архив резервной копии.")
    try:
        archive = pyzipper.AESZipFile(path)
    except (pyzipper.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise backups.refused(path, "это не архив ZIP или он повреждён (например, не дописан "
                                    "до конца)", details=str(exc)) from exc
    with archive:
        yield archive


def _manifest(archive: pyzipper.AESZipFile, path: Path) -> dict[str, Any]:
    if MANIFEST_MEMBER not in archive.namelist():
        raise backups.refused(path, "это не резервная копия «Наставника» (в архиве нет её "
                                    "описания manifest.json)")
    try:
        manifest = json.loads(_read_member(archive, path, MANIFEST_MEMBER).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise backups.refused(path, "описание архива manifest.json испорчено",
                              details=str(exc)) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise backups.refused(path, "это не резервная копия «Наставника»")
    members = manifest.get("members")
    if not isinstance(members, list) or not all(
            isinstance(m, dict) and isinstance(m.get("size"), int)
            and isinstance(m.get("sha256"), str)
            and _member_names_fit(m) for m in members) \
            or DATABASE_MEMBER not in [m["name"] for m in members] \
            or len({m.get("path", m["name"]) for m in members}) != len(members):
        raise backups.refused(path, "описание архива manifest.json испорчено")
    return manifest


def _member_names_fit(member: dict[str, Any]) -> bool:
    """The database, or an attached file under its own path or (encrypted) a hidden name."""
    name, location = member.get("name"), member.get("path", member.get("name"))
    if name == DATABASE_MEMBER:
        return location == DATABASE_MEMBER
    return isinstance(name, str) and (name == location or _HIDDEN.fullmatch(name) is not None) \
        and _attached_name(location)


def _read_member(archive: pyzipper.AESZipFile, path: Path, name: str) -> bytes:
    with _member(archive, path, name) as stream:
        return stream.read()


@contextlib.contextmanager
def _member(archive: pyzipper.AESZipFile, path: Path, name: str) -> Iterator[IO[bytes]]:
    """Open a member, saying a wrong password and a damaged archive in Russian."""
    try:
        with archive.open(name) as stream:
            yield stream
    except RuntimeError as exc:
        text = str(exc)
        if "password" in text.casefold():
            raise ArchivePasswordError(
                f"Пароль к архиву «{path.name}» не подходит. Проверьте раскладку клавиатуры и "
                "Caps Lock и введите пароль ещё раз.", missing=False) from exc
        raise backups.refused(path, "архив повреждён", details=text) from exc
    except KeyError as exc:
        raise backups.refused(path, f"в архиве нет файла «{name}», который указан в его "
                                    "описании") from exc
    except (pyzipper.BadZipFile, zlib.error, EOFError, ValueError, OSError) as exc:
        raise backups.refused(path, "архив повреждён (файл в нём не читается)",
                              details=f"{name}: {exc}") from exc


def _take_out(archive: pyzipper.AESZipFile, path: Path, name: str, target: Path,
              entry: dict[str, Any]) -> None:
    """Write a member to `target` (owner-only), checking its size and SHA-256."""
    private_folder(target.parent)
    digest, size = hashlib.sha256(), 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                 0o600)
    with os.fdopen(fd, "wb") as out, _member(archive, path, name) as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
            if size > entry["size"]:  # never unpack more than the manifest promised
                break
    if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
        raise backups.refused(path, f"файл «{entry.get('path', name)}» в архиве не совпадает с "
                                    "описанием "
                                    "(контрольная сумма другая — архив испорчен)")


def restore_archive(db_path: Path, archive: Path, *, password: str | None = None,
                    now: dt.datetime | None = None) -> Restored:
    """Put the archive's database and files in place of the current ones, after checking it and
    backing the current state up."""
    db_path, archive = Path(db_path), Path(archive)
    base = db_path.resolve().parent
    backup_dir = paths.backup_dir_for(db_path)
    with backups.locked_for_restore(db_path):
        try:
            base.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".nastavnik-restore-", dir=base))
        except OSError as exc:
            raise DatabaseOpenError(
                f"В папке «{base}» нельзя ничего записать: {os_reason(exc)}. База не изменена. "
                "Выберите папку, доступную для записи.", details=str(exc)) from exc
        try:
            _info, attached = _checked(archive, password, staging)
            set_aside = backups.set_aside_current(db_path, backup_dir, now)
            placed: list[tuple[Path, Path | None]] = []
            try:
                _place_files(staging, base, attached, placed)
                restore_database(staging / DATABASE_MEMBER, db_path)
            except (OSError, sqlite3.Error) as exc:
                _put_back(placed)
                raise DatabaseOpenError(
                    f"Не удалось восстановить базу «{db_path}» из архива «{archive}». "
                    + (f"Прежняя база сохранена как «{set_aside}». " if set_aside else "")
                    + "Проверьте, что на диске есть место и папка доступна для записи, и "
                    "повторите восстановление.", details=str(exc)) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return Restored(db_path=db_path, backup=archive, set_aside=set_aside)


def _place_files(staging: Path, base: Path, names: list[str],
                 placed: list[tuple[Path, Path | None]]) -> None:
    """Move the taken-out files to their places; an old file of the same name goes aside into
    `staging/old/` first. `placed` records (target, where the old one went) for `_put_back`."""
    for name in names:
        target = base / name
        private_folder(target.parent)
        old: Path | None = None
        if target.exists():
            old = staging / "old" / name
            old.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, old)
        placed.append((target, old))
        os.replace(staging / "files" / name, target)
        make_private(target)
    for folder in {(base / name).parent for name in names}:
        fsync_dir(folder)


def _put_back(placed: list[tuple[Path, Path | None]]) -> None:
    for target, old in reversed(placed):
        with contextlib.suppress(OSError):
            if old is not None:
                os.replace(old, target)
            else:
                target.unlink()
