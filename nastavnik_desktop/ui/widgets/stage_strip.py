"""The seven stages as a row of tiles: number, name, status and checklist progress.

Click a tile (or move with ←/→ when the row has focus) to choose a stage.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from nastavnik_desktop.services.stages import StageCard
from nastavnik_desktop.ui import style

_TILE_STYLE = """
QFrame#stage_tile {{
    background: palette(base);
    border: 1px solid palette(mid);
    border-top: 4px solid {accent};
    border-radius: 6px;
}}
QFrame#stage_tile[selected="true"] {{
    border: 2px solid palette(highlight);
    border-top: 4px solid {accent};
}}
"""

_ACCENTS = {"not_started": "#b0bec5", "in_progress": "#1e6fc2", "done": "#2e8b4a"}
_OVERDUE_STYLE = "QLabel { color: #b3261e; }"


class StageTile(QFrame):
    clicked = Signal(int)

    def __init__(self, stage: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setObjectName("stage_tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(118)
        self.number = QLabel(f"Этап {stage}")
        self.number.setFont(style.scaled_font(self.number.font(), 0.95, bold=True))
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.title.setFont(style.scaled_font(self.title.font(), 0.92))
        self.title.setMinimumHeight(self.title.fontMetrics().lineSpacing() * 3)
        self.progress = style.secondary()
        self.overdue = QLabel()
        self.overdue.setStyleSheet(_OVERDUE_STYLE)
        self.chip = style.Chip()
        self.chip.setObjectName(f"tile_status_{stage}")
        chip_row = QHBoxLayout()
        chip_row.setContentsMargins(0, 0, 0, 0)
        chip_row.addWidget(self.chip)
        chip_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)
        layout.addWidget(self.number)
        layout.addWidget(self.title, 1)
        layout.addLayout(chip_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.overdue)
        self.set_selected(False)

    def show_card(self, card: StageCard) -> None:
        self.title.setText(card.title)
        self.setToolTip(f"Этап {card.stage}. {card.title}\nРезультат: {card.result}")
        style.paint_chip(self.chip, card.status_label, card.status)
        self.progress.setText(f"Пункты: {card.items_done}/{len(card.items)}")
        self.overdue.setText(f"Просрочено: {card.events_overdue}" if card.events_overdue else "")
        self.overdue.setVisible(bool(card.events_overdue))
        self.setStyleSheet(_TILE_STYLE.format(accent=_ACCENTS[card.status.value]))

    def set_selected(self, selected: bool) -> None:
        self.setProperty("selected", "true" if selected else "false")
        self.style().unpolish(self)
        self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.stage)
        super().mousePressEvent(event)


class StageStrip(QWidget):
    """Seven tiles; `stage_chosen` is emitted when the curator picks one."""

    stage_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.tiles: dict[int, StageTile] = {}
        self._selected = 1
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for stage in range(1, 8):
            tile = StageTile(stage)
            tile.clicked.connect(self.choose)
            self.tiles[stage] = tile
            layout.addWidget(tile)

    def show_cards(self, cards: list[StageCard]) -> None:
        for card in cards:
            self.tiles[card.stage].show_card(card)

    def selected(self) -> int:
        return self._selected

    def choose(self, stage: int) -> None:
        """Select `stage` and tell the page."""
        self.select(stage)
        self.stage_chosen.emit(stage)

    def select(self, stage: int) -> None:
        self._selected = stage
        for number, tile in self.tiles.items():
            tile.set_selected(number == stage)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if step is None:
            super().keyPressEvent(event)
            return
        self.choose(min(7, max(1, self._selected + step)))
