"""Migration 0005 (monitoring): a base of revision 0004 where a person answered the same round
twice keeps the latest response (with its answers; the older one's answers go with it, nothing
is left dangling) and every other row; the new columns are there, the unique index refuses a
second response in a round, and the downgrade gives back a working 0004 base."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from nastavnik_desktop.data.db import make_engine, open_database

_KEPT = {
    "person": "SELECT id, last_name, first_name, category, archived FROM person ORDER BY id",
    "mentoring_pair": "SELECT id, status, formed_on FROM mentoring_pair ORDER BY id",
    "questionnaire_round": "SELECT id, programme_id, template_id, phase, title, opens_on "
                           "FROM questionnaire_round ORDER BY id",
    "swot_entry": "SELECT id, programme_id, quadrant, sort_order, text FROM swot_entry "
                  "ORDER BY id",
    "meeting": "SELECT count(*) FROM meeting",
}


def _migrate(path: Path, revision: str, *, down: bool) -> None:
    from alembic import command

    from nastavnik_desktop.data.migrations.runner import make_config

    engine = make_engine(path, foreign_keys=False)
    with engine.begin() as connection:
        if down:
            command.downgrade(make_config(connection), revision)
        else:
            command.upgrade(make_config(connection), revision)
    engine.dispose()


def _responses(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    return conn.execute("SELECT id, round_id, person_id, template_id, filled_on, source "
                        "FROM questionnaire_response ORDER BY id").fetchall()


def _answers(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    return conn.execute("SELECT id, response_id, question_id, value_int, value_text FROM answer "
                        "ORDER BY id").fetchall()


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _fill_duplicates(conn: sqlite3.Connection) -> tuple[int, int, int, int]:
    """A second (later) response of a person in a round, with answers, and two responses
    outside any round of another person; (round, person, older response, later response)."""
    round_id, person_id, older = conn.execute(
        "SELECT round_id, person_id, id FROM questionnaire_response WHERE round_id IS NOT NULL "
        "ORDER BY id LIMIT 1").fetchone()
    template_id, programme_id = conn.execute(
        "SELECT template_id, programme_id FROM questionnaire_round WHERE id = ?",
        (round_id,)).fetchone()
    conn.execute("INSERT INTO questionnaire_response (template_id, programme_id, person_id, "
                 "round_id, filled_on, source) VALUES (?, ?, ?, ?, '2026-11-20', 'import')",
                 (template_id, programme_id, person_id, round_id))
    later = conn.execute("SELECT max(id) FROM questionnaire_response").fetchone()[0]
    question_id = conn.execute("SELECT id FROM question WHERE template_id = ? AND kind = "
                               "'scale_1_10' ORDER BY sort_order LIMIT 1",
                               (template_id,)).fetchone()[0]
    conn.execute("INSERT INTO answer (response_id, question_id, value_int, value_text) "
                 "VALUES (?, ?, 3, '')", (later, question_id))
    other = conn.execute("SELECT id FROM person WHERE id <> ? ORDER BY id LIMIT 1",
                         (person_id,)).fetchone()[0]
    for day in ("2026-09-10", "2026-09-11"):  # no round: the index does not apply
        conn.execute("INSERT INTO questionnaire_response (template_id, programme_id, person_id, "
                     "filled_on, source) VALUES (?, ?, ?, ?, 'paper')",
                     (template_id, programme_id, other, day))
    return round_id, person_id, older, later


def test_a_0004_base_with_a_person_twice_in_a_round_upgrades_keeping_the_latest(
        tmp_path: Path, build_demo: Callable[..., Path]) -> None:
    path = build_demo(tmp_path / "school.sqlite", pupils=150, teachers=15)
    _migrate(path, "0004_questionnaires", down=True)
    conn = sqlite3.connect(path)
    with conn:
        assert "archived_on" not in _columns(conn, "person")
        round_id, person_id, older, later = _fill_duplicates(conn)
        kept = {table: conn.execute(sql).fetchall() for table, sql in _KEPT.items()}
        responses, answers = _responses(conn), _answers(conn)
        assert kept["questionnaire_round"] and kept["swot_entry"] and len(responses) > 10
        assert any(a[1] == older for a in answers)
    conn.close()

    open_database(path).close()  # migrates to the head

    conn = sqlite3.connect(path)
    with conn:
        assert {table: conn.execute(sql).fetchall() for table, sql in _KEPT.items()} == kept
        assert _responses(conn) == [r for r in responses if r[0] != older]
        assert _answers(conn) == [a for a in answers if a[1] != older]
        assert [r[0] for r in _responses(conn)
                if r[1] == round_id and r[2] == person_id] == [later]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert "archived_on" in _columns(conn, "person")
        assert "form_id" in _columns(conn, "swot_entry")
        assert "monitoring_conclusions" in _columns(conn, "programme")
        assert conn.execute("SELECT DISTINCT monitoring_conclusions FROM programme"
                            ).fetchall() == [("",)]
        template_id, programme_id = conn.execute(
            "SELECT template_id, programme_id FROM questionnaire_round WHERE id = ?",
            (round_id,)).fetchone()
    with pytest.raises(sqlite3.IntegrityError), conn:
        conn.execute("INSERT INTO questionnaire_response (template_id, programme_id, "
                     "person_id, round_id, source) VALUES (?, ?, ?, ?, 'app')",
                     (template_id, programme_id, person_id, round_id))
    with conn:  # outside a round a person may still have several responses
        conn.execute("INSERT INTO questionnaire_response (template_id, programme_id, person_id, "
                     "source) VALUES (?, ?, ?, 'app')", (template_id, programme_id, person_id))
    conn.close()

    _migrate(path, "0004_questionnaires", down=True)
    conn = sqlite3.connect(path)
    with conn:
        assert "archived_on" not in _columns(conn, "person")
        assert "form_id" not in _columns(conn, "swot_entry")
        assert "monitoring_conclusions" not in _columns(conn, "programme")
        assert {table: conn.execute(sql).fetchall() for table, sql in _KEPT.items()} == kept
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # without the index a second response in a round gets in again, as 0004 allowed
        conn.execute("INSERT INTO questionnaire_response (template_id, programme_id, "
                     "person_id, round_id, source) VALUES (?, ?, ?, ?, 'app')",
                     (template_id, programme_id, person_id, round_id))
    conn.close()
    open_database(path).close()  # and it upgrades again, merging that duplicate
