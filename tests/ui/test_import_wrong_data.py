"""Wrong data as the curator meets it on screen: the import's check page shows the Latin
look-alike letters it fixed, by row; the base's search finds «Смирнов» stored as «Смирнoв»
(a Latin «o», written before the import fixed such names); a list of pupils opened as staff
is refused on the first page, where the kind of list is chosen."""

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


def _wizard(qtbot: QtBot, db: Database, kind: ImportKind, path: Path) -> ImportWizard:
    wizard = ImportWizard(db, kind, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(path))
    return wizard


def _next(qtbot: QtBot, wizard: ImportWizard) -> None:
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.check_task is None, timeout=10_000)


def test_the_check_page_shows_the_fixed_letters(qtbot: QtBot, db: Database,
                                                tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "5А.xlsx", [["ФИО", "Класс", "Дата рождения"],
                                             [f"Ильин {LATIN_A}нтон", "5А", "02.03.2014"]])
    wizard = _wizard(qtbot, db, ImportKind.PUPILS, path)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
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


def test_a_pupils_list_opened_as_staff_stops_on_the_first_page(qtbot: QtBot, db: Database,
                                                                tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "8А.xlsx", [["ФИО", "Дата рождения"],
                                             ["Иванов Иван", "02.03.2011"],
                                             ["Петрова Мария", "01.09.2011"]])
    wizard = _wizard(qtbot, db, ImportKind.STAFF, path)
    _next(qtbot, wizard)
    assert wizard.currentId() == ImportWizard.PAGE_FILE
    assert "Похоже, это список обучающихся" in wizard.file_page.hint_text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page = wizard.file_page
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(ImportKind.PUPILS.value))
    _next(qtbot, wizard)
    assert wizard.currentId() != ImportWizard.PAGE_FILE
