"""Every row of every table of a database file, as another program reads it: to show that
something wrote nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

Rows = dict[str, list[tuple[object, ...]]]


def base_state(path: Path) -> Rows:
    """The rows of each table of the file at `path` (SQLite's own statistics aside: opening
    and closing a base may refresh them)."""
    with sqlite3.connect(path) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        return {table: conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
                for table in tables}


def mentor_names(path: Path, programme_id: int) -> set[str]:
    """«Фамилия Имя Отчество» of the mentors of the programme's pairs and groups."""
    with sqlite3.connect(path) as conn:
        return {name for (name,) in conn.execute(
            "SELECT rtrim(p.last_name || ' ' || p.first_name || ' ' || p.middle_name) "
            "FROM mentoring_pair AS mp JOIN mentor_profile AS m ON m.id = mp.mentor_profile_id "
            "JOIN person AS p ON p.id = m.person_id WHERE mp.programme_id = ?",
            (programme_id,))}


def pair_people_names(path: Path, programme_id: int) -> set[str]:
    """The mentors and the mentees of the programme's pairs and groups."""
    with sqlite3.connect(path) as conn:
        mentees = {name for (name,) in conn.execute(
            "SELECT rtrim(p.last_name || ' ' || p.first_name || ' ' || p.middle_name) "
            "FROM pair_mentee AS pm JOIN mentoring_pair AS mp ON mp.id = pm.pair_id "
            "JOIN mentee_profile AS m ON m.id = pm.mentee_profile_id "
            "JOIN person AS p ON p.id = m.person_id WHERE mp.programme_id = ?",
            (programme_id,))}
    return mentees | mentor_names(path, programme_id)
