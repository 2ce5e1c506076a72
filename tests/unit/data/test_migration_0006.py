"""Migration 0006 (awards): a base of revision 0005 with certificates upgrades keeping every
row — the certificates become participants' certificates, valid, never reprinted — with the
new columns and tables; the nomination's check refuses an unknown one; the downgrade gives
back a working 0005 base with the same certificates, which upgrades again."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from nastavnik_desktop.data.db import make_engine, open_database

_KEPT = {
    "person": "SELECT id, last_name, first_name, category, archived FROM person ORDER BY id",
    "mentoring_pair": "SELECT id, status, formed_on FROM mentoring_pair ORDER BY id",
    "school": "SELECT id, full_name, short_name, municipality FROM school ORDER BY id",
    "programme_event": "SELECT count(*) FROM programme_event",
    "certificate": "SELECT id, registry_number, kind, person_id, pair_id, issued_document_id, "
                   "programme_id, issued_on, wording FROM certificate ORDER BY id",
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


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _fill_certificates(conn: sqlite3.Connection) -> None:
    """Three certificates of 0005: a certificate, a diploma with a pair, a letter (in place of
    the demo's last year's awards, which 0005 could not have made)."""
    conn.execute("DELETE FROM certificate")
    programme_id = conn.execute("SELECT id FROM programme ORDER BY id LIMIT 1").fetchone()[0]
    people = [row[0] for row in conn.execute("SELECT id FROM person ORDER BY id LIMIT 3")]
    pair_id = conn.execute("SELECT id FROM mentoring_pair ORDER BY id LIMIT 1").fetchone()[0]
    for number, (kind, person, pair) in enumerate(
            (("certificate", people[0], None), ("diploma", people[1], pair_id),
             ("thanks", people[2], None)), start=1):
        conn.execute("INSERT INTO certificate (registry_number, kind, person_id, pair_id, "
                     "programme_id, issued_on, wording) VALUES (?, ?, ?, ?, ?, '2026-05-25', "
                     "'за участие')", (f"2026-{number:03d}", kind, person, pair, programme_id))


def test_a_0005_base_with_certificates_upgrades_keeping_them_as_participants(
        tmp_path: Path, build_demo: Callable[..., Path]) -> None:
    path = build_demo(tmp_path / "school.sqlite", pupils=150, teachers=15)
    _migrate(path, "0005_monitoring", down=True)
    conn = sqlite3.connect(path)
    with conn:
        assert "nomination" not in _columns(conn, "certificate")
        assert "practice_case" not in _tables(conn)
        _fill_certificates(conn)
        kept = {table: conn.execute(sql).fetchall() for table, sql in _KEPT.items()}
        assert len(kept["certificate"]) == 3 and kept["person"] and kept["mentoring_pair"]
    conn.close()

    open_database(path).close()  # migrates to the head

    conn = sqlite3.connect(path)
    with conn:
        assert {table: conn.execute(sql).fetchall() for table, sql in _KEPT.items()} == kept
        assert conn.execute("SELECT DISTINCT nomination, reissued_on, annulled_on, annul_reason "
                            "FROM certificate").fetchall() == [("participant", None, None, "")]
        assert {"founder", "settlement"} <= _columns(conn, "school")
        assert conn.execute("SELECT DISTINCT founder, settlement FROM school").fetchall() \
            == [("", "")]
        assert "result" in _columns(conn, "mentoring_pair")
        assert "place" in _columns(conn, "programme_event")
        assert {"practice_case", "case_photo"} <= _tables(conn)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with pytest.raises(sqlite3.IntegrityError), conn:
        conn.execute("UPDATE certificate SET nomination = 'best_friend' WHERE id = "
                     "(SELECT min(id) FROM certificate)")
    with pytest.raises(sqlite3.IntegrityError), conn:  # the number stays unique
        conn.execute("UPDATE certificate SET registry_number = '2026-001' WHERE "
                     "registry_number = '2026-002'")
    with conn:
        conn.execute("UPDATE certificate SET nomination = 'best_pair', annulled_on = "
                     "'2026-06-01', annul_reason = 'ошибка' WHERE registry_number = '2026-002'")
    conn.close()

    _migrate(path, "0005_monitoring", down=True)
    conn = sqlite3.connect(path)
    with conn:
        assert "nomination" not in _columns(conn, "certificate")
        assert "founder" not in _columns(conn, "school")
        assert "practice_case" not in _tables(conn)
        assert {table: conn.execute(sql).fetchall() for table, sql in _KEPT.items()} == kept
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        added = conn.execute("INSERT INTO certificate (registry_number, kind, person_id, "
                             "issued_on, wording) SELECT '2026-100', 'thanks', min(id), "
                             "'2026-05-26', '' FROM person")
        assert added.rowcount == 1  # 0005 works: a certificate is written without a nomination
    conn.close()
    open_database(path).close()  # and it upgrades again
    conn = sqlite3.connect(path)
    with conn:
        assert conn.execute("SELECT count(*) FROM certificate WHERE nomination = "
                            "'participant'").fetchone() == (4,)
    conn.close()
