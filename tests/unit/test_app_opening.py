"""The database opened at start (app.Opening): the file's part in a thread from the first moment,
the rest when the window's modules are loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from nastavnik_desktop.app import Opening
from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.errors import ForeignDatabaseError


def test_an_existing_base_opens_quickly_with_its_backup(db_path: Path) -> None:
    open_database(db_path).close()
    opening = Opening(db_path)
    db, is_demo = opening.result()
    try:
        assert opening.quick()  # at head: no progress dialog at start
        assert not is_demo and db.backup_path is not None and db.backup_path.is_file()
    finally:
        db.close()


def test_a_new_base_is_not_quick(tmp_path: Path) -> None:
    opening = Opening(tmp_path / "новая.sqlite")
    opening._thread.join()
    assert not opening.quick()  # it is built in `result`: the progress dialog may show
    db, _ = opening.result()
    db.close()


def test_a_failure_of_the_file_part_is_raised_by_result(tmp_path: Path) -> None:
    path = tmp_path / "отчёт.sqlite"
    path.write_text("не база", encoding="utf-8")
    opening = Opening(path)
    with pytest.raises(ForeignDatabaseError):
        opening.result()
    assert opening.quick()
