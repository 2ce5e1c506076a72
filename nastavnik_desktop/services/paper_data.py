"""The data of the lists a school prints: the pairs and groups, the two bases.

Each function reads the database once and returns the plain rows the builders in `reports/`
take, worded as they appear on paper. The printed lists are the school's archive and stay
complete; the same rows leave the school only through `services/exchange/named` (gated by
consent, encrypted) — there is no plain workbook of names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PairStatus, PersonCategory
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    Programme,
    School,
)
from nastavnik_desktop.reports.bases import BasesData
from nastavnik_desktop.reports.pairs import PairListRow
from nastavnik_desktop.reports.requisites import Organisation
from nastavnik_desktop.reports.tables import Cell
from nastavnik_desktop.services.people import MenteeRow, MentorRow, mentee_base, mentor_base
from nastavnik_desktop.services.people.persons import person_place
from nastavnik_desktop.text import alphabetical_key


def school_organisation(school: School) -> Organisation:
    """The school as lists name it: the full name heads a list, the display name (the short
    one when there is one) is its PDF's author, as on orders (`reports.pages.pdf_author`)."""
    return Organisation(full_name=school.full_name, short_name=school.short_name)


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """«Группа № 2» before «Группа № 10», «Группа 5А класса» before «Группа 10Б класса»:
    numbers compared as numbers, the words in Russian dictionary order (`alphabetical_key`)."""
    return tuple((1, int(part)) if part.isdigit() else (0, alphabetical_key(part))
                 for part in _DIGITS.split(text.strip()) if part)


def pair_list_order(row: PairListRow) -> tuple[object, ...]:
    """Within a form: the pairs (no title) first, by the date they were formed and the
    mentor; then the groups in the natural order of their titles («Группа № 1», «№ 2» …)."""
    return (alphabetical_key(row.form), natural_key(row.title),
            row.formed_on or dt.date.max, alphabetical_key(row.mentor))


@dataclass(frozen=True)
class PairListEntry:
    """A row of the pair list with the people it names: `mentee_ids` in the order of
    `row.mentees` (the named export leaves out those without consent)."""

    row: PairListRow
    mentor_id: int
    mentee_ids: tuple[int, ...]


def pair_list_entries(session: Session, programme_id: int) -> list[PairListEntry]:
    """The pairs and groups in work (not dissolved), mentees with their class or position,
    in `pair_list_order`, each with the ids of its people."""
    pairs = session.scalars(
        select(MentoringPair)
        .where(MentoringPair.programme_id == programme_id,
               MentoringPair.status != PairStatus.TERMINATED)
        .options(selectinload(MentoringPair.mentor).selectinload(MentorProfile.person),
                 selectinload(MentoringPair.form), selectinload(MentoringPair.role_model),
                 selectinload(MentoringPair.members).selectinload(PairMentee.mentee)
                 .selectinload(MenteeProfile.person))
        .order_by(MentoringPair.formed_on, MentoringPair.id)).all()
    entries = []
    for pair in pairs:
        mentor = pair.mentor.person
        members = [m for m in pair.members if m.left_on is None] or list(pair.members)
        mentees = sorted(((m.mentee.person.full_name, _mentee_place(m.mentee.person),
                           m.mentee.person.id) for m in members), key=lambda item: item[0])
        entries.append(PairListEntry(
            PairListRow(form=pair.form.name, mentor=mentor.full_name,
                        mentor_place=person_place(mentor),
                        mentees=[(name, place) for name, place, _ in mentees],
                        role_model=pair.role_model.name if pair.role_model else "",
                        formed_on=pair.formed_on, title=pair.title),
            mentor.id, tuple(person_id for _, _, person_id in mentees)))
    return sorted(entries, key=lambda entry: pair_list_order(entry.row))


def pair_list_rows(session: Session, programme_id: int) -> list[PairListRow]:
    """The pairs and groups in work (not dissolved), mentees with their class or position,
    in `pair_list_order`."""
    return [entry.row for entry in pair_list_entries(session, programme_id)]


def _mentee_place(person: Person) -> str:
    if person.category is PersonCategory.PUPIL:
        return person.class_name
    return person.position or person.subject


# --- the bases -------------------------------------------------------------------------------


def _contact_cells(row: MenteeRow | MentorRow) -> tuple[str, str]:
    """(the parent, the phone and e-mail): a minor is reached through the parent (legal
    representative) when one is recorded, anyone else directly (the first cell empty)."""
    if row.age is not None and row.age < 18 and row.parent_name:
        return row.parent_name, row.parent_phone
    return "", "\n".join(part for part in (row.phone, row.email) if part)


def _end(left_on: dt.date | None, results: str) -> str:
    return "; ".join(part for part in (f"{left_on:%d.%m.%Y}" if left_on else "", results)
                     if part)


def mentee_cells(row: MenteeRow) -> tuple[Cell, ...]:
    """A mentee's cells in the order of `reports.bases.MENTEE_HEADERS`: the class (or
    position) and a pupil's age apart, the parent apart from the phone."""
    pupil = row.category is PersonCategory.PUPIL
    requests = "; ".join((*row.requests, *([row.requests_note] if row.requests_note
                                           and row.requests else [])))
    return (row.full_name, row.place, row.age if pupil else None,
            *_contact_cells(row), requests or row.topics,
            ", ".join(row.forms), ", ".join(row.partners), row.entered_on,
            _end(row.left_on, row.results))


def mentor_cells(row: MentorRow) -> tuple[Cell, ...]:
    """A mentor's cells in the order of `reports.bases.MENTOR_HEADERS`; hours a month a
    number (a whole one as int)."""
    skills = "\n".join(part for part in (row.competencies, row.achievements) if part)
    hours = row.hours_per_month
    if hours is not None and float(hours).is_integer():
        hours = int(hours)
    form_status = "\n".join(part for part in (", ".join(row.forms), row.status_label) if part)
    return (row.full_name, row.place_details, *_contact_cells(row), skills,
            row.interests, row.desired_age, hours, ", ".join(row.partners), form_status)


def bases_heading(db: Database, programme_id: int) -> tuple[Organisation, str]:
    """(the school, the school year) that head the bases."""
    with db.reading() as session:
        programme = session.get(Programme, programme_id)
        if programme is None:
            from nastavnik_desktop.errors import ValidationError

            raise ValidationError("Программа наставничества не найдена.")
        return school_organisation(programme.school), programme.school_year


def bases_of_rows(school: Organisation, school_year: str, mentees: Sequence[MenteeRow],
                  mentors: Sequence[MentorRow]) -> BasesData:
    """The bases' cells of the rows given (all of a base, or the named export's gated ones)."""
    return BasesData(
        organisation_full_name=school.full_name, organisation_short_name=school.short_name,
        school_year=school_year, mentees=[mentee_cells(row) for row in mentees],
        mentors=[mentor_cells(row) for row in mentors])


def bases_data(db: Database, programme_id: int) -> BasesData:
    school, year = bases_heading(db, programme_id)
    return bases_of_rows(school, year, mentee_base(db, programme_id),
                         mentor_base(db, programme_id))
