"""What a development plan shows: the plan of a pair and the progress of every pair (the control
sheet). Frozen records; `today` is passed in, so an overdue flag never depends on the clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PairStatus, PlanItemKind
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringPair,
    PairMentee,
    Person,
    PlanItem,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.text import full_name

PLAN_TABLES = frozenset({"plan_item", "mentoring_pair", "pair_mentee", "mentee_profile",
                         "person"})
"""The tables the plan and the control sheet read (for `changes.generation`)."""


@dataclass(frozen=True)
class PlanLine:
    """A goal or a common task of the plan."""

    id: int
    kind: PlanItemKind
    direction: str
    text: str
    """The content (of a task) or the wording (of a goal)."""
    action: str
    due_on: dt.date | None
    result: str
    """The expected result."""
    done_on: dt.date | None
    mentee_profile_id: int | None
    """For a goal: the mentee it is of (None: a goal of the whole pair)."""
    overdue: bool

    @property
    def is_goal(self) -> bool:
        return self.kind is PlanItemKind.GOAL


@dataclass(frozen=True)
class PlanMentee:
    """A mentee of the pair with the «анализ сильных сторон» and his goals."""

    mentee_profile_id: int
    name: str
    class_name: str
    strengths: str
    growth_points: str
    goals: tuple[PlanLine, ...]


@dataclass(frozen=True)
class Plan:
    pair_id: int
    formed_on: dt.date | None
    lines: tuple[PlanLine, ...]
    """Every line in the plan's order, goals and tasks."""
    mentees: tuple[PlanMentee, ...]
    """The pair's current mentees (those who left: only if they have goals in the plan)."""
    pair_goals: tuple[PlanLine, ...]
    """Goals of the whole pair."""
    total: int
    """Tasks (goals are not counted)."""
    done: int
    overdue: int

    @property
    def tasks(self) -> tuple[PlanLine, ...]:
        return tuple(line for line in self.lines if not line.is_goal)

    @property
    def progress(self) -> float:
        """Done tasks as a share of all (0 for an empty plan)."""
        return self.done / self.total if self.total else 0.0

    @property
    def is_empty(self) -> bool:
        return not self.lines


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
            select(PlanItem.id, PlanItem.kind, PlanItem.direction, PlanItem.text,
                   PlanItem.action, PlanItem.due_on, PlanItem.result, PlanItem.done_on,
                   PlanItem.mentee_profile_id)
            .where(PlanItem.pair_id == pair_id)
            .order_by(PlanItem.sort_order, PlanItem.id)).all()
        members = session.execute(
            select(PairMentee.mentee_profile_id, PairMentee.left_on, PairMentee.strengths,
                   PairMentee.growth_points, Person.last_name, Person.first_name,
                   Person.middle_name, Person.class_name)
            .join(MenteeProfile, MenteeProfile.id == PairMentee.mentee_profile_id)
            .join(Person, Person.id == MenteeProfile.person_id)
            .where(PairMentee.pair_id == pair_id)
            .order_by(PairMentee.id)).all()
    lines = tuple(PlanLine(row.id, PlanItemKind(row.kind), row.direction, row.text, row.action,
                           row.due_on, row.result, row.done_on, row.mentee_profile_id,
                           is_overdue(PlanItemKind(row.kind), row.due_on, row.done_on, today))
                  for row in rows)
    goals = [line for line in lines if line.is_goal]
    mentees = tuple(
        PlanMentee(m.mentee_profile_id, full_name(m.last_name, m.first_name, m.middle_name),
                   m.class_name or "", m.strengths, m.growth_points,
                   tuple(g for g in goals if g.mentee_profile_id == m.mentee_profile_id))
        for m in members
        if m.left_on is None or any(g.mentee_profile_id == m.mentee_profile_id for g in goals))
    known = {m.mentee_profile_id for m in mentees}
    tasks = [line for line in lines if not line.is_goal]
    return Plan(pair_id, formed[0], lines, mentees,
                tuple(g for g in goals if g.mentee_profile_id not in known),
                len(tasks), sum(1 for t in tasks if t.done_on is not None),
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
