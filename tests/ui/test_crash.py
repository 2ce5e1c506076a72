"""A bug reaches the log and the crash dialog without the data it was working on; the dialog
speaks Russian only and says what the log holds."""

from __future__ import annotations

import datetime as dt
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nastavnik_desktop import app
from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.ui.dialogs.crash import CrashDialog
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind

NAME = ("Конфиденциальнова", "Тестина")
SECRETS = (*NAME, "2013-05-17", "7Б")


@pytest.fixture
def installed(restored_logging: None) -> Iterator[Path]:
    """The app's logging and excepthook as `app.main` installs them; put back afterwards."""
    hooks = sys.excepthook, threading.excepthook
    log_path = app.setup_logging()
    assert log_path is not None
    app.install_excepthook(log_path)
    yield log_path
    sys.excepthook, threading.excepthook = hooks


def failed_insert(db: Database) -> IntegrityError:
    """A bug whose error text carries the data: the program's engines hide SQL parameters
    (`hide_parameters`), so this one is a plain engine, as a careless message would be."""
    engine = create_engine(f"sqlite:///{db.path.as_posix()}")
    with pytest.raises(IntegrityError) as caught, Session(engine) as session, session.begin():
        session.add(Person(last_name=NAME[0], first_name=NAME[1],
                           birth_date=dt.date(2013, 5, 17), class_name="7Б",
                           category=PersonCategory.PUPIL, experience_years=-3))
    engine.dispose()
    assert NAME[0] in str(caught.value)
    return caught.value


def test_a_bug_with_a_name_in_it_leaves_the_name_out_of_the_log_and_the_dialog(
        db: Database, installed: Path, shown_messages: CapturedMessages) -> None:
    error = failed_insert(db)
    sys.excepthook(type(error), error, error.__traceback__)  # as run_task routes a bug

    [message] = shown_messages.messages
    assert message.kind is MessageKind.CRASH and message.log_path == installed
    log_text = installed.read_text(encoding="utf-8")
    for text in (log_text, message.details):
        assert "sqlalchemy.exc.IntegrityError" in text and "CHECK constraint failed" in text
        for secret in SECRETS:
            assert secret not in text


def test_a_bug_in_a_thread_leaves_the_name_out_of_the_log(db: Database, installed: Path) -> None:
    error = failed_insert(db)

    def work() -> None:
        raise RuntimeError("в потоке") from error

    thread = threading.Thread(target=work, name="worker")
    thread.start()
    thread.join(timeout=10)
    log_text = installed.read_text(encoding="utf-8")
    assert "Ошибка в потоке worker" in log_text and "IntegrityError" in log_text
    for secret in SECRETS:
        assert secret not in log_text


def test_the_crash_dialog_has_russian_buttons_and_says_what_the_log_holds(
        qtbot: QtBot, tmp_path: Path) -> None:
    dialog = CrashDialog("Traceback …\nKeyError: '…'", tmp_path / "nastavnik.log")
    qtbot.addWidget(dialog)
    texts = [button.text().replace("&", "") for button in dialog.findChildren(QPushButton)]
    assert "Закрыть" in texts
    assert [t for t in texts if re.search("[A-Za-z]", t)] == []
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "фамилий, дат рождения" in labels and "нет" in labels
    dialog.show()
    [close] = [b for b in dialog.findChildren(QPushButton) if b.text() == "Закрыть"]
    close.click()
    assert dialog.result() == CrashDialog.DialogCode.Rejected and not dialog.isVisible()


def test_enter_closes_the_crash_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    """On a real screen the first button of the tab chain («Показать подробности») has the
    focus when the dialog opens; Enter must still be «Закрыть», not open the traceback."""
    dialog = CrashDialog("Traceback …\nKeyError: '…'", tmp_path / "nastavnik.log")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    for button in dialog.findChildren(QPushButton):
        button.setFocus()
        qtbot.waitUntil(button.hasFocus)
        if button.text() != "Закрыть":
            assert not button.isDefault(), button.text()
    first = dialog.findChildren(QPushButton)[0]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert dialog.result() == CrashDialog.DialogCode.Rejected and not dialog.isVisible()
    assert not dialog.details.isVisible()


def test_the_log_path_is_not_broken_across_lines(qtbot: QtBot) -> None:
    """A Windows path wrapped after «C:» reads as two things; the path stays on one line."""
    path = Path(r"C:\Users\Секретарь\AppData\Local\nastavnik\Logs\nastavnik.log")
    dialog = CrashDialog("Traceback …", path)
    qtbot.addWidget(dialog)
    [label] = [label for label in dialog.findChildren(QLabel) if "AppData" in label.text()]
    bold = QFont(label.font())
    bold.setBold(True)
    assert label.minimumSizeHint().width() >= QFontMetrics(bold).horizontalAdvance(str(path))
