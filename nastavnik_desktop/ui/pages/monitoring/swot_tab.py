"""The «SWOT-анализ» tab of the monitoring page: the four lists of the programme's SWOT (or of
one form's) in a 2×2 grid, edited in place, with undo; the hints drawn from the programme's
figures; the curator's conclusions of the monitoring.

Every write goes through `services/monitoring/swot.py` and is pushed onto the tab's undo stack
as a command that replays through the service. A deleted line comes back with a new id: the
tab keeps which id became which (`_IdMap`), so an older command still finds its line."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import SwotQuadrant
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.services.monitoring import hints as hint_service
from nastavnik_desktop.services.monitoring import swot as service
from nastavnik_desktop.services.monitoring.hints import Hint
from nastavnik_desktop.services.monitoring.swot import QUADRANT_LABELS, QUADRANTS, EntryPlace
from nastavnik_desktop.text import count_phrase, shorten
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.swot_models import SwotListModel
from nastavnik_desktop.ui.pages.monitoring.context import MonitoringContext, MonitoringTab

QUADRANT_HINTS: dict[SwotQuadrant, str] = {
    SwotQuadrant.STRENGTH: "Что в программе получается: внутренние преимущества",
    SwotQuadrant.WEAKNESS: "Что мешает: внутренние недостатки",
    SwotQuadrant.OPPORTUNITY: "Что вовне может помочь программе",
    SwotQuadrant.THREAT: "Что вовне может ей помешать",
}

QUADRANT_COLOURS: dict[SwotQuadrant, str] = {
    SwotQuadrant.STRENGTH: "#1d6b33",
    SwotQuadrant.WEAKNESS: "#b3261e",
    SwotQuadrant.OPPORTUNITY: "#0b4f8a",
    SwotQuadrant.THREAT: "#8a5300",
}


class _IdMap:
    """Which id a SWOT line has now, after deletes undone gave it new ones."""

    def __init__(self) -> None:
        self._next: dict[int, int] = {}

    def now(self, entry_id: int) -> int:
        while entry_id in self._next:
            entry_id = self._next[entry_id]
        return entry_id

    def moved(self, old: Sequence[int], new: Sequence[int]) -> None:
        for before, after in zip(old, new, strict=True):
            if before != after:
                self._next[before] = after


# --- undo commands -----------------------------------------------------------------------------


class _Command(QUndoCommand):
    """A write already made when pushed; undo and redo replay through the service. A replay the
    service refuses (the line was deleted elsewhere) is shown and drops the command."""

    def __init__(self, tab: SwotTab, text: str) -> None:
        super().__init__(text)
        self.tab = tab
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self.forward)

    def undo(self) -> None:
        self._run(self.backward)

    def _run(self, step: Callable[[], object]) -> None:
        try:
            step()
        except NastavnikError as exc:
            messages.show_known_error(self.tab, exc, title="SWOT-анализ")
            self.setObsolete(True)
        self.tab.after_write()

    def forward(self) -> None:
        raise NotImplementedError

    def backward(self) -> None:
        raise NotImplementedError


class _AddCommand(_Command):
    def __init__(self, tab: SwotTab, ids: Sequence[int], text: str) -> None:
        super().__init__(tab, text)
        self.ids = tuple(ids)
        self.places: tuple[EntryPlace, ...] = ()

    def backward(self) -> None:
        self.places = service.delete_entries(self.tab.db, [self.tab.ids.now(i) for i in self.ids])

    def forward(self) -> None:
        new = service.restore_entries(self.tab.db, self.places)
        self.tab.ids.moved([p.entry_id for p in self.places], new)


class _DeleteCommand(_Command):
    def __init__(self, tab: SwotTab, places: Sequence[EntryPlace], text: str) -> None:
        super().__init__(tab, text)
        self.places = tuple(places)

    def backward(self) -> None:
        new = service.restore_entries(self.tab.db, self.places)
        self.tab.ids.moved([p.entry_id for p in self.places], new)
        self.tab.select_later(self.places[0].quadrant, new)

    def forward(self) -> None:
        self.places = service.delete_entries(
            self.tab.db, [self.tab.ids.now(p.entry_id) for p in self.places])


class _EditCommand(_Command):
    def __init__(self, tab: SwotTab, entry_id: int, before: str, after: str) -> None:
        super().__init__(tab, f"изменение «{shorten(after, 40)}»")
        self.entry_id, self.before, self.after = entry_id, before, after

    def backward(self) -> None:
        service.edit_entry(self.tab.db, self.tab.ids.now(self.entry_id), self.before)

    def forward(self) -> None:
        service.edit_entry(self.tab.db, self.tab.ids.now(self.entry_id), self.after)


class _MoveCommand(_Command):
    def __init__(self, tab: SwotTab, entry_id: int, before: EntryPlace, step: int,
                 quadrant: SwotQuadrant | None) -> None:
        super().__init__(tab, f"перемещение «{shorten(before.text, 40)}»")
        self.entry_id, self.before, self.step, self.quadrant = entry_id, before, step, quadrant

    def backward(self) -> None:
        entry_id = self.tab.ids.now(self.entry_id)
        service.move_entry(self.tab.db, entry_id, quadrant=self.before.quadrant,
                           position=self.before.position)
        self.tab.select_later(self.before.quadrant, [entry_id])

    def forward(self) -> None:
        entry_id = self.tab.ids.now(self.entry_id)
        service.move_entry(self.tab.db, entry_id, step=self.step, quadrant=self.quadrant)
        self.tab.select_later(self.quadrant or self.before.quadrant, [entry_id])


# --- widgets ------------------------------------------------------------------------------------


class AddField(QPlainTextEdit):
    """The field under a list for new lines: Enter adds, Shift+Enter starts a new line (each
    line becomes a line of the list), Esc clears."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        lines = self.fontMetrics().lineSpacing()
        self.setFixedHeight(int(lines * 1.6) + 12)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.submitted.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.toPlainText():
            self.clear()
            return
        super().keyPressEvent(event)


