"""The questionnaire builder (issue 13, point 1): the «Анкеты» tab and its editor driven through
their widgets on a real database — build a questionnaire, copy a standard one and change the
copy, hide and show, delete (refused for a standard one, confirmed for one's own), search and
filters, and answers protecting what they answer with the dialog kept open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QDialog
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Audience, QuestionKind, QuestionnairePhase, ResponseSource
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.questionnaires import standard
from nastavnik_desktop.services.questionnaires.answers import Value, save_answers
from nastavnik_desktop.ui.dialogs.questionnaire_editor import QuestionnaireEditor
from nastavnik_desktop.ui.messages import MessageKind
from nastavnik_desktop.ui.models.questionnaire_models import COL_FILLED, COL_TITLE
from nastavnik_desktop.ui.pages.monitoring import questionnaires_tab
from nastavnik_desktop.ui.pages.monitoring.context import MonitoringContext
from nastavnik_desktop.ui.pages.monitoring.questionnaires_tab import QuestionnairesTab
from nastavnik_desktop.ui.widgets.tables import selected_source_rows
from tests.helpers.plans import build_school

DAY = dt.date(2025, 10, 2)


@pytest.fixture
def tab(qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> QuestionnairesTab:
    widget = QuestionnairesTab(MonitoringContext(db, programme.id, today=lambda: DAY))
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.reload()
    return widget


def seeded(db: Database, key: str) -> q.QuestionnaireInfo:
    return next(i for i in q.questionnaires(db) if i.seed_key == key)


def shown_titles(tab: QuestionnairesTab) -> list[str]:
    return [tab.proxy.index(row, COL_TITLE).data() for row in range(tab.proxy.rowCount())]


def choose(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def drive_editor(monkeypatch: pytest.MonkeyPatch,
                 steps: Callable[[QuestionnaireEditor], None]) -> list[QuestionnaireEditor]:
    """The tab's editor runs `steps` instead of waiting for the curator; the editors opened."""
    opened: list[QuestionnaireEditor] = []

    def run(editor: QuestionnaireEditor) -> int:
        opened.append(editor)
        editor.show()
        steps(editor)
        return editor.result()

    monkeypatch.setattr(QuestionnaireEditor, "exec", run)
    return opened


def test_a_questionnaire_is_built_in_the_editor_and_saved(
        tab: QuestionnairesTab, db: Database, monkeypatch: pytest.MonkeyPatch,
        shown_messages: Any) -> None:
    assert tab.create_action.shortcut() == QKeySequence("Ctrl+N")

    def build(editor: QuestionnaireEditor) -> None:
        assert editor.save_button.isDefault(), "Enter in a field saves, never cancels"
        editor.title.setText("Анкета после полугодия")
        choose(editor.audience, Audience.MENTOR)
        choose(editor.phase, QuestionnairePhase.OTHER)
        assert not editor.fields.isVisible() and editor.empty_hint.isVisible()
        editor.add_question()
        editor.text.setPlainText("Насколько полезны встречи?")
        assert "где 1 — самый низший балл, а 10 — самый высокий" in editor.kind_hint.text()
        assert not editor.choices.isVisible()
        editor.section.setCurrentText("Встречи")
        choose(editor.parameter, "usefulness")
        editor.add_question()
        assert editor.section.currentText() == "Встречи", "a new question stays in the section"
        editor.text.setPlainText("Хотите продолжить?")
        choose(editor.kind, QuestionKind.YES_NO)
        editor.add_question()
        editor.text.setPlainText("Где вы встречались?")
        choose(editor.kind, QuestionKind.MULTIPLE)
        assert editor.choices.isVisible()
        editor.choices.setPlainText("в классе\nв библиотеке\n\nонлайн\n")
        editor.section.setCurrentText("Место")
        assert editor.model.index(2, 5).data() == "в классе; в библиотеке; онлайн"
        editor.accept()

    opened = drive_editor(monkeypatch, build)
    tab.create_action.trigger()
    assert opened[0].result() == QDialog.DialogCode.Accepted
    built = next(i for i in q.questionnaires(db) if i.title == "Анкета после полугодия")
    assert (built.audience, built.phase, built.form_id, built.is_seeded) == (
        Audience.MENTOR, QuestionnairePhase.OTHER, None, False)
    assert [(line.text, line.kind, line.section, line.parameter,
             [c.text for c in line.choices]) for line in built.questions] == [
        ("Насколько полезны встречи?", QuestionKind.SCALE, "Встречи", "usefulness", []),
        ("Хотите продолжить?", QuestionKind.YES_NO, "Встречи", "", []),
        ("Где вы встречались?", QuestionKind.MULTIPLE, "Место", "",
         ["в классе", "в библиотеке", "онлайн"])]
    assert [s.title for s in built.sections] == ["Встречи", "Место"]
    assert tab.current_id() == built.id, "the new questionnaire is selected in the list"
    assert shown_messages.messages == []


