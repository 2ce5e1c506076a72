"""The import wizard's check shows how far it got and stops at «Отмена» under the page
(issue 18: a 20,000-row file is checked in the background, never on the UI thread)."""

from __future__ import annotations

import gc
import sys
import threading
import weakref
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import OperationCancelled
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services.importing import ImportKind
from nastavnik_desktop.text import format_number
from nastavnik_desktop.ui import tasks
from nastavnik_desktop.ui.wizards.import_people import ImportWizard
from nastavnik_desktop.ui.wizards.import_people import wizard as import_wizard

WAIT_S = 10


def test_the_check_shows_its_progress_and_stops_at_cancel(
        qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "список.csv"
    path.write_text("ФИО;Класс\nИванов Иван;5А\n", encoding="utf-8")
    reported, pressed = threading.Event(), threading.Event()
    real_prepare = import_wizard.prepare_import

    def long_prepare(*args: Any, progress: ProgressCallback, **kwargs: Any) -> Any:
        progress(1000, 0)
        reported.set()
        pressed.wait(WAIT_S)  # the curator presses «Отмена» meanwhile
        if progress(2000, 0) is False:
            raise OperationCancelled("Проверка файла отменена.")
        return real_prepare(*args, progress=progress, **kwargs)

    monkeypatch.setattr(import_wizard, "prepare_import", long_prepare)
    wizard = ImportWizard(db, ImportKind.PUPILS)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    page = wizard.file_page
    page.path_edit.setText(str(path))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(reported.is_set)
        qtbot.waitUntil(lambda: format_number(1000) in page.checking_bar.format())
        assert page.checking.isVisible() and page.stop_button.isEnabled()
        assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
    finally:
        pressed.set()
    qtbot.waitUntil(lambda: wizard.check_task is None, timeout=WAIT_S * 1000)
    assert wizard.currentId() == ImportWizard.PAGE_FILE
    assert not page.checking.isVisible()
    assert "Проверка файла отменена" in page.hint_text()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    monkeypatch.setattr(import_wizard, "prepare_import", real_prepare)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.PAGE_COLUMNS,
                    timeout=WAIT_S * 1000)
    assert wizard.preview is not None and len(wizard.preview.candidates) == 1


def test_closing_the_wizard_stops_a_check_under_way(
        qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "список.csv"
    path.write_text("ФИО;Класс\nИванов Иван;5А\n", encoding="utf-8")
    asked: list[bool] = []
    reported = threading.Event()

    def endless_prepare(*_args: Any, progress: ProgressCallback, **_kwargs: Any) -> Any:
        done = 0
        while True:  # a check that would never end by itself
            done += 1000
            going_on = progress(done, 0)
            reported.set()
            if going_on is False:
                asked.append(going_on)
                raise OperationCancelled()

    monkeypatch.setattr(import_wizard, "prepare_import", endless_prepare)
    wizard = ImportWizard(db, ImportKind.PUPILS, path=path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(reported.is_set)
    wizard.reject()
    assert asked == [False] and wizard.check_task is None and not wizard.isVisible()


def test_a_check_read_again_lets_go_of_the_one_before(qtbot: QtBot, db: Database,
                                                      tmp_path: Path) -> None:
    """A finished background task lives as long as the wizard: it must not keep the preview
    it read (20,000 people each time «Проверить снова» is pressed)."""
    path = tmp_path / "список.csv"
    path.write_text("ФИО;Класс\nИванов Иван;5А\nПетров Пётр;5А\n", encoding="utf-8")
    wizard = ImportWizard(db, ImportKind.PUPILS, path=path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.PAGE_CHECK
                    and wizard.check_task is None, timeout=WAIT_S * 1000)
    first = weakref.ref(wizard.preview)
    wizard.check_page.recheck()
    qtbot.waitUntil(lambda: wizard.check_task is None and wizard.preview is not None,
                    timeout=WAIT_S * 1000)
    gc.collect()
    assert first() is None
    assert wizard.preview is not None and len(wizard.preview.candidates) == 2


def test_the_window_gets_the_interpreter_lock_soon_while_the_check_runs(
        qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Repainting the check page calls into Python for every cell; each call waited up to
    Python's 5 ms switch interval for the worker to let go: 0.2–0.4 s stalls."""
    path = tmp_path / "список.csv"
    path.write_text("ФИО;Класс\nИванов Иван;5А\n", encoding="utf-8")
    before = sys.getswitchinterval()
    seen: list[float] = []
    real_prepare = import_wizard.prepare_import

    def watched_prepare(*args: Any, **kwargs: Any) -> Any:
        seen.append(sys.getswitchinterval())
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(import_wizard, "prepare_import", watched_prepare)
    wizard = ImportWizard(db, ImportKind.PUPILS, path=path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.PAGE_CHECK
                    and wizard.check_task is None, timeout=WAIT_S * 1000)
    assert seen == [tasks.SWITCH_INTERVAL_S]
    assert sys.getswitchinterval() == before
