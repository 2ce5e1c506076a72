"""The admission rule (issue 10): by default an interview OR the training admits a mentor,
without criteria scores; the stored setting makes it stricter. The admission's date and basis
are recorded; the data suggests some criteria scores."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus
from nastavnik_desktop.data.models import AuditEntry, MentorProfile
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.people.admission import (
    PROFESSIONAL_EXPERIENCE,
    TIME_RESOURCE,
    AdmissionRule,
    scores_from_data,
)
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.stages import stage4 as stage4_service
from nastavnik_desktop.services.stages.stage4 import CandidateState
from tests.helpers.candidates import add_candidates

TODAY = dt.date(2025, 10, 15)


def test_default_rule_admits_after_interview_or_training_without_scores(
        db: Database, programme: ProgrammeInfo) -> None:
    ids = add_candidates(db, programme)
    data = stage4_service.load_stage4(db, programme.id)
    assert data.rule is AdmissionRule.INTERVIEW_OR_TRAINING
    changes = [
        CandidateState(ids["Орлова"], MentorStatus.ADMITTED, interview_on=dt.date(2025, 10, 1)),
        CandidateState(ids["Козлов"], MentorStatus.ADMITTED, training_on=dt.date(2025, 10, 2),
                       training_hours=8.0, training_completed=True),
    ]
    assert stage4_service.save_stage4(db, programme.id, changes, today=TODAY) == 2
    with pytest.raises(ValidationError, match="ни собеседования, ни обучения"):
        stage4_service.save_stage4(
            db, programme.id, [CandidateState(ids["Белова"], MentorStatus.ADMITTED)],
            today=TODAY)


def test_stricter_rule_is_stored_and_applied(db: Database, programme: ProgrammeInfo) -> None:
    ids = add_candidates(db, programme)
    stage4_service.save_admission_rule(db, AdmissionRule.INTERVIEW_AND_TRAINING)
    assert stage4_service.load_stage4(db, programme.id).rule is \
        AdmissionRule.INTERVIEW_AND_TRAINING
    with pytest.raises(ValidationError, match="обучение пройдено"):
        stage4_service.save_stage4(db, programme.id, [CandidateState(
            ids["Орлова"], MentorStatus.ADMITTED, interview_on=dt.date(2025, 10, 1))],
            today=TODAY)


def test_the_admission_date_and_basis_are_kept_in_the_audit_entry(
        db: Database, programme: ProgrammeInfo) -> None:
    ids = add_candidates(db, programme)
    day = dt.date(2025, 10, 14)
    changes = [CandidateState(ids[name], MentorStatus.ADMITTED, interview_on=dt.date(2025, 10, 1),
                              admitted_on=day, admission_basis=" протокол № 3 ")
               for name in ("Орлова", "Козлов")]
    changes.append(CandidateState(ids["Белова"], MentorStatus.CANDIDATE,
                                  interview_on=dt.date(2025, 10, 1), admitted_on=day,
                                  admission_basis="забыто"))
    stage4_service.save_stage4(db, programme.id, changes, today=TODAY)
    with db.reading() as session:
        summary, details = session.execute(select(
            AuditEntry.summary, AuditEntry.details_json).where(
            AuditEntry.entity == "mentor_profile")).one()
    assert "допущены 14.10.2025 (2 чел.), основание: протокол № 3" in summary
    admissions = json.loads(details)["admissions"]
    assert admissions == {str(ids["Орлова"]): ["2025-10-14", "протокол № 3"],
                          str(ids["Козлов"]): ["2025-10-14", "протокол № 3"]}


def test_an_admission_date_in_the_future_is_refused(db: Database,
                                                     programme: ProgrammeInfo) -> None:
    ids = add_candidates(db, programme)
    with pytest.raises(ValidationError, match=r"дата допуска 16\.10\.2025 ещё не наступила"):
        stage4_service.save_stage4(db, programme.id, [CandidateState(
            ids["Орлова"], MentorStatus.ADMITTED, interview_on=dt.date(2025, 10, 1),
            admitted_on=dt.date(2025, 10, 16))], today=TODAY)


@pytest.mark.parametrize(("years", "hours", "expected"), [
    (None, None, {}),
    (0, None, {PROFESSIONAL_EXPERIENCE: 2}),
    (3, 0.0, {PROFESSIONAL_EXPERIENCE: 4, TIME_RESOURCE: 0}),
    (12, 4.0, {PROFESSIONAL_EXPERIENCE: 10, TIME_RESOURCE: 6}),
    (None, 10.0, {TIME_RESOURCE: 10}),
])
def test_scores_suggested_by_the_data(years: int | None, hours: float | None,
                                      expected: dict[str, int]) -> None:
    assert scores_from_data(experience_years=years, hours_per_month=hours) == expected


def test_the_stage_data_carries_experience_and_hours_for_the_suggestion(
        db: Database, programme: ProgrammeInfo) -> None:
    ids = add_candidates(db, programme)
    with db.transaction() as session:
        profile = session.get(MentorProfile, ids["Орлова"])
        assert profile is not None
        profile.person.experience_years = 8
        profile.time_hours_per_month = 2.0
    data = stage4_service.load_stage4(db, programme.id)
    orlova = next(c for c in data.candidates if c.profile_id == ids["Орлова"])
    by_name = {c.name: c.id for c in data.criteria}
    assert stage4_service.scores_from_data(orlova, data.criteria) == {
        by_name[PROFESSIONAL_EXPERIENCE]: 8, by_name[TIME_RESOURCE]: 4}
    kozlov = next(c for c in data.candidates if c.profile_id == ids["Козлов"])
    assert stage4_service.scores_from_data(kozlov, data.criteria) == {}
