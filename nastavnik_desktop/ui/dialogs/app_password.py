"""«Файл → Пароль на вход…»: set, change or clear the password to open the program, and the
idle minutes before the window locks (services/access.py). The new password's fields are
`ui/widgets/password_fields` (the problem shown as it is typed; `access.set_password` is the
check that counts)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import access
from nastavnik_desktop.services.exchange.crypto import MIN_PASSWORD_LENGTH
from nastavnik_desktop.settings import MAX_IDLE_LOCK_MINUTES
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.widgets.password_fields import PasswordFields, secret_field

_EXPLAINED = (
    "Пароль спрашивается при запуске программы и после блокировки. В базе хранится не сам "
    "пароль, а только его защищённый отпечаток, поэтому забытый пароль никто не подскажет: "
    "запишите его и храните отдельно от компьютера. Пароль защищает экран, а не файл базы "
    "данных: храните файл в папке, доступной только вашей учётной записи.")


class AppPasswordDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._was_set = access.password_set(db)
        self._minutes_before = access.stored_idle_minutes(db)
        self.setWindowTitle("Пароль на вход")
        self.setMinimumWidth(620)

        state = style.heading("Пароль установлен" if self._was_set
                              else "Пароль не установлен", factor=1.2)
        explained = style.secondary(_EXPLAINED)
        explained.setWordWrap(True)
        self.current = secret_field("current_password")
        self.fields = PasswordFields(self, names=("new_password", "repeat_password"),
                                     placeholder=f"не короче {MIN_PASSWORD_LENGTH} знаков")
        self.new, self.repeat = self.fields.password, self.fields.repeat
        self.clear = QCheckBox("Снять пароль (открывать программу без пароля)")
        self.clear.setObjectName("clear_password")
        self.clear.toggled.connect(self._on_clear_toggled)
        self.minutes = QSpinBox()
        self.minutes.setObjectName("idle_minutes")
        self.minutes.setRange(0, MAX_IDLE_LOCK_MINUTES)
        self.minutes.setSuffix(" мин")
        self.minutes.setSpecialValueText("не блокировать")
        self.minutes.setValue(self._minutes_before)

        form = QFormLayout()
        if self._was_set:
            form.addRow("Текущий пароль:", self.current)
        self.fields.add_rows(form, "Новый пароль:" if self._was_set else "Пароль:",
                             "Повторите пароль:")
        if self._was_set:
            form.addRow("", self.clear)
        form.addRow("Блокировать после бездействия:", self.minutes)
        hint = QLabel("Оставьте поля нового пароля пустыми, чтобы изменить только время "
                      "блокировки." if self._was_set else
                      "Блокировка при бездействии работает, когда пароль установлен.")
        style.mute(hint)
        hint.setWordWrap(True)
        buttons, _save = style.dialog_buttons(self, "Сохранить")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(state)
        layout.addWidget(explained)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def _on_clear_toggled(self, on: bool) -> None:
        self.fields.set_active(not on, clear=True)

    def accept(self) -> None:
        if messages.attempt(self, self._save):
            super().accept()

    def _save(self) -> None:
        current = self.current.text() if self._was_set else None
        new, repeat = self.new.text(), self.repeat.text()
        minutes = self.minutes.value()
        if self._was_set and not current:
            raise ValidationError("Введите текущий пароль: без него пароль и блокировку "
                                  "изменить нельзя.")
        if self._was_set and current is not None \
                and not access.verify_password(self._db, current):
            raise ValidationError(access.WRONG_CURRENT)
        if self.clear.isChecked() and current is not None:
            access.set_idle_lock_minutes(self._db, minutes, current=current)
            access.clear_password(self._db, current)
        elif new or repeat or not self._was_set:
            access.set_password(self._db, new, repeat, current=current)
            access.set_idle_lock_minutes(self._db, minutes, current=new)
        else:
            access.set_idle_lock_minutes(self._db, minutes, current=current)
