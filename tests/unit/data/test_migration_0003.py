"""Migration 0003 (the pairs' work): a base of revision 0002 keeps every meeting and pair, the
journal's JSON notes move into their columns, and the status history starts and then follows
every status change by itself (triggers)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from nastavnik_desktop.data.db import make_engine, open_database


def _downgrade_to_0002(path: Path) -> None:
    from alembic import command

    from nastavnik_desktop.data.migrations.runner import make_config

    engine = make_engine(path, foreign_keys=False)
    with engine.begin() as connection:
        command.downgrade(make_config(connection), "0002_name_accusative")
    engine.dispose()


def test_a_0002_base_upgrades_keeping_meetings_and_pairs(tmp_path: Path,
                                                         build_demo: Callable[..., Path]) -> None:
    path = build_demo(tmp_path / "school.sqlite")
    _downgrade_to_0002(path)
    conn = sqlite3.connect(path)
    with conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(meeting)")}
        assert "content" not in columns and "format" not in columns
        meetings_before = conn.execute("SELECT count(*) FROM meeting").fetchone()[0]
        pairs_before = conn.execute("SELECT id, status FROM mentoring_pair ORDER BY id").fetchall()
        assert meetings_before and pairs_before
        first, second = (row[0] for row in
                         conn.execute("SELECT id FROM meeting ORDER BY id LIMIT 2"))
        conn.execute("UPDATE meeting SET notes = ? WHERE id = ?",
                     (json.dumps({"format": "remote", "content": "Разобрали задачи",
                                  "result": "Решили две", "assignment": "Решить ещё три"},
                                 ensure_ascii=False), first))
        conn.execute("UPDATE meeting SET notes = 'Просто заметка' WHERE id = ?", (second,))
    conn.close()

    open_database(path).close()

    conn = sqlite3.connect(path)
    with conn:
        assert conn.execute("SELECT count(*) FROM meeting").fetchone()[0] == meetings_before
        assert conn.execute(
            "SELECT format, content, result, assignment, notes, planned FROM meeting "
            "WHERE id = ?", (first,)).fetchone() == (
            "remote", "Разобрали задачи", "Решили две", "Решить ещё три", "", 0)
        assert conn.execute("SELECT format, content, notes FROM meeting WHERE id = ?",
                            (second,)).fetchone() == ("in_person", "Просто заметка", "")
        history = conn.execute("SELECT pair_id, status FROM pair_status_change "
                               "ORDER BY pair_id").fetchall()
        assert history == pairs_before

        pair_id = next(pair for pair, status in pairs_before if status != "results")
        conn.execute("UPDATE mentoring_pair SET status = 'results', "
                     "status_changed_on = '2026-02-01', status_by_curator = 1 WHERE id = ?",
                     (pair_id,))
        conn.execute("UPDATE mentoring_pair SET title = 'Без смены статуса' WHERE id = ?",
                     (pair_id,))
        assert conn.execute(
            "SELECT status, changed_on, by_curator FROM pair_status_change WHERE pair_id = ? "
            "ORDER BY id", (pair_id,)).fetchall()[1:] == [("results", "2026-02-01", 1)]
    conn.close()
