"""Stage 5 corrections before the pairs are fixed: rejected pairs are forbidden in the next
run, accepted ones stay; the mentors a mentee could have, ranked; the group meeting recorded with
the pairs — on real SQLite databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus, PersonCategory
from nastavnik_desktop.data.models import (
    MatchingExclusion,
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    ProgrammeEvent,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import reference_lists
from nastavnik_desktop.services.matching.apply import (
    GROUP_MEETING_KIND,
    GroupMeeting,
    apply_matching,
)
from nastavnik_desktop.services.matching.criteria import Criterion
from nastavnik_desktop.services.matching.run import (
    form_counts,
    load_instance,
    propose,
    ranked_mentors,
    result_for,
    run_matching,
    save_settings,
    suggest_mentors,
)
from nastavnik_desktop.services.matching.scoring import (
    MatchSettings,
    forbid_pairs,
    short_explanation,
)
from nastavnik_desktop.services.programme import ProgrammeInfo
from tests.helpers.roster import CAREER, CONFLICT, TODAY, Roster

MUSIC = "музыка шахматы"


def test_suggestions_are_ranked_by_score_with_reasons(roster: Roster, db: Database,
                                                      programme: ProgrammeInfo) -> None:
    mentee = roster.mentee(about=MUSIC)
    best = roster.mentor(interests=MUSIC, ages=(10, 14))
    middle = roster.mentor(ages=(10, 14))
    weak = roster.mentor(helps=(CONFLICT,), ages=(15, 17))
    suggestions = suggest_mentors(db, programme.id, mentee, today=TODAY)
    assert [s.mentor_profile_id for s in suggestions] == [best, middle, weak]
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    assert suggestions[0].summary.startswith("✓ запросы, интересы, возраст")
    assert "✗" in suggestions[-1].summary
    assert suggestions[0].free_places == 1
    assert [s.mentor_profile_id for s in suggest_mentors(db, programme.id, mentee, limit=2,
                                                         today=TODAY)] == [best, middle]


def test_suggestions_leave_out_full_foreign_unadmitted_and_forbidden_mentors(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    mentee = roster.mentee()
    other = roster.mentee()
    good = roster.mentor()
    full = roster.mentor()
    roster.pair(full, [other])
    roster.mentor(form="employer_pupil", category=PersonCategory.STAFF)
    roster.mentor(status=MentorStatus.CANDIDATE)
    younger = roster.mentor(class_name="5А")  # fails «правила формы», a must-have
    excluded = roster.mentor()
    with db.transaction() as session:
        mentor_person = session.get(MentorProfile, excluded).person_id  # type: ignore[union-attr]
        mentee_person = session.get(MenteeProfile, mentee).person_id  # type: ignore[union-attr]
        session.add(MatchingExclusion(programme_id=programme.id, mentor_person_id=mentor_person,
                                      mentee_person_id=mentee_person, reason="родственники"))
    assert [s.mentor_profile_id for s in suggest_mentors(db, programme.id, mentee,
                                                         today=TODAY)] == [good]
    save_settings(db, MatchSettings(must_have=frozenset()))
    assert {s.mentor_profile_id for s in suggest_mentors(db, programme.id, mentee,
                                                         today=TODAY)} == {good, younger}


def test_no_suggestions_for_a_paired_mentee_or_one_without_a_form(roster: Roster, db: Database,
                                                                  programme: ProgrammeInfo) -> None:
    paired = roster.mentee()
    mentor = roster.mentor(capacity=2)
    roster.mentor()
    roster.pair(mentor, [paired])
    assert suggest_mentors(db, programme.id, paired, today=TODAY) == []
    formless = roster.mentee()
    with db.transaction() as session:
        session.get(MenteeProfile, formless).form_id = None  # type: ignore[union-attr]
    assert suggest_mentors(db, programme.id, formless, today=TODAY) == []


def test_a_rejected_pair_is_not_proposed_again_and_accepted_ones_stay(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    first = roster.mentee(about=MUSIC)
    second = roster.mentee()
    star = roster.mentor(interests=MUSIC)
    plain = roster.mentor()
    spare = roster.mentor(helps=(CONFLICT,))
    result = run_matching(db, programme.id, today=TODAY)
    pairs = {p.mentee_profile_id: p.mentor_profile_id for p in result.proposals}
    assert pairs[first] == star
    kept = {second: pairs[second]}
    again = run_matching(db, programme.id, fixed=kept, forbidden={(first, star)},
                         by_hand=(), today=TODAY)
    pairs_again = {p.mentee_profile_id: p.mentor_profile_id for p in again.proposals}
    assert pairs_again[second] == kept[second]
    assert pairs_again[first] not in (star, kept[second])
    assert pairs_again[first] in (plain, spare)
    assert not any(p.fixed_by_hand for p in again.proposals), "accepted, not chosen by hand"
    by_hand = run_matching(db, programme.id, fixed=kept, forbidden={(first, star)},
                           today=TODAY)
    assert [p.mentee_profile_id for p in by_hand.proposals if p.fixed_by_hand] == [second]


def test_rejecting_the_only_mentor_leaves_the_mentee_unmatched_with_a_reason(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    mentee = roster.mentee()
    mentor = roster.mentor()
    result = run_matching(db, programme.id, forbidden=[(mentee, mentor)], today=TODAY)
    assert result.proposals == ()
    assert [(u.mentee_profile_id, u.reason) for u in result.unmatched] == [
        (mentee, "только запрещённые пары")]


def test_forbidding_unknown_pairs_changes_nothing(roster: Roster, db: Database,
                                                  programme: ProgrammeInfo) -> None:
    roster.mentee()
    roster.mentor()
    instance = load_instance(db, programme.id, today=TODAY)
    assert forbid_pairs(instance, [(999, 998)]) is instance
    assert forbid_pairs(instance, []) is instance


def test_replacing_a_mentor_by_hand_and_keeping_part_of_the_proposals(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    first = roster.mentee(about=MUSIC)
    second = roster.mentee()
    star = roster.mentor(interests=MUSIC)
    plain = roster.mentor()
    spare = roster.mentor(helps=(CONFLICT,), capacity=2)
    instance = load_instance(db, programme.id, today=TODAY)
    result = propose(instance, programme.id)
    pairs = {p.mentee_profile_id: p.mentor_profile_id for p in result.proposals}
    assert pairs == {first: star, second: plain}
    options = ranked_mentors(instance, first, taken={plain: 1}, exclude={star})
    assert [(o.mentor_profile_id, o.free_places) for o in options] == [(spare, 2)]
    chosen = options[0].mentor_profile_id
    replaced = result_for(instance, programme.id, "score", {**pairs, first: chosen},
                          by_hand={first})
    by_mentee = {p.mentee_profile_id: p for p in replaced.proposals}
    assert by_mentee[first].mentor_profile_id == chosen and by_mentee[first].fixed_by_hand
    assert not by_mentee[second].fixed_by_hand
    assert replaced.quality.total == pytest.approx(sum(p.score for p in replaced.proposals))
    only_second = result_for(instance, programme.id, "score", {second: pairs[second]})
    assert [p.mentee_profile_id for p in only_second.proposals] == [second]
    assert [u.mentee_profile_id for u in only_second.unmatched] == [first]
    assert short_explanation(by_mentee[second].explanation).startswith("✓")


def test_result_for_refuses_a_forbidden_pair(roster: Roster, db: Database,
                                             programme: ProgrammeInfo) -> None:
    mentee = roster.mentee(class_name="9А")
    younger = roster.mentor(class_name="7Б")
    instance = load_instance(db, programme.id, today=TODAY)
    with pytest.raises(ValidationError, match="запрещена"):
        result_for(instance, programme.id, "score", {mentee: younger})


def test_ranked_mentors_count_places_promised_in_the_wizard(roster: Roster, db: Database,
                                                            programme: ProgrammeInfo) -> None:
    mentee = roster.mentee()
    pair_mentor = roster.mentor(capacity=2)
    instance = load_instance(db, programme.id, today=TODAY)
    assert [o.free_places for o in ranked_mentors(instance, mentee)] == [2]
    assert [o.free_places for o in ranked_mentors(instance, mentee,
                                                  taken={pair_mentor: 1})] == [1]
    assert ranked_mentors(instance, mentee, taken={pair_mentor: 2}) == []
    assert ranked_mentors(instance, 12345) == []


def test_the_group_meeting_is_recorded_with_the_pairs(roster: Roster, db: Database,
                                                      programme: ProgrammeInfo) -> None:
    roster.mentee()
    roster.mentor()
    result = run_matching(db, programme.id, today=TODAY)
    meeting = GroupMeeting(held_on=dt.date(2025, 10, 3), attended_count=2,
                           notes="  Познакомились, договорились о встречах. ")
    applied = apply_matching(db, programme.id, result, formed_on=TODAY, meeting=meeting)
    assert applied.pairs == 1 and applied.meeting_id is not None
    with db.reading() as session:
        event = session.get(ProgrammeEvent, applied.meeting_id)
        assert event is not None
        assert (event.stage, event.kind, event.held_on, event.attended_count, event.notes) == (
            5, GROUP_MEETING_KIND, dt.date(2025, 10, 3), 2,
            "Познакомились, договорились о встречах.")


def test_a_meeting_alone_and_a_failed_apply_that_records_no_meeting(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    mentee = roster.mentee()
    mentor = roster.mentor()
    empty = result_for(load_instance(db, programme.id, today=TODAY), programme.id, "score", {})
    applied = apply_matching(db, programme.id, empty,
                             meeting=GroupMeeting(held_on=TODAY, attended_count=0))
    assert applied.pairs == 0 and applied.meeting_id is not None
    result = run_matching(db, programme.id, today=TODAY)
    roster.pair(mentor, [mentee])  # paired meanwhile: the result is stale
    with pytest.raises(ValidationError):
        apply_matching(db, programme.id, result,
                       meeting=GroupMeeting(held_on=TODAY, attended_count=2))
    with db.reading() as session:
        assert len(session.scalars(select(ProgrammeEvent)).all()) == 1
        assert len(session.scalars(select(MentoringPair)).all()) == 1


def test_form_counts_show_free_mentees_and_places(roster: Roster, db: Database,
                                                  programme: ProgrammeInfo) -> None:
    roster.mentee()
    roster.mentee()
    roster.mentor(capacity=3)
    roster.mentee(form="employer_pupil")
    counts = {c.name: (c.mentees, c.places) for c in form_counts(db, programme.id)}
    assert counts["ученик – ученик"] == (2, 3)
    assert counts["работодатель – ученик"] == (1, 0)


def test_settings_of_the_suggestions_can_be_given(roster: Roster, db: Database,
                                                  programme: ProgrammeInfo) -> None:
    mentee = roster.mentee(about=MUSIC, requests=(CAREER,))
    roster.mentor(interests=MUSIC, helps=(CONFLICT,))
    roster.mentor()
    interests_only = MatchSettings(weights={c: 0 for c in Criterion} | {Criterion.INTERESTS: 10},
                                   must_have=frozenset())
    suggestions = suggest_mentors(db, programme.id, mentee, settings=interests_only,
                                  today=TODAY)
    assert suggestions[0].score == 100.0


def test_new_pairs_get_the_role_model_chosen_for_their_form(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    roster.mentee()
    roster.mentor()
    pupils = next(c for c in form_counts(db, programme.id) if c.name == "ученик – ученик")
    models = {name: model_id for model_id, name in pupils.role_models}
    leader = models["лидер – пассивный"]
    reference_lists.set_hidden(db, reference_lists.role_models_of(pupils.form_id),
                               models["равный – равному"], True)
    again = next(c for c in form_counts(db, programme.id) if c.form_id == pupils.form_id)
    assert "равный – равному" not in [name for _id, name in again.role_models]
    teachers = next(c for c in reference_lists.read_list(db, reference_lists.FORMS).items
                    if c.name == "учитель – учитель")
    result = run_matching(db, programme.id, today=TODAY)
    with pytest.raises(ValidationError, match="не для своей формы"):
        apply_matching(db, programme.id, result, role_models={teachers.id: leader})
    applied = apply_matching(db, programme.id, result, formed_on=TODAY,
                             role_models={pupils.form_id: leader})
    with db.reading() as session:
        pair = session.get_one(MentoringPair, applied.pair_ids[0])
        assert pair.role_model_id == leader
