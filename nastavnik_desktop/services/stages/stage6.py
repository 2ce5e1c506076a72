"""Stage 6 «Организация работы наставнических пар/групп»: the wizard's start data, the dates
of the first meetings spread over the days, and its one Finish.

The methodology's stage 6 asks for an analysis of strengths, the mentee's goals and the pair's
common tasks (the plan), methodical materials for the mentors, and the meeting cycle starting
with the встреча-знакомство. The wizard works on a selection of the programme's pairs at work;
`finish_stage6` writes, in ONE transaction or not at all:

- the strengths and points of growth of the mentees (`plans.set_strengths_in`);
- the plans from templates (`plans.fill_plan`) — a pair that already has a plan is skipped
  unless the curator asked to add to it;
- the materials handed to the chosen mentors (`materials.hand_out_in`);
- the first meetings as PLANNED meetings of each pair's journal (`journal.add_meetings_in`),
  and the due date of the roadmap's first-meetings event (`roadmap.set_event_due_in`);
- the stage's statuses and the roadmap events its data now fulfils (`record_stage_work`: the
  checklist reads plans, meetings and handouts from the data) and one audit entry.

A refusal names the pair. The rules stay with their areas; this module orchestrates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PAIR_STATUS_LABELS, MeetingKind, PairStatus
from nastavnik_desktop.data.models import (
    MaterialHandout,
    Meeting,
    MentoringPair,
    PlanItem,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services import audit
from nastavnik_desktop.services import materials as materials_service
from nastavnik_desktop.services import plans as plans_service
from nastavnik_desktop.services.materials import MaterialRecord
from nastavnik_desktop.services.pairs.journal import MeetingEntry, add_meetings_in
from nastavnik_desktop.services.pairs.rules import ACTIVE_VALUES, pair_label, working_pairs_or_error
from nastavnik_desktop.services.plans import TemplateInfo
from nastavnik_desktop.services.programme import check_programme
from nastavnik_desktop.services.roadmap import set_event_due_in
from nastavnik_desktop.services.stages.status import (
    StageCard,
    cards_in,
    record_stage_work,
)
from nastavnik_desktop.text import capitalised, count_phrase, format_date

STAGE = 6
MEETINGS_ITEM = "meetings"
"""The checklist item whose roadmap event is the first meetings of the pairs."""

ACQUAINTANCE_TOPIC = "Встреча-знакомство"
PLANNING_TOPIC = "Встреча-планирование: цели и план развития"


# --- the start data --------------------------------------------------------------------------


@dataclass(frozen=True)
class MenteeRow:
    mentee_profile_id: int
    name: str
    class_name: str
    strengths: str
    growth_points: str


@dataclass(frozen=True)
class PairRow:
    """A pair or group at work as the wizard shows it."""

    pair_id: int
    label: str
    """Its title, or «пара наставника …» (how refusals name it)."""
    mentor_profile_id: int
    mentor_name: str
    mentees: tuple[MenteeRow, ...]
    form_id: int
    form_name: str
    role_model_id: int | None
    role_model_name: str
    status: PairStatus
    formed_on: dt.date | None
    plan_items: int
    handed_materials: int
    """How many materials its mentor was given."""
    first_meeting_on: dt.date | None
    """The earliest встреча-знакомство in its journal, held or planned."""
    meetings: int
    template_id: int | None
    """The template that fits it (its role model's, else its form's)."""

    @property
    def status_label(self) -> str:
        return PAIR_STATUS_LABELS[self.status]

    @property
    def has_plan(self) -> bool:
        return self.plan_items > 0

    @property
    def has_strengths(self) -> bool:
        return any(m.strengths or m.growth_points for m in self.mentees)

    @property
    def mentee_names(self) -> str:
        return ", ".join(m.name for m in self.mentees)

    @property
    def classes(self) -> str:
        return ", ".join(sorted({m.class_name for m in self.mentees if m.class_name}))

    @property
    def organised(self) -> bool:
        """Has a plan and a first meeting: nothing left for the wizard by default."""
        return self.has_plan and self.first_meeting_on is not None


@dataclass(frozen=True)
class Stage6Data:
    pairs: tuple[PairRow, ...]
    materials: tuple[MaterialRecord, ...]
    templates: tuple[TemplateInfo, ...]
    """The visible templates, by form (general first)."""
    starts_on: dt.date | None
    ends_on: dt.date | None

    def templates_of(self, form_id: int) -> tuple[TemplateInfo, ...]:
        return tuple(t for t in self.templates if t.form_id == form_id)

    def template(self, template_id: int | None) -> TemplateInfo | None:
        return next((t for t in self.templates if t.id == template_id), None)


def load_stage6(db: Database, programme_id: int) -> Stage6Data:
    """The wizard's start data (reads only; the methodology's templates are seeded once)."""
    templates = plans_service.plan_templates(db, with_hidden=False)
    with db.reading() as session:
        programme = check_programme(session, programme_id)
        starts_on, ends_on = programme.starts_on, programme.ends_on
        pairs = _pair_rows(session, programme_id)
    best = plans_service.templates_for_pairs(db, [p.pair_id for p in pairs]) if pairs else {}
    rows = tuple(_with_template(p, best.get(p.pair_id)) for p in pairs)
    return Stage6Data(rows, materials_service.materials(db, programme_id), templates,
                      starts_on, ends_on)


def _with_template(row: PairRow, info: TemplateInfo | None) -> PairRow:
    return replace(row, template_id=info.id if info else None)


def _pair_rows(session: Session, programme_id: int) -> list[PairRow]:
    pairs = list(session.scalars(
        select(MentoringPair).where(MentoringPair.programme_id == programme_id,
                                    MentoringPair.status.in_(ACTIVE_VALUES))))
    ids = [p.id for p in pairs]
    plan_counts = dict(session.execute(
        select(PlanItem.pair_id, func.count()).where(PlanItem.pair_id.in_(ids))
        .group_by(PlanItem.pair_id)).all())
    first = dict(session.execute(
        select(Meeting.pair_id, func.min(Meeting.held_on))
        .where(Meeting.pair_id.in_(ids), Meeting.kind == MeetingKind.ACQUAINTANCE)
        .group_by(Meeting.pair_id)).all())
    meetings = dict(session.execute(
        select(Meeting.pair_id, func.count()).where(Meeting.pair_id.in_(ids))
        .group_by(Meeting.pair_id)).all())
    handed = dict(session.execute(
        select(MaterialHandout.mentor_profile_id, func.count())
        .where(MaterialHandout.mentor_profile_id.in_({p.mentor_profile_id for p in pairs}))
        .group_by(MaterialHandout.mentor_profile_id)).all())
    rows = []
    for pair in pairs:
        mentor = pair.mentor.person
        mentees = tuple(sorted(
            (MenteeRow(m.mentee_profile_id,
                       short_name(m.mentee.person.last_name, m.mentee.person.first_name,
                                  m.mentee.person.middle_name),
                       m.mentee.person.class_name, m.strengths or "", m.growth_points or "")
             for m in pair.members if m.left_on is None), key=lambda m: m.name))
        rows.append(PairRow(
            pair.id, pair_label(pair), pair.mentor_profile_id,
            short_name(mentor.last_name, mentor.first_name, mentor.middle_name), mentees,
            pair.form_id, pair.form.name, pair.role_model_id,
            pair.role_model.name if pair.role_model is not None else "", pair.status,
            pair.formed_on, int(plan_counts.get(pair.id, 0)),
            int(handed.get(pair.mentor_profile_id, 0)), first.get(pair.id),
            int(meetings.get(pair.id, 0)), None))
    rows.sort(key=lambda r: (r.form_name, r.mentor_name.casefold(), r.pair_id))
    return rows


# --- the dates of the first meetings ----------------------------------------------------------


def spread_meetings(count: int, start: dt.date, *, per_day: int = 0,
                    weekdays_only: bool = True) -> list[dt.date]:
    """`count` meeting dates from `start`: `per_day` pairs a day (0: all on `start`), skipping
    Saturdays and Sundays when `weekdays_only` (a start on a weekend moves to Monday)."""
    def usable(day: dt.date) -> dt.date:
        while weekdays_only and day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return day

    day = usable(start)
    if per_day <= 0:
        return [day] * count
    dates: list[dt.date] = []
    while len(dates) < count:
        dates.extend([day] * min(per_day, count - len(dates)))
        day = usable(day + dt.timedelta(days=1))
    return dates


# --- Finish ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FirstMeetings:
    """The first meetings of one pair: the встреча-знакомство and, optionally, the
    встреча-планирование."""

    acquaintance_on: dt.date
    planning_on: dt.date | None = None


@dataclass(frozen=True)
class Stage6Choices:
    """What the wizard's pages hold. Pair ids key everything."""

    plans: Mapping[int, int | None] = field(default_factory=dict)
    """Pairs whose plan is filled → the template (None: the one that fits the pair)."""
    add_to_plans: bool = False
    """Also fill the plans of pairs that have one already (the template's lines are added)."""
    strengths: Mapping[int, Mapping[int, tuple[str, str]]] = field(default_factory=dict)
    """Pair → mentee profile → (strengths, points of growth), only what was changed."""
    material_ids: tuple[int, ...] = ()
    mentor_ids: tuple[int, ...] = ()
    meetings: Mapping[int, FirstMeetings] = field(default_factory=dict)


