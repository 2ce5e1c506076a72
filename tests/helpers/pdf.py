"""Reading built PDFs back with poppler and qpdf."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

A4_PORTRAIT = "595.276 x 841.89 pts (A4)"
A4_LANDSCAPE = "841.89 x 595.276 pts (A4)"


def need(*tools: str) -> None:
    for tool in tools:
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (Debian packages poppler-utils, qpdf)")


def run(*args: str | Path) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True)
    return done.stdout


def page_text(pdf: Path, page: int) -> str:
    """The text of one page as laid out; no-break spaces read as spaces."""
    return run("pdftotext", "-layout", "-f", str(page), "-l", str(page), pdf, "-") \
        .replace("\u00a0", " ")


def flat_text(pdf: Path) -> str:
    """The whole text with line breaks, hyphenation and no-break spaces normalised away."""
    text = run("pdftotext", pdf, "-").replace("\u00a0", " ").replace("\u00ad", "")
    text = re.sub(r"-\n(?=[а-яё])", "", text)
    return " ".join(text.split())


def drawn_text(pdf: Path) -> str:
    """The document's words in the order they are drawn, one space between them.

    Read in content order (`-raw`), not as laid out: a name that wraps inside a table cell
    still reads whole, whichever line it wraps on.
    """
    return " ".join(run("pdftotext", "-raw", pdf, "-").replace("\u00a0", " ").split())


def pdf_info(pdf: Path, page: int | None = None) -> dict[str, str]:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    lines = run("pdfinfo", *pages, pdf).splitlines()
    info = {}
    for line in lines:
        key, _, value = line.partition(":")
        info[re.sub(r"^Page\s+\d+\s+", "Page ", key.strip())] = value.strip()
    return info


def page_count(pdf: Path) -> int:
    need("pdfinfo")
    return int(pdf_info(pdf)["Pages"])
