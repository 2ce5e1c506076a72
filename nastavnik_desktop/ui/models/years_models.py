"""«По годам» of «Обзор»: one read-only row per school year (services/monitoring/years.py), the
latest first — the KPI both ways on its reporting date, the people involved, the pairs and
groups."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from nastavnik_desktop.data.enums import ProgrammeStatus
from nastavnik_desktop.services.involvement import Share
from nastavnik_desktop.services.years import YearFigures
from nastavnik_desktop.text import format_date, format_number
from nastavnik_desktop.ui.models.table import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

YEAR, ON, PUPILS, EVERYONE, MENTEES, MENTORS, PAIRS, GROUPS, COMPLETED, TERMINATED = range(10)


def _share_tip(share: Share, who: str) -> str:
    if share.percent is None:
        return f"{who}: на эту дату в базе никого нет"
    return (f"{who}: вовлечено {format_number(share.involved)} из "
            f"{format_number(share.population)}")


class YearsModel(HeadedTableModel):
    HEADERS = ("Учебный год", "Отчётная\nдата", "Вовлечено\nобучающихся",
               "Вовлечено обучающихся\nи педагогов", "Настав-\nляемые", "Настав-\nники",
               "Пары", "Группы", "Завер-\nшены", "Растор-\nгнуты")
    TIPS = ("", "Отчётная дата: сегодня для текущего года, 31 августа для прошедшего",
            "Доля обучающихся, вовлечённых в наставничество",
            "Доля обучающихся и педагогических работников, вовлечённых в наставничество",
            "Вовлечены как наставляемые на отчётную дату",
            "Вовлечены как наставники на отчётную дату",
            "Пары (один наставляемый), кроме расторгнутых",
            "Группы (несколько наставляемых), кроме расторгнутых",
            "Пары и группы, завершившие работу", "Пары и группы, расторгнутые досрочно")

    def __init__(self) -> None:
        super().__init__()
        self.years: tuple[YearFigures, ...] = ()
        self.shown_id: int | None = None
        """The programme on the screen: its row in bold."""

    def set_years(self, years: Sequence[YearFigures], shown_id: int | None = None) -> None:
        self.beginResetModel()
        self.years, self.shown_id = tuple(years), shown_id
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.years)

    def text(self, row: int, column: int) -> str:
        year = self.years[row]
        if column == YEAR:
            return year.school_year + (" (архив)" if year.status is ProgrammeStatus.ARCHIVED
                                       else "")
        if column == ON:
            return format_date(year.on)
        if column == PUPILS:
            return year.pupils.text
        if column == EVERYONE:
            return year.pupils_and_staff.text
        counts = (year.mentees, year.mentors, year.pairs, year.groups, year.completed,
                  year.terminated)
        return format_number(counts[column - MENTEES])

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.TextAlignmentRole and section >= PUPILS:
                return _RIGHT
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.TIPS[section] or None
        return super().headerData(section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            year = self.years[row]
            if column == PUPILS:
                return _share_tip(year.pupils, "Обучающиеся")
            if column == EVERYONE:
                return _share_tip(year.pupils_and_staff, "Обучающиеся и педагоги")
            return self.TIPS[column] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= PUPILS:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and self.years[row].programme_id == self.shown_id:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def as_text(self) -> str:
        """The table with its column titles, tab-separated (pasted into a spreadsheet)."""
        lines = ["\t".join(" ".join(h.replace("-\n", "").split()) for h in self.HEADERS)]
        lines += ["\t".join(self.text(row, column) for column in range(len(self.HEADERS)))
                  for row in range(len(self.years))]
        return "\n".join(lines)
