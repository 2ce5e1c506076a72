"""The «Показатели» tab: the demo school's KPI on the screen as `kpi()` computes it, a new
reporting date (typed or a quick pick) giving new figures, the charts and the breakdown table
copied with Ctrl+C, an empty school showing «нет данных»."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QAbstractBarSeries, QLineSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.monitoring import NO_DATA, kpi
from nastavnik_desktop.services.people import persons
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.models.kpi_models import BREAKDOWNS, figure_text
from nastavnik_desktop.ui.pages.monitoring import MonitoringPage
from nastavnik_desktop.ui.pages.monitoring.dashboard_tab import DashboardTab

DEMO_OPTIONS = {"seed": 5, "pupils": 300, "teachers": 40}


def _tab(qtbot: QtBot, db: Database, programme_id: int, today: dt.date) -> DashboardTab:
    page = MonitoringPage(db, programme_id, today=lambda: today)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    tab = page.show_tab(DashboardTab)
    assert isinstance(tab, DashboardTab)
    page.refresh()
    _wait(qtbot, tab, today)
    return tab


def _wait(qtbot: QtBot, tab: DashboardTab, day: dt.date) -> None:
    """The KPI of `day` is on the screen (computed in the background while the tab shows)."""
    qtbot.waitUntil(lambda: tab.kpi is not None and tab.kpi.on == day
                    and not tab.is_computing())


def _bar_values(tab: DashboardTab) -> list[float]:
    (bars,) = [s for s in tab.kpi_chart.chart().series() if isinstance(s, QAbstractBarSeries)]
    (shares,) = bars.barSets()
    return [shares.at(i) for i in range(shares.count())]


def test_the_demo_school_shows_the_kpi_and_a_new_date_changes_it(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date) -> None:
    tab = _tab(qtbot, demo_db, programme_id, demo_day)
    assert tab.reporting_date() == demo_day
    expected = kpi(demo_db, programme_id, on=demo_day)
    assert expected.pupils.share.involved > 0
    assert tab.pupils_card.figure.text() == figure_text(expected.pupils.share)
    assert f"{expected.pupils.share.involved} из {expected.pupils.share.population}" in \
        tab.pupils_card.figure.text()
    assert tab.all_card.figure.text() == figure_text(expected.pupils_and_staff.share)
    assert tab.pupils_card.method.text() == expected.pupils.method
    missing = expected.pupils.share.shortfall()
    assert missing > 0 and f"не хватает {missing}" in tab.pupils_card.verdict.text()

    # the charts: the two shares against the 70 % line; mentors and mentees by form
    assert _bar_values(tab) == [round(expected.pupils.share.percent or 0, 1),
                                round(expected.pupils_and_staff.share.percent or 0, 1)]
    assert any(isinstance(s, QLineSeries) for s in tab.kpi_chart.chart().series())
    (forms,) = tab.forms_chart.chart().series()
    assert isinstance(forms, QAbstractBarSeries)
    mentors = forms.barSets()[0]
    assert sum(mentors.at(i) for i in range(mentors.count())) == sum(
        f.mentors for f in expected.by_form)

    # the table: by form first, every breakdown selectable, copied with Ctrl+C
    assert tab.model.rowCount() == len(expected.by_form)
    assert tab.model.index(0, 0).data() == expected.by_form[0].label
    for index in range(tab.breakdown.count()):
        tab.breakdown.setCurrentIndex(index)
        assert tab.model.columnCount() >= 2
    tab.breakdown.setCurrentIndex(list(BREAKDOWNS).index("class"))
    assert tab.model.rowCount() == len(expected.by_class)
    tab.table.setFocus()
    tab.table.clearSelection()
    qtbot.keyClick(tab.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text().splitlines()
    assert copied[0].split("\t")[0] == "Класс"
    assert len(copied) == 1 + len(expected.by_class)

    # 20 September: before the demo's pairs were formed
    tab.quick_buttons["oo1"].click()
    start = int(expected.on.year if expected.on.month >= 9 else expected.on.year - 1)
    assert tab.reporting_date() == dt.date(start, 9, 20)
    _wait(qtbot, tab, dt.date(start, 9, 20))
    earlier = kpi(demo_db, programme_id, on=dt.date(start, 9, 20))
    assert earlier.pupils.share != expected.pupils.share
    assert tab.pupils_card.figure.text() == figure_text(earlier.pupils.share)
    assert tab.kpi is not None and tab.kpi.on == dt.date(start, 9, 20)
    assert "20.09." in tab.kpi_chart.chart().title()

    # a date typed in the editor
    tab.set_reporting_date(dt.date(start, 12, 31))
    _wait(qtbot, tab, dt.date(start, 12, 31))
    assert tab.pupils_card.figure.text() == figure_text(
        kpi(demo_db, programme_id, on=dt.date(start, 12, 31)).pupils.share)
    tab.quick_buttons["today"].click()
    assert tab.reporting_date() == demo_day
    tab.quick_buttons["school_end"].click()
    assert tab.reporting_date() == dt.date(start + 1, 8, 31)


def test_an_empty_school_shows_no_data(qtbot: QtBot, db: Database,
                                       programme: ProgrammeInfo) -> None:
    tab = _tab(qtbot, db, programme.id, dt.date(2026, 1, 20))
    assert tab.pupils_card.figure.text() == NO_DATA
    assert tab.all_card.figure.text() == NO_DATA
    assert "не считается" in tab.pupils_card.verdict.text()
    assert tab.model.rowCount() == 0
    assert not tab.table_note.isHidden()
    assert _bar_values(tab) == [0, 0]


def test_a_reload_after_a_change_keeps_the_chosen_date(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date) -> None:
    tab = _tab(qtbot, demo_db, programme_id, demo_day)
    chosen = demo_day - dt.timedelta(days=30)
    tab.set_reporting_date(chosen)
    _wait(qtbot, tab, chosen)
    tab.reload()
    assert tab.reporting_date() == chosen
    _wait(qtbot, tab, chosen)


def test_dates_changed_while_computing_end_on_the_last(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date) -> None:
    tab = _tab(qtbot, demo_db, programme_id, demo_day)
    days = [demo_day - dt.timedelta(days=n) for n in range(1, 40, 3)]
    for day in days:  # typed one after another: only the last one matters
        tab.set_reporting_date(day)
    _wait(qtbot, tab, days[-1])
    assert tab.pupils_card.figure.text() == figure_text(
        kpi(demo_db, programme_id, on=days[-1]).pupils.share)
    assert tab.busy.text() == ""


def test_a_tab_not_on_the_screen_computes_at_once(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date) -> None:
    page = MonitoringPage(demo_db, programme_id, today=lambda: demo_day)
    qtbot.addWidget(page)
    page.refresh()
    tab = page.tab(DashboardTab)
    assert isinstance(tab, DashboardTab)
    assert tab.kpi is not None and tab.kpi.on == demo_day and not tab.is_computing()


def test_new_pupils_in_the_base_change_the_figure_on_reload(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date) -> None:
    tab = _tab(qtbot, demo_db, programme_id, demo_day)
    assert tab.kpi is not None
    before = tab.kpi.pupils.share
    with demo_db.transaction() as session:
        persons.create_many(session, [persons.NewPerson(
            last_name=name, first_name="Иван", class_name="5А")
            for name in ("Алексеев", "Борисов", "Васильев")])
    tab.reload()
    qtbot.waitUntil(lambda: tab.kpi is not None and not tab.is_computing()
                    and tab.kpi.pupils.share.population == before.population + 3)
    assert tab.pupils_card.figure.text() == figure_text(tab.kpi.pupils.share)
