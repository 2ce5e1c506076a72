"""The check of a file tells its progress every thousand rows and stops when told to: the
wizard runs it in the background with «Отмена» (issue 18)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import OperationCancelled
from nastavnik_desktop.services.importing import ImportKind, prepare_import
from tests.helpers.spreadsheets import write_csv, write_xlsx

TODAY = dt.date(2025, 10, 1)
PEOPLE = 2_500


def _list() -> list[list[Any]]:
    return [["Список 5А"], ["ФИО", "Класс", "Дата рождения"]] + [
        ["Иванов Иван Петрович", "5А", (dt.date(2013, 1, 1) + dt.timedelta(days=n))
         .strftime("%d.%m.%Y")] for n in range(PEOPLE)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_progress_every_thousand_rows_read_then_checked(db: Database, tmp_path: Path,
                                                        fmt: str) -> None:
    path = {"csv": write_csv, "xlsx": write_xlsx}[fmt](tmp_path / f"list.{fmt}", _list())
    told: list[tuple[int, int]] = []
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY,
                             progress=lambda done, total: told.append((done, total)) or True)
    assert len(preview.candidates) == PEOPLE
    assert told == [(1000, 0), (2000, 0), (1000, PEOPLE), (2000, PEOPLE)]


@pytest.mark.parametrize("phase", ["reading", "checking"])
def test_cancel_stops_the_check(db: Database, tmp_path: Path, phase: str) -> None:
    path = write_csv(tmp_path / "list.csv", _list())
    told: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        told.append((done, total))
        return (total == 0) if phase == "checking" else False

    with pytest.raises(OperationCancelled) as cancelled:
        prepare_import(db, path, ImportKind.PUPILS, today=TODAY, progress=progress)
    assert "Проверка файла отменена" in cancelled.value.message
    assert told[-1] == ((1000, PEOPLE) if phase == "checking" else (1000, 0))