@dataclass(frozen=True)
class Stage6Result:
    plans_filled: int
    plans_skipped: int
    tasks: int
    strengths: int
    """Mentees whose strengths were written."""
    handouts: int
    """New «выдан наставнику» rows (a material a mentor had is not counted)."""
    meetings: int
    meetings_skipped: int
    """Pairs that already had a встреча-знакомство: nothing added to them."""
    first_day: dt.date | None
    last_day: dt.date | None
    card: StageCard | None = None
    """Stage 6 as the roadmap shows it afterwards."""

    @property
    def nothing(self) -> bool:
        return not (self.plans_filled or self.strengths or self.handouts or self.meetings)


def finish_stage6(db: Database, programme_id: int, choices: Stage6Choices, *,
                  today: dt.date) -> Stage6Result:
    """The wizard's Finish: everything chosen in one transaction, or nothing (see the module's
    docstring)."""
    with db.transaction() as session:
        result = _apply(session, programme_id, choices, today)
        if result.nothing:
            raise ValidationError("Нечего сохранять: выберите пары и отметьте, что сделать — "
                                  "планы, материалы или первые встречи.")
        audit.record(session, "stage6", "programme", programme_id, _summary(result),
                     stage=STAGE, plans=result.plans_filled, handouts=result.handouts,
                     meetings=result.meetings, strengths=result.strengths)
        cards = record_stage_work(session, programme_id, STAGE, today)
        return _with_card(result, cards[STAGE - 1])


