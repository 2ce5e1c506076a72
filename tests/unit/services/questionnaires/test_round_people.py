"""Who a round expects, as the grid and the reminder list show them: by name, each with his
class or position and role, and whether he has answered; the reminder list's data and file."""

from __future__ import annotations

import datetime as dt

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Audience, QuestionnairePhase
from nastavnik_desktop.data.models import Person
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.questionnaires import reminders
from tests.helpers.rounds import DAY, NAMES, QUESTIONS, round_school


def test_the_people_of_a_round_by_name_with_class_role_and_answer(
        db: Database, programme: ProgrammeInfo) -> None:
    school = round_school(db, programme)
    people = q.round_people_lines(db, school.round_id)
    assert [p.name for p in people] == list(NAMES)
    assert [(p.class_name, p.place, p.role) for p in people] == [
        ("7А", "7А", "наставляемый"), ("7А", "7А", "наставляемый"),
        ("", "", "наставляемый"), ("7А", "7А", "наставляемый")]
    q.save_answers(db, school.round_id, people[2].person_id,
                   {school.questionnaire.questions[0].id or 0: q.Value(number=4)})
    assert [p.answered for p in q.round_people_lines(db, school.round_id)] == [
        False, False, True, False]


def test_a_questionnaire_for_everyone_names_both_roles_and_the_position(
        db: Database, programme: ProgrammeInfo) -> None:
    round_school(db, programme)
    template_id = q.create_questionnaire(db, "Анкета для всех", Audience.ANY,
                                         QuestionnairePhase.OTHER, questions=QUESTIONS[:1])
    round_id = q.create_round(db, programme.id, template_id, opens_on=DAY)
    with db.transaction() as session:
        mentor = session.query(Person).filter_by(last_name="Белова").one()
        mentor.position = "учитель математики"
    people = {p.name: p for p in q.round_people_lines(db, round_id)}
    assert people["Белова Анна Ивановна"].role == "наставник"
    assert people["Белова Анна Ивановна"].place == "учитель математики"
    assert people["Ершова Анна Ивановна"].role == "наставляемый"
    assert len(people) == 7  # three mentors, four mentees


def test_the_reminder_list_lists_who_has_not_answered_in_a_new_file(
        db: Database, programme: ProgrammeInfo) -> None:
    school = round_school(db, programme)
    first = q.round_people_lines(db, school.round_id)[0]
    q.save_answers(db, school.round_id, first.person_id,
                   {school.questionnaire.questions[0].id or 0: q.Value(number=4)})
    data = reminders.reminder_data(db, school.round_id)
    assert (data.round_title, data.dates, data.expected) == (
        "Обратная связь", "с 06.10.2025 по 20.10.2025", 4)
    assert [r.name for r in data.rows] == list(NAMES[1:])
    day = dt.date(2025, 10, 10)
    path = reminders.reminder_path(db, school.round_id, day)
    assert path.name == "Не ответили — Обратная связь 2025-10-10.pdf"
    reminders.write_reminder_list(db, school.round_id, path, as_of=day)
    assert path.read_bytes().startswith(b"%PDF")
    assert reminders.reminder_path(db, school.round_id, day).name == (
        "Не ответили — Обратная связь 2025-10-10 (2).pdf")
