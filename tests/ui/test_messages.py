"""The one messages helper: everything goes through the handler; crash reports too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.dialogs.crash import CRASH_TEXT, CrashDialog, show_crash_dialog
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind


def test_messages_reach_the_handler_with_their_kind(shown_messages: CapturedMessages) -> None:
    messages.show_error(None, "Файл занят другой программой.", details="errno 13")
    messages.show_info(None, "Готово.")
    assert [(m.kind, m.text) for m in shown_messages.messages] == [
        (MessageKind.ERROR, "Файл занят другой программой."), (MessageKind.INFO, "Готово.")]
    assert shown_messages.messages[0].details == "errno 13"
    assert shown_messages.messages[0].title == "Ошибка"


def test_confirm_returns_the_scripted_answer() -> None:
    with messages.captured(answer=False) as log:
        assert messages.confirm(None, "Удалить пару?") is False
        log.answer = True
        assert messages.confirm(None, "Точно удалить?") is True
    assert log.texts(MessageKind.CONFIRM) == ["Удалить пару?", "Точно удалить?"]


def test_captured_puts_the_previous_handler_back(shown_messages: CapturedMessages) -> None:
    with messages.captured() as inner:
        messages.show_info(None, "внутри")
    messages.show_info(None, "снаружи")
    assert inner.texts() == ["внутри"]
    assert shown_messages.texts() == ["снаружи"]


def test_the_crash_report_goes_through_the_handler(shown_messages: CapturedMessages,
                                                   tmp_path: Path) -> None:
    log_path = tmp_path / "nastavnik.log"
    show_crash_dialog("Traceback …\nZeroDivisionError: division by zero", log_path)
    [message] = shown_messages.messages
    assert message.kind is MessageKind.CRASH
    assert "внутренняя ошибка" in message.text
    assert "данные в сохранности" in message.text
    assert message.log_path == log_path
    assert "ZeroDivisionError" in message.details


def test_the_crash_dialog_shows_the_log_and_copies_the_report(qtbot: QtBot,
                                                              tmp_path: Path) -> None:
    log_path = tmp_path / "журнал" / "nastavnik.log"
    dialog = CrashDialog("Traceback …\nKeyError: 'stage'", log_path)
    qtbot.addWidget(dialog)
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert str(log_path) in labels
    assert "KeyError: 'stage'" in dialog.details.toPlainText()
    assert dialog.details.isHidden()

    dialog.copy_to_clipboard()

    copied = QGuiApplication.clipboard().text()
    assert CRASH_TEXT in copied
    assert str(log_path) in copied
    assert "KeyError: 'stage'" in copied
