"""Stage 6: the wizard's start data, the first meetings spread over the days, and Finish —
plans, strengths, handouts, planned meetings and the roadmap date in one transaction or none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import MeetingKind
from nastavnik_desktop.data.models import (
    AuditEntry,
    MaterialHandout,
    Meeting,
    PairMentee,
    PlanItem,
    RoadmapItem,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import materials
from nastavnik_desktop.services.programme import current_programme
from nastavnik_desktop.services.roadmap import ROADMAP_TEMPLATE
from nastavnik_desktop.services.stages import stage_cards
from nastavnik_desktop.services.stages.stage6 import (
    FirstMeetings,
    Stage6Choices,
    finish_stage6,
    load_stage6,
    preview_stage6,
    spread_meetings,
)
from tests.helpers.stage6 import just_formed
from tests.helpers.wizard import db_snapshot

FIRST_MEETINGS = ROADMAP_TEMPLATE[6][0].title


@pytest.fixture
def demo(tmp_path: Path, build_demo: Callable[..., Path]) -> Iterator[Database]:
    database = open_database(build_demo(tmp_path / "demo.sqlite"),
                             backup_dir=tmp_path / "backups")
    programme = current_programme(database)
    assert programme is not None
    just_formed(database, programme.id)
    yield database
    database.close()


def count(db: Database, query: object) -> int:
    with db.reading() as session:
        return int(session.scalar(query) or 0)  # type: ignore[call-overload]


def test_spread_meetings_per_day_skips_weekends() -> None:
    friday = dt.date(2026, 11, 27)
    assert spread_meetings(5, friday, per_day=2) == [
        friday, friday, dt.date(2026, 11, 30), dt.date(2026, 11, 30), dt.date(2026, 12, 1)]
    assert spread_meetings(3, dt.date(2026, 11, 28)) == [dt.date(2026, 11, 30)] * 3
    assert spread_meetings(2, dt.date(2026, 11, 28), per_day=1, weekdays_only=False) == [
        dt.date(2026, 11, 28), dt.date(2026, 11, 29)]


def test_start_data_lists_the_pairs_at_work_with_what_they_have(demo: Database) -> None:
    programme = current_programme(demo)
    assert programme is not None
    data = load_stage6(demo, programme.id)
    assert len(data.pairs) == 35  # the demo's pairs and class groups at work (finished and
    # dissolved left out)
    assert any(p.has_plan for p in data.pairs) and any(not p.has_plan for p in data.pairs)
    assert all(p.template_id is not None for p in data.pairs)
    assert all(data.template(p.template_id).form_id == p.form_id  # type: ignore[union-attr]
               for p in data.pairs)
    assert all(p.mentees for p in data.pairs)


def test_finish_writes_plans_handouts_meetings_and_roadmap_in_one_go(
        demo: Database, demo_day: dt.date) -> None:
    programme = current_programme(demo)
    assert programme is not None
    materials.add_link(demo, programme.id, "Памятка наставнику", "https://example.org/pamyatka",
                       today=demo_day)
    data = load_stage6(demo, programme.id)
    material_ids = tuple(m.id for m in data.materials)
    without_plan = [p for p in data.pairs if not p.has_plan]
    with_plan = next(p for p in data.pairs if p.has_plan)
    fresh = [p for p in data.pairs if p.first_meeting_on is None]
    assert without_plan and fresh
    chosen = [*without_plan, with_plan]
    mentee = chosen[0].mentees[0]
    dates = spread_meetings(len(fresh), demo_day + dt.timedelta(days=3), per_day=2)
    choices = Stage6Choices(
        plans={p.pair_id: p.template_id for p in chosen},
        strengths={chosen[0].pair_id: {mentee.mentee_profile_id: ("Любознательность",
                                                                   "Усидчивость")}},
        material_ids=material_ids,
        mentor_ids=tuple({p.mentor_profile_id for p in data.pairs}),
        meetings={p.pair_id: FirstMeetings(day, day + dt.timedelta(days=7))
                  for p, day in zip(fresh, dates, strict=True)})
    handed_before = count(demo, select(func.count()).select_from(MaterialHandout))
    plan_before = count(demo, select(func.count()).select_from(PlanItem)
                        .where(PlanItem.pair_id == with_plan.pair_id))

    preview = preview_stage6(demo, programme.id, choices, today=demo_day)
    result = finish_stage6(demo, programme.id, choices, today=demo_day)

    assert preview.plans_filled == result.plans_filled == len(without_plan)
    assert result.plans_skipped == 1
    for pair in without_plan:
        assert count(demo, select(func.count()).select_from(PlanItem)
                     .where(PlanItem.pair_id == pair.pair_id)) > 0
    assert count(demo, select(func.count()).select_from(PlanItem)
                 .where(PlanItem.pair_id == with_plan.pair_id)) == plan_before
    with demo.reading() as session:
        member = session.scalars(select(PairMentee).where(
            PairMentee.pair_id == chosen[0].pair_id,
            PairMentee.mentee_profile_id == mentee.mentee_profile_id)).one()
        assert (member.strengths, member.growth_points) == ("Любознательность", "Усидчивость")
        planned = session.execute(select(Meeting.pair_id, Meeting.kind, Meeting.held_on)
                                  .where(Meeting.planned.is_(True),
                                         Meeting.pair_id.in_([p.pair_id for p in fresh]))).all()
        due = session.scalars(select(RoadmapItem.due_on).where(
            RoadmapItem.programme_id == programme.id,
            RoadmapItem.title == FIRST_MEETINGS)).one()
        summary = session.scalars(select(AuditEntry.summary)
                                  .where(AuditEntry.action == "stage6")).one()
    assert len(planned) == 2 * len(fresh) == result.meetings
    assert {(pair_id, kind) for pair_id, kind, _ in planned} == {
        (p.pair_id, k) for p in fresh for k in (MeetingKind.ACQUAINTANCE, MeetingKind.PLANNING)}
    assert due == max(dates) + dt.timedelta(days=7)
    assert 0 < result.handouts <= len(material_ids) * len(choices.mentor_ids)
    assert count(demo, select(func.count()).select_from(MaterialHandout)) == (
        handed_before + result.handouts)
    assert "Этап 6" in summary
    card = stage_cards(demo, programme.id, today=demo_day)[5]
    ticks = {item.key: item.done for item in card.items}
    assert ticks["materials"] is True
    assert result.card is not None and result.card.status_label == card.status_label


def test_a_refusal_names_the_pair_and_writes_nothing(demo: Database,
                                                     demo_day: dt.date) -> None:
    programme = current_programme(demo)
    assert programme is not None
    data = load_stage6(demo, programme.id)
    fresh = [p for p in data.pairs if p.first_meeting_on is None]
    good, bad = next(p for p in data.pairs if not p.has_plan), fresh[-1]
    choices = Stage6Choices(
        plans={good.pair_id: None},
        meetings={bad.pair_id: FirstMeetings(demo_day + dt.timedelta(days=900))})
    before = db_snapshot(demo)
    with pytest.raises(ValidationError) as refused:
        finish_stage6(demo, programme.id, choices, today=demo_day)
    assert bad.mentor_name in refused.value.message
    assert "позже окончания программы" in refused.value.message
    assert db_snapshot(demo) == before


def test_nothing_chosen_is_refused(demo: Database, demo_day: dt.date) -> None:
    programme = current_programme(demo)
    assert programme is not None
    with pytest.raises(ValidationError, match="Нечего сохранять"):
        finish_stage6(demo, programme.id, Stage6Choices(), today=demo_day)


def test_adding_to_plans_fills_a_pair_that_has_one(demo: Database, demo_day: dt.date) -> None:
    programme = current_programme(demo)
    assert programme is not None
    pair = next(p for p in load_stage6(demo, programme.id).pairs if p.has_plan)
    result = finish_stage6(demo, programme.id,
                           Stage6Choices(plans={pair.pair_id: None}, add_to_plans=True),
                           today=demo_day)
    assert result.plans_filled == 1 and result.tasks > 0
    assert count(demo, select(func.count()).select_from(PlanItem)
                 .where(PlanItem.pair_id == pair.pair_id)) > pair.plan_items


def test_a_roadmap_without_the_first_meetings_event_gets_it_back(
        demo: Database, demo_day: dt.date) -> None:
    programme = current_programme(demo)
    assert programme is not None
    with demo.transaction() as session:
        session.execute(delete(RoadmapItem).where(RoadmapItem.title == FIRST_MEETINGS))
    pair = next(p for p in load_stage6(demo, programme.id).pairs if p.first_meeting_on is None)
    day = demo_day + dt.timedelta(days=2)
    result = finish_stage6(demo, programme.id,
                           Stage6Choices(meetings={pair.pair_id: FirstMeetings(day)}),
                           today=demo_day)
    assert result.meetings == 1 and result.plans_filled == 0
    with demo.reading() as session:
        stage, due = session.execute(select(RoadmapItem.stage, RoadmapItem.due_on)
                                     .where(RoadmapItem.title == FIRST_MEETINGS)).one()
    assert (stage, due) == (6, day)


def test_a_pair_with_a_first_meeting_keeps_its_journal(demo: Database,
                                                       demo_day: dt.date) -> None:
    programme = current_programme(demo)
    assert programme is not None
    pair = next(p for p in load_stage6(demo, programme.id).pairs
                if p.first_meeting_on is not None)
    result = finish_stage6(demo, programme.id, Stage6Choices(
        plans={pair.pair_id: None}, add_to_plans=True,
        meetings={pair.pair_id: FirstMeetings(demo_day + dt.timedelta(days=1))}),
        today=demo_day)
    assert (result.meetings, result.meetings_skipped) == (0, 1)
    assert count(demo, select(func.count()).select_from(Meeting)
                 .where(Meeting.pair_id == pair.pair_id)) == pair.meetings
