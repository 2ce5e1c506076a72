"""The stage 5 wizard driven through its widgets on the demo school: forms and weights, the
matching in a worker thread, rejecting a pair and matching again, replacing a mentor, the group
meeting, Finish with the order; Cancel changes nothing. And the ranked suggestions of a mentor
for a mentee on the board «Пары и группы»."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MenteeStatus, PairStatus
from nastavnik_desktop.data.models import (
    IssuedDocument,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    ProgrammeEvent,
)
from nastavnik_desktop.errors import OperationCancelled, ValidationError
from nastavnik_desktop.services import documents as documents_service
from nastavnik_desktop.services import pairs as pairs_service
from nastavnik_desktop.services import stages as stages_service
from nastavnik_desktop.services.documents import IssuedDocumentInfo
from nastavnik_desktop.services.matching.apply import apply_matching
from nastavnik_desktop.services.matching.criteria import Criterion
from nastavnik_desktop.services.matching.run import load_settings, run_matching, suggest_mentors
from nastavnik_desktop.services.matching.scoring import MatchSettings
from nastavnik_desktop.services.matching.session import MatchingSession
from nastavnik_desktop.ui.dialogs.mentor_choice import MentorChoiceDialog
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.models.proposal_model import BY_HAND, REJECTED
from nastavnik_desktop.ui.pages import pairs_board
from nastavnik_desktop.ui.pages.pairs_board import PairsBoardPage
from nastavnik_desktop.ui.stage_wizards import STAGE_WIZARDS
from nastavnik_desktop.ui.wizards.stage5 import Stage5Wizard
from nastavnik_desktop.ui.wizards.stage5.match_page import MatchPage
from tests.helpers.pdf import flat_text, need
from tests.helpers.wizard import click, db_snapshot, press, wait_loaded

TODAY = dt.date(2026, 10, 5)
PUPILS = "ученик – ученик"


@pytest.fixture
def wizard(qtbot: QtBot, demo_db: Database, programme_id: int) -> Iterator[Stage5Wizard]:
    wizard = Stage5Wizard(demo_db, programme_id, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    yield wizard
    wizard.match_page.wait_for_task()
    if wizard.preview is not None:
        wizard.preview.close()


def wait_matched(qtbot: QtBot, page: MatchPage) -> None:
    qtbot.waitUntil(lambda: page.task is None and page.result is not None, timeout=20_000)


def to_matching(qtbot: QtBot, wizard: Stage5Wizard) -> MatchPage:
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.match_page
    wait_matched(qtbot, wizard.match_page)
    return wizard.match_page


def wait_for_order(qtbot: QtBot, wizard: Stage5Wizard) -> None:
    """The order is formed in a worker once the wizard has closed."""
    assert wizard.order_task is not None
    qtbot.waitUntil(lambda: wizard.order is not None, timeout=20_000)


def pairs_of(page: MatchPage) -> set[tuple[int, int]]:
    assert page.result is not None
    return {(p.mentee_profile_id, p.mentor_profile_id) for p in page.result.proposals}


def only_pupils(wizard: Stage5Wizard) -> int:
    page = wizard.settings_page
    form_id = next(f for f, box in page.form_boxes.items() if box.text() == PUPILS)
    page.choose_forms([form_id])
    return form_id


def test_matching_rejecting_and_finishing_with_the_order_and_the_meeting(
        qtbot: QtBot, wizard: Stage5Wizard, demo_db: Database, programme_id: int,
        shown_messages: CapturedMessages) -> None:
    settings = wizard.settings_page
    form_id = only_pupils(wizard)
    settings.weight_sliders[Criterion.INTERESTS].setValue(7)
    settings.must_have_boxes[Criterion.OTHER_CLASS].setChecked(True)
    click(qtbot, settings.objective_buttons["coverage"])
    page = to_matching(qtbot, wizard)
    assert page.result is not None and page.result.objective == "coverage"
    first = page.result.proposals
    assert len(first) >= 3 and {p.form_id for p in first} == {form_id}
    assert page.model.rowCount() == len(first)
    assert "Сумма оценок" in page.status_label.text()

    rejected = first[0]
    assert page.select_mentee(rejected.mentee_profile_id)
    assert rejected.mentor_name in page.detail.toPlainText()
    click(qtbot, page.reject_button)
    assert page.model.decision(rejected) == REJECTED
    assert not page.reject_button.isEnabled() and page.accept_button.isEnabled()
    kept_before = pairs_of(page) - {(rejected.mentee_profile_id, rejected.mentor_profile_id)}
    click(qtbot, page.rerun_button)
    wait_matched(qtbot, page)
    again = pairs_of(page)
    assert (rejected.mentee_profile_id, rejected.mentor_profile_id) not in again
    assert kept_before <= again, "accepted pairs stay as they were"
    assert not page.rejected

    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    meeting = wizard.meeting_page
    meeting.record_box.setChecked(True)
    people = meeting.people.rowCount()
    assert people >= len(page.kept()) + 1
    meeting.people.item(0).setCheckState(Qt.CheckState.Unchecked)
    meeting.notes.setPlainText("Познакомились, составили график встреч.")
    assert meeting.came_label.text() == f"Пришли: {people - 1} из {people}"

    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    summary = wizard.summary_page
    # the register offers the next free number; one another order has is refused here
    offered = summary.order_number.text()
    assert offered and offered == documents_service.proposed_number(
        demo_db, programme_id, "order_pairs", TODAY)
    summary.order_number.setText("")
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "номер приказа" in summary.hint_text()
    launch = documents_service.recorded_number(demo_db, programme_id, "order_launch")
    summary.order_number.setText(launch)
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "уже присвоен" in summary.hint_text()
    summary.order_number.setText("77-о")
    assert "Будет создано" in summary.text()
    kept = page.kept()
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert wizard.result() == QDialog.DialogCode.Accepted, shown_messages.texts()
    wait_for_order(qtbot, wizard)
    assert wizard.applied is not None and wizard.applied.mentees == len(kept)
    with demo_db.reading() as session:
        pairs = session.scalars(select(MentoringPair).where(
            MentoringPair.id.in_(wizard.applied.pair_ids))).all()
        assert len(pairs) == len({p.mentor_profile_id for p in kept})
        assert all(p.status is PairStatus.FORMED and p.match_score is not None
                   and p.match_explanation for p in pairs)
        members = {tuple(row) for row in session.execute(
            select(PairMentee.mentee_profile_id, MentoringPair.mentor_profile_id)
            .join(MentoringPair, MentoringPair.id == PairMentee.pair_id)
            .where(MentoringPair.id.in_(wizard.applied.pair_ids)))}
        assert members == {(p.mentee_profile_id, p.mentor_profile_id) for p in kept}
        statuses = set(session.scalars(select(MenteeProfile.status).where(
            MenteeProfile.id.in_([p.mentee_profile_id for p in kept]))))
        assert statuses == {MenteeStatus.PAIRED}
        order = session.scalars(select(IssuedDocument).where(
            IssuedDocument.kind == "order_pairs")).one()
        assert order.number == "77-о" and order.issued_on == TODAY
        event = session.scalars(select(ProgrammeEvent).where(
            ProgrammeEvent.stage == 5, ProgrammeEvent.kind == "group_meeting")).one()
        assert event.attended_count == people - 1 and event.held_on == TODAY
        assert event.notes == "Познакомились, составили график встреч."
    # The roadmap's checklist reads the meeting from the event.
    card = stages_service.stage_cards(demo_db, wizard._programme_id)[4]
    meeting = next(item for item in card.items if item.key == "group_meeting")
    assert meeting.done and not meeting.manual and meeting.detail.startswith(
        f"{TODAY:%d.%m.%Y}")
    assert wizard.order is not None and Path(wizard.order.file_path).is_file()
    assert wizard.preview is not None and wizard.preview.isVisible()
    assert not wizard.preview.isModal()
    saved = load_settings(demo_db)
    assert saved.weight(Criterion.INTERESTS) == 7 and Criterion.OTHER_CLASS in saved.must_have


def test_cancel_leaves_the_database_unchanged(qtbot: QtBot, wizard: Stage5Wizard,
                                              demo_db: Database,
                                              shown_messages: CapturedMessages) -> None:
    before = db_snapshot(demo_db)
    page = to_matching(qtbot, wizard)
    assert page.result is not None
    page.set_rejected([page.result.proposals[0].mentee_profile_id], True)
    click(qtbot, page.rerun_button)
    wait_matched(qtbot, page)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    wizard.meeting_page.record_box.setChecked(True)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    wizard.summary_page.order_number.setText("5")
    press(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.result() == QDialog.DialogCode.Rejected
    assert shown_messages.texts(MessageKind.CONFIRM), "asks before closing"
    assert db_snapshot(demo_db) == before


def test_replacing_a_mentor_by_hand(qtbot: QtBot, wizard: Stage5Wizard, demo_db: Database,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    page = to_matching(qtbot, wizard)
    assert page.result is not None
    proposal, options = next(
        (p, options) for p in page.result.proposals
        if (options := page.replacement_options(p.mentee_profile_id)))
    scores = [o.score for o in options]
    assert scores == sorted(scores, reverse=True)
    assert proposal.mentor_profile_id not in {o.mentor_profile_id for o in options}
    shown: list[MentorChoiceDialog] = []

    def choose_last(dialog: MentorChoiceDialog) -> int:
        shown.append(dialog)
        assert dialog.select(options[-1].mentor_profile_id)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MentorChoiceDialog, "exec", choose_last)
    assert page.select_mentee(proposal.mentee_profile_id)
    click(qtbot, page.replace_button)
    assert shown and shown[0].model.rowCount() == len(options)
    replaced = next(p for p in page.result.proposals
                    if p.mentee_profile_id == proposal.mentee_profile_id)
    assert replaced.mentor_profile_id == options[-1].mentor_profile_id
    assert page.model.decision(replaced) == BY_HAND

    click(qtbot, page.rerun_button)  # the pair chosen by hand stays, still by hand
    wait_matched(qtbot, page)
    again = next(p for p in page.result.proposals
                 if p.mentee_profile_id == proposal.mentee_profile_id)
    assert again.mentor_profile_id == options[-1].mentor_profile_id and again.fixed_by_hand

    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    wizard.summary_page.order_box.setChecked(False)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.result() == QDialog.DialogCode.Accepted and wizard.order is None
    with demo_db.reading() as session:
        by_hand = session.scalar(
            select(MentoringPair.fixed_by_hand)
            .join(PairMentee, PairMentee.pair_id == MentoringPair.id)
            .where(PairMentee.mentee_profile_id == proposal.mentee_profile_id))
    assert by_hand is True


def test_a_stale_result_is_refused_and_the_wizard_stays_open(
        qtbot: QtBot, wizard: Stage5Wizard, demo_db: Database,
        shown_messages: CapturedMessages) -> None:
    page = to_matching(qtbot, wizard)
    assert page.result is not None
    taken = page.result.proposals[0]
    pairs_service.assign_to_mentor(demo_db, taken.mentee_profile_id, taken.mentor_profile_id)
    before = db_snapshot(demo_db)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    wizard.summary_page.order_number.setText("9")
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.isVisible() and wizard.applied is None
    assert any("уже закреплена" in text for text in shown_messages.texts(MessageKind.ERROR))
    assert db_snapshot(demo_db) == before


def test_a_form_must_be_chosen_and_weights_return_to_the_defaults(
        wizard: Stage5Wizard) -> None:
    page = wizard.settings_page
    page.choose_forms([])
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "хотя бы одну форму" in page.hint_text()
    page.weight_sliders[Criterion.AGE].setValue(0)
    page.must_have_boxes[Criterion.FORM_RULES].setChecked(False)
    page.reset_button.click()
    assert page.settings() == MatchSettings()
    assert page.weight_labels[Criterion.AGE].text() == "6"


def to_summary(qtbot: QtBot, wizard: Stage5Wizard, number: str) -> None:
    to_matching(qtbot, wizard)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    wizard.summary_page.order_number.setText(number)


def pair_orders(db: Database, programme_id: int) -> list[IssuedDocumentInfo]:
    """The orders fixing the pairs in the register of documents."""
    return [d for d in documents_service.list_issued_documents(db, programme_id)
            if d.kind == "order_pairs"]


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    """The window the wizard opens over: the order is formed under it, the wizard closed."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_order_is_formed_in_a_worker_under_the_window_once_the_wizard_closed(
        qtbot: QtBot, window: QWidget, demo_db: Database, programme_id: int,
        shown_messages: CapturedMessages) -> None:
    saved: list[bool] = []
    wizard = Stage5Wizard(demo_db, programme_id, window, today=TODAY,
                          on_saved=lambda: saved.append(wizard.order is not None))
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    to_summary(qtbot, wizard, "12-о")
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.result() == QDialog.DialogCode.Accepted and not wizard.isVisible()
    task = wizard.order_task
    assert task is not None and task.parent() is window

    qtbot.waitUntil(lambda: bool(saved), timeout=20_000)
    assert saved == [True], "on_saved comes once, after the order is ready"
    assert not shown_messages.texts(MessageKind.ERROR)
    order = wizard.order
    assert order is not None and order.number == "12-о" and order.issued_on == TODAY
    pdf = Path(order.file_path)
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    need("pdftotext")
    assert "12-о" in flat_text(pdf)
    assert [(d.number, d.file_path) for d in pair_orders(demo_db, programme_id)] == [
        ("12-о", order.file_path)]
    preview = wizard.preview
    assert preview is not None and preview.isVisible() and preview.parentWidget() is window
    preview.close()


