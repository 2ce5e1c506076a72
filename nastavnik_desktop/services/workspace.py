"""Which database the curator works in: opening one (with a backup) and the demo school."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nastavnik_desktop import paths
from nastavnik_desktop.data.backup import remove_with_sidecars, sidecars
from nastavnik_desktop.data.db import Database, PendingOpen, begin_open, open_database
from nastavnik_desktop.data.lock import lock_database
from nastavnik_desktop.progress import ProgressCallback

DEMO_SEED = 2025


def open_workspace(db_path: Path) -> Database:
    """Open the database at `db_path`, backing it up first into its `backups` folder."""
    return begin_workspace(db_path).finish()


def begin_workspace(db_path: Path) -> PendingOpen:
    """The file's part of `open_workspace` (lock, check, backup), without SQLAlchemy; `finish`
    the result to have the database (data/db.py)."""
    return begin_open(db_path, backup_dir=paths.backup_dir_for(db_path))


def create_demo_workspace(db_path: Path, *, today: dt.date, seed: int = DEMO_SEED,
                          pupils: int | None = None,
                          teachers: int | None = None,
                          pairs: int | None = None,
                          progress: ProgressCallback | None = None) -> Path:
    """Create the demo school as of `today` in a new file at `db_path` (replacing an old one).

    Built in a temporary file first and renamed at the end, so a cancelled or failed run
    leaves no half-made demo behind. Refused (DatabaseInUseError) while another program has
    the file at `db_path` open.
    """
    held = lock_database(db_path)
    try:
        return _build_demo(db_path, today=today, seed=seed, pupils=pupils, teachers=teachers,
                           pairs=pairs, progress=progress)
    finally:
        held.release()


def _build_demo(db_path: Path, *, today: dt.date, seed: int, pupils: int | None,
                teachers: int | None, pairs: int | None,
                progress: ProgressCallback | None) -> Path:
    from nastavnik_desktop import settings
    from nastavnik_desktop.demo import DemoOptions, generate_demo
    from nastavnik_desktop.services.maintenance import refresh_statistics

    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.building")
    remove_with_sidecars(tmp)
    options = DemoOptions(today=today, seed=seed).with_sizes(pupils=pupils, teachers=teachers,
                                                             pairs=pairs)
    db = open_database(tmp)
    try:
        generate_demo(db, options, progress=progress)
        with db.transaction() as session:
            settings.save(session, settings.DEMO_SEED, seed)
        refresh_statistics(db)
    except BaseException:
        db.close()
        remove_with_sidecars(tmp)
        raise
    db.close()
    for stale in sidecars(db_path):
        stale.unlink(missing_ok=True)
    tmp.replace(db_path)
    return db_path


def demo_workspace_path() -> Path:
    return paths.demo_db_path()


def is_demo_database(db: Database) -> bool:
    """True for a database made by the demo generator (the window marks it as such)."""
    from nastavnik_desktop import settings  # SQLAlchemy: not needed to open the file (app.py)

    with db.engine.connect() as conn:  # Core, not ORM: see services/programme.py on start-up
        return settings.is_stored(conn, settings.DEMO_SEED)
