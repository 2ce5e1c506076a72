"""The password at start, the idle lock and «Файл → Пароль на вход…» (ui/lock.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services import access
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui import lock, lock_screen
from nastavnik_desktop.ui.dialogs.app_password import AppPasswordDialog
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.messages import CapturedMessages

PASSWORD = "Пароль-куратора-1"


def make_window(qtbot: QtBot, db: Database) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _shown_texts(window: MainWindow) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel)
            if label.isVisible() and label.text()]


def _assert_locked(window: MainWindow, programme: ProgrammeInfo) -> None:
    assert window.locker.is_locked
    sidebar = window.findChild(QListWidget, "sidebar")
    assert sidebar is not None and not sidebar.isVisible()
    assert not window.current_page().isVisible(), "no page of data is shown"
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert not any(action.isEnabled() for action in window.menuBar().findChildren(QAction)
                   if action.text()), "no menu reaches the data"
    assert programme.school_name in _shown_texts(window)
    shown = " ".join(_shown_texts(window))
    assert "Программа заблокирована" in shown
    visible = [w for w in window.findChildren(QWidget) if w.isVisible()]
    assert all(w is window.locker.screen or window.locker.screen.isAncestorOf(w)
               or w.isAncestorOf(window.locker.screen) for w in visible)


def _enter(window: MainWindow, password: str) -> None:
    window.locker.screen.password.setText(password)
    window.locker.screen.button.click()


def test_without_a_password_the_window_opens_as_before(qtbot: QtBot, db: Database,
                                                       programme: ProgrammeInfo,
                                                       shown_messages: CapturedMessages
                                                       ) -> None:
    window = make_window(qtbot, db)
    assert not window.locker.is_locked and window.current_page().isVisible()
    assert window.locker.watcher.minutes == 0
    window.findChild(QAction, "lock_window").trigger()
    assert not window.locker.is_locked
    assert "Пароль на вход не установлен" in shown_messages.texts()[-1]


def test_with_a_password_the_window_opens_locked(qtbot: QtBot, db: Database,
                                                programme: ProgrammeInfo) -> None:
    access.set_password(db, PASSWORD, PASSWORD)
    window = make_window(qtbot, db)
    _assert_locked(window, programme)
    _enter(window, "не тот")
    assert window.locker.is_locked
    assert window.locker.screen.password.text() == "", "the field is cleared"
    assert window.locker.screen.problem.text() == lock_screen.WRONG_PASSWORD
    _enter(window, PASSWORD)
    assert not window.locker.is_locked
    assert window.current_page().isVisible() and window.menuBar().isVisible()
    assert window.findChild(QAction, "open_database").isEnabled()


def test_the_idle_lock_engages_and_needs_the_password(qtbot: QtBot, db: Database,
                                                      programme: ProgrammeInfo,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lock.IdleWatcher, "minute_ms", 40)  # a «minute» of 40 ms
    access.set_password(db, PASSWORD, PASSWORD)
    access.set_idle_lock_minutes(db, 2, current=PASSWORD)
    window = make_window(qtbot, db)
    _enter(window, PASSWORD)
    assert not window.locker.is_locked
    page = window.show_section("Обмен данными")
    assert page.isVisible() and window.locker.watcher.timer.interval() == 80
    qtbot.waitUntil(lambda: window.locker.is_locked, timeout=3000)
    _assert_locked(window, programme)
    assert not window.locker.watcher.timer.isActive(), "locked: no timer runs"
    _enter(window, PASSWORD[:-1])
    assert window.locker.is_locked
    _enter(window, PASSWORD)
    assert not window.locker.is_locked
    assert window.current_page() is page and page.isVisible(), "back where the curator was"
    assert window.locker.watcher.timer.isActive(), "the idle timer runs again"


def test_input_restarts_the_idle_timer(qtbot: QtBot, db: Database, programme: ProgrammeInfo,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lock.IdleWatcher, "minute_ms", 1000)  # a «minute» of a second
    access.set_password(db, PASSWORD, PASSWORD)
    access.set_idle_lock_minutes(db, 1, current=PASSWORD)
    window = make_window(qtbot, db)
    _enter(window, PASSWORD)
    for _ in range(6):  # 1.5 s of typing: longer than the «minute», but never idle in it
        qtbot.keyClick(window.current_page(), Qt.Key.Key_Shift)
        qtbot.wait(250)
        assert not window.locker.is_locked
    qtbot.waitUntil(lambda: window.locker.is_locked, timeout=5000)


def test_the_watchers_timeout_locks_at_once(qtbot: QtBot, db: Database,
                                            programme: ProgrammeInfo) -> None:
    access.set_password(db, PASSWORD, PASSWORD)
    window = make_window(qtbot, db)
    _enter(window, PASSWORD)
    assert window.locker.watcher.timer.interval() == 10 * 60_000, "ten minutes by default"
    window.locker.watcher.idle.emit()  # the timeout's slot, without waiting
    _assert_locked(window, programme)


def test_three_wrong_tries_pause_the_field(qtbot: QtBot, db: Database,
                                           programme: ProgrammeInfo) -> None:
    access.set_password(db, PASSWORD, PASSWORD)
    window = make_window(qtbot, db)
    screen = window.locker.screen
    for _ in range(lock_screen.TRIES_BEFORE_PAUSE):
        _enter(window, "неверно")
    assert not screen.password.isEnabled() and not screen.button.isEnabled()
    assert "Подождите 30\xa0секунд" in screen.problem.text()
    assert screen.pause.isActive()
    screen.end_pause()  # the pause's timeout, without waiting
    assert screen.password.isEnabled()
    _enter(window, PASSWORD)
    assert not window.locker.is_locked


def test_locking_closes_an_open_dialog(qtbot: QtBot, db: Database, programme: ProgrammeInfo
                                       ) -> None:
    access.set_password(db, PASSWORD, PASSWORD)
    window = make_window(qtbot, db)
    _enter(window, PASSWORD)
    dialog = QDialog(window)
    dialog.setWindowTitle("Карточка")
    dialog.open()
    qtbot.waitUntil(dialog.isVisible)
    window.findChild(QAction, "lock_window").trigger()
    assert window.locker.is_locked
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_the_password_dialog_sets_changes_and_clears(qtbot: QtBot, db: Database,
                                                     programme: ProgrammeInfo,
                                                     shown_messages: CapturedMessages) -> None:
    dialog = AppPasswordDialog(db)
    qtbot.addWidget(dialog)
    dialog.new.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD + "x")
    dialog.minutes.setValue(15)
    dialog.accept()
    assert "не совпадают" in shown_messages.texts()[-1] and not access.password_set(db)
    dialog.repeat.setText(PASSWORD)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert access.verify_password(db, PASSWORD) and access.idle_lock_minutes(db) == 15

    change = AppPasswordDialog(db)
    qtbot.addWidget(change)
    assert change.current.isVisibleTo(change) and change.clear.isVisibleTo(change)
    change.minutes.setValue(0)
    change.accept()
    assert "текущий пароль" in shown_messages.texts()[-1]
    assert access.idle_lock_minutes(db) == 15
    change.current.setText(PASSWORD)
    change.accept()
    assert access.idle_lock_minutes(db) == 0 and access.verify_password(db, PASSWORD)

    clear = AppPasswordDialog(db)
    qtbot.addWidget(clear)
    clear.current.setText(PASSWORD)
    clear.clear.setChecked(True)
    assert not clear.new.isEnabled()
    clear.accept()
    assert not access.password_set(db)


def test_the_file_menu_opens_the_password_dialog(qtbot: QtBot, db: Database,
                                                 programme: ProgrammeInfo,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []

    def record(dialog: QDialog) -> int:
        shown.append(dialog.windowTitle())
        return 0

    monkeypatch.setattr(AppPasswordDialog, "exec", record)
    window = make_window(qtbot, db)
    window.findChild(QAction, "app_password").trigger()
    assert shown == ["Пароль на вход"]
