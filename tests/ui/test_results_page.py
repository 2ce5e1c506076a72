"""«Итоги и награды»: participants' certificates issued to a cohort at once and shown in the
register, awards annulled with a reason, cases added with a photo, and a photo refused without
the participants' consent to publication."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    AwardNomination,
    ConsentGiver,
    ConsentKind,
    MentorStatus,
)
from nastavnik_desktop.data.models import MentorProfile, Person, Programme
from nastavnik_desktop.services import documents
from nastavnik_desktop.services.awards import register
from nastavnik_desktop.services.awards.register import AwardRequest
from nastavnik_desktop.services.cases import collection
from nastavnik_desktop.services.cases.collection import CaseDraft, CaseSubject
from nastavnik_desktop.services.people.consent import ConsentInfo, record_consent
from nastavnik_desktop.services.programme import new_programme
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.pages.results import ResultsPage
from nastavnik_desktop.ui.pages.results.awards_tab import ALL_PARTICIPANTS, AwardsTab
from nastavnik_desktop.ui.pages.results.cases_tab import CasesTab
from tests.helpers.pdf import flat_text, need

DAY = dt.date(2026, 5, 25)
TASK_TIMEOUT_MS = 20_000


@pytest.fixture
def page(qtbot: QtBot, demo_db: Database, programme_id: int) -> ResultsPage:
    widget = ResultsPage(demo_db, programme_id, today=lambda: DAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.refresh()
    return widget


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "Встреча.jpg"
    Image.new("RGB", (640, 480), (90, 140, 190)).save(path, "JPEG")
    return path


def _activate(qtbot: QtBot, page: ResultsPage) -> None:
    """Shortcuts reach only the active window."""
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)


def _plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _awards(page: ResultsPage) -> AwardsTab:
    tab = page.show_tab(AwardsTab)
    assert isinstance(tab, AwardsTab)
    tab.reload([], programme_id=page.context.programme_id)  # this year's, whatever the demo
    return tab


def _cases(page: ResultsPage) -> CasesTab:
    tab = page.show_tab(CasesTab)
    assert isinstance(tab, CasesTab)
    tab.reload([], programme_id=page.context.programme_id)  # this year's, whatever the demo
    return tab


def test_certificates_go_to_a_whole_cohort_once(qtbot: QtBot, page: ResultsPage,
                                                shown_messages: CapturedMessages) -> None:
    tab = _awards(page)
    assert tab.rows() == [] and tab.empty.isVisibleTo(tab)
    tab.issue_to_cohort(ALL_PARTICIPANTS)
    qtbot.waitUntil(lambda: tab.task is None, timeout=TASK_TIMEOUT_MS)

    rows = tab.rows()
    assert len(rows) > 10
    numbers = [r.award.registry_number for r in rows]
    assert len(set(numbers)) == len(numbers)
    assert all(n.startswith(f"{DAY.year}-") for n in numbers)  # the year of issue
    assert {r.state_text for r in rows} == {"выдана"}
    assert len(tab.selected()) == len(rows)  # the new ones are selected, ready to print
    assert any(r.award.person_place for r in rows)
    confirm = _plain(shown_messages.texts(MessageKind.CONFIRM)[0])
    assert f"Выдать {len(rows)} сертификат" in confirm

    tab.issue_to_cohort(ALL_PARTICIPANTS)  # everyone holds one already
    assert len(tab.rows()) == len(rows)
    said = _plain(shown_messages.texts(MessageKind.INFO)[-1])
    assert "Выдавать некому" in said and f"У {len(rows)} участник" in said

    tab.search.setText(rows[0].award.person_name)
    assert [r.award.id for r in tab.rows()] == [rows[0].award.id]


def test_awards_are_annulled_with_a_reason(qtbot: QtBot, page: ResultsPage,
                                           shown_messages: CapturedMessages) -> None:
    tab = _awards(page)
    tab.issue_to_cohort(ALL_PARTICIPANTS)
    qtbot.waitUntil(lambda: tab.task is None, timeout=TASK_TIMEOUT_MS)
    first, second = tab.rows()[:2]
    tab.select([first.award.id, second.award.id])

    tab.annul_selected("ошибка в фамилии")

    assert "Аннулировать 2 награды" in _plain(shown_messages.texts(MessageKind.CONFIRM)[-1])
    states = {r.award.id: r.state_text for r in tab.rows()}
    assert states[first.award.id] == f"аннулирована {DAY:%d.%m.%Y}: ошибка в фамилии"
    assert states[second.award.id].startswith("аннулирована")
    assert "аннулировано: 2" in tab.count.text()
    assert not tab.print_action.isEnabled()  # annulled awards are not printed
    tab.state.setCurrentIndex(tab.state.findData("annulled"))
    assert {r.award.id for r in tab.rows()} == {first.award.id, second.award.id}


def test_an_annulment_is_undone_with_ctrl_z(qtbot: QtBot, page: ResultsPage,
                                            shown_messages: CapturedMessages) -> None:
    tab = _awards(page)
    tab.issue_to_cohort(ALL_PARTICIPANTS)
    qtbot.waitUntil(lambda: tab.task is None, timeout=TASK_TIMEOUT_MS)
    first, second = tab.rows()[:2]
    assert not tab.undo_annul_action.isEnabled()  # nothing annulled yet
    tab.select([first.award.id, second.award.id])
    tab.annul_selected("ошибка в фамилии")
    assert "Ctrl+Z" in _plain(shown_messages.texts(MessageKind.CONFIRM)[-1])
    assert tab.undo_annul_action.isEnabled()

    _activate(qtbot, page)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    states = {r.award.id: r.state_text for r in tab.rows()}
    assert states[first.award.id] == states[second.award.id] == "выдана"
    assert [a.registry_number for a in register.list_awards(page.context.db,
                                                            page.context.programme_id)
            if a.id == first.award.id] == [first.award.registry_number]
    assert not tab.undo_annul_action.isEnabled()
    assert "аннулировано" not in tab.count.text()


def _pair_subject(page: ResultsPage) -> CaseSubject:
    subjects = collection.case_subjects(page.context.db, page.context.programme_id)
    return next(s for s in subjects if s.pair_id is not None and s.label.startswith("Пара"))


def _give_consent(db: Database, programme_id: int, subject: CaseSubject) -> None:
    people = collection.case_people(db, programme_id, CaseDraft("x", pair_id=subject.pair_id),
                                    today=DAY)
    with db.transaction() as session:
        for case_person in people:
            person = session.get(Person, case_person.person_id)
            assert person is not None
            record_consent(person, ConsentKind.PUBLICATION,
                           ConsentInfo(dt.date(2025, 9, 1), ConsentGiver.PARENT))


def _fill_editor(tab: CasesTab, subject: CaseSubject, photo: Path) -> None:
    tab.new_case()
    editor = tab.editor
    assert editor is not None
    editor.title_edit.setText("Математика без страха")
    editor.subject.setCurrentIndex(editor.subject.findText(subject.label))
    editor.problem_edit.setPlainText("Боялся контрольных.")
    editor.result_edit.setPlainText("Четвёрка за год.")
    editor.add_photos([str(photo)])
    editor.caption.setText("Разбор задачи")


def test_a_case_is_added_with_a_photo(qtbot: QtBot, page: ResultsPage, photo: Path,
                                      shown_messages: CapturedMessages) -> None:
    tab = _cases(page)
    assert tab.cases() == []
    subject = _pair_subject(page)
    _give_consent(page.context.db, page.context.programme_id, subject)
    _fill_editor(tab, subject, photo)
    editor = tab.editor
    assert editor is not None
    assert "Согласие на публикацию есть у всех" in editor.consent_label.text()
    editor.accept()
    qtbot.waitUntil(lambda: tab.editor is None, timeout=TASK_TIMEOUT_MS)

    (case,) = tab.cases()
    assert (case.title, case.photos) == ("Математика без страха", 1)
    assert tab.selected() == [case]
    detail = collection.case_detail(page.context.db, case.id)
    assert detail.photo_list[0].caption == "Разбор задачи"
    assert Path(detail.photo_list[0].path).is_file()
    assert shown_messages.texts(MessageKind.ERROR) == []


def test_a_photo_without_consent_is_refused_in_the_editor(
        qtbot: QtBot, page: ResultsPage, photo: Path,
        shown_messages: CapturedMessages) -> None:
    tab = _cases(page)
    subject = _pair_subject(page)
    _fill_editor(tab, subject, photo)
    editor = tab.editor
    assert editor is not None
    assert "Фото прикрепить нельзя" in editor.consent_label.text()
    editor.accept()
    qtbot.waitUntil(lambda: editor.task is None, timeout=TASK_TIMEOUT_MS)

    assert tab.editor is editor and editor.isVisible()  # the work typed is kept
    (error,) = shown_messages.texts(MessageKind.ERROR)
    assert error.startswith("Фотографии не прикреплены") and "нет согласия" in error
    assert editor.consent_label.text() == error
    assert collection.list_cases(page.context.db, page.context.programme_id) == []
    editor.remove_photo()
    editor.accept()
    qtbot.waitUntil(lambda: tab.editor is None, timeout=TASK_TIMEOUT_MS)
    assert [c.photos for c in tab.cases()] == [0]


def test_cases_are_reordered_and_deleted_after_a_confirmation(
        qtbot: QtBot, page: ResultsPage, shown_messages: CapturedMessages) -> None:
    db, programme_id = page.context.db, page.context.programme_id
    first = collection.save_case(db, programme_id, None, CaseDraft("Первый"), today=DAY)
    second = collection.save_case(db, programme_id, None, CaseDraft("Второй"), today=DAY)
    tab = _cases(page)
    tab.reload([second])
    tab.move_case(-1)
    assert [c.id for c in tab.cases()] == [second, first]
    tab.reload([second])
    tab.delete()
    assert "Удалить 1 кейс «Второй»" in _plain(shown_messages.texts(MessageKind.CONFIRM)[-1])
    assert [c.id for c in tab.cases()] == [first]


def test_the_booklet_is_printed_from_the_cases_tab_by_its_shortcut(
        qtbot: QtBot, page: ResultsPage, shown_messages: CapturedMessages) -> None:
    need("pdftotext")
    db, programme_id = page.context.db, page.context.programme_id
    collection.save_case(db, programme_id, None, CaseDraft("Клуб читателей",
                                                           problem="Не читали книг."),
                         today=DAY)
    tab = _cases(page)
    tab.reload()
    _activate(qtbot, page)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.task is None and tab.preview is not None,
                    timeout=TASK_TIMEOUT_MS)
    assert tab.preview is not None
    pdf = tab.preview.pdf_path
    text = flat_text(pdf)
    assert "Сборник лучших практик наставничества" in text and "1. Клуб читателей" in text
    tab.preview.reject()
    issued = [d for d in documents.list_issued_documents(db, programme_id) if d.kind == "cases"]
    assert [(d.issued_on, d.file_path) for d in issued] == [(DAY, str(pdf))]
    assert shown_messages.texts(MessageKind.ERROR) == []


def test_ctrl_n_opens_a_new_case_and_del_asks_before_deleting(
        qtbot: QtBot, page: ResultsPage, shown_messages: CapturedMessages) -> None:
    tab = _cases(page)
    _activate(qtbot, page)
    tab.search.setFocus()  # an empty collection shows no table
    qtbot.keyClick(tab.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = tab.editor
    assert editor is not None and editor.windowTitle() == "Новый кейс"
    editor.title_edit.setText("Первый")
    editor.accept()
    qtbot.waitUntil(lambda: tab.editor is None, timeout=TASK_TIMEOUT_MS)
    shown_messages.answer = False
    _activate(qtbot, page)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert "Удалить 1 кейс «Первый»" in _plain(shown_messages.texts(MessageKind.CONFIRM)[-1])
    assert [c.title for c in tab.cases()] == ["Первый"]  # the curator said no


def test_an_earlier_years_cases_are_shown_and_printed_by_choosing_the_year(
        qtbot: QtBot, page: ResultsPage, shown_messages: CapturedMessages) -> None:
    need("pdftotext")
    db, programme_id = page.context.db, page.context.programme_id
    with db.transaction() as session:
        current = session.get(Programme, programme_id)
        assert current is not None
        earlier = new_programme(session, current.school, "2020/2021").id
    collection.save_case(db, earlier, None, CaseDraft("Прошлогодний клуб"), today=DAY)
    tab = _cases(page)
    tab.reload()
    assert tab.cases() == [] and tab.year.isVisibleTo(tab)
    assert tab.year.currentData() == programme_id
    tab.year.setCurrentIndex(tab.year.findData(earlier))
    assert [c.title for c in tab.cases()] == ["Прошлогодний клуб"]
    assert "2020/2021 учебный год (1" in tab.year.currentText()

    tab.print_booklet()
    qtbot.waitUntil(lambda: tab.task is None and tab.preview is not None,
                    timeout=TASK_TIMEOUT_MS)
    assert tab.preview is not None
    text = flat_text(tab.preview.pdf_path)
    tab.preview.reject()
    assert "1. Прошлогодний клуб" in text and "2020/2021 учебного года" in text
    assert [d.kind for d in documents.list_issued_documents(db, earlier)] == ["cases"]
    assert shown_messages.texts(MessageKind.ERROR) == []


def test_an_earlier_years_awards_are_shown_by_choosing_the_year(
        qtbot: QtBot, page: ResultsPage) -> None:
    db, programme_id = page.context.db, page.context.programme_id
    tab = _awards(page)
    tab.issue_to_cohort(ALL_PARTICIPANTS)
    qtbot.waitUntil(lambda: tab.task is None, timeout=TASK_TIMEOUT_MS)
    current = len(tab.rows())
    person_id = tab.rows()[0].award.person_id
    with db.transaction() as session:
        programme = session.get(Programme, programme_id)
        assert programme is not None
        earlier = new_programme(session, programme.school, "2020/2021").id
        # a mentor of that year too: the register awards only the programme's participants
        session.add(MentorProfile(programme_id=earlier, person_id=person_id,
                                  status=MentorStatus.ADMITTED))
    register.issue_awards(db, earlier, [AwardRequest(person_id, AwardNomination.PARTICIPANT)],
                          issued_on=dt.date(2021, 5, 25))
    tab.reload()
    assert tab.year.isVisibleTo(tab) and len(tab.rows()) == current
    tab.year.setCurrentIndex(tab.year.findData(earlier))
    (row,) = tab.rows()
    assert row.award.registry_number == "2021-001"
    tab.year.setCurrentIndex(tab.year.findData(programme_id))
    assert len(tab.rows()) == current


def test_closing_the_editor_with_typed_text_asks_first(
        qtbot: QtBot, page: ResultsPage, shown_messages: CapturedMessages) -> None:
    tab = _cases(page)
    tab.new_case()
    editor = tab.editor
    assert editor is not None
    editor.reject()  # nothing typed: closes at once
    qtbot.waitUntil(lambda: tab.editor is None)
    assert shown_messages.texts(MessageKind.CONFIRM) == []

    tab.new_case()
    editor = tab.editor
    assert editor is not None
    editor.problem_edit.setPlainText("Боялся контрольных.")
    shown_messages.answer = False
    editor.reject()
    assert editor.isVisible() and tab.editor is editor
    assert "без сохранения" in shown_messages.texts(MessageKind.CONFIRM)[-1]
    shown_messages.answer = True
    editor.reject()
    qtbot.waitUntil(lambda: tab.editor is None)
    assert tab.cases() == []


def test_a_new_year_without_cases_opens_on_last_years(qtbot: QtBot, demo_db: Database,
                                                       programme_id: int) -> None:
    with demo_db.transaction() as session:
        programme = session.get(Programme, programme_id)
        assert programme is not None
        earlier = new_programme(session, programme.school, "2020/2021").id
    collection.save_case(demo_db, earlier, None, CaseDraft("Прошлогодний клуб"), today=DAY)
    for case in collection.list_cases(demo_db, programme_id):
        collection.delete_cases(demo_db, [case.id])
    page = ResultsPage(demo_db, programme_id, today=lambda: DAY)
    qtbot.addWidget(page)
    page.refresh()
    tab = page.show_tab(CasesTab)
    assert isinstance(tab, CasesTab)
    latest = next(y for y in collection.case_years(demo_db, programme_id) if y.count)
    assert tab.shown_programme_id == latest.programme_id != programme_id
    assert len(tab.cases()) == latest.count
    assert latest.programme_id != earlier or tab.cases()[0].title == "Прошлогодний клуб"
