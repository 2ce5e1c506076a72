"""Two `nastavnik import` processes started at once on one file and one database: nobody is
added twice. One of them may be refused («уже открыта», the database's lock) or wait for the
other; either way each person from the file is in the base exactly once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from nastavnik_desktop.data.db import open_database

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e
PEOPLE = 2000
LETTERS = "абвгдежзиклмнопрстуфхцчшэюя"


def surname(n: int) -> str:
    """A different surname of letters only for each n (27³ of them)."""
    first, rest = divmod(n, len(LETTERS) ** 2)
    second, third = divmod(rest, len(LETTERS))
    return (LETTERS[first] + LETTERS[second] + LETTERS[third]).capitalize() + "ов"


def test_two_processes_importing_one_file_at_once_add_nobody_twice(tmp_path: Path) -> None:
    database = tmp_path / "школа.sqlite"
    open_database(database).close()
    lines = ["ФИО;Класс;Дата рождения"] + [
        f"{surname(n)} Иван Петрович;7А;{1 + n % 28:02d}.{1 + n % 12:02d}.2013"
        for n in range(PEOPLE)]
    source = tmp_path / "ученики.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "state"))
    command = [sys.executable, "-m", "nastavnik_desktop", "import", "pupils", str(source),
               "--db", str(database)]
    runs = [subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    results = [(run.returncode, out, err) for run, (out, err) in zip(runs, outputs, strict=True)]
    for code, _out, err in results:
        assert "Traceback" not in err
        assert code == 0 or "уже открыта" in err, err
    assert any(code == 0 for code, _out, _err in results)
    conn = sqlite3.connect(database)
    try:
        total, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT last_name) FROM person").fetchone()
    finally:
        conn.close()
    assert (total, distinct) == (PEOPLE, PEOPLE)
