"""The planner's statistics: written after the demo school and a large import, refreshed on
request and when the window lets go of a database it wrote to."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services import changes
from nastavnik_desktop.services.importing import ImportKind, commit_import, prepare_import
from nastavnik_desktop.services.maintenance import (
    MANY_ROWS,
    after_bulk_write,
    at_close,
    refresh_statistics,
)
from nastavnik_desktop.services.programme import ProgrammeInfo
from tests.helpers.spreadsheets import write_csv

TODAY = dt.date(2025, 10, 1)


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


def test_a_large_import_leaves_fresh_statistics(db: Database, tmp_path: Path) -> None:
    last = ["Иванов", "Петров", "Сидоров", "Смирнов", "Кузнецов", "Попов", "Волков", "Зайцев",
            "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов", "Павлов", "Орлов"]
    first = ["Иван", "Пётр", "Олег", "Илья", "Глеб", "Лев", "Марк", "Егор", "Иосиф", "Фёдор",
             "Денис", "Артём", "Борис", "Семён"]
    names = [f"{a} {b} Ильич" for a in last for b in first][:MANY_ROWS]
    rows = [["ФИО", "Класс", "Дата рождения"]] + [
        [name, "5А", f"{1 + n % 28:02d}.09.2014"] for n, name in enumerate(names)]
    path = write_csv(tmp_path / "ученики.csv", rows)
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert not preview.errors and len(preview.candidates) == MANY_ROWS
    assert _analysed(db.path) == set()
    commit_import(db, preview, today=TODAY)
    assert "person" in _analysed(db.path)


def test_a_small_import_leaves_the_statistics_alone(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ученики.csv", [["ФИО", "Класс"], ["Иванов Иван", "5А"]])
    commit_import(db, prepare_import(db, path, ImportKind.PUPILS, today=TODAY), today=TODAY)
    assert _analysed(db.path) == set()


def test_at_close_only_after_a_write(db: Database, programme: ProgrammeInfo) -> None:
    changes.watch(db)
    assert not at_close(db)
    assert _analysed(db.path) == set()
    with db.transaction() as session:
        settings.save(session, settings.MATCHING, {"weights": {}})
    assert at_close(db)
    assert {"programme", "stage_progress"} <= _analysed(db.path)


def test_refreshing_never_reconnects_a_closed_database(db: Database) -> None:
    changes.watch(db)
    with db.transaction() as session:
        settings.save(session, settings.MATCHING, {})
    db.close()
    assert not after_bulk_write(db, MANY_ROWS) and not at_close(db)
    assert _analysed(db.path) == set()
