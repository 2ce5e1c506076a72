"""The first pages of the import: the file and who is in it, then its sheet.

The wizard module imports the pages, so they reach the wizard through its module (`wizard_module`),
looked up when they run.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.services.importing import KIND_LABELS, ImportKind
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import prefs, style
from nastavnik_desktop.ui.wizards.import_people import wizard as wizard_module
from nastavnik_desktop.ui.wizards.import_people.common import (
    CHECK_CANCELLED,
    ImportPage,
    show_hint,
)

FILE_FILTER = "Таблицы (*.xlsx *.xls *.ods *.csv)"

KIND_HINTS = {
    ImportKind.PUPILS: "Общий список учеников школы (из электронного журнала или составленный "
                       "вручную). Наставляемых и наставников из них выбирают позже.",
    ImportKind.STAFF: "Педагоги и другие сотрудники школы: должность, предмет, стаж.",
    ImportKind.MENTEES: "Люди попадут в базу наставляемых программы этого учебного года; кого "
                        "ещё нет среди людей школы — будут добавлены.",
    ImportKind.MENTORS: "Люди попадут в базу наставников программы этого учебного года: "
                        "педагоги, ученики, выпускники, родители, специалисты предприятий.",
}


def ask_for_table(parent: QWidget | None, kind: ImportKind, start: str = "") -> Path | None:
    """The file dialog for the table with the list, opened at `start` or in the folder last
    used (remembered for the next time); None when the curator cancelled it."""
    return prefs.ask_for_import_file(parent, f"Таблица со списком — {KIND_LABELS[kind]}",
                                     FILE_FILTER, start)


class FilePage(ImportPage):
    """The file and who is in it. The file is read when chosen, when the path is typed in and
    confirmed, or at «Далее»; a file that cannot be used keeps «Далее» disabled."""

    def __init__(self, kind: ImportKind) -> None:
        super().__init__("Файл",
                         "Выберите таблицу со списком людей: .xlsx, .xls, .ods или .csv. "
                         "Строка с названиями столбцов может быть не первой — над ней бывают "
                         "название школы и дата.")
        self.kind_combo = QComboBox()
        for each in ImportKind:
            self.kind_combo.addItem(KIND_LABELS[each].capitalize(), each.value)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))
        self.kind_combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.kind_hint = style.secondary()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Путь к файлу таблицы")
        self.path_edit.setClearButtonEnabled(True)
        self.browse_button = QPushButton("&Обзор…")
        self.browse_button.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(12)
        kind_label = QLabel("&Кого загружаем:")
        kind_label.setBuddy(self.kind_combo)
        kind_column = QVBoxLayout()
        kind_column.setSpacing(4)
        kind_column.addWidget(self.kind_combo)
        kind_column.addWidget(self.kind_hint)
        form.addRow(kind_label, kind_column)
        path_label = QLabel("&Файл:")
        path_label.setBuddy(self.path_edit)
        form.addRow(path_label, path_row)

        self.status = style.secondary()
        self.status.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.status)
        layout.addWidget(self.checking)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        layout.addWidget(style.secondary(
            "Не загружаются столбцы со СНИЛС, паспортными данными, адресом, сведениями о "
            "здоровье и другими сведениями, которые для программы наставничества не "
            "собирают: их значения не читаются и не сохраняются."))

        self._checked: tuple[str, ImportKind] | None = None
        self._error = ""
        self._reading = False
        self._advance = False
        self.path_edit.textChanged.connect(self._forget)
        self.path_edit.editingFinished.connect(self._check_typed)
        self.kind_combo.currentIndexChanged.connect(self._forget)
        self._show_kind_hint()

    def kind(self) -> ImportKind:
        return ImportKind(self.kind_combo.currentData())

    def path(self) -> Path:
        return Path(self.path_edit.text().strip().strip('"'))

    def initializePage(self) -> None:
        """A file chosen before the wizard opened is read at once; the wizard goes on by
        itself once it has been read."""
        path = self.import_wizard().take_start_file()
        if path is not None:
            self.path_edit.setText(str(path))
            self.check(advance=True)

    def browse(self) -> None:
        path = ask_for_table(self, self.kind(), self.path_edit.text().strip())
        if path is not None:
            self.path_edit.setText(str(path))
            self.check()

    def check(self, *, advance: bool = False) -> bool:
        """Whether the file has been read and can be used. If it has not been read yet, start
        reading it (its sheets; with one sheet, the people too) in the background and say
        then what is wrong; with `advance` the wizard goes on once it has been read."""
        key = (self.path_edit.text(), self.kind())
        if self._checked == key:
            self._advance = self._advance or (advance and self._reading)
            return not self._reading and not self._error
        path = self.path()
        self._checked, self._error, self._advance = key, "", advance
        if not path.is_file():
            self._error = (f"Файл «{path}» не найден. Проверьте путь или выберите файл "
                           "кнопкой «Обзор…».")
        else:
            self._reading = self.import_wizard().open_file(
                path, self.kind(), lambda error: self._read(key, error))
            if not self._reading:  # another file is still being read: try again later
                self._checked = None
        self._show_state()
        self.completeChanged.emit()
        return False

    def _read(self, key: tuple[str, ImportKind], error: str) -> None:
        self._reading = False
        if self._checked != key:  # the path changed meanwhile: this answer is stale
            return
        if error == CHECK_CANCELLED:  # «Далее» reads the file again
            self._checked, self._error, self._advance = None, "", False
            self._show_state()
            show_hint(self.hint, f"{CHECK_CANCELLED} Нажмите «Далее», чтобы проверить файл "
                      "снова, или выберите другой.")
            self.completeChanged.emit()
            return
        self._error = error
        self._show_state()
        self.completeChanged.emit()
        if self._advance and not error:
            self._advance = False
            self.import_wizard().go_on()

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip()) and not self._error \
            and not self.is_checking()

    def validatePage(self) -> bool:
        return self.check(advance=True)

    def nextId(self) -> int:
        wizard = self.wizard()
        if isinstance(wizard, wizard_module.ImportWizard) and len(wizard.sheets) > 1:
            return wizard_module.ImportWizard.PAGE_SHEET
        return wizard_module.ImportWizard.PAGE_COLUMNS

    def _forget(self) -> None:
        self._checked, self._error, self._advance = None, "", False
        self._show_state()
        self._show_kind_hint()
        self.completeChanged.emit()

    def _check_typed(self) -> None:
        if self.path_edit.text().strip():
            self.check()

    def _show_kind_hint(self) -> None:
        self.kind_hint.setText(KIND_HINTS[self.kind()])

    def _show_state(self) -> None:
        show_hint(self.hint, self._error)
        wizard = self.wizard()
        text = ""
        if self._checked is not None and not self._error and not self._reading \
                and isinstance(wizard, wizard_module.ImportWizard):
            if wizard.preview is not None:
                text = wizard.preview_status()
            else:
                text = (f"В книге {count_phrase(len(wizard.sheets), 'лист', 'листа', 'листов')}"
                        " — на следующем шаге выберите нужный.")
        self.status.setText(text)
        self.status.setVisible(bool(text))


class SheetPage(ImportPage):
    """The sheet with the list, when the workbook has several; the first sheet with a list is
    chosen at first."""

    def __init__(self) -> None:
        super().__init__("Лист", "В книге несколько листов. Выберите лист со списком людей.")
        self.sheets = QListWidget()
        self.sheets.currentRowChanged.connect(self._chosen)
        self.status = style.secondary()
        layout = QVBoxLayout(self)
        layout.addWidget(self.sheets, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.checking)
        layout.addWidget(self.hint)
        self._error = ""
        self._seeking = False
        """Looking for the first sheet with a list: a sheet that cannot be used moves on."""

    def initializePage(self) -> None:
        wizard = self.import_wizard()
        self.sheets.blockSignals(True)
        self.sheets.clear()
        self.sheets.addItems(wizard.sheets)
        self.sheets.blockSignals(False)
        if wizard.sheet in wizard.sheets and wizard.preview is not None:
            self.sheets.setCurrentRow(wizard.sheets.index(wizard.sheet))
            self._show_state()
            return
        self._seeking = True
        self.sheets.setCurrentRow(-1)
        self.sheets.setCurrentRow(0)

    def choose(self, name: str) -> None:
        self.sheets.setCurrentRow(self.import_wizard().sheets.index(name))

    def isComplete(self) -> bool:
        wizard = self.wizard()
        return (isinstance(wizard, wizard_module.ImportWizard) and wizard.preview is not None
                and not self._error and not self.is_checking())

    def show_checking(self, checking: bool) -> None:
        self.sheets.setEnabled(not checking)
        super().show_checking(checking)

    def _chosen(self, row: int) -> None:
        if row < 0:
            return
        wizard = self.import_wizard()
        wizard.sheet = wizard.sheets[row]
        wizard.choices = {}
        self._error = ""
        wizard.prepare(lambda error: self._read(row, error))
        self._show_state()
        self.completeChanged.emit()

    def _read(self, row: int, error: str) -> None:
        wizard = self.import_wizard()
        self._error = error
        if error:
            wizard.preview = None
        if error == CHECK_CANCELLED:
            self._seeking = False
            self._error = f"{CHECK_CANCELLED} Выберите лист, чтобы проверить его."
            self._show_state()
            self.completeChanged.emit()
            return
        if self._seeking and error:
            if row + 1 < len(wizard.sheets):
                self.sheets.setCurrentRow(row + 1)
                return
            self._seeking = False
            self.sheets.setCurrentRow(0)  # none has a list: show what is wrong with the first
            return
        self._seeking = False
        self._show_state()
        self.completeChanged.emit()

    def _show_state(self) -> None:
        show_hint(self.hint, self._error)
        wizard = self.import_wizard()
        text = wizard.preview_status() if wizard.preview is not None else ""
        self.status.setText(text)
        self.status.setVisible(bool(text))
