"""The curator's preferences through QSettings, as declared in `nastavnik_desktop.settings`.

The one place that turns a `UserPref` into a QSettings key and back: a value of another type
than declared (an old or hand-edited settings file) reads as the default.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar, cast

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

from nastavnik_desktop.settings import IMPORT_FOLDER, UserPref

T = TypeVar("T")


def read(pref: UserPref[T]) -> T:
    value = QSettings().value(pref.key)
    if pref.kind is bytes and isinstance(value, QByteArray | bytes):
        return cast(T, bytes(value.data()) if isinstance(value, QByteArray) else value)
    if pref.kind is str and isinstance(value, str):
        return cast(T, value)
    return pref.default


def write(pref: UserPref[T], value: T) -> None:
    settings = QSettings()
    settings.setValue(pref.key, QByteArray(value) if isinstance(value, bytes) else value)
    settings.sync()


def ask_for_import_file(parent: QWidget | None, caption: str, file_filter: str,
                        start: str = "") -> Path | None:
    """The file dialog for a table to read, opened at `start` or in the folder of the last
    import (remembered for the next time); None when the curator cancelled it."""
    # Named here, not at the top: prefs load with the first screen, which opens no file
    # (tests/e2e/test_app_process.py).
    from PySide6.QtWidgets import QFileDialog

    name, _filter = QFileDialog.getOpenFileName(parent, caption,
                                                start or read(IMPORT_FOLDER), file_filter)
    if not name:
        return None
    write(IMPORT_FOLDER, str(Path(name).parent))
    return Path(name)
