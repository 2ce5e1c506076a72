"""Fixtures for the Qt tests: isolated QSettings, captured messages, a ready main window, a
copy of a small demo school per test."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.ui import messages

DEMO_OPTIONS: dict[str, Any] = {"seed": 5, "pupils": 300, "teachers": 40}
"""The demo school of `demo_db`; a test module may set its own `DEMO_OPTIONS`."""


@pytest.fixture(autouse=True)
def _qt_isolated(isolated_settings: None,
                 shown_messages: messages.CapturedMessages) -> None:
    """Every Qt test gets fresh QSettings and captured messages (fixtures in tests/conftest.py)."""


@pytest.fixture
def demo_path() -> Path:
    from nastavnik_desktop.services import workspace

    return workspace.demo_workspace_path()


@pytest.fixture(scope="module")
def demo_template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                  build_demo: Callable[..., Path]) -> Path:
    """A small demo school built once per test module (its `DEMO_OPTIONS`)."""
    options = getattr(request.module, "DEMO_OPTIONS", DEMO_OPTIONS)
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite", **options)


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """The module's demo school, a fresh copy for each test."""
    from nastavnik_desktop.services import workspace

    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_template, path)
    db = workspace.open_workspace(path)
    yield db
    db.close()


@pytest.fixture
def programme_id(demo_db: Database) -> int:
    from nastavnik_desktop.services import programme as programme_service

    programme = programme_service.current_programme(demo_db)
    assert programme is not None
    return programme.id
