"""A demo school with people fit for every nomination, copied fresh for each test."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nastavnik_desktop.data.db import Database, open_database
from tests.helpers.awards import Cast, dress


@pytest.fixture(scope="module")
def dressed_school(tmp_path_factory: pytest.TempPathFactory,
                   build_demo: Callable[..., Path]) -> tuple[Path, Cast]:
    path = build_demo(tmp_path_factory.mktemp("awards") / "school.sqlite", pupils=150,
                      teachers=15)
    db = open_database(path, backup_dir=path.parent / "backups")
    try:
        cast = dress(db)
    finally:
        db.close()
    return path, cast


@pytest.fixture
def school(dressed_school: tuple[Path, Cast], tmp_path: Path) -> Iterator[tuple[Database, Cast]]:
    source, cast = dressed_school
    path = tmp_path / "school.sqlite"
    shutil.copyfile(source, path)
    db = open_database(path, backup_dir=tmp_path / "backups")
    yield db, cast
    db.close()
