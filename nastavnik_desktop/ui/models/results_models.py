"""The tables of «Итоги и награды»: the register of awards with its search and filters, and the
collection of cases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QPalette

from nastavnik_desktop.data.enums import AwardNomination
from nastavnik_desktop.services.awards import register
from nastavnik_desktop.services.awards.roster import AwardRow, AwardState
from nastavnik_desktop.services.cases.collection import CaseInfo
from nastavnik_desktop.text import alphabetical_key, capitalised
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.table import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex

A_NUMBER, A_DATE, A_NAME, A_WHERE, A_AWARD, A_ORDER, A_STATE = range(7)


def nomination_label(nomination: AwardNomination, *, short: bool = False) -> str:
    """«Сертификат участника программы наставничества»; `short`: «Сертификат участника» (the
    table's column)."""
    return capitalised(register.nomination_label(nomination, short=short))


class AwardsModel(HeadedTableModel):
    """One row per award, in the order of registry numbers."""

    HEADERS = ("Рег. номер", "Дата", "ФИО", "Класс / должность", "Награда", "Приказ",
               "Состояние")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AwardRow] = []
        self._keys: list[str] = []

    def set_rows(self, rows: Sequence[AwardRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._keys = [alphabetical_key(" ".join((r.award.registry_number, r.award.person_name,
                                                 r.award.person_place)))
                      for r in self._rows]
        self.endResetModel()

    def row_at(self, row: int) -> AwardRow:
        return self._rows[row]

    def rows(self) -> list[AwardRow]:
        return list(self._rows)

    def row_of(self, award_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.award.id == award_id), -1)

    def row_total(self) -> int:
        return len(self._rows)

    def accepts(self, row: int, needle: str, nomination: AwardNomination | None,
                state: str | None) -> bool:
        entry = self._rows[row]
        return (needle in self._keys[row]
                and (nomination is None or entry.award.nomination == nomination)
                and (state is None or entry.state == state))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        award = entry.award
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            short = role == Qt.ItemDataRole.DisplayRole
            return (award.registry_number, f"{award.issued_on:%d.%m.%Y}", award.person_name,
                    award.person_place, nomination_label(award.nomination, short=short),
                    award.order_reference or "—", entry.state_text)[column]
        if role == Qt.ItemDataRole.ForegroundRole and entry.state == AwardState.ANNULLED:
            return style.muted_colour(QPalette())
        if role == Qt.ItemDataRole.FontRole and entry.state == AwardState.ANNULLED \
                and column == A_NUMBER:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setStrikeOut(True)
            return font
        return None


class AwardsFilter(QSortFilterProxyModel):
    """The tab's search field (number, name, class) and its filters (award, state)."""

    def __init__(self, source: AwardsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.source = source
        self._needle = ""
        self._nomination: AwardNomination | None = None
        self._state: str | None = None

    def set_filters(self, *, search: str, nomination: AwardNomination | None,
                    state: str | None) -> None:
        self._needle = alphabetical_key(" ".join(search.split()))
        self._nomination, self._state = nomination, state
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        return self.source.accepts(source_row, self._needle, self._nomination, self._state)


C_NUMBER, C_TITLE, C_SUBJECT, C_PHOTOS, C_RECORDED = range(5)


class CasesModel(HeadedTableModel):
    """The collection in its order (the order of the booklet)."""

    HEADERS = ("№", "Кейс", "Пара, группа или форма", "Фото", "Записан")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cases: list[CaseInfo] = []
        self._keys: list[str] = []

    def set_cases(self, cases: Sequence[CaseInfo]) -> None:
        self.beginResetModel()
        self._cases = list(cases)
        self._keys = [alphabetical_key(" ".join((c.title, c.subject, c.problem, c.actions,
                                                 c.result))) for c in self._cases]
        self.endResetModel()

    def case_at(self, row: int) -> CaseInfo:
        return self._cases[row]

    def row_of(self, case_id: int) -> int:
        return next((i for i, c in enumerate(self._cases) if c.id == case_id), -1)

    def row_total(self) -> int:
        return len(self._cases)

    def accepts(self, row: int, needle: str) -> bool:
        return needle in self._keys[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self._cases[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            recorded = f"{case.recorded_on:%d.%m.%Y}" if case.recorded_on else ""
            return (str(index.row() + 1), case.title, case.subject or "—",
                    str(case.photos) if case.photos else "—", recorded)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (C_NUMBER, C_PHOTOS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CasesFilter(QSortFilterProxyModel):
    def __init__(self, source: CasesModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.source = source
        self._needle = ""

    def set_search(self, text: str) -> None:
        self._needle = alphabetical_key(" ".join(text.split()))
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        return self.source.accepts(source_row, self._needle)
