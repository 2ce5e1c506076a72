"""The set-based reads behind `growth`, six queries whatever the size of the school, never one
per person or per pair: the questions of the library (1–10 items with a parameter, yes/no
items), the programme's entry and exit rounds opened by the date, the answers counted on the
date as plain numbers (person, round, question, value — the work per answer is left to a tight
loop in `growth`: SQLite's window functions and grouping over the same rows cost more), the
pairs with their people and forms, the journal grouped by form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple, cast

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Audience, QuestionKind, QuestionnairePhase
from nastavnik_desktop.data.models import (
    Answer,
    Meeting,
    MeetingAttendance,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    Question,
    QuestionnaireResponse,
    QuestionnaireRound,
    QuestionnaireTemplate,
)

AUDIENCES = (Audience.MENTEE, Audience.MENTOR)
"""The two audiences growth is shown for, in the order the curator sees them."""
_PHASES = {p.value: p for p in QuestionnairePhase}
_AUDIENCES = {a.value: a for a in Audience}
_KINDS = {k.value: k for k in QuestionKind}

_pair, _mentor, _mentee = (MentoringPair.__table__.c, MentorProfile.__table__.c,
                           MenteeProfile.__table__.c)
_member, _person, _form = PairMentee.__table__.c, Person.__table__.c, MentoringForm.__table__.c


@dataclass(frozen=True)
class QuestionRow:
    """A 1–10 item with a parameter or a yes/no item of a questionnaire of the library."""

    id: int
    audience: Audience
    phase: QuestionnairePhase
    """The questionnaire's phase (the answers take their round's)."""
    kind: QuestionKind
    key: str
    """The parameter, or for a yes/no item without one its text."""
    text: str


@dataclass(frozen=True)
class RoundRow:
    """An entry, intermediate or exit round of the programme opened on or before the date (the
    growth rule decides which it counts); `rank` orders
    the rounds by their opening (a later round's answer replaces an earlier one's)."""

    id: int
    phase: QuestionnairePhase
    audience: Audience
    rank: int


class PairRow(NamedTuple):
    """A pair formed on or before the date with its form and people (names as stored); a
    named tuple: a big school makes thousands of them."""

    id: int
    form_id: int
    form_name: str
    form_order: int
    title: str
    mentor_person: int
    mentor_name: tuple[str, str, str]
    mentees: tuple[tuple[int, tuple[str, str, str]], ...]


def audiences_of(audience: Audience) -> tuple[Audience, ...]:
    return AUDIENCES if audience is Audience.ANY else (audience,)


def questions(db: Database, programme_id: int) -> dict[int, QuestionRow]:
    """The scale items with a parameter and the yes/no items of the library (common and the
    programme's own), the standard questionnaires first."""
    q, t = Question.__table__.c, QuestionnaireTemplate.__table__.c
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(q.id, q.text, q.kind, q.parameter, t.audience, t.phase)
            .join_from(Question.__table__, QuestionnaireTemplate.__table__,
                       t.id == q.template_id)
            .where(or_(t.programme_id.is_(None), t.programme_id == programme_id),
                   or_(and_(q.kind == QuestionKind.SCALE.value, q.parameter != ""),
                       q.kind == QuestionKind.YES_NO.value))
            .order_by(t.is_seeded.desc(), t.sort_order, t.id, q.sort_order)).all()
    return {r.id: QuestionRow(r.id, _AUDIENCES[r.audience], _PHASES[r.phase], _KINDS[r.kind],
                              r.parameter or " ".join(r.text.split()), r.text)
            for r in rows}


def rounds(db: Database, programme_id: int, on: dt.date) -> dict[int, RoundRow]:
    """The programme's entry, intermediate and exit rounds opened on or before the date."""
    rd, t = QuestionnaireRound.__table__.c, QuestionnaireTemplate.__table__.c
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(rd.id, rd.phase, t.audience)
            .join_from(QuestionnaireRound.__table__, QuestionnaireTemplate.__table__,
                       t.id == rd.template_id)
            .where(rd.programme_id == programme_id, rd.opens_on <= on)
            .order_by(rd.opens_on, rd.id)).all()
    return {r.id: RoundRow(r.id, _PHASES[r.phase], _AUDIENCES[r.audience], rank)
            for rank, r in enumerate(rows)}


