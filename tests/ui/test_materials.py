"""«Методические материалы» and the pair card's «Материалы»: a link added, files copied in the
background, materials handed to two mentors in one step, the pair's own material removed after
the question."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus, PersonCategory
from nastavnik_desktop.data.models import MenteeProfile, MentoringForm, MentorProfile, Person
from nastavnik_desktop.services import materials
from nastavnik_desktop.services.pairs.writer import create_pair
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.dialogs import materials as materials_dialog
from nastavnik_desktop.ui.dialogs.materials import MaterialsDialog, open_materials_dialog
from nastavnik_desktop.ui.pair_card.context import CardContext
from nastavnik_desktop.ui.pair_card.materials_tab import MaterialsTab

TODAY = dt.date(2026, 1, 20)


@dataclass
class School:
    programme_id: int
    form: int
    pair: int
    mentors: dict[str, int]


@pytest.fixture
def school(db: Database, programme: ProgrammeInfo) -> School:
    def person(session: Any, last: str) -> Person:
        found = Person(last_name=last, first_name="Иван", middle_name="Петрович",
                       category=PersonCategory.PUPIL, class_name="9А")
        session.add(found)
        return found

    with db.transaction() as session:
        form = next(f for f in session.scalars(select(MentoringForm))
                    if "ученик – ученик" in f.name)
        mentors = {last: MentorProfile(programme_id=programme.id, person=person(session, last),
                                       form=form, status=MentorStatus.ADMITTED, capacity=2)
                   for last in ("Орлов", "Соколова", "Титов")}
        mentees = [MenteeProfile(programme_id=programme.id, person=person(session, last),
                                 form=form) for last in ("Ершов", "Жуков", "Зайцев")]
        session.add_all([*mentors.values(), *mentees])
        session.flush()
        pairs = [create_pair(session, programme_id=programme.id,
                             mentor_profile_id=mentor.id, form_id=form.id, mentees=[mentee],
                             day=TODAY) for mentor, mentee in zip(mentors.values(), mentees,
                                                                  strict=True)]
        return School(programme.id, form.id, pairs[0].id,
                      {k: v.id for k, v in mentors.items()})


def _dialog(qtbot: Any, db: Database, school: School) -> MaterialsDialog:
    dialog = open_materials_dialog(None, db, school.programme_id, today=TODAY)
    qtbot.addWidget(dialog)
    return dialog


def _titles(dialog: MaterialsDialog) -> list[str]:
    return [m.title for m in dialog.model.rows()]


def test_a_link_is_added_and_handed_to_two_mentors(qtbot: Any, db: Database, school: School,
                                                   shown_messages: messages.CapturedMessages
                                                   ) -> None:
    dialog = _dialog(qtbot, db, school)
    assert _titles(dialog) == []
    editor = dialog.add_link()
    editor.title.setText("Памятка наставнику")
    editor.address.setText("не адрес")
    editor.accept()
    assert editor.isVisible() and "http" in shown_messages.texts()[-1]
    editor.address.setText("https://example.ru/pamyatka")
    editor.accept()
    assert not editor.isVisible()
    assert _titles(dialog) == ["Памятка наставнику"]
    assert dialog.selected()[0].attached_to == "вся программа"

    names = [dialog.mentor_list.item(row).text() for row in range(dialog.mentor_list.count())]
    assert [n.split(" — ")[0] for n in names] == ["Орлов И. П.", "Соколова И. П.",
                                                 "Титов И. П."]
    dialog.set_checked({school.mentors["Орлов"], school.mentors["Соколова"]})
    dialog.handed_on.setDate(dialog.handed_on.date().addDays(-3))
    dialog.hand_out_button.click()
    assert "Выдано 1\xa0материал 2\xa0наставникам (17.01.2026)" in shown_messages.texts()[-1]
    assert dialog.model.rows()[0].handed_out == 2
    assert dialog.given_to.text() == ("«Памятка наставнику» уже выдан: Орлов И. П. "
                                      "(17.01.2026), Соколова И. П. (17.01.2026).")
    dialog.mentor_search.setText("тит")
    shown = [dialog.mentor_list.item(row).text() for row in range(dialog.mentor_list.count())
             if not dialog.mentor_list.item(row).isHidden()]
    assert [n.split(" — ")[0] for n in shown] == ["Титов И. П."]
    dialog.mentor_search.setText("")
    assert {h.name for h in materials.handouts(db, dialog.model.rows()[0].id)} == {
        "Орлов И. П.", "Соколова И. П."}
    # everyone of the form, again: only the third mentor is new
    dialog.mark_form_button.click()
    assert len(dialog.checked_mentors()) == 3
    dialog.hand_out_button.click()
    assert dialog.model.rows()[0].handed_out == 3


def test_files_are_copied_in_the_background_and_deleted_after_the_question(
        qtbot: Any, db: Database, school: School, tmp_path: Path,
        shown_messages: messages.CapturedMessages) -> None:
    folder = tmp_path / "flash"
    folder.mkdir()
    for name in ("План.pdf", "Анкета.docx"):
        (folder / name).write_bytes(b"data")
    dialog = _dialog(qtbot, db, school)
    dialog.target.setCurrentIndex(dialog.target.findText(
        next(t.label for t in dialog.targets if t.attach.form_id == school.form)))
    dialog.add_files([str(folder / "План.pdf"), str(folder / "Анкета.docx")])
    qtbot.waitUntil(lambda: len(_titles(dialog)) == 2)
    assert all(m.attached_to.startswith("форма:") for m in dialog.model.rows())
    assert len(dialog.selected()) == 2  # the new ones are selected
    dialog.search.setText("план")
    assert _titles(dialog) == ["План"]
    dialog.search.setText("")
    assert [m.title for m in dialog.selected()] == ["План"]  # the selection stays
    dialog.view.selectAll()
    copied = db.path.parent / "materials" / "План.pdf"
    assert copied.exists()
    dialog.delete_selected()
    assert "Отменить удаление нельзя" in shown_messages.texts()[-1]
    assert _titles(dialog) == [] and not copied.exists()


def test_the_pair_tab_shows_what_the_pair_works_with(qtbot: Any, db: Database, school: School,
                                                     shown_messages: messages.CapturedMessages,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    materials.add_link(db, school.programme_id, "Общая памятка", "https://a.ru", today=TODAY)
    context = CardContext(db, school.programme_id, school.pair, lambda: TODAY, lambda _c: None)
    tab = MaterialsTab(context)
    qtbot.addWidget(tab)
    assert tab.title == "Материалы"
    editor = tab.add_link()
    editor.title.setText("План пары")
    editor.address.setText("www.example.ru/plan")
    editor.accept()
    rows = {i.material.title: i for i in tab.model.rows()}
    assert set(rows) == {"Общая памятка", "План пары"}
    assert tab.model.index(_row(tab, "План пары"), 2).data() == "эта пара"

    opened: list[str] = []
    monkeypatch.setattr(materials_dialog, "open_location", lambda where: opened.append(where)
                        or True)
    tab.view.selectRow(_row(tab, "План пары"))
    tab.open_selected()
    assert opened == ["https://www.example.ru/plan"]

    tab.view.selectAll()
    assert not tab.remove_button.isEnabled()  # the programme's material is not the pair's
    tab.give_button.click()
    assert all(i.handed_on == TODAY for i in tab.model.rows())
    assert tab.model.index(0, 3).data() == "20.01.2026"
    tab.view.selectRow(_row(tab, "Общая памятка"))
    tab.take_back_button.click()
    assert {i.material.title: i.handed_on for i in tab.model.rows()} == {
        "Общая памятка": None, "План пары": TODAY}

    tab.view.selectRow(_row(tab, "План пары"))
    assert tab.remove_button.isEnabled()
    tab.remove_button.click()
    assert [i.material.title for i in tab.model.rows()] == ["Общая памятка"]
    assert "Удалить 1\xa0материал" in shown_messages.texts()[-1]


def _row(tab: MaterialsTab, title: str) -> int:
    return next(n for n, i in enumerate(tab.model.rows()) if i.material.title == title)
