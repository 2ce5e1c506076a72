"""The paper dialog of a questionnaire: whose blanks and what to make, a save dialog proposing
a file in the documents folder, the file written in a worker, then shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.questionnaires import paper
from nastavnik_desktop.ui.dialogs import questionnaire_paper
from nastavnik_desktop.ui.dialogs.questionnaire_paper import (
    QuestionnairePaperDialog,
    open_paper_dialog,
)
from nastavnik_desktop.ui.messages import CapturedMessages
from tests.helpers.pdf import drawn_text, need, page_count
from tests.helpers.plans import PlanSchool, build_school

OPENS = dt.date(2025, 10, 1)
TODAY = dt.date(2025, 10, 2)
WRITE_TIMEOUT_MS = 30_000


@pytest.fixture
def school(db: Database, programme: ProgrammeInfo) -> PlanSchool:
    return build_school(db, programme)


@pytest.fixture
def saved_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """The save dialog answers with a file of tmp_path; what it proposed is kept."""
    asked: dict[str, Any] = {"answer": tmp_path / "out"}

    def get_save_file_name(_parent: QWidget, caption: str, proposed: str,
                           file_filter: str) -> tuple[str, str]:
        asked.update(caption=caption, proposed=Path(proposed), filter=file_filter)
        answer = asked["answer"]
        return (str(answer) if answer else "", file_filter)

    monkeypatch.setattr(questionnaire_paper.QFileDialog, "getSaveFileName",
                        staticmethod(get_save_file_name))
    opened: list[Path] = []
    monkeypatch.setattr(questionnaire_paper, "open_externally",
                        lambda path: opened.append(path) or True)
    asked["opened"] = opened
    return asked


def entry(db: Database) -> q.QuestionnaireInfo:
    return next(i for i in q.questionnaires(db) if i.seed_key == "mentee_entry")


WINDOWS: list[QWidget] = []
"""The dialogs' parents, kept alive for the test (qtbot holds widgets weakly)."""


@pytest.fixture(autouse=True)
def _forget_windows() -> Any:
    yield
    WINDOWS.clear()


def open_dialog(qtbot: QtBot, db: Database, school: PlanSchool, questionnaire_id: int,
                round_id: int | None = None) -> QuestionnairePaperDialog:
    parent = QWidget()
    qtbot.addWidget(parent)
    WINDOWS.append(parent)
    open_paper_dialog(parent, db, school.programme_id, questionnaire_id=questionnaire_id,
                      round_id=round_id)
    dialog = parent.findChild(QuestionnairePaperDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.today = lambda: TODAY  # the day in the proposed file name
    return dialog


def test_blanks_of_a_round_are_written_and_previewed(
        qtbot: QtBot, db: Database, school: PlanSchool, saved_to: dict[str, Any],
        shown_messages: CapturedMessages, monkeypatch: pytest.MonkeyPatch) -> None:
    need("pdftotext", "pdfinfo")
    monkeypatch.setattr(paper, "PROCESS_BLANKS", 1)  # laid out in the child, as a pile is
    info = entry(db)
    round_id = q.create_round(db, school.programme_id, info.id, opens_on=OPENS)
    dialog = open_dialog(qtbot, db, school, info.id, round_id)
    assert dialog.round_radio.isChecked() and dialog.pdf_radio.isChecked()
    assert dialog.round_combo.currentData() == round_id
    assert "4\u00a0человека" in dialog.round_combo.currentText()

    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=WRITE_TIMEOUT_MS)

    assert shown_messages.messages == []
    proposed = saved_to["proposed"]
    assert proposed.parent == db.path.parent / "documents" and proposed.suffix == ".pdf"
    assert proposed.name.startswith("Бланки — Входная анкета наставляемого")
    assert "2025-10-02" in proposed.name
    pdf = saved_to["answer"].with_suffix(".pdf")  # the extension is added when left out
    assert dialog.written is not None and dialog.written.path == pdf
    assert page_count(pdf) == 4
    text = drawn_text(pdf)
    for name in ("Ершова Анна Ивановна", "Жукова Анна Ивановна", "Титова Анна Ивановна",
                 "Кузина Анна Ивановна"):
        assert name in text
    assert dialog.preview is not None and dialog.preview.pdf_path == pdf
    dialog.preview.reject()
    qtbot.waitUntil(lambda: dialog.task is None)


