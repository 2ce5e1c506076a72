"""The first two pages of the stage 6 wizard: which pairs to organise («Пары и группы»), and
their plans from templates with the mentees' strengths («Анализ и план»)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import PlanItemKind
from nastavnik_desktop.services.plans import TemplateInfo
from nastavnik_desktop.services.stages.stage6 import PairRow
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.stage6_models import PairFilter, PairsModel, StrengthsModel
from nastavnik_desktop.ui.widgets.tables import size_columns, table_view
from nastavnik_desktop.ui.wizards.pages import ChecklistPage
from nastavnik_desktop.ui.wizards.stage6.state import GroupKey, Stage6State


def _pairs_word(n: int) -> str:
    return count_phrase(n, "пара", "пары", "пар")


class PairsPage(ChecklistPage):
    """The pairs at work with a tick each: those not yet organised (no plan or no first
    meeting) are ticked. The buttons and Space tick many at once."""

    def __init__(self, state: Stage6State) -> None:
        super().__init__("Пары и группы",
                         "Отметьте пары и группы, работу которых нужно организовать. Сразу "
                         "отмечены те, у кого ещё нет плана или первой встречи.")
        self.state = state
        self.model = PairsModel(state, self)
        self.proxy = PairFilter(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по наставнику или наставляемому")
        self.search.setClearButtonEnabled(True)
        self.form = QComboBox()
        self.form.addItem("Все формы", None)
        for form_id, name in sorted({(p.form_id, p.form_name) for p in state.data.pairs},
                                    key=lambda f: f[1]):
            self.form.addItem(name, form_id)
        self.class_box = QComboBox()
        self.class_box.addItem("Все классы", "")
        classes = {m.class_name for p in state.data.pairs for m in p.mentees if m.class_name}
        for name in sorted(classes, key=_class_key):
            self.class_box.addItem(f"{name} класс", name)
        for signal in (self.search.textChanged, self.form.currentIndexChanged,
                       self.class_box.currentIndexChanged):
            signal.connect(self._filter)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.form)
        filters.addWidget(self.class_box)

        self.view = table_view(self.proxy, multi=True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        size_columns(self.view, (23, None, None, 8, 15, 9, 11, 15))
        self.tick_all = QPushButton("Отметить все показанные")
        self.tick_none = QPushButton("Снять отметки с показанных")
        self.tick_all.clicked.connect(lambda: self._tick_shown(True))
        self.tick_none.clicked.connect(lambda: self._tick_shown(False))
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.view)
        space.setContext(Qt.ShortcutContext.WidgetShortcut)
        space.activated.connect(self.toggle_selected)
        self.count = style.secondary()
        buttons = QHBoxLayout()
        buttons.addWidget(self.tick_all)
        buttons.addWidget(self.tick_none)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        hint = style.secondary("Выделите несколько строк (Ctrl, Shift) и нажмите Пробел, "
                               "чтобы отметить или снять отметку сразу со всех.")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        layout.addWidget(self.hint)
        self.model.ticks_changed.connect(self.changed)
        self._show_count()

    def _filter(self) -> None:
        self.proxy.set_filter(form_id=self.form.currentData(),
                              class_name=self.class_box.currentData() or "",
                              text=self.search.text())
        self._show_count()

    def _tick_shown(self, on: bool) -> None:
        self.model.set_ticked(self.proxy.visible_rows(), on)

    def toggle_selected(self) -> None:
        rows = sorted({self.proxy.mapToSource(i).row()
                       for i in self.view.selectionModel().selectedRows()})
        if rows:
            on = any(self.model.rows[r].pair_id not in self.state.selected for r in rows)
            self.model.set_ticked(rows, on)

    def changed(self) -> None:
        self._show_count()
        super().changed()

    def _show_count(self) -> None:
        total = len(self.model.rows)
        shown = self.proxy.rowCount()
        text = f"Отмечено: {len(self.state.selected)} из {total}"
        if shown != total:
            text += f" (показано {shown})"
        self.count.setText(text)

    def problems(self) -> list[str]:
        if not self.state.data.pairs:
            return ["В программе нет работающих пар и групп: сформируйте их на этапе 5."]
        if not self.state.selected:
            return ["Отметьте хотя бы одну пару или группу."]
        return []


def _class_key(name: str) -> tuple[int, str]:
    digits = "".join(ch for ch in name if ch.isdigit())
    return (int(digits) if digits else 99, name)


class PlanPage(ChecklistPage):
    """Plans from the template of each form and role model in one go (with a preview of the
    template), and the mentees' strengths and points of growth in a compact table."""

    def __init__(self, state: Stage6State) -> None:
        super().__init__("Анализ и план",
                         "Планы развития заполняются по шаблону формы (или ролевой модели) "
                         "сразу для всех отмеченных пар. Сильные стороны и точки роста "
                         "наставляемых можно записать сейчас или позже в карточке пары.")
        self.state = state
        self.fill = QCheckBox("Заполнить планы развития по шаблонам")
        self.fill.setChecked(state.fill_plans)
        self.add = QCheckBox("Дополнить шаблоном и уже составленные планы")
        self.add.setChecked(state.add_to_plans)
        self.fill.toggled.connect(self._options)
        self.add.toggled.connect(self._options)
        self.groups = QTableWidget(0, 4)
        self.groups.setHorizontalHeaderLabels(("Форма и ролевая модель", "Пар",
                                               "Уже с планом", "Шаблон плана"))
        self.groups.verticalHeader().hide()
        self.groups.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.groups.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.groups.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.groups.horizontalHeader().setHighlightSections(False)
        self.groups.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        size_columns(self.groups, (40, 6, 14, None))
        self.groups.currentCellChanged.connect(lambda *_: self._preview())
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.planned = style.secondary()
        self.planned.setWordWrap(True)
        plans_tab = QWidget()
        plans = QVBoxLayout(plans_tab)
        options = QHBoxLayout()
        options.addWidget(self.fill)
        options.addWidget(self.add)
        options.addStretch(1)
        plans.addLayout(options)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.groups)
        split.addWidget(self.preview)
        split.setSizes([160, 240])
        plans.addWidget(split, 1)
        plans.addWidget(self.planned)

        self.strengths = StrengthsModel(state, self)
        self.strengths_view = table_view(self.strengths)
        self.strengths_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.strengths_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        size_columns(self.strengths_view, (24, 7, 20, None, None))
        strengths_tab = QWidget()
        strengths = QVBoxLayout(strengths_tab)
        strengths.addWidget(self.strengths_view, 1)
        note = style.secondary("Дважды щёлкните ячейку или начните печатать. Пустые строки "
                               "не сохраняются — их можно заполнить позже.")
        note.setWordWrap(True)
        strengths.addWidget(note)
        self.tabs = QTabWidget()
        self.tabs.addTab(plans_tab, "Планы по шаблонам")
        self.tabs.addTab(strengths_tab, "Сильные стороны и точки роста")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.hint)
        self._keys: list[GroupKey] = []

    def initializePage(self) -> None:
        self._fill_groups()
        self.strengths.reload()
        super().initializePage()

    def _options(self) -> None:
        self.state.fill_plans = self.fill.isChecked()
        self.state.add_to_plans = self.add.isChecked()
        self.add.setEnabled(self.fill.isChecked())
        self.groups.setEnabled(self.fill.isChecked())
        self._say_planned()
        self.changed()

    def _fill_groups(self) -> None:
        groups = self.state.groups()
        self._keys = list(groups)
        self.groups.setRowCount(len(groups))
        for row, (key, pairs) in enumerate(groups.items()):
            name = _group_name(pairs[0])
            with_plan = sum(p.has_plan for p in pairs)
            for column, text in enumerate((name, str(len(pairs)), str(with_plan))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.groups.setItem(row, column, item)
            combo = QComboBox()
            for info in self.state.data.templates_of(key[0]):
                combo.addItem(info.caption, info.id)
            if combo.count() == 0:
                combo.addItem("Нет шаблона для этой формы", None)
            index = combo.findData(self.state.templates.get(key))
            combo.setCurrentIndex(max(index, 0))
            self.state.templates[key] = combo.currentData()
            combo.currentIndexChanged.connect(
                lambda _i, key=key, combo=combo: self._choose(key, combo))
            self.groups.setCellWidget(row, 3, combo)
        self.groups.resizeRowsToContents()
        if groups:
            self.groups.setCurrentCell(0, 0)
        self._preview()
        self._say_planned()

    def _choose(self, key: GroupKey, combo: QComboBox) -> None:
        self.state.templates[key] = combo.currentData()
        self._preview()
        self.changed()

    def _preview(self) -> None:
        row = self.groups.currentRow()
        if not 0 <= row < len(self._keys):
            self.preview.clear()
            return
        info = self.state.data.template(self.state.templates.get(self._keys[row]))
        self.preview.setHtml(template_html(info))

    def _say_planned(self) -> None:
        pairs = self.state.plan_pairs()
        skipped = len([p for p in self.state.pairs() if p.has_plan]) if (
            self.state.fill_plans and not self.state.add_to_plans) else 0
        if not self.state.fill_plans:
            text = "Планы не заполняются."
        else:
            text = f"Будут заполнены планы: {_pairs_word(len(pairs))}."
            if skipped:
                text += (f" Пропущены {_pairs_word(skipped)} с уже составленным планом "
                         "(отметьте «Дополнить…», чтобы добавить им задачи шаблона).")
        self.planned.setText(text)

    def problems(self) -> list[str]:
        if not self.state.fill_plans:
            return []
        groups = self.state.groups()
        missing = [_group_name(groups[key][0]) for key in self._keys
                   if key in groups and self.state.templates.get(key) is None]
        return [f"Нет шаблона плана: {', '.join(missing)}. Составьте шаблон в карточке пары "
                "или снимите отметку «Заполнить планы»."] if missing else []


def _group_name(pair: PairRow) -> str:
    return pair.form_name + (f" — {pair.role_model_name}" if pair.role_model_name else "")


def template_html(info: TemplateInfo | None) -> str:
    if info is None:
        return "<p>Шаблон не выбран.</p>"
    esc = html.escape
    goals = [line for line in info.lines if line.kind is PlanItemKind.GOAL]
    tasks = [line for line in info.lines if line.kind is PlanItemKind.TASK]
    parts = [f"<h4>{esc(info.caption)}</h4>"]
    if goals:
        parts.append("<p><b>Цели:</b></p><ul>"
                     + "".join(f"<li>{esc(g.content)}</li>" for g in goals) + "</ul>")
    if tasks:
        rows = "".join(
            f"<tr><td>{esc(t.direction)}</td><td>{esc(t.content)}</td>"
            f"<td>{esc(t.result)}</td></tr>" for t in tasks)
        parts.append("<table cellspacing='0' cellpadding='3' border='1' "
                     "style='border-collapse: collapse' width='100%'>"
                     "<tr><th align='left'>Направление</th><th align='left'>Задача</th>"
                     f"<th align='left'>Ожидаемый результат</th></tr>{rows}</table>")
    return "".join(parts)
