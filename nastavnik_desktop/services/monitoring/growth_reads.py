"""The set-based reads behind `growth`: the library's paired and yes/no items, the counted
answers, the pairs with their people, the journal grouped by form, the rounds — five queries
whatever the size of the school, never one per person or per pair."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select

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
from nastavnik_desktop.reports.names import short_name

AUDIENCES = (Audience.MENTEE, Audience.MENTOR)
"""The two audiences growth is shown for, in the order the curator sees them."""
_ENTRY, _EXIT = QuestionnairePhase.ENTRY, QuestionnairePhase.EXIT


@dataclass(frozen=True)
class AnswerRow:
    person_id: int
    pair_id: int | None
    """The pair the response names (None: the person's pairs are looked up)."""
    audience: Audience
    phase: QuestionnairePhase
    kind: QuestionKind
    key: str
    """The question's parameter, or for an item without one its text."""
    value: int


@dataclass(frozen=True)
class Item:
    """A 1–10 item with a parameter or a yes/no item of an entry or exit questionnaire, once
    per audience it asks."""

    audience: Audience
    phase: QuestionnairePhase
    kind: QuestionKind
    key: str
    """The parameter, or for a yes/no item without one its text."""
    text: str
    seeded: bool


@dataclass
class PairRow:
    """A pair formed on or before the date, with its mentor's and mentees' person ids and
    short names."""

    id: int
    form_id: int
    title: str
    mentor_person: int
    mentor_name: str
    mentees: list[tuple[int, str]]


def audiences_of(audience: Audience) -> tuple[Audience, ...]:
    return AUDIENCES if audience is Audience.ANY else (audience,)


def library(db: Database, programme_id: int) -> list[Item]:
    """The scale items with a parameter and the yes/no items of the entry and exit
    questionnaires of the library (common and the programme's own)."""
    q, t = Question.__table__.c, QuestionnaireTemplate.__table__.c
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(q.text, q.kind, q.parameter, t.audience, t.phase, t.is_seeded)
            .join_from(Question.__table__, QuestionnaireTemplate.__table__,
                       t.id == q.template_id)
            .where(t.phase.in_([_ENTRY.value, _EXIT.value]),
                   or_(t.programme_id.is_(None), t.programme_id == programme_id),
                   or_(and_(q.kind == QuestionKind.SCALE.value, q.parameter != ""),
                       q.kind == QuestionKind.YES_NO.value))
            .order_by(t.is_seeded.desc(), t.sort_order, t.id, q.sort_order)).all()
    items = []
    for r in rows:
        kind = QuestionKind(r.kind)
        for audience in audiences_of(Audience(r.audience)):
            items.append(Item(audience, QuestionnairePhase(r.phase), kind,
                               r.parameter or " ".join(r.text.split()), r.text,
                               bool(r.is_seeded)))
    return items


def answers(db: Database, programme_id: int, on: dt.date) -> list[AnswerRow]:
    """The counted answers (see growth's docstring), the earlier rounds first."""
    a, r = Answer.__table__.c, QuestionnaireResponse.__table__.c
    rd, q = QuestionnaireRound.__table__.c, Question.__table__.c
    t = QuestionnaireTemplate.__table__.c
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(r.person_id, r.pair_id, t.audience, rd.phase, q.kind, q.parameter, q.text,
                   a.value_int)
            .join_from(QuestionnaireRound.__table__, QuestionnaireResponse.__table__,
                       r.round_id == rd.id)
            .join(QuestionnaireTemplate.__table__, t.id == rd.template_id)
            .join(Answer.__table__, a.response_id == r.id)
            .join(Question.__table__, q.id == a.question_id)
            .where(rd.programme_id == programme_id,
                   rd.phase.in_([_ENTRY.value, _EXIT.value]), rd.opens_on <= on,
                   or_(r.filled_on.is_(None), r.filled_on <= on),
                   r.person_id.is_not(None), a.value_int.is_not(None),
                   q.kind.in_([QuestionKind.SCALE.value, QuestionKind.YES_NO.value]))
            .order_by(rd.opens_on, rd.id)).all()
    return [AnswerRow(row.person_id, row.pair_id, Audience(row.audience),
                      QuestionnairePhase(row.phase), QuestionKind(row.kind),
                      row.parameter or " ".join(row.text.split()), row.value_int)
            for row in rows]


