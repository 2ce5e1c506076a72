"""The SWOT of a programme and of one form, the one writer of `swot_entry` and of the
conclusions: add (one line or several), edit, delete and put back where it stood, move within
and between quadrants, the audit of each write and the refusals in Russian."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.enums import SwotQuadrant
from nastavnik_desktop.data.models import AuditEntry, MentoringForm, ProgrammeForm, SwotEntry
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.monitoring import swot as s

S, W, OPP, T = (SwotQuadrant.STRENGTH, SwotQuadrant.WEAKNESS, SwotQuadrant.OPPORTUNITY,
              SwotQuadrant.THREAT)


def _texts(db: Any, programme_id: int, quadrant: SwotQuadrant,
           form_id: int | None = None) -> list[str]:
    return [item.text for item in s.swot(db, programme_id, form_id).quadrant(quadrant)]


def _audit(db: Any, action: str) -> list[tuple[str, dict[str, Any]]]:
    with db.reading() as session:
        rows = session.execute(select(AuditEntry.summary, AuditEntry.details_json)
                               .where(AuditEntry.action == action)
                               .order_by(AuditEntry.id)).all()
    return [(summary, json.loads(details)) for summary, details in rows]


def _form_id(db: Any) -> int:
    with db.reading() as session:
        return session.scalars(select(MentoringForm.id).order_by(MentoringForm.id)).first()


def test_add_one_and_several_lines_in_order(db: Any, programme: Any) -> None:
    pid = programme.id
    s.add_entries(db, pid, S, "Опытные наставники")
    ids = s.add_entries(db, pid, S, "– Поддержка директора\n\n2. Школьный методический совет\n")
    assert len(ids) == 2
    assert _texts(db, pid, S) == ["Опытные наставники", "Поддержка директора",
                                  "Школьный методический совет"]
    s.add_entries(db, pid, S, ["В начало"], position=0)
    assert _texts(db, pid, S)[0] == "В начало"
    assert [i.position for i in s.swot(db, pid).quadrant(S)] == [0, 1, 2, 3]
    assert _texts(db, pid, W) == []
    summary, details = _audit(db, "swot_add")[1]
    assert "2 пунктов" in summary and "Сильные стороны" in summary
    assert details["entries"] == list(ids)


def test_refusals(db: Any, programme: Any) -> None:
    pid = programme.id
    with pytest.raises(ValidationError, match="не заполнен"):
        s.add_entries(db, pid, S, "  \n \n")
    s.add_entries(db, pid, S, "Опытные наставники")
    with pytest.raises(ValidationError, match="уже есть"):
        s.add_entries(db, pid, S, "опытные  наставники.")
    with pytest.raises(ValidationError, match="слишком длинный"):
        s.add_entries(db, pid, W, "а" * (s.MAX_TEXT + 1))
    with pytest.raises(ValidationError, match="Программа"):
        s.add_entries(db, pid + 100, S, "Текст")
    with pytest.raises(ValidationError, match="Форма"):
        s.add_entries(db, pid, S, "Текст", form_id=9999)
    (item,) = s.swot(db, pid).quadrant(S)
    with pytest.raises(ValidationError, match="не заполнен"):
        s.edit_entry(db, item.id, " ")
    with pytest.raises(ValidationError, match="не найден"):
        s.edit_entry(db, 9999, "Текст")
    # a repeated line among new ones is added once, the known one skipped
    s.add_entries(db, pid, S, "Опытные наставники\nНовое\nновое")
    assert _texts(db, pid, S) == ["Опытные наставники", "Новое"]


def test_edit_returns_old_text_and_is_audited(db: Any, programme: Any) -> None:
    pid = programme.id
    (entry_id,) = s.add_entries(db, pid, OPP, "Сетевое взаимодействие")
    assert s.edit_entry(db, entry_id, "Сетевое взаимодействие с вузом") == \
        "Сетевое взаимодействие"
    assert _texts(db, pid, OPP) == ["Сетевое взаимодействие с вузом"]
    assert s.edit_entry(db, entry_id, "Сетевое взаимодействие с вузом") == \
        "Сетевое взаимодействие с вузом"
    assert len(_audit(db, "swot_edit")) == 1  # the unchanged text wrote nothing


def test_delete_and_restore_where_it_stood(db: Any, programme: Any) -> None:
    pid = programme.id
    ids = s.add_entries(db, pid, T, "Первая\nВторая\nТретья\nЧетвёртая")
    places = s.delete_entries(db, [ids[1], ids[3]])
    assert _texts(db, pid, T) == ["Первая", "Третья"]
    assert [p.position for p in places] == [1, 3]
    assert "2 пунктов" in _audit(db, "swot_delete")[0][0]
    new_ids = s.restore_entries(db, places)
    assert _texts(db, pid, T) == ["Первая", "Вторая", "Третья", "Четвёртая"]
    assert len(new_ids) == 2
    with db.reading() as session:
        orders = sorted(session.scalars(select(SwotEntry.sort_order)))
    assert orders == [0, 1, 2, 3]
    assert _audit(db, "swot_restore")
    with pytest.raises(ValidationError, match="Не выбрано"):
        s.delete_entries(db, [])


def test_move_up_down_and_to_another_quadrant(db: Any, programme: Any) -> None:
    pid = programme.id
    ids = s.add_entries(db, pid, S, "А\nБ\nВ")
    before = s.move_entry(db, ids[2], step=-1)
    assert _texts(db, pid, S) == ["А", "В", "Б"]
    assert (before.quadrant, before.position) == (S, 2)
    s.move_entry(db, ids[0], step=-1)  # already first: nothing happens
    assert _texts(db, pid, S) == ["А", "В", "Б"]
    s.move_entry(db, ids[0], step=1)
    assert _texts(db, pid, S) == ["В", "А", "Б"]
    s.add_entries(db, pid, W, "Г")
    before = s.move_entry(db, ids[0], quadrant=W, position=0)
    assert _texts(db, pid, S) == ["В", "Б"]
    assert _texts(db, pid, W) == ["А", "Г"]
    s.move_entry(db, ids[0], quadrant=before.quadrant, position=before.position)  # undo
    assert _texts(db, pid, S) == ["В", "А", "Б"]
    assert _texts(db, pid, W) == ["Г"]
    assert any("в «Слабые стороны»" in summary for summary, _ in _audit(db, "swot_move"))


def test_swot_of_a_form_is_apart_from_the_programme(db: Any, programme: Any) -> None:
    pid = programme.id
    form_id = _form_id(db)
    s.add_entries(db, pid, S, "Общая сильная сторона")
    s.add_entries(db, pid, S, "Общая сильная сторона", form_id=form_id)  # not a duplicate here
    s.add_entries(db, pid, W, "Слабость формы", form_id=form_id)
    assert _texts(db, pid, S) == ["Общая сильная сторона"]
    assert _texts(db, pid, W) == []
    assert _texts(db, pid, W, form_id) == ["Слабость формы"]
    assert s.forms_with_swot(db, pid) == (form_id,)
    assert "формы «" in _audit(db, "swot_add")[1][0]
    assert s.swot(db, pid, form_id).empty is False


def test_conclusions(db: Any, programme: Any) -> None:
    pid = programme.id
    assert s.conclusions(db, pid) == ""
    assert s.set_conclusions(db, pid, "  Программа достигла целей.\n") is True
    assert s.conclusions(db, pid) == "Программа достигла целей."
    assert s.set_conclusions(db, pid, "Программа достигла целей.") is False
    assert len(_audit(db, "monitoring_conclusions")) == 1
    with pytest.raises(ValidationError, match="слишком длинные"):
        s.set_conclusions(db, pid, "а" * (s.MAX_CONCLUSIONS + 1))
    assert s.set_conclusions(db, pid, "") is True
    assert "очищены" in _audit(db, "monitoring_conclusions")[-1][0]


def test_form_choices_are_the_programme_forms_and_those_with_a_swot(
        db: Any, programme: Any) -> None:
    pid = programme.id
    assert len(s.form_choices(db, pid)) >= 3  # no form chosen at stage 1 yet: every form
    with db.reading() as session:
        first, second = session.scalars(select(MentoringForm.id).order_by(
            MentoringForm.sort_order, MentoringForm.id)).all()[:2]
    with db.transaction() as session:  # stage 1 chose one form
        session.add(ProgrammeForm(programme_id=pid, form_id=first))
    assert [c.id for c in s.form_choices(db, pid)] == [first]
    s.add_entries(db, pid, S, "Пункт", form_id=second)  # a SWOT kept for another form
    assert [c.id for c in s.form_choices(db, pid)] == [first, second]
