"""«По годам» on «Обзор»: every school year of the file side by side, read after the first paint;
hidden while the file has one programme; a past year's «Обзор» opened read-only as its record."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ProgrammeStatus
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.years import years
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.models.years_models import YearsModel
from nastavnik_desktop.ui.pages.overview import OverviewPage

PERCENT, MENTEES, PAIRS = 2, 4, 6


def _loaded(qtbot: QtBot, page: OverviewPage) -> YearsModel:
    """The page shown and its years read (after its first paint, in a worker)."""
    page.resize(1100, 900)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.years is not None and page.years.model is not None
                    and not page.years.is_loading())
    assert page.years is not None and page.years.model is not None
    return page.years.model


def _texts(model: YearsModel) -> list[list[str]]:
    return [[model.data(model.index(row, column)) for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def test_the_demo_school_shows_both_years_latest_first(qtbot: QtBot, demo_db: Database,
                                                       demo_day: dt.date) -> None:
    current = programme_service.current_programme(demo_db)
    assert current is not None
    page = OverviewPage(demo_db, current.id, today=lambda: demo_day)
    qtbot.addWidget(page)
    assert page.years is None  # nothing made nor read before the first paint

    model = _loaded(qtbot, page)

    assert page.years is not None and not page.years.isHidden()
    expected = years(demo_db, today=demo_day)
    rows = _texts(model)
    assert [row[0] for row in rows] == ["2026/2027", "2025/2026 (архив)"]
    assert [row[1] for row in rows] == ["23.11.2026", "31.08.2026"]
    assert [row[PERCENT] for row in rows] == [y.pupils.text for y in expected]
    assert [row[MENTEES] for row in rows] == [str(y.mentees) for y in expected]
    assert rows[1][PAIRS:] == ["10", "0", "10", "0"]  # last year: ten pairs, all completed
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).bold()  # the year shown
    assert model.data(model.index(1, 0), Qt.ItemDataRole.FontRole) is None
    chart = page.years.chart
    assert chart is not None and chart.chart().title() == "Вовлечённость по годам"

    page.years.copy()
    copied = QGuiApplication.clipboard().text().splitlines()
    assert copied[0].startswith("Учебный год\tОтчётная дата\tВовлечено обучающихся")
    assert copied[1].startswith("2026/2027\t23.11.2026\t")


def test_a_file_of_one_programme_shows_no_comparison(qtbot: QtBot, db: Database,
                                                     programme: ProgrammeInfo) -> None:
    page = OverviewPage(db, programme.id, today=lambda: dt.date(2025, 11, 1))
    qtbot.addWidget(page)

    model = _loaded(qtbot, page)

    assert model.rowCount() == 1
    assert page.years is not None and page.years.isHidden()


def test_a_past_year_reads_as_its_record_without_alarms_or_writing_buttons(
        qtbot: QtBot, demo_db: Database) -> None:
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    archived = next(p for p in programme_service.all_programmes(demo_db)
                    if p.status is ProgrammeStatus.ARCHIVED)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)

    window.view_programme(archived.id)

    page = window.current_page()
    assert isinstance(page, OverviewPage)
    model = _loaded(qtbot, page)
    stage = page.findChild(QLabel, "current_stage")
    assert stage is not None and stage.text().startswith("Программа в архиве")
    silent = page.findChild(QLabel, "silent_pairs")
    assert silent is not None and silent.isHidden()
    assert "просрочено" not in page.due_heading.text()
    buttons = {b.text() for b in page.findChildren(QPushButton) if b.isVisibleTo(page)}
    assert buttons == {"Копировать таблицу", "Копировать картинку", "Сохранить как PNG…"}
    bold = [row for row in range(model.rowCount())
            if model.data(model.index(row, 0), Qt.ItemDataRole.FontRole) is not None]
    assert [model.data(model.index(row, 0)) for row in bold] == ["2025/2026 (архив)"]
