"""The stage 4 wizard driven through its widgets: scores in the table's editors, interview,
«Школа наставников», decisions; Finish saves once, Cancel changes nothing, a refused step is
said and nothing moves."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QSpinBox, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import MentorStatus
from nastavnik_desktop.data.models import AuditEntry, MentorCriterionScore, MentorProfile
from nastavnik_desktop.services.people.admission import AdmissionRule
from nastavnik_desktop.services.programme import ProgrammeInfo, current_programme
from nastavnik_desktop.services.stages import stage4 as stage4_service
from nastavnik_desktop.services.stages import stage_cards
from nastavnik_desktop.text import alphabetical_key
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.models.candidates_model import short_criterion
from nastavnik_desktop.ui.stage_wizards import STAGE_WIZARDS
from nastavnik_desktop.ui.wizards.stage4 import (
    DecisionPage,
    Stage4Wizard,
)
from tests.helpers.candidates import add_candidates, add_many_candidates
from tests.helpers.wizard import db_snapshot, press, press_next, wait_loaded

TODAY = dt.date(2025, 10, 15)


@pytest.fixture
def ids(db: Database, programme: ProgrammeInfo) -> dict[str, int]:
    return add_candidates(db, programme)


def make_wizard(qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> Stage4Wizard:
    wizard = Stage4Wizard(db, programme.id, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    return wizard


def score_in_editor(qtbot: QtBot, wizard: Stage4Wizard, profile_id: int, criterion_id: int,
                    value: int) -> None:
    """Open the cell's spin box, type the score, press Enter — as the curator does."""
    page = wizard.scores_page
    index = page.score_index(profile_id, criterion_id)
    page.view.setCurrentIndex(index)
    page.view.edit(index)
    editor = page.view.viewport().findChild(QSpinBox)
    assert editor is not None, "the score cell opens a spin box"
    editor.lineEdit().selectAll()
    qtbot.keyClicks(editor, str(value))
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop
    qtbot.waitUntil(lambda: not page.view.viewport().findChildren(QSpinBox))


def score_all(wizard: Stage4Wizard, profile_id: int, score: int) -> None:
    """Set every criterion through the view's model, as the delegate does."""
    page = wizard.scores_page
    for criterion in wizard.model.criteria:
        index = page.score_index(profile_id, criterion.id)
        assert page.view.model().setData(index, score, Qt.ItemDataRole.EditRole)


def record_interview(wizard: Stage4Wizard, profile_id: int, day: dt.date, notes: str) -> None:
    page = wizard.interview_page
    page.select_candidate(profile_id)
    page.held.setChecked(True)
    page.date.setDate(QDate(day.year, day.month, day.day))
    page.notes.setPlainText(notes)


def choose_status(page: DecisionPage, status: MentorStatus) -> None:
    page.status.setCurrentIndex(page.status.findData(status.value))


