"""Stage 7: the start data with each pair's figures and the suggested ranking, the default
awards, Finish — results, pairs closed, events, awards with unique numbers, cases, the stage done
in one transaction or none — and the documents formed after it, each on its own."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import (
    AwardNomination,
    MenteeStatus,
    PairStatus,
    StageStatus,
)
from nastavnik_desktop.data.models import (
    Certificate,
    MentoringPair,
    PracticeCase,
    ProgrammeEvent,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.awards.register import AwardRequest, annul, list_awards
from nastavnik_desktop.services.cases.collection import CaseDraft
from nastavnik_desktop.services.programme import current_programme
from nastavnik_desktop.services.stages import stage_cards
from nastavnik_desktop.services.stages.stage7 import (
    FINAL_EVENT,
    RESULTS_PRESENTATION,
    EventDraft,
    Stage7Data,
    complete_stage7,
    default_awards,
    issue_stage7_documents,
    stage7_start,
    suggested_score,
)
from tests.helpers.wizard import db_snapshot

OPTIONS = {"seed": 5, "pupils": 300, "teachers": 40}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory,
             build_demo: Callable[..., Path]) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo7") / "demo.sqlite", **OPTIONS)


@pytest.fixture
def demo(template: Path, tmp_path: Path) -> Iterator[tuple[Database, int]]:
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(template, path)
    database = open_database(path, backup_dir=tmp_path / "backups")
    programme = current_programme(database)
    assert programme is not None
    yield database, programme.id
    database.close()


def count(db: Database, query: object) -> int:
    with db.reading() as session:
        return int(session.scalar(query) or 0)  # type: ignore[call-overload]


def test_the_score_weighs_growth_satisfaction_plan_and_meetings() -> None:
    assert suggested_score(None, None, None, 0) == 0
    assert suggested_score(3.0, 10.0, 1.0, 8) == pytest.approx(10)
    assert suggested_score(6.0, 10.0, 1.0, 20) == pytest.approx(10), "capped at full"
    assert suggested_score(-2.0, 5.0, 0.5, 4) == pytest.approx(3 * 0 + 3 * .5 + 2 * .5 + 2 * .5)
    assert suggested_score(2.0, 8.0, 0.5, 4) > suggested_score(1.0, 8.0, 0.5, 4)


def test_start_data_ranks_the_pairs_and_mentors_by_the_score(
        demo: tuple[Database, int], demo_day: dt.date) -> None:
    db, programme_id = demo
    start = stage7_start(db, programme_id, today=demo_day)
    assert start.pairs and len(start.ranked_pairs) == len(start.pairs)
    scores = [start.pair(pid).score for pid in start.ranked_pairs]
    assert scores == sorted(scores, reverse=True)
    for pair in start.pairs:
        assert pair.score == pytest.approx(suggested_score(
            pair.change, pair.satisfaction, pair.plan_share, pair.meetings))
    assert any(p.meetings for p in start.pairs) and any(p.plan_tasks for p in start.pairs)
    assert any(p.change is not None for p in start.pairs), "growth per pair is read"
    mentor_scores = [m.score for m in start.mentors]
    assert mentor_scores == sorted(mentor_scores, reverse=True)
    best = start.mentors[0]
    own = [start.pair(pid).score for pid in best.pair_ids]
    assert best.score == pytest.approx(sum(own) / len(own))
    people = start.participants()
    assert len({p.person_id for p in people}) == len(people)


def test_default_awards_follow_the_rules(demo: tuple[Database, int], demo_day: dt.date) -> None:
    db, programme_id = demo
    start = stage7_start(db, programme_id, today=demo_day)
    best_pair = start.ranked_pairs[0]
    best_mentor = start.mentors[0].person_id
    requests = default_awards(start, [best_pair], [best_mentor])
    by = {(r.person_id, r.nomination) for r in requests}
    assert all((p.person_id, AwardNomination.PARTICIPANT) in by for p in start.participants())
    pair = start.pair(best_pair)
    assert {r.person_id for r in requests if r.nomination is AwardNomination.BEST_PAIR} == {
        p.person_id for p in (pair.mentor, *pair.mentees)}
    assert [r.person_id for r in requests
            if r.nomination is AwardNomination.BEST_MENTOR] == [best_mentor]
    for person in start.participants():
        parents = (person.person_id, AwardNomination.THANKS_PARENTS) in by
        assert parents == (person.is_mentor and person.category.value == "pupil")


def _data(start: object, day: dt.date, *, case_title: str = "Проект «Школьный музей»"
          ) -> Stage7Data:
    from nastavnik_desktop.services.stages.stage7 import Stage7Start

    assert isinstance(start, Stage7Start)
    best = start.ranked_pairs[:2]
    return Stage7Data(
        results={p.pair_id: f"Итог пары {n}" for n, p in enumerate(start.pairs)},
        events=(EventDraft(RESULTS_PRESENTATION, day, "Актовый зал", "пары и группы", 60),
                EventDraft(FINAL_EVENT, day, "Актовый зал", "участники и родители", 120)),
        awards=tuple(default_awards(start, best, [start.mentors[0].person_id])),
        cases=(CaseDraft(case_title, pair_id=best[0]),))


def test_finish_closes_the_pairs_and_records_everything(
        demo: tuple[Database, int], demo_day: dt.date) -> None:
    db, programme_id = demo
    start = stage7_start(db, programme_id, today=demo_day)
    data = _data(start, demo_day)
    result = complete_stage7(db, programme_id, data, today=demo_day)

    assert result.closed == len(start.pairs)
    with db.reading() as session:
        rows = {p.id: p for p in session.scalars(select(MentoringPair).where(
            MentoringPair.id.in_([p.pair_id for p in start.pairs])))}
        assert all(r.status is PairStatus.COMPLETED and r.ended_on == demo_day
                   for r in rows.values())
        assert all(rows[pid].result == text for pid, text in data.results.items())
        statuses = {m.mentee.status for r in rows.values() for m in r.members
                    if m.left_on is None}
        assert statuses == {MenteeStatus.FINISHED}, "the mentees finished with their pairs"
        events = session.execute(select(ProgrammeEvent.kind, ProgrammeEvent.place,
                                        ProgrammeEvent.attended_count).where(
            ProgrammeEvent.programme_id == programme_id, ProgrammeEvent.stage == 7)).all()
    assert sorted(events) == [(FINAL_EVENT, "Актовый зал", 120),
                              (RESULTS_PRESENTATION, "Актовый зал", 60)]
    awards = [a for a in list_awards(db, programme_id) if a.id in result.award_ids]
    assert len(awards) == len(data.awards)
    numbers = [a.registry_number for a in awards]
    # numbered on from the demo's last year (its awards were issued in May of the same year)
    assert len(set(numbers)) == len(numbers) and numbers[0].startswith(f"{demo_day.year}-")
    assert count(db, select(func.count()).select_from(PracticeCase)
                 .where(PracticeCase.programme_id == programme_id)) == 1
    card = stage_cards(db, programme_id, today=demo_day)[6]
    items = {item.key: item for item in card.items}
    for key in ("completed", "final_event", "awards", "practices"):
        assert items[key].done, key
    # a pair finished earlier on the board has no result written: the item says so
    written = count(db, select(func.count()).select_from(MentoringPair).where(
        MentoringPair.programme_id == programme_id, MentoringPair.result != "",
        MentoringPair.status != PairStatus.TERMINATED))
    total = count(db, select(func.count()).select_from(MentoringPair).where(
        MentoringPair.programme_id == programme_id,
        MentoringPair.status != PairStatus.TERMINATED))
    assert written == len(start.pairs)
    assert items["results"].detail == f"{written} из {total} с результатом"
    assert items["results"].done == (written == total)
    assert not items["publicity"].done and items["publicity"].manual
    assert card.status is StageStatus.DONE
    assert result.card is not None and result.card.status is StageStatus.DONE


def test_a_refused_finish_changes_nothing(demo: tuple[Database, int],
                                          demo_day: dt.date) -> None:
    db, programme_id = demo
    start = stage7_start(db, programme_id, today=demo_day)
    before = db_snapshot(db)
    with pytest.raises(ValidationError, match="названия"):
        complete_stage7(db, programme_id, _data(start, demo_day, case_title="  "),
                        today=demo_day)
    assert db_snapshot(db) == before
    bad = Stage7Data(results={start.pairs[0].pair_id: "итог"},
                     awards=(AwardRequest(10 ** 9, AwardNomination.PARTICIPANT),))
    with pytest.raises(ValidationError, match="не найден"):
        complete_stage7(db, programme_id, bad, today=demo_day)
    assert db_snapshot(db) == before


def test_a_second_finish_corrects_the_event_and_closed_pairs_are_refused(
        demo: tuple[Database, int], demo_day: dt.date) -> None:
    db, programme_id = demo
    start = stage7_start(db, programme_id, today=demo_day)
    first = start.pairs[0].pair_id
    complete_stage7(db, programme_id, Stage7Data(
        results={first: "итог"}, events=(EventDraft(FINAL_EVENT, demo_day, "Спортзал"),)),
        today=demo_day)
    again = stage7_start(db, programme_id, today=demo_day)
    assert first not in {p.pair_id for p in again.pairs}
    event = again.event(FINAL_EVENT)
    assert event is not None and event.place == "Спортзал"
    complete_stage7(db, programme_id, Stage7Data(
        results={again.pairs[0].pair_id: "итог"},
        events=(EventDraft(FINAL_EVENT, demo_day, "Актовый зал", attended_count=5),)),
        today=demo_day)
    assert count(db, select(func.count()).select_from(ProgrammeEvent).where(
        ProgrammeEvent.programme_id == programme_id, ProgrammeEvent.stage == 7,
        ProgrammeEvent.kind == FINAL_EVENT)) == 1
    with pytest.raises(ValidationError, match="уже не в работе"):
        complete_stage7(db, programme_id, Stage7Data(results={first: "ещё"}), today=demo_day)


def test_annulled_awards_do_not_count_in_the_checklist(
        demo: tuple[Database, int], demo_day: dt.date) -> None:
    db, programme_id = demo
    start = stage7_start(db, programme_id, today=demo_day)
    result = complete_stage7(db, programme_id, Stage7Data(
        results={start.pairs[0].pair_id: "итог"},
        awards=(AwardRequest(start.pairs[0].mentor.person_id, AwardNomination.PARTICIPANT),)),
        today=demo_day)
    items = {i.key: i for i in stage_cards(db, programme_id, today=demo_day)[6].items}
    assert items["awards"].done and items["awards"].detail == "1 награда"
    assert not items["final_event"].done and not items["practices"].done
    annul(db, result.award_ids, reason="ошибка в фамилии", on=demo_day)
    items = {i.key: i for i in stage_cards(db, programme_id, today=demo_day)[6].items}
    assert not items["awards"].done


def test_documents_after_finish_are_reported_each_on_its_own(
        demo: tuple[Database, int], demo_day: dt.date, tmp_path: Path) -> None:
    db, programme_id = demo
    start = stage7_start(db, programme_id, today=demo_day)
    result = complete_stage7(db, programme_id, _data(start, demo_day), today=demo_day)
    outcomes = issue_stage7_documents(db, programme_id, result.award_ids, day=demo_day)
    assert [o.kind for o in outcomes] == ["order_awards", "certificates"]
    for outcome in outcomes:  # formed, or the reason in Russian — never both, never neither
        assert outcome.formed != bool(outcome.error)
        if outcome.formed:
            assert Path(outcome.file_path).is_file()
    assert count(db, select(func.count()).select_from(Certificate).where(
        Certificate.programme_id == programme_id)) == len(result.award_ids)
    assert issue_stage7_documents(db, programme_id, (), day=demo_day) == ()


def test_awards_held_already_or_not_fitting_are_left_out_and_said(
        demo: tuple[Database, int], demo_day: dt.date) -> None:
    """Certificates handed out earlier from «Итоги и награды» do not stop the stage: Finish
    issues the rest and says whom it left out, and why."""
    from nastavnik_desktop.services.awards.register import issue_awards

    db, programme_id = demo
    start = stage7_start(db, programme_id, today=demo_day)
    data = _data(start, demo_day)
    given = data.awards[0]
    assert given.nomination is AwardNomination.PARTICIPANT
    issue_awards(db, programme_id, [given], issued_on=demo_day - dt.timedelta(days=3))
    result = complete_stage7(db, programme_id, data, today=demo_day)
    assert len(result.award_ids) == len(data.awards) - 1
    assert len(result.skipped) == 1 and "уже выдан" in result.skipped[0]
    held = [a for a in list_awards(db, programme_id) if a.person_id == given.person_id
            and a.nomination is AwardNomination.PARTICIPANT]
    assert len(held) == 1
