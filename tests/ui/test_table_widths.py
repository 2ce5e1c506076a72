"""Names are not cut off in the lists (issue 10, point 11): the ФИО column is as wide as the
longest name within its bounds, measured from the texts, and keeps up with rows loaded later."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.services.forms import FormOption
from nastavnik_desktop.services.stages.choices import PersonChoice
from nastavnik_desktop.ui.models.rows import RowsModel
from nastavnik_desktop.ui.widgets.people_picker import PeoplePicker
from nastavnik_desktop.ui.widgets.tables import (
    fit_column,
    keep_column_fitted,
    size_columns,
    table_view,
)

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
