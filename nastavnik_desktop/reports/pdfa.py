"""Archive-grade PDF (PDF/A-2b, ISO 19005-2 level B) for every document the program writes.

Every canvas goes through `archival`: the document engine wraps its canvas maker with it
(`document.DocumentBuilder._write`) and a writer drawing on a canvas itself (the certificates)
makes its canvas with `archival(Canvas)(path_or_buffer, pagesize=…)`. What PDF/A asks of the
file is added here and nowhere else, inside reportlab as it writes (no second pass over the
bytes, so a pile of 500 certificates costs what a bare canvas costs):

- the XMP metadata stream (`pdfaid:part=2`, `pdfaid:conformance=B`, the title, author,
  subject, keywords, producer, creator tool and dates) made from the Info dictionary when the
  file is written, so that the two always say the same;
- the OutputIntent `GTS_PDFA1` with the sRGB ICC profile of `resources/icc/sRGB.icc` (reportlab
  paints in DeviceRGB and DeviceGray, which PDF/A allows only under an output intent);
- the language of the catalog (/Lang, «ru-RU» unless the caller says otherwise), PDF 1.7 in
  the header (PDF/A-2 is based on ISO 32000-1), no encryption;
- the bundled serif font as the canvas's initial font: reportlab's canvas otherwise selects
  Helvetica at the top of every page, a standard font that is never embedded;
- an end-of-line marker before each `endstream` (ISO 19005-2, 6.1.7.1): reportlab writes the
  keyword right after the data. This is the one change to reportlab's own writing; it is
  made for the documents of this module only (`_ARCHIVAL`), see `_install_stream_eol`.

reportlab already writes the rest: the binary comment after the header, the file identifier
(/ID) and the bundled TrueType fonts embedded as subsets (FontFile2).

The ICC profile is LittleCMS's built-in sRGB, written once with Pillow:
`ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()` (588 bytes, ICC v4.4,
display class, RGB; its copyright tag reads «No copyright, use freely»).
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    XMP,
    PDFArray,
    PDFCatalog,
    PDFDictionary,
    PDFDocument,
    PDFInfo,
    PDFName,
    PDFStream,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas

from nastavnik_desktop.paths import resource
from nastavnik_desktop.reports import fonts
from nastavnik_desktop.reports.pages import PDF_CREATOR, PDF_LANGUAGE

PDF_VERSION = (1, 7)
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
ICC_COMPONENTS = 3

_ARCHIVAL = "_nastavnik_pdfa"
"""Set on the reportlab document of a canvas made by `archival`."""
_ENDSTREAM = b"endstream\n"
_NO_SUBJECT = ("", "unspecified", "(unspecified)")
"""An empty subject and reportlab's placeholders for one."""
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def archival(maker: Callable[..., Canvas]) -> Callable[..., Canvas]:
    """A canvas maker (a Canvas class or a factory) whose canvases write PDF/A-2b.

    It takes what the maker takes; an initial font, a language or a PDF version the caller
    leaves out get the archival defaults, and encryption is refused (PDF/A forbids it).
    """
    if isinstance(maker, _ArchivalMaker):
        return maker
    return _ArchivalMaker(maker)


class _ArchivalMaker:
    def __init__(self, maker: Callable[..., Canvas]) -> None:
        self.maker = maker

    def __call__(self, *args: Any, **kwargs: Any) -> Canvas:
        if kwargs.get("encrypt"):
            raise ValueError("PDF/A forbids encryption: an archival PDF is written unencrypted")
        fonts.register_fonts()
        kwargs["initialFontName"] = kwargs.get("initialFontName") or fonts.SERIF
        kwargs["lang"] = kwargs.get("lang") or PDF_LANGUAGE
        kwargs["pdfVersion"] = max(kwargs.get("pdfVersion") or PDF_VERSION, PDF_VERSION)
        canvas = self.maker(*args, **kwargs)
        _make_archival(canvas._doc)
        return canvas

    def __repr__(self) -> str:
        return f"archival({self.maker!r})"


class _ArchivalCatalog(PDFCatalog):
    """reportlab's catalog with the OutputIntents entry, which its keys do not include."""

    __NoDefault__ = (*PDFCatalog.__NoDefault__, "OutputIntents")


