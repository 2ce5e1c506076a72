"""The admission rule (issue 10): by default an interview OR the training admits a mentor,
without criteria scores; the stored setting makes it stricter."""

from __future__ import annotations

import datetime as dt

import pytest

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.people.admission import AdmissionRule
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
