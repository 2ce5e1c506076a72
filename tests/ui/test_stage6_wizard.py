"""The stage 6 wizard driven through its widgets on the demo school: tick pairs by form, plans
from templates, a mentee's strengths, materials to the mentors, first meetings a pair a day;
Finish writes it all at once; a refusal is said in Russian and the wizard stays open."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MeetingKind, PairStatus
from nastavnik_desktop.data.models import (
    MaterialHandout,
    Meeting,
    MentoringPair,
    PairMentee,
    PlanItem,
    RoadmapItem,
)
from nastavnik_desktop.services import materials
from nastavnik_desktop.services.roadmap import ROADMAP_TEMPLATE
from nastavnik_desktop.services.stages import stage_cards
from nastavnik_desktop.services.stages.stage6 import load_stage6
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.stage_wizards import STAGE_WIZARDS
from nastavnik_desktop.ui.wizards.stage6 import Stage6Wizard
from tests.helpers.stage6 import just_formed
from tests.helpers.wizard import click, db_snapshot, press, press_next, wait_loaded

DEMO_OPTIONS: dict[str, Any] = {}
"""The demo school as the application builds it (tests/ui/conftest.py builds it once)."""


@pytest.fixture
def demo(demo_db: Database, programme_id: int, demo_day: dt.date) -> tuple[Database, int]:
    just_formed(demo_db, programme_id)
    materials.add_link(demo_db, programme_id, "Памятка наставнику",
                       "https://example.org/pamyatka", today=demo_day)
    return demo_db, programme_id


def make_wizard(qtbot: QtBot, db: Database, programme_id: int,
                today: dt.date) -> Stage6Wizard:
    wizard = Stage6Wizard(db, programme_id, today=today)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wait_loaded(qtbot, wizard)
    return wizard


def count(db: Database, query: object) -> int:
    with db.reading() as session:
        return int(session.scalar(query) or 0)  # type: ignore[call-overload]


def test_stage6_has_its_wizard() -> None:
    assert 6 in STAGE_WIZARDS


def test_drive_the_wizard_to_finish_and_check_the_database(
        qtbot: QtBot, demo: tuple[Database, int], demo_day: dt.date,
        shown_messages: CapturedMessages) -> None:
    db, programme_id = demo
    wizard = make_wizard(qtbot, db, programme_id, demo_day)
    page = wizard.pairs_page
    # the teachers' pairs: filter by the form, tick every one shown
    page.tick_none.click()
    teachers = page.form.findText("учитель – учитель")
    assert teachers > 0
    page.form.setCurrentIndex(teachers)
    click(qtbot, page.tick_all)
    teachers_pairs = [p for p in wizard.state.data.pairs if p.pair_id in wizard.state.selected]
    assert teachers_pairs and {p.form_name for p in teachers_pairs} == {"учитель – учитель"}
    assert page.proxy.rowCount() == len(teachers_pairs)
    # then every pair of the programme: the whole cohort at once
    page.form.setCurrentIndex(0)
    click(qtbot, page.tick_all)
    chosen = list(wizard.state.data.pairs)
    assert wizard.state.selected == {p.pair_id for p in chosen}
    no_plan = [p for p in chosen if not p.has_plan]
    with_plan = [p for p in chosen if p.has_plan]
    fresh = [p for p in chosen if p.first_meeting_on is None]
    assert no_plan and fresh
    press_next(qtbot, wizard)

    plan_page = wizard.plan_page
    assert plan_page.groups.rowCount() >= 1
    assert "Задача" in plan_page.preview.toPlainText()
    strengths = plan_page.strengths
    assert strengths.rowCount() == sum(len(p.mentees) for p in chosen)
    assert strengths.setData(strengths.index(0, 3), "Ответственность")
    assert strengths.setData(strengths.index(0, 4), "Публичные выступления")
    first_pair, n = strengths.rows[0]
    mentee_id = first_pair.mentees[n].mentee_profile_id
    press_next(qtbot, wizard)

    materials_page = wizard.materials_page
    assert materials_page.materials.model.rowCount() == len(wizard.state.data.materials)
    handed_before = count(db, select(func.count()).select_from(MaterialHandout))
    assert materials_page.materials.ids(ticked=True) == set(wizard.state.material_ids())
    assert materials_page.mentors.model.rowCount() == len({p.mentor_profile_id
                                                           for p in chosen})
    press_next(qtbot, wizard)

    meetings = wizard.meetings_page
    meetings.per_day.setValue(1)
    meetings.start.setDate(meetings.start.date().addDays(2))
    spread = wizard.state.spread()
    assert len(spread) == len(fresh)
    assert len({first for first, _ in spread.values()}) == len(fresh), "a pair a day"
    press_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.summary_page.isComplete(), timeout=20_000)
    assert "Планы развития по шаблонам" in wizard.summary_page.text()

    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert not shown_messages.texts(MessageKind.ERROR)

    for pair in no_plan:
        assert count(db, select(func.count()).select_from(PlanItem)
                     .where(PlanItem.pair_id == pair.pair_id)) > 0
    for pair in with_plan:  # skipped: its plan stays as it was
        assert count(db, select(func.count()).select_from(PlanItem)
                     .where(PlanItem.pair_id == pair.pair_id)) == pair.plan_items
    with db.reading() as session:
        planned = session.execute(select(Meeting.pair_id, Meeting.kind, Meeting.held_on)
                                  .where(Meeting.planned.is_(True),
                                         Meeting.kind.in_([MeetingKind.ACQUAINTANCE,
                                                           MeetingKind.PLANNING]),
                                         Meeting.pair_id.in_([p.pair_id for p in fresh]))
                                  ).all()
        member = session.execute(select(PairMentee.strengths, PairMentee.growth_points)
                                 .where(PairMentee.pair_id == first_pair.pair_id,
                                        PairMentee.mentee_profile_id == mentee_id)).one()
        due = session.scalar(select(RoadmapItem.due_on).where(
            RoadmapItem.programme_id == programme_id,
            RoadmapItem.title == ROADMAP_TEMPLATE[6][0].title))
    assert {(pair_id, kind) for pair_id, kind, _ in planned} == {
        (p.pair_id, k) for p in fresh for k in (MeetingKind.ACQUAINTANCE, MeetingKind.PLANNING)}
    assert due == max(day for _, _, day in planned)
    assert tuple(member) == ("Ответственность", "Публичные выступления")
    assert wizard.saved is not None and wizard.saved.handouts > 0
    assert count(db, select(func.count()).select_from(MaterialHandout)) == (
        handed_before + wizard.saved.handouts)
    card = stage_cards(db, programme_id, today=demo_day)[5]
    items = {item.key: item for item in card.items}
    assert items["materials"].done  # every mentor at work has a material now
    assert all(p.has_plan for p in load_stage6(db, programme_id).pairs)
    assert items["plans"].done, "the stage 6 checklist shows the plans made"
    assert wizard.saved is not None and wizard.saved.plans_filled == len(no_plan)


def test_a_refused_finish_is_said_and_keeps_everything(
        qtbot: QtBot, demo: tuple[Database, int], demo_day: dt.date,
        shown_messages: CapturedMessages) -> None:
    db, programme_id = demo
    wizard = make_wizard(qtbot, db, programme_id, demo_day)
    chosen = sorted(wizard.state.selected)
    assert chosen
    gone = next(p for p in wizard.state.data.pairs if p.pair_id == chosen[-1])
    with db.transaction() as session:  # finished elsewhere while the wizard is open
        session.execute(update(MentoringPair).where(MentoringPair.id == gone.pair_id)
                        .values(status=PairStatus.COMPLETED, ended_on=demo_day))
    before = db_snapshot(db)
    for _ in range(3):
        press_next(qtbot, wizard)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    errors = shown_messages.texts(MessageKind.ERROR)
    assert errors and gone.mentor_name in errors[-1] and "завершена" in errors[-1]
    assert wizard.isVisible()
    assert wizard.state.selected == set(chosen)
    assert db_snapshot(db) == before


def test_space_ticks_the_selected_rows(qtbot: QtBot, demo: tuple[Database, int],
                                       demo_day: dt.date) -> None:
    db, programme_id = demo
    wizard = make_wizard(qtbot, db, programme_id, demo_day)
    page = wizard.pairs_page
    page.tick_none.click()
    assert not wizard.state.selected
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.view.setFocus()
    page.view.selectRow(0)
    page.view.selectionModel().select(
        page.proxy.index(1, 0), page.view.selectionModel().SelectionFlag.Select
        | page.view.selectionModel().SelectionFlag.Rows)
    qtbot.keyClick(page.view, Qt.Key.Key_Space)
    assert len(wizard.state.selected) == 2
    assert "Отмечено: 2 из" in page.count.text()


def test_a_date_typed_in_the_table_wins_and_a_past_one_blocks(
        qtbot: QtBot, demo: tuple[Database, int], demo_day: dt.date) -> None:
    db, programme_id = demo
    wizard = make_wizard(qtbot, db, programme_id, demo_day)
    for _ in range(3):
        press_next(qtbot, wizard)
    page = wizard.meetings_page
    model = page.model
    row = next(n for n, p in enumerate(model.rows) if p.first_meeting_on is None)
    pair_id = model.rows[row].pair_id
    page.one_day.setChecked(True)
    chosen = QDate(2026, 12, 3)
    assert model.setData(model.index(row, 3), chosen)
    assert wizard.state.spread()[pair_id][0] == dt.date(2026, 12, 3)
    assert model.index(row, 3).data() == "03.12.2026"
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert model.setData(model.index(row, 3), QDate(2026, 11, 1))
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "уже прошла" in page.hint.text()
    click(qtbot, page.again)
    assert wizard.state.spread()[pair_id][0] > demo_day
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_materials_added_in_their_window_come_ticked(
        qtbot: QtBot, demo: tuple[Database, int], demo_day: dt.date) -> None:
    db, programme_id = demo
    wizard = make_wizard(qtbot, db, programme_id, demo_day)
    for _ in range(2):
        press_next(qtbot, wizard)
    page = wizard.materials_page
    before = page.materials.model.rowCount()
    assert before == len(wizard.state.data.materials) > 0
    dialog = wizard.open_materials(page.reload_materials)
    materials.add_link(db, programme_id, "Рекомендации по плану", "https://example.org/plan",
                       today=demo_day)
    dialog.reject()
    qtbot.waitUntil(lambda: page.materials.model.rowCount() == before + 1)
    assert len(wizard.state.material_ids()) == before + 1
    page.materials.tick_all(False)
    assert wizard.state.material_ids() == ()
    assert wizard.collected().material_ids == ()


def test_filter_by_class_and_cancel_asks_once_something_changed(
        qtbot: QtBot, demo: tuple[Database, int], demo_day: dt.date,
        shown_messages: CapturedMessages) -> None:
    db, programme_id = demo
    wizard = make_wizard(qtbot, db, programme_id, demo_day)
    page = wizard.pairs_page
    name = page.class_box.itemData(1)
    page.class_box.setCurrentIndex(1)
    shown = [page.model.rows[r] for r in page.proxy.visible_rows()]
    assert shown and all(name in {m.class_name for m in p.mentees} for p in shown)
    assert f"(показано {len(shown)})" in page.count.text()
    click(qtbot, page.tick_all)
    shown_messages.answer = False
    press(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.isVisible()
    assert shown_messages.texts(MessageKind.CONFIRM)


def test_pairs_sort_by_the_first_meeting_date(qtbot: QtBot, demo: tuple[Database, int],
                                              demo_day: dt.date) -> None:
    db, programme_id = demo
    wizard = make_wizard(qtbot, db, programme_id, demo_day)
    page = wizard.pairs_page
    page.view.sortByColumn(7, Qt.SortOrder.AscendingOrder)
    dates = [page.model.rows[r].first_meeting_on for r in page.proxy.visible_rows()]
    known = [d for d in dates if d is not None]
    assert dates[:dates.count(None)] == [None] * dates.count(None)
    assert known == sorted(known)


def test_materials_of_another_form_are_not_ticked(qtbot: QtBot, demo: tuple[Database, int],
                                                  demo_day: dt.date) -> None:
    db, programme_id = demo
    wizard = make_wizard(qtbot, db, programme_id, demo_day)
    page = wizard.pairs_page
    page.tick_none.click()
    page.form.setCurrentIndex(page.form.findText("учитель – учитель"))
    click(qtbot, page.tick_all)
    forms = {p.form_id for p in wizard.state.pairs()}
    for _ in range(2):
        press_next(qtbot, wizard)
    other = {m.id for m in wizard.state.data.materials
             if m.form_id is not None and m.form_id not in forms}
    assert other, "the demo has a material of another form"
    assert not other & set(wizard.state.material_ids())
    assert wizard.materials_page.materials.ids(ticked=True) == set(wizard.state.material_ids())