def test_a_refused_order_is_explained_and_the_pairs_stay(
        qtbot: QtBot, window: QWidget, demo_db: Database, programme_id: int,
        shown_messages: CapturedMessages, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise ValidationError("Нет подписи директора.")

    monkeypatch.setattr(documents_service, "issue_document", refuse)
    saved: list[bool] = []
    wizard = Stage5Wizard(demo_db, programme_id, window, today=TODAY,
                          on_saved=lambda: saved.append(True))
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    to_summary(qtbot, wizard, "13-о")
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.result() == QDialog.DialogCode.Accepted

    qtbot.waitUntil(lambda: bool(saved), timeout=20_000)
    errors = [m for m in shown_messages.messages if m.kind is MessageKind.ERROR]
    assert [m.title for m in errors] == ["Приказ не сформирован"]
    assert "Пары и группы сохранены" in errors[0].text and "Нет подписи" in errors[0].text
    assert wizard.order is None and wizard.preview is None
    assert wizard.applied is not None and wizard.applied.pair_ids
    assert pair_orders(demo_db, programme_id) == []


def test_a_failed_matching_is_reported_and_keeps_the_page_incomplete(
        qtbot: QtBot, wizard: Stage5Wizard, shown_messages: CapturedMessages,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: object) -> None:
        raise ValidationError("Нет анкет наставников.")

    monkeypatch.setattr(MatchingSession, "compute", fail)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.match_page
    qtbot.waitUntil(lambda: page.task is None, timeout=20_000)
    errors = [m for m in shown_messages.messages if m.kind is MessageKind.ERROR]
    assert [(m.title, m.text) for m in errors] == [("Подбор не выполнен",
                                                     "Нет анкет наставников.")]
    assert page.result is None and not page.isComplete()
    assert "Подбор не выполнен" in page.hint_text()
    assert page.rerun_button.isEnabled()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_a_cancelled_matching_says_so(qtbot: QtBot, wizard: Stage5Wizard,
                                      shown_messages: CapturedMessages,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def stopped(*_args: object) -> None:
        raise OperationCancelled()

    monkeypatch.setattr(MatchingSession, "compute", stopped)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.match_page
    qtbot.waitUntil(lambda: page.task is None, timeout=20_000)
    assert page.status_label.text() == "Подбор отменён."
    assert not shown_messages.texts(MessageKind.ERROR)


def test_stage5_has_a_wizard_on_the_roadmap() -> None:
    assert 5 in STAGE_WIZARDS


# --- the board -------------------------------------------------------------------------------


@pytest.fixture
def board(qtbot: QtBot, demo_db: Database, programme_id: int) -> PairsBoardPage:
    page = PairsBoardPage(demo_db, programme_id)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_suggested_mentor_is_assigned_and_can_be_undone(
        board: PairsBoardPage, demo_db: Database, programme_id: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    mentees = board.shown_unmatched()
    row, suggestions = next(
        (n, s) for n, m in enumerate(mentees)
        if (s := suggest_mentors(demo_db, programme_id, m.mentee_profile_id)))
    mentee = mentees[row]
    assert len(suggestions) <= 5
    view = board.unmatched_view
    view.setCurrentIndex(view.model().index(row, 0))
    offered: list[list[int]] = []

    def choose_best(dialog: MentorChoiceDialog) -> int:
        offered.append([o.mentor_profile_id for o in dialog.options])
        return QDialog.DialogCode.Accepted  # the best one is selected at first

    monkeypatch.setattr(MentorChoiceDialog, "exec", choose_best)
    board.suggest_action.trigger()
    assert offered == [[s.mentor_profile_id for s in suggestions]]
    assert mentee.mentee_profile_id not in {m.mentee_profile_id
                                            for m in board.shown_unmatched()}
    with demo_db.reading() as session:
        mentor = session.scalar(
            select(MentoringPair.mentor_profile_id)
            .join(PairMentee, PairMentee.pair_id == MentoringPair.id)
            .where(PairMentee.mentee_profile_id == mentee.mentee_profile_id,
                   PairMentee.left_on.is_(None)))
    assert mentor == suggestions[0].mentor_profile_id
    board.undo_stack.undo()
    assert mentee.mentee_profile_id in {m.mentee_profile_id for m in board.shown_unmatched()}


def test_no_suggestion_is_explained(board: PairsBoardPage, demo_db: Database, programme_id: int,
                                    shown_messages: CapturedMessages) -> None:
    mentee = board.shown_unmatched()[0]
    with demo_db.transaction() as session:  # a form in which nobody is a mentor
        form_id = session.scalar(select(MentoringForm.id).where(
            MentoringForm.code == "student_pupil"))
        assert session.scalar(select(func.count()).select_from(MentorProfile).where(
            MentorProfile.form_id == form_id)) == 0
        session.get_one(MenteeProfile, mentee.mentee_profile_id).form_id = form_id
    board.refresh()
    row = next(n for n, m in enumerate(board.shown_unmatched())
               if m.mentee_profile_id == mentee.mentee_profile_id)
    view = board.unmatched_view
    view.setCurrentIndex(view.model().index(row, 0))
    board.suggest_action.trigger()
    assert any("нет допущенного наставника" in text
               for text in shown_messages.texts(MessageKind.INFO))


def test_matching_from_the_board_reloads_it(board: PairsBoardPage, demo_db: Database,
                                            programme_id: int,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def matched(parent: object, db: Database, pid: int) -> bool:
        apply_matching(db, pid, run_matching(db, pid))
        return True

    formed = len(board.cards_in(PairStatus.FORMED))
    monkeypatch.setattr(pairs_board, "run_stage5_wizard", matched)
    board.match_action.trigger()
    assert len(board.cards_in(PairStatus.FORMED)) > formed
    assert not board.undo_stack.canUndo()
