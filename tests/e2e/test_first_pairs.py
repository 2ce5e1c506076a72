"""Issue 10's walkthrough, first part: the two school spreadsheets it imports and the counter of
a curator's actions. The steps through the main window (stage 1 … the order) are still to come;
`walkthrough.ACTIONS_TARGET` is the goal the integrator asserts once the fixes land."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton, QWizard, QWizardPage
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.services.importing.mapping import Field, find_mapping
from nastavnik_desktop.services.importing.readers import read_table
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.messages import CapturedMessages
from tests.helpers import walkthrough
from tests.helpers.first_pairs import Walk


def test_the_class_list_has_title_rows_and_306_pupils_of_22_classes(tmp_path: Path) -> None:
    rows = read_table(walkthrough.write_class_list(tmp_path)).rows
    mapping = find_mapping(rows)
    assert mapping is not None and mapping.header_row == 5
    assert {Field.LAST_NAME, Field.FIRST_NAME, Field.MIDDLE_NAME, Field.BIRTH_DATE, Field.SEX,
            Field.CLASS} <= mapping.fields.keys()
    pupils = rows[mapping.header_row:]
    assert len(pupils) == walkthrough.PUPILS
    assert {row[6] for row in pupils} == set(walkthrough.CLASSES)
    assert len({tuple(row[1:5]) for row in pupils}) == walkthrough.PUPILS


def test_the_staff_list_names_the_curator_and_young_specialists(tmp_path: Path) -> None:
    rows = read_table(walkthrough.write_staff_list(tmp_path)).rows
    mapping = find_mapping(rows)
    assert mapping is not None and mapping.header_row == 4
    assert {Field.FULL_NAME, Field.BIRTH_DATE, Field.POSITION, Field.SUBJECT,
            Field.EXPERIENCE} <= mapping.fields.keys()
    people = rows[mapping.header_row:]
    assert len(people) == walkthrough.STAFF == len({row[1] for row in people})
    assert " ".join(walkthrough.CURATOR) in {row[1] for row in people}
    young = [m for m in walkthrough.staff() if m.started.year >= 2024]
    assert len(young) >= 10
    assert {"математика", "музыка", "информатика", "начальные классы"} <= {
        m.subject for m in walkthrough.staff()}


def test_the_curator_counts_clicks_typed_fields_and_new_wizard_pages(qtbot: QtBot) -> None:
    curator = walkthrough.Curator(qtbot)
    field, button = QLineEdit(), QPushButton("Готово")
    wizard = QWizard()
    for _ in range(2):
        wizard.addPage(QWizardPage())
    for widget in (field, button, wizard):
        qtbot.addWidget(widget)
        widget.show()
    curator.step = "проба"
    curator.type(field, "Белова")
    curator.click(button)
    curator.watch(wizard)
    wizard.next()
    wizard.back()
    wizard.next()
    assert field.text() == "Белова"
    assert (curator.actions, curator.typed_fields, curator.wizard_pages) == (2, 1, 2)
    assert curator.log == [("проба", "ввести «Белова»"), ("проба", "нажать «Готово»")]


def test_walkthrough_from_two_spreadsheets_to_the_order(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        isolated_settings: None, shown_messages: CapturedMessages) -> None:
    db = open_database(tmp_path / "школа.sqlite", backup_dir=tmp_path / "backups")
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    curator = walkthrough.Curator(qtbot)
    walk = Walk(curator, window, tmp_path, monkeypatch,
                shots=Path(os.environ["NASTAVNIK_SHOTS"]) if "NASTAVNIK_SHOTS" in os.environ
                else None)
    walk.run()
    for message in walk.shown:
        print(message.kind, message.text)
    for step, action in curator.log:
        print(f"{step}: {action}")
    print({k: v for k, v in curator.figures().items() if k != 'log'})
