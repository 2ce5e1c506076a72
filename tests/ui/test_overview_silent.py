"""«Обзор» counts the silent pairs in its one read and opens the board on them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services import pairs as pairs_service
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.services import workspace
from nastavnik_desktop.ui.pages.overview import OverviewPage
from nastavnik_desktop.ui.pages.pairs_board import PairsBoardPage


@pytest.fixture
def demo_db(tmp_path: Path, build_demo: Callable[..., Path]) -> Iterator[Database]:
    db = workspace.open_workspace(build_demo(tmp_path / "demo.sqlite", seed=11, pupils=300,
                                             teachers=30))
    yield db
    db.close()


def _programme_id(db: Database) -> int:
    programme = programme_service.current_programme(db)
    assert programme is not None
    return programme.id


def test_the_overview_counts_the_pairs_the_journal_calls_silent(
        demo_db: Database, demo_day: dt.date) -> None:
    pid = _programme_id(demo_db)
    for day, weeks in ((demo_day, 4), (demo_day + dt.timedelta(weeks=3), 4),
                       (demo_day + dt.timedelta(weeks=3), 2)):
        with demo_db.transaction() as session:
            settings.save(session, settings.SILENT_PAIR_WEEKS, weeks)
        data = programme_service.overview(demo_db, pid, today=day)
        assert data.silent_weeks == weeks
        assert data.silent_pairs == len(pairs_service.silent_pairs(demo_db, pid, today=day))
    assert data.silent_pairs > 0


def test_the_overview_shows_the_silent_pairs_and_opens_the_board_on_them(
        qtbot: QtBot, demo_db: Database, demo_day: dt.date) -> None:
    from nastavnik_desktop.ui.main_window import MainWindow

    pid = _programme_id(demo_db)
    silent = len(pairs_service.silent_pairs(demo_db, pid, today=demo_day))
    assert silent > 0
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    page = window.show_section("Обзор")
    assert isinstance(page, OverviewPage)
    page.show_overview(programme_service.overview(demo_db, pid, today=demo_day))
    assert re.sub(r"\s+", " ", page.silent_text()) == (
        f"Пары без встреч больше 4 недель: {silent}")
    page.silent_label.linkActivated.emit("silent")
    board = window.current_page()
    assert isinstance(board, PairsBoardPage)
    assert window.current_section_title() == "Пары и группы"
    assert board.filters.silent_check.isChecked()
    assert "4 недели" in board.filters.silent_check.text()
    shown = [c for s in pairs_service.BOARD_STATUSES for c in board.cards_in(s)]
    assert shown and all(c.silent for c in shown)
    board.filters.silent_check.setChecked(False)
    assert len([c for s in pairs_service.BOARD_STATUSES for c in board.cards_in(s)]) > len(shown)


def test_with_no_silent_pair_the_line_says_so(qtbot: QtBot, db: Database,
                                              programme: programme_service.ProgrammeInfo,
                                              demo_day: dt.date) -> None:
    page = OverviewPage(db, programme.id)
    qtbot.addWidget(page)
    page.show_overview(programme_service.overview(db, programme.id, today=demo_day))
    assert page.silent_text() == "Пары без встреч больше 4 недель: нет"
