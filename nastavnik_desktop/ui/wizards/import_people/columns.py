"""The columns the program recognised in the file, which the curator may correct."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QLabel, QVBoxLayout

from nastavnik_desktop.services.importing import ColumnChoice, Field, ImportKind, Mapping
from nastavnik_desktop.ui.models.import_models import (
    KIND_FIELDS,
    ColumnsModel,
    FieldDelegate,
    forbidden_text,
)
from nastavnik_desktop.ui.wizards.import_people.common import (
    CHECK_CANCELLED,
    ImportPage,
    show_hint,
    table_view,
)


class ColumnsPage(ImportPage):
    """What each column of the file fills: recognised by its header, corrected here."""

    def __init__(self) -> None:
        super().__init__("Столбцы",
                         "Так программа поняла столбцы таблицы. Если столбец понят неверно, "
                         "выберите для него другое поле или «не загружать».")
        self.header_label = QLabel()
        self.header_label.setWordWrap(True)
        self.columns = ColumnsModel(self)
        self.delegate = FieldDelegate(self)
        self.view = table_view(self.columns)
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

    def recognised(self) -> bool:
        """Whether the program found every column the list needs by itself: nothing here for
        the curator to point out, so the wizard may go past this page."""
        preview = self.import_wizard().preview
        return preview is not None and not missing_columns(self.columns.mapping(), preview.kind)

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
        if error == CHECK_CANCELLED:  # «Далее» checks again
            show_hint(self.hint, f"{CHECK_CANCELLED} Нажмите «Далее», чтобы проверить файл "
                      "снова.")
            self.completeChanged.emit()
        elif error:
            self._error = error
            show_hint(self.hint, error)
            self.completeChanged.emit()
        else:
            self.import_wizard().next()

    def _changed(self) -> None:
        self._error = ""
        preview = self.import_wizard().preview
        kind = preview.kind if preview is not None else ImportKind.PUPILS
        show_hint(self.hint, missing_columns(self.columns.mapping(), kind))
        self.completeChanged.emit()

    def _open_editors(self) -> None:
        for row in range(self.columns.rowCount()):
            self.view.openPersistentEditor(self.columns.index(row, ColumnsModel.COL_FIELD))


def missing_columns(mapping: Mapping, kind: ImportKind) -> str:
    """What the curator should point out among the columns ('' when nothing): the names,
    without which nothing loads, and — in a list of pupils — the class, without which every
    pupil is loaded with a warning (and a staff list opened as pupils shows here)."""
    if not mapping.has_name:
        return ("Укажите столбец с именами: «ФИО» — для столбца с фамилией, именем и "
                "отчеством, или «Фамилия» и «Имя» — для отдельных столбцов.")
    if kind is ImportKind.PUPILS and Field.CLASS not in mapping.fields:
        return ("Столбец с классом не найден. Если он есть, выберите для него «Класс»; если "
                "это список не учеников, вернитесь назад и выберите, кого загружаем.")
    return ""


def _unstored_left_out(found: Mapping, kind: ImportKind,
                       choices: dict[int, ColumnChoice]) -> dict[int, ColumnChoice]:
    """`choices`, plus «не загружать» for recognised columns this import would not store
    (requests in a list of pupils): their values are then not even checked."""
    left_out = {c.index: ColumnChoice(c.index, c.header, None) for c in found.columns
                if c.field is not None and c.field not in KIND_FIELDS[kind]
                and c.index not in choices}
    return {**choices, **left_out}
