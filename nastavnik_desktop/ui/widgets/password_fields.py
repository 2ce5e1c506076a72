"""The one home of a new password typed twice in a dialog: the hidden fields, «Показать пароль»
and the problem under them as it is typed — the rule is `services/exchange/crypto.password_problem`.

`secret_field` is the hidden line edit (also for a password asked once). `PasswordFields` makes
the two fields, the toggle and the problem label and puts them into the dialog's own form
(`add_rows`), so the labels line up with the dialog's other rows; each dialog keeps its texts,
and decides itself whether its button waits for the rule (`ready`) or checks on OK (`problem_now`
+ `say`). `optional`: the fields are switched off (`set_active(False)`) and then ask nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QWidget

from nastavnik_desktop.services.exchange import crypto
from nastavnik_desktop.ui import style

AGAIN = "Введите пароль ещё раз во втором поле."


def secret_field(name: str = "", placeholder: str = "", *, width: int = 260) -> QLineEdit:
    """A hidden line edit that input methods neither show nor remember."""
    field = QLineEdit()
    if name:
        field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText
                              | Qt.InputMethodHint.ImhSensitiveData
                              | Qt.InputMethodHint.ImhNoPredictiveText)
    field.setPlaceholderText(placeholder)
    field.setMinimumWidth(width)
    return field


class PasswordFields(QObject):
    """`password`, `repeat`, `show_password`, `problem`; `ready(bool)` when the rule is met or
    not any more (an inactive pair is always ready)."""

    ready = Signal(bool)

    def __init__(self, parent: QWidget, *, names: tuple[str, str] = ("", ""),
                 placeholder: str = "") -> None:
        super().__init__(parent)
        self.active = True
        self.password = secret_field(names[0], placeholder)
        self.repeat = secret_field(names[1])
        self.show_password = QCheckBox("Показать пароль")
        self.show_password.toggled.connect(self._show)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {style.WARNING_COLOUR};")
        self.password.textChanged.connect(self._check)
        self.repeat.textChanged.connect(self._check)

    def add_rows(self, form: QFormLayout, label: str = "Пароль:",
                 repeat_label: str = "Ещё раз:", *, problem: bool = True) -> None:
        """The two fields and the toggle as rows of `form` (and the problem, unless the dialog
        places it itself)."""
        form.addRow(label, self.password)
        form.addRow(repeat_label, self.repeat)
        form.addRow("", self.show_password)
        if problem:
            form.addRow(self.problem)

    def problem_now(self) -> str | None:
        """What is wrong with the pair (None when it is fine, or switched off)."""
        if not self.active:
            return None
        return crypto.password_problem(self.password.text(), self.repeat.text())

    def entered(self) -> str:
        """The password, once the rule is met (empty otherwise, or when switched off)."""
        if not self.active or self.problem_now() is not None:
            return ""
        return self.password.text()

    def say(self, text: str) -> None:
        self.problem.setText(text)

    def set_active(self, on: bool, *, clear: bool = False) -> None:
        """Switch the pair on or off (an optional password); `clear` empties the fields."""
        self.active = on
        for widget in (self.password, self.repeat, self.show_password):
            widget.setEnabled(on)
        if clear and not on:
            self.clear()
        self._check()

    def clear(self) -> None:
        self.password.clear()
        self.repeat.clear()

    def _show(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.password.setEchoMode(mode)
        self.repeat.setEchoMode(mode)

    def _check(self) -> None:
        text, again = self.password.text(), self.repeat.text()
        problem = self.problem_now()
        if problem is None or not text:
            self.say("")
        elif not again and len(text) >= crypto.MIN_PASSWORD_LENGTH:
            self.say(AGAIN)
        else:
            self.say(problem)
        self.ready.emit(problem is None)
