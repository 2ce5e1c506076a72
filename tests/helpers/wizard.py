"""Driving a wizard through its buttons, as a curator does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database


def press(qtbot: QtBot, wizard: QWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isEnabled() and button.isVisible(), f"{button.text()} is not available"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def press_next(qtbot: QtBot, wizard: QWizard) -> None:
    page = wizard.currentPage()
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is not page


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def db_snapshot(db: Database) -> bytes:
    """The database file's bytes with the WAL folded in: equal bytes, nothing changed."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return db.path.read_bytes()


def wait_loaded(qtbot: QtBot, wizard: QWizard) -> None:
    """A stage wizard opens at once and loads its data in a worker: wait for its pages."""
    qtbot.waitUntil(lambda: getattr(wizard, "loaded", True), timeout=20_000)
