"""What a move on the board did, exactly enough to undo and redo it.

Each move (`moves`) runs inside a `Tracker`, which reads the rows the move may touch (pairs,
memberships, mentee profiles) before and after it and keeps those that differ in a
`BoardChange`. `undo(db, change)` puts those rows back exactly as they were (a pair made by the
move disappears, a membership it removed comes back with its id) and `redo(db, change)` applies
the move again with the same ids, so the board's undo stack replays faithfully. Both refuse when
the rows were changed since, and both pass the result through the same hard rules (`rules`) as
the moves themselves.

A change of the pair's work — the meeting journal (`journal`), the development plan
(`services.plans`), the control notes — is a `BoardChange` too: its tracker (`work=True`) also
reads the rows its pairs own (`PAIR_WORK`: meetings, each with its attendance as one pseudo-row
«meeting_attendance» since attendance rows have no id of their own; plan items; notes), so the
same undo stack replays it. The status history (`pair_status_change`) is written by triggers and
is not replayed: an undo shows in it as one more change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import (
    Meeting,
    MeetingAttendance,
    MenteeProfile,
    MentoringPair,
    PairMentee,
    PairNote,
    PlanItem,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.pairs.rules import (
    active_membership,
    check_capacity,
    check_member,
    mentor_loads,
    pair_number,
)

_pair = MentoringPair.__table__.c
_member = PairMentee.__table__.c
_mentee = MenteeProfile.__table__.c
_meeting = Meeting.__table__.c
_attendance = MeetingAttendance.__table__.c

RowKey = tuple[str, int]
"""(table name, row id)"""
RowValues = tuple[tuple[str, Any], ...]
"""The tracked columns of a row and their values; None for a row that does not exist."""

_PAIR_TABLE: Table = MentoringPair.__table__  # type: ignore[assignment]
_MEMBER_TABLE: Table = PairMentee.__table__  # type: ignore[assignment]
_MENTEE_TABLE: Table = MenteeProfile.__table__  # type: ignore[assignment]
_MEETING_TABLE: Table = Meeting.__table__  # type: ignore[assignment]
_ATTENDANCE_TABLE: Table = MeetingAttendance.__table__  # type: ignore[assignment]
_PLAN_TABLE: Table = PlanItem.__table__  # type: ignore[assignment]
_NOTE_TABLE: Table = PairNote.__table__  # type: ignore[assignment]
_TRACKED: dict[str, tuple[Table, tuple[str, ...]]] = {
    "mentoring_pair": (_PAIR_TABLE, tuple(c.name for c in _PAIR_TABLE.columns
                                          if c.name not in ("created_at", "updated_at"))),
    "pair_mentee": (_MEMBER_TABLE, tuple(c.name for c in _MEMBER_TABLE.columns)),
    "mentee_profile": (_MENTEE_TABLE, ("id", "status", "left_on")),
    "meeting": (_MEETING_TABLE, tuple(c.name for c in _MEETING_TABLE.columns)),
    "plan_item": (_PLAN_TABLE, tuple(c.name for c in _PLAN_TABLE.columns)),
    "pair_note": (_NOTE_TABLE, tuple(c.name for c in _NOTE_TABLE.columns)),
}
PAIR_WORK = ("meeting", "plan_item", "pair_note")
"""The tables of rows a pair owns (a `pair_id` column), read by a tracker with `work=True`."""
_ATTENDANCE = "meeting_attendance"
"""Pseudo-table: the key is a meeting's id, the value its attendance as one `rows` column."""
_INSERT_ORDER = ("mentoring_pair", "pair_mentee", "mentee_profile", *PAIR_WORK, _ATTENDANCE)


@dataclass(frozen=True)
class BoardChange:
    """What one move did: enough to undo it exactly and to redo it with the same ids."""

    summary: str
    pair_id: int | None
    """The pair the curator worked with (where the card or the mentee is after the move)."""
    before: tuple[tuple[RowKey, RowValues | None], ...]
    after: tuple[tuple[RowKey, RowValues | None], ...]
    logged: str = ""
    """The summary as the audit log keeps it (no person named); "" — the pair's number."""


class Tracker:
    """Reads the rows a move may touch before and after it, and keeps the ones that differ."""

    def __init__(self, session: Session, pair_ids: Iterable[int], mentee_ids: Iterable[int],
                 mentor_ids: Iterable[int] = (), *, work: bool = False) -> None:
        self.session = session
        self.work = work
        """Also read the rows the pairs own (`PAIR_WORK`): a change of the pair's work."""
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
        if self.work:
            for name in PAIR_WORK:
                wheres[name] = _TRACKED[name][0].c.pair_id.in_(self.pair_ids)
        for name, where in wheres.items():
            rows.update(_read_rows(self.session, name, where))
        if self.work:
            rows.update(_read_attendance(self.session, [row_id for (name, row_id) in rows
                                                        if name == "meeting"]))
        return rows

    def _mentor_ids(self) -> set[int]:
        return self.mentor_ids | set(self.session.scalars(select(_pair.mentor_profile_id).where(
            or_(_pair.id.in_(self.pair_ids),
                _pair.id.in_(select(_member.pair_id).where(
                    _member.mentee_profile_id.in_(self.mentee_ids)))))))

    def _mentor_loads(self) -> dict[int, int]:
        return mentor_loads(self.session, self._mentor_ids())

    def _active_memberships(self) -> set[tuple[int, int]]:
        return {(r.pair_id, r.mentee_profile_id) for r in self.session.execute(
            select(_member.pair_id, _member.mentee_profile_id)
            .join(MentoringPair.__table__, active_membership())
            .where(or_(_member.pair_id.in_(self.pair_ids),
                       _member.mentee_profile_id.in_(self.mentee_ids))))}

    def finish(self, summary: str, pair_id: int | None, *, logged: str = "") -> BoardChange:
        """Check the hard rules on the result and describe the change."""
        if pair_id is not None:
            self.pair_ids.add(pair_id)
        after = self._read()
        self.check_rules()
        keys = sorted(k for k in set(self.before) | set(after)
                      if self.before.get(k) != after.get(k))
        return BoardChange(summary, pair_id,
                           before=tuple((k, self.before.get(k)) for k in keys),
                           after=tuple((k, after.get(k)) for k in keys), logged=logged)

    def check_rules(self) -> None:
        joined = self._active_memberships() - self.active_before
        for pair_id, mentee_id in sorted(joined):
            check_member(self.session, pair_id, mentee_id)
        loads = self._mentor_loads()
        for mentor_id, load in loads.items():
            if load > self.loads_before.get(mentor_id, 0):
                check_capacity(self.session, mentor_id, load)


