"""The models of the pairs board: pair cards and unmatched mentees (with the drag data between
them), the delegate that paints a card, and the board's filter.

A column given its cards again changes in place: cards that left are removed, new ones inserted,
changed ones repainted — the selection and the scroll position of the column stay (a move on
the board touches one or two cards of a thousand)."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from nastavnik_desktop.data.enums import PairStatus
from nastavnik_desktop.services.pairs import (
    PairCard,
    UnmatchedMentee,
)
from nastavnik_desktop.services.pairs.rules import no_meetings_text
from nastavnik_desktop.text import alphabetical_key
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.proposal_model import score_text

MIME_TYPE = "application/x-nastavnik-board"
CARD_ROLE = Qt.ItemDataRole.UserRole + 1
MENTEE_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_MENTEE_LINES = 4
"""A group shows this many mentees; the rest are «и ещё N»."""
MAX_MOVED_IN_PLACE = 100
"""Cards coming and going one by one up to this many; more (a filter changed) reset the list."""

# The stripe on the left of a card and the column's chip: one colour per stage of work.
STATUS_ACCENTS: dict[PairStatus, str] = {
    PairStatus.FORMED: "#8e9aa6",
    PairStatus.ACQUAINTANCE: "#3f8fd8",
    PairStatus.PLANNING: "#7a5cc7",
    PairStatus.WORKING: "#1f7a4d",
    PairStatus.RESULTS: "#c98a12",
    PairStatus.COMPLETED: "#2e8b4a",
    PairStatus.TERMINATED: style.WARNING_COLOUR,
}
WARNING_COLOUR = style.WARNING_COLOUR
"""The card's warning marks: a silent pair, overdue tasks of its plan."""

_Index = QModelIndex | QPersistentModelIndex
_T = TypeVar("_T")
_PAD = 8
_STRIPE = 4
GAP = 2


@dataclass(frozen=True)
class BoardDrag:
    """What is being dragged on the board."""

    kind: Literal["pair", "mentee"]
    id: int
    from_pair: int | None = None


def board_mime(drag: BoardDrag) -> QMimeData:
    """The MIME data the board's drags carry (tests drop it with QDropEvent)."""
    mime = QMimeData()
    payload = {"kind": drag.kind, "id": drag.id, "from_pair": drag.from_pair}
    mime.setData(MIME_TYPE, json.dumps(payload).encode())
    mime.setText(f"{drag.kind}:{drag.id}")
    return mime


def drag_from_mime(mime: QMimeData) -> BoardDrag | None:
    if not mime.hasFormat(MIME_TYPE):
        return None
    try:
        payload = json.loads(bytes(mime.data(MIME_TYPE).data()).decode())
        kind = payload["kind"]
        if kind not in ("pair", "mentee"):
            return None
        return BoardDrag(kind, int(payload["id"]), payload.get("from_pair"))
    except (ValueError, KeyError, TypeError):
        return None


# --- models -------------------------------------------------------------------------------------


class _KeyedListModel(QAbstractListModel, Generic[_T]):
    """A list of frozen items, each known by `key`; `_set_items` changes it in place."""

    def __init__(self, key: Callable[[_T], Hashable], parent: Any = None) -> None:
        super().__init__(parent)
        self._key = key
        self._items: list[_T] = []

    def _set_items(self, items: Sequence[_T]) -> None:
        """Remove the items that left, insert the new ones, repaint the changed ones; a list
        in another order (a renamed mentor) or mostly another list (a filter) is reset."""
        new = list(items)
        new_keys = [self._key(item) for item in new]
        wanted = set(new_keys)
        staying_count = sum(self._key(item) in wanted for item in self._items)
        moved = len(self._items) + len(new) - 2 * staying_count
        if not staying_count or moved > MAX_MOVED_IN_PLACE or len(wanted) != len(new_keys):
            self._reset(new)
            return
        for row in range(len(self._items) - 1, -1, -1):
            if self._key(self._items[row]) not in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._items[row]
                self.endRemoveRows()
        staying = [self._key(item) for item in self._items]
        present = set(staying)
        if staying != [key for key in new_keys if key in present]:
            self._reset(new)
            return
        changed = []
        for row, (key, item) in enumerate(zip(new_keys, new, strict=True)):
            if key not in present:
                self.beginInsertRows(QModelIndex(), row, row)
                self._items.insert(row, item)
                self.endInsertRows()
            elif self._items[row] != item:
                changed.append(row)
        if changed:  # a layout change, not dataChanged: a card's height may change with it
            self.layoutAboutToBeChanged.emit()
            for row in changed:
                self._items[row] = new[row]
            self.layoutChanged.emit()

    def _reset(self, items: list[_T]) -> None:
        self.beginResetModel()
        self._items = items
        self.endResetModel()


