"""The stage 7 wizard driven through its widgets on the demo school: a result for many pairs at
once, the events, the best reordered with Ctrl+↑, an award changed for a selection, the best
pairs' cases; Finish closes the pairs, records the awards with unique numbers and the events,
and the awards order and the awards are formed (or the reason why not is said)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import AwardNomination, PairStatus, StageStatus
from nastavnik_desktop.data.models import IssuedDocument, MentoringPair, ProgrammeEvent
from nastavnik_desktop.services.awards.register import list_awards
from nastavnik_desktop.services.cases.collection import list_cases
from nastavnik_desktop.services.stages import stage_cards
from nastavnik_desktop.services.stages.stage7 import FINAL_EVENT
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.stage_wizards import STAGE_WIZARDS
from nastavnik_desktop.ui.wizards.stage7 import Stage7Wizard
from tests.helpers.wizard import click, db_snapshot, press, press_next, wait_loaded


def make_wizard(qtbot: QtBot, db: Database, programme_id: int,
                today: dt.date) -> Stage7Wizard:
    wizard = Stage7Wizard(db, programme_id, today=today)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    return wizard


def count(db: Database, query: object) -> int:
    with db.reading() as session:
        return int(session.scalar(query) or 0)  # type: ignore[call-overload]


def select_rows(view: QTableView, rows: list[int]) -> None:
    """Exactly these rows of the view (as shown) selected, the first one current."""
    view.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(view.model().index(rows[0], 0),
                                          QItemSelectionModel.SelectionFlag.NoUpdate)
    for row in rows:
        view.selectionModel().select(view.model().index(row, 0), flags)


def test_stage7_has_its_wizard() -> None:
    assert 7 in STAGE_WIZARDS


def test_drive_the_wizard_to_finish_and_check_the_database(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date,
        shown_messages: CapturedMessages) -> None:
    db = demo_db
    wizard = make_wizard(qtbot, db, programme_id, demo_day)
    pairs = list(wizard.state.data.pairs)
    assert pairs

    # results: every pair at once through the selection, one typed over in the table
    page = wizard.results_page
    page.view.selectAll()
    page.cohort_text.setText("План развития выполнен, цели достигнуты")
    click(qtbot, page.fill)
    assert page.model.without_result() == 0
    model = page.model
    assert model.setData(model.index(0, model.RESULT), "Победа в городском конкурсе")
    assert wizard.state.results[model.rows[0].pair_id] == "Победа в городском конкурсе"
    # a fill over every result, taken back with Ctrl+Z
    page.only_empty.setChecked(False)
    page.cohort_text.setText("Черновик")
    click(qtbot, page.fill)
    assert set(wizard.state.results.values()) == {"Черновик"}
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert wizard.state.results[model.rows[0].pair_id] == "Победа в городском конкурсе"
    assert "Черновик" not in wizard.state.results.values()
    assert not page.undo.isEnabled()
    page.empty_only.setChecked(True)
    assert page.proxy.rowCount() == 0
    page.empty_only.setChecked(False)
    press_next(qtbot, wizard)

    # events: the place is needed
    events = wizard.events_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "место" in events.hint_text()
    events.presentation.place.setText("Библиотека")
    events.final.place.setText("Актовый зал")
    events.final.audience.setText("наставники, наставляемые, родители")
    events.final.count.setValue(120)
    press_next(qtbot, wizard)

    # the best: the second pair moved up with Ctrl+↑, two awarded
    best = wizard.best_page
    panel = best.pairs_panel
    suggested = list(wizard.state.data.ranked_pairs)
    select_rows(panel.view, [1])
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert wizard.state.pair_order[:2] == [suggested[1], suggested[0]]
    panel.count.setValue(2)
    assert wizard.state.best_pairs() == [suggested[1], suggested[0]]
    press_next(qtbot, wizard)

    # awards: a letter of thanks for the first two participants shown, at once
    awards = wizard.awards_page
    shown = awards.proxy
    select_rows(awards.view, [0, 1])
    picked = [awards.model.rows[shown.mapToSource(shown.index(r, 0)).row()].person_id
              for r in (0, 1)]
    awards.nomination.setCurrentIndex(
        awards.nomination.findData(AwardNomination.THANKS_MENTOR.value))
    assert awards.nomination.currentIndex() >= 0
    click(qtbot, awards.give)
    requests = wizard.state.awards()
    for person_id in picked:
        assert any(r.person_id == person_id and r.nomination is AwardNomination.THANKS_MENTOR
                   for r in requests)
    best_pair_people = {p.person_id for pid in wizard.state.best_pairs()
                        for p in (wizard.state.data.pair(pid).mentor,
                                  *wizard.state.data.pair(pid).mentees)}
    assert {r.person_id for r in requests
            if r.nomination is AwardNomination.BEST_PAIR} == best_pair_people
    press_next(qtbot, wizard)

    # cases: the best pairs, one title typed over
    cases = wizard.cases_page
    click(qtbot, cases.best)
    assert set(wizard.state.cases) == set(wizard.state.best_pairs())
    assert cases.model.setData(cases.model.index(0, cases.model.TITLE),
                               "Наставник помог подготовиться к олимпиаде")
    press_next(qtbot, wizard)
    assert "Будут завершены" in wizard.summary_page.text()

    documents_before = count(db, select(func.count()).select_from(IssuedDocument))
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    qtbot.waitUntil(lambda: wizard.documents is not None, timeout=60_000)

    # the pairs are closed with their results
    with db.reading() as session:
        rows = session.execute(select(MentoringPair.status, MentoringPair.ended_on,
                                      MentoringPair.result).where(
            MentoringPair.id.in_([p.pair_id for p in pairs]))).all()
        places = dict(session.execute(select(ProgrammeEvent.kind, ProgrammeEvent.place).where(
            ProgrammeEvent.programme_id == programme_id, ProgrammeEvent.stage == 7)).all())
    assert len(rows) == len(pairs)
    assert all(r.status is PairStatus.COMPLETED and r.ended_on == demo_day for r in rows)
    assert {r.result for r in rows} == {"План развития выполнен, цели достигнуты",
                                        "Победа в городском конкурсе"}
    assert places == {"results_presentation": "Библиотека", FINAL_EVENT: "Актовый зал"}
    # the awards are recorded, each with its own number
    saved = wizard.saved
    # (what the register cannot issue — a letter to a mentor with no organisation typed in
    # — is left out and said)
    assert saved is not None and len(saved.award_ids) == len(requests) - len(saved.skipped)
    assert all(" — " in line for line in saved.skipped)
    recorded = [a for a in list_awards(db, programme_id) if a.id in saved.award_ids]
    assert len({a.registry_number for a in recorded}) == len(recorded) == len(saved.award_ids)
    assert {(a.person_id, a.nomination) for a in recorded} <= {
        (r.person_id, r.nomination) for r in requests}
    titles = {c.title for c in list_cases(db, programme_id)}
    assert "Наставник помог подготовиться к олимпиаде" in titles
    card = stage_cards(db, programme_id, today=demo_day)[6]
    assert card.status is StageStatus.DONE
    assert {i.key for i in card.items if i.done} >= {"completed", "final_event", "awards",
                                                      "practices"}

    # the documents: each formed, or its reason said (the stage stays saved either way)
    outcomes = {o.kind: o for o in wizard.documents or ()}
    assert set(outcomes) == {"order_awards", "certificates"}
    formed = [o for o in outcomes.values() if o.formed]
    assert count(db, select(func.count()).select_from(IssuedDocument)) == (
        documents_before + len(formed))
    said = "\n".join(shown_messages.texts())
    assert "Этап 7 сохранён" in said
    for outcome in outcomes.values():
        if outcome.formed:
            assert f"«{outcome.title}»" in said
        else:
            assert outcome.error and outcome.error in said
            assert shown_messages.texts(MessageKind.ERROR)


def test_a_refused_finish_is_said_and_nothing_is_saved(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date,
        shown_messages: CapturedMessages) -> None:
    db = demo_db
    wizard = make_wizard(qtbot, db, programme_id, demo_day)
    # a pair closed elsewhere while the wizard is open
    pair_id = wizard.state.data.pairs[0].pair_id
    with db.transaction() as session:
        row = session.get(MentoringPair, pair_id)
        assert row is not None
        row.status = PairStatus.TERMINATED
    before = db_snapshot(db)
    press_next(qtbot, wizard)
    wizard.events_page.presentation.record.setChecked(False)
    wizard.events_page.final.record.setChecked(False)
    press_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.best_page
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.isVisible()
    errors = shown_messages.texts(MessageKind.ERROR)
    assert errors and "уже не в работе" in errors[-1]
    assert db_snapshot(db) == before


def test_space_changes_an_award_for_the_selection_and_the_ranking_resets(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date) -> None:
    wizard = make_wizard(qtbot, demo_db, programme_id, demo_day)
    state = wizard.state
    press_next(qtbot, wizard)
    wizard.events_page.presentation.record.setChecked(False)
    wizard.events_page.final.record.setChecked(False)
    press_next(qtbot, wizard)
    # the mentors' ranking: Ctrl+↓ then «Как предложено»
    wizard.best_page.tabs.setCurrentIndex(1)
    panel = wizard.best_page.mentors_panel
    suggested = list(state.mentor_order)
    select_rows(panel.view, [0])
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert state.mentor_order[:2] == [suggested[1], suggested[0]]
    click(qtbot, panel.reset)
    assert state.mentor_order == suggested
    press_next(qtbot, wizard)
    # the mentees only; no certificate for the first two, by Space in that column
    page = wizard.awards_page
    page.role.setCurrentIndex(page.role.findData("наставляемый"))
    assert all(not page.model.rows[page.proxy.mapToSource(page.proxy.index(r, 0)).row()]
               .is_mentor for r in range(page.proxy.rowCount()))
    select_rows(page.view, [0, 1])
    people = [page.model.rows[page.proxy.mapToSource(page.proxy.index(r, 0)).row()].person_id
              for r in (0, 1)]
    page.view.selectionModel().setCurrentIndex(
        page.proxy.index(0, page.model.FIRST), QItemSelectionModel.SelectionFlag.NoUpdate)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Space)
    given = {(r.person_id, r.nomination) for r in state.awards()}
    assert all((p, AwardNomination.PARTICIPANT) not in given for p in people)
    qtbot.keyClick(page.view, Qt.Key.Key_Space)
    given = {(r.person_id, r.nomination) for r in state.awards()}
    assert all((p, AwardNomination.PARTICIPANT) in given for p in people)
    assert state.award_changes == {}, "back to the defaults"


def test_rows_dragged_in_the_ranking_land_where_dropped(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date) -> None:
    wizard = make_wizard(qtbot, demo_db, programme_id, demo_day)
    model = wizard.best_page.pairs
    order = list(wizard.state.pair_order)
    data = model.mimeData([model.index(3, 0), model.index(4, 2)])
    assert not model.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, model.index(-1, -1))
    assert wizard.state.pair_order == [order[0], order[3], order[4], order[1], order[2],
                                       *order[5:]]
    data = model.mimeData([model.index(0, 0)])  # dropped on the row of the third
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index(2, 0))
    assert wizard.state.pair_order[:3] == [order[3], order[0], order[4]]
    assert wizard.state.best_pairs() == wizard.state.pair_order[:3]