def test_the_editors_keys_add_move_and_delete_questions(qtbot: QtBot, db: Database,
                                                         programme: ProgrammeInfo) -> None:
    template_id = q.create_questionnaire(db, "Своя", Audience.MENTEE, QuestionnairePhase.EXIT,
                                         questions=[q.QuestionLine("Первый", QuestionKind.TEXT),
                                                    q.QuestionLine("Второй", QuestionKind.TEXT)])
    editor = QuestionnaireEditor(db, programme.id, q.questionnaire(db, template_id))
    qtbot.addWidget(editor)
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    editor.table.setFocus()
    assert selected_source_rows(editor.table) == [0]
    qtbot.keyClick(editor.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [line.text for line in editor.model.lines] == ["Второй", "Первый"]
    assert selected_source_rows(editor.table) == [1], "the moved question stays selected"
    qtbot.keyClick(editor.table, Qt.Key.Key_Insert)
    assert len(editor.model.lines) == 3 and selected_source_rows(editor.table) == [2]
    assert editor.text.hasFocus(), "the new question's text is typed at once"
    editor.text.setPlainText("Третий")
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [line.text for line in editor.model.lines] == ["Второй", "Третий", "Третий",
                                                          "Первый"]
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)  # the copy
    qtbot.keyClick(editor.table, Qt.Key.Key_Up)
    qtbot.keyClick(editor.table, Qt.Key.Key_Up)
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)  # «Второй»
    assert [line.text for line in editor.model.lines] == ["Третий", "Первый"]
    editor.accept()
    assert [line.text for line in q.questionnaire(db, template_id).questions] == [
        "Третий", "Первый"]


def test_a_standard_questionnaire_is_copied_and_the_copy_changed(
        tab: QuestionnairesTab, db: Database, monkeypatch: pytest.MonkeyPatch,
        shown_messages: Any) -> None:
    source = seeded(db, "mentee_entry")
    tab.select(source.id)
    assert "— из методических рекомендаций" in shown_titles(tab)[0]
    tab.copy_action.trigger()
    copy = q.questionnaire(db, tab.current_id() or 0)
    assert (copy.title, copy.is_seeded) == ("Входная анкета наставляемого (копия)", False)
    assert not tab.reset_action.isEnabled() and tab.delete_action.isEnabled()

    def change(editor: QuestionnaireEditor) -> None:
        assert editor.title.text() == copy.title
        editor.title.setText("Входная анкета для 5-х классов")
        choose(editor.kind, QuestionKind.SCALE)
        editor.delete_question()  # the first scale item
        single = next(row for row, line in enumerate(editor.model.lines)
                      if line.kind is QuestionKind.SINGLE)
        editor.table.selectRow(single)
        editor.choices.setPlainText("раз в неделю\nдва раза в месяц\nраз в месяц")
        editor.accept()

    drive_editor(monkeypatch, change)
    tab.edit_action.trigger()
    assert shown_messages.messages == []
    changed = q.questionnaire(db, copy.id)
    assert changed.title == "Входная анкета для 5-х классов"
    assert [line.text for line in changed.questions] == [line.text
                                                          for line in copy.questions[1:]]
    single = next(line for line in changed.questions if line.kind is QuestionKind.SINGLE)
    before = next(line for line in copy.questions if line.kind is QuestionKind.SINGLE)
    assert [c.text for c in single.choices] == ["раз в неделю", "два раза в месяц",
                                                "раз в месяц"]
    assert [c.id for c in single.choices] == [c.id for c in before.choices], \
        "a renamed choice keeps its id (and its answers)"
    assert q.questionnaire(db, source.id).questions == source.questions, "the source is as it was"


