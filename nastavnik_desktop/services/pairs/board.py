"""The board «Пары и группы» (stages 5–6) as the curator sees it: pairs by status, the mentees
without a pair, the mentors who could take one. Read with a handful of set-based Core queries
whatever the number of pairs; frozen records out. The page reads the board and the mentees
without a pair again only when one of `BOARD_TABLES` has changed (services/changes.py); after a
move it reads only the cards the move touched (`pairs_touched`, `board(pair_ids=…)`).

Each card carries its work at a glance (stage 6): the last held meeting (planned ones aside), how
many were held, whether the pair is silent (the rule of `journal.silent_pairs`, read once for the
whole board) and how many tasks of its plan are overdue."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus, PairStatus, PersonCategory, PlanItemKind
from nastavnik_desktop.data.models import (
    MatchingExclusion,
    Meeting,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    PlanItem,
    RoleModel,
)
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services.pairs.history import BoardChange
from nastavnik_desktop.services.pairs.journal import silent_pairs
from nastavnik_desktop.services.pairs.rules import (
    ACTIVE_STATUSES,
    FREE_MENTEE_VALUES,
    active_membership_of,
    mentor_loads,
)
from nastavnik_desktop.text import alphabetical_key, class_sort_key, full_name

BOARD_STATUSES: tuple[PairStatus, ...] = tuple(PairStatus)
"""The columns of the board, left to right: сформирована … завершена, then расторгнута."""
WORK_ORDER: tuple[PairStatus, ...] = tuple(s for s in BOARD_STATUSES
                                          if s is not PairStatus.TERMINATED)
"""The order of work: the board's Ctrl+→ moves a card one step along it."""

BOARD_TABLES = frozenset({"mentoring_pair", "pair_mentee", "mentee_profile", "mentor_profile",
                          "person", "mentoring_form", "role_model", "meeting", "plan_item"})
"""The tables `board` and `unmatched_mentees` read (and the day: silence, overdue tasks). The
setting SILENT_PAIR_WEEKS is left out, like every setting: a change of it shows with the next
change of the board."""

_pair = MentoringPair.__table__.c
_member = PairMentee.__table__.c
_mentee = MenteeProfile.__table__.c
_mentor = MentorProfile.__table__.c
_person = Person.__table__.c
_form = MentoringForm.__table__.c
_role = RoleModel.__table__.c
_meeting = Meeting.__table__.c
_exclusion = MatchingExclusion.__table__.c
_plan = PlanItem.__table__.c


@dataclass(frozen=True)
class CardMentee:
    mentee_profile_id: int
    name: str
    short_name: str
    """«Иванов И. П.»"""
    place: str
    """The class of a pupil, the position of an adult."""


@dataclass(frozen=True)
class PairCard:
    """One pair or group on the board."""

    id: int
    status: PairStatus
    title: str
    mentor_profile_id: int
    mentor_name: str
    mentor_short_name: str
    mentor_place: str
    capacity: int
    form_id: int
    form_name: str
    role_model: str
    mentees: tuple[CardMentee, ...]
    match_score: float | None
    last_meeting: dt.date | None
    """The last held meeting (not a planned one)."""
    close_reason: str
    held_meetings: int = 0
    silent: bool = False
    """An active pair with no held meeting for `settings.SILENT_PAIR_WEEKS` weeks."""
    overdue_tasks: int = 0
    """Tasks of the pair's plan past their date and not done."""

    @property
    def is_group(self) -> bool:
        return len(self.mentees) > 1

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


@dataclass(frozen=True)
class UnmatchedMentee:
    """A mentee of the base without an active pair."""

    mentee_profile_id: int
    name: str
    short_name: str
    place: str
    form_id: int | None
    form_name: str


@dataclass(frozen=True)
class MentorOption:
    """An admitted mentor who can take a given mentee now."""

    mentor_profile_id: int
    name: str
    short_name: str
    place: str
    capacity: int
    load: int

    @property
    def free_places(self) -> int:
        return self.capacity - self.load


def stepped(status: PairStatus, step: int) -> PairStatus | None:
    """The stage `step` places along the order of work, or None past either end."""
    if status not in WORK_ORDER:
        return None
    at = WORK_ORDER.index(status) + step
    return WORK_ORDER[at] if 0 <= at < len(WORK_ORDER) else None


def _place(category: str, class_name: str, position: str, organisation: str) -> str:
    if category == PersonCategory.PUPIL.value or (class_name and not position):
        return class_name
    return position or organisation or class_name


def _names(row: Any, prefix: str = "") -> tuple[str, str]:
    last, first, middle = (getattr(row, f"{prefix}{part}") for part in
                           ("last_name", "first_name", "middle_name"))
    return full_name(last, first, middle), short_name(last, first, middle)


