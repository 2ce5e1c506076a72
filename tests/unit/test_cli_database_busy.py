"""The command line when another program holds SQLite's write lock: one Russian paragraph and
exit code 1, not a traceback; nothing is changed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nastavnik_desktop.cli import main
from nastavnik_desktop.data.db import Database


@pytest.fixture
def foreign_writer(db: Database, programme: object) -> Iterator[Path]:
    """A plain sqlite3 connection in the middle of a write, as another program would be."""
    holder = sqlite3.connect(db.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield db.path
    holder.execute("ROLLBACK")
    holder.close()


def _people(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        count = int(conn.execute("SELECT count(*) FROM person").fetchone()[0])
    conn.close()
    return count


def test_an_import_while_another_program_holds_the_lock_is_one_russian_paragraph(
        foreign_writer: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pupils = tmp_path / "список.csv"
    pupils.write_text("ФИО;Класс\nИванов Иван Иванович;5А\n", encoding="utf-8")
    assert main(["import", "pupils", str(pupils), "--db", str(foreign_writer)]) == 1
    err = capsys.readouterr().err.strip()
    assert "занята" in err and "другая программа" in err
    assert "Traceback" not in err and "\n" not in err
    assert _people(foreign_writer) == 0


def test_the_command_as_a_process_exits_with_1_and_the_message(
        db: Database, foreign_writer: Path, tmp_path: Path) -> None:
    db.close()  # this test's own hold on the file: the command is the only «Наставник»
    pupils = tmp_path / "список.csv"
    pupils.write_text("ФИО;Класс\nИванов Иван Иванович;5А\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run([sys.executable, "-m", "nastavnik_desktop", "import", "pupils",
                             str(pupils), "--db", str(foreign_writer)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "занята" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert _people(foreign_writer) == 0
