"""Paper blanks of a questionnaire: a blank per person on its own page, with the person's name
and class or position, every question numbered with its boxes; an empty blank with lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    Audience,
    MenteeStatus,
    PersonCategory,
    QuestionKind,
    QuestionnairePhase,
)
from nastavnik_desktop.data.models import MenteeProfile, MentoringForm, Person
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.answers_template import PaperQuestion
from nastavnik_desktop.reports.questionnaire_blank import (
    MULTIPLE_HINT,
    SINGLE_HINT,
    BlankPerson,
    BlanksData,
    BlankSection,
    blanks_document,
)
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.questionnaires import paper
from nastavnik_desktop.services.questionnaires.paper import PaperChoice, PaperPeople
from tests.helpers.pdf import drawn_text, need, page_count, page_text
from tests.helpers.plans import PlanSchool, build_school

SCALE_BOXES = "1 2 3 4 5 6 7 8 9 10"
OPENS = dt.date(2025, 10, 1)


@pytest.fixture
def school(db: Database, programme: ProgrammeInfo) -> PlanSchool:
    return build_school(db, programme)


def seeded(db: Database, key: str) -> q.QuestionnaireInfo:
    return next(i for i in q.questionnaires(db) if i.seed_key == key)


def words(text: str) -> str:
    return " ".join(text.split())


def mixed_questionnaire(db: Database) -> int:
    """One question of every kind, in two sections."""
    return q.create_questionnaire(db, "Анкета о встречах", Audience.MENTEE,
                                  QuestionnairePhase.OTHER, questions=[
        q.QuestionLine("Насколько полезны встречи?", QuestionKind.SCALE, "Оценки"),
        q.QuestionLine("Продолжили бы вы работу?", QuestionKind.YES_NO, "Оценки"),
        q.QuestionLine("Как часто встречаться?", QuestionKind.SINGLE, "О встречах",
                       choices=(q.ChoiceLine("раз в неделю"), q.ChoiceLine("раз в месяц"))),
        q.QuestionLine("Что обсуждать?", QuestionKind.MULTIPLE, "О встречах",
                       choices=(q.ChoiceLine("учёбу"), q.ChoiceLine("профессию"))),
        q.QuestionLine("Что изменить?", QuestionKind.TEXT, "О встречах"),
    ])


def test_a_blank_per_person_of_the_round_each_on_its_own_page(
        db: Database, school: PlanSchool, tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    entry = seeded(db, "mentee_entry")
    round_id = q.create_round(db, school.programme_id, entry.id, opens_on=OPENS)
    result = paper.write_blanks(db, school.programme_id, entry.id,
                                PaperChoice(PaperPeople.ROUND, round_id=round_id),
                                tmp_path / "blanks.pdf", separate_process=False)

    people = paper.paper_people(db, school.programme_id, entry.id,
                                PaperChoice(PaperPeople.ROUND, round_id=round_id))
    assert result.people == len(people) == 4
    assert page_count(result.path) == 4  # the standard entry blank fits one page
    for number, person in enumerate(people, start=1):
        text = words(page_text(result.path, number))
        assert person.full_name in text
        assert f"{person.place_label}: {person.place}".strip(": ") in text
        assert "МБОУ «СОШ № 7»" in text and entry.title in text
        assert "где 1 — самый низший балл, а 10 — самый высокий" in text
        for index, question in enumerate(entry.questions, start=1):
            assert f"{index}. {words(question.text)}" in text
        scales = sum(1 for x in entry.questions if x.kind is QuestionKind.SCALE)
        assert text.count(SCALE_BOXES) == scales
    pupils = [p for p in people if p.class_name]
    assert pupils and all(p.place_label == "Класс" and p.place == "7А" for p in pupils)
    assert [p.full_name for p in people][-1].startswith("Кузина")  # the adult after the class


def test_every_kind_has_its_boxes(db: Database, school: PlanSchool, tmp_path: Path) -> None:
    need("pdftotext")
    made = mixed_questionnaire(db)
    out = paper.write_blanks(db, school.programme_id, made, PaperChoice(PaperPeople.EMPTY),
                             tmp_path / "empty.pdf", separate_process=False).path
    text = drawn_text(out)
    assert f"1. Насколько полезны встречи? {SCALE_BOXES}" in text
    assert "2. Продолжили бы вы работу? да нет" in text
    assert f"3. Как часто встречаться? ({SINGLE_HINT}) раз в неделю раз в месяц" in text
    assert f"4. Что обсуждать? ({MULTIPLE_HINT}) учёбу профессию" in text
    assert "5. Что изменить?" in text
    assert text.index("Оценки") < text.index("1. Насколько") < text.index("О встречах") \
        < text.index("3. Как часто")


def test_an_empty_blank_has_lines_for_the_name_and_class(
        db: Database, school: PlanSchool, tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    entry = seeded(db, "mentor_entry")
    out = paper.write_blanks(db, school.programme_id, entry.id, PaperChoice(PaperPeople.EMPTY),
                             tmp_path / "empty.pdf", separate_process=False)
    assert out.people == 0 and page_count(out.path) == 1
    text = words(page_text(out.path, 1))
    assert "ФИО:" in text and "Класс (должность):" in text
    assert "Анна" not in text  # nobody's name
    assert "Дата заполнения: «____» ______________ 20____ г." in text


def test_mentors_mentees_and_one_class(db: Database, school: PlanSchool, tmp_path: Path) -> None:
    entry = seeded(db, "mentee_entry")
    mentors = paper.paper_people(db, school.programme_id, entry.id,
                                 PaperChoice(PaperPeople.MENTORS))
    assert sorted(p.full_name.split()[0] for p in mentors) == ["Белова", "Орлова", "Сидорова"]
    with db.transaction() as session:  # a pupil in the base, not yet in a pair, is not asked
        form = session.scalars(select(MentoringForm)).first()
        session.add(MenteeProfile(programme_id=school.programme_id, form=form,
                                  status=MenteeStatus.IN_BASE, person=Person(
                                      last_name="Новикова", first_name="Ольга",
                                      category=PersonCategory.PUPIL, class_name="5Б")))
    mentees = paper.paper_people(db, school.programme_id, entry.id,
                                 PaperChoice(PaperPeople.MENTEES))
    assert [p.full_name.split()[0] for p in mentees] == ["Ершова", "Жукова", "Титова", "Кузина"]
    assert paper.paper_classes(db, school.programme_id, entry.id) == ("7А",)
    seventh = paper.paper_people(db, school.programme_id, entry.id,
                                 PaperChoice(PaperPeople.CLASS, class_name="7а"))
    assert [p.full_name.split()[0] for p in seventh] == ["Ершова", "Жукова", "Титова"]
    with pytest.raises(ValidationError, match="В классе «9В» нет участников"):
        paper.write_blanks(db, school.programme_id, entry.id,
                           PaperChoice(PaperPeople.CLASS, class_name="9В"),
                           tmp_path / "none.pdf", separate_process=False)
    assert not (tmp_path / "none.pdf").exists()


def test_a_round_of_another_questionnaire_is_refused(db: Database, school: PlanSchool,
                                                     tmp_path: Path) -> None:
    entry, leaving = seeded(db, "mentee_entry"), seeded(db, "mentee_exit")
    round_id = q.create_round(db, school.programme_id, entry.id, opens_on=OPENS)
    with pytest.raises(ValidationError, match="другую анкету"):
        paper.paper_people(db, school.programme_id, leaving.id,
                           PaperChoice(PaperPeople.ROUND, round_id=round_id))


def test_a_question_never_leaves_its_boxes_and_a_long_blank_names_its_person(
        tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    questions = tuple(PaperQuestion(n, f"Вопрос номер {n} о том, как прошли встречи с "
                                    "наставником в этом месяце", "scale")
                      for n in range(1, 31))
    data = BlanksData("Школа", "Длинная анкета", (BlankSection("Оценки", questions),),
                      (BlankPerson("Иванов Иван", "Класс", "7Б"),
                       BlankPerson("Петров Пётр", "Должность", "учитель")))
    out = blanks_document(data).build(tmp_path / "long.pdf")
    pages = page_count(out)
    assert pages >= 4 and pages % 2 == 0  # each blank starts on a new page
    per_blank = pages // 2
    for number in range(1, pages + 1):
        text = words(page_text(out, number))
        for n in range(1, 31):  # a question's text and its ten boxes on the same page
            if f"Вопрос номер {n} о" in text:
                after = text.split(f"Вопрос номер {n} о", 1)[1]
                assert SCALE_BOXES in after
        if (number - 1) % per_blank:
            owner = "Иванов Иван" if number <= per_blank else "Петров Пётр"
            assert f"{owner} — продолжение анкеты" in text
    assert "Петров Пётр" in words(page_text(out, per_blank + 1))
