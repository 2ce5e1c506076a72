"""A whole parallel («5-е классы») is one choice of the class filter and one click to add."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.services.forms import FormOption
from nastavnik_desktop.services.stages.choices import PersonChoice
from nastavnik_desktop.ui.widgets.people_picker import PeoplePicker

_FORMS = [FormOption(1, "pupil_pupil", "ученик – ученик")]


def _pupil(person_id: int, last: str, klass: str) -> PersonChoice:
    return PersonChoice(id=person_id, last_name=last, first_name="Анна", middle_name="",
                        category=PersonCategory.PUPIL, class_name=klass)


def test_a_parallel_is_offered_shown_and_added_at_once(qtbot: QtBot) -> None:
    people = [_pupil(1, "Авдеева", "5А"), _pupil(2, "Белова", "5Б"), _pupil(3, "Волкова", "6А"),
              _pupil(4, "Громова", "10А"), _pupil(5, "Дёмина", "5А")]
    picker = PeoplePicker(people, _FORMS, 1, lambda _id: "", classes=True,
                          today=dt.date(2026, 12, 5))
    qtbot.addWidget(picker)
    combo = picker.class_combo
    assert combo is not None
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == ["Все классы", "5-е классы (5А, 5Б)", "5А класс", "5Б класс", "6А класс",
                      "10А класс"], "a parallel only where a grade has several classes"
    added: list[tuple[list[int], object]] = []
    picker.add_requested.connect(lambda chosen, form: added.append(
        ([p.id for p in chosen], form)))
    combo.setCurrentIndex(1)
    assert sorted(p.id for p in picker.visible_people()) == [1, 2, 5]
    assert picker.class_button.text().replace("&", "") == "Добавить всю параллель"
    qtbot.mouseClick(picker.class_button, Qt.MouseButton.LeftButton)
    assert [sorted(ids) for ids, _form in added] == [[1, 2, 5]] and added[0][1] == 1
    combo.setCurrentIndex(combo.findData("6А"))
    assert [p.id for p in picker.visible_people()] == [3]
    assert picker.class_button.text().replace("&", "") == "Добавить весь класс"
