"""Opening the database: recognise the file, back it up, migrate it, and hand out sessions.

The file is inspected with the plain `sqlite3` module in read-only mode first, so that a
foreign or corrupt file is refused without being touched, and Alembic is imported only when an
upgrade is actually due (it costs ~0.45 s at start).

SQLite's runtime errors (busy, disk full, read-only file or folder, …) are turned into
`DatabaseAccessError`s here and nowhere else: by `access_error` for the plain `sqlite3` calls of
opening, and by the engine's `handle_error` hook for everything that runs through SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import enum
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session, sessionmaker

from nastavnik_desktop.data import lock
from nastavnik_desktop.data.backup import (
    DEFAULT_KEEP,
    PREMIGRATION,
    START,
    backup_database,
    create_private_file,
    remove_leftovers,
    remove_with_sidecars,
    restore_advice,
    restore_database,
    restoring_path,
    rotate_backups,
    sidecars,
)
from nastavnik_desktop.data.schema_version import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    MARKER_TABLES,
    OUR_TABLES,
)
from nastavnik_desktop.errors import (
    CorruptDatabaseError,
    DatabaseAccessError,
    DatabaseBusyError,
    DatabaseOpenError,
    DiskFullError,
    ForeignDatabaseError,
    MigrationError,
    NastavnikError,
    NewerDatabaseError,
    ReadOnlyDatabaseError,
    ReadOnlyFolderError,
)
from nastavnik_desktop.files import fsync_dir, fsync_file, make_private, os_reason

SQLITE_HEADER = b"SQLite format 3\x00"

BUSY_TIMEOUT_MS = 200
"""How long a statement waits for another connection's write lock before it fails as busy.

Short on purpose: the curator has just clicked and the window waits; the old 5 s froze it and
then failed all the same. Another program's lock rarely goes away within seconds, and when the
lock is this program's own (a background task still saving), `Database.transaction` says so.
"""


class FileState(enum.Enum):
    MISSING = "missing"  # no file, or a file of 0 bytes: a database not made yet
    EMPTY = "empty"  # a SQLite file without tables
    ABANDONED = "abandoned"  # an interrupted first start of an older version: no data in it
    OURS = "ours"

    @property
    def is_new(self) -> bool:
        """Whether opening the file builds a new database in its place."""
        return self is not FileState.OURS


@dataclass(frozen=True)
class Inspection:
    state: FileState
    revision: str | None = None
    seeded: bool = True
    """False for a base of ours without its reference data: an older version was stopped
    between making the schema and filling the reference tables."""


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
        return _permission_error(path, code, exc)
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


def _permission_error(path: Path, code: int, exc: BaseException) -> NastavnikError:
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
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".~probe")
    except OSError:
        return False
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return True


def _readonly_connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)


def inspect_file(path: Path) -> Inspection:
    """Say what `path` is, without modifying it. Raises a DatabaseOpenError for a bad file."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return Inspection(FileState.MISSING)
    if not path.is_file():
        raise ForeignDatabaseError(
            f"«{path}» — это папка, а не файл базы данных. Укажите файл базы «Наставника»."
        )
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseOpenError(
            f"Не удалось прочитать файл «{path}»: {os_reason(exc)}. Файл не изменён. "
            "Проверьте, что файл на месте и у вас есть право его читать, и откройте его снова.",
            details=str(exc)) from exc
    if header != SQLITE_HEADER:
        raise ForeignDatabaseError(
            f"Файл «{path}» не является базой данных «Наставника» (это не файл SQLite). "
            "Файл не изменён. Выберите другой файл или создайте новую базу."
        )
    try:
        conn = _readonly_connect(path)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            seeded = "mentoring_form" not in tables or conn.execute(
                "SELECT 1 FROM mentoring_form LIMIT 1").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        mapped = access_error(exc, path)
        if mapped is not None and not isinstance(mapped, CorruptDatabaseError):
            raise mapped from exc
        raise CorruptDatabaseError(
            f"Файл базы данных «{path}» повреждён и не может быть открыт. "
            "Файл не изменён. " + restore_advice(path), details=str(exc)
        ) from exc
    if not check or check[0] != "ok":
        found = check[0] if check else "—"
        raise CorruptDatabaseError(
            f"Файл базы данных «{path}» повреждён: он не прошёл проверку целостности. "
            "Файл не изменён. " + restore_advice(path), details=found
        )
    tables -= {"sqlite_sequence"}
    if not tables:
        return Inspection(FileState.EMPTY)
    foreign = ForeignDatabaseError(
        f"Файл «{path}» — база данных SQLite, но не база «Наставника». "
        "Файл не изменён. Выберите файл базы «Наставника» или создайте новую."
    )
    if revision is None:
        if not tables <= OUR_TABLES:
            raise foreign
        if _holds_rows(path, tables):
            raise CorruptDatabaseError(
                f"В базе «{path}» не отмечена версия схемы, хотя в ней есть данные: файл "
                "повреждён или неполон. Файл не изменён. " + restore_advice(path))
        return Inspection(FileState.ABANDONED)
    if revision not in KNOWN_REVISIONS:
        if not tables >= MARKER_TABLES:
            raise foreign
        raise NewerDatabaseError(
            f"База «{path}» создана более новой версией «Наставника» (схема {revision}). "
            "Файл не изменён. Обновите программу, чтобы открыть эту базу."
        )
    return Inspection(FileState.OURS, revision, seeded)


