"""The school and its programmes by school year; the figures of the «Обзор» page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, Row, func, select

from nastavnik_desktop import settings
from nastavnik_desktop.data import core_tables
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
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.involvement import Share, default_reporting_date, kpi_shares
from nastavnik_desktop.services.pair_silence import silent_pairs_select

if TYPE_CHECKING:  # the ORM loads after the first screen (data/core_tables.py)
    from sqlalchemy.orm import QueryableAttribute, Session

    from nastavnik_desktop.data.models import Programme, School

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
class DueItem:
    """A roadmap event not done yet, for the «Обзор» page."""

    id: int
    stage: int
    title: str
    due_on: dt.date | None
    responsible: str
    overdue: bool


NO_SHARE = Share(0, 0)


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
    next_due: tuple[DueItem, ...] = ()
    overdue: int = 0
    silent_pairs: int = 0
    """Active pairs with no held meeting for `silent_weeks` weeks (journal.silent_pairs)."""
    silent_weeks: int = 4
    kpi_on: dt.date | None = None
    """The reporting date of the KPI shown (services/involvement.default_reporting_date)."""
    kpi_pupils: Share = NO_SHARE
    """Pupils involved in mentoring on `kpi_on` / pupils of the school."""
    kpi_pupils_and_staff: Share = NO_SHARE
    """Pupils and pedagogical staff involved / pupils and pedagogical staff."""


def suggested_short_name(full_name: str) -> str:
    """The usual short name of a school from its full name, as the charter abbreviates it:
    «Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная
    школа № 7»» → «МБОУ «СОШ № 7»»; a one-word name stays («МАОУ «Гимназия № 3»»). Empty
    when the full name has no «name» in quotes to go by."""
    match = re.match(r"^\s*([^«\"]+?)\s*[«\"](.+)[»\"]\s*$", full_name)
    if match is None:
        return ""
    form_words = match.group(1).split()
    if len(form_words) < 2:
        return ""
    form = "".join(word[0].upper() for word in form_words)
    name = match.group(2).strip()
    before, number_sign, number = name.partition("№")
    words = before.split()
    if len(words) > 1 and any(w.casefold().startswith("школ") for w in words):
        name = "".join(w[0].upper() for w in words) + (
            f" № {number.strip()}" if number_sign else "")
    return f"{form} «{name}»"


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
                                director_position: str = "Директор", founder: str = "",
                                settlement: str = "") -> ProgrammeInfo:
    """Record the school (or update its name) and open a programme for the school year.
    `founder` is the line above the school's name on its orders, `settlement` the place of
    compilation under their date; empty ones leave what is stored."""
    full_name = school_full_name.strip()
    if not full_name:
        raise ValidationError("Укажите полное наименование образовательной организации.")
    year = validate_school_year(school_year)
    from nastavnik_desktop.data.models import Programme
    from nastavnik_desktop.services import audit
    from nastavnik_desktop.services.school import SchoolRequisites, write_school

    with db.transaction() as session:
        school = write_school(session, SchoolRequisites(
            full_name=full_name, short_name=school_short_name, director_name=director_name,
            director_position=director_position, founder=founder, settlement=settlement),
            fields=("short_name", "director_name", "director_position", "founder",
                    "settlement"), keep_empty=True)
        exists = session.scalar(select(Programme.id).where(
            Programme.school_id == school.id, Programme.school_year == year))
        if exists is not None:
            raise ValidationError(f"Программа наставничества на {year} учебный год уже есть.")
        programme = new_programme(session, school, year)
        audit.record(session, "create", "programme", programme.id,
                     f"Создана программа наставничества на {year} учебный год")
        return _info(programme, school)


def new_programme(session: Session, school: School, school_year: str, *,
                  opened_on: dt.date | None = None) -> Programme:
    """A programme with its seven stages, not started (used by the wizard and the demo). It
    starts with the school year, or on `opened_on` when it is opened during the year."""
    from nastavnik_desktop.data.models import Programme, StageProgress

    starts_on, ends_on = school_year_bounds(school_year)
    if opened_on is not None and starts_on < opened_on <= ends_on:
        starts_on = opened_on
    programme = Programme(school=school, school_year=school_year, starts_on=starts_on,
                          ends_on=ends_on,
                          title=f"Программа наставничества на {school_year} учебный год")
    programme.stages = [StageProgress(stage=n) for n in STAGE_TITLES]
    session.add(programme)
    session.flush()
    return programme


@dataclass(frozen=True)
class ProgrammeYear:
    """A school year of what the school keeps year after year (awards, cases): its programme
    and how many it has."""

    programme_id: int
    school_year: str
    count: int


def programme_years(session: Session, programme_column: QueryableAttribute[int | None],
                    current_programme_id: int) -> list[ProgrammeYear]:
    """The school years of a table with `programme_column`, latest first: the current
    programme's always, the earlier ones when they have rows."""
    counts: dict[int, int] = {
        programme_id: count for programme_id, count in session.execute(
            select(programme_column, func.count()).where(programme_column.is_not(None))
            .group_by(programme_column)) if programme_id is not None}
    table = core_tables.programme
    found = session.execute(select(table.c.id, table.c.school_year).where(
        table.c.id.in_({current_programme_id, *counts})))
    years = [ProgrammeYear(programme_id, school_year, counts.get(programme_id, 0))
             for programme_id, school_year in found]
    return sorted(years, key=lambda y: (y.school_year, y.programme_id), reverse=True)


