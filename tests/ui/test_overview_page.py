"""«Обзор»: the next events of the roadmap, overdue ones marked, and stage statuses kept fresh."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QLabel
from pytestqt.qtbot import QtBot

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import StageStatus
from nastavnik_desktop.data.models import Programme
from nastavnik_desktop.services import roadmap as roadmap_service
from nastavnik_desktop.services import stages
from nastavnik_desktop.services.programme import NEXT_DUE_COUNT, ProgrammeInfo, overview
from nastavnik_desktop.services.roadmap import generate_roadmap, list_roadmap
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.pages.overview import OverviewPage
from tests.helpers.calls import Calls, Day


def _with_roadmap(db: Database, programme: ProgrammeInfo) -> None:
    with db.transaction() as session:
        row = session.get(Programme, programme.id)
        assert row is not None
        generate_roadmap(session, row)


def test_the_next_due_events_come_by_date_and_overdue_ones_are_counted(
        db: Database, programme: ProgrammeInfo) -> None:
    _with_roadmap(db, programme)
    lines = list_roadmap(db, programme.id)
    first = min(lines, key=lambda line: (line.due_on, line.stage, line.number))
    roadmap_service.mark_done(db, first.id, dt.date(2025, 9, 6), "приказ № 1")
    today = dt.date(2025, 10, 1)
    data = overview(db, programme.id, today=today)
    assert len(data.next_due) == NEXT_DUE_COUNT
    assert first.id not in {item.id for item in data.next_due}
    dues = [item.due_on for item in data.next_due]
    assert dues == sorted(dues)
    expected_overdue = sum(1 for line in lines if line.id != first.id
                           and line.due_on is not None and line.due_on < today)
    assert data.overdue == expected_overdue > 0
    assert data.next_due[0].overdue


def test_the_page_lists_the_next_events_and_marks_the_overdue(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    _with_roadmap(db, programme)
    page = OverviewPage(db, programme.id)
    qtbot.addWidget(page)
    data = overview(db, programme.id)
    texts = page.due_texts()
    assert len(texts) == NEXT_DUE_COUNT
    assert texts[0] == f"{data.next_due[0].due_on:%d.%m.%Y} — {data.next_due[0].title}"
    # The programme's school year (2025/2026) is behind today's date: its events are overdue.
    assert data.overdue > 0
    assert f"просрочено: {data.overdue}" in page.due_heading.text()
    assert "color" in page.findChild(QLabel, "due_date_0").styleSheet()


def test_with_nothing_left_to_do_the_page_says_so(qtbot: QtBot, db: Database,
                                                  programme: ProgrammeInfo) -> None:
    page = OverviewPage(db, programme.id)  # no roadmap at all
    qtbot.addWidget(page)
    assert page.due_texts() == []
    assert any("выполнены" in label.text() for label in page.findChildren(QLabel)
               if label.isVisibleTo(page))


def test_cards_and_status_chips_are_drawn_in_their_colours(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    page = OverviewPage(db, programme.id)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    cards = [card for card in page.findChildren(QFrame, "card")
             if page.years is None or not page.years.isAncestorOf(card)]  # made a moment later
    assert len(cards) == 10  # the KPI, six figures, the roadmap, the stages, the pairs
    assert all(isinstance(card, style.Card) for card in cards)
    base = cards[0].palette().color(QPalette.ColorRole.Base)
    inside = cards[0].grab().toImage()
    assert inside.pixelColor(inside.width() // 2, inside.height() - 3) == base
    chip = page.findChild(QLabel, "stage_status_1")
    assert isinstance(chip, style.Chip)
    background, _foreground = style.STATUS_COLOURS[StageStatus.NOT_STARTED]
    assert chip.background() == QColor(background)
    image = page.grab().toImage()
    corner = chip.mapTo(page, chip.rect().topLeft())
    right = chip.mapTo(page, chip.rect().topRight())
    assert image.pixelColor(right.x() - 4, right.y() + chip.height() // 2) == QColor(background)
    assert image.pixelColor(corner) != QColor(background)  # a rounded corner


def test_a_later_visit_brings_stage_statuses_up_to_date(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    page = OverviewPage(db, programme.id)  # the first paint: stored statuses
    qtbot.addWidget(page)
    assert page.findChild(QLabel, "stage_status_1").text() == "не начат"
    _with_roadmap(db, programme)
    page.refresh()  # a later visit: the roadmap and the requisites put stage 1 in progress
    statuses = [label.text() for label in page.findChildren(QLabel, "stage_status_1")
                if label.isVisibleTo(page)]
    assert statuses == ["в работе"]


def test_coming_back_to_the_overview_in_the_window_updates_the_stages(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    from nastavnik_desktop.ui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    page = window.current_page()
    assert page.findChild(QLabel, "stage_status_1").text() == "не начат"
    _with_roadmap(db, programme)
    window.show_section("Документы")
    window.show_section("Обзор")  # the first visit back already checks the data
    assert [label.text() for label in page.findChildren(QLabel, "stage_status_1")
            if label.isVisibleTo(page)] == ["в работе"]


def test_a_revisit_reads_the_checks_again_only_after_a_change_it_shows(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from nastavnik_desktop.ui.main_window import MainWindow

    cards = Calls(stages.stage_cards)
    monkeypatch.setattr(stages, "stage_cards", cards)
    window = MainWindow(db)
    qtbot.addWidget(window)
    for _visit in range(3):
        window.show_section("Документы")
        window.show_section("Обзор")
    assert cards.count == 1
    with db.transaction() as session:  # a setting of matching: nothing «Обзор» shows
        settings.save(session, settings.DEMO_SEED, 7)
    window.show_section("Документы")
    window.show_section("Обзор")
    assert cards.count == 1
    _with_roadmap(db, programme)  # stage 1 goes into progress
    window.show_section("Документы")
    window.show_section("Обзор")
    assert cards.count == 2
    page = window.current_page()
    assert [label.text() for label in page.findChildren(QLabel, "stage_status_1")
            if label.isVisibleTo(page)] == ["в работе"]
    window.show_section("Документы")
    window.show_section("Обзор")
    assert cards.count == 2


def test_a_new_day_reads_the_checks_again(qtbot: QtBot, db: Database, programme: ProgrammeInfo,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Overdue events and the age of majority depend on the day, not only on the data."""
    from nastavnik_desktop.ui.pages import overview as overview_page

    day = Day(monkeypatch, overview_page, dt.date(2025, 10, 1))
    cards = Calls(stages.stage_cards)
    monkeypatch.setattr(stages, "stage_cards", cards)
    page = OverviewPage(db, programme.id)
    qtbot.addWidget(page)
    page.refresh()
    page.refresh()
    assert cards.count == 1
    day.date = dt.date(2025, 10, 2)
    page.refresh()
    assert cards.count == 2