class _ArchivalInfo(PDFInfo):
    """reportlab's Info dictionary whose subject is never empty: a document that names none
    (a list without a subtitle) is described by its title, in Info and XMP alike."""

    title: str
    subject: str

    def settle(self) -> None:
        if str(self.subject).strip() in _NO_SUBJECT:
            self.subject = self.title

    def format(self, document: PDFDocument) -> bytes:
        self.settle()
        return super().format(document)


def _make_archival(doc: PDFDocument) -> None:
    catalog = _ArchivalCatalog()
    catalog.__dict__.update(doc.Catalog.__dict__)  # Pages, Outlines, Lang as reportlab made them
    doc.Catalog = doc._catalog = catalog
    info = _ArchivalInfo()
    info.__dict__.update(doc.info.__dict__)
    info.creator = PDF_CREATOR  # the creator tool, unless the caller names another
    doc.info = info
    catalog.Metadata = XMP(creator=_metadata)
    catalog.OutputIntents = PDFArray([PDFDictionary({
        "Type": PDFName("OutputIntent"),
        "S": PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": PDFString(OUTPUT_CONDITION),
        "Info": PDFString(OUTPUT_CONDITION),
        # an object of this document: reportlab numbers each object in the file it goes to
        "DestOutputProfile": PDFStream(PDFDictionary({
            "N": ICC_COMPONENTS, "Filter": PDFName("FlateDecode")}), _srgb_profile()),
    })])
    setattr(doc, _ARCHIVAL, True)


@functools.cache
def _srgb_profile() -> bytes:
    """The sRGB ICC profile, compressed (Flate): read once per process."""
    return zlib.compress(resource("icc", "sRGB.icc").read_bytes(), 9)


# -- the XMP metadata -----------------------------------------------------------------------

def _metadata(doc: PDFDocument) -> bytes:
    """The XMP packet of `doc`, made when the file is written: the values of its Info
    dictionary (as the canvas's setTitle, setAuthor… left them) and the same time stamp."""
    info = doc.info
    if isinstance(info, _ArchivalInfo):
        info.settle()
    stamp = doc._timeStamp
    year, month, day, hour, minute, second = stamp.YMDhms
    # reportlab writes the Info dates as D:YYYYMMDDHHmmSS+HH'mm' from these same fields
    when = (f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
            f"{stamp.dhh:+03d}:{stamp.dmm:02d}")
    lang = getattr(doc.Catalog, "Lang", None)
    language = (f"<dc:language><rdf:Bag><rdf:li>{_text(lang.s)}</rdf:li></rdf:Bag>"
                "</dc:language>" if isinstance(lang, PDFString) and lang.s else "")
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_text(info.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{_text(info.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{_text(info.subject)}</rdf:li></rdf:Alt>\
</dc:description>
{language}
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>{_text(info.producer)}</pdf:Producer>
<pdf:Keywords>{_text(info.keywords)}</pdf:Keywords>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>{_text(info.creator)}</xmp:CreatorTool>
<xmp:CreateDate>{when}</xmp:CreateDate>
<xmp:ModifyDate>{when}</xmp:ModifyDate>
<xmp:MetadataDate>{when}</xmp:MetadataDate>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


def _text(value: object) -> str:
    """A value of the Info dictionary as XML text (characters XML cannot carry dropped)."""
    return escape(_NOT_IN_XML.sub("", str(value)))


# -- the end-of-line marker before `endstream` ---------------------------------------------

def _install_stream_eol() -> None:
    """Make reportlab put an EOL before `endstream` in the documents of `archival`.

    reportlab's `PDFStream.format` ends with `data + b"endstream\\n"`; ISO 19005-2 6.1.7.1
    wants an EOL marker between them (not counted in /Length, as ISO 32000-1 7.3.8.1 allows).
    Every stream of a page, a font, an image or the metadata is written by that method, so
    wrapping it is the one place; other documents are written unchanged.
    """
    original = PDFStream.format
    if getattr(original, _ARCHIVAL, False):
        return

    def format_stream(self: PDFStream, document: PDFDocument) -> bytes:
        data: bytes = original(self, document)
        if (getattr(document, _ARCHIVAL, False) and data.endswith(_ENDSTREAM)
                and data[-len(_ENDSTREAM) - 1:-len(_ENDSTREAM)] not in (b"\n", b"\r")):
            return data[:-len(_ENDSTREAM)] + b"\n" + _ENDSTREAM
        return data

    setattr(format_stream, _ARCHIVAL, True)
    PDFStream.format = format_stream


_install_stream_eol()
