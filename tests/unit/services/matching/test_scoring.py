"""Compatibility of mentors and mentees (stage 5): criteria, settings, the instance, applying
the proposals, and the `match` command — on real SQLite databases."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.cli import main
from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import (
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PersonCategory,
)
from nastavnik_desktop.data.models import (
    AuditEntry,
    MatchingExclusion,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    RoleModel,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.matching.apply import apply_matching
from nastavnik_desktop.services.matching.criteria import Criterion
from nastavnik_desktop.services.matching.run import (
    load_instance,
    load_settings,
    run_matching,
    save_settings,
    solve_instance,
)
from nastavnik_desktop.services.matching.scoring import (
    MatchInstance,
    MatchSettings,
    build_instance,
)
from nastavnik_desktop.services.matching.solver import quality, solve
from nastavnik_desktop.services.programme import ProgrammeInfo, current_programme
from tests.helpers.roster import (
    CAREER,
    CONFLICT,
    MOTIVATION,
    TEACHER,
    TODAY,
    YOUNG_TEACHER,
    Roster,
    form_id,
)


class Scored:
    """The instance of the programme, looked up by profile ids."""

    def __init__(self, db: Database, programme: ProgrammeInfo,
                 settings: MatchSettings | None = None) -> None:
        self.instance: MatchInstance = load_instance(db, programme.id, settings, today=TODAY)
        self.row = {m.profile_id: i for i, m in enumerate(self.instance.mentees)}
        self.column = {m.profile_id: j for j, m in enumerate(self.instance.mentors)}

    def score(self, mentee: int, mentor: int) -> float | None:
        return self.instance.score(self.row[mentee], self.column[mentor])

    def text(self, mentee: int, mentor: int) -> str:
        return self.instance.explain(self.row[mentee], self.column[mentor]).text

    def explain(self, mentee: int, mentor: int):  # type: ignore[no-untyped-def]
        return self.instance.explain(self.row[mentee], self.column[mentor])


def _criteria(results) -> set[Criterion]:  # type: ignore[no-untyped-def]
    return {r.criterion for r in results}


# --- each criterion moves the score --------------------------------------------------------


def test_requests_met_raise_the_score_and_are_named(roster: Roster, db: Database,
                                                    programme: ProgrammeInfo) -> None:
    mentee = roster.mentee(requests=(CAREER, MOTIVATION))
    both = roster.mentor(helps=(CAREER, MOTIVATION))
    one = roster.mentor(helps=(CAREER,))
    none = roster.mentor(helps=(CONFLICT,))
    scored = Scored(db, programme)
    assert scored.score(mentee, both) > scored.score(mentee, one) > scored.score(mentee, none)
    assert f"«{CAREER}»" in scored.text(mentee, one)
    assert f"не закрыт «{MOTIVATION}»" in scored.text(mentee, one)
    assert Criterion.REQUESTS in _criteria(scored.explain(mentee, both).matched)
    assert Criterion.REQUESTS in _criteria(scored.explain(mentee, none).unmatched)


def test_words_of_the_request_note_meet_competencies(roster: Roster, db: Database,
                                                     programme: ProgrammeInfo) -> None:
    mentee = roster.mentee(requests=(), note="хочет заниматься робототехникой")
    fits = roster.mentor(competencies="руководит кружком робототехники")
    other = roster.mentor(competencies="история и обществознание")
    scored = Scored(db, programme)
    assert scored.score(mentee, fits) > scored.score(mentee, other)
    assert "по описанию запроса: робототехникой" in scored.text(mentee, fits)


def test_shared_interests_raise_the_score(roster: Roster, db: Database,
                                          programme: ProgrammeInfo) -> None:
    mentee = roster.mentee(about="увлекается шахматами и футболом")
    both = roster.mentor(interests="шахматы, футбол")
    none = roster.mentor(interests="танцы, театр")
    scored = Scored(db, programme)
    assert scored.score(mentee, both) > scored.score(mentee, none)
    assert "общие интересы: шахматами, футболом ✓" in scored.text(mentee, both)
    assert "общих интересов нет ✗" in scored.text(mentee, none)


def test_desired_age_against_birth_date_or_grade(roster: Roster, db: Database,
                                                 programme: ProgrammeInfo) -> None:
    twelve = roster.mentee(born=dt.date(2013, 5, 1))
    sixteen = roster.mentee(class_name="9А", born=dt.date(2009, 5, 1))
    by_grade = roster.mentee(class_name="5Б", born=None)
    mentor = roster.mentor(class_name="11А", ages=(10, 14))
    scored = Scored(db, programme)
    assert scored.score(twelve, mentor) > scored.score(sixteen, mentor)
    assert "возраст 12 лет в пределах 10–14 ✓" in scored.text(twelve, mentor)
    assert "возраст 16 лет вне пределов 10–14 ✗" in scored.text(sixteen, mentor)
    assert "возраст ≈11 лет (5Б класс) в пределах 10–14 ✓" in scored.text(by_grade, mentor)


def test_mentor_without_age_preference_suits_any_age(roster: Roster, db: Database,
                                                     programme: ProgrammeInfo) -> None:
    mentee = roster.mentee()
    mentor = roster.mentor()
    explanation = Scored(db, programme).explain(mentee, mentor)
    assert Criterion.AGE in _criteria(explanation.unknown)
    assert explanation.score == 100.0


def test_pupil_pupil_needs_a_mentor_from_a_higher_grade(roster: Roster, db: Database,
                                                        programme: ProgrammeInfo) -> None:
    mentee = roster.mentee(class_name="7А", born=dt.date(2012, 5, 1))
    older = roster.mentor(class_name="9Б")
    younger = roster.mentor(class_name="6В")
    scored = Scored(db, programme)
    assert scored.score(mentee, older) is not None
    assert scored.score(mentee, younger) is None  # the form rule is a must-have by default
    assert "наставник из 9Б, наставляемый из 7А ✓" in scored.text(mentee, older)
    assert "обязательный критерий «правила формы»" in scored.text(mentee, younger)
    relaxed = Scored(db, programme, MatchSettings(must_have=frozenset()))
    assert relaxed.score(mentee, older) > relaxed.score(mentee, younger)


def test_teacher_teacher_needs_more_experience_and_prefers_young_specialists(
        roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    teacher = TEACHER
    young = roster.mentee(**teacher, born=dt.date(2001, 1, 1), experience=1,
                       requests=(YOUNG_TEACHER,))
    tired = roster.mentee(**teacher, born=dt.date(1985, 1, 1), experience=10,
                       requests=(YOUNG_TEACHER,))
    senior = roster.mentor(**teacher, experience=25, helps=(YOUNG_TEACHER,))
    junior = roster.mentor(**teacher, experience=5, helps=(YOUNG_TEACHER,))
    scored = Scored(db, programme)
    assert scored.score(young, senior) > scored.score(tired, senior)
    assert scored.score(tired, junior) is None
    assert scored.score(young, junior) is not None
    assert ("стаж наставника 25 лет больше стажа наставляемого (1 год, молодой специалист) ✓"
            in scored.text(young, senior))


def test_no_time_resource_lowers_the_score(roster: Roster, db: Database,
                                           programme: ProgrammeInfo) -> None:
    mentee = roster.mentee()
    busy = roster.mentor(hours=0)
    free = roster.mentor(hours=6)
    scored = Scored(db, programme)
    assert scored.score(mentee, free) > scored.score(mentee, busy)
    assert "ресурс времени 0 ч в месяц ✗" in scored.text(mentee, busy)
    assert "ресурс времени 6 ч в месяц ✓" in scored.text(mentee, free)


def test_same_class_is_an_optional_rule(roster: Roster, db: Database,
                                        programme: ProgrammeInfo) -> None:
    mentee = roster.mentee(class_name="6А")
    classmate = roster.mentor(class_name="6А", ages=(None, None))
    other = roster.mentor(class_name="6Б")
    with db.transaction() as session:  # the form rule would forbid a 6th-grade mentor anyway
        session.get(MentorProfile, classmate).form_id = form_id(session, "employer_pupil")
        session.get(MentorProfile, other).form_id = form_id(session, "employer_pupil")
        session.get(MenteeProfile, mentee).form_id = form_id(session, "employer_pupil")
    off = Scored(db, programme)
    assert off.score(mentee, classmate) == off.score(mentee, other)
    assert "класс" not in off.text(mentee, classmate)
    weighted = Scored(db, programme, MatchSettings(
        weights={Criterion.OTHER_CLASS: 5}))
    assert weighted.score(mentee, classmate) < weighted.score(mentee, other)
    assert "из одного класса (6А) ✗" in weighted.text(mentee, classmate)
    strict = Scored(db, programme, MatchSettings(must_have=frozenset({Criterion.OTHER_CLASS})))
    assert strict.score(mentee, classmate) is None
    assert strict.score(mentee, other) == off.score(mentee, other)  # weight 0: score untouched


# --- the curator's settings -----------------------------------------------------------------


def test_weight_zero_switches_a_criterion_off(roster: Roster, db: Database,
                                              programme: ProgrammeInfo) -> None:
    mentee = roster.mentee(requests=(CAREER,))
    helps = roster.mentor(helps=(CAREER,))
    does_not = roster.mentor(helps=(CONFLICT,))
    scored = Scored(db, programme, MatchSettings(weights={Criterion.REQUESTS: 0}))
    assert scored.score(mentee, helps) == scored.score(mentee, does_not)
    assert "запросы" not in scored.text(mentee, helps)


def test_weights_change_the_balance(roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    mentee = roster.mentee(requests=(CAREER,), born=dt.date(2013, 5, 1))
    helps_wrong_age = roster.mentor(helps=(CAREER,), ages=(15, 17))
    right_age_only = roster.mentor(helps=(CONFLICT,), ages=(10, 14))
    requests_first = Scored(db, programme, MatchSettings(
        weights={Criterion.REQUESTS: 10, Criterion.AGE: 1}))
    age_first = Scored(db, programme, MatchSettings(
        weights={Criterion.REQUESTS: 1, Criterion.AGE: 10}))
    assert requests_first.score(mentee, helps_wrong_age) > \
        requests_first.score(mentee, right_age_only)
    assert age_first.score(mentee, helps_wrong_age) < age_first.score(mentee, right_age_only)


def test_unmet_must_have_forbids_the_pair(roster: Roster, db: Database,
                                          programme: ProgrammeInfo) -> None:
    mentee = roster.mentee(requests=(CAREER,))
    helps = roster.mentor(helps=(CAREER,))
    does_not = roster.mentor(helps=(CONFLICT,))
    settings = MatchSettings(must_have=frozenset({Criterion.REQUESTS, Criterion.FORM_RULES}))
    scored = Scored(db, programme, settings)
    assert scored.score(mentee, helps) is not None
    assert scored.score(mentee, does_not) is None
    explanation = scored.explain(mentee, does_not)
    assert explanation.score is None
    assert explanation.forbidden == "не выполнен обязательный критерий «запросы»"
    assert explanation.text.startswith("пара запрещена: не выполнен обязательный критерий")


def test_settings_are_checked_and_saved(db: Database) -> None:
    with pytest.raises(ValidationError, match="от 0 до 10"):
        MatchSettings(weights={Criterion.AGE: 11})
    settings = MatchSettings(weights={Criterion.AGE: 2, Criterion.OTHER_CLASS: 7},
                             must_have=frozenset({Criterion.TIME}))
    restored = MatchSettings.from_dict(json.loads(json.dumps(settings.to_dict())))
    assert restored.weight(Criterion.AGE) == 2 and restored.weight(Criterion.REQUESTS) == 10
    assert restored.must_have == {Criterion.TIME}
    assert load_settings(db).to_dict() == MatchSettings().to_dict()
    save_settings(db, settings)
    save_settings(db, settings)
    assert load_settings(db).to_dict() == settings.to_dict()


# --- who takes part -------------------------------------------------------------------------


def test_exclusions_forbid_the_pair(roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    mentee = roster.mentee()
    mentor = roster.mentor()
    with db.transaction() as session:
        session.add(MatchingExclusion(
            programme_id=programme.id, reason="родственники",
            mentor_person_id=session.get(MentorProfile, mentor).person_id,
            mentee_person_id=session.get(MenteeProfile, mentee).person_id))
    scored = Scored(db, programme)
    assert scored.score(mentee, mentor) is None
    assert scored.explain(mentee, mentor).forbidden == "исключено куратором (родственники)"
    assert run_matching(db, programme.id).unmatched[0].reason == "только запрещённые пары"


def test_pairs_only_within_a_form(roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    mentee = roster.mentee()
    employer = roster.mentor(form="employer_pupil", class_name="",
                          category=PersonCategory.EMPLOYEE)
    scored = Scored(db, programme)
    assert scored.score(mentee, employer) is None
    assert scored.explain(mentee, employer).forbidden == "разные формы наставничества"
    unmatched = run_matching(db, programme.id).unmatched
    assert [u.reason for u in unmatched] == ["нет допущенного наставника этой формы"]


def test_only_admitted_mentors_take_part(roster: Roster, db: Database,
                                         programme: ProgrammeInfo) -> None:
    roster.mentee()
    admitted = roster.mentor()
    for status in (MentorStatus.CANDIDATE, MentorStatus.SELECTED, MentorStatus.TRAINED,
                   MentorStatus.REJECTED):
        roster.mentor(status=status)
    assert [m.profile_id for m in Scored(db, programme).instance.mentors] == [admitted]


def test_active_pairs_use_places_and_keep_their_mentees(roster: Roster, db: Database,
                                                        programme: ProgrammeInfo) -> None:
    paired = roster.mentee(status=MenteeStatus.PAIRED)
    left_pair = roster.mentee()
    finished = roster.mentee(status=MenteeStatus.FINISHED)
    free = roster.mentee()
    mentor = roster.mentor(capacity=3)
    roster.pair(mentor, [paired])
    roster.pair(mentor, [left_pair], status=PairStatus.TERMINATED)
    scored = Scored(db, programme)
    assert set(scored.row) == {left_pair, free}
    assert finished not in scored.row
    assert scored.instance.capacities == [2]
    assert scored.instance.mentors[0].load == 1


def test_block_solve_equals_the_whole_table(roster: Roster, db: Database,
                                            programme: ProgrammeInfo) -> None:
    for n in range(12):
        roster.mentee(class_name=f"{5 + n % 3}А", born=dt.date(2012 - n % 3, 1, 1),
                   requests=((CAREER,), (MOTIVATION,), (CAREER, CONFLICT))[n % 3])
    for _ in range(3):
        roster.mentee(form="employer_pupil", class_name="9А",
                   born=dt.date(2010, 1, 1))
    for n in range(4):
        roster.mentor(class_name=f"{8 + n % 3}Б", capacity=1 + n % 3,
                   helps=((CAREER,), (MOTIVATION, CONFLICT))[n % 2], ages=(10 + n, 13 + n))
    roster.mentor(form="employer_pupil", class_name="", capacity=2,
               category=PersonCategory.EMPLOYEE)
    instance = Scored(db, programme).instance
    by_form = solve_instance(instance)
    whole = solve(instance.scores, instance.capacities)
    assert quality(instance.scores, by_form, instance.capacities).total == \
        pytest.approx(quality(instance.scores, whole, instance.capacities).total)
    assert quality(instance.scores, by_form, instance.capacities).matched == \
        quality(instance.scores, whole, instance.capacities).matched


def test_build_instance_without_mentors_or_mentees() -> None:
    instance = build_instance([], [], forms={}, request_names={})
    assert instance.scores == [] and solve_instance(instance) == []


# --- proposals and applying them ------------------------------------------------------------


def test_run_matching_proposes_groups_with_explanations(roster: Roster, db: Database,
                                                        programme: ProgrammeInfo) -> None:
    first = roster.mentee(requests=(CAREER,))
    second = roster.mentee(requests=(CAREER,))
    third = roster.mentee(requests=(MOTIVATION,))
    group_mentor = roster.mentor(capacity=2, helps=(CAREER,))
    roster.mentor(capacity=1, helps=(MOTIVATION,), hours=0)
    result = run_matching(db, programme.id, today=TODAY)
    assert {p.mentee_profile_id for p in result.proposals} == {first, second, third}
    assert {p.mentee_profile_id for p in result.proposals
            if p.mentor_profile_id == group_mentor} == {first, second}
    assert result.groups == 1 and result.mentors_used == 2 and result.places_left == 0
    busy = next(p for p in result.proposals if p.mentee_profile_id == third)
    assert "ресурс времени" in _criteria_labels(busy.explanation.unmatched)
    assert "запросы" in _criteria_labels(busy.explanation.matched)
    assert result.quality.matched == 3 and result.quality.unmatched == 0


def _criteria_labels(results) -> set[str]:  # type: ignore[no-untyped-def]
    return {r.criterion.value for r in results}


def test_apply_creates_pairs_and_groups(roster: Roster, db: Database,
                                        programme: ProgrammeInfo) -> None:
    a = roster.mentee(requests=(CAREER,))
    b = roster.mentee(requests=(CAREER,))
    group_mentor = roster.mentor(capacity=2, helps=(CAREER,))
    teacher = TEACHER
    young = roster.mentee(**teacher, born=dt.date(2000, 1, 1), experience=2,
                       requests=(YOUNG_TEACHER,))
    senior = roster.mentor(**teacher, experience=20, helps=(YOUNG_TEACHER,))
    result = run_matching(db, programme.id, today=TODAY)
    applied = apply_matching(db, programme.id, result, formed_on=TODAY)
    assert (applied.pairs, applied.groups, applied.mentees) == (1, 1, 3)
    with db.reading() as session:
        pairs = {p.mentor_profile_id: p for p in session.scalars(select(MentoringPair))}
        group = pairs[group_mentor]
        assert sorted(m.mentee_profile_id for m in group.members) == sorted([a, b])
        assert group.status is PairStatus.FORMED and group.formed_on == TODAY
        assert group.title == "Группа № 1" and group.match_score == 100.0
        assert "запросы" in group.match_explanation
        single = pairs[senior]
        assert [m.mentee_profile_id for m in single.members] == [young]
        assert single.role_model is not None
        assert single.role_model.name == "опытный педагог – молодой специалист"
        assert single.form.code == "teacher_teacher" and single.title == ""
        statuses = set(session.scalars(select(MenteeProfile.status)))
        assert statuses == {MenteeStatus.PAIRED}
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.entity == "mentoring_pair"
        assert "групп 1" in entry.summary
    again = run_matching(db, programme.id, today=TODAY)
    assert again.proposals == () and again.quality.matched == 0
    assert apply_matching(db, programme.id, again).pair_ids == ()
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.entity == "mentoring_pair")) == 1


def test_role_model_chosen_when_the_form_has_only_one(roster: Roster, db: Database,
                                                      programme: ProgrammeInfo) -> None:
    roster.mentee()
    roster.mentor()
    with db.transaction() as session:
        models = session.scalars(select(RoleModel).join(MentoringForm)
                                 .where(MentoringForm.code == "pupil_pupil")).all()
        for model in models[1:]:
            model.hidden = True
        kept = models[0].id
    apply_matching(db, programme.id, run_matching(db, programme.id, today=TODAY))
    with db.reading() as session:
        assert session.scalar(select(MentoringPair.role_model_id)) == kept


def _pair_count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(MentoringPair)) or 0


def test_apply_is_atomic(roster: Roster, db: Database, programme: ProgrammeInfo,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(3):
        roster.mentee()
    roster.mentor(capacity=2)
    roster.mentor()
    result = run_matching(db, programme.id, today=TODAY)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("диск заполнен")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(OSError):
        apply_matching(db, programme.id, result)
    monkeypatch.undo()
    assert _pair_count(db) == 0
    with db.reading() as session:
        assert set(session.scalars(select(MenteeProfile.status))) == {MenteeStatus.IN_BASE}
        assert session.scalar(select(func.count()).select_from(PairMentee)) == 0
    apply_matching(db, programme.id, result)
    assert _pair_count(db) == 2


def test_apply_refuses_a_stale_result(roster: Roster, db: Database,
                                      programme: ProgrammeInfo) -> None:
    mentee = roster.mentee()
    other = roster.mentee()
    mentor = roster.mentor(capacity=2)
    result = run_matching(db, programme.id, today=TODAY)
    roster.pair(roster.mentor(), [mentee])
    with pytest.raises(ValidationError, match="ничего не сохранено"):
        apply_matching(db, programme.id, result)
    assert _pair_count(db) == 1
    with db.reading() as session:
        assert session.get(MenteeProfile, other).status is MenteeStatus.IN_BASE
    assert mentor


def test_fixed_by_hand_is_kept(roster: Roster, db: Database, programme: ProgrammeInfo) -> None:
    mentee = roster.mentee(requests=(CAREER,))
    best = roster.mentor(helps=(CAREER,))
    worse = roster.mentor(helps=(CONFLICT,))
    result = run_matching(db, programme.id, fixed={mentee: worse}, today=TODAY)
    assert [(p.mentor_profile_id, p.fixed_by_hand) for p in result.proposals] == [(worse, True)]
    assert best
    apply_matching(db, programme.id, result)
    with db.reading() as session:
        assert session.scalar(select(MentoringPair.fixed_by_hand)) is True


def test_fixed_pair_across_forms_is_refused(roster: Roster, db: Database,
                                            programme: ProgrammeInfo) -> None:
    mentee = roster.mentee()
    employer = roster.mentor(form="employer_pupil", class_name="",
                          category=PersonCategory.EMPLOYEE)
    roster.mentor()
    with pytest.raises(ValidationError, match="разных форм"):
        run_matching(db, programme.id, fixed={mentee: employer})


def test_on_the_demo_school(tmp_path: Path, build_demo: Callable[..., Path]) -> None:
    path = build_demo(tmp_path / "demo.sqlite", seed=7, pupils=150, teachers=20)
    db = open_database(path)
    try:
        programme = current_programme(db)
        assert programme is not None
        instance = load_instance(db, programme.id)
        result = run_matching(db, programme.id)
        mentors = {m.profile_id: m for m in instance.mentors}
        for proposal in result.proposals:
            assert mentors[proposal.mentor_profile_id].form_id == proposal.form_id
            assert proposal.explanation.text and proposal.explanation.score == proposal.score
        with db.reading() as session:
            admitted = set(session.scalars(select(MentorProfile.id).where(
                MentorProfile.status == MentorStatus.ADMITTED)))
        assert set(mentors) <= admitted
        before = _pair_count(db)
        applied = apply_matching(db, programme.id, result)
        assert _pair_count(db) == before + applied.pairs + applied.groups
    finally:
        db.close()


# --- the command line -----------------------------------------------------------------------


def test_cli_match_json_and_apply(roster: Roster, db: Database,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    mentee = roster.mentee(requests=(CAREER,))
    roster.mentee(requests=(CAREER,), class_name="11А", born=dt.date(2008, 1, 1))
    mentor = roster.mentor(helps=(CAREER,))
    db.close()
    assert main(["match", "--db", str(db.path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["applied"] is None
    assert [(p["mentee_profile_id"], p["mentor_profile_id"]) for p in data["pairs"]] == \
        [(mentee, mentor)]
    assert "запросы" in data["pairs"][0]["explanation"] and data["pairs"][0]["score"] > 0
    assert data["unmatched"][0]["reason"] == "только запрещённые пары"
    assert data["quality"]["matched"] == 1

    assert main(["match", "--db", str(db.path)]) == 0
    text = capsys.readouterr().out
    assert "«ученик – ученик»" in text and "Пары не сохранены" in text

    assert main(["match", "--db", str(db.path), "--objective", "coverage", "--apply",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["applied"]["pairs"] == 1
    check = open_database(db.path)
    try:
        with check.reading() as session:
            pair = session.scalars(select(MentoringPair)).one()
            assert pair.mentor_profile_id == mentor
            assert [m.mentee_profile_id for m in pair.members] == [mentee]
    finally:
        check.close()


def test_cli_match_on_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", "--db", str(tmp_path / "none.sqlite")]) == 1
    assert "не найден" in capsys.readouterr().err

