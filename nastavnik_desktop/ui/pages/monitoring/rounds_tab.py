"""The «Опросы» tab of the monitoring page (issue 13, points 1, 2 and 6): the programme's rounds —
a questionnaire put to its participants between two dates — with their progress «12 из 30».

From here the curator assigns a round, changes or deletes one (a round with answers is kept:
the service says so), types a pile of paper blanks into the answers grid, prints blanks or sends
the template («Бланки и шаблон…»), loads answers from an online form's export, and sees who has
not answered yet with a printable reminder list. Each action is a button, a key and a line of
the context menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QMenu, QPushButton, QVBoxLayout, QWidget

from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.questionnaires import RoundInfo
from nastavnik_desktop.ui import messages, stage_wizards, style
from nastavnik_desktop.ui.dialogs.answers_entry import AnswersEntryDialog
from nastavnik_desktop.ui.dialogs.questionnaire_paper import open_paper_dialog
from nastavnik_desktop.ui.dialogs.round_editor import RoundEditor
from nastavnik_desktop.ui.dialogs.round_missing import MissingPeopleDialog
from nastavnik_desktop.ui.models.rounds_model import (
    ProgressDelegate,
    RoundsFilter,
    RoundsModel,
)
from nastavnik_desktop.ui.pages.monitoring.context import MonitoringContext, MonitoringTab
from nastavnik_desktop.ui.read_only import writing
from nastavnik_desktop.ui.widgets.tables import fit_column, size_columns, table_view

TITLE = "Опросы"


class RoundsTab(MonitoringTab):
    title = TITLE

    def __init__(self, context: MonitoringContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = RoundsModel(self)
        self.proxy = RoundsFilter(self.model)
        self.view = table_view(self.proxy)
        self.view.setItemDelegateForColumn(RoundsModel.COL_PROGRESS, ProgressDelegate(self.view))
        size_columns(self.view, [None, 30, 13, 24, 28, 22])
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по названию, анкете, срокам")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search)
        self.empty = style.secondary(
            "Опросов пока нет. Нажмите «Назначить опрос…», выберите анкету и сроки — "
            "в списке будет видно, сколько участников ответили и кто ещё нет.")

        self.tab_actions: dict[str, QAction] = {}
        self.assign_action = self._action("assign", "Назначить опрос…", "Ctrl+N", self.assign)
        self.edit_action = self._action("edit", "Изменить…", "F4", self.edit_selected)
        self.delete_action = self._action("delete", "Удалить", "Delete", self.delete_selected)
        self.enter_action = self._action("enter", "Ввести ответы с бланков…", "Ctrl+E",
                                         self.enter_answers)
        self.view.doubleClicked.connect(lambda _index: self.enter_action.trigger())
        self.paper_action = self._action("paper", "Бланки и шаблон…", "Ctrl+P", self.paper)
        self.import_action = self._action("import", "Загрузить ответы из файла…", "Ctrl+L",
                                          self.import_answers)
        self.missing_action = self._action("missing", "Кто не ответил", "Ctrl+M",
                                           self.show_missing)

        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name in ("assign", "edit", "delete", "enter", "paper", "import", "missing"):
            action = self.tab_actions[name]
            button = QPushButton(action.text())
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        self.dialog: AnswersEntryDialog | MissingPeopleDialog | None = None
        """The window opened last (tests drive it)."""
        for name in ("assign", "edit", "delete", "enter", "import"):
            writing(context.db, self.tab_actions[name], self.buttons[name])
        self._update_actions()

    def _action(self, name: str, text: str, keys: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"rounds_{name}")
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text.rstrip('…')} ({QKeySequence(keys).toString()})")
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self.tab_actions[name] = action
        return action

    # reading

    def reload(self) -> None:
        chosen = self.selected()
        found = messages.guarded(self, lambda: q.rounds(self.context.db,
                                                        self.context.programme_id), title=TITLE)
        self.model.set_rounds(found or ())
        fit_column(self.view, RoundsModel.COL_QUESTIONNAIRE, least=16, most=40)
        self.empty.setVisible(not self.model.rounds)
        self.view.setVisible(bool(self.model.rounds))
        self.select(chosen.id if chosen else None)
        self._update_actions()

    def select(self, round_id: int | None) -> None:
        """Make a round current (the first one when it is gone or None)."""
        row = self.model.row_of(round_id) if round_id is not None else None
        index = self.proxy.mapFromSource(self.model.index(row if row is not None else 0, 0))
        if not index.isValid():
            index = self.proxy.index(0, 0)
        if index.isValid():
            self.view.selectRow(index.row())

    def selected(self) -> RoundInfo | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.rounds[self.proxy.mapToSource(rows[0]).row()]

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_actions()

    def _update_actions(self) -> None:
        chosen = self.selected() is not None
        for name in ("edit", "delete", "enter", "paper", "import", "missing"):
            self.tab_actions[name].setEnabled(chosen)

    def _menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        for name in ("enter", "import", "paper", "missing", None, "edit", "delete", None,
                     "assign"):
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(self.tab_actions[name])
        menu.popup(self.view.viewport().mapToGlobal(position))

    def _changed(self, round_id: int | None = None) -> None:
        self.reload()
        if round_id is not None:
            self.select(round_id)
        self.context.changed()

    # actions

    def assign(self) -> RoundEditor:
        editor = RoundEditor(self.context.db, self.context.programme_id, self.context.today(),
                             parent=self)
        editor.accepted.connect(lambda: self._changed(editor.round_id))
        editor.open()
        return editor

    def edit_selected(self) -> RoundEditor | None:
        found = self.selected()
        if found is None:
            return None
        editor = RoundEditor(self.context.db, self.context.programme_id, self.context.today(),
                             found=found, parent=self)
        editor.accepted.connect(lambda: self._changed(found.id))
        editor.open()
        return editor

    def delete_selected(self) -> None:
        found = self.selected()
        if found is None:
            return
        if not messages.confirm(self, f"Удалить опрос «{found.title}»?", title=TITLE,
                                accept_text="Удалить"):
            return
        if messages.attempt(self, lambda: q.delete_round(self.context.db, found.id),
                            title=TITLE):
            self._changed()

    def enter_answers(self) -> AnswersEntryDialog | None:
        found = self.selected()
        if found is None:
            return None
        dialog = AnswersEntryDialog(self.context.db, found.id, self.context.today, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        saved: list[bool] = []
        dialog.entry.changed.connect(lambda: saved.append(True))
        dialog.finished.connect(lambda _result: self._changed(found.id) if saved else None)
        self.dialog = dialog
        dialog.open()
        return dialog

    def paper(self) -> None:
        found = self.selected()
        if found is not None:
            open_paper_dialog(self, self.context.db, self.context.programme_id,
                              questionnaire_id=found.template_id, round_id=found.id)

    def import_answers(self) -> None:
        found = self.selected()
        if found is not None and stage_wizards.import_answers(
                self, self.context.db, self.context.programme_id, round_id=found.id,
                today=self.context.today()):
            self._changed(found.id)

    def show_missing(self) -> MissingPeopleDialog | None:
        found = self.selected()
        if found is None:
            return None
        dialog = MissingPeopleDialog(self.context.db, found, self.context.today, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog
