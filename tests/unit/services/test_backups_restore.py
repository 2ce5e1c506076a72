"""Restoring a backup: the service and `nastavnik restore` (issue 11, point 9)."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from nastavnik_desktop.cli import main
from nastavnik_desktop.data.backup import backups_in, list_backups
from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.errors import (
    CorruptDatabaseError,
    DatabaseBusyError,
    DatabaseInUseError,
    DatabaseOpenError,
)
from nastavnik_desktop.paths import backup_dir_for
from nastavnik_desktop.services.backups import restore_backup

ROOT = Path(__file__).resolve().parents[3]
PERSON = ("INSERT INTO person (last_name, first_name, middle_name, category, class_name, "
          "position, subject, organisation, phone, email, parent_name, parent_phone, "
          "name_dative, name_genitive, name_accusative, notes, archived, created_at, "
          "updated_at) VALUES (?, 'Анна', '', 'staff', '', '', '', '', '', '', '', '', '', '', "
          "'', '', 0, '2026-01-01', '2026-01-01')")


def people(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT last_name FROM person ORDER BY last_name")]
    finally:
        conn.close()


def add(path: Path, name: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(PERSON, (name,))
    conn.close()


def add_leaving_the_wal(path: Path, name: str) -> None:
    """Add a person the way a crashed program leaves it: committed in the WAL only."""
    code = textwrap.dedent(f"""
        import os, sqlite3
        conn = sqlite3.connect({str(path)!r})
        conn.execute("PRAGMA wal_autocheckpoint=0")
        with conn:
            conn.execute({PERSON!r}, ({name!r},))
        os._exit(0)
    """)
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)
    assert Path(f"{path}-wal").stat().st_size > 0


@pytest.fixture
def school(db_path: Path) -> Path:
    """A database with «Старова», and a backup of it taken at the next open."""
    open_database(db_path).close()
    add(db_path, "Старова")
    open_database(db_path, backup_dir=backup_dir_for(db_path)).close()
    return db_path


def test_a_restore_sets_the_current_base_aside_and_a_stale_wal_brings_nothing_back(
        school: Path) -> None:
    (backup,) = list_backups(backup_dir_for(school))
    add_leaving_the_wal(school, "Новикова")
    assert people(school) == ["Новикова", "Старова"]
    restored = restore_backup(school, backup, now=dt.datetime(2026, 12, 5, 10, 0))
    assert not Path(f"{school}-wal").exists()
    assert people(school) == ["Старова"]
    open_database(school, backup_dir=backup_dir_for(school)).close()
    assert people(school) == ["Старова"]
    assert restored.set_aside is not None
    assert people(restored.set_aside) == ["Новикова", "Старова"]
    reasons = {b.reason for b in backups_in(backup_dir_for(school))}
    assert "before-restore" in reasons


def test_a_restore_is_refused_while_the_base_is_open(school: Path) -> None:
    (backup,) = list_backups(backup_dir_for(school))
    add(school, "Новикова")
    database = open_database(school)
    try:
        with pytest.raises(DatabaseBusyError, match="открыта в этой программе"):
            restore_backup(school, backup)
    finally:
        database.close()
    assert people(school) == ["Новикова", "Старова"]


def test_a_damaged_backup_is_refused_and_nothing_changes(school: Path, tmp_path: Path) -> None:
    (backup,) = list_backups(backup_dir_for(school))
    data = bytearray(backup.read_bytes())
    data[100:8192] = b"\xa5" * 8092
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(bytes(data))
    before = school.read_bytes()
    with pytest.raises(DatabaseOpenError, match="восстановить нельзя"):
        restore_backup(school, broken)
    assert school.read_bytes() == before
    assert len(list_backups(backup_dir_for(school))) == 1


def test_a_corrupt_database_can_be_restored_and_is_moved_aside_whole(school: Path) -> None:
    (backup,) = list_backups(backup_dir_for(school))
    data = bytearray(school.read_bytes())
    data[100:16384] = b"\xa5" * 16284
    school.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(school, backup_dir=backup_dir_for(school))
    message = caught.value.message
    assert str(backup_dir_for(school)) in message and "nastavnik restore --db" in message
    words = message.replace(str(school.parent), "")
    assert "malformed" not in words and "database" not in words
    restored = restore_backup(school, backup.name)  # a name in the backup folder will do
    assert people(school) == ["Старова"]
    assert restored.set_aside is not None and restored.set_aside.read_bytes() == bytes(data)


def test_cli_lists_and_restores(school: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (backup,) = backups_in(backup_dir_for(school))
    add(school, "Новикова")
    assert main(["restore", "--db", str(school), "--list"]) == 0
    out = capsys.readouterr().out
    assert backup.path.name in out and f"{backup.taken_at:%d.%m.%Y}" in out
    assert "при открытии базы" in out
    assert main(["restore", "--db", str(school), str(backup.path)]) == 0
    out = capsys.readouterr().out
    assert "восстановлена из копии" in out and "Прежняя база сохранена" in out
    assert people(school) == ["Старова"]
    assert main(["restore", "--db", str(school), "нет-такой.sqlite"]) == 1
    assert "не найден" in capsys.readouterr().err


def test_cli_restore_refuses_while_another_program_has_the_base_open(
        school: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (backup,) = list_backups(backup_dir_for(school))
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from nastavnik_desktop.data.db import open_database
        db = open_database(Path({str(school)!r}))
        print("open", flush=True)
        sys.stdin.readline()
        db.close()
    """)
    child = subprocess.Popen([sys.executable, "-c", code], env=env, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "open"
        assert main(["restore", "--db", str(school), str(backup)]) == 1
        assert "уже открыта в «Наставнике»" in capsys.readouterr().err
    finally:
        child.communicate("\n", timeout=30)


@pytest.mark.parametrize("command", [["report", "roadmap", "--out", "x.pdf"], ["match"],
                                     ["import", "staff", "staff.csv"]])
def test_cli_commands_on_a_0_byte_file_refuse_without_writing_a_schema(
        tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    (tmp_path / "staff.csv").write_text("Фамилия;Имя\nИванов;Иван\n", encoding="utf-8")
    args = [str(tmp_path / a) if a.endswith((".pdf", ".csv")) else a for a in command]
    assert main([*args, "--db", str(empty)]) == 1
    assert "пуст (0 байт)" in capsys.readouterr().err
    assert empty.stat().st_size == 0
    assert not (tmp_path / "backups").exists()


def _russian_only(message: str) -> str:
    """The message without what it quotes (paths, file names): no Latin word may be left."""
    return re.sub("«[^»]*»", "«»", message)


@pytest.mark.parametrize("content", [b"PK\x03\x04 not a database" * 50, b"SQLite format 3\x00"
                                     + b"\xa5" * 8000], ids=["not sqlite", "damaged"])
def test_a_refused_backup_is_one_plain_reason_and_one_advice(school: Path, tmp_path: Path,
                                                             content: bytes) -> None:
    """Not the message of opening a database pasted after «восстановить нельзя:» — no advice
    to create a new base or to restore the copy from a copy."""
    wrong = tmp_path / "копия.sqlite"
    wrong.write_bytes(content)
    before = school.read_bytes()
    with pytest.raises(DatabaseOpenError) as caught:
        restore_backup(school, wrong)
    message = caught.value.message
    assert message.startswith(f"Копию «{wrong}» восстановить нельзя: ")
    assert ": Файл" not in message and "создайте новую" not in message
    assert "Восстановите базу" not in message and "nastavnik restore --db" not in message
    assert message.count("не изменен") == 1 and message.count("Выберите") == 1
    assert school.read_bytes() == before


def test_a_restore_refused_for_another_program_says_to_close_it_and_repeat(
        school: Path, lock_holder: Any) -> None:
    (backup,) = list_backups(backup_dir_for(school))
    lock_holder(school)
    with pytest.raises(DatabaseInUseError) as caught:
        restore_backup(school, backup)
    message = caught.value.message
    assert "уже открыта в «Наставнике»" in message and "повторите восстановление" in message
    assert "откройте базу снова" not in message and "другой файл" not in message


def test_a_restore_that_cannot_write_speaks_russian(school: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The OS's English words («No space left on device») go to the details."""
    from nastavnik_desktop.services import backups

    (backup,) = list_backups(backup_dir_for(school))
    full = OSError(errno.ENOSPC, "No space left on device")

    def no_space(*_args: object, **_kwargs: object) -> None:
        raise full

    monkeypatch.setattr(backups, "restore_database", no_space)
    with pytest.raises(DatabaseOpenError) as caught:
        restore_backup(school, backup)
    assert not re.search("[A-Za-z]{3,}", _russian_only(caught.value.message))
    assert "No space left" in caught.value.details
    monkeypatch.setattr(backups, "backup_database", no_space)
    with pytest.raises(DatabaseOpenError) as caught:
        restore_backup(school, backup)
    assert not re.search("[A-Za-z]{3,}", _russian_only(caught.value.message))
    assert "No space left" in caught.value.details
