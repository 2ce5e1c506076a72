"""Latin look-alike letters in names, as the curator meets them on screen: the import's check
page shows the fix by row, and the base's search finds «Смирнов» stored as «Смирнoв» (a Latin
«o», written before the import fixed such names)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.importing import ImportKind, commit_import, prepare_import
from nastavnik_desktop.services.people.bases import BaseKind, mentee_base
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.models.import_models import WARNING_COLOUR, ProblemsModel
from nastavnik_desktop.ui.models.people_model import PeopleTableModel
from nastavnik_desktop.ui.wizards.import_people import ImportWizard
from tests.helpers.spreadsheets import write_xlsx

TODAY = dt.date(2025, 10, 1)
LATIN_A, LATIN_O = "A", "o"


def test_the_check_page_shows_the_fixed_letters(qtbot: QtBot, db: Database,
                                                tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "5А.xlsx", [["ФИО", "Класс", "Дата рождения"],
                                             [f"Ильин {LATIN_A}нтон", "5А", "02.03.2014"]])
    wizard = ImportWizard(db, ImportKind.PUPILS, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(path))
    for _page in range(2):
        wizard.button(QWizard.WizardButton.NextButton).click()
        qtbot.waitUntil(lambda: wizard.check_task is None, timeout=10_000)
    assert wizard.currentId() == ImportWizard.PAGE_CHECK
    model = wizard.check_page.problems
    assert model.rowCount() == 1
    assert model.problem(0).row == 2
    assert model.index(0, ProblemsModel.COL_COLUMN).data() == "ФИО"
    message = model.index(0, ProblemsModel.COL_MESSAGE)
    assert f"латинская буква «{LATIN_A}» в слове «Антон»" in message.data()
    assert message.data(Qt.ItemDataRole.ForegroundRole) == WARNING_COLOUR  # loaded anyway
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_the_search_finds_a_name_stored_with_a_lookalike(db: Database, tmp_path: Path,
                                                         programme: ProgrammeInfo) -> None:
    path = write_xlsx(tmp_path / "база.xlsx", [["ФИО", "Класс", "Дата рождения"],
                                               ["Смирнов Олег", "5Б", "15.01.2014"],
                                               ["Орлов Павел", "5Б", "16.01.2014"]])
    commit_import(db, prepare_import(db, path, ImportKind.MENTEES, today=TODAY), today=TODAY)
    with db.transaction() as session:  # as an older version stored it
        session.execute(update(Person).where(Person.last_name == "Смирнов")
                        .values(last_name=f"Смирн{LATIN_O}в"))
    model = PeopleTableModel(BaseKind.MENTEES)
    model.set_rows(mentee_base(db, programme.id, today=TODAY))
    for typed in ("Смирнов", f"смирн{LATIN_O}в олег", "СМИРНОВ"):
        model.set_search(typed)
        assert [row.first_name for row in model.visible_rows()] == ["Олег"], typed
