"""Migration 0004 (questionnaires): a base of revision 0003 with questionnaires and answers
keeps every template, question, response and answer (three parent tables are rebuilt, with
foreign keys off), and the new question kinds, choices and rounds can be written."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from nastavnik_desktop.data.db import make_engine, open_database

_SNAPSHOT = {
    "questionnaire_template": "SELECT id, title, audience, phase, is_seeded, programme_id "
                              "FROM questionnaire_template ORDER BY id",
    "question": "SELECT id, template_id, sort_order, text, kind, parameter FROM question "
                "ORDER BY id",
    "questionnaire_response": "SELECT id, template_id, programme_id, person_id, filled_on, "
                              "source FROM questionnaire_response ORDER BY id",
    "answer": "SELECT id, response_id, question_id, value_int, value_text FROM answer "
              "ORDER BY id",
}


def _downgrade_to_0003(path: Path) -> None:
    from alembic import command

    from nastavnik_desktop.data.migrations.runner import make_config

    engine = make_engine(path, foreign_keys=False)
    with engine.begin() as connection:
        command.downgrade(make_config(connection), "0003_pair_work")
    engine.dispose()


def _fill_0003(conn: sqlite3.Connection) -> None:
    programme_id, person_id = conn.execute(
        "SELECT programme_id, person_id FROM mentee_profile LIMIT 1").fetchone()
    conn.execute("INSERT INTO questionnaire_template (title, audience, phase, is_seeded, "
                 "programme_id) VALUES ('Входная анкета', 'mentee', 'entry', 0, ?)",
                 (programme_id,))
    template_id = conn.execute("SELECT max(id) FROM questionnaire_template").fetchone()[0]
    conn.executemany("INSERT INTO question (template_id, sort_order, text, kind, parameter) "
                     "VALUES (?, ?, ?, ?, ?)",
                     [(template_id, 0, "Насколько вы ждёте пользы?", "scale_1_10", "usefulness"),
                      (template_id, 1, "Хотите продолжить?", "yes_no", ""),
                      (template_id, 2, "Что ещё?", "text", "")])
    questions = [row[0] for row in conn.execute(
        "SELECT id FROM question WHERE template_id = ? ORDER BY sort_order", (template_id,))]
    conn.execute("INSERT INTO questionnaire_response (template_id, programme_id, person_id, "
                 "filled_on, source) VALUES (?, ?, ?, '2026-09-20', 'paper')",
                 (template_id, programme_id, person_id))
    response_id = conn.execute("SELECT max(id) FROM questionnaire_response").fetchone()[0]
    conn.executemany("INSERT INTO answer (response_id, question_id, value_int, value_text) "
                     "VALUES (?, ?, ?, ?)",
                     [(response_id, questions[0], 8, ""), (response_id, questions[1], 1, ""),
                      (response_id, questions[2], None, "Больше встреч")])


def test_a_0003_base_upgrades_keeping_questionnaires_and_answers(
        tmp_path: Path, build_demo: Callable[..., Path]) -> None:
    path = build_demo(tmp_path / "school.sqlite")
    _downgrade_to_0003(path)
    conn = sqlite3.connect(path)
    with conn:
        assert "round_id" not in {row[1] for row in
                                  conn.execute("PRAGMA table_info(questionnaire_response)")}
        _fill_0003(conn)
        before = {table: conn.execute(sql).fetchall() for table, sql in _SNAPSHOT.items()}
        assert all(before.values())
    conn.close()

    open_database(path).close()

    conn = sqlite3.connect(path)
    with conn:
        assert {table: conn.execute(sql).fetchall() for table, sql in _SNAPSHOT.items()} == before
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT DISTINCT section FROM question").fetchall() == [("",)]
        assert conn.execute("SELECT DISTINCT round_id, (SELECT count(*) FROM "
                            "questionnaire_template WHERE hidden OR seed_key <> '' OR form_id "
                            "IS NOT NULL) FROM questionnaire_response").fetchall() == [(None, 0)]
        template_id, programme_id = conn.execute(
            "SELECT id, programme_id FROM questionnaire_template WHERE programme_id IS NOT NULL"
        ).fetchone()
        conn.execute("INSERT INTO question (template_id, sort_order, text, kind, parameter, "
                     "section) VALUES (?, 5, 'Что понравилось?', 'multiple_choice', '', "
                     "'Итоги')", (template_id,))
        conn.execute("INSERT INTO questionnaire_round (programme_id, template_id, phase, title, "
                     "opens_on) VALUES (?, ?, 'entry', 'Входное', '2026-09-01')",
                     (programme_id, template_id))
        conn.execute("UPDATE questionnaire_response SET round_id = "
                     "(SELECT max(id) FROM questionnaire_round) WHERE id = "
                     "(SELECT max(id) FROM questionnaire_response)")
    try:
        conn.execute("INSERT INTO question (template_id, sort_order, text, kind, parameter) "
                     "VALUES (?, 6, 'x', 'essay', '')", (template_id,))
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("an unknown question kind got in")
    conn.close()
