"""The print preview: every page shown, printing to a PDF printer, saving a copy safely."""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.services.documents import issue_document
from nastavnik_desktop.services.programme import ProgrammeInfo, current_programme
from nastavnik_desktop.services.stages.stage1 import complete_stage1
from nastavnik_desktop.ui.dialogs.print_preview import PrintPreviewDialog
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.models.documents_model import display_title
from tests.helpers.pdf import page_count, run
from tests.helpers.stage1 import Staff, wizard_data

ORDER_TITLE = "Приказ о внедрении целевой модели наставничества и назначении куратора"


@pytest.fixture
def ready(db: Database, staff: Staff, tmp_path: Path) -> ProgrammeInfo:
    return complete_stage1(db, wizard_data(staff, tmp_path))


@pytest.fixture
def order_pdf(db: Database, ready: ProgrammeInfo, tmp_path: Path) -> Path:
    """The launch order: portrait pages and a landscape appendix (the roadmap)."""
    out = tmp_path / "order.pdf"
    issue_document(db, ready.id, "order_launch", out)
    return out


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = run("pdfinfo", "-f", "1", "-l", "999", pdf)
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and "size:" in line:
            width, _x, height = line.split("size:")[1].split()[:3]
            sizes.append((float(width), float(height)))
    return sizes


def make_dialog(qtbot: QtBot, pdf: Path, title: str = ORDER_TITLE) -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(pdf, title)
    qtbot.addWidget(dialog)
    return dialog


def pdf_printer(out: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer


def test_the_preview_shows_every_page(qtbot: QtBot, order_pdf: Path) -> None:
    dialog = make_dialog(qtbot, order_pdf)
    dialog.show()
    qtbot.waitExposed(dialog)

    assert dialog.load_error == ""
    assert dialog.page_count() == page_count(order_pdf) >= 3
    assert dialog.view.pageMode() == QPdfView.PageMode.MultiPage
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert dialog.page_label.text() == f"Страница 1 из {dialog.page_count()}"
    assert ORDER_TITLE in dialog.windowTitle()

    bar = dialog.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: dialog.page_label.text()
                    == f"Страница {dialog.page_count()} из {dialog.page_count()}")


def test_zoom_in_out_and_back_to_the_width(qtbot: QtBot, order_pdf: Path) -> None:
    dialog = make_dialog(qtbot, order_pdf)
    dialog.show()
    qtbot.waitExposed(dialog)
    fit = dialog.effective_zoom()

    dialog.zoom_in()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert dialog.view.zoomFactor() == pytest.approx(fit * 1.25)
    assert dialog.zoom_label.text() == f"{round(fit * 125)} %"
    dialog.zoom_out()
    dialog.zoom_out()
    assert dialog.view.zoomFactor() == pytest.approx(fit / 1.25)
    for _ in range(20):
        dialog.zoom_out()
    assert dialog.view.zoomFactor() == pytest.approx(0.25)
    dialog.fit_width()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert dialog.effective_zoom() == pytest.approx(fit)


def test_print_to_a_pdf_printer_gives_every_page_on_a4_portrait(
        qtbot: QtBot, order_pdf: Path, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, order_pdf)
    out = tmp_path / "printed.pdf"

    assert dialog.print_to(pdf_printer(out)) == dialog.page_count()

    assert page_count(out) == page_count(order_pdf)
    # The landscape appendix is turned onto the portrait sheet, as it is filed.
    assert {(round(w), round(h)) for w, h in page_sizes(out)} == {(595, 842)}
    assert any(w > h for w, h in page_sizes(order_pdf))


