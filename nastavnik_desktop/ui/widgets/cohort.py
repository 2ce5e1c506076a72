"""Cohort-first tables: a curator works on a selection (or the whole list), not person by
person.

The pattern for the stage wizards: the table allows an extended selection (Ctrl/Shift-click,
Ctrl+A selects all), a «Выбрано: N» label says how many rows an action will touch, and each
action of the page applies to every selected row in one step with one message.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView

from nastavnik_desktop.ui import style


def multi_select(view: QTableView) -> QTableView:
    """Let `view` select many whole rows (Ctrl+A selects all)."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    return view


def selected_view_rows(view: QTableView) -> list[int]:
    """The rows of the view's model with any selected cell, in order."""
    return sorted({index.row() for index in view.selectionModel().selectedIndexes()})


def selection_count(view: QTableView, *, hint: str = "Ctrl+A — выделить все") -> QLabel:
    """A label «Выбрано: N из M» kept up to date with the view's selection."""
    label = style.secondary()
    label.setWordWrap(False)

    def update() -> None:
        chosen, total = len(selected_view_rows(view)), view.model().rowCount()
        label.setText(f"Выбрано: {chosen} из {total}" if chosen else
                      f"Ничего не выбрано ({hint})")

    view.selectionModel().selectionChanged.connect(update)
    view.model().modelReset.connect(update)
    view.model().layoutChanged.connect(update)
    view.model().rowsInserted.connect(update)
    view.model().rowsRemoved.connect(update)
    update()
    return label
