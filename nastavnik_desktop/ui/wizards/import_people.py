"""«Загрузка людей из таблицы»: a wizard over services/importing.

The curator chooses a file and who is in it, the sheet (when there are several), checks the
columns the program recognised and corrects them, sees every problem by row, says what to do
with people already in the base, and loads. Nothing is saved until «Загрузить»: then one
`commit_import` runs in a worker thread with a progress dialog and «Отмена»; cancelled or
failed, the base is exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services.importing import (
    KIND_LABELS,
    ColumnChoice,
    Duplicates,
    Field,
    ImportKind,
    ImportPreview,
    ImportResult,
    Mapping,
    commit_import,
    list_sheets,
    prepare_import,
)
from nastavnik_desktop.settings import IMPORT_FOLDER
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import prefs, style
from nastavnik_desktop.ui.models.import_models import (
    ERROR_COLOUR,
    KIND_FIELDS,
    SAMPLE_ROWS,
    ColumnsModel,
    FieldDelegate,
    ProblemsModel,
    SampleModel,
    forbidden_text,
)
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.wizards.base import StageWizard
from nastavnik_desktop.ui.wizards.pages import hint_label

WIZARD_TITLE = "Загрузка людей из таблицы"
WIZARD_SIZE = (900, 650)
FILE_FILTER = "Таблицы (*.xlsx *.xls *.ods *.csv)"

_R = TypeVar("_R")
Checked = Callable[[str], None]
"""Told when the file has been read: what is wrong with it in Russian ('' when nothing)."""

KIND_HINTS = {
    ImportKind.PUPILS: "Общий список учеников школы (из электронного журнала или составленный "
                       "вручную). Наставляемых и наставников из них выбирают позже.",
    ImportKind.STAFF: "Педагоги и другие сотрудники школы: должность, предмет, стаж.",
    ImportKind.MENTEES: "Люди попадут в базу наставляемых программы этого учебного года; кого "
                        "ещё нет среди людей школы — будут добавлены.",
    ImportKind.MENTORS: "Люди попадут в базу наставников программы этого учебного года: "
                        "педагоги, ученики, выпускники, родители, специалисты предприятий.",
}


def _hint_label() -> QLabel:
    label = hint_label()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _show_hint(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def _table_view(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    return view


# --- the pages ---------------------------------------------------------------------------


class _ImportPage(QWizardPage):
    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.hint = _hint_label()
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
        return isinstance(wizard, ImportWizard) and wizard.check_task is not None

    def import_wizard(self) -> ImportWizard:
        wizard = self.wizard()
        assert isinstance(wizard, ImportWizard)
        return wizard

    def hint_text(self) -> str:
        return self.hint.text() if not self.hint.isHidden() else ""


class FilePage(_ImportPage):
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

    def browse(self) -> None:
        start = self.path_edit.text().strip() or prefs.read(IMPORT_FOLDER)
        name, _filter = QFileDialog.getOpenFileName(
            self, "Таблица со списком людей", start, FILE_FILTER)
        if name:
            prefs.write(IMPORT_FOLDER, str(Path(name).parent))
            self.path_edit.setText(name)
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
        self._error = error
        self._show_state()
        self.completeChanged.emit()
        if self._advance and not error:
            self._advance = False
            self.import_wizard().next()

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip()) and not self._error \
            and not self.is_checking()

    def validatePage(self) -> bool:
        return self.check(advance=True)

    def nextId(self) -> int:
        wizard = self.wizard()
        if isinstance(wizard, ImportWizard) and len(wizard.sheets) > 1:
            return ImportWizard.PAGE_SHEET
        return ImportWizard.PAGE_COLUMNS

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
        _show_hint(self.hint, self._error)
        wizard = self.wizard()
        text = ""
        if self._checked is not None and not self._error and not self._reading \
                and isinstance(wizard, ImportWizard):
            if wizard.preview is not None:
                text = wizard.preview_status()
            else:
                text = (f"В книге {count_phrase(len(wizard.sheets), 'лист', 'листа', 'листов')}"
                        " — на следующем шаге выберите нужный.")
        self.status.setText(text)
        self.status.setVisible(bool(text))


class SheetPage(_ImportPage):
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
        return (isinstance(wizard, ImportWizard) and wizard.preview is not None
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
        _show_hint(self.hint, self._error)
        wizard = self.import_wizard()
        text = wizard.preview_status() if wizard.preview is not None else ""
        self.status.setText(text)
        self.status.setVisible(bool(text))


class ColumnsPage(_ImportPage):
    """What each column of the file fills: recognised by its header, corrected here."""

    def __init__(self) -> None:
        super().__init__("Столбцы",
                         "Так программа поняла столбцы таблицы. Если столбец понят неверно, "
                         "выберите для него другое поле или «не загружать».")
        self.header_label = QLabel()
        self.header_label.setWordWrap(True)
        self.columns = ColumnsModel(self)
        self.delegate = FieldDelegate(self)
        self.view = _table_view(self.columns)
        self.view.setItemDelegateForColumn(ColumnsModel.COL_FIELD, self.delegate)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.verticalHeader().setDefaultSectionSize(QComboBox().sizeHint().height() + 4)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(ColumnsModel.COL_FILE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ColumnsModel.COL_FIELD, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(ColumnsModel.COL_FIELD, header.fontMetrics().averageCharWidth() * 34)
        header.setStretchLastSection(False)
        self.forbidden_label = QLabel()
        self.forbidden_label.setWordWrap(True)
        self.forbidden_label.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.forbidden_label)
        layout.addWidget(self.checking)
        layout.addWidget(self.hint)
        self.columns.dataChanged.connect(self._changed)
        self.columns.modelReset.connect(self._open_editors)
        self._error = ""

    def initializePage(self) -> None:
        wizard = self.import_wizard()
        preview = wizard.preview
        assert preview is not None
        self.delegate.fields = KIND_FIELDS[preview.kind]
        found = preview.found_mapping or preview.mapping
        self.columns.set_mapping(found, _unstored_left_out(found, preview.kind,
                                                           wizard.choices))
        sheet = f" листа «{preview.sheet}»" if len(wizard.sheets) > 1 else ""
        self.header_label.setText(
            f"Строка заголовков найдена в строке {preview.header_row}{sheet} файла "
            f"«{preview.file_name}»; данные читаются со строки {preview.header_row + 1}.")
        forbidden = preview.mapping.forbidden
        self.forbidden_label.setText(
            "<b>Не загружаются:</b> " + ", ".join(forbidden_text(c) for c in forbidden)
            + " — такие сведения куратор не собирает; их значения не читаются и не "
            "сохраняются." if forbidden else "")
        self.forbidden_label.setVisible(bool(forbidden))
        self._error = ""
        self._changed()

    def set_field(self, header: str, field: Field | None) -> None:
        """Choose `field` for the column headed `header` (as the combo box does)."""
        index = self.columns.index(self.columns.row_of(header), ColumnsModel.COL_FIELD)
        self.columns.setData(index, field.name if field else "")

    def isComplete(self) -> bool:
        return self.columns.mapping().has_name and not self._error and not self.is_checking()

    def validatePage(self) -> bool:
        """Check the file again with the columns as chosen (only when they changed); the
        wizard goes on once it has been read."""
        wizard = self.import_wizard()
        choices = self.columns.choices()
        if choices == wizard.choices and wizard.preview is not None:
            return True
        wizard.choices = choices
        wizard.prepare(self._read)
        return False

    def _read(self, error: str) -> None:
        if error:
            self._error = error
            _show_hint(self.hint, error)
            self.completeChanged.emit()
        else:
            self.import_wizard().next()

    def _changed(self) -> None:
        self._error = ""
        mapping = self.columns.mapping()
        _show_hint(self.hint, "" if mapping.has_name else
                   "Укажите столбец с именами: «ФИО» — для столбца с фамилией, именем и "
                   "отчеством, или «Фамилия» и «Имя» — для отдельных столбцов.")
        self.completeChanged.emit()

    def _open_editors(self) -> None:
        for row in range(self.columns.rowCount()):
            self.view.openPersistentEditor(self.columns.index(row, ColumnsModel.COL_FIELD))


def _unstored_left_out(found: Mapping, kind: ImportKind,
                       choices: dict[int, ColumnChoice]) -> dict[int, ColumnChoice]:
    """`choices`, plus «не загружать» for recognised columns this import would not store
    (requests in a list of pupils): their values are then not even checked."""
    left_out = {c.index: ColumnChoice(c.index, c.header, None) for c in found.columns
                if c.field is not None and c.field not in KIND_FIELDS[kind]
                and c.index not in choices}
    return {**choices, **left_out}


class CheckPage(_ImportPage):
    """The preview: counts, problems by row, the first people as they will be stored."""

    def __init__(self) -> None:
        super().__init__("Проверка",
                         "Так люди из файла попадут в базу. Ошибки нужно исправить в самом "
                         "файле; предупреждения не мешают загрузке.")
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.recheck_button = QPushButton("Проверить &снова")
        self.recheck_button.setToolTip("Прочитать файл ещё раз — после того как вы исправили "
                                       "и сохранили его")
        self.recheck_button.clicked.connect(self.recheck)
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(self.recheck_button, 0, Qt.AlignmentFlag.AlignTop)

        self.problems = ProblemsModel(self)
        self.problems_view = _table_view(self.problems)
        header = self.problems_view.horizontalHeader()
        metrics = header.fontMetrics()
        header.resizeSection(ProblemsModel.COL_ROW, metrics.horizontalAdvance("Строка") + 24)
        header.resizeSection(ProblemsModel.COL_KIND,
                             metrics.horizontalAdvance("предупреждение") + 24)
        header.resizeSection(ProblemsModel.COL_COLUMN, metrics.averageCharWidth() * 18)
        self.problems_title = QLabel()

        self.sample = SampleModel(self)
        self.sample_view = _table_view(self.sample)
        self.sample_title = QLabel()

        self.problems_box = QWidget()
        problems_column = QVBoxLayout(self.problems_box)
        problems_column.setContentsMargins(0, 0, 0, 0)
        problems_column.addWidget(self.problems_title)
        problems_column.addWidget(self.problems_view, 1)
        sample_box = QWidget()
        sample_column = QVBoxLayout(sample_box)
        sample_column.setContentsMargins(0, 0, 0, 0)
        sample_column.addWidget(self.sample_title)
        sample_column.addWidget(self.sample_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.problems_box)
        self.splitter.addWidget(sample_box)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.checking)
        layout.addWidget(self.hint)
        self._error = ""

    def initializePage(self) -> None:
        self._error = ""
        self._show()

    def recheck(self) -> None:
        """Read the same file again (the curator has fixed it) with the same choices."""
        self.import_wizard().prepare(self._read)

    def _read(self, error: str) -> None:
        self._error = error
        if error:
            self.import_wizard().preview = None
        self._show()

    def isComplete(self) -> bool:
        wizard = self.wizard()
        return (isinstance(wizard, ImportWizard) and wizard.preview is not None
                and wizard.preview.can_commit and not self._error and not self.is_checking())

    def nextId(self) -> int:
        wizard = self.wizard()
        if isinstance(wizard, ImportWizard) and wizard.preview is not None \
                and wizard.preview.already_in_base:
            return ImportWizard.PAGE_DUPLICATES
        return ImportWizard.PAGE_LOAD

    def _show(self) -> None:
        preview = self.import_wizard().preview
        if preview is None:
            self.counts.setText("")
            self.problems.set_problems(())
            self.sample.set_candidates((), ImportKind.PUPILS)
            self.splitter.hide()
            _show_hint(self.hint, self._error + "\nИсправьте файл и нажмите «Проверить снова» "
                       "или вернитесь назад и выберите другой файл.")
            self.completeChanged.emit()
            return
        self.splitter.show()
        self.counts.setText(self._counts_html(preview))
        self.problems.set_problems(preview.problems)
        self.problems_box.setVisible(bool(preview.problems))
        self.problems_title.setText(f"<b>Проблемы</b> ({len(preview.problems)}) — по строкам "
                                    "файла")
        shown = preview.candidates[:SAMPLE_ROWS]
        self.sample.set_candidates(shown, preview.kind)
        self.sample_title.setText(
            f"<b>Первые строки</b> — {len(shown)} из {len(preview.candidates)}, как они будут "
            "сохранены" if preview.candidates else "<b>Загружать некого</b>")
        self._fit_sample_columns()
        self._share_height(len(preview.problems), len(shown))
        _show_hint(self.hint, self._what_to_do(preview))
        self.completeChanged.emit()

    def _share_height(self, problems: int, people: int) -> None:
        """Give each table about the room its rows need, the problems first."""
        row = self.problems_view.verticalHeader().defaultSectionSize()
        total = max(sum(self.splitter.sizes()), 1)
        wanted = (min(problems, 12) + 2) * row + self.problems_title.sizeHint().height()
        rest = (min(people, 3) + 3) * row
        self.splitter.setSizes([min(wanted, max(total - rest, total // 2)), rest])

    def _counts_html(self, preview: ImportPreview) -> str:
        new = len(preview.candidates) - preview.already_in_base
        parts = [f"Новых: <b>{new}</b>", f"уже в базе: <b>{preview.already_in_base}</b>"]
        if not preview.problems:
            parts.append("проблем не найдено")
        elif preview.errors:
            bad_rows = len({p.row for p in preview.errors})
            parts.append(f"<span style='color:{ERROR_COLOUR.name()}'>ошибок: "
                         f"<b>{len(preview.errors)}</b> в "
                         f"{count_phrase(bad_rows, 'строке', 'строках', 'строках')}</span>")
        else:
            parts.append("ошибок: <b>0</b>")
        if preview.warnings:
            parts.append(f"предупреждений: <b>{len(preview.warnings)}</b>")
        sheet = f", лист «{preview.sheet}»" if len(self.import_wizard().sheets) > 1 else ""
        return (f"«{preview.file_name}»{sheet} — {KIND_LABELS[preview.kind]}<br>"
                + " · ".join(parts))

    @staticmethod
    def _what_to_do(preview: ImportPreview) -> str:
        if preview.errors:
            return (f"Пока в файле есть ошибки, его нельзя загрузить. Исправьте строки из "
                    f"списка в самом файле «{preview.file_name}», сохраните его и нажмите "
                    "«Проверить снова».")
        if not preview.candidates:
            return "В файле нет ни одной строки, которую можно загрузить."
        return ""

    def _fit_sample_columns(self) -> None:
        header = self.sample_view.horizontalHeader()
        metrics = header.fontMetrics()
        for column, title in enumerate(self.sample.titles()):
            widest = max([metrics.horizontalAdvance(title)]
                         + [metrics.horizontalAdvance(str(self.sample.index(row, column).data()))
                            for row in range(self.sample.rowCount())])
            header.resizeSection(column, min(widest + 24, metrics.averageCharWidth() * 40))


class DuplicatesPage(_ImportPage):
    """What to do with the people already in the base (shown only when there are some)."""

    def __init__(self) -> None:
        super().__init__("Дубликаты",
                         "Человек считается уже внесённым, если совпали ФИО и дата рождения "
                         "(или ФИО и класс, если даты нет).")
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self.skip = QRadioButton("&Пропустить — оставить сведения в базе как есть")
        self.update_ = QRadioButton("&Обновить — взять сведения из файла (пустые ячейки файла "
                                    "не стирают того, что есть в базе)")
        self.skip.setChecked(True)
        self.group = QButtonGroup(self)
        self.group.addButton(self.skip)
        self.group.addButton(self.update_)
        self.profiles_note = style.secondary()
        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addSpacing(6)
        layout.addWidget(self.skip)
        layout.addWidget(self.update_)
        layout.addSpacing(6)
        layout.addWidget(self.profiles_note)
        layout.addStretch(1)

    def initializePage(self) -> None:
        preview = self.import_wizard().preview
        assert preview is not None
        people = count_phrase(preview.already_in_base, "человек", "человека", "человек")
        self.count_label.setText(f"Из файла «{preview.file_name}» уже есть в базе: "
                                 f"<b>{people}</b>.")
        base = {ImportKind.MENTEES: "наставляемых", ImportKind.MENTORS: "наставников"}
        self.profiles_note.setText(
            f"В базу {base[preview.kind]} программы они будут включены в любом случае."
            if preview.kind in base else "")
        self.profiles_note.setVisible(preview.kind in base)

    def duplicates(self) -> Duplicates:
        return Duplicates.UPDATE if self.update_.isChecked() else Duplicates.SKIP


class LoadPage(_ImportPage):
    """What will be done, then — after «Загрузить» — what was done."""

    def __init__(self) -> None:
        super().__init__("Загрузка",
                         "Всё готово. Люди будут сохранены одной операцией: если загрузку "
                         "отменить или она не удастся, база останется такой, как была.")
        self.plan = QLabel()
        self.plan.setWordWrap(True)
        self.plan.setTextFormat(Qt.TextFormat.RichText)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.RichText)
        self.outcome.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.plan)
        layout.addSpacing(8)
        layout.addWidget(self.outcome)
        layout.addWidget(self.hint)
        layout.addStretch(1)

    def initializePage(self) -> None:
        wizard = self.import_wizard()
        preview = wizard.preview
        assert preview is not None
        new = len(preview.candidates) - preview.already_in_base
        lines = [f"Из файла «{preview.file_name}» ({KIND_LABELS[preview.kind]}) будет "
                 f"добавлено <b>{count_phrase(new, 'человек', 'человека', 'человек')}</b>."]
        if preview.already_in_base:
            what = ("обновлены сведения" if wizard.duplicates() is Duplicates.UPDATE
                    else "пропущены")
            lines.append(f"Уже есть в базе: {preview.already_in_base} — будут {what}.")
        if preview.kind is ImportKind.MENTEES:
            lines.append("Все они будут включены в базу наставляемых программы.")
        elif preview.kind is ImportKind.MENTORS:
            lines.append("Все они будут включены в базу наставников программы.")
        if preview.warnings:
            lines.append(f"Предупреждений: {len(preview.warnings)} — строки загружаются, "
                         "проверьте их потом в карточках людей.")
        lines.append("Нажмите «Загрузить».")
        self.plan.setText("<br>".join(lines))
        _show_hint(self.hint, "")
        self.plan.show()
        self.outcome.hide()

    def show_outcome(self, text: str) -> None:
        self.setSubTitle("Загрузка завершена.")
        self.plan.hide()
        self.outcome.setText(f"<b>Готово.</b><br>{html.escape(text)}")
        self.outcome.show()
        _show_hint(self.hint, "")

    def show_failure(self, text: str) -> None:
        self.outcome.hide()
        _show_hint(self.hint, text)


# --- the wizard --------------------------------------------------------------------------


class ImportWizard(StageWizard):
    """After a successful «Загрузить» `import_result` holds what was done (None until then).

    The file is read and checked in a worker thread (seconds for a few thousand rows): the page
    that asked shows the progress and goes on when the check is done (`check_task` meanwhile).
    """

    PAGE_FILE, PAGE_SHEET, PAGE_COLUMNS, PAGE_CHECK, PAGE_DUPLICATES, PAGE_LOAD = range(6)

    def __init__(self, db: Database, kind: ImportKind = ImportKind.PUPILS,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(WIZARD_TITLE, parent, size=WIZARD_SIZE, minimum=(760, 560),
                         finish_text="&Загрузить")
        self._db = db
        self._today = today
        self._kind = kind
        self.path: Path | None = None
        self.sheets: list[str] = []
        self.sheet: str | None = None
        self.choices: dict[int, ColumnChoice] = {}
        self.preview: ImportPreview | None = None
        self.import_result: ImportResult | None = None
        self.task: BackgroundTask | None = None
        self.check_task: BackgroundTask | None = None

        self.file_page = FilePage(kind)
        self.sheet_page = SheetPage()
        self.columns_page = ColumnsPage()
        self.check_page = CheckPage()
        self.duplicates_page = DuplicatesPage()
        self.load_page = LoadPage()
        for number, page in enumerate((self.file_page, self.sheet_page, self.columns_page,
                                       self.check_page, self.duplicates_page, self.load_page)):
            self.setPage(number, page)

    # --- the steps, as the pages call them ---

    def open_file(self, path: Path, kind: ImportKind, then: Checked) -> bool:
        """Take `path` for `kind`: its sheets and, with one sheet, its people are read in the
        background; `then(error)` afterwards ('' when the file can be used). False if a check
        is already running."""
        self.path, self.sheets, self.sheet = None, [], None
        self.choices, self.preview = {}, None
        db, today = self._db, self._today

        def read() -> tuple[list[str], ImportPreview | None]:
            sheets = list_sheets(path)
            preview = prepare_import(db, path, kind, today=today) if len(sheets) == 1 else None
            return sheets, preview

        def apply(read_back: tuple[list[str], ImportPreview | None]) -> None:
            self.path, self.sheets, self._kind = path, read_back[0], kind
            if read_back[1] is not None:
                self._take(read_back[1])

        return self._check(read, apply, then)

    def prepare(self, then: Checked) -> bool:
        """Read and check the chosen file and sheet with the chosen columns (nothing saved),
        in the background; `then(error)` afterwards. False if a check is already running."""
        assert self.path is not None
        self.preview = None
        db, path, kind, sheet = self._db, self.path, self._kind, self.sheet
        columns, today = list(self.choices.values()), self._today
        return self._check(lambda: prepare_import(db, path, kind, sheet=sheet, columns=columns,
                                                  today=today), self._take, then)

    def _take(self, preview: ImportPreview) -> None:
        found = preview.found_mapping or preview.mapping
        headers = {c.index: c.header for c in found.columns}
        self.choices = {i: c for i, c in self.choices.items() if headers.get(i) == c.header}
        self.preview = preview

    def _check(self, read: Callable[[], _R], apply: Callable[[_R], None],
               then: Checked) -> bool:
        if self.check_task is not None:
            return False
        page = self.currentPage()
        checking_page = page if isinstance(page, _ImportPage) else None

        def settle() -> None:
            self.check_task = None
            self.button(QWizard.WizardButton.BackButton).setEnabled(True)
            if checking_page is not None:
                checking_page.show_checking(False)

        def read_back(result: _R) -> None:
            if self.check_task is not None:  # None: the wizard was closed meanwhile
                settle()
                apply(result)
                then("")

        def refused(error: NastavnikError) -> None:
            if self.check_task is not None:
                settle()
                then(error.message)

        def failed(error: BaseException) -> None:
            # a bug: the crash handler reports it after this
            if self.check_task is not None and not isinstance(error, NastavnikError):
                settle()
                then("Файл не удалось проверить.")

        if checking_page is not None:
            checking_page.show_checking(True)
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.check_task = run_task(self, lambda _progress: read(), read_back, title=WIZARD_TITLE,
                                   label="Проверяется файл…", dialog=False,
                                   on_known_error=refused, on_failed=failed)
        return True

    def preview_status(self) -> str:
        preview = self.preview
        assert preview is not None
        rows = count_phrase(len(preview.candidates) + len({p.row for p in preview.errors}),
                            "строка", "строки", "строк")
        where = f"На листе «{preview.sheet}»" if len(self.sheets) > 1 else "В файле"
        return f"{where} {rows} с людьми, заголовок — в строке {preview.header_row}."

    def duplicates(self) -> Duplicates:
        return self.duplicates_page.duplicates()

    def commit_work(self, progress: ProgressCallback) -> ImportResult:
        """The one save, as the worker thread runs it."""
        assert self.preview is not None
        return commit_import(self._db, self.preview, duplicates=self.duplicates(),
                             progress=progress, today=self._today)

    # --- finishing ---

    def has_entered(self) -> bool:
        return False  # nothing typed that the file does not hold: closing asks nothing

    def accept(self) -> None:
        """«Загрузить» starts the one save in a worker (so not through `save()`: the wizard
        stays open to show the outcome); after it, «Закрыть» closes."""
        if self.import_result is not None:
            QWizard.accept(self)
            return
        if self.task is not None or self.preview is None:
            return
        self._set_buttons_enabled(False)
        self.task = run_task(self, self.commit_work, self._on_loaded, title=WIZARD_TITLE,
                             label=f"Загружаются люди из «{self.preview.file_name}»…",
                             failure_title="Не удалось загрузить", on_failed=self._on_failed,
                             on_cancelled=self._on_cancelled, on_finished=self._on_finished)

    def reject(self) -> None:
        """While the save runs, «Отмена» and closing the window cancel it first."""
        if self.task is not None:
            self.task.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        """A check still reading the file is waited for (it cannot stop midway, and the
        thread must not outlive the wizard); its answer then goes nowhere."""
        if self.check_task is not None:
            self.check_task.wait(60_000)
            self.check_task = None
        super().done(result)

    def _on_loaded(self, result: ImportResult) -> None:
        self.import_result = result
        self.load_page.show_outcome(result.summary)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Закрыть")
        self.setButtonLayout([QWizard.WizardButton.Stretch, QWizard.WizardButton.FinishButton])

    def _on_cancelled(self) -> None:
        self.load_page.show_failure("Загрузка отменена — в базе ничего не изменилось. "
                                    "Нажмите «Загрузить», чтобы начать заново.")

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, NastavnikError):
            self.load_page.show_failure(f"{error.message}\nВ базе ничего не изменилось.")
        else:
            self.load_page.show_failure("Загрузка не удалась, в базе ничего не изменилось.")

    def _on_finished(self) -> None:
        self.task = None
        self._set_buttons_enabled(True)

    def _set_buttons_enabled(self, enabled: bool) -> None:
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.FinishButton,
                      QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(enabled)


def run_import_wizard(parent: QWidget | None, db: Database,
                      kind: ImportKind = ImportKind.PUPILS) -> bool:
    """Run the wizard; True when something was saved to the base."""
    wizard = ImportWizard(db, kind, parent)
    wizard.exec()
    result = wizard.import_result
    wizard.deleteLater()
    return result is not None and any((result.created, result.updated, result.profiles_added,
                                       result.profiles_updated))