def test_print_to_honours_the_page_range(qtbot: QtBot, order_pdf: Path,
                                         tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, order_pdf)
    printer = pdf_printer(tmp_path / "pages-2-3.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert dialog.pages_to_print(printer) == [1, 2]

    assert dialog.print_to(printer) == 2
    assert page_count(tmp_path / "pages-2-3.pdf") == 2

    current = pdf_printer(tmp_path / "current.pdf")
    current.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert dialog.print_to(current) == 1


def test_the_print_button_prints_what_the_print_dialog_chose(
        qtbot: QtBot, order_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "from-dialog.pdf"

    def choose_pdf_file(print_dialog: QPrintDialog) -> int:
        printer = print_dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", choose_pdf_file)
    dialog = make_dialog(qtbot, order_pdf)
    dialog.print_action.trigger()
    assert page_count(out) == dialog.page_count()


def test_save_to_copies_the_file(qtbot: QtBot, order_pdf: Path, tmp_path: Path,
                                 shown_messages: CapturedMessages) -> None:
    dialog = make_dialog(qtbot, order_pdf)
    target = tmp_path / "флешка" / "приказ.pdf"
    target.parent.mkdir()

    assert dialog.save_to(target)

    assert target.read_bytes() == order_pdf.read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == ["приказ.pdf"]
    assert shown_messages.messages == []


def test_saving_into_a_missing_folder_says_so_and_writes_nothing(
        qtbot: QtBot, order_pdf: Path, tmp_path: Path,
        shown_messages: CapturedMessages) -> None:
    dialog = make_dialog(qtbot, order_pdf)
    target = tmp_path / "флешка вынута" / "приказ.pdf"

    assert not dialog.save_to(target)

    errors = shown_messages.texts(MessageKind.ERROR)
    assert len(errors) == 1 and "не найдена" in errors[0]
    assert not target.parent.exists()


def test_a_full_disk_keeps_the_old_file_and_leaves_no_partial_file(
        qtbot: QtBot, order_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    folder = tmp_path / "архив"
    folder.mkdir()
    target = folder / "приказ.pdf"
    target.write_bytes(b"the copy saved last week")
    dialog = make_dialog(qtbot, order_pdf)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    assert not dialog.save_to(target)

    errors = shown_messages.texts(MessageKind.ERROR)
    assert len(errors) == 1 and "не хватает места" in errors[0]
    assert target.read_bytes() == b"the copy saved last week"
    assert sorted(p.name for p in folder.iterdir()) == ["приказ.pdf"]


def test_save_pdf_proposes_the_title_as_the_file_name(
        qtbot: QtBot, order_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proposed: list[str] = []
    target = tmp_path / "копия"  # the curator typed no extension

    def choose(parent: object, caption: str, directory: str, filters: str) -> tuple[str, str]:
        proposed.append(directory)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    dialog = make_dialog(qtbot, order_pdf, f"{ORDER_TITLE} от 01.09.2025 № 12-о")
    dialog.save_action.trigger()

    assert Path(proposed[0]).name == f"{ORDER_TITLE} от 01.09.2025 № 12-о.pdf"
    assert (tmp_path / "копия.pdf").read_bytes() == order_pdf.read_bytes()


def test_save_pdf_as_proposed_names_the_file_with_the_full_date_in_the_home_folder(
        qtbot: QtBot, order_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    locations = QStandardPaths.StandardLocation

    def location(kind: QStandardPaths.StandardLocation) -> str:  # no Documents folder
        return str(home) if kind == locations.HomeLocation else ""

    monkeypatch.setattr(QStandardPaths, "writableLocation", location)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, caption, directory, filters: (directory, filters))
    title = "Приказ «О закреплении наставнических пар/групп» от 02.12.2026 № 5-о"
    make_dialog(qtbot, order_pdf, title).save_action.trigger()

    saved = list(home.iterdir())
    assert len(saved) == 1 and saved[0].is_file()  # no sub-folder made of the «/»
    assert saved[0].suffix == ".pdf" and "02.12.2026" in saved[0].name
    assert saved[0].read_bytes() == order_pdf.read_bytes()


def test_the_pairs_order_is_proposed_under_a_safe_name_with_its_full_date_in_documents(
        qtbot: QtBot, tmp_path: Path, build_demo: Callable[..., Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 10, point 4: «…/Приказ «О закреплении наставнических пар/групп» от 02.12.pdf»
    could not be written — the «/» was read as a folder and «.2026» as an extension."""
    db = open_database(build_demo(tmp_path / "demo.sqlite", seed=11, pupils=120, teachers=24),
                       backup_dir=tmp_path / "backups")
    programme = current_programme(db)
    assert programme is not None
    day = dt.date(2026, 12, 2)
    order = issue_document(db, programme.id, "order_pairs", tmp_path / "order.pdf",
                           number="5-о", issued_on=day)
    listing = issue_document(db, programme.id, "pairs", tmp_path / "pairs.pdf", issued_on=day)
    db.close()
    documents = tmp_path / "Документы"
    documents.mkdir()
    locations = QStandardPaths.StandardLocation
    monkeypatch.setattr(QStandardPaths, "writableLocation",
                        lambda kind: str(documents) if kind == locations.DocumentsLocation
                        else str(tmp_path))

    order_pdf = Path(order.file_path)
    dialog = make_dialog(qtbot, order_pdf, display_title(order))
    name = dialog.default_save_path().name
    assert "/" in order.title and "/" not in name
    assert name == "Приказ «О закреплении наставнических пар-групп» от 02.12.2026 № 5-о.pdf"
    assert dialog.default_save_path().parent == documents
    listing_name = make_dialog(qtbot, Path(listing.file_path),
                               display_title(listing)).default_file_name()
    assert "/" not in listing_name and listing_name.endswith(" от 02.12.2026.pdf")

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    print_dialog = dialog.print_dialog(printer)  # «Печать» → «в файл» proposes the same
    file_field = print_dialog.findChild(QLineEdit, "filename")
    assert file_field is not None and file_field.text() == str(documents / name)
    assert printer.docName() == name
    print_dialog.deleteLater()

    elsewhere = tmp_path / "флешка"
    elsewhere.mkdir()

    def print_to_file(chosen: QPrintDialog) -> int:
        chosen.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        chosen.printer().setOutputFileName(str(elsewhere / name))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", print_to_file)
    dialog.print_action.trigger()
    assert page_count(elsewhere / name) == page_count(order_pdf)
    assert dialog.default_save_path() == elsewhere / name, "the folder chosen is remembered"


def test_a_broken_file_is_explained_and_cannot_be_printed(
        qtbot: QtBot, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a PDF")
    dialog = make_dialog(qtbot, broken)
    assert "повреждён" in dialog.load_error
    assert dialog.error_label.text() == dialog.load_error
    assert not dialog.print_action.isEnabled()
    assert dialog.save_action.isEnabled()


def test_keyboard_shortcuts(qtbot: QtBot, order_pdf: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(PrintPreviewDialog, "print_document", lambda self: calls.append("print"))
    monkeypatch.setattr(PrintPreviewDialog, "save_pdf", lambda self: calls.append("save"))
    dialog = make_dialog(qtbot, order_pdf)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QKeySequence(QKeySequence.StandardKey.Print) in dialog.print_action.shortcuts()

    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(dialog, Qt.Key.Key_P, ctrl)
    qtbot.keyClick(dialog, Qt.Key.Key_S, ctrl)
    assert calls == ["print", "save"]

    qtbot.keyClick(dialog, Qt.Key.Key_Equal, ctrl)
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    zoomed = dialog.view.zoomFactor()
    qtbot.keyClick(dialog, Qt.Key.Key_Minus, ctrl)
    assert dialog.view.zoomFactor() < zoomed

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected.value

