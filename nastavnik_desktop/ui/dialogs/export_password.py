"""The password of a file that leaves the school, typed twice («Пароль для файла»).

The fields are `ui/widgets/password_fields.PasswordFields` (the rule,
`crypto.password_problem`, shown under them as it is typed; the accept button stays disabled
until it is met). The password is handed to the caller once
and never stored, logged or kept in the dialog: the fields are cleared when it closes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from nastavnik_desktop.services.exchange import crypto
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.widgets.password_fields import PasswordFields

TITLE = "Пароль для файла"


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
        self.fields = PasswordFields(self)
        self.password, self.repeat = self.fields.password, self.fields.repeat
        self.show_password, self.problem = self.fields.show_password, self.fields.problem
        form = QFormLayout()
        self.fields.add_rows(form)
        layout.addLayout(form)
        layout.addStretch(1)
        _box, self.accept_button = style.dialog_buttons(self, "Зашифровать")
        layout.addWidget(_box)
        self.fields.ready.connect(self.accept_button.setEnabled)
        self.finished.connect(self.fields.clear)
        self.accept_button.setEnabled(False)
        self.setMinimumWidth(480)

    def entered(self) -> str:
        """The password, once the rule is met (empty otherwise)."""
        return self.fields.entered()

    def accept(self) -> None:
        if not self.entered():
            return
        self._chosen = self.entered()
        super().accept()

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
