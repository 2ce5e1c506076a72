"""Fast keyboard entry of a pile of paper blanks (issue 13, point 2): the round's people in rows,
its questions in columns, digits and Enter only, every cell saved the moment it is committed.

A pile in any order: type a surname into the search and press Enter — the cursor is on that
person's first question; after his last one it is back in the search for the next name.

Keys: digits (and «д»/«н», spaces, commas) go into the current cell — shown tinted until Enter —
so «1» then «0» is 10; Enter (or Tab) saves the cell and moves right, after the row's last
question to the first question of the next row; Backspace takes back a typed character, Esc the
whole typing; Delete clears the selected cells; a text question opens an editor as you type
(or with F2); Ctrl+Z / Ctrl+Y undo and redo saves. A value the service refuses shows its
message in the status line and the cell keeps what it had.

Saving goes through the one writer, `answers.save_answers` (one cell) or `answers.save_many`
(cells of many people at once, all or none), source «бумажный бланк», filled on the day the
curator works on. Each save is an undo command holding the old and the new values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import QuestionKind, ResponseSource
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.questionnaires import Value
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.answers_grid_model import (
    ALL_CLASSES,
    KIND_HELP,
    STAFF,
    AnswersFilter,
    AnswersGridModel,
)

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MOVE_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
              Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
_Index = QModelIndex | QPersistentModelIndex
_NUMBERS = re.compile(r"[\d\s,;]+")
"""Choice numbers typed with spaces between them (the blank's «1 3»)."""

Changes = dict[int, dict[int, Value | None]]
"""person id → question id → value (None: no answer)."""


class AnswersGrid(QTableView):
    """The table: keys typed into a cell's buffer, Enter to commit and move on. What a commit
    does is the owner's: `commit(row, column, text) -> bool` in the source model's rows."""

    reached_end = Signal()
    """Enter after the last question of the last row shown."""
    undo_requested = Signal()
    redo_requested = Signal()
    """Ctrl+Z / Ctrl+Y reaching the table (the window's shortcuts take them first)."""

    def __init__(self, model: AnswersGridModel, proxy: AnswersFilter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid, self.proxy = model, proxy
        self.setModel(proxy)
        self.commit: Callable[[int, int, str], bool] = lambda _row, _column, _text: False
        self._refused = False
        model.committer = self._commit_text
        self.clear_cells: Callable[[list[tuple[int, int]]], object] = lambda _cells: None
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(True)  # Tab reaches keyPressEvent: commit and move on
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        rows = self.verticalHeader()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header = self.horizontalHeader()
        header.setHighlightSections(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        char = self.fontMetrics().averageCharWidth()
        for column in range(model.columnCount()):
            header.resizeSection(column, (26 if model.is_text(column) else 19) * char)
        header.setMinimumHeight(self.fontMetrics().height() * 3 + 12)
        header.setStretchLastSection(True)
        self._fit_row_titles()
        self.selectionModel().currentChanged.connect(self._on_current)

    def _fit_row_titles(self) -> None:
        """The names' header as wide as the longest «ФИО, класс» (up to 45 characters)."""
        metrics = self.fontMetrics()
        limit = 45 * metrics.averageCharWidth()
        widest = max((metrics.horizontalAdvance(str(self.grid.headerData(
            row, Qt.Orientation.Vertical))) for row in range(self.grid.rowCount())), default=0)
        self.verticalHeader().setFixedWidth(min(widest, limit) + 24)

    # positions in the source model

    def source_cell(self, index: _Index | None = None) -> tuple[int, int] | None:
        index = self.currentIndex() if index is None else index
        if not index.isValid():
            return None
        source = self.proxy.mapToSource(self.proxy.index(index.row(), index.column()))
        return source.row(), source.column()

    def go_to(self, row: int, column: int) -> None:
        """Make the source cell (row, column) current (when the filter shows it)."""
        index = self.proxy.mapFromSource(self.grid.index(row, column))
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def start(self) -> None:
        if not self.currentIndex().isValid() and self.proxy.rowCount():
            self.setCurrentIndex(self.proxy.index(0, 0))

    # typing

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo_requested.emit()
            return
        if event.matches(QKeySequence.StandardKey.Redo) or (
                event.key() == Qt.Key.Key_Y
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier):
            self.redo_requested.emit()
            return
        key = event.key()
        if key in _ENTER_KEYS or key == Qt.Key.Key_Tab:
            if self.commit_pending():
                self.advance()
            return
        if key == Qt.Key.Key_Backtab:
            if self.commit_pending():
                self.advance(back=True)
            return
        pending = self.grid.pending
        if key == Qt.Key.Key_Backspace:
            if pending is not None:
                self._set_pending(pending[2][:-1])
            return
        if key == Qt.Key.Key_Escape and pending is not None:
            self.grid.set_pending(None)
            return
        if key == Qt.Key.Key_Delete:
            if pending is not None:
                self.grid.set_pending(None)
            else:
                self.clear_cells(self.selected_cells())
            return
        if key in _MOVE_KEYS:
            if self.commit_pending():
                super().keyPressEvent(event)
            return
        text = event.text()
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                         | Qt.KeyboardModifier.AltModifier)
        cell = self.source_cell()
        if plain and text and text.isprintable() and cell is not None \
                and not self.grid.is_text(cell[1]):
            typed = pending[2] if pending is not None and pending[:2] == cell else ""
            self._set_pending(typed + text)
            return
        super().keyPressEvent(event)

    def _set_pending(self, text: str) -> None:
        cell = self.source_cell()
        if cell is not None:
            self.grid.set_pending((*cell, text) if text else None)

    def commit_pending(self) -> bool:
        """Save what is typed into a cell (if anything); False when it was refused."""
        pending = self.grid.pending
        if pending is None:
            return True
        self.grid.set_pending(None)
        return self.commit(*pending)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """A click elsewhere saves what was typed into the cell left."""
        pending = self.grid.pending
        if pending is not None and self.source_cell(current) != pending[:2]:
            self.commit_pending()

    def advance(self, *, back: bool = False) -> None:
        """The next cell to the right (at the row's end the first question of the next row);
        `back`: the one to the left."""
        current = self.currentIndex()
        if not current.isValid():
            self.start()
            return
        columns, rows = self.proxy.columnCount(), self.proxy.rowCount()
        position = current.row() * columns + current.column() + (-1 if back else 1)
        if 0 <= position < rows * columns:
            index = self.proxy.index(position // columns, position % columns)
            self.setCurrentIndex(index)
            self.scrollTo(index)
        elif not back:
            self.reached_end.emit()

    def _commit_text(self, row: int, column: int, text: str) -> bool:
        """What a text cell's editor commits (through the model's setData)."""
        self._refused = not self.commit(row, column, text)
        return not self._refused

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache and not self._refused:
            self.advance()  # Enter in a text cell's editor: on to the next cell
        self._refused = False

    def selected_cells(self) -> list[tuple[int, int]]:
        """The selected cells (the current one when none is), in the source model."""
        indexes = self.selectionModel().selectedIndexes() or [self.currentIndex()]
        return sorted({cell for cell in (self.source_cell(i) for i in indexes if i.isValid())
                       if cell is not None})


class AnswersSave(QUndoCommand):
    """Answers saved (already, when pushed); undo writes the old values back."""

    def __init__(self, entry: AnswersEntry, before: Changes, after: Changes, text: str) -> None:
        super().__init__(text)
        self._entry, self._before, self._after = entry, before, after
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        if not self._entry.write(self._after):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self._entry.write(self._before):
            self.setObsolete(True)


class AnswersEntry(QWidget):
    """The grid of one round with its search, class filter, counter and status line."""

    changed = Signal()
    """Answers were saved (the round's progress moved)."""

    def __init__(self, db: Database, round_id: int, today: Callable[[], dt.date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.round_id, self.today = db, round_id, today
        info = q.round_info(db, round_id)
        self.questions = q.questionnaire(db, info.template_id).questions
        self.model = AnswersGridModel(self.questions, q.round_people_lines(db, round_id),
                                      q.round_answers(db, round_id), self)
        self.proxy = AnswersFilter(self.model)
        self.grid = AnswersGrid(self.model, self.proxy, self)
        self.grid.commit = self.commit
        self.grid.clear_cells = self.clear
        self.grid.undo_requested.connect(self.undo)
        self.grid.redo_requested.connect(self.redo)
        self.undo_stack = QUndoStack(self)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по фамилии или имени")
        self.search.setClearButtonEnabled(True)
        self.classes = QComboBox()
        self.classes.addItem("Все классы", ALL_CLASSES)
        for name in self.model.classes():
            self.classes.addItem(f"{name} класс", name)
        if any(not p.class_name for p in self.model.people):
            self.classes.addItem("Без класса (педагоги и другие)", STAFF)
        self.unanswered = QCheckBox("Только без ответов")
        self.unanswered.setToolTip("Показать только тех, чьи ответы ещё не введены (список "
                                   "берётся в момент отметки)")
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.to_grid)
        self.classes.currentIndexChanged.connect(self._filter)
        self.unanswered.toggled.connect(self._filter)
        self.grid.reached_end.connect(self._at_end)
        self.counter = QLabel()
        self.status = style.secondary()
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(self.fontMetrics().height() * 2 + 4)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.classes)
        filters.addWidget(self.unanswered)
        filters.addWidget(self.counter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.status)
        for keys, action in (({"Ctrl+Z"}, self.undo), ({"Ctrl+Y", "Ctrl+Shift+Z"}, self.redo)):
            for key in sorted(keys):
                QShortcut(QKeySequence(key), self, action)
        self.grid.selectionModel().currentChanged.connect(lambda *_args: self._hint())
        self.model.dataChanged.connect(lambda *_args: self._count())
        self.model.dataChanged.connect(lambda *_args: self._hint_typing())
        self._count()
        self._hint()

    # filters and counts

    def _filter(self) -> None:
        self.grid.commit_pending()
        self.proxy.set_filter(self.search.text(), str(self.classes.currentData()),
                              unanswered=self.unanswered.isChecked())
        self._count()
        self.grid.start()

    def to_grid(self) -> None:
        """Enter in the search: to the first question of the first person found."""
        if self.proxy.rowCount():
            self.grid.setFocus()
            self.grid.setCurrentIndex(self.proxy.index(0, 0))

    def _at_end(self) -> None:
        """The last question of the last person shown: with a search, back to it for the next
        blank's name; else say the list is done."""
        if self.search.text().strip():
            self.search.setFocus()
            self.search.selectAll()
            self.status.setText("Бланк введён. Наберите фамилию следующего участника и "
                                "нажмите Enter.")
        else:
            self.status.setText("Это последняя ячейка списка.")

    def _count(self) -> None:
        total = len(self.model.people)
        text = f"заполнено {self.model.filled()} из {total}"
        if self.proxy.rowCount() != total:
            text += f" (в списке {self.proxy.rowCount()})"
        self.counter.setText(text)

    def _hint_typing(self) -> None:
        """While a cell is being typed into, the status line says what Enter will save (an
        error shown since stays until the next key)."""
        if self.model.pending is not None:
            self._hint()

    def _hint(self, error: str = "") -> None:
        if error:
            self.status.setText(f"<span style='color:#b3261e'>{error}</span>")
            return
        cell = self.grid.source_cell()
        if cell is None:
            self.status.setText("Нет участников, которые должны ответить на эту анкету."
                                if not self.model.people else "")
            return
        question = self.questions[cell[1]]
        person = self.model.people[cell[0]]
        pending = self.model.pending
        typed = (f" Набрано «{pending[2]}» — Enter, чтобы записать, Esc — отменить."
                 if pending is not None else
                 " Enter — записать и дальше, Delete — стереть, Ctrl+Z — отменить.")
        self.status.setText(f"{person.name} — вопрос {cell[1] + 1}: "
                            f"{KIND_HELP[QuestionKind(question.kind)]}.{typed}")

    # saving

    def commit(self, row: int, column: int, text: str) -> bool:
        """Read `text` as the answer of the cell and save it; False (with the reason in the
        status line) when it cannot be read or saved — the cell keeps its value."""
        question = self.questions[column]
        if QuestionKind(question.kind) is QuestionKind.MULTIPLE and _NUMBERS.fullmatch(text):
            text = ",".join(text.replace(",", " ").replace(";", " ").split())  # «1 3» → «1,3»
        try:
            value = q.parse_answer(question, text)
        except NastavnikError as error:
            self._hint(error.message)
            return False
        person_id = self.model.people[row].person_id
        return self._change({person_id: {self.model.question_id(column): value}},
                            f"Ответ: {self.model.people[row].name}, вопрос {column + 1}")

    def clear(self, cells: list[tuple[int, int]]) -> None:
        """Delete: the answers of the cells gone (one undo step)."""
        changes: Changes = {}
        for row, column in cells:
            if self.model.value(row, column) is not None:
                changes.setdefault(self.model.people[row].person_id, {})[
                    self.model.question_id(column)] = None
        if changes:
            self._change(changes, f"Стёрто ответов: {sum(map(len, changes.values()))}")

    def _change(self, after: Changes, text: str) -> bool:
        before: Changes = {}
        for person_id, values in after.items():
            row = self.model.row_of(person_id)
            assert row is not None
            current = {self.model.question_id(c): self.model.value(row, c)
                       for c in range(len(self.questions))}
            before[person_id] = {question_id: current.get(question_id)
                                 for question_id in values}
        after = {person_id: {question_id: value for question_id, value in values.items()
                             if value != before[person_id][question_id]}
                 for person_id, values in after.items()}
        after = {person_id: values for person_id, values in after.items() if values}
        if not after:
            self._hint()
            return True
        before = {person_id: {question_id: before[person_id][question_id]
                              for question_id in values} for person_id, values in after.items()}
        if not self.write(after):
            return False
        self.undo_stack.push(AnswersSave(self, before, after, text))
        return True

    def write(self, changes: Mapping[int, Mapping[int, Value | None]]) -> bool:
        """Save `changes` through the one writer of answers and show them; False with the
        service's message in the status line when it refused."""
        try:
            if len(changes) == 1:
                (person_id, values), = changes.items()
                q.save_answers(self.db, self.round_id, person_id, values,
                               source=ResponseSource.PAPER, filled_on=self.today())
            else:
                q.save_many(self.db, self.round_id, list(changes.items()),
                            source=ResponseSource.PAPER, filled_on=self.today())
        except NastavnikError as error:
            self._hint(error.message)
            return False
        self.model.set_values(changes)
        self._hint()
        self.changed.emit()
        return True

    def undo(self) -> None:
        """Ctrl+Z: what was typed and not committed goes first, then the last save."""
        if self.model.pending is not None:
            self.model.set_pending(None)
            return
        self.undo_stack.undo()

    def redo(self) -> None:
        self.model.set_pending(None)
        self.undo_stack.redo()
