"""The meeting journal of a pair or group (stage 6): the one home of its rules and its writes.

A meeting has a date, a type of the methodology's cycle (`MeetingKind`: встреча-знакомство →
пробная рабочая встреча → встреча-планирование → рабочая встреча → итоговая встреча), a format
(очно / дистанционно), a topic, its content, result and assignment, a duration and who of the
mentees came. A planned meeting (`planned`) is one still to come; `confirm_held` marks it held.

`add_meetings` writes many meetings in one transaction (a mentor's paper journal handed in;
`add_meetings_in` the same inside a caller's transaction, e.g. the stage 6 wizard's Finish),
`edit_meeting` changes one, `delete_meetings` removes a selection, `confirm_held` marks planned
meetings held; each returns the `BoardChange` that `history.undo` / `history.redo` replay, like a
move on the board, and writes an audit entry.

The pair's status follows the journal: a held meeting of a later stage of the cycle moves it
forward (знакомство → планирование → работа → итоги), never backwards. A status the curator set
by hand (`mentoring_pair.status_by_curator`) and a finished or dissolved pair's status stay. A
planned meeting, or one dated after today, does not move the status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    MEETING_FORMAT_LABELS,
    MEETING_KIND_LABELS,
    PAIR_STATUS_LABELS,
    MeetingFormat,
    MeetingKind,
    PairStatus,
)
from nastavnik_desktop.data.models import (
    Meeting,
    MeetingAttendance,
    MenteeProfile,
    MentoringPair,
    PairMentee,
    Person,
    Programme,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.pair_silence import silent_pairs_select
from nastavnik_desktop.services.pairs.history import BoardChange, Tracker
from nastavnik_desktop.services.pairs.rules import (
    ACTIVE_STATUSES,
    pair_label,
    pair_logged,
    pair_or_error,
)

MEETING_CYCLE: tuple[MeetingKind, ...] = (
    MeetingKind.ACQUAINTANCE, MeetingKind.TRIAL, MeetingKind.PLANNING, MeetingKind.WORKING,
    MeetingKind.FINAL)
"""The meeting types in the order of the methodology's cycle (labels: MEETING_KIND_LABELS)."""


STATUS_OF_KIND: dict[MeetingKind, PairStatus] = {
    MeetingKind.ACQUAINTANCE: PairStatus.ACQUAINTANCE,
    MeetingKind.TRIAL: PairStatus.ACQUAINTANCE,
    MeetingKind.PLANNING: PairStatus.PLANNING,
    MeetingKind.WORKING: PairStatus.WORKING,
    MeetingKind.FINAL: PairStatus.RESULTS,
}
"""The pair's status a held meeting of each type brings it to."""
_STATUS_ORDER = (PairStatus.FORMED, PairStatus.ACQUAINTANCE, PairStatus.PLANNING,
                 PairStatus.WORKING, PairStatus.RESULTS)

PLANNED_AHEAD = dt.timedelta(days=366)
"""How far ahead a planned meeting may be when the programme has no end date."""


@dataclass(frozen=True)
class MeetingEntry:
    """One meeting as the curator enters it. `attendance`: mentee profile id → present; None
    means every mentee now in the pair came. `planned`: a meeting still to come (its date may
    be after today)."""

    held_on: dt.date
    kind: MeetingKind
    format: MeetingFormat = MeetingFormat.IN_PERSON
    topic: str = ""
    content: str = ""
    result: str = ""
    assignment: str = ""
    duration_minutes: int | None = None
    attendance: Mapping[int, bool] | None = None
    planned: bool = False


@dataclass(frozen=True)
class Attendance:
    mentee_profile_id: int
    name: str
    present: bool


@dataclass(frozen=True)
class MeetingRecord:
    id: int
    held_on: dt.date
    kind: MeetingKind
    kind_label: str
    format: MeetingFormat
    format_label: str
    topic: str
    content: str
    result: str
    assignment: str
    duration_minutes: int | None
    attendance: tuple[Attendance, ...]
    planned: bool = False


@dataclass(frozen=True)
class Journal:
    """A pair's journal, meetings by date (then by entry)."""

    pair_id: int
    status: PairStatus
    formed_on: dt.date | None
    meetings: tuple[MeetingRecord, ...]
    mentees: tuple[Attendance, ...] = field(default=())
    """The mentees now in the pair (present=True), for the attendance columns of a new row."""
    status_by_curator: bool = False
    """The curator set the status by hand: the journal does not move it."""

    @property
    def last_held_on(self) -> dt.date | None:
        return self.meetings[-1].held_on if self.meetings else None


@dataclass(frozen=True)
class SilentPair:
    pair_id: int
    last_meeting_on: dt.date | None
    """None: no meeting yet (the silence is counted from the day the pair was formed)."""
    silent_days: int


