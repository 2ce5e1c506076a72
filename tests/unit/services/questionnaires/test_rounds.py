"""Rounds of questionnaires: created for a programme with dates, listed with answered /
expected — expected being the programme's participants the questionnaire's audience names."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    Audience,
    PairStatus,
    QuestionKind,
    QuestionnairePhase,
)
from nastavnik_desktop.data.models import (
    AuditEntry,
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    PairMentee,
    QuestionnaireResponse,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.questionnaires import answers
from tests.helpers.plans import PlanSchool, build_school

OPENS = dt.date(2025, 10, 1)
CLOSES = dt.date(2025, 10, 20)


@pytest.fixture
def school(db: Database, programme: ProgrammeInfo) -> PlanSchool:
    return build_school(db, programme)


def seeded(db: Database, key: str) -> q.QuestionnaireInfo:
    return next(i for i in q.questionnaires(db) if i.seed_key == key)


def people(db: Database, pair_id: int) -> tuple[int, list[int]]:
    """The pair's mentor's person id and its mentees' person ids."""
    with db.reading() as session:
        pair = session.get_one(MentoringPair, pair_id)
        mentor = session.get_one(MentorProfile, pair.mentor_profile_id).person_id
        mentees = list(session.scalars(
            select(MenteeProfile.person_id)
            .join(PairMentee, PairMentee.mentee_profile_id == MenteeProfile.id)
            .where(PairMentee.pair_id == pair_id).order_by(PairMentee.id)))
    return mentor, mentees


def respond(db: Database, round_id: int, person_id: int) -> None:
    """One answer of the person in the round, through the one writer of answers."""
    found = q.round_info(db, round_id)
    first = q.questionnaire(db, found.template_id).questions[0]
    value = (answers.Value(text="Да") if first.kind is QuestionKind.TEXT
             else answers.Value(number=1))
    answers.save_answers(db, round_id, person_id, {first.id or 0: value}, filled_on=OPENS)


def test_a_round_counts_the_audiences_people_once(db: Database, school: PlanSchool) -> None:
    entry = seeded(db, "mentee_entry")
    round_id = q.create_round(db, school.programme_id, entry.id, opens_on=OPENS,
                              closes_on=CLOSES)
    found = q.round_info(db, round_id)
    assert (found.title, found.phase, found.dates) == (
        "Входная анкета наставляемого (01.10.2025)", QuestionnairePhase.ENTRY,
        "с 01.10.2025 по 20.10.2025")
    assert (found.answered, found.expected) == (0, 4)  # four mentees in three pairs

    group_mentor, (first, second) = people(db, school.employer_pair)
    respond(db, round_id, first)
    respond(db, round_id, first)  # a second blank of the same person counts once
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(QuestionnaireResponse).where(
            QuestionnaireResponse.round_id == round_id)) == 1
    respond(db, round_id, group_mentor)  # a mentor is not expected by a mentees' round
    assert q.round_info(db, round_id).progress == "1 из 4"

    with db.transaction() as session:  # one pair dissolved, one mentee left her group
        session.get_one(MentoringPair, school.teacher_pair).status = PairStatus.TERMINATED
        member = session.scalars(select(PairMentee).join(MenteeProfile).where(
            MenteeProfile.person_id == second)).one()
        member.left_on = OPENS
    assert q.round_info(db, round_id).progress == "1 из 2"
    _teacher_mentor, (teacher_mentee,) = people(db, school.teacher_pair)
    _pupil_mentor, (pupil_mentee,) = people(db, school.pupil_pair)
    assert q.round_people(db, round_id).expected == {first, pupil_mentee}
    assert q.round_people(db, round_id).missing == {pupil_mentee}
    assert teacher_mentee not in q.round_people(db, round_id).expected

    mentors = q.create_round(db, school.programme_id, seeded(db, "mentor_exit").id,
                             opens_on=CLOSES, title="Итоги наставников")
    both = q.create_questionnaire(db, "Для всех", Audience.ANY, QuestionnairePhase.OTHER,
                                  questions=[q.QuestionLine("Как дела?", QuestionKind.TEXT)])
    everyone = q.create_round(db, school.programme_id, both, opens_on=CLOSES)
    respond(db, mentors, group_mentor)  # his answer to the mentees' round did not count here
    listed = {r.id: r for r in q.rounds(db, school.programme_id)}
    assert (listed[mentors].expected, listed[mentors].answered) == (2, 1)
    assert listed[mentors].phase is QuestionnairePhase.EXIT
    assert listed[everyone].expected == 4  # two mentors and two mentees still at work
    assert [r.id for r in q.rounds(db, school.programme_id)][-1] == round_id  # latest first


