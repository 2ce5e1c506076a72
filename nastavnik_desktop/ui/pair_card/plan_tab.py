"""The pair card's «План развития» tab: the individual development plan (ИПР) of a pair or group.

Per mentee: strengths and points of growth (saved when the field is left) and his goals; the
goals of the whole pair; the common tasks in a table (direction, content, action, deadline,
expected result, done on) with overdue ones tinted and saying «просрочено». A plan is filled
from a template in one dialog, then the deadlines of the selected tasks are set at once and the
tasks marked done at once. Every write goes through `services.plans`, returns a `BoardChange`
and is put onto the card's undo stack (`context.record`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.services import plans
from nastavnik_desktop.services.pairs.history import BoardChange
from nastavnik_desktop.services.plans import Plan, PlanLine, Strengths, TaskEntry
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs.plan_task import DateDialog, FillDialog, TaskDialog
from nastavnik_desktop.ui.models.plan_model import PlanTaskModel
from nastavnik_desktop.ui.pair_card.context import CardContext, PairTab
from nastavnik_desktop.ui.widgets.actions import key_name
from nastavnik_desktop.ui.widgets.tables import selected_source_rows, size_columns, table_view


class GoalBox(QGroupBox):
    """A mentee's strengths, points of growth and goals — or the goals of the whole pair."""

    def __init__(self, tab: PlanTab, title: str, mentee_id: int | None,
                 strengths: Strengths | None) -> None:
        super().__init__(title)
        self.tab, self.mentee_id = tab, mentee_id
        layout = QVBoxLayout(self)
        self.strengths: QLineEdit | None = None
        self.growth: QLineEdit | None = None
        self.saved = strengths or Strengths("", "")
        if strengths is not None:
            self.saved = strengths
            form = QFormLayout()
            self.strengths = QLineEdit(strengths.strengths)
            self.strengths.setPlaceholderText("в чём наставляемый силён")
            self.growth = QLineEdit(strengths.growth_points)
            self.growth.setPlaceholderText("что развивать")
            for field in (self.strengths, self.growth):
                field.setToolTip("Сохраняется, когда вы переходите к другому полю")
                field.editingFinished.connect(self._save_strengths)
            form.addRow("Сильные стороны", self.strengths)
            form.addRow("Точки роста", self.growth)
            layout.addLayout(form)
        self.goals = QListWidget()
        self.goals.setObjectName("goals")
        self.goals.setFixedHeight(72)
        self.goals.setToolTip("Двойной щелчок — изменить цель, Del — удалить")
        self.goals.itemChanged.connect(self._edit_goal)
        self.new_goal = QLineEdit()
        self.new_goal.setObjectName("new_goal")
        self.new_goal.setPlaceholderText("Новая цель — Enter, чтобы добавить")
        self.new_goal.returnPressed.connect(self._add_goal)
        delete = QAction("Удалить цель", self.goals)
        delete.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self._delete_goal)
        self.goals.addAction(delete)
        layout.addWidget(QLabel("Цели" if mentee_id is not None else
                                "Цели, общие для всех наставляемых"))
        layout.addWidget(self.goals)
        layout.addWidget(self.new_goal)
        self.setFixedWidth(440)

    def show_goals(self, goals: tuple[PlanLine, ...]) -> None:
        self.goals.blockSignals(True)
        self.goals.clear()
        for goal in goals:
            item = QListWidgetItem(goal.text)
            item.setData(Qt.ItemDataRole.UserRole, goal.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.goals.addItem(item)
        if not goals:
            self.goals.setToolTip("Целей пока нет: напишите первую в поле ниже")
        self.goals.blockSignals(False)

    def _save_strengths(self) -> None:
        assert self.strengths is not None and self.growth is not None
        value = Strengths(self.strengths.text().strip(), self.growth.text().strip())
        if value == self.saved or self.mentee_id is None:
            return
        self.saved = value
        mentee_id = self.mentee_id
        self.tab.write(lambda db: plans.set_strengths(db, self.tab.context.pair_id,
                                                      {mentee_id: value}))

    def _add_goal(self) -> None:
        text = self.new_goal.text()
        if not text.strip():
            return
        mentee_id = self.mentee_id
        if self.tab.write(lambda db: plans.add_goal(db, self.tab.context.pair_id, text,
                                                    mentee_profile_id=mentee_id)):
            self.new_goal.clear()

    def _edit_goal(self, item: QListWidgetItem) -> None:
        goal_id, text = item.data(Qt.ItemDataRole.UserRole), item.text()
        self.tab.write(lambda db: plans.edit_goal(db, goal_id, text))

    def _delete_goal(self) -> None:
        item = self.goals.currentItem()
        if item is None:
            return
        if not messages.confirm(self, f"Удалить цель «{item.text()}»?", accept_text="Удалить"):
            return
        goal_id = item.data(Qt.ItemDataRole.UserRole)
        self.tab.write(lambda db: plans.delete_items(db, [goal_id]))


class PlanTab(PairTab):
    title = "План развития"

    def __init__(self, context: CardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.plan: Plan | None = None
        self.model = PlanTaskModel(self)
        self.table = table_view(self.model, multi=True)
        self.table.setObjectName("plan_tasks")
        size_columns(self.table, (24, None, None, 27, None, 11))
        self.summary = QLabel()
        self.summary.setObjectName("plan_summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        self.fill_action = self._action("Заполнить из шаблона…", "", self.fill_from_template,
                                        "Добавить в план задачи шаблона формы и ролевой модели")
        self.add_action = self._action("Добавить задачу", "Ins", self.add_task,
                                       "Новая общая задача пары")
        self.edit_action = self._action("Изменить", "Return", self.edit_task,
                                        "Изменить выделенную задачу (или двойной щелчок)")
        self.table.doubleClicked.connect(lambda _index: self.edit_action.trigger())
        self.delete_action = self._action("Удалить", "Del", self.delete_tasks,
                                          "Удалить выделенные задачи")
        self.done_action = self._action("Выполнено…", "Ctrl+D", self.mark_done,
                                        "Отметить выделенные задачи выполненными в один день")
        self.undone_action = self._action("Не выполнено", "Ctrl+Shift+D", self.mark_undone,
                                          "Снять отметку о выполнении с выделенных задач")
        self.due_action = self._action("Срок…", "Ctrl+T", self.set_deadline,
                                       "Один срок для всех выделенных задач")
        templates = QPushButton("Шаблоны…")
        templates.setObjectName("open_templates")
        templates.setToolTip("Шаблоны планов по формам и ролевым моделям: изменить, "
                             "скопировать, скрыть")
        templates.clicked.connect(self.open_templates)

        buttons = QHBoxLayout()
        for action in (self.fill_action, self.add_action, self.edit_action, self.delete_action,
                       self.done_action, self.undone_action, self.due_action):
            button = QPushButton(action.text())
            button.setObjectName(f"plan_{action.objectName()}")
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(templates)

        self.boxes_row = QHBoxLayout()
        self.boxes_row.setContentsMargins(0, 0, 0, 0)
        self.boxes_row.addStretch(1)
        boxes = QWidget()
        boxes.setLayout(self.boxes_row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(boxes)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.boxes: list[GoalBox] = []

        tasks = QWidget()
        tasks_layout = QVBoxLayout(tasks)
        tasks_layout.setContentsMargins(0, 0, 0, 0)
        tasks_layout.addWidget(style.heading("Общие задачи", factor=1.15))
        tasks_layout.addWidget(self.table, 1)
        tasks_layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(scroll)
        splitter.addWidget(tasks)
        splitter.setStretchFactor(1, 1)
        high = GoalBox(self, "", 0, Strengths("", "")).sizeHint().height()
        splitter.setSizes([high + scroll.horizontalScrollBar().sizeHint().height() + 16, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.reload()

    def _action(self, text: str, keys: str, slot: Callable[[], None], tip: str) -> QAction:
        action = QAction(text, self.table)
        action.setObjectName(slot.__name__)
        if keys:
            sequences = [QKeySequence(keys)]
            if keys == "Return":  # the keypad's Enter too
                sequences.append(QKeySequence(Qt.Key.Key_Enter))
            action.setShortcuts(sequences)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tip = f"{tip} ({key_name(keys)})"
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.table.addAction(action)
        return action

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        selected = self.selected_ids()
        shown = messages.guarded(self, lambda: plans.plan(self.context.db, self.context.pair_id,
                                                          today=self.context.today()))
        if shown is None:
            return
        self.plan = shown
        self.model.set_lines(shown.tasks)
        self._show_boxes(shown)
        self._show_summary(shown)
        selection = self.table.selectionModel()
        for line_id in selected:
            row = self.model.row_of(line_id)
            if row is not None:
                selection.select(self.model.index(row, 0),
                                 QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
        self._enable()

    def _show_boxes(self, shown: Plan) -> None:
        ids = [m.mentee_profile_id for m in shown.mentees]
        if [box.mentee_id for box in self.boxes[:-1]] != ids or not self.boxes:
            for box in self.boxes:
                self.boxes_row.removeWidget(box)
                box.deleteLater()
            self.boxes = [GoalBox(self, f"{m.name}, {m.class_name}" if m.class_name else m.name,
                                  m.mentee_profile_id, Strengths(m.strengths, m.growth_points))
                          for m in shown.mentees]
            self.boxes.append(GoalBox(self, "Цели всей пары (группы)", None, None))
            for box in self.boxes:
                self.boxes_row.insertWidget(self.boxes_row.count() - 1, box, 0,
                                            Qt.AlignmentFlag.AlignTop)
        for box, mentee in zip(self.boxes, shown.mentees, strict=False):
            value = Strengths(mentee.strengths, mentee.growth_points)
            if box.strengths is not None and box.growth is not None and value != box.saved:
                box.saved = value
                box.strengths.setText(value.strengths)
                box.growth.setText(value.growth_points)
            box.show_goals(mentee.goals)
        self.boxes[-1].show_goals(shown.pair_goals)
        # one mentee: his goals are the pair's; the box stays only for goals already there
        self.boxes[-1].setVisible(len(shown.mentees) != 1 or bool(shown.pair_goals))

    def _show_summary(self, shown: Plan) -> None:
        if not shown.total and self.context.db.read_only:
            self.summary.setText("Задач в плане не было.")
            return
        if not shown.total:
            self.summary.setText("Задач пока нет. Нажмите «Заполнить из шаблона…» — план "
                                 "заполнится задачами формы наставничества, сроки можно "
                                 "поправить.")
            return
        parts = [count_phrase(shown.total, "задача", "задачи", "задач"),
                 f"выполнено {shown.done}"]
        if shown.overdue:
            parts.append(f"<span style='color:#a11a1a'><b>просрочено {shown.overdue}</b></span>")
        self.summary.setText(" · ".join(parts))

    def selected_ids(self) -> list[int]:
        return [self.model.line(row).id for row in selected_source_rows(self.table)]

    def _enable(self) -> None:
        count = len(self.selected_ids())
        self.edit_action.setEnabled(count == 1)
        for action in (self.delete_action, self.done_action, self.undone_action,
                       self.due_action):
            action.setEnabled(count > 0)
        for button in self.findChildren(QPushButton):
            name = button.objectName().removeprefix("plan_")
            found = next((a for a in self.table.actions() if a.objectName() == name), None)
            if found is not None:
                button.setEnabled(found.isEnabled())

    # --- writing ---------------------------------------------------------------------------

    def write(self, action: Callable[..., BoardChange]) -> bool:
        """Run a write of the plan; on success put it onto the undo stack and show the plan."""
        change = messages.guarded(self, lambda: action(self.context.db))
        if change is None:
            self.reload()
            return False
        self.context.record(change)
        self.reload()
        return True

    def _directions(self) -> list[str]:
        seen: dict[str, None] = {}
        for line in self.model.lines:
            seen.setdefault(line.direction, None)
        return list(seen)

    def fill_from_template(self) -> None:
        db = self.context.db
        found = messages.guarded(self, lambda: plans.plan_templates(db, with_hidden=False))
        if found is None:
            return
        suggested = messages.guarded(self, lambda: plans.template_for_pair(
            db, self.context.pair_id))
        if not found:
            messages.show_info(self, "Шаблонов планов нет. Откройте «Шаблоны…» и составьте "
                                     "шаблон или покажите скрытый.")
            return
        own_form = [t for t in found if suggested is None or t.form_id == suggested.form_id]
        dialog = FillDialog(own_form or found, suggested.id if suggested else None,
                            plan_empty=self.plan is None or self.plan.is_empty,
                            today=self.context.today(),
                            formed_on=self.plan.formed_on if self.plan else None, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        chosen = dialog.chosen()
        if chosen is None:
            return
        start, replace = dialog.start_day(), dialog.replacing()
        self.write(lambda db: plans.fill_from_template(
            db, self.context.pair_id, today=self.context.today(), template_id=chosen.id,
            replace=replace, start=start))

    def add_task(self) -> None:
        dialog = TaskDialog("Новая задача плана", None, self._directions(),
                            self.context.today(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            entry = dialog.entry()
            self.write(lambda db: plans.add_task(db, self.context.pair_id, entry,
                                                 today=self.context.today()))

    def edit_task(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        row = self.model.row_of(ids[0])
        assert row is not None
        line = self.model.line(row)
        entry = TaskEntry(text=line.text, direction=line.direction, action=line.action,
                          due_on=line.due_on, result=line.result, done_on=line.done_on)
        dialog = TaskDialog("Задача плана", entry, self._directions(), self.context.today(),
                            self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            changed = dialog.entry()
            self.write(lambda db: plans.edit_task(db, line.id, changed,
                                                  today=self.context.today()))

    def delete_tasks(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        what = (f"задачу «{self.model.line(self.model.row_of(ids[0]) or 0).text}»"
                if len(ids) == 1 else count_phrase(len(ids), "задачу", "задачи", "задач"))
        if messages.confirm(self, f"Удалить из плана {what}? Отменить можно клавишами Ctrl+Z.",
                            accept_text="Удалить"):
            self.write(lambda db: plans.delete_items(db, ids))

    def mark_done(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        words = count_phrase(len(ids), "задача", "задачи", "задач")
        dialog = DateDialog("Отметить выполненными", f"Выделено: {words}. Когда выполнены?",
                            self.context.today(), "Отметить", self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            day = dialog.chosen()
            self.write(lambda db: plans.mark_done(db, ids, day, today=self.context.today()))

    def mark_undone(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.write(lambda db: plans.mark_done(db, ids, None, today=self.context.today()))

    def set_deadline(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        row = self.model.row_of(ids[0])
        first = self.model.line(row).due_on if row is not None else None
        words = count_phrase(len(ids), "задача", "задачи", "задач")
        dialog = DateDialog("Срок задач", f"Выделено: {words}. Новый срок:",
                            first or self.context.today(), "Установить", self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            day = dialog.chosen()
            self.write(lambda db: plans.set_deadline(db, ids, day))

    def open_templates(self) -> None:
        from nastavnik_desktop.ui.dialogs.plan_templates import PlanTemplatesDialog

        dialog = PlanTemplatesDialog(self.context.db, self)
        dialog.exec()

