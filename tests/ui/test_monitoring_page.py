"""The «Анкеты и мониторинг» page: its tabs, and a chart the curator copies or saves as PNG."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCharts import QBarSeries, QBarSet, QChart
from PySide6.QtGui import QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.pages.monitoring import TAB_CLASSES, MonitoringPage
from nastavnik_desktop.ui.widgets.charts import ChartPanel


def test_the_page_has_its_tabs_and_reloads_a_changed_one(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    page = MonitoringPage(db, programme.id, today=lambda: dt.date(2026, 11, 23))
    qtbot.addWidget(page)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        c.title for c in TAB_CLASSES]
    reloaded: list[str] = []
    for tab_class in TAB_CLASSES:
        page.tab(tab_class).reload = (  # type: ignore[method-assign]
            lambda name=tab_class.title: reloaded.append(name))
    page.refresh()
    assert reloaded == [TAB_CLASSES[0].title]
    page.context.changed()  # e.g. answers typed on the first tab
    page.show_tab(TAB_CLASSES[1])
    page.show_tab(TAB_CLASSES[0])
    assert reloaded == [TAB_CLASSES[0].title, TAB_CLASSES[1].title]


def test_a_chart_is_copied_and_saved_as_png(qtbot: QtBot, tmp_path: Path) -> None:
    panel = ChartPanel("Участники по формам")
    qtbot.addWidget(panel)
    chart = QChart()
    bars = QBarSet("Участники")
    bars.append([3, 5])
    series = QBarSeries()
    series.append(bars)
    chart.addSeries(series)
    panel.set_chart(chart)
    panel.resize(500, 300)
    panel.copy_to_clipboard()
    copied = QGuiApplication.clipboard().image()
    assert copied.width() >= 1000 and not copied.isNull()
    target = tmp_path / "диаграмма"
    panel.ask_and_save = lambda: panel.save_png(target.with_suffix(".png"))  # type: ignore[method-assign]
    panel.save_action.trigger()
    saved = QImage(str(target.with_suffix(".png")))
    assert saved.size() == copied.size()
    assert panel.chart().title() == "Участники по формам"
