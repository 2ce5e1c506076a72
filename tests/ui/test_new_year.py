"""«Начать новый учебный год…» with active pairs (warned), then «Отменить начало учебного
года…»: the database is exactly as before, every table row for row (issue 16, point 3)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from nastavnik_desktop.data.backup import NEW_YEAR
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services import backups, new_year
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui.dialogs import next_year
from nastavnik_desktop.ui.dialogs.next_year import NextYearDialog
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the file, SQLite's own included, row for row in storage order."""
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
                for table in tables}
    finally:
        conn.close()


def file_menu(window: MainWindow) -> QMenu:
    menu = window.findChild(QAction, "next_school_year").parent()
    assert isinstance(menu, QMenu)
    return menu


def undo_offered(window: MainWindow) -> bool:
    file_menu(window).aboutToShow.emit()  # the menu decides as it opens
    return window.findChild(QAction, "undo_next_year").isVisible()


def pupil_class(db: Database, person_id: int) -> tuple[str, str]:
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT class_name, category FROM person WHERE id = :id"),
                           {"id": person_id}).one()
        return str(row[0]), str(row[1])


def a_pupil_of(db: Database, like: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(
            "SELECT id FROM person WHERE category = 'pupil' AND NOT archived AND class_name "
            "LIKE :like ORDER BY id LIMIT 1"), {"like": like}).scalar_one())


def test_a_new_year_with_active_pairs_is_warned_and_undone_to_the_same_base(
        qtbot: QtBot, demo_db: Database, demo_day: dt.date, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages, tmp_path: Path) -> None:
    monkeypatch.setattr(next_year, "current_day", lambda: demo_day)
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show_section("Пары и группы")
    old = window.programme
    assert old is not None and old.school_year == "2026/2027"
    path = demo_db.path
    active = new_year.next_year_preview(demo_db, old.id, today=demo_day).active_pairs
    assert active > 0
    fifth, eleventh = a_pupil_of(demo_db, "5%"), a_pupil_of(demo_db, "11%")
    assert not undo_offered(window)
    before = dump(path)

    seen: dict[str, Any] = {}

    def look_and_start(dialog: NextYearDialog) -> int:
        seen.update(warning=dialog.warnings.text(), warned=not dialog.warnings.isHidden(),
                    default=dialog.accept_button.isDefault(),
                    carried=[dialog.carried.item(i).text()
                             for i in range(dialog.carried.count())],
                    carried_title=dialog.carried_title.text(),
                    not_carried_title=dialog.not_carried_title.text(),
                    note=dialog.backup_note.text(), classes=dialog.classes.text())
        dialog.advance.setChecked(True)
        dialog.resize(900, 680)
        dialog.grab().save(str(tmp_path / "next_year.png"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NextYearDialog, "exec", look_and_start)
    window.findChild(QAction, "next_school_year").trigger()
    qtbot.waitUntil(lambda: window.programme is not None
                    and window.programme.school_year == "2027/2028", timeout=30_000)

    warning = seen["warning"]
    assert seen["warned"]
    pairs = count_phrase(active, "пара или группа", "пары или группы", "пар или групп")
    assert f"В программе 2026/2027 ещё работают {pairs}" in warning
    assert "До конца учебного года 2026/2027 ещё далеко" in warning
    assert not seen["default"]  # Enter does not start a year the program warns about
    carried = seen["carried"]
    assert any("База наставников" in line for line in carried)
    assert f"Перейдёт в новый год ({len(carried)})" in seen["carried_title"]
    assert "Не перейдёт — останется в архиве 2026/2027" in seen["not_carried_title"]
    assert "Файл → Отменить начало учебного года…" in seen["note"]
    assert "в выпускники 2027 года" in seen["classes"]
    assert "Начата программа наставничества на 2027/2028" in \
        shown_messages.texts(MessageKind.INFO)[-1]
    assert window.current_section_title() == "Пары и группы"
    started_db = window.database
    assert pupil_class(started_db, eleventh) == ("", "alumnus")
    assert pupil_class(started_db, fifth)[0].startswith("6")
    assert any(b.reason == NEW_YEAR for b in backups.available_backups(path))

    # the menu offers the undo; it asks, then the window restores the copy and reopens
    assert undo_offered(window)
    shown_messages.answer = True
    window.findChild(QAction, "undo_next_year").trigger()
    question = shown_messages.texts(MessageKind.CONFIRM)[-1]
    assert "Отменить начало учебного года 2027/2028?" in question
    assert "текущей снова станет программа 2026/2027" in question
    qtbot.waitUntil(lambda: window.database is not started_db
                    and window.background_task is None, timeout=30_000)
    assert "Начало учебного года 2027/2028 отменено" in \
        shown_messages.texts(MessageKind.INFO)[-1]

    after = dump(path)
    assert list(after) == list(before)
    for table in before:
        assert after[table] == before[table], table
    assert window.programme == old
    assert "Программа 2026/2027" in " ".join(window.status_texts())
    assert window.current_section_title() == "Пары и группы"
    assert not undo_offered(window)
    window.database.close()


def test_after_a_new_record_the_menu_no_longer_offers_the_undo(
        qtbot: QtBot, demo_db: Database, demo_day: dt.date, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    monkeypatch.setattr(next_year, "current_day", lambda: demo_day)
    monkeypatch.setattr(NextYearDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.findChild(QAction, "next_school_year").trigger()
    qtbot.waitUntil(lambda: window.programme is not None
                    and window.programme.school_year == "2027/2028", timeout=30_000)
    assert undo_offered(window)
    with window.database.transaction() as session:
        session.execute(text("UPDATE school SET phone = '+7 900 000-00-00'"))
    assert not undo_offered(window)
    assert any(b.reason == NEW_YEAR for b in backups.available_backups(window.database.path))


def test_cancel_starts_nothing(qtbot: QtBot, demo_db: Database, demo_day: dt.date,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(next_year, "current_day", lambda: demo_day)
    monkeypatch.setattr(NextYearDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    before = dump(demo_db.path)
    window.findChild(QAction, "next_school_year").trigger()
    assert window.programme is not None and window.programme.school_year == "2026/2027"
    assert dump(demo_db.path) == before
    assert not any(b.reason == NEW_YEAR for b in backups.available_backups(demo_db.path))
