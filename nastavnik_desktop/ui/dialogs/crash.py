"""The crash dialog: what the curator sees when the program hits a bug (from the excepthook)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.ui import messages, style

CRASH_TITLE = "Внутренняя ошибка"
CLOSE_TEXT = "Закрыть"
LOG_CONTENTS = (
    "В журнал записывается, в каком месте программы случилась ошибка; фамилий, дат рождения, "
    "классов, телефонов и других сведений о людях из базы в нём нет. Если ошибка повторяется, "
    "журнал или текст ошибки можно передать тому, кто обслуживает программу.")
CRASH_TEXT = (
    "В программе произошла внутренняя ошибка. Ваши данные в сохранности: «Наставник» "
    "сохраняет работу после каждого действия. Последнее действие могло не выполниться — "
    "проверьте его результат и при необходимости повторите."
)


def show_crash_dialog(traceback_text: str, log_path: Path, parent: QWidget | None = None) -> None:
    """Tell the curator about a bug; goes through the messages handler like every message."""
    message = messages.Message(messages.MessageKind.CRASH, CRASH_TEXT, CRASH_TITLE,
                               details=traceback_text, log_path=log_path)

    def show() -> bool:
        CrashDialog(traceback_text, log_path, parent).exec()
        return True

    messages.present(parent, message, show)


class CrashDialog(QDialog):
    def __init__(self, traceback_text: str, log_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._traceback = traceback_text
        self._log_path = log_path
        self.setWindowTitle(CRASH_TITLE)
        self.setMinimumWidth(560)

        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        text = QLabel(CRASH_TEXT)
        text.setWordWrap(True)
        log = QLabel(f"Подробности записаны в журнал:<br><b>{html.escape(str(log_path))}</b>")
        log.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Not wrapped: a Windows path broke after «C:», the rest of it on the next line.
        contents = QLabel(LOG_CONTENTS)
        contents.setWordWrap(True)

        self.details = QPlainTextEdit(traceback_text)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setVisible(False)
        self.details.setMinimumHeight(180)

        self._toggle = QPushButton("Показать подробности")
        self._toggle.setCheckable(True)
        self._toggle.toggled.connect(self._toggle_details)
        copy = QPushButton("Скопировать текст ошибки")
        copy.clicked.connect(self.copy_to_clipboard)
        folder = QPushButton("Открыть папку с журналом")
        folder.clicked.connect(self._open_log_folder)
        for action in (self._toggle, copy, folder):
            # Else the focused one (the first, «Показать подробности») would take Enter.
            action.setAutoDefault(False)
        buttons = QDialogButtonBox()
        close = buttons.addButton(CLOSE_TEXT, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        style.plain_buttons(buttons)

        top = QHBoxLayout()
        top.addWidget(icon)
        column = QVBoxLayout()
        column.addWidget(text)
        column.addWidget(log)
        column.addWidget(contents)
        column.addWidget(self._toggle, 0, Qt.AlignmentFlag.AlignLeft)
        top.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        close.setDefault(True)  # once in the dialog: set before, Qt forgets it on a focus change

    def report_text(self) -> str:
        """What «Скопировать текст ошибки» copies: the traceback as the log holds it, without
        the data (`logs.describe_exception`)."""
        return f"{CRASH_TEXT}\n\nЖурнал: {self._log_path}\n\n{self._traceback}"

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self._toggle.setText("Скрыть подробности" if shown else "Показать подробности")
        self.adjustSize()

    def _open_log_folder(self) -> None:
        messages.open_folder(self, self._log_path.parent)
