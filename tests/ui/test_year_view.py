"""A past school year opened from the status bar: read-only, under the archive banner."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ProgrammeStatus
from nastavnik_desktop.errors import ArchiveReadOnlyError
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.ui.main_window import MainWindow


def test_a_past_year_opens_read_only_under_the_banner_and_the_window_goes_back(
        qtbot: QtBot, demo_db: Database) -> None:
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    programmes = programme_service.all_programmes(demo_db)
    archived = next(p for p in programmes if p.status is ProgrammeStatus.ARCHIVED)
    current = next(p for p in programmes if p.status is ProgrammeStatus.ACTIVE)
    assert programmes[0] == current  # the latest year first
    window.show_section("Пары и группы")

    window.view_programme(archived.id)

    assert window.programme == archived and window.is_archive_shown()
    assert window.current_section_title() == "Пары и группы"
    banner = window.findChild(QLabel, "archive_banner")
    assert banner is not None and not banner.isHidden()
    assert "только просмотр" in banner.text() and archived.school_year in banner.text()
    assert f"Программа {archived.school_year} (архив)" in window.status_texts()
    page_db = window.current_page()._db  # type: ignore[attr-defined]
    assert page_db.read_only
    with pytest.raises(ArchiveReadOnlyError), page_db.transaction():
        pass
    assert not window.findChild(QAction, "import_people").isEnabled()

    window.view_programme(None)
    assert window.programme == current and not window.is_archive_shown()
    assert banner.isHidden()