def _columns(entry: MeetingEntry) -> dict[str, Any]:
    """The meeting's columns from an entry (other than kind, date, duration, topic)."""
    return {"format": MeetingFormat(entry.format), "content": entry.content.strip(),
            "result": entry.result.strip(), "assignment": entry.assignment.strip(),
            "planned": bool(entry.planned), "notes": ""}


# --- checks ---------------------------------------------------------------------------------

def _meeting_or_error(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise ValidationError("Встреча не найдена: возможно, её удалили. Обновите журнал.")
    return meeting


def _check(session: Session, pair: MentoringPair, entry: MeetingEntry, where: str,
           today: dt.date) -> dict[int, bool]:
    """The entry's attendance, or a ValidationError naming the row (`where`)."""
    day = entry.held_on
    if entry.planned:
        programme = session.get(Programme, pair.programme_id)
        limit = (programme.ends_on if programme is not None and programme.ends_on
                 else today + PLANNED_AHEAD)
        if day > limit:
            raise ValidationError(
                f"{where}: запланированная встреча {day:%d.%m.%Y} позже окончания программы "
                f"({limit:%d.%m.%Y}). Исправьте дату.")
    elif day > today:
        raise ValidationError(
            f"{where}: дата {day:%d.%m.%Y} ещё не наступила. Исправьте дату или отметьте "
            "встречу как запланированную.")
    if pair.formed_on is not None and day < pair.formed_on:
        raise ValidationError(
            f"{where}: дата {day:%d.%m.%Y} раньше, чем пара сформирована "
            f"({pair.formed_on:%d.%m.%Y}). Исправьте дату.")
    if pair.ended_on is not None and day > pair.ended_on:
        raise ValidationError(
            f"{where}: дата {day:%d.%m.%Y} позже, чем пара закончила работу "
            f"({pair.ended_on:%d.%m.%Y}). Исправьте дату.")
    if entry.duration_minutes is not None and entry.duration_minutes <= 0:
        raise ValidationError(
            f"{where}: продолжительность должна быть больше нуля минут "
            f"(указано {entry.duration_minutes}). Исправьте её или оставьте пустой.")
    try:
        MeetingKind(entry.kind)
        MeetingFormat(entry.format)
    except ValueError:
        raise ValidationError(f"{where}: выберите вид и формат встречи из списка.") from None
    members = {m.mentee_profile_id: m for m in pair.members}
    if entry.attendance is None:
        return {mentee_id: True for mentee_id, m in members.items() if m.left_on is None}
    strangers = sorted(set(entry.attendance) - set(members))
    if strangers:
        names = ", ".join(_mentee_name(session, mentee_id) for mentee_id in strangers)
        raise ValidationError(
            f"{where}: {names} — не в этой паре. Отметьте посещение только её наставляемых.")
    return {mentee_id: bool(present) for mentee_id, present in entry.attendance.items()}


def _mentee_name(session: Session, mentee_id: int) -> str:
    mentee = session.get(MenteeProfile, mentee_id)
    if mentee is None:
        return "наставляемый не найден в базе"
    person = mentee.person
    return short_name(person.last_name, person.first_name, person.middle_name)


def _row_label(number: int, count: int) -> str:
    return f"Строка {number}" if count > 1 else "Встреча"


# --- the status following the journal --------------------------------------------------------

def follow_journal(session: Session, pair: MentoringPair, today: dt.date) -> PairStatus | None:
    """Move the pair's status forward to what its held meetings reached; the old status if it
    moved, else None. Never backwards, never out of «завершена» / «расторгнута»."""
    if pair.status not in ACTIVE_STATUSES or pair.status_by_curator:
        return None
    session.flush()
    held = session.execute(select(Meeting.kind, func.min(Meeting.held_on))
                           .where(Meeting.pair_id == pair.id, Meeting.held_on <= today,
                                  Meeting.planned.is_(False))
                           .group_by(Meeting.kind)).all()
    reached: dict[PairStatus, dt.date] = {}
    for kind, first_on in held:
        status = STATUS_OF_KIND[kind]
        reached[status] = min(first_on, reached.get(status, first_on))
    if not reached:
        return None
    target = max(reached, key=_STATUS_ORDER.index)
    if _STATUS_ORDER.index(target) <= _STATUS_ORDER.index(pair.status):
        return None
    previous = pair.status
    pair.status, pair.status_changed_on = target, reached[target]
    return previous


def _status_note(pair: MentoringPair, previous: PairStatus | None) -> str:
    if previous is None:
        return ""
    return (f"; этап «{PAIR_STATUS_LABELS[previous]}» → "
            f"«{PAIR_STATUS_LABELS[pair.status]}»")


# --- writes ---------------------------------------------------------------------------------

def add_meetings_in(session: Session, pair_id: int, entries: Sequence[MeetingEntry], *,
                    today: dt.date, where: str = "") -> tuple[MentoringPair, PairStatus | None]:
    """The meetings of `entries` added to the pair's journal inside the caller's transaction
    (no audit entry: the caller writes its own); the status follows the journal. Returns the
    pair and its old status if it moved. `where` names the pair in a refusal (a wizard's
    many pairs); by default the refusal names the row."""
    if not entries:
        raise ValidationError("Нет встреч для записи: заполните хотя бы одну строку.")
    pair = pair_or_error(session, pair_id)
    for number, entry in enumerate(entries, start=1):
        label = where or _row_label(number, len(entries))
        attendance = _check(session, pair, entry, label, today)
        session.add(Meeting(
            pair_id=pair.id, kind=MeetingKind(entry.kind), held_on=entry.held_on,
            duration_minutes=entry.duration_minutes, topic=entry.topic.strip(),
            **_columns(entry),
            attendance=[MeetingAttendance(mentee_profile_id=mentee_id, present=present)
                        for mentee_id, present in sorted(attendance.items())]))
    return pair, follow_journal(session, pair, today)


def add_meetings(db: Database, pair_id: int, entries: Sequence[MeetingEntry], *,
                 today: dt.date) -> BoardChange:
    """Add the meetings of `entries` to the pair's journal in one transaction: all or none."""
    if not entries:
        raise ValidationError("Нет встреч для записи: заполните хотя бы одну строку.")
    with db.transaction() as session:
        pair = pair_or_error(session, pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        pair, previous = add_meetings_in(session, pair.id, entries, today=today)
        count = len(entries)
        summary = (f"{pair_label(pair)}: в журнал {_meetings_word(count)}"
                   f"{_status_note(pair, previous)}")
        logged = pair_logged(pair, summary)
        audit.record(session, "add_meetings", "mentoring_pair", pair.id, logged,
                     count=count, status=pair.status.value)
        return tracker.finish(summary, pair.id, logged=logged)


def _meetings_word(count: int) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return f"добавлена {count} встреча"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return f"добавлены {count} встречи"
    return f"добавлено {count} встреч"


def edit_meeting(db: Database, meeting_id: int, entry: MeetingEntry, *,
                 today: dt.date) -> BoardChange:
    """Replace a meeting's fields and attendance with those of `entry`."""
    with db.transaction() as session:
        meeting = _meeting_or_error(session, meeting_id)
        pair = pair_or_error(session, meeting.pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        attendance = _check(session, pair, entry, "Встреча", today)
        meeting.kind, meeting.held_on = MeetingKind(entry.kind), entry.held_on
        meeting.duration_minutes, meeting.topic = entry.duration_minutes, entry.topic.strip()
        for name, value in _columns(entry).items():
            setattr(meeting, name, value)
        meeting.attendance = [MeetingAttendance(mentee_profile_id=mentee_id, present=present)
                              for mentee_id, present in sorted(attendance.items())]
        previous = follow_journal(session, pair, today)
        summary = (f"{pair_label(pair)}: изменена встреча {entry.held_on:%d.%m.%Y}"
                   f"{_status_note(pair, previous)}")
        logged = pair_logged(pair, summary)
        audit.record(session, "edit_meeting", "meeting", meeting.id, logged, pair_id=pair.id)
        return tracker.finish(summary, pair.id, logged=logged)


def delete_meeting(db: Database, meeting_id: int) -> BoardChange:
    """Remove a meeting from the journal (undoable). The pair's status stays as it is."""
    return delete_meetings(db, [meeting_id])


def delete_meetings(db: Database, meeting_ids: Sequence[int]) -> BoardChange:
    """Remove the meetings (of one pair, the selection of its journal) in one undoable
    change. The pair's status stays as it is."""
    with db.transaction() as session:
        meetings = _meetings_of_one_pair(session, meeting_ids)
        pair = pair_or_error(session, meetings[0].pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        if len(meetings) == 1:
            meeting = meetings[0]
            summary = (f"{pair_label(pair)}: удалена встреча {meeting.held_on:%d.%m.%Y} "
                       f"({MEETING_KIND_LABELS[meeting.kind]})")
        else:
            summary = f"{pair_label(pair)}: удалены встречи ({len(meetings)})"
        for meeting in meetings:
            session.delete(meeting)
        session.flush()
        logged = pair_logged(pair, summary)
        for meeting_id in sorted({m.id for m in meetings}):
            audit.record(session, "delete_meeting", "meeting", meeting_id, logged,
                         pair_id=pair.id)
        return tracker.finish(summary, pair.id, logged=logged)


def confirm_held(db: Database, meeting_ids: Sequence[int], *, today: dt.date) -> BoardChange:
    """Mark planned meetings (of one pair) as held, as they were planned; the status follows.
    A meeting dated after today is refused: it has not taken place yet."""
    with db.transaction() as session:
        meetings = _meetings_of_one_pair(session, meeting_ids)
        pair = pair_or_error(session, meetings[0].pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        for meeting in meetings:
            if meeting.held_on > today:
                raise ValidationError(
                    f"Встреча {meeting.held_on:%d.%m.%Y} ещё не наступила: её нельзя отметить "
                    "как проведённую. Исправьте дату, если встреча прошла раньше.")
            meeting.planned = False
        previous = follow_journal(session, pair, today)
        days = ", ".join(f"{m.held_on:%d.%m.%Y}" for m in meetings)
        summary = (f"{pair_label(pair)}: проведена встреча {days}"
                   if len(meetings) == 1 else
                   f"{pair_label(pair)}: проведены встречи {days}") + _status_note(pair, previous)
        logged = pair_logged(pair, summary)
        audit.record(session, "confirm_held", "mentoring_pair", pair.id, logged,
                     count=len(meetings), status=pair.status.value)
        return tracker.finish(summary, pair.id, logged=logged)


def _meetings_of_one_pair(session: Session, meeting_ids: Sequence[int]) -> list[Meeting]:
    """The meetings by date, or a ValidationError when none is given, one is gone or they
    belong to different pairs."""
    if not meeting_ids:
        raise ValidationError("Не выбрано ни одной встречи. Выделите встречи в журнале.")
    meetings = [_meeting_or_error(session, meeting_id)
                for meeting_id in dict.fromkeys(meeting_ids)]
    if len({m.pair_id for m in meetings}) > 1:
        raise ValidationError("Выбраны встречи разных пар. Выделите встречи одной пары.")
    return sorted(meetings, key=lambda m: (m.held_on, m.id))


# --- reads ----------------------------------------------------------------------------------

def journal(db: Database, pair_id: int) -> Journal:
    """The pair's meetings by date, with attendance by name."""
    with db.reading() as session:
        pair = pair_or_error(session, pair_id)
        names = {
            row.id: short_name(row.last_name, row.first_name, row.middle_name)
            for row in session.execute(
                select(MenteeProfile.id, Person.last_name, Person.first_name, Person.middle_name)
                .join(Person, MenteeProfile.person_id == Person.id)
                .join(PairMentee, PairMentee.mentee_profile_id == MenteeProfile.id)
                .where(PairMentee.pair_id == pair_id))}
        attendance: dict[int, list[Attendance]] = {}
        for row in session.execute(
                select(MeetingAttendance.meeting_id, MeetingAttendance.mentee_profile_id,
                       MeetingAttendance.present)
                .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
                .where(Meeting.pair_id == pair_id)):
            attendance.setdefault(row.meeting_id, []).append(Attendance(
                row.mentee_profile_id, names.get(row.mentee_profile_id, "—"), bool(row.present)))
        meetings = []
        for m in session.scalars(select(Meeting).where(Meeting.pair_id == pair_id)
                                 .order_by(Meeting.held_on, Meeting.id)):
            meetings.append(MeetingRecord(
                id=m.id, held_on=m.held_on, kind=m.kind, kind_label=MEETING_KIND_LABELS[m.kind],
                format=m.format, format_label=MEETING_FORMAT_LABELS[m.format], topic=m.topic,
                content=m.content, result=m.result, assignment=m.assignment,
                duration_minutes=m.duration_minutes, planned=m.planned,
                attendance=tuple(sorted(attendance.get(m.id, ()), key=lambda a: a.name))))
        mentees = tuple(sorted((Attendance(m.mentee_profile_id,
                                           names.get(m.mentee_profile_id, "—"), True)
                                for m in pair.members if m.left_on is None),
                               key=lambda a: a.name))
        return Journal(pair.id, pair.status, pair.formed_on, tuple(meetings), mentees,
                       bool(pair.status_by_curator))


def silent_pairs(db: Database, programme_id: int, *, today: dt.date,
                 weeks: int | None = None) -> tuple[SilentPair, ...]:
    """The silent pairs (`services.pair_silence`; `weeks` is the setting SILENT_PAIR_WEEKS by
    default), the longest silence first."""
    with db.reading() as session:
        if weeks is None:
            weeks = settings.load(session, settings.SILENT_PAIR_WEEKS)
        rows = session.execute(silent_pairs_select(programme_id, today=today, weeks=weeks))
        silent = [SilentPair(pair_id, last_on, (today - since).days)
                  for pair_id, last_on, since in rows]
    return tuple(sorted(silent, key=lambda s: (-s.silent_days, s.pair_id)))
