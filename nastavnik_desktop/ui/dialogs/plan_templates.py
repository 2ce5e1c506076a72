"""The editor of plan templates: the templates by form and role model on the left, the chosen
one's lines on the right. Every change is saved at once through `services.plans` (rename, add,
edit, delete and move lines, copy, hide, «Вернуть как в методических рекомендациях»)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PlanItemKind
from nastavnik_desktop.services import plans
from nastavnik_desktop.services.plans import TemplateInfo, TemplateLine
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.plan_model import TemplateLineModel
from nastavnik_desktop.ui.widgets.actions import table_button
from nastavnik_desktop.ui.widgets.tables import (
    select_source_rows,
    selected_source_rows,
    size_columns,
    table_view,
)

_ID = Qt.ItemDataRole.UserRole


class LineDialog(QDialog):
    """A line of a template: goal or task, direction, content, action, result, deadline."""

    def __init__(self, line: TemplateLine | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Строка шаблона")
        line = line or TemplateLine(PlanItemKind.TASK, "", "")
        self.original = line
        self.kind = QComboBox()
        self.kind.addItem("Задача", PlanItemKind.TASK)
        self.kind.addItem("Цель", PlanItemKind.GOAL)
        self.kind.setCurrentIndex(0 if line.kind is PlanItemKind.TASK else 1)
        self.direction = QLineEdit(line.direction)
        self.content = QLineEdit(line.content)
        self.action = QLineEdit(line.action)
        self.expected = QLineEdit(line.result)
        self.days = QSpinBox()
        self.days.setRange(-1, 3650)
        self.days.setSpecialValueText("до конца учебного года")
        self.days.setSuffix(" дн. после заполнения")
        self.days.setValue(-1 if line.due_after_days is None else line.due_after_days)
        self.days.setToolTip("Срок задачи: через сколько дней после заполнения плана. "
                             "Без срока — сроки распределяются до конца учебного года.")
        form = QFormLayout()
        form.addRow("Вид", self.kind)
        form.addRow("Направление", self.direction)
        form.addRow("Содержание", self.content)
        form.addRow("Действие", self.action)
        form.addRow("Ожидаемый результат", self.expected)
        form.addRow("Срок", self.days)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(style.dialog_buttons(self, "Сохранить")[0])
        self.resize(560, self.sizeHint().height())
        self.content.setFocus()

    def line(self) -> TemplateLine:
        days = self.days.value()
        return replace(self.original, kind=PlanItemKind(self.kind.currentData()),
                       direction=self.direction.text(), content=self.content.text(),
                       action=self.action.text(), result=self.expected.text(),
                       due_after_days=None if days < 0 else days)


class PlanTemplatesDialog(QDialog):
    """«Шаблоны планов»: choose a template on the left, change it on the right."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Шаблоны планов развития")
        self.templates: list[TemplateInfo] = []
        self.tree = QTreeWidget()
        self.tree.setObjectName("template_tree")
        self.tree.setHeaderHidden(True)
        self.tree.currentItemChanged.connect(lambda *_: self._show_current())

        self.title = QLineEdit()
        self.title.setObjectName("template_title")
        self.title.setToolTip("Название сохраняется, когда вы переходите к другому полю")
        self.title.editingFinished.connect(self._rename)
        self.mark = style.secondary()
        self.model = TemplateLineModel(self)
        self.table = table_view(self.model, multi=True)
        self.table.setObjectName("template_lines")
        size_columns(self.table, (7, 22, None, 26, 24, 14))
        self.table.doubleClicked.connect(lambda _index: self.edit_line())

        line_buttons = QHBoxLayout()
        for text, keys, slot, tip in (
                ("Добавить", "Ins", self.add_line, "Новая строка шаблона"),
                ("Изменить", "Return", self.edit_line, "Изменить выделенную строку"),
                ("Удалить", "Del", self.delete_lines, "Удалить выделенные строки"),
                ("Выше", "Ctrl+Up", lambda: self.move_line(-1), "Передвинуть строку выше"),
                ("Ниже", "Ctrl+Down", lambda: self.move_line(1), "Передвинуть строку ниже")):
            line_buttons.addWidget(table_button(self.table, text, keys, slot, tip))
        line_buttons.addStretch(1)

        self.copy_button = QPushButton("Копировать")
        self.copy_button.setToolTip("Сделать свой шаблон на основе этого (для той же формы и "
                                    "ролевой модели)")
        self.copy_button.clicked.connect(self.copy)
        self.hide_button = QPushButton("Скрыть")
        self.hide_button.setToolTip("Скрытый шаблон не предлагается при заполнении плана")
        self.hide_button.clicked.connect(self.toggle_hidden)
        self.delete_button = QPushButton("Удалить шаблон")
        self.delete_button.clicked.connect(self.delete_template)
        self.reset_button = QPushButton("Вернуть как в методических рекомендациях")
        self.reset_button.clicked.connect(self.reset)
        template_buttons = QHBoxLayout()
        for button in (self.copy_button, self.hide_button, self.delete_button,
                       self.reset_button):
            template_buttons.addWidget(button)
        template_buttons.addStretch(1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        title_row = QFormLayout()
        title_row.addRow("Название", self.title)
        right_layout.addLayout(title_row)
        right_layout.addWidget(self.mark)
        right_layout.addLayout(template_buttons)
        right_layout.addWidget(self.table, 1)
        right_layout.addLayout(line_buttons)
        self.right = right

        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 800])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(style.plain_buttons(close))
        self.resize(1240, 620)
        self.load()

    # --- reading ---------------------------------------------------------------------------

    def load(self, select: int | None = None) -> None:
        current = select if select is not None else self.current_id()
        found = messages.guarded(self, lambda: plans.plan_templates(self.db))
        if found is None:
            return
        self.templates = list(found)
        self.tree.blockSignals(True)
        self.tree.clear()
        forms: dict[int, QTreeWidgetItem] = {}
        chosen: QTreeWidgetItem | None = None
        for template in self.templates:
            form = forms.get(template.form_id)
            if form is None:
                form = QTreeWidgetItem([f"Форма «{template.form_name}»"])
                form.setFlags(form.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                self.tree.addTopLevelItem(form)
                forms[template.form_id] = form
            who = template.role_model_name or "общий для формы"
            text = f"{template.title} — {who}"
            if template.hidden:
                text += " (скрыт)"
            item = QTreeWidgetItem([text])
            item.setData(0, _ID, template.id)
            item.setToolTip(0, template.caption)
            if template.hidden:
                item.setForeground(0, style.muted_colour(self.palette()))
            form.addChild(item)
            if template.id == current or chosen is None:
                chosen = item
        self.tree.expandAll()
        self.tree.blockSignals(False)
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        self._show_current()

    def current_id(self) -> int | None:
        item = self.tree.currentItem()
        value = item.data(0, _ID) if item is not None else None
        return int(value) if value is not None else None

    def current(self) -> TemplateInfo | None:
        template_id = self.current_id()
        return next((t for t in self.templates if t.id == template_id), None)

    def _show_current(self) -> None:
        template = self.current()
        self.right.setEnabled(template is not None)
        if template is None:
            self.model.set_lines([])
            self.title.clear()
            self.mark.clear()
            return
        self.title.setText(template.title)
        who = (f"ролевая модель «{template.role_model_name}»" if template.role_model_name
               else "общий для формы")
        origin = plans.SEEDED_NOTE if template.is_seeded else "составлен в школе"
        hidden = "; скрыт — не предлагается при заполнении плана" if template.hidden else ""
        self.mark.setText(f"Форма «{template.form_name}», {who}; {origin}{hidden}")
        self.hide_button.setText("Показать" if template.hidden else "Скрыть")
        self.delete_button.setEnabled(not template.is_seeded)
        self.delete_button.setToolTip(
            "Шаблон из методических рекомендаций не удаляется — его можно скрыть"
            if template.is_seeded else "Удалить этот шаблон")
        self.reset_button.setEnabled(template.is_seeded)
        self.model.set_lines(template.lines)

    # --- writing ---------------------------------------------------------------------------

    def _write(self, action: Callable[[], object], select: int | None = None) -> bool:
        if not messages.attempt(self, action):
            self.load()
            return False
        self.load(select)
        return True

    def _rename(self) -> None:
        template = self.current()
        if template is None or self.title.text().strip() == template.title:
            return
        title = self.title.text()
        self._write(lambda: plans.rename_template(self.db, template.id, title))

    def _save_lines(self, lines: list[TemplateLine], select: list[int] | None = None) -> None:
        template = self.current()
        if template is None:
            return
        if self._write(lambda: plans.save_template_items(self.db, template.id, lines)):
            select_source_rows(self.table, select or [])

    def add_line(self) -> None:
        dialog = LineDialog(None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            lines = [*self.model.lines, dialog.line()]
            self._save_lines(lines, [len(lines) - 1])

    def edit_line(self) -> None:
        rows = selected_source_rows(self.table)
        if len(rows) != 1:
            return
        dialog = LineDialog(self.model.lines[rows[0]], self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            lines = list(self.model.lines)
            lines[rows[0]] = dialog.line()
            self._save_lines(lines, rows)

    def delete_lines(self) -> None:
        rows = selected_source_rows(self.table)
        if not rows:
            return
        if messages.confirm(self, f"Удалить из шаблона выделенные строки ({len(rows)})?",
                            accept_text="Удалить"):
            self._save_lines([line for row, line in enumerate(self.model.lines)
                              if row not in rows])

    def move_line(self, step: int) -> None:
        rows = selected_source_rows(self.table)
        if len(rows) != 1:
            return
        row, target = rows[0], rows[0] + step
        lines = list(self.model.lines)
        if not 0 <= target < len(lines):
            return
        lines[row], lines[target] = lines[target], lines[row]
        self._save_lines(lines, [target])

    def copy(self) -> None:
        template = self.current()
        if template is None:
            return
        new_id = messages.guarded(self, lambda: plans.copy_template(self.db, template.id))
        if new_id is not None:
            self.load(new_id)
            self.title.setFocus()
            self.title.selectAll()

    def toggle_hidden(self) -> None:
        template = self.current()
        if template is not None:
            self._write(lambda: plans.set_template_hidden(self.db, template.id,
                                                          not template.hidden))

    def delete_template(self) -> None:
        template = self.current()
        if template is None or not messages.confirm(
                self, f"Удалить шаблон «{template.title}»? Планы, уже заполненные по нему, "
                      "останутся.", accept_text="Удалить"):
            return
        self._write(lambda: plans.delete_template(self.db, template.id))

    def reset(self) -> None:
        template = self.current()
        if template is None or not messages.confirm(
                self, f"Вернуть шаблон «{template.title}» как в методических рекомендациях? "
                      "Ваши изменения в нём пропадут.", accept_text="Вернуть"):
            return
        self._write(lambda: plans.reset_template(self.db, template.id))

