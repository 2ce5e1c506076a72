"""The settings' «Справочники» tab: the forms of mentoring, the role models of each form, the
mentees' requests and the selection criteria — items «из методологии» and the school's own,
renamed, hidden, added, ordered, and each list put back as in the methodology.

Every change is written at once, one transaction each, through `services/reference_lists`
and pushed onto the tab's undo stack (Ctrl+Z, Ctrl+Shift+Z): undo and redo put the list's
state before or after back through the same service (`put_state`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.services import reference_lists as service
from nastavnik_desktop.services.reference_lists import Change, ListRef, ReferenceItem
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.reference_models import (
    NAME,
    ReferenceListModel,
    ReferenceSearchFilter,
)
from nastavnik_desktop.ui.widgets.actions import action_row, shortcut_action
from nastavnik_desktop.ui.widgets.tables import size_columns, table_view

TITLE = "Справочники"
EXPLANATION = ("Пункты «из методологии» можно переименовать, скрыть и переставить, но не "
               "удалить. Скрытый пункт не предлагается для нового выбора, а там, где он уже "
               "выбран, остаётся. Изменения сохраняются сразу; Ctrl+Z отменяет последнее.")


class _ChangeCommand(QUndoCommand):
    """A change already written when pushed; undo and redo put the list's state back. A
    replay the service refuses is shown and drops the command."""

    def __init__(self, tab: ReferenceListsTab, change: Change) -> None:
        super().__init__(change.summary)
        self.tab = tab
        self.change = change
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._put(self.change.after, f"Повтор: {self.change.summary}")

    def undo(self) -> None:
        self._put(self.change.before, f"Отмена: {self.change.summary}")

    def _put(self, state: service.ListState, summary: str) -> None:
        try:
            service.put_state(self.tab.db, state, summary)
        except NastavnikError as exc:
            messages.show_known_error(self.tab, exc, title=TITLE)
            self.setObsolete(True)
        self.tab.after_write(state.ref, self.change.item_id)


class ReferenceListsTab(QWidget):
    """Writes each change at once through services/reference_lists (undo: Ctrl+Z)."""

    changed = Signal()
    """A list changed: the window's pages are rebuilt when the dialog closes."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._writable = not getattr(db, "read_only", False)
        self.undo_stack = QUndoStack(self)
        self.model = ReferenceListModel(self._rename)
        self.model.writable = self._writable
        self.proxy = ReferenceSearchFilter(self)
        self.proxy.setSourceModel(self.model)
        self.shown: service.ReferenceList | None = None

        layout = QVBoxLayout(self)
        layout.addLayout(self._top_row())
        layout.addWidget(style.secondary(EXPLANATION))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по списку")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        layout.addWidget(self.search)
        self.view = table_view(self.proxy)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        size_columns(self.view, [None, 20, 9, 34])
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._follow())
        layout.addWidget(self.view, 1)
        self.details = style.secondary()
        self.details.setWordWrap(True)
        layout.addWidget(self.details)
        layout.addLayout(self._add_row())
        layout.addLayout(self._actions_row())
        self._fill_lists()
        self._follow()

    # --- building ----------------------------------------------------------------------

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("&Список:")
        self.list_combo = QComboBox()
        self.list_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.list_combo.setMinimumContentsLength(40)
        label.setBuddy(self.list_combo)
        self.list_combo.currentIndexChanged.connect(lambda _i: self._show_list())
        row.addWidget(label)
        row.addWidget(self.list_combo, 1)
        self.undo_button = QPushButton("Отменить")
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button = QPushButton("Вернуть")
        self.redo_button.clicked.connect(self.undo_stack.redo)
        for button, can, text, word, shown_keys in (
                (self.undo_button, self.undo_stack.canUndoChanged,
                 self.undo_stack.undoTextChanged, "Отменить", "Ctrl+Z"),
                (self.redo_button, self.undo_stack.canRedoChanged,
                 self.undo_stack.redoTextChanged, "Вернуть", "Ctrl+Shift+Z")):
            button.setEnabled(False)
            can.connect(button.setEnabled)
            text.connect(lambda t, b=button, w=word, k=shown_keys:
                         b.setToolTip(f"{w}: {t} ({k})" if t else ""))
            row.addWidget(button)
        for bindings, slot in ((QKeySequence.keyBindings(QKeySequence.StandardKey.Undo),
                            self.undo_stack.undo),
                           ([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")],
                            self.undo_stack.redo)):
            shortcut = QAction(self)
            shortcut.setShortcuts(bindings)
            shortcut.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.triggered.connect(slot)
            self.addAction(shortcut)
        return row

    def _add_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("&Новый пункт:")
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("Название нового пункта списка")
        self.new_name.setMaxLength(service.NAME_LIMIT)
        label.setBuddy(self.new_name)
        self.add_button = QPushButton("Добавить")
        self.add_button.setToolTip("Добавить пункт после выбранного (Enter в поле названия)")
        self.add_button.clicked.connect(self.add_item)
        self.new_name.installEventFilter(self)
        row.addWidget(label)
        row.addWidget(self.new_name, 1)
        row.addWidget(self.add_button)
        return row

    def _actions_row(self) -> QHBoxLayout:
        self.rename_action = shortcut_action("Переименовать", "F2", self._start_rename,
                                             self.view)
        self.hide_action = shortcut_action("Скрыть", "Ctrl+H", self.toggle_hidden, self)
        self.up_action = shortcut_action("Выше", "Ctrl+Up", lambda: self.move_item(-1), self)
        self.down_action = shortcut_action("Ниже", "Ctrl+Down", lambda: self.move_item(1), self)
        self.delete_action = shortcut_action("Удалить", "Del", self.delete_item, self.view)
        self.restore_action = shortcut_action("Вернуть как в методологии…", "",
                                              self.restore_methodology, self)
        self.rename_action.setToolTip("Переименовать выбранный пункт")
        self.hide_action.setToolTip("Скрыть пункт из выбора или показать снова")
        self.delete_action.setToolTip("Удалить пункт, добавленный школой, если он нигде "
                                      "не используется")
        self.restore_action.setToolTip("Названия, порядок и видимость — как в методологии")
        row, self.buttons = action_row(
            [self.rename_action, self.hide_action, self.up_action, self.down_action,
             self.delete_action, self.restore_action], stretch_after=self.delete_action)
        return row

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the new item's field adds it — and goes no further: the settings dialog's
        default button would close the dialog."""
        if watched is self.new_name and event.type() == QEvent.Type.KeyPress and \
                cast(QKeyEvent, event).key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_item()
            return True
        return super().eventFilter(watched, event)

    # --- reading -----------------------------------------------------------------------

    def _lists(self) -> list[tuple[str, ListRef]]:
        forms = messages.guarded(self, lambda: service.read_list(self.db, service.FORMS))
        refs: list[tuple[str, ListRef]] = [("Формы наставничества", service.FORMS)]
        for form in forms.items if forms else ():
            refs.append((f"Ролевые модели формы «{form.name}»"
                         + (" (форма скрыта)" if form.hidden else ""),
                         service.role_models_of(form.id)))
        refs += [("Запросы наставляемых-обучающихся", service.PUPIL_REQUESTS),
                 ("Запросы наставляемых-педагогов", service.TEACHER_REQUESTS),
                 ("Критерии отбора наставников", service.CRITERIA)]
        return refs

    def _fill_lists(self, choose: ListRef | None = None) -> None:
        current = choose or self.current_list()
        self.list_combo.blockSignals(True)
        self.list_combo.clear()
        for title, ref in self._lists():
            self.list_combo.addItem(title, ref)
        found = next((i for i in range(self.list_combo.count())
                      if self.list_combo.itemData(i) == current), 0)
        self.list_combo.setCurrentIndex(found)
        self.list_combo.blockSignals(False)
        self._show_list()

    def current_list(self) -> ListRef | None:
        ref = self.list_combo.currentData()
        return ref if isinstance(ref, ListRef) else None

    def choose_list(self, ref: ListRef) -> None:
        index = next((i for i in range(self.list_combo.count())
                      if self.list_combo.itemData(i) == ref), -1)
        if index >= 0:
            self.list_combo.setCurrentIndex(index)

    def _show_list(self, select_id: int | None = None) -> None:
        ref = self.current_list()
        if ref is None:
            return
        keep = select_id if select_id is not None else self.selected_id()
        shown = messages.guarded(self, lambda: service.read_list(self.db, ref))
        if shown is None:
            return
        self.shown = shown
        self.model.set_items(shown.items)
        self.select_item(keep)
        self._follow()

    def select_item(self, item_id: int | None) -> None:
        row = self.model.row_of(item_id) if item_id is not None else None
        source = self.model.index(row if row is not None else 0, NAME)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)

    def selected(self) -> ReferenceItem | None:
        index = self.view.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return self.model.items[self.proxy.mapToSource(index).row()]

    def selected_id(self) -> int | None:
        item = self.selected()
        return item.id if item else None

    def _follow(self) -> None:
        item = self.selected()
        writable = self._writable
        for action in (self.rename_action, self.hide_action, self.up_action, self.down_action):
            action.setEnabled(writable and item is not None)
        self.hide_action.setText("Показать" if item and item.hidden else "Скрыть")
        self.delete_action.setEnabled(writable and item is not None and not item.is_seeded)
        self.restore_action.setEnabled(writable and bool(self.shown and self.shown.items))
        for widget in (self.new_name, self.add_button):
            widget.setEnabled(writable)
        self.details.setText(self._describe(item))

    @staticmethod
    def _describe(item: ReferenceItem | None) -> str:
        if item is None:
            return "В списке нет пунктов: добавьте первый."
        origin = ("Добавлен школой" if not item.is_seeded else
                  f"Из методологии, там он называется «{item.seed_name}»" if item.renamed
                  else "Из методологии")
        used = f"используется: {item.uses_text}" if item.used else "пока нигде не используется"
        hidden = (" Скрыт: для нового выбора не предлагается." if item.hidden else "")
        return f"«{item.name}». {origin}; {used}.{hidden}"

    # --- writing -----------------------------------------------------------------------

    def _write(self, action: Callable[[], Change]) -> Change | None:
        change = messages.guarded(self, action)
        if change is None:
            return None
        if change.before != change.after:
            self.undo_stack.push(_ChangeCommand(self, change))
        self.after_write(change.before.ref, change.item_id)
        return change

    def after_write(self, ref: ListRef, item_id: int | None) -> None:
        """Show the list written (its item selected) and tell the dialog."""
        if ref.kind is service.ListKind.FORMS:
            self._fill_lists(choose=ref)
        elif ref != self.current_list():
            self.choose_list(ref)
        self._show_list(item_id)
        self.changed.emit()

    def _rename(self, item_id: int, name: str) -> bool:
        ref = self.current_list()
        if ref is None:
            return False
        return self._write(lambda: service.rename_item(self.db, ref, item_id, name)) is not None

    def _start_rename(self) -> None:
        index = self.view.selectionModel().currentIndex()
        if index.isValid():
            self.view.edit(index.siblingAtColumn(NAME))

    def add_item(self) -> None:
        ref = self.current_list()
        name = self.new_name.text()
        if ref is None or not self._writable:
            return
        after = self.selected_id()
        if self._write(lambda: service.add_item(self.db, ref, name, after=after)):
            self.new_name.clear()
            self.search.clear()

    def toggle_hidden(self) -> None:
        ref, item = self.current_list(), self.selected()
        if ref is None or item is None or not self._writable:
            return
        self._write(lambda: service.set_hidden(self.db, ref, item.id, not item.hidden))

    def move_item(self, step: int) -> None:
        ref, item = self.current_list(), self.selected()
        if ref is None or item is None or not self._writable:
            return
        self._write(lambda: service.move_item(self.db, ref, item.id, step))

    def delete_item(self) -> None:
        ref, item = self.current_list(), self.selected()
        if ref is None or item is None or not self._writable:
            return
        if item.is_seeded:
            messages.show_info(self, f"«{item.name}» — пункт из методологии, его не удаляют. "
                               "Скройте его, чтобы он не предлагался для нового выбора.",
                               title=TITLE)
            return
        self._write(lambda: service.delete_item(self.db, ref, item.id))

    def restore_methodology(self) -> None:
        ref = self.current_list()
        if ref is None or not self._writable:
            return
        plan = messages.guarded(self, lambda: service.restore_plan(self.db, ref))
        if plan is None:
            return
        title = self.list_combo.currentText()
        if not plan.changes_anything:
            messages.show_info(self, f"Список «{title}» уже такой, как в методологии.",
                               title=TITLE)
            return
        lines = "\n".join(f"• {line}" for line in plan.lines())
        if not messages.confirm(
                self, f"Вернуть список «{title}» как в методологии?\n\n{lines}\n\n"
                "Отменить это можно кнопкой «Отменить» (Ctrl+Z).",
                title=TITLE, accept_text="Вернуть как в методологии"):
            return
        self._write(lambda: service.restore_methodology(self.db, ref))
