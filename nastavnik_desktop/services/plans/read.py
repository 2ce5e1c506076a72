"""What a development plan shows: the plan of a pair and the progress of every pair (the control
sheet). Frozen records; `today` is passed in, so an overdue flag never depends on the clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PairStatus, PlanItemKind
from nastavnik_desktop.data.models import MentoringPair, PlanItem
from nastavnik_desktop.errors import ValidationError

PLAN_TABLES = frozenset({"plan_item", "mentoring_pair"})
"""The tables the plan and the control sheet read (for `changes.generation`)."""


@dataclass(frozen=True)
class PlanLine:
    id: int
    kind: PlanItemKind
    direction: str
    """For a task, the goal above it in the plan ("" when none); for a goal, its own text."""
    text: str
    due_on: dt.date | None
    done_on: dt.date | None
    result: str
    overdue: bool

    @property
    def is_goal(self) -> bool:
        return self.kind is PlanItemKind.GOAL


@dataclass(frozen=True)
class Plan:
    pair_id: int
    formed_on: dt.date | None
    lines: tuple[PlanLine, ...]
    total: int
    """Tasks (goals are not counted)."""
    done: int
    overdue: int

    @property
    def progress(self) -> float:
        """Done tasks as a share of all (0 for an empty plan)."""
        return self.done / self.total if self.total else 0.0


def is_overdue(kind: PlanItemKind, due_on: dt.date | None, done_on: dt.date | None,
               today: dt.date) -> bool:
    """A task not done whose deadline has passed (the deadline day itself is not late)."""
    return (kind is PlanItemKind.TASK and done_on is None and due_on is not None
            and due_on < today)


def plan(db: Database, pair_id: int, *, today: dt.date) -> Plan:
    with db.reading() as session:
        formed = session.execute(select(MentoringPair.formed_on)
                                 .where(MentoringPair.id == pair_id)).first()
        if formed is None:
            raise ValidationError("Пара не найдена: возможно, её удалили. Обновите страницу.")
        rows = session.execute(
            select(PlanItem.id, PlanItem.kind, PlanItem.text, PlanItem.due_on,
                   PlanItem.done_on, PlanItem.result)
            .where(PlanItem.pair_id == pair_id)
            .order_by(PlanItem.sort_order, PlanItem.id)).all()
    lines, direction = [], ""
    for row in rows:
        kind = PlanItemKind(row.kind)
        if kind is PlanItemKind.GOAL:
            direction = row.text
        lines.append(PlanLine(row.id, kind, direction, row.text, row.due_on, row.done_on,
                              row.result, is_overdue(kind, row.due_on, row.done_on, today)))
    tasks = [line for line in lines if not line.is_goal]
    return Plan(pair_id, formed[0], tuple(lines), len(tasks),
                sum(1 for t in tasks if t.done_on is not None),
                sum(1 for t in tasks if t.overdue))


@dataclass(frozen=True)
class PairPlanProgress:
    pair_id: int
    status: PairStatus
    tasks: int
    done: int
    overdue: int


def plan_progress(db: Database, programme_id: int, *,
                  today: dt.date) -> tuple[PairPlanProgress, ...]:
    """Every pair of the programme (closed ones too: the sheet may show them) with its plan's
    tasks, done and overdue — one grouped query; a pair without a plan has zeros."""
    is_task = PlanItem.kind == PlanItemKind.TASK
    done = and_(is_task, PlanItem.done_on.is_not(None))
    late = and_(is_task, PlanItem.done_on.is_(None), PlanItem.due_on < today)
    query = (
        select(MentoringPair.id, MentoringPair.status,
               func.count(PlanItem.id).filter(is_task),
               func.coalesce(func.sum(case((done, 1), else_=0)), 0),
               func.coalesce(func.sum(case((late, 1), else_=0)), 0))
        .select_from(MentoringPair)
        .outerjoin(PlanItem, PlanItem.pair_id == MentoringPair.id)
        .where(MentoringPair.programme_id == programme_id)
        .group_by(MentoringPair.id, MentoringPair.status)
        .order_by(MentoringPair.id))
    with db.reading() as session:
        return tuple(PairPlanProgress(pair_id, PairStatus(status), tasks, done_count, late_count)
                     for pair_id, status, tasks, done_count, late_count
                     in session.execute(query))