class PairCardModel(_KeyedListModel[PairCard]):
    """The cards of one column."""

    def __init__(self, status: PairStatus, parent: Any = None) -> None:
        super().__init__(lambda card: card.id, parent)
        self.status = status

    @property
    def _cards(self) -> list[PairCard]:
        return self._items

    def set_cards(self, cards: Sequence[PairCard]) -> None:
        self._set_items(cards)

    def cards(self) -> list[PairCard]:
        return list(self._cards)

    def card_at(self, row: int) -> PairCard:
        return self._cards[row]

    def row_of(self, pair_id: int) -> int:
        return next((row for row, card in enumerate(self._cards) if card.id == pair_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        card = self._cards[index.row()]
        if role == CARD_ROLE:
            return card
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            mentees = ", ".join(m.short_name for m in card.mentees) or "нет наставляемых"
            return f"{card.mentor_short_name}: {mentees}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return card_tooltip(card)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)


class MenteeListModel(_KeyedListModel[UnmatchedMentee]):
    """Mentees without a pair: name on the first line, class and form on the second."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(lambda mentee: mentee.mentee_profile_id, parent)

    @property
    def _mentees(self) -> list[UnmatchedMentee]:
        return self._items

    def set_mentees(self, mentees: Sequence[UnmatchedMentee]) -> None:
        self._set_items(mentees)

    def mentees(self) -> list[UnmatchedMentee]:
        return list(self._mentees)

    def mentee_at(self, row: int) -> UnmatchedMentee:
        return self._mentees[row]

    def row_of(self, mentee_id: int) -> int:
        return next((row for row, m in enumerate(self._mentees)
                     if m.mentee_profile_id == mentee_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._mentees)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        mentee = self._mentees[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            details = " · ".join(p for p in (mentee.place, mentee.form_name) if p)
            return f"{mentee.name}\n{details}" if details else mentee.name
        if role == MENTEE_ROLE:
            return mentee
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{mentee.name}\n{mentee.place}\nФорма: {mentee.form_name or 'не указана'}"
                    "\nПеретащите на карточку пары, чтобы назначить наставника.")
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled)


def card_tooltip(card: PairCard) -> str:
    lines = [f"Наставник: {card.mentor_name}" + (f", {card.mentor_place}"
                                                 if card.mentor_place else "")]
    if card.title:
        lines.insert(0, card.title)
    lines += [f"  • {m.name}" + (f", {m.place}" if m.place else "") for m in card.mentees]
    if not card.mentees:
        lines.append("  нет наставляемых")
    lines.append(f"Форма: {card.form_name}")
    if card.role_model:
        lines.append(f"Ролевая модель: {card.role_model}")
    lines.append(f"Мест у наставника: {card.capacity}")
    if card.match_score is not None:
        lines.append(f"Оценка совместимости: {score_text(card.match_score)} из 100")
    lines.append("Последняя встреча: " + (f"{card.last_meeting:%d.%m.%Y}" if card.last_meeting
                                          else "ещё не было"))
    lines.append(f"Проведено встреч: {card.held_meetings}")
    lines += work_warnings(card)
    if card.close_reason:
        lines.append(f"Причина расторжения: {card.close_reason}")
    return "\n".join(lines)


def work_warnings(card: PairCard) -> list[str]:
    """What the card warns about (painted as a mark, told in full in the tooltip)."""
    warnings = []
    if card.silent:
        warnings.append("Внимание: пара давно не встречалась — узнайте у наставника, в чём "
                        "дело, и запишите встречу в журнал.")
    if card.overdue_tasks and card.is_active:
        warnings.append(f"Просрочено задач плана: {card.overdue_tasks} — срок прошёл, а задача "
                        "не отмечена выполненной.")
    return warnings


def _marks(card: PairCard) -> list[str]:
    """The short warning marks painted on the card."""
    marks = []
    if card.silent:
        marks.append("⚠ давно нет встреч")
    if card.overdue_tasks and card.is_active:
        marks.append(f"⚠ просрочено: {card.overdue_tasks}")
    return marks


# --- the card delegate -------------------------------------------------------------------------


@dataclass(frozen=True)
class _CardLayout:
    """Where each line of a card goes (shared by painting, size and hit-testing)."""

    line: int
    mentee_top: int
    mentee_lines: int
    more: int
    footer_lines: int

    @property
    def height(self) -> int:
        lines = 2 + max(self.mentee_lines, 1) + (1 if self.more else 0) + self.footer_lines
        return 2 * _PAD + lines * self.line + GAP


def _layout(card: PairCard, metrics: QFontMetrics) -> _CardLayout:
    line = metrics.lineSpacing() + 1
    shown = min(len(card.mentees), MAX_MENTEE_LINES)
    more = len(card.mentees) - shown
    footer = 2 + (1 if card.close_reason else 0) + len(_marks(card))
    return _CardLayout(line, _PAD + 2 * line + GAP, shown, more, footer)


class PairCardDelegate(QStyledItemDelegate):
    """Paints a card: mentor and score, place, mentees, form and the last meeting."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        card = index.data(CARD_ROLE)
        if not isinstance(card, PairCard):
            return super().sizeHint(option, index)
        metrics: QFontMetrics = option.fontMetrics  # type: ignore[attr-defined]
        view = option.widget  # type: ignore[attr-defined]
        width = view.viewport().width() - 2 * view.spacing() if isinstance(view, QListView) \
            else 200
        return QSize(max(width, 120), _layout(card, metrics).height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, PairCard):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect.adjusted(1, 1, -2, -GAP)  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        selected = bool(state & QStyle.StateFlag.State_Selected)
        view = option.widget  # type: ignore[attr-defined]
        # the column view marks the card a drag hovers over (duck-typed: views live in ui/widgets)
        drop_target = getattr(view, "drop_row", None) == index.row()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        border = palette.color(QPalette.ColorRole.Highlight) if (selected or drop_target) \
            else palette.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(border, 2 if (selected or drop_target) else 1))
        background = palette.color(QPalette.ColorRole.Base)
        if drop_target:
            background = QColor(palette.color(QPalette.ColorRole.Highlight))
            background.setAlpha(40)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 5, 5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(STATUS_ACCENTS[card.status]))
        painter.drawRoundedRect(QRect(rect.left(), rect.top(), _STRIPE + 2, rect.height()), 2, 2)
        self._paint_text(painter, option, card, rect)
        if state & QStyle.StateFlag.State_HasFocus and selected:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1,
                                Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(3, 3, -3, -3), 4, 4)
        painter.restore()

    def _paint_text(self, painter: QPainter, option: QStyleOptionViewItem, card: PairCard,
                    rect: QRect) -> None:
        font: QFont = option.font  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        metrics = QFontMetrics(font)
        layout = _layout(card, metrics)
        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = style.muted_colour(palette)
        left = rect.left() + _STRIPE + _PAD
        width = rect.right() - _PAD - left
        top = rect.top() + _PAD - 1
        line = layout.line
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

        bold = QFont(font)
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        score_width = 0
        if card.match_score is not None:
            score = score_text(card.match_score)
            score_width = metrics.horizontalAdvance(score) + 12
            chip = QRect(rect.right() - _PAD - score_width, top + 1, score_width, line - 2)
            accent = QColor(STATUS_ACCENTS[PairStatus.WORKING])
            chip_background = QColor(accent)
            chip_background.setAlpha(36)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(chip_background)
            painter.drawRoundedRect(chip, (line - 2) / 2, (line - 2) / 2)
            painter.setFont(font)
            painter.setPen(accent.darker(120))
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, score)
        painter.setFont(bold)
        painter.setPen(text_colour)
        name = card.mentor_name if bold_metrics.horizontalAdvance(card.mentor_name) <= \
            width - score_width - 4 else card.mentor_short_name
        painter.drawText(QRect(left, top, width - score_width - 4, line), flags,
                         bold_metrics.elidedText(name, Qt.TextElideMode.ElideRight,
                                                 width - score_width - 4))
        painter.setFont(font)
        painter.setPen(muted)
        place = card.mentor_place
        if card.title:
            place = f"{card.title} · {place}" if place else card.title
        elif card.is_group:
            place = f"группа · {place}" if place else "группа"
        painter.drawText(QRect(left, top + line, width, line), flags,
                         metrics.elidedText(place or "наставник", Qt.TextElideMode.ElideRight,
                                            width))

        y = rect.top() + layout.mentee_top
        painter.setPen(text_colour)
        if not card.mentees:
            painter.setPen(muted)
            painter.drawText(QRect(left, y, width, line), flags, "нет наставляемых")
            y += line
        for mentee in card.mentees[:layout.mentee_lines]:
            text = f"• {mentee.short_name}" + (f", {mentee.place}" if mentee.place else "")
            painter.drawText(QRect(left, y, width, line), flags,
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
            y += line
        if layout.more:
            painter.setPen(muted)
            painter.drawText(QRect(left, y, width, line), flags, f"  и ещё {layout.more}")
            y += line

        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.9)
        small_metrics = QFontMetrics(small)
        painter.setFont(small)
        painter.setPen(muted)
        form = card.role_model or card.form_name
        painter.drawText(QRect(left, y, width, line), flags,
                         small_metrics.elidedText(form, Qt.TextElideMode.ElideRight, width))
        y += line
        meeting = (f"встреч: {card.held_meetings} · {card.last_meeting:%d.%m.%Y}"
                   if card.last_meeting else no_meetings_text(card.status))
        painter.drawText(QRect(left, y, width, line), flags,
                         small_metrics.elidedText(meeting, Qt.TextElideMode.ElideRight, width))
        warning = QFont(small)
        warning.setBold(True)
        for mark in _marks(card):  # a line each: a narrow column must not cut them
            y += line
            painter.setFont(warning)
            painter.setPen(QColor(WARNING_COLOUR))
            painter.drawText(QRect(left, y, width, line), flags, QFontMetrics(warning).elidedText(
                mark, Qt.TextElideMode.ElideRight, width))
        painter.setFont(small)
        painter.setPen(muted)
        if card.close_reason:
            y += line
            italic = QFont(small)
            italic.setItalic(True)
            painter.setFont(italic)
            painter.setPen(QColor(STATUS_ACCENTS[PairStatus.TERMINATED]))
            painter.drawText(QRect(left, y, width, line), flags, QFontMetrics(italic).elidedText(
                card.close_reason, Qt.TextElideMode.ElideRight, width))