def test_a_questionnaire_of_one_form_expects_that_forms_people(
        db: Database, school: PlanSchool) -> None:
    with db.reading() as session:
        form_id = session.get_one(MentoringPair, school.employer_pair).form_id
    template_id = q.copy_questionnaire(db, seeded(db, "mentee_exit").id)
    q.set_questionnaire_scope(db, template_id, audience=Audience.ANY,
                              phase=QuestionnairePhase.EXIT, form_id=form_id)
    round_id = q.create_round(db, school.programme_id, template_id, opens_on=OPENS)
    assert q.round_info(db, round_id).expected == 3  # the group's mentor and two mentees


def test_round_writes_are_audited_and_refusals_russian(
        db: Database, school: PlanSchool, programme: ProgrammeInfo) -> None:
    entry = seeded(db, "mentor_entry")
    with pytest.raises(ValidationError, match="раньше, чем"):
        q.create_round(db, school.programme_id, entry.id, opens_on=CLOSES, closes_on=OPENS)
    with pytest.raises(ValidationError, match="Не указана дата начала"):
        q.create_round(db, school.programme_id, entry.id, opens_on=None)
    empty = q.create_questionnaire(db, "Пустая", Audience.MENTOR, QuestionnairePhase.ENTRY)
    with pytest.raises(ValidationError, match="нет вопросов"):
        q.create_round(db, school.programme_id, empty, opens_on=OPENS)
    with pytest.raises(ValidationError, match="Программа наставничества не найдена"):
        q.create_round(db, 999, entry.id, opens_on=OPENS)

    round_id = q.create_round(db, school.programme_id, entry.id, opens_on=OPENS,
                              phase=QuestionnairePhase.OTHER)
    assert q.round_info(db, round_id).phase_label == "промежуточная"
    q.edit_round(db, round_id, title="Осенний опрос", opens_on=OPENS, closes_on=CLOSES)
    assert (q.round_info(db, round_id).title, q.round_info(db, round_id).closes_on) == (
        "Осенний опрос", CLOSES)
    with pytest.raises(ValidationError, match="Название опроса не заполнено"):
        q.edit_round(db, round_id, title=" ", opens_on=OPENS, closes_on=None)
    used = q.copy_questionnaire(db, entry.id)
    q.create_round(db, school.programme_id, used, opens_on=OPENS)
    with pytest.raises(ValidationError, match="назначена в опросах"):
        q.delete_questionnaire(db, used)

    mentor, _mentees = people(db, school.teacher_pair)
    respond(db, round_id, mentor)
    with pytest.raises(ValidationError, match="уже есть заполненные анкеты"):
        q.delete_round(db, round_id)
    spare = q.create_round(db, school.programme_id, entry.id, opens_on=OPENS)
    q.delete_round(db, spare)
    assert spare not in {r.id for r in q.rounds(db, school.programme_id)}
    assert round_id in {r.id for r in q.rounds(db, school.programme_id)}
    with db.reading() as session:
        actions = list(session.scalars(select(AuditEntry.action).where(
            AuditEntry.entity == "questionnaire_round").order_by(AuditEntry.id)))
    assert actions == ["questionnaire_round_create", "questionnaire_round_edit",
                       "questionnaire_round_create", "questionnaire_round_create",
                       "questionnaire_round_delete"]
