"""The locked screen: only the school's name and a password field — nothing of the data
(ui/lock.py shows it). Built only when the window locks: the first screen of a program without a
password does without it (and without Qt's `Qt` namespace, see tests/e2e/test_app_process.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from nastavnik_desktop import APP_NAME
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.widgets.password_fields import secret_field

TRIES_BEFORE_PAUSE = 3
PAUSE_SECONDS = 30
WRONG_PASSWORD = "Пароль неверный. Проверьте раскладку клавиатуры и Caps Lock и введите снова."

class LockScreen(QWidget):
    """The school's name, «Программа заблокирована» and the password field."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.school = style.heading("", factor=1.7)
        self.school.setObjectName("lock_school")
        self.school.setWordWrap(True)
        self.school.setAlignment(Qt.AlignmentFlag.AlignCenter)
        caption = style.secondary("Программа заблокирована. Введите пароль, чтобы продолжить "
                                  "работу.")
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        caption.setWordWrap(True)
        self.password = secret_field("lock_password", "Пароль", width=320)
        self.password.returnPressed.connect(self._submit)
        self.button = QPushButton("Войти")
        self.button.setObjectName("lock_enter")
        self.button.setDefault(True)
        self.button.clicked.connect(self._submit)
        self.problem = QLabel("")
        self.problem.setObjectName("lock_problem")
        self.problem.setWordWrap(True)
        self.problem.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problem.setStyleSheet("QLabel { color: #b3261e; }")
        self.wrong_tries = 0
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(PAUSE_SECONDS * 1000)
        self.pause.timeout.connect(self.end_pause)

        column = QVBoxLayout()
        column.addStretch(2)
        column.addWidget(self.school)
        column.addSpacing(8)
        column.addWidget(caption)
        column.addSpacing(16)
        for widget in (self.password, self.button):
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.problem)
        column.addStretch(3)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 24, 48, 24)
        outer.addLayout(column)

    def reset(self, school: str) -> None:
        self.school.setText(school or APP_NAME)
        self.password.clear()
        self.problem.clear()
        self.password.setFocus()

    def _submit(self) -> None:
        if self.pause.isActive():
            return
        self.unlock_requested.emit(self.password.text())

    def refuse(self) -> None:
        """A wrong password: the field cleared, a Russian message; after
        `TRIES_BEFORE_PAUSE` wrong tries in a row, a pause of `PAUSE_SECONDS` seconds."""
        self.password.clear()
        self.wrong_tries += 1
        if self.wrong_tries % TRIES_BEFORE_PAUSE:
            self.problem.setText(WRONG_PASSWORD)
            self.password.setFocus()
            return
        seconds = self.pause.interval() // 1000
        self.problem.setText(
            f"Пароль введён неверно {count_phrase(self.wrong_tries, 'раз', 'раза', 'раз')} подряд. "
            f"Подождите {count_phrase(seconds, 'секунду', 'секунды', 'секунд')} и попробуйте "
            "снова.")
        self.password.setEnabled(False)
        self.button.setEnabled(False)
        self.pause.start()

    def end_pause(self) -> None:
        self.pause.stop()
        self.password.setEnabled(True)
        self.button.setEnabled(True)
        self.problem.setText("Введите пароль.")
        self.password.setFocus()

    def accepted(self) -> None:
        self.wrong_tries = 0
        self.password.clear()
        self.problem.clear()
