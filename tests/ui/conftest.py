"""Fixtures for the Qt tests: isolated QSettings, captured messages, a ready main window."""

from __future__ import annotations

from pathlib import Path

import pytest

from nastavnik_desktop.ui import messages


@pytest.fixture(autouse=True)
def _qt_isolated(isolated_settings: None,
                 shown_messages: messages.CapturedMessages) -> None:
    """Every Qt test gets fresh QSettings and captured messages (fixtures in tests/conftest.py)."""


@pytest.fixture
def demo_path() -> Path:
    from nastavnik_desktop.services import workspace

    return workspace.demo_workspace_path()
