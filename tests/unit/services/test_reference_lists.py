"""The reference lists' editor: rename, hide, add, order, delete only what nothing uses, «вернуть
как в методологии», undo — and the seeding at the next open never duplicates an item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.data.models import (
    AuditEntry,
    MentoringForm,
    ProgrammeRoleModel,
    RoleModel,
    SelectionCriterion,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import reference_lists as lists
from nastavnik_desktop.services.reference_lists import CRITERIA, FORMS, PUPIL_REQUESTS
from nastavnik_desktop.services.stages.stage1 import Stage1Data, form_choices


def _form_id(db: Any, code: str = "pupil_pupil") -> int:
    with db.reading() as session:
        return session.scalars(select(MentoringForm.id).where(MentoringForm.code == code)).one()


def _names(db: Any, ref: lists.ListRef) -> list[str]:
    return [item.name for item in lists.read_list(db, ref).items]


def _offered_models(db: Any, form_id: int, keep: tuple[int, ...] = ()) -> list[str]:
    with db.reading() as session:
        return [m.name for m in lists.role_models_offered(session, [form_id], keep)]


def _item(db: Any, ref: lists.ListRef, name: str) -> lists.ReferenceItem:
    return next(i for i in lists.read_list(db, ref).items if i.name == name)


def test_seeded_items_are_marked_and_in_methodology_order(db: Any) -> None:
    items = lists.read_list(db, CRITERIA).items
    assert [i.name for i in items][:2] == ["профессиональный опыт",
                                          "развитые компетенции, сильные стороны"]
    assert all(i.is_seeded and i.seed_name == i.name and not i.used for i in items)
    forms = lists.read_list(db, FORMS).items
    assert [f.hidden for f in forms] == [False, False, False, False, True]


def test_rename_keeps_the_methodology_wording_and_refuses_clashes(db: Any) -> None:
    item = _item(db, CRITERIA, "мотивация")
    change = lists.rename_item(db, CRITERIA, item.id, "  мотивация   к наставничеству ")
    renamed = _item(db, CRITERIA, "мотивация к наставничеству")
    assert renamed.seed_name == "мотивация" and renamed.renamed
    assert "переименован" in change.summary
    with pytest.raises(ValidationError, match="уже есть"):
        lists.rename_item(db, CRITERIA, item.id, "Навыки коммуникации")
    with pytest.raises(ValidationError, match="Так в методологии"):
        lists.add_item(db, CRITERIA, "Мотивация")
    with pytest.raises(ValidationError, match="пустым"):
        lists.rename_item(db, CRITERIA, item.id, "   ")
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "reference_rename")) == 1


def test_hidden_item_is_offered_only_where_already_chosen(db: Any) -> None:
    form_id = _form_id(db)
    ref = lists.role_models_of(form_id)
    leader = _item(db, ref, "лидер – пассивный")
    lists.set_hidden(db, ref, leader.id, True)
    assert "лидер – пассивный" not in _offered_models(db, form_id)
    assert "лидер – пассивный" in _offered_models(db, form_id, keep=(leader.id,))
    assert _item(db, ref, "лидер – пассивный").hidden


def test_add_after_an_item_and_move(db: Any) -> None:
    first = lists.read_list(db, PUPIL_REQUESTS).items[0]
    change = lists.add_item(db, PUPIL_REQUESTS, "подготовка к олимпиадам", after=first.id)
    names = _names(db, PUPIL_REQUESTS)
    assert names[1] == "подготовка к олимпиадам"
    added = _item(db, PUPIL_REQUESTS, "подготовка к олимпиадам")
    assert change.item_id == added.id and not added.is_seeded and added.seed_name is None
    lists.move_item(db, PUPIL_REQUESTS, added.id, -1)
    assert _names(db, PUPIL_REQUESTS)[:2] == ["подготовка к олимпиадам", first.name]
    with db.reading() as session:
        offered = lists.requests_offered(session, PUPIL_REQUESTS.audience)
        assert offered[0].name == "подготовка к олимпиадам"


def test_delete_only_an_added_item_nothing_uses(db: Any, programme: Any) -> None:
    form_id = _form_id(db)
    ref = lists.role_models_of(form_id)
    lists.add_item(db, ref, "наставник-тьютор – новичок")
    added = _item(db, ref, "наставник-тьютор – новичок")
    seeded = lists.read_list(db, ref).items[0]
    with pytest.raises(ValidationError, match="из методологии"):
        lists.delete_item(db, ref, seeded.id)
    with db.transaction() as session:
        session.add(ProgrammeRoleModel(programme_id=programme.id, role_model_id=added.id))
    assert _item(db, ref, added.name).uses_text == "1\xa0программа"
    with pytest.raises(ValidationError, match="используют — 1\xa0программа\\. Скройте"):
        lists.delete_item(db, ref, added.id)
    with db.transaction() as session:
        session.query(ProgrammeRoleModel).delete()
    lists.delete_item(db, ref, added.id)
    assert "наставник-тьютор – новичок" not in _names(db, ref)


def test_restore_methodology_puts_the_list_back(db: Any, programme: Any) -> None:
    form_id = _form_id(db)
    ref = lists.role_models_of(form_id)
    items = {i.name: i for i in lists.read_list(db, ref).items}
    lists.rename_item(db, ref, items["равный – равному"].id, "равный – равным")
    lists.set_hidden(db, ref, items["лидер – пассивный"].id, True)
    lists.move_item(db, ref, items["адаптированный – неадаптированный"].id, -3)
    lists.add_item(db, ref, "новый – неиспользуемый")
    lists.add_item(db, ref, "новый – выбранный")
    used = _item(db, ref, "новый – выбранный")
    with db.transaction() as session:
        session.add(ProgrammeRoleModel(programme_id=programme.id, role_model_id=used.id))
    plan = lists.restore_plan(db, ref)
    assert plan.renamed == (("равный – равным", "равный – равному"),)
    assert plan.shown == ("лидер – пассивный",) and plan.reordered
    assert plan.deleted == ("новый – неиспользуемый",)
    assert plan.hidden_added == ("новый – выбранный",)
    lists.restore_methodology(db, ref)
    after = lists.read_list(db, ref).items
    assert [i.name for i in after] == ["успевающий – неуспевающий", "лидер – пассивный",
                                      "равный – равному", "адаптированный – неадаптированный",
                                      "новый – выбранный"]
    assert [i.hidden for i in after] == [False, False, False, False, True]
    assert not lists.restore_plan(db, ref).changes_anything


def test_restore_forms_hides_what_the_methodology_hides(db: Any) -> None:
    form = _item(db, FORMS, "работодатель – студент")
    lists.set_hidden(db, FORMS, form.id, False)
    assert lists.restore_plan(db, FORMS).hidden_seeded == ("работодатель – студент",)
    lists.restore_methodology(db, FORMS)
    assert _item(db, FORMS, "работодатель – студент").hidden


def test_undo_and_redo_of_each_change(db: Any) -> None:
    original = lists.read_list(db, CRITERIA).items
    rename = lists.rename_item(db, CRITERIA, original[0].id, "опыт работы")
    add = lists.add_item(db, CRITERIA, "чувство юмора")
    added_id = add.item_id
    assert added_id is not None
    delete = lists.delete_item(db, CRITERIA, added_id)
    lists.put_state(db, delete.before, "отмена")
    assert _item(db, CRITERIA, "чувство юмора").id == added_id
    lists.put_state(db, add.before, "отмена")
    lists.put_state(db, rename.before, "отмена")
    assert lists.read_list(db, CRITERIA).items == original
    lists.put_state(db, rename.after, "повтор")
    assert _names(db, CRITERIA)[0] == "опыт работы"
    reset = lists.restore_methodology(db, CRITERIA)
    lists.put_state(db, reset.before, "отмена")
    assert _names(db, CRITERIA)[0] == "опыт работы"


def test_undo_brings_back_a_deleted_form_with_its_role_models(db: Any) -> None:
    add = lists.add_item(db, FORMS, "педагог – родитель")
    assert add.item_id is not None
    models = lists.role_models_of(add.item_id)
    lists.add_item(db, models, "опытный – начинающий")
    delete = lists.delete_item(db, FORMS, add.item_id)
    assert "педагог – родитель" not in _names(db, FORMS)
    lists.put_state(db, delete.before, "отмена")
    assert _names(db, models) == ["опытный – начинающий"]


def test_reseeding_at_the_next_open_does_not_duplicate_a_renamed_item(db_path: Path) -> None:
    db = open_database(db_path, backup_dir=db_path.parent / "backups")
    try:
        form_id = _form_id(db, "teacher_teacher")
        ref = lists.role_models_of(form_id)
        first = lists.read_list(db, ref).items[0]
        lists.rename_item(db, ref, first.id, "наставник – молодой педагог")
        lists.rename_item(db, CRITERIA, lists.read_list(db, CRITERIA).items[0].id, "опыт")
        before = len(lists.read_list(db, ref).items)
    finally:
        db.close()
    db = open_database(db_path, backup_dir=db_path.parent / "backups")
    try:
        assert len(lists.read_list(db, ref).items) == before
        with db.reading() as session:
            assert session.scalar(select(func.count()).select_from(RoleModel).where(
                RoleModel.form_id == form_id)) == before
            assert session.scalar(select(func.count()).select_from(SelectionCriterion)) == 8
    finally:
        db.close()


def test_stage_1_keeps_a_hidden_role_model_the_programme_chose(db: Any) -> None:
    form_id = _form_id(db)
    ref = lists.role_models_of(form_id)
    leader = _item(db, ref, "лидер – пассивный")
    lists.set_hidden(db, ref, leader.id, True)
    employer = _item(db, FORMS, "работодатель – студент")
    chosen = Stage1Data(school_full_name="Школа", school_year="2026/2027", curator_id=None,
                        form_ids=(form_id, employer.id),
                        role_model_ids={form_id: (leader.id,)})
    offered = {f.name: [m.name for m in f.role_models] for f in form_choices(db, chosen)}
    assert "лидер – пассивный" in offered["ученик – ученик"]
    assert "работодатель – студент" in offered  # hidden, but chosen
    fresh = {f.name: [m.name for m in f.role_models] for f in form_choices(db)}
    assert "лидер – пассивный" not in fresh["ученик – ученик"]
    assert "работодатель – студент" not in fresh
