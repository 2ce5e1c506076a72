"""The main window: sections, the overview's figures, the welcome screen, opening databases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus, PairStatus, PersonCategory
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    School,
)
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.main_window import DEFAULT_SIZE, MainWindow, default_size
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.pages.overview import OverviewPage

SECTION_TITLES = ["Обзор", "Дорожная карта", "Наставляемые", "Наставники", "Пары и группы",
                  "Анкеты и мониторинг", "Итоги и награды", "Документы", "Обмен данными"]


def make_window(qtbot: QtBot, db: Database, **kwargs: bool) -> MainWindow:
    window = MainWindow(db, **kwargs)
    qtbot.addWidget(window)
    return window


# Every section has its real page.
BUILT_PAGES = {"Обзор": "OverviewPage", "Дорожная карта": "RoadmapPage",
               "Документы": "DocumentsPage", "Наставляемые": "MenteesPage",
               "Наставники": "MentorsPage", "Пары и группы": "PairsBoardPage",
               "Анкеты и мониторинг": "MonitoringPage", "Итоги и награды": "ResultsPage",
               "Обмен данными": "ExchangePage"}


def test_every_section_is_reachable_and_shows_its_page(qtbot: QtBot, db: Database,
                                                       programme: ProgrammeInfo) -> None:
    window = make_window(qtbot, db)
    assert not window.is_welcome_shown()
    assert window.section_titles() == SECTION_TITLES
    for title in SECTION_TITLES:
        page = window.show_section(title)
        assert window.current_section_title() == title
        assert page is window.current_page()
        assert type(page).__name__ == BUILT_PAGES[title]


def test_the_file_menu_opens_the_backups(qtbot: QtBot, db: Database,
                                         programme: ProgrammeInfo) -> None:
    from nastavnik_desktop.ui.pages.exchange.backups_tab import BackupsTab

    window = make_window(qtbot, db)
    window.findChild(QAction, "open_backups").trigger()
    assert window.current_section_title() == "Обмен данными"
    assert isinstance(window.current_page().tabs.currentWidget(), BackupsTab)


def test_ctrl_number_switches_sections(qtbot: QtBot, db: Database,
                                       programme: ProgrammeInfo) -> None:
    window = make_window(qtbot, db)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.current_section_title() == "Обзор"

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section_title() == "Дорожная карта"
    assert type(window.current_page()).__name__ == BUILT_PAGES["Дорожная карта"]

    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section_title() == "Итоги и награды"
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section_title() == "Обмен данными"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_page(), OverviewPage)


def _person(last: str, category: PersonCategory, class_name: str = "") -> Person:
    return Person(last_name=last, first_name="Тест", category=category, class_name=class_name)


def fill_school(db: Database, programme_id: int) -> None:
    """4 pupils, 2 staff; 3 mentees, 2 mentors (1 admitted); a pair, a group, a broken pair."""
    with db.transaction() as session:
        form_id = session.scalar(select(MentoringForm.id).order_by(MentoringForm.id))
        pupils = [_person(f"Ученик{i}", PersonCategory.PUPIL, "7А") for i in range(4)]
        staff = [_person(f"Учитель{i}", PersonCategory.STAFF) for i in range(2)]
        session.add_all([*pupils, *staff,
                         Person(last_name="Архивный", first_name="Тест", archived=True,
                                category=PersonCategory.PUPIL)])
        session.flush()
        mentees = [MenteeProfile(programme_id=programme_id, person_id=p.id, form_id=form_id)
                   for p in pupils[:3]]
        mentors = [MentorProfile(programme_id=programme_id, person_id=staff[0].id,
                                 form_id=form_id, status=MentorStatus.ADMITTED, capacity=3),
                   MentorProfile(programme_id=programme_id, person_id=staff[1].id,
                                 form_id=form_id, status=MentorStatus.CANDIDATE)]
        session.add_all([*mentees, *mentors])
        session.flush()

        def pair(status: PairStatus, members: list[MenteeProfile]) -> None:
            session.add(MentoringPair(
                programme_id=programme_id, mentor_profile_id=mentors[0].id, form_id=form_id,
                status=status, formed_on=dt.date(2025, 10, 1),
                members=[PairMentee(mentee_profile_id=m.id) for m in members]))

        pair(PairStatus.WORKING, [mentees[0]])
        pair(PairStatus.FORMED, [mentees[1], mentees[2]])
        pair(PairStatus.TERMINATED, [mentees[2]])


def test_overview_shows_the_real_counts(qtbot: QtBot, db: Database,
                                        programme: ProgrammeInfo) -> None:
    fill_school(db, programme.id)
    window = make_window(qtbot, db)
    page = window.show_section("Обзор")
    assert isinstance(page, OverviewPage)

    assert page.figure_texts() == {
        "pupils": "4 обучающихся", "staff": "2 сотрудника", "mentees": "3 наставляемых",
        "mentors": "2 наставника", "pairs": "1 пара", "groups": "1 группа"}
    assert page.findChild(QLabel, "note_mentors").text() == "допущено к работе: 1"
    assert page.findChild(QLabel, "school_name").text() == "МБОУ «СОШ № 7»"
    assert "2025/2026" in page.findChild(QLabel, "school_year").text()
    stage = page.findChild(QLabel, "current_stage").text()
    assert "1 из 7" in stage and "Подготовка условий для запуска программы" in stage
    assert [page.findChild(QLabel, f"stage_status_{n}").text() for n in range(1, 8)] \
        == ["не начат"] * 7


def test_overview_counts_pairs_by_status(qtbot: QtBot, db: Database,
                                         programme: ProgrammeInfo) -> None:
    fill_school(db, programme.id)
    page = OverviewPage(db, programme.id)
    qtbot.addWidget(page)
    rows = {page.findChild(QLabel, f"pairs_status_name_{row}").text():
            page.findChild(QLabel, f"pairs_status_count_{row}").text() for row in range(7)}
    assert rows["Сформирована"] == "1"
    assert rows["Работа"] == "1"
    assert rows["Расторгнута"] == "1"
    assert rows["Завершена"] == "0"


def test_an_empty_database_shows_the_welcome_screen(qtbot: QtBot, db: Database) -> None:
    window = make_window(qtbot, db)
    assert window.is_welcome_shown()
    with pytest.raises(LookupError):
        window.show_section("Обзор")
    assert window.windowTitle() == "Наставник"


def test_a_foreign_file_is_refused_and_the_current_database_stays(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, shown_messages: CapturedMessages) -> None:
    foreign = tmp_path / "отчёт.db"
    foreign.write_bytes(b"PK\x03\x04 not a database at all" * 10)
    before = foreign.read_bytes()
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(foreign), "*.db"))
    window = make_window(qtbot, db)

    window.findChild(QAction, "open_database").trigger()
    qtbot.waitUntil(lambda: window.background_task is None)  # opened in a worker thread

    errors = shown_messages.texts(MessageKind.ERROR)
    assert len(errors) == 1
    assert "не является базой данных «Наставника»" in errors[0]
    assert foreign.read_bytes() == before
    assert window.database is db
    assert window.database.path == db.path
    assert not window.is_welcome_shown()
    page = window.show_section("Обзор")
    assert isinstance(page, OverviewPage)
    page.refresh()  # the old database is still open and readable
    assert page.findChild(QLabel, "school_name").text() == "МБОУ «СОШ № 7»"


def test_opening_another_database_switches_to_it(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, shown_messages: CapturedMessages) -> None:
    from nastavnik_desktop.data.db import open_database

    other_path = tmp_path / "другая.sqlite"
    open_database(other_path).close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(other_path), ""))
    window = make_window(qtbot, db)
    with qtbot.waitSignal(window.database_switched) as switched:
        window.choose_database()

    assert switched.args == [other_path]
    assert window.database.path == other_path
    assert window.is_welcome_shown()
    assert shown_messages.messages == []
    assert window.status_texts() == [f"База данных: {other_path}"]


def test_geometry_is_saved_and_restored(qtbot: QtBot, db: Database,
                                        programme: ProgrammeInfo) -> None:
    first = make_window(qtbot, db)
    screen = first.screen().availableGeometry().size()
    assert first.size() == default_size(screen)
    first.show()
    qtbot.waitExposed(first)
    first.setGeometry(QRect(30, 40, 700, 520))
    qtbot.waitUntil(lambda: first.size().width() == 700)
    first.close()

    second = make_window(qtbot, db)
    assert (second.size().width(), second.size().height()) == (700, 520)
    second.show()
    qtbot.waitExposed(second)
    assert second.geometry() == first.geometry()


def test_the_first_start_fits_small_screens() -> None:
    assert default_size(QSize(1920, 1040)) == DEFAULT_SIZE
    small = default_size(QSize(1366, 728))
    assert small.width() == 1200 and small.height() <= 728 * 0.92


def test_the_demo_marker_follows_the_flag(qtbot: QtBot, db: Database,
                                          programme: ProgrammeInfo) -> None:
    window = make_window(qtbot, db, is_demo=True)
    assert "Демонстрационная школа" in window.status_texts()
    title = window.windowTitle()
    assert "демонстрационная школа" in title
    # Qt appends the display name to a title not ending with it: the name must close the title
    assert title.count("Наставник") == 1
    assert title.endswith(" — Наставник")


def test_the_title_ends_with_the_application_display_name(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo, qapp: QApplication) -> None:
    old_name = QGuiApplication.applicationDisplayName()
    qapp.setApplicationDisplayName("Наставник")
    try:
        for is_demo in (True, False):
            title = make_window(qtbot, db, is_demo=is_demo).windowTitle()
            assert title.endswith(QGuiApplication.applicationDisplayName())
            assert title.count("Наставник") == 1
    finally:
        qapp.setApplicationDisplayName(old_name)


def test_the_next_school_year_from_the_file_menu(qtbot: QtBot, db: Database,
                                                 programme: ProgrammeInfo,
                                                 shown_messages: CapturedMessages,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The dialog itself: tests/ui/test_new_year.py."""
    from PySide6.QtWidgets import QDialog

    from nastavnik_desktop.ui.dialogs import next_year

    monkeypatch.setattr(next_year, "current_day", lambda: dt.date(2026, 6, 1))
    window = make_window(qtbot, db)
    action = window.findChild(QAction, "next_school_year")
    assert action is not None and action.isEnabled()
    answer = QDialog.DialogCode.Rejected
    monkeypatch.setattr(next_year.NextYearDialog, "exec", lambda dialog: answer)
    action.trigger()
    assert "Программа 2025/2026" in window.status_texts()
    answer = QDialog.DialogCode.Accepted
    action.trigger()
    qtbot.waitUntil(lambda: "Программа 2026/2027" in window.status_texts(), timeout=30_000)
    assert "2026/2027" in shown_messages.texts(MessageKind.INFO)[-1]


