"""The locked screen and the idle lock of the main window (services/access.py).

- `lock_screen.LockScreen` — only the school's name and a password field: nothing of the data
  (built on the first lock).
- `IdleWatcher` — an application-wide event filter on the mouse and the keyboard that restarts a
  timer; when it runs out, `idle` is emitted. `minute_ms` makes a «minute» shorter in tests.
- `Locker` — what the main window asks: lock at start when a password is set, lock after the
  idle minutes or on «Заблокировать» (Ctrl+Shift+L), unlock with the password, edit the password.

While locked the window's central area shows the lock screen instead of the sidebar and the
pages, the menu bar and the status bar are hidden and every menu action is disabled (so no
shortcut reaches the data). Open dialogs are closed as if «Отмена» were pressed — each dialog
saves only on its OK, in one transaction, so nothing is left half-written; a dialog's unsaved
input is lost, as when a PC is locked in a bank. Progress dialogs of running work stay (they show
no data) so the work finishes. The database file itself is not encrypted: the lock guards the
screen of a PC left unattended.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from nastavnik_desktop.services import access
from nastavnik_desktop.ui import messages

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow

    from nastavnik_desktop.data.db import Database
    from nastavnik_desktop.ui.lock_screen import LockScreen

_ACTIVITY: frozenset[QEvent.Type] = frozenset()


def _activity() -> frozenset[QEvent.Type]:
    """The events that are the curator at work: a key, a click, the mouse, the wheel."""
    global _ACTIVITY
    if not _ACTIVITY:
        kind = QEvent.Type
        _ACTIVITY = frozenset({kind.KeyPress, kind.MouseButtonPress, kind.MouseMove,
                               kind.Wheel, kind.TouchBegin})
    return _ACTIVITY


class IdleWatcher(QObject):
    """Emits `idle` after `minutes` without a key pressed or the mouse moved anywhere in the
    program; 0 minutes: never."""

    idle = Signal()
    minute_ms = 60_000

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.minutes = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self._filtering = False

    def start(self, minutes: int) -> None:
        self.minutes = minutes
        if minutes <= 0:
            self.stop()
            return
        self.timer.setInterval(minutes * self.minute_ms)
        self.timer.start()
        app = QApplication.instance()
        if not self._filtering and app is not None:
            app.installEventFilter(self)
            self._filtering = True

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if self._filtering and app is not None:
            app.removeEventFilter(self)
        self._filtering = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.timer.isActive() and event.type() in _activity():
            self.timer.start()
        return False


class Locker(QObject):
    """The lock of one main window; `screens` is its central stack (the lock screen joins it)."""

    def __init__(self, window: QMainWindow, screens: QStackedWidget,
                 database: Callable[[], Database], school: Callable[[], str]) -> None:
        super().__init__(window)
        self._window, self._screens = window, screens
        self._database, self._school = database, school
        self._screen: LockScreen | None = None
        self.watcher = IdleWatcher(self)
        self.watcher.idle.connect(self.lock)
        self._before: QWidget | None = None
        self._disabled: list[QAction] = []
        self._bars: list[QWidget] = []

    @property
    def screen(self) -> LockScreen:
        """The locked screen, made on first use."""
        if self._screen is None:
            from nastavnik_desktop.ui.lock_screen import LockScreen

            self._screen = LockScreen()
            self._screen.unlock_requested.connect(self.try_unlock)
            self._screens.addWidget(self._screen)
        return self._screen

    @property
    def is_locked(self) -> bool:
        return self._before is not None

    def database_opened(self) -> None:
        """A database was opened in the window: locked at once when it has a password."""
        locked, minutes = access.lock_settings(self._database())
        if locked:
            self.lock()  # stops the idle watcher
        else:
            self.unlock()
            self.watcher.start(minutes)

    def _rearm(self) -> None:
        if self.is_locked:
            self.watcher.stop()
        else:
            self.watcher.start(access.idle_lock_minutes(self._database()))

    def lock_now(self) -> None:
        """«Заблокировать» (Ctrl+Shift+L)."""
        if not access.password_set(self._database()):
            messages.show_info(self._window, "Пароль на вход не установлен, поэтому "
                               "заблокировать программу нельзя. Установите его: «Файл → "
                               "Пароль на вход…».")
            return
        self.lock()

    def lock(self) -> None:
        if self.is_locked:
            return
        _close_dialogs(self._window)
        self._before = self._screens.currentWidget()
        self.screen.reset(self._school())
        self._screens.setCurrentWidget(self.screen)
        from PySide6.QtGui import QAction

        self._disabled = [action for action in self._window.menuBar().findChildren(QAction)
                          if action.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        self._bars = [bar for bar in (self._window.menuBar(), self._window.statusBar())
                      if bar.isVisibleTo(self._window)]
        for bar in self._bars:
            bar.hide()
        self.watcher.stop()
        self.screen.password.setFocus()

    def try_unlock(self, password: str) -> bool:
        if not access.verify_password(self._database(), password):
            self.screen.refuse()
            return False
        self.screen.accepted()
        self.unlock()
        self._rearm()
        return True

    def unlock(self) -> None:
        if not self.is_locked:
            return
        before, self._before = self._before, None
        if before is not None and self._screens.indexOf(before) >= 0:
            self._screens.setCurrentWidget(before)
        for action in self._disabled:
            action.setEnabled(True)
        for bar in self._bars:
            bar.show()
        self._disabled, self._bars = [], []

    def edit_password(self) -> None:
        """«Файл → Пароль на вход…»."""
        from PySide6.QtWidgets import QDialog

        from nastavnik_desktop.ui.dialogs.app_password import AppPasswordDialog

        dialog = AppPasswordDialog(self._database(), self._window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._rearm()
        dialog.deleteLater()


def _close_dialogs(window: QWidget) -> None:
    """Close every other window of the program (topmost first), as if «Отмена» were pressed;
    a progress dialog of running work stays."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog, QProgressDialog

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    for _ in range(50):  # modal dialogs opened from modal dialogs, the topmost first
        modal = app.activeModalWidget()
        if modal is None or modal is window or isinstance(modal, QProgressDialog):
            break
        if isinstance(modal, QDialog):
            modal.reject()
        else:
            modal.close()
        if modal.isVisible():
            modal.hide()
    for other in app.topLevelWidgets():
        if other is window or not other.isVisible() or isinstance(other, QProgressDialog):
            continue
        if isinstance(other, QDialog):
            other.reject()
        elif other.isWindow() and other.windowType() in (Qt.WindowType.Window,
                                                          Qt.WindowType.Dialog):
            other.close()
