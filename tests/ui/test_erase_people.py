"""The confirmation of erasing people from the school: who, how many, what goes, no undo."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.data.models import Person
from nastavnik_desktop.services.people.erasure import ErasedPerson, ErasurePreview
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.dialogs.erase_people import MAX_NAMES, TITLE, erase_people, question
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind


def test_a_long_cohort_is_named_in_full_under_the_details(qtbot: QtBot, db: Database,
                                                          shown_messages: CapturedMessages
                                                          ) -> None:
    with db.transaction() as session:
        people = [Person(last_name=f"Ученик{n:02}", first_name="Тест",
                         category=PersonCategory.PUPIL, birth_date=dt.date(2012, 1, 1))
                  for n in range(MAX_NAMES + 2)]
        session.add_all(people)
        session.flush()
        ids = [p.id for p in people]
    parent = QWidget()
    qtbot.addWidget(parent)
    shown_messages.answer = False
    assert erase_people(parent, db, ids, lambda _result: None) is None
    [message] = shown_messages.messages
    assert message.kind is MessageKind.CONFIRM
    assert f"все данные {MAX_NAMES + 2}\u00a0человек" in message.text
    assert "Ученик09 Т. и ещё 2" in message.text and "Ученик10" not in message.text
    assert message.details.splitlines() == [f"Ученик{n:02} Т." for n in range(MAX_NAMES + 2)]
    assert "Отменить удаление нельзя" in message.text
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == MAX_NAMES + 2


def test_the_real_box_defaults_to_cancel(qtbot: QtBot, db: Database,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Enter on the real question keeps the data: «Отмена» is the default and the escape button."""
    with db.transaction() as session:
        person = Person(last_name="Ученик", first_name="Тест", category=PersonCategory.PUPIL)
        session.add(person)
        session.flush()
        person_id = person.id
    seen: list[tuple[str, str, str]] = []

    def answer_nothing(box: QMessageBox) -> int:
        default, escape = box.defaultButton(), box.escapeButton()
        seen.append((box.windowTitle(), default.text() if default else "",
                     escape.text() if escape else ""))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer_nothing)
    parent = QWidget()
    qtbot.addWidget(parent)
    previous = messages.set_handler(None)
    try:
        assert erase_people(parent, db, [person_id], lambda _result: None) is None
    finally:
        messages.set_handler(previous)
    assert seen == [(TITLE, "Отмена", "Отмена")]
    with db.reading() as session:
        assert session.get(Person, person_id) is not None


def test_the_question_warns_about_the_curator_and_the_pairs() -> None:
    preview = ErasurePreview(people=(ErasedPerson(1, "Иванова М. П."),), consents=1,
                             profiles=2, pairs_removed=3, groups_shrunk=1, certificates=0,
                             curator_of=("2025/2026",))
    text = question(preview)
    assert text.startswith("Удалить из школы все данные 1\u00a0человека: Иванова М. П.?")
    assert "куратор программы 2025/2026" in text
    assert "сертификат" not in text


def test_the_question_s_numbers_name_what_they_count() -> None:
    """«единственный наставляемый (6)» read as six mentees: each number carries its noun."""
    preview = ErasurePreview(people=(ErasedPerson(1, "Иванова М. П."),), consents=1,
                             profiles=2, pairs_removed=3, groups_shrunk=1, certificates=5,
                             curator_of=())
    text = question(preview).replace("\u00a0", " ")
    assert "Удаляются: карточка, 1 согласие на обработку персональных данных, 2 записи об " \
           "участии в программах, ответы на анкеты, 5 выданных сертификатов." in text
    assert "встречами (3 пары или группы)" in text
    assert "(1 группа)" in text
    assert not re.search(r"\(\d+\)", text)
