"""The stage 2 wizard driven through its widgets: Finish fills the mentee base, Cancel changes
nothing, refusals keep the curator on the page, the roadmap shows the stage after Finish."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ConsentGiver, PersonCategory, StageStatus
from nastavnik_desktop.data.models import (
    Consent,
    MenteeProfile,
    MentoringForm,
    Person,
    ProgrammeEvent,
)
from nastavnik_desktop.services import stages
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.models.events_model import EventsModel
from nastavnik_desktop.ui.pages.roadmap import RoadmapPage
from nastavnik_desktop.ui.wizards.stage2 import Stage2Wizard
from tests.helpers.wizard import click, db_snapshot, press, press_next, wait_loaded

TODAY = dt.date(2026, 3, 16)  # the wizard's day, passed in: never the machine's clock
HELD = TODAY - dt.timedelta(days=10)


def years_ago(years: int) -> dt.date:
    return TODAY.replace(year=TODAY.year - years, day=1)


def add_people(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        people = {
            "minor": Person(last_name="Ёлкина", first_name="Вера", category=PersonCategory.PUPIL,
                            class_name="6А", birth_date=years_ago(12),
                            parent_name="Ёлкина Ирина Павловна"),
            "classmate": Person(last_name="Белов", first_name="Антон",
                                category=PersonCategory.PUPIL, class_name="6А",
                                birth_date=years_ago(12), parent_name="Белова Ольга"),
            "other": Person(last_name="Абрамов", first_name="Денис",
                            category=PersonCategory.PUPIL, class_name="9Б",
                            birth_date=years_ago(15)),
            "young": Person(last_name="Жукова", first_name="Алла", middle_name="Игоревна",
                            category=PersonCategory.STAFF, position="учитель химии",
                            experience_years=1, birth_date=years_ago(24)),
            "senior": Person(last_name="Сидорова", first_name="Нина",
                             category=PersonCategory.STAFF, position="учитель математики",
                             experience_years=30),
        }
        session.add_all(people.values())
        session.flush()
        return {key: person.id for key, person in people.items()}


def make_wizard(qtbot: QtBot, db: Database, programme_id: int) -> Stage2Wizard:
    wizard = Stage2Wizard(db, programme_id, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    return wizard










def fill_every_page(qtbot: QtBot, wizard: Stage2Wizard, people: dict[str, int]) -> None:
    informing = wizard.informing_page
    click(qtbot, informing.add_button)
    model = informing.model
    row = model.rowCount() - 1
    model.setData(model.index(row, EventsModel.COL_DATE), HELD)
    model.setData(model.index(row, EventsModel.COL_TITLE), "Собрание «Наставничество в школе»")
    model.setData(model.index(row, EventsModel.COL_ATTENDED), 48)
    click(qtbot, informing.add_button)
    model.setData(model.index(row + 1, EventsModel.COL_KIND), "class_hour")
    assert model.events()[1].audience == "обучающиеся", "the audience follows the kind"
    press_next(qtbot, wizard)

    mentees = wizard.mentees_page
    pupils = mentees.pupils
    assert pupils.class_combo is not None
    pupils.class_combo.setCurrentIndex(pupils.class_combo.findData("6А"))
    assert [p.full_name for p in pupils.visible_people()] == ["Белов Антон", "Ёлкина Вера"]
    click(qtbot, pupils.class_button)
    mentees.tabs.setCurrentWidget(mentees.staff)
    assert mentees.staff.young_only is not None and mentees.staff.young_only.isChecked()
    assert [p.full_name for p in mentees.staff.visible_people()] == ["Жукова Алла Игоревна"]
    mentees.staff.view.selectRow(0)
    click(qtbot, mentees.staff.add_button)
    assert wizard.base.rowCount() == 3
    assert pupils.model.data(pupils.model.index(1, 3)) == "✓ ученик – ученик", \
        "people in the base are shown as such"
    press_next(qtbot, wizard)

    page = wizard.requests_page
    consent = page.consent_editor
    page.select_person(people["minor"])
    assert "Несовершеннолетний" in consent.flag.text()
    page.requests.items.item(0).setCheckState(Qt.CheckState.Checked)
    consent.given.setChecked(True)
    assert consent.giver() is ConsentGiver.PARENT, "a minor: the parent"
    assert consent.name.text() == "Ёлкина Ирина Павловна"
    assert not consent.flag.text()
    consent.giver_combo.setCurrentIndex(consent.giver_combo.findData("self"))
    assert "Несовершеннолетний" in consent.flag.text(), "a minor's own consent: flagged"
    consent.giver_combo.setCurrentIndex(consent.giver_combo.findData("parent"))
    # The same request and consent for the whole class at once.
    page.search.setText("6а")
    assert page.proxy.rowCount() == 2
    page.view.selectAll()
    click(qtbot, page.apply_requests_button)
    click(qtbot, consent.apply_button)
    page.search.clear()
    page.select_person(people["young"])
    page.note.setText("классное руководство")
    page.note.textEdited.emit("классное руководство")
    consent.given.setChecked(True)
    assert consent.giver() is ConsentGiver.SELF
    assert consent.name.placeholderText() == "", "an adult signs himself: no parent asked"
    press_next(qtbot, wizard)


def test_finish_saves_events_base_requests_and_consents(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    people = add_people(db)
    wizard = make_wizard(qtbot, db, programme.id)
    fill_every_page(qtbot, wizard, people)

    summary = wizard.summary_page.text()
    for expected in ("Сформирована база наставляемых — 3 человека",
                     "У каждого наставляемого записаны запросы — 3 из 3 с запросами",
                     "3 из 3 с согласием", "Проведены мотивационные беседы",
                     "Ёлкина Вера"):
        assert expected in summary, expected
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert wizard.result() == QWizard.DialogCode.Accepted and not wizard.isVisible()
    assert shown_messages.texts(MessageKind.INFO) == [
        "Данные этапа 2 сохранены. Чтобы этап был выполнен, осталось:\n"
        "• Проведены мотивационные беседы с обучающимися"]
    with db.reading() as session:
        events = session.scalars(select(ProgrammeEvent).order_by(ProgrammeEvent.id)).all()
        assert [(e.stage, e.kind, e.held_on, e.attended_count) for e in events] == [
            (2, "parents_meeting", HELD, 48), (2, "class_hour", TODAY, None)]
        profiles = {p.person_id: p for p in session.scalars(select(MenteeProfile))}
        assert set(profiles) == {people["minor"], people["classmate"], people["young"]}
        first_request = profiles[people["minor"]].requests
        assert len(first_request) == 1
        assert profiles[people["classmate"]].requests == first_request, "applied to selected"
        assert profiles[people["young"]].requests_note == "классное руководство"
        teacher_form = session.scalars(select(MentoringForm.id).where(
            MentoringForm.code == "teacher_teacher")).one()
        assert profiles[people["young"]].form_id == teacher_form
        consents = {c.person_id: c for c in session.scalars(select(Consent))}
        minor = consents[people["minor"]]
        assert (minor.given_by, minor.given_by_name, minor.given_on) == (
            ConsentGiver.PARENT, "Ёлкина Ирина Павловна", TODAY)
        assert consents[people["classmate"]].given_by_name == "Белова Ольга", \
            "each child's own parent signs"
        assert consents[people["young"]].given_by is ConsentGiver.SELF


def test_finish_is_offered_before_the_summary_and_saves_the_same(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    """The summary only shows: a curator who has entered everything finishes on the last
    page with data, and the base is saved as from the summary."""
    people = add_people(db)
    wizard = make_wizard(qtbot, db, programme.id)
    fill_every_page(qtbot, wizard, people)
    wizard.back()
    assert wizard.currentPage() is wizard.requests_page
    assert wizard.button(QWizard.WizardButton.NextButton).isVisible()
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.result() == QWizard.DialogCode.Accepted
    with db.reading() as session:
        assert {p.person_id for p in session.scalars(select(MenteeProfile))} == {
            people["minor"], people["classmate"], people["young"]}
    wizard = make_wizard(qtbot, db, programme.id)
    assert not wizard.button(QWizard.WizardButton.FinishButton).isVisible(), \
        "not on the first page: the data pages come first"


def test_cancel_leaves_the_database_file_as_it_was(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    people = add_people(db)
    before = db_snapshot(db)
    wizard = make_wizard(qtbot, db, programme.id)
    fill_every_page(qtbot, wizard, people)
    assert "3 человека" in wizard.summary_page.text(), "the preview ran"
    press(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert shown_messages.texts(MessageKind.CONFIRM) == [
        "Закрыть мастер? Введённые данные не будут сохранены."]
    assert db_snapshot(db) == before


def test_a_future_date_and_an_empty_base_keep_the_wizard_on_the_page(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    add_people(db)
    wizard = make_wizard(qtbot, db, programme.id)
    informing = wizard.informing_page
    click(qtbot, informing.add_button)
    model = informing.model
    model.setData(model.index(0, EventsModel.COL_DATE), TODAY + dt.timedelta(days=3))
    assert "ещё не наступила" in informing.hint_text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    assert wizard.currentPage() is informing
    model.setData(model.index(0, EventsModel.COL_DATE), HELD)
    assert not informing.hint_text()
    press_next(qtbot, wizard)
    assert "хотя бы одного наставляемого" in wizard.mentees_page.hint_text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_the_roadmap_shows_the_stage_after_finish(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        monkeypatch: pytest.MonkeyPatch) -> None:
    people = add_people(db)
    stages.set_tick(db, programme.id, 2, "talks", True)
    page = RoadmapPage(db, programme.id)
    qtbot.addWidget(page)
    assert page.cards[1].status is StageStatus.IN_PROGRESS

    def exec_filled(wizard: Stage2Wizard) -> int:
        wizard.show()
        wait_loaded(qtbot, wizard)
        fill_every_page(qtbot, wizard, people)
        press(qtbot, wizard, QWizard.WizardButton.FinishButton)
        return wizard.result()

    monkeypatch.setattr(Stage2Wizard, "exec", exec_filled)
    with qtbot.waitSignal(page.wizard_finished) as finished:
        page.open_stage_wizard(2)
    assert finished.args == [2]
    assert page.strip.selected() == 3, "the curator goes on to the next stage"
    assert page.checklist.card() is page.cards[2]
    assert page.cards[1].status is StageStatus.DONE
    assert stages.stage_cards(db, programme.id)[1].status is StageStatus.DONE


def test_people_loaded_from_a_table_join_the_base_and_are_kept(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from nastavnik_desktop.ui.wizards import import_people

    people = add_people(db)

    def imported(_parent: object, database: Database, kind: object) -> bool:
        with database.transaction() as session:
            session.add(MenteeProfile(programme_id=programme.id, person_id=people["other"]))
        return True

    monkeypatch.setattr(import_people, "run_import_wizard", imported)
    wizard = make_wizard(qtbot, db, programme.id)
    wizard.mentees_page.offer_import(wizard.import_from_table)
    press_next(qtbot, wizard)
    mentees = wizard.mentees_page
    mentees.pupils.select_people([people["minor"]])
    click(qtbot, mentees.pupils.add_button)
    assert mentees.import_button is not None
    click(qtbot, mentees.import_button)
    qtbot.waitUntil(lambda: wizard.reload_task is None)
    assert [wizard.base.person(e).full_name for e in wizard.base.entries()] == [
        "Ёлкина Вера", "Абрамов Денис"]
    assert "уже сохранено" in mentees.added.text()
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    with db.reading() as session:
        assert set(session.scalars(select(MenteeProfile.person_id))) == {
            people["minor"], people["other"]}, "the imported profile is not lost"
