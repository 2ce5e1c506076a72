"""Choosing a mentor for a mentee among the ranked suggestions, with the reasons of each score
(the stage 5 wizard's «Заменить наставника…» and the board's «Предложить наставника…»)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.services.matching.run import MentorSuggestion
from nastavnik_desktop.services.matching.scoring import Explanation
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.proposal_model import score_text


def explanation_html(explanation: Explanation, heading: str) -> str:
    """The reasons of a score, criterion by criterion, for the detail pane."""
    esc = html.escape
    rows = []
    for result in explanation.results:
        weight = f"вес {result.weight}" + (", обязательный" if result.must_have else "")
        rows.append(f"<tr><td>{esc(result.text)}</td>"
                    f"<td style='color:gray; padding-left:16px'>{weight}</td></tr>")
    forbidden = (f"<p><b>Пара запрещена:</b> {esc(explanation.forbidden)}</p>"
                 if explanation.forbidden else "")
    criteria = (f"<table>{''.join(rows)}</table>" if rows
                else "<p>Ни один критерий не учитывается.</p>")
    return (f"<p><b>{esc(heading)}</b> — оценка {score_text(explanation.score)} из 100</p>"
            f"{forbidden}{criteria}"
            "<p style='color:gray'>✓ — критерий выполнен, ✗ — не выполнен, — — нет данных.</p>")


class MentorChoiceDialog(QDialog):
    """The mentors a mentee could have, best score first, with the reasons of each score."""

    COLUMNS = ("Оценка", "Наставник", "Класс", "Свободно мест", "Совпадения")

    def __init__(self, title: str, prompt: str, options: Sequence[MentorSuggestion],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.options = list(options)
        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(self.COLUMNS))
        for option in self.options:
            cells = [QStandardItem(text) for text in (
                score_text(option.score), option.mentor_name, option.mentor_class,
                str(option.free_places), option.summary)]
            cells[0].setTextAlignment(Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
            cells[4].setToolTip(option.explanation.text)
            for cell in cells:
                cell.setEditable(False)
            self.model.appendRow(cells)
        self.table = QTableView()
        self.table.setObjectName("mentor_choices")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((64, 250, 56, 124)):
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        self.detail = QTextBrowser()
        self.detail.setObjectName("choice_detail")
        self.detail.setMaximumHeight(150)
        buttons, _choose = style.dialog_buttons(self, "Выбрать")
        prompt_label = QLabel(prompt)
        prompt_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.resize(860, 440)
        if self.options:
            self.table.selectRow(0)
        self._show_detail()

    def select(self, mentor_profile_id: int) -> bool:
        row = next((n for n, o in enumerate(self.options)
                    if o.mentor_profile_id == mentor_profile_id), -1)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def chosen(self) -> MentorSuggestion | None:
        index = self.table.currentIndex()
        return self.options[index.row()] if index.isValid() else None

    def _show_detail(self) -> None:
        option = self.chosen()
        self.detail.setHtml(explanation_html(option.explanation, option.mentor_name)
                            if option else "")

