"""Issue 10's walkthrough: the two school spreadsheets it imports, the counter of a curator's
actions, and the whole way from an empty database to the printed order on pairs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton, QWizard, QWizardPage
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.services.importing.mapping import Field, find_mapping
from nastavnik_desktop.services.importing.readers import read_table
from nastavnik_desktop.services.pairs.board import board
from nastavnik_desktop.services.programme import current_programme
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from tests.helpers import walkthrough
from tests.helpers.first_pairs import Walk
from tests.helpers.pdf import drawn_text


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
    """Issue 10: an empty database, two school spreadsheets, stages 1–5 and the order on
    pairs saved as PDF — through the real main window, every action counted."""
    db = open_database(tmp_path / "школа.sqlite", backup_dir=tmp_path / "backups")
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    curator = walkthrough.Curator(qtbot)
    shots = os.environ.get("NASTAVNIK_SHOTS")
    walk = Walk(curator, window, tmp_path, monkeypatch, shots=Path(shots) if shots else None)
    walk.run()
    walkthrough.report(curator, os.environ.get("NASTAVNIK_FIGURES"))

    assert not [m.text for m in walk.shown if m.kind is MessageKind.ERROR]
    programme = current_programme(db)
    assert programme is not None
    with db.reading() as session:
        people = session.scalar(select(func.count()).select_from(Person))
    assert people == walkthrough.PUPILS + walkthrough.STAFF, "nobody twice, the curator neither"
    pairs = board(db, programme.id)
    assert len(pairs) >= 20
    text = drawn_text(walk.order_pdf)
    assert f"№ {walkthrough.ORDER_NUMBER}" in text
    for pair in pairs:
        assert pair.mentor_name in text, pair.mentor_name
        for mentee in pair.mentees:
            assert mentee.name in text, mentee.name
    assert curator.actions <= walkthrough.ACTIONS_TARGET, curator.log
