"""The pair card (stage 6): what its header shows, and the curator's writes made from it.

`pair_card` reads one pair with a handful of set-based queries by `pair_id` (indexed): the
mentor, the mentees with class and age, form and role model, the status and its history (table
`pair_status_change`, written by triggers), the matching score with its explanation, the
curator's notes and the counts of the pair's work (meetings, plan).

The writes are one transaction each with an audit entry and return the `BoardChange` that
`history.undo` / `history.redo` replay, like a move on the board:
- `set_status_by_curator`: the curator sets the status by hand (the board's `move_status` with
  its rules, plus `status_by_curator`, so the journal no longer moves it);
- `follow_journal_again`: the status follows the meeting journal again;
- `edit_notes`: the curator's notes on the pair.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PAIR_STATUS_LABELS, PairStatus, PlanItemKind
from nastavnik_desktop.data.models import (
    Meeting,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    PairStatusChange,
    Person,
    PlanItem,
    RoleModel,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.pairs.board import _place
from nastavnik_desktop.services.pairs.history import BoardChange, Tracker
from nastavnik_desktop.services.pairs.journal import follow_journal
from nastavnik_desktop.services.pairs.moves import move_status
from nastavnik_desktop.services.pairs.rules import (
    ACTIVE_STATUSES,
    pair_label,
    pair_logged,
    pair_or_error,
)
from nastavnik_desktop.services.people import age_on
from nastavnik_desktop.text import full_name

_pair = MentoringPair.__table__.c
_member = PairMentee.__table__.c
_mentee = MenteeProfile.__table__.c
_mentor = MentorProfile.__table__.c
_person = Person.__table__.c
_form = MentoringForm.__table__.c
_role = RoleModel.__table__.c
_meeting = Meeting.__table__.c
_plan = PlanItem.__table__.c
_change = PairStatusChange.__table__.c

BY_CURATOR = "куратор, вручную"
BY_WORK = "по журналу встреч или на доске"
AT_FORMING = "при составлении пары"


@dataclass(frozen=True)
class CardMenteeInfo:
    mentee_profile_id: int
    name: str
    short_name: str
    place: str
    """The class of a pupil, the position of an adult."""
    age: int | None
    """Full years on the day of the card; None when the birth date is not known."""
    joined_on: dt.date | None
    left_on: dt.date | None

    @property
    def in_pair(self) -> bool:
        return self.left_on is None


@dataclass(frozen=True)
class StatusStep:
    status: PairStatus
    label: str
    changed_on: dt.date
    by_curator: bool
    by_whom: str
    """«куратор, вручную», «при составлении пары», «по журналу встреч или на доске»."""


@dataclass(frozen=True)
class ExplanationLine:
    """A line of the matching explanation: whose (a group names its mentee) and the criteria."""

    mentee: str
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class PairCardData:
    pair_id: int
    title: str
    mentor_profile_id: int
    mentor_name: str
    mentor_short_name: str
    mentor_place: str
    mentees: tuple[CardMenteeInfo, ...]
    """Those in the pair first (by name), then those who left."""
    form_name: str
    role_model: str
    status: PairStatus
    status_label: str
    status_changed_on: dt.date | None
    status_by_curator: bool
    history: tuple[StatusStep, ...]
    """By date, the oldest first."""
    match_score: float | None
    explanation: tuple[ExplanationLine, ...]
    notes: str
    formed_on: dt.date | None
    ended_on: dt.date | None
    close_reason: str
    held_meetings: int
    last_meeting_on: dt.date | None
    planned_meetings: int
    plan_done: int
    plan_total: int
    plan_overdue: int

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_group(self) -> bool:
        return sum(m.in_pair for m in self.mentees) > 1


def explanation_lines(text: str) -> tuple[ExplanationLine, ...]:
    """The explanation saved at matching (`services.matching.apply`: a line per mentee, a
    group's line starting with «Имя: », the criteria separated by «; ») as readable lines."""
    lines = []
    for raw in text.splitlines():
        raw = raw.strip()
        if not raw:
            continue
        mentee, criteria = "", raw
        head, sep, rest = raw.partition(": ")
        if sep and ";" not in head and not head.startswith("пара запрещена"):
            mentee, criteria = head, rest
        parts = tuple(p.strip() for p in criteria.split("; ") if p.strip())
        lines.append(ExplanationLine(mentee, parts))
    return tuple(lines)


def pair_card(db: Database, pair_id: int, *, today: dt.date) -> PairCardData:
    """The header of the pair card, read with a few indexed queries."""
    mentor_person = Person.__table__.alias("mentor_person")
    mp = mentor_person.c
    with db.engine.connect() as conn:
        p = conn.execute(
            select(_pair.id, _pair.title, _pair.status, _pair.status_changed_on,
                   _pair.status_by_curator, _pair.match_score, _pair.match_explanation,
                   _pair.notes, _pair.formed_on, _pair.ended_on, _pair.close_reason,
                   _pair.mentor_profile_id, mp.last_name, mp.first_name, mp.middle_name,
                   mp.category, mp.class_name, mp.position, mp.organisation,
                   _form.name.label("form_name"), _role.name.label("role_name"))
            .select_from(MentoringPair.__table__)
            .join(MentorProfile.__table__, _mentor.id == _pair.mentor_profile_id)
            .join(mentor_person, mp.id == _mentor.person_id)
            .join(MentoringForm.__table__, _form.id == _pair.form_id)
            .outerjoin(RoleModel.__table__, _role.id == _pair.role_model_id)
            .where(_pair.id == pair_id)).first()
        if p is None:
            raise ValidationError("Пара не найдена: возможно, её удалили. Обновите страницу.")
        members = conn.execute(
            select(_member.mentee_profile_id, _member.joined_on, _member.left_on,
                   _person.last_name, _person.first_name, _person.middle_name,
                   _person.category, _person.class_name, _person.position,
                   _person.organisation, _person.birth_date)
            .select_from(PairMentee.__table__)
            .join(MenteeProfile.__table__, _mentee.id == _member.mentee_profile_id)
            .join(Person.__table__, _person.id == _mentee.person_id)
            .where(_member.pair_id == pair_id)).all()
        history = conn.execute(
            select(_change.status, _change.changed_on, _change.by_curator)
            .where(_change.pair_id == pair_id)
            .order_by(_change.changed_on, _change.id)).all()
        held = and_(_meeting.planned.is_(False), _meeting.held_on <= today)
        meetings = conn.execute(
            select(func.count().filter(held), func.max(_meeting.held_on).filter(held),
                   func.count().filter(~held))
            .where(_meeting.pair_id == pair_id)).one()
        undone = _plan.done_on.is_(None)
        plan = conn.execute(
            select(func.count(), func.count(_plan.done_on),
                   func.coalesce(func.sum(case((and_(undone, _plan.due_on < today), 1),
                                               else_=0)), 0))
            .where(_plan.pair_id == pair_id, _plan.kind == PlanItemKind.TASK.value)).one()
    mentees = []
    for m in members:
        mentees.append(CardMenteeInfo(
            m.mentee_profile_id, full_name(m.last_name, m.first_name, m.middle_name),
            short_name(m.last_name, m.first_name, m.middle_name),
            _place(m.category, m.class_name, m.position, m.organisation),
            age_on(m.birth_date, today) if m.birth_date is not None else None,
            m.joined_on, m.left_on))
    mentees.sort(key=lambda m: (not m.in_pair, m.name.casefold()))
    steps = []
    for number, (status, changed_on, by_curator) in enumerate(history):
        status = PairStatus(status)
        whom = (BY_CURATOR if by_curator
                else AT_FORMING if number == 0 and status is PairStatus.FORMED else BY_WORK)
        steps.append(StatusStep(status, PAIR_STATUS_LABELS[status], changed_on,
                                bool(by_curator), whom))
    status = PairStatus(p.status)
    return PairCardData(
        pair_id=p.id, title=p.title, mentor_profile_id=p.mentor_profile_id,
        mentor_name=full_name(p.last_name, p.first_name, p.middle_name),
        mentor_short_name=short_name(p.last_name, p.first_name, p.middle_name),
        mentor_place=_place(p.category, p.class_name, p.position, p.organisation),
        mentees=tuple(mentees), form_name=p.form_name, role_model=p.role_name or "",
        status=status, status_label=PAIR_STATUS_LABELS[status],
        status_changed_on=p.status_changed_on, status_by_curator=bool(p.status_by_curator),
        history=tuple(steps), match_score=p.match_score,
        explanation=explanation_lines(p.match_explanation or ""), notes=p.notes or "",
        formed_on=p.formed_on, ended_on=p.ended_on, close_reason=p.close_reason or "",
        held_meetings=meetings[0], last_meeting_on=meetings[1], planned_meetings=meetings[2],
        plan_total=plan[0], plan_done=plan[1], plan_overdue=int(plan[2]))


# --- writes ---------------------------------------------------------------------------------

def set_status_by_curator(db: Database, pair_id: int, status: PairStatus, *,
                          on: dt.date, today: dt.date) -> BoardChange:
    """The curator sets the pair's status by hand: the board's move (`moves.move_status`, with
    its rules for «завершена» and for reopening a dissolved pair) that also marks the status as
    the curator's, so the meeting journal no longer moves it. Dissolving needs a reason:
    `moves.close_pair`."""
    if on > today:
        raise ValidationError(f"Дата {on:%d.%m.%Y} ещё не наступила. Укажите сегодняшнюю "
                              "или прошедшую дату.")
    return move_status(db, pair_id, status, on=on, by_curator=True)


def follow_journal_again(db: Database, pair_id: int, *, today: dt.date) -> BoardChange:
    """The status follows the meeting journal again: the curator's mark is cleared and the
    journal moves the status forward to what the held meetings reached (never backwards)."""
    with db.transaction() as session:
        pair = pair_or_error(session, pair_id)
        if not pair.status_by_curator:
            raise ValidationError("Статус пары и так следует журналу встреч.")
        tracker = Tracker(session, [pair.id], [])
        pair.status_by_curator = False
        session.flush()
        previous = follow_journal(session, pair, today)
        summary = f"{pair_label(pair)}: статус снова по журналу встреч"
        if previous is not None:
            summary += (f", «{PAIR_STATUS_LABELS[previous]}» → "
                        f"«{PAIR_STATUS_LABELS[pair.status]}»")
        logged = pair_logged(pair, summary)
        audit.record(session, "follow_journal", "mentoring_pair", pair.id, logged,
                     status=pair.status.value)
        return tracker.finish(summary, pair.id, logged=logged)


def edit_notes(db: Database, pair_id: int, text: str) -> BoardChange | None:
    """Save the curator's notes on the pair; None when they did not change."""
    text = text.strip()
    with db.transaction() as session:
        pair = pair_or_error(session, pair_id)
        if (pair.notes or "") == text:
            return None
        tracker = Tracker(session, [pair.id], [])
        pair.notes = text
        summary = f"{pair_label(pair)}: заметки куратора"
        logged = pair_logged(pair, summary)
        audit.record(session, "edit_notes", "mentoring_pair", pair.id, logged)
        return tracker.finish(summary, pair.id, logged=logged)


# --- a person's pairs -----------------------------------------------------------------------

@dataclass(frozen=True)
class PersonPair:
    """A pair or group a person is (or was) in, for the line «Пары и группы» of his card."""

    pair_id: int
    programme_id: int
    role: str
    """«наставник» or «наставляемый»."""
    label: str
    """«Группа № 1 (наставник Орлов П. И.), работа» …"""
    is_active: bool


def person_pairs(db: Database, person_id: int) -> tuple[PersonPair, ...]:
    """The pairs and groups of a person as a mentor and as a mentee: at work first, then by id."""
    mentor_person = Person.__table__.alias("mentor_person")
    mp = mentor_person.c
    columns = (_pair.id, _pair.programme_id, _pair.title, _pair.status, mp.last_name,
               mp.first_name, mp.middle_name)
    base = (select(*columns).select_from(MentoringPair.__table__)
            .join(MentorProfile.__table__, _mentor.id == _pair.mentor_profile_id)
            .join(mentor_person, mp.id == _mentor.person_id))
    with db.engine.connect() as conn:
        as_mentor = conn.execute(base.where(_mentor.person_id == person_id)).all()
        as_mentee = conn.execute(
            base.join(PairMentee.__table__, _member.pair_id == _pair.id)
            .join(MenteeProfile.__table__, _mentee.id == _member.mentee_profile_id)
            .where(_mentee.person_id == person_id)).all()
    found = []
    for role, rows in (("наставник", as_mentor), ("наставляемый", as_mentee)):
        for r in rows:
            status = PairStatus(r.status)
            mentor = short_name(r.last_name, r.first_name, r.middle_name)
            name = f"{r.title} (наставник {mentor})" if r.title else f"пара наставника {mentor}"
            found.append(PersonPair(r.id, r.programme_id, role,
                                    f"{name}, {PAIR_STATUS_LABELS[status]}",
                                    status in ACTIVE_STATUSES))
    return tuple(sorted(found, key=lambda p: (not p.is_active, p.pair_id)))