def preview_stage6(db: Database, programme_id: int, choices: Stage6Choices, *,
                   today: dt.date) -> Stage6Result:
    """What `finish_stage6` would do, from the same writes rolled back; raises its refusal."""
    with db.reading() as session:
        result = _apply(session, programme_id, choices, today)
        session.flush()
        return _with_card(result, cards_in(session, programme_id, today)[STAGE - 1])


def _with_card(result: Stage6Result, card: StageCard) -> Stage6Result:
    return replace(result, card=card)


def _refused(pair: MentoringPair, error: ValidationError) -> ValidationError:
    return ValidationError(f"{capitalised(pair_label(pair))}: {error.message}")


def _apply(session: Session, programme_id: int, choices: Stage6Choices,
           today: dt.date) -> Stage6Result:
    check_programme(session, programme_id)
    pairs = working_pairs_or_error(
        session, programme_id, set(choices.plans) | set(choices.strengths)
        | set(choices.meetings), remedy="Снимите её с выбора.")
    strengths = 0
    for pair_id, values in choices.strengths.items():
        try:
            plans_service.set_strengths_in(session, pair_id, values)
        except ValidationError as error:
            raise _refused(pairs[pair_id], error) from None
        strengths += len(values)

    planned = _plan_counts(session, list(choices.plans))
    filled = skipped = tasks = 0
    for pair_id, template_id in choices.plans.items():
        if planned.get(pair_id) and not choices.add_to_plans:
            skipped += 1
            continue
        try:
            tasks += plans_service.fill_plan(session, pair_id, today=today,
                                             template_id=template_id)
        except ValidationError as error:
            raise _refused(pairs[pair_id], error) from None
        filled += 1

    handouts = 0
    if choices.material_ids and choices.mentor_ids:
        handouts = materials_service.hand_out_in(session, choices.material_ids,
                                                 choices.mentor_ids, on=today)

    meetings, meetings_skipped, days = _schedule(session, pairs, choices.meetings, today)
    if days:
        set_event_due_in(session, programme_id, STAGE, MEETINGS_ITEM, max(days))
    session.flush()
    return Stage6Result(filled, skipped, tasks, strengths, handouts, meetings,
                        meetings_skipped, min(days) if days else None,
                        max(days) if days else None)


