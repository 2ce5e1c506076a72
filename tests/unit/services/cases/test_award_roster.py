"""The participants' certificates of a cohort (`services/awards/roster.py`): everyone of the
pairs once, one class, or chosen people; those who hold a valid one are skipped and counted;
the register's rows say the class or position and the state."""

from __future__ import annotations

import datetime as dt

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import AwardNomination
from nastavnik_desktop.services.awards import register, roster

from .conftest import CaseSchool

DAY = dt.date(2026, 5, 25)


def test_the_cohort_is_every_participant_once_and_skips_holders(
        db: Database, case_school: CaseSchool) -> None:
    plan = roster.participant_certificates(db, case_school.programme_id)
    people = case_school.people
    assert {r.person_id for r in plan.requests} == set(people.values())
    assert {r.nomination for r in plan.requests} == {AwardNomination.PARTICIPANT}
    assert plan.already == 0
    assert roster.participant_classes(db, case_school.programme_id) == ["8Б"]

    pupils = roster.participant_certificates(db, case_school.programme_id, class_name="8Б")
    assert {r.person_id for r in pupils.requests} == {people["Ершов"], people["Лаптев"]}

    ids = register.issue_awards(db, case_school.programme_id, pupils.requests, issued_on=DAY)
    again = roster.participant_certificates(db, case_school.programme_id)
    assert again.already == 2
    assert {r.person_id for r in again.requests} == {people["Орлова"], people["Зотов"]}

    register.annul(db, ids[:1], reason="ошибка в фамилии", on=DAY)
    after_annul = roster.participant_certificates(
        db, case_school.programme_id, person_ids={people["Ершов"], people["Лаптев"]})
    assert after_annul.already == 1 and len(after_annul.requests) == 1

    rows = {r.award.person_id: r for r in roster.award_rows(db, case_school.programme_id)}
    assert rows[people["Ершов"]].award.person_place == "8Б класс"
    assert {r.state_text for r in rows.values()} == {
        "выдана", f"аннулирована {DAY:%d.%m.%Y}: ошибка в фамилии"}
