"""The data of a pair's paper (stage 6): its development plan, its meeting journal, and the
control sheet of all pairs — read straight from the tables of migration 0003 and worded as
printed, then handed to the builders in `reports/` as `PdfRecipe`s (`reports.process`).

The control sheet reads the whole programme in a handful of set-based queries (no query per
pair), so that 1,000 pairs take a fraction of a second to read. The rules it shows live
elsewhere and are reused: a silent pair is `services.pairs.journal.silent_pairs`, an overdue
task `services.plans.read.is_overdue`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    MEETING_FORMAT_LABELS,
    MEETING_KIND_LABELS,
    PAIR_STATUS_LABELS,
    PairNoteKind,
    PlanItemKind,
)
from nastavnik_desktop.data.models import (
    Meeting,
    MeetingAttendance,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    PairNote,
    Person,
    PlanItem,
    Programme,
    RoleModel,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.control import CONTROL_TITLE, ControlRow, control_document
from nastavnik_desktop.reports.journal import (
    JournalData,
    JournalMeeting,
    journal_document,
    journal_title,
)
from nastavnik_desktop.reports.names import short_name, split_full_name
from nastavnik_desktop.reports.plan import (
    MenteePlan,
    PairHeading,
    PairPerson,
    PlanData,
    PlanTask,
    plan_document,
    plan_title,
)
from nastavnik_desktop.reports.process import PdfRecipe
from nastavnik_desktop.services.pairs.journal import silent_pairs
from nastavnik_desktop.services.pairs.rules import ACTIVE_VALUES
from nastavnik_desktop.services.paper_data import school_organisation
from nastavnik_desktop.services.people.persons import person_place
from nastavnik_desktop.services.plans.read import is_overdue
from nastavnik_desktop.text import full_name

UNKNOWN_PAIR = ("Пара или группа с номером {pair_id} не найдена в этой программе: "
                "возможно, её удалили. Проверьте номер.")


@dataclass(frozen=True)
class PairPaperRecipe:
    """A document ready to lay out, with the title it is registered under."""

    recipe: PdfRecipe
    title: str
    pair_label: str = ""
    """«наставник Иванов И. И.» for the file name and the register ("" for the control)."""


def _person(row: Person) -> PairPerson:
    return PairPerson(full_name(row.last_name, row.first_name, row.middle_name),
                      person_place(row))


def _short(row: Person) -> str:
    return short_name(row.last_name, row.first_name, row.middle_name)


def _pair_or_error(session: Session, pair_id: int) -> MentoringPair:
    pair = session.get(MentoringPair, pair_id)
    if pair is None:
        raise ValidationError(UNKNOWN_PAIR.format(pair_id=pair_id))
    return pair


def _members(session: Session, pair: MentoringPair) -> list[tuple[PairMentee, Person]]:
    """The mentees now in the pair (all who were, for a pair every mentee has left), by name."""
    rows = session.execute(
        select(PairMentee, Person)
        .join(MenteeProfile, MenteeProfile.id == PairMentee.mentee_profile_id)
        .join(Person, Person.id == MenteeProfile.person_id)
        .where(PairMentee.pair_id == pair.id)
        .order_by(Person.last_name, Person.first_name, Person.middle_name)).all()
    current = [(m, p) for m, p in rows if m.left_on is None]
    return current or [(m, p) for m, p in rows]


def _heading(session: Session, pair: MentoringPair,
             members: list[tuple[PairMentee, Person]]) -> PairHeading:
    programme = session.get(Programme, pair.programme_id)
    assert programme is not None  # a pair always belongs to a programme (foreign key)
    school = programme.school
    mentor = session.execute(
        select(Person).join(MentorProfile, MentorProfile.person_id == Person.id)
        .where(MentorProfile.id == pair.mentor_profile_id)).scalar_one()
    form = session.scalar(select(MentoringForm.name).where(MentoringForm.id == pair.form_id))
    role = (session.scalar(select(RoleModel.name).where(RoleModel.id == pair.role_model_id))
            if pair.role_model_id is not None else None)
    curator = programme.curator
    return PairHeading(
        organisation=school_organisation(school), school_year=programme.school_year,
        mentor=_person(mentor), mentees=tuple(_person(p) for _m, p in members),
        form=form or "", role_model=role or "", formed_on=pair.formed_on, title=pair.title,
        curator=full_name(curator.last_name, curator.first_name, curator.middle_name)
        if curator is not None else "")


def _label(heading: PairHeading) -> str:
    name = short_name(*split_full_name(heading.mentor.full_name))
    return f"«{heading.title}», наставник {name}" if heading.title else f"наставник {name}"


# --- the plan --------------------------------------------------------------------------------


def plan_data(db: Database, pair_id: int) -> PlanData:
    """The development plan of the pair: each mentee's strengths, points of growth and goals,
    the goals of the whole pair, the common tasks in their order."""
    with db.reading() as session:
        pair = _pair_or_error(session, pair_id)
        members = _members(session, pair)
        heading = _heading(session, pair, members)
        items = session.scalars(select(PlanItem).where(PlanItem.pair_id == pair_id)
                                .order_by(PlanItem.sort_order, PlanItem.id)).all()
        goals: dict[int | None, list[str]] = defaultdict(list)
        tasks = []
        for item in items:
            if item.kind is PlanItemKind.GOAL:
                goals[item.mentee_profile_id].append(item.text)
            else:
                tasks.append(PlanTask(direction=item.direction, content=item.text,
                                      action=item.action, due_on=item.due_on,
                                      result=item.result, done_on=item.done_on))
        mentees = tuple(
            MenteePlan(mentee=_person(person), strengths=member.strengths,
                       growth_points=member.growth_points,
                       goals=tuple(goals.pop(member.mentee_profile_id, [])))
            for member, person in members)
        # goals of the pair, and of a mentee who has since left, are printed as common goals
        common = tuple(text for key in sorted(goals, key=lambda k: (k is not None, k or 0))
                       for text in goals[key])
        return PlanData(heading=heading, mentees=mentees, pair_goals=common,
                        tasks=tuple(tasks))


def plan_recipe(db: Database, pair_id: int, *, as_of: dt.date) -> PairPaperRecipe:
    data = plan_data(db, pair_id)
    return PairPaperRecipe(PdfRecipe(plan_document, (data,), {"as_of": as_of},
                                     rows=len(data.tasks)),
                           plan_title(data.heading), _label(data.heading))


# --- the journal -----------------------------------------------------------------------------


def journal_data(db: Database, pair_id: int) -> JournalData:
    """The held meetings by date, with who of the mentees came; the planned ones apart."""
    with db.reading() as session:
        pair = _pair_or_error(session, pair_id)
        members = _members(session, pair)
        heading = _heading(session, pair, members)
        attended: dict[int, list[str]] = defaultdict(list)
        for meeting_id, person in session.execute(
                select(MeetingAttendance.meeting_id, Person)
                .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
                .join(MenteeProfile, MenteeProfile.id == MeetingAttendance.mentee_profile_id)
                .join(Person, Person.id == MenteeProfile.person_id)
                .where(Meeting.pair_id == pair_id, MeetingAttendance.present.is_(True))
                .order_by(Person.last_name, Person.first_name)):
            attended[meeting_id].append(_short(person))
        held, planned = [], []
        for m in session.scalars(select(Meeting).where(Meeting.pair_id == pair_id)
                                 .order_by(Meeting.held_on, Meeting.id)):
            if m.planned:
                planned.append(m.held_on)
                continue
            held.append(JournalMeeting(
                held_on=m.held_on, kind=MEETING_KIND_LABELS[m.kind],
                format=MEETING_FORMAT_LABELS[m.format], topic=m.topic, content=m.content,
                result=m.result, assignment=m.assignment, duration_minutes=m.duration_minutes,
                attended=tuple(attended.get(m.id, ()))))
        return JournalData(heading=heading, meetings=tuple(held), planned=tuple(planned))


def journal_recipe(db: Database, pair_id: int, *, as_of: dt.date) -> PairPaperRecipe:
    data = journal_data(db, pair_id)
    return PairPaperRecipe(PdfRecipe(journal_document, (data,), {"as_of": as_of},
                                     rows=len(data.meetings)),
                           journal_title(data.heading), _label(data.heading))


# --- the control sheet -----------------------------------------------------------------------


def control_rows(db: Database, programme_id: int, *, as_of: dt.date,
                 silent_weeks: int) -> list[ControlRow]:
    """One row per pair or group at work, in the order they were formed; what happened after
    `as_of` (meetings, marks, tasks done) is not counted."""
    silent = {s.pair_id: s.silent_days // 7
              for s in silent_pairs(db, programme_id, today=as_of, weeks=silent_weeks)}
    with db.reading() as session:
        pairs = session.execute(
            select(MentoringPair.id, MentoringPair.title, MentoringPair.status,
                   MentoringForm.name, Person)
            .join(MentoringForm, MentoringForm.id == MentoringPair.form_id)
            .join(MentorProfile, MentorProfile.id == MentoringPair.mentor_profile_id)
            .join(Person, Person.id == MentorProfile.person_id)
            .where(MentoringPair.programme_id == programme_id,
                   MentoringPair.status.in_(ACTIVE_VALUES))
            .order_by(MentoringPair.formed_on, MentoringPair.id)).all()
        in_programme = select(MentoringPair.id).where(
            MentoringPair.programme_id == programme_id).scalar_subquery()

        mentees: dict[int, list[tuple[bool, str]]] = defaultdict(list)
        for pair_id, left_on, person in session.execute(
                select(PairMentee.pair_id, PairMentee.left_on, Person)
                .join(MenteeProfile, MenteeProfile.id == PairMentee.mentee_profile_id)
                .join(Person, Person.id == MenteeProfile.person_id)
                .where(PairMentee.pair_id.in_(in_programme))
                .order_by(Person.last_name, Person.first_name, Person.middle_name)):
            place = person_place(person)
            mentees[pair_id].append((left_on is None, _short(person)
                                     + (f" ({place})" if place else "")))

        meetings = {pair_id: (count, last) for pair_id, count, last in session.execute(
            select(Meeting.pair_id, func.count(), func.max(Meeting.held_on))
            .where(Meeting.pair_id.in_(in_programme), Meeting.planned.is_(False),
                   Meeting.held_on <= as_of)
            .group_by(Meeting.pair_id))}

        plans: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # done, total, overdue
        for pair_id, due_on, done_on in session.execute(
                select(PlanItem.pair_id, PlanItem.due_on, PlanItem.done_on)
                .where(PlanItem.pair_id.in_(in_programme),
                       PlanItem.kind == PlanItemKind.TASK)):
            done_by_then = done_on if done_on is not None and done_on <= as_of else None
            counts = plans[pair_id]
            counts[0] += done_by_then is not None
            counts[1] += 1
            counts[2] += is_overdue(PlanItemKind.TASK, due_on, done_by_then, as_of)

        marks: dict[int, int | None] = {}
        for pair_id, mark in session.execute(
                select(PairNote.pair_id, PairNote.mark)
                .where(PairNote.pair_id.in_(in_programme),
                       PairNote.kind == PairNoteKind.INTERMEDIATE,
                       PairNote.mark.is_not(None), PairNote.written_on <= as_of)
                .order_by(PairNote.written_on, PairNote.id)):
            marks[pair_id] = mark  # the latest wins

        rows = []
        for pair_id, title, status, form, mentor in pairs:
            people = mentees.get(pair_id, [])
            names = tuple(name for current, name in people if current) or tuple(
                name for _current, name in people)
            held, last = meetings.get(pair_id, (0, None))
            done, total, overdue = plans.get(pair_id, (0, 0, 0))
            rows.append(ControlRow(
                mentor=_short(mentor) + (f" ({place})" if (place := person_place(mentor)) else ""),
                mentees=names, form=form, status=PAIR_STATUS_LABELS[status], held=held,
                last_meeting_on=last, tasks_done=done, tasks_total=total, overdue=overdue,
                last_mark=marks.get(pair_id), silent_weeks=silent.get(pair_id), title=title))
    return rows


def control_recipe(db: Database, programme_id: int, *, as_of: dt.date) -> PairPaperRecipe:
    with db.reading() as session:
        programme = session.get(Programme, programme_id)
        if programme is None:
            raise ValidationError("Программа наставничества не найдена.")
        organisation, year = school_organisation(programme.school), programme.school_year
        weeks = settings.load(session, settings.SILENT_PAIR_WEEKS)
    rows = control_rows(db, programme_id, as_of=as_of, silent_weeks=weeks)
    if not rows:
        raise ValidationError(
            "Пар и групп в работе нет: все завершены или расторгнуты." if pair_numbers(
                db, programme_id) else "Пар и групп пока нет: сформируйте их на этапе 5.")
    recipe = PdfRecipe(control_document, (organisation, year, rows),
                       {"as_of": as_of, "silent_weeks": weeks}, rows=len(rows))
    return PairPaperRecipe(recipe, CONTROL_TITLE)


def pair_programme(db: Database, pair_id: int) -> int:
    """The programme of the pair, or the curator's message that there is no such pair."""
    with db.reading() as session:
        return _pair_or_error(session, pair_id).programme_id


