"""The pair card on the demo school: opened from the board by double click and by Enter, the
status set by hand in the header (the board follows, Ctrl+Z undoes it), following the journal
again, the notes, and the tabs built from a list of classes."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PAIR_STATUS_LABELS, MeetingKind, PairStatus
from nastavnik_desktop.data.models import MentoringPair
from nastavnik_desktop.services import pairs as pairs_service
from nastavnik_desktop.services.pairs import MeetingEntry, PairCard
from nastavnik_desktop.ui.dialogs.person_card import PersonCardDialog
from nastavnik_desktop.ui.pages.pairs_board import PairsBoardPage
from nastavnik_desktop.ui.pair_card.context import CardContext, PairTab
from nastavnik_desktop.ui.pair_card.dialog import PairCardDialog
from nastavnik_desktop.ui.pair_card.header import FOLLOW_JOURNAL

DEMO_OPTIONS = {"seed": 11, "pupils": 300, "teachers": 30}
"""The demo school of `demo_db` (tests/ui/conftest.py)."""


@pytest.fixture
def page(qtbot: QtBot, demo_db: Database, programme_id: int) -> PairsBoardPage:
    board = PairsBoardPage(demo_db, programme_id)
    qtbot.addWidget(board)
    board.resize(1300, 800)
    board.show()
    qtbot.waitExposed(board)
    return board


def _status(db: Database, pair_id: int) -> tuple[PairStatus, bool]:
    with db.reading() as session:
        pair = session.get(MentoringPair, pair_id)
        assert pair is not None
        return pair.status, pair.status_by_curator


def _first_card(page: PairsBoardPage, status: PairStatus) -> PairCard:
    cards = page.cards_in(status)
    assert cards, f"no card in «{PAIR_STATUS_LABELS[status]}» on the demo school"
    return cards[0]


def _open_cards(page: PairsBoardPage) -> list[PairCardDialog]:
    return [d for d in page.findChildren(PairCardDialog) if d.isVisible()]


# The offscreen platform cannot bring a window forward (the pair's card already open).
@pytest.mark.qt_log_ignore("This plugin does not support raise\\(\\)")
def test_a_double_click_on_a_board_card_opens_the_pair_card(qtbot: QtBot,
                                                           page: PairsBoardPage) -> None:
    card = _first_card(page, PairStatus.FORMED)
    view = page.column_view(PairStatus.FORMED)
    rect = view.visualRect(view.card_model.index(view.card_model.row_of(card.id)))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not _open_cards(page)  # a click only selects
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: len(_open_cards(page)) == 1)
    dialog = _open_cards(page)[0]
    assert dialog.pair_id == card.id
    assert card.mentor_short_name in dialog.windowTitle()
    assert dialog.header.shown_status() is PairStatus.FORMED
    assert "История статуса" in dialog.header.history_label.text()
    page.open_card(card.id)  # the same pair again: the open window, no second one
    assert len(_open_cards(page)) == 1
    assert page.open_card_action.text() == "Открыть карточку…"


def test_enter_opens_the_card_whose_status_change_moves_the_board_and_ctrl_z_undoes_it(
        qtbot: QtBot, page: PairsBoardPage, demo_db: Database) -> None:
    card = _first_card(page, PairStatus.FORMED)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    assert page.select_card(card.id, focus=True)
    view = page.column_view(PairStatus.FORMED)
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(_open_cards(page)) == 1)
    dialog = _open_cards(page)[0]
    assert dialog.undo_stack is page.undo_stack

    combo = dialog.header.status_combo
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the curator picks the next status
    assert _status(demo_db, card.id) == (PairStatus.ACQUAINTANCE, True)
    assert dialog.header.follow_button.isVisibleTo(dialog)
    assert dialog.header.follow_button.text() == FOLLOW_JOURNAL
    assert "вручную" in dialog.header.status_note.text()
    assert card.id in [c.id for c in page.cards_in(PairStatus.ACQUAINTANCE)]

    qtbot.keyClick(combo, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _status(demo_db, card.id) == (PairStatus.FORMED, False)
    assert dialog.header.shown_status() is PairStatus.FORMED
    assert card.id in [c.id for c in page.cards_in(PairStatus.FORMED)]

    qtbot.keyClick(combo, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _status(demo_db, card.id) == (PairStatus.ACQUAINTANCE, True)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(combo, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not _open_cards(page))
    assert card.id in [c.id for c in page.cards_in(PairStatus.ACQUAINTANCE)]
    page.undo_stack.undo()  # the card's change is undone on the board after it closed
    assert _status(demo_db, card.id) == (PairStatus.FORMED, False)
    assert card.id in [c.id for c in page.cards_in(PairStatus.FORMED)]


class _FakeTab(PairTab):
    title = "Проба"
    reloads = 0

    def __init__(self, context: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)

    def reload(self) -> None:
        type(self).reloads += 1


def _pair_of(db: Database, status: PairStatus) -> int:
    with db.reading() as session:
        pair_id = session.scalars(select(MentoringPair.id).where(
            MentoringPair.status == status).order_by(MentoringPair.id)).first()
    assert pair_id is not None
    return pair_id


def test_a_card_with_its_own_undo_stack_tabs_notes_and_following_the_journal(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date) -> None:
    pair_id = _pair_of(demo_db, PairStatus.FORMED)
    _FakeTab.reloads = 0
    dialog = PairCardDialog(demo_db, programme_id, pair_id, today=lambda: demo_day,
                            tabs=[_FakeTab])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.tabs.count() == 1 and dialog.tabs.tabText(0) == "Проба"
    assert _FakeTab.reloads == 1

    dialog.header.notes_edit.setPlainText("Встречи по средам")
    dialog.save_notes_action.trigger()  # Ctrl+S
    with demo_db.reading() as session:
        assert session.get(MentoringPair, pair_id).notes == "Встречи по средам"  # type: ignore[union-attr]

    combo = dialog.header.status_combo
    combo.setCurrentIndex(combo.findData(PairStatus.WORKING.value))
    combo.activated.emit(combo.currentIndex())
    assert _status(demo_db, pair_id) == (PairStatus.WORKING, True)
    dialog.header.follow_button.click()
    assert _status(demo_db, pair_id)[1] is False
    assert not dialog.header.follow_button.isVisibleTo(dialog)

    dialog.undo_action.trigger()  # following the journal
    dialog.undo_action.trigger()  # the status
    dialog.undo_action.trigger()  # the notes
    assert _status(demo_db, pair_id) == (PairStatus.FORMED, False)
    assert dialog.header.notes_edit.toPlainText() == ""
    assert _FakeTab.reloads == 4  # once when built, once after each undo


def test_the_card_builds_without_the_tab_modules(qtbot: QtBot, demo_db: Database,
                                                 programme_id: int,
                                                 demo_day: dt.date) -> None:
    dialog = PairCardDialog(demo_db, programme_id, _pair_of(demo_db, PairStatus.FORMED),
                            today=lambda: demo_day)
    qtbot.addWidget(dialog)
    assert dialog.tabs.count() == len(dialog.tab_pages)


def test_the_person_card_lists_his_pairs_and_opens_one(qtbot: QtBot, demo_db: Database,
                                                       demo_day: dt.date) -> None:
    pair_id = _pair_of(demo_db, PairStatus.FORMED)
    with demo_db.reading() as session:
        pair = session.get(MentoringPair, pair_id)
        assert pair is not None
        person_id = pair.mentor.person_id
    card = PersonCardDialog(demo_db, person_id, today=demo_day)
    qtbot.addWidget(card)
    card.show()
    assert card.history_label.isVisibleTo(card)
    assert "наставник" in card.history_label.text()
    assert pair_id in [p.pair_id for year in card.history for p in year.parts]
    card.history_label.linkActivated.emit(str(pair_id))  # the curator clicks the pair's link
    opened = [d for d in card.findChildren(PairCardDialog) if d.isVisible()]
    assert [d.pair_id for d in opened] == [pair_id]


def test_the_menu_item_opens_the_card_and_dissolving_in_it_asks_the_reason(
        qtbot: QtBot, page: PairsBoardPage, demo_db: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    card = _first_card(page, PairStatus.FORMED)
    assert page.select_card(card.id)
    page.open_card_action.trigger()
    [dialog] = _open_cards(page)
    asked: list[str] = []

    def reason(*args: object, **_kwargs: object) -> tuple[str, bool]:
        asked.append(str(args[2]))
        return "переезд в другой город", True

    monkeypatch.setattr(QInputDialog, "getText", reason)
    combo = dialog.header.status_combo
    combo.setCurrentIndex(combo.findData(PairStatus.TERMINATED.value))
    combo.activated.emit(combo.currentIndex())
    assert asked and "Причина" in asked[0]
    assert _status(demo_db, card.id)[0] is PairStatus.TERMINATED
    assert "переезд" in dialog.header.status_note.text()
    assert card.id in [c.id for c in page.cards_in(PairStatus.TERMINATED)]
    dialog.undo_action.trigger()
    assert _status(demo_db, card.id)[0] is PairStatus.FORMED


def test_a_meeting_recorded_by_a_tab_moves_the_status_shown_in_the_header(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date) -> None:
    pair_id = _pair_of(demo_db, PairStatus.FORMED)
    dialog = PairCardDialog(demo_db, programme_id, pair_id, today=lambda: demo_day, tabs=[])
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.changed):
        dialog.context.record(pairs_service.add_meetings(
            demo_db, pair_id, [MeetingEntry(held_on=demo_day, kind=MeetingKind.ACQUAINTANCE)],
            today=demo_day))
    assert dialog.header.shown_status() is PairStatus.ACQUAINTANCE
    assert "проведено встреч: 1" in dialog.header.work_label.text()
    assert "по журналу встреч" in dialog.header.history_label.text()
    dialog.undo_action.trigger()
    assert dialog.header.shown_status() is PairStatus.FORMED
    assert "встреч ещё не было" in dialog.header.work_label.text()
