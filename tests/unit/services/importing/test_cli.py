"""`python -m nastavnik_desktop import …`: summary and exit 0, or problems by row and exit 1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from nastavnik_desktop.cli import main
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.info import database_info
from tests.helpers.spreadsheets import write_csv, write_xlsx

ROWS = [["Список"], [], ["ФИО", "Класс", "Дата рождения", "СНИЛС"],
        ["Иванов Иван Иванович", "5А", dt.datetime(2014, 3, 2), "123"],
        ["Петрова Мария", "5Б", "01.09.2014", ""]]


@pytest.fixture
def closed_db(db: Database, programme: Any) -> Path:
    db.close()
    return db.path


def _people(path: Path) -> int:
    return database_info(path).tables["person"]


def test_import_prints_a_summary(closed_db: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "list.xlsx", ROWS)
    assert main(["import", "mentees", str(path), "--db", str(closed_db)]) == 0
    out = capsys.readouterr().out
    assert "добавлено 2" in out and "В базу наставляемых включено 2" in out
    assert "СНИЛС" in out and "строке 3" in out
    assert _people(closed_db) == 2
    assert main(["import", "pupils", str(path), "--db", str(closed_db),
                 "--duplicates", "update"]) == 0
    assert "обновлены данные 2" in capsys.readouterr().out
    assert _people(closed_db) == 2


def test_problems_exit_1_and_leave_the_file(closed_db: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "list.csv", [["ФИО", "Класс"], ["Иванов Иван", "13Я"],
                                             ["Петров", "5А"]])
    before = closed_db.read_bytes()
    assert main(["import", "pupils", str(path), "--db", str(closed_db)]) == 1
    err = capsys.readouterr().err
    assert "база не изменена" in err
    assert "Строка 2: класса «13Я» не бывает" in err and "Строка 3:" in err
    assert closed_db.read_bytes() == before


def test_bad_file_and_sheet(closed_db: Path, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    before = closed_db.read_bytes()
    bad = tmp_path / "list.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    assert main(["import", "staff", str(bad), "--db", str(closed_db)]) == 1
    assert "повреждён" in capsys.readouterr().err
    good = write_xlsx(tmp_path / "good.xlsx", ROWS)
    assert main(["import", "staff", str(good), "--db", str(closed_db), "--sheet", "Нет"]) == 1
    assert "нет листа «Нет»" in capsys.readouterr().err
    assert closed_db.read_bytes() == before


def test_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", ROWS)
    assert main(["import", "pupils", str(path), "--db", str(tmp_path / "no.sqlite")]) == 1
    assert "не найден" in capsys.readouterr().err
    assert not (tmp_path / "no.sqlite").exists()


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["import", "parents", "x.xlsx", "--db", str(tmp_path / "a.sqlite")])
    assert info.value.code == 2