def pair_file_label(db: Database, pair_id: int) -> str:
    """«Группа № 1 (Иванов И. И.)» or «Иванов И. И.»: how a file of the pair's paper is
    named, so that the folder reads without opening the files."""
    with db.reading() as session:
        pair = _pair_or_error(session, pair_id)
        mentor = session.execute(
            select(Person).join(MentorProfile, MentorProfile.person_id == Person.id)
            .where(MentorProfile.id == pair.mentor_profile_id)).scalar_one()
        name = _short(mentor)
        return f"{pair.title} ({name})" if pair.title else name


def pair_numbers(db: Database, programme_id: int) -> list[tuple[int, str]]:
    """(number, «Лукьянов К. Ф., группа «Группа № 1»») of every pair of the programme, in
    the order they were formed: what a command line lists when a number is wrong."""
    with db.reading() as session:
        rows = session.execute(
            select(MentoringPair.id, MentoringPair.title, MentoringPair.status, Person)
            .join(MentorProfile, MentorProfile.id == MentoringPair.mentor_profile_id)
            .join(Person, Person.id == MentorProfile.person_id)
            .where(MentoringPair.programme_id == programme_id)
            .order_by(MentoringPair.formed_on, MentoringPair.id)).all()
        return [(pair_id, f"наставник {_short(mentor)}"
                 + (f", «{title}»" if title else "") + f" ({PAIR_STATUS_LABELS[status]})")
                for pair_id, title, status, mentor in rows]
