"""The bundled Liberation fonts, registered with reportlab once.

reportlab's built-in fonts are Latin-1 only and unembedded; every style, table and canvas in
`reports` names one of the fonts below, so Cyrillic renders and the PDF prints the same on any
computer. Liberation Serif has the metrics of Times New Roman, so documents paginate like the
Word templates schools use.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from nastavnik_desktop.paths import resource

SERIF = "LiberationSerif"
SERIF_BOLD = "LiberationSerif-Bold"
SERIF_ITALIC = "LiberationSerif-Italic"
SERIF_BOLD_ITALIC = "LiberationSerif-BoldItalic"

SANS = "LiberationSans"
SANS_BOLD = "LiberationSans-Bold"
SANS_ITALIC = "LiberationSans-Italic"
SANS_BOLD_ITALIC = "LiberationSans-BoldItalic"

# family name -> (regular, bold, italic, bold italic); the file is "<font name>.ttf" with
# "-Regular" for the regular face.
FAMILIES: dict[str, tuple[str, str, str, str]] = {
    SERIF: (SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC),
    SANS: (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC),
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register both families with their bold/italic faces (idempotent, thread-safe).

    `registerFontFamily` lets Paragraph markup (<b>, <i>) pick the right face, also inside a
    style whose font is already a bold face, instead of failing or falling back.
    """
    global _registered
    with _lock:
        if _registered:
            return
        for family, faces in FAMILIES.items():
            for face in faces:
                file_name = f"{face}-Regular.ttf" if face == family else f"{face}.ttf"
                pdfmetrics.registerFont(TTFont(face, str(resource("fonts", file_name))))
            regular, bold, italic, bold_italic = faces
            pdfmetrics.registerFontFamily(family, normal=regular, bold=bold, italic=italic,
                                          boldItalic=bold_italic)
        _registered = True

