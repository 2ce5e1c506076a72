"""The print preview: an issued PDF on screen, then «Печать…» or «Сохранить PDF…».

The PDF is shown as it is (QtPdf), so what the curator sees is what goes to the printer and the
archive. Printing paints each page, rendered at the printer's resolution, onto the printer's
sheets; saving copies the file atomically. Both live in small methods (`print_to`, `save_to`)
that tests call without the modal dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QMargins, QPointF, QRectF, QSize, QSizeF, QStandardPaths, Qt
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPageLayout,
    QPainter,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.files import FileWriteError, atomic_write, safe_file_name
from nastavnik_desktop.settings import PDF_SAVE_FOLDER
from nastavnik_desktop.ui import messages, prefs, style

PDF_FILTER = "Документы PDF (*.pdf)"

ZOOM_STEP = 1.25
MIN_ZOOM = 0.25
MAX_ZOOM = 5.0
MAX_PRINT_DPI = 300
"""Pages are rendered at the printer's resolution, but no finer: a 1200 dpi A4 page would be a
half-gigabyte image, and 300 dpi is as sharp as school printers print text."""

_POINTS_PER_INCH = 72.0
_PAGE_SPACING = 12
_SIZE = QSize(920, 1000)


class PrintPreviewDialog(QDialog):
    """Shows the PDF at `pdf_path`; `title` is the document's name (window title, file name)."""

    def __init__(self, pdf_path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf_path = Path(pdf_path)
        self.title = title
        self.setWindowTitle(f"{title} — предварительный просмотр")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)

        self.document = QPdfDocument(self)
        error = self.document.load(str(self.pdf_path))
        self.load_error = "" if error == QPdfDocument.Error.None_ else _load_error_text(
            self.pdf_path, error)

        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(_PAGE_SPACING)
        self.view.setDocumentMargins(QMargins(*(_PAGE_SPACING,) * 4))
        self.view.pageNavigator().currentPageChanged.connect(self._on_page_changed)
        self.view.zoomModeChanged.connect(self._update_zoom_label)
        self.view.zoomFactorChanged.connect(self._update_zoom_label)

        self.error_label = style.secondary(self.load_error)
        self.error_label.setObjectName("preview_error")
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._body = QStackedWidget()
        self._body.addWidget(self.view)
        self._body.addWidget(self.error_label)
        self._body.setCurrentWidget(self.error_label if self.load_error else self.view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 10)
        layout.setSpacing(0)
        layout.addWidget(self._build_toolbar())
        layout.addWidget(self._body, 1)
        layout.addLayout(self._build_buttons())

        self._update_page_label()
        self._update_zoom_label()
        self._update_actions()
        self.resize(self._initial_size())

    # --- building --------------------------------------------------------------------------

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar()
        toolbar.setObjectName("preview_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.setContentsMargins(8, 4, 8, 4)
        self.print_action = self._action(toolbar, "Печать…",
                                         [_key(QKeySequence.StandardKey.Print)],
                                         self.print_document, "Напечатать документ")
        self.save_action = self._action(toolbar, "Сохранить PDF…",
                                        [_key(QKeySequence.StandardKey.Save)],
                                        self.save_pdf, "Сохранить копию PDF-файла, например, "
                                        "на флешку или для отправки по почте")
        toolbar.addSeparator()
        self.zoom_out_action = self._action(
            toolbar, "−", [_key(QKeySequence.StandardKey.ZoomOut), QKeySequence("Ctrl+-")],
            self.zoom_out, "Уменьшить")
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoom_label")
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance(
            "000 %") + 16)
        toolbar.addWidget(self.zoom_label)
        self.zoom_in_action = self._action(
            toolbar, "+", [_key(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+="),
                           QKeySequence("Ctrl++")],
            self.zoom_in, "Увеличить")
        self.fit_width_action = self._action(toolbar, "По ширине", [QKeySequence("Ctrl+0")],
                                             self.fit_width, "Страница во всю ширину окна")
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.page_label = QLabel()
        self.page_label.setObjectName("page_label")
        self.page_label.setContentsMargins(8, 0, 8, 0)
        toolbar.addWidget(self.page_label)
        return toolbar

    def _action(self, toolbar: QToolBar, text: str, keys: list[QKeySequence],
                slot: Callable[[], object], tip: str) -> QAction:
        action = QAction(text, self)
        keys = list(dict.fromkeys(keys))  # a standard key may already be one of the others
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shown})" if shown else tip)
        action.triggered.connect(lambda _checked=False: slot())
        toolbar.addAction(action)
        self.addAction(action)
        return action

    def _build_buttons(self) -> QHBoxLayout:
        self.close_button = QPushButton("Закрыть")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.setContentsMargins(12, 10, 12, 0)
        row.addWidget(style.secondary(str(self.pdf_path)), 1)
        row.addWidget(self.close_button)
        return row

    def _initial_size(self) -> QSize:
        screen = self.screen().availableGeometry().size()
        return _SIZE.boundedTo(QSize(int(screen.width() * 0.9), int(screen.height() * 0.9)))

    # --- showing ---------------------------------------------------------------------------

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        """The page at the top of the view, from 0."""
        return self.view.pageNavigator().currentPage()

    def zoom_in(self) -> None:
        self._set_zoom(self.effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.effective_zoom() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(MAX_ZOOM, max(MIN_ZOOM, factor)))

    def effective_zoom(self) -> float:
        """The zoom as shown (1.0 is the paper's size): in «По ширине» QPdfView scales each
        page to the width of the view itself, from the screen's logical resolution."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or self.page_count() == 0:
            return self.view.zoomFactor()
        margins = self.view.documentMargins()
        room = self.view.viewport().width() - margins.left() - margins.right()
        screen = QGuiApplication.primaryScreen().logicalDotsPerInch() / _POINTS_PER_INCH
        width = self.document.pagePointSize(self.current_page()).width() * screen
        return room / width if width > 0 else 1.0

    def _update_zoom_label(self) -> None:
        self.zoom_label.setText(f"{round(self.effective_zoom() * 100)} %")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_zoom_label()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._update_zoom_label()

    def _on_page_changed(self) -> None:
        self._update_page_label()
        self._update_zoom_label()

    def _update_page_label(self) -> None:
        count = self.page_count()
        self.page_label.setText(f"Страница {self.current_page() + 1} из {count}" if count
                                else "")

    def _update_actions(self) -> None:
        shown = not self.load_error
        for action in (self.print_action, self.zoom_in_action, self.zoom_out_action,
                       self.fit_width_action):
            action.setEnabled(shown)

    # --- printing --------------------------------------------------------------------------

    def print_document(self) -> None:
        """«Печать…»: the system's print dialog, then the pages chosen there."""
        if self.load_error:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = self.print_dialog(printer)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and \
                printer.outputFileName():
            prefs.write(PDF_SAVE_FOLDER, str(Path(printer.outputFileName()).parent))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.print_to(printer)
        finally:
            QGuiApplication.restoreOverrideCursor()

    def print_dialog(self, printer: QPrinter) -> QPrintDialog:
        """The print dialog over `printer`. Its «print to file» proposes the same safe name in
        the same folder as «Сохранить PDF…»: Qt's own dialog (Linux) would make the name of
        the document's name in the working folder, taking the «/» of «пар/групп» for a folder
        and «.2026» of the date for an extension."""
        printer.setDocName(self.default_file_name())  # the job's name in the print queue too
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Печать")
        dialog.setMinMax(1, self.page_count())
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        file_field = dialog.findChild(QLineEdit, "filename")
        if file_field is not None:
            file_field.setText(str(self.default_save_path()))
        return dialog

    def pages_to_print(self, printer: QPrinter) -> list[int]:
        """The pages (from 0) the print settings ask for: all, the current one or a range."""
        count = self.page_count()
        if printer.printRange() == QPrinter.PrintRange.CurrentPage:
            return [self.current_page()]
        ranges = printer.pageRanges()
        if printer.printRange() == QPrinter.PrintRange.PageRange and not ranges.isEmpty():
            return [page - 1 for page in range(1, count + 1) if ranges.contains(page)]
        return list(range(count))

    def print_to(self, printer: QPrinter) -> int:
        """Paint the chosen pages onto `printer`; returns how many were printed."""
        pages = self.pages_to_print(printer)
        if not pages:
            return 0
        printer.setFullPage(True)
        all_landscape = all(self._is_landscape(page) for page in pages)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if all_landscape
                                   else QPageLayout.Orientation.Portrait)
        painter = QPainter()
        if not painter.begin(printer):
            messages.show_error(self, "Не удалось начать печать: принтер недоступен или "
                                "не отвечает. Проверьте, что принтер включён и подключён, "
                                "и повторите.", title="Печать")
            return 0
        try:
            for number, page in enumerate(pages):
                if number:
                    printer.newPage()
                self._paint_page(painter, printer, page)
        finally:
            painter.end()
        return len(pages)

    def _is_landscape(self, page: int) -> bool:
        size = self.document.pagePointSize(page)
        return size.width() > size.height()

    def _paint_page(self, painter: QPainter, printer: QPrinter, page: int) -> None:
        """The page scaled to the sheet; a landscape page on a portrait sheet is turned with
        its top to the bound (left) edge, as a landscape appendix is filed."""
        sheet = QRectF(painter.viewport())
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        points = self.document.pagePointSize(page)
        image = self.document.render(page, _pixels(points, dpi))
        turned = (points.width() > points.height()) != (sheet.width() > sheet.height())
        room = sheet.size().transposed() if turned else sheet.size()
        fitted = QSizeF(image.size()).scaled(room, Qt.AspectRatioMode.KeepAspectRatio)
        painter.save()
        painter.translate(sheet.center())
        if turned:
            painter.rotate(-90)
        painter.drawImage(QRectF(QPointF(-fitted.width() / 2, -fitted.height() / 2), fitted),
                          _on_white(image))
        painter.restore()

    # --- saving ----------------------------------------------------------------------------

    def default_file_name(self) -> str:
        return safe_file_name(self.title, ".pdf")

    def default_save_path(self) -> Path:
        """The proposed file: the safe name in the folder saved to last time, else the
        curator's Documents (the home folder where there is none: a bare Linux)."""
        locations = QStandardPaths.StandardLocation
        folder = (prefs.read(PDF_SAVE_FOLDER)
                  or QStandardPaths.writableLocation(locations.DocumentsLocation)
                  or QStandardPaths.writableLocation(locations.HomeLocation))
        return Path(folder) / self.default_file_name()

    def save_pdf(self) -> None:
        """«Сохранить PDF…»: ask where, then copy the file there."""
        name, _filter = QFileDialog.getSaveFileName(
            self, "Сохранить PDF", str(self.default_save_path()), PDF_FILTER)
        if not name:
            return
        target = Path(name)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(f"{target.name}.pdf")
        if self.save_to(target):
            prefs.write(PDF_SAVE_FOLDER, str(target.parent))

    def save_to(self, target: Path) -> bool:
        """Copy the PDF to `target` atomically and read it back; on failure say why (the old
        file at `target`, if any, stays as it was). Returns whether it was saved."""
        target = Path(target)
        try:
            content = self.pdf_path.read_bytes()
        except OSError as exc:
            messages.show_error(self, f"Не удалось прочитать файл «{self.pdf_path}»: "
                                f"{exc.strerror or exc}. Сформируйте документ заново.",
                                title="Не удалось сохранить PDF", details=repr(exc))
            return False
        if _same_file(target, self.pdf_path):
            return True
        try:
            with atomic_write(target) as handle:
                handle.write(content)
        except FileWriteError as exc:
            messages.show_error(self, exc.message, title="Не удалось сохранить PDF",
                                details=exc.details)
            return False
        if not _reads_back(target, content):
            messages.show_error(self, f"Файл «{target}» записан с ошибками: копия не совпадает "
                                "с документом. Проверьте носитель (флешку) и сохраните ещё раз.",
                                title="Не удалось сохранить PDF")
            return False
        return True


