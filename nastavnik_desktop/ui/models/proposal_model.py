"""The proposals of a matching run, each with the curator's decision (stage 5 wizard), and
how a score is written."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from nastavnik_desktop.services.matching.run import Proposal
from nastavnik_desktop.services.matching.scoring import short_explanation
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui.models.table import HeadedTableModel

ACCEPTED, REJECTED, BY_HAND = "принята", "отклонена", "вручную"

SortRole = Qt.ItemDataRole.UserRole + 1
"""What the proxy sorts by: the score as a number, any other column case-folded."""

_Index = QModelIndex | QPersistentModelIndex


def score_text(score: float | None) -> str:
    """A score as the curator reads it: one decimal after a comma, «—» when there is none."""
    return "—" if score is None else f"{score:.1f}".replace(".", ",")


class ProposalModel(HeadedTableModel):
    """The proposals of the last run, each with the curator's decision."""

    COL_DECISION, COL_MENTOR, COL_MENTEE, COL_CLASS, COL_FORM, COL_SCORE, COL_REASONS = range(7)
    HEADERS = ("Решение", "Наставник", "Наставляемый", "Класс", "Форма", "Оценка",
               "Совпадения")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Proposal] = []
        self._summaries: list[str] = []
        self._rejected: set[int] = set()
        self._group_sizes: Counter[int] = Counter()

    def set_proposals(self, proposals: Sequence[Proposal], rejected: Collection[int]) -> None:
        self.beginResetModel()
        self._rows = list(proposals)
        self._summaries = [short_explanation(p.explanation) for p in proposals]
        self._rejected = set(rejected)
        self._group_sizes = Counter(p.mentor_profile_id for p in proposals)
        self.endResetModel()

    def set_rejected(self, rejected: Collection[int]) -> None:
        self._rejected = set(rejected)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.HEADERS) - 1))

    def proposal_at(self, row: int) -> Proposal:
        return self._rows[row]

    def row_of(self, mentee_profile_id: int) -> int:
        return next((n for n, p in enumerate(self._rows)
                     if p.mentee_profile_id == mentee_profile_id), -1)

    def decision(self, proposal: Proposal) -> str:
        if proposal.mentee_profile_id in self._rejected:
            return REJECTED
        return BY_HAND if proposal.fixed_by_hand else ACCEPTED

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        proposal = self._rows[index.row()]
        column = index.column()
        rejected = proposal.mentee_profile_id in self._rejected
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), proposal, column)
        if role == SortRole:
            if column == self.COL_SCORE:
                return proposal.score
            return self._display(index.row(), proposal, column).casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_MENTOR and self._group_sizes[proposal.mentor_profile_id] > 1:
                n = self._group_sizes[proposal.mentor_profile_id]
                return (f"{proposal.mentor_name}: группа из "
                        f"{count_phrase(n, 'наставляемого', 'наставляемых', 'наставляемых')}")
            if column == self.COL_REASONS:
                return proposal.explanation.text
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and rejected:
            font = QFont()
            font.setStrikeOut(column != self.COL_DECISION)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and rejected:
            return QGuiApplication.palette().color(QPalette.ColorGroup.Disabled,
                                                   QPalette.ColorRole.Text)
        return None

    def _display(self, row: int, proposal: Proposal, column: int) -> str:
        if column == self.COL_DECISION:
            mark = {ACCEPTED: "✓", REJECTED: "✗", BY_HAND: "✎"}[self.decision(proposal)]
            return f"{mark} {self.decision(proposal)}"
        if column == self.COL_MENTOR:
            group = self._group_sizes[proposal.mentor_profile_id]
            return proposal.mentor_name + (f" (группа, {group})" if group > 1 else "")
        return (proposal.mentee_name, proposal.mentee_class, proposal.form_name,
                score_text(proposal.score), self._summaries[row])[column - self.COL_MENTEE]

