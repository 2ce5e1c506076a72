"""Names are not cut off in the lists (issue 10, point 11): the ФИО column is as wide as the
longest name within its bounds, measured from the texts, and keeps up with rows loaded later."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.services.forms import FormOption
from nastavnik_desktop.services.programme import current_programme
from nastavnik_desktop.services.stages.choices import PersonChoice
from nastavnik_desktop.ui.models.mentee_base import MenteeBase
from nastavnik_desktop.ui.models.mentor_base import MentorBase
from nastavnik_desktop.ui.models.rows import RowsModel
from nastavnik_desktop.ui.widgets.people_picker import PeoplePicker
from nastavnik_desktop.ui.widgets.tables import (
    fit_column,
    keep_column_fitted,
    size_columns,
    table_view,
)
from nastavnik_desktop.ui.wizards.stage2.wizard import Stage2Wizard
from nastavnik_desktop.ui.wizards.stage3.wizard import Stage3Wizard
from nastavnik_desktop.ui.wizards.stage4.wizard import Stage4Wizard
from tests.helpers.wizard import wait_loaded

LONG = "Преображенский Константин Эдуардович"
SHORT = "Ли Ян"


def names_view(qtbot: QtBot, names: list[str]) -> tuple[RowsModel[str], QTableView]:
    model = RowsModel[str]([("ФИО", lambda name: name), ("Класс", lambda _name: "5А")])
    model.set_entries(names)
    view = table_view(model)
    qtbot.addWidget(view)
    size_columns(view, [24, None])
    return model, view


def shows_whole(view: QTableView, column: int, text: str) -> bool:
    return bool(view.columnWidth(column) >= view.fontMetrics().horizontalAdvance(text) + 8)


def test_the_column_fits_the_longest_name_within_its_bounds(qtbot: QtBot) -> None:
    _model, view = names_view(qtbot, [SHORT, LONG])
    assert not shows_whole(view, 0, LONG), "24 average characters are too few for this name"
    char = view.fontMetrics().averageCharWidth()

    fit_column(view, 0, least=20, most=60)
    assert shows_whole(view, 0, LONG)
    fit_column(view, 0, least=20, most=25)
    assert view.columnWidth(0) <= 25 * char + 20, "an extreme name is elided, not the table"
    _model, short_view = names_view(qtbot, [SHORT])
    fit_column(short_view, 0, least=20, most=60)
    assert short_view.columnWidth(0) >= 20 * char, "short names keep a sensible width"


def test_a_kept_column_widens_for_rows_loaded_later_and_never_narrows(qtbot: QtBot) -> None:
    model, view = names_view(qtbot, [SHORT])
    keep_column_fitted(view, 0, least=20, most=60)
    model.set_entries([SHORT, LONG])
    assert shows_whole(view, 0, LONG)
    wide = view.columnWidth(0)
    model.set_entries([SHORT])
    assert view.columnWidth(0) == wide


def test_the_wizards_people_picker_shows_a_long_name_whole(qtbot: QtBot) -> None:
    people = [PersonChoice(1, "Преображенский", "Сергей", "Эдуардович",
                           PersonCategory.PUPIL, class_name="5А"),
              PersonChoice(2, "Ли", "Ян", "", PersonCategory.PUPIL, class_name="5А")]
    picker = PeoplePicker(people, [FormOption(1, "pupil_pupil", "ученик – ученик")], 1,
                          lambda _id: "", classes=True)
    qtbot.addWidget(picker)
    assert shows_whole(picker.view, 0, "Преображенский Сергей Эдуардович")


@pytest.fixture(scope="module")
def demo_school(tmp_path_factory: pytest.TempPathFactory,
                build_demo: Callable[..., Path]) -> Path:
    """The demo school as `nastavnik_desktop demo` builds it (its longest names included)."""
    return Path(build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite"))


def _longest(names: list[str], view: QTableView) -> str:
    return max(names, key=view.fontMetrics().horizontalAdvance)


def test_stage_4_shows_the_longest_demo_name_whole_on_every_page(
        qtbot: QtBot, demo_school: Path, demo_day: dt.date) -> None:
    db = open_database(demo_school)
    try:
        programme = current_programme(db)
        assert programme is not None
        wizard = Stage4Wizard(db, programme.id, today=demo_day)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        wait_loaded(qtbot, wizard)
        model = wizard.model
        names = [model.candidate(row).full_name for row in range(model.rowCount())]
        views = [view for page_id in wizard.pageIds()
                 if isinstance(view := getattr(wizard.page(page_id), "view", None), QTableView)]
        assert len(views) >= 3
        for view in views:
            longest = _longest(names, view)
            assert shows_whole(view, model.col("name"), longest), longest
    finally:
        db.close()


def test_stage_2_and_3_lists_show_the_longest_demo_name_whole(
        qtbot: QtBot, demo_school: Path, demo_day: dt.date) -> None:
    db = open_database(demo_school)
    try:
        programme = current_programme(db)
        assert programme is not None
        stage2 = Stage2Wizard(db, programme.id, today=demo_day)
        stage3 = Stage3Wizard(db, programme.id, today=demo_day)
        wait_loaded(qtbot, stage2)
        wait_loaded(qtbot, stage3)
        for wizard, page, column in ((stage2, stage2.requests_page, MenteeBase.COL_NAME),
                                     (stage3, stage3.profiles_page, MentorBase.COL_NAME)):
            qtbot.addWidget(wizard)
            wizard.show()
            qtbot.waitExposed(wizard)
            base = page.base
            names = [str(base.index(row, column).data()) for row in range(base.rowCount())]
            longest = _longest(names, page.view)
            assert shows_whole(page.view, column, longest), longest
    finally:
        db.close()
