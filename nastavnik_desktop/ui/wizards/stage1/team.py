"""Page 2 of the stage 1 wizard: the school year, the curator and the team."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.programme import validate_school_year
from nastavnik_desktop.services.stages.stage1 import CURATOR_ROLE, NewStaff, PersonRef, Stage1Data
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.team_model import (
    Candidate,
    RoleDelegate,
    TeamModel,
    role_for_position,
    search_key,
)
from nastavnik_desktop.ui.widgets.tables import fit_column
from nastavnik_desktop.ui.wizards.pages import ChecklistPage

PersonRole = Qt.ItemDataRole.UserRole + 1
SearchRole = Qt.ItemDataRole.UserRole + 2

EMPTY_STAFF = ("В базе пока нет сотрудников. Добавьте куратора и членов команды ниже — они "
               "будут сохранены вместе с программой.")
EMPTY_STAFF_IMPORT = ("В базе пока нет сотрудников. Загрузите их список из таблицы — куратора "
                      "и команду останется выбрать из него — или добавьте людей ниже вручную.")

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
        self.import_button: QPushButton | None = None
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
        fit_column(self.staff_view, 0, least=24, most=48)
        self.staff_view.doubleClicked.connect(lambda _index: self.add_selected_to_team())
        self.staff_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.empty_staff = style.secondary(EMPTY_STAFF)
        self.empty_staff.setVisible(not staff)
        self.imported = style.secondary()
        self.imported.hide()

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
        self._heading_row = QHBoxLayout()
        self._heading_row.addWidget(QLabel("<b>Сотрудники школы</b>"), 1)
        column.addLayout(self._heading_row)
        column.addWidget(self.search)
        column.addWidget(self.staff_view, 1)
        column.addWidget(self.empty_staff)
        column.addWidget(self.imported)
        column.addLayout(buttons)
        column.addWidget(self.new_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.new_box)
        return panel

    def offer_import(self, run: Callable[[], tuple[Candidate, ...] | None]) -> None:
        """Show «Загрузить список сотрудников…»: `run` imports the staff from a table and
        returns the school's staff afterwards (None when nothing was loaded)."""
        self.import_button = QPushButton("&Загрузить список сотрудников…")
        self.import_button.setToolTip("Загрузить педагогов и сотрудников из файла Excel или "
                                      "CSV, чтобы выбрать куратора и команду из списка")
        self.import_button.clicked.connect(lambda: self._import(run))
        self._heading_row.addWidget(self.import_button)
        self.empty_staff.setText(EMPTY_STAFF_IMPORT)

    def _import(self, run: Callable[[], tuple[Candidate, ...] | None]) -> None:
        before = {person.ref for person in self.staff_candidates() if not person.is_new}
        staff = run()
        if staff is None:
            return
        self.take_staff(staff)
        added = sum(1 for person in staff if person.ref not in before)
        self.imported.setText(
            f"Из таблицы добавлено в базу: "
            f"{count_phrase(added, 'сотрудник', 'сотрудника', 'сотрудников')}. Загруженное "
            "уже сохранено и останется в базе, даже если закрыть мастер без сохранения.")
        self.imported.show()

    def staff_candidates(self) -> list[Candidate]:
        """Everyone in the staff list, the people typed in the wizard too."""
        people = [self.staff.item(row).data(PersonRole) for row in range(self.staff.rowCount())]
        return [person for person in people if isinstance(person, Candidate)]

    def take_staff(self, staff: tuple[Candidate, ...]) -> None:
        """Show `staff` (the base's, read again after an import). A person typed in the
        wizard who is now in the base under the same ФИО becomes that person, in the list
        and in the team, so that «Готово» does not create them a second time."""
        in_base: dict[str, list[Candidate]] = {}
        for person in staff:
            in_base.setdefault(search_key(person.full_name), []).append(person)

        def known(person: Candidate) -> Candidate:
            same = in_base.get(search_key(person.full_name), []) if person.is_new else []
            return same[0] if len(same) == 1 else person

        typed = [p for p in self.staff_candidates() if p.is_new and known(p) is p]
        self.team.replace_people(known)
        self.staff.removeRows(0, self.staff.rowCount())
        for person in (*staff, *typed):
            self.staff.appendRow(self._staff_items(person))
        fit_column(self.staff_view, 0, least=24, most=48)
        has_staff = self.staff.rowCount() > 0
        self.empty_staff.setVisible(not has_staff)
        self.new_toggle.setVisible(has_staff)
        self.new_toggle.setChecked(not has_staff)
        self._update_buttons()

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
