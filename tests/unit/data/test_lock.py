"""One program per database: a second program is refused with a message naming the first; the
lock of a killed program is taken over; a read-only `info` still works."""

from __future__ import annotations

import errno
import getpass
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from nastavnik_desktop.cli import main
from nastavnik_desktop.data import lock, owner
from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.errors import DatabaseInUseError, DatabaseOpenError

Holder = Callable[[Path], "subprocess.Popen[str]"]


@pytest.fixture
def school(db_path: Path) -> Path:
    open_database(db_path).close()
    return db_path


def test_a_second_program_is_refused_naming_the_first(school: Path,
                                                      lock_holder: Holder) -> None:
    other = lock_holder(school)
    before = school.read_bytes()
    with pytest.raises(DatabaseInUseError) as caught:
        open_database(school, backup_dir=school.parent / "backups")
    message = caught.value.message
    assert "уже открыта" in message and "Наставник" in message
    assert getpass.getuser() in message and socket.gethostname() in message
    assert caught.value.holder and "база открыта" in caught.value.holder
    assert school.read_bytes() == before
    assert not (school.parent / "backups").exists()  # refused before the backup
    note = owner.read(lock.lock_path(school))
    assert note is not None and note.pid == other.pid


def test_the_lock_of_a_killed_program_is_taken_over(school: Path, lock_holder: Holder) -> None:
    other = lock_holder(school)
    with pytest.raises(DatabaseInUseError):
        open_database(school)
    other.kill()  # SIGKILL: no chance to release anything
    other.wait(30)
    database = open_database(school)
    try:
        note = owner.read(lock.lock_path(school))
        assert note is not None and note.is_this_process()
    finally:
        database.close()
    assert not lock.lock_path(school).exists()


def test_a_cli_write_is_refused_in_russian_and_info_still_reads(
        school: Path, lock_holder: Holder, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    lock_holder(school)
    pupils = tmp_path / "список.csv"
    pupils.write_text("ФИО;Класс\nИванов Иван Иванович;5А\n", encoding="utf-8")
    assert main(["import", "pupils", str(pupils), "--db", str(school)]) == 1
    err = capsys.readouterr().err
    assert "уже открыта" in err and "Traceback" not in err
    assert main(["match", "--db", str(school)]) == 1
    assert "уже открыта" in capsys.readouterr().err
    assert main(["info", "--db", str(school)]) == 0  # read-only: no lock needed
    assert "person" in capsys.readouterr().out


def test_one_program_may_open_its_database_twice(school: Path) -> None:
    first = open_database(school)
    second = open_database(school)
    first.close()
    assert lock.lock_path(school).exists()  # still held for the second
    second.close()
    assert not lock.lock_path(school).exists()
    second.close()  # closing again does nothing


def test_the_lock_is_released_when_opening_fails(tmp_path: Path) -> None:
    path = tmp_path / "photo.sqlite"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(Exception, match="не является базой данных"):
        open_database(path)
    assert not lock.lock_path(path).exists()


def test_a_demo_is_not_built_over_a_database_another_program_has(
        school: Path, lock_holder: Holder, capsys: pytest.CaptureFixture[str]) -> None:
    lock_holder(school)
    before = school.read_bytes()
    assert main(["demo", "--db", str(school), "--force", "--date", "01.10.2026"]) == 1
    assert "уже открыта" in capsys.readouterr().err
    assert school.read_bytes() == before


def test_a_folder_without_file_locks_is_refused_with_advice(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_locks(_fd: int) -> bool:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(lock, "_try_lock", no_locks)
    with pytest.raises(DatabaseOpenError) as caught:
        open_database(db_path)
    assert "не поддерживает блокировку" in caught.value.message
    assert not db_path.exists()


def test_two_links_to_one_database_share_one_lock(school: Path, lock_holder: Holder) -> None:
    link = school.with_name("ссылка.sqlite")
    link.symlink_to(school)
    lock_holder(link)
    with pytest.raises(DatabaseInUseError):
        open_database(school)
