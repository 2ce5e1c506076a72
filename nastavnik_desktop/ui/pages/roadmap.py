"""«Дорожная карта»: the seven stages with their checklists, and the events of the roadmap
in an editable table.

Titles, due dates, responsible persons and results are edited in place; the toolbar adds,
removes, reorders and marks events done. Each action is one call into services.roadmap, then
the table is reloaded and the selection stays on the event the curator worked with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import STAGE_TITLES, StageStatus
from nastavnik_desktop.services import changes
from nastavnik_desktop.services import roadmap as roadmap_service
from nastavnik_desktop.services import stages as stages_service
from nastavnik_desktop.services.roadmap import RoadmapLine
from nastavnik_desktop.services.stages import StageCard
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.roadmap_model import (
    COL_DONE,
    COL_DUE,
    COL_NUMBER,
    COL_RESPONSIBLE,
    COL_RESULT,
    COL_STAGE,
    COL_TITLE,
    RoadmapFilterProxy,
    RoadmapTableModel,
)
from nastavnik_desktop.ui.pages.base import Page
from nastavnik_desktop.ui.read_only import look_only, writing
from nastavnik_desktop.ui.stage_wizards import STAGE_WIZARDS
from nastavnik_desktop.ui.widgets.stage_checklist import StageChecklist
from nastavnik_desktop.ui.widgets.stage_strip import StageStrip
from nastavnik_desktop.ui.widgets.tables import refill_choices

NEW_ITEM_TITLE = "Новое мероприятие"
ALL_STAGES = "Все этапы"
ALL_RESPONSIBLE = "Все ответственные"

_COLUMN_WIDTHS = {COL_NUMBER: 44, COL_STAGE: 52, COL_DUE: 96, COL_RESPONSIBLE: 180,
                  COL_RESULT: 250, COL_DONE: 110}
_ROW_LINES = 2
_TABLES = tuple(sorted(roadmap_service.ROADMAP_TABLES | stages_service.STAGE_CARD_TABLES))



class RoadmapPage(Page):
    wizard_finished = Signal(int)
    """A stage's wizard was finished: the programme may have changed (the window refreshes)."""

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._programme_id = programme_id
        self._shown: tuple[int, dt.date] | None = None
        """What the events and stages shown were read at: the changes counter and the day."""

        self.model = RoadmapTableModel(db, programme_id, self)
        self.proxy = RoadmapFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.model.edited.connect(self._after_edit)

        layout = style.page_layout(QVBoxLayout(self))
        layout.setSpacing(10)
        layout.addWidget(style.heading("Дорожная карта"))
        self.summary_label = style.secondary()
        self.summary_label.setObjectName("roadmap_summary")
        layout.addWidget(self.summary_label)

        self.strip = StageStrip()
        self.strip.stage_chosen.connect(self.show_stage)
        layout.addWidget(self.strip)

        self.checklist = StageChecklist(read_only=db.read_only)
        self.checklist.tick_changed.connect(self.set_tick)
        self.checklist.close_requested.connect(self.close_stage)
        self.checklist.events_requested.connect(self.show_stage_events)
        self.checklist.wizard_requested.connect(self.open_stage_wizard)
        stage_tab = QScrollArea()
        stage_tab.setWidget(self.checklist)
        stage_tab.setWidgetResizable(True)
        stage_tab.setFrameShape(QFrame.Shape.NoFrame)

        events_tab = QWidget()
        events_layout = QVBoxLayout(events_tab)
        events_layout.setContentsMargins(0, 8, 0, 0)
        events_layout.addLayout(self._build_filters())
        self.toolbar = self._build_toolbar()
        events_layout.addWidget(self.toolbar)
        self.table = self._build_table()
        events_layout.addWidget(self.table, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("roadmap_tabs")
        self.tabs.addTab(stage_tab, "Этап")
        self.tabs.addTab(events_tab, "Мероприятия")
        layout.addWidget(self.tabs, 1)
        writing(db, self.checklist.wizard_button, self.checklist.close_button, self.toolbar,
                self.add_action, self.remove_action, self.up_action,
                self.down_action, self.done_action, self.not_done_action)
        look_only(db, self.table)

        self.cards: list[StageCard] = []
        self.refresh()

    # --- building --------------------------------------------------------------------------

    def _build_filters(self) -> QHBoxLayout:
        self.stage_combo = QComboBox()
        self.stage_combo.setObjectName("stage_filter")
        self.stage_combo.addItem(ALL_STAGES, None)
        for stage, title in STAGE_TITLES.items():
            self.stage_combo.addItem(f"{stage}. {title}", stage)
        self.stage_combo.currentIndexChanged.connect(self._on_stage_chosen)

        self.responsible_combo = QComboBox()
        self.responsible_combo.setObjectName("responsible_filter")
        self.responsible_combo.setMinimumContentsLength(18)
        self.responsible_combo.currentIndexChanged.connect(self._on_responsible_chosen)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("roadmap_search")
        self.search_edit.setPlaceholderText("Поиск по мероприятиям, ответственным, документам")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._on_search)

        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(QLabel("Этап:"))
        row.addWidget(self.stage_combo, 3)
        row.addWidget(QLabel("Ответственный:"))
        row.addWidget(self.responsible_combo, 2)
        row.addWidget(self.search_edit, 3)
        return row

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = self._action(toolbar, "Добавить", "Ins", self.add_item,
                                       "Добавить мероприятие в этап выделенной строки")
        self.remove_action = self._action(toolbar, "Удалить", "Del", self.remove_selected,
                                          "Удалить выделенное мероприятие")
        toolbar.addSeparator()
        self.up_action = self._action(toolbar, "Выше", "Ctrl+Up", lambda: self.move_selected(-1),
                                      "Переместить мероприятие выше в своём этапе")
        self.down_action = self._action(toolbar, "Ниже", "Ctrl+Down",
                                        lambda: self.move_selected(1),
                                        "Переместить мероприятие ниже в своём этапе")
        toolbar.addSeparator()
        self.done_action = self._action(toolbar, "Отметить выполненным", "Ctrl+D",
                                        self.mark_selected_done,
                                        "Отметить мероприятие выполненным сегодняшним числом")
        self.not_done_action = self._action(toolbar, "Снять отметку", "Ctrl+Shift+D",
                                            self.mark_selected_not_done,
                                            "Снять отметку о выполнении")
        return toolbar

    def _action(self, toolbar: QToolBar, text: str, shortcut: str,
                slot: Callable[[], object], tip: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})")
        action.triggered.connect(lambda _checked=False: slot())
        toolbar.addAction(action)
        self.addAction(action)
        return action

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("roadmap_table")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                              | QAbstractItemView.EditTrigger.EditKeyPressed
                              | QAbstractItemView.EditTrigger.AnyKeyPressed)
        table.setAlternatingRowColors(True)
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().lineSpacing() * _ROW_LINES + 10)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in _COLUMN_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().currentRowChanged.connect(self._update_actions)
        return table

    # --- public API ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Bring the events and stages up to date, unless nothing they are read from has
        changed since they were read (the same day)."""
        if self._reading() != self._shown:
            self._reload(self.selected_id())

    def _reading(self) -> tuple[int, dt.date]:
        return changes.generation(self._db, *_TABLES), dt.date.today()

    # --- the seven stages ------------------------------------------------------------------

    def reload_stages(self) -> None:
        """Recompute the stages' checklists and statuses (and store the statuses)."""
        cards = messages.guarded(
            self, lambda: stages_service.stage_cards(self._db, self._programme_id))
        if cards is None:
            self._shown = None  # read again on the next visit
            return
        self.cards = cards
        self.strip.show_cards(cards)
        current = self.checklist.card()
        if current is None:
            first_open = next((c.stage for c in cards if c.status is not StageStatus.DONE), 7)
            self.strip.select(first_open)
        self._show_checklist(self.strip.selected())

    def show_stage(self, stage: int) -> None:
        """Show stage `stage`'s checklist."""
        self.strip.select(stage)
        self._show_checklist(stage)
        self.tabs.setCurrentIndex(0)

    def _show_checklist(self, stage: int) -> None:
        if self.cards:
            self.checklist.show_card(self.cards[stage - 1], has_wizard=stage in STAGE_WIZARDS)

    def set_tick(self, stage: int, key: str, done: bool) -> None:
        if messages.guarded(self, lambda: stages_service.set_tick(
                self._db, self._programme_id, stage, key, done)) is not None:
            self.reload_stages()
        else:
            self._show_checklist(stage)  # put the tick back as stored

    def close_stage(self, stage: int, closed: bool) -> None:
        card = self.cards[stage - 1]
        if closed and card.items_done < len(card.items):
            left = len(card.items) - card.items_done
            if not messages.confirm(
                    self, f"В этапе {stage} не выполнено пунктов: {left}. Завершить этап "
                    "всё равно? Вернуть его в работу можно будет той же кнопкой.",
                    title="Завершение этапа", accept_text="Завершить"):
                return
        if messages.guarded(self, lambda: stages_service.close_stage(
                self._db, self._programme_id, stage, closed)) is not None:
            self.reload_stages()

    def show_stage_events(self, stage: int) -> None:
        """Show the roadmap's events of `stage` only."""
        self.search_edit.clear()
        self.responsible_combo.setCurrentIndex(0)
        self.stage_combo.setCurrentIndex(max(self.stage_combo.findData(stage), 0))
        self.tabs.setCurrentIndex(1)

    def open_stage_wizard(self, stage: int) -> None:
        open_wizard = STAGE_WIZARDS.get(stage)
        if open_wizard is not None:
            open_wizard(self, self._db, self._programme_id,
                        lambda: self._after_wizard(stage))

    def _after_wizard(self, stage: int) -> None:
        """The curator goes on along the roadmap: the next stage is shown, its wizard one
        click away."""
        self.wizard_finished.emit(stage)
        self.refresh()
        self.show_stage(min(stage + 1, len(self.cards) or stage))
        if stage == 1:  # the school's requisites may have changed: the window shows them
            self.programme_changed.emit()

    def selected_line(self) -> RoadmapLine | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.line_at(self.proxy.mapToSource(index).row())

    def selected_id(self) -> int | None:
        line = self.selected_line()
        return None if line is None else line.id

    def select_item(self, item_id: int) -> bool:
        """Select the row of event `item_id` if it is shown; returns whether it is."""
        source_row = self.model.row_of(item_id)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, COL_TITLE))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def visible_lines(self) -> list[RoadmapLine]:
        return [self.model.line_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
                for row in range(self.proxy.rowCount())]

    def add_item(self) -> None:
        """Add an event at the end of the selected row's stage (or the filtered stage, or 1)
        and open its title for editing."""
        line = self.selected_line()
        stage = line.stage if line else self.stage_combo.currentData() or 1
        added = messages.guarded(self, lambda: roadmap_service.add_item(
            self._db, self._programme_id, stage=stage, title=NEW_ITEM_TITLE))
        if added is None:
            return
        self.search_edit.clear()
        self.responsible_combo.setCurrentIndex(0)
        self._reload(added.id)
        index = self.table.currentIndex()
        if index.isValid():
            self.table.edit(index)

    def remove_selected(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        if not messages.confirm(self, f"Удалить мероприятие «{line.title}» из дорожной "
                                "карты? Отменить удаление будет нельзя.",
                                title="Удаление мероприятия", accept_text="Удалить"):
            return
        neighbour = self._neighbour_id(line.id)
        if messages.guarded(self, lambda: _removed(self._db, line.id)):
            self._reload(neighbour)

    def move_selected(self, delta: int) -> None:
        line = self.selected_line()
        if line is None:
            return
        if messages.guarded(
                self, lambda: roadmap_service.move_item(self._db, line.id, delta)) is not None:
            self._reload(line.id)

    def mark_selected_done(self, evidence: str | None = None) -> None:
        """Mark the selected event done today; `evidence` is asked for when not given."""
        line = self.selected_line()
        if line is None:
            return
        if evidence is None:
            text, ok = QInputDialog.getText(
                self, "Отметить выполненным",
                f"Мероприятие выполнено сегодня, {dt.date.today():%d.%m.%Y}.\n"
                "Чем подтверждается выполнение (документ, протокол, ссылка)?",
                QLineEdit.EchoMode.Normal, line.evidence or line.result)
            if not ok:
                return
            evidence = text
        done = evidence
        if messages.guarded(self, lambda: roadmap_service.mark_done(
                self._db, line.id, dt.date.today(), done)) is not None:
            self._reload(line.id)

    def mark_selected_not_done(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        if messages.guarded(
                self, lambda: roadmap_service.mark_not_done(self._db, line.id)) is not None:
            self._reload(line.id)

    # --- internals -------------------------------------------------------------------------

    def _reload(self, select_id: int | None) -> None:
        self._shown = self._reading()
        self.model.reload()
        self._after_reload(select_id)
        self.reload_stages()

    def _after_edit(self, item_id: int) -> None:
        self._shown = self._reading()
        self._after_reload(item_id)
        self.reload_stages()

    def _after_reload(self, select_id: int | None) -> None:
        self._fill_responsible()
        self._update_summary()
        if select_id is None or not self.select_item(select_id):
            self.table.clearSelection()
        self._update_actions()

    def _fill_responsible(self) -> None:
        names = sorted({line.responsible.strip() for line in self.model.lines()
                        if line.responsible.strip()}, key=str.casefold)
        refill_choices(self.responsible_combo, ALL_RESPONSIBLE, [(name, name) for name in names])
        self.proxy.set_responsible(self.responsible_combo.currentData())

    def _update_summary(self) -> None:
        lines = self.model.lines()
        done = sum(line.done_on is not None for line in lines)
        overdue = sum(line.overdue for line in lines)
        text = f"Мероприятий: {len(lines)}, выполнено: {done}, просрочено: {overdue}"
        shown = self.proxy.rowCount()
        if shown != len(lines):
            text += f" (показано: {shown})"
        self.summary_label.setText(text)

    def _update_actions(self) -> None:
        line = self.selected_line()
        for action in (self.remove_action, self.up_action, self.down_action):
            action.setEnabled(line is not None)
        self.done_action.setEnabled(line is not None and line.done_on is None)
        self.not_done_action.setEnabled(line is not None and line.done_on is not None)

    def _neighbour_id(self, item_id: int) -> int | None:
        """The event shown after `item_id` (or before it, at the end)."""
        ids = [line.id for line in self.visible_lines()]
        if item_id not in ids or len(ids) < 2:
            return None
        at = ids.index(item_id)
        return ids[at + 1] if at + 1 < len(ids) else ids[at - 1]

    def _on_stage_chosen(self) -> None:
        self.proxy.set_stage(self.stage_combo.currentData())
        self._after_filter()

    def _on_responsible_chosen(self) -> None:
        self.proxy.set_responsible(self.responsible_combo.currentData())
        self._after_filter()

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._after_filter()

    def _after_filter(self) -> None:
        self._update_summary()
        self._update_actions()


def _removed(db: Database, item_id: int) -> bool:
    roadmap_service.remove_item(db, item_id)
    return True