def answers(db: Database, programme_id: int, on: dt.date) -> list[tuple[int, int, int, int]]:
    """(person, round, question, value) of the answers with a number in the programme's rounds
    opened on or before the date, in responses filled on or before it (a
    response without a date counts from its round's opening), the earlier rounds first."""
    a, r = Answer.__table__.c, QuestionnaireResponse.__table__.c
    rd = QuestionnaireRound.__table__.c
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(r.person_id, r.round_id, a.question_id, a.value_int)
            .join_from(QuestionnaireRound.__table__, QuestionnaireResponse.__table__,
                       r.round_id == rd.id)
            .join(Answer.__table__, a.response_id == r.id)
            .where(rd.programme_id == programme_id, rd.opens_on <= on,
                   or_(r.filled_on.is_(None), r.filled_on <= on),
                   r.person_id.is_not(None), a.value_int.is_not(None))
            .order_by(rd.opens_on, rd.id)).all()
    return cast("list[tuple[int, int, int, int]]", rows)  # rows unpack as tuples


def _formed(programme_id: int, on: dt.date) -> ColumnElement[bool]:
    return and_(_pair.programme_id == programme_id,
                or_(_pair.formed_on.is_(None), _pair.formed_on <= on))


def _joined(on: dt.date) -> ColumnElement[bool]:
    return or_(_member.joined_on.is_(None), _member.joined_on <= on)


def pairs(db: Database, programme_id: int, on: dt.date) -> dict[int, PairRow]:
    """The programme's pairs formed on or before `on` with their forms and people."""
    with db.engine.connect() as conn:
        pair_rows = conn.execute(
            select(_pair.id, _pair.form_id, _form.name, _form.sort_order, _pair.title,
                   _mentor.person_id, _person.last_name, _person.first_name,
                   _person.middle_name)
            .join_from(MentoringPair.__table__, MentorProfile.__table__,
                       _mentor.id == _pair.mentor_profile_id)
            .join(Person.__table__, _person.id == _mentor.person_id)
            .join(MentoringForm.__table__, _form.id == _pair.form_id)
            .where(_formed(programme_id, on)).order_by(_pair.id)).all()
        member_rows = conn.execute(
            select(_member.pair_id, _mentee.person_id, _person.last_name, _person.first_name,
                   _person.middle_name)
            .join_from(PairMentee.__table__, MentoringPair.__table__,
                       _pair.id == _member.pair_id)
            .join(MenteeProfile.__table__, _mentee.id == _member.mentee_profile_id)
            .join(Person.__table__, _person.id == _mentee.person_id)
            .where(_formed(programme_id, on), _joined(on))
            .order_by(_member.pair_id, _person.last_name, _person.first_name)).all()
    members: dict[int, list[tuple[int, tuple[str, str, str]]]] = {}
    for pair_id, person_id, last, first, middle in member_rows:
        members.setdefault(pair_id, []).append((person_id, (last, first, middle)))
    return {pair_id: PairRow(pair_id, form_id, form_name, form_order, title, person_id,
                             (last, first, middle), tuple(members.get(pair_id, ())))
            for pair_id, form_id, form_name, form_order, title, person_id, last, first, middle
            in pair_rows}


def attendance(db: Database, programme_id: int, on: dt.date
               ) -> dict[int, tuple[str, int, int, int, int]]:
    """Form id → (name, sort order, held meetings, attendance marks, marks «был»)."""
    meeting, mark = Meeting.__table__.c, MeetingAttendance.__table__.c
    per_form = (
        select(_pair.form_id, func.count(func.distinct(meeting.id)).label("meetings"),
               func.count(mark.meeting_id).label("marks"),
               func.coalesce(func.sum(case((mark.present.is_(True), 1), else_=0)),
                             0).label("present"))
        .join_from(Meeting.__table__, MentoringPair.__table__, _pair.id == meeting.pair_id)
        .outerjoin(MeetingAttendance.__table__, mark.meeting_id == meeting.id)
        .where(_pair.programme_id == programme_id, meeting.planned.is_(False),
               meeting.held_on <= on)
        .group_by(_pair.form_id).subquery("per_form"))
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(per_form.c.form_id, _form.name, _form.sort_order, per_form.c.meetings,
                   per_form.c.marks, per_form.c.present)
            .join_from(per_form, MentoringForm.__table__, _form.id == per_form.c.form_id)
        ).all()
    return {r[0]: (r[1], r[2], r[3], r[4], int(r[5])) for r in rows}
