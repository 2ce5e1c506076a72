"""The answers import wizard driven through its pages: a forms export goes into the round on
«Загрузить» — a column mapped by hand, namesakes decided by the curator, an unknown respondent
skipped — and a wrong file keeps the wizard on its first page with the reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Audience, PersonCategory, QuestionKind, QuestionnairePhase
from nastavnik_desktop.data.models import Person
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.questionnaires.answers import Value, round_answers
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.wizards.answers_import import AnswersImportWizard, answers_import_wizard
from tests.helpers.plans import build_school
from tests.helpers.wizard import click, press, press_next

TODAY = dt.date(2025, 11, 1)


@pytest.fixture
def round_ids(db: Database, programme: ProgrammeInfo) -> tuple[int, int, int]:
    """(round, the scale question, the yes/no question)."""
    school = build_school(db, programme)
    with db.transaction() as session:
        for _ in range(2):
            session.add(Person(last_name="Петрова", first_name="Мария", class_name="5А",
                               category=PersonCategory.PUPIL))
    template = q.create_questionnaire(db, "Итоговая анкета", Audience.ANY,
                                      QuestionnairePhase.EXIT, questions=[
        q.QuestionLine("Насколько полезны встречи?", QuestionKind.SCALE),
        q.QuestionLine("Хотели бы продолжить?", QuestionKind.YES_NO)])
    round_id = q.create_round(db, school.programme_id, template, opens_on=dt.date(2025, 10, 1))
    scale, yes_no = (line.id or 0 for line in q.questionnaire(db, template).questions)
    return round_id, scale, yes_no


def _export(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Отметка времени", "Ваше ФИО", "Класс", "Польза встреч (1-10)",
                  "Хотели бы продолжить?"])
    sheet.append([dt.datetime(2025, 10, 21, 9, 0), "Анна Кузина", "7А", 8, "да"])
    sheet.append([dt.datetime(2025, 10, 21, 9, 5), "Никто Неизвестный", "", 5, "нет"])
    sheet.append([dt.datetime(2025, 10, 21, 9, 10), "Петрова Мария", "5А", 9, "да"])
    book.save(path)
    return path


def _open(qtbot: QtBot, db: Database, programme: ProgrammeInfo,
          round_id: int) -> AnswersImportWizard:
    wizard = answers_import_wizard(None, db, programme.id, round_id=round_id, today=TODAY)
    assert wizard is not None
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _read(qtbot: QtBot, wizard: AnswersImportWizard, path: Path) -> None:
    wizard.file_page.path_edit.setText(str(path))
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.state.task is None, timeout=20_000)


def test_an_export_is_loaded_through_the_wizard(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, tmp_path: Path,
        round_ids: tuple[int, int, int], shown_messages: messages.CapturedMessages) -> None:
    round_id, scale, yes_no = round_ids
    wizard = _open(qtbot, db, programme, round_id)
    _read(qtbot, wizard, _export(tmp_path / "Ответы.xlsx"))
    assert wizard.currentId() == wizard.PAGE_COLUMNS
    columns = wizard.columns_page
    assert columns.combos[4].currentData() == yes_no  # found by its text
    assert columns.combos[3].currentData() is None  # «Польза встреч (1-10)»: not found
    columns.choose("Польза встреч (1-10)", scale)
    press_next(qtbot, wizard)

    people = wizard.people_page
    assert not people.isComplete()
    model = people.rows_model
    assert [model.source_row(r).number for r in range(model.rowCount())] == [3, 4]
    people.rows_view.selectRow(model.row_of(4))  # namesakes in one class: the curator picks
    assert people.search.text() == "Петрова"
    assert people.people_model.rowCount() == 2
    chosen = people.people_model.person(1).id
    people.people_view.selectRow(1)
    click(qtbot, people.assign_button)
    people.rows_view.selectRow(model.row_of(3))  # nobody: skipped
    click(qtbot, people.skip_button)
    assert people.isComplete()
    press_next(qtbot, wizard)

    assert "Будет добавлено анкет: 2" in wizard.summary_page.text.text()
    assert "Пропущено строк: 1" in wizard.summary_page.text.text()
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: wizard.saved is not None, timeout=20_000)
    assert wizard.saved == q.SaveSummary(added=2)
    assert not wizard.isVisible()
    assert "новых анкет 2" in shown_messages.messages[-1].text
    with db.reading() as session:
        kuzina = session.scalars(select(Person.id).where(Person.last_name == "Кузина")).one()
    assert round_answers(db, round_id) == {
        kuzina: {scale: Value(number=8), yes_no: Value(number=1)},
        chosen: {scale: Value(number=9), yes_no: Value(number=1)}}


def test_a_wrong_file_keeps_the_first_page_and_says_why(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, tmp_path: Path,
        round_ids: tuple[int, int, int]) -> None:
    round_id, _scale, _yes_no = round_ids
    wizard = _open(qtbot, db, programme, round_id)
    wrong = tmp_path / "list.csv"
    wrong.write_text("Вопрос;Ответ\nкак дела;хорошо\n", encoding="utf-8")
    _read(qtbot, wizard, wrong)
    assert wizard.currentId() == wizard.PAGE_FILE
    assert "не найден столбец с ФИО" in wizard.file_page.hint.text()
    assert round_answers(db, round_id) == {}


def test_a_malformed_value_keeps_load_disabled_with_the_row(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, tmp_path: Path,
        round_ids: tuple[int, int, int]) -> None:
    round_id, _scale, _yes_no = round_ids
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ФИО", "Класс", "Хотели бы продолжить?"])
    sheet.append(["Кузина Анна", "7А", "может быть"])
    book.save(tmp_path / "bad.xlsx")
    wizard = _open(qtbot, db, programme, round_id)
    _read(qtbot, wizard, tmp_path / "bad.xlsx")
    press_next(qtbot, wizard)  # the columns
    press_next(qtbot, wizard)  # the people: all found
    summary = wizard.summary_page
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "Строка 2, столбец «Хотели бы продолжить?»" in summary.errors.text()
    assert "ничего не будет загружено" in summary.hint.text()
    assert "Без изменений: 0" in summary.text.text()
    assert round_answers(db, round_id) == {}
