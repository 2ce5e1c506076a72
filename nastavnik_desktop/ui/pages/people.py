"""«Наставляемые» and «Наставники»: the two bases of the programme as searchable tables.

Search and filters narrow the table at once (the model filters on precomputed keys); a header
click sorts, classes in their natural order. A visit reads the base again only when a table it
is read from has changed (or the day has), and the model takes the new rows in place; a saved
card reads only the rows that show its person. The card of the current person opens with Enter or
a double click; Del takes the selected people out of this year's base after a confirmation;
Shift+Del erases them from the school altogether (152-ФЗ, `ui/dialogs/erase_people.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    CATEGORY_LABELS,
    MENTEE_STATUS_LABELS,
    MENTOR_STATUS_LABELS,
    PersonCategory,
)
from nastavnik_desktop.services import changes, reference_lists
from nastavnik_desktop.services import people as people_service
from nastavnik_desktop.services.people import BASE_TABLES, BASE_TITLES, BaseKind, BaseRow
from nastavnik_desktop.settings import people_hidden_columns
from nastavnik_desktop.text import class_sort_key, count_phrase, format_number
from nastavnik_desktop.ui import messages, prefs, style
from nastavnik_desktop.ui.dialogs.erase_people import erase_people
from nastavnik_desktop.ui.models.people_model import (
    COL_AGE,
    COL_CATEGORY,
    COL_CONSENT,
    COL_FORM,
    COL_NAME,
    COL_PARTNERS,
    COL_PLACE,
    COL_STATUS,
    COL_TOPICS,
    CONSENT_FILTER_LABELS,
    ConsentFilter,
    PeopleFilter,
    PeopleTableModel,
)
from nastavnik_desktop.ui.pages.base import Page
from nastavnik_desktop.ui.read_only import writing
from nastavnik_desktop.ui.tasks import BackgroundTask
from nastavnik_desktop.ui.widgets.tables import keep_column_fitted, refill_choices

if TYPE_CHECKING:  # the card is imported when first opened
    from nastavnik_desktop.ui.dialogs.person_card import PersonCardDialog

_COLUMN_WIDTHS = {COL_NAME: 210, COL_PLACE: 124, COL_AGE: 64, COL_CATEGORY: 130,
                  COL_FORM: 118, COL_CONSENT: 110, COL_STATUS: 80, COL_PARTNERS: 125}
HIDDEN_BY_DEFAULT = (COL_AGE, COL_CATEGORY)
"""Shown from the header's menu; the default ones fit a 1200-pixel window without scrolling."""
_MAX_NAMES_IN_QUESTION = 5



