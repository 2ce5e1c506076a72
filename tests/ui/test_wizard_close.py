"""Issue 10, point 8: a wizard asks before closing throws away what was entered on any page —
Escape on the stage 2 wizard's first page closed it and lost two added events — and closes
without a word when nothing was entered."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.wizards.base import CLOSE_QUESTION
from nastavnik_desktop.ui.wizards.stage1 import Stage1Wizard
from nastavnik_desktop.ui.wizards.stage2 import Stage2Wizard
from tests.helpers.wizard import click, press, wait_loaded

TODAY = dt.date(2025, 10, 15)


def _stage2(qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> Stage2Wizard:
    wizard = Stage2Wizard(db, programme.id, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    return wizard


def _escape(qtbot: QtBot, wizard: QWizard) -> None:
    qtbot.keyClick(wizard.currentPage(), Qt.Key.Key_Escape)


def test_escape_on_the_first_page_asks_before_losing_added_events(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    wizard = _stage2(qtbot, db, programme)
    page = wizard.informing_page
    assert wizard.currentPage() is page
    click(qtbot, page.add_button)
    click(qtbot, page.add_button)

    shown_messages.answer = False
    _escape(qtbot, wizard)
    assert shown_messages.texts(MessageKind.CONFIRM) == [CLOSE_QUESTION]
    assert wizard.isVisible(), "«Продолжить» keeps the wizard open"
    assert len(page.model.events()) == 2, "with the events entered"

    wizard.close()  # the window's close box asks the same
    assert wizard.isVisible()
    assert shown_messages.texts(MessageKind.CONFIRM) == [CLOSE_QUESTION] * 2

    shown_messages.answer = True
    press(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not wizard.isVisible() and wizard.result() == QWizard.DialogCode.Rejected


def test_nothing_entered_closes_without_asking(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    wizard = _stage2(qtbot, db, programme)
    page = wizard.informing_page
    click(qtbot, page.add_button)
    page.view.selectRow(0)
    click(qtbot, page.remove_button)  # added and removed again: nothing to lose
    _escape(qtbot, wizard)
    assert not wizard.isVisible()
    assert shown_messages.messages == []


def test_typing_on_the_first_page_of_stage_1_asks_too(
        qtbot: QtBot, db: Database, shown_messages: CapturedMessages) -> None:
    wizard = Stage1Wizard(db, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    wizard.school_page.full_name.setPlainText("МБОУ «Гимназия № 3»")
    shown_messages.answer = False
    _escape(qtbot, wizard)
    assert wizard.isVisible()
    assert shown_messages.texts(MessageKind.CONFIRM) == [CLOSE_QUESTION]
