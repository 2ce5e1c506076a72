"""The breakdowns of the KPI on the «Показатели» tab as one read-only table whose columns follow
the breakdown chosen («Разрез»): by form, role, category, class, age, young specialists, the
organisations that gave mentors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from nastavnik_desktop.services.monitoring.kpi import Kpi, Line, Share, percent_text
from nastavnik_desktop.text import format_number
from nastavnik_desktop.ui.models.table import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex

BREAKDOWNS: dict[str, str] = {
    "form": "По формам наставничества",
    "role": "По ролям",
    "category": "По категориям участников",
    "class": "По классам",
    "age": "По возрасту обучающихся",
    "young": "Молодые специалисты",
    "organisations": "Организации наставников",
}
"""The breakdowns in the order of the «Разрез» list: key → label."""

_LINE_HEADERS = ("Вовлечено", "Наставников", "Наставляемых", "Всего", "Доля")
NONE = "—"


@dataclass(frozen=True)
class BreakdownTable:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def figure_text(share: Share) -> str:
    """«24 из 800 — 3,0 %», or «нет данных» for an empty school."""
    if share.percent is None:
        return share.text
    return f"{format_number(share.involved)} из {format_number(share.population)} — {share.text}"


def _line_row(line: Line) -> tuple[str, ...]:
    return (line.label, format_number(line.involved), format_number(line.mentors),
            format_number(line.mentees),
            NONE if line.population is None else format_number(line.population),
            NONE if line.population is None else percent_text(line.percent))


def breakdown_table(kpi: Kpi, key: str) -> BreakdownTable:
    """The rows of one breakdown of `kpi`, as text, with its column titles."""
    if key == "form":
        return BreakdownTable(
            ("Форма наставничества", "Пар и групп", "Участников", "Наставников",
             "Наставляемых"),
            tuple((f.label, format_number(f.pairs), format_number(f.involved),
                   format_number(f.mentors), format_number(f.mentees)) for f in kpi.by_form))
    if key == "role":
        return BreakdownTable(("Роль", "Человек"), tuple(
            (line.label, format_number(line.involved)) for line in kpi.by_role))
    if key == "organisations":
        return BreakdownTable(("Организация", "Наставников"), tuple(
            (o.name, format_number(o.mentors)) for o in kpi.mentor_organisations))
    first, lines = {
        "category": ("Категория", kpi.by_category),
        "class": ("Класс", kpi.by_class),
        "age": ("Возраст", kpi.by_age),
        "young": ("Группа", (kpi.young_specialists,)),
    }[key]
    return BreakdownTable((first, *_LINE_HEADERS), tuple(_line_row(line) for line in lines))


class BreakdownModel(HeadedTableModel):
    """One breakdown of the KPI; the first column text, the others figures (right-aligned)."""

    def __init__(self) -> None:
        super().__init__()
        self._table = BreakdownTable((), ())

    def set_table(self, table: BreakdownTable) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    def headers(self) -> Sequence[str]:
        return self._table.headers

    def row_total(self) -> int:
        return len(self._table.rows)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.TextAlignmentRole and section > 0
                and orientation is Qt.Orientation.Horizontal):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().headerData(section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self._table.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def as_text(self, rows: Sequence[int] | None = None) -> str:
        """The column titles and the rows (all, or `rows`) separated by tabs, for pasting
        into a spreadsheet or a document."""
        chosen = range(len(self._table.rows)) if rows is None else rows
        lines = ["\t".join(self._table.headers)]
        lines += ["\t".join(self._table.rows[row]) for row in chosen]
        return "\n".join(lines)
