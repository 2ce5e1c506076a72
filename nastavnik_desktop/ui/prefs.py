"""The curator's preferences through QSettings, as declared in `nastavnik_desktop.settings`.

The one place that turns a `UserPref` into a QSettings key and back: a value of another type
than declared (an old or hand-edited settings file) reads as the default.
"""

from __future__ import annotations

from typing import TypeVar, cast

from PySide6.QtCore import QByteArray, QSettings

from nastavnik_desktop.settings import UserPref

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
