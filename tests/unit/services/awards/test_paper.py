"""The awards on paper: a page per valid award with its person's name in the case its wording
needs and its own registry number; the letter to the parents; annulled awards left out; the
design per kind (orientation, a background copied into the data folder, drawn once); the
printable register."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import AwardNomination as N
from nastavnik_desktop.data.models import Person
from nastavnik_desktop.errors import OperationCancelled, ValidationError
from nastavnik_desktop.reports.process import layout_pdf, write_pdf
from nastavnik_desktop.services.awards import paper, register
from nastavnik_desktop.services.documents import issue_document
from nastavnik_desktop.services.people import declension
from tests.helpers.awards import Cast, award_one_of_each
from tests.helpers.pdf import (
    A4_LANDSCAPE,
    A4_PORTRAIT,
    drawn_text,
    need,
    page_count,
    page_text,
    pdf_info,
)

School = tuple[Database, Cast]
DAY = dt.date(2027, 5, 26)


def _words(text: str) -> str:
    return " ".join(text.split())


def _forms(db: Database, person_id: int) -> tuple[str, declension.DeclinedName]:
    with db.reading() as session:
        person = session.get(Person, person_id)
        assert person is not None
        return person.full_name, declension.declined(person)


def _expected_name(db: Database, award: register.AwardInfo) -> str:
    full, forms = _forms(db, award.person_id)
    if award.nomination is N.THANKS_MENTOR:
        return forms.dative
    if award.nomination is N.THANKS_PARENTS:
        return forms.genitive
    return full


def test_every_page_carries_its_persons_name_in_its_case_and_its_own_number(
        school: School, tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    db, cast = school
    award_one_of_each(db, cast)
    awards = register.list_awards(db, cast.programme_id)
    out = issue_document(db, cast.programme_id, "certificates", tmp_path / "awards.pdf",
                         issued_on=DAY)
    pdf = Path(out.file_path)
    assert page_count(pdf) == len(awards)
    numbers = []
    for page, award in enumerate(awards, start=1):
        text = _words(page_text(pdf, page))
        assert _words(_expected_name(db, award)) in text
        found = re.findall(r"Рег\. № (\d{4}-\d{3,})", text)
        assert found == [award.registry_number]
        numbers += found
        assert "Директор" in text and "Н. В. Кузнецова" in text
        assert "Управление образования администрации города Твери" in text
        assert "г. Тверь" in text and "25.05.2027" in text
    assert len(set(numbers)) == len(awards)


def test_the_wording_of_each_kind(school: School, tmp_path: Path) -> None:
    need("pdftotext")
    db, cast = school
    award_one_of_each(db, cast)
    awards = register.list_awards(db, cast.programme_id)
    pdf = Path(issue_document(db, cast.programme_id, "certificates", tmp_path / "a.pdf",
                              issued_on=DAY).file_path)
    pages = {(a.person_id, a.nomination): _words(page_text(pdf, n))
             for n, a in enumerate(awards, start=1)}
    certificate = pages[(cast.mentee, N.PARTICIPANT)]
    assert "СЕРТИФИКАТ" in certificate and "участника программы наставничества" in certificate
    assert "в роли наставляемого" in certificate
    assert "в роли наставника" in pages[(cast.staff_mentor, N.PARTICIPANT)]
    best = pages[(cast.staff_mentor, N.BEST_MENTOR)]
    assert "ГРАМОТА" in best and "награждается" in best and "«Лучший наставник»" in best
    assert "«Лучшая наставническая пара»" in pages[(cast.pair_people[0], N.BEST_PAIR)]
    thanks = pages[(cast.external_mentor, N.THANKS_MENTOR)]
    _full, forms = _forms(db, cast.external_mentor)
    assert f"Выражаем искреннюю благодарность {_words(forms.dative)}" in thanks
    assert "Тверьэнерго" in thanks
    parents = pages[(cast.pupil_mentor, N.THANKS_PARENTS)]
    _full, forms = _forms(db, cast.pupil_mentor)
    assert f"благодарность родителям {_words(forms.genitive)}" in parents
    assert "БЛАГОДАРСТВЕННОЕ ПИСЬМО" in parents


def test_a_stored_correction_of_a_declined_name_wins(school: School, tmp_path: Path) -> None:
    need("pdftotext")
    db, cast = school
    with db.transaction() as session:
        person = session.get(Person, cast.external_mentor)
        assert person is not None
        person.name_dative = "Исправленной Форме Дательной"
    ids = register.issue_awards(db, cast.programme_id, [
        register.AwardRequest(cast.external_mentor, N.THANKS_MENTOR)], issued_on=DAY)
    pdf = Path(issue_document(db, cast.programme_id, "certificates", tmp_path / "a.pdf",
                              issued_on=DAY, award_ids=ids).file_path)
    assert "Исправленной Форме Дательной" in _words(page_text(pdf, 1))


def test_annulled_awards_are_not_printed_and_none_left_is_refused(
        school: School, tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    db, cast = school
    ids = award_one_of_each(db, cast)
    register.annul(db, ids[:2], reason="ошибка", on=DAY)
    pdf = Path(issue_document(db, cast.programme_id, "certificates", tmp_path / "a.pdf",
                              issued_on=DAY).file_path)
    assert page_count(pdf) == len(ids) - 2
    text = " ".join(_words(page_text(pdf, n)) for n in range(1, len(ids) - 1))
    annulled = [a.registry_number for a in register.list_awards(db, cast.programme_id)
                if a.annulled]
    assert len(annulled) == 2 and not any(f"№ {n} " in f"{text} " for n in annulled)
    with pytest.raises(ValidationError, match="Нет действующих наград"):
        paper.awards_recipe(db, cast.programme_id, award_ids=ids[:2], day=DAY)


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (420, 297), (240, 230, 200)).save(path)
    return path


def test_the_design_per_kind_orientation_and_a_background_drawn_once(
        school: School, tmp_path: Path) -> None:
    need("pdfinfo")
    db, cast = school
    award_one_of_each(db, cast)
    paper.set_award_design(db, "certificate", landscape=False,
                           background=_png(tmp_path / "фон.png"))
    paper.set_award_design(db, "diploma", landscape=True, background=None)
    designs = paper.award_designs(db)
    assert designs["certificate"].background.startswith(f"{paper.BACKGROUNDS_FOLDER}/")
    assert (Path(db.path).parent / designs["certificate"].background).is_file()
    assert designs["diploma"].landscape and not designs["diploma"].background

    recipe, _title = paper.awards_recipe(db, cast.programme_id, award_ids=None, day=DAY)
    data = layout_pdf(recipe)
    pdf = tmp_path / "designed.pdf"
    pdf.write_bytes(data)
    kinds = [sheet.kind for sheet in recipe.args[0].sheets]
    for page, kind in enumerate(kinds, start=1):
        expected = A4_LANDSCAPE if kind == "diploma" else A4_PORTRAIT
        assert pdf_info(pdf, page)["Page size"] == expected
    # one image in the whole file, however many certificates use it
    assert data.count(b"/Subtype /Image") == 1
    assert kinds.count("certificate") >= 2

    paper.set_award_design(db, "diploma", landscape=False, background=None,
                           keep_background=True)
    assert paper.award_designs(db)["certificate"] == designs["certificate"]


def test_a_background_that_is_not_a_picture_is_refused_in_russian(
        school: School, tmp_path: Path) -> None:
    db, _cast = school
    pdf = tmp_path / "фон.pdf"
    Canvas(str(pdf)).save()
    with pytest.raises(ValidationError, match="PNG или JPEG"):
        paper.set_award_design(db, "certificate", landscape=True, background=pdf)
    broken = tmp_path / "битый.png"
    broken.write_bytes(b"not a picture")
    with pytest.raises(ValidationError, match="не читается"):
        paper.set_award_design(db, "certificate", landscape=True, background=broken)
    assert paper.award_designs(db)["certificate"].background == ""


def test_a_background_gone_from_the_data_folder_says_what_to_do(
        school: School, tmp_path: Path) -> None:
    db, cast = school
    award_one_of_each(db, cast)
    paper.set_award_design(db, "thanks", landscape=False, background=_png(tmp_path / "b.png"))
    (Path(db.path).parent / paper.award_designs(db)["thanks"].background).unlink()
    with pytest.raises(ValidationError, match="Фон наград не найден"):
        paper.awards_recipe(db, cast.programme_id, award_ids=None, day=DAY)


def test_the_register_lists_every_award_with_its_order_and_the_annulled_marked(
        school: School, tmp_path: Path) -> None:
    need("pdftotext")
    db, cast = school
    ids = award_one_of_each(db, cast)
    register.annul(db, ids[:1], reason="выдано повторно", on=DAY)
    register.reissue(db, ids[1:2], on=DAY)
    pdf = Path(issue_document(db, cast.programme_id, "awards_register", tmp_path / "r.pdf",
                              issued_on=DAY).file_path)
    text = drawn_text(pdf)
    assert "Реестр выданных наград" in text
    for award in register.list_awards(db, cast.programme_id):
        assert award.registry_number in text
    assert f"Выдано наград: {len(ids)}, из них аннулировано: 1" in text
    assert "АННУЛИРОВАНА 26.05.2027: выдано повторно" in text
    assert "повторно напечатана 26.05.2027" in text


def test_the_design_is_one_form_xobject_placed_on_every_page() -> None:
    """The built-in frame too is drawn once: every page places the same form."""
    pikepdf = pytest.importorskip("pikepdf")
    from nastavnik_desktop.reports.awards import AwardsDocument, AwardSheet, AwardsPaper
    from nastavnik_desktop.reports.requisites import Signer

    sheets = tuple(AwardSheet(kind="certificate", title="СЕРТИФИКАТ", subtitle="", lead="",
                              name=f"Иванов Иван {i}", about="", text="", issued_on=DAY,
                              registry_number=f"2027-{i:03d}") for i in range(1, 4))
    data = AwardsDocument(AwardsPaper(founder="", school_name="Школа", settlement="",
                                      signer=Signer("Директор", "Кузнецова", "Наталья"),
                                      sheets=sheets)).build_to_bytes()
    with pikepdf.open(io.BytesIO(data)) as document:
        forms = {xobject.objgen for page in document.pages
                 for xobject in page.Resources.XObject.values()
                 if xobject.Subtype == "/Form"}
        assert len(document.pages) == 3 and len(forms) == 1


def test_a_batch_is_laid_out_in_the_child_process_as_in_this_one(
        school: School, tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    db, cast = school
    award_one_of_each(db, cast)
    recipe, _title = paper.awards_recipe(db, cast.programme_id, award_ids=None, day=DAY)
    here = write_pdf(recipe, tmp_path / "here.pdf")
    there = write_pdf(recipe, tmp_path / "there.pdf", separate_process=True)
    assert page_count(there) == page_count(here) == len(recipe.args[0].sheets)
    assert drawn_text(there) == drawn_text(here)


def test_cancelling_a_batch_writes_no_file(school: School, tmp_path: Path) -> None:
    db, cast = school
    award_one_of_each(db, cast)
    heard: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        heard.append((done, total))
        return False

    target = tmp_path / "awards.pdf"
    with pytest.raises(OperationCancelled):
        issue_document(db, cast.programme_id, "certificates", target, issued_on=DAY,
                       progress=progress)
    assert heard and not target.exists()
    assert list(tmp_path.glob("*.pdf")) == []
