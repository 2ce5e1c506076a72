"""The plan templates in the database: seeded once from the methodology, edited, copied,
hidden, put back as in the methodology; against a real SQLite file."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PlanItemKind
from nastavnik_desktop.data.models import MentoringForm, PlanTemplate, RoleModel
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import plans
from nastavnik_desktop.services.plans import TemplateLine
from nastavnik_desktop.services.plans.templates import TEMPLATES
from tests.helpers.plans import PlanSchool

TODAY = dt.date(2025, 11, 20)


def template_count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(PlanTemplate)) or 0


def seeded(db: Database, title: str) -> plans.TemplateInfo:
    (found,) = [t for t in plans.plan_templates(db) if t.is_seeded and t.title == title]
    return found


def test_every_seeded_form_has_a_template_naming_seeded_role_models(db: Database) -> None:
    with db.reading() as session:
        codes = set(session.scalars(select(MentoringForm.code)))
        names = {(rm.form.code, rm.name) for rm in session.scalars(select(RoleModel))}
    assert codes == {t.form_code for t in TEMPLATES}
    assert {(t.form_code, t.role_model) for t in TEMPLATES if t.role_model} <= names
    for source in TEMPLATES:
        assert source.task_count > 0
        assert all(task.content and task.action and task.result
                   for d in source.directions for task in d.tasks)


def test_templates_are_seeded_once_and_marked(db: Database) -> None:
    assert template_count(db) == 0
    shown = plans.plan_templates(db)
    assert len(shown) == len(TEMPLATES) == template_count(db)
    assert all(t.is_seeded and t.caption.endswith("из методических рекомендаций")
               for t in shown)
    plans.set_template_hidden(db, shown[0].id, True)
    plans.rename_template(db, shown[1].id, "Свой заголовок")
    assert plans.plan_templates(db) and template_count(db) == len(TEMPLATES)
    with db.transaction() as session:
        assert plans.seed_templates(session) == 0
    titles = {t.id: t.title for t in plans.plan_templates(db)}
    assert titles[shown[1].id] == "Свой заголовок"
    assert [t.id for t in plans.plan_templates(db, with_hidden=False)] == [
        t.id for t in shown[1:]]


def test_templates_are_ordered_by_form_the_general_one_first(db: Database) -> None:
    shown = plans.plan_templates(db)
    pupil = [t for t in shown if t.form_name == "ученик – ученик"]
    assert [t.role_model_name for t in pupil] == ["", "адаптированный – неадаптированный"]
    form_id = pupil[0].form_id
    assert [t.id for t in plans.plan_templates(db, form_id=form_id)] == [t.id for t in pupil]


def test_templates_for_many_pairs_at_once(db: Database, school: PlanSchool) -> None:
    """The stage 6 wizard asks for the template of every pair in one call."""
    ids = [school.teacher_pair, school.pupil_pair, school.employer_pair]
    found = plans.templates_for_pairs(db, ids)
    assert found == {pair_id: plans.template_for_pair(db, pair_id) for pair_id in ids}
    assert found[school.pupil_pair] is not None
    assert found[school.pupil_pair].role_model_name == "адаптированный – неадаптированный"


def test_save_items_adds_edits_deletes_and_reorders(db: Database) -> None:
    template = seeded(db, "учитель – учитель")
    first, second, *_ = template.lines
    lines = [
        TemplateLine(PlanItemKind.TASK, "Новое", "Новая задача", "сделать", "сделано", 30),
        TemplateLine(second.kind, second.direction, "Изменена", second.action, second.result,
                     None, second.id),
        TemplateLine(PlanItemKind.GOAL, "", "Цель пары", id=first.id),
    ]
    plans.save_template_items(db, template.id, lines)
    saved = plans.template(db, template.id).lines
    assert [(line.kind, line.content, line.due_after_days) for line in saved] == [
        (PlanItemKind.TASK, "Новая задача", 30), (PlanItemKind.TASK, "Изменена", None),
        (PlanItemKind.GOAL, "Цель пары", None)]
    assert saved[1].id == second.id
    with pytest.raises(ValidationError, match="Строка 2 шаблона без содержания"):
        plans.save_template_items(db, template.id, [lines[0], TemplateLine(
            PlanItemKind.TASK, "", " ")])
    assert len(plans.template(db, template.id).lines) == 3


def test_copy_is_the_curators_own_and_can_be_deleted(db: Database, school: PlanSchool) -> None:
    template = seeded(db, "учитель – учитель")
    copy_id = plans.copy_template(db, template.id)
    copy = plans.template(db, copy_id)
    assert copy.title == "учитель – учитель (копия)" and not copy.is_seeded
    assert [line.content for line in copy.lines] == [line.content for line in template.lines]
    assert copy.form_id == template.form_id and copy.role_model_id is None
    plans.set_template_hidden(db, template.id, True)
    chosen = plans.template_for_pair(db, school.teacher_pair)
    assert chosen is not None and chosen.id == copy_id
    plans.delete_template(db, copy_id)
    with pytest.raises(ValidationError, match="удалить нельзя"):
        plans.delete_template(db, template.id)
    assert plans.template_for_pair(db, school.teacher_pair) is None
    with pytest.raises(ValidationError, match="нет шаблона плана"):
        plans.fill_from_template(db, school.teacher_pair, today=TODAY)


def test_reset_puts_a_seeded_template_back_as_in_the_methodology(db: Database) -> None:
    template = seeded(db, "учитель – учитель")
    plans.rename_template(db, template.id, "Мой")
    plans.save_template_items(db, template.id, [TemplateLine(PlanItemKind.TASK, "", "Одна")])
    plans.set_template_hidden(db, template.id, True)
    plans.reset_template(db, template.id)
    back = plans.template(db, template.id)
    assert (back.title, back.hidden) == ("учитель – учитель", False)
    assert [line.content for line in back.lines] == [line.content for line in template.lines]
    copy_id = plans.copy_template(db, template.id, "Свой")
    with pytest.raises(ValidationError, match="составлен в школе"):
        plans.reset_template(db, copy_id)


def test_an_empty_title_and_a_missing_template_are_russian_errors(db: Database) -> None:
    template = plans.plan_templates(db)[0]
    with pytest.raises(ValidationError, match="Название шаблона не заполнено"):
        plans.rename_template(db, template.id, "  ")
    with pytest.raises(ValidationError, match="Шаблон плана не найден"):
        plans.copy_template(db, 999)
