"""The window and a database another program has: at start, on «Открыть», and when a foreign
program holds SQLite's write lock — Russian messages, the window stays usable, no crash."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from nastavnik_desktop import app as app_module
from nastavnik_desktop.data import lock
from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.models import Programme
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.roadmap import generate_roadmap, list_roadmap
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.models.roadmap_model import COL_TITLE
from nastavnik_desktop.ui.pages.roadmap import RoadmapPage

Holder = Callable[[Path], "subprocess.Popen[str]"]


class _App:
    """The QApplication as `_open_then_show` uses it, recording how it was asked to end."""

    def __init__(self) -> None:
        self.exit_codes: list[int] = []

    def exit(self, code: int) -> None:
        self.exit_codes.append(code)

    def quit(self) -> None:
        self.exit_codes.append(0)

    def processEvents(self) -> None:
        QApplication.processEvents()


def _windows(path: Path) -> list[MainWindow]:
    """The main windows on `path` (other tests' windows may not be deleted yet)."""
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.database.path == path]


@pytest.fixture
def locked(tmp_path: Path, lock_holder: Holder) -> Path:
    path = tmp_path / "занятая.sqlite"
    open_database(path).close()
    lock_holder(path)
    return path


def test_at_start_a_database_held_by_another_program_is_explained_and_another_opened(
        qtbot: QtBot, locked: Path, tmp_path: Path, shown_messages: CapturedMessages,
        monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "другая.sqlite"
    open_database(other).close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *_args, **_kwargs: (str(other), ""))
    fake = _App()
    task = app_module._open_then_show(fake, locked, quit_when_shown=False)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(_windows(other)), timeout=30_000)
    [window] = _windows(other)
    qtbot.addWidget(window)
    task.wait(30_000)
    assert window.database.path == other
    assert fake.exit_codes == []
    [question] = shown_messages.messages
    assert question.kind is MessageKind.CONFIRM
    assert "уже открыта" in question.text and "Открыть другой файл" in question.text
    window.close()
    assert not lock.lock_path(other).exists()  # released with the window


def test_at_start_declining_another_file_ends_the_program_with_2(
        qtbot: QtBot, locked: Path, shown_messages: CapturedMessages) -> None:
    shown_messages.answer = False
    fake = _App()
    task = app_module._open_then_show(fake, locked, quit_when_shown=False)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(fake.exit_codes), timeout=30_000)
    task.wait(30_000)
    assert fake.exit_codes == [2] and not _windows(locked)
    assert shown_messages.texts(MessageKind.CRASH) == []


def test_opening_a_database_another_program_has_keeps_the_current_one(
        qtbot: QtBot, db: Database, locked: Path, shown_messages: CapturedMessages) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.open_database_file(locked) is not None
    qtbot.waitUntil(lambda: window.background_task is None, timeout=30_000)
    assert window.database is db
    [error] = shown_messages.texts(MessageKind.ERROR)
    assert "уже открыта" in error and "Наставник" in error


def test_a_foreign_write_lock_gives_a_russian_message_not_a_crash(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    with db.transaction() as session:
        row = session.get(Programme, programme.id)
        assert row is not None
        generate_roadmap(session, row)
    first = list_roadmap(db, programme.id)[0]
    page = RoadmapPage(db, programme.id)
    qtbot.addWidget(page)
    holder = sqlite3.connect(db.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writes and does not let go
    try:
        index = page.model.index(page.model.row_of(first.id), COL_TITLE)
        assert not page.model.setData(index, "Новое название")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    [error] = shown_messages.texts(MessageKind.ERROR)
    assert "занята" in error and "другая программа" in error
    assert shown_messages.texts(MessageKind.CRASH) == []
    assert list_roadmap(db, programme.id)[0].title == first.title


def test_an_expected_error_a_slot_let_through_is_a_russian_message_not_a_crash(
        qtbot: QtBot, db: Database, shown_messages: CapturedMessages,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    app_module.install_excepthook(None)
    from nastavnik_desktop.data.sqlite_errors import busy_error

    error = busy_error(db.path)
    sys.excepthook(type(error), error, None)
    assert shown_messages.texts(MessageKind.CRASH) == []
    [shown] = shown_messages.texts(MessageKind.ERROR)
    assert "занята" in shown
