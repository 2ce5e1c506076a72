"""Stage 4: the status of a mentor candidate, its rules and the wizard's one save."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import MentorStatus, PairStatus
from nastavnik_desktop.data.models import (
    AuditEntry,
    MentorCriterionScore,
    MentoringPair,
    MentorProfile,
    StageProgress,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.people.admission import AdmissionRule
from nastavnik_desktop.services.programme import ProgrammeInfo, current_programme
from nastavnik_desktop.services.stages import stage4, stage_cards
from nastavnik_desktop.services.stages.stage4 import (
    CandidateState,
    Criterion,
    Stage4Data,
    check_change,
    load_stage4,
    preview_stage4,
    save_stage4,
    suggest,
)
from tests.helpers.candidates import NAMES, add_candidates

TODAY = dt.date(2025, 10, 15)
INTERVIEW = dt.date(2025, 10, 1)
TRAINING = dt.date(2025, 10, 10)
@pytest.fixture
def ids(db: Database, programme: ProgrammeInfo) -> dict[str, int]:
    return add_candidates(db, programme)


@pytest.fixture
def data(db: Database, programme: ProgrammeInfo, ids: dict[str, int]) -> Stage4Data:
    return load_stage4(db, programme.id)


def state(data: Stage4Data, profile_id: int) -> CandidateState:
    return next(c.state for c in data.candidates if c.profile_id == profile_id)


def scored(base: CandidateState, data: Stage4Data, score: int = 8) -> CandidateState:
    return dataclasses.replace(base, scores={c: score for c in data.criterion_ids})


def selected(base: CandidateState, data: Stage4Data, score: int = 8) -> CandidateState:
    return dataclasses.replace(scored(base, data, score), interview_on=INTERVIEW,
                               status=MentorStatus.SELECTED)


def trained(base: CandidateState, data: Stage4Data) -> CandidateState:
    return dataclasses.replace(selected(base, data), training_on=TRAINING, training_hours=8.0,
                               training_completed=True, status=MentorStatus.TRAINED)


def save(db: Database, programme: ProgrammeInfo, *changes: CandidateState,
         **kwargs: object) -> int:
    return save_stage4(db, programme.id, changes, today=TODAY, **kwargs)  # type: ignore[arg-type]


def stored(db: Database, profile_id: int) -> MentorProfile:
    with db.reading() as session:
        profile = session.get(MentorProfile, profile_id)
        assert profile is not None
        session.expunge(profile)
        return profile


def scores_of(db: Database, profile_id: int) -> dict[int, int]:
    with db.reading() as session:
        return dict(session.execute(select(MentorCriterionScore.criterion_id,
                                           MentorCriterionScore.score).where(
            MentorCriterionScore.mentor_profile_id == profile_id)).all())


def db_bytes(db: Database) -> bytes:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return db.path.read_bytes()


# --- loading -------------------------------------------------------------------------------


def test_load_lists_the_mentor_base_with_the_eight_criteria(data: Stage4Data) -> None:
    assert len(data.criteria) == 8
    assert data.criteria[0].name == "профессиональный опыт"
    assert data.criteria[-1].name == "мотивация"
    assert [c.full_name for c in data.candidates] == sorted(NAMES)
    first = data.candidates[0]
    assert (first.category_label, first.place, first.form_name) == (
        "педагог / сотрудник", "учитель", "ученик – ученик")
    assert first.state.status is MentorStatus.CANDIDATE and first.state.scores == {}
    assert not data.interviews_ticked


def test_the_demo_school_has_candidates_in_every_status(tmp_path: Path,
                                                        build_demo: Callable[..., Path]) -> None:
    path = build_demo(tmp_path / "demo.sqlite", seed=7, pupils=200, teachers=30)
    db = open_database(path)
    try:
        programme = current_programme(db)
        assert programme is not None
        loaded = load_stage4(db, programme.id)
        counts = stage4.status_counts(c.state for c in loaded.candidates)
        assert all(counts[s] > 0 for s in MentorStatus), counts
        rejected = [c for c in loaded.candidates if c.state.status is MentorStatus.REJECTED]
        assert all(c.state.rejection_reason for c in rejected)
        admitted = [c for c in loaded.candidates if c.state.status is MentorStatus.ADMITTED]
        assert any(c.active_pairs for c in admitted), "the demo's pairs have admitted mentors"
    finally:
        db.close()


# --- each transition, allowed and refused --------------------------------------------------


def test_a_candidate_is_selected_with_all_scores_and_an_interview(
        db: Database, programme: ProgrammeInfo, ids: dict[str, int], data: Stage4Data) -> None:
    base = state(data, ids["Орлова"])
    change = dataclasses.replace(selected(base, data, 7), interview_notes="  Мотивирована  ")
    assert save(db, programme, change) == 1
    profile = stored(db, ids["Орлова"])
    assert profile.status is MentorStatus.SELECTED
    assert (profile.interview_on, profile.interview_notes) == (INTERVIEW, "Мотивирована")
    assert scores_of(db, ids["Орлова"]) == dict.fromkeys(data.criterion_ids, 7)


@pytest.mark.parametrize(("missing", "message"), [
    ("score", "нет оценки по критерию «мотивация»"),
    ("interview", "не указана дата собеседования"),
])
def test_selection_is_refused_without_every_score_or_an_interview(
        db: Database, programme: ProgrammeInfo, ids: dict[str, int], data: Stage4Data,
        missing: str, message: str) -> None:
    change = selected(state(data, ids["Орлова"]), data)
    if missing == "score":
        change = dataclasses.replace(change, scores={c: 8 for c in data.criterion_ids[:-1]})
    else:
        change = dataclasses.replace(change, interview_on=None)
    with pytest.raises(ValidationError, match="перевести в статус «отобран» нельзя") as error:
        save(db, programme, change)
    assert message in error.value.message
    assert "Орлова Мария Андреевна" in error.value.message
    assert stored(db, ids["Орлова"]).status is MentorStatus.CANDIDATE


def test_training_then_admission(db: Database, programme: ProgrammeInfo, ids: dict[str, int],
                                 data: Stage4Data) -> None:
    base = state(data, ids["Козлов"])
    save(db, programme, selected(base, data))
    save(db, programme, trained(base, data))
    profile = stored(db, ids["Козлов"])
    assert (profile.status, profile.training_on, profile.training_hours,
            profile.training_completed) == (MentorStatus.TRAINED, TRAINING, 8.0, True)
    save(db, programme, dataclasses.replace(trained(base, data), status=MentorStatus.ADMITTED))
    assert stored(db, ids["Козлов"]).status is MentorStatus.ADMITTED


@pytest.mark.parametrize(("field", "value", "message"), [
    ("training_on", None, "не указана дата обучения"),
    ("training_hours", None, "не указано число часов обучения"),
    ("training_hours", 0.0, "не указано число часов обучения"),
    ("training_completed", False, "не отмечено, что обучение пройдено"),
])
def test_trained_needs_date_hours_and_completion(
        db: Database, programme: ProgrammeInfo, ids: dict[str, int], data: Stage4Data,
        field: str, value: object, message: str) -> None:
    base = state(data, ids["Козлов"])
    save(db, programme, selected(base, data))
    with pytest.raises(ValidationError, match=message):
        save(db, programme, dataclasses.replace(trained(base, data), **{field: value}))
    assert stored(db, ids["Козлов"]).status is MentorStatus.SELECTED


def test_admission_needs_training_under_the_strict_rule(
        db: Database, programme: ProgrammeInfo, ids: dict[str, int], data: Stage4Data) -> None:
    stage4.save_admission_rule(db, AdmissionRule.INTERVIEW_AND_TRAINING)
    base = state(data, ids["Козлов"])
    save(db, programme, selected(base, data))
    with pytest.raises(ValidationError, match="обучение пройдено"):
        save(db, programme, dataclasses.replace(selected(base, data),
                                                status=MentorStatus.ADMITTED))
    assert stored(db, ids["Козлов"]).status is MentorStatus.SELECTED


def test_several_steps_at_once_when_the_data_of_each_is_there(
        db: Database, programme: ProgrammeInfo, ids: dict[str, int], data: Stage4Data) -> None:
    change = dataclasses.replace(trained(state(data, ids["Белова"]), data),
                                 status=MentorStatus.ADMITTED)
    save(db, programme, change)
    assert stored(db, ids["Белова"]).status is MentorStatus.ADMITTED


def test_rejection_needs_a_reason_and_is_possible_from_every_status_before_admission(
        db: Database, programme: ProgrammeInfo, ids: dict[str, int], data: Stage4Data) -> None:
    base = state(data, ids["Орлова"])
    rejected = dataclasses.replace(base, status=MentorStatus.REJECTED, rejection_reason="  ")
    with pytest.raises(ValidationError, match="Орлова Мария Андреевна: укажите причину"):
        save(db, programme, rejected)
    for before in (base, selected(base, data), trained(base, data)):
        save(db, programme, before)
        save(db, programme, dataclasses.replace(before, status=MentorStatus.REJECTED,
                                                rejection_reason=" Нет ресурса времени "))
        profile = stored(db, ids["Орлова"])
        assert (profile.status, profile.rejection_reason) == (
            MentorStatus.REJECTED, "Нет ресурса времени")
        save(db, programme, dataclasses.replace(before, rejection_reason=""))
        assert stored(db, ids["Орлова"]).rejection_reason == "", "the reason goes on return"


def test_an_admitted_mentor_cannot_be_rejected_and_returns_only_to_trained(
        db: Database, programme: ProgrammeInfo, ids: dict[str, int], data: Stage4Data) -> None:
    admitted = dataclasses.replace(trained(state(data, ids["Козлов"]), data),
                                   status=MentorStatus.ADMITTED)
    save(db, programme, admitted)
    with pytest.raises(ValidationError, match="отклонить нельзя"):
        save(db, programme, dataclasses.replace(admitted, status=MentorStatus.REJECTED,
                                                rejection_reason="передумал"))
    with pytest.raises(ValidationError, match="нельзя сменить на «кандидат»"):
        save(db, programme, dataclasses.replace(admitted, status=MentorStatus.CANDIDATE))
    save(db, programme, dataclasses.replace(admitted, status=MentorStatus.TRAINED))
    assert stored(db, ids["Козлов"]).status is MentorStatus.TRAINED


def test_admission_is_not_withdrawn_from_a_mentor_with_a_pair(
        db: Database, programme: ProgrammeInfo, ids: dict[str, int], data: Stage4Data) -> None:
    admitted = dataclasses.replace(trained(state(data, ids["Козлов"]), data),
                                   status=MentorStatus.ADMITTED)
    save(db, programme, admitted)
    with db.transaction() as session:
        profile = session.get(MentorProfile, ids["Козлов"])
        assert profile is not None and profile.form_id is not None
        session.add(MentoringPair(programme_id=programme.id, mentor_profile_id=profile.id,
                                  form_id=profile.form_id, status=PairStatus.WORKING))
    assert load_stage4(db, programme.id).candidates[1].active_pairs == 1
    with pytest.raises(ValidationError, match="работает в парах"):
        save(db, programme, dataclasses.replace(admitted, status=MentorStatus.TRAINED))


def test_an_edit_may_not_take_away_what_the_status_needs(
        db: Database, programme: ProgrammeInfo, ids: dict[str, int], data: Stage4Data) -> None:
    done = trained(state(data, ids["Козлов"]), data)
    save(db, programme, done)
    with pytest.raises(ValidationError, match="сначала измените статус"):
        save(db, programme, dataclasses.replace(done, training_completed=False))
    with pytest.raises(ValidationError, match="нет оценок по критериям отбора"):
        save(db, programme, dataclasses.replace(done, scores={}))
    one_less = dict(list(done.scores.items())[1:])
    with pytest.raises(ValidationError, match="нет оценки по критерию «профессиональный опыт»"):
        save(db, programme, dataclasses.replace(done, scores=one_less))
    save(db, programme, dataclasses.replace(done, interview_notes="Дополнение"))


def test_dates_in_the_future_and_scores_out_of_range_are_refused(
        db: Database, programme: ProgrammeInfo, ids: dict[str, int], data: Stage4Data) -> None:
    base = state(data, ids["Орлова"])
    with pytest.raises(ValidationError, match="ещё не наступила"):
        save(db, programme, dataclasses.replace(base, interview_on=TODAY + dt.timedelta(1)))
    with pytest.raises(ValidationError, match="ещё не наступила"):
        save(db, programme, dataclasses.replace(base, training_on=TODAY + dt.timedelta(1)))
    with pytest.raises(ValidationError, match="от 0 до 10"):
        save(db, programme, dataclasses.replace(base, scores={data.criterion_ids[0]: 11}))
    with pytest.raises(ValidationError, match="неизвестный критерий"):
        save(db, programme, dataclasses.replace(base, scores={9999: 5}))


def test_a_profile_of_another_programme_or_a_deleted_one_is_refused(
        db: Database, programme: ProgrammeInfo, data: Stage4Data) -> None:
    with pytest.raises(ValidationError, match="уже нет в базе наставников"):
        save(db, programme, CandidateState(profile_id=9999, status=MentorStatus.CANDIDATE))


# --- one transaction -----------------------------------------------------------------------


def test_one_bad_change_saves_nothing(db: Database, programme: ProgrammeInfo,
                                      ids: dict[str, int], data: Stage4Data) -> None:
    before = db_bytes(db)
    good = selected(state(data, ids["Орлова"]), data)
    also_good = scored(state(data, ids["Белова"]), data, 5)
    bad = dataclasses.replace(state(data, ids["Козлов"]), status=MentorStatus.REJECTED)
    with pytest.raises(ValidationError, match="Козлов Игорь Петрович: укажите причину"):
        save(db, programme, good, also_good, bad, interviews_done=True)
    assert db_bytes(db) == before
    assert stored(db, ids["Орлова"]).status is MentorStatus.CANDIDATE
    assert scores_of(db, ids["Белова"]) == {}


def test_the_save_writes_one_audit_entry_and_the_interview_tick(
        db: Database, programme: ProgrammeInfo, ids: dict[str, int], data: Stage4Data) -> None:
    changes = [selected(state(data, ids["Орлова"]), data),
               dataclasses.replace(state(data, ids["Козлов"]), status=MentorStatus.REJECTED,
                                   rejection_reason="нет времени")]
    assert save(db, programme, *changes, interviews_done=True) == 2
    with db.reading() as session:
        entries = list(session.scalars(select(AuditEntry).where(
            AuditEntry.entity == "mentor_profile")))
        assert len(entries) == 1
        assert "Этап 4" in entries[0].summary and "отобран — 1" in entries[0].summary
        assert json.loads(entries[0].details_json)["profiles"] == [ids["Орлова"], ids["Козлов"]]
        row = session.scalars(select(StageProgress).where(
            StageProgress.programme_id == programme.id, StageProgress.stage == 4)).one()
        assert json.loads(row.checklist_json)["interview"] is True
    assert load_stage4(db, programme.id).interviews_ticked


def test_unchanged_states_write_nothing(db: Database, programme: ProgrammeInfo,
                                        data: Stage4Data) -> None:
    assert save(db, programme, *(c.state for c in data.candidates)) == 0
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "mentor_profile")) == 0


def test_scores_are_replaced_and_cleared(db: Database, programme: ProgrammeInfo,
                                         ids: dict[str, int], data: Stage4Data) -> None:
    base = scored(state(data, ids["Белова"]), data, 4)
    save(db, programme, base)
    first, second = data.criterion_ids[:2]
    save(db, programme, dataclasses.replace(base, scores={first: 10, second: 0}))
    assert scores_of(db, ids["Белова"]) == {first: 10, second: 0}


def test_preview_shows_the_stage_after_the_save_without_saving(
        db: Database, programme: ProgrammeInfo, ids: dict[str, int], data: Stage4Data) -> None:
    before = db_bytes(db)
    changes = [dataclasses.replace(trained(state(data, ids[name]), data),
                                   status=MentorStatus.ADMITTED)
               for name in ("Орлова", "Козлов")]
    changes.append(dataclasses.replace(scored(state(data, ids["Белова"]), data, 3),
                                       status=MentorStatus.REJECTED, rejection_reason="переезд"))
    preview = preview_stage4(db, programme.id, changes, interviews_done=True, today=TODAY)
    assert preview.counts_before[MentorStatus.CANDIDATE] == 3
    assert preview.counts_after[MentorStatus.ADMITTED] == 2
    assert preview.counts_after[MentorStatus.REJECTED] == 1
    assert all(item.done for item in preview.card.items), preview.card.items
    assert db_bytes(db) == before

    save(db, programme, *changes, interviews_done=True)
    card = stage_cards(db, programme.id, today=TODAY)[3]
    assert {item.key: item.done for item in card.items} == {
        item.key: item.done for item in preview.card.items}


# --- the suggestion ------------------------------------------------------------------------


CRITERIA = tuple(Criterion(i, f"критерий {i}") for i in range(1, 9))


@pytest.mark.parametrize(("edit", "status", "text"), [
    ({}, None, "оценить по критериям (осталось 8)"),
    ({"scores": dict.fromkeys(range(1, 9), 4)}, MentorStatus.REJECTED, "средний балл 4,0"),
    ({"scores": dict.fromkeys(range(1, 9), 7)}, None, "провести собеседование"),
    ({"scores": dict.fromkeys(range(1, 9), 7), "interview_on": INTERVIEW},
     MentorStatus.SELECTED, "отобрать: средний балл 7,0"),
    ({"status": MentorStatus.SELECTED}, None, "«Школу наставников»"),
    ({"status": MentorStatus.TRAINED}, MentorStatus.ADMITTED, "допустить"),
    ({"status": MentorStatus.ADMITTED}, None, ""),
])
def test_suggestion(edit: dict[str, object], status: MentorStatus | None, text: str) -> None:
    base = CandidateState(profile_id=1, status=MentorStatus.CANDIDATE)
    suggestion = suggest(dataclasses.replace(base, **edit), CRITERIA)  # type: ignore[arg-type]
    assert suggestion.status is status
    assert text in suggestion.text


def test_the_check_without_a_reason_lets_the_page_ask_for_it() -> None:
    base = CandidateState(profile_id=1, status=MentorStatus.CANDIDATE)
    rejected = dataclasses.replace(base, status=MentorStatus.REJECTED)
    check_change("Иванов И. И.", base, rejected, CRITERIA, require_reason=False, today=TODAY)
    with pytest.raises(ValidationError):
        check_change("Иванов И. И.", base, rejected, CRITERIA, today=TODAY)
