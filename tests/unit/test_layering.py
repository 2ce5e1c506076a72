"""The arrows point one way: ui → services → data. Nothing outside ui/ (and app.py) imports Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "nastavnik_desktop"
QT_ALLOWED = {PACKAGE / "app.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def modules_outside_ui() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py")
            if "ui" not in p.relative_to(PACKAGE).parts[:1] and p not in QT_ALLOWED]


def test_the_check_sees_the_whole_package() -> None:
    outside = {p.relative_to(PACKAGE).as_posix() for p in modules_outside_ui()}
    assert {"cli.py", "data/models.py", "data/db.py", "services/programme.py"} <= outside
    assert not any(p.startswith("ui/") for p in outside)


@pytest.mark.parametrize("path", modules_outside_ui(),
                         ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_qt_outside_ui(path: Path) -> None:
    qt = {m for m in imported_modules(path) if m.split(".")[0] in {"PySide6", "shiboken6"}}
    assert not qt, f"{path.name} imports {qt}: Qt belongs in nastavnik_desktop/ui/"


@pytest.mark.parametrize("layer", ["data", "services", "reports"])
def test_lower_layers_do_not_import_upper_ones(layer: str) -> None:
    forbidden = {"data": ("nastavnik_desktop.services", "nastavnik_desktop.ui",
                          "nastavnik_desktop.reports"),
                 "services": ("nastavnik_desktop.ui",),
                 "reports": ("nastavnik_desktop.ui", "nastavnik_desktop.services")}[layer]
    for path in (PACKAGE / layer).rglob("*.py"):
        bad = {m for m in imported_modules(path) if m.startswith(forbidden)}
        assert not bad, f"{path} imports {bad}"


def test_the_checker_detects_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "leak.py"
    sample.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert "PySide6.QtCore" in imported_modules(sample)


MAX_LINES = 600
SIZE_REASON = "Longer than 600 lines because"


def test_modules_stay_small_or_say_why() -> None:
    """A module over ~600 lines is hard to see whole: split it by topic, or say in its
    docstring («Longer than 600 lines because …») why it is one piece."""
    unexplained = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.relative_to(PACKAGE).parts:
            continue
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > MAX_LINES and \
                SIZE_REASON not in (ast.get_docstring(ast.parse(source)) or ""):
            unexplained.append(path.relative_to(PACKAGE).as_posix())
    assert not unexplained, f"over {MAX_LINES} lines with no reason given: {unexplained}"


PROMISES = ("появится", "можно будет", "в следующих версиях", "ещё не готов", "будет доступ")


def test_no_screen_promises_what_the_program_does_not_do() -> None:
    """A curator is never told a feature will come: it is built, or it is left out."""
    found = [f"{path.relative_to(PACKAGE).as_posix()}: «{word}»"
             for path in (PACKAGE / "ui").rglob("*.py")
             for word in PROMISES
             if word in path.read_text(encoding="utf-8").lower()
             and not _only_about_the_curator_s_own_actions(path, word)]
    assert not found, found


def _only_about_the_curator_s_own_actions(path: Path, word: str) -> bool:
    """«Она появится в реестре», «вернуть … можно будет той же кнопкой»: what happens after the
    curator's own action, not a later version of the program."""
    allowed = {("pages/documents.py", "появится"), ("pages/roadmap.py", "можно будет")}
    return (path.relative_to(PACKAGE / "ui").as_posix(), word) in allowed
