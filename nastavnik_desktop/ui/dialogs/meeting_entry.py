"""The quick entry of a mentor's paper journal: a grid typed from the keyboard alone, many
meetings in a row, saved in one `add_meetings` call; the same grid with one row edits a meeting.

Keys: digits for the date (ддммгг or дд.мм.гггг) and the type (1–5 along the cycle), «о»/«д» for
the format, Enter to the next cell — at the end of a row a new row a week later with the next
type of the cycle —, Space ticks who came, Ctrl+Enter saves, Esc asks before throwing rows away.
A row the service refuses («Строка N: …») is selected with everything typed kept.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import pairs
from nastavnik_desktop.services.pairs import BoardChange, Journal, MeetingRecord
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.journal_model import (
    EntryDelegate,
    EntryGridModel,
    GridRow,
    meeting_row,
    next_kind,
)
from nastavnik_desktop.ui.widgets.tables import CELL_PADDING

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_ROW_NAMED = re.compile(r"^Строка (\d+)")

# Column widths in average characters (the texts stretch).
_WIDTHS = {EntryGridModel.COL_DATE: 11, EntryGridModel.COL_KIND: 15,
           EntryGridModel.COL_FORMAT: 13, EntryGridModel.COL_DURATION: 6}


class EntryGrid(QTableView):
    """The grid: Enter commits the cell and goes to the next one, opening its editor."""

    save_requested = Signal()

    def __init__(self, model: EntryGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = model
        self.grows = True
        """Enter after the last cell adds a row (False: one meeting edited, back to its start)."""
        self.setModel(model)
        self.delegate = EntryDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        model.modelReset.connect(self.size_columns)

    def size_columns(self) -> None:
        header = self.horizontalHeader()
        char = self.fontMetrics().averageCharWidth()
        metrics = self.fontMetrics()
        for column in range(self.grid.columnCount()):
            title = str(self.grid.headerData(column, Qt.Orientation.Horizontal))
            least = metrics.horizontalAdvance(title) + 24
            if column in _WIDTHS:
                width = max(_WIDTHS[column] * char + 16, least)
            elif self.grid.is_check_column(column):
                width = least
            else:
                width = max(18 * char, least, min(self._widest(column), 28 * char))
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)

    def _widest(self, column: int) -> int:
        """The widest text of a column (a meeting being edited shows its texts whole)."""
        metrics = self.fontMetrics()
        return max((metrics.horizontalAdvance(str(self.grid.index(row, column).data() or ""))
                    + CELL_PADDING for row in range(self.grid.rowCount())), default=0)

    def start(self, row: int, column: int = 0) -> None:
        """Put the cursor on a cell and open its editor (a check box has none)."""
        index = self.grid.index(row, column)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        if not self.grid.is_check_column(column):
            self.edit(index)

    def advance(self) -> None:
        """The next cell; after the last one of the last row a new row, a week later (when
        `grows`)."""
        current = self.currentIndex()
        if not current.isValid():
            self.start(0)
            return
        row, column = current.row(), current.column() + 1
        if column >= self.grid.columnCount():
            row, column = row + 1, 0
            if row >= self.grid.rowCount():
                if not self.grows:
                    row = current.row()
                else:
                    self.grid.add_row()
        self.start(row, column)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self.advance()  # Enter in an editor: on to the next cell

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER_KEYS:
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.save_requested.emit()
            elif self.state() != QAbstractItemView.State.EditingState:
                self.advance()  # (from an editor: its delegate commits, then closeEditor)
            return
        super().keyPressEvent(event)

    def commit_open_editor(self) -> None:
        """Keep what is typed in the open cell (Ctrl+Enter pressed inside an editor)."""
        editor = self.indexWidget(self.currentIndex())
        if editor is None and self.state() == QAbstractItemView.State.EditingState:
            focus = self.focusWidget()
            editor = focus if focus is not None and focus is not self else None
        if editor is not None:
            self.commitData(editor)
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


class MeetingEntryDialog(QDialog):
    """Many meetings typed in a row (`meeting` None), or one meeting edited. After «Записать»
    `change` holds what was written, for the card's undo stack."""

    def __init__(self, db: Database, journal: Journal, today: dt.date, *,
                 meeting: MeetingRecord | None = None, title: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.journal, self.today, self.meeting = db, journal, today, meeting
        self.change: BoardChange | None = None
        self.setWindowTitle(title or ("Встреча" if meeting else "Встречи из журнала наставника"))
        self.model = EntryGridModel(journal.mentees, self)
        self.grid = EntryGrid(self.model, self)
        self.grid.save_requested.connect(self.save)
        self.grid.delegate.save_requested.connect(self.save)
        if meeting is None:
            self.model.add_row(self._first_row())
        else:
            self.model.add_row(meeting_row(meeting))
            self.grid.grows = False
        self.grid.size_columns()
        layout = QVBoxLayout(self)
        hint = ("Дата цифрами (051025 или 05.10.2025), вид — цифрой 1–5: 1 знакомство, "
                "2 пробная, 3 планирование, 4 рабочая, 5 итоговая; формат — «о» или «д»; "
                "Пробел отмечает, кто пришёл (и встречу, которая только запланирована). "
                "Enter — следующая ячейка, в конце строки — новая строка через неделю. "
                "Ctrl+Enter — записать всё, Esc — закрыть.")
        if meeting is not None:
            hint = ("Исправьте ячейки (Enter — следующая, Пробел отмечает, кто пришёл), "
                    "Ctrl+Enter — записать, Esc — закрыть.")
        explained = style.secondary(hint)
        explained.setWordWrap(True)
        layout.addWidget(explained)
        layout.addWidget(self.grid, 1)
        self.status = QLabel()
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Записать (Ctrl+Enter)",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.save_button, close):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        layout.addWidget(style.plain_buttons(buttons))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        self.model.rowsInserted.connect(self._count)
        self.model.dataChanged.connect(self._count)
        self._count()
        width = sum(self.grid.horizontalHeader().sectionSize(c)
                    for c in range(self.model.columnCount()))
        self.resize(min(max(width + 60, 900), 1500), 420 if meeting is None else 260)

    def _first_row(self) -> GridRow:
        held = [m for m in self.journal.meetings if not m.planned]
        if not held:
            return GridRow(None, pairs.MEETING_CYCLE[0])
        last = held[-1]
        return GridRow(last.held_on + dt.timedelta(weeks=1), next_kind(last.kind), last.format)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.grid.setFocus()
        if not self.grid.currentIndex().isValid():
            self.grid.start(0)

    def _count(self) -> None:
        typed = len(self.model.typed_rows())
        self.status.setText(f"Строк к записи: {typed}" if self.meeting is None else "")

    # saving

    def save(self) -> None:
        self.grid.commit_open_editor()
        rows = self.model.typed_rows() if self.meeting is None else self.model.rows
        if not rows:
            messages.show_error(self, "Нет встреч для записи: заполните хотя бы одну строку.",
                                title="Журнал встреч")
            return
        for number, row in enumerate(rows, start=1):
            if row.held_on is None:
                typed = f"«{row.date_text}»" if row.date_text else "не указана"
                self._refuse(number, f"Строка {number}: дата {typed} — не дата. Введите её "
                                     "цифрами: ддммгг (051025) или дд.мм.гггг (05.10.2025).")
                return
        entries = [self.model.entry(number) for number in range(len(rows))]
        try:
            if self.meeting is None:
                self.change = pairs.add_meetings(self.db, self.journal.pair_id, entries,
                                                 today=self.today)
            else:
                self.change = pairs.edit_meeting(self.db, self.meeting.id, entries[0],
                                                 today=self.today)
        except ValidationError as error:
            named = _ROW_NAMED.match(error.message)
            self._refuse(int(named.group(1)) if named else 1, error.message)
            return
        super().accept()

    def _refuse(self, number: int, text: str) -> None:
        messages.show_error(self, text, title="Журнал встреч")
        self.grid.setFocus()
        self.grid.setCurrentIndex(self.model.index(number - 1, 0))
        self.grid.selectRow(number - 1)

    def reject(self) -> None:
        self.grid.commit_open_editor()
        changed = (any(row.touched for row in self.model.rows))
        if changed and self.change is None:
            count = len(self.model.typed_rows()) if self.meeting is None else 1
            question = ("Закрыть без записи? Введённые строки не сохранятся "
                        f"(строк: {count})." if self.meeting is None
                        else "Закрыть без записи? Изменения встречи не сохранятся.")
            if not messages.confirm(self, question, title="Журнал встреч",
                                    accept_text="Закрыть без записи",
                                    reject_text="Вернуться к вводу"):
                return
        super().reject()
