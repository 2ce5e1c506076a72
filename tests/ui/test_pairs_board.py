"""«Пары и группы» on the demo school: drags with real drop events, refusals, undo and redo,
filters, closing a pair with a reason, and the keyboard."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFontMetrics,
    QKeySequence,
)
from PySide6.QtWidgets import QApplication, QInputDialog, QListView
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MenteeStatus, PairStatus
from nastavnik_desktop.data.models import MenteeProfile, MentoringPair, MentorProfile, PairMentee
from nastavnik_desktop.services import pairs as pairs_service
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.services.pairs import PairCard
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.models.pair_board_models import BoardDrag, _layout, board_mime
from nastavnik_desktop.ui.pages.pairs_board import PairsBoardPage
from tests.helpers.calls import Calls

DEMO_OPTIONS = {"seed": 11, "pupils": 300, "teachers": 30}
"""The demo school of `demo_db` (tests/ui/conftest.py)."""


@pytest.fixture
def page(qtbot: QtBot, demo_db: Database) -> PairsBoardPage:
    programme = programme_service.current_programme(demo_db)
    assert programme is not None
    board = PairsBoardPage(demo_db, programme.id)
    qtbot.addWidget(board)
    board.resize(1300, 800)
    board.show()
    qtbot.waitExposed(board)
    return board


def drop(view: QListView, mime: QMimeData, point: QPoint) -> bool:
    """Deliver a drag's enter, move and drop to the view's viewport, as Qt does."""
    viewport = view.viewport()
    action = Qt.DropAction.MoveAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(viewport, QDragEnterEvent(point, action, mime, buttons, modifiers))
    QApplication.sendEvent(viewport, QDragMoveEvent(point, action, mime, buttons, modifiers))
    event = QDropEvent(QPointF(point), action, mime, buttons, modifiers)
    QApplication.sendEvent(viewport, event)
    return event.isAccepted()


def db_state(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    tables = {"pairs": MentoringPair.__table__, "members": PairMentee.__table__,
              "mentees": MenteeProfile.__table__}
    with db.engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(
            select(*(c for c in t.c if c.name not in ("created_at", "updated_at")))
            .order_by(t.c.id))] for name, t in tables.items()}


def pair_status(db: Database, pair_id: int) -> PairStatus:
    with db.reading() as session:
        return session.get_one(MentoringPair, pair_id).status


def first_card(page: PairsBoardPage, status: PairStatus) -> PairCard:
    cards = page.cards_in(status)
    assert cards, f"the demo school has pairs «{status}»"
    return cards[0]


def inside(page: PairsBoardPage, card: PairCard) -> QPoint:
    return page.column_view(card.status).card_rect(card.id).center()


def set_capacity(page: PairsBoardPage, db: Database, card: PairCard, capacity: int) -> None:
    with db.transaction() as session:
        session.get_one(MentorProfile, card.mentor_profile_id).capacity = capacity
    page.refresh()


def test_columns_follow_the_statuses_and_the_unmatched_list_the_base(
        page: PairsBoardPage, demo_db: Database) -> None:
    programme_id = programme_service.current_programme(demo_db).id  # type: ignore[union-attr]
    cards = pairs_service.board(demo_db, programme_id)
    for status in PairStatus:
        shown = page.cards_in(status)
        assert all(c.status is status for c in shown)
        assert {c.id for c in shown} == {c.id for c in cards if c.status is status}
        assert page.columns[status].header.text().endswith(f"·  {len(shown)}")
    assert len({c.status for c in cards}) >= 5, "the demo has pairs in several statuses"
    assert [m.mentee_profile_id for m in page.shown_unmatched()] == [
        m.mentee_profile_id for m in pairs_service.unmatched_mentees(demo_db, programme_id)]


def test_dragging_a_card_to_another_column_changes_its_status(
        qtbot: QtBot, page: PairsBoardPage, demo_db: Database) -> None:
    card = first_card(page, PairStatus.WORKING)
    target = page.column_view(PairStatus.RESULTS)
    with qtbot.waitSignal(page.changed):
        assert drop(target, board_mime(BoardDrag("pair", card.id)), QPoint(20, 20))
    assert pair_status(demo_db, card.id) is PairStatus.RESULTS
    assert card.id in {c.id for c in page.cards_in(PairStatus.RESULTS)}
    assert card.id not in {c.id for c in page.cards_in(PairStatus.WORKING)}
    assert page.selected_card() is not None and page.selected_card().id == card.id  # type: ignore[union-attr]


def test_undo_and_redo_restore_the_database(qtbot: QtBot, page: PairsBoardPage,
                                            demo_db: Database) -> None:
    before = db_state(demo_db)
    card = first_card(page, PairStatus.PLANNING)
    with qtbot.waitSignal(page.changed):
        drop(page.column_view(PairStatus.WORKING), board_mime(BoardDrag("pair", card.id)),
             QPoint(10, 10))
    moved = db_state(demo_db)
    assert moved != before
    assert page.undo_action.shortcut() == QKeySequence("Ctrl+Z")
    assert QKeySequence("Ctrl+Y") in page.redo_action.shortcuts()
    assert page.undo_action.shortcutContext() is Qt.ShortcutContext.WidgetWithChildrenShortcut
    page.undo_action.trigger()
    assert db_state(demo_db) == before
    assert card.id in {c.id for c in page.cards_in(PairStatus.PLANNING)}
    page.redo_action.trigger()
    assert db_state(demo_db) == moved
    assert card.id in {c.id for c in page.cards_in(PairStatus.WORKING)}


def test_dropping_an_unmatched_mentee_on_a_card_makes_a_group(
        qtbot: QtBot, page: PairsBoardPage, demo_db: Database) -> None:
    card = first_card(page, PairStatus.ACQUAINTANCE)
    set_capacity(page, demo_db, card, len(card.mentees) + 1)
    mentee = next(m for m in page.shown_unmatched() if m.form_id == card.form_id)
    before = db_state(demo_db)
    with qtbot.waitSignal(page.changed):
        assert drop(page.column_view(card.status),
                    board_mime(BoardDrag("mentee", mentee.mentee_profile_id)), inside(page, card))
    grown = next(c for c in page.cards_in(card.status) if c.id == card.id)
    assert mentee.mentee_profile_id in {m.mentee_profile_id for m in grown.mentees}
    assert grown.is_group
    assert mentee.mentee_profile_id not in {m.mentee_profile_id for m in page.shown_unmatched()}
    with demo_db.reading() as session:
        assert session.get_one(MenteeProfile, mentee.mentee_profile_id).status \
            is MenteeStatus.PAIRED
    page.undo_action.trigger()
    assert db_state(demo_db) == before


def test_a_refused_move_over_capacity_shows_why_and_changes_nothing(
        qtbot: QtBot, page: PairsBoardPage, demo_db: Database,
        shown_messages: CapturedMessages) -> None:
    card = first_card(page, PairStatus.ACQUAINTANCE)
    set_capacity(page, demo_db, card, len(card.mentees))
    mentee = next(m for m in page.shown_unmatched() if m.form_id == card.form_id)
    before = db_state(demo_db)
    assert drop(page.column_view(card.status),
                board_mime(BoardDrag("mentee", mentee.mentee_profile_id)), inside(page, card))
    qtbot.waitUntil(lambda: bool(shown_messages.messages))
    [error] = shown_messages.texts(MessageKind.ERROR)
    assert "нет свободных мест" in error and card.mentor_short_name in error
    assert db_state(demo_db) == before
    assert mentee.mentee_profile_id in {m.mentee_profile_id for m in page.shown_unmatched()}
    assert not page.undo_stack.canUndo()


def test_a_mentee_dragged_from_a_card_to_the_list_goes_back_to_the_base(
        qtbot: QtBot, page: PairsBoardPage, demo_db: Database) -> None:
    card = first_card(page, PairStatus.WORKING)
    view = page.column_view(card.status)
    rect = view.card_rect(card.id)
    line = view.fontMetrics().lineSpacing() + 1
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.left() + 40, rect.top() + 8 + 2 * line + 2 + line // 2))
    payload = view.drag_payload()
    assert payload == BoardDrag("mentee", card.mentees[0].mentee_profile_id, card.id)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.changed):
        assert drop(page.unmatched_view, board_mime(payload), QPoint(10, 10))
    assert payload.id in {m.mentee_profile_id for m in page.shown_unmatched()}
    with demo_db.reading() as session:
        assert session.get_one(MenteeProfile, payload.id).status is MenteeStatus.IN_BASE


def test_closing_a_pair_asks_for_the_reason(qtbot: QtBot, page: PairsBoardPage,
                                            demo_db: Database,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    card = first_card(page, PairStatus.WORKING)
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *args, **kwargs: ("Переезд семьи в другой город", True))
    with qtbot.waitSignal(page.changed):
        drop(page.column_view(PairStatus.TERMINATED), board_mime(BoardDrag("pair", card.id)),
             QPoint(10, 10))
    closed = next(c for c in page.cards_in(PairStatus.TERMINATED) if c.id == card.id)
    assert closed.close_reason == "Переезд семьи в другой город"
    unmatched = {m.mentee_profile_id for m in page.shown_unmatched()}
    assert {m.mentee_profile_id for m in card.mentees} <= unmatched


def test_cancelling_the_reason_keeps_the_pair(qtbot: QtBot, page: PairsBoardPage,
                                              demo_db: Database,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    card = first_card(page, PairStatus.WORKING)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("", False))
    before = db_state(demo_db)
    page.select_card(card.id)
    page.close_action.trigger()
    assert db_state(demo_db) == before


def test_filters_narrow_the_cards(page: PairsBoardPage) -> None:
    every = [c for s in PairStatus for c in page.cards_in(s)]
    card = every[0]
    page.filters.search_edit.setText(card.mentor_name.split()[0])
    shown = [c for s in PairStatus for c in page.cards_in(s)]
    assert card in shown and len(shown) < len(every)
    assert all(card.mentor_name.split()[0].casefold() in
               " ".join([c.mentor_name, *(m.name for m in c.mentees)]).casefold()
               for c in shown)
    assert "Показано карточек" in page.summary_label.text()

    page.set_filter(form_id=card.form_id)
    assert all(c.form_id == card.form_id for s in PairStatus for c in page.cards_in(s))
    assert all(m.form_id == card.form_id for m in page.shown_unmatched())

    page.set_filter(status=PairStatus.WORKING)
    assert page.columns[PairStatus.WORKING].isVisible()
    assert not page.columns[PairStatus.FORMED].isVisible()

    class_name = next(m.place for c in every for m in c.mentees if m.place[:1].isdigit())
    page.set_filter(class_name=class_name)
    assert all(any(m.place == class_name for m in c.mentees) or c.mentor_place == class_name
               for s in PairStatus for c in page.cards_in(s))
    assert all(m.place == class_name for m in page.shown_unmatched())

    page.set_filter()
    assert [c for s in PairStatus for c in page.cards_in(s)] == every


def test_the_keyboard_moves_the_selected_card(qtbot: QtBot, page: PairsBoardPage,
                                              demo_db: Database) -> None:
    card = first_card(page, PairStatus.FORMED)
    assert page.next_action.shortcut() == QKeySequence("Ctrl+Right")
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    assert page.select_card(card.id, focus=True)
    view = page.column_view(PairStatus.FORMED)
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert pair_status(demo_db, card.id) is PairStatus.ACQUAINTANCE
    assert page.column_view(PairStatus.ACQUAINTANCE).hasFocus()
    qtbot.keyClick(page.column_view(PairStatus.ACQUAINTANCE), Qt.Key.Key_Left,
                   Qt.KeyboardModifier.ControlModifier)
    assert pair_status(demo_db, card.id) is PairStatus.FORMED
    qtbot.keyClick(page.column_view(PairStatus.FORMED), Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier)
    assert pair_status(demo_db, card.id) is PairStatus.ACQUAINTANCE


def test_assigning_a_mentor_from_the_unmatched_list(qtbot: QtBot, page: PairsBoardPage,
                                                    demo_db: Database,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    mentee = next(m for m in page.shown_unmatched()
                  if pairs_service.mentor_options(demo_db, m.mentee_profile_id))
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda _parent, _title, _label, items, *args: (items[0], True))
    view = page.unmatched_view
    view.setCurrentIndex(view.mentee_model.index(view.mentee_model.row_of(
        mentee.mentee_profile_id)))
    with qtbot.waitSignal(page.changed):
        page.assign_action.trigger()
    card = page.selected_card()
    assert card is not None
    assert mentee.mentee_profile_id in {m.mentee_profile_id for m in card.mentees}


def test_a_revisit_reads_the_board_again_only_after_a_change_it_shows(
        page: PairsBoardPage, demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = Calls(pairs_service.board, "pair_ids")
    monkeypatch.setattr(pairs_service, "board", reads)
    for _visit in range(3):
        page.refresh()
    assert reads.count == 0
    with demo_db.transaction() as session:  # a setting of matching: nothing the board shows
        settings.save(session, settings.DEMO_SEED, 7)
    page.refresh()
    assert reads.count == 0
    card = first_card(page, PairStatus.WORKING)
    set_capacity(page, demo_db, card, card.capacity + 3)
    assert reads.count == 1
    assert next(c for c in page.cards_in(PairStatus.WORKING)
                if c.id == card.id).capacity == card.capacity + 3
    page.refresh()
    assert reads.count == 1


def test_a_move_changes_the_columns_in_place(qtbot: QtBot, qtmodeltester,  # type: ignore[no-untyped-def]
                                             page: PairsBoardPage, demo_db: Database,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A mentee taken out of a card: only that card is read again; the card and the list
    change, no column is reset, the list keeps its selection and scroll position, and Qt's
    model checks hold. Its undo reads that card again and nothing else."""
    reads = Calls(pairs_service.board, "pair_ids")
    monkeypatch.setattr(pairs_service, "board", reads)
    resets: list[str] = []
    models = [page.column_view(s).card_model for s in PairStatus]
    for model in (*models, page.unmatched_view.mentee_model):
        model.modelReset.connect(lambda m=model: resets.append(type(m).__name__))
    view = page.unmatched_view
    scroll = view.verticalScrollBar()
    view.setCurrentIndex(view.mentee_model.index(2))
    kept = view.current_mentee()
    scroll.setValue(scroll.maximum() // 2)
    position = scroll.value()
    card = next(c for s in PairStatus for c in page.cards_in(s)
                if c.is_active and c.mentees)
    mentee = card.mentees[0]
    qtmodeltester.check(page.unmatched_view.mentee_model)
    qtmodeltester.check(page.column_view(card.status).card_model)
    with qtbot.waitSignal(page.changed):
        assert page.move_mentee(mentee.mentee_profile_id, None)
    assert not resets
    assert mentee.mentee_profile_id in {m.mentee_profile_id for m in page.shown_unmatched()}
    shown = next(c for c in page.cards_in(card.status) if c.id == card.id)
    assert mentee.mentee_profile_id not in {m.mentee_profile_id for m in shown.mentees}
    assert view.current_mentee() == kept
    assert scroll.value() == position
    assert (reads.count, reads.partial) == (0, 1)
    page.refresh()
    assert (reads.count, reads.partial) == (0, 1), "the board knows it shows the move"
    with qtbot.waitSignal(page.changed):
        page.undo_stack.undo()
    assert (reads.count, reads.partial) == (0, 2)
    assert mentee.mentee_profile_id not in {m.mentee_profile_id for m in page.shown_unmatched()}
    shown = next(c for c in page.cards_in(card.status) if c.id == card.id)
    assert shown == card
    assert not resets


def test_cards_mark_silence_and_overdue_tasks_and_the_filter_keeps_the_silent(
        qtbot: QtBot, page: PairsBoardPage) -> None:
    """The marks come from the board's read (services test: test_board_and_moves); here the
    card tells them in its tooltip, is taller by the line of marks, and the check box
    «только без встреч N недель» leaves only the silent cards."""
    cards = [c for s in PairStatus for c in page.cards_in(s)]
    silent = next(c for c in cards if c.silent)
    view = page.column_view(silent.status)
    model = view.card_model
    tip = model.data(model.index(model.row_of(silent.id)), Qt.ItemDataRole.ToolTipRole)
    assert "давно не встречалась" in tip and f"Проведено встреч: {silent.held_meetings}" in tip
    overdue = next((c for c in cards if c.overdue_tasks and c.is_active), None)
    assert overdue is not None
    overdue_model = page.column_view(overdue.status).card_model
    assert f"Просрочено задач плана: {overdue.overdue_tasks}" in overdue_model.data(
        overdue_model.index(overdue_model.row_of(overdue.id)), Qt.ItemDataRole.ToolTipRole)
    metrics = QFontMetrics(view.font())
    unmarked = dataclasses.replace(silent, silent=False, overdue_tasks=0)
    assert _layout(silent, metrics).height > _layout(unmarked, metrics).height
    assert not view.grab().isNull()
    assert page.filters.silent_check.text() == "только без встреч 4 недели"
    page.filters.silent_check.setChecked(True)
    shown = [c for s in PairStatus for c in page.cards_in(s)]
    assert sorted(c.id for c in shown) == sorted(c.id for c in cards if c.silent)
    page.filters.silent_check.setChecked(False)
    assert len([c for s in PairStatus for c in page.cards_in(s)]) == len(cards)
