"""A past school year opened from the status bar or «Файл → Учебный год»: read-only in every
section under the archive banner, its paper printed without a write to the base."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QTabBar, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ProgrammeStatus
from nastavnik_desktop.errors import ArchiveReadOnlyError, ValidationError
from nastavnik_desktop.services import documents as documents_service
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.dialogs.issue_document import IssueDialog
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.messages import CapturedMessages
from nastavnik_desktop.ui.pages.documents import DocumentsPage
from nastavnik_desktop.ui.pages.pairs_board import PairsBoardPage
from nastavnik_desktop.ui.pages.people import MenteesPage
from nastavnik_desktop.ui.pages.roadmap import RoadmapPage
from nastavnik_desktop.ui.stage_wizards import ARCHIVE_REFUSAL
from nastavnik_desktop.ui.year_switcher import YEAR_KEYS, YearSwitcher
from tests.helpers.base_state import base_state, mentor_names, pair_people_names
from tests.helpers.pdf import drawn_text, need

BUILD_TIMEOUT_MS = 30_000

READING = frozenset({
    # what a past year still offers: looking, filtering, copying, printing
    "Мероприятия этапа", "Сбросить фильтры", "Найти", "Открыть карточку", "Открыть карточку…",
    "Копировать", "Копировать картинку", "Копировать таблицу", "Сохранить как PNG…",
    "20 сентября (ОО-1)", "31 декабря", "сегодня", "конец учебного года",
    "Бланки и шаблон…", "Кто не ответил", "Реестр наград", "Напечатать выбранные",
    "Сборник кейсов (PDF)", "Открыть", "Показать в папке", "Напечатать снова",
    "Проверить файл", "Открыть папку",
    # the documents of the year (printed without a record; orders only under their numbers)
    "Приказ о внедрении целевой модели наставничества", "Паспорт программы наставничества",
    "Дорожная карта по мероприятиям", "Дорожная карта по этапам",
    "Базы наставляемых и наставников", "Список наставнических пар и групп",
    "Приказ о закреплении наставнических пар/групп",
    "Приказ о награждении участников программы", "Контрольный лист пар и групп",
    "Отчёт о мониторинге программы", "Таблица статистики мониторинга (Excel)",
})
"""The buttons and actions a past year's sections may show enabled."""
WRITING_SAMPLE = frozenset({"Подобрать пары…", "Создать анкету…",
                            "Назначить опрос…", "Выдать сертификаты…", "Новый кейс…",
                            "Создать резервную копию…", "Добавить", "Сохранить выводы"})
"""Writing buttons the current year shows (so the check below can tell the two apart)."""


def years(db: Database) -> tuple[ProgrammeInfo, ProgrammeInfo]:
    programmes = programme_service.all_programmes(db)
    return (next(p for p in programmes if p.status is ProgrammeStatus.ACTIVE),
            next(p for p in programmes if p.status is ProgrammeStatus.ARCHIVED))


def choose_year_in_menu(window: MainWindow, school_year: str) -> None:
    """Файл → Учебный год → «2025/2026 учебный год — архив…», as the curator clicks it."""
    menu = window.findChild(QMenu, "years_menu")
    assert menu is not None and menu.menuAction().isEnabled()
    menu.aboutToShow.emit()
    action = menu.findChild(QAction, f"year_{school_year.replace('/', '_')}")
    assert action is not None and action.isEnabled()
    action.trigger()


def offered(page: QWidget) -> set[str]:
    """The texts of the buttons and actions `page` offers enabled, on every tab of it (tab
    bars' own buttons and the check boxes of filters aside)."""
    texts: set[str] = set()
    tab_widgets = page.findChildren(QTabWidget) or [None]
    for tabs in tab_widgets:
        for index in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(index)
            texts |= {button.text() for button in page.findChildren(QAbstractButton)
                      if button.isVisibleTo(page) and button.isEnabled() and button.text()
                      and not isinstance(button.parent(), QTabBar) and not button.isCheckable()}
    texts |= {action.text() for action in page.findChildren(QAction)
              if action.isVisible() and action.isEnabled() and action.text()}
    return texts


def test_a_past_year_opens_read_only_under_the_banner_and_the_window_goes_back(
        qtbot: QtBot, demo_db: Database) -> None:
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    current, archived = years(demo_db)
    assert programme_service.all_programmes(demo_db)[0] == current  # the latest year first
    window.show_section("Пары и группы")

    choose_year_in_menu(window, archived.school_year)

    assert window.programme == archived and window.is_archive_shown()
    assert window.current_section_title() == "Пары и группы"
    banner = window.findChild(QLabel, "archive_banner")
    assert banner is not None and not banner.isHidden()
    assert "только просмотр" in banner.text() and archived.school_year in banner.text()
    assert f"Программа {archived.school_year} (архив)" in window.status_texts()
    page_db = window.current_page()._db  # type: ignore[attr-defined]
    assert page_db.read_only
    with pytest.raises(ArchiveReadOnlyError), page_db.transaction():
        pass
    assert not window.findChild(QAction, "import_people").isEnabled()

    assert f"Вернуться к {current.school_year} учебному году" in banner.text()
    switcher = window.findChild(YearSwitcher, "status_year")
    assert switcher is not None and switcher.keys_action.shortcut().toString() == YEAR_KEYS
    menu = switcher.year_menu()  # what a click or Ctrl+Shift+Y pops up above the year
    assert [a.text() for a in menu.actions()] == [
        f"{current.school_year} учебный год — текущий",
        f"{archived.school_year} учебный год — архив, только просмотр"]
    assert [a.isChecked() for a in menu.actions()] == [False, True]

    banner.linkActivated.emit("current")  # «Вернуться к 2026/2027 учебному году»
    assert window.programme == current and not window.is_archive_shown()
    assert banner.isHidden() and window.current_section_title() == "Пары и группы"
    assert f"Программа {current.school_year}" in window.status_texts()
    assert window.findChild(QAction, "import_people").isEnabled()


