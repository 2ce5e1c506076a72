"""The import wizard driven through its pages: a school's list goes into the base on «Загрузить»,
problems keep «Далее» disabled until the file is fixed, cancel and bad files change nothing.

These open the wizard without a file (the curator chooses it on the first page) and press
«Далее» on each page; the quick way in, with the file dialog first, is in
test_import_in_three_actions.py."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QFileDialog, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop.data.core_models import MenteeProfile, MentorProfile, Person
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory, Sex
from nastavnik_desktop.errors import OperationCancelled
from nastavnik_desktop.services.importing import (
    Duplicates,
    Field,
    ImportKind,
    ImportResult,
    Severity,
    commit_import,
    prepare_import,
)
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.models.import_models import (
    ERROR_COLOUR,
    WARNING_COLOUR,
    ColumnsModel,
    ProblemsModel,
    column_letter,
)
from nastavnik_desktop.ui.wizards.import_people import ImportWizard
from nastavnik_desktop.ui.wizards.import_people import wizard as import_wizard
from tests.helpers.spreadsheets import db_bytes, write_csv, write_xlsx

Button = QWizard.WizardButton
HEADER = ["№", "ФИО", "Параллель", "Дата рождения", "СНИЛС", "Адрес проживания", "Телефон родителя",
          "Ключевые запросы"]
PUPILS = [
    ["МБОУ «СОШ № 7»"],
    ["Список обучающихся 5-х классов на 01.09.2025"],
    HEADER,
    [1, "Иванов Иван Иванович", "5а", dt.datetime(2014, 3, 2), "123-456-789 00", "ул. Ленина, 1",
     "+7 900 000-00-01", "низкая мотивация к учебе"],
    [2, "Петрова Мария Сергеевна", "5 Б", "01.09.2014", "", "", "", ""],
    [3, "Сидоров Пётр Алексеевич", "5А", "15.01.2014", "", "", "", "адаптация в коллективе"],
]


def make_wizard(qtbot: QtBot, db: Database, kind: ImportKind = ImportKind.PUPILS) -> ImportWizard:
    wizard = ImportWizard(db, kind)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def enabled(wizard: ImportWizard, which: QWizard.WizardButton) -> bool:
    button = wizard.button(which)
    return button.isEnabled() and button.isVisible()


def press(qtbot: QtBot, wizard: ImportWizard, which: QWizard.WizardButton) -> None:
    assert enabled(wizard, which), f"{wizard.button(which).text()} is not available"
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def checked(qtbot: QtBot, wizard: ImportWizard) -> None:
    """Wait until the file has been read in the background."""
    qtbot.waitUntil(lambda: wizard.check_task is None, timeout=10_000)


def press_next(qtbot: QtBot, wizard: ImportWizard, expected: int) -> None:
    press(qtbot, wizard, Button.NextButton)
    checked(qtbot, wizard)
    assert wizard.currentId() == expected, wizard.currentPage().title()


def choose_file(qtbot: QtBot, wizard: ImportWizard, path: Path,
                kind: ImportKind | None = None) -> None:
    page = wizard.file_page
    if kind is not None:
        page.kind_combo.setCurrentIndex(page.kind_combo.findData(kind.value))
    page.path_edit.setText(str(path))


def load(qtbot: QtBot, wizard: ImportWizard) -> ImportResult:
    """«Загрузить» and wait for the worker; the wizard then closes by itself."""
    page = wizard.currentPage()
    press(qtbot, wizard, Button.FinishButton)
    assert wizard.task is not None
    qtbot.waitUntil(lambda: wizard.task is None, timeout=10_000)
    assert wizard.import_result is not None, page.hint_text()
    assert wizard.result() == QWizard.DialogCode.Accepted and not wizard.isVisible()
    return wizard.import_result


def on_the_last_page(wizard: ImportWizard) -> None:
    """The check page with nobody already in the base: «Загрузить» is pressed right there."""
    assert wizard.currentId() == ImportWizard.PAGE_CHECK
    assert not wizard.button(Button.NextButton).isVisible()
    assert enabled(wizard, Button.FinishButton)
    assert "Нажмите «Загрузить»" in wizard.check_page.counts.text()
    assert wizard.check_page.hint_text() == ""  # nothing wrong to say under the page


def people(db: Database) -> list[tuple[Any, ...]]:
    with db.reading() as session:
        return [(p.full_name, p.class_name, p.birth_date, p.category)
                for p in session.scalars(select(Person).order_by(Person.id))]


def field_combo(wizard: ImportWizard, header: str) -> QComboBox:
    page = wizard.columns_page
    index = page.columns.index(page.columns.row_of(header), ColumnsModel.COL_FIELD)
    combo = page.view.indexWidget(index)
    assert isinstance(combo, QComboBox)
    return combo


def problems_shown(wizard: ImportWizard) -> list[tuple[int, str, Any]]:
    model = wizard.check_page.problems
    return [(model.problem(row).row,
             str(model.index(row, ProblemsModel.COL_MESSAGE).data()),
             model.index(row, ProblemsModel.COL_MESSAGE).data(Qt.ItemDataRole.ForegroundRole))
            for row in range(model.rowCount())]


def test_mentees_from_xlsx_with_the_header_on_row_3(qtbot: QtBot, db: Database,
                                                    programme: ProgrammeInfo,
                                                    tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "5 классы.xlsx", PUPILS)
    wizard = make_wizard(qtbot, db)
    assert not enabled(wizard, Button.NextButton)
    choose_file(qtbot, wizard, path, ImportKind.MENTEES)
    assert "наставляемых" in wizard.file_page.kind_hint.text()
    press_next(qtbot, wizard, ImportWizard.PAGE_COLUMNS)  # one sheet: no sheet page

    page = wizard.columns_page
    assert "строке 3" in page.header_label.text()
    forbidden = page.forbidden_label.text()
    assert "«СНИЛС»" in forbidden and "«Адрес проживания»" in forbidden
    assert "куратор не собирает" in forbidden
    shown = [page.columns.index(row, ColumnsModel.COL_FILE).data()
             for row in range(page.columns.rowCount())]
    assert shown == [f"{column_letter(i)}   {h}" for i, h in enumerate(HEADER)
                     if h not in ("СНИЛС", "Адрес проживания")]
    assert field_combo(wizard, "ФИО").currentText() == Field.FULL_NAME.value
    assert field_combo(wizard, "Ключевые запросы").currentText() == Field.REQUESTS.value
    combo = field_combo(wizard, "Параллель")
    assert combo.currentData() == ""  # «Параллель» is not recognised: corrected by the curator
    combo.setCurrentIndex(combo.findData(Field.CLASS.name))
    assert page.columns.mapping().fields[Field.CLASS] == 2
    press_next(qtbot, wizard, ImportWizard.PAGE_CHECK)

    check = wizard.check_page
    assert "Новых: <b>3</b>" in check.counts.text() and "проблем не найдено" in check.counts.text()
    assert check.problems_box.isHidden()
    sample = check.sample
    titles = sample.titles()
    first = {title: sample.index(0, col).data() for col, title in enumerate(titles)}
    assert first["ФИО"] == "Иванов Иван Иванович" and first["Класс"] == "5А"
    assert first["Дата рождения"] == "02.03.2014" and first["Запросы"] == "низкая мотивация к учебе"
    assert "СНИЛС" not in titles and "Адрес" not in titles
    on_the_last_page(wizard)  # nobody in the base: no duplicates page, no load page

    result = load(qtbot, wizard)
    assert (result.created, result.profiles_added) == (3, 3)
    assert people(db) == [
        ("Иванов Иван Иванович", "5А", dt.date(2014, 3, 2), PersonCategory.PUPIL),
        ("Петрова Мария Сергеевна", "5Б", dt.date(2014, 9, 1), PersonCategory.PUPIL),
        ("Сидоров Пётр Алексеевич", "5А", dt.date(2014, 1, 15), PersonCategory.PUPIL)]
    with db.reading() as session:
        profiles = {p.person.last_name: p.requests_note for p in session.scalars(
            select(MenteeProfile).where(MenteeProfile.programme_id == programme.id))}
    assert profiles == {"Иванов": "низкая мотивация к учебе", "Петрова": "",
                        "Сидоров": "адаптация в коллективе"}
    assert b"123-456-789" not in db_bytes(db) and "Ленина".encode() not in db_bytes(db)


def test_a_bad_date_keeps_next_disabled_until_the_file_is_fixed(
        qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    rows = [["Фамилия", "Имя", "Отчество", "Класс", "Дата рождения"],
            ["Ёлкина", "Анна", "Петровна", "7А", "14.05.2012"],
            ["Щукин", "Пётр", "", "7Б", "31.02.2012"],
            ["Орлов", "Олег", "", "7Б", "03.11.2000"]]
    path = write_csv(tmp_path / "7 классы.csv", rows, encoding="cp1251")
    wizard = make_wizard(qtbot, db)
    choose_file(qtbot, wizard, path)
    press_next(qtbot, wizard, ImportWizard.PAGE_COLUMNS)
    press_next(qtbot, wizard, ImportWizard.PAGE_CHECK)

    check = wizard.check_page
    assert not enabled(wizard, Button.NextButton)
    assert "ошибок: <b>1</b> в 1\u00a0строке" in check.counts.text()
    problems = problems_shown(wizard)
    assert [(row, colour) for row, _text, colour in problems] == [
        (3, ERROR_COLOUR), (4, WARNING_COLOUR)]
    assert "31.02.2012" in problems[0][1]
    assert check.problems.problem(0).severity is Severity.ERROR
    assert check.problems.index(0, ProblemsModel.COL_COLUMN).data() == "Дата рождения"
    assert "Проверить снова" in check.hint_text()

    rows[2][4] = "28.02.2012"
    write_csv(path, rows, encoding="cp1251")
    qtbot.mouseClick(check.recheck_button, Qt.MouseButton.LeftButton)
    checked(qtbot, wizard)
    assert [row for row, _text, _colour in problems_shown(wizard)] == [4]  # the warning stays
    on_the_last_page(wizard)
    assert load(qtbot, wizard).created == 3
    assert [p[:3] for p in people(db)] == [("Ёлкина Анна Петровна", "7А", dt.date(2012, 5, 14)),
                                           ("Щукин Пётр", "7Б", dt.date(2012, 2, 28)),
                                           ("Орлов Олег", "7Б", dt.date(2000, 11, 3))]


def test_people_already_in_the_base_are_updated_when_asked(qtbot: QtBot, db: Database,
                                                           tmp_path: Path) -> None:
    first = [["ФИО", "Класс", "Дата рождения"], ["Иванов Иван Иванович", "5А", "02.03.2014"]]
    commit_import(db, prepare_import(db, write_xlsx(tmp_path / "a.xlsx", first),
                                     ImportKind.PUPILS))
    again = [["ФИО", "Класс", "Дата рождения"], ["Иванов Иван Иванович", "6А", "02.03.2014"],
             ["Новикова Ольга Павловна", "6А", "05.05.2013"]]
    wizard = make_wizard(qtbot, db)
    choose_file(qtbot, wizard, write_xlsx(tmp_path / "b.xlsx", again))
    press_next(qtbot, wizard, ImportWizard.PAGE_COLUMNS)
    press_next(qtbot, wizard, ImportWizard.PAGE_CHECK)
    assert "уже в базе: <b>1</b>" in wizard.check_page.counts.text()
    press_next(qtbot, wizard, ImportWizard.PAGE_DUPLICATES)
    duplicates = wizard.duplicates_page
    assert "<b>1\u00a0человек</b>" in duplicates.count_label.text()
    assert duplicates.duplicates() is Duplicates.SKIP
    duplicates.update_.setChecked(True)
    press_next(qtbot, wizard, ImportWizard.PAGE_LOAD)
    assert "будут обновлены сведения" in wizard.load_page.plan.text()
    result = load(qtbot, wizard)
    assert (result.created, result.updated) == (1, 1)
    assert [p[:2] for p in people(db)] == [("Иванов Иван Иванович", "6А"),
                                           ("Новикова Ольга Павловна", "6А")]


def test_the_sheet_with_the_list_is_chosen(qtbot: QtBot, db: Database,
                                           programme: ProgrammeInfo, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "книга.xlsx", [["Сводка"]], sheet="Титул",
                      extra_sheets=["Педагоги"])
    book = openpyxl.load_workbook(path)
    book["Педагоги"].append(["ФИО", "Категория", "Компетенции", "Ресурс времени"])
    book["Педагоги"].append(["Смирнова Ольга Петровна", "педагог", "математика", "4 ч"])
    book.save(path)
    wizard = make_wizard(qtbot, db, ImportKind.MENTORS)
    choose_file(qtbot, wizard, path)
    press_next(qtbot, wizard, ImportWizard.PAGE_SHEET)
    sheets = wizard.sheet_page
    assert sheets.sheets.currentItem().text() == "Педагоги"  # the first sheet with a list
    assert enabled(wizard, Button.NextButton)
    sheets.choose("Титул")
    checked(qtbot, wizard)
    assert "не найдена строка заголовков" in sheets.hint_text()
    assert not enabled(wizard, Button.NextButton)
    sheets.choose("Педагоги")
    checked(qtbot, wizard)
    assert "заголовок — в строке 1" in sheets.status.text()
    press_next(qtbot, wizard, ImportWizard.PAGE_COLUMNS)
    assert "листа «Педагоги»" in wizard.columns_page.header_label.text()
    press_next(qtbot, wizard, ImportWizard.PAGE_CHECK)
    assert "лист «Педагоги»" in wizard.check_page.counts.text()
    on_the_last_page(wizard)
    assert load(qtbot, wizard).profiles_added == 1
    with db.reading() as session:
        mentor = session.scalars(select(MentorProfile)).one()
        assert mentor.competencies == "математика" and mentor.time_hours_per_month == 4
        assert mentor.person.sex is Sex.FEMALE


def test_columns_a_list_does_not_store_are_left_out(qtbot: QtBot, db: Database,
                                                     tmp_path: Path) -> None:
    rows = [["ФИО", "Класс", "Ресурс времени"], ["Иванов Иван", "5А", "много"]]
    wizard = make_wizard(qtbot, db)
    choose_file(qtbot, wizard, write_xlsx(tmp_path / "a.xlsx", rows))
    press_next(qtbot, wizard, ImportWizard.PAGE_COLUMNS)
    assert wizard.preview is not None and wizard.preview.errors  # «много» is not a number
    assert field_combo(wizard, "Ресурс времени").currentText() == "— не загружать —"
    assert Field.TIME_RESOURCE.value not in [field_combo(wizard, "Класс").itemText(i)
                                             for i in range(field_combo(wizard, "Класс").count())]
    press_next(qtbot, wizard, ImportWizard.PAGE_CHECK)
    assert wizard.preview is not None and not wizard.preview.problems


def test_without_a_name_column_next_is_disabled(qtbot: QtBot, db: Database,
                                                tmp_path: Path) -> None:
    wizard = make_wizard(qtbot, db)
    choose_file(qtbot, wizard, write_xlsx(tmp_path / "a.xlsx", PUPILS))
    press_next(qtbot, wizard, ImportWizard.PAGE_COLUMNS)
    combo = field_combo(wizard, "ФИО")
    combo.setCurrentIndex(combo.findData(""))
    assert not enabled(wizard, Button.NextButton)
    assert "Укажите столбец с именами" in wizard.columns_page.hint_text()
    combo.setCurrentIndex(combo.findData(Field.FULL_NAME.name))
    assert enabled(wizard, Button.NextButton)


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.4 ...", "это документ PDF"),
    (b"PK\x03\x04broken", "повреждён"),
])
def test_a_foreign_file_shows_its_message(qtbot: QtBot, db: Database, tmp_path: Path,
                                          content: bytes, message: str) -> None:
    path = tmp_path / "список.xlsx"
    path.write_bytes(content)
    before = db_bytes(db)
    wizard = make_wizard(qtbot, db)
    choose_file(qtbot, wizard, path)
    assert enabled(wizard, Button.NextButton)  # not read yet
    press(qtbot, wizard, Button.NextButton)
    checked(qtbot, wizard)
    assert wizard.currentId() == ImportWizard.PAGE_FILE
    assert message in wizard.file_page.hint_text()
    assert not enabled(wizard, Button.NextButton)
    wizard.file_page.path_edit.setText(str(tmp_path / "нет такого.xlsx"))
    assert wizard.file_page.hint_text() == "" and enabled(wizard, Button.NextButton)
    wizard.file_page.path_edit.editingFinished.emit()
    assert "не найден" in wizard.file_page.hint_text()
    assert not enabled(wizard, Button.NextButton)
    wizard.reject()
    assert db_bytes(db) == before


def test_browse_reads_the_chosen_file(qtbot: QtBot, db: Database, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", PUPILS)
    asked: list[str] = []

    def choose(*args: Any) -> tuple[str, str]:
        asked.append(args[3])
        return str(path), args[3]

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    wizard = make_wizard(qtbot, db)
    qtbot.mouseClick(wizard.file_page.browse_button, Qt.MouseButton.LeftButton)
    checked(qtbot, wizard)
    assert asked == ["Таблицы (*.xlsx *.xls *.ods *.csv)"]
    assert wizard.file_page.path_edit.text() == str(path)
    assert "заголовок — в строке 3" in wizard.file_page.status.text()


def test_mentees_need_a_programme(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    wizard = make_wizard(qtbot, db, ImportKind.MENTEES)
    choose_file(qtbot, wizard, write_xlsx(tmp_path / "a.xlsx", PUPILS))
    press(qtbot, wizard, Button.NextButton)
    checked(qtbot, wizard)
    assert "нет программы" in wizard.file_page.hint_text()
    choose_file(qtbot, wizard, write_xlsx(tmp_path / "a.xlsx", PUPILS), ImportKind.PUPILS)
    press_next(qtbot, wizard, ImportWizard.PAGE_COLUMNS)


def _ready_to_load(qtbot: QtBot, db: Database, path: Path) -> ImportWizard:
    wizard = make_wizard(qtbot, db, ImportKind.MENTEES)
    choose_file(qtbot, wizard, path)
    press_next(qtbot, wizard, ImportWizard.PAGE_COLUMNS)
    press_next(qtbot, wizard, ImportWizard.PAGE_CHECK)
    on_the_last_page(wizard)
    return wizard


def test_cancel_during_the_load_leaves_the_base_byte_for_byte(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    wizard = _ready_to_load(qtbot, db, write_xlsx(tmp_path / "a.xlsx", PUPILS))
    before = db_bytes(db)
    gate = threading.Event()
    real_commit = import_wizard.commit_import

    def held_commit(*args: Any, progress: Any, **kwargs: Any) -> ImportResult:
        def report(done: int, total: int) -> bool:
            gate.wait(10)  # the first chunk is saved (uncommitted) when «Отмена» is pressed
            return bool(progress(done, total))

        return real_commit(*args, progress=report, **kwargs)

    monkeypatch.setattr(import_wizard, "commit_import", held_commit)
    press(qtbot, wizard, Button.FinishButton)
    task = wizard.task
    assert task is not None and not enabled(wizard, Button.CancelButton)
    with qtbot.waitSignal(task.cancelled, timeout=10_000):
        task.progress_dialog.canceled.emit()  # «Отмена» pressed in the progress dialog
        gate.set()
    qtbot.waitUntil(lambda: wizard.task is None)
    assert wizard.import_result is None and wizard.isVisible()
    assert "Загрузка отменена — в базе ничего не изменилось" in wizard.check_page.hint_text()
    assert db_bytes(db) == before
    assert people(db) == []

    monkeypatch.setattr(import_wizard, "commit_import", real_commit)
    assert load(qtbot, wizard).created == 3  # and a second try loads


def test_the_commit_step_cancelled_by_its_progress(qtbot: QtBot, db: Database,
                                                   programme: ProgrammeInfo,
                                                   tmp_path: Path) -> None:
    wizard = _ready_to_load(qtbot, db, write_xlsx(tmp_path / "a.xlsx", PUPILS))
    before = db_bytes(db)
    with pytest.raises(OperationCancelled):
        wizard.commit_work(lambda done, total: False)
    assert db_bytes(db) == before


def test_a_failed_load_says_why_and_changes_nothing(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, shown_messages: Any) -> None:
    from nastavnik_desktop.errors import NastavnikError

    wizard = _ready_to_load(qtbot, db, write_xlsx(tmp_path / "a.xlsx", PUPILS))
    before = db_bytes(db)

    def disk_full(progress: Any) -> ImportResult:
        raise NastavnikError("Не удалось записать базу данных: диск заполнен.")

    monkeypatch.setattr(wizard, "commit_work", disk_full)
    press(qtbot, wizard, Button.FinishButton)
    qtbot.waitUntil(lambda: wizard.task is None)
    assert shown_messages.texts() == ["Не удалось записать базу данных: диск заполнен."]
    assert "ничего не изменилось" in wizard.check_page.hint_text()
    assert enabled(wizard, Button.FinishButton) and wizard.import_result is None
    assert db_bytes(db) == before


def test_the_menu_action_opens_the_wizard_for_the_section(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    action = window.findChild(QAction, "import_people")
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+I"
    opened: list[ImportKind] = []

    def fake_exec(wizard: ImportWizard) -> int:
        opened.append(wizard.file_page.kind())
        wizard.import_result = ImportResult(ImportKind.MENTORS, "a.xlsx", 2, 0, 0, 2, 0)
        return QWizard.DialogCode.Accepted.value

    monkeypatch.setattr(ImportWizard, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_args: (str(tmp_path / "a.xlsx"), "")))
    page = window.show_section("Наставники")
    refreshed: list[bool] = []
    monkeypatch.setattr(page, "refresh", lambda: refreshed.append(True))
    action.trigger()
    assert opened == [ImportKind.MENTORS] and refreshed == [True]
    window.show_section("Обзор")
    action.trigger()
    assert opened[-1] is ImportKind.PUPILS


def test_the_menu_action_needs_a_programme(qtbot: QtBot, db: Database) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.is_welcome_shown()
    assert not window.findChild(QAction, "import_people").isEnabled()


def test_the_curator_typed_in_by_hand_is_completed_not_doubled(qtbot: QtBot, db: Database,
                                                                tmp_path: Path) -> None:
    from nastavnik_desktop.data.enums import PersonCategory
    from nastavnik_desktop.services.people import persons

    with db.transaction() as session:
        persons.create_person(session, persons.NewPerson(
            "Смирнова", "Елена", "Павловна", category=PersonCategory.STAFF))
    staff = [["ФИО", "Дата рождения", "Должность"],
             ["Смирнова Елена Павловна", "12.04.1980", "учитель"]]
    wizard = make_wizard(qtbot, db, ImportKind.STAFF)
    choose_file(qtbot, wizard, write_xlsx(tmp_path / "staff.xlsx", staff))
    press_next(qtbot, wizard, ImportWizard.PAGE_COLUMNS)
    press_next(qtbot, wizard, ImportWizard.PAGE_CHECK)
    assert "совпадают с введёнными вручную: <b>1</b>" in wizard.check_page.counts.text()
    on_the_last_page(wizard)
    result = load(qtbot, wizard)
    assert (result.created, result.merged) == (0, 1)
    assert "дополнены сведения о введённых вручную: 1" in result.summary
    assert len(people(db)) == 1
