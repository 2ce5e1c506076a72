"""«Обмен данными» → «Для муниципалитета»: the preview is the report of the reporting date
sheet by sheet, Ctrl+S writes it to the chosen "stick" folder verified and puts it on the
history of exports, as .xlsx or as .csv."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.exchange.history import MUNICIPALITY, export_history
from nastavnik_desktop.services.exchange.municipality import LAYOUT_VERSION, municipality_report
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.dialogs import export_target
from nastavnik_desktop.ui.pages.exchange import ExchangePage
from nastavnik_desktop.ui.pages.exchange.municipality_tab import CSV, MunicipalityTab

DEMO_OPTIONS = {"seed": 5, "pupils": 300, "teachers": 40}


def _tab(qtbot: QtBot, db: Database, programme_id: int, today: dt.date) -> MunicipalityTab:
    page = ExchangePage(db, programme_id, today=lambda: today)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    tab = page.show_tab(MunicipalityTab)
    page.refresh()
    qtbot.waitUntil(lambda: tab.report is not None and not tab.loading)
    return tab


@pytest.fixture
def stick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "ФЛЕШКА"
    folder.mkdir()
    asked: list[str] = []

    def choose(_parent: object, _title: str, file_name: str) -> Path:
        asked.append(file_name)
        return folder

    monkeypatch.setattr(export_target, "choose_target", choose)
    return folder


def test_the_preview_is_the_report_of_the_date(qtbot: QtBot, demo_db: Database,
                                               programme_id: int, demo_day: dt.date) -> None:
    tab = _tab(qtbot, demo_db, programme_id, demo_day)
    assert tab.reporting_date() == demo_day
    expected = municipality_report(demo_db, programme_id, on=demo_day)
    assert tab.report == expected
    assert [tab.sheets.tabText(i) for i in range(tab.sheets.count())] == [
        f"{sheet.name} ({len(sheet.rows)})" for sheet in expected.sheets]
    info = tab.sheets.widget(0).model()
    assert (info.index(0, 0).data(), info.index(0, 1).data()) == ("Версия формата",
                                                                  LAYOUT_VERSION)
    assert info.index(1, 1).data() == f"{demo_day:%d.%m.%Y}"
    kpi_model = tab.sheets.widget(1).model()
    share = expected.sheets[1].rows[0][3]
    assert isinstance(share, float)
    assert kpi_model.index(0, 3).data() == f"{100 * share:.1f} %".replace(".", ",")

    tab.set_reporting_date(dt.date(2026, 9, 20))
    qtbot.waitUntil(lambda: tab.report is not None and tab.report.on == dt.date(2026, 9, 20)
                    and not tab.loading)
    assert tab.sheets.widget(0).model().index(1, 1).data() == "20.09.2026"


def test_ctrl_s_writes_the_workbook_to_the_stick_and_the_history(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date, stick: Path,
        shown_messages: messages.CapturedMessages) -> None:
    tab = _tab(qtbot, demo_db, programme_id, demo_day)
    tab.date_edit.setFocus()
    qtbot.keyClick(tab.date_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.last_written is not None)
    written = tab.last_written
    assert written is not None
    files = sorted(p.name for p in stick.iterdir() if p.suffix == ".xlsx")
    assert files == [written.path.name] == [tab.file_name()]
    assert written.path.parent == stick and written.path.name.endswith("23.11.2026.xlsx")
    data = written.path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == written.sha256 and len(data) == written.size
    assert load_workbook(written.path)["Сведения"]["B2"].value == LAYOUT_VERSION
    (line,) = export_history(demo_db, kind=MUNICIPALITY)
    assert (line.path, line.sha256, line.size, line.people) == (written.path, written.sha256,
                                                               written.size, None)
    (text,) = shown_messages.texts(messages.MessageKind.INFO)
    assert str(written.path) in text and written.sha256[:12] in text
    assert tab.result.text() == text


def test_the_csv_is_written_when_chosen(qtbot: QtBot, demo_db: Database, programme_id: int,
                                        demo_day: dt.date, stick: Path) -> None:
    tab = _tab(qtbot, demo_db, programme_id, demo_day)
    tab.format_box.setCurrentIndex(tab.format_box.findData(CSV))
    tab.save_action.trigger()
    qtbot.waitUntil(lambda: tab.last_written is not None)
    written = tab.last_written
    assert written is not None and written.path.suffix == ".csv"
    assert written.path.read_bytes().startswith("\ufeffИНН;Школа;".encode())
    assert [line.file_name for line in export_history(demo_db, kind=MUNICIPALITY)] == [
        written.path.name]


def test_a_stick_gone_before_the_write_says_so_and_records_nothing(
        qtbot: QtBot, demo_db: Database, programme_id: int, demo_day: dt.date, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, shown_messages: messages.CapturedMessages) -> None:
    gone = tmp_path / "ФЛЕШКА"
    gone.write_text("не папка")  # the stick's mount point is no folder any more
    monkeypatch.setattr(export_target, "choose_target", lambda *_args: gone)
    tab = _tab(qtbot, demo_db, programme_id, demo_day)
    tab.save_action.trigger()
    qtbot.waitUntil(lambda: bool(shown_messages.messages))
    (message,) = shown_messages.messages
    assert message.kind is messages.MessageKind.ERROR and message.title == "Отчёт не сохранён"
    assert tab.last_written is None and export_history(demo_db, kind=MUNICIPALITY) == []
