"""Work that takes seconds at 5,000 people runs off the UI thread: every stage wizard's
start data (the wizard opens at once saying «Загрузка…»), the import wizard's file check
(shown on its page) and opening a database."""

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
from nastavnik_desktop.services.matching import run as match_run
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.stages import stage1 as stage1_service
from nastavnik_desktop.services.stages import stage2 as stage2_service
from nastavnik_desktop.services.stages import stage3 as stage3_service
from nastavnik_desktop.services.stages import stage4 as stage4_service
from nastavnik_desktop.services.workspace import is_demo_database
from nastavnik_desktop.ui import tasks
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.wizards import stage1, stage2, stage3, stage4, stage5
from nastavnik_desktop.ui.wizards.base import StageWizard
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


STAGE_STARTS = [
    (stage1, stage1_service, "stage1_start", "Stage1Wizard"),
    (stage2, stage2_service, "stage2_start", "Stage2Wizard"),
    (stage3, stage3_service, "stage3_start", "Stage3Wizard"),
    (stage4, stage4_service, "load_stage4", "Stage4Wizard"),
    (stage5, match_run, "form_counts", "Stage5Wizard"),
]


def held(function: Callable[..., Any], threads: list[threading.Thread],
         release: threading.Event) -> Callable[..., Any]:
    """`function` recording its thread and waiting for `release` first."""
    def waiting(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        assert release.wait(20), "the test never released the load"
        return function(*args, **kwargs)

    return waiting


def make_stage_wizard(wizards: Any, wizard_class: str, db: Database,
                      programme: ProgrammeInfo, parent: QWidget | None) -> StageWizard:
    cls = getattr(wizards, wizard_class)
    wizard: StageWizard = (cls(db, parent) if wizard_class == "Stage1Wizard"
                           else cls(db, programme.id, parent))
    return wizard


@pytest.mark.parametrize(("wizards", "service", "start", "wizard_class"), STAGE_STARTS)
def test_a_stage_wizard_opens_at_once_saying_it_loads_then_shows_its_pages(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        monkeypatch: pytest.MonkeyPatch, wizards: Any, service: Any, start: str,
        wizard_class: str) -> None:
    threads: list[threading.Thread] = []
    release = threading.Event()
    monkeypatch.setattr(service, start, held(getattr(service, start), threads, release))
    wizard = make_stage_wizard(wizards, wizard_class, db, programme, None)
    qtbot.addWidget(wizard)
    try:
        wizard.show()
        qtbot.waitExposed(wizard)
        qtbot.waitUntil(lambda: bool(threads))
        assert not wizard.loaded
        assert wizard.currentPage() is wizard.loading_page
        assert wizard.loading_page is not None
        assert wizard.loading_page.label.text().startswith("Загрузка…")
        assert wizard.loading_page.label.isVisible()
        for button in (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton):
            assert not wizard.button(button).isEnabled()
    finally:
        release.set()
    qtbot.waitUntil(lambda: wizard.loaded)
    assert threads[0] is not threading.main_thread()
    assert wizard.loading_page is None and len(wizard.pageIds()) > 1
    assert wizard.currentId() == wizard.pageIds()[0] == 0
    assert wizard.currentPage().isVisible()
    assert not wizard.has_entered()


@pytest.mark.parametrize(("wizards", "service", "start", "wizard_class"), STAGE_STARTS)
def test_closing_a_wizard_while_it_loads_builds_nothing_and_leaves_no_thread(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, parent: QWidget,
        shown_messages: CapturedMessages, monkeypatch: pytest.MonkeyPatch, wizards: Any,
        service: Any, start: str, wizard_class: str) -> None:
    threads: list[threading.Thread] = []
    release = threading.Event()
    monkeypatch.setattr(service, start, held(getattr(service, start), threads, release))
    wizard = make_stage_wizard(wizards, wizard_class, db, programme, parent)
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: bool(threads))
    task = wizard.load_task
    assert task is not None and task.is_running()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible() and wizard.result() == QWizard.DialogCode.Rejected
    assert shown_messages.texts() == [], "nothing entered: closed without a question"
    wizard.deleteLater()  # the wizard goes while its load still runs
    qtbot.waitUntil(lambda: not shiboken_valid(wizard))
    release.set()
    qtbot.waitUntil(lambda: not task.is_running())
    qtbot.waitUntil(lambda: not tasks._ABANDONED)
    assert shown_messages.texts() == []


def shiboken_valid(widget: QWidget) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))


@pytest.mark.parametrize(("wizards", "opener"), [(stage2, "open_stage2_wizard"),
                                                 (stage3, "open_stage3_wizard")])
def test_the_opener_runs_the_wizard_and_reports_it_finished(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, parent: QWidget,
        monkeypatch: pytest.MonkeyPatch, wizards: Any, opener: str) -> None:
    shown: list[str] = []

    def finish(wizard: StageWizard) -> int:
        qtbot.waitUntil(lambda: wizard.loaded)
        shown.append(wizard.windowTitle())
        return QWizard.DialogCode.Accepted.value

    monkeypatch.setattr(StageWizard, "exec", finish)
    finished: list[bool] = []
    getattr(wizards, opener)(parent, db, programme.id, lambda: finished.append(True))
    assert shown and programme.school_year in shown[0]
    assert finished == [True]


def test_a_refused_load_says_why_and_closes_the_wizard(
        qtbot: QtBot, db: Database, parent: QWidget,
        shown_messages: CapturedMessages) -> None:
    wizard = stage2.Stage2Wizard(db, 999, parent)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.load_task is None)
    assert shown_messages.texts(MessageKind.ERROR)
    assert not wizard.isVisible() and not wizard.loaded
    assert wizard.result() == QWizard.DialogCode.Rejected


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
