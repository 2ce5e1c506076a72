"""«Наставляемые» and «Наставники» on real widgets: search, filters, sorting, card, removal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, func, select

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    ConsentGiver,
    ConsentKind,
    MenteeStatus,
    MentorStatus,
    PersonCategory,
    RequestAudience,
)
from nastavnik_desktop.data.models import (
    Consent,
    MenteeProfile,
    MenteeRequest,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
)
from nastavnik_desktop.services import people as people_service
from nastavnik_desktop.services.people import get_person
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.dialogs.person_card import PARENT_CONSENT_WARNING, PersonCardDialog
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.models.people_model import (
    COL_AGE,
    COL_CATEGORY,
    COL_NAME,
    COL_PLACE,
    COL_STATUS,
    ConsentFilter,
)
from nastavnik_desktop.ui.pages.people import MenteesPage, MentorsPage
from tests.helpers.calls import Calls, Day

# (surname, class or position, category, form code, status, consent given by, paired)
MENTEES = (
    ("Абрамов", "10Б", PersonCategory.PUPIL, "pupil_pupil", MenteeStatus.IN_BASE,
     ConsentGiver.PARENT, False),
    ("Белов", "5А", PersonCategory.PUPIL, "pupil_pupil", MenteeStatus.PAIRED,
     ConsentGiver.PARENT, True),
    ("Волков", "11В", PersonCategory.PUPIL, "employer_pupil", MenteeStatus.IN_BASE,
     None, False),
    ("Горина", "учитель химии", PersonCategory.STAFF, "teacher_teacher", MenteeStatus.IN_BASE,
     ConsentGiver.SELF, False),
    ("Дёмин", "5Б", PersonCategory.PUPIL, "pupil_pupil", MenteeStatus.LEFT,
     ConsentGiver.PARENT, False),
    ("Егорова", "9А", PersonCategory.PUPIL, "pupil_pupil", MenteeStatus.IN_BASE,
     ConsentGiver.PARENT, False),
)


@dataclass(frozen=True)
class SchoolIds:
    mentees: dict[str, int]
    """surname → person id"""
    mentors: dict[str, int]
    first_request: int
    forms: dict[str, int]


@pytest.fixture
def school(db: Database, programme: ProgrammeInfo) -> SchoolIds:
    with db.transaction() as session:
        forms = {code: form_id for code, form_id in session.execute(
            select(MentoringForm.code, MentoringForm.id))}
        requests = list(session.scalars(select(MenteeRequest).where(
            MenteeRequest.audience == RequestAudience.PUPIL).order_by(MenteeRequest.sort_order)))
        teacher_requests = list(session.scalars(select(MenteeRequest).where(
            MenteeRequest.audience == RequestAudience.TEACHER)))
        mentor = Person(last_name="Жуков", first_name="Павел", middle_name="Ильич",
                        category=PersonCategory.STAFF, position="учитель физики",
                        birth_date=dt.date(1979, 4, 4))
        other_mentor = Person(last_name="Зайцева", first_name="Нина",
                              category=PersonCategory.ALUMNUS, position="программист",
                              birth_date=dt.date(1998, 4, 4))
        session.add_all([mentor, other_mentor])
        session.flush()
        mentor_profile = MentorProfile(programme_id=programme.id, person_id=mentor.id,
                                       form_id=forms["pupil_pupil"],
                                       status=MentorStatus.ADMITTED,
                                       competencies="физика", helps_with=requests[:1])
        other_profile = MentorProfile(programme_id=programme.id, person_id=other_mentor.id,
                                      form_id=forms["employer_pupil"],
                                      status=MentorStatus.CANDIDATE,
                                      competencies="программирование",
                                      helps_with=requests[1:2])
        session.add_all([mentor_profile, other_profile])
        session.flush()
        ids: dict[str, int] = {}
        for n, (surname, place, category, form, status, giver, paired) in enumerate(MENTEES):
            pupil = category is PersonCategory.PUPIL
            person = Person(last_name=surname, first_name="Тест", category=category,
                            class_name=place if pupil else "",
                            position="" if pupil else place,
                            birth_date=dt.date(2012 - n, 1, 1) if pupil else dt.date(1995, 1, 1),
                            parent_name="Родитель Тест" if pupil else "")
            if giver is not None:
                person.consents = [Consent(kind=ConsentKind.PERSONAL_DATA,
                                           given_on=dt.date(2025, 9, 1), given_by=giver,
                                           given_by_name="Родитель Тест"
                                           if giver is not ConsentGiver.SELF else "")]
            session.add(person)
            session.flush()
            profile = MenteeProfile(
                programme_id=programme.id, person_id=person.id, form_id=forms[form],
                status=status,
                requests=teacher_requests[:1] if not pupil else [requests[n % 2]])
            session.add(profile)
            session.flush()
            if paired:
                pair = MentoringPair(programme_id=programme.id,
                                     mentor_profile_id=mentor_profile.id,
                                     form_id=forms["pupil_pupil"])
                pair.members = [PairMentee(mentee_profile_id=profile.id)]
                session.add(pair)
            ids[surname] = person.id
        return SchoolIds(ids, {"Жуков": mentor.id, "Зайцева": other_mentor.id},
                         requests[0].id, forms)


@pytest.fixture
def page(qtbot: QtBot, db: Database, programme: ProgrammeInfo,
         school: SchoolIds) -> MenteesPage:
    widget = MenteesPage(db, programme.id)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    return widget


@pytest.fixture
def mentors_page(qtbot: QtBot, db: Database, programme: ProgrammeInfo,
                 school: SchoolIds) -> MentorsPage:
    widget = MentorsPage(db, programme.id)
    qtbot.addWidget(widget)
    return widget


def surnames(page: MenteesPage | MentorsPage) -> list[str]:
    return [row.last_name for row in page.visible_rows()]


def choose(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    assert index >= 0, f"{value!r} is not offered by {combo.objectName()}"
    combo.setCurrentIndex(index)


def mentee_profiles(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(MenteeProfile)) or 0


def show_and_focus(qtbot: QtBot, page: MenteesPage) -> None:
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)


# --- the table ---------------------------------------------------------------------------------


def test_the_page_shows_the_whole_base(page: MenteesPage) -> None:
    assert surnames(page) == ["Абрамов", "Белов", "Волков", "Горина", "Дёмин", "Егорова"]
    assert page.model.rowCount() == 6
    assert page.summary_label.text() == ("В базе 6\u00a0наставляемых, в паре или группе — 1, "
                                         "без пары — 5, без согласия на обработку ПД — 1.")
    belov = page.model.index(1, COL_NAME)
    assert belov.data() == "Белов Тест"
    assert page.model.index(1, COL_STATUS).data() == "в паре"
    assert page.model.index(1, page.model.columnCount() - 1).data() == "Жуков П. И."
    assert page.model.headerData(COL_PLACE, Qt.Orientation.Horizontal) == "Класс / должность"


def test_the_model_passes_qt_s_checks(qtmodeltester, page: MenteesPage) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)
    page.search_edit.setText("о")
    page.table.sortByColumn(COL_PLACE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(page.model)


def test_search_narrows_the_rows_as_the_curator_types(page: MenteesPage) -> None:
    page.search_edit.setText("в")
    assert surnames(page) == ["Абрамов", "Белов", "Волков", "Егорова"]
    page.search_edit.setText("вол")
    assert surnames(page) == ["Волков"]
    assert page.summary_label.text().endswith("Показано: 1.")
    page.search_edit.setText("демин")
    assert surnames(page) == ["Дёмин"], "«е» finds «ё»"
    page.search_edit.setText("химии")
    assert surnames(page) == ["Горина"], "the position is searched too"
    page.search_edit.setText("тест 10б")
    assert surnames(page) == ["Абрамов"]
    page.search_edit.clear()
    assert len(surnames(page)) == 6


@pytest.mark.parametrize(("combo_name", "value", "expected"), [
    ("class_combo", "5А", ["Белов"]),
    ("category_combo", PersonCategory.STAFF, ["Горина"]),
    ("form_combo", "employer_pupil", ["Волков"]),
    ("status_combo", MenteeStatus.LEFT.value, ["Дёмин"]),
    ("consent_combo", ConsentFilter.PRESENT, ["Абрамов", "Белов", "Горина", "Дёмин",
                                              "Егорова"]),
    ("consent_combo", ConsentFilter.MISSING, ["Волков"]),
    ("consent_combo", ConsentFilter.PARENT_MISSING, ["Волков"]),
])
def test_each_filter(page: MenteesPage, school: SchoolIds, combo_name: str, value: object,
                     expected: list[str]) -> None:
    if combo_name == "form_combo":
        value = school.forms[str(value)]
    choose(getattr(page, combo_name), value)
    assert surnames(page) == expected
    page.reset_filters()
    assert len(surnames(page)) == 6


def test_filter_by_request_and_without_pair(page: MenteesPage, school: SchoolIds) -> None:
    choose(page.request_combo, school.first_request)
    assert surnames(page) == ["Абрамов", "Волков", "Дёмин"]
    page.request_combo.setCurrentIndex(0)
    page.without_pair_check.setChecked(True)
    assert "Белов" not in surnames(page)
    assert len(surnames(page)) == 5
    choose(page.class_combo, "5А")
    assert surnames(page) == [], "filters combine"
    page.reset_button.click()
    assert not page.without_pair_check.isChecked()
    assert len(surnames(page)) == 6


def test_the_class_filter_lists_classes_naturally(page: MenteesPage) -> None:
    classes = [page.class_combo.itemData(i) for i in range(1, page.class_combo.count())]
    assert classes == ["5А", "5Б", "9А", "10Б", "11В"]


def test_sorting_by_class_is_natural(page: MenteesPage) -> None:
    page.table.sortByColumn(COL_PLACE, Qt.SortOrder.AscendingOrder)
    assert [row.place for row in page.visible_rows()] == [
        "5А", "5Б", "9А", "10Б", "11В", "учитель химии"]
    page.table.sortByColumn(COL_PLACE, Qt.SortOrder.DescendingOrder)
    assert [row.place for row in page.visible_rows()][:3] == ["учитель химии", "11В", "10Б"]
    page.search_edit.setText("тест")
    assert page.visible_rows()[0].place == "учитель химии", "the sort stays while searching"
    page.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
    assert surnames(page)[0] == "Абрамов"


def test_the_selection_survives_search_and_sorting(page: MenteesPage,
                                                   school: SchoolIds) -> None:
    page.select_people([school.mentees["Волков"], school.mentees["Белов"]])
    page.search_edit.setText("о")
    assert sorted(page.selected_person_ids()) == sorted(
        [school.mentees["Волков"], school.mentees["Белов"]])
    page.table.sortByColumn(COL_PLACE, Qt.SortOrder.DescendingOrder)
    assert {row.last_name for row in page.selected_rows()} == {"Волков", "Белов"}
    page.search_edit.setText("вол")
    assert [row.last_name for row in page.selected_rows()] == ["Волков"]


def test_hidden_columns_are_chosen_and_remembered(qtbot: QtBot, page: MenteesPage,
                                                  db: Database,
                                                  programme: ProgrammeInfo) -> None:
    assert page.table.isColumnHidden(COL_AGE) and page.table.isColumnHidden(COL_CATEGORY)
    menu = page.columns_menu()
    actions = {action.text(): action for action in menu.actions()}
    assert not actions["ФИО"].isEnabled()
    actions["Возраст"].setChecked(True)
    assert not page.table.isColumnHidden(COL_AGE)
    assert QSettings().value("people/mentees/hidden_columns") == str(COL_CATEGORY)
    again = MenteesPage(db, programme.id)
    qtbot.addWidget(again)
    assert not again.table.isColumnHidden(COL_AGE)
    assert again.table.isColumnHidden(COL_CATEGORY)


def test_ctrl_f_focuses_the_search(qtbot: QtBot, page: MenteesPage) -> None:
    show_and_focus(qtbot, page)
    page.search_edit.setText("abc")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()
    assert page.search_edit.selectedText() == "abc"


def test_the_context_menu_offers_the_actions(page: MenteesPage, school: SchoolIds) -> None:
    page.select_person(school.mentees["Горина"])
    menu = page.context_menu()
    texts = [action.text() for action in menu.actions() if action.text()]
    assert texts[:3] == ["Открыть карточку", "Копировать ФИО", "Удалить из базы"]
    assert all(action.isEnabled() for action in menu.actions()[:2])
    page.copy_action.trigger()
    assert QGuiApplication.clipboard().text() == "Горина Тест"


def test_actions_need_a_selection(page: MenteesPage, school: SchoolIds) -> None:
    page.table.clearSelection()
    assert not page.remove_action.isEnabled()
    assert not page.open_action.isEnabled()
    page.select_person(school.mentees["Белов"])
    assert page.remove_action.isEnabled() and page.open_action.isEnabled()


# --- the card ----------------------------------------------------------------------------------


def open_card_with_enter(qtbot: QtBot, page: MenteesPage, person_id: int) -> PersonCardDialog:
    show_and_focus(qtbot, page)
    assert page.select_person(person_id)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    card = page.card
    assert isinstance(card, PersonCardDialog)
    qtbot.waitExposed(card)
    return card


def test_open_the_card_change_a_field_and_save(qtbot: QtBot, page: MenteesPage, db: Database,
                                               school: SchoolIds) -> None:
    person_id = school.mentees["Абрамов"]
    card = open_card_with_enter(qtbot, page, person_id)
    assert card.last_name_edit.text() == "Абрамов"
    assert card.class_edit.text() == "10Б"
    card.last_name_edit.setText("Абрамов-Ковалёв")
    card.class_edit.setText("10 в")
    card.phone_edit.setText("+7 912 000-11-22")
    with qtbot.waitSignal(card.accepted):
        card.save_button.click()
    saved = get_person(db, person_id)
    assert (saved.last_name, saved.class_name, saved.phone) == (
        "Абрамов-Ковалёв", "10В", "+7 912 000-11-22")
    assert page.card is None
    assert page.current_row() is not None
    assert page.current_row().full_name == "Абрамов-Ковалёв Тест"  # type: ignore[union-attr]
    assert "Абрамов-Ковалёв" in surnames(page)


def test_a_double_click_opens_the_card(qtbot: QtBot, page: MenteesPage,
                                       school: SchoolIds) -> None:
    show_and_focus(qtbot, page)
    row = page.model.view_row_of(school.mentees["Горина"])
    rect = page.table.visualRect(page.model.index(row, COL_NAME))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.card is not None
    assert page.card.last_name_edit.text() == "Горина"
    page.card.reject()
    assert page.card is None


def test_a_refused_card_stays_open_with_a_message(qtbot: QtBot, page: MenteesPage,
                                                  db: Database, school: SchoolIds,
                                                  shown_messages: CapturedMessages) -> None:
    person_id = school.mentees["Егорова"]
    before = get_person(db, person_id)
    card = open_card_with_enter(qtbot, page, person_id)
    card.first_name_edit.setText("")
    card.save_button.click()
    assert card.isVisible()
    assert shown_messages.texts(MessageKind.ERROR) == ["Укажите имя."]
    card.first_name_edit.setText("Ольга")
    card.birth_date_edit.setText("31.02.2010")
    card.save_button.click()
    assert card.isVisible()
    assert "не похоже на дату" in shown_messages.texts(MessageKind.ERROR)[-1]
    assert get_person(db, person_id) == before, "nothing saved"
    card.reject()


def test_the_card_refuses_a_formula_for_a_surname(qtbot: QtBot, db: Database,
                                                  school: SchoolIds,
                                                  shown_messages: CapturedMessages) -> None:
    person_id = school.mentees["Егорова"]
    before = get_person(db, person_id)
    card = PersonCardDialog(db, person_id, today=dt.date(2025, 10, 1))
    qtbot.addWidget(card)
    card.show()
    card.last_name_edit.setText('=HYPERLINK("http://x","y")')
    card.save_button.click()
    assert card.isVisible()
    assert shown_messages.texts(MessageKind.ERROR) == [
        "Фамилия не может начинаться со знака «=». Проверьте ФИО."]
    assert get_person(db, person_id) == before, "nothing saved"
    card.reject()


def test_an_adult_s_consent_asks_for_no_parent(qtbot: QtBot, db: Database,
                                              school: SchoolIds) -> None:
    card = PersonCardDialog(db, school.mentors["Жуков"], today=dt.date(2025, 10, 1))
    qtbot.addWidget(card)
    for editor in (card.pd_consent, card.publication_consent):
        editor.setChecked(True)
        assert editor.giver() is ConsentGiver.SELF
        assert editor.giver_name_edit.placeholderText() == ""
    card.pd_consent.document_edit.setText("№ 4 от 01.10.2025")
    card.save_button.click()
    saved = get_person(db, school.mentors["Жуков"]).personal_data_consent
    assert saved is not None and saved.document_ref == "№ 4 от 01.10.2025"


def test_the_card_flags_a_minor_without_the_parent_s_consent(qtbot: QtBot, db: Database,
                                                            school: SchoolIds) -> None:
    card = PersonCardDialog(db, school.mentees["Волков"], today=dt.date(2025, 10, 1))
    qtbot.addWidget(card)
    assert card.flag_shown()
    assert card.parent_consent_flag.text() == PARENT_CONSENT_WARNING
    card.pd_consent.setChecked(True)
    assert card.pd_consent.given_on_edit.text() == "01.10.2025"
    assert card.pd_consent.giver() is ConsentGiver.PARENT
    assert card.pd_consent.giver_name_edit.isEnabled()
    assert card.pd_consent.giver_name_edit.text() == "Родитель Тест"
    assert not card.flag_shown()
    card.pd_consent.giver_combo.setCurrentIndex(
        card.pd_consent.giver_combo.findData(ConsentGiver.SELF))
    assert card.flag_shown(), "his own consent is not enough"
    assert not card.pd_consent.giver_name_edit.isEnabled()
    assert card.pd_consent.giver_name_edit.placeholderText() == "", "nobody's name to ask for"
    card.birth_date_edit.setText("01.01.2000")
    assert not card.flag_shown(), "an adult"
    assert card.age_label.text() == "25 лет"
    card.birth_date_edit.setText("01.01.2012")
    card.pd_consent.giver_combo.setCurrentIndex(
        card.pd_consent.giver_combo.findData(ConsentGiver.PARENT))
    card.save_button.click()
    saved = get_person(db, school.mentees["Волков"])
    assert saved.personal_data_consent is not None
    assert saved.personal_data_consent.given_by is ConsentGiver.PARENT
    assert not saved.needs_parent_consent(dt.date(2025, 10, 1))


def test_the_base_shows_the_flag_after_the_card_is_saved(qtbot: QtBot, page: MenteesPage,
                                                         school: SchoolIds) -> None:
    choose(page.consent_combo, ConsentFilter.PARENT_MISSING)
    assert surnames(page) == ["Волков"]
    card = open_card_with_enter(qtbot, page, school.mentees["Волков"])
    card.pd_consent.setChecked(True)
    with qtbot.waitSignal(card.accepted):
        card.save_button.click()
    assert surnames(page) == [], "the filter stays and the row no longer matches"


# --- removing from the base ------------------------------------------------------------------


def test_delete_with_confirmation_removes_the_profiles(qtbot: QtBot, page: MenteesPage,
                                                       db: Database, school: SchoolIds,
                                                       shown_messages: CapturedMessages
                                                       ) -> None:
    show_and_focus(qtbot, page)
    page.select_people([school.mentees["Абрамов"], school.mentees["Горина"]])
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    questions = shown_messages.texts(MessageKind.CONFIRM)
    assert len(questions) == 1
    assert "2\u00a0человека" in questions[0]
    assert "Абрамов Т." in questions[0] and "Горина Т." in questions[0]
    assert surnames(page) == ["Белов", "Волков", "Дёмин", "Егорова"]
    assert mentee_profiles(db) == 4
    assert get_person(db, school.mentees["Абрамов"]).last_name == "Абрамов", "the person stays"


def test_a_declined_confirmation_changes_nothing(qtbot: QtBot, page: MenteesPage,
                                                 db: Database, school: SchoolIds,
                                                 shown_messages: CapturedMessages) -> None:
    shown_messages.answer = False
    page.select_people([school.mentees["Абрамов"]])
    page.remove_action.trigger()
    assert len(shown_messages.texts(MessageKind.CONFIRM)) == 1
    assert "1\u00a0человека" in shown_messages.texts(MessageKind.CONFIRM)[0]
    assert mentee_profiles(db) == 6
    assert len(surnames(page)) == 6


def test_del_in_the_search_box_edits_the_text(qtbot: QtBot, page: MenteesPage,
                                              school: SchoolIds,
                                              shown_messages: CapturedMessages) -> None:
    show_and_focus(qtbot, page)
    page.select_people([school.mentees["Абрамов"]])
    page.search_edit.setText("abc")
    page.search_edit.setFocus()
    page.search_edit.setCursorPosition(0)
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Delete)
    assert page.search_edit.text() == "bc"
    assert shown_messages.messages == []


def test_people_in_pairs_are_not_removed(page: MenteesPage, db: Database, school: SchoolIds,
                                         shown_messages: CapturedMessages) -> None:
    page.select_people([school.mentees["Белов"], school.mentees["Волков"]])
    page.remove_action.trigger()
    errors = shown_messages.texts(MessageKind.ERROR)
    assert len(errors) == 1 and "Белов Т." in errors[0]
    assert mentee_profiles(db) == 6


# --- the mentors -------------------------------------------------------------------------------


def test_the_mentors_page(mentors_page: MentorsPage, school: SchoolIds) -> None:
    assert surnames(mentors_page) == ["Жуков", "Зайцева"]
    headers = [mentors_page.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(mentors_page.model.columnCount())]
    assert headers[5] == "Компетенции" and headers[-1] == "Наставляемые"
    assert mentors_page.model.index(0, 5).data() == "физика"
    assert mentors_page.model.index(0, len(headers) - 1).data() == "Белов Т."
    choose(mentors_page.request_combo, school.first_request)
    assert surnames(mentors_page) == ["Жуков"]
    mentors_page.reset_filters()
    choose(mentors_page.status_combo, MentorStatus.CANDIDATE.value)
    assert surnames(mentors_page) == ["Зайцева"]
    mentors_page.reset_filters()
    mentors_page.without_pair_check.setChecked(True)
    assert surnames(mentors_page) == ["Зайцева"]
    assert mentors_page.summary_label.text().startswith("В базе 2\u00a0наставника")


# --- erasing from the school (152-ФЗ) --------------------------------------------------------


def test_shift_del_erases_two_people_from_the_school(qtbot: QtBot, page: MenteesPage,
                                                     db: Database, school: SchoolIds,
                                                     shown_messages: CapturedMessages) -> None:
    show_and_focus(qtbot, page)
    page.select_people([school.mentees["Абрамов"], school.mentees["Белов"]])
    qtbot.keyClick(page.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    questions = shown_messages.texts(MessageKind.CONFIRM)
    assert len(questions) == 1
    assert "все данные 2\u00a0человек: Абрамов Т., Белов Т.?" in questions[0]
    assert "Отменить удаление нельзя" in questions[0]
    assert "встречами (1\u00a0пара или группа)" in questions[0], "Белов's pair goes with him"
    assert page.erase_task is not None
    with qtbot.waitSignal(page.erase_task.finished, timeout=10_000):
        pass
    assert surnames(page) == ["Волков", "Горина", "Дёмин", "Егорова"]
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Person).where(
            Person.last_name.in_(["Абрамов", "Белов"]))) == 0
        assert session.scalar(select(func.count()).select_from(MentoringPair)) == 0
    assert mentee_profiles(db) == 4
    assert "Данные 2\u00a0человек удалены" in shown_messages.texts(MessageKind.INFO)[0]


def test_del_still_only_takes_out_of_this_year_s_base(qtbot: QtBot, page: MenteesPage,
                                                     db: Database, school: SchoolIds,
                                                     shown_messages: CapturedMessages) -> None:
    show_and_focus(qtbot, page)
    page.select_people([school.mentees["Абрамов"]])
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert shown_messages.messages[0].title == "Удаление из базы"
    assert page.erase_task is None
    assert get_person(db, school.mentees["Абрамов"]).last_name == "Абрамов"


def test_a_declined_erasure_changes_nothing(page: MenteesPage, db: Database, school: SchoolIds,
                                            shown_messages: CapturedMessages) -> None:
    shown_messages.answer = False
    page.select_people([school.mentees["Горина"]])
    page.erase_action.trigger()
    assert len(shown_messages.texts(MessageKind.CONFIRM)) == 1
    assert page.erase_task is None
    assert get_person(db, school.mentees["Горина"]).last_name == "Горина"


def test_the_card_erases_its_person_and_closes(qtbot: QtBot, page: MenteesPage, db: Database,
                                               school: SchoolIds,
                                               shown_messages: CapturedMessages) -> None:
    card = open_card_with_enter(qtbot, page, school.mentees["Горина"])
    qtbot.mouseClick(card.erase_button, Qt.MouseButton.LeftButton)
    assert "все данные 1\u00a0человека: Горина Т.?" in shown_messages.texts(MessageKind.CONFIRM)[0]
    assert card.erase_task is not None
    with qtbot.waitSignal(card.erased, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: page.card is None)
    assert "Горина" not in surnames(page)
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Person).where(
            Person.last_name == "Горина")) == 0


def test_erasing_a_mentor_frees_his_mentee(qtbot: QtBot, mentors_page: MentorsPage,
                                           db: Database, school: SchoolIds,
                                           shown_messages: CapturedMessages) -> None:
    mentors_page.select_people([school.mentors["Жуков"]])
    mentors_page.erase_action.trigger()
    assert "встречами (1\u00a0пара или группа)" in \
        shown_messages.texts(MessageKind.CONFIRM)[0]
    assert mentors_page.erase_task is not None
    with qtbot.waitSignal(mentors_page.erase_task.finished, timeout=10_000):
        pass
    assert surnames(mentors_page) == ["Зайцева"]
    with db.reading() as session:
        status = session.scalar(select(MenteeProfile.status).where(
            MenteeProfile.person_id == school.mentees["Белов"]))
    assert status is MenteeStatus.IN_BASE


# --- reading again only what changed ------------------------------------------------------------


def place_of(page: MenteesPage | MentorsPage, person_id: int) -> str:
    return next(row.place for row in page.model.rows() if row.person_id == person_id)


def test_a_revisit_reads_the_base_again_only_after_a_change_it_shows(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, school: SchoolIds,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from nastavnik_desktop.ui.main_window import MainWindow

    reads = Calls(people_service.mentee_base, "person_ids")
    monkeypatch.setattr(people_service, "mentee_base", reads)
    window = MainWindow(db)
    qtbot.addWidget(window)
    for _visit in range(3):
        window.show_section("Наставляемые")
        window.show_section("Документы")
    assert reads.count == 1, "the page is built and shown with one read"
    with db.transaction() as session:  # a setting of matching: nothing the base shows
        settings.save(session, settings.DEMO_SEED, 7)
    page = window.show_section("Наставляемые")
    assert reads.count == 1
    window.show_section("Документы")
    with db.transaction() as session:
        session.get_one(Person, school.mentees["Горина"]).position = "учитель биологии"
    page = window.show_section("Наставляемые")
    assert isinstance(page, MenteesPage)
    assert reads.count == 2
    assert place_of(page, school.mentees["Горина"]) == "учитель биологии"
    window.show_section("Документы")
    window.show_section("Наставляемые")
    assert reads.count == 2


def test_a_new_day_reads_the_base_again(qtbot: QtBot, db: Database, programme: ProgrammeInfo,
                                        school: SchoolIds,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Ages and the consent a minor needs depend on the day, not only on the data."""
    from nastavnik_desktop.ui.pages import people as people_page

    day = Day(monkeypatch, people_page, dt.date(2025, 10, 1))
    reads = Calls(people_service.mentor_base, "person_ids")
    monkeypatch.setattr(people_service, "mentor_base", reads)
    page = MentorsPage(db, programme.id)
    qtbot.addWidget(page)
    page.refresh()
    assert reads.count == 1
    day.date = dt.date(2025, 10, 2)
    page.refresh()
    assert reads.count == 2


