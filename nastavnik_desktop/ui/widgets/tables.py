"""The read-only tables of the wizards, their column widths, the search box and filter lists
above a table and the table-beside-editor layout."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)


def search_filter_row(placeholder: str, choices: Mapping[str, str],
                      on_change: Callable[[], object]
                      ) -> tuple[QLineEdit, QComboBox, QHBoxLayout]:
    """A search box and a filter list (key → label) above a table, both calling `on_change`."""
    search = QLineEdit()
    search.setPlaceholderText(placeholder)
    search.setClearButtonEnabled(True)
    combo = QComboBox()
    for key, label in choices.items():
        combo.addItem(label, key)
    # Its longest choice elided rather than squeezing the search box to «Поиск п…».
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    search.textChanged.connect(on_change)
    combo.currentIndexChanged.connect(on_change)
    row = QHBoxLayout()
    row.addWidget(search, 1)
    row.addWidget(combo)
    return search, combo, row


def refill_choices(combo: QComboBox, everything: str, items: Iterable[tuple[str, Any]]) -> None:
    """Replace the choices of a filter list — `everything` (data None) first, then (label,
    value) — keeping the chosen one when it is still there, without signalling a change."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for label, value in items:
        combo.addItem(label, value)
    found = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(found, 0))
    combo.blockSignals(False)


def table_beside_editor(filters: QHBoxLayout, view: QTableView, count_label: QLabel,
                        editor: QWidget, sizes: tuple[int, int]) -> QSplitter:
    """The base on the left (filters, table, count) and the selected row's editor on the
    right, sharing the width in proportion to `sizes`."""
    table_column = QWidget()
    left = QVBoxLayout(table_column)
    left.setContentsMargins(0, 0, 6, 0)
    left.addLayout(filters)
    left.addWidget(view, 1)
    left.addWidget(count_label)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(table_column)
    splitter.addWidget(editor)
    for index, size in enumerate(sizes):
        splitter.setStretchFactor(index, size)
    splitter.setSizes(list(sizes))
    return splitter


def table_view(model: Any, *, multi: bool = False) -> QTableView:
    """A read-only table in the wizards' style: whole rows, compact, no row numbers."""
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view


def size_columns(view: QTableView, widths: Sequence[int | None]) -> None:
    """Widths in average characters; None stretches the column."""
    header = view.horizontalHeader()
    char = view.fontMetrics().averageCharWidth()
    for column, width in enumerate(widths):
        if width is None:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width * char + 16)


CELL_PADDING = 20
"""What a cell adds to its text: the margins on both sides and the grid line."""


def fit_column(view: QTableView, column: int, *, least: int, most: int,
               grow_only: bool = False) -> None:
    """`column` as wide as its widest text (the ФИО of a list), between `least` and `most`
    average characters; a longer text is elided and shown whole in its tooltip. Measures the
    texts (a few milliseconds for thousands of names), never the delegates: ResizeToContents
    takes seconds on a large base. With `grow_only` the column is never made narrower."""
    model = view.model()
    metrics = view.fontMetrics()
    char = metrics.averageCharWidth()
    limit = most * char
    widest = least * char
    for row in range(model.rowCount()):
        text = model.index(row, column).data()
        if text:
            widest = max(widest, metrics.horizontalAdvance(str(text)))
            if widest >= limit:
                widest = limit
                break
    header = view.horizontalHeader()
    width = widest + CELL_PADDING
    if not grow_only or width > header.sectionSize(column):
        header.resizeSection(column, width)


def keep_column_fitted(view: QTableView, column: int, *, least: int, most: int) -> None:
    """`fit_column` now and whenever rows come (a list loaded later, a filter relaxed): the
    column widens for a longer name and never narrows under the curator's eyes."""
    model = view.model()

    def refit() -> None:
        fit_column(view, column, least=least, most=most, grow_only=True)

    model.modelReset.connect(refit)
    model.rowsInserted.connect(refit)
    model.layoutChanged.connect(refit)
    fit_column(view, column, least=least, most=most)


def selected_source_rows(view: QTableView) -> list[int]:
    """The selected rows of `view` in its source model, in order."""
    model = view.model()
    rows = view.selectionModel().selectedRows()
    if isinstance(model, QSortFilterProxyModel):
        rows = [model.mapToSource(index) for index in rows]
    return sorted(index.row() for index in rows)


def select_source_rows(view: QTableView, rows: Sequence[int]) -> None:
    """Select exactly `rows` of `view`'s source model (the first made current). Not
    `selectRow`: it toggles a row while Ctrl is held, so a Ctrl+↑ that moves a line and selects
    it again would leave it unselected, and the next Ctrl+↑ would do nothing."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    model = view.model()
    source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
    selection = QItemSelection()
    indexes = []
    for row in rows:
        index = source.index(row, 0)
        if isinstance(model, QSortFilterProxyModel):
            index = model.mapFromSource(index)
        if index.isValid():
            selection.select(index, index)
            indexes.append(index)
    flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
             | QItemSelectionModel.SelectionFlag.Rows)
    selected = view.selectionModel()
    selected.select(selection, flags)
    if indexes:
        selected.setCurrentIndex(indexes[0], QItemSelectionModel.SelectionFlag.NoUpdate)
