"""«Пары и группы» (stages 5–6): the board of pairs by status and the moves the curator makes on it.

The board is read with four set-based Core queries whatever the number of pairs. Each move is
one transaction with an audit entry and returns a `BoardChange`: the rows it touched (pairs,
memberships, mentee profiles) as they were before and as they became. `undo(db, change)` puts
those rows back exactly as they were (a pair made by the move disappears, a membership it removed
comes back with its id) and `redo(db, change)` applies the move again with the same ids, so the
board's undo stack replays faithfully. Both refuse when the rows were changed since, and both pass
the result through the same hard rules as the moves themselves.

Hard rules of a pair (checked on every mentee who joins an active pair, so a refused move changes
nothing): the mentor's capacity counts the mentees of all his active pairs; mentor and mentee are
in the same form; a `MatchingExclusion` is never overridden; nobody is his own mentor; a mentee
is in one active pair at a time and has not left the programme.

Memberships keep history: a mentee who leaves a pair in work gets `left_on`, and a closed pair
keeps its mentees (they left on `ended_on`). Only a membership made the same day is deleted when
the mentee moves on: that is a correction, not an event of the pair's history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    MENTOR_STATUS_LABELS,
    PAIR_STATUS_LABELS,
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PersonCategory,
    Sex,
)
from nastavnik_desktop.data.models import (
    MatchingExclusion,
    Meeting,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    RoleModel,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.people import status_label
from nastavnik_desktop.text import alphabetical_key, class_sort_key, full_name

BOARD_STATUSES: tuple[PairStatus, ...] = tuple(PairStatus)
"""The columns of the board, left to right: сформирована … завершена, then расторгнута."""
ACTIVE_STATUSES = frozenset({PairStatus.FORMED, PairStatus.ACQUAINTANCE, PairStatus.PLANNING,
                             PairStatus.WORKING, PairStatus.RESULTS})
"""Pairs at work: their mentees count against the mentor's capacity."""
_ACTIVE_VALUES = tuple(s.value for s in ACTIVE_STATUSES)
_FREE_MENTEE = (MenteeStatus.IN_BASE, MenteeStatus.PAIRED)

_pair = MentoringPair.__table__.c
_member = PairMentee.__table__.c
_mentee = MenteeProfile.__table__.c
_mentor = MentorProfile.__table__.c
_person = Person.__table__.c
_form = MentoringForm.__table__.c
_role = RoleModel.__table__.c
_meeting = Meeting.__table__.c
_exclusion = MatchingExclusion.__table__.c


# --- what the board shows ------------------------------------------------------------------


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
    close_reason: str

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


def _place(category: str, class_name: str, position: str, organisation: str) -> str:
    if category == PersonCategory.PUPIL.value or (class_name and not position):
        return class_name
    return position or organisation or class_name


def _names(row: Any, prefix: str = "") -> tuple[str, str]:
    last, first, middle = (getattr(row, f"{prefix}{part}") for part in
                           ("last_name", "first_name", "middle_name"))
    return full_name(last, first, middle), short_name(last, first, middle)


def board(db: Database, programme_id: int) -> list[PairCard]:
    """Every pair and group of the programme, ordered by the mentor's name."""
    mentor_person = Person.__table__.alias("mentor_person")
    mp = mentor_person.c
    with db.engine.connect() as conn:
        pairs = conn.execute(
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
            .where(_pair.programme_id == programme_id)).all()
        members = conn.execute(
            select(_member.pair_id, _member.mentee_profile_id, _person.last_name,
                   _person.first_name, _person.middle_name, _person.category,
                   _person.class_name, _person.position, _person.organisation)
            .select_from(PairMentee.__table__)
            .join(MentoringPair.__table__, _pair.id == _member.pair_id)
            .join(MenteeProfile.__table__, _mentee.id == _member.mentee_profile_id)
            .join(Person.__table__, _person.id == _mentee.person_id)
            .where(_pair.programme_id == programme_id, _on_card())
            .order_by(_member.pair_id, _person.last_name, _person.first_name)).all()
        meetings = dict(conn.execute(
            select(_meeting.pair_id, func.max(_meeting.held_on))
            .join(MentoringPair.__table__, _pair.id == _meeting.pair_id)
            .where(_pair.programme_id == programme_id)
            .group_by(_meeting.pair_id)).all())
    by_pair: dict[int, list[CardMentee]] = defaultdict(list)
    for m in members:
        full, short = _names(m)
        by_pair[m.pair_id].append(CardMentee(
            m.mentee_profile_id, full, short,
            _place(m.category, m.class_name, m.position, m.organisation)))
    cards = []
    for p in pairs:
        full, short = _names(p)
        cards.append(PairCard(
            id=p.id, status=PairStatus(p.status), title=p.title,
            mentor_profile_id=p.mentor_profile_id, mentor_name=full, mentor_short_name=short,
            mentor_place=_place(p.category, p.class_name, p.position, p.organisation),
            capacity=p.capacity, form_id=p.form_id, form_name=p.form_name,
            role_model=p.role_name or "", mentees=tuple(by_pair.get(p.id, ())),
            match_score=p.match_score, last_meeting=meetings.get(p.id),
            close_reason=p.close_reason))
    cards.sort(key=lambda c: (alphabetical_key(c.mentor_name), c.id))
    return cards


