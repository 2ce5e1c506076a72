"""The curator's exclusions and the hard rule «не из одного класса», against a real SQLite."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.core_models import AuditEntry, MenteeProfile, MentorProfile
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import MatchingExclusion
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.matching import exclusions as service
from nastavnik_desktop.services.matching.run import load_instance, run_matching
from nastavnik_desktop.services.matching.scoring import (
    MatchSettings,
    forbid_pairs,
    why_forbidden,
)
from nastavnik_desktop.services.programme import ProgrammeInfo
from tests.helpers.roster import Roster

TODAY = dt.date(2026, 10, 5)
NO_MUST = MatchSettings(must_have=frozenset())


def person_of(db: Database, profile: type[MentorProfile] | type[MenteeProfile],
              profile_id: int) -> int:
    with db.reading() as session:
        found = session.get(profile, profile_id)
        assert found is not None
        return found.person_id


def count(db: Database, table: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def proposed(db: Database, programme_id: int) -> set[tuple[int, int]]:
    result = run_matching(db, programme_id, NO_MUST, today=TODAY)
    return {(p.mentee_profile_id, p.mentor_profile_id) for p in result.proposals}


def test_one_mentor_excluded_from_many_mentees_at_once_and_the_next_run_obeys(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    mentor = roster.mentor(capacity=3)
    mentees = [roster.mentee() for _ in range(3)]
    assert {m for _, m in proposed(db, programme.id)} == {mentor}
    mentor_person = person_of(db, MentorProfile, mentor)
    people = [person_of(db, MenteeProfile, m) for m in mentees[:2]]
    audits = count(db, AuditEntry)

    added = service.add_exclusions(db, programme.id, [(mentor_person, p) for p in people],
                                   reason="  соседи   по парте ")

    assert (added.added, added.kept) == (2, 0)
    assert count(db, AuditEntry) == audits + 1
    listed = service.exclusions(db, programme.id)
    assert {e.mentee_person_id for e in listed} == set(people)
    assert {e.reason for e in listed} == {"соседи по парте"}
    assert all(e.mentor_class == "10А" and e.mentee_class == "6А" for e in listed)
    assert proposed(db, programme.id) == {(mentees[2], mentor)}


def test_an_exclusion_already_there_is_kept_not_doubled(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    mentor = person_of(db, MentorProfile, roster.mentor())
    a, b = (person_of(db, MenteeProfile, roster.mentee()) for _ in range(2))
    service.add_exclusions(db, programme.id, [(mentor, a)], reason="первая")
    again = service.add_exclusions(db, programme.id, [(mentor, a), (mentor, b), (mentor, b)],
                                   reason="вторая")
    assert (again.added, again.kept) == (1, 1)
    assert "Уже были запрещены раньше: 1" in again.message
    assert {(e.mentee_person_id, e.reason) for e in service.exclusions(db, programme.id)} \
        == {(a, "первая"), (b, "вторая")}


def test_refusals_are_in_russian_and_change_nothing(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    mentor = person_of(db, MentorProfile, roster.mentor())
    mentee = person_of(db, MenteeProfile, roster.mentee())
    with pytest.raises(ValidationError, match="с самим собой"):
        service.add_exclusions(db, programme.id, [(mentor, mentee), (mentor, mentor)])
    with pytest.raises(ValidationError, match="больше нет в базе"):
        service.add_exclusions(db, programme.id, [(mentor, 999_999)])
    with pytest.raises(ValidationError, match="Выберите наставника"):
        service.add_exclusions(db, programme.id, [])
    with pytest.raises(ValidationError, match="слишком длинная"):
        service.add_exclusions(db, programme.id, [(mentor, mentee)], reason="а" * 501)
    assert count(db, MatchingExclusion) == 0


def test_removing_exclusions_frees_the_pair_again(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    mentor = roster.mentor()
    mentee = roster.mentee()
    service.add_exclusions(db, programme.id, [(person_of(db, MentorProfile, mentor),
                                               person_of(db, MenteeProfile, mentee))])
    assert proposed(db, programme.id) == set()
    ids = [e.id for e in service.exclusions(db, programme.id)]
    assert service.remove_exclusions(db, programme.id, ids) == 1
    assert service.remove_exclusions(db, programme.id, ids) == 0
    assert proposed(db, programme.id) == {(mentee, mentor)}


def test_a_rejected_proposal_becomes_an_exclusion_of_the_two_people(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    mentor = roster.mentor()
    other = roster.mentor()
    mentee = roster.mentee()
    first = proposed(db, programme.id)
    (_, chosen), = first
    added = service.exclude_proposals(db, programme.id, [(mentee, chosen)])
    assert added.added == 1
    (exclusion,) = service.exclusions(db, programme.id)
    assert exclusion.mentor_person_id == person_of(db, MentorProfile, chosen)
    assert exclusion.mentee_person_id == person_of(db, MenteeProfile, mentee)
    assert exclusion.reason == service.REJECTED_REASON
    assert proposed(db, programme.id) == {(mentee, ({mentor, other} - {chosen}).pop())}
    assert service.exclusions(db, programme.id, person_id=exclusion.mentee_person_id) \
        == [exclusion]
    with pytest.raises(ValidationError, match="не найден в программе"):
        service.exclude_proposals(db, programme.id, [(mentee, 999_999)])


def test_the_same_class_rule_forbids_classmates_and_says_why(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    mentor = roster.mentor(class_name="9Б")
    classmate = roster.mentee(class_name="9 б")
    other = roster.mentee(class_name="6А")
    no_class = roster.mentee(class_name="")
    assert not service.separate_classes(db)
    assert (classmate, mentor) in {pair for pair in [
        (p, m) for p, m in proposed_all(db, programme.id)]}

    service.set_separate_classes(db, True)
    assert service.separate_classes(db)
    instance = load_instance(db, programme.id, NO_MUST, today=TODAY)
    at = {m.profile_id: i for i, m in enumerate(instance.mentees)}
    assert instance.score(at[classmate], 0) is None
    assert instance.score(at[other], 0) is not None
    assert instance.score(at[no_class], 0) is not None
    explanation = instance.explain(at[classmate], 0)
    assert "из одного класса (9 б)" in explanation.forbidden
    assert "не из одного класса" in explanation.text

    service.set_separate_classes(db, False)
    instance = load_instance(db, programme.id, NO_MUST, today=TODAY)
    assert instance.score(at[classmate], 0) is not None


def proposed_all(db: Database, programme_id: int) -> set[tuple[int, int]]:
    instance = load_instance(db, programme_id, NO_MUST, today=TODAY)
    return {(me.profile_id, mo.profile_id) for i, me in enumerate(instance.mentees)
            for j, mo in enumerate(instance.mentors) if instance.score(i, j) is not None}


def test_the_same_class_rule_leaves_teachers_alone(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    from tests.helpers.roster import TEACHER

    mentor = roster.mentor(**{**TEACHER, "class_name": "5А"})
    mentee = roster.mentee(**{**TEACHER, "class_name": "5А"})
    service.set_separate_classes(db, True)
    assert (mentee, mentor) in proposed_all(db, programme.id)


def test_a_mentee_left_without_a_mentor_is_told_which_rules_forbade_the_pairs(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    classmate_mentor = roster.mentor(class_name="9Б")
    excluded_mentor = roster.mentor(class_name="10А")
    mentee = roster.mentee(class_name="9Б")
    service.set_separate_classes(db, True)
    service.add_exclusions(db, programme.id, [(person_of(db, MentorProfile, excluded_mentor),
                                               person_of(db, MenteeProfile, mentee))])
    result = run_matching(db, programme.id, NO_MUST, today=TODAY)
    assert [u.mentee_profile_id for u in result.unmatched] == [mentee]
    instance = load_instance(db, programme.id, NO_MUST, today=TODAY)
    assert why_forbidden(instance, 0) == [("запрет куратора", 1), ("из одного класса", 1)]
    assert {m.profile_id for m in instance.mentors} == {classmate_mentor, excluded_mentor}
    service.set_separate_classes(db, False)
    rejected = forbid_pairs(load_instance(db, programme.id, NO_MUST, today=TODAY),
                            [(mentee, classmate_mentor)])
    assert why_forbidden(rejected, 0) == [("запрет куратора", 1),
                                          ("отклонена в этом подборе", 1)]
