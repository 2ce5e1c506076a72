"""The programme year by year, for «Обзор»'s «По годам»: for each school year of the file (every
programme, the latest first) the 70 % KPI both ways on that year's reporting date, the people
involved on it as mentees and as mentors, and the pairs and groups with how many were completed
or dissolved.

Nothing is counted another way than where it is shown for one year: the KPI is
`involvement.kpi_shares` on `involvement.default_reporting_date` (what «Обзор» and
`monitoring.kpi` show), the mentees and mentors are the people of `involvement_select` on that
date by role (`kpi().by_role`), a group is a pair or group with more than one mentee row and the
pairs and groups counted are those not dissolved («расторгнута»), as on «Обзор» (its cards
«пары» and «группы»). All in Core on one connection: a few statements per year, no ORM, so a
file of ten years reads in milliseconds — and still after the first paint (the page asks for it
in a worker). Outside the `monitoring` package on purpose: importing that package loads the
ORM, which the window's warm-up imports in its own thread at the same moment (ui/warmup.py);
this module needs only what the first paint has loaded already.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from nastavnik_desktop.data import core_tables
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PairStatus, ProgrammeStatus
from nastavnik_desktop.services.involvement import (
    MENTEE,
    MENTOR,
    Share,
    default_reporting_date,
    involvement_select,
    kpi_shares,
)

YEARS_TABLES = frozenset({"programme", "person", "mentoring_pair", "mentor_profile",
                          "mentee_profile", "pair_mentee"})
"""The tables `years` reads: «Обзор» reads them again only when one of these has changed
(services/changes.py) or the day has."""

_pair, _member = core_tables.mentoring_pair.c, core_tables.pair_mentee.c
_programme = core_tables.programme.c


@dataclass(frozen=True)
class YearFigures:
    """One school year's programme on its reporting date."""

    programme_id: int
    school_year: str
    status: ProgrammeStatus
    on: dt.date
    """The reporting date: today for the running year, 31 August for an archived one."""
    pupils: Share
    """Pupils involved / pupils of the school on `on`."""
    pupils_and_staff: Share
    """Pupils and pedagogical staff involved / pupils and pedagogical staff on `on`."""
    mentees: int
    """People involved as mentees on `on` (each once, however many pairs)."""
    mentors: int
    """People involved as mentors on `on`."""
    pairs: int
    """Pairs (one mentee) not dissolved."""
    groups: int
    """Groups (more than one mentee) not dissolved."""
    completed: int
    """Pairs and groups completed («завершена»)."""
    terminated: int
    """Pairs and groups dissolved («расторгнута»)."""


@dataclass(frozen=True)
class _Year:
    id: int
    school_year: str
    status: ProgrammeStatus


def years(db: Database, *, today: dt.date) -> tuple[YearFigures, ...]:
    """Every programme of the file with its figures, the latest school year first."""
    with db.engine.connect() as conn:
        programmes = [_Year(r.id, r.school_year, ProgrammeStatus(r.status))
                      for r in conn.execute(
                          select(_programme.id, _programme.school_year, _programme.status)
                          .order_by(_programme.school_year.desc(), _programme.id.desc()))]
        pairs = _pair_counts(conn)
        return tuple(_figures(conn, year, today, pairs.get(year.id, {}))
                     for year in programmes)


def _figures(conn: Connection, year: _Year, today: dt.date,
             pairs: dict[str, int]) -> YearFigures:
    on = default_reporting_date(year, today)
    pupils, everyone = kpi_shares(conn, year.id, on)
    involved = involvement_select(year.id, on).subquery()
    roles: dict[str, int] = {role: count for role, count in conn.execute(
        select(involved.c.role, func.count(func.distinct(involved.c.person_id)))
        .group_by(involved.c.role))}
    return YearFigures(
        programme_id=year.id, school_year=year.school_year, status=year.status, on=on,
        pupils=pupils, pupils_and_staff=everyone, mentees=roles.get(MENTEE, 0),
        mentors=roles.get(MENTOR, 0), pairs=pairs.get("pairs", 0),
        groups=pairs.get("groups", 0), completed=pairs.get("completed", 0),
        terminated=pairs.get("terminated", 0))


def _pair_counts(conn: Connection) -> dict[int, dict[str, int]]:
    """Per programme: pairs and groups not dissolved, completed and dissolved ones."""
    sizes = (select(_member.pair_id, func.count().label("n"))
             .group_by(_member.pair_id).subquery())
    rows = conn.execute(
        select(_pair.programme_id, _pair.status, func.coalesce(sizes.c.n, 0).label("n"))
        .outerjoin(sizes, sizes.c.pair_id == _pair.id))
    counts: dict[int, dict[str, int]] = {}
    for programme_id, status, size in rows:
        found = counts.setdefault(programme_id, {})
        keys = ["terminated"] if status == PairStatus.TERMINATED.value else [
            "groups" if size > 1 else "pairs"]
        if status == PairStatus.COMPLETED.value:
            keys.append("completed")
        for key in keys:
            found[key] = found.get(key, 0) + 1
    return counts
