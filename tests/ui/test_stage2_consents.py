"""Consents in the stage 2 wizard at the scale of a class: a class list has no parents' names,
so a parent's consent is recorded without one, over a whole selection at once, and the page does
not move under the curator's mouse while the list of problems changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QFileDialog, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ConsentGiver, ConsentKind, PersonCategory
from nastavnik_desktop.data.models import Consent, MenteeProfile, Person
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.wizards.stage2 import Stage2Wizard
from tests.helpers.spreadsheets import write_xlsx
from tests.helpers.wizard import click, press, press_next, wait_loaded

TODAY = dt.date(2025, 11, 20)
SIGNED = dt.date(2025, 9, 5)
CLASS_SIZE = 26


def add_class(db: Database, programme_id: int) -> list[int]:
    """A class of 26 minors in the mentee base, as a class list brings them: no parents."""
    with db.transaction() as session:
        pupils = [Person(last_name=f"Ученик{n:02d}", first_name="Иван",
                         category=PersonCategory.PUPIL, class_name="7А",
                         birth_date=dt.date(2012, 3, 1 + n)) for n in range(CLASS_SIZE)]
        session.add_all(pupils)
        session.flush()
        session.add_all(MenteeProfile(programme_id=programme_id, person_id=p.id)
                        for p in pupils)
        return [p.id for p in pupils]


def requests_page_of(qtbot: QtBot, db: Database, programme_id: int) -> Stage2Wizard:
    wizard = Stage2Wizard(db, programme_id, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.resize(1366, 740)
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.requests_page
    return wizard


def next_enabled(wizard: QWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def saved_consents(db: Database) -> dict[int, Consent]:
    with db.reading() as session:
        consents = {c.person_id: c for c in session.scalars(select(Consent))}
        session.expunge_all()
        return consents


def test_bulk_consent_for_a_class_without_parents_names_applies_to_all(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    pupils = add_class(db, programme.id)
    wizard = requests_page_of(qtbot, db, programme.id)
    page = wizard.requests_page
    editor = page.consent_editor
    page.view.selectAll()
    assert editor.given.text() == "Согласие на обработку персональных данных получено"
    editor.given.setChecked(True)
    editor.date.setDate(SIGNED)
    editor.document.setText("№ 12 от 05.09.2025")
    assert editor.giver() is ConsentGiver.PARENT
    click(qtbot, editor.apply_button)
    assert editor.apply_button.text() == f"Применить согласие к выделенным ({CLASS_SIZE})"

    assert page.problems() == [], "a parent's consent needs no name"
    assert next_enabled(wizard)
    assert all(wizard.base.has_consent(e) for e in wizard.base.entries())
    press_next(qtbot, wizard)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    consents = saved_consents(db)
    assert set(consents) == set(pupils)
    assert {(c.given_by, c.given_by_name, c.given_on, c.document_ref)
            for c in consents.values()} == {
        (ConsentGiver.PARENT, "", SIGNED, "№ 12 от 05.09.2025")}


def test_ticking_the_box_with_rows_selected_gives_the_consent_to_all_of_them(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    add_class(db, programme.id)
    wizard = requests_page_of(qtbot, db, programme.id)
    page = wizard.requests_page
    page.view.selectAll()
    page.consent_editor.given.setChecked(True)
    assert all(wizard.base.has_consent(e) for e in wizard.base.entries())
    page.consent_editor.given.setChecked(False)
    assert not any(wizard.base.has_consent(e) for e in wizard.base.entries())


def test_the_table_stays_put_while_the_problems_change(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    add_class(db, programme.id)
    wizard = requests_page_of(qtbot, db, programme.id)
    page = wizard.requests_page
    editor = page.consent_editor

    def table_place() -> tuple[QPoint, int, int]:
        view = page.view
        return view.mapTo(wizard, QPoint(0, 0)), view.width(), view.height()

    page.view.selectRow(0)
    before = table_place()
    editor.given.setChecked(True)  # the flag of a minor without consent goes away
    editor.date.setDate(dt.date(2011, 1, 1))  # before his birth: a problem shown
    assert page.hint_text()
    assert table_place() == before
    for row in range(1, 6):  # five problems, then «… и ещё»
        page.view.selectRow(row)
        editor.given.setChecked(True)
        editor.date.setDate(dt.date(2011, 1, 1))
        assert table_place() == before
    for row in range(6):
        page.view.selectRow(row)
        editor.date.setDate(SIGNED)
        assert table_place() == before
    assert not page.hint_text()
    assert next_enabled(wizard)


def test_a_pupil_added_to_the_base_keeps_the_consent_he_has(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    """A consent recorded on the card before the pupil joins the base is shown and kept."""
    with db.transaction() as session:
        pupil = Person(last_name="Орлова", first_name="Дина", category=PersonCategory.PUPIL,
                       class_name="8Б", birth_date=dt.date(2011, 5, 5))
        pupil.consents = [Consent(kind=ConsentKind.PERSONAL_DATA, given_on=SIGNED,
                                  given_by=ConsentGiver.PARENT)]
        session.add(pupil)
        session.flush()
        pupil_id = pupil.id
    wizard = Stage2Wizard(db, programme.id, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    wait_loaded(qtbot, wizard)
    press_next(qtbot, wizard)
    mentees = wizard.mentees_page
    mentees.pupils.select_people([pupil_id])
    click(qtbot, mentees.pupils.add_button)
    press_next(qtbot, wizard)
    entry = wizard.base.entries()[0]
    assert wizard.base.has_consent(entry)
    press_next(qtbot, wizard)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert set(saved_consents(db)) == {pupil_id}


def test_consents_load_from_the_class_teacher_s_list(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, shown_messages: CapturedMessages) -> None:
    pupils = add_class(db, programme.id)
    rows: list[list[object]] = [["Список 7А"], ["ФИО", "ФИО родителя", "Согласие"]]
    rows += [[f"Ученик{n:02d} Иван", "Мамина Анна" if n == 0 else "", "да"]
             for n in range(CLASS_SIZE - 1)]
    rows += [["Чужой Пётр", "", "да"], [f"Ученик{CLASS_SIZE - 1:02d} Иван", "", "нет"]]
    path = write_xlsx(tmp_path / "согласия.xlsx", rows)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *_args: (str(path), "Таблицы (*.xlsx *.xls *.ods *.csv)"))
    wizard = requests_page_of(qtbot, db, programme.id)
    editor = wizard.requests_page.consent_editor
    editor.date.setDate(SIGNED)
    click(qtbot, editor.import_button)
    assert shown_messages.texts(MessageKind.INFO) == [
        f"Согласия из списка внесены: {CLASS_SIZE - 1}.\n"
        "Не найдены среди людей на странице (1): строка 28: Чужой Пётр.\n"
        "Без согласия по списку: 1.\n"
        "Согласия сохранятся кнопкой «Готово» вместе с остальным."]
    assert sum(wizard.base.has_consent(e) for e in wizard.base.entries()) == CLASS_SIZE - 1
    press_next(qtbot, wizard)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    consents = saved_consents(db)
    assert set(consents) == set(pupils[:-1])
    assert (consents[pupils[0]].given_by, consents[pupils[0]].given_by_name,
            consents[pupils[0]].given_on) == (ConsentGiver.PARENT, "Мамина Анна", SIGNED)