class QuadrantBox(QWidget):
    """One quadrant: its title and count, the list, the field and button to add."""

    def __init__(self, quadrant: SwotQuadrant, tab: SwotTab) -> None:
        super().__init__()
        self.quadrant = quadrant
        frame, layout = style.card()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.title = style.heading(QUADRANT_LABELS[quadrant], factor=1.2)
        self.title.setStyleSheet(f"color: {QUADRANT_COLOURS[quadrant]};")
        self.title.setToolTip(QUADRANT_HINTS[quadrant])
        layout.addWidget(self.title)
        self.model = SwotListModel(lambda entry_id, text: tab.edit(entry_id, text))
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSpacing(2)
        self.view.setMinimumHeight(110)
        self.view.setToolTip(f"{QUADRANT_HINTS[quadrant]}. F2 — изменить, Del — удалить, "
                             "Ctrl+↑/↓ — выше/ниже, Ctrl+Z — отменить")
        self.view.setAccessibleName(QUADRANT_LABELS[quadrant])
        layout.addWidget(self.view, 1)
        add_row = QHBoxLayout()
        self.add_field = AddField()
        self.add_field.setPlaceholderText("Новый пункт: Enter — добавить")
        self.add_field.submitted.connect(lambda: tab.add_from_field(self))
        add_row.addWidget(self.add_field, 1)
        self.add_button = QPushButton("Добавить")
        self.add_button.setToolTip("Добавить пункт (Ins в списке — перейти к полю)")
        self.add_button.clicked.connect(lambda: tab.add_from_field(self))
        add_row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(add_row)
        self._actions(tab)

    def _actions(self, tab: SwotTab) -> None:
        def action(text: str, keys: QKeySequence | QKeySequence.StandardKey | None,
                   slot: Callable[[], object]) -> QAction:
            made = QAction(text, self.view)
            if keys is not None:
                made.setShortcut(keys)
                made.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            made.triggered.connect(slot)
            self.view.addAction(made)
            return made

        action("Новый пункт", QKeySequence(Qt.Key.Key_Insert), self.add_field.setFocus)
        action("Изменить", QKeySequence(Qt.Key.Key_F2), self._edit_current)
        action("Удалить", QKeySequence(QKeySequence.StandardKey.Delete),
               lambda: tab.delete_selected(self))
        action("Выше", QKeySequence("Ctrl+Up"), lambda: tab.move_selected(self, step=-1))
        action("Ниже", QKeySequence("Ctrl+Down"), lambda: tab.move_selected(self, step=1))
        def mover(quadrant: SwotQuadrant) -> Callable[[], None]:
            return lambda: tab.move_selected(self, quadrant=quadrant)

        for other in QUADRANTS:
            if other is not self.quadrant:
                action(f"Перенести в «{QUADRANT_LABELS[other]}»", None, mover(other))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _edit_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index)

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.model.items[row].id for row in rows]

    def show_items(self, items: Sequence[service.SwotItem], select: Sequence[int]) -> None:
        self.model.set_items(items)
        self.title.setText(f"{QUADRANT_LABELS[self.quadrant]} ({len(items)})" if items
                           else QUADRANT_LABELS[self.quadrant])
        rows = [row for entry_id in select if (row := self.model.row_of(entry_id)) is not None]
        if rows:
            from PySide6.QtCore import QItemSelection, QItemSelectionModel

            selection = QItemSelection()
            for row in rows:
                index = self.model.index(row)
                selection.select(index, index)
            self.view.selectionModel().select(
                selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.view.selectionModel().setCurrentIndex(
                self.model.index(rows[0]), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(self.model.index(rows[-1]))


class HintRow(QWidget):
    def __init__(self, hint: Hint, on_add: Callable[[Hint], object]) -> None:
        super().__init__()
        self.hint = hint
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(2)
        where = QLabel(QUADRANT_LABELS[hint.quadrant])
        where.setFont(style.scaled_font(where.font(), 0.95, bold=True))
        layout.addWidget(where)
        text = QLabel(hint.text)
        text.setWordWrap(True)
        layout.addWidget(text)
        if hint.reason:
            layout.addWidget(style.secondary(hint.reason))
        self.add_button = QPushButton("Добавить")
        self.add_button.setToolTip(f"Добавить в список «{QUADRANT_LABELS[hint.quadrant]}»")
        self.add_button.clicked.connect(lambda: on_add(hint))
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)

    def mark(self, present: bool) -> None:
        self.add_button.setEnabled(not present)
        self.add_button.setText("Уже в списке" if present else "Добавить")


class SwotTab(MonitoringTab):
    title = "SWOT-анализ"

    def __init__(self, context: MonitoringContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.db = context.db
        self.ids = _IdMap()
        self.undo_stack = QUndoStack(self)
        self._selection: tuple[SwotQuadrant, list[int]] | None = None
        self._loaded = False
        self._saved_conclusions = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(self._top_row())

        middle = QHBoxLayout()
        middle.setSpacing(style.SPACING)
        grid = QGridLayout()
        grid.setSpacing(style.SPACING)
        self.boxes: dict[SwotQuadrant, QuadrantBox] = {}
        for index, quadrant in enumerate(QUADRANTS):
            box = QuadrantBox(quadrant, self)
            self.boxes[quadrant] = box
            grid.addWidget(box, index // 2, index % 2)
        middle.addLayout(grid, 3)
        self.hints_panel = self._hints_panel()
        middle.addWidget(self.hints_panel, 1)
        layout.addLayout(middle, 1)
        layout.addWidget(self._conclusions_part())

        for keys, slot in ((QKeySequence.keyBindings(QKeySequence.StandardKey.Undo),
                            self.undo_stack.undo),
                           ([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")],
                            self.undo_stack.redo)):
            shortcut = QAction(self)
            shortcut.setShortcuts(keys)
            shortcut.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.triggered.connect(slot)
            self.addAction(shortcut)

    # --- building --------------------------------------------------------------------------

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("SWOT-анализ:"))
        self.form_combo = QComboBox()
        self.form_combo.setMinimumContentsLength(24)
        self.form_combo.currentIndexChanged.connect(lambda _i: self._show_swot())
        row.addWidget(self.form_combo)
        row.addStretch(1)
        self.undo_button = QPushButton("Отменить")
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button = QPushButton("Вернуть")
        self.redo_button.clicked.connect(self.undo_stack.redo)
        for button, can, text, word in (
                (self.undo_button, self.undo_stack.canUndoChanged,
                 self.undo_stack.undoTextChanged, "Отменить"),
                (self.redo_button, self.undo_stack.canRedoChanged,
                 self.undo_stack.redoTextChanged, "Вернуть")):
            button.setEnabled(False)
            can.connect(button.setEnabled)
            text.connect(lambda t, b=button, w=word: b.setToolTip(f"{w} {t}" if t else ""))
            row.addWidget(button)
        return row

    def _hints_panel(self) -> QFrame:
        frame, layout = style.card()
        layout.addWidget(style.heading("Подсказки по данным", factor=1.2))
        layout.addWidget(style.secondary("Выводы из показателей программы. Возьмите в SWOT то, "
                                         "с чем согласны."))
        rows = QWidget()
        self._hint_rows_layout = QVBoxLayout(rows)
        self._hint_rows_layout.setContentsMargins(0, 0, 0, 0)
        self._hint_rows_layout.setSpacing(0)
        self._hint_rows_layout.addStretch(1)
        scroll = QScrollArea()  # many hints scroll; the panel keeps the grid's height
        scroll.setWidget(rows)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.viewport().setAutoFillBackground(False)  # the card's colour, not a grey box
        rows.setAutoFillBackground(False)
        layout.addWidget(scroll, 1)
        frame.setMinimumWidth(260)
        frame.setMaximumWidth(380)
        frame.hide()
        self.hint_rows: list[HintRow] = []
        return frame

    def _conclusions_part(self) -> QWidget:
        frame, layout = style.card()
        top = QHBoxLayout()
        heading = style.heading("Выводы по итогам мониторинга", factor=1.2)
        heading.setWordWrap(False)
        top.addWidget(heading)
        top.addStretch(1)
        self.conclusions_status = style.secondary()
        top.addWidget(self.conclusions_status)
        self.save_conclusions_button = QPushButton("Сохранить выводы")
        self.save_conclusions_button.clicked.connect(self.save_conclusions)
        top.addWidget(self.save_conclusions_button)
        layout.addLayout(top)
        self.conclusions = QPlainTextEdit()
        self.conclusions.setPlaceholderText(
            "Что показал мониторинг: достигнуты ли цели программы, что получилось, что "
            "изменить в следующем году. Сохраняется, когда вы уходите из поля.")
        self.conclusions.setMinimumHeight(90)
        self.conclusions.installEventFilter(self)
        self.conclusions.textChanged.connect(self._conclusions_edited)
        layout.addWidget(self.conclusions)
        return frame

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        if self._loaded:
            self.save_conclusions()
        self._loaded = True
        form_id = self.form_id()
        forms = messages.guarded(self, lambda: service.form_choices(
            self.db, self.context.programme_id))
        self.form_combo.blockSignals(True)
        self.form_combo.clear()
        self.form_combo.addItem("вся программа", None)
        for form in forms or ():
            self.form_combo.addItem(f"форма «{form.name}»", form.id)
        found = self.form_combo.findData(form_id)
        self.form_combo.setCurrentIndex(max(found, 0))
        self.form_combo.blockSignals(False)
        text = messages.guarded(self, lambda: service.conclusions(
            self.db, self.context.programme_id))
        self._saved_conclusions = text or ""
        self.conclusions.blockSignals(True)
        self.conclusions.setPlainText(self._saved_conclusions)
        self.conclusions.blockSignals(False)
        self.conclusions_status.setText("")
        found_hints = messages.guarded(self, lambda: hint_service.swot_hints(
            self.db, self.context.programme_id, on=self.context.today()))
        self._show_hints(found_hints or ())
        self._show_swot()

    def form_id(self) -> int | None:
        data = self.form_combo.currentData()
        return data if isinstance(data, int) else None

    def _show_swot(self) -> None:
        found = messages.guarded(self, lambda: service.swot(
            self.db, self.context.programme_id, self.form_id()))
        if found is None:
            return
        chosen = self._selection
        self._selection = None
        for quadrant, box in self.boxes.items():
            box.show_items(found.quadrant(quadrant),
                           chosen[1] if chosen and chosen[0] is quadrant else ())
        for row in self.hint_rows:
            row.mark(any(service.same_text(item.text, row.hint.text)
                         for item in found.quadrant(row.hint.quadrant)))

    def _show_hints(self, found: Sequence[Hint]) -> None:
        for row in self.hint_rows:
            self._hint_rows_layout.removeWidget(row)
            row.deleteLater()
        self.hint_rows = [HintRow(hint, self.add_hint) for hint in found]
        for index, row in enumerate(self.hint_rows):
            self._hint_rows_layout.insertWidget(index, row)
        self.hints_panel.setVisible(bool(self.hint_rows))

    def select_later(self, quadrant: SwotQuadrant, ids: Sequence[int]) -> None:
        """Select these lines when the lists are shown again (after a write)."""
        self._selection = (quadrant, list(ids))

    def after_write(self) -> None:
        self._show_swot()
        self.context.changed()

    # --- the curator's actions -------------------------------------------------------------

    def add_from_field(self, box: QuadrantBox) -> None:
        text = box.add_field.toPlainText()
        if not text.strip():
            box.add_field.setFocus()
            return
        if self._add(box.quadrant, text):
            box.add_field.clear()
            box.add_field.setFocus()

    def add_hint(self, hint: Hint) -> None:
        self._add(hint.quadrant, hint.text)

    def _add(self, quadrant: SwotQuadrant, text: str) -> bool:
        ids = messages.guarded(self, lambda: service.add_entries(
            self.db, self.context.programme_id, quadrant, text, form_id=self.form_id()),
            title="Пункт не добавлен")
        if ids is None:
            return False
        what = (f"добавление в «{QUADRANT_LABELS[quadrant]}»" if len(ids) == 1
                else f"добавление {count_phrase(len(ids), 'пункта', 'пунктов', 'пунктов')}")
        self.undo_stack.push(_AddCommand(self, ids, what))
        self.select_later(quadrant, ids)
        self.after_write()
        return True

    def edit(self, entry_id: int, text: str) -> str | None:
        """Save a line edited in place; the text saved, or None when refused (shown)."""
        before = messages.guarded(self, lambda: service.edit_entry(self.db, entry_id, text),
                                  title="Пункт не изменён")
        if before is None:
            return None
        after = service.line_text(text)
        if after != before:
            self.undo_stack.push(_EditCommand(self, entry_id, before, after))
            self.context.changed()
        return after

    def delete_selected(self, box: QuadrantBox) -> None:
        ids = box.selected_ids()
        if not ids:
            return
        first_row = box.model.row_of(ids[0]) or 0
        places = messages.guarded(self, lambda: service.delete_entries(self.db, ids),
                                  title="Пункт не удалён")
        if places is None:
            return
        what = (f"удаление «{shorten(places[0].text, 40)}»" if len(places) == 1
                else f"удаление {count_phrase(len(places), 'пункта', 'пунктов', 'пунктов')}")
        self.undo_stack.push(_DeleteCommand(self, places, what))
        self.after_write()
        rows = box.model.rowCount()
        if rows:  # the next line is current, for another Del
            box.view.setCurrentIndex(box.model.index(min(first_row, rows - 1)))
        box.view.setFocus()

    def move_selected(self, box: QuadrantBox, *, step: int = 0,
                      quadrant: SwotQuadrant | None = None) -> None:
        ids = box.selected_ids()
        if len(ids) != 1:
            if len(ids) > 1:
                messages.show_info(self, "Перемещать можно по одному пункту: выберите один.",
                                   title="SWOT-анализ")
            return
        entry_id = ids[0]
        before = messages.guarded(self, lambda: service.move_entry(
            self.db, entry_id, step=step, quadrant=quadrant), title="Пункт не перемещён")
        if before is None:
            return
        self.undo_stack.push(_MoveCommand(self, entry_id, before, step, quadrant))
        self.select_later(quadrant or box.quadrant, [entry_id])
        self.after_write()
        (self.boxes[quadrant] if quadrant else box).view.setFocus()

    # --- the conclusions -------------------------------------------------------------------

    def _conclusions_edited(self) -> None:
        changed = self.conclusions.toPlainText().strip() != self._saved_conclusions
        self.conclusions_status.setText("не сохранено" if changed else "")

    def save_conclusions(self) -> bool:
        """Write the conclusions if they changed; False when the service refused them."""
        text = self.conclusions.toPlainText()
        if text.strip() == self._saved_conclusions:
            return True
        if not messages.attempt(self, lambda: service.set_conclusions(
                self.db, self.context.programme_id, text), title="Выводы не сохранены"):
            return False
        self._saved_conclusions = text.strip()
        self.conclusions_status.setText("сохранено")
        self.context.changed()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.conclusions and event.type() == QEvent.Type.FocusOut:
            # saved once the focus has really moved: a message box shown from inside the
            # focus-out would steal it again
            QTimer.singleShot(0, self.save_conclusions)
        return super().eventFilter(watched, event)

    def hideEvent(self, event: QHideEvent) -> None:
        if self._loaded:
            self.save_conclusions()
        super().hideEvent(event)