def test_hidden_and_shown_again(tab: QuestionnairesTab, db: Database,
                                shown_messages: Any) -> None:
    info = seeded(db, "mentor_exit")
    tab.select(info.id)
    assert tab.hide_action.text() == "Скрыть"
    tab.hide_action.trigger()
    assert q.questionnaire(db, info.id).hidden
    assert info.caption not in " ".join(shown_titles(tab)), "a hidden one leaves the list"
    assert "скрыта" in shown_messages.texts(MessageKind.INFO)[0]
    assert tab.proxy.rowCount() == 3
    assert "скрытых: 1" in tab.count.text()
    tab.with_hidden.setChecked(True)
    assert f"{info.caption} (скрыта)" in shown_titles(tab)
    tab.select(info.id)
    assert tab.hide_action.text() == "Показать" == tab.buttons[tab.hide_action].text()
    assert [a.text() for a in tab.context_menu().actions() if not a.isSeparator()] == [
        "Изменить…", "Копировать", "Показать", "Удалить",
        "Вернуть как в методических рекомендациях", "Бланки и шаблон…"]
    tab.hide_action.trigger()
    assert not q.questionnaire(db, info.id).hidden
    assert info.caption in shown_titles(tab)


def test_a_standard_one_is_not_deleted_and_the_service_says_why(
        tab: QuestionnairesTab, db: Database, shown_messages: Any) -> None:
    info = seeded(db, "mentee_exit")
    tab.select(info.id)
    tab.delete_action.trigger()
    assert shown_messages.texts(MessageKind.CONFIRM) == [], "no question before a refusal"
    assert shown_messages.texts(MessageKind.ERROR) == [
        "Анкету из методических рекомендаций удалить нельзя. Скройте её, если она не нужна."]
    assert q.questionnaire(db, info.id).title == info.title


def test_ones_own_is_deleted_after_confirmation(tab: QuestionnairesTab, db: Database,
                                                shown_messages: Any) -> None:
    template_id = q.create_questionnaire(db, "Лишняя анкета", Audience.MENTEE,
                                         QuestionnairePhase.ENTRY)
    tab.reload(template_id)
    assert tab.current_id() == template_id
    assert tab.delete_action.shortcut() == QKeySequence("Del")
    shown_messages.answer = False
    tab.delete_action.trigger()
    assert "Удалить анкету «Лишняя анкета»?" in shown_messages.texts(MessageKind.CONFIRM)[0]
    assert q.questionnaire(db, template_id).title == "Лишняя анкета"
    shown_messages.answer = True
    tab.delete_action.trigger()
    assert template_id not in [i.id for i in q.questionnaires(db)]
    assert "Лишняя анкета" not in shown_titles(tab)


def test_search_and_filters(tab: QuestionnairesTab, db: Database) -> None:
    own = q.create_questionnaire(db, "Промежуточная анкета для всех", Audience.ANY,
                                 QuestionnairePhase.OTHER)
    tab.reload()
    assert len(shown_titles(tab)) == 5
    tab.search.setText("НАСТАВНИКА")  # case, and «ё» as «е», do not matter
    assert [t.split(" — ")[0] for t in shown_titles(tab)] == [
        "Входная анкета наставника", "Итоговая анкета наставника"]
    tab.search.setText("")
    choose(tab.phase, QuestionnairePhase.EXIT)
    assert [t.split(" — ")[0] for t in shown_titles(tab)] == [
        "Итоговая анкета наставляемого", "Итоговая анкета наставника"]
    choose(tab.phase, None)
    choose(tab.audience, Audience.MENTOR)
    assert [t.split(" — ")[0] for t in shown_titles(tab)] == [
        "Входная анкета наставника", "Итоговая анкета наставника",
        "Промежуточная анкета для всех"], "one for everybody is answered by mentors too"
    assert "Показано 3 из 5 анкет" in tab.count.text().replace("\xa0", " ")
    assert tab.model.row_of(own) >= 0


def test_reset_asks_and_puts_a_standard_one_back(tab: QuestionnairesTab, db: Database,
                                                  shown_messages: Any) -> None:
    info = seeded(db, "mentor_entry")
    q.rename_questionnaire(db, info.id, "Моя входная")
    tab.reload(info.id)
    assert tab.reset_action.isEnabled()
    tab.reset_action.trigger()
    assert "как в методических рекомендациях" in shown_messages.texts(MessageKind.CONFIRM)[0]
    assert q.questionnaire(db, info.id).title == standard.MENTOR_ENTRY.title


