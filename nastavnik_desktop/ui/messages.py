"""The one helper that shows messages to the curator.

Every error, notice, question and crash report goes through `present()`, which either shows the
dialog or, when a handler is installed, hands the message to it. Tests install one with
`captured()` so no modal box ever blocks them and they can check what the curator would read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QWidget

from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.ui import style

if TYPE_CHECKING:  # loaded when a box is shown: its enums cost the start ~1 ms
    from PySide6.QtWidgets import QMessageBox

_T = TypeVar("_T")


class MessageKind(StrEnum):
    ERROR = "error"
    INFO = "info"
    CONFIRM = "confirm"
    CRASH = "crash"


@dataclass(frozen=True)
class Message:
    kind: MessageKind
    text: str
    title: str
    details: str = ""
    log_path: Path | None = None


Handler = Callable[[Message, "QWidget | None"], bool]
"""Receives a message instead of the dialog; returns the curator's answer (for `confirm`)."""

_handler: Handler | None = None


def set_handler(handler: Handler | None) -> Handler | None:
    """Route messages to `handler` (None puts the dialogs back); returns the previous handler."""
    global _handler
    previous, _handler = _handler, handler
    return previous


def present(parent: QWidget | None, message: Message, show: Callable[[], bool]) -> bool:
    """Show `message` with `show()`, or give it to the installed handler."""
    if _handler is not None:
        return _handler(message, parent)
    return show()


def show_error(parent: QWidget | None, text: str, *, title: str = "Ошибка",
               details: str = "") -> None:
    message = Message(MessageKind.ERROR, text, title, details)
    present(parent, message, lambda: _message_box(parent, message, "Critical"))


def show_info(parent: QWidget | None, text: str, *, title: str = "Наставник",
              details: str = "") -> None:
    message = Message(MessageKind.INFO, text, title, details)
    present(parent, message, lambda: _message_box(parent, message, "Information"))


def open_folder(parent: QWidget | None, folder: Path) -> bool:
    """Open `folder` in the system's file manager; when that fails, say so (False)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices  # named only when used (the first screen)

    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return True
    show_error(parent, f"Не удалось открыть папку «{folder}». Откройте её в проводнике или "
               "файловом менеджере вручную.", title="Папка не открылась")
    return False


def show_known_error(parent: QWidget | None, error: NastavnikError, *,
                     title: str = "Ошибка") -> None:
    """An expected error (a `NastavnikError`) in the curator's words."""
    show_error(parent, error.message, title=title, details=error.details)


def guarded(parent: QWidget | None, action: Callable[[], _T], *,
            title: str = "Ошибка") -> _T | None:
    """Run one quick service call on the UI thread; an expected error is shown and gives None
    (a bug is not caught: it goes to the crash handler). Long work goes to `tasks.run_task`."""
    try:
        return action()
    except NastavnikError as exc:
        show_known_error(parent, exc, title=title)
        return None


def attempt(parent: QWidget | None, action: Callable[[], object], *,
            title: str = "Ошибка") -> bool:
    """Like `guarded` for a call whose result is not needed: True when it went through."""
    try:
        action()
    except NastavnikError as exc:
        show_known_error(parent, exc, title=title)
        return False
    return True


def confirm(parent: QWidget | None, text: str, *, title: str = "Подтверждение",
            accept_text: str = "Да", reject_text: str = "Отмена",
            default_accept: bool = False, details: str = "") -> bool:
    """Ask a yes/no question; True when the curator chose `accept_text`. `details` go under
    «Показать подробности» (a long list of names, for example)."""
    message = Message(MessageKind.CONFIRM, text, title, details)

    def ask() -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = _make_box(parent, message, "Question")
        yes = box.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(reject_text, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes if default_accept else no)
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is yes

    return present(parent, message, ask)


def _make_box(parent: QWidget | None, message: Message, icon: str) -> QMessageBox:
    """A message box with the `QMessageBox.Icon` called `icon`."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon[icon], message.title, message.text,
                      QMessageBox.StandardButton.NoButton, parent)
    if message.details:
        box.setDetailedText(message.details)
    return box


def _message_box(parent: QWidget | None, message: Message, icon: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    box = _make_box(parent, message, icon)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    style.plain_buttons(box)
    box.exec()
    return True


@dataclass
class CapturedMessages:
    """What would have been shown; `answer` is what `confirm()` returns meanwhile."""

    answer: bool = True
    messages: list[Message] = field(default_factory=list)

    def __call__(self, message: Message, parent: QWidget | None) -> bool:
        self.messages.append(message)
        return self.answer if message.kind is MessageKind.CONFIRM else True

    def texts(self, kind: MessageKind | None = None) -> list[str]:
        return [m.text for m in self.messages if kind is None or m.kind is kind]


@contextmanager
def captured(*, answer: bool = True) -> Iterator[CapturedMessages]:
    """Record messages instead of showing them (for tests and scripted runs)."""
    log = CapturedMessages(answer=answer)
    previous = set_handler(log)
    try:
        yield log
    finally:
        set_handler(previous)
