"""The moves the curator makes on the board «Пары и группы» (stages 5–6): a pair to another stage
of its work, closing and reopening it, a mentee to another pair or back to the base, a mentee
given a mentor.

Each move is one transaction with an audit entry, runs inside a `history.Tracker` (which checks
the hard rules of `rules` on the result, so a refused move changes nothing) and returns the
`BoardChange` that `history.undo` and `history.redo` replay. The rows are written by `writer`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    MENTOR_STATUS_LABELS,
    PAIR_STATUS_LABELS,
    MenteeStatus,
    MentorStatus,
    PairStatus,
)
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.pairs.history import BoardChange, Tracker
from nastavnik_desktop.services.pairs.rules import (
    ACTIVE_STATUSES,
    FREE_MENTEE_STATUSES,
    pair_label,
    pair_logged,
    pair_number,
    pair_or_error,
)
from nastavnik_desktop.services.pairs.writer import (
    active_member_row,
    create_pair,
    join,
    leave,
    sync_mentees,
)

_form = MentoringForm.__table__.c
BY_CURATOR_NOTE = " (вручную, в карточке пары)"


def _mentee_or_error(session: Session, mentee_profile_id: int) -> MenteeProfile:
    mentee = session.get(MenteeProfile, mentee_profile_id)
    if mentee is None:
        raise ValidationError("Наставляемый не найден в базе: возможно, его удалили. "
                              "Обновите страницу.")
    return mentee


def _current_members(pair: MentoringPair) -> list[PairMentee]:
    return [m for m in pair.members if m.left_on is None]


def move_status(db: Database, pair_id: int, status: PairStatus, *,
                on: dt.date | None = None, by_curator: bool = False) -> BoardChange:
    """Move a pair to another stage of its work (a column of the board).

    «завершена» finishes its mentees; leaving «завершена» brings them back into the pair.
    «расторгнута» needs a reason (`close_pair`); leaving it is `reopen_pair`.
    `by_curator`: the curator set the status by hand in the pair card, so the meeting journal
    no longer moves it (`mentoring_pair.status_by_curator`, also in the status history).
    """
    day = on or dt.date.today()
    status = PairStatus(status)
    with db.transaction() as session:
        pair = pair_or_error(session, pair_id)
        if pair.status is PairStatus.TERMINATED:
            return _reopen(session, pair, status, day, by_curator=by_curator)
        if status is PairStatus.TERMINATED:
            raise ValidationError("Чтобы расторгнуть пару, укажите причину: команда "
                                  "«Расторгнуть пару…» в меню карточки.")
        if status is pair.status:
            raise ValidationError(f"Пара уже на этапе «{PAIR_STATUS_LABELS[status]}».")
        members = _current_members(pair)
        tracker = Tracker(session, [pair.id], [m.mentee_profile_id for m in members])
        previous = pair.status
        if by_curator:
            pair.status_by_curator = True
        pair.status, pair.status_changed_on = status, day
        if status is PairStatus.COMPLETED:
            pair.ended_on = day
            for member in members:
                if member.mentee.status in FREE_MENTEE_STATUSES:
                    member.mentee.status, member.mentee.left_on = MenteeStatus.FINISHED, day
        elif previous is PairStatus.COMPLETED:
            pair.ended_on = None
            for member in members:
                if member.mentee.status is MenteeStatus.FINISHED:
                    member.mentee.status, member.mentee.left_on = MenteeStatus.PAIRED, None
        summary = (f"{pair_label(pair)}: «{PAIR_STATUS_LABELS[previous]}» → "
                   f"«{PAIR_STATUS_LABELS[status]}»{BY_CURATOR_NOTE if by_curator else ''}")
        logged = pair_logged(pair, summary)
        audit.record(session, "move_status", "mentoring_pair", pair.id, logged,
                     before=previous.value, after=status.value)
        return tracker.finish(summary, pair.id, logged=logged)


def close_pair(db: Database, pair_id: int, reason: str, *,
               on: dt.date | None = None) -> BoardChange:
    """«Расторгнуть»: the pair ends with a reason, its mentees go back to the base."""
    day = on or dt.date.today()
    text = reason.strip()
    if not text:
        raise ValidationError("Укажите причину расторжения пары: она попадёт в базу "
                              "наставляемых и в отчёты.")
    with db.transaction() as session:
        pair = pair_or_error(session, pair_id)
        if pair.status not in ACTIVE_STATUSES:
            raise ValidationError(f"Пара уже {PAIR_STATUS_LABELS[pair.status]}: расторгнуть "
                                  "можно только действующую пару.")
        members = _current_members(pair)
        mentee_ids = [m.mentee_profile_id for m in members]
        tracker = Tracker(session, [pair.id], mentee_ids)
        previous = pair.status
        pair.status, pair.close_reason = PairStatus.TERMINATED, text
        pair.ended_on = pair.status_changed_on = day
        for member in members:
            member.left_on = day
        session.flush()
        sync_mentees(session, mentee_ids)
        summary = f"{pair_label(pair)} расторгнута"
        logged = pair_logged(pair, summary)
        audit.record(session, "close", "mentoring_pair", pair.id, logged,
                     before=previous.value, reason=text)
        return tracker.finish(summary, pair.id, logged=logged)


def reopen_pair(db: Database, pair_id: int, status: PairStatus = PairStatus.WORKING, *,
                on: dt.date | None = None) -> BoardChange:
    """Take a terminated pair back into work at `status`, with the mentees it had when closed."""
    with db.transaction() as session:
        pair = pair_or_error(session, pair_id)
        return _reopen(session, pair, PairStatus(status), on or dt.date.today())


def _reopen(session: Session, pair: MentoringPair, status: PairStatus,
            day: dt.date, *, by_curator: bool = False) -> BoardChange:
    if pair.status is not PairStatus.TERMINATED:
        raise ValidationError("Возобновить можно только расторгнутую пару.")
    if status not in ACTIVE_STATUSES:
        raise ValidationError(f"Расторгнутую пару можно вернуть только в работу, а не на "
                              f"этап «{PAIR_STATUS_LABELS[status]}».")
    returning = [m for m in pair.members
                 if m.left_on is not None and pair.ended_on is not None
                 and m.left_on >= pair.ended_on and m.mentee.status in FREE_MENTEE_STATUSES
                 and active_member_row(session, m.mentee_profile_id) is None]
    mentee_ids = [m.mentee_profile_id for m in returning]
    tracker = Tracker(session, [pair.id], mentee_ids)
    if by_curator:
        pair.status_by_curator = True
    pair.status, pair.status_changed_on = status, day
    pair.ended_on, pair.close_reason = None, ""
    for member in returning:
        member.left_on = None
    session.flush()
    sync_mentees(session, mentee_ids)
    summary = f"{pair_label(pair)} возобновлена («{PAIR_STATUS_LABELS[status]}»)"
    logged = pair_logged(pair, summary)
    audit.record(session, "reopen", "mentoring_pair", pair.id, logged, status=status.value)
    return tracker.finish(summary, pair.id, logged=logged)


def move_mentee(db: Database, mentee_profile_id: int, to_pair_id: int | None, *,
                on: dt.date | None = None) -> BoardChange:
    """Move a mentee into pair `to_pair_id` (a group then), or back to the base with None."""
    day = on or dt.date.today()
    with db.transaction() as session:
        mentee = _mentee_or_error(session, mentee_profile_id)
        target = None if to_pair_id is None else pair_or_error(session, to_pair_id)
        current = active_member_row(session, mentee.id)
        if current is not None and target is not None and current.pair_id == target.id:
            raise ValidationError("Наставляемый уже в этой паре.")
        if current is None and target is None:
            raise ValidationError("Наставляемый и так в базе без наставника.")
        if target is not None and target.status not in ACTIVE_STATUSES:
            raise ValidationError(f"Пара {PAIR_STATUS_LABELS[target.status]}: добавить в неё "
                                  "наставляемого нельзя.")
        pair_ids = [p for p in (current.pair_id if current else None, to_pair_id) if p]
        tracker = Tracker(session, pair_ids, [mentee.id])
        leave(session, current, day)
        if target is not None:
            join(session, target, mentee, day)
        session.flush()
        sync_mentees(session, [mentee.id])
        name = short_name(mentee.person.last_name, mentee.person.first_name,
                          mentee.person.middle_name)
        summary = (f"{name} → {pair_label(target)}" if target is not None
                   else f"{name} → в базу без наставника")
        logged = (f"наставляемый № {mentee.id} → "
                  + (pair_number(target.id) if target is not None else "в базу без наставника"))
        audit.record(session, "move_mentee", "mentee_profile", mentee.id, logged,
                     from_pair=current.pair_id if current else None, to_pair=to_pair_id)
        return tracker.finish(summary, to_pair_id or (current.pair_id if current else None),
                              logged=logged)


def assign_to_mentor(db: Database, mentee_profile_id: int, mentor_profile_id: int, *,
                     on: dt.date | None = None) -> BoardChange:
    """Give a mentee this mentor: into the mentor's active pair of the form (a group then), or
    a new pair «сформирована»."""
    day = on or dt.date.today()
    with db.transaction() as session:
        mentee = _mentee_or_error(session, mentee_profile_id)
        mentor, name, form_id = _mentor_for(session, mentee, mentor_profile_id)
        existing = session.scalars(
            select(MentoringPair).where(MentoringPair.mentor_profile_id == mentor.id,
                                        MentoringPair.form_id == form_id,
                                        MentoringPair.status.in_(list(ACTIVE_STATUSES)))
            .order_by(MentoringPair.id)).first()
        current = active_member_row(session, mentee.id)
        if current is not None and existing is not None and current.pair_id == existing.id:
            raise ValidationError(f"Наставляемый уже в паре с наставником {name}.")
        pair_ids = [p for p in (existing.id if existing else None,
                                current.pair_id if current else None) if p is not None]
        tracker = Tracker(session, pair_ids, [mentee.id], [mentor.id])
        leave(session, current, day)
        pair = existing or create_pair(
            session, programme_id=mentee.programme_id, mentor_profile_id=mentor.id,
            form_id=form_id, mentees=(), day=day, fixed_by_hand=True)
        join(session, pair, mentee, day)
        session.flush()
        sync_mentees(session, [mentee.id])
        person = mentee.person
        summary = (f"{short_name(person.last_name, person.first_name, person.middle_name)} → "
                   f"наставник {name}")
        logged = (f"наставляемый № {mentee.id} → наставник № {mentor.id} "
                  f"({pair_number(pair.id)})")
        audit.record(session, "assign", "mentoring_pair", pair.id, logged,
                     mentee_profile_id=mentee.id, new_pair=existing is None)
        return tracker.finish(summary, pair.id, logged=logged)


def _mentor_for(session: Session, mentee: MenteeProfile,
                mentor_profile_id: int) -> tuple[MentorProfile, str, int]:
    """The mentor, his short name and the form, if he may take the mentee: admitted, of the
    programme and of the mentee's form (the other rules are checked on the result)."""
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
    return mentor, name, mentee.form_id
