"""«Открыть демонстрационную школу»: built in a worker with progress and «Отмена», then opened."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services import workspace
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.messages import CapturedMessages
from nastavnik_desktop.ui.pages.overview import OverviewPage
from nastavnik_desktop.ui.tasks import BackgroundTask

REAL_CREATE = workspace.create_demo_workspace


DAY = dt.date(2026, 11, 23)


def small_demo(path: Path, *, today: dt.date = DAY,
               progress: ProgressCallback | None = None) -> Path:
    """The real demo builder, small, and as of a fixed day whatever day the window passes."""
    del today
    return REAL_CREATE(path, today=DAY, pupils=100, teachers=12, progress=progress)


def started_task(qtbot: QtBot, window: MainWindow) -> BackgroundTask:
    qtbot.mouseClick(window._welcome.demo_button, Qt.MouseButton.LeftButton)
    task = window.background_task
    assert task is not None
    return task


def test_the_demo_button_builds_and_opens_the_demo_school(
        qtbot: QtBot, db: Database, demo_path: Path, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    monkeypatch.setattr(workspace, "create_demo_workspace", small_demo)
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.is_welcome_shown()
    assert not demo_path.exists()

    task = started_task(qtbot, window)
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass

    assert shown_messages.messages == []
    assert demo_path.exists()
    assert window.database.path == demo_path
    assert window.is_demo
    assert not window.is_welcome_shown()
    assert "Демонстрационная школа" in window.status_texts()
    assert "демонстрационная школа" in window.windowTitle()
    page = window.show_section("Обзор")
    assert isinstance(page, OverviewPage)
    assert page.cards["pupils"].number.text() == "100"
    assert int(page.cards["pairs"].number.text()) > 0
    assert page.findChild(QLabel, "school_name").text() == window.status_texts()[0]
    assert window.background_task is None


def test_an_existing_demo_is_opened_without_rebuilding(
        qtbot: QtBot, db: Database, demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small_demo(demo_path)
    built: list[Path] = []
    monkeypatch.setattr(workspace, "create_demo_workspace",
                        lambda path, **kwargs: built.append(path) or path)
    window = MainWindow(db)
    qtbot.addWidget(window)

    window.open_demo_school()
    qtbot.waitUntil(lambda: window.background_task is None)  # opened in a worker thread

    assert built == []
    assert window.database.path == demo_path
    assert window.is_demo and not window.is_welcome_shown()

    opened = window.database
    window.show_section("Документы")
    window.open_demo_school()
    assert window.database is opened, "the demo already open is not opened again"
    assert window.current_section_title() == "Обзор"


def gated(release: threading.Event) -> Callable[..., Path]:
    """The real (small) demo, but its worker waits at the first progress report until
    `release` is set — so the test can press «Отмена» while the work is surely under way."""

    def create(path: Path, *, today: dt.date, progress: ProgressCallback) -> Path:
        def report(done: int, total: int) -> bool:
            release.wait(timeout=30)
            return progress(done, total)

        return small_demo(path, progress=report)

    return create


def test_cancelling_the_progress_leaves_no_demo_file(
        qtbot: QtBot, db: Database, demo_path: Path, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    release = threading.Event()
    monkeypatch.setattr(workspace, "create_demo_workspace", gated(release))
    window = MainWindow(db)
    qtbot.addWidget(window)

    task = started_task(qtbot, window)
    assert task.is_running()
    cancel_button = task.progress_dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Отмена"
    with qtbot.waitSignals([task.cancelled, task.finished], timeout=30_000):
        cancel_button.click()
        release.set()

    assert not demo_path.exists()
    assert list(demo_path.parent.glob(f".{demo_path.name}*")) == []
    assert shown_messages.messages == []
    assert window.database is db
    assert window.is_welcome_shown()
    assert not window.is_demo
    assert window.background_task is None


def test_a_failed_demo_build_is_reported_in_russian(
        qtbot: QtBot, db: Database, demo_path: Path, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    from nastavnik_desktop.errors import DatabaseOpenError

    def full_disk(path: Path, *, today: dt.date, progress: ProgressCallback) -> Path:
        raise DatabaseOpenError("На диске не хватает места для демонстрационной школы.")

    monkeypatch.setattr(workspace, "create_demo_workspace", full_disk)
    window = MainWindow(db)
    qtbot.addWidget(window)
    task = started_task(qtbot, window)
    with qtbot.waitSignals([task.failed, task.finished], timeout=30_000):
        pass

    assert shown_messages.texts() == ["На диске не хватает места для демонстрационной школы."]
    assert window.is_welcome_shown()
    assert not demo_path.exists()
