"""Two imports of one file at once into one database give no duplicate people.

The duplicate check reads the base inside the write transaction (BEGIN IMMEDIATE): the second
import waits for the first to commit before it looks, and then finds everybody already there.
Before, it read the base while the first was still writing and added everybody again.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from nastavnik_desktop.data import db as db_module
from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.services.importing import ImportKind, commit_import, prepare_import
from nastavnik_desktop.services.importing.commit import ImportResult
from tests.helpers.spreadsheets import write_csv

TODAY = dt.date(2025, 10, 1)
LAST_NAMES = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Волков", "Зайцев", "Соколов", "Орлов")
FIRST_NAMES = ("Иван", "Пётр", "Олег", "Антон", "Денис")
PUPILS = len(LAST_NAMES) * len(FIRST_NAMES)
WAIT_S = 30


def test_two_imports_of_one_file_at_once_give_no_duplicates(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The second import waits for the first's write lock as long as that takes, so the test
    # shows what it reads, not whether it times out.
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", WAIT_S * 1000)
    rows: list[list[Any]] = [["ФИО", "Класс", "Дата рождения"]]
    rows += [[f"{last} {first} Петрович", "7А", f"{1 + day % 28:02d}.{1 + day // 28:02d}.2013"]
             for day, (last, first) in enumerate(
                 ((last, first) for last in LAST_NAMES for first in FIRST_NAMES), start=1)]
    source = write_csv(tmp_path / "список.csv", rows)
    path = tmp_path / "school.sqlite"
    first, second = open_database(path), open_database(path)  # two connections, one file
    try:
        preview = prepare_import(first, source, ImportKind.PUPILS, today=TODAY)
        assert not preview.errors and len(preview.candidates) == PUPILS
        first_inside, second_reached = threading.Event(), threading.Event()

        def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
            # The second import either waits on BEGIN IMMEDIATE (the first holds the lock)
            # or has read the people already: either way the first may commit now.
            if statement.startswith("BEGIN IMMEDIATE") or "FROM person" in statement:
                second_reached.set()

        event.listen(second.engine, "before_cursor_execute", seen)
        results: list[ImportResult] = []
        errors: list[BaseException] = []

        def second_import() -> None:
            try:
                assert first_inside.wait(WAIT_S)
                results.append(commit_import(second, preview, today=TODAY))
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)
                second_reached.set()

        def first_progress(_done: int, _total: int) -> bool:
            first_inside.set()  # its people are inserted, not yet committed
            return second_reached.wait(WAIT_S)

        thread = threading.Thread(target=second_import)
        thread.start()
        try:
            first_result = commit_import(first, preview, progress=first_progress, today=TODAY)
        finally:
            first_inside.set()
            thread.join(WAIT_S)
        assert not errors, errors
        with first.reading() as session:
            people = session.scalar(select(func.count()).select_from(Person))
    finally:
        first.close()
        second.close()
    assert first_result.created == PUPILS
    assert (results[0].created, results[0].skipped) == (0, PUPILS)
    assert people == PUPILS
