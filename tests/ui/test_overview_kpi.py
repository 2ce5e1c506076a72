"""«Обзор» shows the 70 % KPI with its reporting date: the same figures as the monitoring's KPI,
read in Core on the first paint, with what the target lacks."""

from __future__ import annotations

import datetime as dt
import math
import re

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ProgrammeStatus
from nastavnik_desktop.services.involvement import default_reporting_date
from nastavnik_desktop.services.monitoring import TARGET_PERCENT, kpi
from nastavnik_desktop.services.programme import ProgrammeInfo, overview
from nastavnik_desktop.ui.pages.overview import OverviewPage


def _plain(label: QLabel) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", label.text()).split())


def test_the_overview_figures_are_the_kpi_of_the_day(demo_db: Database, programme_id: int,
                                                     demo_day: dt.date) -> None:
    data = overview(demo_db, programme_id, today=demo_day)
    figure = kpi(demo_db, programme_id, on=demo_day)
    assert data.kpi_on == demo_day
    assert data.kpi_pupils == figure.pupils.share
    assert data.kpi_pupils_and_staff == figure.pupils_and_staff.share
    assert data.kpi_pupils.percent is not None
    assert 62 <= data.kpi_pupils.percent < TARGET_PERCENT  # the demo school: near, under


def test_the_page_says_the_share_the_date_the_target_and_what_it_lacks(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date) -> None:
    page = OverviewPage(demo_db, programme_id)
    qtbot.addWidget(page)
    data = overview(demo_db, programme_id, today=demo_day)
    page.show_overview(data)
    pupils, everyone = data.kpi_pupils, data.kpi_pupils_and_staff
    percent = f"{pupils.percent:.1f}".replace(".", ",")
    assert _plain(page.findChild(QLabel, "kpi_pupils")) == (
        f"Вовлечено в наставничество: {percent} % обучающихся ({pupils.involved} из "
        f"{pupils.population}) на 23.11.2026, цель — не менее 70 %.")
    lacking = math.ceil(0.7 * pupils.population) - pupils.involved
    assert lacking > 0
    below = _plain(page.findChild(QLabel, "kpi_pupils_and_staff"))
    assert below.startswith(f"До цели не хватает {lacking} обучающ")
    assert f"Обучающихся и педагогических работников: {everyone.text} ({everyone.involved} из "\
           f"{everyone.population})." in below


def test_an_archived_year_is_reported_on_its_last_day() -> None:
    archived = ProgrammeInfo(1, "2025/2026", "МБОУ «СОШ № 7»", ProgrammeStatus.ARCHIVED)
    running = ProgrammeInfo(1, "2026/2027", "МБОУ «СОШ № 7»", ProgrammeStatus.ACTIVE)
    day = dt.date(2026, 11, 23)
    assert default_reporting_date(archived, day) == dt.date(2026, 8, 31)
    assert default_reporting_date(running, day) == day


def test_a_school_without_pupils_says_there_is_no_data(qtbot: QtBot, db: Database,
                                                       programme: ProgrammeInfo) -> None:
    day = dt.date(2025, 10, 1)
    page = OverviewPage(db, programme.id)
    qtbot.addWidget(page)
    page.show_overview(overview(db, programme.id, today=day))
    assert _plain(page.findChild(QLabel, "kpi_pupils")) == (
        "Вовлечено в наставничество: нет данных — в школе нет обучающихся на 01.10.2025. "
        "Загрузите их: «Файл» → «Загрузить людей из таблицы…».")
    assert page.findChild(QLabel, "kpi_pupils_and_staff").isHidden()