class PreviewOwner(Protocol):
    """Whatever opens previews and keeps the one open last (tests close it)."""

    preview: PrintPreviewDialog | None


def open_preview(owner: PreviewOwner, path: Path, title: str,
                 parent: QWidget) -> PrintPreviewDialog:
    """Open the preview of the PDF at `path` over `parent` as `owner.preview`; it is deleted
    when closed and forgotten then."""
    dialog = PrintPreviewDialog(path, title, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def forget(_result: int) -> None:
        if owner.preview is dialog:
            owner.preview = None

    dialog.finished.connect(forget)
    owner.preview = dialog
    dialog.open()
    return dialog


def _key(standard: QKeySequence.StandardKey) -> QKeySequence:
    return QKeySequence(standard)


def _reads_back(path: Path, content: bytes) -> bool:
    """Whether `path` holds exactly `content` (a USB stick can lose a write silently)."""
    try:
        return path.read_bytes() == content
    except OSError:
        return False


def _pixels(points: QSizeF, dpi: int) -> QSize:
    return QSize(max(1, round(points.width() / _POINTS_PER_INCH * dpi)),
                 max(1, round(points.height() / _POINTS_PER_INCH * dpi)))


def _on_white(image: QImage) -> QImage:
    """The rendered page on white paper: no transparency for printer drivers to mishandle."""
    sheet = QImage(image.size(), QImage.Format.Format_RGB32)
    sheet.fill(Qt.GlobalColor.white)
    painter = QPainter(sheet)
    painter.drawImage(0, 0, image)
    painter.end()
    return sheet


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _load_error_text(path: Path, error: QPdfDocument.Error) -> str:
    if error == QPdfDocument.Error.FileNotFound:
        return (f"Файл «{path}» не найден: его переместили или удалили. "
                "Сформируйте документ заново.")
    return (f"Не удалось показать файл «{path}»: он повреждён или это не PDF. "
            "Сформируйте документ заново.")
