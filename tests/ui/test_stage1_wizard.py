"""The stage 1 wizard driven through its widgets: Finish sets up the programme, Cancel changes
nothing, each page says what is missing; the next school year from the UI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QComboBox, QFileDialog, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory, StageStatus
from nastavnik_desktop.data.models import (
    IssuedDocument,
    MentoringForm,
    Person,
    Programme,
    ProgrammeForm,
    ProgrammeRoleModel,
    RoadmapItem,
    RoleModel,
    School,
    StageProgress,
    TeamMember,
)
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.roadmap import list_roadmap
from nastavnik_desktop.services.stages import stage1 as stage1_service
from nastavnik_desktop.services.stages.stage1 import Stage1Data
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.models.team_model import TeamModel
from nastavnik_desktop.ui.wizards.stage1 import (
    FormsPage,
    Stage1Wizard,
    TeamPage,
)
from tests.helpers.wizard import click, press, press_next, wait_loaded

SCHOOL = "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 2»"
ISSUED = dt.date(2025, 9, 1)


def make_wizard(qtbot: QtBot, db: Database, today: dt.date | None = None) -> Stage1Wizard:
    wizard = Stage1Wizard(db, today=today)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    return wizard


def next_button_enabled(wizard: Stage1Wizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()








def add_new_staff(qtbot: QtBot, page: TeamPage, last: str, first: str, middle: str,
                  position: str) -> None:
    for field, text in ((page.new_last_name, last), (page.new_first_name, first),
                        (page.new_middle_name, middle), (page.new_position, position)):
        field.setText(text)
    click(qtbot, page.new_add_button)


def pick_staff(page: TeamPage, name: str) -> None:
    """Find `name` with the search box and select it in the list."""
    page.search.setText(name.split()[0])
    assert page.staff_proxy.rowCount() == 1
    page.staff_view.selectRow(0)


def role_editor(page: TeamPage, row: int) -> QComboBox:
    editor = page.team_view.indexWidget(page.team.index(row, TeamModel.COL_ROLE))
    assert isinstance(editor, QComboBox)
    return editor


def form_item(page: FormsPage, name: str) -> QStandardItem:
    return next(i for i in page.form_items.values() if i.text() == name)


def role_model_item(form: QStandardItem, name: str) -> QStandardItem:
    return next(form.child(r) for r in range(form.rowCount()) if form.child(r).text() == name)


def fill_every_page(qtbot: QtBot, wizard: Stage1Wizard, scan: Path,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The curator's way through an empty database, from «Далее» to «Готово»."""
    school = wizard.school_page
    school.full_name.setPlainText("Муниципальное бюджетное общеобразовательное\nучреждение "
                                  "«Лицей № 2» ")
    school.short_name.setText("МБОУ «Лицей № 2»")
    school.address.setText("г. Тверь, ул. Советская, 1")
    school.municipality.setText("г. Тверь")
    school.founder.setText("Управление образования  администрации города Твери")
    school.settlement.setText("г. Тверь")
    school.director_name.setText("Соколов  Иван Петрович")
    press_next(qtbot, wizard)

    team = wizard.team_page
    team.school_year.setText("2025/2026")
    assert team.new_box.isVisible(), "an empty base must offer to add staff at once"
    add_new_staff(qtbot, team, "Белова", "Наталья", "Ивановна", "учитель математики")
    click(qtbot, team.curator_button)
    add_new_staff(qtbot, team, "Зайцев", "Олег", "", "педагог-психолог")
    click(qtbot, team.add_button)
    assert [(r.person.full_name, r.role) for r in team.team.rows()] == [
        ("Белова Наталья Ивановна", "куратор"), ("Зайцев Олег", "педагог-психолог")]
    role_editor(team, 1).setCurrentText("социальный педагог")
    press_next(qtbot, wizard)

    forms = wizard.forms_page
    pupil = form_item(forms, "ученик – ученик")
    forms.tree.setFocus()
    forms.tree.setCurrentIndex(pupil.index())
    qtbot.keyClick(forms.tree, Qt.Key.Key_Space)
    assert pupil.checkState() == Qt.CheckState.Checked
    role_model_item(pupil, "лидер – пассивный").setCheckState(Qt.CheckState.Checked)
    role_model_item(pupil, "равный – равному").setCheckState(Qt.CheckState.Checked)
    teacher = form_item(forms, "учитель – учитель")
    role_model_item(teacher, "опытный педагог – молодой специалист").setCheckState(
        Qt.CheckState.Checked)
    assert teacher.checkState() == Qt.CheckState.Checked, "a role model checks its form"
    press_next(qtbot, wizard)

    goals = wizard.goals_page
    goals.goal.setPlainText("Раскрытие потенциала каждого обучающегося и педагога лицея.")
    press_next(qtbot, wizard)

    documents = wizard.documents_page.rows
    order = documents["order_launch"]
    order.number.setText("12-о")
    order.issued_on.setDate(QDate(ISSUED.year, ISSUED.month, ISSUED.day))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *_args, **_kwargs: (str(scan), ""))
    click(qtbot, order.choose_button)
    assert order.source == scan and order.clear_button.isEnabled()
    regulation = documents["regulation"]
    regulation.number.setText("13-о")
    regulation.issued_on.setDate(QDate(ISSUED.year, ISSUED.month, ISSUED.day))
    press_next(qtbot, wizard)


