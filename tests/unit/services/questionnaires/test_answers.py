"""The one writer of answers: one response per person in a round, saved as you go, every kind
checked, a batch all or none, and typed answers read tolerantly."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Audience, QuestionKind, QuestionnairePhase, ResponseSource
from nastavnik_desktop.data.models import Answer, AnswerChoice, QuestionnaireResponse
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.questionnaires.answers import (
    Value,
    delete_responses,
    parse_answer,
    round_answers,
    save_answers,
    save_many,
)
from tests.helpers.plans import PlanSchool, build_school

DAY = dt.date(2025, 10, 2)


@pytest.fixture
def school(db: Database, programme: ProgrammeInfo) -> PlanSchool:
    return build_school(db, programme)


@pytest.fixture
def survey(db: Database, school: PlanSchool) -> tuple[int, q.QuestionnaireInfo]:
    template_id = q.create_questionnaire(db, "Анкета", Audience.ANY, QuestionnairePhase.OTHER,
                                         questions=[
        q.QuestionLine("Польза", QuestionKind.SCALE),
        q.QuestionLine("Продолжите?", QuestionKind.YES_NO),
        q.QuestionLine("Формат", QuestionKind.SINGLE,
                       choices=(q.ChoiceLine("Очно"), q.ChoiceLine("Онлайн"))),
        q.QuestionLine("Темы", QuestionKind.MULTIPLE,
                       choices=(q.ChoiceLine("Учёба"), q.ChoiceLine("Спорт, игры"),
                                q.ChoiceLine("Профессия"))),
        q.QuestionLine("Пожелания", QuestionKind.TEXT)])
    round_id = q.create_round(db, school.programme_id, template_id, opens_on=DAY)
    return round_id, q.questionnaire(db, template_id)


def _person(db: Database, school: PlanSchool) -> int:
    return next(iter(sorted(q.round_people(db, q.rounds(db, school.programme_id)[0].id)
                            .expected)))


def _ids(info: q.QuestionnaireInfo) -> list[int]:
    return [line.id or 0 for line in info.questions]


def _counts(db: Database) -> tuple[int, int, int]:
    with db.reading() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) or 0  # type: ignore[return-value]
                     for t in (QuestionnaireResponse, Answer, AnswerChoice))


def test_saved_as_you_go_into_one_response(db: Database, school: PlanSchool,
                                           survey: tuple[int, q.QuestionnaireInfo]) -> None:
    round_id, info = survey
    scale, yes_no, single, multiple, text = _ids(info)
    person = _person(db, school)
    online = info.questions[2].choices[1].id or 0
    study, sport = (c.id or 0 for c in info.questions[3].choices[:2])
    save_answers(db, round_id, person, {scale: Value(number=7)}, filled_on=DAY)
    save_answers(db, round_id, person, {yes_no: Value(number=0), single: Value(
        choices=frozenset({online})), multiple: Value(choices=frozenset({study, sport})),
        text: Value(text="Больше встреч")})
    save_answers(db, round_id, person, {scale: Value(number=8)})  # typed over
    assert round_answers(db, round_id) == {person: {
        scale: Value(number=8), yes_no: Value(number=0),
        single: Value(choices=frozenset({online})),
        multiple: Value(choices=frozenset({study, sport})), text: Value(text="Больше встреч")}}
    assert _counts(db) == (1, 5, 3)
    assert q.round_info(db, round_id).answered == 1

    save_answers(db, round_id, person, {multiple: Value(choices=frozenset({sport}))})
    assert _counts(db) == (1, 5, 2)
    save_answers(db, round_id, person, dict.fromkeys(_ids(info)))  # everything cleared
    assert _counts(db) == (0, 0, 0)
    assert q.round_info(db, round_id).answered == 0


@pytest.mark.parametrize(("index", "value", "message"), [
    (0, Value(number=11), "от 1 до 10"),
    (0, Value(number=0), "от 1 до 10"),
    (1, Value(number=2), "«да» или «нет»"),
    (2, Value(choices=frozenset({999_999})), "один из его вариантов"),
    (4, Value(number=3), "короткий текст"),
])
def test_a_wrong_answer_is_refused_and_nothing_saved(
        db: Database, school: PlanSchool, survey: tuple[int, q.QuestionnaireInfo],
        index: int, value: Value, message: str) -> None:
    round_id, info = survey
    person = _person(db, school)
    ids = _ids(info)
    with pytest.raises(ValidationError, match=message):
        save_answers(db, round_id, person, {ids[1]: Value(number=1), ids[index]: value})
    assert _counts(db) == (0, 0, 0)


def test_two_choices_of_a_single_choice_question_are_refused(
        db: Database, school: PlanSchool, survey: tuple[int, q.QuestionnaireInfo]) -> None:
    round_id, info = survey
    both = frozenset(c.id or 0 for c in info.questions[2].choices)
    with pytest.raises(ValidationError, match="только один"):
        save_answers(db, round_id, _person(db, school), {_ids(info)[2]: Value(choices=both)})


def test_a_batch_is_all_or_none_and_a_second_run_adds_nothing(
        db: Database, school: PlanSchool, survey: tuple[int, q.QuestionnaireInfo]) -> None:
    round_id, info = survey
    scale = _ids(info)[0]
    first, second = sorted(q.round_people(db, round_id).expected)[:2]
    rows = [(first, {scale: Value(number=5)}), (second, {scale: Value(number=6)})]
    assert save_many(db, round_id, rows, source=ResponseSource.IMPORT) == \
        q.SaveSummary(added=2)
    assert save_many(db, round_id, rows, source=ResponseSource.IMPORT) == \
        q.SaveSummary(unchanged=2)
    with pytest.raises(ValidationError):
        save_many(db, round_id, [(first, {scale: Value(number=9)}),
                                 (second, {scale: Value(number=99)})],
                  source=ResponseSource.IMPORT)
    assert round_answers(db, round_id)[first][scale] == Value(number=5)  # rolled back
    assert delete_responses(db, round_id, [first]) == 1
    assert set(round_answers(db, round_id)) == {second}


def test_typed_answers_are_read_tolerantly(
        db: Database, survey: tuple[int, q.QuestionnaireInfo]) -> None:
    _round_id, info = survey
    scale, yes_no, single, multiple, text = info.questions
    online = info.questions[2].choices[1].id
    study, sport, job = (c.id for c in multiple.choices)
    assert parse_answer(scale, " 7 ") == Value(number=7)
    assert parse_answer(scale, "") == Value()
    assert parse_answer(yes_no, "Да") == Value(number=1)
    assert parse_answer(yes_no, "НЕТ.") == Value(number=0)
    assert parse_answer(single, "онлайн") == Value(choices=frozenset({online}))
    assert parse_answer(single, "2") == Value(choices=frozenset({online}))
    assert parse_answer(multiple, "Учеба;  Профессия") == Value(choices=frozenset({study, job}))
    assert parse_answer(multiple, "Спорт, игры, Учёба") == Value(
        choices=frozenset({sport, study}))
    assert parse_answer(text, "  много   слов ") == Value(text="много слов")
    with pytest.raises(ValidationError, match="от 1 до 10"):
        parse_answer(scale, "12")
    with pytest.raises(ValidationError, match="Варианты: 1 — Очно; 2 — Онлайн"):
        parse_answer(single, "Заочно")
