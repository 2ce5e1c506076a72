"""The «Опросы» tab: a round assigned from the tab with sensible default dates and title, its
progress moving after answers typed in the grid, a round with answers kept when deleted, the
list of who has not answered with its printed reminder list, and the blanks and the import
opened for the selected round."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui import stage_wizards
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.models.rounds_model import RoundsModel
from nastavnik_desktop.ui.pages.monitoring import MonitoringPage
from nastavnik_desktop.ui.pages.monitoring import rounds_tab as rounds_tab_module
from nastavnik_desktop.ui.pages.monitoring.rounds_tab import RoundsTab
from nastavnik_desktop.ui.qdates import pydate
from tests.helpers.pdf import flat_text, need
from tests.helpers.plans import build_school
from tests.helpers.rounds import DAY, NAMES, RoundSchool, round_school

BUILD_TIMEOUT_MS = 30_000


def open_tab(qtbot: QtBot, db: Database, programme_id: int) -> tuple[MonitoringPage, RoundsTab]:
    page = MonitoringPage(db, programme_id, today=lambda: DAY)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    tab = page.show_tab(RoundsTab)
    assert isinstance(tab, RoundsTab)
    tab.reload()
    return page, tab


def progress_cell(tab: RoundsTab, row: int = 0) -> str:
    return str(tab.proxy.index(row, RoundsModel.COL_PROGRESS).data())


def test_a_round_is_assigned_from_the_tab_with_default_dates_and_title(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    build_school(db, programme)
    page, tab = open_tab(qtbot, db, programme.id)
    changes: list[bool] = []
    page.context.on_change = lambda: changes.append(True)
    assert tab.empty.isVisible() or not tab.model.rounds
    assert not tab.tab_actions["enter"].isEnabled()
    editor = tab.assign()
    qtbot.addWidget(editor)
    assert (pydate(editor.opens.date()), pydate(editor.closes.date())) == (
        DAY, DAY + dt.timedelta(days=14))
    entry = next(n for n, i in enumerate(editor.choices) if i.seed_key == "mentee_entry")
    editor.questionnaire.setCurrentIndex(entry)
    assert editor.title.text() == "Входная анкета наставляемого (06.10.2025)"
    assert "отвечают наставляемые" in editor.about.text()
    editor.opens.setDate(editor.opens.date().addDays(1))  # the title follows the start
    assert editor.title.text() == "Входная анкета наставляемого (07.10.2025)"
    editor.accept()
    found = q.rounds(db, programme.id)
    assert [(r.title, r.opens_on, r.closes_on) for r in found] == [
        ("Входная анкета наставляемого (07.10.2025)", DAY + dt.timedelta(days=1),
         DAY + dt.timedelta(days=14))]
    assert changes == [True]
    assert tab.model.rounds == list(found)
    assert progress_cell(tab) == "0 из 4 (0 %)"
    assert tab.selected() == found[0]
    assert tab.tab_actions["enter"].isEnabled()


def test_a_round_with_wrong_dates_is_refused_and_the_editor_stays(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    build_school(db, programme)
    _page, tab = open_tab(qtbot, db, programme.id)
    editor = tab.assign()
    qtbot.addWidget(editor)
    editor.closes.setDate(editor.opens.date().addDays(-1))
    editor.accept()
    assert "раньше, чем начинается" in shown_messages.texts(MessageKind.ERROR)[-1]
    assert q.rounds(db, programme.id) == ()
    assert editor.result() != editor.DialogCode.Accepted


def test_answers_typed_in_the_grid_move_the_progress(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    school = round_school(db, programme)
    page, tab = open_tab(qtbot, db, programme.id)
    changes: list[bool] = []
    page.context.on_change = lambda: changes.append(True)
    assert progress_cell(tab) == "0 из 4 (0 %)"
    dialog = tab.enter_answers()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Ответы с бланков — Обратная связь"
    grid = dialog.entry.grid
    qtbot.keyClicks(grid, "9")
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    first = q.round_people_lines(db, school.round_id)[0]
    assert q.round_answers(db, school.round_id) == {
        first.person_id: {school.questionnaire.questions[0].id: q.Value(number=9)}}
    dialog.reject()
    assert progress_cell(tab) == "1 из 4 (25 %)"
    assert changes == [True]


def test_a_round_with_answers_is_not_deleted_and_an_empty_one_is(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        shown_messages: CapturedMessages) -> None:
    school = round_school(db, programme)
    person = q.round_people_lines(db, school.round_id)[0].person_id
    q.save_answers(db, school.round_id, person,
                   {school.questionnaire.questions[0].id or 0: q.Value(number=5)})
    _page, tab = open_tab(qtbot, db, programme.id)
    tab.delete_selected()
    assert shown_messages.texts(MessageKind.CONFIRM) == ["Удалить опрос «Обратная связь»?"]
    assert "уже есть заполненные анкеты: удалить его нельзя" in shown_messages.texts(
        MessageKind.ERROR)[-1]
    assert len(q.rounds(db, programme.id)) == 1
    q.delete_responses(db, school.round_id, [person])
    tab.reload()
    tab.delete_selected()
    assert q.rounds(db, programme.id) == ()
    assert tab.model.rounds == []


def test_the_search_finds_a_round_by_its_words(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    school = round_school(db, programme)
    q.create_round(db, programme.id, school.questionnaire.id, opens_on=DAY,
                   title="Итоговый опрос")
    _page, tab = open_tab(qtbot, db, programme.id)
    assert tab.proxy.rowCount() == 2
    tab.search.setText("ИТОГОВЫЙ")
    assert tab.proxy.rowCount() == 1
    assert tab.selected() is None or tab.selected().title == "Итоговый опрос"


def test_who_has_not_answered_is_listed_and_printed(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    need("pdftotext")
    school = round_school(db, programme)
    answered = q.round_people_lines(db, school.round_id)[1]
    q.save_answers(db, school.round_id, answered.person_id,
                   {school.questionnaire.questions[0].id or 0: q.Value(number=5)})
    _page, tab = open_tab(qtbot, db, programme.id)
    dialog = tab.show_missing()
    assert dialog is not None
    assert [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())] == [
        NAMES[0], NAMES[2], NAMES[3]]
    assert [dialog.model.index(r, 1).data() for r in range(3)] == ["7А", "—", "7А"]
    assert dialog.summary.text().replace("\u00a0", " ") == "Не ответили 3 участника из 4."
    dialog.search.setText("титова")
    assert dialog.proxy.rowCount() == 1
    assert dialog.copy() == f"{NAMES[3]}\t7А\tнаставляемый"
    assert QGuiApplication.clipboard().text() == f"{NAMES[3]}\t7А\tнаставляемый"
    dialog.search.setText("")
    task = dialog.print_list()
    assert task is not None
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=BUILD_TIMEOUT_MS)
    assert dialog.preview is not None
    pdf = dialog.preview.pdf_path
    assert pdf.parent == db.path.parent / "documents"
    text = flat_text(pdf)
    assert "Список участников, не заполнивших анкету" in text
    assert "Опрос «Обратная связь», с 06.10.2025 по 20.10.2025" in text
    assert "Не ответили: 3 из 4" in text
    for name in (NAMES[0], NAMES[2], NAMES[3]):
        assert name in text
    assert NAMES[1] not in text
    dialog.preview.reject()
    qtbot.waitUntil(lambda: dialog.task is None)


def test_the_blanks_and_the_import_open_for_the_selected_round(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        monkeypatch: pytest.MonkeyPatch) -> None:
    school: RoundSchool = round_school(db, programme)
    page, tab = open_tab(qtbot, db, programme.id)
    calls: list[tuple[str, Any]] = []
    monkeypatch.setattr(rounds_tab_module, "open_paper_dialog",
                        lambda parent, db_, programme_id, **kw: calls.append(("paper", kw)))

    def import_answers(parent: Any, db_: Database, programme_id: int, **kw: Any) -> bool:
        calls.append(("import", kw))
        q.save_answers(db, school.round_id, q.round_people_lines(db, school.round_id)[0]
                       .person_id, {school.questionnaire.questions[0].id or 0:
                                    q.Value(number=3)})
        return True

    monkeypatch.setattr(stage_wizards, "import_answers", import_answers)
    changes: list[bool] = []
    page.context.on_change = lambda: changes.append(True)
    tab.tab_actions["paper"].trigger()
    tab.tab_actions["import"].trigger()
    assert calls == [
        ("paper", {"questionnaire_id": school.questionnaire.id, "round_id": school.round_id}),
        ("import", {"round_id": school.round_id, "today": DAY})]
    assert changes == [True]
    assert progress_cell(tab) == "1 из 4 (25 %)"


def test_the_actions_are_in_the_context_menu_with_their_keys(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    round_school(db, programme)
    _page, tab = open_tab(qtbot, db, programme.id)
    keys = {name: action.shortcut().toString() for name, action in tab.tab_actions.items()}
    assert keys == {"assign": "Ctrl+N", "edit": "F4", "delete": "Del", "enter": "Ctrl+E",
                    "paper": "Ctrl+P", "import": "Ctrl+L", "missing": "Ctrl+M"}
    assert [b.text() for b in tab.buttons.values()] == [
        "Назначить опрос…", "Изменить…", "Удалить", "Ввести ответы с бланков…",
        "Бланки и шаблон…", "Загрузить ответы из файла…", "Кто не ответил"]


def test_a_round_is_edited(qtbot: QtBot, db: Database, programme: ProgrammeInfo,
                           tmp_path: Path) -> None:
    school = round_school(db, programme)
    _page, tab = open_tab(qtbot, db, programme.id)
    editor = tab.edit_selected()
    assert editor is not None
    qtbot.addWidget(editor)
    assert editor.title.text() == "Обратная связь"
    editor.title.setText("Обратная связь, октябрь")
    editor.has_end.setChecked(False)
    editor.accept()
    found = q.round_info(db, school.round_id)
    assert (found.title, found.closes_on) == ("Обратная связь, октябрь", None)
    assert tab.proxy.index(0, RoundsModel.COL_DATES).data() == "с 06.10.2025"


def test_a_key_opens_the_grid_of_the_selected_round(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    round_school(db, programme)
    page, tab = open_tab(qtbot, db, programme.id)
    page.show()
    with qtbot.waitActive(page):
        page.activateWindow()
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.dialog is not None)
    assert tab.dialog is not None
    assert tab.dialog.windowTitle() == "Ответы с бланков — Обратная связь"
    tab.dialog.reject()
