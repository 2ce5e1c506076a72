"""The hard rules of a pair, and which pairs and mentees are «at work» — for every writer.

Checked on every mentee who joins an active pair, so a refused move changes nothing: the mentor's
capacity counts the mentees of all his active pairs; mentor and mentee are in the same form; a
`MatchingExclusion` is never overridden; nobody is his own mentor; a mentee is in one active pair
at a time and has not left the programme. Matching reads the same definitions to know who is
free (`services.matching.load`).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.enums import PAIR_STATUS_LABELS, MenteeStatus, PairStatus, Sex
from nastavnik_desktop.data.models import (
    MatchingExclusion,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services.people import status_label
from nastavnik_desktop.text import capitalised, ru_plural

ACTIVE_STATUSES = frozenset({PairStatus.FORMED, PairStatus.ACQUAINTANCE, PairStatus.PLANNING,
                             PairStatus.WORKING, PairStatus.RESULTS})
"""Pairs at work: their mentees count against the mentor's capacity."""
ACTIVE_VALUES = tuple(s.value for s in ACTIVE_STATUSES)


def no_meetings_text(status: PairStatus) -> str:
    """A pair without a held meeting: «ещё» only while it works (a finished pair of a past
    year will have none)."""
    return "встреч ещё не было" if status in ACTIVE_STATUSES else "встреч не было"
FREE_MENTEE_STATUSES = (MenteeStatus.IN_BASE, MenteeStatus.PAIRED)
"""Mentees still in the programme: they may be (or are) in a pair."""
FREE_MENTEE_VALUES = tuple(s.value for s in FREE_MENTEE_STATUSES)

_pair = MentoringPair.__table__.c
_member = PairMentee.__table__.c
_mentee = MenteeProfile.__table__.c
_mentor = MentorProfile.__table__.c
_person = Person.__table__.c
_form = MentoringForm.__table__.c
_exclusion = MatchingExclusion.__table__.c


def active_membership() -> ColumnElement[bool]:
    """`pair_mentee` rows of mentees at work in a pair now (to join with `mentoring_pair`)."""
    return and_(_pair.id == _member.pair_id, _pair.status.in_(ACTIVE_VALUES),
                _member.left_on.is_(None))


def active_membership_of(mentee_id: Any) -> Any:
    """The ids of the mentee's memberships of active pairs (a subquery; at most one row)."""
    return (select(_member.id).join(MentoringPair.__table__, active_membership())
            .where(_member.mentee_profile_id == mentee_id))


def mentor_loads(conn: Any, mentor_ids: Any) -> dict[int, int]:
    """Mentees in active pairs per mentor."""
    return dict(conn.execute(
        select(_pair.mentor_profile_id, func.count(_member.id))
        .join(PairMentee.__table__, active_membership())
        .where(_pair.mentor_profile_id.in_(mentor_ids))
        .group_by(_pair.mentor_profile_id)).all())


def person_short(session: Session, person_id: int) -> str:
    row = session.execute(select(_person.last_name, _person.first_name, _person.middle_name)
                          .where(_person.id == person_id)).one()
    return short_name(row.last_name, row.first_name, row.middle_name)


def check_member(session: Session, pair_id: int, mentee_id: int) -> None:
    """The rules for a mentee who has just joined active pair `pair_id` (`writer.join` and a
    trigger keep a person from being his own mentor)."""
    pair = session.execute(
        select(_pair.form_id, _mentor.person_id, _mentor.programme_id, _mentor.id)
        .join(MentorProfile.__table__, _mentor.id == _pair.mentor_profile_id)
        .where(_pair.id == pair_id)).one()
    mentee = session.execute(select(_mentee.person_id, _mentee.form_id, _mentee.status,
                                    _person.sex, _person.middle_name)
                             .join(Person.__table__, _person.id == _mentee.person_id)
                             .where(_mentee.id == mentee_id)).one()
    mentor_name = person_short(session, pair.person_id)
    mentee_name = person_short(session, mentee.person_id)
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
    if mentee.status not in FREE_MENTEE_STATUSES:
        left = status_label(MenteeStatus(mentee.status),
                            None if mentee.sex is None else Sex(mentee.sex), mentee.middle_name)
        raise ValidationError(f"{mentee_name} — {left}: поставить в пару нельзя.")
    pairs = session.scalar(select(func.count()).select_from(PairMentee.__table__)
                           .join(MentoringPair.__table__, active_membership())
                           .where(_member.mentee_profile_id == mentee_id))
    if (pairs or 0) > 1:
        raise ValidationError(f"{mentee_name} уже состоит в другой действующей паре. "
                              "Сначала перенесите его (её) оттуда.")


