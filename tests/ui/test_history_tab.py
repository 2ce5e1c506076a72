"""«История выгрузок»: the rows recorded by `deliver`, search and kind filter, Ctrl+C, «Открыть
папку», «Проверить файл» (matches / changed / missing), reload after another tab's change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication

from nastavnik_desktop.services.exchange import stick
from nastavnik_desktop.services.exchange.history import BACKUP, MUNICIPALITY, NAMED
from nastavnik_desktop.ui.models.exchange_models import (
    CHANGED,
    COL_CHECK,
    COL_FILE,
    COL_SHA256,
    MATCHES,
    MISSING,
)
from nastavnik_desktop.ui.pages.exchange import ExchangePage
from nastavnik_desktop.ui.pages.exchange.history_tab import HistoryTab
from nastavnik_desktop.ui.pages.tabbed import PageContext

DAY = dt.datetime(2026, 12, 1, 9, 0)


@pytest.fixture
def recorded(db: Any, programme: Any, tmp_path: Path) -> dict[str, stick.Written]:
    stick_folder = tmp_path / "KINGSTON"
    stick_folder.mkdir()
    return {
        "report": stick.deliver(db, stick_folder, "Отчёт для муниципалитета.xlsx", b"report",
                                kind=MUNICIPALITY, now=DAY),
        "named": stick.deliver(db, stick_folder, "Базы наставников.xlsx", b"secret" * 1000,
                               kind=NAMED, people=118, left_out=5, encrypted=True,
                               now=DAY + dt.timedelta(hours=1)),
        "backup": stick.deliver(db, tmp_path, "Резервная копия.zip", b"zip" * 500_000,
                                kind=BACKUP, now=DAY + dt.timedelta(days=1)),
    }


@pytest.fixture
def tab(qtbot: Any, db: Any, programme: Any, recorded: Any) -> HistoryTab:
    widget = HistoryTab(PageContext(db, programme.id, today=lambda: DAY.date()))
    qtbot.addWidget(widget)
    widget.resize(1200, 400)
    widget.show()
    return widget


def _select(tab: HistoryTab, *file_names: str) -> None:
    tab.table.clearSelection()
    for row in range(tab.proxy.rowCount()):
        if tab.proxy.index(row, COL_FILE).data() in file_names:
            tab.table.selectionModel().select(
                tab.proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                | QItemSelectionModel.SelectionFlag.Rows)


def _row_texts(tab: HistoryTab, row: int) -> list[str]:
    return [tab.proxy.index(row, column).data() for column in range(tab.proxy.columnCount())]


def test_rows_newest_first(tab: HistoryTab, recorded: dict[str, stick.Written]) -> None:
    assert [line.file_name for line in tab.lines()] == [
        "Резервная копия.zip", "Базы наставников.xlsx", "Отчёт для муниципалитета.xlsx"]
    assert _row_texts(tab, 1) == [
        "01.12.2026 10:00", "Именные списки (зашифрованы)", "Базы наставников.xlsx", "6 КБ",
        "118", "5", "зашифрован", "", str(recorded["named"].path.parent),
        recorded["named"].sha256]
    assert _row_texts(tab, 0)[3:7] == ["1,4 МБ", "—", "—", "нет"]
    assert not tab.empty_label.isVisible()


def test_search_and_kind(tab: HistoryTab, recorded: dict[str, stick.Written]) -> None:
    tab.search_edit.setText("базы")
    assert [line.file_name for line in tab.lines()] == ["Базы наставников.xlsx"]
    tab.search_edit.setText(recorded["report"].sha256[:12])
    assert [line.file_name for line in tab.lines()] == ["Отчёт для муниципалитета.xlsx"]
    tab.search_edit.clear()
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData(BACKUP))
    assert [line.kind for line in tab.lines()] == [BACKUP]


def test_ctrl_c_copies_the_selected_rows(qtbot: Any, tab: HistoryTab,
                                         recorded: dict[str, stick.Written]) -> None:
    _select(tab, "Базы наставников.xlsx", "Отчёт для муниципалитета.xlsx")
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert [line.split("\t")[2] for line in lines] == ["Базы наставников.xlsx",
                                                       "Отчёт для муниципалитета.xlsx"]
    assert lines[1].endswith("\t" + recorded["report"].sha256)


def _check(qtbot: Any, tab: HistoryTab, *file_names: str) -> None:
    _select(tab, *file_names)
    task = tab.check_selected()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass


def _check_state(tab: HistoryTab, file_name: str) -> str:
    row = next(row for row in range(tab.proxy.rowCount())
               if tab.proxy.index(row, COL_FILE).data() == file_name)
    return str(tab.proxy.index(row, COL_CHECK).data())


def test_check_file(qtbot: Any, tab: HistoryTab, recorded: dict[str, stick.Written],
                    shown_messages: Any) -> None:
    _check(qtbot, tab, "Отчёт для муниципалитета.xlsx")
    assert _check_state(tab, "Отчёт для муниципалитета.xlsx") == MATCHES
    assert shown_messages.texts()[-1] == ("Файл «Отчёт для муниципалитета.xlsx» совпадает с "
                                          "записанным: контрольная сумма та же.")

    recorded["named"].path.write_bytes(b"tampered")
    _check(qtbot, tab, "Базы наставников.xlsx")
    assert _check_state(tab, "Базы наставников.xlsx") == CHANGED
    assert "изменён" in shown_messages.texts()[-1]

    recorded["backup"].path.unlink()
    _check(qtbot, tab, "Резервная копия.zip")
    assert _check_state(tab, "Резервная копия.zip") == MISSING
    assert "флешка не вставлена" in shown_messages.texts()[-1]

    _check(qtbot, tab, "Резервная копия.zip", "Базы наставников.xlsx",
           "Отчёт для муниципалитета.xlsx")
    assert shown_messages.texts()[-1] == ("Проверено файлов: 3. Совпадают: 1, изменены: 1, "
                                          "не найдены: 1.")


def test_open_folder(tab: HistoryTab, recorded: dict[str, stick.Written],
                     monkeypatch: pytest.MonkeyPatch, shown_messages: Any) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    assert not tab.folder_button.isEnabled()
    _select(tab, "Отчёт для муниципалитета.xlsx")
    assert tab.folder_button.isEnabled()
    tab.folder_button.click()
    assert opened == [str(recorded["report"].path.parent)]

    for child in recorded["report"].path.parent.iterdir():  # the stick is pulled out
        child.unlink()
    recorded["report"].path.parent.rmdir()
    tab.folder_button.click()
    assert len(opened) == 1
    assert "флешка, вероятно, не вставлена" in shown_messages.texts()[-1]


def test_sha256_column_is_the_files_hash(tab: HistoryTab,
                                         recorded: dict[str, stick.Written]) -> None:
    assert {tab.proxy.index(row, COL_SHA256).data() for row in range(3)} == {
        written.sha256 for written in recorded.values()}


def test_empty_history(qtbot: Any, db: Any, programme: Any) -> None:
    widget = HistoryTab(PageContext(db, programme.id))
    qtbot.addWidget(widget)
    widget.show()
    assert widget.empty_label.isVisible()
    assert not widget.table.isVisible()


def test_reloads_after_another_tab_delivered(qtbot: Any, db: Any, programme: Any,
                                             tmp_path: Path) -> None:
    page = ExchangePage(db, programme.id, today=lambda: DAY.date())
    qtbot.addWidget(page)
    history = page.tab(HistoryTab)
    assert history.lines() == []
    stick.deliver(db, tmp_path, "Отчёт.csv", b"a;b", kind=MUNICIPALITY, now=DAY)
    page.context.changed()  # the municipality tab wrote a file
    page.show_tab(HistoryTab)
    assert [line.file_name for line in history.lines()] == ["Отчёт.csv"]