def _on_card() -> ColumnElement[bool]:
    """Members shown on a card: current ones, and in a closed pair those who left with it."""
    return or_(_member.left_on.is_(None),
               and_(_pair.ended_on.is_not(None), _member.left_on >= _pair.ended_on))


def _active_membership(mentee_id: Any) -> Any:
    return (select(_member.id).join(MentoringPair.__table__, _pair.id == _member.pair_id)
            .where(_member.mentee_profile_id == mentee_id, _member.left_on.is_(None),
                   _pair.status.in_(_ACTIVE_VALUES)))


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
                   _mentee.status.in_([s.value for s in _FREE_MENTEE]),
                   ~_active_membership(_mentee.id).exists())).all()
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
        loads = _loads(conn, select(_mentor.id).where(
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


def _loads(conn: Any, mentor_ids: Any) -> dict[int, int]:
    """Mentees in active pairs per mentor."""
    return dict(conn.execute(
        select(_pair.mentor_profile_id, func.count(_member.id))
        .join(PairMentee.__table__, _member.pair_id == _pair.id)
        .where(_pair.mentor_profile_id.in_(mentor_ids), _pair.status.in_(_ACTIVE_VALUES),
               _member.left_on.is_(None))
        .group_by(_pair.mentor_profile_id)).all())


# --- changes and their undo --------------------------------------------------------------------

RowKey = tuple[str, int]
"""(table name, row id)"""
RowValues = tuple[tuple[str, Any], ...]
"""The tracked columns of a row and their values; None for a row that does not exist."""

_PAIR_TABLE: Table = MentoringPair.__table__  # type: ignore[assignment]
_MEMBER_TABLE: Table = PairMentee.__table__  # type: ignore[assignment]
_MENTEE_TABLE: Table = MenteeProfile.__table__  # type: ignore[assignment]
_TRACKED: dict[str, tuple[Table, tuple[str, ...]]] = {
    "mentoring_pair": (_PAIR_TABLE, tuple(c.name for c in _PAIR_TABLE.columns
                                          if c.name not in ("created_at", "updated_at"))),
    "pair_mentee": (_MEMBER_TABLE, tuple(c.name for c in _MEMBER_TABLE.columns)),
    "mentee_profile": (_MENTEE_TABLE, ("id", "status", "left_on")),
}
_INSERT_ORDER = ("mentoring_pair", "pair_mentee", "mentee_profile")


@dataclass(frozen=True)
class BoardChange:
    """What one move did: enough to undo it exactly and to redo it with the same ids."""

    summary: str
    pair_id: int | None
    """The pair the curator worked with (where the card or the mentee is after the move)."""
    before: tuple[tuple[RowKey, RowValues | None], ...]
    after: tuple[tuple[RowKey, RowValues | None], ...]


class _Tracker:
    """Reads the rows a move may touch before and after it, and keeps the ones that differ."""

    def __init__(self, session: Session, pair_ids: Iterable[int], mentee_ids: Iterable[int],
                 mentor_ids: Iterable[int] = ()) -> None:
        self.session = session
        self.pair_ids = set(pair_ids)
        self.mentee_ids = set(mentee_ids)
        self.mentor_ids = set(mentor_ids)
        self.before = self._read()
        self.loads_before = self._mentor_loads()
        self.active_before = self._active_memberships()

    def _read(self) -> dict[RowKey, RowValues]:
        self.session.flush()
        rows: dict[RowKey, RowValues] = {}
        wheres = {
            "mentoring_pair": _pair.id.in_(self.pair_ids),
            "pair_mentee": or_(_member.pair_id.in_(self.pair_ids),
                               _member.mentee_profile_id.in_(self.mentee_ids)),
            "mentee_profile": _mentee.id.in_(self.mentee_ids),
        }
        for name, where in wheres.items():
            rows.update(_read_rows(self.session, name, where))
        return rows

    def _mentor_ids(self) -> set[int]:
        return self.mentor_ids | set(self.session.scalars(select(_pair.mentor_profile_id).where(
            or_(_pair.id.in_(self.pair_ids),
                _pair.id.in_(select(_member.pair_id).where(
                    _member.mentee_profile_id.in_(self.mentee_ids)))))))

    def _mentor_loads(self) -> dict[int, int]:
        return _loads(self.session, self._mentor_ids())

    def _active_memberships(self) -> set[tuple[int, int]]:
        return {(r.pair_id, r.mentee_profile_id) for r in self.session.execute(
            select(_member.pair_id, _member.mentee_profile_id)
            .join(MentoringPair.__table__, _pair.id == _member.pair_id)
            .where(_member.left_on.is_(None), _pair.status.in_(_ACTIVE_VALUES),
                   or_(_member.pair_id.in_(self.pair_ids),
                       _member.mentee_profile_id.in_(self.mentee_ids))))}

    def finish(self, summary: str, pair_id: int | None) -> BoardChange:
        """Check the hard rules on the result and describe the change."""
        if pair_id is not None:
            self.pair_ids.add(pair_id)
        after = self._read()
        self.check_rules()
        keys = sorted(k for k in set(self.before) | set(after)
                      if self.before.get(k) != after.get(k))
        return BoardChange(summary, pair_id,
                           before=tuple((k, self.before.get(k)) for k in keys),
                           after=tuple((k, after.get(k)) for k in keys))

    def check_rules(self) -> None:
        joined = self._active_memberships() - self.active_before
        for pair_id, mentee_id in sorted(joined):
            _check_member(self.session, pair_id, mentee_id)
        loads = self._mentor_loads()
        for mentor_id, load in loads.items():
            if load > self.loads_before.get(mentor_id, 0):
                _check_capacity(self.session, mentor_id, load)


def _read_rows(session: Session, name: str,
               where: ColumnElement[bool]) -> dict[RowKey, RowValues]:
    table, columns = _TRACKED[name]
    return {(name, row.id): tuple((c, getattr(row, c)) for c in columns)
            for row in session.execute(select(*(table.c[c] for c in columns)).where(where))}


def _read_keys(session: Session, keys: Iterable[RowKey]) -> dict[RowKey, RowValues]:
    ids: dict[str, list[int]] = defaultdict(list)
    for name, row_id in keys:
        ids[name].append(row_id)
    rows: dict[RowKey, RowValues] = {}
    for name, row_ids in ids.items():
        rows.update(_read_rows(session, name, _TRACKED[name][0].c.id.in_(row_ids)))
    return rows


def undo(db: Database, change: BoardChange) -> BoardChange:
    """Put the rows of `change` back as they were before it."""
    return _apply(db, change, forward=False)


def redo(db: Database, change: BoardChange) -> BoardChange:
    """Apply `change` again after `undo`, with the same ids."""
    return _apply(db, change, forward=True)


def _apply(db: Database, change: BoardChange, *, forward: bool) -> BoardChange:
    target = dict(change.after if forward else change.before)
    expected = dict(change.before if forward else change.after)
    with db.transaction() as session:
        pair_ids = {row_id for (name, row_id) in target if name == "mentoring_pair"}
        pair_ids |= {dict(v)["pair_id"] for (name, _), v in (*target.items(), *expected.items())
                     if name == "pair_mentee" and v is not None}
        mentee_ids = {row_id for (name, row_id) in target if name == "mentee_profile"}
        mentor_ids = {dict(v)["mentor_profile_id"] for (name, _), v in
                      (*target.items(), *expected.items())
                      if name == "mentoring_pair" and v is not None}
        tracker = _Tracker(session, pair_ids, mentee_ids, mentor_ids)
        current = _read_keys(session, target)
        if any(current.get(key) != values for key, values in expected.items()):
            raise ValidationError(
                "Пары изменились после этого действия, поэтому отменить или повторить его "
                "нельзя. Измените пары на доске вручную.")
        _write(session, target, current)
        tracker.check_rules()
        word = "Повторено" if forward else "Отменено"
        audit.record(session, "redo" if forward else "undo", "mentoring_pair", change.pair_id,
                     f"{word}: {change.summary}")
    return change


def _write(session: Session, target: Mapping[RowKey, RowValues | None],
           current: Mapping[RowKey, RowValues]) -> None:
    deletes = [k for k, v in target.items() if v is None and k in current]
    for name in reversed(_INSERT_ORDER):
        ids = [row_id for (n, row_id) in deletes if n == name]
        if ids:
            table = _TRACKED[name][0]
            session.execute(delete(table).where(table.c.id.in_(ids)))
    for name in _INSERT_ORDER:
        table = _TRACKED[name][0]
        for (n, row_id), values in target.items():
            if n != name or values is None:
                continue
            if (n, row_id) in current:
                session.execute(update(table).where(table.c.id == row_id).values(dict(values)))
            else:
                session.execute(insert(table).values(dict(values)))


# --- the hard rules -----------------------------------------------------------------------------


def _person_short(session: Session, person_id: int) -> str:
    row = session.execute(select(_person.last_name, _person.first_name, _person.middle_name)
                          .where(_person.id == person_id)).one()
    return short_name(row.last_name, row.first_name, row.middle_name)


def _check_member(session: Session, pair_id: int, mentee_id: int) -> None:
    """The rules for a mentee who has just joined active pair `pair_id` (`_join` and a trigger
    keep a person from being his own mentor)."""
    pair = session.execute(
        select(_pair.form_id, _mentor.person_id, _mentor.programme_id, _mentor.id)
        .join(MentorProfile.__table__, _mentor.id == _pair.mentor_profile_id)
        .where(_pair.id == pair_id)).one()
    mentee = session.execute(select(_mentee.person_id, _mentee.form_id, _mentee.status,
                                    _person.sex, _person.middle_name)
                             .join(Person.__table__, _person.id == _mentee.person_id)
                             .where(_mentee.id == mentee_id)).one()
    mentor_name = _person_short(session, pair.person_id)
    mentee_name = _person_short(session, mentee.person_id)
    if mentee.form_id != pair.form_id:
        forms = dict(session.execute(select(_form.id, _form.name)).all())
        mentee_form = forms.get(mentee.form_id, "не указана")
        raise ValidationError(
            f"{mentee_name} и наставник {mentor_name} — в разных формах наставничества "
            f"(«{mentee_form}» и «{forms[pair.form_id]}»). Пара составляется только в одной "
            "форме: выберите наставника той же формы.")
    reason = session.scalar(select(_exclusion.reason).where(
        _exclusion.programme_id == pair.programme_id,
        _exclusion.mentor_person_id == pair.person_id,
        _exclusion.mentee_person_id == mentee.person_id))
    if reason is not None:
        why = f" Причина: {reason.strip().rstrip('.')}." if reason.strip() else ""
        raise ValidationError(
            f"Наставника {mentor_name} нельзя ставить в пару с {mentee_name}: это сочетание "
            f"запрещено при подборе.{why}")
    if mentee.status not in _FREE_MENTEE:
        left = status_label(MenteeStatus(mentee.status),
                            None if mentee.sex is None else Sex(mentee.sex), mentee.middle_name)
        raise ValidationError(f"{mentee_name} — {left}: поставить в пару нельзя.")
    pairs = session.scalar(select(func.count()).select_from(PairMentee.__table__)
                           .join(MentoringPair.__table__, _pair.id == _member.pair_id)
                           .where(_member.mentee_profile_id == mentee_id,
                                  _member.left_on.is_(None),
                                  _pair.status.in_(_ACTIVE_VALUES)))
    if (pairs or 0) > 1:
        raise ValidationError(f"{mentee_name} уже состоит в другой действующей паре. "
                              "Сначала перенесите его (её) оттуда.")


def _check_capacity(session: Session, mentor_id: int, load: int) -> None:
    mentor = session.execute(select(_mentor.person_id, _mentor.capacity)
                             .where(_mentor.id == mentor_id)).one()
    if load > mentor.capacity:
        name = _person_short(session, mentor.person_id)
        raise ValidationError(
            f"У наставника {name} нет свободных мест: он(а) может вести не более "
            f"{mentor.capacity} наставляем{'ого' if mentor.capacity == 1 else 'ых'}, "
            f"а получилось бы {load}. Выберите другого наставника или увеличьте ёмкость в "
            "его (её) анкете.")


# --- the moves ---------------------------------------------------------------------------------


def _pair_or_error(session: Session, pair_id: int) -> MentoringPair:
    pair = session.get(MentoringPair, pair_id)
    if pair is None:
        raise ValidationError("Пара не найдена: возможно, её удалили. Обновите страницу.")
    return pair


def _mentee_or_error(session: Session, mentee_profile_id: int) -> MenteeProfile:
    mentee = session.get(MenteeProfile, mentee_profile_id)
    if mentee is None:
        raise ValidationError("Наставляемый не найден в базе: возможно, его удалили. "
                              "Обновите страницу.")
    return mentee


def _current_members(pair: MentoringPair) -> list[PairMentee]:
    return [m for m in pair.members if m.left_on is None]


def _pair_label(pair: MentoringPair) -> str:
    mentor = pair.mentor.person
    name = short_name(mentor.last_name, mentor.first_name, mentor.middle_name)
    return f"{pair.title} ({name})" if pair.title else f"пара наставника {name}"


def _sync_mentees(session: Session, mentee_ids: Iterable[int]) -> None:
    """«в паре» for a mentee in an active pair, «в базе» otherwise (left or finished stay)."""
    for mentee_id in mentee_ids:
        mentee = session.get(MenteeProfile, mentee_id)
        if mentee is None or mentee.status not in _FREE_MENTEE:
            continue
        active = session.scalar(_active_membership(mentee_id).limit(1)) is not None
        mentee.status = MenteeStatus.PAIRED if active else MenteeStatus.IN_BASE


def move_status(db: Database, pair_id: int, status: PairStatus, *,
                on: dt.date | None = None) -> BoardChange:
    """Move a pair to another stage of its work (a column of the board).

    «завершена» finishes its mentees; leaving «завершена» brings them back into the pair.
    «расторгнута» needs a reason (`close_pair`); leaving it is `reopen_pair`.
    """
    day = on or dt.date.today()
    status = PairStatus(status)
    with db.transaction() as session:
        pair = _pair_or_error(session, pair_id)
        if pair.status is PairStatus.TERMINATED:
            return _reopen(session, pair, status, day)
        if status is PairStatus.TERMINATED:
            raise ValidationError("Чтобы расторгнуть пару, укажите причину: команда "
                                  "«Расторгнуть пару…» в меню карточки.")
        if status is pair.status:
            raise ValidationError(f"Пара уже на этапе «{PAIR_STATUS_LABELS[status]}».")
        members = _current_members(pair)
        tracker = _Tracker(session, [pair.id], [m.mentee_profile_id for m in members])
        previous = pair.status
        pair.status, pair.status_changed_on = status, day
        if status is PairStatus.COMPLETED:
            pair.ended_on = day
            for member in members:
                if member.mentee.status in _FREE_MENTEE:
                    member.mentee.status, member.mentee.left_on = MenteeStatus.FINISHED, day
        elif previous is PairStatus.COMPLETED:
            pair.ended_on = None
            for member in members:
                if member.mentee.status is MenteeStatus.FINISHED:
                    member.mentee.status, member.mentee.left_on = MenteeStatus.PAIRED, None
        summary = (f"{_pair_label(pair)}: «{PAIR_STATUS_LABELS[previous]}» → "
                   f"«{PAIR_STATUS_LABELS[status]}»")
        audit.record(session, "move_status", "mentoring_pair", pair.id, summary,
                     before=previous.value, after=status.value)
        return tracker.finish(summary, pair.id)


def close_pair(db: Database, pair_id: int, reason: str, *,
               on: dt.date | None = None) -> BoardChange:
    """«Расторгнуть»: the pair ends with a reason, its mentees go back to the base."""
    day = on or dt.date.today()
    text = reason.strip()
    if not text:
        raise ValidationError("Укажите причину расторжения пары: она попадёт в базу "
                              "наставляемых и в отчёты.")
    with db.transaction() as session:
        pair = _pair_or_error(session, pair_id)
        if pair.status not in ACTIVE_STATUSES:
            raise ValidationError(f"Пара уже {PAIR_STATUS_LABELS[pair.status]}: расторгнуть "
                                  "можно только действующую пару.")
        members = _current_members(pair)
        mentee_ids = [m.mentee_profile_id for m in members]
        tracker = _Tracker(session, [pair.id], mentee_ids)
        previous = pair.status
        pair.status, pair.close_reason = PairStatus.TERMINATED, text
        pair.ended_on = pair.status_changed_on = day
        for member in members:
            member.left_on = day
        session.flush()
        _sync_mentees(session, mentee_ids)
        summary = f"{_pair_label(pair)} расторгнута"
        audit.record(session, "close", "mentoring_pair", pair.id, summary,
                     before=previous.value, reason=text)
        return tracker.finish(summary, pair.id)


def reopen_pair(db: Database, pair_id: int, status: PairStatus = PairStatus.WORKING, *,
                on: dt.date | None = None) -> BoardChange:
    """Take a terminated pair back into work at `status`, with the mentees it had when closed."""
    with db.transaction() as session:
        pair = _pair_or_error(session, pair_id)
        return _reopen(session, pair, PairStatus(status), on or dt.date.today())


def _reopen(session: Session, pair: MentoringPair, status: PairStatus,
            day: dt.date) -> BoardChange:
    if pair.status is not PairStatus.TERMINATED:
        raise ValidationError("Возобновить можно только расторгнутую пару.")
    if status not in ACTIVE_STATUSES:
        raise ValidationError(f"Расторгнутую пару можно вернуть только в работу, а не на "
                              f"этап «{PAIR_STATUS_LABELS[status]}».")
    returning = [m for m in pair.members
                 if m.left_on is not None and pair.ended_on is not None
                 and m.left_on >= pair.ended_on and m.mentee.status in _FREE_MENTEE
                 and _active_member_row(session, m.mentee_profile_id) is None]
    mentee_ids = [m.mentee_profile_id for m in returning]
    tracker = _Tracker(session, [pair.id], mentee_ids)
    pair.status, pair.status_changed_on = status, day
    pair.ended_on, pair.close_reason = None, ""
    for member in returning:
        member.left_on = None
    session.flush()
    _sync_mentees(session, mentee_ids)
    summary = f"{_pair_label(pair)} возобновлена («{PAIR_STATUS_LABELS[status]}»)"
    audit.record(session, "reopen", "mentoring_pair", pair.id, summary, status=status.value)
    return tracker.finish(summary, pair.id)


def move_mentee(db: Database, mentee_profile_id: int, to_pair_id: int | None, *,
                on: dt.date | None = None) -> BoardChange:
    """Move a mentee into pair `to_pair_id` (a group then), or back to the base with None."""
    day = on or dt.date.today()
    with db.transaction() as session:
        mentee = _mentee_or_error(session, mentee_profile_id)
        target = None if to_pair_id is None else _pair_or_error(session, to_pair_id)
        current = _active_member_row(session, mentee.id)
        if current is not None and target is not None and current.pair_id == target.id:
            raise ValidationError("Наставляемый уже в этой паре.")
        if current is None and target is None:
            raise ValidationError("Наставляемый и так в базе без наставника.")
        if target is not None and target.status not in ACTIVE_STATUSES:
            raise ValidationError(f"Пара {PAIR_STATUS_LABELS[target.status]}: добавить в неё "
                                  "наставляемого нельзя.")
        pair_ids = [p for p in (current.pair_id if current else None, to_pair_id) if p]
        tracker = _Tracker(session, pair_ids, [mentee.id])
        _leave(session, current, day)
        if target is not None:
            _join(session, target, mentee, day)
        session.flush()
        _sync_mentees(session, [mentee.id])
        name = short_name(mentee.person.last_name, mentee.person.first_name,
                          mentee.person.middle_name)
        summary = (f"{name} → {_pair_label(target)}" if target is not None
                   else f"{name} → в базу без наставника")
        audit.record(session, "move_mentee", "mentee_profile", mentee.id, summary,
                     from_pair=current.pair_id if current else None, to_pair=to_pair_id)
        return tracker.finish(summary, to_pair_id or (current.pair_id if current else None))


def assign_to_mentor(db: Database, mentee_profile_id: int, mentor_profile_id: int, *,
                     on: dt.date | None = None) -> BoardChange:
    """Give a mentee this mentor: into the mentor's active pair of the form (a group then), or
    a new pair «сформирована»."""
    day = on or dt.date.today()
    with db.transaction() as session:
        mentee = _mentee_or_error(session, mentee_profile_id)
        mentor = session.get(MentorProfile, mentor_profile_id)
        if mentor is None or mentor.programme_id != mentee.programme_id:
            raise ValidationError("Наставник не найден в базе этой программы. Обновите страницу.")
        name = short_name(mentor.person.last_name, mentor.person.first_name,
                          mentor.person.middle_name)
        if mentor.status is not MentorStatus.ADMITTED:
            raise ValidationError(
                f"Наставник {name} ещё не допущен к работе (статус «"
                f"{MENTOR_STATUS_LABELS[mentor.status]}»). Сначала завершите его отбор "
                "и обучение.")
        if mentee.form_id is None:
            raise ValidationError("У наставляемого не указана форма наставничества: укажите "
                                  "её в базе наставляемых.")
        if mentor.form_id is not None and mentor.form_id != mentee.form_id:
            forms = dict(session.execute(select(_form.id, _form.name)).all())
            raise ValidationError(
                f"Наставник {name} работает в форме «{forms[mentor.form_id]}», а наставляемый "
                f"— в форме «{forms[mentee.form_id]}». Пара составляется только в одной форме.")
        existing = session.scalars(
            select(MentoringPair).where(MentoringPair.mentor_profile_id == mentor.id,
                                        MentoringPair.form_id == mentee.form_id,
                                        MentoringPair.status.in_(list(ACTIVE_STATUSES)))
            .order_by(MentoringPair.id)).first()
        current = _active_member_row(session, mentee.id)
        if current is not None and existing is not None and current.pair_id == existing.id:
            raise ValidationError(f"Наставляемый уже в паре с наставником {name}.")
        pair_ids = [p for p in (existing.id if existing else None,
                                current.pair_id if current else None) if p is not None]
        tracker = _Tracker(session, pair_ids, [mentee.id], [mentor.id])
        _leave(session, current, day)
        pair = existing
        if pair is None:
            pair = MentoringPair(programme_id=mentee.programme_id, mentor_profile_id=mentor.id,
                                 form_id=mentee.form_id, status=PairStatus.FORMED,
                                 formed_on=day, status_changed_on=day, fixed_by_hand=True)
            session.add(pair)
            session.flush()
        _join(session, pair, mentee, day)
        session.flush()
        _sync_mentees(session, [mentee.id])
        person = mentee.person
        summary = (f"{short_name(person.last_name, person.first_name, person.middle_name)} → "
                   f"наставник {name}")
        audit.record(session, "assign", "mentoring_pair", pair.id, summary,
                     mentee_profile_id=mentee.id, new_pair=existing is None)
        return tracker.finish(summary, pair.id)


def _active_member_row(session: Session, mentee_id: int) -> PairMentee | None:
    return session.scalars(select(PairMentee).where(
        PairMentee.id.in_(_active_membership(mentee_id)))).first()


def _leave(session: Session, member: PairMentee | None, day: dt.date) -> None:
    """The mentee leaves the pair: history is kept, unless he joined it the same day."""
    if member is None:
        return
    if member.joined_on == day:
        session.delete(member)
    else:
        member.left_on = day
    session.flush()


def _join(session: Session, pair: MentoringPair, mentee: MenteeProfile, day: dt.date) -> None:
    if pair.mentor.person_id == mentee.person_id:  # a trigger refuses it too, less politely
        name = short_name(mentee.person.last_name, mentee.person.first_name,
                          mentee.person.middle_name)
        raise ValidationError(f"{name} не может быть наставником самому себе. "
                              "Выберите другого наставника.")
    row = session.scalars(select(PairMentee).where(PairMentee.pair_id == pair.id,
                                                   PairMentee.mentee_profile_id == mentee.id)
                          ).first()
    if row is None:
        session.add(PairMentee(pair_id=pair.id, mentee_profile_id=mentee.id, joined_on=day))
    else:
        row.left_on = None
