"""The development plan (ИПР): templates, the writes and their rules, the plan and the control
sheet's progress, against a real SQLite file."""

from __future__ import annotations

import ast
import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus, PersonCategory, PlanItemKind
from nastavnik_desktop.data.models import (
    AuditEntry,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    Person,
    PlanItem,
    RoleModel,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import plans
from nastavnik_desktop.services.pairs.writer import create_pair
from nastavnik_desktop.services.plans.templates import TEMPLATES, template_for
from nastavnik_desktop.services.programme import ProgrammeInfo

DAY = dt.timedelta(days=1)

FORMED = dt.date(2025, 10, 1)
TODAY = dt.date(2025, 11, 20)  # a fixed day: never the clock


@dataclass
class PlanSchool:
    programme_id: int
    teacher_pair: int
    pupil_pair: int
    employer_pair: int


def _person(session: Any, last: str, category: PersonCategory, class_name: str = "") -> Person:
    person = Person(last_name=last, first_name="Анна", middle_name="Ивановна",
                    category=category, class_name=class_name)
    session.add(person)
    return person


@pytest.fixture
def school(db: Database, programme: ProgrammeInfo) -> PlanSchool:
    with db.transaction() as session:
        forms = {f.code: f for f in session.scalars(select(MentoringForm))}
        adapt = session.scalars(select(RoleModel).where(
            RoleModel.name == "адаптированный – неадаптированный")).one()
        pairs = {}
        for code, mentor_last, mentee_last, category, role in (
                ("teacher_teacher", "Белова", "Кузина", PersonCategory.STAFF, None),
                ("pupil_pupil", "Орлова", "Ершова", PersonCategory.PUPIL, adapt.id),
                ("employer_pupil", "Сидорова", "Жукова", PersonCategory.PUPIL, None)):
            form = forms[code]
            mentor = MentorProfile(programme_id=programme.id, form=form, capacity=1,
                                   status=MentorStatus.ADMITTED,
                                   person=_person(session, mentor_last, PersonCategory.STAFF))
            mentee = MenteeProfile(programme_id=programme.id, form=form,
                                   person=_person(session, mentee_last, category, "7А"))
            session.add_all([mentor, mentee])
            session.flush()
            pairs[code] = create_pair(session, programme_id=programme.id,
                                      mentor_profile_id=mentor.id, form_id=form.id,
                                      mentees=[mentee], day=FORMED, role_model_id=role).id
        return PlanSchool(programme.id, pairs["teacher_teacher"], pairs["pupil_pupil"],
                          pairs["employer_pupil"])


def audit_actions(db: Database) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def stored(db: Database, task_id: int) -> PlanItem | None:
    with db.reading() as session:
        item = session.get(PlanItem, task_id)
        if item is not None:
            session.expunge(item)
        return item


# --- templates -----------------------------------------------------------------------------


def test_every_seeded_form_has_a_template(db: Database) -> None:
    with db.reading() as session:
        codes = set(session.scalars(select(MentoringForm.code)))
    assert codes == {t.form_code for t in TEMPLATES}
    for template in TEMPLATES:
        assert template.task_count > 0
        assert all(task.content and task.action and task.result
                   for d in template.directions for task in d.tasks)


def test_role_model_templates_name_seeded_role_models(db: Database) -> None:
    with db.reading() as session:
        names = {(rm.form.code, rm.name) for rm in session.scalars(select(RoleModel))}
    assert {(t.form_code, t.role_model) for t in TEMPLATES if t.role_model} <= names


def test_a_role_model_without_its_own_template_takes_the_forms() -> None:
    own = template_for("pupil_pupil", "адаптированный – неадаптированный")
    general = template_for("pupil_pupil", "лидер – пассивный")
    assert own is not None and own.role_model == "адаптированный – неадаптированный"
    assert general is not None and general.role_model is None
    assert template_for("no_such_form", None) is None


# --- deadlines -----------------------------------------------------------------------------


def test_deadlines_spread_to_the_end_of_the_school_year() -> None:
    deadlines = plans.spread_deadlines(4, dt.date(2025, 11, 20))
    assert deadlines == sorted(deadlines)
    assert deadlines[0] > dt.date(2025, 11, 20)
    assert deadlines[-1] == dt.date(2026, 5, 31)
    gaps = {(b - a).days for a, b in itertools.pairwise(deadlines)}
    assert max(gaps) - min(gaps) <= 1


def test_deadlines_in_the_summer_go_to_the_next_school_year() -> None:
    deadlines = plans.spread_deadlines(10, dt.date(2026, 7, 10))
    assert deadlines[0] > dt.date(2026, 9, 1)
    assert deadlines[-1] == dt.date(2027, 5, 31)


# --- fill from a template ------------------------------------------------------------------


def test_fill_from_template_adds_goals_and_tasks_with_deadlines(db: Database,
                                                                school: PlanSchool) -> None:
    added = plans.fill_from_template(db, school.pupil_pair, today=TODAY)
    template = template_for("pupil_pupil", "адаптированный – неадаптированный")
    assert template is not None and added == template.task_count
    shown = plans.plan(db, school.pupil_pair, today=TODAY)
    goals = [line.text for line in shown.lines if line.is_goal]
    assert goals == [d.direction for d in template.directions]
    tasks = [line for line in shown.lines if not line.is_goal]
    assert [t.text for t in tasks] == [task.text for d in template.directions for task in d.tasks]
    assert all(t.due_on is not None and TODAY < t.due_on <= dt.date(2026, 5, 31) for t in tasks)
    assert tasks[-1].due_on == dt.date(2026, 5, 31)
    assert tasks[2].direction == "Адаптация в новом коллективе"
    assert (shown.total, shown.done, shown.overdue) == (template.task_count, 0, 0)
    assert audit_actions(db)[-1] == "plan_fill"


def test_fill_from_template_appends_after_the_existing_plan(db: Database,
                                                            school: PlanSchool) -> None:
    first = plans.add_task(db, school.teacher_pair, text="Своя задача", due_on=TODAY)
    plans.fill_from_template(db, school.teacher_pair, today=TODAY)
    assert plans.plan(db, school.teacher_pair, today=TODAY).lines[0].id == first


def test_fill_before_the_pair_was_formed_starts_from_its_formation(db: Database,
                                                                    school: PlanSchool) -> None:
    plans.fill_from_template(db, school.employer_pair, today=FORMED - 300 * DAY)
    tasks = [line for line in plans.plan(db, school.employer_pair, today=FORMED).lines
             if not line.is_goal]
    assert min(t.due_on for t in tasks if t.due_on) > FORMED


# --- add, edit, delete, mark done ----------------------------------------------------------


def test_add_edit_delete_a_task(db: Database, school: PlanSchool) -> None:
    task = plans.add_task(db, school.teacher_pair, text="  Открытый урок  ",
                          due_on=FORMED + 10 * DAY, result="урок проведён")
    item = stored(db, task)
    assert item is not None and item.text == "Открытый урок" and item.kind is PlanItemKind.TASK
    plans.edit_task(db, task, text="Два открытых урока", due_on=FORMED + 20 * DAY, result="")
    item = stored(db, task)
    assert item is not None
    assert (item.text, item.due_on, item.result) == ("Два открытых урока", FORMED + 20 * DAY, "")
    plans.delete_task(db, task)
    assert stored(db, task) is None
    assert audit_actions(db)[-3:] == ["plan_add", "plan_edit", "plan_delete"]


def test_a_deadline_on_the_day_the_pair_was_formed_is_allowed(db: Database,
                                                              school: PlanSchool) -> None:
    plans.add_task(db, school.teacher_pair, text="Знакомство", due_on=FORMED)


@pytest.mark.parametrize("text", ["", "   \n"])
def test_an_empty_content_is_refused(db: Database, school: PlanSchool, text: str) -> None:
    with pytest.raises(ValidationError, match="Содержание задачи не заполнено"):
        plans.add_task(db, school.teacher_pair, text=text)
    task = plans.add_task(db, school.teacher_pair, text="Задача")
    with pytest.raises(ValidationError, match="Содержание задачи не заполнено"):
        plans.edit_task(db, task, text=text, due_on=None)


def test_a_deadline_before_the_pair_was_formed_is_refused(db: Database,
                                                          school: PlanSchool) -> None:
    with pytest.raises(ValidationError, match="раньше, чем сформирована пара"):
        plans.add_task(db, school.teacher_pair, text="Задача", due_on=FORMED - DAY)
    task = plans.add_task(db, school.teacher_pair, text="Задача", due_on=FORMED)
    with pytest.raises(ValidationError, match=r"01\.10\.2025"):
        plans.edit_task(db, task, text="Задача", due_on=FORMED - DAY)
    item = stored(db, task)
    assert item is not None and item.due_on == FORMED


def test_mark_done_and_undone(db: Database, school: PlanSchool) -> None:
    task = plans.add_task(db, school.teacher_pair, text="Задача", due_on=TODAY - DAY)
    assert plans.plan(db, school.teacher_pair, today=TODAY).overdue == 1
    plans.mark_done(db, task, TODAY, today=TODAY)
    shown = plans.plan(db, school.teacher_pair, today=TODAY)
    assert (shown.done, shown.overdue, shown.lines[0].done_on) == (1, 0, TODAY)
    plans.mark_done(db, task, None, today=TODAY)
    assert plans.plan(db, school.teacher_pair, today=TODAY).done == 0
    assert audit_actions(db)[-2:] == ["plan_done", "plan_done"]


def test_a_done_date_in_the_future_is_refused(db: Database, school: PlanSchool) -> None:
    task = plans.add_task(db, school.teacher_pair, text="Задача")
    with pytest.raises(ValidationError, match="ещё не наступила"):
        plans.mark_done(db, task, TODAY + DAY, today=TODAY)
    item = stored(db, task)
    assert item is not None and item.done_on is None


def test_a_done_date_before_the_pair_was_formed_is_refused(db: Database,
                                                           school: PlanSchool) -> None:
    task = plans.add_task(db, school.teacher_pair, text="Задача")
    with pytest.raises(ValidationError, match="раньше, чем сформирована пара"):
        plans.mark_done(db, task, FORMED - DAY, today=TODAY)


def test_a_missing_task_or_pair_is_a_russian_error(db: Database, school: PlanSchool) -> None:
    with pytest.raises(ValidationError, match="Задача плана не найдена"):
        plans.mark_done(db, 999, TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="Пара не найдена"):
        plans.add_task(db, 999, text="Задача")
    with pytest.raises(ValidationError, match="Пара не найдена"):
        plans.plan(db, 999, today=TODAY)


def test_a_refused_write_leaves_no_audit_entry(db: Database, school: PlanSchool) -> None:
    before = audit_actions(db)
    with pytest.raises(ValidationError):
        plans.add_task(db, school.teacher_pair, text="Задача", due_on=FORMED - DAY)
    assert audit_actions(db) == before


# --- the plan and the control sheet --------------------------------------------------------


def test_overdue_is_a_task_not_done_after_its_deadline_day(db: Database,
                                                          school: PlanSchool) -> None:
    pair = school.teacher_pair
    goal = plans.add_task(db, pair, text="Цель", kind=PlanItemKind.GOAL)
    late = plans.add_task(db, pair, text="Просрочена", due_on=TODAY - DAY)
    today = plans.add_task(db, pair, text="Срок сегодня", due_on=TODAY)
    undated = plans.add_task(db, pair, text="Без срока")
    done_late = plans.add_task(db, pair, text="Сделана", due_on=TODAY - 5 * DAY)
    plans.mark_done(db, done_late, TODAY - DAY, today=TODAY)
    flags = {line.id: line.overdue for line in plans.plan(db, pair, today=TODAY).lines}
    assert flags == {goal: False, late: True, today: False, undated: False, done_late: False}
    shown = plans.plan(db, pair, today=TODAY)
    assert (shown.total, shown.done, shown.overdue) == (4, 1, 1)
    assert shown.progress == 0.25


def test_plan_progress_counts_per_pair_in_one_query(db: Database, school: PlanSchool) -> None:
    plans.fill_from_template(db, school.pupil_pair, today=TODAY)
    late = plans.add_task(db, school.teacher_pair, text="Просрочена", due_on=TODAY - DAY)
    plans.add_task(db, school.teacher_pair, text="Срок сегодня", due_on=TODAY)
    done = plans.add_task(db, school.teacher_pair, text="Сделана", due_on=TODAY - DAY)
    plans.add_task(db, school.teacher_pair, text="Цель", kind=PlanItemKind.GOAL,
                   due_on=TODAY - DAY)
    plans.mark_done(db, done, TODAY, today=TODAY)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        rows = {r.pair_id: r for r in plans.plan_progress(db, school.programme_id, today=TODAY)}
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    pupil_tasks = plans.plan(db, school.pupil_pair, today=TODAY).total
    assert (rows[school.pupil_pair].tasks, rows[school.pupil_pair].done,
            rows[school.pupil_pair].overdue) == (pupil_tasks, 0, 0)
    assert (rows[school.teacher_pair].tasks, rows[school.teacher_pair].done,
            rows[school.teacher_pair].overdue) == (3, 1, 1)
    assert (rows[school.employer_pair].tasks, rows[school.employer_pair].done,
            rows[school.employer_pair].overdue) == (0, 0, 0)
    assert late in {line.id for line in plans.plan(db, school.teacher_pair, today=TODAY).lines}
    later = {r.pair_id: r for r in plans.plan_progress(db, school.programme_id,
                                                       today=dt.date(2026, 6, 1))}
    assert later[school.pupil_pair].overdue == pupil_tasks


def test_plan_progress_keeps_other_programmes_out(db: Database, school: PlanSchool) -> None:
    assert plans.plan_progress(db, school.programme_id + 1, today=TODAY) == ()


def test_a_form_without_a_template_is_refused_in_russian(db: Database,
                                                         school: PlanSchool) -> None:
    with db.transaction() as session:
        form = MentoringForm(code="custom", name="своя форма")
        session.add(form)
        session.flush()
        session.get_one(MentoringPair, school.employer_pair).form_id = form.id
    with pytest.raises(ValidationError, match="нет шаблона плана"):
        plans.fill_from_template(db, school.employer_pair, today=TODAY)
    assert plans.plan(db, school.employer_pair, today=TODAY).lines == ()


def test_plan_rows_are_built_only_by_the_plans_writer() -> None:
    """`PlanItem` rows are constructed only in services/plans/tasks.py (the demo school's
    builder, which writes a whole invented school, is left aside)."""
    package = Path(plans.__file__).resolve().parents[2]

    def builds(path: Path) -> bool:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else \
                    func.attr if isinstance(func, ast.Attribute) else ""
                if name == "PlanItem":
                    return True
        return False

    writers = {p.relative_to(package).as_posix() for p in package.rglob("*.py")
               if "demo" not in p.relative_to(package).parts and builds(p)}
    assert writers == {"services/plans/tasks.py"}


def test_fill_plan_inside_a_callers_transaction_rolls_back_with_it(db: Database,
                                                                   school: PlanSchool) -> None:
    """The stage 6 wizard fills many plans in its one transaction: a failure keeps none."""
    with pytest.raises(ValidationError), db.transaction() as session:
        plans.fill_plan(session, school.teacher_pair, today=TODAY)
        plans.fill_plan(session, 999, today=TODAY)
    assert plans.plan(db, school.teacher_pair, today=TODAY).lines == ()
    assert "plan_fill" not in audit_actions(db)