def _holds_rows(path: Path, tables: set[str]) -> bool:
    conn = _readonly_connect(path)
    try:
        return any(conn.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone()
                   for name in sorted(tables))
    finally:
        conn.close()


WRITE_OPTION = "nastavnik_write"
"""Execution option of the connections of `Database.transaction`: their BEGIN is IMMEDIATE."""


def _set_pragmas(foreign_keys: bool) -> Any:
    def on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # The driver's own transaction handling is off: it began a transaction only before
        # an INSERT/UPDATE/DELETE (reads ran outside it) and committed before DDL. SQLAlchemy
        # emits BEGIN itself instead (`_begin`), so reads and DDL are inside the transaction.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    return on_connect


def _begin(conn: Connection) -> None:
    """BEGIN IMMEDIATE for a unit of work, which thus holds the write lock from its first
    read: what it checks (the duplicates of an import, say) cannot change before it writes.
    A plain, deferred BEGIN for reads, which never wait for a writer in WAL mode."""
    immediate = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """An engine whose SQLite failures arrive as `DatabaseAccessError`s (see `access_error`),
    with transactions begun by SQLAlchemy, so that DDL is transactional too (`_begin`)."""
    engine = create_engine(f"sqlite:///{path.as_posix()}", hide_parameters=True)
    event.listen(engine, "connect", _set_pragmas(foreign_keys))
    event.listen(engine, "begin", _begin)

    def on_error(context: ExceptionContext) -> None:
        mapped = access_error(context.original_exception, path)
        if mapped is not None:
            raise mapped from context.original_exception

    event.listen(engine, "handle_error", on_error)
    return engine


def check_database(path: Path) -> list[str]:
    """`foreign_key_check` and `integrity_check`; returns the problems found (empty when fine)."""
    conn = sqlite3.connect(path)
    try:
        problems = [f"нарушение внешнего ключа: {row}" for row in
                    conn.execute("PRAGMA foreign_key_check")]
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
    if integrity != ["ok"]:
        problems.extend(integrity)
    return problems


def migration_engine(path: Path) -> Engine:
    """An engine for schema changes: foreign keys OFF (design.md, pitfalls) and real
    transactional DDL.

    Python's sqlite3 (3.11) commits before every CREATE/ALTER on its own; with its
    `isolation_level=None` it leaves transactions alone and the `begin` hook issues the
    BEGIN (SQLAlchemy's documented pysqlite recipe), so all the migrations of an upgrade and
    their revision bump commit together — or, after a kill or an error, not at all.
    """
    engine = create_engine(f"sqlite:///{path.as_posix()}")
    pragmas = _set_pragmas(foreign_keys=False)

    def on_connect(dbapi_conn: sqlite3.Connection, record: object) -> None:
        dbapi_conn.isolation_level = None
        pragmas(dbapi_conn, record)

    def on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    def on_error(context: ExceptionContext) -> None:
        mapped = access_error(context.original_exception, path)
        if mapped is not None:
            raise mapped from context.original_exception

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", on_begin)
    event.listen(engine, "handle_error", on_error)
    return engine


