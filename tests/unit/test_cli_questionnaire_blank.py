"""`python -m nastavnik_desktop report questionnaire-blank`: the blanks of a questionnaire as a
PDF; an unknown questionnaire is refused in Russian with the list of the programme's ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from nastavnik_desktop.cli import main
from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import create_school_and_programme
from tests.helpers.pdf import drawn_text, need, page_count
from tests.helpers.plans import build_school


@pytest.fixture
def school_file(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    path = tmp_path / "school.sqlite"
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        programme = create_school_and_programme(
            db, school_full_name="Средняя школа № 3", school_short_name="СОШ № 3",
            school_year="2025/2026", director_name="Петрова Анна Сергеевна")
        build_school(db, programme)
        ids = {info.seed_key: info.id for info in q.questionnaires(db)}
    finally:
        db.close()
    return path, ids


def test_writes_the_blanks_of_those_the_questionnaire_asks(
        school_file: tuple[Path, dict[str, int]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    need("pdftotext", "pdfinfo")
    path, ids = school_file
    out = tmp_path / "blanks.pdf"
    assert main(["report", "questionnaire-blank", "--questionnaire",
                 str(ids["mentor_entry"]), "--out", str(out), "--db", str(path)]) == 0
    said = capsys.readouterr()
    assert "Бланки анкеты «Входная анкета наставника» сохранены (3 бланка)" in said.out
    assert page_count(out) >= 3
    text = drawn_text(out)
    for name in ("Белова Анна Ивановна", "Орлова Анна Ивановна", "Сидорова Анна Ивановна"):
        assert f"ФИО: {name}" in text


def test_an_empty_blank(school_file: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    need("pdfinfo")
    path, ids = school_file
    out = tmp_path / "empty.pdf"
    assert main(["report", "questionnaire-blank", "--questionnaire",
                 str(ids["mentee_exit"]), "--empty", "--out", str(out), "--db", str(path)]) == 0
    assert page_count(out) == 1


def test_an_unknown_questionnaire_is_refused_in_russian(
        school_file: tuple[Path, dict[str, int]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path, _ids = school_file
    out = tmp_path / "none.pdf"
    assert main(["report", "questionnaire-blank", "--questionnaire", "999", "--out", str(out),
                 "--db", str(path)]) == 1
    said = capsys.readouterr()
    assert "Анкета с номером 999 не найдена. Анкеты программы:" in said.err
    assert "Входная анкета наставляемого" in said.err
    assert not out.exists()
    assert main(["report", "questionnaire-blank", "--out", str(out), "--db", str(path)]) == 1
    assert "Укажите номер анкеты: --questionnaire НОМЕР." in capsys.readouterr().err


def test_blanks_for_the_mentees_on_request(school_file: tuple[Path, dict[str, int]],
                                           tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    need("pdfinfo")
    path, ids = school_file
    out = tmp_path / "mentees.pdf"
    assert main(["report", "questionnaire-blank", "--questionnaire", str(ids["mentor_entry"]),
                 "--people", "mentees", "--out", str(out), "--db", str(path)]) == 0
    assert "(4 бланка)" in capsys.readouterr().out
    assert page_count(out) >= 4


def test_a_round_that_is_not_there_is_refused(school_file: tuple[Path, dict[str, int]],
                                              tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = school_file
    out = tmp_path / "round.pdf"
    assert main(["report", "questionnaire-blank", "--questionnaire", str(ids["mentee_entry"]),
                 "--round", "77", "--out", str(out), "--db", str(path)]) == 1
    assert "Опрос не найден в этой программе" in capsys.readouterr().err
    assert not out.exists()
    assert main(["report", "questionnaire-blank", "--questionnaire", str(ids["mentee_entry"]),
                 "--round", "77", "--empty", "--out", str(out), "--db", str(path)]) == 1
    assert "Выберите что-то одно" in capsys.readouterr().err
