"""A group's header row (a roadmap stage, a form of mentoring) never ends a page with nothing
under it: it keeps with its first data row, wherever the page breaks."""

from __future__ import annotations

import random
import re
from pathlib import Path

from nastavnik_desktop.reports.lists import ListDocument
from nastavnik_desktop.reports.tables import GroupRow, Row
from tests.helpers.pdf import need, run

TABLES = 40
WORDS = ("наставник", "план", "встреча", "результат", "анкета", "задача", "развитие")
MARK = re.compile(r"\b(ГРУППА|СТРОКА)-(\d+)\b")


def synthetic_rows(rng: random.Random) -> list[Row]:
    """40–90 rows of one to six lines; a group header (sometimes two nested) every 1–12."""
    rows: list[Row] = []
    group = 0
    for number in range(1, rng.randint(40, 90)):
        if number == 1 or rng.random() < 0.15:
            for _ in range(rng.choice((1, 1, 1, 2))):
                group += 1
                rows.append(GroupRow(f"ГРУППА-{group} Этап подготовки условий"))
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 45)))
        rows.append((number, f"СТРОКА-{number}", text))
    return rows


def last_marks(pdf: Path) -> list[str]:
    """Per page, the last group or data marker in reading order."""
    pages = run("pdftotext", "-layout", pdf, "-").split("\f")
    return [MARK.findall(page)[-1][0] for page in pages if MARK.search(page)]


def test_no_page_ends_with_a_group_header(tmp_path: Path) -> None:
    need("pdftotext")
    rng = random.Random(14)
    pages, failed = 0, []
    for table in range(TABLES):
        doc = ListDocument(f"Таблица {table}", "Школа")
        # a varying heading moves the first page break to a different row in each table
        doc.add_paragraph(" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 160))))
        doc.add_table(["№", "Шифр", "Содержание"], synthetic_rows(rng),
                      col_widths_mm=[15, 35, 190])
        marks = last_marks(doc.build(tmp_path / f"{table}.pdf"))
        pages += len(marks)
        if "ГРУППА" in marks[:-1]:
            failed.append(table)
    assert failed == [], f"{len(failed)} of {TABLES} tables end a page with a group header"
    assert pages > 2 * TABLES  # the tables do break across pages
