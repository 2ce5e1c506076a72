"""The pair card's print actions: «План развития (PDF)…» and «Журнал встреч (PDF)…» form the
pair's document in a worker, register it and open the print preview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.models import MentoringPair
from nastavnik_desktop.services.documents import list_issued_documents
from nastavnik_desktop.services.pairs.rules import ACTIVE_VALUES
from nastavnik_desktop.ui.messages import CapturedMessages
from nastavnik_desktop.ui.pair_card.printing import PairPrinting, print_actions
from tests.helpers.pdf import drawn_text, need

BUILD_TIMEOUT_MS = 20_000


@pytest.fixture
def demo(tmp_path: Path, build_demo: Callable[..., Path]):  # type: ignore[no-untyped-def]
    path = build_demo(tmp_path / "demo.sqlite")
    database = open_database(path, backup_dir=tmp_path / "backups")
    yield database
    database.close()


def _active_pair(db: Database) -> tuple[int, int]:
    with db.reading() as session:
        row = session.execute(select(MentoringPair.id, MentoringPair.programme_id).where(
            MentoringPair.status.in_(ACTIVE_VALUES)).order_by(MentoringPair.id)).first()
    assert row is not None
    return row[0], row[1]


@pytest.mark.parametrize(("index", "text", "printed"), [
    (0, "План развития (PDF)…", "план развития"),
    (1, "Журнал встреч (PDF)…", "журнал встреч"),
])
def test_a_print_action_forms_registers_and_previews_the_pair_s_document(
        qtbot: QtBot, demo: Database, demo_day: dt.date, shown_messages: CapturedMessages,
        index: int, text: str, printed: str) -> None:
    need("pdftotext")
    pair_id, programme_id = _active_pair(demo)
    card = QWidget()
    qtbot.addWidget(card)
    actions = print_actions(card, demo, pair_id, today=lambda: demo_day)
    assert [a.text() for a in actions] == ["План развития (PDF)…", "Журнал встреч (PDF)…"]
    printing = card.findChild(PairPrinting)
    assert printing is not None

    with qtbot.waitSignal(printing.document_issued, timeout=BUILD_TIMEOUT_MS) as issued:
        actions[index].trigger()

    assert actions[index].text() == text
    assert shown_messages.messages == []
    info = issued.args[0]
    pdf = Path(info.file_path)
    assert pdf.parent == demo.path.parent / "documents"
    assert printed in drawn_text(pdf).lower()
    assert list_issued_documents(demo, programme_id)[0] == info
    assert printing.preview is not None and printing.preview.pdf_path == pdf
    printing.preview.reject()
    qtbot.waitUntil(lambda: printing.task is None)


def test_a_pair_deleted_meanwhile_is_explained(
        qtbot: QtBot, demo: Database, demo_day: dt.date,
        shown_messages: CapturedMessages) -> None:
    card = QWidget()
    qtbot.addWidget(card)
    actions = print_actions(card, demo, 999_999, today=lambda: demo_day)
    actions[0].trigger()
    assert "не найдена" in shown_messages.messages[-1].text
    printing = card.findChild(PairPrinting)
    assert printing is not None and printing.task is None
