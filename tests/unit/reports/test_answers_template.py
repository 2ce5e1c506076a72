"""The template to send: questions as columns headed by their exact text, participants as
rows, checks where they help, and a sheet saying how to fill it in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Audience, QuestionKind, QuestionnairePhase
from nastavnik_desktop.reports.answers_template import (
    ANSWERS_SHEET,
    CLASS_HEADER,
    HOWTO_SHEET,
    NAME_HEADER,
    AnswersTemplateData,
    PaperQuestion,
    TemplatePerson,
    answers_template,
)
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.importing import read_table
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.questionnaires import paper
from nastavnik_desktop.services.questionnaires.paper import PaperChoice, PaperPeople
from tests.helpers.plans import PlanSchool, build_school

OPENS = dt.date(2025, 10, 1)


@pytest.fixture
def school(db: Database, programme: ProgrammeInfo) -> PlanSchool:
    return build_school(db, programme)


def mixed(db: Database) -> q.QuestionnaireInfo:
    made = q.create_questionnaire(db, "Анкета о встречах", Audience.MENTEE,
                                  QuestionnairePhase.OTHER, questions=[
        q.QuestionLine("Насколько полезны встречи?  ", QuestionKind.SCALE),
        q.QuestionLine("Продолжили бы вы работу?", QuestionKind.YES_NO),
        q.QuestionLine("Как часто встречаться?", QuestionKind.SINGLE,
                       choices=(q.ChoiceLine("раз в неделю, по пятницам"),
                                q.ChoiceLine("раз в месяц"))),
        q.QuestionLine("Что обсуждать?", QuestionKind.MULTIPLE,
                       choices=(q.ChoiceLine("учёбу"), q.ChoiceLine("профессию"))),
        q.QuestionLine("Что изменить?", QuestionKind.TEXT),
    ])
    return q.questionnaire(db, made)


def validations(sheet: object) -> dict[str, tuple[str, str, str | None]]:
    """Column letter → (type, formula1, formula2) of each check of the sheet."""
    found = {}
    for rule in sheet.data_validations.dataValidation:  # type: ignore[attr-defined]
        column = str(rule.sqref).split(":")[0].rstrip("0123456789")
        found[column] = (rule.type, rule.formula1, rule.formula2)
    return found


def test_headers_are_the_question_texts_and_rows_the_people(
        db: Database, school: PlanSchool, tmp_path: Path) -> None:
    info = mixed(db)
    round_choice = PaperChoice(PaperPeople.MENTEES)
    result = paper.write_answers_template(db, school.programme_id, info.id, round_choice,
                                          tmp_path / "template.xlsx")
    people = paper.paper_people(db, school.programme_id, info.id, round_choice)
    assert result.people == len(people) == 4

    book = load_workbook(result.path)
    assert book.sheetnames[:2] == [ANSWERS_SHEET, HOWTO_SHEET]
    sheet = book[ANSWERS_SHEET]
    headers = [c.value for c in sheet[1]]
    assert headers == [NAME_HEADER, CLASS_HEADER, *(x.text for x in info.questions)]
    rows = [[c.value for c in row][:2] for row in sheet.iter_rows(min_row=2)
            if row[0].value]
    assert rows == [[p.full_name, p.class_name or None] for p in people]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["B"].width

    checks = validations(sheet)
    assert checks["C"] == ("whole", "1", "10")
    assert checks["D"][0] == "list" and checks["E"][0] == "list"
    assert "F" not in checks and "G" not in checks  # multiple choice and text: free
    lists = book[book.sheetnames[-1]]
    assert lists.sheet_state == "hidden"
    listed = {c.value for row in lists.iter_rows() for c in row if c.value}
    assert {"да", "нет", "раз в неделю, по пятницам", "раз в месяц"} <= listed

    howto = " ".join(str(c.value) for row in book[HOWTO_SHEET].iter_rows() for c in row
                     if c.value)
    assert "от 1 до 10, где 1 — самый низший балл, а 10 — самый высокий" in howto
    assert "Одна строка — один человек" in howto
    assert "Не меняйте заголовки" in howto
    assert "через точку с запятой" in howto and "учёбу; профессию" in howto


def test_the_import_reader_finds_the_answers_sheet(db: Database, school: PlanSchool,
                                                   tmp_path: Path) -> None:
    entry = next(i for i in q.questionnaires(db) if i.seed_key == "mentee_entry")
    round_id = q.create_round(db, school.programme_id, entry.id, opens_on=OPENS)
    out = paper.write_answers_template(db, school.programme_id, entry.id,
                                       PaperChoice(PaperPeople.ROUND, round_id=round_id),
                                       tmp_path / "round.xlsx").path
    table = read_table(out)
    assert table.sheet == ANSWERS_SHEET
    assert list(table.rows[0])[:3] == [NAME_HEADER, CLASS_HEADER, entry.questions[0].text]


def test_an_empty_template_still_checks_what_is_typed(tmp_path: Path) -> None:
    data = AnswersTemplateData("Анкета", "Школа", (PaperQuestion(1, "Оценка?", "scale"),), ())
    sheet = load_workbook(answers_template(data, tmp_path / "empty.xlsx"))[ANSWERS_SHEET]
    assert [c.value for c in sheet[1]] == [NAME_HEADER, CLASS_HEADER, "Оценка?"]
    rule = sheet.data_validations.dataValidation[0]
    assert str(rule.sqref) == "C2:C101"


def test_a_formula_looking_question_stays_text(tmp_path: Path) -> None:
    data = AnswersTemplateData("=1+1", "Школа", (PaperQuestion(1, "=HYPERLINK(1)", "single",
                                                               ("=cmd", "+1")),),
                               (TemplatePerson("@Иванов", "7А"),))
    book = load_workbook(answers_template(data, tmp_path / "t.xlsx"))
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type in ("f", "e")]
    assert {"=HYPERLINK(1)", "=cmd", "+1", "@Иванов"} <= {c.value for c in cells}