class PeoplePage(Page):
    """A base of the programme; subclasses say which one."""

    KIND: ClassVar[BaseKind]
    TITLE: ClassVar[str]
    NOUN: ClassVar[tuple[str, str, str]]
    """«наставляемый, наставляемых, наставляемых» — after a number."""
    STATUS_LABELS: ClassVar[Mapping[Any, str]]
    REQUEST_FILTER_TIP: ClassVar[str]

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._programme_id = programme_id
        self.card: PersonCardDialog | None = None
        """The card editor while it is open (tests reach it here)."""
        self.erase_task: BackgroundTask | None = None
        """The erasure under way, if any (tests wait for it here)."""
        self._shown: tuple[int, dt.date] | None = None
        """What the rows shown were read at: the changes counter of the base's tables and the
        day (ages and the consent of minors depend on it)."""

        self.model = PeopleTableModel(self.KIND, self)

        layout = style.page_layout(QVBoxLayout(self))
        layout.setSpacing(10)
        title = style.heading(self.TITLE)
        title.setObjectName("people_title")
        layout.addWidget(title)
        self.summary_label = style.secondary()
        self.summary_label.setObjectName("people_summary")
        layout.addWidget(self.summary_label)
        layout.addLayout(self._build_search_row())
        layout.addLayout(self._build_filter_row())
        self.table = self._build_table()
        self.toolbar = self._build_toolbar()
        layout.addWidget(self.toolbar)
        layout.addWidget(self.table, 1)
        writing(db, self.remove_action, self.erase_action)

        self.refresh()

    # --- building --------------------------------------------------------------------------

    def _build_search_row(self) -> QHBoxLayout:
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("people_search")
        self.search_edit.setPlaceholderText("Поиск по ФИО, классу, должности")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._on_search)
        find = QAction("Найти", self)
        find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self.focus_search)
        self.addAction(find)
        keys = find.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.search_edit.setToolTip(f"Поиск по первым буквам фамилии, имени, по классу ({keys})")

        self.without_pair_check = QCheckBox("Только без пары")
        self.without_pair_check.setObjectName("without_pair_filter")
        self.without_pair_check.toggled.connect(self._on_filter_changed)
        self.reset_button = QPushButton("Сбросить фильтры")
        self.reset_button.setObjectName("reset_filters")
        self.reset_button.clicked.connect(self.reset_filters)

        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.without_pair_check)
        row.addWidget(self.reset_button)
        return row

    def _build_filter_row(self) -> QHBoxLayout:
        self.class_combo = self._combo("class_filter", "Класс")
        self.category_combo = self._combo("category_filter", "Категория участника")
        self.form_combo = self._combo("form_filter", "Форма наставничества")
        self.request_combo = self._combo("request_filter", self.REQUEST_FILTER_TIP)
        self.status_combo = self._combo("status_filter", "Статус в программе")
        self.consent_combo = self._combo("consent_filter",
                                         "Согласие на обработку персональных данных")
        self.consent_combo.addItem("Согласие: любое", None)
        for value, label in CONSENT_FILTER_LABELS.items():
            self.consent_combo.addItem(label[:1].upper() + label[1:], value)
        self.status_combo.addItem("Все статусы", None)
        for status, label in self.STATUS_LABELS.items():
            self.status_combo.addItem(label[:1].upper() + label[1:], status.value)

        row = QHBoxLayout()
        row.setSpacing(8)
        self.consent_combo.setMinimumContentsLength(len(self.consent_combo.itemText(0)))
        for combo, stretch in ((self.class_combo, 1), (self.category_combo, 1),
                               (self.form_combo, 1), (self.request_combo, 2),
                               (self.status_combo, 1), (self.consent_combo, 1)):
            row.addWidget(combo, stretch)
            combo.currentIndexChanged.connect(self._on_filter_changed)
        return row

    def _combo(self, name: str, tip: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setToolTip(tip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(9)
        combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        return combo

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.open_action = self._table_action(
            "Открыть карточку", [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)],
            self.open_current, "Открыть карточку человека")
        self.remove_action = self._table_action(
            "Удалить из базы", [QKeySequence(QKeySequence.StandardKey.Delete)],
            self.remove_selected,
            "Удалить выделенных из базы этого учебного года (человек останется в списках "
            "школы)")
        self.erase_action = self._table_action(
            "Удалить из школы…", [QKeySequence("Shift+Del")], self.erase_selected,
            "Удалить все данные выделенных людей из школы — карточки, согласия, участие в "
            "программах всех лет (по отзыву согласия, 152-ФЗ). Отменить нельзя")
        self.copy_action = self._table_action(
            "Копировать ФИО", [QKeySequence(QKeySequence.StandardKey.Copy)], self.copy_names,
            "Скопировать ФИО выделенных людей, по одному в строке")
        toolbar.addAction(self.open_action)
        toolbar.addAction(self.remove_action)
        toolbar.addAction(self.erase_action)
        toolbar.addSeparator()
        toolbar.addAction(self.copy_action)
        return toolbar

    def _table_action(self, text: str, keys: list[QKeySequence], slot: Callable[[], object],
                      tip: str) -> QAction:
        """An action whose keys work in the table only (Del in the search box deletes text)."""
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shown})")
        action.triggered.connect(lambda _checked=False: slot())
        self.table.addAction(action)
        return action

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("people_table")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._show_context_menu)
        table.doubleClicked.connect(self._on_double_click)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().lineSpacing() + 12)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in _COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_TOPICS, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        keep_column_fitted(table, COL_NAME, least=30, most=46)
        header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda position: self.columns_menu().exec(header.mapToGlobal(position)))
        for column in self._hidden_columns():
            table.setColumnHidden(column, True)
        table.selectionModel().selectionChanged.connect(self._update_actions)
        return table

    # --- public API ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the base again if anything it shows has changed since the last read; the
        selection, search, filters and scroll position stay."""
        reading = self._reading()
        if reading == self._shown:
            return
        rows = messages.guarded(self, lambda: self._read_base(reading[1]))
        if rows is None:
            return
        selected = self.selected_person_ids()
        current = self.current_row()
        if self.model.set_rows(rows):
            self.select_people(selected, current=current.person_id if current else None)
        self._shown = reading
        self._after_rows_changed()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def reset_filters(self) -> None:
        combos = (self.class_combo, self.category_combo, self.form_combo, self.request_combo,
                  self.status_combo, self.consent_combo)
        for widget in (*combos, self.without_pair_check):
            widget.blockSignals(True)
        for combo in combos:
            combo.setCurrentIndex(0)
        self.without_pair_check.setChecked(False)
        for widget in (*combos, self.without_pair_check):
            widget.blockSignals(False)
        self.search_edit.clear()
        self._on_filter_changed()

    def visible_rows(self) -> list[BaseRow]:
        return self.model.visible_rows()

    def current_row(self) -> BaseRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row_at(index.row())

    def selected_rows(self) -> list[BaseRow]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row_at(row) for row in rows]

    def selected_person_ids(self) -> list[int]:
        return [row.person_id for row in self.selected_rows()]

    def select_people(self, person_ids: list[int], *, current: int | None = None) -> None:
        """Select the rows of these people that are shown; `current` gets the cursor."""
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        wanted = set(person_ids)
        current_index = QModelIndex()
        for view_row, row in enumerate(self.model.visible_rows()):
            if row.person_id in wanted:
                selection.select(self.model.index(view_row, 0), self.model.index(view_row, last))
                if row.person_id == current or not current_index.isValid():
                    current_index = self.model.index(view_row, COL_NAME)
        selection_model = self.table.selectionModel()
        selection_model.clearSelection()
        if current_index.isValid():
            selection_model.setCurrentIndex(current_index,
                                            QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(current_index)
        selection_model.select(selection, QItemSelectionModel.SelectionFlag.Select)

    def select_person(self, person_id: int) -> bool:
        self.select_people([person_id], current=person_id)
        return self.current_row() is not None

    def open_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.open_card(row.person_id)

    def open_card(self, person_id: int) -> None:
        """Open the card of a person (window-modal, not blocking); saving it reloads the base."""
        from nastavnik_desktop.ui.dialogs.person_card import PersonCardDialog

        card = messages.guarded(self, lambda: PersonCardDialog(self._db, person_id, self))
        if card is None:
            return
        self.card = card
        writing(self._db, card.save_button, card.erase_button, card.decline_button)
        since = self._since()
        card.accepted.connect(lambda: self._after_card_saved(person_id, since))
        card.erased.connect(self.refresh)
        card.finished.connect(self._forget_card)
        card.open()

    def remove_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        names = [row.short_name for row in rows[:_MAX_NAMES_IN_QUESTION]]
        if len(rows) > len(names):
            names.append(f"и ещё {format_number(len(rows) - len(names))}")
        people = count_phrase(len(rows), "человека", "человека", "человек")
        question = (f"Удалить из раздела «{BASE_TITLES[self.KIND]}» {people} ({', '.join(names)})?"
                    "\n\nУдаляется только участие в программе этого учебного года: форма, "
                    "запросы, статус. Человек останется в списках школы и в программах других "
                    "лет.")
        if not messages.confirm(self, question, title="Удаление из базы",
                                accept_text="Удалить"):
            return
        profile_ids = [pid for row in rows for pid in row.profile_ids]
        since = self._since()
        removed = messages.guarded(self, lambda: people_service.remove_from_base(
            self._db, profile_ids, base=self.KIND))
        if removed is not None:
            self._after_own_change([row.person_id for row in rows], since)

    def erase_selected(self) -> None:
        """Erase the selected people from the school, after one confirmation naming them."""
        ids = self.selected_person_ids()
        if ids:
            self.erase_task = erase_people(self, self._db, ids, lambda _result: self.refresh())

    def copy_names(self) -> None:
        rows = self.selected_rows()
        if rows:
            QGuiApplication.clipboard().setText("\n".join(row.full_name for row in rows))

    def context_menu(self) -> QMenu:
        """The menu of the table (built anew each time; tests look at its actions)."""
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addAction(self.copy_action)
        menu.addSeparator()
        menu.addAction(self.remove_action)
        menu.addAction(self.erase_action)
        menu.addSeparator()
        menu.addMenu(self.columns_menu(menu))
        return menu

    def columns_menu(self, parent: QWidget | None = None) -> QMenu:
        """Which columns are shown: ticks, remembered for the next start."""
        menu = QMenu("Столбцы", parent or self)
        for column in range(self.model.columnCount()):
            action = menu.addAction(self.model.headerData(column, Qt.Orientation.Horizontal))
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.setEnabled(column != COL_NAME)
            action.toggled.connect(
                lambda shown, column=column: self.set_column_shown(column, shown))
        return menu

    def set_column_shown(self, column: int, shown: bool) -> None:
        self.table.setColumnHidden(column, not shown)
        if shown and self.table.columnWidth(column) < self.table.horizontalHeader() \
                .minimumSectionSize():
            self.table.setColumnWidth(column, _COLUMN_WIDTHS.get(column, 120))
        hidden = [c for c in range(self.model.columnCount()) if self.table.isColumnHidden(c)]
        prefs.write(people_hidden_columns(self.KIND.value), ",".join(map(str, hidden)))

    # --- internals -------------------------------------------------------------------------

    def _reading(self) -> tuple[int, dt.date]:
        return (changes.generation(self._db, *sorted(BASE_TABLES[self.KIND])),
                dt.date.today())

    def _read_base(self, today: dt.date,
                   person_ids: Collection[int] | None = None) -> list[BaseRow]:
        raise NotImplementedError

    def _hidden_columns(self) -> tuple[int, ...]:
        stored = prefs.read(people_hidden_columns(self.KIND.value))
        if stored is None:
            return HIDDEN_BY_DEFAULT
        columns = {int(part) for part in stored.split(",") if part.strip().isdigit()}
        return tuple(sorted(c for c in columns if 0 < c < self.model.columnCount()))

    def _since(self) -> tuple[bool, int]:
        """Whether the rows shown are up to date, and the count of every commit so far: taken
        before an action of the page, they tell whether its commit is the only change."""
        return self._reading() == self._shown, changes.generation(self._db)

    def _after_card_saved(self, person_id: int, since: tuple[bool, int]) -> None:
        self._after_own_change([person_id], since)
        current = self.current_row()
        if current is None or current.person_id != person_id:
            self.select_person(person_id)

    def _after_own_change(self, person_ids: list[int], since: tuple[bool, int]) -> None:
        """Show what an action of the page changed about `person_ids`: when its commit is the
        only one since the rows were read, only the rows that show these people are read again
        and put in place; otherwise the base is read again."""
        was_fresh, commits = since
        reading = self._reading()
        if not (was_fresh and changes.generation(self._db) == commits + 1
                and self._shown is not None and reading[1] == self._shown[1]):
            self.refresh()
            return

        def read() -> tuple[set[int], list[BaseRow]]:
            ids = people_service.people_shown_with(self._db, self._programme_id, person_ids)
            return ids, self._read_base(reading[1], ids)

        found = messages.guarded(self, read)
        if found is None:
            return
        ids, rows = found
        self.model.update_rows(rows, gone=sorted(ids - {row.person_id for row in rows}))
        self._shown = reading
        self._after_rows_changed()

    def _after_rows_changed(self) -> None:
        self._fill_filter_combos()
        self._update_summary()
        self._update_actions()

    def _forget_card(self) -> None:
        if self.card is not None:
            self.card.deleteLater()
        self.card = None

    def _fill_filter_combos(self) -> None:
        rows = self.model.rows()
        classes = sorted({row.class_name for row in rows if row.class_name},
                         key=class_sort_key)
        refill_choices(self.class_combo, "Все классы",
                       [(f"{name} класс", name) for name in classes])
        present = {row.category for row in rows}
        refill_choices(self.category_combo, "Все категории",
                [(label[:1].upper() + label[1:], category)
                 for category, label in CATEGORY_LABELS.items() if category in present])
        form_order = reference_lists.item_order(self._db, reference_lists.ListKind.FORMS)
        forms = dict(sorted({(fid, name) for row in rows
                             for fid, name in zip(row.form_ids, row.forms, strict=True)},
                            key=lambda item: (form_order.get(item[0], len(form_order)), item)))
        refill_choices(self.form_combo, "Все формы", [(name, fid) for fid, name in forms.items()])
        request_order = reference_lists.item_order(self._db, reference_lists.ListKind.REQUESTS)
        requests = sorted({(name, rid) for row in rows
                           for rid, name in zip(row.request_ids, row.requests, strict=True)},
                          key=lambda item: (request_order.get(item[1], len(request_order)),
                                            item))
        refill_choices(self.request_combo, "Все запросы",
                [(name[:1].upper() + name[1:], rid) for name, rid in requests])
        self._on_filter_changed()

    def _current_filter(self) -> PeopleFilter:
        category = self.category_combo.currentData()
        consent = self.consent_combo.currentData()
        return PeopleFilter(
            class_name=self.class_combo.currentData(),
            category=PersonCategory(category) if category else None,
            form_id=self.form_combo.currentData(),
            request_id=self.request_combo.currentData(),
            status=self.status_combo.currentData(),
            consent=ConsentFilter(consent) if consent else None,
            without_pair=self.without_pair_check.isChecked())

    def _on_filter_changed(self) -> None:
        self.model.set_filter(self._current_filter())
        self._after_filter()

    def _on_search(self, text: str) -> None:
        self.model.set_search(text)
        self._after_filter()

    def _after_filter(self) -> None:
        self._update_summary()
        self._update_actions()

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_card(self.model.row_at(index.row()).person_id)

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if index.isValid() and not self.table.selectionModel().isRowSelected(index.row()):
            self.table.selectRow(index.row())
        self.context_menu().exec(self.table.viewport().mapToGlobal(position))

    def _update_summary(self) -> None:
        rows = self.model.rows()
        total = len(rows)
        if not total:
            self.summary_label.setText(f"В разделе «{BASE_TITLES[self.KIND]}» пока никого нет.")
            return
        paired = sum(row.has_pair for row in rows)
        parts = [f"В базе {count_phrase(total, *self.NOUN)}",
                 f"в паре или группе — {format_number(paired)}",
                 f"без пары — {format_number(total - paired)}"]
        no_consent = sum(not row.consent.present for row in rows)
        if no_consent:
            parts.append(f"без согласия на обработку ПД — {format_number(no_consent)}")
        text = ", ".join(parts)
        shown = self.model.rowCount()
        if shown != total:
            text += f". Показано: {format_number(shown)}"
        self.summary_label.setText(text + ".")

    def _update_actions(self) -> None:
        has_selection = self.table.selectionModel().hasSelection()
        self.open_action.setEnabled(self.current_row() is not None)
        self.remove_action.setEnabled(has_selection)
        self.erase_action.setEnabled(has_selection)
        self.copy_action.setEnabled(has_selection)


class MenteesPage(PeoplePage):
    KIND = BaseKind.MENTEES
    TITLE = "Наставляемые"
    NOUN = ("наставляемый", "наставляемых", "наставляемых")
    STATUS_LABELS = MENTEE_STATUS_LABELS
    REQUEST_FILTER_TIP = "Ключевой запрос наставляемого"

    def _read_base(self, today: dt.date,
                   person_ids: Collection[int] | None = None) -> list[BaseRow]:
        return list(people_service.mentee_base(self._db, self._programme_id, today=today,
                                               person_ids=person_ids))


class MentorsPage(PeoplePage):
    KIND = BaseKind.MENTORS
    TITLE = "Наставники"
    NOUN = ("наставник", "наставника", "наставников")
    STATUS_LABELS = MENTOR_STATUS_LABELS
    REQUEST_FILTER_TIP = "Запрос наставляемых, с которым наставник готов работать"

    def _read_base(self, today: dt.date,
                   person_ids: Collection[int] | None = None) -> list[BaseRow]:
        return list(people_service.mentor_base(self._db, self._programme_id, today=today,
                                               person_ids=person_ids))

