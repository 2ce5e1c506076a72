"""`pdfa.archival`: a canvas made through it writes PDF/A-2b — read back with pikepdf (qpdf).

The checks themselves (tests/helpers/pdfa.py) are first shown to fail a file reportlab writes
on its own, so a pass below means something.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from nastavnik_desktop.paths import resource
from nastavnik_desktop.reports import fonts, pages, pdfa
from nastavnik_desktop.reports.document import OfficialDocument
from nastavnik_desktop.reports.lists import ListDocument
from nastavnik_desktop.reports.reminders import ReminderData, ReminderRow, reminder_document
from nastavnik_desktop.reports.requisites import Organisation, Requisites, Signer
from tests.helpers.pdfa import pdfa_problems

TITLE = "Сертификат участника программы наставничества <№ 2027-001 & «Лучшая пара»>"
AUTHOR = "МБОУ «СОШ № 7»"
SUBJECT = "Награды программы наставничества"


def draw(maker: Any, **options: Any) -> bytes:
    """Two pages of text written through `maker`, as a certificate writer would."""
    buffer = io.BytesIO()
    canvas = maker(buffer, pagesize=A4, **options)
    canvas.setTitle(TITLE)
    canvas.setAuthor(AUTHOR)
    canvas.setSubject(SUBJECT)
    for name in ("Иванова Мария Петровна", "Петров Пётр Ильич"):
        canvas.setFont(fonts.SERIF_BOLD, 28)
        canvas.drawCentredString(A4[0] / 2, A4[1] / 2, name)
        canvas.setFont(fonts.SERIF, 12)
        canvas.drawString(72, 72, "Регистрационный № 2027-001")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_the_checks_fail_what_reportlab_writes_on_its_own() -> None:
    fonts.register_fonts()
    problems = " | ".join(pdfa_problems(draw(Canvas)))
    for expected in ("PDF version 1.3", "no EOL before them", "no language",
                     "no XMP metadata", "0 PDF/A output intents", "(/Helvetica) is not embedded"):
        assert expected in problems


def test_a_plain_canvas_made_through_archival_writes_pdfa_2b() -> None:
    data = draw(pdfa.archival(Canvas))
    assert pdfa_problems(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "2B"
        assert meta["dc:title"] == TITLE and meta["dc:creator"] == [AUTHOR]
        assert meta["dc:description"] == SUBJECT
        assert meta["xmp:CreatorTool"] == pages.PDF_CREATOR == str(pdf.docinfo.Creator)
        assert str(pdf.Root.Lang) == pages.PDF_LANGUAGE
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == pikepdf.Name.GTS_PDFA1
        assert intent.DestOutputProfile.N == 3
        assert intent.DestOutputProfile.read_bytes() == resource("icc", "sRGB.icc").read_bytes()
        assert pdf.pdf_version == "1.7"


def test_a_canvas_left_in_its_first_font_names_no_standard_font() -> None:
    """reportlab selects its initial font at the top of every page; it is the bundled serif,
    never Helvetica (a standard font, not embedded), also when the writer never sets one."""
    buffer = io.BytesIO()
    canvas = pdfa.archival(Canvas)(buffer)
    canvas.setTitle(TITLE)
    canvas.setAuthor(AUTHOR)
    canvas.drawString(72, 72, "Без выбора шрифта")
    canvas.save()
    data = buffer.getvalue()
    assert b"Helvetica" not in data
    assert pdfa_problems(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts_used = {str(f.BaseFont) for f in pdf.pages[0].Resources.Font.values()}
    assert fonts_used and all(name.endswith(f"+{fonts.SERIF}") for name in fonts_used)


class _HeldPagesCanvas(Canvas):
    """A canvas subclass that holds its pages back and numbers them at `save()` (as the
    questionnaire blanks' canvas does): made through a functools.partial."""

    def __init__(self, *args: Any, footer: Callable[[Canvas, int, int], None],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []
        self._footer = footer

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self._footer(self, self._pageNumber, total)
            super().showPage()
        super().save()


def test_a_factory_and_a_canvas_subclass_are_wrapped_alike() -> None:
    """A functools.partial of a Canvas subclass whose pages are held back and numbered at
    `save()`: the file is still PDF/A."""
    footer_calls: list[tuple[int, int]] = []

    def footer(canvas: Canvas, number: int, total: int) -> None:
        footer_calls.append((number, total))
        canvas.drawString(72, 30, f"{number} из {total}")

    maker = functools.partial(_HeldPagesCanvas, footer=footer)
    data = draw(pdfa.archival(maker), initialFontName=fonts.SERIF_ITALIC)
    assert footer_calls == [(1, 2), (2, 2)]
    assert pdfa_problems(data) == []


def test_archival_twice_is_archival_once() -> None:
    once = pdfa.archival(Canvas)
    assert pdfa.archival(once) is once


def test_encryption_is_refused() -> None:
    with pytest.raises(ValueError, match="PDF/A"):
        pdfa.archival(Canvas)(io.BytesIO(), encrypt="secret")


def test_a_callers_language_and_a_newer_version_are_kept_an_older_one_raised() -> None:
    data = draw(pdfa.archival(Canvas), lang="en-GB", pdfVersion=(1, 4))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.pdf_version == "1.7"
        assert pdf.open_metadata()["dc:language"] == {"en-GB"}


def test_info_and_xmp_dates_are_the_same_instant_in_a_reproducible_file() -> None:
    """With reportlab's `invariant` (or SOURCE_DATE_EPOCH) the file is byte-for-byte the same
    each time, its dates fixed; Info and XMP still say the same."""
    first, second = (draw(pdfa.archival(Canvas), invariant=1) for _ in range(2))
    assert first == second
    with pikepdf.open(io.BytesIO(first)) as pdf:
        meta = pdf.open_metadata()
        assert str(pdf.docinfo.CreationDate) == "D:20000101000000+00'00'"
        assert dt.datetime.fromisoformat(meta["xmp:CreateDate"]) == dt.datetime(
            2000, 1, 1, tzinfo=dt.UTC)
    assert pdfa_problems(first) == []


def test_documents_of_the_engine_are_archival(tmp_path: Path) -> None:
    """An order (official pages, a landscape appendix) and a list (pages counted at the end)
    built by `DocumentBuilder`; qpdf's own check passes too where qpdf is installed."""
    order = OfficialDocument(Requisites(
        organisation=Organisation("Муниципальное бюджетное общеобразовательное учреждение "
                                  "«Средняя общеобразовательная школа № 7»", AUTHOR),
        date=dt.date(2026, 5, 20), number="45-о", place="г. Тверь",
        title="О награждении участников программы наставничества",
        signer=Signer("Директор", "Иванов", "Иван", "Иванович")))
    order.add_paragraph("Наградить участников программы наставничества.")
    order.add_signature()
    order.add_appendix("Список награждённых", landscape=True)
    order.add_table(["№ п/п", "ФИО"], [(1, "Иванова Мария Петровна")])
    written = [order.build(tmp_path / "order.pdf"), _list_document().build(tmp_path / "list.pdf")]
    for path in written:
        assert pdfa_problems(path) == [], path.name
        if shutil.which("qpdf"):
            subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)


def _list_document() -> ListDocument:
    return reminder_document(ReminderData(
        organisation=AUTHOR, round_title="Итоговый опрос", questionnaire_title="Анкета",
        dates="с 01.05.2026 по 20.05.2026", expected=2,
        rows=(ReminderRow("Алексеева Анна Петровна", "7А", "наставляемый"),)),
        as_of=dt.date(2026, 5, 15))


def test_the_landscape_page_size_of_a_canvas_is_its_own() -> None:
    buffer = io.BytesIO()
    canvas = pdfa.archival(Canvas)(buffer, pagesize=landscape(A4))
    canvas.drawString(72, 72, "Грамота")
    canvas.save()
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        assert [round(float(v)) for v in pdf.pages[0].MediaBox] == [0, 0, 842, 595]


def test_a_character_the_font_lacks_is_caught() -> None:
    """Liberation Serif has no «✓»: reportlab draws the .notdef glyph (an empty box on paper),
    which PDF/A forbids — the checks see it."""
    buffer = io.BytesIO()
    canvas = pdfa.archival(Canvas)(buffer)
    canvas.drawString(72, 72, "Выполнено ✓")
    canvas.save()
    assert any(".notdef" in problem for problem in pdfa_problems(buffer.getvalue()))


def test_a_canvas_nobody_titled_fails_and_its_subject_is_its_title() -> None:
    """reportlab's «untitled» and «anonymous» are no title and author: the checks refuse them.
    An empty or unset subject becomes the title, in Info and XMP alike."""
    buffer = io.BytesIO()
    pdfa.archival(Canvas)(buffer).save()
    problems = " | ".join(pdfa_problems(buffer.getvalue()))
    assert "no title of its own" in problems and "no author of its own" in problems
    buffer = io.BytesIO()
    canvas = pdfa.archival(Canvas)(buffer)
    canvas.setTitle(TITLE)
    canvas.setAuthor(AUTHOR)
    canvas.drawString(72, 72, "Грамота")
    canvas.save()
    assert pdfa_problems(buffer.getvalue()) == []
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        assert str(pdf.docinfo.Subject) == TITLE == pdf.open_metadata()["dc:description"]
