"""The shape of ui/: every table model, proxy and delegate lives in ui/models/, and the pages and
the wizards never import each other (what both need lives in ui/models, ui/widgets,
ui/dialogs; pages open wizards through ui/stage_wizards)."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemDelegate

import nastavnik_desktop.ui as ui_package

UI = Path(ui_package.__file__).parent

MODELS_ELSEWHERE: dict[str, set[str]] = {}

CROSS_IMPORTS: set[tuple[str, str]] = set()


def ui_modules() -> list[str]:
    return sorted(info.name for info in pkgutil.walk_packages([str(UI)], "nastavnik_desktop.ui."))


def test_every_model_proxy_and_delegate_lives_in_ui_models() -> None:
    misplaced: dict[str, set[str]] = {}
    for name in ui_modules():
        if name.startswith("nastavnik_desktop.ui.models."):
            continue
        module = importlib.import_module(name)
        for class_name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(
                    cls, (QAbstractItemModel, QAbstractItemDelegate)):
                misplaced.setdefault(name, set()).add(class_name)
    assert misplaced == MODELS_ELSEWHERE


def is_ui_module(name: str) -> bool:
    parts = name.removeprefix("nastavnik_desktop.ui.").split(".")
    return UI.joinpath(*parts).with_suffix(".py").is_file() or \
        UI.joinpath(*parts, "__init__.py").is_file()


def imported_ui_modules(path: Path) -> set[str]:
    """The ui modules `path` imports, anywhere in it (lazy imports too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found
            if name.startswith("nastavnik_desktop.ui.") and is_ui_module(name)}


def importers(source_folder: str, target_prefix: str) -> set[tuple[str, str]]:
    """(importer, imported) for modules under ui/`source_folder` importing `target_prefix`."""
    pairs: set[tuple[str, str]] = set()
    for path in sorted((UI / source_folder).rglob("*.py")):
        module = "nastavnik_desktop.ui." + ".".join(path.relative_to(UI).with_suffix("").parts)
        pairs.update((module, target) for target in imported_ui_modules(path)
                     if target.startswith(target_prefix + "."))
    return pairs


def test_pages_and_wizards_do_not_import_each_other() -> None:
    crossing = importers("pages", "nastavnik_desktop.ui.wizards") | importers(
        "wizards", "nastavnik_desktop.ui.pages")
    assert crossing == CROSS_IMPORTS


def wizard_of(module: str) -> str:
    """The wizard a module belongs to: a wizard is a module or a package of its pages."""
    return ".".join(module.split(".")[:4])


def test_wizards_share_pieces_only_through_the_base_modules() -> None:
    """A wizard may open another (the import from a table) but takes no shared pieces from
    it: what several wizards use is in wizards/base.py, wizards/pages.py or outside wizards/.
    The modules of one wizard's package import each other freely."""
    shared = {"nastavnik_desktop.ui.wizards.base", "nastavnik_desktop.ui.wizards.pages"}
    taken = {(wizard_of(module), wizard_of(target)) for module, target in importers(
        "wizards", "nastavnik_desktop.ui.wizards")
        if target not in shared and wizard_of(module) != wizard_of(target)}
    assert taken == {("nastavnik_desktop.ui.wizards.stage2",
                      "nastavnik_desktop.ui.wizards.import_people")}
