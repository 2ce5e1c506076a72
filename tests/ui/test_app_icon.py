"""The program's icon ships with it and becomes every window's icon after the first paint."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from nastavnik_desktop import app as bootstrap
from nastavnik_desktop import paths


def test_the_icon_ships_among_the_resources_and_becomes_the_windows_icon(
        qapp: QApplication) -> None:
    icon_file = paths.resource("icons", "nastavnik.png")
    assert icon_file.is_file()
    before = qapp.windowIcon()
    try:
        bootstrap._set_window_icon()
        sizes = qapp.windowIcon().availableSizes()
        assert sizes and max(size.width() for size in sizes) >= 256
    finally:
        qapp.setWindowIcon(before)
