"""What every page of the import wizard shares: the hint under the page, the busy bar while
the file is read, the way to the wizard.

The wizard module imports the pages, so they reach the wizard through its module (`wizard_module`),
looked up when they run.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QProgressBar, QTableView, QWizardPage

from nastavnik_desktop.ui.wizards.import_people import wizard as wizard_module
from nastavnik_desktop.ui.wizards.pages import hint_label


def selectable_hint() -> QLabel:
    label = hint_label()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def show_hint(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def table_view(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class ImportPage(QWizardPage):
    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.hint = selectable_hint()
        self.checking = QProgressBar()
        self.checking.setRange(0, 0)  # reading a file tells no progress: a busy bar
        self.checking.setFormat("Проверяется файл…")
        self.checking.setTextVisible(True)
        self.checking.hide()

    def show_checking(self, checking: bool) -> None:
        """The file is being read for this page (or no longer): «Далее» waits for it."""
        self.checking.setVisible(checking)
        self.completeChanged.emit()

    def is_checking(self) -> bool:
        wizard = self.wizard()
        return isinstance(wizard, wizard_module.ImportWizard) and wizard.check_task is not None

    def import_wizard(self) -> wizard_module.ImportWizard:
        wizard = self.wizard()
        assert isinstance(wizard, wizard_module.ImportWizard)
        return wizard

    def show_failure(self, text: str) -> None:
        """The load pressed on this page failed or was cancelled: say so under it."""
        show_hint(self.hint, text)

    def hint_text(self) -> str:
        return self.hint.text() if not self.hint.isHidden() else ""
