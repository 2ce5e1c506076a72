"""«Файл → Настройки…»: a change saved in the dialog shows in the next document, a wrong value
saves nothing and says where, «Отмена» leaves everything as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ProgrammeStatus
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.services import school_settings
from nastavnik_desktop.services.documents import issue_document
from nastavnik_desktop.ui.dialogs.settings import TAB_TITLES, SettingsDialog
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from tests.helpers.pdf import flat_text, need, run
from tests.helpers.pdfa import pdfa_problems

NEW_PLACE = "пгт Новозаветный"


@pytest.fixture
def window(qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.rebuilt = 0  # type: ignore[attr-defined]
    rebuild = window.apply_settings

    def counted() -> None:
        window.rebuilt += 1  # type: ignore[attr-defined]
        rebuild()

    monkeypatch.setattr(window, "apply_settings", counted)
    return window


def open_from_menu(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    action = window.findChild(QAction, "open_settings")
    assert action is not None and action.isEnabled()
    assert "Ctrl+," in [key.toString() for key in action.shortcuts()]
    action.trigger()
    qtbot.waitUntil(lambda: window.findChild(SettingsDialog) is not None
                    and window.findChild(SettingsDialog).isVisible())
    dialog = window.findChild(SettingsDialog)
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == list(TAB_TITLES)
    return dialog


def field(dialog: SettingsDialog, name: str) -> QLineEdit:
    edit = dialog.findChild(QLineEdit, f"school_{name}")
    assert edit is not None
    return edit


def test_the_place_set_in_the_settings_is_printed_in_the_next_order(
        qtbot: QtBot, window: MainWindow, demo_db: Database, tmp_path: Path,
        shown_messages: CapturedMessages, demo_day: dt.date) -> None:
    need("pdftotext")
    dialog = open_from_menu(qtbot, window)
    assert field(dialog, "settlement").text() != NEW_PLACE
    field(dialog, "settlement").setText(NEW_PLACE)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert shown_messages.texts(MessageKind.ERROR) == []
    assert window.rebuilt == 1  # type: ignore[attr-defined]
    programme = window.programme
    assert programme is not None
    out = tmp_path / "приказ.pdf"
    issue_document(demo_db, programme.id, "order_pairs", out, number="777-о",
                   issued_on=demo_day)
    assert NEW_PLACE in flat_text(out)


def test_a_wrong_value_saves_nothing_and_shows_where_it_is(
        qtbot: QtBot, window: MainWindow, demo_db: Database,
        shown_messages: CapturedMessages) -> None:
    before = school_settings.load_settings(demo_db)
    dialog = open_from_menu(qtbot, window)
    field(dialog, "settlement").setText(NEW_PLACE)
    dialog.show_tab("Документы")
    field(dialog, "inn").setText("12345")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    [error] = shown_messages.texts(MessageKind.ERROR)
    assert error.startswith("ИНН:") and "10 цифр" in error
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Школа"
    qtbot.waitUntil(lambda: field(dialog, "inn").hasFocus() or not dialog.isActiveWindow())
    assert school_settings.load_settings(demo_db) == before

    field(dialog, "inn").setText(before.requisites.inn)
    dialog.documents.spins["font_size"].setValue(12)
    dialog.documents.spins["table_font_size"].setValue(13)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "в таблицах" in shown_messages.texts(MessageKind.ERROR)[-1]
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Документы"
    assert school_settings.load_settings(demo_db) == before
    assert window.rebuilt == 0  # type: ignore[attr-defined]


def test_cancel_leaves_every_setting_as_it_was(qtbot: QtBot, window: MainWindow,
                                               demo_db: Database) -> None:
    before = school_settings.load_settings(demo_db)
    dialog = open_from_menu(qtbot, window)
    field(dialog, "settlement").setText(NEW_PLACE)
    dialog.documents.spins["margin_left_mm"].setValue(25)
    series = dialog.documents.series_rows["order_pairs"]
    series.own.setChecked(True)
    series.prefix.setText("01-07/")
    dialog.reminders.silent_weeks.setValue(9)
    dialog.matching.separate_classes.setChecked(not before.separate_classes)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert school_settings.load_settings(demo_db) == before
    assert window.rebuilt == 0  # type: ignore[attr-defined]


def test_the_documents_tab_shows_limits_puts_gost_back_and_numbers_per_kind(
        qtbot: QtBot, window: MainWindow, demo_db: Database) -> None:
    dialog = open_from_menu(qtbot, window)
    tab = dialog.documents
    assert tab.spins["margin_left_mm"].minimum() == 20
    tab.spins["margin_left_mm"].setValue(35)
    tab.spins["first_line_indent_cm"].setValue(1.0)
    tab.title_alignment.setCurrentIndex(1)
    row = tab.series_rows["order_pairs"]
    assert row.example.text() == "как последний приказ" and not row.prefix.isEnabled()
    row.own.setChecked(True)
    row.prefix.setText("01-07/")
    row.width.setValue(3)
    assert row.example.text() == "№ 01-07/007"
    field(dialog, "director_name").setText("Кузнецова Наталья Викторовна")
    field(dialog, "director_position").setText("И. о. директора")
    assert "И. о. директора" in tab.signature.text() and "Н. В. Кузнецова" in tab.signature.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = school_settings.load_settings(demo_db)
    assert (saved.layout.margin_left_mm, saved.layout.first_line_indent_cm,
            saved.layout.title_alignment) == (35.0, 1.0, "center")
    assert saved.order_series["order_pairs"].format(12) == "01-07/012"
    assert saved.requisites.director_position == "И. о. директора"

    dialog = open_from_menu(qtbot, window)
    button = dialog.findChild(QPushButton, "layout_gost")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.documents.spins["margin_left_mm"].value() == 30
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert school_settings.load_settings(demo_db).layout == PageLayout()


def test_the_logo_chosen_is_printed_on_the_certificates(
        qtbot: QtBot, window: MainWindow, demo_db: Database, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, demo_day: dt.date) -> None:
    picture = tmp_path / "логотип.png"
    Image.new("RGB", (300, 150), (30, 60, 160)).save(picture)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *_args, **_kw: (str(picture), ""))
    dialog = open_from_menu(qtbot, window)
    qtbot.mouseClick(dialog.findChild(QPushButton, "choose_logo"), Qt.MouseButton.LeftButton)
    assert "логотип.png" in dialog.school.logo_name.text()
    assert dialog.school.logo_preview.pixmap() is not None
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    logo = school_settings.load_settings(demo_db).logo
    copy = school_settings.logo_path(demo_db, logo)
    assert copy is not None and copy.read_bytes() == picture.read_bytes()

    archived = next(p for p in programme_service.all_programmes(demo_db)
                    if p.status is ProgrammeStatus.ARCHIVED)
    out = tmp_path / "награды.pdf"
    issue_document(demo_db, archived.id, "certificates", out, issued_on=demo_day)
    need("pdfimages")
    listed = run("pdfimages", "-list", "-f", "1", "-l", "1", out).splitlines()[2:]
    assert [line.split()[3:5] for line in listed] == [["300", "150"]], \
        "the logo (300×150) is drawn on the sheet, in its design"
    assert pdfa_problems(out) == []


def test_the_folders_tab_opens_the_data_and_backups_folders(
        qtbot: QtBot, window: MainWindow, demo_db: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Path] = []
    monkeypatch.setattr("nastavnik_desktop.ui.messages.open_folder",
                        lambda _parent, folder: opened.append(folder) or True)
    dialog = open_from_menu(qtbot, window)
    dialog.show_tab("Папки")
    for name in ("open_data", "open_backups"):
        qtbot.mouseClick(dialog.findChild(QPushButton, name), Qt.MouseButton.LeftButton)
    assert opened == [Path(demo_db.path).resolve().parent,
                      Path(demo_db.path).resolve().parent / "backups" / "demo"]
    dialog.reject()


def test_the_access_tab_says_what_is_set_and_opens_the_password_dialog(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(window.locker, "edit_password", lambda: asked.append(True))
    dialog = open_from_menu(qtbot, window)
    dialog.show_tab("Доступ")
    assert "не установлен" in dialog.access.state_label.text()
    qtbot.mouseClick(dialog.findChild(QPushButton, "edit_password"),
                     Qt.MouseButton.LeftButton)
    assert asked == [True]
    dialog.reject()


def test_the_values_of_the_other_tabs_are_saved(qtbot: QtBot, window: MainWindow,
                                                demo_db: Database) -> None:
    before = school_settings.load_settings(demo_db)
    dialog = open_from_menu(qtbot, window)
    dialog.reminders.silent_weeks.setValue(6)
    dialog.reminders.kpi_month.setCurrentIndex(5)
    dialog.reminders.kpi_day.setValue(15)
    dialog.matching.weights[next(iter(dialog.matching.weights))].setValue(2)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = school_settings.load_settings(demo_db)
    assert (saved.silent_weeks, saved.kpi_day) == (6, (6, 15))
    assert saved.matching != before.matching
    assert dataclasses.replace(saved, silent_weeks=before.silent_weeks, kpi_day=before.kpi_day,
                               matching=before.matching) == before
    assert window.rebuilt == 1  # type: ignore[attr-defined]


def test_a_change_of_the_lists_rebuilds_the_pages_when_the_dialog_closes(
        qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_from_menu(qtbot, window)
    dialog.lists.changed.emit()
    assert window.rebuilt == 0  # type: ignore[attr-defined]
    dialog.reject()
    qtbot.waitUntil(lambda: window.rebuilt == 1)  # type: ignore[attr-defined]
