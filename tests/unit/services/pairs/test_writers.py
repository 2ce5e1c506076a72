"""Pairs are written in one place: `MentoringPair` and `PairMentee` rows are built only in
services/pairs/writer.py (the demo school's builder, which writes a whole invented school, is
left aside) — matching's apply and the board's moves both go through it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[4] / "nastavnik_desktop"
PAIR_ROWS = {"MentoringPair", "PairMentee"}


def builders(path: Path) -> set[str]:
    """The pair row classes whose constructor the module calls."""
    called = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else \
                func.attr if isinstance(func, ast.Attribute) else ""
            if name in PAIR_ROWS:
                called.add(name)
    return called


def test_the_check_finds_a_constructor(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("pair = models.MentoringPair(title='')\n", encoding="utf-8")
    assert builders(sample) == {"MentoringPair"}


def test_pair_rows_are_built_only_by_the_pairs_writer() -> None:
    writers = {p.relative_to(PACKAGE).as_posix(): builders(p) for p in PACKAGE.rglob("*.py")
               if "demo" not in p.relative_to(PACKAGE).as_posix()}
    assert {path for path, built in writers.items() if built} == {"services/pairs/writer.py"}
    assert writers["services/pairs/writer.py"] == PAIR_ROWS


WORK_WRITERS = {
    "Meeting": "services/pairs/journal.py",
    "MeetingAttendance": "services/pairs/journal.py",
    "PairNote": "services/pairs/notes.py",
    "Material": "services/materials.py",
    "MaterialHandout": "services/materials.py",
    "PlanTemplate": "services/plans/library.py",
    "PlanTemplateItem": "services/plans/library.py",
}


def test_the_rows_of_a_pairs_work_are_built_each_in_its_one_place() -> None:
    """A meeting, a note, a material and a plan template each have one writer (the demo school
    aside): a second place would skip its rules (dates, marks 1–10, private copies)."""
    built: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        where = path.relative_to(PACKAGE).as_posix()
        if "demo" in where:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else \
                    func.attr if isinstance(func, ast.Attribute) else ""
                if name in WORK_WRITERS:
                    built.setdefault(name, set()).add(where)
    assert built == {name: {where} for name, where in WORK_WRITERS.items()}
