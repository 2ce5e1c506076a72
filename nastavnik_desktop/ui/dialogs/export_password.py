"""The password of a file that leaves the school, typed twice («Пароль для файла»).

The rule is `services/exchange/crypto.password_problem` (shown under the fields as it is typed;
the accept button stays disabled until it is met). The password is handed to the caller once
and never stored, logged or kept in the dialog: the fields are cleared when it closes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.services.exchange import crypto
from nastavnik_desktop.ui import style

TITLE = "Пароль для файла"


def _secret_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText
                              | Qt.InputMethodHint.ImhSensitiveData
                              | Qt.InputMethodHint.ImhNoPredictiveText)
    field.setMinimumWidth(260)
    return field


class ExportPasswordDialog(QDialog):
    """Two password fields, the rule, «Показать пароль»; «Зашифровать» once the rule is met."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self._chosen = ""
        layout = QVBoxLayout(self)
        intro = QLabel(f"Файл «{what}» будет зашифрован. Без пароля его не откроет никто — "
                       "ни Excel, ни LibreOffice, ни архиватор.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.rule = style.secondary(crypto.PASSWORD_RULE)
        self.rule.setWordWrap(True)
        layout.addWidget(self.rule)
        form = QFormLayout()
        self.password = _secret_field()
        self.repeat = _secret_field()
        form.addRow("Пароль:", self.password)
        form.addRow("Ещё раз:", self.repeat)
        layout.addLayout(form)
        self.show_password = QCheckBox("Показать пароль")
        self.show_password.toggled.connect(self._show)
        layout.addWidget(self.show_password)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {style.WARNING_COLOUR};")
        layout.addWidget(self.problem)
        layout.addStretch(1)
        _box, self.accept_button = style.dialog_buttons(self, "Зашифровать")
        layout.addWidget(_box)
        self.password.textChanged.connect(self._check)
        self.repeat.textChanged.connect(self._check)
        self.finished.connect(self._forget)
        self._check()
        self.setMinimumWidth(480)

    def entered(self) -> str:
        """The password, once the rule is met (empty otherwise)."""
        text, again = self.password.text(), self.repeat.text()
        return text if crypto.password_problem(text, again) is None else ""

    def _show(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.password.setEchoMode(mode)
        self.repeat.setEchoMode(mode)

    def _check(self) -> None:
        text, again = self.password.text(), self.repeat.text()
        problem = crypto.password_problem(text, again)
        self.accept_button.setEnabled(problem is None)
        if problem is None or not text:
            self.problem.setText("")
        elif not again and len(text) >= crypto.MIN_PASSWORD_LENGTH:
            self.problem.setText("Введите пароль ещё раз во втором поле.")
        else:
            self.problem.setText(problem)

    def accept(self) -> None:
        if not self.entered():
            return
        self._chosen = self.entered()
        super().accept()

    def _forget(self) -> None:
        self.password.clear()
        self.repeat.clear()

    def take_password(self) -> str:
        """The password accepted (once: it is forgotten here as it is given)."""
        chosen, self._chosen = self._chosen, ""
        return chosen


def ask_export_password(parent: QWidget | None, what: str) -> str | None:
    """The password for the file `what`, typed twice; None when the curator cancels."""
    dialog = ExportPasswordDialog(what, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.take_password() or None
    finally:
        dialog.deleteLater()
