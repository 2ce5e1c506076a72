"""The «Встречи» tab of the pair card: the meeting journal, its search, the stage the journal
brought the pair to, and its writes — the quick entry of a paper journal, an edit, deleting a
selection, marking planned meetings held. Every write goes onto the card's undo stack."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nastavnik_desktop.data.enums import PAIR_STATUS_LABELS
from nastavnik_desktop.services import pairs
from nastavnik_desktop.services.pairs import BoardChange, Journal, MeetingRecord
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs.meeting_entry import MeetingEntryDialog
from nastavnik_desktop.ui.models.journal_model import JournalFilter, JournalModel
from nastavnik_desktop.ui.pair_card.context import CardContext, PairTab
from nastavnik_desktop.ui.widgets.tables import (
    CELL_PADDING,
    fit_column,
    search_filter_row,
    selected_source_rows,
    size_columns,
    table_view,
)

_WIDTHS: list[int | None] = [11, 20, 12, None, 16, 15, 15, 5, 10]
"""The columns' widths in average characters (the topic takes the rest); the date, the type,
the format and who came fit their texts."""


class JournalTab(PairTab):
    title = "Встречи"

    def __init__(self, context: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.journal_read: Journal | None = None
        self.entry_dialog: MeetingEntryDialog | None = None
        self.model = JournalModel(self)
        self.proxy = JournalFilter(self.model)
        self.search, self.which, filters = search_filter_row(
            "Поиск по теме, содержанию, результату…", JournalFilter.CHOICES, self._filter)
        self.table = table_view(self.proxy, multi=True)
        self.table.setObjectName("journal_table")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.stage = QLabel()
        self.stage.setWordWrap(True)
        self.counts = style.secondary()
        self.counts.setWordWrap(False)
        self.add_action = self._action("Добавить встречи…", ["Ins", "Ctrl+N"], self.add,
                                       "Ввести встречи из бумажного журнала наставника",
                                       in_table=False)
        self.edit_action = self._action("Изменить…", ["Return", "Enter"], self.edit_current,
                                        "Изменить выбранную встречу")
        self.table.doubleClicked.connect(lambda _index: self.edit_action.trigger())
        self.delete_action = self._action("Удалить", ["Del"], self.delete_selected,
                                          "Удалить выделенные встречи (можно отменить Ctrl+Z)")
        self.held_action = self._action("Отметить как проведённую", ["Ctrl+D"],
                                        self.confirm_selected,
                                        "Запланированные встречи из выделенных — проведены")
        layout = QVBoxLayout(self)
        layout.addWidget(self.stage)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for action in (self.add_action, self.edit_action, self.delete_action, self.held_action):
            buttons.addWidget(_button(action))
        buttons.addStretch(1)
        buttons.addWidget(self.counts)
        layout.addLayout(buttons)
        self.reload()

    def _action(self, text: str, keys: list[str], slot: Callable[[], object], tip: str, *,
                in_table: bool = True) -> QAction:
        """An action with its keys; those of the table's rows work in the table only (Del in
        the search box deletes text)."""
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setToolTip(f"{tip} ({keys[0]})")
        action.triggered.connect(lambda _checked=False: slot())
        if in_table:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(action)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        return action

    # reading

    def reload(self) -> None:
        chosen = {m.id for m in self.selected()}
        journal = messages.guarded(self, lambda: pairs.journal(self.context.db,
                                                               self.context.pair_id))
        if journal is None:
            return
        self.journal_read = journal
        self.model.set_journal(journal)
        size_columns(self.table, _WIDTHS)
        for column, least, most in ((JournalModel.COL_DATE, 10, 30),
                                    (JournalModel.COL_KIND, 10, 30),
                                    (JournalModel.COL_FORMAT, 5, 14),
                                    (JournalModel.COL_ATTENDANCE, 10, 30)):
            fit_column(self.table, column, least=least, most=most)
        header = self.table.horizontalHeader()
        for column, title in enumerate(self.model.headers()):  # no title cut
            least = header.fontMetrics().horizontalAdvance(title) + CELL_PADDING
            if header.sectionSize(column) < least:
                header.resizeSection(column, least)
        self._select(chosen)
        self._show_stage(journal)
        self._enable()

    def _show_stage(self, journal: Journal) -> None:
        stage = PAIR_STATUS_LABELS[journal.status]
        if journal.status_by_curator:
            text = f"Этап пары: «{stage}» — установлен куратором, журнал его не меняет."
        else:
            text = f"Этап пары по журналу встреч: «{stage}»."
        self.stage.setText(text)
        held = sum(not m.planned for m in journal.meetings)
        planned = len(journal.meetings) - held
        parts = [f"Проведено встреч: {held}"]
        if planned:
            parts.append(f"запланировано: {planned}")
        if held:
            last = max(m.held_on for m in journal.meetings if not m.planned)
            parts.append(f"последняя — {last:%d.%m.%Y}")
        self.counts.setText(", ".join(parts))

    def _filter(self) -> None:
        self.proxy.set_filter(self.search.text(), str(self.which.currentData()))

    def selected(self) -> list[MeetingRecord]:
        return [self.model.meetings[row] for row in selected_source_rows(self.table)]

    def _select(self, meeting_ids: set[int]) -> None:
        self.table.clearSelection()
        for row, meeting in enumerate(self.model.meetings):
            if meeting.id in meeting_ids:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if index.isValid():
                    self.table.selectRow(index.row())

    def _enable(self) -> None:
        chosen = self.selected()
        self.edit_action.setEnabled(len(chosen) == 1)
        self.delete_action.setEnabled(bool(chosen))
        self.held_action.setEnabled(any(m.planned for m in chosen))

    # writing

    def _record(self, change: BoardChange | None) -> None:
        if change is not None:
            self.context.record(change)
            self.reload()

    def add(self) -> None:
        """Open the quick entry of a paper journal (window-modal; `entry_dialog` while open)."""
        if self.journal_read is not None:
            self._open(MeetingEntryDialog(self.context.db, self.journal_read,
                                          self.context.today(), parent=self))

    def edit_current(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1 or self.journal_read is None:
            return
        meeting = chosen[0]
        self._open(MeetingEntryDialog(self.context.db, self.journal_read, self.context.today(),
                                      meeting=meeting,
                                      title=f"Встреча {meeting.held_on:%d.%m.%Y}", parent=self))

    def _open(self, dialog: MeetingEntryDialog) -> None:
        self.entry_dialog = dialog
        dialog.accepted.connect(lambda: self._record(dialog.change))
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: MeetingEntryDialog) -> None:
        if self.entry_dialog is dialog:
            self.entry_dialog = None
        dialog.deleteLater()

    def delete_selected(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        if len(chosen) == 1:
            question = (f"Удалить встречу {chosen[0].held_on:%d.%m.%Y} "
                        f"({chosen[0].kind_label}) из журнала?")
        else:
            question = f"Удалить из журнала выделенные встречи ({len(chosen)})?"
        question += " Удаление можно отменить (Ctrl+Z)."
        if not messages.confirm(self, question, title="Удаление встреч", accept_text="Удалить"):
            return
        self._record(messages.guarded(self, lambda: pairs.delete_meetings(
            self.context.db, [m.id for m in chosen])))

    def confirm_selected(self) -> None:
        planned = [m for m in self.selected() if m.planned]
        if not planned:
            return
        self._record(messages.guarded(self, lambda: pairs.confirm_held(
            self.context.db, [m.id for m in planned], today=self.context.today())))


def _button(action: QAction) -> QPushButton:
    button = QPushButton(action.text())
    button.setToolTip(action.toolTip())
    button.setEnabled(action.isEnabled())
    button.clicked.connect(action.trigger)
    action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
    return button
