"""One stage in detail: its result, its checklist, its events, and the way into its wizard.

Items derived from the data are shown as read-only ticks with what was counted; manual items
are check boxes the curator ticks (facts like the derived ones when `read_only`: a past year's
archive). The panel only reports what was clicked — the page does the saving.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import StageStatus
from nastavnik_desktop.services.stages import StageCard
from nastavnik_desktop.ui import style

DERIVED_TIP = "Отмечается автоматически по данным программы"
MANUAL_TIP = "Отметьте, когда сделано"
ARCHIVE_TICK_TIP = "Отмечено куратором; программа прошлого года открыта только для просмотра"


class StageChecklist(QWidget):
    tick_changed = Signal(int, str, bool)
    """(stage, item key, done) when the curator ticks a manual item."""
    wizard_requested = Signal(int)
    events_requested = Signal(int)
    close_requested = Signal(int, bool)
    """(stage, closed): «Завершить этап» or «Вернуть в работу»."""

    def __init__(self, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self._read_only = read_only
        self._card: StageCard | None = None
        self._has_wizard = False
        self.boxes: dict[str, QCheckBox] = {}

        frame, layout = style.card(self)
        layout.setSpacing(8)
        top = QHBoxLayout()
        self.title = style.heading("", factor=1.2)
        self.title.setObjectName("stage_title")
        top.addWidget(self.title, 1)
        self.chip = style.Chip()
        self.chip.setObjectName("stage_status")
        top.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.result = style.secondary()
        self.result.setObjectName("stage_result")
        layout.addWidget(self.result)

        self.items_grid = QGridLayout()
        self.items_grid.setHorizontalSpacing(16)
        self.items_grid.setVerticalSpacing(4)
        self.items_grid.setColumnStretch(0, 1)
        layout.addLayout(self.items_grid)

        self.events = QLabel()
        self.events.setObjectName("stage_events")
        self.needs = style.secondary()
        self.needs.setObjectName("stage_needs")
        layout.addWidget(self.events)
        layout.addWidget(self.needs)

        buttons = QHBoxLayout()
        self.wizard_button = QPushButton("Открыть мастер этапа…")
        self.wizard_button.setObjectName("open_stage_wizard")
        self.wizard_button.clicked.connect(self._on_wizard)
        self.events_button = QPushButton("Мероприятия этапа")
        self.events_button.setObjectName("show_stage_events")
        self.events_button.clicked.connect(self._on_events)
        self.close_button = QPushButton()
        self.close_button.setObjectName("close_stage")
        self.close_button.clicked.connect(self._on_close)
        buttons.addWidget(self.wizard_button)
        buttons.addWidget(self.events_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        outer.addStretch(1)

    def card(self) -> StageCard | None:
        return self._card

    def show_card(self, card: StageCard, *, has_wizard: bool) -> None:
        self._card = card
        self._has_wizard = has_wizard
        self.title.setText(f"Этап {card.stage}. {card.title}")
        style.paint_chip(self.chip, self._status_text(card), card.status)
        self.result.setText(f"Результат этапа: {card.result}.")
        self._fill_items(card)

        if card.events_total:
            text = (f"Мероприятий дорожной карты: {card.events_total}, выполнено: "
                    f"{card.events_done}")
            if card.events_overdue:
                text += f", <span style='color:#b3261e'>просрочено: {card.events_overdue}</span>"
        else:
            text = "В дорожной карте нет мероприятий этого этапа."
        self.events.setText(text)

        self.wizard_button.setEnabled(has_wizard)
        self.wizard_button.setToolTip("" if has_wizard else
                                      "У этого этапа нет мастера: отмечайте пункты вручную")
        self.needs.setText(f"Что нужно для этапа: {card.needs}")
        done = card.status is StageStatus.DONE
        self.close_button.setText("Вернуть в работу" if done else "Завершить этап")
        self.close_button.setEnabled(not done or card.closed_by_curator)
        self.close_button.setToolTip(
            "Этап выполнен по всем пунктам" if done and not card.closed_by_curator else "")

    @staticmethod
    def _status_text(card: StageCard) -> str:
        if card.status is StageStatus.DONE and card.completed_on is not None:
            return f"{card.status_label} {card.completed_on:%d.%m.%Y}"
        return card.status_label

    def _fill_items(self, card: StageCard) -> None:
        while self.items_grid.count():
            taken = self.items_grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)
        self.boxes = {}
        for row, item in enumerate(card.items):
            box = QCheckBox(item.text)
            box.setObjectName(f"item_{item.key}")
            box.setChecked(item.done)
            if item.manual and not self._read_only:
                box.setToolTip(MANUAL_TIP)
                box.toggled.connect(
                    lambda checked, key=item.key: self.tick_changed.emit(card.stage, key,
                                                                         checked))
            else:
                # Read-only but not greyed out: the tick is a fact, not a disabled choice.
                box.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
                box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                box.setToolTip(DERIVED_TIP if not item.manual else ARCHIVE_TICK_TIP)
            self.boxes[item.key] = box
            detail = style.secondary(item.detail or ("вручную" if item.manual else ""))
            detail.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            detail.setWordWrap(False)
            self.items_grid.addWidget(box, row, 0)
            self.items_grid.addWidget(detail, row, 1)

    def _on_wizard(self) -> None:
        if self._card is not None:
            self.wizard_requested.emit(self._card.stage)

    def _on_events(self) -> None:
        if self._card is not None:
            self.events_requested.emit(self._card.stage)

    def _on_close(self) -> None:
        if self._card is not None:
            self.close_requested.emit(self._card.stage,
                                      self._card.status is not StageStatus.DONE)
