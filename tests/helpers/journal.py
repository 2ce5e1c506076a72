"""Typing a mentor's paper journal into the quick entry grid from the keyboard (digits and
keys by key clicks, Cyrillic set on the cell's editor: keyClicks of Cyrillic is unreliable)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from nastavnik_desktop.ui.dialogs.meeting_entry import MeetingEntryDialog


def editor(dialog: MeetingEntryDialog) -> QLineEdit | None:
    widget = dialog.grid.indexWidget(dialog.grid.currentIndex())
    return widget if isinstance(widget, QLineEdit) else None


def cell(dialog: MeetingEntryDialog) -> tuple[int, int]:
    index = dialog.grid.currentIndex()
    return index.row(), index.column()


def enter(dialog: MeetingEntryDialog, qtbot: QtBot, text: str | None = None, *,
          cyrillic: bool = False) -> None:
    """Type `text` into the open cell (digits and Latin by keys, Cyrillic set on the editor)
    or, on a check box, press Space to untick it; then Enter to the next cell."""
    before = cell(dialog)
    line = editor(dialog)
    if line is None:
        if text is not None:
            qtbot.keyClick(dialog.grid, Qt.Key.Key_Space)
        qtbot.keyClick(dialog.grid, Qt.Key.Key_Return)
    else:
        if cyrillic:
            line.setText(text or "")
        elif text is not None:
            qtbot.keyClicks(line, text)
        qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cell(dialog) != before)


def type_row(dialog: MeetingEntryDialog, qtbot: QtBot, date: str, kind: str | None,
             topic: str, minutes: str, *, absent: tuple[bool, ...] = (False, False)) -> None:
    """A whole row from the keyboard: date, type, format (kept), topic, content, result,
    assignment, minutes, the two mentees' boxes (Space unticks an absent one), «Запланирована»
    (left unticked)."""
    enter(dialog, qtbot, date)
    enter(dialog, qtbot, kind)
    enter(dialog, qtbot)
    enter(dialog, qtbot, topic, cyrillic=True)
    enter(dialog, qtbot, f"Содержание: {topic}", cyrillic=True)
    enter(dialog, qtbot, "Понятно", cyrillic=True)
    enter(dialog, qtbot, "Прочитать главу", cyrillic=True)
    enter(dialog, qtbot, minutes)
    for away in absent:
        enter(dialog, qtbot, " " if away else None)
    enter(dialog, qtbot)


def save(dialog: MeetingEntryDialog, qtbot: QtBot) -> None:
    target = editor(dialog) or dialog.grid
    qtbot.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
