"""The school and its programmes by school year; the figures of the «Обзор» page."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    PAIR_STATUS_LABELS,
    STAGE_STATUS_LABELS,
    STAGE_TITLES,
    MentorStatus,
    PairStatus,
    PersonCategory,
    ProgrammeStatus,
    StageStatus,
)
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    Programme,
    School,
    StageProgress,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit

_YEAR_RE = re.compile(r"^(\d{4})/(\d{4})$")


@dataclass(frozen=True)
class ProgrammeInfo:
    id: int
    school_year: str
    school_name: str
    status: ProgrammeStatus


@dataclass(frozen=True)
class StageLine:
    stage: int
    title: str
    status: StageStatus
    status_label: str


@dataclass(frozen=True)
class Overview:
    programme: ProgrammeInfo
    current_stage: int
    stages: tuple[StageLine, ...]
    pupils: int
    staff: int
    mentees: int
    mentors: int
    mentors_admitted: int
    pairs: int
    groups: int
    pairs_by_status: tuple[tuple[str, int], ...]


def school_year_for(day: dt.date) -> str:
    """The school year a date belongs to: September opens a new one."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}/{start + 1}"


def validate_school_year(entered: str) -> str:
    text = entered.strip().replace("-", "/").replace("–", "/")
    match = _YEAR_RE.match(text)
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValidationError(
            f"Учебный год «{entered.strip()}» записан неверно. Укажите его как «2025/2026»: "
            "два года подряд через косую черту."
        )
    return text


def school_year_bounds(school_year: str) -> tuple[dt.date, dt.date]:
    start = int(school_year[:4])
    return dt.date(start, 9, 1), dt.date(start + 1, 5, 31)


def create_school_and_programme(db: Database, *, school_full_name: str, school_year: str,
                                school_short_name: str = "", director_name: str = "",
                                director_position: str = "Директор") -> ProgrammeInfo:
    """Record the school (or update its name) and open a programme for the school year."""
    full_name = school_full_name.strip()
    if not full_name:
        raise ValidationError("Укажите полное наименование образовательной организации.")
    year = validate_school_year(school_year)
    with db.transaction() as session:
        school = session.scalars(select(School).order_by(School.id)).first()
        if school is None:
            school = School(full_name=full_name)
            session.add(school)
        school.full_name = full_name
        school.short_name = school_short_name.strip() or school.short_name
        school.director_name = director_name.strip() or school.director_name
        school.director_position = director_position.strip() or school.director_position
        session.flush()
        exists = session.scalar(select(Programme.id).where(
            Programme.school_id == school.id, Programme.school_year == year))
        if exists is not None:
            raise ValidationError(f"Программа наставничества на {year} учебный год уже есть.")
        programme = new_programme(session, school, year)
        audit.record(session, "create", "programme", programme.id,
                     f"Создана программа наставничества на {year} учебный год")
        return _info(programme, school)


def new_programme(session: Session, school: School, school_year: str) -> Programme:
    """A programme with its seven stages, not started (used by the wizard and the demo)."""
    starts_on, ends_on = school_year_bounds(school_year)
    programme = Programme(school=school, school_year=school_year, starts_on=starts_on,
                          ends_on=ends_on,
                          title=f"Программа наставничества на {school_year} учебный год")
    programme.stages = [StageProgress(stage=n) for n in STAGE_TITLES]
    session.add(programme)
    session.flush()
    return programme


def _info(programme: Programme, school: School) -> ProgrammeInfo:
    return ProgrammeInfo(id=programme.id, school_year=programme.school_year,
                         school_name=school.short_name or school.full_name,
                         status=programme.status)


def current_programme(db: Database) -> ProgrammeInfo | None:
    """The latest active programme, or None in an empty database."""
    with db.reading() as session:
        row = session.execute(
            select(Programme, School).join(School)
            .order_by((Programme.status == ProgrammeStatus.ACTIVE).desc(),
                      Programme.school_year.desc())
        ).first()
        return _info(row[0], row[1]) if row else None


def overview(db: Database, programme_id: int) -> Overview:
    with db.reading() as session:
        programme = session.get(Programme, programme_id)
        if programme is None:
            raise ValidationError("Программа наставничества не найдена.")
        info = _info(programme, programme.school)
        stages = tuple(StageLine(s.stage, STAGE_TITLES[s.stage], s.status,
                                 STAGE_STATUS_LABELS[s.status]) for s in programme.stages)
        current = next((s.stage for s in stages if s.status is not StageStatus.DONE), 7)
        people = dict(session.execute(
            select(Person.category, func.count()).where(Person.archived.is_(False))
            .group_by(Person.category)).all())
        mentees = _count_distinct(session, MenteeProfile.person_id,
                                  MenteeProfile.programme_id == programme_id)
        mentors = _count_distinct(session, MentorProfile.person_id,
                                  MentorProfile.programme_id == programme_id)
        admitted = _count_distinct(session, MentorProfile.person_id,
                                   MentorProfile.programme_id == programme_id,
                                   MentorProfile.status == MentorStatus.ADMITTED)
        by_status = dict(session.execute(
            select(MentoringPair.status, func.count()).where(
                MentoringPair.programme_id == programme_id).group_by(MentoringPair.status)).all())
        groups = _count_groups(session, programme_id)
        active = sum(n for status, n in by_status.items() if status is not PairStatus.TERMINATED)
        return Overview(
            programme=info, current_stage=current, stages=stages,
            pupils=people.get(PersonCategory.PUPIL, 0), staff=people.get(PersonCategory.STAFF, 0),
            mentees=mentees, mentors=mentors, mentors_admitted=admitted,
            pairs=active - groups, groups=groups,
            pairs_by_status=tuple((PAIR_STATUS_LABELS[s], by_status.get(s, 0))
                                  for s in PairStatus),
        )


def _count_distinct(session: Session, column: InstrumentedAttribute[int],
                    *where: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count(func.distinct(column))).where(*where)) or 0


def _count_groups(session: Session, programme_id: int) -> int:
    sizes = (select(PairMentee.pair_id, func.count().label("n"))
             .join(MentoringPair, MentoringPair.id == PairMentee.pair_id)
             .where(MentoringPair.programme_id == programme_id,
                    MentoringPair.status != PairStatus.TERMINATED)
             .group_by(PairMentee.pair_id).subquery())
    return session.scalar(select(func.count()).select_from(sizes).where(sizes.c.n > 1)) or 0
