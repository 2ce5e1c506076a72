"""What every page of the import wizard shares: the hint under the page, the progress of the
check while the file is read (with «Отмена»), the way to the wizard.

The wizard module imports the pages, so they reach the wizard through its module (`wizard_module`),
looked up when they run.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QWidget,
    QWizardPage,
)

from nastavnik_desktop.text import format_number
from nastavnik_desktop.ui.wizards.import_people import wizard as wizard_module
from nastavnik_desktop.ui.wizards.pages import hint_label

CHECK_CANCELLED = "Проверка файла отменена."
"""What a page is told when the curator stopped the check with «Отмена» (see `ImportWizard`)."""


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
        self.checking_bar = QProgressBar()
        self.checking_bar.setTextVisible(True)
        self.stop_button = QPushButton("Отмена")
        self.stop_button.setToolTip("Остановить проверку файла")
        self.stop_button.clicked.connect(self._stop)
        self.checking = QWidget()
        """The progress of the check and its «Отмена», shown while the file is read."""
        row = QHBoxLayout(self.checking)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.checking_bar, 1)
        row.addWidget(self.stop_button)
        self.checking.hide()

    def show_checking(self, checking: bool) -> None:
        """The file is being read for this page (or no longer): «Далее» waits for it."""
        if checking:
            self.show_progress(0, 0)
        self.stop_button.setEnabled(True)
        self.checking.setVisible(checking)
        self.completeChanged.emit()

    def show_progress(self, done: int, total: int) -> None:
        """Rows read so far (`total` 0: the file is still being read), or checked of all."""
        if total <= 0:
            self.checking_bar.setRange(0, 0)  # the total is not known yet: a busy bar
            self.checking_bar.setFormat(f"Читается файл… строк: {format_number(done)}" if done
                                        else "Читается файл…")
            return
        self.checking_bar.setRange(0, total)
        self.checking_bar.setValue(min(done, total))
        self.checking_bar.setFormat(f"Проверяются строки: {format_number(min(done, total))} "
                                    f"из {format_number(total)}")

    def _stop(self) -> None:
        wizard = self.wizard()
        if isinstance(wizard, wizard_module.ImportWizard):
            self.stop_button.setEnabled(False)
            wizard.stop_check()

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
