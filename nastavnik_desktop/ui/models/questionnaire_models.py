"""The questionnaire builder's tables: the list of questionnaires with its search and filters
(the «Анкеты» tab) and the questions of one questionnaire as the editor holds them before
saving."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QPalette

from nastavnik_desktop.data.enums import CHOICE_KINDS, Audience, QuestionKind, QuestionnairePhase
from nastavnik_desktop.services.questionnaires import QuestionLine, QuestionnaireInfo
from nastavnik_desktop.services.questionnaires.standard import parameter_label
from nastavnik_desktop.text import alphabetical_key
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.table import HeadedTableModel

_Index = QModelIndex | QPersistentModelIndex

COL_TITLE, COL_AUDIENCE, COL_PHASE, COL_FORM, COL_QUESTIONS, COL_FILLED = range(6)
ALL_FORMS = "все формы"
HIDDEN_MARK = " (скрыта)"


class QuestionnaireListModel(HeadedTableModel):
    """One row per questionnaire, in the service's order (the standard ones first)."""

    HEADERS = ("Анкета", "Кто заполняет", "Этап", "Форма", "Вопросов", "Заполнено")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[QuestionnaireInfo] = []
        self._keys: list[str] = []

    def set_questionnaires(self, items: Sequence[QuestionnaireInfo]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._keys = [alphabetical_key(" ".join((i.caption, i.form_name))) for i in items]
        self.endResetModel()

    def info_at(self, row: int) -> QuestionnaireInfo:
        return self._items[row]

    def row_of(self, template_id: int) -> int:
        return next((row for row, i in enumerate(self._items) if i.id == template_id), -1)

    def row_total(self) -> int:
        return len(self._items)

    def accepts(self, row: int, needle: str, audience: Audience | None,
                phase: QuestionnairePhase | None, with_hidden: bool) -> bool:
        """Whether the row passes the tab's search (`needle`, an `alphabetical_key`) and
        filters; a questionnaire for everybody passes either audience."""
        info = self._items[row]
        return ((with_hidden or not info.hidden) and needle in self._keys[row]
                and (audience is None or info.audience in (audience, Audience.ANY))
                and (phase is None or info.phase is phase))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        info = self._items[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == COL_TITLE:
                text = info.caption + (HIDDEN_MARK if info.hidden else "")
                if role == Qt.ItemDataRole.ToolTipRole and info.hidden:
                    text += " — не предлагается для новых опросов"
                return text
            return (None, info.audience_label, info.phase_label, info.form_name or ALL_FORMS,
                    str(len(info.questions)), str(info.responses))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_QUESTIONS, COL_FILLED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and info.hidden:
            return style.muted_colour(QPalette())
        return None


class QuestionnaireFilter(QSortFilterProxyModel):
    """The tab's search field and its filters over `QuestionnaireListModel`."""

    def __init__(self, source: QuestionnaireListModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.source = source
        self._needle = ""
        self._audience: Audience | None = None
        self._phase: QuestionnairePhase | None = None
        self._with_hidden = False

    def set_filters(self, *, search: str, audience: Audience | None,
                    phase: QuestionnairePhase | None, with_hidden: bool) -> None:
        self._needle = alphabetical_key(" ".join(search.split()))
        self._audience, self._phase, self._with_hidden = audience, phase, with_hidden
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        return self.source.accepts(source_row, self._needle, self._audience, self._phase,
                                   self._with_hidden)


QUESTION_HEADERS = ("№", "Вопрос", "Вид ответа", "Раздел", "Показатель",
                    "Варианты ответа")
Q_NUMBER, Q_TEXT, Q_KIND, Q_SECTION, Q_PARAMETER, Q_CHOICES = range(6)
EMPTY_TEXT = "— напишите вопрос —"
SHORT_KIND_LABELS = {
    QuestionKind.SCALE: "шкала 1–10",
    QuestionKind.YES_NO: "да / нет",
    QuestionKind.SINGLE: "один вариант",
    QuestionKind.MULTIPLE: "несколько",
    QuestionKind.TEXT: "короткий ответ",
}
"""The kind in the narrow column of the editor's list (the panel beside it has the full one)."""


class QuestionLinesModel(HeadedTableModel):
    """The questions of the questionnaire being edited, in order (nothing saved yet)."""

    HEADERS = QUESTION_HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: list[QuestionLine] = []

    def row_total(self) -> int:
        return len(self.lines)

    def set_lines(self, lines: Sequence[QuestionLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def set_line(self, row: int, line: QuestionLine) -> None:
        self.lines[row] = line
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == Q_NUMBER:
                return str(index.row() + 1)
            if column == Q_TEXT:
                return " ".join(line.text.split()) or EMPTY_TEXT
            if column == Q_CHOICES:
                return ("; ".join(c.text for c in line.choices)
                        if line.kind in CHOICE_KINDS else None)
            if column == Q_KIND and role == Qt.ItemDataRole.DisplayRole:
                return SHORT_KIND_LABELS[line.kind]
            return (line.kind_label, line.section, parameter_label(line.parameter))[
                column - Q_KIND] or None
        if role == Qt.ItemDataRole.ForegroundRole and column == Q_TEXT and not line.text.strip():
            return style.muted_colour(QPalette())
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Q_NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
