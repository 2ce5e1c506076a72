"""«Дорожная карта»: the table shows the roadmap, edits and toolbar actions change the database."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import Programme, RoadmapItem
from nastavnik_desktop.services import roadmap as roadmap_service
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.roadmap import RoadmapLine, generate_roadmap, list_roadmap
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.models.roadmap_model import (
    COL_DONE,
    COL_DUE,
    COL_TITLE,
    OVERDUE_TOOLTIP,
)
from nastavnik_desktop.ui.pages.roadmap import RoadmapPage


@pytest.fixture
def roadmap(db: Database, programme: ProgrammeInfo) -> list[RoadmapLine]:
    with db.transaction() as session:
        programme_row = session.get(Programme, programme.id)
        assert programme_row is not None
        generate_roadmap(session, programme_row)
    return list_roadmap(db, programme.id)


@pytest.fixture
def page(qtbot: QtBot, db: Database, programme: ProgrammeInfo,
         roadmap: list[RoadmapLine]) -> RoadmapPage:
    widget = RoadmapPage(db, programme.id)
    qtbot.addWidget(widget)
    return widget


def fresh(db: Database, programme: ProgrammeInfo) -> list[RoadmapLine]:
    return list_roadmap(db, programme.id)


def line_by_id(db: Database, programme: ProgrammeInfo, item_id: int) -> RoadmapLine:
    return next(line for line in fresh(db, programme) if line.id == item_id)


def model_row(page: RoadmapPage, item_id: int) -> int:
    return page.model.row_of(item_id)


def test_the_page_shows_every_roadmap_item(page: RoadmapPage,
                                           roadmap: list[RoadmapLine]) -> None:
    assert [line.id for line in page.visible_lines()] == [line.id for line in roadmap]
    assert page.proxy.rowCount() == len(roadmap)
    first = page.model.index(0, COL_DUE)
    assert first.data() == f"{roadmap[0].due_on:%d.%m.%Y}"
    assert page.model.headerData(COL_TITLE, Qt.Orientation.Horizontal) == "Мероприятие"
    assert page.summary_label.text().startswith(f"Мероприятий: {len(roadmap)}, выполнено: 0")


def test_filtering_by_stage_shows_only_that_stage(page: RoadmapPage,
                                                  roadmap: list[RoadmapLine]) -> None:
    page.stage_combo.setCurrentIndex(page.stage_combo.findData(3))
    shown = page.visible_lines()
    assert shown
    assert [line.id for line in shown] == [line.id for line in roadmap if line.stage == 3]
    page.stage_combo.setCurrentIndex(0)
    assert len(page.visible_lines()) == len(roadmap)


def test_filtering_by_responsible_and_search(page: RoadmapPage,
                                             roadmap: list[RoadmapLine]) -> None:
    page.responsible_combo.setCurrentIndex(page.responsible_combo.findData("педагог-психолог"))
    assert {line.responsible for line in page.visible_lines()} == {"педагог-психолог"}
    page.responsible_combo.setCurrentIndex(0)
    page.search_edit.setText("ШКОЛА НАСТАВНИКОВ")
    assert [line.title for line in page.visible_lines()] == [
        "Обучение наставников («Школа наставников»)"]


def test_editing_a_title_saves_it(page: RoadmapPage, db: Database, programme: ProgrammeInfo,
                                  roadmap: list[RoadmapLine]) -> None:
    target = roadmap[4]
    index = page.model.index(model_row(page, target.id), COL_TITLE)
    assert page.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert page.model.setData(index, "Дорожная карта на 2025/2026 учебный год")
    assert line_by_id(db, programme, target.id).title == "Дорожная карта на 2025/2026 учебный год"
    assert page.model.index(model_row(page, target.id), COL_TITLE).data() == (
        "Дорожная карта на 2025/2026 учебный год")


def test_editing_a_due_date_saves_it(page: RoadmapPage, db: Database,
                                     programme: ProgrammeInfo,
                                     roadmap: list[RoadmapLine]) -> None:
    target = roadmap[0]
    assert page.model.setData(page.model.index(model_row(page, target.id), COL_DUE),
                              "01.09.2025")
    assert line_by_id(db, programme, target.id).due_on == dt.date(2025, 9, 1)


def test_a_bad_date_changes_nothing_and_says_why(page: RoadmapPage, db: Database,
                                                 programme: ProgrammeInfo,
                                                 roadmap: list[RoadmapLine],
                                                 shown_messages: CapturedMessages) -> None:
    target = roadmap[2]
    index = page.model.index(model_row(page, target.id), COL_DUE)
    assert not page.model.setData(index, "31.02.2025")
    assert line_by_id(db, programme, target.id) == target
    errors = shown_messages.texts(MessageKind.ERROR)
    assert len(errors) == 1
    assert "ДД.ММ.ГГГГ" in errors[0]


def test_down_reorders_in_the_database(page: RoadmapPage, db: Database,
                                       programme: ProgrammeInfo,
                                       roadmap: list[RoadmapLine]) -> None:
    first, second = [line for line in roadmap if line.stage == 2][:2]
    assert page.select_item(first.id)
    page.down_action.trigger()
    stage2 = [line.id for line in fresh(db, programme) if line.stage == 2]
    assert stage2[:2] == [second.id, first.id]
    assert page.selected_id() == first.id
    page.up_action.trigger()
    assert [line.id for line in fresh(db, programme) if line.stage == 2][:2] == [
        first.id, second.id]


def test_remove_asks_first(page: RoadmapPage, db: Database, programme: ProgrammeInfo,
                           roadmap: list[RoadmapLine],
                           shown_messages: CapturedMessages) -> None:
    target = roadmap[5]
    assert page.select_item(target.id)
    shown_messages.answer = False
    page.remove_action.trigger()
    assert shown_messages.texts(MessageKind.CONFIRM)
    assert fresh(db, programme) == roadmap

    shown_messages.answer = True
    page.remove_action.trigger()
    ids = [line.id for line in fresh(db, programme)]
    assert target.id not in ids
    assert len(ids) == len(roadmap) - 1
    assert page.proxy.rowCount() == len(roadmap) - 1
    assert page.selected_id() == roadmap[6].id


def test_add_puts_an_item_into_the_selected_stage(page: RoadmapPage, db: Database,
                                                  programme: ProgrammeInfo,
                                                  roadmap: list[RoadmapLine]) -> None:
    stage4 = [line for line in roadmap if line.stage == 4]
    assert page.select_item(stage4[0].id)
    page.add_action.trigger()
    lines = [line for line in fresh(db, programme) if line.stage == 4]
    assert len(lines) == len(stage4) + 1
    assert lines[-1].title == "Новое мероприятие"
    assert page.selected_id() == lines[-1].id


def test_mark_done_and_not_done(page: RoadmapPage, db: Database, programme: ProgrammeInfo,
                                roadmap: list[RoadmapLine]) -> None:
    target = roadmap[1]
    assert page.select_item(target.id)
    page.mark_selected_done("Положение утверждено приказом № 12")
    saved = line_by_id(db, programme, target.id)
    assert saved.done_on == dt.date.today()
    assert saved.evidence == "Положение утверждено приказом № 12"
    assert page.selected_id() == target.id
    done_cell = page.model.index(model_row(page, target.id), COL_DONE)
    assert done_cell.data() == f"✓ {dt.date.today():%d.%m.%Y}"
    assert "выполнено: 1" in page.summary_label.text()

    page.not_done_action.trigger()
    assert line_by_id(db, programme, target.id).done_on is None


def test_an_overdue_item_is_highlighted(page: RoadmapPage, db: Database,
                                        programme: ProgrammeInfo,
                                        roadmap: list[RoadmapLine]) -> None:
    target = roadmap[3]
    with db.transaction() as session:
        item = session.get(RoadmapItem, target.id)
        assert item is not None
        item.due_on = dt.date.today() - dt.timedelta(days=3)
    page.refresh()
    index = page.model.index(model_row(page, target.id), COL_TITLE)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert OVERDUE_TOOLTIP in index.data(Qt.ItemDataRole.ToolTipRole)
    other = page.model.index(model_row(page, roadmap[0].id), COL_TITLE)
    if not roadmap[0].overdue:
        assert other.data(Qt.ItemDataRole.BackgroundRole) is None
    assert "просрочено: " in page.summary_label.text()


def test_the_main_window_opens_the_roadmap(qtbot: QtBot, db: Database,
                                           roadmap: list[RoadmapLine]) -> None:
    window = MainWindow(db)
    qtbot.addWidget(window)
    page = window.show_section("Дорожная карта")
    assert isinstance(page, RoadmapPage)
    assert page.proxy.rowCount() == len(roadmap)
    roadmap_service.remove_item(db, roadmap[0].id)
    window.show_section("Обзор")
    assert window.show_section("Дорожная карта") is page
    assert page.proxy.rowCount() == len(roadmap) - 1


def test_keyboard_shortcuts_move_and_remove(qtbot: QtBot, page: RoadmapPage, db: Database,
                                            programme: ProgrammeInfo,
                                            roadmap: list[RoadmapLine],
                                            shown_messages: CapturedMessages) -> None:
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    first, second = [line for line in roadmap if line.stage == 7][:2]
    assert page.select_item(first.id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [line.id for line in fresh(db, programme) if line.stage == 7][:2] == [
        second.id, first.id]
    shown_messages.answer = False
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(shown_messages.texts(MessageKind.CONFIRM)) == 1
    assert len(fresh(db, programme)) == len(roadmap)


# --- the seven stages ------------------------------------------------------------------------

def test_the_strip_shows_seven_stages_with_their_statuses(page: RoadmapPage) -> None:
    assert sorted(page.strip.tiles) == list(range(1, 8))
    assert page.strip.tiles[1].chip.text() == "в работе"  # the roadmap and requisites exist
    assert page.strip.tiles[6].chip.text() == "не начат"
    assert page.strip.selected() == 1  # the first stage not done
    assert page.checklist.title.text().startswith("Этап 1.")


def test_clicking_a_tile_shows_its_checklist(qtbot: QtBot, page: RoadmapPage) -> None:
    qtbot.mouseClick(page.strip.tiles[4], Qt.MouseButton.LeftButton)
    assert page.strip.selected() == 4
    assert page.checklist.title.text() == "Этап 4. Отбор и обучение наставников"
    assert "admitted" in page.checklist.boxes and "interview" in page.checklist.boxes
    assert page.tabs.currentIndex() == 0


def test_a_manual_tick_is_saved_and_a_derived_one_cannot_be_clicked(
        qtbot: QtBot, page: RoadmapPage, db: Database, programme: ProgrammeInfo) -> None:
    from nastavnik_desktop.services.stages import stage_cards

    page.show_stage(7)
    box = page.checklist.boxes["publicity"]
    box.setChecked(True)
    card = stage_cards(db, programme.id)[6]
    assert next(i for i in card.items if i.key == "publicity").done
    assert page.strip.tiles[7].chip.text() == "в работе"
    assert page.checklist.boxes["publicity"].isChecked()

    derived = page.checklist.boxes["awards"]
    qtbot.mouseClick(derived, Qt.MouseButton.LeftButton)
    assert not derived.isChecked()
    assert not next(i for i in stage_cards(db, programme.id)[6].items if i.key == "awards").done


def test_closing_a_stage_asks_and_can_be_undone(page: RoadmapPage,
                                                shown_messages: CapturedMessages) -> None:
    page.show_stage(3)
    shown_messages.answer = False
    page.checklist.close_button.click()
    assert page.strip.tiles[3].chip.text() == "не начат"
    assert "не выполнено пунктов" in shown_messages.texts(MessageKind.CONFIRM)[-1]

    shown_messages.answer = True
    page.checklist.close_button.click()
    assert page.strip.tiles[3].chip.text() == "завершён"
    assert page.checklist.close_button.text() == "Вернуть в работу"
    page.checklist.close_button.click()
    assert page.strip.tiles[3].chip.text() == "в работе"


def test_stage_events_button_filters_the_table(page: RoadmapPage) -> None:
    page.show_stage(2)
    page.checklist.events_button.click()
    assert page.tabs.currentIndex() == 1
    assert {line.stage for line in page.visible_lines()} == {2}


def test_marking_every_stage_1_event_done_shows_in_its_tile(
        page: RoadmapPage, db: Database, programme: ProgrammeInfo) -> None:
    for line in fresh(db, programme):
        if line.stage == 1 and page.select_item(line.id):
            page.mark_selected_done(evidence="приказ")
    page.show_stage(1)
    card = page.cards[0]
    assert card.events_done == card.events_total > 0
    assert f"выполнено: {card.events_total}" in page.checklist.events.text()


def test_the_done_date_is_typed_corrected_and_cleared_in_the_table(
        page: RoadmapPage, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    first = fresh(db, programme)[0]
    index = page.model.index(model_row(page, first.id), COL_DONE)
    assert page.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert page.model.setData(index, "03.09.2025")
    assert line_by_id(db, programme, first.id).done_on == dt.date(2025, 9, 3)
    index = page.model.index(model_row(page, first.id), COL_DONE)
    assert page.model.data(index, Qt.ItemDataRole.EditRole) == "03.09.2025"
    assert not page.model.setData(index, "вчера")
    assert "не похожа на дату" in shown_messages.texts(MessageKind.ERROR)[-1]
    assert not page.model.setData(index, "01.01.2999")  # not in the future
    assert line_by_id(db, programme, first.id).done_on == dt.date(2025, 9, 3)
    assert page.model.setData(page.model.index(model_row(page, first.id), COL_DONE), "")
    assert line_by_id(db, programme, first.id).done_on is None


def test_a_revisit_reads_again_only_after_a_change_it_shows(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, roadmap: list[RoadmapLine],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from nastavnik_desktop import settings
    from nastavnik_desktop.services import stages

    calls = {"cards": 0, "lines": 0}
    real_cards, real_lines = stages.stage_cards, roadmap_service.list_roadmap

    def cards(*args: object, **kwargs: object) -> object:
        calls["cards"] += 1
        return real_cards(*args, **kwargs)  # type: ignore[arg-type]

    def lines(*args: object, **kwargs: object) -> object:
        calls["lines"] += 1
        return real_lines(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stages, "stage_cards", cards)
    monkeypatch.setattr(roadmap_service, "list_roadmap", lines)
    window = MainWindow(db)
    qtbot.addWidget(window)
    for _visit in range(3):
        page = window.show_section("Дорожная карта")
        window.show_section("Документы")
    assert calls == {"cards": 1, "lines": 1}
    with db.transaction() as session:  # nothing the roadmap shows
        settings.save(session, settings.DEMO_SEED, 7)
    window.show_section("Дорожная карта")
    assert calls == {"cards": 1, "lines": 1}
    window.show_section("Документы")
    roadmap_service.mark_done(db, roadmap[0].id, dt.date(2025, 9, 6), "приказ № 1")
    window.show_section("Дорожная карта")
    assert calls == {"cards": 2, "lines": 2}
    assert isinstance(page, RoadmapPage)
    assert page.model.line_at(model_row(page, roadmap[0].id)).done_on == dt.date(2025, 9, 6)
    page.mark_selected_not_done()  # nothing selected: nothing happens
    page.select_item(roadmap[0].id)
    page.mark_selected_not_done()  # the page's own action reads what it wrote, once
    window.show_section("Документы")
    window.show_section("Дорожная карта")
    assert calls == {"cards": 3, "lines": 3}
