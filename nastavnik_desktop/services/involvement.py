"""Who is involved in the programme on a date and who the school is on it: the rule of the 70 %
KPI, in SQLAlchemy Core only, so that «Обзор» can show the figure on its first paint without
loading the ORM (data/core_tables.py). `services/monitoring/kpi.py` builds the dashboard's
figure and breakdowns on the same two selects — one home for the rule.

Involved on a date: the mentor or a mentee of a pair or group of the programme formed on or before
the date and not dissolved («расторгнута») before it — completed pairs count; a mentee counts
through a group only between joining it and leaving it. The population: people of the school on
the date — not archived, or archived after the date — pupils, and pedagogical staff
(`is_pedagogue`). Each person once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    func,
    literal,
    or_,
    select,
    union_all,
)

from nastavnik_desktop.data import core_tables
from nastavnik_desktop.data.enums import PairStatus, PersonCategory, ProgrammeStatus

NO_DATA = "нет данных"
TARGET_PERCENT = 70
MENTOR, MENTEE = "mentor", "mentee"

_PEDAGOGUE = re.compile(
    r"учител|педагог|преподавател|воспитател|логопед|дефектолог|тьютор|методист|"
    r"концертмейстер|вожат|советник директора|инструктор по физ|музыкальный руководитель|"
    r"тренер")

_pair, _mentor, _mentee = (core_tables.mentoring_pair.c, core_tables.mentor_profile.c,
                           core_tables.mentee_profile.c)
_member, _person = core_tables.pair_mentee.c, core_tables.person.c


class _Programme(Protocol):
    @property
    def school_year(self) -> str: ...

    @property
    def status(self) -> ProgrammeStatus: ...


def default_reporting_date(programme: _Programme, today: dt.date) -> dt.date:
    """Today for the running year; the last day of the school year (31 August of its second
    year) for an archived programme."""
    if programme.status is ProgrammeStatus.ARCHIVED:
        return dt.date(int(programme.school_year[-4:]), 8, 31)
    return today


def is_pedagogue(position: str, subject: str) -> bool:
    """Whether a staff member counts as pedagogical staff: a subject taught, a pedagogical post
    (учитель, педагог-…, воспитатель, логопед, тьютор, методист, вожатый, советник директора по
    воспитанию …), or no position written (a school's staff list is mostly teachers).
    Administration and service posts with no subject («Директор», «бухгалтер») are not."""
    post = (position or "").strip().lower().replace("ё", "е")
    return bool((subject or "").strip()) or not post or _PEDAGOGUE.search(post) is not None


def percent_text(percent: float | None) -> str:
    """«64,3 %», or «нет данных» when there is nobody to count."""
    return NO_DATA if percent is None else f"{percent:.1f} %".replace(".", ",")


@dataclass(frozen=True)
class Share:
    """`involved` of `population`; `percent` None when the population is empty."""

    involved: int
    population: int

    @property
    def percent(self) -> float | None:
        return None if self.population == 0 else 100 * self.involved / self.population

    @property
    def text(self) -> str:
        return percent_text(self.percent)

    def shortfall(self, target: int = TARGET_PERCENT) -> int:
        """How many more people must be involved for the share to reach `target` %: 0 when
        it does (or there is nobody to count)."""
        needed = (target * self.population + 99) // 100
        return max(0, needed - self.involved)


def involvement_select(programme_id: int, on: dt.date) -> Select[tuple[int, str, int, int]]:
    """Rows (person_id, role, pair_id, form_id): each mentor and mentee of the programme's pairs
    and groups involved on the date, once per pair and role."""
    dissolved_on = func.coalesce(_pair.ended_on, _pair.status_changed_on)
    active = and_(
        _pair.programme_id == programme_id,
        or_(_pair.formed_on.is_(None), _pair.formed_on <= on),
        or_(_pair.status != PairStatus.TERMINATED.value,
            # a pair «расторгнута» with no date of it is not counted on any date
            and_(dissolved_on.is_not(None), dissolved_on >= on)))
    mentors = (select(_mentor.person_id, literal(MENTOR).label("role"),
                      _pair.id.label("pair_id"), _pair.form_id)
               .join_from(core_tables.mentoring_pair, core_tables.mentor_profile,
                          _mentor.id == _pair.mentor_profile_id)
               .where(active))
    mentees = (select(_mentee.person_id, literal(MENTEE).label("role"),
                      _pair.id.label("pair_id"), _pair.form_id)
               .join_from(core_tables.mentoring_pair, core_tables.pair_mentee,
                          _member.pair_id == _pair.id)
               .join(core_tables.mentee_profile, _mentee.id == _member.mentee_profile_id)
               .where(active, or_(_member.joined_on.is_(None), _member.joined_on <= on),
                      or_(_member.left_on.is_(None), _member.left_on >= on)))
    rows = union_all(mentors, mentees).subquery("involvement")
    return select(rows.c.person_id, rows.c.role, rows.c.pair_id, rows.c.form_id)


def residents_select(on: dt.date) -> Select[tuple[int, str, str, dt.date | None, str, str,
                                                  int | None]]:
    """Pupils and staff of the school on the date (not archived, or archived after it): id,
    category, class_name, birth_date, position, subject, experience_years. Which staff are
    pedagogical is `is_pedagogue` of position and subject."""
    return (select(_person.id, _person.category, _person.class_name, _person.birth_date,
                   _person.position, _person.subject, _person.experience_years)
            .where(_on_the_roll(on), _person.category.in_([PersonCategory.PUPIL.value,
                                                           PersonCategory.STAFF.value])))


def _on_the_roll(on: dt.date) -> ColumnElement[bool]:
    """A person of the school on the date: not archived, or archived after it."""
    return or_(_person.archived.is_(False), _person.archived_on > on)


def kpi_shares(conn: Connection, programme_id: int, on: dt.date) -> tuple[Share, Share]:
    """The KPI both ways on the date: (pupils; pupils and pedagogical staff). The pupils are
    counted by SQLite (one row back, not one per pupil: «Обзор» shows this on its first paint);
    the staff come as rows, since which of them are pedagogical is `is_pedagogue`."""
    involved = (select(involvement_select(programme_id, on).subquery().c.person_id)
                .distinct().subquery("involved"))
    flag = involved.c.person_id.is_not(None)
    pupils, pupils_involved = conn.execute(
        select(func.count(), func.count(involved.c.person_id))
        .select_from(core_tables.person.outerjoin(involved, involved.c.person_id == _person.id))
        .where(_on_the_roll(on), _person.category == PersonCategory.PUPIL.value)).one()
    staff = [row.involved for row in conn.execute(
        select(_person.position, _person.subject, flag.label("involved"))
        .select_from(core_tables.person.outerjoin(involved, involved.c.person_id == _person.id))
        .where(_on_the_roll(on), _person.category == PersonCategory.STAFF.value))
        if is_pedagogue(row.position, row.subject)]
    staff_involved = sum(1 for found in staff if found)
    return (Share(pupils_involved, pupils),
            Share(pupils_involved + staff_involved, pupils + len(staff)))