def board(db: Database, programme_id: int, *, pair_ids: Collection[int] | None = None,
          today: dt.date | None = None) -> list[PairCard]:
    """Every pair and group of the programme (only `pair_ids` when given), ordered by the
    mentor's name; silence and overdue tasks as of `today` (None: the computer's date)."""
    today = today or dt.date.today()
    chosen = None if pair_ids is None else _pair.id.in_(sorted(pair_ids))
    with db.engine.connect() as conn:
        pairs = _pair_rows(conn, programme_id, chosen)
        members = _member_rows(conn, programme_id, chosen)
        meetings = {row.pair_id: row for row in _meeting_rows(conn, programme_id, chosen, today)}
        overdue = dict(_overdue_rows(conn, programme_id, chosen, today))
    silent = {s.pair_id for s in silent_pairs(db, programme_id, today=today)}
    by_pair: dict[int, list[CardMentee]] = defaultdict(list)
    for m in members:
        full, short = _names(m)
        by_pair[m.pair_id].append(CardMentee(
            m.mentee_profile_id, full, short,
            _place(m.category, m.class_name, m.position, m.organisation)))
    cards = []
    for p in pairs:
        full, short = _names(p)
        held = meetings.get(p.id)
        cards.append(PairCard(
            id=p.id, status=PairStatus(p.status), title=p.title,
            mentor_profile_id=p.mentor_profile_id, mentor_name=full, mentor_short_name=short,
            mentor_place=_place(p.category, p.class_name, p.position, p.organisation),
            capacity=p.capacity, form_id=p.form_id, form_name=p.form_name,
            role_model=p.role_name or "", mentees=tuple(by_pair.get(p.id, ())),
            match_score=p.match_score, last_meeting=held.last_on if held else None,
            close_reason=p.close_reason, held_meetings=held.held if held else 0,
            silent=p.id in silent, overdue_tasks=overdue.get(p.id, 0)))
    cards.sort(key=_board_order)
    return cards


def _meeting_rows(conn: Connection, programme_id: int, chosen: ColumnElement[bool] | None,
                  today: dt.date) -> Sequence[Any]:
    """The last held meeting and the count of held ones of each pair (planned ones aside)."""
    pairs = select(_pair.id).where(_pair.programme_id == programme_id)
    if chosen is not None:
        pairs = pairs.where(chosen)
    # an uncorrelated IN list read once: half the time of a join at 20,000 meetings
    return conn.execute(
        select(_meeting.pair_id, func.max(_meeting.held_on).label("last_on"),
               func.count().label("held"))
        .where(_meeting.pair_id.in_(pairs), _meeting.planned.is_(False),
               _meeting.held_on <= today)
        .group_by(_meeting.pair_id)).all()


def _overdue_rows(conn: Connection, programme_id: int, chosen: ColumnElement[bool] | None,
                  today: dt.date) -> Sequence[Any]:
    """(pair id, tasks of its plan past their date and not done)."""
    statement = (
        select(_plan.pair_id, func.count())
        .join(MentoringPair.__table__, _pair.id == _plan.pair_id)
        .where(_pair.programme_id == programme_id, _plan.kind == PlanItemKind.TASK.value,
               _plan.due_on < today, _plan.done_on.is_(None))
        .group_by(_plan.pair_id))
    return conn.execute(statement if chosen is None else statement.where(chosen)).all()


def silent_weeks(db: Database) -> int:
    """How many weeks without a meeting make a pair silent (the board's filter says it)."""
    with db.reading() as session:
        return settings.load(session, settings.SILENT_PAIR_WEEKS)


def _board_order(card: PairCard) -> tuple[str, int]:
    return alphabetical_key(card.mentor_name), card.id


def with_cards_read(cards: Sequence[PairCard], pair_ids: Collection[int],
                    read: Sequence[PairCard]) -> list[PairCard]:
    """The board `cards` with the cards of `pair_ids` read again (`board(pair_ids=…)`): each
    replaced where it stands, gone when not read, a new one put in the board's order."""
    fresh = {card.id: card for card in read}
    kept = [fresh.pop(card.id, card) for card in cards
            if card.id in fresh or card.id not in pair_ids]
    return sorted([*kept, *fresh.values()], key=_board_order) if fresh else kept


def _pair_rows(conn: Connection, programme_id: int,
               chosen: ColumnElement[bool] | None) -> Sequence[Any]:
    """The pairs of the programme (the `chosen` ones) with their mentor, form and role model."""
    mentor_person = Person.__table__.alias("mentor_person")
    mp = mentor_person.c
    statement = (
        select(_pair.id, _pair.status, _pair.title, _pair.mentor_profile_id, _pair.form_id,
               _pair.match_score, _pair.close_reason, _pair.ended_on,
               _mentor.capacity, mp.last_name, mp.first_name, mp.middle_name, mp.category,
               mp.class_name, mp.position, mp.organisation,
               _form.name.label("form_name"), _role.name.label("role_name"))
        .select_from(MentoringPair.__table__)
        .join(MentorProfile.__table__, _mentor.id == _pair.mentor_profile_id)
        .join(mentor_person, mp.id == _mentor.person_id)
        .join(MentoringForm.__table__, _form.id == _pair.form_id)
        .outerjoin(RoleModel.__table__, _role.id == _pair.role_model_id)
        .where(_pair.programme_id == programme_id))
    return conn.execute(statement if chosen is None else statement.where(chosen)).all()