def test_finish_saves_scores_interview_training_and_decisions(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, ids: dict[str, int],
        shown_messages: CapturedMessages) -> None:
    stage4_service.save_admission_rule(db, AdmissionRule.INTERVIEW_AND_TRAINING)
    wizard = make_wizard(qtbot, db, programme)
    model = wizard.model
    criteria = [c.id for c in model.criteria]
    assert len(criteria) == 8

    # 1. scores: one cell through the delegate's editor, the rest through the model
    score_in_editor(qtbot, wizard, ids["Орлова"], criteria[0], 9)
    assert model.state(model.row_of(ids["Орлова"])).scores == {criteria[0]: 9}
    for criterion in criteria[1:]:
        assert wizard.scores_page.view.model().setData(
            wizard.scores_page.score_index(ids["Орлова"], criterion), 7)
    score_all(wizard, ids["Козлов"], 8)
    total = model.index(model.row_of(ids["Козлов"]), model.col("total")).data()
    assert total == "64"
    press_next(qtbot, wizard)

    # 2. interviews, and the roadmap's tick
    assert wizard.currentPage() is wizard.interview_page
    record_interview(wizard, ids["Орлова"], dt.date(2025, 10, 1), "Мотивирована, есть время")
    record_interview(wizard, ids["Козлов"], dt.date(2025, 10, 2), "Опытный педагог")
    wizard.interview_page.tick.setChecked(True)
    press_next(qtbot, wizard)

    # 3. «Школа наставников»: Козлов passed it
    training = wizard.training_page
    training.filters.select_status(None)
    training.date.setDate(QDate(2025, 10, 10))
    training.hours.setValue(16)
    training.select_rows([ids["Козлов"]])
    qtbot.mouseClick(training.mark_button, Qt.MouseButton.LeftButton)
    kozlov = model.state(model.row_of(ids["Козлов"]))
    assert (kozlov.training_on, kozlov.training_hours, kozlov.training_completed) == (
        dt.date(2025, 10, 10), 16.0, True)
    press_next(qtbot, wizard)

    # 4. decisions: a refused step is said and nothing moves
    decision = wizard.decision_page
    decision.select_candidate(ids["Орлова"])
    assert "отобрать: средний балл 7,2" in decision.suggestion.text()
    choose_status(decision, MentorStatus.ADMITTED)
    errors = shown_messages.texts(MessageKind.ERROR)
    assert errors and "по правилу школы" in errors[-1]
    assert "Орлова Мария Андреевна" in errors[-1]
    assert decision.status.currentData() == MentorStatus.CANDIDATE.value
    assert model.state(model.row_of(ids["Орлова"])).status is MentorStatus.CANDIDATE
    qtbot.mouseClick(decision.apply_suggestion_button, Qt.MouseButton.LeftButton)
    assert model.state(model.row_of(ids["Орлова"])).status is MentorStatus.SELECTED

    decision.select_candidate(ids["Козлов"])
    choose_status(decision, MentorStatus.ADMITTED)
    assert model.state(model.row_of(ids["Козлов"])).status is MentorStatus.ADMITTED

    decision.select_candidate(ids["Белова"])
    choose_status(decision, MentorStatus.REJECTED)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "Белова Наталья Ивановна" in decision.hint.text()
    decision.reason.setPlainText("Нет ресурса времени")
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    press_next(qtbot, wizard)

    # 5. summary, then one save
    text = wizard.summary_page.text()
    assert "Будут изменены данные 3" in text
    assert "Есть наставники, допущенные к работе" in text
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert not wizard.isVisible() and wizard.saved == 3

    with db.reading() as session:
        profiles = {p.id: p for p in session.scalars(select(MentorProfile))}
        orlova, kozlov_row, belova = (profiles[ids[n]] for n in ("Орлова", "Козлов", "Белова"))
        assert orlova.status is MentorStatus.SELECTED
        assert (orlova.interview_on, orlova.interview_notes) == (
            dt.date(2025, 10, 1), "Мотивирована, есть время")
        assert kozlov_row.status is MentorStatus.ADMITTED
        assert (kozlov_row.training_on, kozlov_row.training_hours) == (dt.date(2025, 10, 10), 16)
        assert (belova.status, belova.rejection_reason) == (
            MentorStatus.REJECTED, "Нет ресурса времени")
        scores = dict(session.execute(select(MentorCriterionScore.criterion_id,
                                             MentorCriterionScore.score).where(
            MentorCriterionScore.mentor_profile_id == ids["Орлова"])).all())
        assert scores == {criteria[0]: 9, **dict.fromkeys(criteria[1:], 7)}

    card = stage_cards(db, programme.id, today=TODAY)[3]
    items = {item.key: item for item in card.items}
    assert items["admitted"].done and items["admitted"].detail == "1 чел."
    assert items["trained"].done
    assert items["decided"].done
    assert items["interview"].done
    assert not items["scored"].done and items["scored"].detail == "2 из 3 оценено"


