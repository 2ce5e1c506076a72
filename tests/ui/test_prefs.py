"""The curator's preferences: one declaration in settings.py, read and written via ui/prefs."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from nastavnik_desktop import settings
from nastavnik_desktop.ui import prefs


def test_an_unset_preference_reads_as_its_default() -> None:
    assert prefs.read(settings.IMPORT_FOLDER) == ""
    assert prefs.read(settings.WINDOW_GEOMETRY) == b""
    assert prefs.read(settings.people_hidden_columns("mentees")) is None


def test_preferences_round_trip_with_their_types() -> None:
    prefs.write(settings.PDF_SAVE_FOLDER, "/home/curator/Документы")
    prefs.write(settings.WINDOW_STATE, b"\x00\x01state")
    prefs.write(settings.people_hidden_columns("mentors"), "")
    assert prefs.read(settings.PDF_SAVE_FOLDER) == "/home/curator/Документы"
    assert prefs.read(settings.WINDOW_STATE) == b"\x00\x01state"
    assert prefs.read(settings.people_hidden_columns("mentors")) == ""
    assert isinstance(QSettings().value(settings.WINDOW_STATE.key), QByteArray)


def test_a_value_of_the_wrong_type_reads_as_the_default() -> None:
    QSettings().setValue(settings.IMPORT_FOLDER.key, 42)
    QSettings().setValue(settings.WINDOW_GEOMETRY.key, "не байты")
    assert prefs.read(settings.IMPORT_FOLDER) == ""
    assert prefs.read(settings.WINDOW_GEOMETRY) == b""
