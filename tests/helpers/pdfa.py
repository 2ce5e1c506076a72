"""Reading a PDF as a PDF/A-2b validator would, as far as pikepdf (qpdf) can read it.

veraPDF, the reference validator, is a Java program that neither PyPI nor Debian packages, so
the tests check here the rules of its PDF/A-2B profile that a file written by reportlab could
break: the header and its binary comment, the trailer's /ID and no encryption, an EOL before
each `endstream`, qpdf's syntax check, the XMP packet (`pdfaid`, its header, only predefined
properties, the same values as the Info dictionary), the sRGB OutputIntent, the language, every
font embedded (also in form XObjects), no character drawn with a font's .notdef glyph, no CMYK
colour under an RGB intent, no interpolated image, and printable annotations.

`pdfa_problems(file)` lists what is wrong, in words; an empty list is a pass.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
from collections.abc import Iterator
from pathlib import Path

import pikepdf
from pikepdf.models.metadata import decode_pdf_date

# The Info entries and the XMP properties that say the same (ISO 19005-1 table 1, kept by the
# program for PDF/A-2 too).
INFO_XMP = (("/Title", "dc:title"), ("/Author", "dc:creator"), ("/Subject", "dc:description"),
            ("/Keywords", "pdf:Keywords"), ("/Producer", "pdf:Producer"),
            ("/Creator", "xmp:CreatorTool"))
INFO_XMP_DATES = (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate"))
# The properties of the schemas PDF/A-2 predefines (XMP 2005) that a file of ours may carry;
# anything else would need an extension schema in the packet.
PREDEFINED = {
    "http://www.aiim.org/pdfa/ns/id/": {"part", "conformance", "amd", "corr"},
    "http://purl.org/dc/elements/1.1/": {"format", "title", "creator", "description",
                                         "language", "subject", "rights", "date"},
    "http://ns.adobe.com/pdf/1.3/": {"Producer", "Keywords", "PDFVersion"},
    "http://ns.adobe.com/xap/1.0/": {"CreatorTool", "CreateDate", "ModifyDate",
                                     "MetadataDate"},
}
PLACEHOLDERS = {"", "untitled", "(anonymous)", "anonymous", "unspecified", "(unspecified)"}
"""reportlab's values for a title, author or subject nobody set."""
EMBEDDED_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
CMYK_OPERATORS = {"k", "K"}
TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}
# Annotation flags: Invisible, Hidden, ToggleNoView, NoView must be off; Print on.
ANNOT_FORBIDDEN_FLAGS = 1 | 2 | 32 | 256
ANNOT_PRINT = 4


