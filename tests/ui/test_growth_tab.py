"""The «Рост и удовлетворённость» tab on the school with known answers
(tests/helpers/growth_school): the parameters entry → exit with the change, the filters by
audience and form, satisfaction and «да» shares, attendance per form, the chart, and the states
without data explained in Russian."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCharts import QBarSet, QHorizontalBarSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.pages.monitoring import MonitoringPage
from nastavnik_desktop.ui.pages.monitoring.growth_tab import GrowthTab
from tests.helpers.growth_school import (
    AFTER_EXIT,
    GrowthSchool,
    answer_all,
    build_school,
    journal_for,
)


def _open(qtbot: QtBot, db: Database, programme_id: int, day: dt.date) -> GrowthTab:
    page = MonitoringPage(db, programme_id, today=lambda: day)
    qtbot.addWidget(page)
    page.resize(1280, 820)
    page.show()
    page.refresh()
    tab = page.show_tab(GrowthTab)
    assert isinstance(tab, GrowthTab)
    qtbot.waitUntil(lambda: tab.figures is not None and not tab.loading)
    return tab


def _cells(tab: GrowthTab, row: int) -> list[str]:
    model = tab.parameters
    return [model.data(model.index(row, column)) for column in range(model.columnCount())]


def _answered(db: Database, programme: ProgrammeInfo) -> GrowthSchool:
    school = build_school(db, programme)
    answer_all(db, school)
    journal_for(db, school)
    return school


def test_the_tab_shows_the_change_per_parameter_and_the_chart(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, tmp_path: Path) -> None:
    school = _answered(db, programme)
    tab = _open(qtbot, db, school.programme_id, AFTER_EXIT)
    assert tab.parameters.rowCount() == 5
    # mentees: entry 5,5 (4 answered) → exit 7,3 (3 answered)
    assert _cells(tab, 0) == ["Эффективность работы", "5,5", "7,3", "+1,8", "4 → 3"]
    assert "66,7 %" in tab.satisfaction.text() and "7,3 из 10" in tab.satisfaction.text()
    assert "Хотели бы продолжить: 66,7 % (2 из 3)" in tab.yes_no.text()
    assert tab.note.isHidden()

    series = tab.chart.chart().series()
    assert len(series) == 1 and isinstance(series[0], QHorizontalBarSeries)
    sets: list[QBarSet] = series[0].barSets()
    values = {s.label(): [round(s.at(i), 2) for i in range(s.count())] for s in sets}
    assert values == {"Итоговая анкета": [7.33] * 5, "Входная анкета (ожидания)": [5.5] * 5}
    target = tmp_path / "рост.png"
    tab.chart.save_png(target)
    assert not QImage(str(target)).isNull()

    tab.audience_box.setCurrentIndex(tab.audience_box.findText("Наставники"))
    assert _cells(tab, 0)[1:4] == ["7,0", "6,5", "−0,5"]
    assert "6,5 из 10" in tab.satisfaction.text()
    assert "<br>наставники<" in tab.chart.chart().title()


def test_the_form_filter_narrows_every_figure(qtbot: QtBot, db: Database,
                                              programme: ProgrammeInfo) -> None:
    school = _answered(db, programme)
    tab = _open(qtbot, db, school.programme_id, AFTER_EXIT)
    assert tab.attendance.rowCount() == 2 and tab.pairs.rowCount() == 2
    teachers = tab.form_box.findData(school.forms["teachers"])
    assert teachers > 0
    tab.form_box.setCurrentIndex(teachers)
    assert _cells(tab, 0)[1:5] == ["6,0", "5,0", "−1,0", "1 → 1"]
    attendance = tab.attendance
    assert attendance.rowCount() == 1
    assert [attendance.data(attendance.index(0, c)) for c in (1, 2, 3)] == [
        "6,0 → 4,5", "2", "50,0 %"]
    assert tab.pairs.rowCount() == 1
    assert tab.pairs.data(tab.pairs.index(0, 3)) == "−1,5"


def test_the_pairs_are_searched_and_sorted_by_change(qtbot: QtBot, db: Database,
                                                     programme: ProgrammeInfo) -> None:
    school = _answered(db, programme)
    tab = _open(qtbot, db, school.programme_id, AFTER_EXIT)
    tab.pair_view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert [tab.pairs.data(tab.pairs.index(r, 3)) for r in range(2)] == ["+2,0", "−1,5"]
    tab.pair_search.setText("титов")
    assert tab.pairs.rowCount() == 1 and "Титов" in tab.pairs.data(tab.pairs.index(0, 0))


def test_before_the_exit_round_the_tab_says_so(qtbot: QtBot, db: Database,
                                               programme: ProgrammeInfo) -> None:
    school = _answered(db, programme)
    tab = _open(qtbot, db, school.programme_id, dt.date(2026, 1, 20))
    assert "Итоговый опрос ещё не проводился" in tab.note.text() and tab.note.isVisible()
    assert _cells(tab, 0)[1:4] == ["5,5", "—", "—"]
    assert "итоговые анкеты ещё не заполнены" in tab.satisfaction.text()
    labels = [s.label() for s in tab.chart.chart().series()[0].barSets()]
    assert labels == ["Входная анкета (ожидания)"]


def test_an_empty_programme_explains_itself_and_new_answers_show_on_reload(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    school = build_school(db, programme)
    tab = _open(qtbot, db, school.programme_id, AFTER_EXIT)
    assert "ещё не проводились" in tab.note.text()
    assert tab.chart.isHidden() and tab.no_chart.isVisible()
    assert "Проведённых встреч в журналах пар на эту дату нет" in tab.attendance_total.text()
    answer_all(db, school)
    tab.reload()
    qtbot.waitUntil(lambda: not tab.loading and tab.parameters.rowCount() == 5)
    assert _cells(tab, 0)[3] == "+1,8" and tab.chart.isVisible()
