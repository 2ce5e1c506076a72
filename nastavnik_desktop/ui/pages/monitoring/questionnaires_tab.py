"""The «Анкеты» tab of the monitoring page: the questionnaire builder's list (issue 13, point 1).

The school's questionnaires and the programme's own, the methodology's standard ones marked
«из методических рекомендаций», with a search field and filters (who answers, the phase, the
hidden ones). Each action is one service call: create and change in the editor
(`dialogs/questionnaire_editor.py`), copy, hide or show, delete (the service refuses a seeded
or answered one in its own words), put a seeded one back as in the methodology, and the blanks
and the xlsx template (`dialogs/questionnaire_paper.py`)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import (
    AUDIENCE_LABELS,
    QUESTIONNAIRE_PHASE_LABELS,
    Audience,
    QuestionnairePhase,
)
from nastavnik_desktop.services import questionnaires
from nastavnik_desktop.services.questionnaires import QuestionnaireInfo
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs.questionnaire_editor import QuestionnaireEditor
from nastavnik_desktop.ui.dialogs.questionnaire_paper import open_paper_dialog
from nastavnik_desktop.ui.models.questionnaire_models import (
    QuestionnaireFilter,
    QuestionnaireListModel,
)
from nastavnik_desktop.ui.pages.monitoring.context import MonitoringContext, MonitoringTab
from nastavnik_desktop.ui.read_only import writing
from nastavnik_desktop.ui.widgets.actions import action_row, shortcut_action
from nastavnik_desktop.ui.widgets.tables import (
    select_source_rows,
    selected_source_rows,
    size_columns,
    table_view,
)

RESET_TEXT = "Вернуть как в методических рекомендациях"


class QuestionnairesTab(MonitoringTab):
    title = "Анкеты"

    def __init__(self, context: MonitoringContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = QuestionnaireListModel(self)
        self.proxy = QuestionnaireFilter(self.model, self)
        self.table = table_view(self.proxy)
        self.table.setObjectName("questionnaires")
        size_columns(self.table, (None, 26, 16, 22, 9, 10))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())

        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по названию анкеты")
        self.search.setClearButtonEnabled(True)
        self.audience = QComboBox()
        self.audience.addItem("Заполняют все", None)
        for audience in (Audience.MENTEE, Audience.MENTOR):
            self.audience.addItem(f"Заполняют {AUDIENCE_LABELS[audience]}", audience)
        self.phase = QComboBox()
        self.phase.addItem("Все этапы", None)
        for phase in (QuestionnairePhase.ENTRY, QuestionnairePhase.OTHER,
                      QuestionnairePhase.EXIT):
            self.phase.addItem(QUESTIONNAIRE_PHASE_LABELS[phase].capitalize(), phase)
        self.with_hidden = QCheckBox("Показывать скрытые")
        self.search.textChanged.connect(self._filter)
        self.audience.currentIndexChanged.connect(self._filter)
        self.phase.currentIndexChanged.connect(self._filter)
        self.with_hidden.toggled.connect(self._filter)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.audience)
        filters.addWidget(self.phase)
        filters.addWidget(self.with_hidden)

        self.create_action = shortcut_action("Создать анкету…", "Ctrl+N", self.new_questionnaire,
                                             self)
        self.edit_action = shortcut_action("Изменить…", "Return", self.edit, self.table)
        self.edit_action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        self.table.doubleClicked.connect(lambda _index: self.edit_action.trigger())
        self.copy_action = shortcut_action("Копировать", "Ctrl+D", self.copy, self.table)
        self.hide_action = shortcut_action("Скрыть", "Ctrl+H", self.toggle_hidden, self.table)
        self.delete_action = shortcut_action("Удалить", "Del", self.delete, self.table)
        self.reset_action = shortcut_action(RESET_TEXT, "", self.reset, self.table)
        self.paper_action = shortcut_action("Бланки и шаблон…", "Ctrl+P", self.paper,
                                            self.table)
        self.create_action.setToolTip("Составить свою анкету")
        self.copy_action.setToolTip("Сделать свою анкету на основе выделенной")
        self.hide_action.setToolTip("Скрытая анкета не предлагается для новых опросов; "
                                    "её ответы остаются")
        self.reset_action.setToolTip("Вернуть вопросы и название анкеты как в методических "
                                     "рекомендациях")
        self.paper_action.setToolTip("Напечатать бланки анкеты или сохранить шаблон Excel "
                                     "для классных руководителей")
        buttons, self.buttons = action_row(
            (self.create_action, self.edit_action, self.copy_action, self.hide_action,
             self.delete_action, self.paper_action, self.reset_action),
            stretch_after=self.paper_action)

        self.count = style.secondary()
        layout = QVBoxLayout(self)
        layout.addWidget(style.secondary(
            "Анкеты, которые заполняют наставники и наставляемые: входная — в начале "
            "программы, итоговая — в конце, промежуточная — между ними. Анкеты "
            "из методических рекомендаций можно менять и копировать; свою анкету "
            "составьте кнопкой «Создать анкету…»."))
        layout.addLayout(buttons)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        writing(context.db, self.create_action, self.edit_action, self.copy_action,
                self.hide_action, self.delete_action, self.reset_action)
        self._update_actions()

    # --- reading ---------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        current = select if select is not None else self.current_id()
        found = messages.guarded(self, self._read)
        if found is None:
            return
        self.model.set_questionnaires(found)
        self._filter()
        if current is not None:
            self.select(current)

    def _read(self) -> tuple[QuestionnaireInfo, ...]:
        db, programme_id = self.context.db, self.context.programme_id
        questionnaires.ensure_seeded(db)
        return questionnaires.questionnaires(db, programme_id=programme_id)

    def _filter(self) -> None:
        audience, phase = self.audience.currentData(), self.phase.currentData()
        self.proxy.set_filters(search=self.search.text(),
                               audience=Audience(audience) if audience else None,
                               phase=QuestionnairePhase(phase) if phase else None,
                               with_hidden=self.with_hidden.isChecked())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        hidden = sum(1 for row in range(total) if self.model.info_at(row).hidden)
        text = f"Показано {shown} из {count_phrase(total, 'анкеты', 'анкет', 'анкет')}"
        if hidden and not self.with_hidden.isChecked():
            text += f"; скрытых: {hidden} (отметьте «Показывать скрытые»)"
        self.count.setText(text)
        self._update_actions()

    def select(self, template_id: int) -> None:
        row = self.model.row_of(template_id)
        if row >= 0:
            select_source_rows(self.table, [row])
            self.table.scrollTo(self.table.currentIndex())
        self._update_actions()

    def current_id(self) -> int | None:
        info = self.current()
        return info.id if info else None

    def current(self) -> QuestionnaireInfo | None:
        rows = selected_source_rows(self.table)
        return self.model.info_at(rows[0]) if rows else None

    def _update_actions(self) -> None:
        info = self.current()
        for action in (self.edit_action, self.copy_action, self.hide_action,
                       self.delete_action, self.paper_action):
            action.setEnabled(info is not None)
        self.reset_action.setEnabled(info is not None and info.is_seeded)
        self.hide_action.setText("Показать" if info and info.hidden else "Скрыть")

    def context_menu(self) -> QMenu:
        """The list's right-click menu: the actions on the chosen questionnaire."""
        menu = QMenu(self)
        for action in (self.edit_action, self.copy_action, self.hide_action,
                       self.delete_action, self.reset_action, self.paper_action):
            menu.addAction(action)
        menu.insertSeparator(self.paper_action)
        return menu

    def _menu(self, point: QPoint) -> None:
        if self.current() is not None:
            self.context_menu().exec(self.table.viewport().mapToGlobal(point))

    # --- actions ---------------------------------------------------------------------------

    def _changed(self, select: int | None = None) -> None:
        self.reload(select)
        self.context.changed()

    def _open_editor(self, info: QuestionnaireInfo | None) -> None:
        editor = QuestionnaireEditor(self.context.db, self.context.programme_id, info, self)
        if editor.exec() == QDialog.DialogCode.Accepted:
            self._changed(editor.saved_id)
        self.table.setFocus()

    def new_questionnaire(self) -> None:
        self._open_editor(None)

    def edit(self) -> None:
        info = self.current()
        if info is not None:
            fresh = messages.guarded(self, lambda: questionnaires.questionnaire(
                self.context.db, info.id))
            if fresh is not None:
                self._open_editor(fresh)
            else:
                self.reload()

    def copy(self) -> None:
        info = self.current()
        if info is None:
            return
        copied = messages.guarded(self, lambda: questionnaires.copy_questionnaire(
            self.context.db, info.id))
        if copied is not None:
            self._changed(copied)

    def toggle_hidden(self) -> None:
        info = self.current()
        if info is None:
            return
        if messages.attempt(self, lambda: questionnaires.set_questionnaire_hidden(
                self.context.db, info.id, not info.hidden)):
            if not info.hidden and not self.with_hidden.isChecked():
                messages.show_info(self, f"Анкета «{info.title}» скрыта: она не предлагается "
                                         "для новых опросов. Чтобы увидеть её в списке, "
                                         "отметьте «Показывать скрытые».")
            self._changed(info.id)

    def delete(self) -> None:
        info = self.current()
        if info is None:
            return
        # A seeded or answered questionnaire is refused by the service: no question first.
        refused = info.is_seeded or info.responses > 0
        if not refused and not messages.confirm(
                self, f"Удалить анкету «{info.title}»? Вернуть её будет нельзя.",
                accept_text="Удалить"):
            return
        if messages.attempt(self, lambda: questionnaires.delete_questionnaire(
                self.context.db, info.id), title="Анкета не удалена"):
            self._changed()

    def reset(self) -> None:
        info = self.current()
        if info is None or not info.is_seeded or not messages.confirm(
                self, f"Вернуть анкету «{info.title}» как в методических рекомендациях? "
                      "Ваши изменения в её названии и вопросах пропадут.",
                accept_text="Вернуть"):
            return
        if messages.attempt(self, lambda: questionnaires.reset_questionnaire(
                self.context.db, info.id)):
            self._changed(info.id)

    def paper(self) -> None:
        info = self.current()
        if info is not None:
            open_paper_dialog(self, self.context.db, self.context.programme_id,
                              questionnaire_id=info.id)

