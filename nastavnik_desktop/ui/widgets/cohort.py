"""Cohort-first tables: a curator works on a selection (or the whole list), not person by
person.

The pattern for the stage wizards: the table allows an extended selection (Ctrl/Shift-click,
Ctrl+A selects all), and each action of the page applies to every selected row — or, when
nothing is selected, to every row the filter shows — in one step with one message.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView


def multi_select(view: QTableView) -> QTableView:
    """Let `view` select many whole rows (Ctrl+A selects all)."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    return view