def test_a_page_that_changes_the_programme_rebuilds_the_window_in_place(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    window = make_window(qtbot, db)
    page = window.show_section("Дорожная карта")
    with db.transaction() as session:
        school = session.scalars(select(School)).one()
        school.short_name = "МБОУ «Лицей № 2»"
    page.programme_changed.emit()
    assert "МБОУ «Лицей № 2»" in window.status_texts()
    assert window.current_section_title() == "Дорожная карта"
    assert window.current_page() is not page


def _analysed(path: Path) -> bool:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
                            ).fetchone() is not None
    finally:
        conn.close()


def test_closing_after_a_write_leaves_fresh_statistics(qtbot: QtBot, db: Database,
                                                       programme: ProgrammeInfo) -> None:
    from nastavnik_desktop import settings

    window = make_window(qtbot, db)
    with db.transaction() as session:
        settings.save(session, settings.MATCHING, {})
    window.close()
    assert db.closed and _analysed(db.path)


def test_closing_after_only_reading_writes_nothing(qtbot: QtBot, db: Database,
                                                   programme: ProgrammeInfo) -> None:
    window = make_window(qtbot, db)
    window.show_section("Дорожная карта")
    window.close()
    assert db.closed and not _analysed(db.path)


def test_closing_waits_for_work_a_page_started_before_letting_the_database_go(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An erasure or an import started from a page may still be writing when the window
    closes: the database (and its lock) is let go only after it ends."""
    import threading

    from nastavnik_desktop.ui import main_window as window_module
    from nastavnik_desktop.ui.tasks import BackgroundTask, run_task

    window = make_window(qtbot, db)
    page = window.findChild(OverviewPage)
    assert page is not None
    release = threading.Event()
    task = run_task(page, lambda _progress: release.wait(30), lambda _result: None,
                    title="Сохранение", label="Сохраняется…")
    waited = BackgroundTask.wait

    def wait(self: BackgroundTask, timeout_ms: int) -> bool:
        release.set()  # the work ends only once the window waits for it
        return waited(self, timeout_ms)

    monkeypatch.setattr(BackgroundTask, "wait", wait)
    running_at_close: list[bool] = []
    closing = window_module._close
    monkeypatch.setattr(window_module, "_close",
                        lambda database: (running_at_close.append(task.is_running()),
                                          closing(database)))
    window.close()
    assert running_at_close == [False] and db.closed


def test_the_work_menu_opens_the_materials_and_the_plan_templates(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QDialog

    from nastavnik_desktop.ui.dialogs.materials import MaterialsDialog
    from nastavnik_desktop.ui.dialogs.plan_templates import PlanTemplatesDialog

    window = make_window(qtbot, db)
    window.findChild(QAction, "open_materials").trigger()
    materials = window.findChild(MaterialsDialog)
    assert materials is not None and materials.isVisible()
    materials.close()
    shown: list[str] = []

    def record(dialog: QDialog) -> int:
        shown.append(dialog.windowTitle())
        return 0

    monkeypatch.setattr(PlanTemplatesDialog, "exec", record)
    window.findChild(QAction, "open_plan_templates").trigger()
    assert shown == ["Шаблоны планов развития"]
