"""The stage checklists and the «Обзор» figures read in plans that stay linear without planner
statistics (issue 18): a file that has never been analysed once made SQLite loop over every pair
for each mentee (2 s at 5,000 pupils and 1,000 pairs).

Every statement the reads run is caught and its `EXPLAIN QUERY PLAN` checked: a table read inside
a loop (a join's inner table, a correlated subquery) must be a SEARCH by a key that picks a few
rows — the rowid or a foreign key to the outer row — never a SCAN and never a SEARCH by the
programme alone, which reads the whole table again for each outer row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.demo import DemoOptions, generate_demo
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.services import stages

TODAY = dt.date(2025, 11, 20)
BROAD = {"programme_id", "status", "stage", "kind", "phase", "category", "archived", "form_id"}
"""Columns that pick a large share of a table: a SEARCH by these alone is a scan in disguise."""
SETTINGS = {"app_setting"}
"""Read by the board and «Обзор» (the weeks of silence) but not listed: see the test below."""
_LOOP = re.compile(r"^(SCAN|SEARCH) (\S+)")
_RUN_ONCE = ("LIST SUBQUERY", "SCALAR SUBQUERY", "CO-ROUTINE", "MATERIALIZE")

Plan = list[tuple[int, int, str]]


@pytest.fixture(scope="module")
def big_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, int]]:
    """A demo school with many pairs and no statistics (sqlite_stat1) in the file."""
    database = open_database(tmp_path_factory.mktemp("plans") / "school.sqlite")
    generate_demo(database, DemoOptions(seed=3, pupils=600, teachers=40, pairs=100, today=TODAY))
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sqlite_master "
                                 "WHERE name = 'sqlite_stat1'")).scalar() == 0
    programme = programme_service.current_programme(database)
    assert programme is not None
    yield database, programme.id
    database.close()


def _statements(db: Database, read: Callable[[], object]) -> list[tuple[str, Any]]:
    caught: list[tuple[str, Any]] = []

    def catch(_conn: object, _cursor: object, statement: str, parameters: Any,
              _context: object, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            caught.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", catch)
    try:
        read()
    finally:
        event.remove(db.engine, "before_cursor_execute", catch)
    return caught


def _plan(db: Database, statement: str, parameters: Any) -> Plan:
    raw = db.engine.raw_connection()
    try:
        rows = raw.cursor().execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
    finally:
        raw.close()
    return [(node, parent, detail) for node, parent, _unused, detail in rows]


def _selective(detail: str) -> bool:
    if not detail.startswith("SEARCH "):
        return False
    constraint = detail[detail.rfind("(") + 1:]
    columns = set(re.findall(r"(\w+)\s*(?:=|>|<|IN\b)", constraint))
    return bool(columns - BROAD)


def loops_over_big_tables(plan: Plan) -> list[str]:
    """The table reads of `plan` that run inside a loop yet are not selective SEARCHes."""
    children: dict[int, list[tuple[int, str]]] = {}
    for node, parent, detail in plan:
        children.setdefault(parent, []).append((node, detail))
    found: list[str] = []

    def visit(parent: int, correlated: bool) -> None:
        loops = 0
        for node, detail in children.get(parent, []):
            if _LOOP.match(detail):
                inner = correlated or loops > 0
                loops += 1
                if inner and not _selective(detail):
                    found.append(detail)
                visit(node, correlated)
            elif detail.startswith("CORRELATED"):
                visit(node, True)
            elif detail.startswith(_RUN_ONCE):
                visit(node, False)
            else:
                visit(node, correlated)

    visit(0, False)
    return found


def _check(db: Database, read: Callable[[], object]) -> None:
    statements = _statements(db, read)
    assert len(statements) > 5
    bad = {}
    for statement, parameters in statements:
        loops = loops_over_big_tables(_plan(db, statement, parameters))
        if loops:
            bad[" ".join(statement.split())[:300]] = loops
    assert not bad, bad


def test_the_checker_catches_the_old_all_paired_join(big_base: tuple[Database, int]) -> None:
    db, pid = big_base
    old = ("SELECT count(DISTINCT mentee_profile.person_id) FROM mentee_profile "
           "JOIN pair_mentee ON pair_mentee.mentee_profile_id = mentee_profile.id "
           "JOIN mentoring_pair ON mentoring_pair.id = pair_mentee.pair_id "
           "WHERE mentee_profile.programme_id = ? AND mentoring_pair.programme_id = ? "
           "AND mentoring_pair.status != 'terminated'")
    assert loops_over_big_tables(_plan(db, old, (pid, pid))) == [
        "SEARCH mentoring_pair USING INDEX ix_mentoring_pair_programme_id (programme_id=?)"]


def test_every_checklist_query_reads_big_tables_by_key_inside_loops(
        big_base: tuple[Database, int]) -> None:
    db, pid = big_base
    _check(db, lambda: stages.stage_cards(db, pid, today=TODAY))


def test_the_overview_figures_read_big_tables_by_key_inside_loops(
        big_base: tuple[Database, int]) -> None:
    db, pid = big_base
    _check(db, lambda: programme_service.overview(db, pid, today=TODAY))


def test_the_paired_count_is_right(big_base: tuple[Database, int], tmp_path: Path) -> None:
    db, pid = big_base
    card = stages.stage_cards(db, pid, today=TODAY)[4]
    item = next(i for i in card.items if i.key == "all_paired")
    with db.engine.connect() as conn:
        paired = conn.execute(text(
            "SELECT count(DISTINCT me.person_id) FROM mentee_profile me, pair_mentee pm, "
            "mentoring_pair p WHERE pm.mentee_profile_id = me.id AND p.id = pm.pair_id "
            "AND me.programme_id = :pid AND p.status != 'terminated'"), {"pid": pid}).scalar()
        mentees = conn.execute(text("SELECT count(DISTINCT person_id) FROM mentee_profile "
                                    "WHERE programme_id = :pid"), {"pid": pid}).scalar()
    assert item.detail == f"{paired} из {mentees} в парах" and paired and paired < mentees


def _tables(statements: list[tuple[str, Any]]) -> set[str]:
    return {name.lower() for statement, _parameters in statements
            for name in re.findall(r'\b(?:FROM|JOIN)\s+"?(\w+)', statement)}


def test_the_pages_know_every_table_their_reads_touch(big_base: tuple[Database, int]) -> None:
    """A page reads again when one of the tables it lists has changed (services/changes.py):
    a table read but not listed would leave the page showing old data."""
    from nastavnik_desktop.services import pairs, people, plans, roadmap
    from nastavnik_desktop.services.stages.status import STAGE_CARD_TABLES

    db, pid = big_base
    pair_id = pairs.board(db, pid, today=TODAY)[0].id
    reads = {
        STAGE_CARD_TABLES: lambda: stages.stage_cards(db, pid, today=TODAY),
        programme_service.OVERVIEW_TABLES: lambda: programme_service.overview(db, pid,
                                                                              today=TODAY),
        roadmap.ROADMAP_TABLES: lambda: roadmap.list_roadmap(db, pid, today=TODAY),
        people.BASE_TABLES[people.BaseKind.MENTEES]: lambda: people.mentee_base(
            db, pid, today=TODAY),
        people.BASE_TABLES[people.BaseKind.MENTORS]: lambda: people.mentor_base(
            db, pid, today=TODAY),
        pairs.BOARD_TABLES: lambda: (pairs.board(db, pid, today=TODAY),
                                     pairs.unmatched_mentees(db, pid)),
        plans.PLAN_TABLES: lambda: (plans.plan(db, pair_id, today=TODAY),
                                    plans.plan_progress(db, pid, today=TODAY)),
    }
    for listed, read in reads.items():
        # a setting (SILENT_PAIR_WEEKS) shows with the next change or day, like every setting:
        # a saved setting of matching must not make the pages read everything again
        assert _tables(_statements(db, read)) - SETTINGS <= listed


def test_the_bases_and_the_board_read_big_tables_by_key_inside_loops(
        big_base: tuple[Database, int]) -> None:
    from nastavnik_desktop.services import pairs, people, plans

    db, pid = big_base
    _check(db, lambda: (people.mentee_base(db, pid, today=TODAY),
                        people.mentor_base(db, pid, today=TODAY),
                        pairs.board(db, pid, today=TODAY), pairs.unmatched_mentees(db, pid),
                        plans.plan_progress(db, pid, today=TODAY)))
    few = people.people_shown_with(db, pid, [people.mentor_base(db, pid)[0].person_id])
    _check(db, lambda: (people.people_shown_with(db, pid, few),
                        people.mentee_base(db, pid, today=TODAY, person_ids=few),
                        people.mentor_base(db, pid, today=TODAY, person_ids=few),
                        pairs.board(db, pid, pair_ids=[1, 2], today=TODAY)))