def test_the_blanks_are_opened_for_the_chosen_questionnaire(
        tab: QuestionnairesTab, db: Database, programme: ProgrammeInfo,
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(questionnaires_tab, "open_paper_dialog",
                        lambda parent, database, programme_id, *, questionnaire_id:
                        calls.append((programme_id, questionnaire_id)))
    info = seeded(db, "mentee_entry")
    tab.select(info.id)
    tab.paper_action.trigger()
    assert calls == [(programme.id, info.id)]


def test_answers_protect_and_the_editor_stays_open_with_everything(
        tab: QuestionnairesTab, db: Database, programme: ProgrammeInfo,
        monkeypatch: pytest.MonkeyPatch, shown_messages: Any) -> None:
    school = build_school(db, programme)
    template_id = q.create_questionnaire(
        db, "Анкета встреч", Audience.ANY, QuestionnairePhase.OTHER, questions=[
            q.QuestionLine("Польза", QuestionKind.SCALE),
            q.QuestionLine("Формат", QuestionKind.SINGLE,
                           choices=(q.ChoiceLine("Очно"), q.ChoiceLine("Онлайн")))])
    round_id = q.create_round(db, school.programme_id, template_id, opens_on=DAY)
    person = sorted(q.round_people(db, round_id).expected)[0]
    info = q.questionnaire(db, template_id)
    scale, single = info.questions
    save_answers(db, round_id, person, {scale.id or 0: Value(number=7),
                                        single.id or 0: Value(choices=frozenset(
                                            {single.choices[1].id or 0}))},
                 source=ResponseSource.PAPER, filled_on=DAY)
    tab.reload(template_id)
    row = tab.model.row_of(template_id)
    assert tab.model.index(row, COL_FILLED).data() == "1"

    def refused(editor: QuestionnaireEditor) -> None:
        assert not editor.audience.isEnabled(), "answers fix who answers"
        assert "уже 1 ответ" in editor.note.text().replace("\xa0", " ")
        editor.title.setText("Анкета о встречах")
        choose(editor.kind, QuestionKind.TEXT)  # the answered scale item
        editor.accept()
        assert editor.isVisible() and editor.result() != QDialog.DialogCode.Accepted
        assert editor.title.text() == "Анкета о встречах", "nothing typed is lost"
        choose(editor.kind, QuestionKind.SCALE)
        editor.table.selectRow(1)
        editor.choices.setPlainText("Очно\nЗаочно\nПо телефону")  # «Онлайн» was picked
        editor.accept()
        assert editor.isVisible()
        editor.choices.setPlainText("Очно\nПо видеосвязи")  # renamed: allowed
        editor.accept()

    opened = drive_editor(monkeypatch, refused)
    tab.edit_action.trigger()
    errors = shown_messages.texts(MessageKind.ERROR)
    assert "уже есть ответы: его вид изменить нельзя" in errors[0]
    assert "Вариант «Онлайн» вопроса 2 уже выбран в ответах" in errors[1]
    assert opened[0].result() == QDialog.DialogCode.Accepted
    saved = q.questionnaire(db, template_id)
    assert saved.title == "Анкета о встречах"
    assert [c.text for c in saved.questions[1].choices] == ["Очно", "По видеосвязи"]
    assert saved.questions[1].choices[1].id == single.choices[1].id


def test_cancelling_with_changes_asks_first(qtbot: QtBot, db: Database,
                                            programme: ProgrammeInfo,
                                            shown_messages: Any) -> None:
    info = seeded(db, "mentee_entry")
    editor = QuestionnaireEditor(db, programme.id, q.questionnaire(db, info.id))
    qtbot.addWidget(editor)
    editor.show()
    editor.reject()
    assert shown_messages.messages == [] and not editor.isVisible(), "nothing changed: closes"
    editor.show()
    editor.text.setPlainText("Другой текст")
    shown_messages.answer = False
    editor.reject()
    assert shown_messages.texts(MessageKind.CONFIRM)[0].startswith("Отменить изменения?")
    assert editor.isVisible()
    shown_messages.answer = True
    editor.reject()
    assert not editor.isVisible()
    assert q.questionnaire(db, info.id).questions == info.questions


def test_the_lists_keys_open_create_and_delete(qtbot: QtBot, tab: QuestionnairesTab, db: Database,
                                              monkeypatch: pytest.MonkeyPatch,
                                              shown_messages: Any) -> None:
    opened = drive_editor(monkeypatch, lambda editor: editor.reject())
    own = q.create_questionnaire(db, "Своя анкета", Audience.MENTEE, QuestionnairePhase.ENTRY)
    tab.reload(own)
    with qtbot.waitActive(tab):
        tab.activateWindow()
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert [e.info.id if e.info else None for e in opened] == [own]
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 2 and opened[1].info is None, "Ctrl+N: a new questionnaire"
    tab.table.doubleClicked.emit(tab.table.currentIndex())
    assert len(opened) == 3 and opened[2].info is not None
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert shown_messages.texts(MessageKind.CONFIRM)
    assert own not in [i.id for i in q.questionnaires(db)]
