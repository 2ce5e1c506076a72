"""The booklet «Сборник лучших практик наставничества»: title page, contents, a section per case
with its photos; names of people without consent to publication never printed; `report cases`
from the command line."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from nastavnik_desktop.cli import main
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ConsentGiver
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import documents
from nastavnik_desktop.services.cases import collection
from nastavnik_desktop.services.cases.collection import CaseDraft, PhotoDraft
from nastavnik_desktop.services.cases.paper import booklet_recipe
from tests.helpers.pdf import flat_text, need, page_count, run

from .conftest import TODAY, CaseSchool

DAY = dt.date(2026, 6, 1)


def _cases(db: Database, school: CaseSchool, photo: Path | None) -> None:
    collection.save_case(db, school.programme_id, None, CaseDraft(
        "Математика без страха", pair_id=school.pair_id,
        problem="Илья Ершов боялся контрольных.", actions="Разбирали задачи после уроков.",
        result="Четвёрка за год.", quotes="Теперь мне интересно — Ершов Илья\n"
                                          "Он вырос на глазах — Орлова М. И."),
        [PhotoDraft("Разбор задачи у доски", source=str(photo))] if photo else [], today=TODAY)
    collection.save_case(db, school.programme_id, None, CaseDraft(
        "Клуб читателей", pair_id=school.other_pair_id,
        problem="Денис Лаптев не читал книг.", actions="Зотов Г. А. открыл клуб.",
        result="Прочитано восемь книг."), today=TODAY)


def test_the_booklet_has_a_title_page_contents_and_a_section_per_case(
        db: Database, case_school: CaseSchool, consent: Any, photo: Path,
        tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo", "pdfimages", "pdffonts")
    for last in ("Орлова", "Зотов"):
        consent(db, case_school.people[last])
    consent(db, case_school.people["Ершов"], by=ConsentGiver.PARENT)
    _cases(db, case_school, photo)  # Лаптев has no consent: his name never printed

    recipe, title = booklet_recipe(db, case_school.programme_id, day=DAY)
    assert title == "Сборник лучших практик наставничества"
    pdf = recipe.builder().build(tmp_path / "booklet.pdf")

    text = flat_text(pdf)
    assert text.startswith("Муниципальное бюджетное общеобразовательное учреждение")
    assert "Сборник лучших практик наставничества" in text
    assert "2025/2026 учебного года" in text and "2026" in text
    assert "Содержание 1. Математика без страха" in text
    assert "2. Клуб читателей" in text
    assert ("Пара: наставник Орлова Мария Ивановна; наставляемый Ершов Илья Петрович"
            in text)
    assert "Проблема Илья Ершов боялся контрольных." in text
    assert "«Теперь мне интересно» — Ершов Илья" in text
    assert "Разбор задачи у доски" in text
    assert "Пара: наставник Зотов Глеб Андреевич; наставляемый Проблема" in text
    assert "Проблема Наставляемый не читал книг." in text
    assert "Лаптев" not in text and "Денис" not in text
    assert "заменены словами «наставник» и «наставляемый»" in text
    assert page_count(pdf) == 4  # title, contents, a page per case
    fonts = run("pdffonts", pdf).splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)  # every font embedded (PDF/A)
    images = run("pdfimages", "-list", pdf).splitlines()[2:]
    assert len(images) == 1
    # the contents give the page of each case
    contents = run("pdftotext", "-f", "2", "-l", "2", pdf, "-")
    assert re.search(r"1\. Математика без страха[ .]+3 2\. Клуб читателей[ .]+4",
                     " ".join(contents.split()))


def test_photos_of_a_case_whose_people_do_not_all_consent_are_left_out(
        db: Database, case_school: CaseSchool, consent: Any, photo: Path,
        tmp_path: Path) -> None:
    need("pdfimages")
    consent(db, case_school.people["Орлова"])
    consent(db, case_school.people["Ершов"], by=ConsentGiver.PARENT)
    _cases(db, case_school, photo)
    consent(db, case_school.people["Орлова"], revoked_on=DAY)  # revoked after attaching
    recipe, _title = booklet_recipe(db, case_school.programme_id, day=DAY)
    pdf = recipe.builder().build(tmp_path / "booklet.pdf")
    assert run("pdfimages", "-list", pdf).splitlines()[2:] == []
    text = flat_text(pdf)
    assert "Орлова" not in text and "Пара: наставник; наставляемый Ершов Илья Петрович" in text


def test_an_empty_collection_is_refused(db: Database, case_school: CaseSchool) -> None:
    with pytest.raises(ValidationError, match="нет ни одного кейса"):
        booklet_recipe(db, case_school.programme_id, day=DAY)


def test_report_cases_writes_the_booklet_and_registers_it(
        db: Database, case_school: CaseSchool, consent: Any, photo: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    need("pdftotext")
    _cases(db, case_school, None)  # without photos: no consent needed
    db_path = Path(db.path)
    db.close()
    out = tmp_path / "Сборник.pdf"
    assert main(["report", "cases", "--db", str(db_path), "--out", str(out)]) == 0
    printed, err = capsys.readouterr()
    assert err == "" and str(out) in printed
    assert "Математика без страха" in flat_text(out)
    from nastavnik_desktop.data.db import open_database

    reopened = open_database(db_path, backup_dir=db_path.parent / "backups")
    try:
        issued = documents.list_issued_documents(reopened, case_school.programme_id)
    finally:
        reopened.close()
    assert [d.kind for d in issued] == ["cases"]
