"""«Обмен данными» → «Именные списки»: nothing chosen at first, the consent warning with who is
left out (searchable), the password typed twice, the file written to a «stick» folder,
encrypted, and put on the history."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QDialog, QLineEdit
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ConsentGiver, ConsentKind
from nastavnik_desktop.data.models import ExportRecord, Person
from nastavnik_desktop.services.exchange import crypto, history
from nastavnik_desktop.services.exchange.named import NamedKind, Packing
from nastavnik_desktop.services.people import mentee_base
from nastavnik_desktop.services.people.consent import ConsentInfo, record_consent
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.dialogs import export_password
from nastavnik_desktop.ui.dialogs.export_password import ExportPasswordDialog
from nastavnik_desktop.ui.pages.exchange import named_tab
from nastavnik_desktop.ui.pages.exchange.named_tab import NamedTab
from nastavnik_desktop.ui.pages.tabbed import PageContext

DEMO_OPTIONS: dict[str, Any] = {"seed": 5, "pupils": 200, "teachers": 30}
PASSWORD = "флешка-2026"


@pytest.fixture
def withdrawn(demo_db: Database, programme_id: int, demo_day: dt.date) -> list[str]:
    """Two mentees whose parents revoked the consent: their names."""
    rows = [row for row in mentee_base(demo_db, programme_id, today=demo_day)
            if row.age is not None and row.age < 18][:2]
    with demo_db.transaction() as session:
        for row in rows:
            person = session.get(Person, row.person_id)
            assert person is not None
            record_consent(person, ConsentKind.PERSONAL_DATA, ConsentInfo(
                demo_day - dt.timedelta(days=3), ConsentGiver.PARENT,
                revoked_on=demo_day - dt.timedelta(days=1)))
    return [row.full_name for row in rows]


@pytest.fixture
def tab(qtbot: Any, demo_db: Database, programme_id: int,
        demo_day: dt.date) -> NamedTab:
    changed: list[bool] = []
    context = PageContext(demo_db, programme_id, today=lambda: demo_day,
                          on_change=lambda: changed.append(True))
    widget = NamedTab(context)
    widget.changed_log = changed  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.resize(1000, 720)
    widget.show()
    return widget


def _fill_password(monkeypatch: pytest.MonkeyPatch, seen: dict[str, Any],
                   *, cancel: bool = False) -> None:
    def run(dialog: ExportPasswordDialog) -> int:
        dialog.password.setText("коротко")
        dialog.repeat.setText("коротко")
        seen["short"] = (dialog.accept_button.isEnabled(), dialog.problem.text())
        dialog.password.setText(PASSWORD)
        dialog.repeat.setText(PASSWORD + "!")
        seen["mismatch"] = (dialog.accept_button.isEnabled(), dialog.problem.text())
        dialog.repeat.setText(PASSWORD)
        seen["hidden"] = dialog.password.echoMode()
        dialog.show_password.setChecked(True)
        seen["shown"] = dialog.password.echoMode()
        seen["ok"] = dialog.accept_button.isEnabled()
        seen["rule"] = dialog.rule.text()
        if cancel:
            dialog.reject()
        else:
            dialog.accept_button.click()
        seen["cleared"] = dialog.password.text() == dialog.repeat.text() == ""
        return dialog.result()

    monkeypatch.setattr(ExportPasswordDialog, "exec", run)


def test_nothing_is_chosen_and_nothing_can_leave_at_first(tab: NamedTab) -> None:
    assert not any(box.isChecked() for box in tab.kind_boxes.values())
    assert not tab.export_button.isEnabled() and not tab.warning.isVisible()
    assert tab.packing() is Packing.XLSX


def test_the_warning_counts_and_lists_who_is_left_out(
        qtbot: Any, tab: NamedTab, withdrawn: list[str]) -> None:
    tab.reload()
    tab.kind_boxes[NamedKind.BASES].setChecked(True)
    qtbot.waitUntil(lambda: tab.plan is not None)
    assert tab.warning.isVisible()
    assert "Не войдут в файл: 2\u00a0человека" in tab.warning_text.text()
    lines = [tab.left_out.item(n).text() for n in range(tab.left_out.count())]
    assert sorted(line.split(",")[0] for line in lines) == sorted(withdrawn)
    assert all(line.endswith("— согласие родителя отозвано") for line in lines)
    surname = withdrawn[0].split()[0]
    tab.search.setText(surname.lower())
    visible = [tab.left_out.item(n).text() for n in range(tab.left_out.count())
               if not tab.left_out.item(n).isHidden()]
    assert visible and all(surname in line for line in visible)
    assert tab.export_button.isEnabled()
    tab.kind_boxes[NamedKind.BASES].setChecked(False)
    assert not tab.export_button.isEnabled() and not tab.warning.isVisible()


def test_the_export_writes_an_encrypted_file_to_the_stick_and_the_history(
        qtbot: Any, tab: NamedTab, withdrawn: list[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, shown_messages: messages.CapturedMessages,
        demo_db: Database) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(named_tab, "choose_target",
                        lambda parent, title, name: asked.append(name) or stick)
    seen: dict[str, Any] = {}
    _fill_password(monkeypatch, seen)
    tab.reload()
    tab.kind_boxes[NamedKind.BASES].setChecked(True)
    tab.kind_boxes[NamedKind.PAIRS].setChecked(True)
    qtbot.waitUntil(lambda: tab.plan is not None and tab.plan.kinds == tuple(NamedKind))
    included = tab.plan.included
    tab.export_button.click()
    qtbot.waitUntil(lambda: bool(shown_messages.texts()))

    assert seen["short"][0] is False and "слишком короткий" in seen["short"][1]
    assert seen["mismatch"][0] is False and "не совпадают" in seen["mismatch"][1]
    assert seen["hidden"] is QLineEdit.EchoMode.Password
    assert seen["shown"] is QLineEdit.EchoMode.Normal
    assert seen["ok"] is True and "8 знаков" in seen["rule"] and seen["cleared"]

    assert asked == ["Базы и список пар 23.11.2026.xlsx"]
    written = stick / asked[0]
    assert written.is_file()
    (text,) = shown_messages.texts()
    assert "записан и проверен" in text and "Не включены: 2\u00a0человека" in text
    assert str(written) in tab.result.text()
    plain = crypto.decrypt_xlsx(written.read_bytes(), PASSWORD)
    cells = "\n".join(str(c.value) for sheet in load_workbook(io.BytesIO(plain)).worksheets
                      for row in sheet.iter_rows() for c in row if c.value is not None)
    for name in withdrawn:
        assert name not in cells
    (line,) = history.export_history(demo_db, kind=history.NAMED)
    assert (line.file_name, line.people, line.left_out, line.encrypted) == (
        asked[0], included, 2, True)
    assert line.path == written and line.size == written.stat().st_size
    assert tab.changed_log  # type: ignore[attr-defined]
    with demo_db.reading() as session:  # nothing of the password kept anywhere
        assert PASSWORD not in str(list(session.execute(select(ExportRecord))))


def test_a_cancelled_password_writes_nothing(
        qtbot: Any, tab: NamedTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        shown_messages: messages.CapturedMessages, demo_db: Database) -> None:
    folders: list[str] = []
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(named_tab, "choose_target",
                        lambda parent, title, name: folders.append(name) or stick)
    seen: dict[str, Any] = {}
    _fill_password(monkeypatch, seen, cancel=True)
    tab.kind_boxes[NamedKind.PAIRS].setChecked(True)
    qtbot.waitUntil(lambda: tab.plan is not None)
    tab.export_button.click()
    assert seen["cleared"] and folders == [] and list(stick.iterdir()) == []
    assert history.export_history(demo_db) == [] and shown_messages.texts() == []


def test_the_password_dialog_gives_the_password_once(qtbot: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = ExportPasswordDialog("Список пар и групп")
    qtbot.addWidget(dialog)
    assert not dialog.accept_button.isEnabled() and dialog.problem.text() == ""
    dialog.password.setText(PASSWORD)
    assert "ещё раз" in dialog.problem.text()
    dialog.repeat.setText(PASSWORD)
    assert dialog.accept_button.isEnabled() and dialog.problem.text() == ""
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.take_password() == PASSWORD and dialog.take_password() == ""

    def accepted(self: ExportPasswordDialog) -> int:
        self.password.setText(PASSWORD)
        self.repeat.setText(PASSWORD)
        self.accept()
        return self.result()

    monkeypatch.setattr(ExportPasswordDialog, "exec", accepted)
    assert export_password.ask_export_password(None, "Базы") == PASSWORD
