"""`python -m nastavnik_desktop report plan|journal|control`, run as the curator runs it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.data.models import MentoringPair
from nastavnik_desktop.services.pairs.rules import ACTIVE_VALUES
from tests.helpers.cli import cli
from tests.helpers.pdf import drawn_text, need


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory,
           build_demo: Callable[..., Path]) -> tuple[Path, int]:
    path = build_demo(tmp_path_factory.mktemp("cli6") / "demo.sqlite")
    db = open_database(path, backup_dir=path.parent / "backups")
    try:
        with db.reading() as session:
            pair_id = session.scalars(select(MentoringPair.id).where(
                MentoringPair.status.in_(ACTIVE_VALUES)).order_by(MentoringPair.id)).first()
    finally:
        db.close()
    assert pair_id is not None
    return path, pair_id


@pytest.mark.parametrize(("kind", "title"), [
    ("plan", "план развития"), ("journal", "Журнал встреч наставнической")])
def test_the_paper_of_a_pair_is_formed_into_the_file_asked(
        school: tuple[Path, int], tmp_path: Path, demo_day: dt.date, kind: str,
        title: str) -> None:
    need("pdftotext")
    db, pair_id = school
    out = tmp_path / f"{kind}.pdf"
    code, said, err = cli("report", kind, "--pair", pair_id, "--db", db, "--out", out,
                          "--date", f"{demo_day:%d.%m.%Y}")
    assert (code, err) == (0, "")
    assert "сохранён" in said and out.is_file()
    text = drawn_text(out)
    assert title.lower() in text.lower()
    assert f"по состоянию на {demo_day:%d.%m.%Y}" in text


def test_without_out_the_plan_goes_to_the_documents_folder(
        school: tuple[Path, int], demo_day: dt.date) -> None:
    db, pair_id = school
    code, said, err = cli("report", "plan", "--pair", pair_id, "--db", db,
                          "--date", f"{demo_day:%d.%m.%Y}")
    assert (code, err) == (0, "")
    saved = Path(said.rsplit("сохранён: ", 1)[1].strip())
    assert saved.parent == db.parent / "documents" and saved.is_file()
    assert "План развития" in saved.name


def test_the_control_sheet_of_all_pairs(school: tuple[Path, int], tmp_path: Path,
                                        demo_day: dt.date) -> None:
    need("pdftotext")
    db, _pair_id = school
    out = tmp_path / "control.pdf"
    code, _said, err = cli("report", "control", "--db", db, "--out", out,
                          "--date", f"{demo_day:%d.%m.%Y}")
    assert (code, err) == (0, "")
    text = drawn_text(out)
    assert "Контрольный лист работы наставнических пар и групп" in text and "Итого" in text


@pytest.mark.parametrize(("args", "said"), [
    (("plan", "--pair", "999999"), "Пара или группа с номером 999999 не найдена"),
    (("journal",), "Укажите номер пары или группы"),
])
def test_a_wrong_or_missing_pair_is_explained_with_the_list_of_pairs(
        school: tuple[Path, int], tmp_path: Path, args: tuple[str, ...], said: str) -> None:
    db, pair_id = school
    out = tmp_path / "x.pdf"
    code, stdout, err = cli("report", *args, "--db", db, "--out", out)
    assert code == 1 and stdout == ""
    assert said in err and "Пары и группы программы:" in err
    assert f"{pair_id}  наставник " in err
    assert "Traceback" not in err and not out.exists()


def test_another_document_still_needs_its_file(school: tuple[Path, int]) -> None:
    db, _pair_id = school
    code, _out, err = cli("report", "pairs", "--db", db)
    assert code == 1 and "Укажите файл" in err and "Traceback" not in err
