"""The answers grid: a pile of paper blanks typed from the keyboard — digits and Enter — each
cell saved at once through the one writer of answers, a wrong value refused with the service's
message, undo and redo writing the database back, the filter by class and the search."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import QuestionKind, ResponseSource
from nastavnik_desktop.data.models import QuestionnaireResponse
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.questionnaires import (
    ChoiceLine,
    QuestionLine,
    RoundPerson,
    Value,
)
from nastavnik_desktop.ui.dialogs.answers_entry import AnswersEntryDialog
from nastavnik_desktop.ui.models.answers_grid_model import (
    STAFF,
    TYPING_MARK,
    AnswersFilter,
    AnswersGridModel,
)
from nastavnik_desktop.ui.widgets.answers_grid import AnswersGrid
from tests.helpers.rounds import DAY, NAMES, RoundSchool, round_school


@pytest.fixture
def school(db: Database, programme: ProgrammeInfo) -> RoundSchool:
    return round_school(db, programme)


@pytest.fixture
def dialog(qtbot: QtBot, db: Database, school: RoundSchool) -> Iterator[AnswersEntryDialog]:
    opened = AnswersEntryDialog(db, school.round_id, lambda: DAY)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    yield opened


def grid_of(dialog: AnswersEntryDialog) -> AnswersGrid:
    return dialog.entry.grid


def cell(dialog: AnswersEntryDialog) -> tuple[int, int] | None:
    return grid_of(dialog).source_cell()


def type_cell(qtbot: QtBot, dialog: AnswersEntryDialog, digits: str) -> None:
    grid = grid_of(dialog)
    qtbot.keyClicks(grid, digits)
    qtbot.keyClick(grid, Qt.Key.Key_Return)


def answers_of(db: Database, school: RoundSchool, row: int) -> dict[int, Value]:
    person = q.round_people_lines(db, school.round_id)[row]
    return q.round_answers(db, school.round_id).get(person.person_id, {})


def ids(school: RoundSchool) -> list[int]:
    return [question.id or 0 for question in school.questionnaire.questions]


def choice_ids(school: RoundSchool, column: int) -> list[int]:
    return [c.id or 0 for c in school.questionnaire.questions[column].choices]


def test_a_blank_is_typed_with_digits_and_enter_and_saved_cell_by_cell(
        qtbot: QtBot, db: Database, school: RoundSchool, dialog: AnswersEntryDialog) -> None:
    grid = grid_of(dialog)
    assert [grid.grid.headerData(r, Qt.Orientation.Vertical) for r in range(4)] == [
        "Ершова Анна Ивановна, 7А", "Жукова Анна Ивановна, 7А", "Кузина Анна Ивановна",
        "Титова Анна Ивановна, 7А"]
    assert cell(dialog) == (0, 0)
    qtbot.keyClicks(grid, "1")
    assert answers_of(db, school, 0) == {}  # nothing saved before Enter
    assert grid.grid.index(0, 0).data() == f"1{TYPING_MARK}"  # the typing shows in the cell
    qtbot.keyClicks(grid, "0")
    qtbot.keyClick(grid, Qt.Key.Key_Return)  # «1» then «0» is 10
    first, yes_no, single, multiple, text = ids(school)
    assert answers_of(db, school, 0) == {first: Value(number=10)}
    assert cell(dialog) == (0, 1)
    type_cell(qtbot, dialog, "0")  # no
    type_cell(qtbot, dialog, "2")  # «раз в месяц»
    type_cell(qtbot, dialog, "1 3")  # «встречи» and «проекты»
    assert cell(dialog) == (0, 4)
    qtbot.keyClick(grid, Qt.Key.Key_F2)  # a text question opens its editor
    editor = grid.indexWidget(grid.currentIndex())
    assert isinstance(editor, QLineEdit)
    editor.setText("Больше встреч")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cell(dialog) == (1, 0))  # the row's end: the next person
    choices_single, choices_multiple = choice_ids(school, 2), choice_ids(school, 3)
    assert answers_of(db, school, 0) == {
        first: Value(number=10), yes_no: Value(number=0),
        single: Value(choices=frozenset({choices_single[1]})),
        multiple: Value(choices=frozenset({choices_multiple[0], choices_multiple[2]})),
        text: Value(text="Больше встреч")}
    assert [grid.grid.index(0, c).data() for c in range(5)] == [
        "10", "нет", "2", "1, 3", "Больше встреч"]
    with db.reading() as session:
        response = session.scalars(select(QuestionnaireResponse)).one()
        assert (response.source, response.filled_on) == (ResponseSource.PAPER, DAY)
    assert dialog.entry.counter.text() == "заполнено 1 из 4"


def test_a_wrong_value_is_refused_with_the_services_message_and_the_cell_stays(
        qtbot: QtBot, db: Database, school: RoundSchool, dialog: AnswersEntryDialog) -> None:
    type_cell(qtbot, dialog, "7")
    qtbot.keyClick(grid_of(dialog), Qt.Key.Key_Left)
    type_cell(qtbot, dialog, "11")
    assert "ответ — число от 1 до 10" in dialog.entry.status.text()
    assert "«11»" in dialog.entry.status.text()
    assert cell(dialog) == (0, 0)
    assert answers_of(db, school, 0) == {ids(school)[0]: Value(number=7)}
    assert grid_of(dialog).grid.index(0, 0).data() == "7"
    qtbot.keyClick(grid_of(dialog), Qt.Key.Key_Right)
    type_cell(qtbot, dialog, "5")  # yes/no takes 1 or 0
    assert "«да» или «нет»" in dialog.entry.status.text()
    assert cell(dialog) == (0, 1)
    qtbot.keyClick(grid_of(dialog), Qt.Key.Key_Right)
    type_cell(qtbot, dialog, "3")  # a single choice of two
    assert "нет варианта «3»" in dialog.entry.status.text()
    assert "1 — раз в неделю" in dialog.entry.status.text()
    assert answers_of(db, school, 0) == {ids(school)[0]: Value(number=7)}


def test_undo_and_redo_write_the_database_back_and_delete_clears(
        qtbot: QtBot, db: Database, school: RoundSchool, dialog: AnswersEntryDialog) -> None:
    grid = grid_of(dialog)
    first = ids(school)[0]
    type_cell(qtbot, dialog, "7")
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    type_cell(qtbot, dialog, "9")
    assert answers_of(db, school, 0) == {first: Value(number=9)}
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert answers_of(db, school, 0) == {first: Value(number=7)}
    assert grid.grid.index(0, 0).data() == "7"
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert answers_of(db, school, 0) == {}
    assert dialog.entry.counter.text() == "заполнено 0 из 4"
    qtbot.keyClick(grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert answers_of(db, school, 0) == {first: Value(number=9)}
    grid.go_to(0, 0)
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert answers_of(db, school, 0) == {}
    assert grid.grid.index(0, 0).data() == ""
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert answers_of(db, school, 0) == {first: Value(number=9)}


def test_typing_is_taken_back_with_backspace_and_escape_before_enter(
        qtbot: QtBot, db: Database, school: RoundSchool, dialog: AnswersEntryDialog) -> None:
    grid = grid_of(dialog)
    qtbot.keyClicks(grid, "45")
    qtbot.keyClick(grid, Qt.Key.Key_Backspace)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert answers_of(db, school, 0) == {ids(school)[0]: Value(number=4)}
    qtbot.keyClicks(grid, "1")
    qtbot.keyClick(grid, Qt.Key.Key_Escape)
    assert grid.grid.pending is None and dialog.isVisible()
    qtbot.keyClick(grid, Qt.Key.Key_Return)  # Enter on an untouched cell moves on
    assert cell(dialog) == (0, 2)
    assert answers_of(db, school, 0) == {ids(school)[0]: Value(number=4)}


def test_the_class_filter_and_the_search_narrow_the_rows_and_enter_follows_them(
        qtbot: QtBot, db: Database, school: RoundSchool, dialog: AnswersEntryDialog) -> None:
    entry = dialog.entry
    assert [entry.classes.itemText(i) for i in range(entry.classes.count())] == [
        "Все классы", "7А класс", "Без класса (педагоги и другие)"]
    entry.classes.setCurrentIndex(entry.classes.findData(STAFF))
    assert entry.proxy.rowCount() == 1
    assert entry.counter.text() == "заполнено 0 из 4 (в списке 1)"
    entry.classes.setCurrentIndex(1)
    entry.search.setText("титова")
    assert entry.proxy.rowCount() == 1
    grid = grid_of(dialog)
    grid.setFocus()
    assert cell(dialog) == (3, 0)
    type_cell(qtbot, dialog, "8")
    assert answers_of(db, school, 3) == {ids(school)[0]: Value(number=8)}
    entry.search.setText("")
    assert entry.proxy.rowCount() == 3


def test_the_headers_name_the_questions_and_their_choices() -> None:
    question = QuestionLine("Как часто вы встречались с наставником в этом году?",
                            QuestionKind.SINGLE, id=5,
                            choices=(ChoiceLine("раз в неделю", 1), ChoiceLine("раз в месяц", 2)))
    model = AnswersGridModel([question], [RoundPerson(1, NAMES[0], "7А", "7А", "наставляемый",
                                                      False)], {})
    first, second, hint = model.headerData(0, Qt.Orientation.Horizontal).split("\n")
    assert first.startswith("1. Как часто") and second.endswith("…")
    assert hint == "№ варианта"
    tip = model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("1. Как часто вы встречались с наставником в этом году?")
    assert "1 — раз в неделю" in tip and "2 — раз в месяц" in tip


def test_a_large_round_opens_at_once(qtbot: QtBot) -> None:
    """300 people × 15 questions, every cell answered: the model, the filter and the view
    are built, filtered and painted without a noticeable pause."""
    questions = [QuestionLine(f"Вопрос номер {n}", QuestionKind.SCALE, id=n)
                 for n in range(1, 16)]
    people = [RoundPerson(n, f"Фамилия{n} Имя Отчество", f"{5 + n % 7}А", f"{5 + n % 7}А",
                          "наставляемый", False) for n in range(300)]
    answers = {n: {k: Value(number=1 + (n + k) % 10) for k in range(1, 16)}
               for n in range(300)}
    started = time.perf_counter()
    model = AnswersGridModel(questions, people, answers)
    proxy = AnswersFilter(model)
    view = AnswersGrid(model, proxy)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    proxy.set_filter("фамилия1", "6А")
    view.grab()
    elapsed = time.perf_counter() - started
    assert model.filled() == 300
    assert proxy.rowCount() == len([p for p in people if p.class_name == "6А"
                                    and "фамилия1" in p.name.lower()])
    assert elapsed < 2.0  # measured ~0.1 s; a generous bound for a loaded machine


def send_text(grid: AnswersGrid, text: str) -> None:
    """Cyrillic typed as key events carrying the text (keyClicks of Cyrillic is unreliable)."""
    for char in text:
        QApplication.sendEvent(grid, QKeyEvent(QEvent.Type.KeyPress, 0,
                                               Qt.KeyboardModifier.NoModifier, char))


def test_yes_and_no_are_typed_as_letters_and_tab_moves_like_enter(
        qtbot: QtBot, db: Database, school: RoundSchool, dialog: AnswersEntryDialog) -> None:
    grid = grid_of(dialog)
    qtbot.keyClick(grid, Qt.Key.Key_Tab)  # an untouched cell is skipped
    assert cell(dialog) == (0, 1)
    send_text(grid, "д")
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    assert cell(dialog) == (0, 2)
    grid.go_to(1, 1)
    send_text(grid, "н")
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    yes_no = ids(school)[1]
    assert answers_of(db, school, 0) == {yes_no: Value(number=1)}
    assert answers_of(db, school, 1) == {yes_no: Value(number=0)}
    qtbot.keyClick(grid, Qt.Key.Key_Backtab)
    assert cell(dialog) == (1, 1)


def test_a_pile_in_any_order_goes_by_surname_from_the_search(
        qtbot: QtBot, db: Database, school: RoundSchool, dialog: AnswersEntryDialog) -> None:
    entry = dialog.entry
    entry.search.setFocus()
    entry.search.setText("Титова")
    qtbot.keyClick(entry.search, Qt.Key.Key_Return)
    assert cell(dialog) == (3, 0)
    assert grid_of(dialog).hasFocus()
    for digits in ("6", "1", "1", "2"):
        type_cell(qtbot, dialog, digits)
    qtbot.keyClick(grid_of(dialog), Qt.Key.Key_Return)  # the text left empty: the end
    assert entry.search.hasFocus() and entry.search.selectedText() == "Титова"
    assert "следующего участника" in entry.status.text()
    assert len(answers_of(db, school, 3)) == 4
    entry.search.setText("")
    entry.unanswered.setChecked(True)
    assert entry.proxy.rowCount() == 3
    grid_of(dialog).setFocus()
    type_cell(qtbot, dialog, "5")  # the row typed into stays in view
    assert entry.proxy.rowCount() == 3


def test_a_text_too_long_is_refused_and_the_cursor_stays_on_it(
        qtbot: QtBot, db: Database, school: RoundSchool, dialog: AnswersEntryDialog) -> None:
    grid = grid_of(dialog)
    grid.go_to(0, 4)
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = grid.indexWidget(grid.currentIndex())
    assert isinstance(editor, QLineEdit)
    editor.setText("слово " * 400)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.indexWidget(grid.currentIndex()) is None)
    assert "длиннее 2000 знаков" in dialog.entry.status.text()
    assert cell(dialog) == (0, 4)
    assert answers_of(db, school, 0) == {}
    qtbot.keyClick(grid, "o")  # typing on a text cell opens its editor with the key
    editor = grid.indexWidget(grid.currentIndex())
    assert isinstance(editor, QLineEdit) and editor.text() == "o"
    qtbot.keyClicks(editor, "k")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cell(dialog) == (1, 0))
    assert answers_of(db, school, 0) == {ids(school)[4]: Value(text="ok")}
