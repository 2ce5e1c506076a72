"""Exclusions and the hard rule «не из одного класса» driven through the real widgets: the
editor on the stage 5 settings page, «Отклонить и запретить» on the proposals, the person card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWizard
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.matching import exclusions as exclusions_service
from nastavnik_desktop.services.matching.criteria import Criterion
from nastavnik_desktop.services.matching.run import load_instance
from nastavnik_desktop.services.matching.scoring import same_class
from nastavnik_desktop.services.matching.session import MatchingSession
from nastavnik_desktop.ui.dialogs.person_card import PersonCardDialog
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.models.proposal_model import REJECTED
from nastavnik_desktop.ui.widgets.exclusions import AddExclusionsDialog
from nastavnik_desktop.ui.wizards.stage5 import Stage5Wizard
from nastavnik_desktop.ui.wizards.stage5.match_page import MatchPage
from tests.helpers.wizard import click, press, wait_loaded

TODAY = dt.date(2026, 10, 5)
PUPILS = "ученик – ученик"


def open_wizard(qtbot: QtBot, db: Database, programme_id: int) -> Stage5Wizard:
    wizard = Stage5Wizard(db, programme_id, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    return wizard


@pytest.fixture
def wizard(qtbot: QtBot, demo_db: Database, programme_id: int) -> Iterator[Stage5Wizard]:
    wizard = open_wizard(qtbot, demo_db, programme_id)
    yield wizard
    wizard.match_page.wait_for_task()


def wait_matched(qtbot: QtBot, page: MatchPage) -> None:
    qtbot.waitUntil(lambda: page.task is None and page.result is not None, timeout=20_000)


def to_matching(qtbot: QtBot, wizard: Stage5Wizard) -> MatchPage:
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.match_page
    wait_matched(qtbot, wizard.match_page)
    return wizard.match_page


def only_pupils(wizard: Stage5Wizard) -> None:
    page = wizard.settings_page
    page.choose_forms([next(f for f, box in page.form_boxes.items() if box.text() == PUPILS)])


def pairs_of(page: MatchPage) -> set[tuple[int, int]]:
    assert page.result is not None
    return {(p.mentee_profile_id, p.mentor_profile_id) for p in page.result.proposals}


def people_of(page: MatchPage, mentee_profile: int, mentor_profile: int) -> tuple[int, int]:
    """(mentor person, mentee person) of a proposal."""
    instance = page.instance
    assert instance is not None
    mentee = next(m for m in instance.mentees if m.profile_id == mentee_profile)
    mentor = next(m for m in instance.mentors if m.profile_id == mentor_profile)
    return mentor.person_id, mentee.person_id


def answer_dialog(monkeypatch: pytest.MonkeyPatch, mentor: int | None, mentees: list[int],
                  reason: str, search: str = "") -> list[AddExclusionsDialog]:
    """The add dialog, when opened, is filled as a curator would and accepted."""
    opened: list[AddExclusionsDialog] = []

    def run(dialog: AddExclusionsDialog) -> int:
        opened.append(dialog)
        if mentor is not None:
            dialog.choose_mentor(mentor)
        dialog.search.setText(search)
        dialog.select_mentees(mentees)
        dialog.reason_edit.setText(reason)
        assert dialog.ok_button.isEnabled()
        dialog.accept()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(AddExclusionsDialog, "exec", run)
    return opened


def test_an_exclusion_added_in_the_editor_is_obeyed_by_the_next_matching(
        qtbot: QtBot, wizard: Stage5Wizard, demo_db: Database, programme_id: int,
        monkeypatch: pytest.MonkeyPatch, shown_messages: CapturedMessages) -> None:
    only_pupils(wizard)
    page = to_matching(qtbot, wizard)
    proposal = page.result.proposals[0] if page.result else None
    assert proposal is not None
    mentor_person, mentee_person = people_of(page, proposal.mentee_profile_id,
                                             proposal.mentor_profile_id)
    press(qtbot, wizard, QWizard.WizardButton.BackButton)
    editor = wizard.settings_page.exclusions
    before = {(e.mentor_person_id, e.mentee_person_id) for e in editor.rows()}
    surname = proposal.mentee_name.split()[0]
    opened = answer_dialog(monkeypatch, mentor_person, [mentee_person], "конфликт",
                           search=surname)
    click(qtbot, editor.add_button)

    assert opened and opened[0].pairs() == [(mentor_person, mentee_person)]
    added = [(e.mentor_person_id, e.mentee_person_id, e.reason) for e in editor.rows()
             if (e.mentor_person_id, e.mentee_person_id) not in before]
    assert added == [(mentor_person, mentee_person, "конфликт")]
    assert not shown_messages.texts(MessageKind.ERROR)
    page = to_matching(qtbot, wizard)  # the exclusion changed: the matching runs again
    assert (proposal.mentee_profile_id, proposal.mentor_profile_id) not in pairs_of(page)
    instance = page.instance
    assert instance is not None
    i = next(k for k, m in enumerate(instance.mentees)
             if m.profile_id == proposal.mentee_profile_id)
    j = next(k for k, m in enumerate(instance.mentors)
             if m.profile_id == proposal.mentor_profile_id)
    assert instance.explain(i, j).forbidden == "исключено куратором (конфликт)"

    # Kept in the database: a new run of the wizard shows and obeys it.
    wizard.match_page.wait_for_task()
    again = open_wizard(qtbot, demo_db, programme_id)
    assert {(e.mentor_person_id, e.mentee_person_id)
            for e in again.settings_page.exclusions.rows()} == before | {
        (mentor_person, mentee_person)}
    session = MatchingSession(demo_db, programme_id, today=TODAY)
    session.run(again.settings_page.settings(), "score", [proposal.form_id], fresh=True)
    assert session.result is not None and session.result.proposals
    assert (proposal.mentee_profile_id, proposal.mentor_profile_id) not in {
        (p.mentee_profile_id, p.mentor_profile_id) for p in session.result.proposals}
    again.match_page.wait_for_task()


def test_removing_an_exclusion_asks_first(
        qtbot: QtBot, demo_db: Database, programme_id: int, wizard: Stage5Wizard,
        shown_messages: CapturedMessages) -> None:
    choices = exclusions_service.exclusion_choices(demo_db, programme_id)
    mentor = choices.mentors[0].person_id
    mentees = [m.person_id for m in choices.mentees if m.person_id != mentor][:3]
    editor = wizard.settings_page.exclusions
    exclusions_service.remove_exclusions(demo_db, programme_id, [e.id for e in editor.rows()])
    editor.reload()
    assert editor.rows() == [] and "Запретов нет" in editor.count_label.text()
    version = wizard.settings_page.rules_version
    assert editor.add_pairs([(mentor, m) for m in mentees], "")
    assert len(editor.rows()) == 3 and wizard.settings_page.rules_version == version + 1
    editor.search.setText(choices.mentees[0].name.split()[0] + "zzz")
    assert editor.shown() == [] and editor.count_label.text() == "Показано 0 из 3"
    editor.search.setText(choices.mentors[0].name.split()[0])
    assert len(editor.shown()) == 3
    editor.search.clear()
    editor.view.selectAll()
    shown_messages.answer = False
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)  # Delete asks as the button does
    assert shown_messages.texts(MessageKind.CONFIRM)[-1].startswith("Снять 3 запрета?")
    assert len(exclusions_service.exclusions(demo_db, programme_id)) == 3
    shown_messages.answer = True
    click(qtbot, editor.remove_button)
    assert exclusions_service.exclusions(demo_db, programme_id) == []
    assert editor.rows() == [] and "Запретов нет" in editor.count_label.text()
    assert shown_messages.texts(MessageKind.CONFIRM)[-1].startswith("Снять 3 запрета?")


def test_the_same_class_rule_forbids_classmates_and_says_why(
        qtbot: QtBot, wizard: Stage5Wizard, demo_db: Database, programme_id: int) -> None:
    # Two free mentees put into the class of an admitted pupil mentor.
    instance = load_instance(demo_db, programme_id, today=TODAY)
    mentor = next(m for m in instance.mentors if m.pupil and m.class_name and m.free_places)
    moved = [m.person_id for m in instance.mentees
             if m.pupil and m.form_id == mentor.form_id][:2]
    with demo_db.transaction() as session:
        for person_id in moved:
            person = session.get(Person, person_id)
            assert person is not None
            person.class_name = mentor.class_name
    settings = wizard.settings_page
    only_pupils(wizard)
    settings.must_have_boxes[Criterion.FORM_RULES].setChecked(False)  # classmates allowed
    page = to_matching(qtbot, wizard)
    instance = page.instance
    assert instance is not None
    classmates = [(i, j) for i, me in enumerate(instance.mentees)
                  for j, mo in enumerate(instance.mentors)
                  if me.form_id == mo.form_id and same_class(me, mo)]
    assert classmates and any(instance.score(i, j) is not None for i, j in classmates)

    press(qtbot, wizard, QWizard.WizardButton.BackButton)
    click(qtbot, settings.separate_classes_box)
    assert settings.separate_classes_box.isChecked()
    assert exclusions_service.separate_classes(demo_db)
    page = to_matching(qtbot, wizard)
    instance = page.instance
    assert instance is not None and instance.separate_classes
    for i, j in classmates:
        assert instance.score(i, j) is None
    i, j = classmates[0]
    forbidden = instance.explain(i, j).forbidden
    assert f"из одного класса ({instance.mentees[i].class_name})" in forbidden
    assert "«не из одного класса» включено" in forbidden
    mentor_class = {m.profile_id: m.class_name for m in instance.mentors}
    assert page.result is not None and page.result.proposals
    assert all(p.mentee_class.replace(" ", "") != mentor_class[p.mentor_profile_id]
               .replace(" ", "") for p in page.result.proposals)


def test_reject_and_forbid_creates_the_exclusion(
        qtbot: QtBot, wizard: Stage5Wizard, demo_db: Database, programme_id: int,
        shown_messages: CapturedMessages) -> None:
    only_pupils(wizard)
    page = to_matching(qtbot, wizard)
    assert page.result is not None
    proposal = page.result.proposals[0]
    people = people_of(page, proposal.mentee_profile_id, proposal.mentor_profile_id)
    assert page.select_mentee(proposal.mentee_profile_id)
    before = exclusions_service.exclusions(demo_db, programme_id)

    shown_messages.answer = False
    click(qtbot, page.forbid_button)
    assert exclusions_service.exclusions(demo_db, programme_id) == before
    assert page.model.decision(proposal) != REJECTED

    shown_messages.answer = True
    click(qtbot, page.forbid_button)
    (exclusion,) = [e for e in exclusions_service.exclusions(demo_db, programme_id)
                    if e not in before]
    assert (exclusion.mentor_person_id, exclusion.mentee_person_id) == people
    assert exclusion.reason == exclusions_service.REJECTED_REASON
    assert page.model.decision(proposal) == REJECTED
    assert "запретить её в будущем" in shown_messages.texts(MessageKind.CONFIRM)[-1]
    assert exclusion in wizard.settings_page.exclusions.rows()
    click(qtbot, page.rerun_button)
    wait_matched(qtbot, page)
    assert (proposal.mentee_profile_id, proposal.mentor_profile_id) not in pairs_of(page)


def test_the_person_card_lists_adds_and_removes_the_persons_exclusions(
        qtbot: QtBot, demo_db: Database, programme_id: int, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    choices = exclusions_service.exclusion_choices(demo_db, programme_id)
    named = {p for e in exclusions_service.exclusions(demo_db, programme_id)
             for p in (e.mentor_person_id, e.mentee_person_id)}
    mentor = choices.mentors[0]
    mentee = next(m for m in choices.mentees
                  if m.person_id != mentor.person_id and m.person_id not in named)
    other = next(m for m in choices.mentees if m.person_id not in (mentor.person_id,
                                                                   mentee.person_id))
    exclusions_service.add_exclusions(demo_db, programme_id, [(mentor.person_id,
                                                               other.person_id)])
    card = PersonCardDialog(demo_db, mentee.person_id, today=TODAY)
    qtbot.addWidget(card)
    assert card.exclusions is not None and card.exclusions.title() == "Не ставить в пару с"
    editor = card.exclusions_editor
    assert editor.rows() == []  # only this person's exclusions

    answer_dialog(monkeypatch, mentor.person_id, [], "просьба родителей")
    click(qtbot, editor.add_button)  # the card's person is selected already
    (row,) = editor.rows()
    assert (row.mentor_person_id, row.mentee_person_id, row.reason) == (
        mentor.person_id, mentee.person_id, "просьба родителей")
    assert mentor.name in editor.model.index(0, 0).data()

    editor.view.selectRow(0)
    click(qtbot, editor.remove_button)
    assert editor.rows() == []
    assert mentee.person_id not in {e.mentee_person_id for e in exclusions_service.exclusions(
        demo_db, programme_id)}
    assert other.person_id in {e.mentee_person_id for e in exclusions_service.exclusions(
        demo_db, programme_id)}
    assert not shown_messages.texts(MessageKind.ERROR)
