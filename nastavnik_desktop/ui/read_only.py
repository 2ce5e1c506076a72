"""What writes is hidden while a past school year is shown: one rule for every page.

A page (or a dialog over it) names the actions and widgets that write into the programme with
`writing(db, …)`; on the read-only view of an archived programme (`Database.read_only`, see
`MainWindow.view_programme`) they are hidden, a widget for good (shown again, it hides itself
at once). A hidden `QAction` is disabled as well and its shortcut is dead whatever the page
sets later (Qt keeps an invisible action disabled), its menu entries and tool buttons are gone,
and an `actions.ActionButton` follows it. `look_only` makes item views neither editable nor
draggable. What reads and prints stays as it is; a write
that slipped through is refused by the view itself (`errors.ArchiveReadOnlyError`, shown by
`messages.guarded`)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QTextEdit,
    QWidget,
)

from nastavnik_desktop.data.db import Database


class _StayHidden(QObject):
    """Hides its widget again whenever the page shows it (a panel shown when it has rows)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShowToParent and isinstance(watched, QWidget):
            watched.hide()
        return False


def writing(db: Database, *items: QAction | QWidget) -> None:
    """`items` write into the programme: hidden (and so off) while `db` is read-only, and
    kept hidden whatever the page sets later."""
    if not db.read_only:
        return
    for item in items:
        item.setVisible(False)
        item.setEnabled(False)
        if isinstance(item, QWidget):
            item.installEventFilter(_StayHidden(item))


def look_only(db: Database, *views: QAbstractItemView) -> None:
    """Item views of a read-only `db` are looked at: no editor opens, nothing is dragged."""
    if not db.read_only:
        return
    for view in views:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        view.setDragEnabled(False)
        view.setAcceptDrops(False)
        view.viewport().setAcceptDrops(False)


def look_only_dialog(db: Database, dialog: QWidget, *, keep: Sequence[QWidget] = ()) -> None:
    """A dialog or tab of a read-only `db` where nearly everything writes (the pair card, the
    SWOT): every button but `keep` (and their menus' actions) and the tab bars' own is hidden,
    every other action too, its shortcuts are off, text fields are read-only (their hints of
    what to type gone), other inputs but `keep` are off, item views `look_only`."""
    if not db.read_only:
        return
    kept_actions = {action for widget in keep if isinstance(widget, QPushButton)
                    and widget.menu() is not None for action in widget.menu().actions()}
    writing(db, *(button for button in dialog.findChildren(QAbstractButton)
                  if button not in keep and not isinstance(button.parent(), QTabBar)),
            *(action for action in dialog.findChildren(QAction) if action not in kept_actions))
    for shortcut in dialog.findChildren(QShortcut):
        shortcut.setEnabled(False)
    edits: list[QLineEdit | QPlainTextEdit | QTextEdit] = [
        *dialog.findChildren(QLineEdit), *dialog.findChildren(QPlainTextEdit),
        *dialog.findChildren(QTextEdit)]
    for edit in edits:
        edit.setReadOnly(True)
        edit.setPlaceholderText("")  # «Новая цель — Enter, чтобы добавить» promises a write
    for field in (*dialog.findChildren(QComboBox), *dialog.findChildren(QAbstractSpinBox)):
        if field not in keep:
            field.setEnabled(False)
    look_only(db, *dialog.findChildren(QAbstractItemView))
