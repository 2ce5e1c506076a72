"""Actions with shortcuts and the buttons that stand for them: one way for every list tab.

`shortcut_action` answers its keys while its owner (a table, a tab) or a child has the focus;
`action_row` puts a button for each action in a row — the button triggers its action, is
enabled, shown and named as it is, and its tooltip names the shortcut («Удалить (Del)»)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

_KEY_NAMES = {"Return": "Enter", "Ins": "Insert", "Up": "↑", "Down": "↓"}


def key_name(keys: str) -> str:
    """A shortcut as the curator reads it in a tooltip («Ctrl+D», «Enter», «Ctrl+↑»)."""
    return "+".join(_KEY_NAMES.get(part, part) for part in keys.split("+"))


def shortcut_action(text: str, keys: str, slot: Callable[[], object], owner: QWidget
                    ) -> QAction:
    """An action of `owner` answering `keys` (none when empty) while `owner` or a child has
    the focus."""
    action = QAction(text, owner)
    if keys:
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda _checked=False: slot())
    owner.addAction(action)
    return action


class ActionButton(QPushButton):
    """A push button for an action: it triggers it and follows its text, enabled state and
    visibility (an action hidden in a past year's archive hides its button: `ui/read_only`)."""

    def __init__(self, action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(action.text(), parent)
        self._action = action
        keys = action.shortcut().toString()
        self.setToolTip(action.toolTip() + (f" ({key_name(keys)})" if keys else ""))
        self.clicked.connect(action.trigger)
        self._hidden_by_action = False
        action.changed.connect(self._follow)
        self._follow()

    def _follow(self) -> None:
        self.setEnabled(self._action.isEnabled())
        self.setText(self._action.text())
        if self._action.isVisible() == self._hidden_by_action:
            self._hidden_by_action = not self._action.isVisible()
            self.setVisible(self._action.isVisible())


def action_row(actions: Sequence[QAction], *, stretch_after: QAction | None = None
               ) -> tuple[QHBoxLayout, dict[QAction, QPushButton]]:
    """A row of buttons for `actions` (a stretch after `stretch_after`) and the buttons."""
    row = QHBoxLayout()
    buttons: dict[QAction, QPushButton] = {}
    for action in actions:
        buttons[action] = button = ActionButton(action)
        row.addWidget(button)
        if action is stretch_after:
            row.addStretch(1)
    return row, buttons


def table_button(table: QWidget, text: str, keys: str, slot: Callable[[], None],
                 tip: str) -> QPushButton:
    """A button beside a table that also answers its shortcut while the table (or a child)
    has the focus; the tooltip names the shortcut («Добавить строку (Insert)»)."""
    action = QAction(text, table)
    action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    table.addAction(action)
    button = QPushButton(text)
    button.setToolTip(f"{tip} ({key_name(keys)})")
    button.clicked.connect(slot)
    return button
