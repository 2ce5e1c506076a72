"""«Документы»: form the programme's documents in PDF and keep the register of what was issued.

A command link asks for the number and date where the document has them (an order is offered
the next free number of its series, and a number taken that year is refused in the dialog),
builds the PDF in a worker thread through services.documents (into the documents folder next to
the database), records it in the register and opens the print preview. The register below lists
every issued document with whether its file is still in place; it is searched and filtered by
kind; double-click or «Открыть» shows the stored file, «Показать в папке» opens its folder, and
«Напечатать снова» builds the selected documents again under their own numbers and dates (the
same entries of the register, no new numbers).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCommandLinkButton,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import OperationCancelled
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.reports.stage1 import RoadmapLayout
from nastavnik_desktop.services import documents as documents_service
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.services.documents import IssuedDocumentInfo
from nastavnik_desktop.services.involvement import default_reporting_date
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs.issue_document import DocumentChoice, IssueDialog
from nastavnik_desktop.ui.dialogs.print_preview import PrintPreviewDialog, open_preview
from nastavnik_desktop.ui.models.documents_model import (
    COL_DATE,
    COL_FILE,
    COL_NUMBER,
    COL_STATE,
    COL_TITLE,
    IssuedDocumentsFilter,
    IssuedDocumentsModel,
    MiddleElidingDelegate,
    display_title,
)
from nastavnik_desktop.ui.pages.base import Page
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task

_COLUMN_WIDTHS = {COL_NUMBER: 72, COL_DATE: 96, COL_FILE: 260, COL_STATE: 120}
ALL_KINDS = "Все документы"


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
    DocumentChoice("order_awards", "order_awards",
                   "Приказ о награждении участников программы",
                   "со списком награждённых в приложении (из реестра наград)", numbered=True),
    DocumentChoice("control", "control", "Контрольный лист пар и групп",
                   "встречи, выполнение планов, просрочки, оценки и молчащие пары "
                   "на выбранную дату"),
    DocumentChoice("monitoring", "monitoring", "Отчёт о мониторинге программы",
                   "показатель вовлечённости, опросы, удовлетворённость, SWOT, рост "
                   "участников и выводы — на выбранную отчётную дату",
                   date_label="Отчётная дата:"),
    DocumentChoice("monitoring_table", "monitoring_table",
                   "Таблица статистики мониторинга (Excel)",
                   "показатели отчёта о мониторинге числами — для сводки в муниципалитет",
                   date_label="Отчётная дата:"),
)
_CHOICE_COLUMNS = 2


# --- asking for the number and the date -----------------------------------------------------


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
        self.search_edit.setPlaceholderText("Поиск по номеру, дате, названию, файлу (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.proxy.set_search)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("register_kind")
        self.kind_combo.setToolTip("Показать документы одного вида")
        self.kind_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind_combo.setMinimumContentsLength(16)
        self.kind_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_kind(self.kind_combo.currentData()))
        self.open_button = QPushButton("Открыть")
        self.open_button.setObjectName("open_document")
        self.open_button.setToolTip("Показать выбранный документ для печати (Enter)")
        self.open_button.clicked.connect(self.open_selected)
        self.folder_button = QPushButton("Показать в папке")
        self.folder_button.setObjectName("show_in_folder")
        self.folder_button.setToolTip("Открыть папку с файлом выбранного документа, без выбора — "
                                      "папку документов (Ctrl+Shift+O)")
        self.folder_button.clicked.connect(self.show_in_folder)
        self.reprint_button = QPushButton("Напечатать снова")
        self.reprint_button.setObjectName("reprint_documents")
        self.reprint_button.setToolTip(
            "Сформировать выбранные документы заново с их номерами и датами — это те же "
            "записи реестра, новых номеров не будет (Ctrl+R)")
        self.reprint_button.clicked.connect(self.reprint_selected)
        # (Ctrl+O is the window's «Открыть базу»; Enter opens the selected document)
        for keys, slot in (("Ctrl+Shift+O", self.show_in_folder),
                           ("Ctrl+R", self.reprint_selected)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(style.heading("Реестр документов", factor=1.15))
        row.addStretch(1)
        row.addWidget(self.search_edit, 3)
        row.addWidget(self.kind_combo, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.folder_button)
        row.addWidget(self.reprint_button)
        return row

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("register_table")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setItemDelegateForColumn(COL_FILE, MiddleElidingDelegate(table))
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
        db, programme_id, today = self._db, self._programme_id, self._day()
        number, day = "", today
        if choice.numbered:  # one small query each: quick enough for the UI thread
            number, day = messages.guarded(self, lambda: documents_service.proposed_order(
                db, programme_id, choice.kind, today)) or ("", today)
        dialog = IssueDialog(
            choice, number=number, day=day, parent=self,
            check=lambda typed, day: messages.guarded(self, lambda: documents_service
                                                      .number_problem(db, programme_id,
                                                                      choice.kind, typed, day)),
            propose=lambda day: messages.guarded(self, lambda: documents_service
                                                 .proposed_number(db, programme_id,
                                                                  choice.kind, day)) or "")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.issue(choice.kind, number=dialog.number(), issued_on=dialog.day(),
                   layout=choice.layout)

    def _day(self) -> dt.date:
        """The date a new document is offered: today, or a past year's last day (its
        programme's reporting date)."""
        today = dt.date.today()
        if not self._db.read_only:
            return today
        programme = messages.guarded(self, lambda: programme_service.programme_info(
            self._db, self._programme_id))
        return default_reporting_date(programme, today) if programme else today

    def issue(self, kind: str, *, number: str | None = None, issued_on: dt.date | None = None,
              layout: RoadmapLayout = "events") -> BackgroundTask | None:
        """Form the document in a worker thread (a long one laid out in a child process: see
        `reports.process`); the preview opens when it is ready.

        Returns the task under way (None when nothing was started)."""
        if self._task is not None:
            return None
        db, programme_id = self._db, self._programme_id
        out = messages.guarded(self, lambda: documents_service.default_output_path(
            db, programme_id, kind, issued_on=issued_on, layout=layout))
        if out is None:
            return None
        # a long list is laid out in a child process (the window keeps painting); «Отмена»
        # stops it and leaves no file
        self._task = run_task(
            self, lambda progress: documents_service.issue_document(
                db, programme_id, kind, out, number=number, issued_on=issued_on, layout=layout,
                separate_process=True, progress=progress),
            self._on_issued, title="Документы", label="Формируется документ…",
            failure_title="Документ не сформирован", on_finished=self._on_task_finished)
        return self._task

    @property
    def background_task(self) -> BackgroundTask | None:
        return self._task

    def documents(self) -> list[IssuedDocumentInfo]:
        """The register as shown (after the search), top to bottom."""
        return [self.model.document_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
                for row in range(self.proxy.rowCount())]

    def selected_document(self) -> IssuedDocumentInfo | None:
        """The current document of the selection (the first selected when the current row is
        not selected)."""
        selected = self.selected_documents()
        current = self.table.currentIndex()
        if current.isValid():
            document = self.model.document_at(self.proxy.mapToSource(current).row())
            if document in selected:
                return document
        return selected[0] if selected else None

    def selected_documents(self) -> list[IssuedDocumentInfo]:
        """The selected documents, top to bottom."""
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [self.model.document_at(self.proxy.mapToSource(index).row()) for index in rows]

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
        return open_preview(self, path, display_title(document), self)

    def show_in_folder(self) -> None:
        """The folder of the selected document's file; the documents folder otherwise."""
        document = self.selected_document()
        if document is None or not document.file_path:
            self.open_folder()
            return
        folder = Path(document.file_path).parent
        if not folder.is_dir():
            messages.show_error(self, f"Папки «{folder}» с файлом документа "
                                f"«{display_title(document)}» нет: её переместили или удалили. "
                                "«Напечатать снова» запишет документ в папку документов.",
                                title="Папка не найдена")
            return
        messages.open_folder(self, folder)

    def reprint_selected(self) -> BackgroundTask | None:
        """Build the selected documents again under their own numbers and dates, in a worker
        thread; the last one opens in the preview. Entries the program cannot build (a scan
        of stage 1, a pair's paper) are named and left out."""
        if self._task is not None:
            return None
        chosen = self.selected_documents()
        refusals = {d.id: documents_service.reprint_refusal(d.kind, d.title) for d in chosen}
        todo = [d for d in chosen if refusals[d.id] is None]
        skipped = [text for text in refusals.values() if text]
        if not todo:
            if skipped:
                messages.show_info(self, "\n\n".join(skipped))
            return None
        db, ids = self._db, [d.id for d in todo]

        def work(progress: ProgressCallback) -> list[IssuedDocumentInfo]:
            done: list[IssuedDocumentInfo] = []
            for position, document_id in enumerate(ids):
                if not progress(position, len(ids)):
                    raise OperationCancelled
                done.append(documents_service.reprint_document(
                    db, document_id, separate_process=True, progress=progress))
            return done

        self._task = run_task(
            self, work, lambda done: self._on_reprinted(done, skipped), title="Документы",
            label="Документ формируется заново…" if len(ids) == 1
            else f"Документы формируются заново: {len(ids)}…",
            failure_title="Документ не сформирован", on_finished=self._on_task_finished)
        return self._task

    def open_folder(self) -> None:
        folder = documents_service.documents_folder(self._db)
        if not folder.is_dir():
            messages.show_info(self, f"Папки с документами ещё нет: «{folder}». Она появится, "
                               "когда будет сформирован первый документ.")
            return
        messages.open_folder(self, folder)

    # --- internals -------------------------------------------------------------------------

    def _load(self, select_id: int | None, select_ids: list[int] | None = None) -> None:
        documents = messages.guarded(self, lambda: documents_service.list_issued_documents(
            self._db, self._programme_id))
        self.model.set_documents(documents or [])
        self._fill_kinds()
        programme = messages.guarded(self, lambda: programme_service.programme_info(
            self._db, self._programme_id))
        year = f" на {programme.school_year} учебный год" if programme else ""
        folder = documents_service.documents_folder(self._db)
        archive = (" Программа прошлого года: документы печатаются без записи в реестр, "
                   "приказы — только изданные в том году, под их номерами и датами."
                   if self._db.read_only else "")
        self.intro_label.setText(
            f"Документы программы наставничества{year} в PDF — для печати и архива, "
            f"по ГОСТ Р 7.0.97-2025; таблица статистики мониторинга — в Excel. Файлы "
            f"хранятся в папке «{folder}».{archive}")
        if select_id is not None:
            self.select_document(select_id)
        for document_id in select_ids or []:
            self._add_to_selection(document_id)
        self.empty_label.setVisible(self.model.rowCount() == 0)
        if self._db.read_only:
            self._offer_issued_orders({d.kind for d in documents or []})
        self._update_actions()

    def _offer_issued_orders(self, kinds: set[str]) -> None:
        """A past year prints its orders again under their numbers: an order it did not
        issue is off (it would need a new number)."""
        for choice in CHOICES:
            if choice.numbered:
                button = self.choice_buttons[choice.key]
                button.setEnabled(choice.kind in kinds)
                button.setToolTip("" if choice.kind in kinds else
                                  "Такой приказ в том учебном году не издавался; новый "
                                  "приказ оформляется в текущем учебном году")

    def _fill_kinds(self) -> None:
        """The kinds in the register, keeping the one chosen while it is still there."""
        chosen = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        self.kind_combo.addItem(ALL_KINDS, None)
        kinds = sorted(self.model.kinds(),
                       key=lambda k: documents_service.KIND_LABELS.get(k, k))
        for kind in kinds:
            self.kind_combo.addItem(documents_service.KIND_LABELS.get(kind, kind), kind)
        index = self.kind_combo.findData(chosen) if chosen in kinds else 0
        self.kind_combo.setCurrentIndex(index)
        self.kind_combo.blockSignals(False)
        self.proxy.set_kind(self.kind_combo.currentData())

    def _add_to_selection(self, document_id: int) -> None:
        source_row = self.model.row_of(document_id)
        index = self.proxy.mapFromSource(self.model.index(source_row, COL_TITLE)) \
            if source_row >= 0 else QModelIndex()
        if index.isValid():
            self.table.selectionModel().select(
                index, QItemSelectionModel.SelectionFlag.Select
                | QItemSelectionModel.SelectionFlag.Rows)

    def _update_actions(self) -> None:
        selected = self.selected_documents()
        self.open_button.setEnabled(bool(selected))
        self.reprint_button.setEnabled(any(
            documents_service.reprint_refusal(d.kind, d.title) is None for d in selected))

    def _on_issued(self, result: IssuedDocumentInfo) -> None:
        self.search_edit.clear()
        self._load(result.id)
        path = Path(result.file_path)
        if path.suffix.lower() == ".pdf":
            open_preview(self, path, display_title(result), self)
        else:
            messages.show_info(self, f"Таблица сохранена: «{path}». Откройте её кнопкой "
                               "«Открыть» в реестре или в папке с документами.")
        self.document_issued.emit(result)

    def _on_reprinted(self, done: list[IssuedDocumentInfo], skipped: list[str]) -> None:
        self._load(done[0].id if done else None, [d.id for d in done[1:]])
        if skipped:
            messages.show_info(self, "Сформированы заново не все выбранные документы.\n\n"
                               + "\n\n".join(skipped))
        last = done[-1] if done else None
        if last is not None:
            path = Path(last.file_path)
            if path.suffix.lower() == ".pdf":
                open_preview(self, path, display_title(last), self)

    def _on_task_finished(self) -> None:
        self._task = None
