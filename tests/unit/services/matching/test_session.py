"""The matching session of stage 5 without Qt: propose, reject, keep, forbid, choose a mentor by
hand, run again honouring all of that, and create what is kept — on real SQLite databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MenteeStatus, PairStatus
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringPair,
    PairMentee,
    Programme,
    ProgrammeEvent,
)
from nastavnik_desktop.errors import OperationCancelled, ValidationError
from nastavnik_desktop.services.matching.apply import GroupMeeting
from nastavnik_desktop.services.matching.scoring import MatchSettings
from nastavnik_desktop.services.matching.session import MatchingSession
from nastavnik_desktop.services.roadmap import ROADMAP_TEMPLATE, generate_roadmap, list_roadmap
from tests.helpers.roster import CONFLICT, TODAY, Roster, form_id

MUSIC = "музыка шахматы"


class Fixture:
    """Two mentees and three mentors of «ученик – ученик»: the first run pairs `first` with
    `star` (shared interests) and `second` with `plain`; `spare` has two places."""

    def __init__(self, roster: Roster) -> None:
        self.first = roster.mentee(about=MUSIC)
        self.second = roster.mentee()
        self.star = roster.mentor(interests=MUSIC)
        self.plain = roster.mentor()
        self.spare = roster.mentor(helps=(CONFLICT,), capacity=2)
        with roster.db.reading() as session:
            self.form_id = form_id(session, "pupil_pupil")
        self.session = MatchingSession(roster.db, roster.programme.id, today=TODAY)

    def run(self, *, fresh: bool = False) -> dict[int, int]:
        report = self.session.run(MatchSettings(), "score", [self.form_id], fresh=fresh)
        return pairs_of(report.result.proposals)


def pairs_of(proposals) -> dict[int, int]:  # type: ignore[no-untyped-def]
    return {p.mentee_profile_id: p.mentor_profile_id for p in proposals}


@pytest.fixture
def school(roster: Roster) -> Fixture:
    return Fixture(roster)


def test_a_run_proposes_and_keeps_everything_by_default(school: Fixture) -> None:
    assert school.session.result is None and school.session.kept() == ()
    assert school.run(fresh=True) == {school.first: school.star, school.second: school.plain}
    session = school.session
    assert session.instance is not None
    assert pairs_of(session.kept()) == pairs_of(session.result.proposals)  # type: ignore[union-attr]
    assert session.rejected == frozenset() and session.by_hand == frozenset()
    final = session.final_result()
    assert final is not None and pairs_of(final.proposals) == pairs_of(session.kept())


def test_a_rejected_pair_is_dropped_and_forbidden_in_the_next_run(school: Fixture) -> None:
    school.run(fresh=True)
    session = school.session
    assert session.reject([school.first]) == {school.first}
    assert pairs_of(session.kept()) == {school.second: school.plain}
    final = session.final_result()
    assert final is not None and [u.mentee_profile_id for u in final.unmatched] == [school.first]

    planned = session.plan(MatchSettings(), "score", [school.form_id], fresh=False)
    assert (school.first, school.star) in planned.request.forbidden
    assert planned.request.fixed == {school.second: school.plain}
    report = session.adopt(planned, session.compute(planned))
    again = pairs_of(report.result.proposals)
    assert again[school.second] == school.plain, "the kept pair stays fixed"
    assert again[school.first] == school.spare, "placed with someone else"
    assert (report.replaced, report.placed_again) == (1, 1)
    assert session.rejected == frozenset()
    assert (school.first, school.star) in session.forbidden


def test_keeping_takes_a_rejection_back(school: Fixture) -> None:
    school.run(fresh=True)
    school.session.reject([school.first, school.second])
    assert school.session.keep([school.first]) == {school.second}
    again = school.run()
    assert again[school.first] == school.star
    assert again[school.second] != school.plain


def test_rejecting_what_was_not_proposed_changes_nothing(school: Fixture) -> None:
    school.run(fresh=True)
    assert school.session.reject([12345]) == frozenset()
    assert len(school.session.kept()) == 2


def test_a_forbidden_mentor_is_never_proposed_nor_offered(school: Fixture) -> None:
    school.run(fresh=True)
    session = school.session
    session.forbid(school.first, school.spare)  # not proposed: the proposal stays kept
    assert session.rejected == frozenset()
    assert school.spare not in {o.mentor_profile_id
                                for o in session.replacement_options(school.first)}
    before = session.result
    with pytest.raises(ValidationError, match="запрещена"):
        session.choose_mentor(school.first, school.spare)
    assert session.result is before and session.by_hand == frozenset()

    session.forbid(school.second, school.plain)  # proposed: the proposal is rejected
    assert session.rejected == {school.second}
    again = school.run()
    assert again == {school.first: school.star, school.second: school.spare}
    assert {(school.first, school.spare), (school.second, school.plain)} <= session.forbidden
    assert school.run(fresh=True)[school.second] != school.plain, "forbidden in a fresh run too"


def test_a_mentor_chosen_by_hand_stays_fixed_and_marked(school: Fixture) -> None:
    school.run(fresh=True)
    session = school.session
    options = session.replacement_options(school.first)
    assert [o.mentor_profile_id for o in options] == [school.spare]
    session.reject([school.first])
    result = session.choose_mentor(school.first, school.spare)
    proposal = session.proposal_of(school.first)
    assert proposal is not None and proposal.mentor_profile_id == school.spare
    assert proposal.fixed_by_hand and result is session.result
    assert session.by_hand == {school.first}
    assert session.rejected == frozenset(), "a mentor chosen by hand is accepted"
    assert pairs_of(session.kept()) == {school.first: school.spare, school.second: school.plain}

    again = school.run()
    assert again == {school.first: school.spare, school.second: school.plain}
    marked = {p.mentee_profile_id for p in session.result.proposals  # type: ignore[union-attr]
              if p.fixed_by_hand}
    assert marked == {school.first}, "accepted pairs are fixed, not chosen by hand"
    final = session.final_result()
    assert final is not None
    assert {p.mentee_profile_id for p in final.proposals if p.fixed_by_hand} == {school.first}


def test_a_fresh_run_keeps_only_what_is_forbidden(school: Fixture) -> None:
    school.run(fresh=True)
    session = school.session
    session.choose_mentor(school.second, school.spare)
    session.reject([school.first])
    again = school.run(fresh=True)
    assert again[school.first] != school.star, "the rejected pair stays forbidden"
    assert again[school.second] != school.spare, "the pair chosen by hand is not kept"
    assert session.by_hand == frozenset()
    assert not any(p.fixed_by_hand for p in session.result.proposals)  # type: ignore[union-attr]


def test_a_pair_added_by_hand_for_a_mentee_left_without_one(
        roster: Roster, db: Database) -> None:
    mentees = [roster.mentee(), roster.mentee(), roster.mentee()]
    mentors = [roster.mentor(), roster.mentor()]
    with db.reading() as reading:
        form = form_id(reading, "pupil_pupil")
    session = MatchingSession(db, roster.programme.id, today=TODAY)
    result = session.run(MatchSettings(), "score", [form], fresh=True).result
    assert len(result.proposals) == 2 and len(result.unmatched) == 1
    left_out = result.unmatched[0].mentee_profile_id
    given_up = result.proposals[0]
    session.reject([given_up.mentee_profile_id])
    session.choose_mentor(left_out, given_up.mentor_profile_id)
    assert set(pairs_of(session.kept())) == set(mentees) - {given_up.mentee_profile_id}

    again = session.run(MatchSettings(), "score", [form], fresh=False).result
    assert pairs_of(again.proposals)[left_out] == given_up.mentor_profile_id
    assert [u.mentee_profile_id for u in again.unmatched] == [given_up.mentee_profile_id]

    applied = session.apply()
    assert applied.mentees == 2 and set(mentors) == {p.mentor_profile_id for p in again.proposals}
    with db.reading() as reading:
        by_hand = reading.scalar(
            select(MentoringPair.fixed_by_hand)
            .join(PairMentee, PairMentee.pair_id == MentoringPair.id)
            .where(PairMentee.mentee_profile_id == left_out))
        assert by_hand is True
        assert reading.get(MenteeProfile, given_up.mentee_profile_id).status \
            is MenteeStatus.IN_BASE  # type: ignore[union-attr]


def test_apply_creates_exactly_what_is_kept_with_the_meeting(school: Fixture,
                                                             db: Database) -> None:
    school.run(fresh=True)
    school.session.reject([school.second])
    meeting = GroupMeeting(held_on=dt.date(2025, 9, 30), attended_count=3)
    applied = school.session.apply(meeting=meeting)
    assert (applied.pairs, applied.groups, applied.mentees) == (1, 0, 1)
    with db.reading() as session:
        pairs = session.scalars(select(MentoringPair)).all()
        assert [(p.mentor_profile_id, [m.mentee_profile_id for m in p.members], p.status,
                 p.formed_on) for p in pairs] == [
            (school.star, [school.first], PairStatus.FORMED, TODAY)]
        assert session.get(MenteeProfile, school.second).status \
            is MenteeStatus.IN_BASE  # type: ignore[union-attr]
        event = session.get(ProgrammeEvent, applied.meeting_id)
        assert event is not None and event.attended_count == 3


def test_a_cancelled_run_changes_nothing(school: Fixture) -> None:
    school.run(fresh=True)
    session = school.session
    session.reject([school.first])
    before = (session.result, session.rejected, session.forbidden)
    planned = session.plan(MatchSettings(), "score", [school.form_id], fresh=False)
    with pytest.raises(OperationCancelled):
        session.compute(planned, lambda done, total: done == 0)
    assert (session.result, session.rejected, session.forbidden) == before


def test_nothing_to_apply_or_choose_before_a_run(school: Fixture) -> None:
    with pytest.raises(ValidationError, match="сначала выполните подбор"):
        school.session.apply()
    with pytest.raises(ValidationError, match="сначала выполните подбор"):
        school.session.choose_mentor(school.first, school.star)
    assert school.session.replacement_options(school.first) == ()
    assert school.session.final_result() is None


def test_apply_marks_the_roadmap_events_of_stage_5_it_fulfils(school: Fixture,
                                                              db: Database) -> None:
    with db.transaction() as session:
        programme = session.get(Programme, school.session.programme_id)
        assert programme is not None
        generate_roadmap(session, programme)
    school.run(fresh=True)
    school.session.apply(meeting=GroupMeeting(held_on=TODAY, attended_count=5))
    done = {line.title: line.done_on for line in list_roadmap(db, school.session.programme_id)
            if line.stage == 5}
    meeting, matching, order = (event.title for event in ROADMAP_TEMPLATE[5])
    assert (done[meeting], done[matching], done[order]) == (TODAY, TODAY, None), \
        "the order fixing the pairs is not issued yet"
