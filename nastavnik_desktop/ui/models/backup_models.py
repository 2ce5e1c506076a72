"""The automatic backups of «Резервные копии» (`services.backup_archive.AutoBackup`): date, what
triggered the copy, size, file; searched by any of them, filtered by the reason."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from nastavnik_desktop.services.backup_archive import AutoBackup
from nastavnik_desktop.text import alphabetical_key, size_text
from nastavnik_desktop.ui.models.table import HeadedTableModel, _Index

C_TAKEN, C_REASON, C_SIZE, C_FILE = range(4)


class BackupsModel(HeadedTableModel):
    """The automatic backups, newest first."""

    HEADERS = ("Когда сделана", "Почему", "Размер", "Файл")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backups: list[AutoBackup] = []
        self._keys: list[str] = []

    def set_backups(self, backups: Sequence[AutoBackup]) -> None:
        self.beginResetModel()
        self._backups = list(backups)
        self._keys = [alphabetical_key(" ".join((f"{b.taken_at:%d.%m.%Y %H:%M}",
                                                 b.reason_label, b.path.name)))
                      for b in self._backups]
        self.endResetModel()

    def backup_at(self, row: int) -> AutoBackup:
        return self._backups[row]

    def row_total(self) -> int:
        return len(self._backups)

    def accepts(self, row: int, needle: str, reason: str) -> bool:
        return needle in self._keys[row] and reason in ("", self._backups[row].reason)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        backup = self._backups[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{backup.taken_at:%d.%m.%Y %H:%M}", backup.reason_label,
                    size_text(backup.size), backup.path.name)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(backup.path) if column == C_FILE else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == C_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BackupsFilter(QSortFilterProxyModel):
    def __init__(self, source: BackupsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.source = source
        self._needle = ""
        self._reason = ""

    def set_filter(self, text: str, reason: str) -> None:
        self._needle = alphabetical_key(" ".join(text.split()))
        self._reason = reason
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        return self.source.accepts(source_row, self._needle, self._reason)
