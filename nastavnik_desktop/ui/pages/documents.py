"""«Документы»: form the programme's documents in PDF and keep the register of what was issued.

A command link asks for the number and date where the document has them, builds the PDF in a
worker thread through services.documents (into the documents folder next to the database),
records it in the register and opens the print preview. The register below lists every issued
document; double-click or «Открыть» shows the stored file again.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QDate,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCommandLinkButton,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.reports.stage1 import RoadmapLayout
from nastavnik_desktop.services import documents as documents_service
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.services.documents import IssuedDocumentInfo
from nastavnik_desktop.text import format_date
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs.print_preview import PrintPreviewDialog
from nastavnik_desktop.ui.models.table import HeadedTableModel
from nastavnik_desktop.ui.pages.base import Page
from nastavnik_desktop.ui.workers import BackgroundTask

COL_NUMBER = 0
COL_DATE = 1
COL_TITLE = 2
COL_FILE = 3
HEADERS = ("№", "Дата", "Название", "Файл")

MISSING_FILE = "файл не найден"
NO_FILE = "без файла"

_Index = QModelIndex | QPersistentModelIndex
_T = TypeVar("_T")
_COLUMN_WIDTHS = {COL_NUMBER: 72, COL_DATE: 96, COL_FILE: 300}


@dataclass(frozen=True)
class DocumentChoice:
    """A document the page can form: a command link's texts and what to pass the service."""

    key: str
    kind: str
    title: str
    description: str
    layout: RoadmapLayout = "events"
    numbered: bool = False


CHOICES: tuple[DocumentChoice, ...] = (
    DocumentChoice("order_launch", "order_launch",
                   "Приказ о внедрении целевой модели наставничества",
                   "и назначении куратора, с дорожной картой в приложении", numbered=True),
    DocumentChoice("passport", "passport", "Паспорт программы наставничества",
                   "цель, задачи, формы и ролевые модели, команда, ожидаемые результаты"),
    DocumentChoice("roadmap_events", "roadmap", "Дорожная карта по мероприятиям",
                   "таблица: № | мероприятие | срок | ответственный | результат"),
    DocumentChoice("roadmap_stages", "roadmap", "Дорожная карта по этапам",
                   "те же мероприятия, сгруппированные по семи этапам программы",
                   layout="stages"),
    DocumentChoice("bases", "bases", "Базы наставляемых и наставников",
                   "персонифицированный учёт: запросы, компетенции, пары, согласия"),
    DocumentChoice("pairs", "pairs", "Список наставнических пар и групп",
                   "по формам наставничества, с классами и должностями"),
    DocumentChoice("order_pairs", "order_pairs",
                   "Приказ о закреплении наставнических пар/групп",
                   "со списком пар и групп в приложении", numbered=True),
)
_CHOICE_COLUMNS = 2


def display_title(info: IssuedDocumentInfo) -> str:
    """The title with its number and date, as a register entry reads («… от 01.09.2025 № 12-о»)."""
    parts = [info.title]
    if info.issued_on and info.number:
        parts.append(f"от {format_date(info.issued_on)} № {info.number}")
    elif info.number:
        parts.append(f"№ {info.number}")
    return " ".join(parts)


# --- the register ---------------------------------------------------------------------------