def test_a_template_for_one_class_opens_in_the_spreadsheet_program(
        qtbot: QtBot, db: Database, school: PlanSchool, saved_to: dict[str, Any],
        shown_messages: CapturedMessages, tmp_path: Path) -> None:
    info = entry(db)
    dialog = open_dialog(qtbot, db, school, info.id)
    assert not dialog.round_radio.isEnabled()  # no round of this questionnaire yet
    assert dialog.mentees_radio.isChecked()
    assert dialog.class_combo.itemData(0) == "7А"
    dialog.class_radio.setChecked(True)
    dialog.xlsx_radio.setChecked(True)
    saved_to["answer"] = tmp_path / "шаблон.xlsx"

    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=WRITE_TIMEOUT_MS)

    assert shown_messages.messages == []
    assert saved_to["proposed"].suffix == ".xlsx" and "7А" in saved_to["proposed"].name
    assert saved_to["opened"] == [tmp_path / "шаблон.xlsx"]
    sheet = load_workbook(tmp_path / "шаблон.xlsx")["Ответы"]
    assert [c.value for c in sheet[1]] == ["ФИО", "Класс", *(x.text for x in info.questions)]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]] == [
        "Ершова Анна Ивановна", "Жукова Анна Ивановна", "Титова Анна Ивановна"]
    qtbot.waitUntil(lambda: WINDOWS[-1].findChild(QuestionnairePaperDialog) is None)


def test_a_cancelled_save_writes_nothing_and_keeps_the_dialog(
        qtbot: QtBot, db: Database, school: PlanSchool, saved_to: dict[str, Any],
        tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, db, school, entry(db).id)
    dialog.empty_radio.setChecked(True)
    saved_to["answer"] = None
    dialog.ok_button.click()
    assert dialog.task is None and dialog.written is None and dialog.isVisible()
    assert not list(tmp_path.glob("*.pdf"))
    dialog.reject()


def test_a_mentors_questionnaire_offers_the_mentors_first(
        qtbot: QtBot, db: Database, school: PlanSchool) -> None:
    mentors = next(i for i in q.questionnaires(db) if i.seed_key == "mentor_exit")
    dialog = open_dialog(qtbot, db, school, mentors.id)
    assert dialog.mentors_radio.isChecked()
    assert dialog.mentors_radio.text() == "Наставникам программы (3\u00a0человека)"
    assert dialog.class_combo.count() == 0 and not dialog.class_radio.isEnabled()
    dialog.reject()


def test_blanks_only_for_those_who_have_not_answered(
        qtbot: QtBot, db: Database, school: PlanSchool, saved_to: dict[str, Any],
        tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    info = entry(db)
    round_id = q.create_round(db, school.programme_id, info.id, opens_on=OPENS)
    people = paper.paper_people(db, school.programme_id, info.id,
                                paper.PaperChoice(paper.PaperPeople.ROUND, round_id=round_id))
    first = info.questions[0]
    q.save_answers(db, round_id, people[0].id, {first.id or 0: q.Value(number=7)},
                   filled_on=OPENS)
    dialog = open_dialog(qtbot, db, school, info.id, round_id)
    assert dialog.missing_check.text() == "только тем, кто ещё не ответил (3\u00a0человека)"
    dialog.mentees_radio.setChecked(True)
    dialog.missing_check.setChecked(True)
    assert dialog.round_radio.isChecked()
    saved_to["answer"] = tmp_path / "missing.pdf"

    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=WRITE_TIMEOUT_MS)

    assert page_count(tmp_path / "missing.pdf") == 3
    text = drawn_text(tmp_path / "missing.pdf")
    assert people[0].full_name not in text
    assert all(p.full_name in text for p in people[1:])
    assert dialog.preview is not None
    dialog.preview.reject()