def check_programme(session: Session, programme_id: int) -> Programme:
    """The programme by id, or a ValidationError when there is none (deleted meanwhile)."""
    from nastavnik_desktop.data.models import Programme

    programme = session.get(Programme, programme_id)
    if programme is None:
        raise ValidationError("Программа наставничества не найдена.")
    return programme


def _info(programme: Programme, school: School) -> ProgrammeInfo:
    return ProgrammeInfo(id=programme.id, school_year=programme.school_year,
                         school_name=school.short_name or school.full_name,
                         status=programme.status)


# The first screen's queries use Core table clauses, not the mapped classes: importing the ORM
# and configuring the mappers cost ~75 ms, which the start-up budget (benchmarks/startup.py)
# cannot afford (data/core_tables.py).
_programme = core_tables.programme.c
_school = core_tables.school.c
_stage = core_tables.stage_progress.c
_person = core_tables.person.c
_mentee = core_tables.mentee_profile.c
_mentor = core_tables.mentor_profile.c
_pair = core_tables.mentoring_pair.c
_pair_mentee = core_tables.pair_mentee.c
_roadmap = core_tables.roadmap_item.c

NEXT_DUE_COUNT = 5
OVERVIEW_TABLES = frozenset({"programme", "school", "stage_progress", "person", "mentee_profile",
                             "mentor_profile", "mentoring_pair", "pair_mentee", "roadmap_item",
                             "meeting"})
"""The tables `overview` reads: the page reads it again only when one of them has changed
(services/changes.py) or the day has (a changed setting such as SILENT_PAIR_WEEKS shows then);
tests/unit/services/stages/test_query_plans.py holds the list to the statements it runs."""


def _programme_rows(conn: Connection, *where: ColumnElement[bool]) -> Row[*tuple[Any, ...]] | None:
    return conn.execute(
        select(_programme.id, _programme.school_year, _programme.status, _school.short_name,
               _school.full_name)
        .join_from(core_tables.programme, core_tables.school,
                   _programme.school_id == _school.id)
        .where(*where)
        .order_by((_programme.status == ProgrammeStatus.ACTIVE.value).desc(),
                  _programme.school_year.desc())
    ).first()


def _info_from_row(row: Row[*tuple[Any, ...]]) -> ProgrammeInfo:
    return ProgrammeInfo(id=row.id, school_year=row.school_year,
                         school_name=row.short_name or row.full_name,
                         status=ProgrammeStatus(row.status))


def current_programme(db: Database) -> ProgrammeInfo | None:
    """The latest active programme, or None in an empty database."""
    with db.engine.connect() as conn:
        row = _programme_rows(conn)
        return _info_from_row(row) if row else None


def all_programmes(db: Database) -> list[ProgrammeInfo]:
    """Every programme of the file, running or archived, the latest school year first (the
    year switcher of the window)."""
    query = (select(_programme.id, _programme.school_year, _programme.status,
                    _school.short_name, _school.full_name)
             .join_from(core_tables.programme, core_tables.school,
                        _programme.school_id == _school.id)
             .order_by(_programme.school_year.desc(), _programme.id.desc()))
    with db.engine.connect() as conn:
        return [_info_from_row(row) for row in conn.execute(query)]


