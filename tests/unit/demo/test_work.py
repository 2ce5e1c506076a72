"""The demo pairs' work (stage 6): every meeting type, planned meetings, silent pairs, plans with
done and overdue tasks, control notes, materials handed out, the status history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import MeetingKind, PairNoteKind, PairStatus, PlanItemKind
from nastavnik_desktop.data.models import (
    Material,
    MaterialHandout,
    Meeting,
    MentoringPair,
    PairMentee,
    PairNote,
    PairStatusChange,
    PlanItem,
)
from nastavnik_desktop.demo import DemoOptions, generate_demo
from nastavnik_desktop.services.pairs.journal import silent_pairs
from nastavnik_desktop.services.pairs.rules import ACTIVE_STATUSES

DAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def work_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(Path(tmp_path_factory.mktemp("work")) / "demo.sqlite")
    generate_demo(db, DemoOptions(seed=11, pupils=600, teachers=40, pairs=30, today=DAY))
    yield db
    db.close()


def test_every_meeting_type_and_planned_meetings(work_db: Database) -> None:
    with work_db.reading() as session:
        held = set(session.scalars(select(Meeting.kind).where(Meeting.planned.is_(False))))
        planned = session.scalars(select(Meeting.held_on).where(Meeting.planned.is_(True))).all()
        remote = session.scalar(select(func.count()).where(Meeting.format == "remote"))
        described = session.scalar(select(func.count()).where(
            Meeting.planned.is_(False), Meeting.content != "", Meeting.result != ""))
        total = session.scalar(select(func.count()).select_from(Meeting))
    assert held == set(MeetingKind)
    assert planned and all(day > DAY for day in planned)
    assert remote
    assert described == (total or 0) - len(planned)


def test_a_few_pairs_are_silent(work_db: Database) -> None:
    with work_db.reading() as session:
        programme_id = session.scalar(select(MentoringPair.programme_id).limit(1))
        active = session.scalar(select(func.count()).where(
            MentoringPair.status.in_([s.value for s in ACTIVE_STATUSES])))
    assert programme_id is not None
    silent = silent_pairs(work_db, programme_id, today=DAY)
    assert 1 <= len(silent) <= (active or 0) // 4


def test_plans_have_goals_of_each_mentee_and_done_and_overdue_tasks(work_db: Database) -> None:
    with work_db.reading() as session:
        goals = session.scalars(select(PlanItem).where(PlanItem.kind == PlanItemKind.GOAL)).all()
        tasks = session.scalars(select(PlanItem).where(PlanItem.kind == PlanItemKind.TASK)).all()
        members = {(m.pair_id, m.mentee_profile_id) for m in session.scalars(select(PairMentee))}
        strengths = session.scalar(select(func.count()).where(PairMentee.strengths != ""))
        assert goals and all((g.pair_id, g.mentee_profile_id) in members for g in goals)
        assert all(t.direction and t.action and t.text and t.due_on for t in tasks)
        assert any(t.done_on is not None for t in tasks)
        assert any(t.done_on is None and t.due_on is not None and t.due_on < DAY for t in tasks)
        assert strengths


def test_notes_materials_and_status_history(work_db: Database) -> None:
    with work_db.reading() as session:
        notes = session.scalars(select(PairNote)).all()
        materials = session.scalars(select(Material)).all()
        handouts = session.scalar(select(func.count()).select_from(MaterialHandout))
        pairs = session.scalars(select(MentoringPair)).all()
        history = session.scalars(select(PairStatusChange).order_by(
            PairStatusChange.pair_id, PairStatusChange.id)).all()
        intermediate = [n for n in notes if n.kind is PairNoteKind.INTERMEDIATE]
        assert intermediate and all(n.mark is not None and 1 <= n.mark <= 10 for n in intermediate)
        assert {n.kind for n in notes} == set(PairNoteKind)
        assert len(materials) >= 3 and handouts
        last = {h.pair_id: h for h in history}
        assert all(last[p.id].status is p.status for p in pairs)
        worked = [p for p in pairs if p.status is PairStatus.WORKING]
        assert worked and all(
        [h.status for h in history if h.pair_id == p.id][:4] == [
            PairStatus.FORMED, PairStatus.ACQUAINTANCE, PairStatus.PLANNING, PairStatus.WORKING]
        for p in worked)


def test_same_seed_same_work(tmp_path: Path) -> None:
    def meetings(name: str) -> list[tuple[object, ...]]:
        db = open_database(tmp_path / name)
        generate_demo(db, DemoOptions(seed=3, pupils=200, teachers=20, today=DAY))
        with db.reading() as session:
            rows = [tuple(r) for r in session.execute(select(
                Meeting.pair_id, Meeting.kind, Meeting.held_on, Meeting.topic, Meeting.planned)
                .order_by(Meeting.id))]
        db.close()
        return rows

    assert meetings("a.sqlite") == meetings("b.sqlite")
