"""Opening the database: recognise the file, back it up, migrate it, and hand out sessions.

The file is inspected with the plain `sqlite3` module in read-only mode first, so that a
foreign or corrupt file is refused without being touched, and Alembic is imported only when an
upgrade is actually due (it costs ~0.45 s at start).

SQLite's runtime errors (busy, disk full, read-only file or folder, …) are turned into
`DatabaseAccessError`s by `sqlite_errors.access_error` and nowhere else: for the plain `sqlite3`
calls of opening, and in the engine's `handle_error` hook for everything that runs through
SQLAlchemy.

Opening is two steps: `begin_open` locks, checks and backs up the file with `sqlite3` alone, and
`PendingOpen.finish` migrates it and makes the engine. The window's start runs the first in a
thread from its first moment, while SQLAlchemy and Qt load (app.py): the file's work is then
done by the time the window needs it, and no two threads import SQLAlchemy at once (its modules
import each other; imported concurrently, one thread may get a module half made).

Longer than 600 lines because opening is one story told in order — inspect, lock, back up,
migrate, check, hand out sessions (and the read-only view of a past year) — whose steps share
the file's states and the error each step turns into.
"""

from __future__ import annotations

import contextlib
import enum
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

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
from nastavnik_desktop.data.sqlite_errors import access_error, permission_error
from nastavnik_desktop.errors import (
    ArchiveReadOnlyError,
    CorruptDatabaseError,
    DatabaseAccessError,
    DatabaseBusyError,
    DatabaseOpenError,
    ForeignDatabaseError,
    MigrationError,
    NastavnikError,
    NewerDatabaseError,
)
from nastavnik_desktop.files import fsync_dir, fsync_file, make_private, os_reason

if TYPE_CHECKING:
    # SQLAlchemy is imported where an engine is made: the start opens the file (lock, check,
    # backup) in a thread while the window's modules load, without waiting for it (app.py).
    # The ORM loads with the first session, after the first screen (data/core_tables.py).
    from sqlalchemy import Connection, Engine
    from sqlalchemy.engine import ExceptionContext
    from sqlalchemy.orm import Session, sessionmaker

SQLITE_HEADER = b"SQLite format 3\x00"

