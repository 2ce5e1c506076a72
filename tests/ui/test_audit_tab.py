"""«Обмен данными → Журнал изменений»: the entries made by services, the filters and the
search, the export to a folder (the stick's dialog monkeypatched)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services import access, audit
from nastavnik_desktop.services.exchange import history
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui.dialogs import export_target
from nastavnik_desktop.ui.messages import CapturedMessages
from nastavnik_desktop.ui.pages.exchange import ExchangePage
from nastavnik_desktop.ui.pages.exchange.audit_tab import CHOSEN, AuditTab

DAY = dt.date(2026, 11, 23)
PASSWORD = "Пароль-куратора-1"


def _tab(qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> AuditTab:
    page = ExchangePage(db, programme.id, today=lambda: DAY)
    qtbot.addWidget(page)
    page.show()
    tab = page.show_tab(AuditTab)
    qtbot.waitUntil(lambda: tab.model.row_total() > 0 and not tab.loading)
    return tab


def _summaries(tab: AuditTab) -> list[str]:
    return [tab.model.line_at(row).summary for row in range(tab.model.row_total())]


def _settled(qtbot: QtBot, tab: AuditTab, rows: int) -> None:
    qtbot.waitUntil(lambda: not tab.loading and tab.model.row_total() == rows)


def test_the_tab_lists_entries_and_the_filters_narrow_them(
        qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> None:
    access.set_password(db, PASSWORD, PASSWORD)
    access.set_idle_lock_minutes(db, 5, current=PASSWORD)
    tab = _tab(qtbot, db, programme)
    assert _summaries(tab) == ["Блокировка при бездействии: через 5 мин.",
                               "Установлен пароль на вход в программу",
                               "Создана программа наставничества на 2025/2026 учебный год"], \
        "newest first"
    assert tab.count.text() == "Записей: 3"
    assert tab.model.line_at(0).action_label == "Блокировка при бездействии"

    tab.action.setCurrentIndex(tab.action.findData("app_password_set"))
    _settled(qtbot, tab, 1)
    assert _summaries(tab) == ["Установлен пароль на вход в программу"]
    tab.action.setCurrentIndex(0)
    _settled(qtbot, tab, 3)

    tab.search.setText("БЛОКИРОВКА")
    qtbot.waitUntil(lambda: tab.model.row_total() == 1 and not tab.loading)
    assert _summaries(tab) == ["Блокировка при бездействии: через 5 мин."]
    tab.search.clear()
    _settled(qtbot, tab, 3)

    assert [tab.actor.itemData(i) for i in range(tab.actor.count())] == [
        None, audit.current_actor()], "«Все» and the accounts in the log"
    tab.actor.setCurrentIndex(1)
    _settled(qtbot, tab, 3)

    tab.since.setDate(QDate(2001, 1, 1))
    tab.until.setDate(QDate(2001, 1, 2))
    tab.period.setCurrentIndex(CHOSEN)
    assert tab.since.isVisibleTo(tab)
    _settled(qtbot, tab, 0)
    assert tab.count.text() == "Записей: 0" and not tab.export_button.isEnabled()


def test_the_export_writes_into_the_chosen_folder(qtbot: QtBot, db: Database,
                                                  programme: ProgrammeInfo, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  shown_messages: CapturedMessages) -> None:
    access.set_password(db, PASSWORD, PASSWORD)
    stick = tmp_path / "stick"
    stick.mkdir()
    asked: list[str] = []

    def choose(_parent: object, _title: str, file_name: str) -> Path:
        asked.append(file_name)
        return stick

    monkeypatch.setattr(export_target, "choose_target", choose)
    tab = _tab(qtbot, db, programme)
    tab.export_xlsx.trigger()
    written = stick / "Журнал изменений 2026-11-23.xlsx"
    qtbot.waitUntil(lambda: any("выгружен" in text for text in shown_messages.texts()))
    assert asked == [written.name] and written.is_file()
    cells = [cell for row in load_workbook(written).active.iter_rows(values_only=True)
             for cell in row]
    assert "Установлен пароль на вход в программу" in cells
    assert str(written) in shown_messages.texts()[-1]
    assert [(line.kind, line.file_name) for line in history.export_history(db)] == [
        (history.AUDIT, written.name)]
    tab.export_csv.trigger()
    qtbot.waitUntil(lambda: len(history.export_history(db)) == 2 and sum(
        "выгружен" in text for text in shown_messages.texts()) == 2)
    assert (stick / "Журнал изменений 2026-11-23.csv").is_file()


def test_cancelling_the_folder_writes_nothing(qtbot: QtBot, db: Database,
                                              programme: ProgrammeInfo,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_target, "choose_target", lambda *_args: None)
    tab = _tab(qtbot, db, programme)
    tab.export("xlsx")
    assert history.export_history(db) == []
