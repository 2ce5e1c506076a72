"""A list of checkable reference items."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QListView

from nastavnik_desktop.services.stages.stage2 import RequestOption


class CheckList(QListView):
    """Checkable reference items (mentee requests); `changed` when the curator ticks one."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.items = QStandardItemModel(self)
        self.setModel(self.items)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self._loading = False
        self.items.itemChanged.connect(self._on_changed)

    def set_options(self, options: Sequence[RequestOption], checked: Iterable[int]) -> None:
        ticked = set(checked)
        self._loading = True
        self.items.clear()
        for option in options:
            item = QStandardItem(option.name)
            item.setCheckable(True)
            item.setEditable(False)
            item.setToolTip(option.name)
            item.setData(option.id, Qt.ItemDataRole.UserRole)
            item.setCheckState(Qt.CheckState.Checked if option.id in ticked
                               else Qt.CheckState.Unchecked)
            self.items.appendRow(item)
        self._loading = False

    def checked(self) -> tuple[int, ...]:
        return tuple(int(self.items.item(row).data(Qt.ItemDataRole.UserRole))
                     for row in range(self.items.rowCount())
                     if self.items.item(row).checkState() == Qt.CheckState.Checked)

    def set_checked(self, request_id: int, checked: bool) -> None:
        for row in range(self.items.rowCount()):
            item = self.items.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == request_id:
                item.setCheckState(Qt.CheckState.Checked if checked
                                   else Qt.CheckState.Unchecked)

    def _on_changed(self, _item: QStandardItem) -> None:
        if not self._loading:
            self.changed.emit()
