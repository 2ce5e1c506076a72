"""«Оформление наград»: orientation and background per kind, a sample in the print preview,
nothing saved before «Сохранить», a wrong file refused in Russian."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PIL import Image
from pytestqt.qtbot import QtBot

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.awards import paper
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.dialogs.award_design import BUILT_IN, AwardDesignDialog
from tests.helpers.awards import award_one_of_each, dress

DEMO_OPTIONS = {"seed": 5, "pupils": 150, "teachers": 15}
DAY = dt.date(2027, 5, 26)


def _dialog(qtbot: QtBot, db: Database, programme_id: int) -> AwardDesignDialog:
    dialog = AwardDesignDialog(db, programme_id, today=lambda: DAY)
    qtbot.addWidget(dialog)
    return dialog


def _png(path: Path) -> Path:
    Image.new("RGB", (297, 210), (235, 225, 190)).save(path)
    return path


def test_the_choices_are_saved_on_save_only_and_read_back(
        qtbot: QtBot, demo_db: Database, programme_id: int, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, demo_db, programme_id)
    assert dialog.background_label["diploma"].text() == BUILT_IN
    assert dialog.orientation["certificate"].currentIndex() == 0  # landscape by default
    dialog.orientation["diploma"].setCurrentIndex(0)
    assert dialog.choose_background("thanks", _png(tmp_path / "письмо.png"))
    assert dialog.background_label["thanks"].text() == "письмо.png"
    assert paper.award_designs(demo_db)["thanks"].background == ""  # not yet

    dialog.ok_button.click()
    designs = paper.award_designs(demo_db)
    assert designs["diploma"].landscape and designs["certificate"].landscape
    assert designs["thanks"].background.endswith(".png")
    assert not designs["thanks"].landscape

    again = _dialog(qtbot, demo_db, programme_id)
    assert again.orientation["diploma"].currentIndex() == 0
    assert again.background_label["thanks"].text().endswith(".png")
    assert again.clear_button["thanks"].isEnabled()
    again.clear_background("thanks")
    assert again.background_label["thanks"].text() == BUILT_IN
    again.ok_button.click()
    assert paper.award_designs(demo_db)["thanks"].background == ""


def test_a_file_that_is_not_a_picture_is_refused_in_russian(
        qtbot: QtBot, demo_db: Database, programme_id: int, tmp_path: Path,
        shown_messages: messages.CapturedMessages) -> None:
    dialog = _dialog(qtbot, demo_db, programme_id)
    designed = tmp_path / "макет.pdf"
    designed.write_bytes(b"%PDF-1.4\n")
    assert not dialog.choose_background("certificate", designed)
    assert any("PNG или JPEG" in text for text in shown_messages.texts())
    assert dialog.background_label["certificate"].text() == BUILT_IN


def test_a_sample_page_opens_in_the_preview_in_the_chosen_orientation(
        qtbot: QtBot, demo_db: Database, programme_id: int, tmp_path: Path) -> None:
    award_one_of_each(demo_db, dress(demo_db))
    dialog = _dialog(qtbot, demo_db, programme_id)
    dialog.set_orientation("diploma", landscape=True)
    dialog.choose_background("diploma", _png(tmp_path / "грамота.png"))
    dialog.show_sample("diploma")
    qtbot.waitUntil(lambda: dialog.preview is not None)
    preview = dialog.preview
    assert preview is not None
    assert preview.page_count() == 1
    size = preview.document.pagePointSize(0)
    assert size.width() > size.height()
    preview.close()
    assert paper.award_designs(demo_db)["diploma"].background == ""  # a sample saves nothing


def test_a_sample_without_awards_shows_a_placeholder_sheet(
        qtbot: QtBot, demo_db: Database, programme_id: int) -> None:
    dialog = _dialog(qtbot, demo_db, programme_id)
    dialog.show_sample("certificate")
    qtbot.waitUntil(lambda: dialog.preview is not None)
    preview = dialog.preview
    assert preview is not None
    assert preview.page_count() == 1
    preview.close()
