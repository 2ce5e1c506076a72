"""The filter bar and the table of a stage 4 page over the candidates model."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QWidget,
)

from nastavnik_desktop.data.enums import MENTOR_STATUS_LABELS, MentorStatus
from nastavnik_desktop.services.stages import stage4 as stage4_service
from nastavnik_desktop.text import alphabetical_key, count_phrase
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.candidates_model import ALL, CandidateFilter, CandidatesModel
from nastavnik_desktop.ui.widgets.cohort import selected_view_rows
from nastavnik_desktop.ui.widgets.tables import keep_column_fitted

# --- shared pieces of the pages -----------------------------------------------------------


class FilterBar(QWidget):
    """Search, form and status above a page's table."""

    def __init__(self, proxy: CandidateFilter, model: CandidatesModel,
                 statuses: Sequence[MentorStatus] | None = None) -> None:
        super().__init__()
        self.proxy = proxy
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по ФИО или классу")
        self.search.setClearButtonEnabled(True)
        self.form = QComboBox()
        self.form.addItem("Все формы", None)
        forms = {model.candidate(r).form_id: model.candidate(r).form_name
                 for r in range(model.rowCount())}
        for form_id, name in sorted(forms.items(), key=lambda f: alphabetical_key(f[1])):
            if form_id is not None:
                self.form.addItem(name, form_id)
        self.status = QComboBox()
        self.status.addItem("Все статусы", None)
        for status in statuses or (*stage4_service.CHAIN, MentorStatus.REJECTED):
            self.status.addItem(MENTOR_STATUS_LABELS[status], status.value)
        self.status.addItem("Кроме отклонённых", "active")
        self.count = style.secondary()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 2)
        row.addWidget(self.form, 1)
        row.addWidget(self.status, 1)
        row.addWidget(self.count)
        self.search.textChanged.connect(self.apply)
        self.form.currentIndexChanged.connect(self.apply)
        self.status.currentIndexChanged.connect(self.apply)
        self.apply()

    def apply(self) -> None:
        value = self.status.currentData()
        statuses: frozenset[MentorStatus] | None
        if value is None:
            statuses = ALL
        elif value == "active":
            statuses = frozenset(stage4_service.CHAIN)
        else:
            statuses = frozenset({MentorStatus(value)})
        self.proxy.set_filter(search=self.search.text(), form_id=self.form.currentData(),
                              statuses=statuses)
        shown, total = self.proxy.rowCount(), self.proxy.sourceModel().rowCount()
        self.count.setText(f"{shown} из {total}" if shown != total else
                           count_phrase(total, "кандидат", "кандидата", "кандидатов"))

    def select_status(self, status: MentorStatus | None) -> None:
        self.status.setCurrentIndex(self.status.findData(None if status is None
                                                         else status.value))


def candidate_table(proxy: CandidateFilter, model: CandidatesModel, columns: Sequence[str],
           *, criteria: bool = False, widths: dict[str, int] | None = None) -> QTableView:
    """A sortable view of `proxy` showing the named columns (and the criteria); the last one
    takes the rest of the width. `widths` in average characters."""
    view = QTableView()
    view.setModel(proxy)
    # The model's rows come by name: the table opens in that order without sorting (four
    # tables sorting 1,000 candidates each took half a second to open the wizard); a click
    # on a header sorts as in a view with sorting enabled.
    header = view.horizontalHeader()
    header.setSortIndicator(model.col("name"), Qt.SortOrder.AscendingOrder)
    header.setSortIndicatorShown(True)
    header.setSectionsClickable(True)
    header.sortIndicatorChanged.connect(proxy.sort)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    shown = {model.col(name) for name in columns}
    if criteria:
        shown |= set(model.criterion_columns())
    header.setHighlightSections(False)
    metrics = view.fontMetrics()
    for column in range(model.columnCount()):
        view.setColumnHidden(column, column not in shown)
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        header.resizeSection(column, max(metrics.horizontalAdvance(line)
                                          for line in text.splitlines() or [""]) + 20)
    header.resizeSection(model.col("status"), max(
        metrics.horizontalAdvance(label) for label in MENTOR_STATUS_LABELS.values()) + 24)
    forms = {model.candidate(r).form_name for r in range(model.rowCount())}  # a few, measured once
    header.resizeSection(model.col("form"), max(
        (metrics.horizontalAdvance(f) for f in forms), default=80) + 16)
    for name, chars in (widths or {}).items():
        header.resizeSection(model.col(name), metrics.averageCharWidth() * chars)
    keep_column_fitted(view, model.col("name"), least=24, most=44)
    header.setStretchLastSection(True)
    return view


def selected_candidate_rows(view: QTableView, proxy: CandidateFilter) -> list[int]:
    """The model rows of the selected candidates."""
    return sorted(proxy.source_row(proxy.index(row, 0)) for row in selected_view_rows(view))


def select_candidates(view: QTableView, proxy: CandidateFilter, model: CandidatesModel,
                      profile_ids: Sequence[int]) -> None:
    """Select these candidates in the table (those the filter shows)."""
    view.clearSelection()
    selection = view.selectionModel()
    flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
    for profile_id in profile_ids:
        index = proxy.mapFromSource(model.index(model.row_of(profile_id), 0))
        if index.isValid():
            selection.select(index, flags)