class IssuedDocumentsModel(HeadedTableModel):
    """The register: one row per issued document, newest first, as the service returns it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._documents: list[IssuedDocumentInfo] = []
        self._search_keys: list[str] = []
        self._file_states: list[str] = []

    def set_documents(self, documents: list[IssuedDocumentInfo]) -> None:
        self.beginResetModel()
        self._documents = list(documents)
        self._file_states = [_file_state(d) for d in self._documents]
        self._search_keys = [" ".join((d.number, format_date(d.issued_on), d.title,
                                       Path(d.file_path).name)).casefold()
                             for d in self._documents]
        self.endResetModel()

    def document_at(self, row: int) -> IssuedDocumentInfo:
        return self._documents[row]

    def row_of(self, document_id: int) -> int:
        return next((row for row, d in enumerate(self._documents) if d.id == document_id), -1)

    def matches(self, row: int, needle: str) -> bool:
        return needle in self._search_keys[row]

    def row_total(self) -> int:
        return len(self._documents)

    def headers(self) -> tuple[str, ...]:
        return HEADERS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        document = self._documents[index.row()]
        column = index.column()
        state = self._file_states[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(document, column, state)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_FILE:
                return document.file_path or "К записи не приложен файл"
            if column == COL_TITLE:
                return display_title(document)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_FILE and state:
            return style.muted_colour(QApplication.palette())
        return None

    @staticmethod
    def _display(document: IssuedDocumentInfo, column: int, state: str) -> str:
        if column == COL_NUMBER:
            return document.number
        if column == COL_DATE:
            return format_date(document.issued_on)
        if column == COL_TITLE:
            return document.title
        name = Path(document.file_path).name if document.file_path else ""
        return f"{name} ({state})" if name and state else name or state


def _file_state(document: IssuedDocumentInfo) -> str:
    if not document.file_path:
        return NO_FILE
    return "" if Path(document.file_path).is_file() else MISSING_FILE


class _MiddleElidingDelegate(QStyledItemDelegate):
    """Cuts long file names in the middle: their ends (the date, «(2)») tell them apart."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle  # type: ignore[attr-defined]