BUSY_TIMEOUT_MS = 80
"""How long a statement waits for another connection's write lock before it fails as busy.

Short on purpose: the curator has just clicked and the window waits — under the 100 ms a
stall may last (issue 18; `benchmarks/locked_db.py`); the old 5 s froze it and then failed all
the same. A second «Наставник» cannot hold the lock (`data/lock.py`); another program's lock
rarely goes away within seconds, and when the lock is this program's own (a background task
still saving), `Database.transaction` says so.
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
    tables = {name for name in tables if not name.startswith("sqlite_")}  # SQLite's own
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


ANALYSIS_LIMIT = 1000
"""Rows sampled per index by `Database.refresh_statistics`: a 10,000-pupil school in ~5-30 ms."""

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
    from sqlalchemy import create_engine, event

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
    from sqlalchemy import create_engine, event

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
    session_factory: sessionmaker[Session] | None = None
    """Made with the first session (importing the ORM is not part of opening the file)."""
    backup_path: Path | None = None
    file_lock: lock.DatabaseLock | None = None
    """This program's hold on the file (`data/lock.py`), released by `close`."""
    _units: int = field(default=0, init=False, repr=False)
    _units_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _writer: Engine | None = field(default=None, init=False, repr=False)
    closed: bool = field(default=False, init=False)
    """Set by `close`."""
    read_only: ClassVar[bool] = False
    """True for `read_only_view`: screens hide what would write."""

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

        if self.session_factory is None:  # two threads may both make one: they are alike
            from sqlalchemy.orm import sessionmaker

            self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        return self.session_factory(**options)

    def refresh_statistics(self) -> None:
        """Analyse every table and index (sampled, `ANALYSIS_LIMIT` rows each) and store the
        query planner's statistics in the file. Without them SQLite plans joins blind and may
        loop over a whole table for every row of another (issue 18). `PRAGMA optimize` alone
        skips tables never analysed on the SQLite that ships with Python 3.11 (3.40)."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
            conn.exec_driver_sql("ANALYZE")
            conn.commit()

    def read_only_view(self) -> Database:
        """The same open file for screens that only look (a past school year opened from the
        archive): its `transaction()` refuses with `ArchiveReadOnlyError` before anything is
        read or written; `close` leaves the file to this owner."""
        return _ReadOnlyView(path=self.path, engine=self.engine,
                             session_factory=self.session_factory,
                             backup_path=self.backup_path)

    def close(self) -> None:
        self.closed = True
        self.engine.dispose()
        if self.file_lock is not None:
            self.file_lock.release()


@dataclass
class _ReadOnlyView(Database):
    """See `Database.read_only_view`."""

    read_only: ClassVar[bool] = True

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        raise ArchiveReadOnlyError()
        yield  # pragma: no cover - a generator for @contextmanager

    def close(self) -> None:
        """The owner closes the file; the view only stops being used."""


def open_database(path: Path, *, backup_dir: Path | None = None,
                  keep_backups: int = DEFAULT_KEEP) -> Database:
    """Open (creating or upgrading as needed) the database at `path`.

    A new database (no file, a 0-byte file, a SQLite file without tables, or the remains of an
    interrupted first start holding no data) is built complete in a temporary file beside
    `path` and only then renamed to it. An existing database is checked first (`inspect_file`:
    a foreign or corrupt file raises before any change), made owner-only, backed up, and
    upgraded in one transaction; a failed upgrade puts the backup back and raises
    MigrationError, and leaves the older backups as they were. A migrated file gets fresh
    planner's statistics (`Database.refresh_statistics`).
    The file is locked for this program first (`data/lock.py`): one held by another window or
    command raises DatabaseInUseError, before anything is read or built.
    """
    return begin_open(path, backup_dir=backup_dir, keep_backups=keep_backups).finish()


@dataclass
class PendingOpen:
    """A database file locked for this program, checked and backed up (`begin_open`); `finish`
    builds, migrates and connects it, `abandon` lets go of it."""

    path: Path
    inspection: Inspection
    held: lock.DatabaseLock
    backup_dir: Path | None
    keep_backups: int
    backup_path: Path | None

    def finish(self) -> Database:
        try:
            database = self._finish()
        except BaseException:
            self.held.release()
            raise
        database.file_lock = self.held
        return database

    def abandon(self) -> None:
        self.held.release()

    @property
    def quick(self) -> bool:
        """Whether `finish` only connects: nothing to build, migrate or seed."""
        inspection = self.inspection
        return (inspection.state is FileState.OURS and inspection.revision == HEAD_REVISION
                and inspection.seeded)

    def _finish(self) -> Database:
        path, inspection, backup_dir = self.path, self.inspection, self.backup_dir
        analyse = False
        if inspection.state.is_new:
            _create_database(path)  # empty: the first writes of many rows analyse it
        else:
            if inspection.revision != HEAD_REVISION:
                _migrate_safely(path, self.backup_path)
                analyse = True  # a migration may rebuild tables and indexes
            # An open that changes nothing writes nothing (the statistics of a file at head are
            # refreshed after the writes of many rows: services/maintenance.py).
            if not inspection.seeded:
                _seed(path)
            if backup_dir is not None:
                rotate_backups(backup_dir, keep=self.keep_backups)
        database = Database(path=path, engine=make_engine(path), backup_path=self.backup_path)
        if analyse:
            try:
                database.refresh_statistics()
            except DatabaseAccessError:
                pass  # a read-only file (say) opens all the same, without statistics
            except BaseException:
                database.close()
                raise
        return database


def begin_open(path: Path, *, backup_dir: Path | None = None,
               keep_backups: int = DEFAULT_KEEP) -> PendingOpen:
    """The first step of `open_database`: lock the file, remove what a killed run left, check
    it and back it up; `sqlite3` only, no SQLAlchemy (see the module's docstring)."""
    path = Path(path)
    held = lock.lock_database(path)  # one program per database: before the backup, migration
    try:
        for leftover in (_building_path(path), restoring_path(path)):  # of a kill halfway
            remove_with_sidecars(leftover)
        if backup_dir is not None:
            remove_leftovers(backup_dir)
        inspection = inspect_file(path)
        backup_path = None
        if not inspection.state.is_new:
            for name in (path, *sidecars(path)):
                make_private(name)
            if backup_dir is not None:
                upgrading = inspection.revision != HEAD_REVISION
                backup_path = _backup_before_open(path, backup_dir,
                                                  PREMIGRATION if upgrading else START)
    except BaseException:
        held.release()
        raise
    return PendingOpen(path, inspection, held, backup_dir, keep_backups, backup_path)


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
        raise permission_error(path, sqlite3.SQLITE_CANTOPEN, exc) from exc
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
    from sqlalchemy.orm import Session

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
