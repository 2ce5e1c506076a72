"""Mentors' consents in the stage 3 wizard: a class of older pupils named as mentors gets its
parents' consent in one action over the selection, saved with the mentor base at «Готово»."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ConsentGiver, ConsentKind, PersonCategory
from nastavnik_desktop.data.models import Consent, MentorProfile, Person
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.messages import CapturedMessages
from nastavnik_desktop.ui.wizards.stage3 import Stage3Wizard
from tests.helpers.wizard import press, press_next, wait_loaded

TODAY = dt.date(2025, 11, 20)
SIGNED = dt.date(2025, 9, 5)
MENTORS = 26


def add_mentor_base(db: Database, programme_id: int) -> tuple[list[int], int]:
    """26 pupils of the 10th grade and a teacher with her own consent, in the mentor base."""
    with db.transaction() as session:
        pupils = [Person(last_name=f"Наставник{n:02d}", first_name="Олег",
                         category=PersonCategory.PUPIL, class_name="10А",
                         birth_date=dt.date(2009, 2, 1 + n),
                         parent_name="Родитель Первый" if n == 0 else "")
                  for n in range(MENTORS)]
        teacher = Person(last_name="Сидорова", first_name="Нина",
                         category=PersonCategory.STAFF, position="учитель",
                         birth_date=dt.date(1980, 1, 1))
        teacher.consents = [Consent(kind=ConsentKind.PERSONAL_DATA, given_on=SIGNED)]
        session.add_all([*pupils, teacher])
        session.flush()
        session.add_all(MentorProfile(programme_id=programme_id, person_id=p.id,
                                      competencies="математика", time_hours_per_month=4)
                        for p in [*pupils, teacher])
        return [p.id for p in pupils], teacher.id


def test_a_class_of_minor_mentors_gets_the_parents_consent_in_one_action(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    pupils, teacher = add_mentor_base(db, programme.id)
    wizard = Stage3Wizard(db, programme.id, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.resize(1366, 740)
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)
    page = wizard.profiles_page
    assert wizard.currentPage() is page
    base = wizard.base
    without = [e for e in base.entries() if not base.has_consent(e)]
    assert len(without) == MENTORS, "the teacher's own consent is shown as there"

    page.filter_combo.setCurrentIndex(page.filter_combo.findData("no_consent"))
    assert page.proxy.rowCount() == MENTORS
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    editor = page.consent_editor
    assert editor.apply_button.text() == f"Применить согласие к выделенным ({MENTORS})"
    assert "Несовершеннолетний наставник" in editor.flag.text()
    assert editor.giver() is ConsentGiver.PARENT, "a minor's consent: from the parent"
    editor.date.setDate(SIGNED)
    editor.document.setText("№ 3")
    editor.document.textEdited.emit("№ 3")
    editor.given.setChecked(True)
    assert all(base.has_consent(e) for e in base.entries())
    assert not page.problems()

    press_next(qtbot, wizard)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    with db.reading() as session:
        consents = {c.person_id: (c.given_by, c.given_by_name, c.given_on, c.document_ref)
                    for c in session.scalars(select(Consent))}
    assert {consents[p] for p in pupils[1:]} == {(ConsentGiver.PARENT, "", SIGNED, "№ 3")}
    assert consents[pupils[0]] == (ConsentGiver.PARENT, "Родитель Первый", SIGNED, "№ 3"), \
        "the parent on record signs"
    assert consents[teacher] == (ConsentGiver.SELF, "", SIGNED, ""), "left as it was"
