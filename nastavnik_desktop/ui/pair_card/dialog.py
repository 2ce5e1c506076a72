"""The pair card: one window with everything about a pair or group (stage 6).

The header (`header.py`) shows the people, form, status with its history, the matching score
and the curator's notes; below it the tabs of the pair's work («План», «Встречи», «Материалы»,
«Результаты»), each a `PairTab` built with the card's `CardContext` (`context.py`). The card is
not modal: the curator may keep it open beside the board, and opening the card of a pair
already open brings that window forward.

Every change made in the card — a status set by hand, the notes, a meeting, a line of the plan
— is a `BoardChange` put onto the undo stack the card shares with the board (its own stack when
opened elsewhere): Ctrl+Z / Ctrl+Y in the card, or later on the board. After an undo or a redo
the header and every tab read the pair again. Esc closes the card (the notes are saved).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PairStatus
from nastavnik_desktop.services import pairs as pairs_service
from nastavnik_desktop.services.pairs import BoardChange
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.change_command import ChangeCommand, Replay
from nastavnik_desktop.ui.pair_card.context import CardContext, PairTab
from nastavnik_desktop.ui.pair_card.header import PairCardHeader
from nastavnik_desktop.ui.pair_card.printing import print_actions
from nastavnik_desktop.ui.read_only import look_only_dialog
from nastavnik_desktop.ui.widgets.actions import shortcut_action


def available_tabs() -> list[type[PairTab]]:
    """The tabs of the card, in order."""
    from nastavnik_desktop.ui.pair_card.journal_tab import JournalTab
    from nastavnik_desktop.ui.pair_card.materials_tab import MaterialsTab
    from nastavnik_desktop.ui.pair_card.plan_tab import PlanTab
    from nastavnik_desktop.ui.pair_card.results_tab import ResultsTab

    return [PlanTab, JournalTab, MaterialsTab, ResultsTab]


class PairCardDialog(QDialog):
    changed = Signal()
    """Something of the pair was changed, undone or redone from the card."""

    def __init__(self, db: Database, programme_id: int, pair_id: int, *,
                 today: Callable[[], dt.date], undo_stack: QUndoStack | None = None,
                 replay: Replay | None = None, tabs: Sequence[type[PairTab]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.pair_id = pair_id
        self._today = today
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self._replay: Replay = replay if replay is not None else self._own_replay
        self.context = CardContext(db=db, programme_id=programme_id, pair_id=pair_id,
                                   today=today, record=self.record)
        self.setWindowTitle("Карточка пары")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1040, 760)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        self.header = PairCardHeader()
        self.header.status_chosen.connect(self._on_status_chosen)
        self.header.follow_journal_requested.connect(self._follow_journal)
        self.header.notes_edited.connect(self._save_notes)
        layout.addWidget(self.header)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("pair_card_tabs")
        self.tab_pages: list[PairTab] = []
        for tab_class in (available_tabs() if tabs is None else tabs):
            page = tab_class(self.context, self.tabs)
            self.tab_pages.append(page)
            self.tabs.addTab(page, tab_class.title)
        self.tabs.setVisible(bool(self.tab_pages))
        layout.addWidget(self.tabs, 1)
        if not self.tab_pages:
            layout.addStretch(1)
            self.resize(920, 520)

        layout.addLayout(self._build_buttons())
        self._build_actions()
        self.undo_stack.indexChanged.connect(self._on_stack_moved)
        self.finished.connect(self._on_finished)
        self._recording = False
        self.reload()
        for page in self.tab_pages:
            page.reload()
        look_only_dialog(db, self, keep=(self.print_button, self.close_button))

    # --- building --------------------------------------------------------------------------

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.undo_action = self._action("Отменить", "Ctrl+Z", self.undo_stack.undo)
        self.redo_action = self._action("Повторить", "Ctrl+Y", self.undo_stack.redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        # Bound methods of Qt objects only: the board's stack outlives a closed card, and Qt
        # drops such connections when the card goes (a lambda would be called after it).
        stack = self.undo_stack
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(self._show_undo_text)
        stack.redoTextChanged.connect(self._show_redo_text)
        self._show_undo_text(stack.undoText())
        self._show_redo_text(stack.redoText())
        for action in (self.undo_action, self.redo_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            row.addWidget(button)
        row.addStretch(1)
        self.print_button = QPushButton("Печать")
        self.print_button.setObjectName("print_button")
        menu = QMenu(self.print_button)
        menu.addActions(print_actions(self, self._db, self.pair_id, today=self._today))
        self.print_button.setMenu(menu)
        row.addWidget(self.print_button)
        self.close_button = close = QPushButton("Закрыть")
        close.setObjectName("close_button")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        row.addWidget(close)
        return row

    def _show_undo_text(self, summary: str) -> None:
        self.undo_action.setToolTip(f"Отменить: {summary}" if summary else "Отменить")

    def _show_redo_text(self, summary: str) -> None:
        self.redo_action.setToolTip(f"Повторить: {summary}" if summary else "Повторить")

    def _action(self, text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
        return shortcut_action(text, shortcut, slot, self)

    def _build_actions(self) -> None:
        self.save_notes_action = self._action("Сохранить заметки", "Ctrl+S",
                                              self.header.save_notes)

    # --- public API ------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the header again (the tabs read themselves in `reload_tabs`)."""
        data = messages.guarded(self, lambda: pairs_service.pair_card(
            self._db, self.pair_id, today=self._today()))
        if data is None:
            return
        self.header.show_card(data)
        kind = "группы" if data.is_group else "пары"
        archive = " (архив, только просмотр)" if self._db.read_only else ""
        self.setWindowTitle(f"Карточка {kind} — наставник {data.mentor_short_name}{archive}")

    def reload_tabs(self) -> None:
        for page in self.tab_pages:
            page.reload()

    def record(self, change: BoardChange) -> None:
        """A change already written: onto the undo stack, and the header read again."""
        self._recording = True
        try:
            self.undo_stack.push(ChangeCommand(change, self._replay))
        finally:
            self._recording = False
        self.reload()
        self.changed.emit()

    # --- internals -------------------------------------------------------------------------

    def _do(self, action: Callable[[], BoardChange | None]) -> bool:
        change = messages.guarded(self, action)
        if change is None:
            self.header.reset_status()
            return False
        self.record(change)
        return True

    def _on_status_chosen(self, status: PairStatus) -> None:
        if status is PairStatus.TERMINATED:
            reason, ok = QInputDialog.getText(
                self, "Расторжение пары",
                "Пара будет расторгнута, наставляемые вернутся в базу.\nПричина расторжения:",
                QLineEdit.EchoMode.Normal, "")
            if not ok:
                self.header.reset_status()
                return
            self._do(lambda: pairs_service.close_pair(self._db, self.pair_id, reason,
                                                      on=self._today()))
            return
        today = self._today()
        self._do(lambda: pairs_service.set_status_by_curator(
            self._db, self.pair_id, status, on=today, today=today))

    def _follow_journal(self) -> None:
        self._do(lambda: pairs_service.follow_journal_again(self._db, self.pair_id,
                                                            today=self._today()))

    def _save_notes(self, text: str) -> None:
        change = messages.guarded(self, lambda: pairs_service.edit_notes(
            self._db, self.pair_id, text))
        if change is not None:
            self.record(change)

    def _own_replay(self, change: BoardChange, *, forward: bool) -> bool:
        step = pairs_service.redo if forward else pairs_service.undo
        return messages.guarded(self, lambda: step(self._db, change)) is not None

    def _on_stack_moved(self, _index: int) -> None:
        """After an undo or a redo (from the card or the board) the card shows the pair again.
        A change just recorded is shown by `record` itself."""
        if self._recording or not self.isVisible():  # a closed card, or the stack going away
            return
        self.reload()
        self.reload_tabs()
        self.changed.emit()

    def _on_finished(self, _result: int) -> None:
        self.header.save_notes()
        with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
            self.undo_stack.indexChanged.disconnect(self._on_stack_moved)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.header.save_notes()
        super().closeEvent(event)


def open_pair_card(parent: QWidget, db: Database, programme_id: int, pair_id: int, *,
                   undo_stack: QUndoStack | None = None, today: Callable[[], dt.date] | None = None,
                   replay: Replay | None = None,
                   on_change: Callable[[], None] | None = None) -> PairCardDialog:
    """Show the card of `pair_id` (not modal) — the one already open, brought forward, if any.
    `on_change` is called after each change in it and when it closes (the board reloads)."""
    for dialog in parent.findChildren(PairCardDialog):
        if dialog.pair_id == pair_id and dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
            return dialog
    dialog = PairCardDialog(db, programme_id, pair_id, today=today or dt.date.today,
                            undo_stack=undo_stack, replay=replay, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_change is not None:
        dialog.changed.connect(on_change)
        dialog.finished.connect(lambda _result: on_change())
    dialog.show()
    return dialog


__all__ = ["PairCardDialog", "available_tabs", "open_pair_card"]