def mentee_at(card: PairCard, rect: QRect, metrics: QFontMetrics, point: QPoint) -> int | None:
    """The mentee whose line of the card painted in `rect` is under `point`, if any."""
    layout = _layout(card, metrics)
    row = (point.y() - rect.top() - layout.mentee_top - 1) // layout.line
    if point.y() < rect.top() + layout.mentee_top or not 0 <= row < layout.mentee_lines:
        return None
    return card.mentees[row].mentee_profile_id


@dataclass(frozen=True)
class BoardFilter:
    """What the board shows: a form, a class, words of the names, a status (None: any), only
    the silent pairs."""

    form_id: int | None = None
    class_name: str | None = None
    search: str = ""
    status: PairStatus | None = None
    silent_only: bool = False


def card_matches(card: PairCard, keys: tuple[str, frozenset[str]],
                  board_filter: BoardFilter) -> bool:
    search_key, classes = keys
    if board_filter.silent_only and not card.silent:
        return False
    if board_filter.form_id is not None and card.form_id != board_filter.form_id:
        return False
    if board_filter.class_name is not None and board_filter.class_name not in classes:
        return False
    return all(word in search_key for word in board_filter.search.casefold().replace(
        "ё", "е").split())


def mentee_matches(mentee: UnmatchedMentee, board_filter: BoardFilter) -> bool:
    if board_filter.form_id is not None and mentee.form_id != board_filter.form_id:
        return False
    if board_filter.class_name is not None and mentee.place != board_filter.class_name:
        return False
    key = alphabetical_key(mentee.name)
    return all(word in key for word in board_filter.search.casefold().replace(
        "ё", "е").split())


def card_keys(card: PairCard) -> tuple[str, frozenset[str]]:
    """The precomputed search text (mentor and mentees) and the classes of a card."""
    names = " ".join([card.mentor_name, *(m.name for m in card.mentees)])
    classes = frozenset(p for p in (card.mentor_place, *(m.place for m in card.mentees)) if p)
    return alphabetical_key(names), classes
