"""Answers from an online form's export: columns found by the questions' texts, rows matched to
people (namesakes told apart by class, swapped names, «ё»/«е», extra spaces, Latin look-alikes),
the unknown offered for review, a second import adding nothing, a bad value refusing it all."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    Audience,
    PersonCategory,
    QuestionKind,
    QuestionnairePhase,
    ResponseSource,
)
from nastavnik_desktop.data.models import Person, QuestionnaireResponse
from nastavnik_desktop.errors import ImportFileError, ValidationError
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.questionnaires.answers import Value, round_answers
from nastavnik_desktop.services.questionnaires.importing import (
    commit_import,
    plan_import,
    question_key,
    read_answers,
)
from tests.helpers.plans import build_school

DAY = dt.date(2025, 10, 20)
TODAY = dt.date(2025, 11, 1)
HEADER = ["Отметка времени", "Адрес электронной почты", "Фамилия, имя, отчество", "Класс",
          "1. Насколько полезны встречи", "хотели бы продолжить?", "Формат встреч",
          "Пожелания"]


@dataclass
class Survey:
    round_id: int
    questions: dict[str, int]
    people: dict[str, int]
    online: int
    in_person: int


@pytest.fixture
def survey(db: Database, programme: ProgrammeInfo) -> Survey:
    school = build_school(db, programme)
    with db.transaction() as session:
        for last, first, klass in (("Смирнова", "Анна", "5А"), ("Смирнова", "Анна", "6Б"),
                                   ("Ершова", "Анна", "9В"), ("Ёлкина", "Алёна", "8А"),
                                   ("Петрова", "Мария", "5А"), ("Петрова", "Мария", "5А")):
            session.add(Person(last_name=last, first_name=first, category=PersonCategory.PUPIL,
                               class_name=klass))
        session.add(Person(last_name="Смирнова", first_name="Анна", class_name="7А",
                           category=PersonCategory.PUPIL, archived=True))
    template = q.create_questionnaire(db, "Опрос участников", Audience.ANY,
                                      QuestionnairePhase.OTHER, questions=[
        q.QuestionLine("Насколько полезны встречи?", QuestionKind.SCALE),
        q.QuestionLine("Хотели бы продолжить?", QuestionKind.YES_NO),
        q.QuestionLine("Формат встреч", QuestionKind.SINGLE,
                       choices=(q.ChoiceLine("Очно"), q.ChoiceLine("Онлайн"))),
        q.QuestionLine("Пожелания", QuestionKind.TEXT)])
    round_id = q.create_round(db, school.programme_id, template, opens_on=DAY)
    info = q.questionnaire(db, template)
    with db.reading() as session:
        people = {f"{p.last_name} {p.class_name}": p.id for p in session.scalars(
            select(Person).where(Person.archived.is_(False)).order_by(Person.id))}
    return Survey(round_id, {line.text: line.id or 0 for line in info.questions}, people,
                  info.questions[2].choices[1].id or 0, info.questions[2].choices[0].id or 0)


ROWS: list[list[Any]] = [
    [dt.datetime(2025, 10, 21, 9, 0), "a@b.ru", "Кузина Анна Ивановна", "", 8, "Да", "Очно",
     "Больше встреч"],
    [dt.datetime(2025, 10, 21, 9, 5), "", "  анна   ершова ", "7а", 7, "нет", "онлайн", ""],
    [dt.datetime(2025, 10, 21, 9, 10), "", "Смирнова Анна", "6 б", 6, "да", "2", ""],
    [dt.datetime(2025, 10, 21, 9, 15), "", "СМИРНОВА анна", "5А", 5, "да", "Очно", ""],
    [dt.datetime(2025, 10, 22, 9, 0), "", "Елкина Алена", "8 А", 4, "Да", "Очно", ""],
    [dt.datetime(2025, 10, 22, 9, 5), "", "Неизвестный Гость", "", 10, "да", "Очно", ""],
    [dt.datetime(2025, 10, 22, 9, 10), "", "Петрова Мария", "5А", 9, "да", "Очно", ""],
    [dt.datetime(2025, 10, 23, 10, 0), "", "Жукова Анна", "7А", 3, "да", "Очно", ""],
    [dt.datetime(2025, 10, 23, 9, 0), "", "Жукова Анна Ивановна", "7А", 9, "да", "Очно", ""],
    [dt.datetime(2025, 10, 23, 9, 30), "", "Титовa Анна", "", 2, "да", "Очно", ""],  # Latin «a»
]


def _xlsx(path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Ответы на форму (1)"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def _csv_cp1251(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    with open(path, "w", encoding="cp1251", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow([f"{c:%d.%m.%Y %H:%M:%S}" if isinstance(c, dt.datetime) else c
                             for c in row])
    return path


def _responses(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(QuestionnaireResponse)) or 0


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_forms_export_lands_on_the_right_people(db: Database, survey: Survey,
                                                   tmp_path: Path, kind: str) -> None:
    path = (_xlsx(tmp_path / "Ответы.xlsx", ROWS) if kind == "xlsx"
            else _csv_cp1251(tmp_path / "Ответы.csv", ROWS))
    source = read_answers(db, survey.round_id, path)
    mapped = {c.header: c.question_id for c in source.columns}
    assert mapped == {"Адрес электронной почты": None,
                      "1. Насколько полезны встречи": survey.questions[
                          "Насколько полезны встречи?"],
                      "хотели бы продолжить?": survey.questions["Хотели бы продолжить?"],
                      "Формат встреч": survey.questions["Формат встреч"],
                      "Пожелания": survey.questions["Пожелания"]}
    review = {r.number: r.match for r in source.to_review}
    assert set(review) == {7, 8}  # the unknown one and the namesakes of one class
    assert review[7].candidates == () and "нет в базе" in review[7].reason
    petrova = sorted(review[8].candidates)
    assert len(petrova) == 2

    plan = plan_import(source, source.auto_mapping, today=TODAY)
    with pytest.raises(ValidationError, match="строках 7, 8"):
        commit_import(db, plan)
    assert _responses(db) == 0
    plan = plan_import(source, source.auto_mapping, {7: None, 8: petrova[1]}, today=TODAY)
    assert plan.superseded == ((10, 9),)  # Жукова twice: the later timestamp wins
    assert (plan.count("added"), plan.skipped) == (8, (7,))
    assert commit_import(db, plan) == q.SaveSummary(added=8)

    scale = survey.questions["Насколько полезны встречи?"]
    answers = round_answers(db, survey.round_id)
    by_name = {name: answers.get(pid, {}).get(scale) for name, pid in survey.people.items()}
    assert by_name["Кузина 7А"] == Value(number=8)
    assert by_name["Ершова 7А"] == Value(number=7) and by_name["Ершова 9В"] is None
    assert by_name["Смирнова 6Б"] == Value(number=6)
    assert by_name["Смирнова 5А"] == Value(number=5)
    assert by_name["Ёлкина 8А"] == Value(number=4)
    assert by_name["Жукова 7А"] == Value(number=3)
    assert by_name["Титова 7А"] == Value(number=2)
    assert answers[petrova[1]][scale] == Value(number=9) and petrova[0] not in answers
    assert answers[survey.people["Ершова 7А"]][survey.questions["Формат встреч"]] == Value(
        choices=frozenset({survey.online}))
    with db.reading() as session:
        days = dict(session.execute(select(QuestionnaireResponse.person_id,
                                           QuestionnaireResponse.filled_on)).all())
    assert days[survey.people["Кузина 7А"]] == dt.date(2025, 10, 21)

    again = read_answers(db, survey.round_id, path)
    plan = plan_import(again, again.auto_mapping, {7: None, 8: petrova[1]}, today=TODAY)
    assert plan.count("unchanged") == 8
    assert commit_import(db, plan) == q.SaveSummary(unchanged=8)
    assert _responses(db) == 8


def test_a_row_for_someone_who_answered_replaces_their_answers(
        db: Database, survey: Survey, tmp_path: Path) -> None:
    first = read_answers(db, survey.round_id, _xlsx(tmp_path / "a.xlsx", ROWS[:1]))
    commit_import(db, plan_import(first, first.auto_mapping, today=TODAY))
    changed = [[*ROWS[0][:4], 2, "нет", "Онлайн", ""]]
    second = read_answers(db, survey.round_id, _xlsx(tmp_path / "b.xlsx", changed))
    plan = plan_import(second, second.auto_mapping, today=TODAY)
    assert plan.summary.startswith("Будет добавлено анкет: 0, заменено: 1")
    assert commit_import(db, plan) == q.SaveSummary(replaced=1)
    answers = round_answers(db, survey.round_id)[survey.people["Кузина 7А"]]
    assert answers[survey.questions["Насколько полезны встречи?"]] == Value(number=2)
    assert survey.questions["Пожелания"] not in answers  # the blank cell cleared it


def test_a_malformed_value_refuses_the_whole_import(db: Database, survey: Survey,
                                                    tmp_path: Path) -> None:
    rows = [ROWS[0], [*ROWS[1][:4], "12", "нет", "онлайн", ""], ROWS[2]]
    source = read_answers(db, survey.round_id, _xlsx(tmp_path / "bad.xlsx", rows))
    plan = plan_import(source, source.auto_mapping, today=TODAY)
    assert [(e.number, e.column) for e in plan.errors] == [(3, "1. Насколько полезны встречи")]
    with pytest.raises(ValidationError, match=r"Строка 3, столбец «1\. Насколько полезны"):
        commit_import(db, plan)
    assert _responses(db) == 0


def test_columns_the_headers_do_not_name_are_mapped_by_the_curator(
        db: Database, survey: Survey, tmp_path: Path) -> None:
    header = ["Timestamp", "Фамилия", "Имя", "Отчество", "Польза встреч (1-10)"]
    rows = [[dt.datetime(2025, 10, 21, 9, 0), "Кузина", "Анна", "Ивановна", "6"]]
    source = read_answers(db, survey.round_id, _xlsx(tmp_path / "f.xlsx", rows, header))
    assert [(c.header, c.question_id) for c in source.columns] == [
        ("Польза встреч (1-10)", None)]
    with pytest.raises(ValidationError, match="Ни один столбец"):
        plan_import(source, source.auto_mapping, today=TODAY)
    scale = survey.questions["Насколько полезны встречи?"]
    plan = plan_import(source, {source.columns[0].index: scale}, today=TODAY)
    commit_import(db, plan)
    assert round_answers(db, survey.round_id)[survey.people["Кузина 7А"]] == {
        scale: Value(number=6)}


def test_the_filled_template_is_read_from_its_sheet(db: Database, survey: Survey,
                                                    tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Как заполнять"
    cover.append(["Впишите ответы на листе «Ответы»"])
    sheet = book.create_sheet("Ответы")
    sheet.append(["Опрос участников"])
    sheet.append(["ФИО", "Класс", "Насколько полезны встречи?", "Хотели бы продолжить?"])
    sheet.append(["Ершова Анна Ивановна", "7А", 9, "да"])
    book.save(tmp_path / "template.xlsx")
    source = read_answers(db, survey.round_id, tmp_path / "template.xlsx")
    assert source.sheet == "Ответы"
    assert [r.match.person_id for r in source.rows] == [survey.people["Ершова 7А"]]


def test_a_wrong_file_says_what_is_wrong(db: Database, survey: Survey, tmp_path: Path) -> None:
    no_names = _xlsx(tmp_path / "no_names.xlsx", [["x", 1]], ["Вопрос", "Ответ"])
    with pytest.raises(ImportFileError, match="не найден столбец с ФИО"):
        read_answers(db, survey.round_id, no_names)
    empty = _xlsx(tmp_path / "empty.xlsx", [], HEADER)
    with pytest.raises(ImportFileError, match="нет ни одной анкеты"):
        read_answers(db, survey.round_id, empty)
    text = tmp_path / "notes.pdf"
    text.write_bytes(b"%PDF-1.4 not a table")
    with pytest.raises(ImportFileError, match="PDF"):
        read_answers(db, survey.round_id, text)
    assert _responses(db) == 0


def test_question_texts_compare_without_the_noise() -> None:
    assert question_key("  3) Насколько ПОЛЕЗНЫ   встречи?! ") == question_key(
        "Насколько полезны встречи")
    assert question_key("Ваше ощущение от общения с наставником (ёмко)") == question_key(
        "ваше ощущение от общения с наставником (емко).")


def test_save_many_in_bulk_keeps_the_rules_of_one_save(db: Database, survey: Survey) -> None:
    scale, yes_no = survey.questions["Насколько полезны встречи?"], survey.questions[
        "Хотели бы продолжить?"]
    fmt, text = survey.questions["Формат встреч"], survey.questions["Пожелания"]
    one, two, three = survey.people["Кузина 7А"], survey.people["Ершова 7А"], survey.people[
        "Жукова 7А"]
    online = Value(choices=frozenset({survey.online}))
    q.save_answers(db, survey.round_id, two, {scale: Value(number=3), text: Value(text="Да")})
    q.save_answers(db, survey.round_id, three, {scale: Value(number=4)})
    summary = q.save_many(db, survey.round_id, [
        (one, {scale: Value(number=5), fmt: online}),
        (two, {scale: Value(number=3), text: None, yes_no: Value(number=0)}),
        (three, {scale: None}),  # its only answer cleared: the response goes
        (one, {scale: Value(number=6)}),  # twice: the later row changes the first
    ], source=ResponseSource.IMPORT, filled_on=DAY, filled_by_person={two: TODAY})
    assert summary == q.SaveSummary(added=1, replaced=3)
    assert round_answers(db, survey.round_id) == {
        one: {scale: Value(number=6), fmt: online},
        two: {scale: Value(number=3), yes_no: Value(number=0)}}
    with db.reading() as session:
        rows = {p: (s, d) for p, s, d in session.execute(select(
            QuestionnaireResponse.person_id, QuestionnaireResponse.source,
            QuestionnaireResponse.filled_on))}
    assert rows == {one: (ResponseSource.IMPORT, DAY), two: (ResponseSource.IMPORT, TODAY)}
    changed = q.save_many(db, survey.round_id, [(one, {fmt: Value(choices=frozenset(
        {survey.in_person}))})], source=ResponseSource.IMPORT)
    assert changed == q.SaveSummary(replaced=1)
    assert round_answers(db, survey.round_id)[one][fmt] == Value(
        choices=frozenset({survey.in_person}))


def test_a_google_csv_in_english_locale_keeps_the_later_answer(
        db: Database, survey: Survey, tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    path.write_text(
        "Timestamp,Фамилия,Имя,ФИО вашего наставника,Насколько полезны встречи?\n"
        '2025/10/22 9:05:00 PM GMT+3,Кузина,Анна,"Белова Анна",7\n'
        '2025/10/22 10:15:00 AM GMT+3,Кузина,Анна,"Белова Анна",2\n', encoding="utf-8")
    source = read_answers(db, survey.round_id, path)
    assert [c.header for c in source.columns] == ["ФИО вашего наставника",
                                                  "Насколько полезны встречи?"]
    assert [r.sent_at for r in source.rows] == [dt.datetime(2025, 10, 22, 21, 5),
                                                dt.datetime(2025, 10, 22, 10, 15)]
    plan = plan_import(source, source.auto_mapping, today=TODAY)
    assert plan.superseded == ((3, 2),)
    assert "загружается поздний по отметке времени" in plan.summary
    commit_import(db, plan)
    person = survey.people["Кузина 7А"]
    assert round_answers(db, survey.round_id)[person] == {
        survey.questions["Насколько полезны встречи?"]: Value(number=7)}
    with db.reading() as session:
        assert session.scalar(select(QuestionnaireResponse.filled_on)) == dt.date(2025, 10, 22)


def test_a_template_row_left_blank_keeps_the_answers_typed_before(
        db: Database, survey: Survey, tmp_path: Path) -> None:
    ershova = survey.people["Ершова 7А"]
    scale = survey.questions["Насколько полезны встречи?"]
    q.save_answers(db, survey.round_id, ershova, {scale: Value(number=4)})  # from paper
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Ответы"
    sheet.append(["ФИО", "Класс", "Насколько полезны встречи?", "Хотели бы продолжить?"])
    sheet.append(["Ершова Анна Ивановна", "7А", None, None])  # the class teacher left it blank
    sheet.append(["Никому Неизвестная", "", None, None])       # nobody, and nothing to review
    sheet.append(["Кузина Анна Ивановна", "7А", 8, "да"])
    book.save(tmp_path / "template.xlsx")
    source = read_answers(db, survey.round_id, tmp_path / "template.xlsx")
    plan = plan_import(source, source.auto_mapping, today=TODAY)
    assert not plan.review
    assert commit_import(db, plan) == q.SaveSummary(added=1)
    answers = round_answers(db, survey.round_id)
    assert answers[ershova] == {scale: Value(number=4)}
    assert answers[survey.people["Кузина 7А"]][scale] == Value(number=8)
