"""`python -m nastavnik_desktop report certificates|awards-register`, run as the curator runs
it: the awards and their register into the file asked, recorded among the issued documents."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.data.models import IssuedDocument, Programme
from nastavnik_desktop.services.awards.register import list_awards
from nastavnik_desktop.services.programme import current_programme
from tests.helpers.awards import award_one_of_each, dress
from tests.helpers.cli import cli
from tests.helpers.pdf import drawn_text, need, page_count


@pytest.fixture(scope="module")
def schools(tmp_path_factory: pytest.TempPathFactory,
            build_demo: Callable[..., Path]) -> tuple[Path, Path]:
    """(a school without awards, the same school with one award of each kind)."""
    folder = tmp_path_factory.mktemp("cli_awards")
    bare = build_demo(folder / "bare.sqlite", pupils=150, teachers=15)
    awarded = folder / "awarded.sqlite"
    shutil.copyfile(bare, awarded)
    db = open_database(awarded, backup_dir=folder / "backups")
    try:
        award_one_of_each(db, dress(db))
    finally:
        db.close()
    return bare, awarded


def _copy(path: Path, tmp_path: Path) -> Path:
    target = tmp_path / path.name
    shutil.copyfile(path, target)
    return target


def _numbers_and_documents(path: Path) -> tuple[list[str], list[str]]:
    db = open_database(path, backup_dir=path.parent / "backups")
    try:
        with db.reading() as session:
            kinds = list(session.scalars(select(IssuedDocument.kind)))
        programme = current_programme(db)
        assert programme is not None
        return [a.registry_number for a in list_awards(db, programme.id)], kinds
    finally:
        db.close()


def test_certificates_and_the_register_are_formed_and_recorded(
        schools: tuple[Path, Path], tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    db = _copy(schools[1], tmp_path)
    out = tmp_path / "награды.pdf"
    code, said, err = cli("report", "certificates", "--db", db, "--out", out,
                          "--date", "26.05.2027")
    assert (code, err) == (0, "")
    assert "сохранён" in said
    numbers, _kinds = _numbers_and_documents(db)
    assert page_count(out) == len(numbers)
    text = drawn_text(out)
    assert all(f"Рег. № {number}" in text for number in numbers)

    register = tmp_path / "реестр.pdf"
    code, said, err = cli("report", "awards-register", "--db", db, "--out", register,
                          "--date", "26.05.2027")
    assert (code, err) == (0, "")
    assert all(number in drawn_text(register) for number in numbers)
    _numbers, kinds = _numbers_and_documents(db)
    assert kinds.count("certificates") == 1 and kinds.count("awards_register") == 1


@pytest.mark.parametrize("kind", ["certificates", "awards-register"])
def test_a_school_without_awards_is_told_so_in_russian_and_no_file_appears(
        schools: tuple[Path, Path], tmp_path: Path, kind: str) -> None:
    db = _copy(schools[0], tmp_path)
    out = tmp_path / "out.pdf"
    before = _numbers_and_documents(db)
    code, said, err = cli("report", kind, "--db", db, "--out", out, "--date", "26.05.2027")
    assert code == 1 and said == ""
    assert "наград" in err.lower() and "Traceback" not in err
    assert not out.exists()
    assert _numbers_and_documents(db) == before


def test_last_year_s_paper_prints_with_year(schools: tuple[Path, Path], tmp_path: Path) -> None:
    """`--year` prints a past year's documents: the demo's last year has its awards, its order
    and its cases; a year the base does not have is refused in Russian."""
    need("pdftotext")
    bare = _copy(schools[0], tmp_path)
    db = open_database(bare, backup_dir=tmp_path / "backups")
    try:
        programme = current_programme(db)
        assert programme is not None
        start = int(programme.school_year[:4]) - 1
        last_year = f"{start}/{start + 1}"
        with db.reading() as session:
            previous = session.scalar(select(Programme.id).where(
                Programme.school_year == last_year))
        assert previous is not None
        valid = [a for a in list_awards(db, previous) if not a.annulled]
    finally:
        db.close()
    out = tmp_path / "last.pdf"
    code, _out, err = cli("report", "certificates", "--db", bare, "--year", last_year,
                          "--out", out)
    assert code == 0, err
    assert page_count(out) == len(valid) > 0
    for kind in ("awards-order", "cases", "pairs"):
        code, _out, err = cli("report", kind, "--db", bare, "--year", last_year,
                              "--out", tmp_path / f"{kind}.pdf")
        assert code == 0 and (tmp_path / f"{kind}.pdf").is_file(), (kind, err)
    code, _out, err = cli("report", "pairs", "--db", bare, "--year", "1999/2000", "--out",
                          tmp_path / "none.pdf")
    assert code == 1 and "на 1999/2000 учебный год в базе нет" in err
    assert not (tmp_path / "none.pdf").exists()
