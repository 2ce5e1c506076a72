"""The stage 3 wizard driven through its widgets: Finish fills the mentor base and creates the
external people typed in, Cancel changes nothing, refusals keep the curator on the page, the
roadmap shows the stage after Finish."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Contour, MentorStatus, PersonCategory, StageStatus
from nastavnik_desktop.data.models import MentorProfile, Person
from nastavnik_desktop.services import stages
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.pages.roadmap import RoadmapPage
from nastavnik_desktop.ui.wizards.stage3 import Stage3Wizard
from tests.helpers.wizard import click, db_snapshot, press, press_next, wait_loaded


def add_people(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        people = {
            "senior": Person(last_name="Орлов", first_name="Глеб", category=PersonCategory.PUPIL,
                             class_name="10А"),
            "junior": Person(last_name="Панов", first_name="Лев", category=PersonCategory.PUPIL,
                             class_name="5А"),
            "teacher": Person(last_name="Сидорова", first_name="Нина", middle_name="Петровна",
                              category=PersonCategory.STAFF, position="учитель математики",
                              experience_years=25),
        }
        session.add_all(people.values())
        session.flush()
        return {key: person.id for key, person in people.items()}


def make_wizard(qtbot: QtBot, db: Database, programme_id: int) -> Stage3Wizard:
    wizard = Stage3Wizard(db, programme_id)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    return wizard


def next_enabled(wizard: QWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def pick_mentors(qtbot: QtBot, wizard: Stage3Wizard, people: dict[str, int]) -> None:
    internal = wizard.internal_page
    assert [p.full_name for p in internal.pupils.visible_people()] == ["Орлов Глеб"], \
        "older grades first"
    internal.pupils.select_people([people["senior"]])
    click(qtbot, internal.pupils.add_button)
    internal.tabs.setCurrentWidget(internal.staff)
    internal.staff.select_people([people["teacher"]])
    assert internal.staff.form_combo.currentText() == "учитель – учитель"
    click(qtbot, internal.staff.add_button)
    assert internal.panel.proxy.rowCount() == 2
    press_next(qtbot, wizard)

    external = wizard.external_page
    external.tabs.setCurrentWidget(external.new_box)
    external.last_name.setText("Гусев")
    external.first_name.setText("Павел")
    external.middle_name.setText("Олегович")
    external.category.setCurrentIndex(external.category.findData("employee"))
    external.organisation.setText("АО «Приреченский машзавод»")
    external.position.setText("инженер-конструктор")
    external.phone.setText("+7 900 123-45-67")
    external.email.setText("gusev@")
    assert "записан неверно" in external.new_problems.text()
    assert not external.new_add_button.isEnabled()
    external.email.setText("gusev@zavod.ru")
    click(qtbot, external.new_add_button)
    assert external.panel.proxy.rowCount() == 1 and not external.last_name.text()
    press_next(qtbot, wizard)


def fill_profiles(qtbot: QtBot, wizard: Stage3Wizard) -> None:
    page = wizard.profiles_page
    for name, competencies, hours in (("Орлов Глеб", "математика, олимпиады", 4),
                                      ("Сидорова Нина Петровна", "методика преподавания", 6),
                                      ("Гусев Павел Олегович", "инженерное дело", 2)):
        page.select_row_of(name)
        page.competencies.setPlainText(competencies)
        page.hours.setValue(hours)
    page.select_row_of("Гусев Павел Олегович")
    page.achievements.setPlainText("изобретатель года")
    page.interests.setPlainText("робототехника")
    page.helps_with.items.item(1).setCheckState(Qt.CheckState.Checked)
    page.age_min.setValue(14)
    page.age_max.setValue(17)
    page.capacity.setValue(3)
    press_next(qtbot, wizard)


def test_finish_saves_the_mentor_base_and_creates_external_people(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    people = add_people(db)
    wizard = make_wizard(qtbot, db, programme.id)
    pick_mentors(qtbot, wizard, people)
    fill_profiles(qtbot, wizard)
    summary = wizard.summary_page.text()
    for expected in ("Внутренний контур: 2 человека", "Внешний контур: 1 человек",
                     "сотрудник предприятия: 1", "3 из 3 заполнено",
                     "Будут добавлены в базу школы (1): Гусев Павел Олегович"):
        assert expected in summary, expected
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert wizard.result() == QWizard.DialogCode.Accepted
    assert shown_messages.texts(MessageKind.INFO) == [
        "Данные этапа 3 сохранены. Чтобы этап был выполнен, осталось:\n"
        "• Проведены встречи с потенциальными наставниками"]
    with db.reading() as session:
        gusev = session.scalars(select(Person).where(Person.last_name == "Гусев")).one()
        assert (gusev.first_name, gusev.middle_name, gusev.category, gusev.organisation,
                gusev.position, gusev.phone, gusev.email) == (
            "Павел", "Олегович", PersonCategory.EMPLOYEE, "АО «Приреченский машзавод»",
            "инженер-конструктор", "+7 900 123-45-67", "gusev@zavod.ru")
        profiles = {p.person_id: p for p in session.scalars(select(MentorProfile))}
        assert set(profiles) == {people["senior"], people["teacher"], gusev.id}
        assert all(p.status is MentorStatus.CANDIDATE for p in profiles.values())
        profile = profiles[gusev.id]
        assert (profile.contour, profile.competencies, profile.achievements, profile.interests,
                profile.desired_age_min, profile.desired_age_max, profile.time_hours_per_month,
                profile.capacity) == (Contour.EXTERNAL, "инженерное дело", "изобретатель года",
                                      "робототехника", 14, 17, 2.0, 3)
        assert len(profile.helps_with) == 1
        assert profiles[people["teacher"]].form.code == "teacher_teacher"
        assert profiles[people["senior"]].contour is Contour.INTERNAL


def test_cancel_leaves_the_database_file_as_it_was(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    people = add_people(db)
    before = db_snapshot(db)
    wizard = make_wizard(qtbot, db, programme.id)
    pick_mentors(qtbot, wizard, people)
    fill_profiles(qtbot, wizard)
    assert "Гусев Павел Олегович" in wizard.summary_page.text(), "the preview ran"
    press(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert db_snapshot(db) == before
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 3


def test_capacity_zero_and_a_reversed_age_range_keep_the_wizard_on_the_page(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    people = add_people(db)
    wizard = make_wizard(qtbot, db, programme.id)
    pick_mentors(qtbot, wizard, people)
    page = wizard.profiles_page
    page.select_row_of("Орлов Глеб")
    page.capacity.setValue(0)
    assert "Орлов Г.: число наставляемых — от 1 до 10." in page.hint_text()
    assert not next_enabled(wizard)
    wizard.next()
    assert wizard.currentPage() is page
    page.capacity.setValue(2)
    page.age_min.setValue(14)
    page.age_max.setValue(10)
    assert "«от» (14) больше, чем «до» (10)" in page.hint_text()
    assert not next_enabled(wizard)
    page.age_max.setValue(16)
    assert not page.hint_text() and next_enabled(wizard)


def test_the_roadmap_shows_the_stage_after_finish(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        monkeypatch: pytest.MonkeyPatch) -> None:
    people = add_people(db)
    stages.set_tick(db, programme.id, 3, "motivation", True)
    page = RoadmapPage(db, programme.id)
    qtbot.addWidget(page)
    assert page.cards[2].status is StageStatus.IN_PROGRESS

    def exec_filled(wizard: Stage3Wizard) -> int:
        wizard.show()
        wait_loaded(qtbot, wizard)
        pick_mentors(qtbot, wizard, people)
        fill_profiles(qtbot, wizard)
        press(qtbot, wizard, QWizard.WizardButton.FinishButton)
        return wizard.result()

    monkeypatch.setattr(Stage3Wizard, "exec", exec_filled)
    with qtbot.waitSignal(page.wizard_finished):  # the wizard's data loads in a worker first
        page.open_stage_wizard(3)
    assert page.cards[2].status is StageStatus.DONE


@pytest.mark.parametrize(("last_name", "first_name", "problem"), [
    ("Щ" * 1000, "Павел", "длиннее 100 знаков"),
    ("\u200b\u200b", "\u200b", "Укажите фамилию и имя"),
    ('=HYPERLINK("http://x","y")', "Павел", "не может начинаться со знака «=»"),
])
def test_the_new_external_mentor_form_refuses_a_bad_name(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, last_name: str,
        first_name: str, problem: str) -> None:
    wizard = make_wizard(qtbot, db, programme.id)
    press_next(qtbot, wizard)
    external = wizard.external_page
    external.tabs.setCurrentWidget(external.new_box)
    external.first_name.setText(first_name)
    external.last_name.setText(last_name)
    assert problem in external.new_problems.text()
    assert not external.new_add_button.isEnabled()
    external.add_new_person()
    assert external.panel.proxy.rowCount() == 0, "nothing added to the base"