def _member_rows(conn: Connection, programme_id: int,
                 chosen: ColumnElement[bool] | None) -> Sequence[Any]:
    """The mentees shown on the programme's cards (the `chosen` ones), by pair and name."""
    statement = (
        select(_member.pair_id, _member.mentee_profile_id, _person.last_name,
               _person.first_name, _person.middle_name, _person.category,
               _person.class_name, _person.position, _person.organisation)
        .select_from(PairMentee.__table__)
        .join(MentoringPair.__table__, _pair.id == _member.pair_id)
        .join(MenteeProfile.__table__, _mentee.id == _member.mentee_profile_id)
        .join(Person.__table__, _person.id == _mentee.person_id)
        .where(_pair.programme_id == programme_id, _on_card())
        .order_by(_member.pair_id, _person.last_name, _person.first_name))
    return conn.execute(statement if chosen is None else statement.where(chosen)).all()


def pairs_touched(change: BoardChange) -> set[int]:
    """The pairs whose cards a move (its undo, its redo) changed: the pairs it wrote and those
    its memberships belong to, before and after."""
    touched = set() if change.pair_id is None else {change.pair_id}
    for rows in (change.before, change.after):
        for (table, row_id), values in rows:
            if table == "mentoring_pair":
                touched.add(row_id)
            elif table == "pair_mentee" and values is not None:
                touched.add(dict(values)["pair_id"])
    return touched


def _on_card() -> ColumnElement[bool]:
    """Members shown on a card: current ones, and in a closed pair those who left with it."""
    return or_(_member.left_on.is_(None),
               and_(_pair.ended_on.is_not(None), _member.left_on >= _pair.ended_on))


def unmatched_mentees(db: Database, programme_id: int) -> list[UnmatchedMentee]:
    """Mentees of the base who are in no active pair (and have not left or finished)."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(_mentee.id, _mentee.form_id, _form.name.label("form_name"), _person.last_name,
                   _person.first_name, _person.middle_name, _person.category,
                   _person.class_name, _person.position, _person.organisation)
            .select_from(MenteeProfile.__table__)
            .join(Person.__table__, _person.id == _mentee.person_id)
            .outerjoin(MentoringForm.__table__, _form.id == _mentee.form_id)
            .where(_mentee.programme_id == programme_id,
                   _mentee.status.in_(FREE_MENTEE_VALUES),
                   ~active_membership_of(_mentee.id).exists())).all()
    result = []
    for r in rows:
        full, short = _names(r)
        result.append(UnmatchedMentee(
            r.id, full, short, _place(r.category, r.class_name, r.position, r.organisation),
            r.form_id, r.form_name or ""))
    result.sort(key=lambda m: (class_sort_key(m.place), alphabetical_key(m.name)))
    return result


def mentor_options(db: Database, mentee_profile_id: int) -> list[MentorOption]:
    """Admitted mentors of the mentee's form with a free place who may take this mentee."""
    with db.engine.connect() as conn:
        mentee = conn.execute(select(_mentee.programme_id, _mentee.person_id, _mentee.form_id)
                              .where(_mentee.id == mentee_profile_id)).first()
        if mentee is None or mentee.form_id is None:
            return []
        excluded = set(conn.scalars(select(_exclusion.mentor_person_id).where(
            _exclusion.programme_id == mentee.programme_id,
            _exclusion.mentee_person_id == mentee.person_id)))
        loads = mentor_loads(conn, select(_mentor.id).where(
            _mentor.programme_id == mentee.programme_id).scalar_subquery())
        rows = conn.execute(
            select(_mentor.id, _mentor.person_id, _mentor.capacity, _person.last_name,
                   _person.first_name, _person.middle_name, _person.category,
                   _person.class_name, _person.position, _person.organisation)
            .join(Person.__table__, _person.id == _mentor.person_id)
            .where(_mentor.programme_id == mentee.programme_id,
                   _mentor.status == MentorStatus.ADMITTED.value,
                   or_(_mentor.form_id.is_(None), _mentor.form_id == mentee.form_id),
                   _mentor.person_id != mentee.person_id)).all()
    options = []
    for r in rows:
        if r.person_id in excluded or loads.get(r.id, 0) >= r.capacity:
            continue
        full, short = _names(r)
        options.append(MentorOption(r.id, full, short,
                                    _place(r.category, r.class_name, r.position, r.organisation),
                                    r.capacity, loads.get(r.id, 0)))
    options.sort(key=lambda o: alphabetical_key(o.name))
    return options