def programme_of_year(db: Database, school_year: str) -> ProgrammeInfo:
    """The programme of `school_year` («2025/2026»), running or archived (to print a past
    year's paper)."""
    year = validate_school_year(school_year)
    with db.engine.connect() as conn:
        row = _programme_rows(conn, _programme.school_year == year)
    if row is None:
        raise ValidationError(f"Программы наставничества на {year} учебный год в базе нет.")
    return _info_from_row(row)


def programme_info(db: Database, programme_id: int) -> ProgrammeInfo:
    """The programme's year, school and status (e.g. for its default reporting date)."""
    with db.engine.connect() as conn:
        row = _programme_rows(conn, _programme.id == programme_id)
    if row is None:
        raise ValidationError("Программа наставничества не найдена. Откройте её снова.")
    return _info_from_row(row)


def overview(db: Database, programme_id: int, *, today: dt.date | None = None,
             statuses: Mapping[int, StageStatus] | None = None) -> Overview:
    """The figures of the «Обзор» page. The stage statuses are `statuses` when given (computed
    by services.stages.stage_cards), else as last stored — cheap enough for start-up."""
    day = today or dt.date.today()
    with db.engine.connect() as conn:
        row = _programme_rows(conn, _programme.id == programme_id)
        if row is None:
            raise ValidationError("Программа наставничества не найдена.")
        stored = {n: StageStatus(status) for n, status in conn.execute(
            select(_stage.stage, _stage.status).where(_stage.programme_id == programme_id))}
        shown = {**stored, **statuses} if statuses is not None else stored
        stages = tuple(StageLine(n, STAGE_TITLES[n], shown[n], STAGE_STATUS_LABELS[shown[n]])
                       for n in sorted(shown))
        current = current_stage({s.stage: s.status for s in stages})
        people = {PersonCategory(c): n for c, n in conn.execute(
            select(_person.category, func.count()).where(_person.archived.is_(False))
            .group_by(_person.category))}
        in_programme_mentors = _mentor.programme_id == programme_id
        mentees = _count_distinct(conn, _mentee.person_id, _mentee.programme_id == programme_id)
        mentors = _count_distinct(conn, _mentor.person_id, in_programme_mentors)
        admitted = _count_distinct(conn, _mentor.person_id, in_programme_mentors,
                                   _mentor.status == MentorStatus.ADMITTED.value)
        by_status = {PairStatus(s): n for s, n in conn.execute(
            select(_pair.status, func.count()).where(_pair.programme_id == programme_id)
            .group_by(_pair.status))}
        groups = _count_groups(conn, programme_id)
        next_due, overdue = _next_due(conn, programme_id, day)
        if row.status == ProgrammeStatus.ACTIVE.value:
            next_due = _with_kpi_reminder(
                next_due, row.school_year, day, settings.load(conn, settings.KPI_REPORTING_DAY))
        weeks = settings.load(conn, settings.SILENT_PAIR_WEEKS)
        silent = _count_silent(conn, programme_id, day, weeks)
        info = _info_from_row(row)
        kpi_on = default_reporting_date(info, day)
        kpi_pupils, kpi_all = kpi_shares(conn, programme_id, kpi_on)
    active = sum(n for status, n in by_status.items() if status is not PairStatus.TERMINATED)
    return Overview(
        programme=info, current_stage=current, stages=stages,
        pupils=people.get(PersonCategory.PUPIL, 0), staff=people.get(PersonCategory.STAFF, 0),
        mentees=mentees, mentors=mentors, mentors_admitted=admitted,
        pairs=active - groups, groups=groups,
        pairs_by_status=tuple((PAIR_STATUS_LABELS[s], by_status.get(s, 0)) for s in PairStatus),
        next_due=next_due, overdue=overdue, silent_pairs=silent, silent_weeks=weeks,
        kpi_on=kpi_on, kpi_pupils=kpi_pupils, kpi_pupils_and_staff=kpi_all,
    )