def pdfa_problems(source: Path | bytes) -> list[str]:
    """What keeps the file from being PDF/A-2b; [] when nothing does."""
    data = source.read_bytes() if isinstance(source, Path) else source
    problems = _file_structure(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        check = getattr(pdf, "check_pdf_syntax", None) or pdf.check  # renamed in pikepdf 10
        problems += [f"qpdf: {problem}" for problem in check()]
        if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
            problems.append("the file is encrypted")
        ids = pdf.trailer.get("/ID")
        if ids is None or len(ids) != 2 or not bytes(ids[0]):
            problems.append("the trailer has no file identifier (/ID)")
        if not str(pdf.Root.get("/Lang", "")):
            problems.append("the catalog names no language (/Lang)")
        problems += _metadata(pdf)
        problems += _output_intent(pdf)
        problems += _pages(pdf)
    return problems


def _file_structure(data: bytes) -> list[str]:
    problems = []
    header = re.match(rb"%PDF-1\.([0-7])\r?\n%(.{4})", data, re.DOTALL)
    if header is None:
        problems.append("the file does not start with %PDF-1.n and a comment line")
    else:
        if int(header.group(1)) < 4:
            problems.append(f"PDF version 1.{header.group(1).decode()} (1.4 at least)")
        if any(byte <= 127 for byte in header.group(2)):
            problems.append("the comment after the header is not four bytes above 127")
    bare = [m.start() for m in re.finditer(rb"endstream", data)
            if data[m.start() - 1:m.start()] not in (b"\n", b"\r")]
    if bare:
        problems.append(f"{len(bare)} `endstream` keyword(s) with no EOL before them")
    if not data.rstrip(b"\r\n").endswith(b"%%EOF"):
        problems.append("data after %%EOF")
    return problems


def _metadata(pdf: pikepdf.Pdf) -> list[str]:
    stream = pdf.Root.get("/Metadata")
    if stream is None:
        return ["the catalog has no XMP metadata"]
    packet = stream.read_bytes()
    problems = []
    try:
        packet.decode("utf-8")
    except UnicodeDecodeError:
        problems.append("the XMP packet is not UTF-8")
    head = re.match(rb"<\?xpacket ([^?]*)\?>", packet)
    if head is None:
        problems.append("the XMP packet has no xpacket header")
    elif b"bytes=" in head.group(1) or b"encoding=" in head.group(1):
        problems.append("the xpacket header has a bytes or encoding attribute")
    meta = pdf.open_metadata()
    if meta.get("pdfaid:part") != "2":
        problems.append(f"pdfaid:part is {meta.get('pdfaid:part')!r}, not '2'")
    if meta.get("pdfaid:conformance") != "B":
        problems.append(f"pdfaid:conformance is {meta.get('pdfaid:conformance')!r}, not 'B'")
    if str(meta.get("dc:title") or "").strip() in PLACEHOLDERS:
        problems.append("the document has no title of its own (dc:title)")
    creators = meta.get("dc:creator") or [""]
    if any(str(creator).strip() in PLACEHOLDERS for creator in creators):
        problems.append("the document names no author of its own (dc:creator)")
    for name in _xmp_properties(meta):
        namespace, _, local = name[1:].partition("}")
        if local not in PREDEFINED.get(namespace, set()):
            problems.append(f"XMP property {name} is not predefined for PDF/A-2")
    info = pdf.docinfo
    for key, prop in INFO_XMP:
        told, said = info.get(key), meta.get(prop)
        if told is None:
            continue
        said = said[0] if isinstance(said, list) and len(said) == 1 else said
        if (said or "") != str(told):  # an empty XML element reads as None
            problems.append(f"Info {key} {str(told)!r} but XMP {prop} {said!r}")
    for key, prop in INFO_XMP_DATES:
        told, said = info.get(key), meta.get(prop)
        if told is None:
            continue
        if said is None or decode_pdf_date(str(told)) != dt.datetime.fromisoformat(said):
            problems.append(f"Info {key} {str(told)!r} but XMP {prop} {said!r}")
    return problems


def _xmp_properties(meta: pikepdf.models.PdfMetadata) -> Iterator[str]:
    yield from (name for name in meta if isinstance(name, str) and name.startswith("{"))


def _output_intent(pdf: pikepdf.Pdf) -> list[str]:
    intents = [i for i in pdf.Root.get("/OutputIntents", [])
               if i.get("/S") == pikepdf.Name.GTS_PDFA1]
    if len(intents) != 1:
        return [f"{len(intents)} PDF/A output intents (GTS_PDFA1), one wanted"]
    profile = intents[0].get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream):
        return ["the output intent has no ICC profile (DestOutputProfile)"]
    problems = []
    if profile.get("/N") != 3:
        problems.append(f"the output profile has N={profile.get('/N')}, 3 wanted (RGB)")
    icc = profile.read_bytes()
    if icc[36:40] != b"acsp" or icc[12:16] not in (b"mntr", b"prtr") or icc[16:20] != b"RGB ":
        problems.append("the output profile is not an RGB display or printer ICC profile")
    if icc[8] >= 5:
        problems.append(f"the output profile is ICC version {icc[8]}, below 5 wanted")
    return problems


def _pages(pdf: pikepdf.Pdf) -> list[str]:
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    glyphs: dict[tuple[int, int], dict[int, int] | None] = {}
    for number, page in enumerate(pdf.pages, start=1):
        where = f"page {number}"
        problems += _resources(page.obj.get("/Resources"), where, seen)
        problems += _content(page, page.obj.get("/Resources"), where, glyphs)
        for annot in page.obj.get("/Annots", []):
            flags = int(annot.get("/F", 0))
            if annot.get("/Subtype") != pikepdf.Name.Popup and (
                    not flags & ANNOT_PRINT or flags & ANNOT_FORBIDDEN_FLAGS):
                problems.append(f"{where}: an annotation is not set to print as shown")
    return problems


def _resources(resources: pikepdf.Object | None, where: str,
               seen: set[tuple[int, int]]) -> list[str]:
    """Fonts, images, graphics states of a resource dictionary and of its form XObjects."""
    if resources is None:
        return []
    problems = []
    for name, font in resources.get("/Font", {}).items():
        problems += _font(font, f"{where}: font {name}")
    for state in resources.get("/ExtGState", {}).values():
        if "/TR" in state or "/HTP" in state or state.get("/TR2", pikepdf.Name.Default) \
                != pikepdf.Name.Default:
            problems.append(f"{where}: a graphics state with a transfer function or halftone")
    for name, xobject in resources.get("/XObject", {}).items():
        if xobject.is_indirect:
            if xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
        if xobject.get("/Subtype") == pikepdf.Name.Image:
            if xobject.get("/ColorSpace") == pikepdf.Name.DeviceCMYK:
                problems.append(f"{where}: image {name} in DeviceCMYK under an RGB intent")
            if bool(xobject.get("/Interpolate", False)):
                problems.append(f"{where}: image {name} asks to be interpolated")
        elif xobject.get("/Subtype") == pikepdf.Name.Form:
            problems += _resources(xobject.get("/Resources"), f"{where}: form {name}", seen)
            problems += _content(xobject, xobject.get("/Resources") or resources,
                                 f"{where}: form {name}", {})
    return problems