class IssuedDocumentsFilter(QSortFilterProxyModel):
    """Keeps the rows whose number, date, title or file name contain the search text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_search(self, text: str) -> None:
        self._needle = " ".join(text.split()).casefold()
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, IssuedDocumentsModel)
        return not self._needle or model.matches(source_row, self._needle)


# --- asking for the number and the date -----------------------------------------------------


class IssueDialog(QDialog):
    """The number (for an order) and the date of the document about to be formed."""

    def __init__(self, choice: DocumentChoice, *, number: str, day: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = choice
        self.setWindowTitle(choice.title)
        self.number_edit = QLineEdit(number)
        self.number_edit.setObjectName("document_number")
        self.number_edit.setPlaceholderText("например, 12-о")
        self.date_edit = QDateEdit(QDate(day.year, day.month, day.day))
        self.date_edit.setObjectName("document_date")
        self.date_edit.setDisplayFormat("dd.MM.yyyy")
        self.date_edit.setCalendarPopup(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("issue_error")
        self.error_label.setStyleSheet("QLabel { color: #b3261e; }")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        form = QFormLayout()
        if choice.numbered:
            form.addRow("Номер приказа:", self.number_edit)
            form.addRow("Дата приказа:", self.date_edit)
        else:
            self.number_edit.hide()
            form.addRow("Дата документа:", self.date_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        self.ok_button = buttons.addButton("Сформировать",
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        heading = style.heading(choice.title, factor=1.15)
        layout.addWidget(heading)
        layout.addWidget(style.secondary(choice.description))
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def number(self) -> str | None:
        return " ".join(self.number_edit.text().split()) if self.choice.numbered else None

    def day(self) -> dt.date:
        value = self.date_edit.date()
        return dt.date(value.year(), value.month(), value.day())

    def accept(self) -> None:
        if self.choice.numbered and not self.number():
            self.error_label.setText("Укажите номер приказа: он печатается в реквизитах.")
            self.error_label.show()
            self.number_edit.setFocus()
            return
        super().accept()


# --- the page -------------------------------------------------------------------------------


class DocumentsPage(Page):
    document_issued = Signal(object)
    """Emitted with the IssuedDocumentInfo of a document once it is formed and recorded."""

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._programme_id = programme_id
        self._task: BackgroundTask | None = None
        self.preview: PrintPreviewDialog | None = None
        """The print preview opened last (tests close it)."""

        self.model = IssuedDocumentsModel(self)
        self.proxy = IssuedDocumentsFilter(self)
        self.proxy.setSourceModel(self.model)

        layout = style.page_layout(QVBoxLayout(self))
        layout.setSpacing(10)
        layout.addWidget(style.heading("Документы"))
        self.intro_label = style.secondary()
        self.intro_label.setObjectName("documents_intro")
        self.intro_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.intro_label)
        layout.addWidget(self._build_choices())
        layout.addSpacing(6)
        layout.addLayout(self._build_register_bar())
        self.table = self._build_table()
        layout.addWidget(self.table, 1)
        self.empty_label = style.secondary(
            "Документы ещё не формировались. Выберите документ выше — он появится в реестре.")
        self.empty_label.setObjectName("register_empty")
        layout.addWidget(self.empty_label)

        search = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        search.activated.connect(lambda: self.search_edit.setFocus())
        self.refresh()

    # --- building --------------------------------------------------------------------------

    def _build_choices(self) -> QWidget:
        frame, frame_layout = style.card()
        frame_layout.addWidget(style.heading("Сформировать документ", factor=1.15))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.choice_buttons: dict[str, QCommandLinkButton] = {}
        for index, choice in enumerate(CHOICES):
            button = QCommandLinkButton(choice.title, choice.description)
            button.setObjectName(f"issue_{choice.key}")
            button.clicked.connect(lambda _checked=False, c=choice: self.request_document(c))
            self.choice_buttons[choice.key] = button
            grid.addWidget(button, index // _CHOICE_COLUMNS, index % _CHOICE_COLUMNS)
        for column in range(_CHOICE_COLUMNS):
            grid.setColumnStretch(column, 1)
        frame_layout.addLayout(grid)
        return frame

    def _build_register_bar(self) -> QHBoxLayout:
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("register_search")
        self.search_edit.setPlaceholderText("Поиск по номеру, дате, названию, файлу")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.proxy.set_search)
        self.open_button = QPushButton("Открыть")
        self.open_button.setObjectName("open_document")
        self.open_button.setToolTip("Показать выбранный документ для печати (Enter)")
        self.open_button.clicked.connect(self.open_selected)
        self.folder_button = QPushButton("Папка с документами")
        self.folder_button.setObjectName("open_folder")
        self.folder_button.clicked.connect(self.open_folder)

        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(style.heading("Реестр документов", factor=1.15))
        row.addStretch(1)
        row.addWidget(self.search_edit, 2)
        row.addWidget(self.open_button)
        row.addWidget(self.folder_button)
        return row

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("register_table")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setItemDelegateForColumn(COL_FILE, _MiddleElidingDelegate(table))
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in _COLUMN_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        table.activated.connect(lambda _index: self.open_selected())
        table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        return table

    # --- public API ------------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.selected_document()
        self._load(selected.id if selected else None)

    def request_document(self, choice: DocumentChoice) -> None:
        """A command link: ask for the number and date, then form the document."""
        number = ""
        if choice.numbered:
            number = self._call(lambda: documents_service.recorded_number(
                self._db, self._programme_id, choice.kind)) or ""
        dialog = IssueDialog(choice, number=number, day=dt.date.today(), parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.issue(choice.kind, number=dialog.number(), issued_on=dialog.day(),
                   layout=choice.layout)

    def issue(self, kind: str, *, number: str | None = None, issued_on: dt.date | None = None,
              layout: RoadmapLayout = "events") -> BackgroundTask | None:
        """Form the document in a worker thread; the preview opens when it is ready.

        Returns the task under way (None when nothing was started)."""
        if self._task is not None:
            return None
        db, programme_id = self._db, self._programme_id
        out = self._call(lambda: documents_service.default_output_path(
            db, programme_id, kind, issued_on=issued_on, layout=layout))
        if out is None:
            return None
        task = BackgroundTask(
            lambda _progress: documents_service.issue_document(
                db, programme_id, kind, out, number=number, issued_on=issued_on, layout=layout),
            title="Документы", label="Формируется документ…", parent=self)
        task.progress_dialog.setCancelButton(None)  # a single build is short and cannot stop
        task.succeeded.connect(self._on_issued)
        task.failed.connect(self._on_failed)
        task.finished.connect(self._on_task_finished)
        self._task = task
        task.start()
        return task

    @property
    def background_task(self) -> BackgroundTask | None:
        return self._task

    def documents(self) -> list[IssuedDocumentInfo]:
        """The register as shown (after the search), top to bottom."""
        return [self.model.document_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
                for row in range(self.proxy.rowCount())]

    def selected_document(self) -> IssuedDocumentInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.document_at(self.proxy.mapToSource(rows[0]).row())

    def select_document(self, document_id: int) -> bool:
        source_row = self.model.row_of(document_id)
        index = self.proxy.mapFromSource(self.model.index(source_row, COL_TITLE)) \
            if source_row >= 0 else QModelIndex()
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def open_selected(self) -> None:
        document = self.selected_document()
        if document is not None:
            self.open_document(document)

    def open_document(self, document: IssuedDocumentInfo) -> PrintPreviewDialog | None:
        """Show the stored file of `document` in the print preview (a scan that is not a PDF
        opens in the system's program); a missing file is explained."""
        if not document.file_path:
            messages.show_info(self, f"К записи «{display_title(document)}» не приложен файл: "
                               "документ был только зарегистрирован на этапе 1.")
            return None
        path = Path(document.file_path)
        if not path.is_file():
            messages.show_error(
                self, f"Файл документа «{display_title(document)}» не найден: «{path}». "
                "Возможно, его переместили или удалили, или папка с документами на другом "
                "компьютере. Сформируйте документ заново.", title="Файл не найден")
            return None
        if path.suffix.lower() != ".pdf":
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                messages.show_error(self, f"Не удалось открыть файл «{path}». Откройте его в "
                                    "подходящей программе вручную.")
            return None
        return self._show_preview(path, display_title(document))

    def open_folder(self) -> None:
        folder = documents_service.documents_folder(self._db)
        if not folder.is_dir():
            messages.show_info(self, f"Папки с документами ещё нет: «{folder}». Она появится, "
                               "когда будет сформирован первый документ.")
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            messages.show_error(self, f"Не удалось открыть папку «{folder}». Откройте её в "
                                "файловом менеджере вручную.")

    # --- internals -------------------------------------------------------------------------

    def _load(self, select_id: int | None) -> None:
        documents = self._call(lambda: documents_service.list_issued_documents(
            self._db, self._programme_id))
        self.model.set_documents(documents or [])
        programme = programme_service.current_programme(self._db)
        year = f" на {programme.school_year} учебный год" if programme else ""
        folder = documents_service.documents_folder(self._db)
        self.intro_label.setText(
            f"Документы программы наставничества{year} в PDF — для печати и архива, "
            f"по ГОСТ Р 7.0.97-2025. Файлы хранятся в папке «{folder}».")
        if select_id is not None:
            self.select_document(select_id)
        self.empty_label.setVisible(self.model.rowCount() == 0)
        self._update_actions()

    def _update_actions(self) -> None:
        self.open_button.setEnabled(self.selected_document() is not None)

    def _show_preview(self, path: Path, title: str) -> PrintPreviewDialog:
        dialog = PrintPreviewDialog(path, title, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result, d=dialog: self._forget_preview(d))
        self.preview = dialog
        dialog.open()
        return dialog

    def _forget_preview(self, dialog: PrintPreviewDialog) -> None:
        if self.preview is dialog:
            self.preview = None

    def _call(self, action: Callable[[], _T]) -> _T | None:
        try:
            return action()
        except NastavnikError as exc:
            messages.show_error(self, exc.message, details=exc.details)
            return None

    def _on_issued(self, result: object) -> None:
        assert isinstance(result, IssuedDocumentInfo)
        self.search_edit.clear()
        self._load(result.id)
        self._show_preview(Path(result.file_path), display_title(result))
        self.document_issued.emit(result)

    def _on_failed(self, error: object) -> None:
        if isinstance(error, NastavnikError):
            messages.show_error(self, error.message, title="Документ не сформирован",
                                details=error.details)
        elif isinstance(error, BaseException):
            sys.excepthook(type(error), error, error.__traceback__)

    def _on_task_finished(self) -> None:
        self._task = None