def pairs(db: Database, programme_id: int, on: dt.date) -> tuple[dict[int, PairRow],
                                                                    dict[int, tuple[str, int]]]:
    """The programme's pairs formed on or before `on` with their people, and the forms
    (id → (name, sort order)) of the programme's pairs."""
    pair, mentor, mentee = (MentoringPair.__table__.c, MentorProfile.__table__.c,
                            MenteeProfile.__table__.c)
    member, person, form = PairMentee.__table__.c, Person.__table__.c, MentoringForm.__table__.c
    formed = and_(pair.programme_id == programme_id,
                  or_(pair.formed_on.is_(None), pair.formed_on <= on))
    with db.engine.connect() as conn:
        pair_rows = conn.execute(
            select(pair.id, pair.form_id, pair.title, mentor.person_id, person.last_name,
                   person.first_name, person.middle_name)
            .join_from(MentoringPair.__table__, MentorProfile.__table__,
                       mentor.id == pair.mentor_profile_id)
            .join(Person.__table__, person.id == mentor.person_id)
            .where(formed).order_by(pair.id)).all()
        member_rows = conn.execute(
            select(member.pair_id, mentee.person_id, person.last_name, person.first_name,
                   person.middle_name)
            .join_from(PairMentee.__table__, MentoringPair.__table__,
                       pair.id == member.pair_id)
            .join(MenteeProfile.__table__, mentee.id == member.mentee_profile_id)
            .join(Person.__table__, person.id == mentee.person_id)
            .where(formed, or_(member.joined_on.is_(None), member.joined_on <= on))
            .order_by(member.pair_id, person.last_name, person.first_name)).all()
        form_rows = conn.execute(
            select(form.id, form.name, form.sort_order)
            .where(form.id.in_(select(pair.form_id).where(pair.programme_id == programme_id)
                               .distinct()))).all()
    pairs = {r.id: PairRow(r.id, r.form_id, r.title, r.person_id,
                         short_name(r.last_name, r.first_name, r.middle_name), [])
             for r in pair_rows}
    for r in member_rows:
        pairs[r.pair_id].mentees.append(
            (r.person_id, short_name(r.last_name, r.first_name, r.middle_name)))
    return pairs, {r.id: (r.name, r.sort_order) for r in form_rows}


def attendance(db: Database, programme_id: int, on: dt.date) -> dict[int, tuple[int, int, int]]:
    """Form id → (held meetings, attendance marks, marks «был»)."""
    pair, meeting = MentoringPair.__table__.c, Meeting.__table__.c
    mark = MeetingAttendance.__table__.c
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(pair.form_id, func.count(func.distinct(meeting.id)).label("meetings"),
                   func.count(mark.meeting_id).label("marks"),
                   func.coalesce(func.sum(case((mark.present.is_(True), 1), else_=0)),
                                 0).label("present"))
            .join_from(Meeting.__table__, MentoringPair.__table__, pair.id == meeting.pair_id)
            .outerjoin(MeetingAttendance.__table__, mark.meeting_id == meeting.id)
            .where(pair.programme_id == programme_id, meeting.planned.is_(False),
                   meeting.held_on <= on)
            .group_by(pair.form_id)).all()
    return {r.form_id: (r.meetings, r.marks, int(r.present)) for r in rows}


def rounds(db: Database, programme_id: int, on: dt.date) -> dict[QuestionnairePhase, int]:
    rd = QuestionnaireRound.__table__.c
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(rd.phase, func.count())
            .where(rd.programme_id == programme_id, rd.opens_on <= on,
                   rd.phase.in_([_ENTRY.value, _EXIT.value]))
            .group_by(rd.phase)).all()
    return {QuestionnairePhase(phase): count for phase, count in rows}
