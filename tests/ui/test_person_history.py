"""The person card shows the person's history in the programme by school year; a past year's
pair opens read-only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QGroupBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import MenteeProfile, MentorProfile, Programme
from nastavnik_desktop.ui.dialogs.person_card import PersonCardDialog
from nastavnik_desktop.ui.pair_card.dialog import PairCardDialog

DEMO_OPTIONS: dict[str, Any] = {}
"""The default school: last year's mentees include pupils who mentor now."""


def _mentee_then_mentor(db: Database) -> int:
    with db.reading() as session:
        last, current = session.scalars(select(Programme.id)
                                         .order_by(Programme.school_year)).all()
        found = session.scalars(
            select(MentorProfile.person_id).where(MentorProfile.programme_id == current)
            .where(MentorProfile.person_id.in_(select(MenteeProfile.person_id).where(
                MenteeProfile.programme_id == last)))).first()
    assert found is not None
    return found


def test_the_card_shows_both_years_and_opens_last_years_pair_read_only(
        qtbot: QtBot, demo_db: Database, demo_day: dt.date) -> None:
    person_id = _mentee_then_mentor(demo_db)
    card = PersonCardDialog(demo_db, person_id, today=demo_day)
    qtbot.addWidget(card)
    card.show()

    box = card.findChild(QGroupBox, "person_history")
    assert box is not None and box.isVisibleTo(card)
    text = card.history_label.text()
    assert text.index("<b>2026/2027</b>") < text.index("<b>2025/2026</b> (архив)")
    this_year, last_year = text.split("<br><br>")
    assert "наставник · " in this_year and "наставляемы" in this_year  # his mentees
    assert "наставляемый · " in last_year and "завершена" in last_year
    assert "Результат: " in last_year and "Награды: сертификат участника" in last_year

    [past] = card.history[1].parts
    assert past.pair_id is not None
    card.history_label.linkActivated.emit(str(past.pair_id))  # the curator clicks «пара»
    [opened] = [d for d in card.findChildren(PairCardDialog) if d.isVisible()]
    assert opened.pair_id == past.pair_id
    assert opened._db.read_only  # a past year: nothing in its card can be written


def test_someone_who_never_took_part_has_no_history_box(qtbot: QtBot, demo_db: Database,
                                                       demo_day: dt.date) -> None:
    from nastavnik_desktop.data.models import Person

    with demo_db.reading() as session:
        outsider = session.scalars(
            select(Person.id).where(Person.id.not_in(select(MenteeProfile.person_id)),
                                    Person.id.not_in(select(MentorProfile.person_id)))).first()
    assert outsider is not None
    card = PersonCardDialog(demo_db, outsider, today=demo_day)
    qtbot.addWidget(card)
    card.show()

    box = card.findChild(QGroupBox, "person_history")
    assert box is not None and not box.isVisibleTo(card)