def _plan_counts(session: Session, pair_ids: Sequence[int]) -> dict[int, int]:
    return dict(session.execute(select(PlanItem.pair_id, func.count())
                                .where(PlanItem.pair_id.in_(pair_ids))
                                .group_by(PlanItem.pair_id)).all())


def _schedule(session: Session, pairs: Mapping[int, MentoringPair],
              meetings: Mapping[int, FirstMeetings],
              today: dt.date) -> tuple[int, int, list[dt.date]]:
    had = set(session.scalars(select(Meeting.pair_id).where(
        Meeting.pair_id.in_(list(meetings)), Meeting.kind == MeetingKind.ACQUAINTANCE)))
    added = skipped = 0
    days: list[dt.date] = []
    for pair_id, first in meetings.items():
        if pair_id in had:
            skipped += 1
            continue
        entries = [MeetingEntry(first.acquaintance_on, MeetingKind.ACQUAINTANCE,
                                topic=ACQUAINTANCE_TOPIC, planned=True)]
        if first.planning_on is not None:
            if first.planning_on < first.acquaintance_on:
                raise ValidationError(
                    f"{capitalised(pair_label(pairs[pair_id]))}: встреча-планирование "
                    f"{format_date(first.planning_on)} раньше встречи-знакомства "
                    f"{format_date(first.acquaintance_on)}. Исправьте даты.")
            entries.append(MeetingEntry(first.planning_on, MeetingKind.PLANNING,
                                        topic=PLANNING_TOPIC, planned=True))
        add_meetings_in(session, pair_id, entries, today=today,
                        where=capitalised(pair_label(pairs[pair_id])))
        added += len(entries)
        days.extend(e.held_on for e in entries)
    return added, skipped, days


def _summary(result: Stage6Result) -> str:
    parts = []
    if result.plans_filled:
        parts.append("планы по шаблонам — "
                     + count_phrase(result.plans_filled, "пара", "пары", "пар"))
    if result.strengths:
        parts.append("сильные стороны — "
                     + count_phrase(result.strengths, "наставляемый", "наставляемых",
                                    "наставляемых"))
    if result.handouts:
        parts.append(f"выдано материалов — {result.handouts}")
    if result.meetings:
        parts.append("запланировано "
                     + count_phrase(result.meetings, "встреча", "встречи", "встреч"))
    return "Этап 6: " + "; ".join(parts)
