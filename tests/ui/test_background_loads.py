"""Work that takes seconds at 5,000 people runs off the UI thread: the stage 2 and 3 wizard
loads, the import wizard's file check (shown on its page) and opening a database."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget, QWizard
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.services.importing import ImportKind
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.stages import stage2 as stage2_service
from nastavnik_desktop.services.stages import stage3 as stage3_service
from nastavnik_desktop.services.workspace import is_demo_database
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.wizards import stage2, stage3
from nastavnik_desktop.ui.wizards.import_people import ImportWizard
from nastavnik_desktop.ui.wizards.import_people import wizard as import_wizard


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def recording_threads(function: Callable[..., Any],
                      threads: list[threading.Thread]) -> Callable[..., Any]:
    def recorded(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return function(*args, **kwargs)

    return recorded


@pytest.mark.parametrize(("wizards", "service", "start", "wizard_class"), [
    (stage2, stage2_service, "stage2_start", "Stage2Wizard"),
    (stage3, stage3_service, "stage3_start", "Stage3Wizard"),
])
def test_a_stage_wizard_loads_its_data_in_a_worker_then_opens(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, parent: QWidget,
        monkeypatch: pytest.MonkeyPatch, wizards: Any, service: Any, start: str,
        wizard_class: str) -> None:
    threads: list[threading.Thread] = []
    monkeypatch.setattr(service, start, recording_threads(getattr(service, start), threads))
    shown: list[str] = []

    def finish(wizard: QWizard) -> int:
        shown.append(wizard.windowTitle())
        return QWizard.DialogCode.Accepted.value

    monkeypatch.setattr(getattr(wizards, wizard_class), "exec", finish)
    finished: list[bool] = []
    opener = getattr(wizards, f"open_{wizard_class[:6].lower()}_wizard")
    task = opener(parent, db, programme.id, lambda: finished.append(True))
    with qtbot.waitSignal(task.finished):
        pass
    assert threads and threads[0] is not threading.main_thread()
    assert shown and programme.school_year in shown[0]
    assert finished == [True]


def test_a_refused_load_says_why_and_opens_nothing(
        qtbot: QtBot, db: Database, parent: QWidget,
        shown_messages: CapturedMessages) -> None:
    task = stage2.open_stage2_wizard(parent, db, 999, lambda: None)
    with qtbot.waitSignal(task.finished):
        pass
    assert shown_messages.texts(MessageKind.ERROR)


def test_the_file_is_checked_in_a_worker_while_the_page_shows_it(
        qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "список.csv"
    path.write_text("ФИО;Класс\nИванов Иван;5А\n", encoding="utf-8")
    release = threading.Event()
    threads: list[threading.Thread] = []
    real_prepare = import_wizard.prepare_import

    def held_prepare(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        release.wait(10)
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(import_wizard, "prepare_import", held_prepare)
    wizard = ImportWizard(db, ImportKind.PUPILS)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.file_page.path_edit.setText(str(path))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton),
                     Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(lambda: bool(threads))
        assert wizard.check_task is not None
        assert wizard.file_page.checking.isVisible()
        assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        assert wizard.currentId() == ImportWizard.PAGE_FILE
    finally:
        release.set()
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.PAGE_COLUMNS)
    assert threads[0] is not threading.main_thread()
    assert not wizard.columns_page.checking.isVisible()


def test_a_database_is_opened_in_a_worker(qtbot: QtBot, db: Database, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from nastavnik_desktop.services import workspace

    other = tmp_path / "другая.sqlite"
    open_database(other).close()
    threads: list[threading.Thread] = []
    monkeypatch.setattr(workspace, "open_workspace",
                        recording_threads(workspace.open_workspace, threads))
    window = MainWindow(db)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.database_switched):
        task = window.open_database_file(other)
        assert task is not None and window.background_task is task
    assert threads and threads[0] is not threading.main_thread()
    assert window.database.path == other and not is_demo_database(window.database)
