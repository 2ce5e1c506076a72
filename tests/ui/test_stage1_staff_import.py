"""Stage 1 offers the staff import on its team page (issue 10, point 5): the curator and the team
are chosen from the imported list, and nobody typed in by hand is saved a second time."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import Person, Programme
from nastavnik_desktop.services.stages.stage1 import NewStaff
from nastavnik_desktop.ui import stage_wizards
from nastavnik_desktop.ui.messages import CapturedMessages
from nastavnik_desktop.ui.wizards.import_people import ImportWizard
from nastavnik_desktop.ui.wizards.stage1 import Stage1Wizard, TeamPage
from tests.helpers import walkthrough
from tests.helpers.wizard import click, press, press_next, wait_loaded

Button = QWizard.WizardButton
CURATOR = " ".join(walkthrough.CURATOR)


@pytest.fixture
def staff_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The walkthrough's staff list, answered in the file dialog the import opens with; the
    wizard then goes by itself to its check page, where «Загрузить» is pressed the way a
    curator does, and closes."""
    path = walkthrough.write_staff_list(tmp_path)

    def drive(wizard: ImportWizard) -> int:
        qtbot = QtBot(wizard)
        wizard.show()
        assert wizard.file_page.kind().value == "staff", "the import must be set to staff"
        qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.PAGE_CHECK
                        and wizard.check_task is None, timeout=20_000)
        press(qtbot, wizard, Button.FinishButton)
        qtbot.waitUntil(lambda: wizard.task is None, timeout=20_000)
        assert not wizard.isVisible()
        return wizard.result()

    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_args: (str(path), "")))
    monkeypatch.setattr(ImportWizard, "exec", drive)
    return path


def open_wizard(qtbot: QtBot, db: Database) -> Stage1Wizard:
    wizard = stage_wizards.stage1_wizard(None, db)
    assert isinstance(wizard, Stage1Wizard)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    wizard.school_page.full_name.setPlainText(walkthrough.SCHOOL)
    wizard.school_page.director_name.setText("Гусева Нина Павловна")
    press_next(qtbot, wizard)
    return wizard


def staff_names(page: TeamPage) -> list[str]:
    return [person.full_name for person in page.staff_candidates()]


def pick(page: TeamPage, name: str) -> None:
    page.search.setText(name)
    assert page.staff_proxy.rowCount() == 1, staff_names(page)
    page.staff_view.selectRow(0)


def finish(qtbot: QtBot, wizard: Stage1Wizard) -> None:
    wizard.team_page.school_year.setText("2026/2027")
    press_next(qtbot, wizard)
    forms = wizard.forms_page
    form = next(item for item in forms.form_items.values() if item.text() == "учитель – учитель")
    for row in range(form.rowCount()):
        form.child(row).setCheckState(Qt.CheckState.Checked)
    for _page in range(3):
        press_next(qtbot, wizard)
    press(qtbot, wizard, Button.FinishButton)
    assert wizard.result() == QWizard.DialogCode.Accepted


def belovas(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Person).where(
            Person.last_name == walkthrough.CURATOR[0],
            Person.first_name == walkthrough.CURATOR[1])) or 0


def test_the_staff_list_is_loaded_from_the_team_page_and_the_curator_chosen_from_it(
        qtbot: QtBot, db: Database, staff_file: Path,
        shown_messages: CapturedMessages) -> None:
    wizard = open_wizard(qtbot, db)
    team = wizard.team_page
    assert team.import_button is not None and team.import_button.isVisible()
    assert team.empty_staff.isVisible() and "Загрузите их список" in team.empty_staff.text()

    click(qtbot, team.import_button)

    assert len(staff_names(team)) == walkthrough.STAFF == 41
    assert not team.empty_staff.isVisible() and not team.new_box.isVisible()
    assert "добавлено в базу: 41" in team.imported.text()
    pick(team, "Белова")
    click(qtbot, team.curator_button)
    pick(team, "Комаров")
    click(qtbot, team.add_button)
    assert [(row.person.full_name, row.role) for row in team.team.rows()] == [
        (CURATOR, "куратор"), ("Комаров Олег Витальевич", "педагог-психолог")]
    assert not any(row.person.is_new for row in team.team.rows())

    finish(qtbot, wizard)

    assert not shown_messages.messages
    assert belovas(db) == 1
    with db.reading() as session:
        programme = session.scalars(select(Programme)).one()
        assert programme.curator is not None and programme.curator.full_name == CURATOR
        assert session.scalar(select(func.count()).select_from(Person)) == 41


def test_a_curator_typed_before_the_import_becomes_the_imported_person(
        qtbot: QtBot, db: Database, staff_file: Path) -> None:
    wizard = open_wizard(qtbot, db)
    team = wizard.team_page
    for field, text in zip((team.new_last_name, team.new_first_name, team.new_middle_name),
                           walkthrough.CURATOR, strict=True):
        field.setText(text)
    click(qtbot, team.new_add_button)
    click(qtbot, team.curator_button)
    assert isinstance(team.curator(), NewStaff)

    click(qtbot, team.import_button)

    assert isinstance(team.curator(), int), "the typed curator is the imported Белова now"
    assert staff_names(team).count(CURATOR) == 1
    finish(qtbot, wizard)
    assert belovas(db) == 1


@pytest.mark.parametrize("where", ["dialog", "wizard"])
def test_cancelling_the_import_keeps_the_page_as_it_was(
        qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        where: str) -> None:
    chosen = "" if where == "dialog" else str(walkthrough.write_staff_list(tmp_path))
    opened: list[ImportWizard] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_args: (chosen, "")))
    monkeypatch.setattr(ImportWizard, "exec",
                        lambda wizard: opened.append(wizard) or QWizard.DialogCode.Rejected)
    wizard = open_wizard(qtbot, db)
    team = wizard.team_page
    assert team.import_button is not None

    click(qtbot, team.import_button)

    assert len(opened) == (where == "wizard")  # a cancelled file dialog opens no wizard
    assert staff_names(team) == [] and team.empty_staff.isVisible()
    assert not team.imported.isVisible()


def test_a_wizard_opened_without_the_import_does_not_offer_it(qtbot: QtBot,
                                                              db: Database) -> None:
    wizard = Stage1Wizard(db)
    qtbot.addWidget(wizard)
    wait_loaded(qtbot, wizard)
    assert wizard.team_page.import_button is None
    assert "Загрузите" not in wizard.team_page.empty_staff.text()