def scan_file(tmp_path: Path) -> Path:
    scan = tmp_path / "сканы" / "Приказ 12-о.PDF"
    scan.parent.mkdir()
    scan.write_bytes(b"%PDF-1.4 scan of the order")
    return scan


def db_snapshot(db: Database) -> bytes:
    """The database file with everything committed written into it."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return db.path.read_bytes()


def add_staff(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        people = {
            "Смирнова": Person(last_name="Смирнова", first_name="Ольга",
                               middle_name="Викторовна", category=PersonCategory.STAFF,
                               position="заместитель директора по УВР"),
            "Козлов": Person(last_name="Козлов", first_name="Игорь", middle_name="Петрович",
                             category=PersonCategory.STAFF, position="педагог-психолог"),
            "Орлова": Person(last_name="Орлова", first_name="Мария", middle_name="Андреевна",
                             category=PersonCategory.STAFF, position="учитель истории"),
        }
        session.add_all(people.values())
        session.flush()
        return {name: person.id for name, person in people.items()}


def set_up_programme(db: Database, staff: dict[str, int]) -> ProgrammeInfo:
    with db.reading() as session:
        form = session.scalars(select(MentoringForm).where(
            MentoringForm.code == "teacher_teacher")).one()
        form_id, model_id = form.id, form.role_models[0].id
    return stage1_service.complete_stage1(db, Stage1Data(
        school_full_name=SCHOOL, school_short_name="МБОУ «Лицей № 2»",
        director_name="Соколов Иван Петрович", school_year="2025/2026",
        curator_id=staff["Смирнова"], team=((staff["Козлов"], "педагог-психолог"),),
        form_ids=(form_id,), role_model_ids={form_id: (model_id,)}))


def test_finish_on_an_empty_database_sets_up_the_whole_programme(
        qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    wizard = make_wizard(qtbot, db)
    fill_every_page(qtbot, wizard, scan_file(tmp_path), monkeypatch)

    summary = wizard.summary_page.text()
    for expected in ("Муниципальное бюджетное общеобразовательное учреждение «Лицей № 2»",
                     "2025/2026", "Белова Наталья Ивановна — куратор (будет добавлен в базу)",
                     "Зайцев Олег — социальный педагог",
                     "ученик – ученик: лидер – пассивный; равный – равному",
                     "№ 12-о от 01.09.2025, файл «Приказ 12-о.PDF»",
                     "Программа наставничества — пока не издана"):
        assert expected in summary
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert not shown_messages.messages
    assert wizard.result() == QWizard.DialogCode.Accepted and not wizard.isVisible()
    assert wizard.programme is not None and wizard.programme.school_year == "2025/2026"
    with db.reading() as session:
        school = session.scalars(select(School)).one()
        assert (school.full_name, school.short_name, school.address, school.municipality,
                school.director_name) == (
            "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 2»",
            "МБОУ «Лицей № 2»", "г. Тверь, ул. Советская, 1", "г. Тверь",
            "Соколов Иван Петрович")
        # the founder line and the place of compilation printed on the school's orders
        assert (school.founder, school.settlement) == (
            "Управление образования администрации города Твери", "г. Тверь")
        programme = session.scalars(select(Programme)).one()
        assert programme.id == wizard.programme.id
        assert programme.goal.startswith("Раскрытие потенциала каждого")
        assert programme.tasks == stage1_service.default_tasks()
        people = {p.last_name: p for p in session.scalars(select(Person))}
        assert set(people) == {"Белова", "Зайцев"}
        assert people["Белова"].category is PersonCategory.STAFF
        assert people["Белова"].position == "учитель математики"
        assert programme.curator_id == people["Белова"].id
        assert {(m.person_id, m.role) for m in session.scalars(select(TeamMember))} == {
            (people["Белова"].id, "куратор"), (people["Зайцев"].id, "социальный педагог")}
        forms = set(session.scalars(select(MentoringForm.name).join(
            ProgrammeForm, ProgrammeForm.form_id == MentoringForm.id)))
        assert forms == {"ученик – ученик", "учитель – учитель"}
        models = set(session.scalars(select(RoleModel.name).join(
            ProgrammeRoleModel, ProgrammeRoleModel.role_model_id == RoleModel.id)))
        assert models == {"лидер – пассивный", "равный – равному",
                          "опытный педагог – молодой специалист"}
        documents = {d.kind: d for d in session.scalars(select(IssuedDocument))}
        assert set(documents) == {"order_launch", "regulation"}
        order = documents["order_launch"]
        assert (order.number, order.issued_on) == ("12-о", ISSUED)
        copy = Path(order.file_path)
        assert copy.parent == db.path.parent / "documents"
        assert copy.read_bytes() == b"%PDF-1.4 scan of the order"
        assert documents["regulation"].number == "13-о"
        assert session.scalar(select(func.count()).select_from(RoadmapItem)) > 20
        stages = {s.stage: s.status for s in session.scalars(select(StageProgress))}
        assert stages[1] is StageStatus.DONE and stages[2] is StageStatus.IN_PROGRESS


def test_the_short_name_follows_the_full_name_until_typed(qtbot: QtBot, db: Database) -> None:
    wizard = make_wizard(qtbot, db)
    school = wizard.school_page
    school.full_name.setPlainText("Муниципальное бюджетное общеобразовательное учреждение "
                                  "«Средняя общеобразовательная школа № 7»")
    assert school.short_name.text() == "МБОУ «СОШ № 7»"
    school.short_name.setText("МБОУ СОШ № 7 г. Твери")
    school.short_name.textEdited.emit("МБОУ СОШ № 7 г. Твери")
    school.full_name.setPlainText("Муниципальное бюджетное общеобразовательное учреждение "
                                  "«Средняя общеобразовательная школа № 8»")
    assert school.short_name.text() == "МБОУ СОШ № 7 г. Твери", "what was typed stays"


def test_finish_is_offered_once_the_forms_are_chosen(
        qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The goal comes from the methodology and the documents are optional."""
    wizard = make_wizard(qtbot, db)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isVisible()
    fill_every_page(qtbot, wizard, scan_file(tmp_path), monkeypatch)
    for _ in range(3):
        wizard.back()
    assert wizard.currentPage() is wizard.forms_page and finish.isVisible()
    wizard.back()
    assert not finish.isVisible(), "not before the forms are chosen"