def test_last_year_s_pair_list_prints_from_the_archive_and_nothing_is_written(
        qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    """The issue's case: open last year read-only through Файл → Учебный год, print its pair
    list from «Документы»: last year's pairs on paper, not this year's; the base unchanged."""
    need("pdftotext")
    current, archived = years(demo_db)
    last_mentors = mentor_names(demo_db.path, archived.id) - mentor_names(demo_db.path,
                                                                         current.id)
    this_mentors = mentor_names(demo_db.path, current.id) - pair_people_names(demo_db.path,
                                                                              archived.id)
    assert last_mentors and this_mentors
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    before = base_state(demo_db.path)

    choose_year_in_menu(window, archived.school_year)
    page = window.show_section("Документы")
    assert isinstance(page, DocumentsPage) and window.is_archive_shown()
    assert f"на {archived.school_year} учебный год" in page.intro_label.text()
    offered_days: list[QDate] = []

    def press_form(dialog: IssueDialog) -> int:
        offered_days.append(dialog.date_edit.date())
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(IssueDialog, "exec", press_form)
    with qtbot.waitSignal(page.document_issued, timeout=BUILD_TIMEOUT_MS) as issued:
        qtbot.mouseClick(page.choice_buttons["pairs"], Qt.MouseButton.LeftButton)

    assert shown_messages.messages == []
    assert offered_days == [QDate(int(archived.school_year[-4:]), 8, 31)]  # the year's end
    pdf = Path(issued.args[0].file_path)
    assert page.preview is not None and page.preview.pdf_path == pdf
    text = drawn_text(pdf)
    assert f"на {archived.school_year} учебный год" in text
    assert all(name in text for name in last_mentors)
    assert not any(name in text for name in this_mentors)
    page.preview.reject()
    assert base_state(demo_db.path) == before  # no entry of the register, nothing at all


def test_an_order_of_last_year_prints_again_under_its_number_without_a_record(
        qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    need("pdftotext")
    _current, archived = years(demo_db)
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.view_programme(archived.id)
    page = window.show_section("Документы")
    assert isinstance(page, DocumentsPage)
    order = next(d for d in page.documents() if d.kind == "order_launch")
    before = base_state(demo_db.path)
    assert page.select_document(order.id)

    task = page.reprint_selected()
    assert task is not None
    qtbot.waitUntil(lambda: page.background_task is None, timeout=BUILD_TIMEOUT_MS)

    assert shown_messages.messages == []
    assert page.preview is not None
    reprinted = page.preview.pdf_path
    assert reprinted != Path(order.file_path)  # the file issued that year stays as it was
    text = drawn_text(reprinted)
    assert f"№ {order.number}" in text and f"{order.issued_on:%d.%m.%Y}" in text
    page.preview.reject()

    # an order that year did not issue gets no number now: not offered, refused by the service
    assert not page.choice_buttons["order_pairs"].isEnabled()
    assert page.choice_buttons["order_launch"].isEnabled()
    with pytest.raises(ValidationError, match="печатаются только приказы, изданные в том году"):
        documents_service.issue_document(demo_db.read_only_view(), archived.id, "order_pairs",
                                         demo_db.path.parent / "order.pdf")
    assert not (demo_db.path.parent / "order.pdf").exists()
    assert base_state(demo_db.path) == before


def test_every_section_of_a_past_year_offers_only_what_reads(
        qtbot: QtBot, demo_db: Database) -> None:
    current, archived = years(demo_db)
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    sections = [title for title in window.section_titles() if title != "Обзор"]
    this_year = set().union(*(offered(window.show_section(title)) for title in sections))
    assert WRITING_SAMPLE.issubset(this_year)

    window.view_programme(archived.id)
    for title in sections:
        shown = offered(window.show_section(title))
        assert shown <= READING, (title, shown - READING)

    board = window.show_section("Пары и группы")
    assert isinstance(board, PairsBoardPage)
    card = board.open_card(next(c.id for status in board.columns
                                for c in board.cards_in(status)))
    assert card is not None
    buttons = {b.text() for b in card.findChildren(QAbstractButton)
               if b.isVisibleTo(card) and not isinstance(b.parent(), QTabBar)}
    assert buttons == {"Печать", "Закрыть"}
    assert card.print_button.menu().actions() and all(
        a.isEnabled() for a in card.print_button.menu().actions())
    card.close()

    mentees = window.show_section("Наставляемые")
    assert isinstance(mentees, MenteesPage)
    mentees.open_card(mentees.model.row_at(0).person_id)
    person_card = mentees.card
    assert person_card is not None
    assert person_card.save_button.isHidden() and person_card.erase_button.isHidden()
    person_card.reject()

    window.view_programme(None)  # back: the current year writes again
    assert window.programme == current
    assert WRITING_SAMPLE.issubset(set().union(*(offered(window.show_section(title))
                                                 for title in sections)))


def test_no_stage_wizard_opens_for_a_past_year(qtbot: QtBot, demo_db: Database,
                                               shown_messages: CapturedMessages) -> None:
    _current, archived = years(demo_db)
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.view_programme(archived.id)
    roadmap = window.show_section("Дорожная карта")
    assert isinstance(roadmap, RoadmapPage)
    before = base_state(demo_db.path)

    for stage in range(1, 8):
        roadmap.open_stage_wizard(stage)

    assert [m.text for m in shown_messages.messages] == [ARCHIVE_REFUSAL] * 7
    assert base_state(demo_db.path) == before
