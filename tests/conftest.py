"""Shared fixtures: a fresh database file per test, and Qt offscreen."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user folders: data, logs and settings go to a temp folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "school.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator:  # type: ignore[type-arg]
    from nastavnik_desktop.data.db import open_database

    database = open_database(db_path, backup_dir=db_path.parent / "backups")
    yield database
    database.close()


@pytest.fixture
def programme(db):  # type: ignore[no-untyped-def]
    from nastavnik_desktop.services.programme import create_school_and_programme

    return create_school_and_programme(
        db, school_full_name="Муниципальное бюджетное общеобразовательное учреждение "
        "«Средняя общеобразовательная школа № 7»", school_short_name="МБОУ «СОШ № 7»",
        school_year="2025/2026", director_name="Петрова Анна Сергеевна")


DEMO_DAY = dt.date(2026, 11, 23)
"""Every demo school in the tests is built as of this day, never the real date."""


@pytest.fixture(scope="session")
def demo_day() -> dt.date:
    return DEMO_DAY


@pytest.fixture(scope="session")
def build_demo(demo_day: dt.date) -> Callable[..., Path]:
    """`create_demo_workspace` as of the fixed test day."""
    from nastavnik_desktop.services.workspace import create_demo_workspace

    def build(path: Path, **options: Any) -> Path:
        return create_demo_workspace(path, today=demo_day, **options)

    return build


@pytest.fixture
def staff(db):  # type: ignore[no-untyped-def]
    """Three staff members and two forms, as the stage 1 wizard needs them."""
    from tests.helpers.stage1 import add_staff

    return add_staff(db)


@pytest.fixture
def isolated_settings(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings caches its folders on first use, so point them at a fresh folder per test."""
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("nastavnik")
    QCoreApplication.setApplicationName("nastavnik")
    folder = str(tmp_path_factory.mktemp("settings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """Whatever a test sets up on the root logger is taken off afterwards (handlers closed)."""
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture
def shown_messages() -> Iterator[Any]:
    """Every message a test provokes is recorded here instead of blocking in a dialog."""
    from nastavnik_desktop.ui import messages

    with messages.captured() as log:
        yield log


_LOCK_HOLDER = """
import sys
from pathlib import Path
from nastavnik_desktop.data.lock import lock_database
lock_database(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def lock_holder() -> Iterator[Callable[[Path], Any]]:
    """Start another program that holds the lock of a database (`data/lock.py`) until it is
    killed or the test ends; returns its `subprocess.Popen`."""
    import subprocess
    import sys

    started: list[subprocess.Popen[str]] = []

    def start(db_path: Path) -> subprocess.Popen[str]:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        process = subprocess.Popen([sys.executable, "-c", _LOCK_HOLDER, str(db_path)],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                   env=env)
        started.append(process)
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        return process

    yield start
    for process in started:
        process.kill()
        process.wait(30)
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()
