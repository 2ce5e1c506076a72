"""The rows of pairs written in one place: a new pair or group with its mentees, a mentee joining
or leaving a pair, the mentees' «в паре» / «в базе». The moves of the board (`moves`) and the
proposals of matching (`services.matching.apply`) both write through these, inside their own
transaction.

Memberships keep history: a mentee who leaves a pair in work gets `left_on`, and a closed pair
keeps its mentees (they left on `ended_on`). Only a membership made the same day is deleted when
the mentee moves on: that is a correction, not an event of the pair's history.

Erasing a person from the school (`services.people.erasure`) is the other exception: the pairs
lose every trace of him through `forget_members` (`pairs_of_erased` says beforehand what goes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Integer, delete, func, select
from sqlalchemy.orm import Session, selectinload

from nastavnik_desktop.data.enums import MenteeStatus, PairStatus
from nastavnik_desktop.data.models import MenteeProfile, MentoringPair, PairMentee
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services.pairs.rules import FREE_MENTEE_STATUSES, active_membership_of


def create_pair(session: Session, *, programme_id: int, mentor_profile_id: int, form_id: int,
                mentees: Sequence[MenteeProfile], day: dt.date, title: str = "",
                role_model_id: int | None = None, match_score: float | None = None,
                match_explanation: str = "", fixed_by_hand: bool = False) -> MentoringPair:
    """A new pair «сформирована» on `day` — a group when it has several mentees — with their
    memberships from that day; the mentees become «в паре». Flushed, so it has its id."""
    pair = MentoringPair(
        programme_id=programme_id, mentor_profile_id=mentor_profile_id, form_id=form_id,
        role_model_id=role_model_id, title=title, status=PairStatus.FORMED, formed_on=day,
        status_changed_on=day, match_score=match_score, match_explanation=match_explanation,
        fixed_by_hand=fixed_by_hand,
        members=[PairMentee(mentee_profile_id=m.id, joined_on=day) for m in mentees])
    session.add(pair)
    for mentee in mentees:
        mentee.status = MenteeStatus.PAIRED
    session.flush()
    return pair


def active_member_row(session: Session, mentee_id: int) -> PairMentee | None:
    """The mentee's membership of an active pair, if any."""
    return session.scalars(select(PairMentee).where(
        PairMentee.id.in_(active_membership_of(mentee_id)))).first()


def leave(session: Session, member: PairMentee | None, day: dt.date) -> None:
    """The mentee leaves the pair: history is kept, unless he joined it the same day."""
    if member is None:
        return
    if member.joined_on == day:
        session.delete(member)
    else:
        member.left_on = day
    session.flush()


def join(session: Session, pair: MentoringPair, mentee: MenteeProfile, day: dt.date) -> None:
    """The mentee joins the pair (again, if he was in it before) from `day`."""
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


def sync_mentees(session: Session, mentee_ids: Iterable[int]) -> None:
    """«в паре» for a mentee in an active pair, «в базе» otherwise (left or finished stay)."""
    for mentee_id in mentee_ids:
        mentee = session.get(MenteeProfile, mentee_id)
        if mentee is None or mentee.status not in FREE_MENTEE_STATUSES:
            continue
        active = session.scalar(active_membership_of(mentee_id).limit(1)) is not None
        mentee.status = MenteeStatus.PAIRED if active else MenteeStatus.IN_BASE



@dataclass(frozen=True)
class ErasedPairs:
    """What erasing some people does to the pairs (ids of `mentoring_pair`)."""

    removed: tuple[int, ...]
    """Pairs that go with them: the erased person is the mentor, or was the pair's only mentee
    (a pair is a mentor with at least one mentee; its plan and meetings are about them)."""
    shrunk: tuple[int, ...]
    """Groups that keep their other mentees and lose the erased ones."""


def pairs_of_erased(session: Session, mentee_ids: Collection[int],
                    mentor_ids: Collection[int]) -> ErasedPairs:
    """Which pairs erasing these mentee and mentor profiles removes, and which only shrink."""
    as_mentor = set(session.scalars(select(MentoringPair.id).where(
        MentoringPair.mentor_profile_id.in_(mentor_ids))))
    members = session.execute(
        select(PairMentee.pair_id, func.count(),
               func.sum(PairMentee.mentee_profile_id.in_(mentee_ids), type_=Integer))
        .where(PairMentee.pair_id.in_(select(PairMentee.pair_id).where(
            PairMentee.mentee_profile_id.in_(mentee_ids))))
        .group_by(PairMentee.pair_id)).all()
    only_erased = {pair_id for pair_id, total, erased in members if total == erased}
    removed = as_mentor | only_erased
    shrunk = {pair_id for pair_id, _total, _erased in members} - removed
    return ErasedPairs(tuple(sorted(removed)), tuple(sorted(shrunk)))


def forget_members(session: Session, mentee_ids: Collection[int],
                   mentor_ids: Collection[int]) -> ErasedPairs:
    """Take these profiles out of every pair before they are erased: their pairs as mentor and
    the pairs they were alone in are deleted with their plans and meetings, groups lose them;
    the other mentees of a deleted pair go back to the base («в базе»)."""
    erased = pairs_of_erased(session, mentee_ids, mentor_ids)
    others = set(session.scalars(select(PairMentee.mentee_profile_id).where(
        PairMentee.pair_id.in_(erased.removed),
        PairMentee.mentee_profile_id.not_in(mentee_ids))))
    session.execute(delete(PairMentee).where(PairMentee.mentee_profile_id.in_(mentee_ids)))
    session.execute(delete(PairMentee).where(PairMentee.pair_id.in_(erased.removed)))
    session.execute(delete(MentoringPair).where(MentoringPair.id.in_(erased.removed)))
    session.expire_all()
    sync_mentees(session, sorted(others))
    return erased


def complete_pairs_in(session: Session, results: Mapping[int, str], *, on: dt.date) -> int:
    """Inside the caller's transaction (the stage 7 wizard's Finish): each pair of `results`
    gets its result text and is «завершена» on `on`, its mentees «завершили» (as `moves.
    move_status` does for one pair). Only pairs at work are closed; returns how many."""
    from nastavnik_desktop.services import audit  # audit imports nothing of pairs
    from nastavnik_desktop.services.pairs.rules import ACTIVE_STATUSES, pair_number

    pairs = list(session.scalars(select(MentoringPair).where(
        MentoringPair.id.in_(list(results))).options(
        selectinload(MentoringPair.members).selectinload(PairMentee.mentee))))
    if len(pairs) != len(set(results)):
        raise ValidationError("Пара не найдена: возможно, её удалили. Закройте мастер и "
                              "откройте его снова.")
    closed = 0
    for pair in pairs:
        pair.result = results[pair.id].strip()
        if pair.status not in ACTIVE_STATUSES:
            continue
        previous = pair.status
        pair.status, pair.status_changed_on, pair.ended_on = PairStatus.COMPLETED, on, on
        for member in pair.members:
            if member.left_on is None and member.mentee.status in FREE_MENTEE_STATUSES:
                member.mentee.status, member.mentee.left_on = MenteeStatus.FINISHED, on
        audit.record(session, "move_status", "mentoring_pair", pair.id,
                     f"{pair_number(pair.id)}: завершена (этап 7)", before=previous.value,
                     after=PairStatus.COMPLETED.value)
        closed += 1
    session.flush()
    return closed
