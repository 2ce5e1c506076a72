"""The views of the pair board: the column view that drags and takes drops, and the list of
mentees without a pair (their models and the card delegate are in ui/models/pair_board_models).

One `QListView` per column paints its cards with a delegate, so a board of a thousand pairs costs
a thousand rows in seven models, not a thousand widgets. Drags carry `MIME_TYPE` with a small JSON
payload (`BoardDrag`): a card (to change its status) or a mentee (to put him into another pair).
Pressing on a mentee's line of a card drags that mentee; pressing elsewhere drags the card.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QPoint,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import PAIR_STATUS_LABELS, PairStatus
from nastavnik_desktop.services.pairs import (
    PairCard,
    UnmatchedMentee,
)
from nastavnik_desktop.ui.models.pair_board_models import (
    GAP,
    STATUS_ACCENTS,
    BoardDrag,
    MenteeListModel,
    PairCardDelegate,
    PairCardModel,
    board_mime,
    drag_from_mime,
    mentee_at,
)

# --- views -------------------------------------------------------------------------------------


class _BoardListView(QListView):
    """A list that drags board MIME data and takes it; subclasses decide what a drop means."""

    neighbour_requested = Signal(int)
    """←/→ pressed: move the focus to the column on that side (-1 or +1)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._press_pos: QPoint | None = None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() == Qt.KeyboardModifier.NoModifier and event.key() in (
                Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.neighbour_requested.emit(-1 if event.key() == Qt.Key.Key_Left else 1)
            event.accept()
            return
        super().keyPressEvent(event)

    def drag_payload(self) -> BoardDrag | None:
        raise NotImplementedError

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        payload = self.drag_payload()
        if payload is None:
            return
        drag = QDrag(self)
        drag.setMimeData(board_mime(payload))
        index = self.currentIndex()
        if index.isValid():
            rect = self.visualRect(index)
            pixmap = self.viewport().grab(rect)
            drag.setPixmap(pixmap)
            if self._press_pos is not None:
                drag.setHotSpot(self._press_pos - rect.topLeft())
        drag.exec(Qt.DropAction.MoveAction)

    def accepts(self, payload: BoardDrag, point: QPoint) -> bool:
        raise NotImplementedError

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if drag_from_mime(event.mimeData()) is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        payload = drag_from_mime(event.mimeData())
        if payload is None or not self.accepts(payload, event.position().toPoint()):
            self.set_drop_row(-1)
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.set_drop_row(-1)
        event.accept()

    def set_drop_row(self, row: int) -> None:
        """Overridden by the card view to highlight the card under a dragged mentee."""


class CardListView(_BoardListView):
    """One column of the board: the cards of one status."""

    card_dropped = Signal(int, object)
    """A card (pair id) was dropped on this column (its PairStatus)."""
    mentee_dropped = Signal(int, int)
    """A mentee (mentee profile id) was dropped on a card (pair id) of this column."""

    def __init__(self, status: PairStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self.drop_row = -1
        self.setObjectName(f"column_{status.value}")
        self.setSpacing(3)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setItemDelegate(PairCardDelegate(self))
        self.card_model = PairCardModel(status, self)
        self.setModel(self.card_model)

    def current_card(self) -> PairCard | None:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isSelected(index):
            return None
        return self.card_model.card_at(index.row())

    def card_rect(self, pair_id: int) -> QRect:
        """Where card `pair_id` is painted, in viewport coordinates (empty if not shown)."""
        row = self.card_model.row_of(pair_id)
        return QRect() if row < 0 else self.visualRect(self.card_model.index(row))

    def drag_payload(self) -> BoardDrag | None:
        card = self.current_card()
        if card is None:
            return None
        if self._press_pos is not None:
            rect = self.visualRect(self.currentIndex()).adjusted(1, 1, -2, -GAP)
            mentee = mentee_at(card, rect, self.fontMetrics(), self._press_pos)
            if mentee is not None and card.is_active:
                return BoardDrag("mentee", mentee, card.id)
        return BoardDrag("pair", card.id)

    def accepts(self, payload: BoardDrag, point: QPoint) -> bool:
        if payload.kind == "pair":
            self.set_drop_row(-1)
            return True
        index = self.indexAt(point)
        card = self.card_model.card_at(index.row()) if index.isValid() else None
        ok = card is not None and card.id != payload.from_pair
        self.set_drop_row(index.row() if ok else -1)
        return ok

    def set_drop_row(self, row: int) -> None:
        if row != self.drop_row:
            self.drop_row = row
            self.viewport().update()

    def dropEvent(self, event: QDropEvent) -> None:
        payload = drag_from_mime(event.mimeData())
        point = event.position().toPoint()
        self.set_drop_row(-1)
        if payload is None or not self.accepts(payload, point):
            self.set_drop_row(-1)
            event.ignore()
            return
        self.set_drop_row(-1)
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        if payload.kind == "pair":
            self.card_dropped.emit(payload.id, self.status)
        else:
            pair = self.card_model.card_at(self.indexAt(point).row())
            self.mentee_dropped.emit(payload.id, pair.id)


class UnmatchedListView(_BoardListView):
    """Mentees without a pair: drag one onto a card; drop a card's mentee here to free him."""

    mentee_returned = Signal(int)
    """A mentee dragged from a card was dropped here: back to the base."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unmatched_list")
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setStyleSheet("QListView::item { padding: 3px 2px; }")
        self.mentee_model = MenteeListModel(self)
        self.setModel(self.mentee_model)

    def current_mentee(self) -> UnmatchedMentee | None:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isSelected(index):
            return None
        return self.mentee_model.mentee_at(index.row())

    def drag_payload(self) -> BoardDrag | None:
        mentee = self.current_mentee()
        return None if mentee is None else BoardDrag("mentee", mentee.mentee_profile_id)

    def accepts(self, payload: BoardDrag, point: QPoint) -> bool:
        return payload.kind == "mentee" and payload.from_pair is not None

    def dropEvent(self, event: QDropEvent) -> None:
        payload = drag_from_mime(event.mimeData())
        if payload is None or not self.accepts(payload, event.position().toPoint()):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.mentee_returned.emit(payload.id)


COLUMN_MIN_WIDTH = 220


COLUMN_HEADER_STYLE = ("QLabel {{ border-bottom: 3px solid {accent}; padding: 2px 2px 4px 2px; "
                        "font-weight: bold; }}")
COLUMN_STYLE = ("QFrame#board_column { background: palette(alternate-base); "
                 "border-radius: 6px; }")


class BoardColumn(QFrame):
    """A column: the status with the number of cards, and the cards."""

    def __init__(self, status: PairStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board_column")
        self.setStyleSheet(COLUMN_STYLE)
        self.setMinimumWidth(COLUMN_MIN_WIDTH)
        self.status = status
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        self.header = QLabel()
        self.header.setObjectName(f"header_{status.value}")
        self.header.setStyleSheet(COLUMN_HEADER_STYLE.format(accent=STATUS_ACCENTS[status]))
        layout.addWidget(self.header)
        self.view = CardListView(status)
        self.view.viewport().setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout.addWidget(self.view, 1)

    def show_count(self, shown: int, total: int) -> None:
        label = PAIR_STATUS_LABELS[self.status].capitalize()
        count = str(total) if shown == total else f"{shown} из {total}"
        self.header.setText(f"{label}  ·  {count}")
