"""The read-only tables of the wizards and the table-beside-editor layout."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
    search.textChanged.connect(on_change)
    combo.currentIndexChanged.connect(on_change)
    row = QHBoxLayout()
    row.addWidget(search, 1)
    row.addWidget(combo)
    return search, combo, row


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


def selected_source_rows(view: QTableView) -> list[int]:
    """The selected rows of `view` in its source model, in order."""
    model = view.model()
    rows = view.selectionModel().selectedRows()
    if isinstance(model, QSortFilterProxyModel):
        rows = [model.mapToSource(index) for index in rows]
    return sorted(index.row() for index in rows)
