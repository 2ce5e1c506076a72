"""Documents of stage 1 built from the database, read back with poppler and qpdf."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.cli import main
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import STAGE_TITLES
from nastavnik_desktop.data.models import IssuedDocument
from nastavnik_desktop.errors import OperationCancelled, ValidationError
from nastavnik_desktop.files import FileWriteError
from nastavnik_desktop.reports import process
from nastavnik_desktop.services import documents
from nastavnik_desktop.services.documents import (
    default_output_path,
    documents_folder,
    issue_document,
    list_issued_documents,
    recorded_number,
)
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.roadmap import list_roadmap
from nastavnik_desktop.services.stages.stage1 import complete_stage1
from tests.helpers.pdf import flat_text, need, run
from tests.helpers.stage1 import SCHOOL, Staff, wizard_data

ORDER_DAY = dt.date(2025, 9, 1)


def squeeze(text: str) -> str:
    return " ".join(text.split())


def check_fonts_and_structure(pdf: Path) -> None:
    fonts = run("pdffonts", pdf).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    run("qpdf", "--check", pdf)


def snapshot(pdf: Path, name: str) -> None:
    """A picture of page 1 for a human to look at (tests never compare it)."""
    shots = Path("/tmp/docshots4")
    shots.mkdir(exist_ok=True)
    run("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "2", pdf, shots / name)


@pytest.fixture
def ready(db: Database, staff: Staff, tmp_path: Path) -> ProgrammeInfo:
    return complete_stage1(db, wizard_data(staff, tmp_path))


@pytest.mark.parametrize("layout", ["events", "stages"])
def test_roadmap_pdf_lists_every_item(db: Database, ready: ProgrammeInfo, tmp_path: Path,
                                      layout: str) -> None:
    need("pdftotext", "pdffonts", "qpdf", "pdftoppm")
    out = tmp_path / f"roadmap-{layout}.pdf"
    issued = issue_document(db, ready.id, "roadmap", out, layout=layout)  # type: ignore[arg-type]
    text = flat_text(out)
    assert SCHOOL in text
    assert "Дорожная карта внедрения целевой модели наставничества" in text
    assert "2025/2026 учебный год" in text
    for line in list_roadmap(db, ready.id):
        assert squeeze(line.title) in text, line.title
        assert f"{line.due_on:%d.%m.%Y}" in text
    if layout == "stages":
        for number, title in STAGE_TITLES.items():
            assert f"Этап {number}. {title}" in text
    check_fonts_and_structure(out)
    snapshot(out, f"roadmap-{layout}")
    assert issued.kind == "roadmap" and Path(issued.file_path) == out


def test_launch_order_names_the_curator_in_the_right_cases(
        db: Database, ready: ProgrammeInfo, tmp_path: Path) -> None:
    need("pdftotext", "pdffonts", "qpdf", "pdftoppm")
    out = tmp_path / "order.pdf"
    issued = issue_document(db, ready.id, "order_launch", out, issued_on=ORDER_DAY)
    assert issued.number == "12-о"  # recorded at stage 1
    text = flat_text(out)
    for expected in (SCHOOL, "ПРИКАЗ", "01.09.2025", "№ 12-о",
                     "О внедрении целевой модели наставничества и назначении куратора",
                     "от 25.12.2019 № Р-145", "от 23.01.2020 № МР-42/02", "ПРИКАЗЫВАЮ",
                     "Концепцией развития наставничества в Российской Федерации на период до "
                     "2030 года, утверждённой распоряжением Правительства Российской "
                     "Федерации от 21.05.2025 № 1264-р",
                     "Назначить куратором внедрения целевой модели наставничества "
                     "заместителя директора по УВР Смирнову О. В.",
                     "Куратору Смирновой О. В. обеспечить",
                     "Контроль за исполнением настоящего приказа оставляю за собой",
                     "Директор", "А. С. Петрова", "согласно приложению № 1",
                     "Приложение № 1 к приказу"):
        assert expected in text, expected
    for number, title in STAGE_TITLES.items():
        assert f"Этап {number}. {title}" in text
    for line in list_roadmap(db, ready.id):
        assert squeeze(line.title) in text, line.title
    check_fonts_and_structure(out)
    snapshot(out, "order-launch")


def test_passport_has_goal_forms_team_and_results(db: Database, ready: ProgrammeInfo,
                                                  tmp_path: Path) -> None:
    need("pdftotext", "pdffonts", "qpdf", "pdftoppm")
    out = tmp_path / "passport.pdf"
    issue_document(db, ready.id, "passport", out)
    text = flat_text(out)
    for expected in (SCHOOL, "Паспорт программы наставничества на 2025/2026 учебный год",
                     "Цель программы", "раскрытие потенциала личности наставляемого",
                     "ученик – ученик", "учитель – учитель",
                     "опытный педагог – молодой специалист",
                     "Смирнова Ольга Викторовна, заместитель директора по УВР",
                     "Козлов Игорь Петрович — педагог-психолог",
                     "Ожидаемые результаты",
                     "Приказ о внедрении целевой модели наставничества и назначении куратора "
                     "от 01.09.2025 № 12-о"):
        assert expected in text, expected
    check_fonts_and_structure(out)
    snapshot(out, "passport")


def test_issuing_records_the_document_and_a_failed_write_records_nothing(
        db: Database, ready: ProgrammeInfo, tmp_path: Path) -> None:
    issue_document(db, ready.id, "order_launch", tmp_path / "o.pdf", number="15-о",
                   issued_on=ORDER_DAY)
    with db.reading() as session:
        row = session.scalars(select(IssuedDocument).where(
            IssuedDocument.number == "15-о")).one()
        assert (row.kind, row.issued_on) == ("order_launch", ORDER_DAY)
        before = session.scalar(select(func.count()).select_from(IssuedDocument))
    with pytest.raises(FileWriteError, match="не найдена"):
        issue_document(db, ready.id, "passport", tmp_path / "нет такой папки" / "p.pdf")
    with pytest.raises(ValidationError, match="Неизвестный вид"):
        issue_document(db, ready.id, "certificate", tmp_path / "c.pdf")
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == before


def registered(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(IssuedDocument)) or 0)


def test_a_long_document_laid_out_in_a_process_is_the_same_and_recorded(
        db: Database, ready: ProgrammeInfo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    need("pdftotext")
    threaded = tmp_path / "поток.pdf"
    issue_document(db, ready.id, "order_launch", threaded, number="15-о",
                   issued_on=ORDER_DAY)
    monkeypatch.setattr(documents, "PROCESS_ROWS", 1)  # the roadmap's rows count as long
    processes: list[object] = []
    real_run = process.run_in_process
    monkeypatch.setattr(process, "run_in_process",
                        lambda *a, **k: processes.append(a[0]) or real_run(*a, **k))
    apart = tmp_path / "процесс.pdf"
    issued = issue_document(db, ready.id, "order_launch", apart, number="15-о",
                            issued_on=ORDER_DAY, separate_process=True)
    assert processes == [process.layout_pdf]
    assert flat_text(apart) == flat_text(threaded)
    assert list_issued_documents(db, ready.id)[0] == issued


def test_a_cancelled_document_leaves_no_file_and_no_record(
        db: Database, ready: ProgrammeInfo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "PROCESS_ROWS", 1)
    before = registered(db)
    out = tmp_path / "документы"
    out.mkdir()
    for separate in (True, False):
        with pytest.raises(OperationCancelled):
            issue_document(db, ready.id, "roadmap", out / "карта.pdf",
                           separate_process=separate, progress=lambda done, total: False)
    assert list(out.iterdir()) == []
    assert registered(db) == before


def test_cli_report_writes_a_pdf_and_records_it(db: Database, ready: ProgrammeInfo,
                                                tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    need("pdftotext")
    db.close()
    out = tmp_path / "карта.pdf"
    assert main(["report", "roadmap", "--db", str(db.path), "--out", str(out),
                 "--layout", "stages"]) == 0
    assert "сохранён" in capsys.readouterr().out
    assert "Этап 7. Завершение программы" in flat_text(out)
    assert main(["report", "order-launch", "--db", str(db.path), "--out",
                 str(tmp_path / "order.pdf"), "--number", "20-о", "--date", "02.09.2025"]) == 0
    with db.reading() as session:
        kinds = set(session.scalars(select(IssuedDocument.kind)))
        numbers = set(session.scalars(select(IssuedDocument.number)))
    assert {"roadmap", "order_launch"} <= kinds and "20-о" in numbers


def test_cli_report_errors_are_russian_and_change_nothing(
        db: Database, programme: ProgrammeInfo, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    db.close()
    out = tmp_path / "order.pdf"
    assert main(["report", "order-launch", "--db", str(db.path), "--out", str(out)]) == 1
    assert "Куратор программы не назначен" in capsys.readouterr().err
    assert not out.exists()
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 0
    assert main(["report", "passport", "--db", str(tmp_path / "nope.sqlite"),
                 "--out", str(out)]) == 1
    assert "не найден" in capsys.readouterr().err


def test_the_register_lists_the_programme_documents_newest_first(
        db: Database, ready: ProgrammeInfo, tmp_path: Path) -> None:
    stage1 = list_issued_documents(db, ready.id)
    assert [d.kind for d in stage1 if d.kind == "order_launch"] == ["order_launch"]
    roadmap = issue_document(db, ready.id, "roadmap", tmp_path / "r.pdf")
    order = issue_document(db, ready.id, "order_launch", tmp_path / "o.pdf", number="16-о",
                           issued_on=ORDER_DAY)
    register = list_issued_documents(db, ready.id)
    assert register[:2] == [order, roadmap]
    assert register[2:] == stage1
    assert list_issued_documents(db, ready.id + 1) == []


def test_the_recorded_number_is_the_last_one_given(db: Database, ready: ProgrammeInfo,
                                                   tmp_path: Path) -> None:
    assert recorded_number(db, ready.id, "order_launch") == "12-о"
    assert recorded_number(db, ready.id, "roadmap") == ""
    issue_document(db, ready.id, "order_launch", tmp_path / "o.pdf", number="17-о")
    assert recorded_number(db, ready.id, "order_launch") == "17-о"


def test_default_output_path_is_a_new_file_in_the_documents_folder(
        db: Database, ready: ProgrammeInfo) -> None:
    folder = documents_folder(db)
    assert folder == db.path.parent / "documents"
    first = default_output_path(db, ready.id, "roadmap", issued_on=ORDER_DAY, layout="stages")
    assert first == folder / "2025-2026 Дорожная карта по этапам 2025-09-01.pdf"
    assert folder.is_dir() and not first.exists()
    issue_document(db, ready.id, "roadmap", first, layout="stages")
    second = default_output_path(db, ready.id, "roadmap", issued_on=ORDER_DAY, layout="stages")
    assert second == folder / "2025-2026 Дорожная карта по этапам 2025-09-01 (2).pdf"
    order = default_output_path(db, ready.id, "order_launch", issued_on=ORDER_DAY)
    assert order.name == "2025-2026 Приказ о внедрении ЦМН 2025-09-01.pdf"
    with pytest.raises(ValidationError, match="Неизвестный вид"):
        default_output_path(db, ready.id, "certificate")


@pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter")
def test_documents_in_the_data_folder_are_the_owners_alone(
        db: Database, staff: Staff, tmp_path: Path) -> None:
    umask = os.umask(0o022)  # the usual one: folders 0755, files 0644 unless made private
    try:
        ready = complete_stage1(db, wizard_data(staff, tmp_path))  # copies the legal documents
        folder = documents_folder(db)
        assert folder.stat().st_mode & 0o777 == 0o700
        issued = default_output_path(db, ready.id, "roadmap", issued_on=ORDER_DAY)
        issue_document(db, ready.id, "roadmap", issued)
        written = sorted(folder.iterdir())
        assert issued in written and len(written) > 1
        assert {path.stat().st_mode & 0o777 for path in written} == {0o600}
    finally:
        os.umask(umask)


def test_default_output_path_explains_a_folder_it_cannot_make(
        db: Database, ready: ProgrammeInfo) -> None:
    shutil.rmtree(documents_folder(db))
    documents_folder(db).write_bytes(b"a file where the folder should be")
    with pytest.raises(FileWriteError) as caught:
        default_output_path(db, ready.id, "passport")
    assert str(documents_folder(db)) in caught.value.message


def test_list_items_drop_typed_numbers_and_bullets() -> None:
    from nastavnik_desktop.services.orders import list_items

    text = ("1. Улучшение показателей\n2) Подготовка\n\n - Раскрытие потенциала\n"
            "• Сообщество\nБез номера")
    assert list_items(text) == ["Улучшение показателей", "Подготовка", "Раскрытие потенциала",
                                "Сообщество", "Без номера"]
    assert list_items("10 классов участвуют") == ["10 классов участвуют"]


def test_the_order_keeps_the_curators_declined_name_and_prints_a_correction(
        db: Database, ready: ProgrammeInfo, tmp_path: Path) -> None:
    need("pdftotext")
    from nastavnik_desktop.data.models import Programme

    issue_document(db, ready.id, "order_launch", tmp_path / "first.pdf", issued_on=ORDER_DAY)
    with db.transaction() as session:
        programme = session.get(Programme, ready.id)
        assert programme is not None and programme.curator is not None
        curator = programme.curator
        assert (curator.name_accusative, curator.name_dative) == (
            "Смирнову Ольгу Викторовну", "Смирновой Ольге Викторовне")  # stored as printed
        curator.name_accusative = "Смирнову-Корнееву Ольгу Викторовну"  # corrected by hand
    out = tmp_path / "second.pdf"
    issue_document(db, ready.id, "order_launch", out, issued_on=ORDER_DAY)
    assert "Назначить куратором внедрения целевой модели наставничества " \
           "заместителя директора по УВР Смирнову-Корнееву О. В." in flat_text(out)
