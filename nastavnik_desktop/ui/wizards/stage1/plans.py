"""Pages 3 and 4 of the stage 1 wizard: the forms of mentoring; the goal, the tasks and the
expected results.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
)

from nastavnik_desktop.services.stages import stage1 as stage1_service
from nastavnik_desktop.services.stages.stage1 import FormChoice, Stage1Data
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.wizards.pages import ChecklistPage

FormIdRole = Qt.ItemDataRole.UserRole + 3
RoleModelIdRole = Qt.ItemDataRole.UserRole + 4


def text_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]

class FormsPage(ChecklistPage):
    """The forms as checkable rows, their role models as checkable children. Checking a role
    model checks its form; unchecking a form unchecks its role models."""

    def __init__(self, data: Stage1Data, forms: tuple[FormChoice, ...]) -> None:
        super().__init__("Формы наставничества",
                         "Отметьте формы, которые школа использует в этом году, и для каждой — "
                         "вариации ролевых моделей.")
        chosen_forms = set(data.form_ids)
        chosen_models = {m for ids in data.role_model_ids.values() for m in ids}
        self._forms = {f.id: f for f in forms if not f.hidden or f.id in chosen_forms}
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(["Форма и ролевые модели"])
        self.form_items: dict[int, QStandardItem] = {}
        self.role_model_items: dict[int, QStandardItem] = {}
        for form in self._forms.values():
            item = self._check_item(form.name, form.id in chosen_forms)
            item.setToolTip(f"Наставник: {form.mentor_description}\n"
                            f"Наставляемый: {form.mentee_description}")
            item.setData(form.id, FormIdRole)
            for role_model in form.role_models:
                child = self._check_item(role_model.name, role_model.id in chosen_models)
                child.setData(role_model.id, RoleModelIdRole)
                item.appendRow(child)
                self.role_model_items[role_model.id] = child
            self.model.appendRow(item)
            self.form_items[form.id] = item

        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.expandAll()
        self.tree.selectionModel().currentChanged.connect(self._describe)
        self.description = style.secondary()
        self.description.setMinimumHeight(self.description.fontMetrics().lineSpacing() * 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.description)
        layout.addWidget(self.hint)
        self.model.itemChanged.connect(self._on_item_changed)
        self.tree.setCurrentIndex(self.model.index(0, 0))

    @staticmethod
    def _check_item(text: str, checked: bool) -> QStandardItem:
        item = QStandardItem(text)
        item.setCheckable(True)
        item.setEditable(False)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        return item

    def _on_item_changed(self, item: QStandardItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        parent = item.parent()
        self.model.blockSignals(True)
        try:
            if parent is None and not checked:
                for row in range(item.rowCount()):
                    item.child(row).setCheckState(Qt.CheckState.Unchecked)
            elif parent is not None and checked:
                parent.setCheckState(Qt.CheckState.Checked)
        finally:
            self.model.blockSignals(False)
        self.tree.viewport().update()
        self.changed()

    def _describe(self, index: QModelIndex) -> None:
        item = self.model.itemFromIndex(index)
        if item is None:
            return
        form_item = item.parent() or item
        form = self._forms[int(form_item.data(FormIdRole))]
        self.description.setText(f"Наставник: {form.mentor_description}.\n"
                                 f"Наставляемый: {form.mentee_description}.")

    def form_ids(self) -> tuple[int, ...]:
        return tuple(form_id for form_id, item in self.form_items.items()
                     if item.checkState() == Qt.CheckState.Checked)

    def role_model_ids(self) -> dict[int, tuple[int, ...]]:
        chosen: dict[int, tuple[int, ...]] = {}
        for form_id in self.form_ids():
            item = self.form_items[form_id]
            chosen[form_id] = tuple(
                int(child.data(RoleModelIdRole)) for child in
                (item.child(row) for row in range(item.rowCount()))
                if child.checkState() == Qt.CheckState.Checked)
        return chosen

    def chosen_names(self) -> list[tuple[str, list[str]]]:
        """(form, its role models) of what is checked, for the summary."""
        models = self.role_model_ids()
        names = {m.id: m.name for f in self._forms.values() for m in f.role_models}
        return [(self._forms[f].name, [names[m] for m in models[f]]) for f in self.form_ids()]

    def problems(self) -> list[str]:
        forms = self.form_ids()
        if not forms:
            return ["Отметьте хотя бы одну форму наставничества."]
        models = self.role_model_ids()
        empty = [f"«{self._forms[f].name}»" for f in forms
                 if self._forms[f].role_models and not models[f]]
        if empty:
            return [f"Отметьте хотя бы одну ролевую модель для формы {', '.join(empty)}."]
        return []


class GoalsPage(ChecklistPage):
    def __init__(self, data: Stage1Data) -> None:
        super().__init__("Цель, задачи и ожидаемые результаты",
                         "Текст взят из методологии (распоряжение Минпросвещения России "
                         "№ Р-145); измените его под свою школу. Задачи и результаты — "
                         "каждый с новой строки.")
        self.goal = self._editor(data.goal, 3)
        self.tasks = self._editor(data.tasks, 5)
        self.results = self._editor(data.expected_results, 5)
        self.restore_button = QPushButton("&Вернуть текст методологии")
        self.restore_button.clicked.connect(self.restore_methodology)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for text, field in (("&Цель*:", self.goal), ("&Задачи*:", self.tasks),
                            ("&Ожидаемые\nрезультаты*:", self.results)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
            field.textChanged.connect(self.changed)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addLayout(row)
        layout.addWidget(self.hint)

    @staticmethod
    def _editor(text: str, lines: int) -> QPlainTextEdit:
        editor = QPlainTextEdit(text)
        editor.setTabChangesFocus(True)
        editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * lines
                                + 2 * editor.frameWidth() + 8)
        return editor

    def texts(self) -> tuple[str, str, str]:
        return (self.goal.toPlainText().strip(), "\n".join(text_lines(self.tasks.toPlainText())),
                "\n".join(text_lines(self.results.toPlainText())))

    def restore_methodology(self) -> None:
        methodology = (stage1_service.default_goal(), stage1_service.default_tasks(),
                       stage1_service.default_results())
        if self.texts() == methodology:
            return
        if not messages.confirm(self, "Заменить цель, задачи и ожидаемые результаты текстом "
                                "методологии? Ваши правки на этой странице пропадут.",
                                title="Вернуть текст методологии", accept_text="Заменить"):
            return
        for editor, text in zip((self.goal, self.tasks, self.results), methodology,
                                strict=True):
            editor.setPlainText(text)

    def problems(self) -> list[str]:
        goal, tasks, results = self.texts()
        missing = [name for name, text in (("цель", goal), ("задачи", tasks),
                                           ("ожидаемые результаты", results)) if not text]
        if missing:
            return [f"Заполните: {', '.join(missing)}."]
        return []
