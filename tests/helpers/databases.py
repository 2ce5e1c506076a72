"""Database files as older versions of «Наставник» left them, built in the test."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from nastavnik_desktop.data.db import make_engine

PERSON_COLUMNS = ("last_name, first_name, middle_name, category, class_name, position, subject, "
                  "organisation, phone, email, parent_name, parent_phone, name_dative, "
                  "name_genitive, notes, archived, created_at, updated_at")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_0001_database(path: Path, people: int = 3) -> None:
    """A database as the first release left it: revision 0001 with people in it."""
    from alembic import command

    from nastavnik_desktop.data.migrations.runner import make_config

    engine = make_engine(path, foreign_keys=False)
    with engine.begin() as connection:
        command.upgrade(make_config(connection), "0001_initial")
    engine.dispose()
    conn = sqlite3.connect(path)
    with conn:
        for n in range(people):
            conn.execute(f"INSERT INTO person ({PERSON_COLUMNS}) VALUES ('Сидорова{n}', 'Анна', "
                         "'Ивановна', 'staff', '', '', '', '', '', '', '', '', '', '', '', 0, "
                         "'2026-01-01', '2026-01-01')")
    conn.close()
