"""Fixtures for the Qt tests: isolated QSettings, captured messages, a ready main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from nastavnik_desktop.ui import messages


@pytest.fixture(autouse=True)
def _isolated_settings(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings caches its folders on first use, so point them at a fresh folder per test."""
    QCoreApplication.setOrganizationName("nastavnik")
    QCoreApplication.setApplicationName("nastavnik")
    folder = str(tmp_path_factory.mktemp("settings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)


@pytest.fixture(autouse=True)
def shown_messages() -> Iterator[messages.CapturedMessages]:
    """Every message a test provokes is recorded here instead of blocking in a dialog."""
    with messages.captured() as log:
        yield log


@pytest.fixture
def demo_path() -> Path:
    from nastavnik_desktop.services import workspace

    return workspace.demo_workspace_path()
