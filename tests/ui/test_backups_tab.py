"""«Резервные копии» (issue 15, point 4): an archive made from the tab onto a "stick" folder, the
base changed, then restored from that archive and from the automatic backups list; the window
closes the base, restores, reopens it and goes on working."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from nastavnik_desktop.data.backup import BEFORE_RESTORE
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.exchange import history
from nastavnik_desktop.ui.dialogs import export_target
from nastavnik_desktop.ui.dialogs import restore as restore_dialogs
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.pages.exchange import ExchangePage
from nastavnik_desktop.ui.pages.exchange import backups_tab as backups_tab_module
from nastavnik_desktop.ui.pages.exchange.backups_tab import BackupsTab

PASSWORD = "флешка-2026"


def first_name(db: Database) -> str:
    with db.engine.connect() as conn:
        return str(conn.execute(text("SELECT last_name FROM person ORDER BY id LIMIT 1"))
                   .scalar_one())


def rename_first(db: Database, name: str) -> None:
    with db.transaction() as session:
        session.execute(text("UPDATE person SET last_name = :name WHERE id = "
                             "(SELECT id FROM person ORDER BY id LIMIT 1)"), {"name": name})


def open_tab(window: MainWindow) -> BackupsTab:
    page = window.show_section("Обмен данными")
    assert isinstance(page, ExchangePage)
    return page.show_tab(BackupsTab)


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(backups_tab_module.QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(path), ""))


def wait_reopened(qtbot: QtBot, window: MainWindow, old: Database) -> None:
    qtbot.waitUntil(lambda: window.database is not old and window.background_task is None,
                    timeout=30_000)


def test_backup_to_a_stick_and_restore_from_the_archive_and_the_list(
        qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    tab = open_tab(window)
    assert tab.shown() and tab.shown()[0].reason_label == "при открытии базы"
    original = first_name(demo_db)

    # Ctrl+B: a password, a "stick", an archive written there and on the history
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(restore_dialogs, "ask_backup_password",
                        lambda parent: (True, PASSWORD))
    sizes: list[int | None] = []
    monkeypatch.setattr(export_target, "choose_target",
                        lambda parent, title, name, size=None: sizes.append(size) or stick)
    tab.create_action.trigger()
    qtbot.waitUntil(lambda: tab.task is None, timeout=30_000)
    archives = list(stick.glob("*.zip"))
    assert len(archives) == 1, shown_messages.texts()
    assert sizes and sizes[0] and sizes[0] > 0  # a stick without room for it is refused
    assert "Резервная копия сохранена" in shown_messages.texts(MessageKind.INFO)[-1]
    lines = history.export_history(demo_db, kind=history.BACKUP)
    assert [(line.file_name, line.encrypted) for line in lines] == [(archives[0].name, True)]

    # the base changes; the archive (password asked when it is found protected) undoes it
    rename_first(demo_db, "Изменённая")
    choose_file(monkeypatch, archives[0])
    asked: list[bool] = []
    monkeypatch.setattr(restore_dialogs, "ask_archive_password",
                        lambda parent, name, wrong=False: asked.append(wrong) or PASSWORD)
    tab.archive_action.trigger()
    wait_reopened(qtbot, window, demo_db)
    assert asked == [False]
    confirm = shown_messages.texts(MessageKind.CONFIRM)[-1]
    assert "сначала сохранится" in confirm and "откроет её снова" in confirm
    assert first_name(window.database) == original
    assert window.current_section_title() == "Обмен данными"
    assert "База восстановлена из архива" in shown_messages.texts(MessageKind.INFO)[-1]

    # the list now holds the state before the restore; choosing it brings the change back
    tab = open_tab(window)
    before_restore = [row for row, b in enumerate(tab.shown()) if b.reason == BEFORE_RESTORE]
    assert before_restore
    tab.search.setText("при открытии")
    assert tab.shown() and {b.reason for b in tab.shown()} == {"start"}
    tab.search.setText("")
    tab.reason.setCurrentIndex(tab.reason.findData(BEFORE_RESTORE))
    assert {b.reason for b in tab.shown()} == {BEFORE_RESTORE}
    tab.table.selectRow(0)
    assert tab.selected_action.isEnabled()
    reopened = window.database
    tab.selected_action.trigger()
    wait_reopened(qtbot, window, reopened)
    assert first_name(window.database) == "Изменённая"
    # the window works with the base it opened again
    for title in ("Наставляемые", "Пары и группы", "Обмен данными"):
        assert isinstance(window.show_section(title), QWidget)
    window.database.close()


def test_a_damaged_archive_is_refused_and_the_base_stays_open(
        qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        shown_messages: CapturedMessages) -> None:
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    tab = open_tab(window)
    bad = tmp_path / "копия.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    before = Path(demo_db.path).read_bytes()
    choose_file(monkeypatch, bad)
    tab.archive_action.trigger()
    qtbot.waitUntil(lambda: tab.task is None, timeout=30_000)
    errors = shown_messages.texts(MessageKind.ERROR)
    assert errors and "не архив ZIP" in errors[-1] and "База не изменена" in errors[-1]
    assert not shown_messages.texts(MessageKind.CONFIRM)
    assert window.database is demo_db and not demo_db.closed
    assert Path(demo_db.path).read_bytes() == before


def test_restoring_is_not_done_without_the_confirmation(
        qtbot: QtBot, demo_db: Database, shown_messages: CapturedMessages) -> None:
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    tab = open_tab(window)
    tab.table.selectRow(0)
    shown_messages.answer = False
    tab.selected_action.trigger()
    assert window.background_task is None and window.database is demo_db
    assert not demo_db.closed


def test_look(qtbot: QtBot, demo_db: Database, tmp_path: Path, request: Any) -> None:
    """Renders the tab and the dialogs for a look (saved when PICTURES is set)."""
    import os

    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.resize(1200, 780)
    tab = open_tab(window)
    dialog = restore_dialogs.BackupOptionsDialog(window)
    qtbot.addWidget(dialog)
    dialog.password.setText("123")
    dialog.repeat.setText("123")
    dialog.accept()
    assert dialog.problem.isVisibleTo(dialog) and "короткий" in dialog.problem.text()
    folder = os.environ.get("PICTURES")
    if folder:
        window.show()
        qtbot.waitExposed(window)
        window.grab().save(f"{folder}/backups_tab.png")
        dialog.show()
        dialog.grab().save(f"{folder}/backup_options.png")
        asked = restore_dialogs.ArchivePasswordDialog("копия.zip", wrong=True, parent=window)
        qtbot.addWidget(asked)
        asked.show()
        asked.grab().save(f"{folder}/archive_password.png")
    assert tab.count.text().startswith("Показано")


def test_a_refused_restore_opens_the_base_again_as_it_was(
        qtbot: QtBot, demo_db: Database, shown_messages: CapturedMessages) -> None:
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    tab = open_tab(window)
    rename_first(demo_db, "Изменённая")
    tab.table.selectRow(0)
    tab.selected()[0].path.write_bytes(b"not a database any more")
    tab.selected_action.trigger()
    wait_reopened(qtbot, window, demo_db)
    errors = shown_messages.texts(MessageKind.ERROR)
    assert errors and "восстановить нельзя" in errors[-1] and "База не изменена" in errors[-1]
    assert first_name(window.database) == "Изменённая"
    assert window.current_section_title() == "Обмен данными"
    window.database.close()
