"""The «SWOT-анализ» tab driven from the keyboard: a line added with Enter, deleted with Del,
brought back with Ctrl+Z; an edit in place (F2) undone even after the line was deleted and
restored (it has a new id then); a move with Ctrl+↓; the SWOT of one form; a hint's «Добавить»;
the conclusions saved when the field is left. Every step checked in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import SwotQuadrant
from nastavnik_desktop.services.monitoring import hints, swot
from nastavnik_desktop.services.monitoring.hints import Hint
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.messages import CapturedMessages
from nastavnik_desktop.ui.pages.monitoring import MonitoringPage
from nastavnik_desktop.ui.pages.monitoring.swot_tab import QuadrantBox, SwotTab

TODAY = dt.date(2026, 3, 10)
S, W = SwotQuadrant.STRENGTH, SwotQuadrant.WEAKNESS


@pytest.fixture
def tab(qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> SwotTab:
    page = MonitoringPage(db, programme.id, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    found = page.show_tab(SwotTab)
    assert isinstance(found, SwotTab)
    page.refresh()
    return found


def _texts(tab: SwotTab, quadrant: SwotQuadrant, form_id: int | None = None) -> list[str]:
    return [i.text for i in swot.swot(tab.db, tab.context.programme_id, form_id).quadrant(
        quadrant)]


def _type_and_enter(qtbot: QtBot, box: QuadrantBox, text: str) -> None:
    box.add_field.setFocus()
    box.add_field.insertPlainText(text)
    qtbot.keyClick(box.add_field, Qt.Key.Key_Return)


def _select(box: QuadrantBox, row: int) -> None:
    box.view.setFocus()
    box.view.clearSelection()
    box.view.setCurrentIndex(box.model.index(row))


def test_add_delete_and_undo_from_the_keyboard(qtbot: QtBot, tab: SwotTab) -> None:
    box = tab.boxes[S]
    assert tab.hints_panel.isHidden()  # no hints: no panel
    box.view.setFocus()
    qtbot.keyClick(box.view, Qt.Key.Key_Insert)
    assert box.add_field.hasFocus()
    _type_and_enter(qtbot, box, "Опытные наставники")
    _type_and_enter(qtbot, box, "Поддержка директора\nМетодический совет")
    assert _texts(tab, S) == ["Опытные наставники", "Поддержка директора", "Методический совет"]
    assert box.model.rowCount() == 3 and box.add_field.toPlainText() == ""
    assert "(3)" in box.title.text()

    _select(box, 0)
    qtbot.keyClick(box.view, Qt.Key.Key_Delete)
    assert _texts(tab, S) == ["Поддержка директора", "Методический совет"]
    qtbot.keyClick(box.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _texts(tab, S) == ["Опытные наставники", "Поддержка директора", "Методический совет"]
    assert box.model.rowCount() == 3
    qtbot.keyClick(box.view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _texts(tab, S) == ["Поддержка директора", "Методический совет"]
    tab.undo_button.click()
    tab.undo_button.click()  # the two lines added at once go together
    assert _texts(tab, S) == ["Опытные наставники"]


def test_an_edit_in_place_is_undone_after_a_delete_and_its_undo(
        qtbot: QtBot, tab: SwotTab) -> None:
    box = tab.boxes[W]
    _type_and_enter(qtbot, box, "Мало встреч")
    _select(box, 0)
    qtbot.keyClick(box.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.setText("Мало встреч в парах учителей")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    qtbot.waitUntil(lambda: _texts(tab, W) == ["Мало встреч в парах учителей"])
    assert box.model.index(0).data(Qt.ItemDataRole.EditRole) == "Мало встреч в парах учителей"

    _select(box, 0)
    qtbot.keyClick(box.view, Qt.Key.Key_Delete)
    assert _texts(tab, W) == []
    tab.undo_stack.undo()  # the line is back, with a new id
    assert _texts(tab, W) == ["Мало встреч в парах учителей"]
    tab.undo_stack.undo()  # the edit undone on the line as it is now
    assert _texts(tab, W) == ["Мало встреч"]
    tab.undo_stack.undo()
    assert _texts(tab, W) == []
    tab.undo_stack.redo()
    tab.undo_stack.redo()
    assert _texts(tab, W) == ["Мало встреч в парах учителей"]


def test_move_down_and_to_another_quadrant(qtbot: QtBot, tab: SwotTab) -> None:
    box = tab.boxes[S]
    _type_and_enter(qtbot, box, "Первый\nВторой\nТретий")
    _select(box, 0)
    qtbot.keyClick(box.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(box.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert _texts(tab, S) == ["Второй", "Третий", "Первый"]
    assert box.view.currentIndex().row() == 2  # the moved line stays chosen
    tab.undo_stack.undo()
    assert _texts(tab, S) == ["Второй", "Первый", "Третий"]
    _select(box, 0)
    move = next(a for a in box.view.actions() if a.text() == "Перенести в «Слабые стороны»")
    move.trigger()
    assert _texts(tab, S) == ["Первый", "Третий"]
    assert _texts(tab, W) == ["Второй"]
    tab.undo_stack.undo()
    assert _texts(tab, S) == ["Второй", "Первый", "Третий"] and _texts(tab, W) == []


def test_a_refused_line_is_explained(qtbot: QtBot, tab: SwotTab,
                                     shown_messages: CapturedMessages) -> None:
    box = tab.boxes[S]
    _type_and_enter(qtbot, box, "Опытные наставники")
    _type_and_enter(qtbot, box, "опытные наставники")
    assert _texts(tab, S) == ["Опытные наставники"]
    assert any("уже есть" in text for text in shown_messages.texts())
    assert box.add_field.toPlainText() == "опытные наставники"  # kept to be corrected


def test_the_swot_of_one_form_is_apart(qtbot: QtBot, tab: SwotTab) -> None:
    assert tab.form_combo.count() > 1
    tab.form_combo.setCurrentIndex(1)
    form_id = tab.form_id()
    assert form_id is not None
    _type_and_enter(qtbot, tab.boxes[S], "Сильная сторона формы")
    assert _texts(tab, S, form_id) == ["Сильная сторона формы"]
    assert _texts(tab, S) == []
    tab.form_combo.setCurrentIndex(0)
    assert tab.boxes[S].model.rowCount() == 0


def test_a_hint_is_added_to_its_quadrant(qtbot: QtBot, db: Database, programme: ProgrammeInfo,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[dt.date] = []

    def fake(_db: Database, _programme_id: int, *, on: dt.date) -> tuple[Hint, ...]:
        asked.append(on)
        return (Hint(W, "Доля вовлечённых ниже 70 %", "вовлечено 12,0 % обучающихся"),)

    monkeypatch.setattr(hints, "swot_hints", fake)
    page = MonitoringPage(db, programme.id, today=lambda: TODAY)
    qtbot.addWidget(page)
    tab = page.show_tab(SwotTab)
    assert isinstance(tab, SwotTab)
    page.refresh()
    assert asked == [TODAY]
    assert not tab.hints_panel.isHidden()
    (row,) = tab.hint_rows
    row.add_button.click()
    assert _texts(tab, W) == ["Доля вовлечённых ниже 70 %"]
    assert not row.add_button.isEnabled()
    tab.undo_stack.undo()
    assert _texts(tab, W) == [] and row.add_button.isEnabled()


def test_the_conclusions_are_saved_on_leaving_the_field(qtbot: QtBot, tab: SwotTab) -> None:
    tab.conclusions.setFocus()
    tab.conclusions.insertPlainText("Цели программы достигнуты частично.")
    assert tab.conclusions_status.text() == "не сохранено"
    tab.boxes[S].view.setFocus()
    qtbot.waitUntil(lambda: swot.conclusions(tab.db, tab.context.programme_id) ==
                    "Цели программы достигнуты частично.")
    assert tab.conclusions_status.text() == "сохранено"
    tab.conclusions.setPlainText("Другие выводы")
    tab.save_conclusions_button.click()
    assert swot.conclusions(tab.db, tab.context.programme_id) == "Другие выводы"
    tab.reload()
    assert tab.conclusions.toPlainText() == "Другие выводы"