def _read_rows(session: Session, name: str,
               where: ColumnElement[bool]) -> dict[RowKey, RowValues]:
    table, columns = _TRACKED[name]
    return {(name, row.id): tuple((c, getattr(row, c)) for c in columns)
            for row in session.execute(select(*(table.c[c] for c in columns)).where(where))}


def _read_attendance(session: Session, meeting_ids: Iterable[int]) -> dict[RowKey, RowValues]:
    """Each existing meeting's attendance as one pseudo-row (an empty one included)."""
    ids = list(meeting_ids)
    found: dict[int, list[tuple[int, bool]]] = {
        meeting_id: [] for meeting_id in session.scalars(
            select(_meeting.id).where(_meeting.id.in_(ids)))}
    for row in session.execute(select(_attendance.meeting_id, _attendance.mentee_profile_id,
                                      _attendance.present)
                               .where(_attendance.meeting_id.in_(ids))
                               .order_by(_attendance.mentee_profile_id)):
        found[row.meeting_id].append((row.mentee_profile_id, bool(row.present)))
    return {(_ATTENDANCE, meeting_id): (("rows", tuple(rows)),)
            for meeting_id, rows in found.items()}


def _read_keys(session: Session, keys: Iterable[RowKey]) -> dict[RowKey, RowValues]:
    ids: dict[str, list[int]] = defaultdict(list)
    for name, row_id in keys:
        ids[name].append(row_id)
    rows: dict[RowKey, RowValues] = {}
    for name, row_ids in ids.items():
        if name == _ATTENDANCE:
            rows.update(_read_attendance(session, row_ids))
        else:
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
        pair_ids |= {dict(v)["pair_id"] for (name, _), v in (*target.items(), *expected.items())
                     if name in PAIR_WORK and v is not None}
        work = any(name in (*PAIR_WORK, _ATTENDANCE) for (name, _) in target)
        tracker = Tracker(session, pair_ids, mentee_ids, mentor_ids, work=work)
        current = _read_keys(session, target)
        if any(current.get(key) != values for key, values in expected.items()):
            raise ValidationError(
                "Пары изменились после этого действия, поэтому отменить или повторить его "
                "нельзя. Измените пары на доске вручную.")
        _write(session, target, current)
        tracker.check_rules()
        word = "Повторено" if forward else "Отменено"
        audit.record(session, "redo" if forward else "undo", "mentoring_pair", change.pair_id,
                     f"{word}: {change.logged or pair_number(change.pair_id)}")
    return change


def _write(session: Session, target: Mapping[RowKey, RowValues | None],
           current: Mapping[RowKey, RowValues]) -> None:
    deletes = [k for k, v in target.items() if v is None and k in current]
    for name in reversed(_INSERT_ORDER):
        ids = [row_id for (n, row_id) in deletes if n == name]
        if ids and name == _ATTENDANCE:
            session.execute(delete(_ATTENDANCE_TABLE).where(
                _ATTENDANCE_TABLE.c.meeting_id.in_(ids)))
        elif ids:
            table = _TRACKED[name][0]
            session.execute(delete(table).where(table.c.id.in_(ids)))
    for name in _INSERT_ORDER:
        if name == _ATTENDANCE:
            _write_attendance(session, target)
            continue
        table = _TRACKED[name][0]
        for (n, row_id), values in target.items():
            if n != name or values is None:
                continue
            if (n, row_id) in current:
                session.execute(update(table).where(table.c.id == row_id).values(dict(values)))
            else:
                session.execute(insert(table).values(dict(values)))


def _write_attendance(session: Session, target: Mapping[RowKey, RowValues | None]) -> None:
    for (name, meeting_id), values in target.items():
        if name != _ATTENDANCE or values is None:
            continue
        session.execute(delete(_ATTENDANCE_TABLE).where(
            _ATTENDANCE_TABLE.c.meeting_id == meeting_id))
        rows = dict(values)["rows"]
        if rows:
            session.execute(insert(_ATTENDANCE_TABLE), [
                {"meeting_id": meeting_id, "mentee_profile_id": mentee_id, "present": present}
                for mentee_id, present in rows])
