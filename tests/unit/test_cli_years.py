"""The command line and the school's years: `info --json` lists the programmes with their years
and states; `report … --year` prints a past year's paper as the window's archive does — on that
year's last day, nothing recorded."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.base_state import base_state, mentor_names, pair_people_names
from tests.helpers.cli import cli
from tests.helpers.pdf import drawn_text, need


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory,
           build_demo: Callable[..., Path]) -> Path:
    """The demo school: 2026/2027 running, 2025/2026 archived."""
    return build_demo(tmp_path_factory.mktemp("cli_years") / "school.sqlite", pupils=150,
                      teachers=15)


@pytest.fixture
def copy(school: Path, tmp_path: Path) -> Path:
    target = tmp_path / school.name
    shutil.copyfile(school, target)
    return target


def programmes(path: Path) -> dict[str, tuple[int, str, int]]:
    """school year → (id, state, pairs), read from `info --json`."""
    code, out, err = cli("info", "--db", path, "--json")
    assert code == 0, err
    ids = _programme_ids(path)
    return {p["school_year"]: (ids[p["school_year"]], p["status"], p["pairs"])
            for p in json.loads(out)["programmes"]}


def _programme_ids(path: Path) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT school_year, id FROM programme"))  # type: ignore[arg-type]


def test_info_lists_the_programmes_with_their_years_and_states(copy: Path) -> None:
    code, out, err = cli("info", "--db", copy, "--json")
    assert code == 0, err
    listed = [(p["school_year"], p["status"]) for p in json.loads(out)["programmes"]]
    assert listed == [("2026/2027", "active"), ("2025/2026", "archived")]  # latest first
    assert all(p["pairs"] > 0 for p in json.loads(out)["programmes"])

    code, out, err = cli("info", "--db", copy)
    assert code == 0, err
    assert "Программа 2026/2027: пар и групп" in out
    assert "Программа 2025/2026 (в архиве): пар и групп" in out


def test_report_pairs_of_a_past_year_prints_its_pairs_and_writes_nothing(
        copy: Path, tmp_path: Path) -> None:
    need("pdftotext")
    years = programmes(copy)
    last_id, this_id = years["2025/2026"][0], years["2026/2027"][0]
    last_only = mentor_names(copy, last_id) - mentor_names(copy, this_id)
    this_only = mentor_names(copy, this_id) - pair_people_names(copy, last_id)
    assert last_only and this_only
    before = base_state(copy)
    out = tmp_path / "pairs 2025.pdf"

    code, said, err = cli("report", "pairs", "--db", copy, "--year", "2025/2026", "--out", out)

    assert code == 0, err
    assert str(out) in said
    text = drawn_text(out)
    assert "на 2025/2026 учебный год" in text and "по состоянию на 31.08.2026" in text
    assert all(name in text for name in last_only)
    assert not any(name in text for name in this_only)
    assert base_state(copy) == before  # a past year: printed, not recorded