def test_a_programme_opened_mid_year_has_its_roadmap_from_that_day(
        qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    """The wizard's day reaches the service: a programme set up in mid-year has nothing
    overdue that day (its roadmap is not dated from September) and stage 1 done on it. The
    day is not the machine's (its clock once read 05.12.2026, which hid the bug)."""
    opened = dt.date(2027, 2, 10)
    wizard = make_wizard(qtbot, db, today=opened)
    fill_every_page(qtbot, wizard, scan_file(tmp_path), monkeypatch)
    wizard.team_page.school_year.setText("2026/2027")
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert not shown_messages.messages
    assert wizard.programme is not None and wizard.programme.school_year == "2026/2027"
    lines = list_roadmap(db, wizard.programme.id, today=opened)
    assert lines and not [line.title for line in lines if line.overdue]
    assert all(line.due_on is not None and line.due_on >= opened for line in lines)
    assert {line.done_on for line in lines if line.stage == 1} == {opened}


def test_cancel_leaves_the_database_file_as_it_was(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, tmp_path: Path,
        shown_messages: CapturedMessages) -> None:
    add_staff(db)
    before = db_snapshot(db)
    wizard = make_wizard(qtbot, db)
    wizard.school_page.full_name.setPlainText("Совсем другая школа")
    press_next(qtbot, wizard)
    team = wizard.team_page
    click(qtbot, team.new_toggle)
    add_new_staff(qtbot, team, "Новикова", "Анна", "", "учитель")
    click(qtbot, team.curator_button)
    pick_staff(team, "Козлов Игорь Петрович")
    click(qtbot, team.add_button)
    press_next(qtbot, wizard)

    shown_messages.answer = False
    press(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.isVisible(), "declining the question keeps the wizard open"
    shown_messages.answer = True
    press(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not wizard.isVisible() and wizard.result() == QWizard.DialogCode.Rejected
    assert shown_messages.texts(MessageKind.CONFIRM) == [
        "Закрыть мастер? Введённые данные не будут сохранены."] * 2

    assert db_snapshot(db) == before
    assert not (db.path.parent / "documents").exists()


def test_each_page_says_what_is_missing_and_keeps_next_disabled(
        qtbot: QtBot, db: Database) -> None:
    staff = add_staff(db)
    wizard = make_wizard(qtbot, db)
    school = wizard.school_page
    assert not next_button_enabled(wizard)
    assert "полное наименование" in school.hint_text()
    assert "ФИО директора" in school.hint_text()
    school.full_name.setPlainText(SCHOOL)
    school.director_name.setText("Соколов Иван Петрович")
    assert next_button_enabled(wizard) and not school.hint_text()
    press_next(qtbot, wizard)

    team = wizard.team_page
    assert not team.new_box.isVisible(), "with staff in the base the form is folded"
    team.school_year.setText("2025")
    assert not next_button_enabled(wizard)
    assert "записан неверно" in team.hint_text() and "Назначьте куратора" in team.hint_text()
    team.school_year.setText("2025/2026")
    pick_staff(team, "Смирнова Ольга Викторовна")
    click(qtbot, team.add_button)
    assert team.team.rows()[0].role == "заместитель директора", "the role is guessed"
    click(qtbot, team.curator_button)
    pick_staff(team, "Орлова Мария Андреевна")
    click(qtbot, team.curator_button)
    assert [(r.person.full_name, r.role) for r in team.team.rows()] == [
        ("Смирнова Ольга Викторовна", "член рабочей группы"),
        ("Орлова Мария Андреевна", "куратор")]
    role_editor(team, 0).setCurrentText("куратор")
    assert "Куратор у программы один" in team.hint_text() and not next_button_enabled(wizard)
    role_editor(team, 0).setCurrentText("")
    assert "Укажите роль в команде: Смирнова Ольга Викторовна" in team.hint_text()
    team.team_view.selectRow(0)
    click(qtbot, team.remove_button)
    assert team.curator() == staff["Орлова"] and team.members() == ()
    press_next(qtbot, wizard)

    forms = wizard.forms_page
    assert not next_button_enabled(wizard)
    assert "Отметьте хотя бы одну форму" in forms.hint_text()
    pupil = form_item(forms, "ученик – ученик")
    pupil.setCheckState(Qt.CheckState.Checked)
    assert "ролевую модель для формы «ученик – ученик»" in forms.hint_text()
    leader = role_model_item(pupil, "лидер – пассивный")
    leader.setCheckState(Qt.CheckState.Checked)
    assert next_button_enabled(wizard)
    pupil.setCheckState(Qt.CheckState.Unchecked)
    assert leader.checkState() == Qt.CheckState.Unchecked, "unchecking a form clears its models"
    assert not next_button_enabled(wizard)
    leader.setCheckState(Qt.CheckState.Checked)
    press_next(qtbot, wizard)

    goals = wizard.goals_page
    goals.tasks.setPlainText("  \n ")
    assert "Заполните: задачи." in goals.hint_text() and not next_button_enabled(wizard)
    goals.tasks.setPlainText("Одна задача")
    press_next(qtbot, wizard)

    documents = wizard.documents_page
    row = documents.rows["programme"]
    assert row.issued_on.maximumDate() == QDate.currentDate(), "no dates in the future"
    assert not row.issued_on.isEnabled(), "no number, no file: not issued, no date"
    row.set_source(db.path.parent / "нет такого файла.pdf")
    assert "не найден" in documents.hint_text() and not next_button_enabled(wizard)
    click(qtbot, row.clear_button)
    assert row.source is None and next_button_enabled(wizard)


def test_methodology_text_comes_back_on_request(
        qtbot: QtBot, db: Database, shown_messages: CapturedMessages) -> None:
    wizard = make_wizard(qtbot, db)
    goals = wizard.goals_page
    assert goals.goal.toPlainText() == stage1_service.default_goal()
    goals.goal.setPlainText("Своя цель")
    goals.results.setPlainText("Свои результаты")
    shown_messages.answer = False
    click(qtbot, goals.restore_button)
    assert goals.goal.toPlainText() == "Своя цель"
    shown_messages.answer = True
    click(qtbot, goals.restore_button)
    assert goals.goal.toPlainText() == stage1_service.default_goal()
    assert goals.results.toPlainText() == stage1_service.default_results()
    assert len(shown_messages.texts(MessageKind.CONFIRM)) == 2


def test_a_failed_save_says_why_and_keeps_the_wizard_open(
        qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    scan = scan_file(tmp_path)
    wizard = make_wizard(qtbot, db)
    fill_every_page(qtbot, wizard, scan, monkeypatch)
    scan.unlink()  # the USB stick was pulled out after the documents page
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert wizard.isVisible() and wizard.programme is None
    assert wizard.currentPage() is wizard.summary_page
    errors = shown_messages.texts(MessageKind.ERROR)
    assert len(errors) == 1 and "Не удалось прочитать файл" in errors[0]
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Programme)) == 0
        assert session.scalar(select(func.count()).select_from(Person)) == 0


def test_the_wizard_run_again_shows_and_keeps_what_was_saved(
        qtbot: QtBot, db: Database) -> None:
    staff = add_staff(db)
    saved = set_up_programme(db, staff)
    wizard = make_wizard(qtbot, db)
    assert wizard.school_page.school_full_name() == SCHOOL
    team = wizard.team_page
    assert team.school_year.text() == "2025/2026"
    assert [(r.person.full_name, r.role) for r in team.team.rows()] == [
        ("Смирнова Ольга Викторовна", "куратор"), ("Козлов Игорь Петрович", "педагог-психолог")]
    assert role_editor(team, 1).currentText() == "педагог-психолог"
    assert [f.text() for f in wizard.forms_page.form_items.values()
            if f.checkState() == Qt.CheckState.Checked] == ["учитель – учитель"]
    for _page in range(5):
        press_next(qtbot, wizard)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.programme is not None and wizard.programme.id == saved.id
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Programme)) == 1
        assert session.scalar(select(func.count()).select_from(Person)) == 3
        assert {(m.person_id, m.role) for m in session.scalars(select(TeamMember))} == {
            (staff["Смирнова"], "куратор"), (staff["Козлов"], "педагог-психолог")}


def test_creating_the_programme_from_the_welcome_screen_opens_the_wizard(
        qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.is_welcome_shown()
    seen: list[Stage1Wizard] = []

    def exec_filled(wizard: Stage1Wizard) -> int:
        seen.append(wizard)
        wizard.show()
        wait_loaded(qtbot, wizard)
        fill_every_page(qtbot, wizard, scan_file(tmp_path), monkeypatch)
        press(qtbot, wizard, QWizard.WizardButton.FinishButton)
        return wizard.result()

    monkeypatch.setattr(Stage1Wizard, "exec", exec_filled)
    window.create_programme()

    assert seen and seen[0].parent() is window
    assert not window.is_welcome_shown()
    assert window.current_section_title() == "Обзор"
    assert "МБОУ «Лицей № 2»" in window.status_texts()
    assert "Программа 2025/2026" in window.status_texts()
