"""The people picker shows the subject a teacher teaches when staff are picked."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.services.forms import FormOption
from nastavnik_desktop.services.stages.choices import PersonChoice
from nastavnik_desktop.ui.widgets.people_picker import PeoplePicker

_FORMS = [FormOption(1, "teacher_teacher", "учитель – учитель")]


def _teacher(person_id: int, last: str, subject: str) -> PersonChoice:
    return PersonChoice(id=person_id, last_name=last, first_name="Анна", middle_name="Петровна",
                        category=PersonCategory.STAFF, position="учитель", subject=subject,
                        experience_years=2)


def _texts(picker: PeoplePicker) -> list[list[str]]:
    model = picker.model
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_staff_picker_shows_subject_column(qtbot) -> None:
    picker = PeoplePicker([_teacher(1, "Иванова", "математика"), _teacher(2, "Петрова", "")],
                          _FORMS, 1, lambda _id: "", today=dt.date(2026, 9, 1))
    qtbot.addWidget(picker)
    headers = [picker.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(picker.model.columnCount())]
    assert "Предмет" in headers
    column = headers.index("Предмет")
    rows = {row[0]: row[column] for row in _texts(picker)}
    assert rows["Иванова Анна Петровна"] == "математика"
    picker.search.setText("математ")
    assert [row[0] for row in _texts(picker)] == ["Иванова Анна Петровна"]


def test_no_subject_column_when_nobody_has_one(qtbot) -> None:
    picker = PeoplePicker([_teacher(1, "Иванова", "")], _FORMS, 1, lambda _id: "",
                          today=dt.date(2026, 9, 1))
    qtbot.addWidget(picker)
    assert picker.model.columnCount() == 3


def test_a_mentors_staff_picker_leaves_young_specialists_out_until_asked(qtbot) -> None:
    """Stage 3 picks mentors among experienced staff: Ctrl+A must not take the young
    specialists (the mentees of «учитель – учитель») along."""
    young, old = _teacher(1, "Иванова", "математика"), _teacher(2, "Петрова", "история")
    old = PersonChoice(**{**old.__dict__, "experience_years": 20})
    picker = PeoplePicker([young, old], _FORMS, 1, lambda _id: "", experienced_filter=True,
                          today=dt.date(2026, 9, 1))
    qtbot.addWidget(picker)
    assert picker.experienced_only is not None and picker.experienced_only.isChecked()
    assert [p.id for p in picker.visible_people()] == [2]
    picker.experienced_only.setChecked(False)
    assert [p.id for p in picker.visible_people()] == [1, 2]
