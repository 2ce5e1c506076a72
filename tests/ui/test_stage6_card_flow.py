"""Issue 12, as a curator works: on the board, Enter opens a new pair's card; the plan is filled
from its template; a mentor's paper journal of three meetings is typed in from the keyboard; the
pair's status and its board card move on; Ctrl+Z on the board takes the journal back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PairStatus, PlanItemKind
from nastavnik_desktop.data.models import Meeting, MentoringPair, PlanItem
from nastavnik_desktop.ui.dialogs.plan_task import FillDialog
from nastavnik_desktop.ui.pages.pairs_board import PairsBoardPage
from nastavnik_desktop.ui.pair_card.dialog import PairCardDialog
from nastavnik_desktop.ui.pair_card.journal_tab import JournalTab
from nastavnik_desktop.ui.pair_card.plan_tab import PlanTab
from tests.helpers.journal import save, type_row

DEMO_OPTIONS = {"seed": 11, "pupils": 300, "teachers": 30}
"""The demo school of `demo_db` (tests/ui/conftest.py)."""


def _pair(db: Database, pair_id: int) -> tuple[PairStatus, int, int]:
    """Status, held meetings, plan tasks."""
    with db.reading() as session:
        pair = session.get(MentoringPair, pair_id)
        assert pair is not None
        meetings = session.scalar(select(func.count()).select_from(Meeting).where(
            Meeting.pair_id == pair_id, Meeting.planned.is_(False)))
        tasks = session.scalar(select(func.count()).select_from(PlanItem).where(
            PlanItem.pair_id == pair_id, PlanItem.kind == PlanItemKind.TASK))
        return pair.status, meetings or 0, tasks or 0


@pytest.mark.qt_log_ignore("This plugin does not support raise\\(\\)")
def test_a_new_pair_gets_its_plan_and_journal_from_its_card_and_the_board_follows(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date,
        monkeypatch: pytest.MonkeyPatch, shown_messages: Any) -> None:
    board = PairsBoardPage(demo_db, programme_id, today=lambda: demo_day)
    qtbot.addWidget(board)
    board.resize(1300, 800)
    board.show()
    qtbot.waitExposed(board)
    new = board.cards_in(PairStatus.FORMED)[0]
    assert _pair(demo_db, new.id) == (PairStatus.FORMED, 0, 0)

    board.activateWindow()
    qtbot.waitUntil(board.isActiveWindow)  # the shortcut of Enter needs the active window
    assert board.select_card(new.id, focus=True)
    view = board.column_view(PairStatus.FORMED)
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in board.findChildren(PairCardDialog)))
    card = next(d for d in board.findChildren(PairCardDialog) if d.isVisible())
    assert card.pair_id == new.id

    plan = next(t for t in card.tab_pages if isinstance(t, PlanTab))
    monkeypatch.setattr(FillDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    fill = next(b for b in plan.findChildren(QPushButton) if b.text() == "Заполнить из шаблона…")
    qtbot.mouseClick(fill, Qt.MouseButton.LeftButton)
    tasks = _pair(demo_db, new.id)[2]
    assert tasks > 0

    journal = next(t for t in card.tab_pages if isinstance(t, JournalTab))
    card.tabs.setCurrentWidget(journal)
    journal.add_action.trigger()
    entry = journal.entry_dialog
    assert entry is not None
    entry.activateWindow()  # over the card, itself over the board
    qtbot.waitUntil(entry.isActiveWindow)
    if entry.grid.indexWidget(entry.grid.currentIndex()) is None:
        entry.grid.edit(entry.grid.currentIndex())
    qtbot.waitUntil(lambda: entry.grid.indexWidget(entry.grid.currentIndex()) is not None)
    day = f"{demo_day:%d%m%y}"
    mentees = (False,) * len(new.mentees)
    for kind, topic in (("1", "Знакомство"), ("2", "Пробная встреча"), ("3", "План")):
        type_row(entry, qtbot, day, kind, topic, "40", absent=mentees)
    save(entry, qtbot)
    qtbot.waitUntil(lambda: journal.entry_dialog is None)
    assert shown_messages.messages == []
    assert _pair(demo_db, new.id) == (PairStatus.PLANNING, 3, tasks)
    assert "планирование" in card.header.status_combo.currentText()
    assert new.id in [c.id for c in board.cards_in(PairStatus.PLANNING)], \
        "the board card moved to «Планирование»"
    moved = next(c for c in board.cards_in(PairStatus.PLANNING) if c.id == new.id)
    assert (moved.held_meetings, moved.last_meeting) == (3, demo_day)

    card.close()
    board.undo_stack.undo()  # the journal, on the board after the card closed
    assert _pair(demo_db, new.id) == (PairStatus.FORMED, 0, tasks)
    assert new.id in [c.id for c in board.cards_in(PairStatus.FORMED)]
    board.undo_stack.undo()  # the plan
    assert _pair(demo_db, new.id) == (PairStatus.FORMED, 0, 0)