def _font(font: pikepdf.Object, where: str) -> list[str]:
    subtype = font.get("/Subtype")
    if subtype == pikepdf.Name.Type3:
        return []
    described = font.DescendantFonts[0] if subtype == pikepdf.Name.Type0 else font
    descriptor = described.get("/FontDescriptor")
    if descriptor is None or not any(key in descriptor for key in EMBEDDED_FONT_FILES):
        return [f"{where} ({font.get('/BaseFont')}) is not embedded"]
    if subtype == pikepdf.Name.TrueType:
        symbolic = bool(int(descriptor.get("/Flags", 0)) & 4)
        encoding = font.get("/Encoding")
        if symbolic and encoding is not None:
            return [f"{where}: a symbolic TrueType font with an /Encoding"]
        if not symbolic and encoding not in (pikepdf.Name.WinAnsiEncoding,
                                             pikepdf.Name.MacRomanEncoding):
            return [f"{where}: a non-symbolic TrueType font without WinAnsi/MacRoman encoding"]
    return []


def _content(content: pikepdf.Page | pikepdf.Object, resources: pikepdf.Object | None,
             where: str, glyphs: dict[tuple[int, int], dict[int, int] | None]) -> list[str]:
    """The drawing operators: no DeviceCMYK colour, and no character drawn with the .notdef
    glyph of a TrueType font (a character the font does not have: ISO 19005-2 6.2.11.8)."""
    problems: set[str] = set()
    fonts = resources.get("/Font", {}) if resources is not None else {}
    font: pikepdf.Object | None = None
    saved: list[pikepdf.Object | None] = []
    for operands, operator in pikepdf.parse_content_stream(content):
        op = str(operator)
        if op in CMYK_OPERATORS:
            problems.add(f"{where}: DeviceCMYK colour (k/K) under an RGB output intent")
        elif op == "q":
            saved.append(font)
        elif op == "Q" and saved:
            font = saved.pop()
        elif op == "Tf":
            font = fonts.get(str(operands[0]))
        elif op in TEXT_OPERATORS and font is not None:
            texts = [o for o in (operands[0] if op == "TJ" else operands)
                     if isinstance(o, pikepdf.String)]
            codes = _code_to_glyph(font, glyphs)
            if codes is not None and any(codes.get(code, 0) == 0
                                         for text in texts for code in bytes(text)):
                problems.add(f"{where}: a character {font.get('/BaseFont')} has no glyph for "
                             "(drawn as .notdef)")
    return sorted(problems)


def _code_to_glyph(font: pikepdf.Object,
                   cache: dict[tuple[int, int], dict[int, int] | None]) -> dict[int, int] | None:
    """Character code -> glyph of a simple TrueType font, from the 'cmap' of its embedded
    program (the format 0 or 6 table reportlab writes); None when it cannot be read so."""
    key = font.objgen
    if key not in cache:
        cache[key] = None
        descriptor = font.get("/FontDescriptor")
        if (font.get("/Subtype") == pikepdf.Name.TrueType and descriptor is not None
                and "/FontFile2" in descriptor):
            cache[key] = _cmap(descriptor.FontFile2.read_bytes())
    return cache[key]


def _cmap(program: bytes) -> dict[int, int] | None:
    (tables,) = struct.unpack_from(">H", program, 4)
    for index in range(tables):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", program, 12 + 16 * index)
        if tag != b"cmap":
            continue
        _version, subtables = struct.unpack_from(">HH", program, offset)
        if subtables != 1:
            return None
        _platform, _encoding, start = struct.unpack_from(">HHI", program, offset + 4)
        table = offset + start
        (kind,) = struct.unpack_from(">H", program, table)
        if kind == 0:
            return dict(enumerate(program[table + 6:table + 6 + 256]))
        if kind == 6:
            first, count = struct.unpack_from(">HH", program, table + 6)
            ids = struct.unpack_from(f">{count}H", program, table + 10)
            return {first + n: glyph for n, glyph in enumerate(ids)}
    return None
