"""What the pages of the stage 4 wizard share: the candidates' model, a refused change said
in Russian, a side editor of the selected rows.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableView, QWizardPage

from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.models.candidates_model import CandidateFilter, CandidatesModel
from nastavnik_desktop.ui.widgets.candidate_table import FilterBar
from nastavnik_desktop.ui.wizards.pages import HINT_STYLE

REFUSED_TITLE = "Изменение не принято"

class Stage4Page(QWizardPage):
    """A page with the candidates: lists what blocks «Далее» under the table."""

    def __init__(self, model: CandidatesModel, title: str, subtitle: str) -> None:
        super().__init__()
        self.model = model
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.proxy = CandidateFilter(model, self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.hide()
        model.edited.connect(self.changed)

    def problems(self) -> list[str]:
        return []

    def isComplete(self) -> bool:
        return not self.problems()

    def changed(self) -> None:
        problems = self.problems()
        self.hint.setText("\n".join(problems))
        self.hint.setVisible(bool(problems))
        self.completeChanged.emit()

    def initializePage(self) -> None:
        self.proxy.invalidate()
        self.changed()

    def refuse(self, message: str) -> None:
        messages.show_error(self, message, title=REFUSED_TITLE)


class SideEditorPage(Stage4Page):
    """A table on the left (many rows may be selected), an editor of the current candidate on
    the right."""

    view: QTableView
    filters: FilterBar

    def current_row(self) -> int | None:
        index = self.view.currentIndex()
        return self.proxy.source_row(index) if index.isValid() else None

    def select_candidate(self, profile_id: int) -> None:
        """Make the candidate current (clearing the filters if they hide him)."""
        source = self.model.index(self.model.row_of(profile_id), 0)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.filters.search.clear()
            self.filters.form.setCurrentIndex(0)
            self.filters.select_status(None)
            index = self.proxy.mapFromSource(source)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def _connect_current(self) -> None:
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.show_current())
        self.model.dataChanged.connect(lambda *_: self.show_current())

    def show_current(self) -> None:
        raise NotImplementedError
