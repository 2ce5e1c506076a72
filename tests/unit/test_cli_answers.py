"""`python -m nastavnik_desktop import answers FILE --questionnaire ID --db PATH`: all rows or
none, the rows without a person listed with their numbers, `--skip-unmatched` to leave them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from nastavnik_desktop import cli
from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import Audience, QuestionKind, QuestionnairePhase
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import ProgrammeInfo
from tests.helpers.plans import build_school

DAY = dt.date(2025, 10, 20)


@pytest.fixture
def base(db: Database, programme: ProgrammeInfo, db_path: Path) -> tuple[Path, int, int]:
    school = build_school(db, programme)
    template = q.create_questionnaire(db, "Итоговая анкета", Audience.ANY,
                                      QuestionnairePhase.EXIT, questions=[
        q.QuestionLine("Польза встреч", QuestionKind.SCALE)])
    q.create_questionnaire(db, "Другая анкета", Audience.ANY, QuestionnairePhase.EXIT,
                           questions=[q.QuestionLine("Вопрос", QuestionKind.TEXT)])
    q.create_round(db, school.programme_id, template, opens_on=DAY - dt.timedelta(days=30))
    latest = q.create_round(db, school.programme_id, template, opens_on=DAY)
    db.close()
    return db_path, template, latest


def _export(path: Path, names: list[str]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Отметка времени", "ФИО", "Польза встреч"])
    for number, name in enumerate(names):
        sheet.append([dt.datetime(2025, 10, 21, 9, number), name, 7])
    book.save(path)
    return path


def _answered(db_path: Path, round_id: int) -> int:
    db = open_database(db_path)
    try:
        return len(q.round_answers(db, round_id))
    finally:
        db.close()


def test_import_answers_all_or_none(base: tuple[Path, int, int], tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    db_path, template, latest = base
    export = _export(tmp_path / "form.xlsx", ["Кузина Анна", "Никто Неизвестный",
                                             "Анна Ершова"])
    args = ["import", "answers", str(export), "--questionnaire", str(template),
            "--db", str(db_path)]
    assert cli.main(args) == 1
    said = capsys.readouterr()
    assert "Строка 3: «Никто Неизвестный» — такого человека нет в базе" in said.err
    assert "Ничего не загружено" in said.err
    assert _answered(db_path, latest) == 0

    assert cli.main([*args, "--skip-unmatched"]) == 0
    assert "Загружено: новых анкет 2, заменено 0, без изменений: 0." in capsys.readouterr().out
    assert _answered(db_path, latest) == 2  # the latest round of the questionnaire
    assert cli.main([*args, "--skip-unmatched"]) == 0
    assert "без изменений: 2" in capsys.readouterr().out


def test_import_answers_refuses_what_it_cannot_place(
        base: tuple[Path, int, int], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    db_path, template, _latest = base
    export = _export(tmp_path / "form.xlsx", ["Кузина Анна"])
    common = ["import", "answers", str(export), "--db", str(db_path)]
    assert cli.main(common) == 1
    assert "--questionnaire" in capsys.readouterr().err
    assert cli.main([*common, "--questionnaire", str(template + 1)]) == 1
    assert "не назначено ни одного опроса" in capsys.readouterr().err
    assert cli.main([*common, "--questionnaire", str(template), "--round", "999"]) == 1
    assert "Опрос 999" in capsys.readouterr().err
