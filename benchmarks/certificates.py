"""500 certificates through the awards builder against a bare reportlab canvas loop.

    python benchmarks/certificates.py [--count 500] [--runs 5] [--pdf out.pdf]

Both draw the same sheets — a designer's background picture (an A4 PNG at 150 dpi, made here)
drawn once as a form XObject and placed on every page, the school's lines, the title, the name,
the text wrapped to the width, the signature and the registry number, in the bundled fonts — in
the same run, alternately; the times are medians. The builder also balances the wrapped lines
and writes through the archival canvas (`reports/pdfa.archival`). Target: the builder within
1.3× the bare loop.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from nastavnik_desktop.reports import fonts
from nastavnik_desktop.reports.awards import AwardDesign, AwardsDocument, AwardSheet, AwardsPaper
from nastavnik_desktop.reports.requisites import Signer

SURNAMES = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов")
NAMES = ("Александр", "Максим", "Иван", "Артём", "Дмитрий", "Никита", "Михаил")
PATRONYMICS = ("Александрович", "Сергеевич", "Игоревич", "Андреевич", "Дмитриевич")
TEXT = "принял участие в программе наставничества в 2026/2027 учебном году в роли наставляемого"


def background(folder: Path) -> Path:
    """An A4 landscape picture with a border and a wash of colour, as a designer sends."""
    width, height = 1754, 1240
    image = Image.new("RGB", (width, height), (250, 246, 232))
    draw = ImageDraw.Draw(image)
    for inset, colour in ((40, (150, 110, 40)), (70, (30, 60, 110))):
        draw.rectangle((inset, inset, width - inset, height - inset), outline=colour, width=12)
    path = folder / "background.png"
    image.save(path)
    return path


def paper(count: int, picture: Path) -> AwardsPaper:
    sheets = tuple(AwardSheet(
        kind="certificate", title="СЕРТИФИКАТ", subtitle="участника программы наставничества",
        lead="Настоящим подтверждается, что",
        name=f"{SURNAMES[i % 7]} {NAMES[i % 5]} {PATRONYMICS[i % 3]}",
        about=f"обучающийся {5 + i % 6}А класса", text=TEXT, registry_number=f"2027-{i + 1:03d}",
        issued_on=dt.date(2027, 5, 25)) for i in range(count))
    return AwardsPaper(
        founder="Управление образования администрации города Твери",
        school_name="Муниципальное бюджетное общеобразовательное учреждение «Средняя "
                    "общеобразовательная школа № 7»",
        settlement="г. Тверь", signer=Signer("Директор", "Кузнецова", "Наталья", "Викторовна"),
        sheets=sheets,
        designs={"certificate": AwardDesign(landscape=True, background=str(picture))})


def bare(data: AwardsPaper) -> bytes:
    """The same sheets in the plainest reportlab: a form for the background, then per page
    the centred lines (the text wrapped once with simpleSplit) and the footer."""
    fonts.register_fonts()
    buffer = io.BytesIO()
    size = landscape(A4)
    width, height = size
    canvas = Canvas(buffer, pagesize=size, initialFontName=fonts.SERIF)
    canvas.beginForm("bg", 0, 0, width, height)
    canvas.drawImage(ImageReader(data.designs["certificate"].background), 0, 0, width, height)
    canvas.endForm()
    centre, margin = width / 2, 28 * mm
    for sheet in data.sheets:
        canvas.doForm("bg")
        y = height - margin
        for text, font, size_pt in ((data.founder, fonts.SERIF, 11),
                                    (data.school_name, fonts.SERIF_BOLD, 12)):
            for line in simpleSplit(text, font, size_pt, width - 2 * margin):
                y -= size_pt * 1.2
                canvas.setFont(font, size_pt)
                canvas.drawCentredString(centre, y, line)
        y -= 30 * mm
        for text, font, size_pt in ((sheet.title, fonts.SERIF_BOLD, 34),
                                    (sheet.subtitle, fonts.SERIF_BOLD, 16),
                                    (sheet.lead, fonts.SERIF_ITALIC, 15),
                                    (sheet.name, fonts.SERIF_BOLD, 26),
                                    (sheet.about, fonts.SERIF, 14),
                                    (sheet.text, fonts.SERIF, 14)):
            for line in simpleSplit(text, font, size_pt, width - 2 * margin):
                y -= size_pt * 1.4
                canvas.setFont(font, size_pt)
                canvas.drawCentredString(centre, y, line)
        canvas.setFont(fonts.SERIF, 14)
        canvas.drawString(margin, margin + 14 * mm, data.signer.position)
        canvas.drawRightString(width - margin, margin + 14 * mm, data.signer.signature_name)
        canvas.line(width / 2, margin + 14 * mm, width - margin - 40 * mm, margin + 14 * mm)
        canvas.setFont(fonts.SERIF, 12)
        canvas.drawString(margin, margin, sheet.issued_on.strftime("%d.%m.%Y"))
        canvas.drawCentredString(centre, margin, data.settlement)
        canvas.drawRightString(width - margin, margin, f"Рег. № {sheet.registry_number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", type=Path, help="save the builder's PDF here")
    args = parser.parse_args()
    fonts.register_fonts()
    with tempfile.TemporaryDirectory() as folder:
        data = paper(args.count, background(Path(folder)))
        built, plain = [], []
        sizes = (0, 0)
        for _ in range(args.runs):
            start = time.perf_counter()
            ours = AwardsDocument(data).build_to_bytes()
            built.append(time.perf_counter() - start)
            start = time.perf_counter()
            theirs = bare(data)
            plain.append(time.perf_counter() - start)
            sizes = (len(ours), len(theirs))
        if args.pdf:
            args.pdf.write_bytes(ours)
    ours_s, bare_s = statistics.median(built), statistics.median(plain)
    print(f"{args.count} certificates, median of {args.runs} runs")
    print(f"  awards builder:      {ours_s * 1000:8.0f} ms  ({args.count / ours_s:6.0f} pages/s, "
          f"{sizes[0] / 1024:.0f} KB)")
    print(f"  bare canvas loop:    {bare_s * 1000:8.0f} ms  ({args.count / bare_s:6.0f} pages/s, "
          f"{sizes[1] / 1024:.0f} KB)")
    ratio = ours_s / bare_s
    print(f"  ratio: {ratio:.2f}× (target ≤ 1.3×) — {'OK' if ratio <= 1.3 else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
