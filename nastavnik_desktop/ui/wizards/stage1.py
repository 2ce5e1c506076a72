"""Stage 1 «Подготовка условий для запуска программы» as a wizard over services/stages/stage1.py.

The wizard loads what the school already holds (`stage1_defaults`), lets the curator go through
six pages — each says in words what is still missing — and on «Готово» saves everything with one
`complete_stage1` call. Staff added on the team page exist only in the wizard until then, so
«Отмена» leaves the database as it was. `ask_start_next_year` opens the next school year.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import (
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.legal_documents import LEGAL_DOCUMENT_TITLES, LegalDocument
from nastavnik_desktop.services.programme import ProgrammeInfo, validate_school_year
from nastavnik_desktop.services.stages import stage1 as stage1_service
from nastavnik_desktop.services.stages.stage1 import (
    CURATOR_ROLE,
    FormChoice,
    NewStaff,
    PersonRef,
    Stage1Data,
)
from nastavnik_desktop.text import count_phrase, format_date
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.team_model import (
    Candidate,
    RoleDelegate,
    TeamModel,
    role_for_position,
    search_key,
)
from nastavnik_desktop.ui.widgets.legal_document_row import DocumentRow
from nastavnik_desktop.ui.wizards.base import StageWizard
from nastavnik_desktop.ui.wizards.pages import ChecklistPage

WIZARD_TITLE = "Этап 1. Подготовка условий для запуска программы"
WIZARD_SIZE = (900, 650)


PersonRole = Qt.ItemDataRole.UserRole + 1
SearchRole = Qt.ItemDataRole.UserRole + 2
FormIdRole = Qt.ItemDataRole.UserRole + 3
RoleModelIdRole = Qt.ItemDataRole.UserRole + 4


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- the base of the pages -----------------------------------------------------------------


# --- 1. the school ---------------------------------------------------------------------------


class SchoolPage(ChecklistPage):
    def __init__(self, data: Stage1Data) -> None:
        super().__init__("Образовательная организация",
                         "Реквизиты школы попадут в приказы, списки и отчёты программы. "
                         "Наименование — как в уставе.")
        self.full_name = QPlainTextEdit(data.school_full_name)
        self.full_name.setPlaceholderText("Муниципальное бюджетное общеобразовательное "
                                          "учреждение «Средняя общеобразовательная школа № 1»")
        self.full_name.setTabChangesFocus(True)
        lines = self.full_name.fontMetrics().lineSpacing() * 3
        self.full_name.setFixedHeight(lines + 2 * self.full_name.frameWidth() + 10)
        self.short_name = QLineEdit(data.school_short_name)
        self.short_name.setPlaceholderText("МБОУ «СОШ № 1»")
        self.address = QLineEdit(data.address)
        self.address.setPlaceholderText("Индекс, населённый пункт, улица, дом")
        self.municipality = QLineEdit(data.municipality)
        self.municipality.setPlaceholderText("Городской округ, муниципальный район")
        self.director_name = QLineEdit(data.director_name)
        self.director_name.setPlaceholderText("Фамилия Имя Отчество")
        self.director_position = QLineEdit(data.director_position)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field in (("&Полное наименование*:", self.full_name),
                            ("&Краткое наименование:", self.short_name),
                            ("&Адрес:", self.address),
                            ("&Муниципалитет:", self.municipality),
                            ("&Директор (ФИО)*:", self.director_name),
                            ("Д&олжность руководителя:", self.director_position)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(style.secondary("* — обязательные поля"))
        layout.addStretch(1)
        layout.addWidget(self.hint)

        self.full_name.textChanged.connect(self.changed)
        self.director_name.textChanged.connect(self.changed)

    def school_full_name(self) -> str:
        """The full name on one line: line breaks typed or pasted into the field are spaces."""
        return " ".join(self.full_name.toPlainText().split())

    def problems(self) -> list[str]:
        problems = []
        if not self.school_full_name():
            problems.append("Укажите полное наименование школы — как в уставе.")
        if not self.director_name.text().strip():
            problems.append("Укажите ФИО директора: оно нужно для подписи приказов.")
        return problems


# --- 2. the school year, the curator and the team ------------------------------------------


class TeamPage(ChecklistPage):
    def __init__(self, data: Stage1Data, staff: tuple[Candidate, ...]) -> None:
        super().__init__("Учебный год, куратор и команда",
                         "Выберите сотрудников слева: одного назначьте куратором, остальных "
                         "добавьте в команду и укажите их роли.")
        self.school_year = QLineEdit(data.school_year)
        self.school_year.setPlaceholderText("2025/2026")
        self.school_year.setMaxLength(9)
        self.school_year.setMaximumWidth(110)
        year_label = QLabel("Учебный &год*:")
        year_label.setBuddy(self.school_year)
        year_row = QHBoxLayout()
        year_row.addWidget(year_label)
        year_row.addWidget(self.school_year)
        year_row.addStretch(1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_staff_panel(staff))
        self.splitter.addWidget(self._build_team_panel())
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([430, 430])

        layout = QVBoxLayout(self)
        layout.addLayout(year_row)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.hint)

        by_ref = {person.ref: person for person in staff}
        if data.curator_id is not None and data.curator_id in by_ref:
            self.team.make_curator(by_ref[data.curator_id])
        for ref, role in data.team:
            if ref in by_ref and not (ref == data.curator_id and role == CURATOR_ROLE):
                self.team.add(by_ref[ref], role, once=False)

        self.school_year.textChanged.connect(self.changed)
        self.team.dataChanged.connect(self.changed)
        self.team.rowsInserted.connect(self.changed)
        self.team.rowsRemoved.connect(self.changed)
        self.team.rowsInserted.connect(self._open_role_editors)
        self._open_role_editors()
        self._update_buttons()

    def _build_staff_panel(self, staff: tuple[Candidate, ...]) -> QWidget:
        self.staff = QStandardItemModel(self)
        self.staff.setHorizontalHeaderLabels(["ФИО", "Должность"])
        for person in staff:
            self.staff.appendRow(self._staff_items(person))
        self.staff_proxy = QSortFilterProxyModel(self)
        self.staff_proxy.setSourceModel(self.staff)
        self.staff_proxy.setFilterRole(SearchRole)
        self.staff_proxy.setSortRole(SearchRole)
        self.staff_proxy.sort(0)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по ФИО или должности")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(
            lambda text: self.staff_proxy.setFilterFixedString(search_key(text)))
        self.staff_view = QTableView()
        self.staff_view.setModel(self.staff_proxy)
        self.staff_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.staff_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.staff_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.staff_view.setWordWrap(False)
        self.staff_view.setShowGrid(False)
        self.staff_view.verticalHeader().hide()
        self.staff_view.verticalHeader().setDefaultSectionSize(
            self.staff_view.fontMetrics().height() + 8)
        staff_header = self.staff_view.horizontalHeader()
        staff_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        staff_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        metrics = self.staff_view.fontMetrics()
        widest = max((metrics.horizontalAdvance(p.full_name) for p in staff), default=0)
        staff_header.resizeSection(0, min(max(widest, metrics.averageCharWidth() * 24) + 24,
                                          metrics.averageCharWidth() * 48))
        self.staff_view.doubleClicked.connect(lambda _index: self.add_selected_to_team())
        self.staff_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.empty_staff = style.secondary("В базе пока нет сотрудников. Добавьте куратора и "
                                           "членов команды ниже — они будут сохранены вместе "
                                           "с программой.")
        self.empty_staff.setVisible(not staff)

        self.curator_button = QPushButton("Назначить &куратором")
        self.curator_button.clicked.connect(self.make_selected_curator)
        self.add_button = QPushButton("В &команду →")
        self.add_button.clicked.connect(self.add_selected_to_team)
        buttons = QHBoxLayout()
        buttons.addWidget(self.curator_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)

        self.new_toggle = QPushButton("Нет в списке? Добавить &сотрудника")
        self.new_toggle.setCheckable(True)
        self.new_toggle.setFlat(True)
        self.new_toggle.setStyleSheet("QPushButton { color: palette(link); text-align: left; "
                                      "border: none; padding: 2px 0px; }")
        self.new_box = self._build_new_staff_box()
        self.new_toggle.toggled.connect(self.new_box.setVisible)
        self.new_toggle.setChecked(not staff)
        self.new_toggle.setVisible(bool(staff))
        self.new_box.setVisible(not staff)

        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 6, 0)
        heading = QLabel("<b>Сотрудники школы</b>")
        column.addWidget(heading)
        column.addWidget(self.search)
        column.addWidget(self.staff_view, 1)
        column.addWidget(self.empty_staff)
        column.addLayout(buttons)
        column.addWidget(self.new_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.new_box)
        return panel

    def _build_new_staff_box(self) -> QGroupBox:
        box = QGroupBox("Новый сотрудник")
        self.new_last_name = QLineEdit()
        self.new_last_name.setPlaceholderText("Фамилия*")
        self.new_first_name = QLineEdit()
        self.new_first_name.setPlaceholderText("Имя*")
        self.new_middle_name = QLineEdit()
        self.new_middle_name.setPlaceholderText("Отчество")
        self.new_position = QLineEdit()
        self.new_position.setPlaceholderText("Должность")
        self.new_position.setToolTip("Например, «учитель математики»")
        self.new_add_button = QPushButton("&Добавить в список")
        self.new_add_button.setEnabled(False)
        self.new_add_button.clicked.connect(self.add_new_staff)
        grid = QGridLayout(box)
        grid.addWidget(self.new_last_name, 0, 0)
        grid.addWidget(self.new_first_name, 0, 1)
        grid.addWidget(self.new_middle_name, 0, 2)
        grid.addWidget(self.new_position, 1, 0, 1, 2)
        grid.addWidget(self.new_add_button, 1, 2)
        for field in (self.new_last_name, self.new_first_name):
            field.textChanged.connect(self._update_new_staff_button)
        return box

    def _build_team_panel(self) -> QWidget:
        self.team = TeamModel(self)
        self.team_view = QTableView()
        self.team_view.setModel(self.team)
        self.team_view.setItemDelegateForColumn(TeamModel.COL_ROLE, RoleDelegate(self))
        self.team_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.team_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.team_view.verticalHeader().hide()
        self.team_view.verticalHeader().setDefaultSectionSize(
            QComboBox().sizeHint().height() + 2)
        self.team_view.setWordWrap(False)
        header = self.team_view.horizontalHeader()
        header.setSectionResizeMode(TeamModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TeamModel.COL_ROLE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(TeamModel.COL_ROLE, header.fontMetrics().averageCharWidth() * 27)
        self.team_view.selectionModel().selectionChanged.connect(self._update_buttons)

        self.remove_button = QPushButton("&Убрать из команды")
        self.remove_button.clicked.connect(self.remove_selected_member)
        remove_action = QAction(self.team_view)
        remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove_action.triggered.connect(self.remove_selected_member)
        self.team_view.addAction(remove_action)

        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(6, 0, 0, 0)
        column.addWidget(QLabel("<b>Команда программы</b>"))
        column.addWidget(self.team_view, 1)
        row = QHBoxLayout()
        row.addWidget(style.secondary("Роль — из списка или своя."), 1)
        row.addWidget(self.remove_button)
        column.addLayout(row)
        return panel

    @staticmethod
    def _staff_items(person: Candidate) -> list[QStandardItem]:
        name = QStandardItem(f"{person.full_name} (новый)" if person.is_new
                             else person.full_name)
        name.setData(person, PersonRole)
        name.setData(search_key(person.label()), SearchRole)
        position = QStandardItem(person.position)
        for item in (name, position):
            item.setEditable(False)
            item.setToolTip(person.label())
        return [name, position]

    # --- actions ---

    def selected_candidate(self) -> Candidate | None:
        index = self.staff_view.currentIndex()
        if not index.isValid() or not self.staff_view.selectionModel().isSelected(index):
            return None
        person = index.siblingAtColumn(0).data(PersonRole)
        assert isinstance(person, Candidate)
        return person

    def select_candidate(self, person: Candidate) -> None:
        for row in range(self.staff_proxy.rowCount()):
            index = self.staff_proxy.index(row, 0)
            if index.data(PersonRole) == person:
                self.staff_view.setCurrentIndex(index)
                self.staff_view.scrollTo(index)
                return

    def make_selected_curator(self) -> None:
        person = self.selected_candidate()
        if person is not None:
            self.team_view.selectRow(self.team.make_curator(person))

    def add_selected_to_team(self) -> None:
        person = self.selected_candidate()
        if person is not None:
            self.team_view.selectRow(self.team.add(person, role_for_position(person.position)))

    def remove_selected_member(self) -> None:
        rows = self.team_view.selectionModel().selectedRows()
        if rows:
            self.team.remove(rows[0].row())

    def add_new_staff(self) -> None:
        """Put the person typed in the «Новый сотрудник» box into the list and select them;
        nothing is written before «Готово»."""
        person = NewStaff(" ".join(self.new_last_name.text().split()),
                          " ".join(self.new_first_name.text().split()),
                          " ".join(self.new_middle_name.text().split()),
                          " ".join(self.new_position.text().split()))
        if not person.last_name or not person.first_name:
            return
        self.search.clear()
        candidate = Candidate(person, person.full_name, person.position)
        if not any(self.staff.item(row).data(PersonRole) == candidate
                   for row in range(self.staff.rowCount())):
            self.staff.appendRow(self._staff_items(candidate))
        self.select_candidate(candidate)
        self.empty_staff.hide()
        for field in (self.new_last_name, self.new_first_name, self.new_middle_name,
                      self.new_position):
            field.clear()
        self.staff_view.setFocus()

    def _update_new_staff_button(self) -> None:
        self.new_add_button.setEnabled(bool(self.new_last_name.text().strip()
                                            and self.new_first_name.text().strip()))

    def _update_buttons(self) -> None:
        chosen = self.selected_candidate() is not None
        self.curator_button.setEnabled(chosen)
        self.add_button.setEnabled(chosen)
        self.remove_button.setEnabled(self.team_view.selectionModel().hasSelection())

    def _open_role_editors(self) -> None:
        for row in range(self.team.rowCount()):
            self.team_view.openPersistentEditor(self.team.index(row, TeamModel.COL_ROLE))

    # --- the result ---

    def curator(self) -> PersonRef | None:
        curators = self.team.curators()
        return curators[0].ref if len(curators) == 1 else None

    def members(self) -> tuple[tuple[PersonRef, str], ...]:
        return tuple((row.person.ref, row.role) for row in self.team.rows()
                     if row.role != CURATOR_ROLE)

    def problems(self) -> list[str]:
        problems = []
        try:
            validate_school_year(self.school_year.text())
        except ValidationError as exc:
            problems.append(exc.message)
        curators = self.team.curators()
        if not curators:
            problems.append("Назначьте куратора: выберите сотрудника в списке и нажмите "
                            "«Назначить куратором».")
        elif len(curators) > 1:
            problems.append("Куратор у программы один: у остальных выберите другую роль.")
        unnamed = [row.person.full_name for row in self.team.rows() if not row.role]
        if unnamed:
            problems.append(f"Укажите роль в команде: {', '.join(unnamed)}.")
        return problems


# --- 3. forms of mentoring -------------------------------------------------------------------


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


# --- 4. goal, tasks, expected results --------------------------------------------------------


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
        return (self.goal.toPlainText().strip(), "\n".join(_lines(self.tasks.toPlainText())),
                "\n".join(_lines(self.results.toPlainText())))

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


# --- 5. legal documents ----------------------------------------------------------------------


class DocumentsPage(ChecklistPage):
    def __init__(self, data: Stage1Data, today: dt.date) -> None:
        super().__init__("Нормативные документы",
                         "Номера и даты документов этапа. Если документ ещё не издан, оставьте "
                         "номер пустым — его можно внести позже. Приложенные файлы копируются "
                         "в папку документов рядом с базой данных.")
        existing = {d.kind: d for d in data.documents}
        self.rows = {kind: DocumentRow(kind, existing.get(kind), today)
                     for kind in LEGAL_DOCUMENT_TITLES}
        layout = QVBoxLayout(self)
        for row in self.rows.values():
            layout.addWidget(row)
            row.number.textChanged.connect(self.changed)
            row.source_changed.connect(self.changed)
        layout.addStretch(1)
        layout.addWidget(self.hint)

    def documents(self) -> tuple[LegalDocument, ...]:
        return tuple(d for row in self.rows.values() if (d := row.document()) is not None)

    def problems(self) -> list[str]:
        return [f"Файл «{row.source}» для документа «{row.title()}» не найден: выберите "
                "его заново или уберите." for row in self.rows.values()
                if row.source is not None and not row.source.is_file()]

    def validatePage(self) -> bool:
        """Files can vanish while the page is open (a USB stick pulled out)."""
        self.changed()
        return self.isComplete()


# --- 6. summary ------------------------------------------------------------------------------


class SummaryPage(ChecklistPage):
    def __init__(self) -> None:
        super().__init__("Итог",
                         "Проверьте, что будет сохранено. После «Готово» программа получит "
                         "дорожную карту по методологии, а этап 1 будет отмечен выполненным.")
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.hint)

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, Stage1Wizard)
        self.summary.setHtml(wizard.summary_html())
        super().initializePage()

    def text(self) -> str:
        return self.summary.toPlainText()


# --- the wizard ------------------------------------------------------------------------------


class Stage1Wizard(StageWizard):
    """After «Готово» `programme` holds the programme that was set up (None until then).
    `today` bounds the dates of documents (tests pass a fixed day)."""

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(WIZARD_TITLE, parent, size=WIZARD_SIZE, minimum=(760, 560))
        self._db = db
        self.programme: ProgrammeInfo | None = None
        today = today or dt.date.today()
        data = stage1_service.stage1_defaults(db)
        team_ids = [ref for ref, _role in data.team if isinstance(ref, int)]
        if isinstance(data.curator_id, int):
            team_ids.append(data.curator_id)
        staff = tuple(Candidate(c.id, c.full_name, c.position)
                      for c in stage1_service.staff_choices(db, also=team_ids))

        self.school_page = SchoolPage(data)
        self.team_page = TeamPage(data, staff)
        self.forms_page = FormsPage(data, stage1_service.form_choices(db))
        self.goals_page = GoalsPage(data)
        self.documents_page = DocumentsPage(data, today)
        self.summary_page = SummaryPage()
        for page in (self.school_page, self.team_page, self.forms_page, self.goals_page,
                     self.documents_page, self.summary_page):
            self.addPage(page)

    def collected(self) -> Stage1Data:
        """What the pages hold now, as the service takes it."""
        school, team = self.school_page, self.team_page
        goal, tasks, results = self.goals_page.texts()
        return Stage1Data(
            school_full_name=school.school_full_name(),
            school_short_name=school.short_name.text().strip(),
            address=school.address.text().strip(),
            municipality=school.municipality.text().strip(),
            director_name=" ".join(school.director_name.text().split()),
            director_position=school.director_position.text().strip(),
            school_year=team.school_year.text().strip(),
            curator_id=team.curator(), team=team.members(),
            form_ids=self.forms_page.form_ids(),
            role_model_ids=self.forms_page.role_model_ids(),
            goal=goal, tasks=tasks, expected_results=results,
            documents=self.documents_page.documents())

    def summary_html(self) -> str:
        data = self.collected()
        esc = html.escape
        school = data.school_full_name
        if data.school_short_name:
            school += f" ({data.school_short_name})"
        director = ": ".join(p for p in (data.director_position, data.director_name) if p)
        team_rows = self.team_page.team.rows()
        team = "".join(f"<li>{esc(r.person.full_name)} — {esc(r.role)}"
                       f"{' <i>(будет добавлен в базу)</i>' if r.person.is_new else ''}</li>"
                       for r in team_rows)
        forms = "".join(
            f"<li>{esc(form)}"
            + (f": {esc('; '.join(models))}" if models else "") + "</li>"
            for form, models in self.forms_page.chosen_names())
        documents = []
        recorded = {d.kind: d for d in data.documents}
        for kind, title in LEGAL_DOCUMENT_TITLES.items():
            doc = recorded.get(kind)
            if doc is None:
                documents.append(f"<li>{esc(title)} — <i>пока не издан</i></li>")
                continue
            parts = [f"{f'№ {esc(doc.number)}' if doc.number else 'без номера'} "
                     f"от {format_date(doc.issued_on)}"]
            if doc.source_path:
                parts.append(f"файл «{esc(doc.source_path.name)}»")
            documents.append(f"<li>{esc(title)} — {', '.join(parts)}</li>")
        tasks, results = _lines(data.tasks), _lines(data.expected_results)
        return (
            f"<h3>Школа</h3><p>{esc(school)}"
            + (f"<br>{esc(data.address)}" if data.address else "")
            + (f"<br>{esc(data.municipality)}" if data.municipality else "")
            + f"<br>{esc(director)}</p>"
            f"<h3>Программа наставничества на {esc(data.school_year)} учебный год</h3>"
            f"<p><b>Команда</b> ({count_phrase(len(team_rows), 'человек', 'человека', 'человек')}"
            f"):</p><ul>{team}</ul>"
            f"<p><b>Формы наставничества:</b></p><ul>{forms}</ul>"
            f"<p><b>Цель:</b> {esc(data.goal)}</p>"
            f"<p><b>Задачи:</b> {count_phrase(len(tasks), 'пункт', 'пункта', 'пунктов')}; "
            f"<b>ожидаемые результаты:</b> "
            f"{count_phrase(len(results), 'пункт', 'пункта', 'пунктов')}.</p>"
            f"<h3>Документы</h3><ul>{''.join(documents)}</ul>")

    def save(self) -> None:
        self.programme = stage1_service.complete_stage1(self._db, self.collected())