def test_cancel_leaves_the_database_file_as_it_was(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, ids: dict[str, int],
        shown_messages: CapturedMessages) -> None:
    before = db_snapshot(db)
    wizard = make_wizard(qtbot, db, programme)
    score_all(wizard, ids["Орлова"], 6)
    press_next(qtbot, wizard)
    record_interview(wizard, ids["Орлова"], dt.date(2025, 10, 1), "Заметки")
    wizard.interview_page.tick.setChecked(True)

    shown_messages.answer = False
    press(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.isVisible(), "declining the question keeps the wizard open"
    shown_messages.answer = True
    press(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert not wizard.isVisible()
    assert db_snapshot(db) == before


def test_edits_that_take_away_what_a_status_needs_are_refused(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, ids: dict[str, int],
        shown_messages: CapturedMessages) -> None:
    data = stage4_service.load_stage4(db, programme.id)
    kozlov = next(c.state for c in data.candidates if c.profile_id == ids["Козлов"])
    trained = type(kozlov)(
        profile_id=kozlov.profile_id, status=MentorStatus.TRAINED,
        scores=dict.fromkeys(data.criterion_ids, 8), interview_on=dt.date(2025, 10, 1),
        training_on=dt.date(2025, 10, 10), training_hours=8.0, training_completed=True)
    stage4_service.save_stage4(db, programme.id, [trained], today=TODAY)
    wizard = make_wizard(qtbot, db, programme)
    model = wizard.model
    row = model.row_of(ids["Козлов"])

    index = wizard.scores_page.score_index(ids["Козлов"], data.criterion_ids[0])
    assert not wizard.scores_page.view.model().setData(index, None)
    assert "сначала измените статус" in shown_messages.texts(MessageKind.ERROR)[-1]
    assert index.data() == "8"

    press_next(qtbot, wizard)
    press_next(qtbot, wizard)
    training = wizard.training_page
    training.filters.select_status(None)
    training.select_rows([ids["Козлов"]])
    qtbot.mouseClick(training.unmark_button, Qt.MouseButton.LeftButton)
    assert "не отмечено, что обучение пройдено" in shown_messages.texts(MessageKind.ERROR)[-1]
    assert model.state(row).training_completed

    press_next(qtbot, wizard)
    decision = wizard.decision_page
    decision.select_candidate(ids["Козлов"])
    offered = [decision.status.itemData(i) for i in range(decision.status.count())]
    assert offered == ["trained", "candidate", "selected", "admitted", "rejected"]


def test_admit_all_trained(qtbot: QtBot, db: Database, programme: ProgrammeInfo,
                           ids: dict[str, int], shown_messages: CapturedMessages) -> None:
    wizard = make_wizard(qtbot, db, programme)
    for name in ("Орлова", "Козлов"):
        score_all(wizard, ids[name], 9)
        row = wizard.model.row_of(ids[name])
        assert wizard.model.change(
            row, interview_on=dt.date(2025, 10, 1), training_on=dt.date(2025, 10, 10),
            training_hours=8.0, training_completed=True, status=MentorStatus.TRAINED) is None
    for _ in range(3):
        press_next(qtbot, wizard)
    qtbot.mouseClick(wizard.decision_page.admit_all_button, Qt.MouseButton.LeftButton)
    assert "Допущено к работе: 2" in wizard.decision_page.report.text().replace("\xa0", " ")
    assert not shown_messages.texts(MessageKind.INFO), "no box to close when all went well"
    statuses = {s.profile_id: s.status for s in wizard.model.states()}
    assert statuses[ids["Орлова"]] is statuses[ids["Козлов"]] is MentorStatus.ADMITTED
    assert statuses[ids["Белова"]] is MentorStatus.CANDIDATE


def test_the_demo_school_goes_through_every_page(qtbot: QtBot, tmp_path: Path,
                                                 build_demo: Callable[..., Path]) -> None:
    path = build_demo(tmp_path / "demo.sqlite", seed=3, pupils=200, teachers=30)
    db = open_database(path)
    try:
        programme = current_programme(db)
        assert programme is not None
        wizard = make_wizard(qtbot, db, programme)
        headers = [wizard.model.headerData(c, Qt.Orientation.Horizontal)
                   for c in wizard.model.criterion_columns()]
        assert headers == [short_criterion(c.name) for c in wizard.model.criteria]
        assert all(max(len(line) for line in h.splitlines()) <= 9 for h in headers)
        for _ in range(4):
            press_next(qtbot, wizard)
        text = wizard.summary_page.text()
        assert "Данные наставников не менялись" in text and "допущен" in text
    finally:
        db.close()


def test_the_roadmap_offers_the_wizard_for_stage_4() -> None:
    assert 4 in STAGE_WIZARDS


def test_statuses_agree_with_the_candidate_s_sex(qtbot: QtBot, db: Database,
                                                 programme: ProgrammeInfo,
                                                 ids: dict[str, int]) -> None:
    with db.transaction() as session:
        for surname in ("Орлова", "Козлов"):
            profile = session.get(MentorProfile, ids[surname])
            assert profile is not None
            profile.status = MentorStatus.TRAINED
    wizard = make_wizard(qtbot, db, programme)
    model = wizard.model

    def row_texts(surname: str) -> list[str]:
        row = next(r for r in range(model.rowCount())
                   if str(model.index(r, 0).data()).startswith(surname))
        return [str(model.index(row, c).data()) for c in range(model.columnCount())]

    assert "обучена" in row_texts("Орлова")
    assert "обучен" in row_texts("Козлов") and "обучена" not in row_texts("Козлов")


def test_thirty_mentors_admitted_in_one_action(qtbot: QtBot, db: Database,
                                               programme: ProgrammeInfo,
                                               shown_messages: CapturedMessages) -> None:
    """Issue 10: the training marked for all (Ctrl+A), then «Допустить выбранных» over all
    (Ctrl+A) — no scores, no per-person step — and Finish leaves 30 admitted mentors."""
    profile_ids = add_many_candidates(db, programme, 30)
    wizard = make_wizard(qtbot, db, programme)
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)
    training = wizard.training_page
    assert training.proxy.rowCount() == 30
    training.view.setFocus()
    qtbot.keyClick(training.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(training.mark_button, Qt.MouseButton.LeftButton)
    press_next(qtbot, wizard)
    decision = wizard.decision_page
    decision.view.setFocus()
    qtbot.keyClick(decision.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(decision.view.selectionModel().selectedRows()) == 30
    assert decision.admitted_on.date() == QDate(2025, 10, 15), "the wizard's day by default"
    decision.admitted_on.setDate(QDate(2025, 10, 14))
    decision.basis.setText("протокол № 2 от 14.10.2025")
    qtbot.mouseClick(decision.admit_all_button, Qt.MouseButton.LeftButton)
    said = decision.report.text().replace("\xa0", " ")
    assert "Допущено к работе: 30" in said and "основание: протокол № 2" in said
    press_next(qtbot, wizard)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    with db.reading() as session:
        statuses = session.scalars(select(MentorProfile.status).where(
            MentorProfile.id.in_(profile_ids))).all()
        summary, details = session.execute(select(AuditEntry.summary, AuditEntry.details_json)
                                           .where(AuditEntry.entity == "mentor_profile")).one()
    assert statuses == [MentorStatus.ADMITTED] * 30
    assert "допущены 14.10.2025 (30 чел.), основание: протокол № 2 от 14.10.2025" in summary
    assert set(map(tuple, json.loads(details)["admissions"].values())) == {
        ("2025-10-14", "протокол № 2 от 14.10.2025")}


def test_interview_date_for_thirty_selected_in_one_action(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    """Issue 10: the interview page works on a selection — Ctrl+A, a date, one click."""
    profile_ids = add_many_candidates(db, programme, 30)
    wizard = make_wizard(qtbot, db, programme)
    press_next(qtbot, wizard)
    page = wizard.interview_page
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert page.count.text() == "Выбрано: 30 из 30"
    assert not page.editor.isEnabled(), "one person's editor steps aside for a selection"
    page.bulk_date.setDate(QDate(2025, 10, 3))
    page.bulk_note.setText("Рекомендован")
    qtbot.mouseClick(page.mark_button, Qt.MouseButton.LeftButton)
    states = {s.profile_id: s for s in wizard.model.states()}
    assert {states[p].interview_on for p in profile_ids} == {dt.date(2025, 10, 3)}
    assert {states[p].interview_notes for p in profile_ids} == {"Рекомендован"}
    assert not shown_messages.texts(MessageKind.ERROR)

    page.select_rows(profile_ids[:2])
    qtbot.mouseClick(page.unmark_button, Qt.MouseButton.LeftButton)
    assert wizard.model.state(wizard.model.row_of(profile_ids[0])).interview_on is None
    assert wizard.model.state(wizard.model.row_of(profile_ids[2])).interview_on == dt.date(
        2025, 10, 3)


def test_one_score_for_a_criterion_over_the_selection(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, ids: dict[str, int],
        shown_messages: CapturedMessages) -> None:
    wizard = make_wizard(qtbot, db, programme)
    page = wizard.scores_page
    motivation = next(c for c in wizard.model.criteria if c.name == "мотивация")
    page.select_rows([ids["Орлова"], ids["Козлов"]])
    assert page.count.text() == "Выбрано: 2 из 3"
    page.criterion.setCurrentIndex(page.criterion.findData(motivation.id))
    page.score.setCurrentIndex(page.score.findData(7))
    qtbot.mouseClick(page.score_button, Qt.MouseButton.LeftButton)
    scores = {s.profile_id: s.scores for s in wizard.model.states()}
    assert scores[ids["Орлова"]] == scores[ids["Козлов"]] == {motivation.id: 7}
    assert scores[ids["Белова"]] == {}
    assert "оценка 7 поставлена 2 кандидатам" in page.report.text().replace("\xa0", " ")

    page.score.setCurrentIndex(page.score.count() - 1)  # «— (снять оценку)»
    page.select_rows([ids["Козлов"]])
    qtbot.mouseClick(page.score_button, Qt.MouseButton.LeftButton)
    assert wizard.model.state(wizard.model.row_of(ids["Козлов"])).scores == {}


def test_scores_filled_from_experience_and_hours_keep_what_is_scored(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, ids: dict[str, int],
        shown_messages: CapturedMessages) -> None:
    with db.transaction() as session:
        for surname, years, hours in (("Орлова", 12, 3.0), ("Козлов", 1, None)):
            profile = session.get(MentorProfile, ids[surname])
            assert profile is not None
            profile.person.experience_years = years
            profile.time_hours_per_month = hours
    wizard = make_wizard(qtbot, db, programme)
    page = wizard.scores_page
    by_name = {c.name: c.id for c in wizard.model.criteria}
    experience, time = by_name["профессиональный опыт"], by_name["ресурс времени"]
    assert page.view.model().setData(page.score_index(ids["Козлов"], experience), 9)
    qtbot.mouseClick(page.fill_button, Qt.MouseButton.LeftButton)  # nobody selected: all
    scores = {s.profile_id: s.scores for s in wizard.model.states()}
    assert scores[ids["Орлова"]] == {experience: 10, time: 4}
    assert scores[ids["Козлов"]] == {experience: 9}, "a score already given is kept"
    assert scores[ids["Белова"]] == {}, "no data, no score"
    assert "Заполнено по данным: 2 оценки" in page.report.text().replace("\xa0", " ")


def test_the_score_editor_is_large_enough_to_read(qtbot: QtBot, db: Database,
                                                  programme: ProgrammeInfo,
                                                  ids: dict[str, int]) -> None:
    wizard = make_wizard(qtbot, db, programme)
    page = wizard.scores_page
    index = page.score_index(ids["Орлова"], wizard.model.criteria[0].id)
    page.view.setCurrentIndex(index)
    page.view.edit(index)
    editor = page.view.viewport().findChild(QSpinBox)
    assert editor is not None
    cell = page.view.visualRect(index)
    assert editor.height() > cell.height() and editor.height() >= editor.sizeHint().height()
    assert editor.width() >= max(cell.width(), editor.sizeHint().width())
    assert editor.font().pointSizeF() > page.view.font().pointSizeF()


def test_the_pages_say_the_school_s_rule(qtbot: QtBot, db: Database,
                                         programme: ProgrammeInfo, ids: dict[str, int]) -> None:
    wizard = make_wizard(qtbot, db, programme)
    assert "собеседование или обучение" in wizard.decision_page.subTitle()
    assert "обучен →" not in wizard.decision_page.subTitle()
    assert "не обязательны" in wizard.scores_page.subTitle()
    stage4_service.save_admission_rule(db, AdmissionRule.FULL)
    strict = make_wizard(qtbot, db, programme)
    assert "оценки по всем критериям, собеседование и обучение" in \
        strict.decision_page.subTitle()
    assert "нужны оценки по всем критериям" in strict.scores_page.subTitle()


def test_admitting_a_selection_says_who_the_rule_keeps_out(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, ids: dict[str, int],
        shown_messages: CapturedMessages) -> None:
    stage4_service.save_admission_rule(db, AdmissionRule.INTERVIEW_AND_TRAINING)
    wizard = make_wizard(qtbot, db, programme)
    assert wizard.model.change(
        wizard.model.row_of(ids["Орлова"]), interview_on=dt.date(2025, 10, 1),
        training_on=dt.date(2025, 10, 10), training_hours=8.0, training_completed=True) is None
    for _ in range(3):
        press_next(qtbot, wizard)
    decision = wizard.decision_page
    assert decision.basis.text() == "по результатам собеседования и обучения в «Школе наставников»"
    decision.view.setFocus()
    qtbot.keyClick(decision.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(decision.admit_all_button, Qt.MouseButton.LeftButton)
    said = shown_messages.texts(MessageKind.INFO)[-1]
    assert "Допущено к работе: 1" in said.replace("\xa0", " ")
    assert "Не допущены" in said and "Козлов Игорь Петрович" in said
    orlova = wizard.model.state(wizard.model.row_of(ids["Орлова"]))
    assert (orlova.status, orlova.admitted_on) == (MentorStatus.ADMITTED, TODAY)

    decision.select_candidate(ids["Орлова"])
    choose_status(decision, MentorStatus.CANDIDATE)
    orlova = wizard.model.state(wizard.model.row_of(ids["Орлова"]))
    assert (orlova.admitted_on, orlova.admission_basis) == (None, ""), "no stale admission"
    decision.admitted_on.setDate(QDate(2025, 10, 12))
    choose_status(decision, MentorStatus.ADMITTED)
    assert wizard.model.state(wizard.model.row_of(ids["Орлова"])).admitted_on == dt.date(
        2025, 10, 12)


def test_the_roadmap_tick_stays_available_while_several_are_selected(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, ids: dict[str, int]) -> None:
    wizard = make_wizard(qtbot, db, programme)
    press_next(qtbot, wizard)
    page = wizard.interview_page
    page.select_rows(list(ids.values()))
    assert not page.editor.isEnabled()
    assert page.tick.isEnabled()


def test_the_tables_open_by_name_and_a_header_click_sorts(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    """The model comes by name, so the tables open unsorted (fast at 1,000 candidates) yet in
    name order; a click on a header still sorts, again the other way."""
    add_many_candidates(db, programme, 12)  # «Учителев10» before «Учителев2» by name
    wizard = make_wizard(qtbot, db, programme)
    page = wizard.scores_page
    model, view = wizard.model, page.view

    def names() -> list[str]:
        return [page.proxy.index(row, model.col("name")).data()
                for row in range(page.proxy.rowCount())]

    by_name = sorted(names(), key=alphabetical_key)
    assert names() == by_name and len(by_name) == 12
    header = view.horizontalHeader()
    column = model.col("name")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(column) + 5, 5))
    assert header.sortIndicatorOrder() is Qt.SortOrder.DescendingOrder
    assert names() == by_name[::-1]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(column) + 5, 5))
    assert names() == by_name
