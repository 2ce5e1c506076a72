"""A clean school list goes in with three actions (issue 10): the opener, the file chosen in the
dialog that opens first, «Загрузить» on the check page the wizard went on to by itself; the
wizard then closes and the outcome shows in the status bar. Anything that needs the curator
stops the wizard on its page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import Person
from nastavnik_desktop.services.importing import (
    Field,
    ImportKind,
    commit_import,
    prepare_import,
)
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.settings import IMPORT_FOLDER
from nastavnik_desktop.ui import prefs
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.models.import_models import ColumnsModel
from nastavnik_desktop.ui.wizards.import_people import ImportWizard, run_import_wizard
from tests.helpers import walkthrough
from tests.helpers.spreadsheets import db_bytes, write_xlsx

Button = QWizard.WizardButton


def people_count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def shown(button: Any) -> bool:
    return bool(button.isVisible() and button.isEnabled())


def opened_with(qtbot: QtBot, db: Database, path: Path,
                kind: ImportKind = ImportKind.PUPILS) -> ImportWizard:
    """The wizard as `run_import_wizard` opens it after the dialog, once it has read the file."""
    wizard = ImportWizard(db, kind, path=path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.check_task is None, timeout=20_000)
    return wizard


@pytest.fixture
def when_opened(qtbot: QtBot) -> Iterator[Callable[[Callable[[ImportWizard], None]], None]]:
    """`when_opened(drive)`: drive the import wizard once its modal `exec()` has shown it;
    a failed drive closes it, so that the test ends instead of waiting."""
    driven: list[bool] = []

    def schedule(drive: Callable[[ImportWizard], None]) -> None:
        def run() -> None:
            wizard = QApplication.activeModalWidget()
            if not isinstance(wizard, ImportWizard):
                QTimer.singleShot(10, run)
                return
            try:
                drive(wizard)
                driven.append(True)
            finally:
                if wizard.isVisible():
                    wizard.done(QWizard.DialogCode.Rejected.value)

        QTimer.singleShot(0, run)

    yield schedule
    assert driven, "the import wizard was never driven"


def test_a_clean_class_list_loads_with_ctrl_i_the_dialog_and_load(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, when_opened: Any) -> None:
    path = walkthrough.write_class_list(tmp_path)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    curator = walkthrough.Curator(qtbot)
    pages: list[int] = []

    def drive(wizard: ImportWizard) -> None:
        wizard.currentIdChanged.connect(pages.append)
        pages.append(wizard.currentId())
        qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.PAGE_CHECK
                        and wizard.check_task is None, timeout=20_000)
        assert not wizard.button(Button.NextButton).isVisible()
        assert "Нажмите «Загрузить»" in wizard.check_page.counts.text()
        curator.click(wizard.button(Button.FinishButton), "нажать «Загрузить»")
        qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=20_000)

    when_opened(drive)
    with curator.answering_file_dialog(monkeypatch, path):
        curator.key(window, Qt.Key.Key_I, "Ctrl+I", Qt.KeyboardModifier.ControlModifier)

    assert curator.actions == 3, curator.log
    assert [description for _step, description in curator.log] == [
        "Ctrl+I", f"выбрать файл «{path.name}» в диалоге", "нажать «Загрузить»"]
    assert pages == [ImportWizard.PAGE_FILE, ImportWizard.PAGE_COLUMNS, ImportWizard.PAGE_CHECK]
    assert people_count(db) == walkthrough.PUPILS == 306
    assert window.statusBar().currentMessage().startswith(
        f"Загружено из «{path.name}»: добавлено 306")
    assert not any(isinstance(w, ImportWizard) and w.isVisible()
                   for w in QApplication.topLevelWidgets())
    assert prefs.read(IMPORT_FOLDER) == str(tmp_path)


def test_a_cancelled_file_dialog_opens_nothing_and_changes_nothing(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    before = db_bytes(db)
    asked: list[str] = []
    opened: list[ImportWizard] = []

    def cancel(*args: Any, **_kwargs: Any) -> tuple[str, str]:
        asked.append(args[1])
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(cancel))
    monkeypatch.setattr(ImportWizard, "exec", lambda wizard: opened.append(wizard) or 0)
    window.findChild(QAction, "import_people").trigger()
    assert asked == ["Таблица со списком — обучающиеся"]
    assert opened == []
    assert run_import_wizard(window, db, ImportKind.STAFF) is False
    assert opened == [] and window.statusBar().currentMessage() == ""
    assert db_bytes(db) == before


def test_without_choose_file_the_wizard_opens_on_the_file_page(
        qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    pages: list[int] = []

    def dialog(*_args: Any, **_kwargs: Any) -> tuple[str, str]:
        raise AssertionError("no file dialog before the wizard")

    def look(wizard: ImportWizard) -> int:
        wizard.show()
        pages.append(wizard.currentId())
        assert wizard.file_page.path_edit.text() == "" and wizard.check_task is None
        return QWizard.DialogCode.Rejected.value

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
    monkeypatch.setattr(ImportWizard, "exec", look)
    assert run_import_wizard(None, db, choose_file=False) is False
    assert pages == [ImportWizard.PAGE_FILE]


def test_an_unrecognised_class_header_stops_on_the_columns_page(
        qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    rows = [["Список учащихся"], ["ФИО", "Параллель", "Дата рождения"],
            ["Иванов Иван Иванович", "5а", "02.03.2014"],
            ["Петрова Мария Сергеевна", "5б", "01.09.2014"]]
    wizard = opened_with(qtbot, db, write_xlsx(tmp_path / "список.xlsx", rows))
    assert wizard.currentId() == ImportWizard.PAGE_COLUMNS
    page = wizard.columns_page
    assert "Столбец с классом не найден" in page.hint_text()
    assert shown(wizard.button(Button.NextButton))  # the class is not a must: the curator decides
    page.set_field("Параллель", Field.CLASS)
    assert page.hint_text() == ""
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.PAGE_CHECK, timeout=10_000)
    qtbot.mouseClick(wizard.button(Button.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10_000)
    assert wizard.import_result is not None and wizard.import_result.created == 2
    with db.reading() as session:
        assert sorted(session.scalars(select(Person.class_name))) == ["5А", "5Б"]


def test_what_needs_the_curator_stops_the_wizard_there(qtbot: QtBot, db: Database,
                                                       tmp_path: Path) -> None:
    broken = tmp_path / "сломан.xlsx"
    broken.write_bytes(b"PK\x03\x04broken")
    wizard = opened_with(qtbot, db, broken)
    assert wizard.currentId() == ImportWizard.PAGE_FILE
    assert "повреждён" in wizard.file_page.hint_text()

    rows = [["ФИО", "Класс"], ["Иванов Иван", "5А"]]
    book = write_xlsx(tmp_path / "книга.xlsx", rows, extra_sheets=["Лист2"])
    wizard = opened_with(qtbot, db, book)
    assert wizard.currentId() == ImportWizard.PAGE_SHEET

    staff = walkthrough.write_staff_list(tmp_path)  # a staff list opened as pupils: no class
    wizard = opened_with(qtbot, db, staff)
    assert wizard.currentId() == ImportWizard.PAGE_COLUMNS
    assert people_count(db) == 0


def test_back_from_the_check_page_reaches_the_file_page_to_change_the_kind(
        qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    path = walkthrough.write_staff_list(tmp_path)
    wizard = opened_with(qtbot, db, path, ImportKind.STAFF)
    assert wizard.currentId() == ImportWizard.PAGE_CHECK
    assert "педагоги и сотрудники" in wizard.check_page.counts.text()
    qtbot.mouseClick(wizard.button(Button.BackButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == ImportWizard.PAGE_COLUMNS
    qtbot.mouseClick(wizard.button(Button.BackButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == ImportWizard.PAGE_FILE
    page = wizard.file_page
    assert page.path_edit.text() == str(path)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(ImportKind.PUPILS.value))
    qtbot.mouseClick(wizard.button(Button.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.PAGE_COLUMNS, timeout=10_000)
    assert "Столбец с классом не найден" in wizard.columns_page.hint_text()
    columns = wizard.columns_page.columns
    assert columns.index(columns.row_of("Должность"), ColumnsModel.COL_FIELD).data() \
        == Field.POSITION.value
    assert people_count(db) == 0


def test_people_already_in_the_base_lead_to_the_duplicates_and_load_pages(
        qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    rows = [["ФИО", "Класс"], ["Иванов Иван", "5А"]]
    first = opened_with(qtbot, db, write_xlsx(tmp_path / "a.xlsx", rows))
    assert first.currentId() == ImportWizard.PAGE_CHECK
    qtbot.mouseClick(first.button(Button.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=10_000)

    rows.append(["Петров Пётр", "5Б"])
    wizard = opened_with(qtbot, db, write_xlsx(tmp_path / "b.xlsx", rows))
    assert wizard.currentId() == ImportWizard.PAGE_CHECK
    assert shown(wizard.button(Button.NextButton))
    assert not wizard.button(Button.FinishButton).isVisible()
    qtbot.mouseClick(wizard.button(Button.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == ImportWizard.PAGE_DUPLICATES
    qtbot.mouseClick(wizard.button(Button.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == ImportWizard.PAGE_LOAD
    assert "Уже есть в базе: 1 — будут пропущены" in wizard.load_page.plan.text()
    qtbot.mouseClick(wizard.button(Button.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=10_000)
    assert people_count(db) == 2


def test_a_check_read_again_that_finds_people_in_the_base_leads_to_the_duplicates(
        qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["ФИО", "Класс"], ["Иванов Иван", "5А"]])
    wizard = opened_with(qtbot, db, path)
    assert shown(wizard.button(Button.FinishButton))
    commit_import(db, prepare_import(db, path, ImportKind.PUPILS))  # loaded meanwhile elsewhere
    qtbot.mouseClick(wizard.check_page.recheck_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.check_task is None, timeout=10_000)
    assert shown(wizard.button(Button.NextButton))
    assert not wizard.button(Button.FinishButton).isVisible()