def test_a_saved_card_updates_its_row_in_place(qtbot: QtBot, page: MenteesPage, db: Database,
                                               programme: ProgrammeInfo, school: SchoolIds,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The card's person's row is read again and repainted: the other rows are not read, the
    model is not reset, the selection and the scroll position stay."""
    with db.transaction() as session:  # enough rows to scroll
        form_id = school.forms["pupil_pupil"]
        for n in range(60):
            person = Person(last_name=f"Яковлев{n:02}", first_name="Тест",
                            category=PersonCategory.PUPIL, class_name="7А",
                            birth_date=dt.date(2013, 1, 1))
            session.add(person)
            session.flush()
            session.add(MenteeProfile(programme_id=programme.id, person_id=person.id,
                                      form_id=form_id))
    page.refresh()
    show_and_focus(qtbot, page)
    chosen = [school.mentees["Волков"], school.mentees["Горина"]]
    page.select_people(chosen, current=school.mentees["Горина"])
    scroll = page.table.verticalScrollBar()
    assert scroll.maximum() > 0
    scroll.setValue(scroll.maximum() // 2)
    reads = Calls(people_service.mentee_base, "person_ids")
    monkeypatch.setattr(people_service, "mentee_base", reads)
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))

    page.open_card(school.mentees["Горина"])
    card = page.card
    assert isinstance(card, PersonCardDialog)
    card.position_edit.setText("учитель биологии")
    with qtbot.waitSignal(card.accepted):
        card.save_button.click()

    assert (reads.count, reads.partial) == (0, 1)
    assert not resets
    assert place_of(page, school.mentees["Горина"]) == "учитель биологии"
    assert sorted(page.selected_person_ids()) == sorted(chosen)
    assert page.current_row() is not None
    assert page.current_row().person_id == school.mentees["Горина"]  # type: ignore[union-attr]
    assert scroll.value() == scroll.maximum() // 2
    page.refresh()
    assert reads.count == 0, "the page knows it shows the saved card"


def test_a_changed_base_is_taken_in_place(qtbot: QtBot, qtmodeltester,  # type: ignore[no-untyped-def]
                                          page: MenteesPage, db: Database,
                                          school: SchoolIds) -> None:
    """A person renamed and another removed elsewhere: one layout change, no reset; the
    selection follows its people, and Qt's model checks hold throughout."""
    qtmodeltester.check(page.model)
    show_and_focus(qtbot, page)
    page.select_people([school.mentees["Егорова"], school.mentees["Абрамов"]],
                       current=school.mentees["Егорова"])
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))
    with db.transaction() as session:
        session.get_one(Person, school.mentees["Абрамов"]).last_name = "Юдин"
        session.execute(delete(MenteeProfile).where(
            MenteeProfile.person_id == school.mentees["Дёмин"]))
    page.refresh()
    assert surnames(page) == ["Белов", "Волков", "Горина", "Егорова", "Юдин"]
    assert not resets
    assert sorted(page.selected_person_ids()) == sorted(
        [school.mentees["Егорова"], school.mentees["Абрамов"]])
    assert page.current_row().last_name == "Егорова"  # type: ignore[union-attr]


def test_taking_people_out_of_the_base_reads_no_other_rows(
        qtbot: QtBot, page: MenteesPage, school: SchoolIds,
        monkeypatch: pytest.MonkeyPatch) -> None:
    show_and_focus(qtbot, page)
    page.select_people([school.mentees["Абрамов"], school.mentees["Горина"]])
    reads = Calls(people_service.mentee_base, "person_ids")
    monkeypatch.setattr(people_service, "mentee_base", reads)
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert surnames(page) == ["Белов", "Волков", "Дёмин", "Егорова"]
    assert (reads.count, reads.partial) == (0, 1)
    assert not resets
    page.refresh()
    assert reads.count == 0