def upgrade_schema(path: Path) -> None:
    """Run Alembic to head in one transaction (see `migration_engine`)."""
    from nastavnik_desktop.data.migrations.runner import upgrade_to_head

    engine = migration_engine(path)
    try:
        upgrade_to_head(engine)
    finally:
        engine.dispose()


@dataclass
class Database:
    """An open database: the engine and the factory of sessions for the services."""

    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    backup_path: Path | None = None
    file_lock: lock.DatabaseLock | None = None
    """This program's hold on the file (`data/lock.py`), released by `close`."""
    _units: int = field(default=0, init=False, repr=False)
    _units_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _writer: Engine | None = field(default=None, init=False, repr=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back whole on any error.

        It begins with BEGIN IMMEDIATE: it waits (briefly) for the write lock before its first
        read, so what it reads stays true until it commits."""
        if self._writer is None:  # the same pool, its BEGIN made IMMEDIATE by `_begin`
            self._writer = self.engine.execution_options(**{WRITE_OPTION: True})
        session = self._new_session(bind=self._writer)
        with self._units_lock:
            self._units += 1
            others_running = self._units > 1
        try:
            yield session
            session.commit()
        except DatabaseBusyError as exc:
            session.rollback()
            if others_running:  # the lock is probably this program's own, held by a task
                raise DatabaseBusyError(
                    "База данных занята: программа ещё сохраняет результат другой операции. "
                    "Дождитесь её окончания и повторите действие. Изменения не сохранены.",
                    holders=("эта программа",)) from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
            with self._units_lock:
                self._units -= 1

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only look; nothing is committed, and no write lock is taken."""
        session = self._new_session()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def _new_session(self, **options: Any) -> Session:
        # The ORM configures all mappers on first use: make sure every mapping is imported,
        # not only the first screen's (data/core_models.py).
        import nastavnik_desktop.data.models  # noqa: F401

        return self.session_factory(**options)

    def close(self) -> None:
        self.engine.dispose()
        if self.file_lock is not None:
            self.file_lock.release()


def open_database(path: Path, *, backup_dir: Path | None = None,
                  keep_backups: int = DEFAULT_KEEP) -> Database:
    """Open (creating or upgrading as needed) the database at `path`.

    A new database (no file, a 0-byte file, a SQLite file without tables, or the remains of an
    interrupted first start holding no data) is built complete in a temporary file beside
    `path` and only then renamed to it. An existing database is checked first (`inspect_file`:
    a foreign or corrupt file raises before any change), made owner-only, backed up, and
    upgraded in one transaction; a failed upgrade puts the backup back and raises
    MigrationError, and leaves the older backups as they were.
    The file is locked for this program first (`data/lock.py`): one held by another window or
    command raises DatabaseInUseError, before anything is read or built.
    """
    path = Path(path)
    held = lock.lock_database(path)  # one program per database: before the backup, migration
    try:
        database = _open_locked(path, backup_dir=backup_dir, keep_backups=keep_backups)
    except BaseException:
        held.release()
        raise
    database.file_lock = held
    return database


def _open_locked(path: Path, *, backup_dir: Path | None, keep_backups: int) -> Database:
    for leftover in (_building_path(path), restoring_path(path)):  # of a kill halfway
        remove_with_sidecars(leftover)
    if backup_dir is not None:
        remove_leftovers(backup_dir)
    inspection = inspect_file(path)
    backup_path = None
    if inspection.state.is_new:
        _create_database(path)
    else:
        for name in (path, *sidecars(path)):
            make_private(name)
        if backup_dir is not None:
            upgrading = inspection.revision != HEAD_REVISION
            backup_path = _backup_before_open(path, backup_dir,
                                              PREMIGRATION if upgrading else START)
        if inspection.revision != HEAD_REVISION:
            _migrate_safely(path, backup_path)
        if not inspection.seeded:
            _seed(path)
        if backup_dir is not None:
            rotate_backups(backup_dir, keep=keep_backups)
    engine = make_engine(path)
    factory = sessionmaker(engine, expire_on_commit=False)
    return Database(path=path, engine=engine, session_factory=factory, backup_path=backup_path)


def _backup_before_open(path: Path, backup_dir: Path, reason: str) -> Path:
    try:
        return backup_database(path, backup_dir, reason=reason, keep=None)
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseOpenError(
            f"Не удалось сделать резервную копию базы перед открытием в папку «{backup_dir}». "
            "База не изменена и не открыта. Проверьте, что на диске есть место и папка "
            "доступна для записи, и откройте базу снова.", details=str(exc)
        ) from exc


def _building_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.creating")


def _create_database(path: Path) -> None:
    """Build the schema and the reference data in a hidden file next to `path`; give it the
    final name only once complete (fsync, rename, fsync of the folder)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseOpenError(
            f"Не удалось создать папку «{path.parent}» для базы данных: {os_reason(exc)}. "
            "Выберите другую папку (например, «Документы»).", details=str(exc)) from exc
    tmp = _building_path(path)
    remove_with_sidecars(tmp)
    try:
        create_private_file(tmp)
    except OSError as exc:
        raise _permission_error(path, sqlite3.SQLITE_CANTOPEN, exc) from exc
    try:
        _migrate_safely(tmp, None, fresh=True)
        _checkpoint(tmp)
        fsync_file(tmp)
        for stale in sidecars(path):  # of a file that held no data: replayed, they would harm
            stale.unlink(missing_ok=True)
        os.replace(tmp, path)
    except BaseException:
        remove_with_sidecars(tmp)
        raise
    fsync_dir(path.parent)


def _checkpoint(path: Path) -> None:
    """Move everything from the WAL into the file itself and drop the WAL, so that the file
    alone is the whole database before it is renamed (it stays in WAL mode)."""
    conn = sqlite3.connect(path)
    try:
        busy, _frames, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    if busy:
        raise MigrationError("Не удалось завершить запись новой базы: файл занят.")
    for name in sidecars(path):
        name.unlink(missing_ok=True)


def _seed(path: Path) -> None:
    """Add the reference data that is missing (forms, role models, requests, criteria)."""
    from nastavnik_desktop.data.reference import seed_reference_data

    engine = make_engine(path)
    try:
        with Session(engine) as session, session.begin():
            seed_reference_data(session)
    finally:
        engine.dispose()


class _CheckFailed(Exception):
    """`check_database` found problems after an upgrade (SQLite's own words, for the details)."""


def _migrate_safely(path: Path, backup_path: Path | None, *, fresh: bool = False) -> None:
    try:
        upgrade_schema(path)
        problems = check_database(path)
        if problems:
            raise _CheckFailed("; ".join(problems[:5]))
        if fresh:
            _seed(path)
    except Exception as exc:
        restored = False
        if backup_path is not None:
            restore_database(backup_path, path)
            restored = True
            # The file is that copy again; keeping a second copy of it would let repeated
            # failures push the good backups out of the rotation.
            with contextlib.suppress(OSError):
                backup_path.unlink()
        if isinstance(exc, NastavnikError):
            raise
        if fresh:
            message = ("Не удалось создать новую базу данных, файлы не изменены. Проверьте, что "
                       "на диске есть место, и запустите программу снова; если ошибка "
                       "повторится, сообщите о ней разработчикам, приложив файл журнала.")
        else:
            message = ("Не удалось обновить структуру базы данных. "
                       + ("База восстановлена из резервной копии, данные не потеряны. "
                          if restored else "База осталась прежней, данные не потеряны. ")
                       + "Сообщите об ошибке разработчикам, приложив файл журнала; до "
                       "исправления работайте в прежней версии программы.")
        raise MigrationError(message, details=repr(exc)) from exc