def check_capacity(session: Session, mentor_id: int, load: int) -> None:
    mentor = session.execute(select(_mentor.person_id, _mentor.capacity)
                             .where(_mentor.id == mentor_id)).one()
    if load > mentor.capacity:
        name = person_short(session, mentor.person_id)
        raise ValidationError(
            f"У наставника {name} нет свободных мест: он(а) может вести не более "
            f"{mentor.capacity} "
            f"{ru_plural(mentor.capacity, 'наставляемого', 'наставляемых', 'наставляемых')}, "
            f"а получилось бы {load}. Выберите другого наставника или увеличьте ёмкость в "
            "его (её) анкете.")


def pair_label(pair: MentoringPair) -> str:
    """How a pair is named in the audit log and in messages: its title, or its mentor."""
    mentor = pair.mentor.person
    name = short_name(mentor.last_name, mentor.first_name, mentor.middle_name)
    return f"{pair.title} ({name})" if pair.title else f"пара наставника {name}"


def pair_number(pair_id: int | None) -> str:
    """How the audit log names a pair: by its number, never by a person's name."""
    return f"пара № {pair_id}" if pair_id is not None else "пара"


def pair_logged(pair: MentoringPair, summary: str) -> str:
    """The screen's `summary` of a change to `pair` as the audit log keeps it: the pair's
    label (which names its mentor) replaced by its number."""
    return summary.replace(pair_label(pair), pair_number(pair.id))


def pair_people(session: Session, pair_ids: Any) -> list[tuple[int, int, bool]]:
    """(pair id, person id, is the mentor) of the pairs `pair_ids` (ids or a select of them):
    every pair's mentor first, then the mentees (those who left included), each in the
    order of the pairs."""
    mentors = session.execute(
        select(_pair.id, _mentor.person_id)
        .join(MentorProfile.__table__, _mentor.id == _pair.mentor_profile_id)
        .where(_pair.id.in_(pair_ids)).order_by(_pair.id)).all()
    mentees = session.execute(
        select(_member.pair_id, _mentee.person_id)
        .join(MenteeProfile.__table__, _mentee.id == _member.mentee_profile_id)
        .where(_member.pair_id.in_(pair_ids)).order_by(_member.pair_id, _member.id)).all()
    return ([(pair_id, person_id, True) for pair_id, person_id in mentors]
            + [(pair_id, person_id, False) for pair_id, person_id in mentees])


def working_pairs_or_error(session: Session, programme_id: int, pair_ids: Collection[int], *,
                           remedy: str) -> dict[int, MentoringPair]:
    """The pairs `pair_ids` by id, each of the programme and at work; else the curator's
    message (the pair deleted, of another programme, or no longer at work — then `remedy`)."""
    wanted = set(pair_ids)
    found = {p.id: p for p in session.scalars(
        select(MentoringPair).where(MentoringPair.id.in_(wanted)))}
    if set(found) != wanted:
        raise ValidationError("Пара не найдена: возможно, её удалили. Закройте мастер "
                              "и откройте его снова.")
    for pair in found.values():
        if pair.programme_id != programme_id:
            raise ValidationError(f"{capitalised(pair_label(pair))} — из другой программы.")
        if pair.status.value not in ACTIVE_VALUES:
            raise ValidationError(
                f"{capitalised(pair_label(pair))} уже не в работе: пара "
                f"«{PAIR_STATUS_LABELS[pair.status]}». {remedy}")
    return found


def pair_or_error(session: Session, pair_id: int) -> MentoringPair:
    """The pair `pair_id`, or the curator's message that it is gone (deleted meanwhile)."""
    pair = session.get(MentoringPair, pair_id)
    if pair is None:
        raise ValidationError("Пара не найдена: возможно, её удалили. Обновите страницу.")
    return pair
