"""The settings' «Справочники» tab driven through its widgets: hide a seeded role model and add
one, see the stage 1 and stage 5 wizards offer the list as changed, put the list back as in
the methodology and see the seeded list again; undo; delete refused while used; search."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import MentoringForm, MentoringPair, RoleModel
from nastavnik_desktop.services import reference_lists as service
from nastavnik_desktop.ui.dialogs.settings.reference_tab import ReferenceListsTab
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.models.reference_models import NAME
from nastavnik_desktop.ui.wizards.stage1 import Stage1Wizard
from nastavnik_desktop.ui.wizards.stage5 import Stage5Wizard
from tests.helpers.wizard import click, wait_loaded

TODAY = dt.date(2026, 10, 5)
PUPILS = "ученик – ученик"
SEEDED = ["успевающий – неуспевающий", "лидер – пассивный", "равный – равному",
          "адаптированный – неадаптированный"]


def open_tab(qtbot: QtBot, db: Database) -> ReferenceListsTab:
    tab = ReferenceListsTab(db)
    qtbot.addWidget(tab)
    tab.resize(900, 560)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def press(qtbot: QtBot, tab: ReferenceListsTab, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.ControlModifier) -> None:
    """A key on the list, as the curator presses it with the settings window in front."""
    tab.activateWindow()
    tab.view.setFocus()
    qtbot.waitUntil(tab.view.hasFocus)
    qtbot.keyClick(tab.view, key, modifier)


def choose_list(tab: ReferenceListsTab, title: str) -> None:
    index = tab.list_combo.findText(title)
    assert index >= 0, title
    tab.list_combo.setCurrentIndex(index)


def choose_item(tab: ReferenceListsTab, name: str) -> None:
    row = next(r for r, item in enumerate(tab.model.items) if item.name == name)
    tab.select_item(tab.model.items[row].id)
    assert tab.selected() is not None and tab.selected().name == name  # type: ignore[union-attr]


def shown_names(tab: ReferenceListsTab) -> list[str]:
    return [tab.proxy.index(r, NAME).data() for r in range(tab.proxy.rowCount())]


def stage1_role_models(qtbot: QtBot, db: Database) -> list[str]:
    wizard = Stage1Wizard(db, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    wait_loaded(qtbot, wizard)
    page = wizard.forms_page
    form = next(item for item in page.form_items.values() if item.text() == PUPILS)
    names = [form.child(row).text() for row in range(form.rowCount())]
    wizard.reject()
    return names


def stage5_role_models(qtbot: QtBot, db: Database, programme_id: int) -> list[str]:
    wizard = Stage5Wizard(db, programme_id, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    wait_loaded(qtbot, wizard)
    page = wizard.settings_page
    form_id = next(f for f, box in page.form_boxes.items() if box.text() == PUPILS)
    box = page.role_model_boxes[form_id]
    names = [box.itemText(i) for i in range(1, box.count())]
    wizard.reject()
    return names


def test_hide_and_add_a_role_model_then_stage_1_and_5_offer_the_list_and_restore_it(
        qtbot: QtBot, demo_db: Database, programme_id: int,
        shown_messages: CapturedMessages) -> None:
    assert stage1_role_models(qtbot, demo_db) == SEEDED
    assert stage5_role_models(qtbot, demo_db, programme_id) == SEEDED

    tab = open_tab(qtbot, demo_db)
    changes: list[None] = []
    tab.changed.connect(lambda: changes.append(None))
    choose_list(tab, f"Ролевые модели формы «{PUPILS}»")
    assert shown_names(tab) == SEEDED
    choose_item(tab, "равный – равному")
    assert tab.hide_action.text() == "Скрыть"
    click(qtbot, tab.buttons[tab.hide_action])
    assert tab.model.items[2].hidden and tab.hide_action.text() == "Показать"
    choose_item(tab, "адаптированный – неадаптированный")
    tab.new_name.setText("старший – младший")
    click(qtbot, tab.add_button)
    assert shown_names(tab) == [*SEEDED, "старший – младший"]
    assert tab.selected().name == "старший – младший"  # type: ignore[union-attr]
    assert tab.new_name.text() == "" and len(changes) == 2

    changed = ["успевающий – неуспевающий", "лидер – пассивный",
               "адаптированный – неадаптированный", "старший – младший"]
    assert stage1_role_models(qtbot, demo_db) == changed
    assert stage5_role_models(qtbot, demo_db, programme_id) == changed

    shown_messages.answer = True
    click(qtbot, tab.buttons[tab.restore_action])
    question = shown_messages.texts(MessageKind.CONFIRM)[-1]
    assert "«равный – равному» снова будет в списке" in question
    assert "«старший – младший» (добавлен школой) будет удалён" in question
    assert shown_names(tab) == SEEDED and not any(i.hidden for i in tab.model.items)
    assert stage1_role_models(qtbot, demo_db) == SEEDED
    assert stage5_role_models(qtbot, demo_db, programme_id) == SEEDED

    press(qtbot, tab, Qt.Key.Key_Z)
    assert shown_names(tab) == [*SEEDED, "старший – младший"]
    assert tab.model.items[2].hidden


def test_rename_in_place_search_move_and_undo(qtbot: QtBot, demo_db: Database,
                                              shown_messages: CapturedMessages) -> None:
    tab = open_tab(qtbot, demo_db)
    choose_list(tab, "Критерии отбора наставников")
    first = tab.model.items[0]
    assert tab.model.setData(tab.model.index(0, NAME), "опыт работы с детьми")
    assert tab.model.items[0].name == "опыт работы с детьми"
    assert tab.model.index(0, 1).data() == "из методологии, переименован"
    assert f"В методологии: «{first.name}»" in tab.model.index(0, 1).data(
        Qt.ItemDataRole.ToolTipRole)
    tab.search.setText("мотив")
    assert shown_names(tab) == ["мотивация"]
    choose_item(tab, "мотивация")
    press(qtbot, tab, Qt.Key.Key_Up)
    tab.search.clear()
    assert shown_names(tab)[-2:] == ["мотивация", "активная гражданская позиция"]
    press(qtbot, tab, Qt.Key.Key_Z)
    assert shown_names(tab)[-1] == "мотивация"
    press(qtbot, tab, Qt.Key.Key_Z)
    assert shown_names(tab)[0] == first.name
    assert not tab.undo_button.isEnabled() and tab.redo_button.isEnabled()


def test_delete_is_refused_while_used_and_seeded_items_are_never_deleted(
        qtbot: QtBot, demo_db: Database, shown_messages: CapturedMessages) -> None:
    with demo_db.transaction() as session:
        pair = session.scalars(select(MentoringPair).join(MentoringForm).where(
            MentoringForm.code == "pupil_pupil")).first()
        assert pair is not None
        form_id = pair.form_id
    tab = open_tab(qtbot, demo_db)
    choose_list(tab, f"Ролевые модели формы «{PUPILS}»")
    choose_item(tab, "лидер – пассивный")
    assert not tab.delete_action.isEnabled()
    tab.new_name.setText("новый – для пары")
    tab.new_name.setFocus()
    qtbot.keyClick(tab.new_name, Qt.Key.Key_Return)
    added = tab.selected()
    assert added is not None and tab.delete_action.isEnabled()
    with demo_db.transaction() as session:
        session.get_one(MentoringPair, pair.id).role_model_id = added.id
    tab.choose_list(service.FORMS)
    choose_list(tab, f"Ролевые модели формы «{PUPILS}»")
    choose_item(tab, "новый – для пары")
    assert "1\xa0пара" in tab.details.text()
    press(qtbot, tab, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier)
    error = shown_messages.texts(MessageKind.ERROR)[-1]
    assert "нельзя удалить: его используют — 1\xa0пара" in error
    with demo_db.reading() as session:
        assert session.scalars(select(RoleModel.name).where(
            RoleModel.form_id == form_id, RoleModel.id == added.id)).one() == "новый – для пары"


def test_enter_in_the_new_item_field_adds_and_keeps_the_dialog_open(
        qtbot: QtBot, demo_db: Database) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    tab = ReferenceListsTab(demo_db, dialog)
    ok = QPushButton("Сохранить", dialog)
    ok.setDefault(True)
    ok.clicked.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(tab)
    layout.addWidget(ok)
    dialog.show()
    qtbot.waitExposed(dialog)
    tab.choose_list(service.CRITERIA)
    tab.new_name.setText("чувство юмора")
    tab.new_name.setFocus()
    qtbot.keyClick(tab.new_name, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    assert "чувство юмора" in shown_names(tab)
