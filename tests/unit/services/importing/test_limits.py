"""The limit of one import counts people: the titles and the header above them are not people
(a list of exactly 50,000 pupils under a title and a header was refused)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ImportFileError
from nastavnik_desktop.services.importing import ImportKind, prepare_import, readers
from tests.helpers.spreadsheets import write_csv, write_ods, write_xlsx

TODAY = dt.date(2025, 10, 1)
CAP = 12
WRITERS: dict[str, Callable[..., Path]] = {"xlsx": write_xlsx, "csv": write_csv,
                                           "ods": write_ods}


def _list(people: int, *, gaps: bool = False) -> list[list[Any]]:
    rows: list[list[Any]] = [["МБОУ «СОШ № 7»"], ["Список обучающихся на 01.09.2025"],
                             ["ФИО", "Класс", "Дата рождения"]]
    for n in range(people):
        if gaps and n and n % 4 == 0:
            rows.append([])  # a blank line between classes
        rows.append(["Иванов Иван Петрович", "5А", f"{1 + n:02d}.03.2014"])  # namesakes
    return rows


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_list_of_exactly_the_cap_under_a_title_and_header_is_accepted(
        db: Database, programme: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        fmt: str) -> None:
    monkeypatch.setattr(readers, "MAX_PEOPLE", CAP)
    path = WRITERS[fmt](tmp_path / f"list.{fmt}", _list(CAP, gaps=True))
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert len(preview.candidates) == CAP and not preview.errors


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_one_person_over_the_cap_is_refused_in_russian(
        db: Database, programme: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        fmt: str) -> None:
    monkeypatch.setattr(readers, "MAX_PEOPLE", CAP)
    path = WRITERS[fmt](tmp_path / f"list.{fmt}", _list(CAP + 1))
    with pytest.raises(ImportFileError) as refused:
        prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    message = refused.value.message
    assert f"больше {CAP} строк с людьми ({CAP + 1})" in message
    assert "Разделите список на несколько файлов" in message
