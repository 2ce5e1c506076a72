"""`python -m nastavnik_desktop monitoring`, run as the curator runs it: the JSON carries the
figures `services.monitoring.kpi` computes; bad input gets a Russian message, no traceback."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.services.monitoring import kpi
from nastavnik_desktop.services.programme import current_programme
from tests.helpers.cli import cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, build_demo: Callable[..., Path]) -> Path:
    path: Path = build_demo(tmp_path_factory.mktemp("monitoring") / "demo.sqlite")
    return path


def test_the_json_carries_the_figures_of_the_service(demo: Path, demo_day: dt.date) -> None:
    code, out, err = cli("monitoring", "--db", demo, "--date", f"{demo_day:%d.%m.%Y}", "--json")
    assert (code, err) == (0, "")
    said = json.loads(out)
    db = open_database(demo, backup_dir=demo.parent / "backups")
    try:
        programme = current_programme(db)
        assert programme is not None
        figures = kpi(db, programme.id, on=demo_day)
    finally:
        db.close()
    assert said["date"] == demo_day.isoformat()
    for key, figure in (("pupils", figures.pupils),
                        ("pupils_and_staff", figures.pupils_and_staff)):
        share = figure.share
        assert share.percent is not None and share.involved > 0
        assert {k: said["kpi"][key][k] for k in ("involved", "population", "percent")} == {
            "involved": share.involved, "population": share.population,
            "percent": round(share.percent, 1)}
        assert said["kpi"][key]["method"] == figure.method
    assert [(f["form"], f["pairs"], f["mentors"], f["mentees"]) for f in said["by_form"]] == [
        (f.label, f.pairs, f.mentors, f.mentees) for f in figures.by_form]
    assert said["by_form"] and sum(f["pairs"] for f in said["by_form"]) > 0
    assert [r["label"] for r in said["by_age"]][:2] == ["10–14 лет", "15–18 лет"]
    assert said["young_specialists"]["population"] == figures.young_specialists.population


def test_the_text_is_russian_with_the_method(demo: Path, demo_day: dt.date) -> None:
    code, out, err = cli("monitoring", "--db", demo, "--date", f"{demo_day:%d.%m.%Y}")
    assert (code, err) == (0, "")
    assert f"на {demo_day:%d.%m.%Y}" in out and "Методика:" in out
    assert "Обучающиеся и педагогические работники:" in out and "По формам наставничества" in out


def test_a_bad_date_and_a_base_without_programme_are_refused_in_russian(
        demo: Path, tmp_path: Path) -> None:
    code, _out, err = cli("monitoring", "--db", demo, "--date", "31.02.2026")
    assert code == 2 and "ДД.ММ.ГГГГ" in err and "Traceback" not in err
    empty = tmp_path / "empty.sqlite"
    open_database(empty, backup_dir=tmp_path / "backups").close()
    code, out, err = cli("monitoring", "--db", empty, "--json")
    assert (code, out) == (1, "")
    assert "нет программы наставничества" in err and "Traceback" not in err


@pytest.fixture(scope="module")
def answered_school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The school of tests/helpers/growth_school.py in a file, closed for the CLI to open."""
    from nastavnik_desktop.services.programme import create_school_and_programme
    from tests.helpers.growth_school import answer_all, build_school, journal_for

    path = tmp_path_factory.mktemp("growth") / "school.sqlite"
    db = open_database(path, backup_dir=path.parent / "backups")
    try:
        programme = create_school_and_programme(
            db, school_full_name="Средняя школа № 7", school_short_name="СОШ № 7",
            school_year="2025/2026", director_name="Петрова Анна Сергеевна")
        school = build_school(db, programme)
        answer_all(db, school)
        journal_for(db, school)
    finally:
        db.close()
    return path


def test_the_json_carries_growth_by_form_and_satisfaction(answered_school: Path) -> None:
    code, out, err = cli("monitoring", "--db", answered_school, "--date", "31.05.2026",
                         "--json")
    assert (code, err) == (0, "")
    said = json.loads(out)
    forms = {f["form"].lower(): f for f in said["by_form"]}
    pupils = next(f for name, f in forms.items() if "ученик – ученик" in name)
    teachers = next(f for name, f in forms.items() if "учитель – учитель" in name)
    # Орлов 8, Ершов 5, Жуков 7 → 9, 8, 9; attendance 3 of 4 marks
    assert {k: pupils[k] for k in ("pairs", "involved", "mentors", "mentees", "entry_mean",
                                   "exit_mean", "attendance_percent")} == {
        "pairs": 1, "involved": 3, "mentors": 1, "mentees": 2, "entry_mean": 6.7,
        "exit_mean": 8.7, "attendance_percent": 75.0}
    assert (teachers["entry_mean"], teachers["exit_mean"], teachers["attendance_percent"]) == (
        6.0, 4.5, 50.0)
    assert said["satisfaction"] == {
        "mentors": {"mean": 6.5, "share_7_plus": 50.0, "respondents": 2},
        "mentees": {"mean": 7.3, "share_7_plus": 66.7, "respondents": 3}}


def test_before_any_answer_the_json_says_null_and_the_text_says_why(
        answered_school: Path) -> None:
    code, out, err = cli("monitoring", "--db", answered_school, "--date", "01.10.2025",
                         "--json")
    assert (code, err) == (0, "")
    said = json.loads(out)
    assert all(f["entry_mean"] is None and f["exit_mean"] is None
               and f["attendance_percent"] is None for f in said["by_form"])
    assert said["satisfaction"]["mentees"] == {"mean": None, "share_7_plus": None,
                                               "respondents": 0}
    code, out, err = cli("monitoring", "--db", answered_school, "--date", "31.05.2026")
    assert (code, err) == (0, "")
    assert "Удовлетворённость" in out and "Наставляемые: средний балл 7,3" in out
    assert "66,7 %" in out and "посещаемость встреч — 75,0 %" in out
