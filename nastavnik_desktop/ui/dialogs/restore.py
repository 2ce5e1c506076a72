"""The small dialogs of «Резервные копии»: the password of a new archive (none, or typed twice:
`exchange/crypto.password_problem`) and the password of an archive to restore; and the work of
`MainWindow.restore_database_from` (`restoring`, `say_restored`), kept here to keep the window
short. The password fields are `ui/widgets/password_fields`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QCheckBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services.exchange.crypto import MIN_PASSWORD_LENGTH
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.widgets.password_fields import PasswordFields, secret_field

_Opened = TypeVar("_Opened")


class BackupOptionsDialog(QDialog):
    """«Создать резервную копию»: what goes into the archive, and an optional password."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Резервная копия")
        layout = QVBoxLayout(self)
        about = QLabel("В архив войдут вся база (ученики, педагоги, пары, планы, анкеты, "
                       "документы) и прикреплённые файлы: методические материалы, фотографии "
                       "кейсов, фоны грамот. Дальше выберите флешку или папку.")
        about.setWordWrap(True)
        layout.addWidget(about)
        self.protect = QCheckBox("Защитить паролем (рекомендуется для флешки: в копии "
                                 "персональные данные детей)")
        self.protect.setChecked(True)
        layout.addWidget(self.protect)
        self.fields = PasswordFields(self)
        self.password, self.repeat = self.fields.password, self.fields.repeat
        self.problem = self.fields.problem
        form = QFormLayout()
        self.fields.add_rows(form, problem=False)
        layout.addLayout(form)
        self.note = style.secondary(
            f"Не короче {MIN_PASSWORD_LENGTH} знаков. Пароль нигде не сохраняется: без него "
            "копию не восстановить — запишите его и храните отдельно от флешки.")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        _box, self.accept_button = style.dialog_buttons(self, "Далее…")
        layout.addWidget(_box)
        self.protect.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        on = self.protect.isChecked()
        self.fields.set_active(on)
        self.note.setEnabled(on)

    def chosen_password(self) -> str | None:
        return self.password.text() if self.protect.isChecked() else None

    def accept(self) -> None:
        problem = self.fields.problem_now()
        if problem is not None:
            self.repeat.clear()
            self.fields.say(problem)
            self.password.setFocus()
            return
        super().accept()


class ArchivePasswordDialog(QDialog):
    """The password of an archive to restore (asked again after a wrong one)."""

    def __init__(self, archive_name: str, *, wrong: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Пароль архива")
        layout = QVBoxLayout(self)
        text = (f"Пароль к архиву «{archive_name}» не подошёл. Проверьте раскладку клавиатуры "
                "и Caps Lock и введите его ещё раз." if wrong else
                f"Архив «{archive_name}» защищён паролем. Введите пароль, с которым копию "
                "сохраняли.")
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.password = secret_field()
        layout.addWidget(self.password)
        box, self.accept_button = style.dialog_buttons(self, "Проверить архив")
        layout.addWidget(box)
        self.setMinimumWidth(420)


def ask_archive_password(parent: QWidget | None, archive_name: str, *,
                         wrong: bool = False) -> str | None:
    """The password typed, or None when the curator cancels."""
    dialog = ArchivePasswordDialog(archive_name, wrong=wrong, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.password.text():
        return None
    return dialog.password.text()


def ask_backup_password(parent: QWidget | None) -> tuple[bool, str | None]:
    """(whether the curator went on, the archive's password or None for none)."""
    dialog = BackupOptionsDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False, None
    return True, dialog.chosen_password()


def restoring(restore: Callable[[Path], str], path: Path, open_again: Callable[[Path], _Opened]
              ) -> Callable[[ProgressCallback], tuple[str | NastavnikError, _Opened]]:
    """The worker's part of a restore in the window: `restore(path)` (what to tell the curator),
    or the Russian refusal — the base is then as it was —, and the base at `path` opened again
    in either case."""
    def work(_progress: ProgressCallback) -> tuple[str | NastavnikError, _Opened]:
        try:
            said: str | NastavnikError = restore(path)
        except NastavnikError as refused:
            said = refused
        return said, open_again(path)

    return work


def say_restored(parent: QWidget | None, said: str | NastavnikError) -> None:
    if isinstance(said, NastavnikError):
        messages.show_known_error(parent, said, title="Не удалось восстановить базу")
    else:
        messages.show_info(parent, said, title="Восстановление из резервной копии")
