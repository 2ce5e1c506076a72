"""«Документы»: each document formed from the page lands in the folder, the register and the
preview; the register searches and opens stored files; failures are explained."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import IssuedDocument
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.stages.stage1 import complete_stage1
from nastavnik_desktop.ui.dialogs.issue_document import DocumentChoice, IssueDialog
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.models.documents_model import (
    COL_DATE,
    COL_FILE,
    COL_NUMBER,
    COL_STATE,
    COL_TITLE,
    FILE_IN_PLACE,
    MISSING_FILE,
)
from nastavnik_desktop.ui.pages.documents import CHOICES, DocumentsPage
from tests.helpers.pdf import flat_text, need, page_count
from tests.helpers.stage1 import Staff, wizard_data

DAY = dt.date(2025, 9, 1)
BUILD_TIMEOUT_MS = 20_000

# What each document says of itself on paper.
PRINTED_TITLES = {
    "order_launch": "О внедрении целевой модели наставничества и назначении куратора",
    "passport": "Паспорт программы наставничества на 2025/2026 учебный год",
    "roadmap_events": "Дорожная карта внедрения целевой модели наставничества",
    "roadmap_stages": "Этап 7. Завершение программы",
    "bases": "База наставляемых (0 чел.)",
    "monitoring": "Отчёт о мониторинге программы наставничества",
}
# Formed only once pairs exist (stage 5); see the test of the refusal below.
NEEDS_PAIRS = ("pairs", "order_pairs", "control")
NEEDS_AWARDS = ("order_awards",)
"""Formed once awards are recorded (stage 7): see the tests of the awards order."""
WORKBOOKS = ("monitoring_table",)
"""Tables (.xlsx), not PDFs: no preview; see their own test."""


@pytest.fixture
def ready(db: Database, staff: Staff, tmp_path: Path) -> ProgrammeInfo:
    return complete_stage1(db, wizard_data(staff, tmp_path))


@pytest.fixture
def page(qtbot: QtBot, db: Database, ready: ProgrammeInfo) -> DocumentsPage:
    widget = DocumentsPage(db, ready.id)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    return widget


def answer_issue_dialog(monkeypatch: pytest.MonkeyPatch, *, number: str | None = None,
                        day: dt.date = DAY) -> list[IssueDialog]:
    """Replace the modal «Сформировать» dialog: fill it in, press «Сформировать»."""
    seen: list[IssueDialog] = []

    def exec_filled(dialog: IssueDialog) -> int:
        seen.append(dialog)
        if number is not None:
            dialog.number_edit.setText(number)
        dialog.date_edit.setDate(QDate(day.year, day.month, day.day))
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(IssueDialog, "exec", exec_filled)
    return seen


def choice(key: str) -> DocumentChoice:
    return next(c for c in CHOICES if c.key == key)


def cell(page: DocumentsPage, row: int, column: int) -> str:
    return str(page.proxy.index(row, column).data())


@pytest.mark.parametrize("key", [c.key for c in CHOICES
                                 if c.key not in NEEDS_PAIRS + NEEDS_AWARDS + WORKBOOKS])
def test_each_document_is_formed_previewed_and_registered(
        qtbot: QtBot, page: DocumentsPage, db: Database, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages, key: str) -> None:
    need("pdftotext", "pdfinfo")
    dialogs = answer_issue_dialog(monkeypatch)
    rows_before = page.proxy.rowCount()

    with qtbot.waitSignal(page.document_issued, timeout=BUILD_TIMEOUT_MS) as issued:
        qtbot.mouseClick(page.choice_buttons[key], Qt.MouseButton.LeftButton)

    assert shown_messages.messages == []
    assert dialogs[0].choice == choice(key)
    info = issued.args[0]
    pdf = Path(info.file_path)
    assert pdf.parent == db.path.parent / "documents" and pdf.suffix == ".pdf"
    text = flat_text(pdf)
    assert PRINTED_TITLES[key] in text
    assert "01.09.2025" in text
    assert info.issued_on == DAY
    assert page.proxy.rowCount() == rows_before + 1
    assert cell(page, 0, COL_TITLE) == info.title
    assert cell(page, 0, COL_DATE) == "01.09.2025"
    assert cell(page, 0, COL_FILE) == pdf.name
    assert cell(page, 0, COL_STATE) == FILE_IN_PLACE
    assert page.selected_document() == info
    assert page.preview is not None
    assert page.preview.pdf_path == pdf
    assert page.preview.page_count() == page_count(pdf)
    page.preview.reject()


def test_a_long_document_is_laid_out_in_a_process_and_cancel_leaves_no_file(
        qtbot: QtBot, page: DocumentsPage, db: Database, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    from nastavnik_desktop.reports import process
    from nastavnik_desktop.services import documents

    monkeypatch.setattr(documents, "PROCESS_ROWS", 1)  # the roadmap counts as long
    children: list[str] = []
    real_run = process.run_in_process
    cancel_pressed = threading.Event()

    def recorded(function: object, *args: object, **kwargs: object) -> object:
        children.append(getattr(function, "__name__", ""))
        assert cancel_pressed.wait(BUILD_TIMEOUT_MS / 1000) or len(children) > 1
        return real_run(function, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(process, "run_in_process", recorded)
    folder = db.path.parent / "documents"
    files_before = sorted(folder.iterdir())
    rows_before = page.proxy.rowCount()
    task = page.issue("roadmap", issued_on=DAY)
    assert task is not None and task.progress_dialog is not None
    qtbot.waitUntil(lambda: bool(children))
    cancelled: list[bool] = []
    task.cancelled.connect(lambda: cancelled.append(True))
    cancel_button = task.progress_dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Отмена"
    cancel_button.click()  # while the child is starting
    cancel_pressed.set()
    qtbot.waitUntil(lambda: page.background_task is None, timeout=BUILD_TIMEOUT_MS)
    assert cancelled == [True] and children == ["layout_pdf"]
    assert sorted(folder.iterdir()) == files_before
    assert page.proxy.rowCount() == rows_before
    assert shown_messages.messages == []

    assert not multiprocessing.active_children()
    with qtbot.waitSignal(page.document_issued, timeout=BUILD_TIMEOUT_MS) as issued:
        page.issue("roadmap", issued_on=DAY)
    assert children == ["layout_pdf", "layout_pdf"]
    assert PRINTED_TITLES["roadmap_events"] in flat_text(Path(issued.args[0].file_path))
    assert page.preview is not None
    page.preview.reject()


def test_the_monitoring_table_is_saved_registered_and_said_where(
        qtbot: QtBot, page: DocumentsPage, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    dialogs = answer_issue_dialog(monkeypatch)
    with qtbot.waitSignal(page.document_issued, timeout=BUILD_TIMEOUT_MS) as issued:
        qtbot.mouseClick(page.choice_buttons["monitoring_table"], Qt.MouseButton.LeftButton)
    assert dialogs[0].choice.date_label == "Отчётная дата:"
    info = issued.args[0]
    table = Path(info.file_path)
    assert table.suffix == ".xlsx" and table.is_file()
    assert info.title == "Таблица статистики мониторинга программы наставничества на 01.09.2025"
    assert cell(page, 0, COL_TITLE) == info.title and page.selected_document() == info
    assert page.preview is None
    assert [m.kind for m in shown_messages.messages] == [MessageKind.INFO]
    assert str(table) in shown_messages.messages[0].text


@pytest.mark.parametrize("key", NEEDS_PAIRS)
def test_pair_documents_before_stage_5_say_why_and_register_nothing(
        qtbot: QtBot, page: DocumentsPage, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages, key: str) -> None:
    answer_issue_dialog(monkeypatch, number="15-о")
    rows_before = page.proxy.rowCount()
    page.request_document(choice(key))
    qtbot.waitUntil(lambda: bool(shown_messages.messages), timeout=BUILD_TIMEOUT_MS)
    assert "Пар и групп пока нет" in shown_messages.messages[-1].text
    assert page.proxy.rowCount() == rows_before


def test_the_order_number_defaults_to_the_one_recorded_at_stage_1(
        qtbot: QtBot, page: DocumentsPage, monkeypatch: pytest.MonkeyPatch) -> None:
    need("pdftotext")
    dialogs = answer_issue_dialog(monkeypatch)
    with qtbot.waitSignal(page.document_issued, timeout=BUILD_TIMEOUT_MS) as issued:
        page.request_document(choice("order_launch"))
    assert dialogs[0].number_edit.text() == "12-о"
    assert issued.args[0].number == "12-о"
    assert "№ 12-о" in flat_text(Path(issued.args[0].file_path))
    assert cell(page, 0, COL_NUMBER) == "12-о"

    answer_issue_dialog(monkeypatch, number=" 14-о ")
    with qtbot.waitSignal(page.document_issued, timeout=BUILD_TIMEOUT_MS) as second:
        page.request_document(choice("order_launch"))
    assert second.args[0].number == "14-о"
    assert Path(second.args[0].file_path) != Path(issued.args[0].file_path)
    assert Path(issued.args[0].file_path).is_file()


def test_the_order_is_not_formed_without_a_number(qtbot: QtBot, page: DocumentsPage,
                                                  db: Database) -> None:
    dialog = IssueDialog(choice("order_launch"), number="", day=DAY, parent=page)
    qtbot.addWidget(dialog)
    dialog.ok_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted.value
    assert "номер приказа" in dialog.error_label.text()
    assert not dialog.error_label.isHidden()

    other = IssueDialog(choice("passport"), number="", day=DAY, parent=page)
    qtbot.addWidget(other)
    assert other.number_edit.isHidden()
    other.ok_button.click()
    assert other.result() == QDialog.DialogCode.Accepted.value
    assert other.number() is None and other.day() == DAY


def test_cancelling_the_dialog_forms_nothing(page: DocumentsPage, db: Database,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(IssueDialog, "exec", lambda self: QDialog.DialogCode.Rejected.value)
    rows = page.proxy.rowCount()
    page.request_document(choice("passport"))
    assert page.background_task is None
    assert page.proxy.rowCount() == rows


def issue(qtbot: QtBot, page: DocumentsPage, kind: str, **kwargs: object) -> Path:
    with qtbot.waitSignal(page.document_issued, timeout=BUILD_TIMEOUT_MS) as issued:
        page.issue(kind, issued_on=DAY, **kwargs)  # type: ignore[arg-type]
    assert page.preview is not None
    page.preview.reject()
    return Path(issued.args[0].file_path)


def test_the_search_filters_the_register(qtbot: QtBot, page: DocumentsPage) -> None:
    issue(qtbot, page, "passport")
    issue(qtbot, page, "roadmap", layout="stages")
    total = page.proxy.rowCount()

    page.search_edit.setText("паспорт")
    assert [d.kind for d in page.documents()] == ["passport"]
    page.search_edit.setText("по этапам")
    assert [d.kind for d in page.documents()] == ["roadmap"]
    page.search_edit.setText("12-о")
    assert [d.number for d in page.documents()] == ["12-о"]
    page.search_edit.setText("нет такого документа")
    assert page.documents() == []
    page.search_edit.clear()
    assert page.proxy.rowCount() == total


def test_double_click_opens_the_stored_file(qtbot: QtBot, page: DocumentsPage) -> None:
    pdf = issue(qtbot, page, "passport")
    assert page.preview is None or not page.preview.isVisible()
    page.show()
    qtbot.waitExposed(page)

    rect = page.table.visualRect(page.proxy.index(0, COL_TITLE))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert page.preview is not None and page.preview.isVisible()
    assert page.preview.pdf_path == pdf
    page.preview.reject()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.preview is not None and page.preview.pdf_path == pdf
    page.preview.reject()


def test_a_missing_file_is_explained(qtbot: QtBot, page: DocumentsPage,
                                     shown_messages: CapturedMessages) -> None:
    pdf = issue(qtbot, page, "passport")
    pdf.unlink()
    page.refresh()
    assert (cell(page, 0, COL_FILE), cell(page, 0, COL_STATE)) == (pdf.name, MISSING_FILE)
    page.select_document(page.documents()[0].id)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)

    errors = shown_messages.texts(MessageKind.ERROR)
    assert len(errors) == 1
    assert "не найден" in errors[0] and str(pdf) in errors[0]
    assert page.preview is None


def test_a_register_entry_without_a_file_says_so(page: DocumentsPage,
                                                 shown_messages: CapturedMessages) -> None:
    bare = next(d for d in page.documents() if not d.file_path)
    page.open_document(bare)
    assert "не приложен файл" in shown_messages.texts(MessageKind.INFO)[0]
    assert page.preview is None


def test_a_failed_build_explains_why_and_records_nothing(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    page = DocumentsPage(db, programme.id)
    qtbot.addWidget(page)
    assert not page.empty_label.isHidden()

    task = page.issue("order_launch", number="1-о")
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=BUILD_TIMEOUT_MS):
        pass

    errors = shown_messages.texts(MessageKind.ERROR)
    assert len(errors) == 1 and "Куратор программы не назначен" in errors[0]
    assert page.preview is None and page.background_task is None
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 0
    assert list((db.path.parent / "documents").glob("*")) == []


def test_a_documents_folder_that_cannot_be_made_is_explained(
        page: DocumentsPage, db: Database, shown_messages: CapturedMessages) -> None:
    folder = db.path.parent / "documents"
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    folder.write_bytes(b"not a folder")

    assert page.issue("passport") is None
    assert len(shown_messages.texts(MessageKind.ERROR)) == 1
    assert page.background_task is None


# --- numbering, reprint and the register's filters (issue 14) ------------------------------


def test_the_dialog_offers_the_next_free_number_and_refuses_a_taken_one(
        qtbot: QtBot, page: DocumentsPage, db: Database, ready: ProgrammeInfo, staff: Staff,
        monkeypatch: pytest.MonkeyPatch, shown_messages: CapturedMessages) -> None:
    need("pdftotext")
    from nastavnik_desktop.data.enums import AwardNomination, MentorStatus
    from nastavnik_desktop.services.awards.register import AwardRequest, issue_awards
    from nastavnik_desktop.services.people import mentors

    with db.transaction() as session:  # the best mentor is a mentor of the programme
        mentors.add_mentor(session, programme_id=ready.id, person_id=staff.deputy,
                           entered_on=DAY, status=MentorStatus.ADMITTED)
    issue_awards(db, ready.id, [AwardRequest(staff.deputy, AwardNomination.BEST_MENTOR)],
                 issued_on=DAY)
    seen: list[tuple[str, str]] = []

    def exec_typed(dialog: IssueDialog) -> int:
        dialog.date_edit.setDate(QDate(DAY.year, DAY.month, DAY.day))
        offered = dialog.number_edit.text()
        dialog.number_edit.setText("13-о")  # the Положение of stage 1 has it
        dialog.ok_button.click()
        seen.append((offered, dialog.error_label.text()))
        assert not dialog.error_label.isHidden() and dialog.result() == 0
        dialog.number_edit.setText(offered)
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(IssueDialog, "exec", exec_typed)
    rows = page.proxy.rowCount()
    with qtbot.waitSignal(page.document_issued, timeout=BUILD_TIMEOUT_MS) as issued:
        page.request_document(choice("order_awards"))
    offered, refusal = seen[0]
    assert offered == "14-о"  # 12-о and 13-о were given in 2025 at stage 1
    assert "уже присвоен документу «Положение о программе наставничества»" in refusal
    assert issued.args[0].number == "14-о" and page.proxy.rowCount() == rows + 1
    assert "№ 14-о" in flat_text(Path(issued.args[0].file_path))
    assert shown_messages.messages == []
    assert page.preview is not None
    page.preview.reject()


def test_the_next_year_is_offered_number_one_when_the_date_moves(
        qtbot: QtBot, page: DocumentsPage, db: Database, ready: ProgrammeInfo) -> None:
    from nastavnik_desktop.services import documents as documents_service

    dialog = IssueDialog(choice("order_awards"), number="14-о", day=DAY, parent=page,
                         propose=lambda day: documents_service.proposed_number(
                             db, ready.id, "order_awards", day))
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(QDate(2026, 5, 25))
    assert dialog.number_edit.text() == "1-о"
    dialog.number_edit.setText("7-о")  # the curator's own number stays
    dialog.date_edit.setDate(QDate(2026, 5, 26))
    assert dialog.number_edit.text() == "7-о"


def test_reprint_keeps_the_entry_and_a_moved_file_comes_back(
        qtbot: QtBot, page: DocumentsPage, db: Database) -> None:
    need("pdftotext")
    passport = issue(qtbot, page, "passport")
    roadmap = issue(qtbot, page, "roadmap", layout="stages")
    rows = page.proxy.rowCount()
    passport.rename(passport.with_name("унесли.pdf"))
    page.refresh()
    by_title = {cell(page, r, COL_TITLE): r for r in range(rows)}
    passport_row = next(r for t, r in by_title.items() if t.startswith("Паспорт"))
    assert cell(page, passport_row, COL_STATE) == MISSING_FILE

    page.table.selectAll()
    page.table.clearSelection()
    for document in page.documents():
        if document.kind in ("passport", "roadmap"):
            page._add_to_selection(document.id)
    assert page.reprint_button.isEnabled()
    ids = sorted(d.id for d in page.selected_documents())
    with qtbot.waitSignal(page.reprint_button.clicked):
        page.reprint_button.click()
    assert page.background_task is not None
    qtbot.waitUntil(lambda: page.background_task is None, timeout=BUILD_TIMEOUT_MS)
    assert page.proxy.rowCount() == rows  # no new entries
    assert sorted(d.id for d in page.selected_documents()) == ids
    states = {d.kind: d for d in page.documents()}
    assert states["passport"].file_exists and Path(states["passport"].file_path).is_file()
    assert states["roadmap"].file_path == str(roadmap)
    assert "Этап 7. Завершение программы" in flat_text(roadmap)  # still by stages
    assert {cell(page, r, COL_STATE) for r in range(rows)} >= {FILE_IN_PLACE}
    assert page.preview is not None
    page.preview.reject()


def test_a_stage1_scan_cannot_be_reprinted_and_the_kind_filter_narrows_the_register(
        qtbot: QtBot, page: DocumentsPage) -> None:
    issue(qtbot, page, "passport")
    regulation = next(d for d in page.documents() if d.kind == "regulation")
    page.select_document(regulation.id)
    assert not page.reprint_button.isEnabled() and page.open_button.isEnabled()

    labels = [page.kind_combo.itemText(i) for i in range(page.kind_combo.count())]
    assert labels[0] == "Все документы" and "Паспорт программы" in labels
    page.kind_combo.setCurrentIndex(labels.index("Паспорт программы"))
    assert [d.kind for d in page.documents()] == ["passport"]
    issue(qtbot, page, "roadmap")  # the filter stays through a refresh
    assert page.kind_combo.currentText() == "Паспорт программы"
    page.kind_combo.setCurrentIndex(0)
    assert {"passport", "roadmap", "regulation"} <= {d.kind for d in page.documents()}


def test_the_register_page_as_a_picture(qtbot: QtBot, page: DocumentsPage) -> None:
    """A picture for a human to look at (never compared)."""
    issue(qtbot, page, "passport")
    page.show()
    qtbot.waitExposed(page)
    page.grab().save("/tmp/documents_page.png")


def test_ctrl_r_prints_the_selected_document_again(qtbot: QtBot, page: DocumentsPage) -> None:
    issue(qtbot, page, "passport")
    rows = page.proxy.rowCount()
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    passport = next(d for d in page.documents() if d.kind == "passport")
    page.select_document(passport.id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.background_task is not None
    qtbot.waitUntil(lambda: page.background_task is None, timeout=BUILD_TIMEOUT_MS)
    assert page.proxy.rowCount() == rows and page.selected_document() == passport
    assert page.preview is not None and page.preview.pdf_path == Path(passport.file_path)
    page.preview.reject()