def _count_silent(conn: Connection, programme_id: int, today: dt.date, weeks: int) -> int:
    """How many active pairs are silent (the rule of `services.pair_silence`)."""
    silent = silent_pairs_select(programme_id, today=today, weeks=weeks).subquery()
    return conn.scalar(select(func.count()).select_from(silent)) or 0


def current_stage(statuses: Mapping[int, StageStatus]) -> int:
    """The stage the programme is at: the first one not done after the last one done (stages
    may overlap — a stage left in progress behind does not hold the programme back)."""
    done = [stage for stage, status in statuses.items() if status is StageStatus.DONE]
    after = max(done, default=0)
    return next((stage for stage in sorted(statuses)
                 if stage > after and statuses[stage] is not StageStatus.DONE),
                max(statuses, default=1))


def _next_due(conn: Connection, programme_id: int,
              today: dt.date) -> tuple[tuple[DueItem, ...], int]:
    """The first events not done, by due date (overdue first), and how many are overdue."""
    open_items = (_roadmap.programme_id == programme_id, _roadmap.done_on.is_(None))
    rows = conn.execute(
        select(_roadmap.id, _roadmap.stage, _roadmap.title, _roadmap.due_on,
               _roadmap.responsible_text)
        .where(*open_items)
        .order_by(_roadmap.due_on.is_(None), _roadmap.due_on, _roadmap.stage,
                  _roadmap.sort_order)
        .limit(NEXT_DUE_COUNT)).all()
    overdue = conn.scalar(select(func.count()).select_from(core_tables.roadmap_item)
                          .where(*open_items, _roadmap.due_on < today)) or 0
    return tuple(DueItem(id=r.id, stage=r.stage, title=r.title, due_on=r.due_on,
                         responsible=r.responsible_text,
                         overdue=r.due_on is not None and r.due_on < today)
                 for r in rows), overdue


KPI_REMINDER_DAYS = 30
"""The KPI's reporting day joins the next events this many days ahead."""
KPI_REMINDER_TITLE = ("Отчёт о доле участников программы наставничества (целевой показатель "
                      "70 %) для муниципалитета: сформируйте его в «Обмене данными»")


def kpi_reporting_date(school_year: str, month_day: tuple[int, int]) -> dt.date:
    """The reporting day (`settings.KPI_REPORTING_DAY`) within `school_year`: September to
    December of its first calendar year, January to August of its second (29 February of a
    year without one is the 28th)."""
    month, day = month_day
    year = int(school_year[:4]) + (0 if month >= 9 else 1)
    try:
        return dt.date(year, month, day)
    except ValueError:  # 29 February of a common year (the setting allows no other day)
        return dt.date(year, month, day - 1)


def _with_kpi_reminder(due: tuple[DueItem, ...], school_year: str, today: dt.date,
                       month_day: tuple[int, int]) -> tuple[DueItem, ...]:
    """The next events with the KPI's reporting day among them when it is at most
    `KPI_REMINDER_DAYS` ahead (id 0: not an event of the roadmap)."""
    on = kpi_reporting_date(school_year, month_day)
    if not today <= on <= today + dt.timedelta(days=KPI_REMINDER_DAYS):
        return due
    reminder = DueItem(id=0, stage=7, title=KPI_REMINDER_TITLE, due_on=on,
                       responsible="куратор", overdue=False)
    items = [*due[:NEXT_DUE_COUNT - 1], reminder]
    return tuple(sorted(items, key=lambda item: (item.due_on is None,
                                                 item.due_on or dt.date.max)))


def _count_distinct(conn: Connection, column: ColumnElement[Any],
                    *where: ColumnElement[bool]) -> int:
    return conn.scalar(select(func.count(func.distinct(column))).where(*where)) or 0


def _count_groups(conn: Connection, programme_id: int) -> int:
    sizes = (select(_pair_mentee.pair_id, func.count().label("n"))
             .join_from(core_tables.pair_mentee, core_tables.mentoring_pair,
                        _pair.id == _pair_mentee.pair_id)
             .where(_pair.programme_id == programme_id,
                    _pair.status != PairStatus.TERMINATED.value)
             .group_by(_pair_mentee.pair_id).subquery())
    return conn.scalar(select(func.count()).select_from(sizes).where(sizes.c.n > 1)) or 0
