"""«Пары и группы»: the board of pairs by stage of work (stages 5–6 of the programme).

A column per pair status, сформирована → … → завершена, then расторгнута; the mentees without a
pair on the right. Drag a card to another column to move the pair on; drag a mentee (from the
right-hand list, or a mentee's line on a card) onto a card to put him into that pair, or back to
the list to free him. Every move is one service call; a refused one shows the reason and changes
nothing. Moves go onto a `QUndoStack` (Ctrl+Z / Ctrl+Y): undo asks the service to put the rows
back exactly as they were. The context menu of a card does everything without a mouse:
Ctrl+→ / Ctrl+← move the selected card to the next or previous stage, ←/→ go between columns.
A double click or Enter on a card opens the pair card (`ui/pair_card`), which shares the board's
undo stack; the board follows what is changed in it.

Drops are handled through queued connections, after the drag has finished, so a message box
never opens inside the drag's event loop.

A visit reads the board again only when a table it shows has changed (services/changes.py);
the columns take the cards read in place, so a move repaints the cards it touched and the
selection and scroll position of every column stay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PairStatus
from nastavnik_desktop.services import changes, reference_lists
from nastavnik_desktop.services import pairs as pairs_service
from nastavnik_desktop.services.pairs import (
    ACTIVE_STATUSES,
    BOARD_STATUSES,
    BOARD_TABLES,
    BoardChange,
    PairCard,
    UnmatchedMentee,
)
from nastavnik_desktop.text import class_sort_key, count_phrase
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.change_command import ChangeCommand
from nastavnik_desktop.ui.dialogs import board_choices
from nastavnik_desktop.ui.models.pair_board_models import (
    BoardFilter,
    card_keys,
    card_matches,
    mentee_matches,
)
from nastavnik_desktop.ui.pages.base import Page
from nastavnik_desktop.ui.pair_card.dialog import PairCardDialog, open_pair_card
from nastavnik_desktop.ui.read_only import look_only, writing
from nastavnik_desktop.ui.stage_wizards import run_stage5_wizard
from nastavnik_desktop.ui.widgets.actions import shortcut_action
from nastavnik_desktop.ui.widgets.board_filter import BoardFilterBar
from nastavnik_desktop.ui.widgets.pair_board import (
    COLUMN_HEADER_STYLE,
    COLUMN_STYLE,
    BoardColumn,
    CardListView,
    UnmatchedListView,
)

UNMATCHED_WIDTH = 240


class PairsBoardPage(Page):
    changed = Signal()
    """The board was reloaded after a move, an undo or a redo."""

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self._db = db
        self._programme_id = programme_id
        self._today = today
        """The day the marks (silence, overdue) and the pair card count from."""
        self._cards: list[PairCard] = []
        self._keys: dict[int, tuple[str, frozenset[str]]] = {}
        self._unmatched: list[UnmatchedMentee] = []
        self._shown: int | None = None
        """The changes counter of the board's tables when the cards shown were read."""
        self._filter = BoardFilter()
        self._active_view: CardListView | None = None
        self.undo_stack = QUndoStack(self)

        layout = style.page_layout(QVBoxLayout(self))
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        title_row = QHBoxLayout()
        title_row.addWidget(style.heading("Пары и группы"))
        title_row.addStretch(1)
        self._build_actions()
        match_button = QToolButton()
        match_button.setObjectName("match_button")
        match_button.setDefaultAction(self.match_action)
        match_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        title_row.addWidget(match_button)
        undo_buttons = []
        for action in (self.undo_action, self.redo_action):
            button = QToolButton()
            undo_buttons.append(button)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            title_row.addWidget(button)
        layout.addLayout(title_row)
        self.summary_label = style.secondary()
        self.summary_label.setObjectName("pairs_summary")
        layout.addWidget(self.summary_label)
        self.filters = BoardFilterBar()
        self.filters.changed.connect(self._on_filter_changed)
        layout.addWidget(self.filters)

        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self._build_board(), 1)
        body.addWidget(self._build_unmatched())
        layout.addLayout(body, 1)
        writing(db, match_button, self.match_action, *undo_buttons, self.undo_action,
                self.redo_action, self.next_action, self.previous_action,
                self.move_mentee_action, self.close_action, self.reopen_action,
                self.assign_action, self.suggest_action, self.suggest_button,
                self.unmatched_hint)
        look_only(db, self.unmatched_view, *(column.view for column in self.columns.values()))
        self.refresh()

    # --- building --------------------------------------------------------------------------

    def _build_actions(self) -> None:
        # Own actions rather than createUndoAction(): their text stays short on the buttons,
        # the command being undone goes into the tooltip.
        self.undo_action = self._action("Отменить", "Ctrl+Z", self.undo_stack.undo)
        self.redo_action = self._action("Повторить", "Ctrl+Y", self.undo_stack.redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for action, can, text, word in (
                (self.undo_action, self.undo_stack.canUndoChanged,
                 self.undo_stack.undoTextChanged, "Отменить"),
                (self.redo_action, self.undo_stack.canRedoChanged,
                 self.undo_stack.redoTextChanged, "Повторить")):
            action.setEnabled(False)
            can.connect(action.setEnabled)
            text.connect(lambda summary, a=action, w=word: a.setToolTip(
                f"{w}: {summary}" if summary else w))
        self.open_card_action = self._action("Открыть карточку…", "", self.open_card)
        self.next_action = self._action("Следующий этап", "Ctrl+Right",
                                        lambda: self.step_selected(1))
        self.previous_action = self._action("Предыдущий этап", "Ctrl+Left",
                                            lambda: self.step_selected(-1))
        self.move_mentee_action = self._action("Перенести наставляемого…", "Ctrl+M",
                                               self.move_mentee_of_selected)
        self.close_action = self._action("Расторгнуть пару…", "Ctrl+Delete",
                                         self.close_selected)
        self.reopen_action = self._action("Возобновить пару", "", self.reopen_selected)
        self.assign_action = self._action("Назначить наставника…", "Ctrl+Return",
                                          self.assign_selected_mentee)
        self.suggest_action = self._action("Предложить наставника…", "Ctrl+Shift+Return",
                                           self.suggest_for_selected_mentee)
        self.suggest_action.setToolTip("Лучшие по совместимости наставники со свободным местом")
        self.match_action = self._action("Подобрать пары…", "Ctrl+Shift+M", self.open_matching)
        self.match_action.setToolTip("Мастер этапа 5: подбор пар по анкетам (Ctrl+Shift+M)")

    def _action(self, text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
        return shortcut_action(text, shortcut, slot, self)

    def _build_board(self) -> QScrollArea:
        content = QWidget()
        row = QHBoxLayout(content)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.columns: dict[PairStatus, BoardColumn] = {}
        for status in BOARD_STATUSES:
            column = BoardColumn(status)
            view = column.view
            view.card_dropped.connect(self._on_card_dropped, Qt.ConnectionType.QueuedConnection)
            view.mentee_dropped.connect(self._on_mentee_dropped,
                                        Qt.ConnectionType.QueuedConnection)
            view.customContextMenuRequested.connect(
                lambda point, v=view: self._card_menu(v, point))
            view.neighbour_requested.connect(lambda step, s=status: self._focus_column(s, step))
            view.selectionModel().currentChanged.connect(
                lambda _current, _previous, v=view: self._on_card_chosen(v))
            view.activated.connect(lambda _index, v=view: self._on_card_chosen(v))
            view.doubleClicked.connect(lambda _index, v=view: self._open_card_of(v))
            enter = QAction("Открыть карточку", view,
                            shortcutContext=Qt.ShortcutContext.WidgetShortcut)
            enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
            enter.triggered.connect(lambda _checked=False, v=view: self._open_card_of(v))
            view.addAction(enter)
            self.columns[status] = column
            row.addWidget(column, 1)
        scroll = QScrollArea()
        scroll.setObjectName("board_scroll")
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return scroll

    def _build_unmatched(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("board_column")
        panel.setStyleSheet(COLUMN_STYLE)
        panel.setFixedWidth(UNMATCHED_WIDTH)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        self.unmatched_header = QLabel()
        self.unmatched_header.setObjectName("unmatched_header")
        self.unmatched_header.setStyleSheet(COLUMN_HEADER_STYLE.format(accent="#546e7a"))
        layout.addWidget(self.unmatched_header)
        self.unmatched_hint = style.secondary(
            "Перетащите на карточку пары или выберите в меню «Предложить наставника…» либо "
            "«Назначить наставника…» (Ctrl+Enter).")
        layout.addWidget(self.unmatched_hint)
        self.unmatched_view = UnmatchedListView()
        self.unmatched_view.mentee_returned.connect(self._on_mentee_returned,
                                                    Qt.ConnectionType.QueuedConnection)
        self.unmatched_view.customContextMenuRequested.connect(self._unmatched_menu)
        self.unmatched_view.activated.connect(lambda _index: self.assign_action.trigger())
        self.unmatched_view.neighbour_requested.connect(
            lambda step: self._focus_column(None, step))
        layout.addWidget(self.unmatched_view, 1)
        self.suggest_button = suggest_button = QToolButton()
        suggest_button.setObjectName("suggest_button")
        suggest_button.setDefaultAction(self.suggest_action)
        suggest_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout.addWidget(suggest_button, 0, Qt.AlignmentFlag.AlignHCenter)
        return panel

    # --- public API ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the board if anything it shows has changed, keeping filters and selection."""
        if self._generation() == self._shown:
            return
        selected = self.selected_card()
        self._reload(selected.id if selected else None)

    def cards_in(self, status: PairStatus) -> list[PairCard]:
        """The cards shown in the column of `status` (after the filters)."""
        return self.columns[status].view.card_model.cards()

    def shown_unmatched(self) -> list[UnmatchedMentee]:
        return self.unmatched_view.mentee_model.mentees()

    def column_view(self, status: PairStatus) -> CardListView:
        return self.columns[status].view

    def selected_card(self) -> PairCard | None:
        view = self._active_view
        return view.current_card() if view is not None else None

    def select_card(self, pair_id: int, *, focus: bool = False) -> bool:
        """Select card `pair_id` in its column if it is shown; returns whether it is."""
        for column in self.columns.values():
            view = column.view
            row = view.card_model.row_of(pair_id)
            if row >= 0:
                index = view.card_model.index(row)
                view.setCurrentIndex(index)
                view.scrollTo(index)
                self._on_card_chosen(view)
                if focus:
                    view.setFocus()
                return True
        return False

    def set_filter(self, *, form_id: int | None = None, class_name: str | None = None,
                   search: str = "", status: PairStatus | None = None,
                   silent_only: bool = False) -> None:
        """Set all the filters at once (as the curator would with the controls)."""
        self.filters.set_filter(form_id=form_id, class_name=class_name, search=search,
                                status=status, silent_only=silent_only)
        self._on_filter_changed()

    def show_silent_only(self) -> None:
        """Only the pairs without meetings for weeks, other filters cleared (from «Обзор»)."""
        self.set_filter(silent_only=True)

    # --- moves -----------------------------------------------------------------------------

    def move_card(self, pair_id: int, status: PairStatus) -> bool:
        """Move a card to the column of `status` (closing asks for the reason)."""
        card = self._card(pair_id)
        if card is None or card.status is status:
            return False
        if status is PairStatus.TERMINATED:
            return self.close_pair(card)
        return self._do(lambda: pairs_service.move_status(self._db, pair_id, status))

    def step_selected(self, step: int) -> None:
        card = self.selected_card()
        target = pairs_service.stepped(card.status, step) if card else None
        if card is not None and target is not None:
            self.move_card(card.id, target)

    def close_pair(self, card: PairCard) -> bool:
        if card.status not in ACTIVE_STATUSES:
            messages.show_error(self, "Расторгнуть можно только действующую пару.")
            return False
        mentees = ", ".join(m.short_name for m in card.mentees) or "без наставляемых"
        reason, ok = QInputDialog.getText(
            self, "Расторжение пары",
            f"Пара наставника {card.mentor_short_name} ({mentees}) будет расторгнута, "
            "наставляемые вернутся в базу.\nПричина расторжения:",
            QLineEdit.EchoMode.Normal, "")
        if not ok:
            return False
        return self._do(lambda: pairs_service.close_pair(self._db, card.id, reason))

    def close_selected(self) -> None:
        card = self.selected_card()
        if card is not None:
            self.close_pair(card)

    def reopen_selected(self) -> None:
        card = self.selected_card()
        if card is not None and card.status is PairStatus.TERMINATED:
            self._do(lambda: pairs_service.reopen_pair(self._db, card.id, PairStatus.WORKING))

    def move_mentee(self, mentee_profile_id: int, pair_id: int | None) -> bool:
        """Put a mentee into pair `pair_id`, or back to the base with None."""
        return self._do(lambda: pairs_service.move_mentee(self._db, mentee_profile_id, pair_id))

    def move_mentee_of_selected(self) -> None:
        """Ask which mentee of the selected card goes where, then move him."""
        card = self.selected_card()
        chosen = None if card is None else board_choices.ask_mentee_move(self, card, self._cards)
        if chosen is not None:
            self.move_mentee(*chosen)

    def assign_selected_mentee(self) -> None:
        """Offer the admitted mentors with free places to the selected unmatched mentee."""
        self._assign(board_choices.ask_mentor)

    def suggest_for_selected_mentee(self) -> None:
        """Rank the mentors who could take the selected unmatched mentee; the chosen one is
        assigned like «Назначить наставника…» (so it can be undone)."""
        self._assign(lambda parent, db, mentee: board_choices.ask_suggested_mentor(
            parent, db, self._programme_id, mentee))

    def _assign(self, ask: Callable[[QWidget, Database, UnmatchedMentee], int | None]) -> None:
        mentee = self.unmatched_view.current_mentee()
        mentor_id = None if mentee is None else ask(self, self._db, mentee)
        if mentee is not None and mentor_id is not None:
            self._do(lambda: pairs_service.assign_to_mentor(
                self._db, mentee.mentee_profile_id, mentor_id))

    def open_matching(self) -> None:
        """The stage 5 wizard; after «Готово» the board shows the new pairs. Moves made before
        cannot be undone across it, so the undo history starts again."""
        if run_stage5_wizard(self, self._db, self._programme_id):
            self.undo_stack.clear()
            self.refresh()

    def replay(self, change: BoardChange, *, forward: bool) -> bool:
        """Undo (or redo) a move through the service; False when it could not be done."""
        step = pairs_service.redo if forward else pairs_service.undo
        since = self._since()
        done = messages.guarded(self, lambda: step(self._db, change))
        self._after_move(change, since)
        return done is not None

    def open_card(self, pair_id: int | None = None) -> PairCardDialog | None:
        """The pair card of `pair_id` (the selected card's by default), on the board's undo."""
        card = self.selected_card()
        pair_id = pair_id if pair_id is not None else card.id if card is not None else None
        return None if pair_id is None else open_pair_card(
            self, self._db, self._programme_id, pair_id, undo_stack=self.undo_stack,
            replay=self.replay, on_change=self.refresh, today=self._today)

    # --- internals -------------------------------------------------------------------------

    def _do(self, action: Callable[[], BoardChange]) -> bool:
        since = self._since()
        change = messages.guarded(self, action)
        if change is None:
            return False
        self.undo_stack.push(ChangeCommand(change, self.replay))
        self._after_move(change, since, focus=True)
        return True

    def _since(self) -> tuple[bool, int]:
        """Whether the board shown is up to date, and the count of every commit so far."""
        return self._generation() == self._shown, changes.generation(self._db)

    def _after_move(self, change: BoardChange, since: tuple[bool, int], *,
                    focus: bool = False) -> None:
        """When the move's commit (or none: refused) is the only one since the board was read,
        only the cards it touched are read again."""
        made = changes.generation(self._db) - since[1]
        touched = pairs_service.pairs_touched(change) if made else set()
        self._reload(change.pair_id, focus=focus,
                     pair_ids=touched if since[0] and made in (0, 1) else None)

    def _generation(self) -> int:
        return changes.generation(self._db, *sorted(BOARD_TABLES))

    def _reload(self, select_id: int | None, *, focus: bool = False,
                pair_ids: set[int] | None = None) -> None:
        """Read the board (only the cards `pair_ids` when given) and show it."""
        generation = self._generation()
        cards = pairs_service.board(self._db, self._programme_id, pair_ids=pair_ids,
                                    today=self._today())
        self.filters.set_silent_weeks(pairs_service.silent_weeks(self._db))
        self._unmatched = pairs_service.unmatched_mentees(self._db, self._programme_id)
        if pair_ids is not None:
            cards = pairs_service.with_cards_read(self._cards, pair_ids, cards)
        old = {card.id: card for card in self._cards}
        self._keys = {card.id: self._keys[card.id] if old.get(card.id) == card
                      else card_keys(card) for card in cards}
        self._cards = cards
        self._shown = generation
        self._fill_choices()
        self._filter = self.filters.chosen()
        self._apply_filter()
        if select_id is not None:
            self.select_card(select_id, focus=focus)
        self.changed.emit()

    def _fill_choices(self) -> None:
        forms = {c.form_id: c.form_name for c in self._cards}
        forms.update({m.form_id: m.form_name for m in self._unmatched if m.form_id is not None})
        classes = {cls for keys in self._keys.values() for cls in keys[1]}
        classes |= {m.place for m in self._unmatched if m.place}
        class_names = sorted((c for c in classes if class_sort_key(c)[0] == 0),
                             key=class_sort_key)
        order = reference_lists.item_order(self._db, reference_lists.ListKind.FORMS)
        self.filters.set_choices(
            sorted(((name, form_id) for form_id, name in forms.items()),
                   key=lambda item: (order.get(item[1], len(order)), item[1])), class_names)

    def _on_filter_changed(self) -> None:
        self._filter = self.filters.chosen()
        selected = self.selected_card()
        self._apply_filter()
        if selected is not None:
            self.select_card(selected.id)

    def _apply_filter(self) -> None:
        board_filter = self._filter
        by_status: dict[PairStatus, list[PairCard]] = {s: [] for s in BOARD_STATUSES}
        totals = dict.fromkeys(BOARD_STATUSES, 0)
        for card in self._cards:
            totals[card.status] += 1
            if card_matches(card, self._keys[card.id], board_filter):
                by_status[card.status].append(card)
        for status, column in self.columns.items():
            column.view.card_model.set_cards(by_status[status])
            column.show_count(len(by_status[status]), totals[status])
            # a past year's board shows the stages its pairs reached, not empty columns
            column.setVisible(board_filter.status in (None, status)
                              and not (self._db.read_only and not totals[status]))
        unmatched = [m for m in self._unmatched if mentee_matches(m, board_filter)]
        self.unmatched_view.mentee_model.set_mentees(unmatched)
        count = (str(len(unmatched)) if len(unmatched) == len(self._unmatched)
                 else f"{len(unmatched)} из {len(self._unmatched)}")
        self.unmatched_header.setText(f"Без наставника  ·  {count}")
        self._update_summary(sum(len(cards) for cards in by_status.values()))
        self._update_actions()

    def _update_summary(self, shown: int) -> None:
        # a past year: what it had (none of it active now); the running one: what works
        archive = self._db.read_only
        counted = self._cards if archive else [c for c in self._cards if c.is_active]
        groups = sum(c.is_group for c in counted)
        mentees = sum(len(c.mentees) for c in counted)
        text = (f"{'За учебный год' if archive else 'Действующих'}: "
                f"{count_phrase(len(counted) - groups, 'пара', 'пары', 'пар')} и "
                f"{count_phrase(groups, 'группа', 'группы', 'групп')}, в них "
                f"{count_phrase(mentees, 'наставляемый', 'наставляемых', 'наставляемых')}; "
                f"без наставника — {len(self._unmatched)}.")
        if shown != len(self._cards):
            text += f" Показано карточек: {shown} из {len(self._cards)}."
        self.summary_label.setText(text)

    def _card(self, pair_id: int) -> PairCard | None:
        return next((c for c in self._cards if c.id == pair_id), None)

    def _on_card_chosen(self, view: CardListView) -> None:
        if view.current_card() is None:
            return
        if self._active_view is not None and self._active_view is not view:
            self._active_view.clearSelection()
        self._active_view = view
        self._update_actions()

    def _update_actions(self) -> None:
        card = self.selected_card()
        step = pairs_service.stepped
        self.next_action.setEnabled(card is not None and step(card.status, 1) is not None)
        self.previous_action.setEnabled(card is not None and step(card.status, -1) is not None)
        active = card is not None and card.is_active
        self.move_mentee_action.setEnabled(active and bool(card and card.mentees))
        self.close_action.setEnabled(active)
        self.reopen_action.setEnabled(card is not None
                                      and card.status is PairStatus.TERMINATED)

    def _open_card_of(self, view: CardListView) -> None:
        self._on_card_chosen(view)
        card = view.current_card()
        if card is not None:
            self.open_card(card.id)

    def _focus_column(self, status: PairStatus | None, step: int) -> None:
        """Move the keyboard focus to the next shown column (None: the unmatched list)."""
        shown = [s for s in BOARD_STATUSES if self.columns[s].isVisible()]
        order: list[PairStatus | None] = [*shown, None]
        at = order.index(status) if status in order else 0
        target = order[(at + step) % len(order)]
        view = self.unmatched_view if target is None else self.columns[target].view
        view.setFocus()
        if view.model().rowCount() and not view.currentIndex().isValid():
            view.setCurrentIndex(view.model().index(0, 0))

    def _card_menu(self, view: CardListView, point: QPoint) -> None:
        index = view.indexAt(point)
        if not index.isValid():
            return
        view.setCurrentIndex(index)
        self._on_card_chosen(view)
        menu = QMenu(self)
        menu.addAction(self.open_card_action)
        menu.addSeparator()
        for action in (self.next_action, self.previous_action, None, self.move_mentee_action,
                       None, self.close_action, self.reopen_action):
            if action is None:
                menu.addSeparator()
            elif action.isEnabled():
                menu.addAction(action)
        menu.exec(view.viewport().mapToGlobal(point))

    def _unmatched_menu(self, point: QPoint) -> None:
        if not self.unmatched_view.indexAt(point).isValid():
            return
        menu = QMenu(self)
        menu.addAction(self.suggest_action)
        menu.addAction(self.assign_action)
        menu.exec(self.unmatched_view.viewport().mapToGlobal(point))

    def _on_card_dropped(self, pair_id: int, status: PairStatus) -> None:
        self.move_card(pair_id, status)

    def _on_mentee_dropped(self, mentee_profile_id: int, pair_id: int) -> None:
        self.move_mentee(mentee_profile_id, pair_id)

    def _on_mentee_returned(self, mentee_profile_id: int) -> None:
        self.move_mentee(mentee_profile_id, None)

