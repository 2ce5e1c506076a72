"""The planner's statistics: written after the demo school, refreshed on request."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.maintenance import refresh_statistics
from nastavnik_desktop.services.programme import ProgrammeInfo


def _analysed(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return set()
        return {row[0] for row in conn.execute("SELECT tbl FROM sqlite_stat1")}
    finally:
        conn.close()


def test_refresh_statistics_analyses_the_tables(db: Database, programme: ProgrammeInfo) -> None:
    assert _analysed(db.path) == set()
    refresh_statistics(db)
    assert {"programme", "stage_progress"} <= _analysed(db.path)


def test_the_demo_school_comes_with_statistics(build_demo: Callable[..., Path],
                                               tmp_path: Path) -> None:
    path = build_demo(tmp_path / "demo.sqlite", pupils=150, teachers=15, pairs=12)
    assert {"person", "mentee_profile", "pair_mentee", "mentoring_pair"} <= _analysed(path)
