"""The person card warns when the sex on record contradicts the patronymic (documents decline by
the patronymic), and one click sets the patronymic's sex."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory, Sex
from nastavnik_desktop.services.people import get_person, persons
from nastavnik_desktop.ui.dialogs.person_card import PersonCardDialog

TODAY = dt.date(2025, 10, 1)


def _person(db: Database, last: str, first: str, middle: str, sex: Sex | None) -> int:
    with db.transaction() as session:
        row = persons.create_person(session, persons.NewPerson(
            last_name=last, first_name=first, middle_name=middle, sex=sex,
            category=PersonCategory.STAFF, position="учитель"))
        session.flush()
        return row.id


def test_a_sex_the_patronymic_contradicts_is_flagged_and_fixed_with_a_click(
        qtbot: QtBot, db: Database) -> None:
    person_id = _person(db, "Петрова", "Софья", "Ильинична", Sex.MALE)
    card = PersonCardDialog(db, person_id, today=TODAY)
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)
    assert card.sex_warning_shown()
    note = card.sex_warning
    assert note.height() >= note.heightForWidth(note.width()), "the sentence is not cut off"
    text = note.text()
    assert "Пол «мужской», а отчество «Ильинична» женское" in text
    assert "Поставить пол «женский»" in text
    # the documents decline by the patronymic already, whatever the sex field says
    assert card.dative_edit.text() == "Петровой Софье Ильиничне"
    assert card.genitive_edit.text() == "Петровой Софьи Ильиничны"

    card.sex_warning.linkActivated.emit("fix")
    assert card.sex_combo.currentData() == Sex.FEMALE
    assert not card.sex_warning_shown()

    card.middle_name_edit.setText("Ильич")
    assert card.sex_warning_shown(), "a woman with a man's patronymic"
    card.middle_name_edit.setText("Ильинична")
    assert not card.sex_warning_shown()
    with qtbot.waitSignal(card.accepted):
        card.save_button.click()
    assert get_person(db, person_id).sex is Sex.FEMALE


def test_no_warning_without_a_patronymic_or_a_sex(qtbot: QtBot, db: Database) -> None:
    for middle, sex in (("", Sex.MALE), ("Ильинична", None), ("Гасан оглы", Sex.MALE)):
        card = PersonCardDialog(db, _person(db, "Ким", "Саша", middle, sex), today=TODAY)
        qtbot.addWidget(card)
        assert not card.sex_warning_shown(), (middle, sex)
        card.reject()


def test_the_school_page_of_stage_1_says_when_the_director_s_name_cannot_be_read(
        qtbot: QtBot, db: Database) -> None:
    from nastavnik_desktop.ui.wizards.stage1 import Stage1Wizard
    from tests.helpers.wizard import wait_loaded

    wizard = Stage1Wizard(db, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    school = wizard.school_page
    school.full_name.setPlainText("Муниципальное бюджетное общеобразовательное учреждение "
                                  "«Лицей № 2»")
    school.director_name.setText("Кузнецова Наталья")
    assert school.problems() == [
        "ФИО директора «Кузнецова Наталья» записаны двумя словами — не понять, где фамилия, "
        "а где имя. Напишите фамилию, имя и отчество полностью («Кузнецова Наталья "
        "Викторовна») или фамилию с инициалами («Кузнецова Н. В.»)."]
    assert not school.isComplete()
    for typed in ("Н.В.Кузнецова", "Кузнецова Н. В.", "Наталья Викторовна Кузнецова"):
        school.director_name.setText(typed)
        assert school.problems() == [], typed
