"""The development plan (ИПР): the writes and their rules, undo and redo of each, the plan and
the control sheet's progress, against a real SQLite file."""

from __future__ import annotations

import ast
import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PlanItemKind
from nastavnik_desktop.data.models import (
    AuditEntry,
    MentoringForm,
    MentoringPair,
    PairMentee,
    PlanItem,
    PlanTemplate,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import pairs, plans
from nastavnik_desktop.services.pairs.history import BoardChange
from nastavnik_desktop.services.plans import TaskEntry
from nastavnik_desktop.services.plans.templates import TEMPLATES
from tests.helpers.plans import FORMED, PlanSchool

DAY = dt.timedelta(days=1)
TODAY = dt.date(2025, 11, 20)  # a fixed day: never the clock


def audit_actions(db: Database) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def rows(db: Database, pair_id: int) -> list[tuple[Any, ...]]:
    """Everything the plan holds of a pair, exactly (for undo/redo checks)."""
    with db.reading() as session:
        items = [(i.id, i.kind, i.direction, i.text, i.action, i.due_on, i.result, i.done_on,
                  i.mentee_profile_id, i.sort_order) for i in session.scalars(
                      select(PlanItem).where(PlanItem.pair_id == pair_id).order_by(PlanItem.id))]
        members = [(m.mentee_profile_id, m.strengths, m.growth_points) for m in session.scalars(
            select(PairMentee).where(PairMentee.pair_id == pair_id).order_by(PairMentee.id))]
    return [*items, *members]


def tasks_of(db: Database, pair_id: int, today: dt.date = TODAY) -> list[plans.PlanLine]:
    return list(plans.plan(db, pair_id, today=today).tasks)


def task(text: str, **kwargs: Any) -> TaskEntry:
    return TaskEntry(text=text, **kwargs)


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


@pytest.mark.parametrize("source", TEMPLATES, ids=lambda t: t.title)
def test_every_seeded_template_fills_a_plan_with_its_columns(db: Database, school: PlanSchool,
                                                             source: Any) -> None:
    """Each methodology template, put on a pair of its form, fills direction, content, action,
    deadline and expected result of every task."""
    found = [t for t in plans.plan_templates(db) if t.is_seeded and t.title == source.title]
    assert len(found) == 1
    template = found[0]
    with db.transaction() as session:
        session.get_one(MentoringPair, school.teacher_pair).form_id = template.form_id
        session.get_one(MentoringPair, school.teacher_pair).role_model_id = None
    change = plans.fill_from_template(db, school.teacher_pair, today=TODAY,
                                      template_id=template.id)
    shown = tasks_of(db, school.teacher_pair)
    expected = [(d.direction, t.content, t.action, t.result)
                for d in source.directions for t in d.tasks]
    assert [(t.direction, t.text, t.action, t.result) for t in shown] == expected
    assert all(t.due_on is not None and TODAY < t.due_on <= dt.date(2026, 5, 31)
               for t in shown)
    assert shown[-1].due_on == dt.date(2026, 5, 31)
    assert all(t.done_on is None and not t.overdue for t in shown)
    assert isinstance(change, BoardChange) and change.pair_id == school.teacher_pair
    assert audit_actions(db)[-1] == "plan_fill"


def test_fill_picks_the_role_models_template_else_the_forms(db: Database,
                                                            school: PlanSchool) -> None:
    own = plans.template_for_pair(db, school.pupil_pair)
    general = plans.template_for_pair(db, school.employer_pair)
    assert own is not None and own.role_model_name == "адаптированный – неадаптированный"
    assert general is not None and general.role_model_name == ""
    plans.fill_from_template(db, school.pupil_pair, today=TODAY)
    assert [t.text for t in tasks_of(db, school.pupil_pair)] == [
        line.content for line in own.lines if line.kind is PlanItemKind.TASK]


def test_fill_appends_after_the_plan_or_replaces_its_tasks(db: Database,
                                                          school: PlanSchool) -> None:
    pair = school.teacher_pair
    mentee = school.mentees[pair][0]
    plans.add_task(db, pair, task("Своя задача", due_on=TODAY), today=TODAY)
    plans.add_goal(db, pair, "Своя цель наставляемой", mentee_profile_id=mentee)
    count = len(plans.template_for_pair(db, pair).lines)  # type: ignore[union-attr]
    plans.fill_from_template(db, pair, today=TODAY)
    shown = plans.plan(db, pair, today=TODAY)
    assert shown.tasks[0].text == "Своя задача" and shown.total == count + 1
    plans.fill_from_template(db, pair, today=TODAY, replace=True)
    shown = plans.plan(db, pair, today=TODAY)
    assert shown.total == count and "Своя задача" not in [t.text for t in shown.tasks]
    assert [g.text for g in shown.mentees[0].goals] == ["Своя цель наставляемой"]


def test_due_after_days_count_from_the_day_of_filling(db: Database, school: PlanSchool) -> None:
    template = plans.template_for_pair(db, school.teacher_pair)
    assert template is not None
    lines = [plans.TemplateLine(PlanItemKind.GOAL, "", "Уверенно вести уроки"),
             plans.TemplateLine(PlanItemKind.TASK, "Методика", "Открытый урок", "провести",
                                "урок проведён", 14),
             plans.TemplateLine(PlanItemKind.TASK, "Методика", "Без срока")]
    plans.save_template_items(db, template.id, lines)
    plans.fill_from_template(db, school.teacher_pair, today=TODAY)
    shown = plans.plan(db, school.teacher_pair, today=TODAY)
    assert [(t.text, t.due_on) for t in shown.tasks] == [
        ("Открытый урок", TODAY + 14 * DAY), ("Без срока", dt.date(2026, 5, 31))]
    assert [g.text for g in shown.pair_goals] == ["Уверенно вести уроки"]


def test_deadlines_start_from_the_day_chosen_and_many_are_set_at_once(
        db: Database, school: PlanSchool) -> None:
    pair = school.teacher_pair
    plans.fill_from_template(db, pair, today=TODAY, start=dt.date(2026, 1, 10))
    shown = tasks_of(db, pair)
    assert min(t.due_on for t in shown if t.due_on) > dt.date(2026, 1, 10)
    plans.set_deadline(db, [shown[0].id, shown[1].id], TODAY + 7 * DAY)
    assert [t.due_on for t in tasks_of(db, pair)[:2]] == [TODAY + 7 * DAY] * 2
    with pytest.raises(ValidationError, match="раньше, чем сформирована пара"):
        plans.set_deadline(db, [shown[0].id], FORMED - DAY)
    assert audit_actions(db)[-1] == "plan_due"


def test_fill_before_the_pair_was_formed_starts_from_its_formation(db: Database,
                                                                    school: PlanSchool) -> None:
    plans.fill_from_template(db, school.employer_pair, today=FORMED - 300 * DAY)
    assert min(t.due_on for t in tasks_of(db, school.employer_pair, FORMED) if t.due_on) > FORMED


def test_fill_plan_inside_a_callers_transaction_rolls_back_with_it(db: Database,
                                                                   school: PlanSchool) -> None:
    """The stage 6 wizard fills many plans in its one transaction: a failure keeps none."""
    with pytest.raises(ValidationError), db.transaction() as session:
        assert plans.fill_plan(session, school.teacher_pair, today=TODAY) > 0
        plans.set_strengths_in(session, school.teacher_pair,
                               {school.mentees[school.teacher_pair][0]: ("a", "b")})
        plans.fill_plan(session, 999, today=TODAY)
    assert plans.plan(db, school.teacher_pair, today=TODAY).lines == ()
    assert plans.plan(db, school.teacher_pair, today=TODAY).mentees[0].strengths == ""
    assert "plan_fill" not in audit_actions(db)


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


# --- add, edit, delete, mark done ----------------------------------------------------------


def test_add_and_edit_a_task_store_every_column(db: Database, school: PlanSchool) -> None:
    pair = school.teacher_pair
    plans.add_task(db, pair, task("  Открытый урок  ", direction="Методика", action="провести",
                                  due_on=FORMED + 10 * DAY, result="урок проведён"), today=TODAY)
    (line,) = tasks_of(db, pair)
    assert (line.direction, line.text, line.action, line.due_on, line.result, line.done_on) == (
        "Методика", "Открытый урок", "провести", FORMED + 10 * DAY, "урок проведён", None)
    plans.edit_task(db, line.id, task("Два урока", due_on=FORMED + 20 * DAY,
                                      done_on=TODAY), today=TODAY)
    (line,) = tasks_of(db, pair)
    assert (line.direction, line.text, line.due_on, line.done_on) == (
        "", "Два урока", FORMED + 20 * DAY, TODAY)
    assert audit_actions(db)[-2:] == ["plan_add", "plan_edit"]


def test_goals_of_a_mentee_and_of_the_pair(db: Database, school: PlanSchool) -> None:
    pair = school.employer_pair
    first, second = school.mentees[pair]
    plans.add_goal(db, pair, "Выбрать профессию", mentee_profile_id=second)
    plans.add_goal(db, pair, "Общий проект")
    shown = plans.plan(db, pair, today=TODAY)
    by_mentee = {m.mentee_profile_id: [g.text for g in m.goals] for m in shown.mentees}
    assert by_mentee == {first: [], second: ["Выбрать профессию"]}
    assert [g.text for g in shown.pair_goals] == ["Общий проект"]
    assert shown.total == 0
    plans.edit_goal(db, shown.pair_goals[0].id, "Общий проект для предприятия")
    assert plans.plan(db, pair, today=TODAY).pair_goals[0].text == "Общий проект для предприятия"
    with pytest.raises(ValidationError, match="не состоит в паре"):
        plans.add_goal(db, pair, "Цель", mentee_profile_id=school.mentees[school.pupil_pair][0])


def test_strengths_and_points_of_growth_per_mentee(db: Database, school: PlanSchool) -> None:
    pair = school.employer_pair
    first, second = school.mentees[pair]
    plans.set_strengths(db, pair, {first: plans.Strengths(" рисует ", "усидчивость"),
                                   second: ("лидер", "")})
    shown = {m.mentee_profile_id: (m.strengths, m.growth_points)
             for m in plans.plan(db, pair, today=TODAY).mentees}
    assert shown == {first: ("рисует", "усидчивость"), second: ("лидер", "")}
    assert audit_actions(db)[-1] == "plan_strengths"
    with pytest.raises(ValidationError, match="не состоит в паре"):
        plans.set_strengths(db, pair, {school.mentees[school.teacher_pair][0]: ("a", "b")})


def test_delete_many_lines_at_once(db: Database, school: PlanSchool) -> None:
    pair = school.teacher_pair
    plans.fill_from_template(db, pair, today=TODAY)
    before = tasks_of(db, pair)
    plans.delete_items(db, [before[0].id, before[2].id])
    assert [t.id for t in tasks_of(db, pair)] == [t.id for t in before if t not in
                                                   (before[0], before[2])]
    assert audit_actions(db)[-1] == "plan_delete"


def test_mark_many_done_in_one_action_and_undone(db: Database, school: PlanSchool) -> None:
    pair = school.teacher_pair
    plans.fill_from_template(db, pair, today=TODAY)
    first, second, *_rest = tasks_of(db, pair)
    plans.mark_done(db, [first.id, second.id], TODAY - DAY, today=TODAY)
    shown = plans.plan(db, pair, today=TODAY)
    assert [t.done_on for t in shown.tasks[:2]] == [TODAY - DAY] * 2
    assert all(t.done_on is None for t in shown.tasks[2:]) and shown.done == 2
    assert audit_actions(db).count("plan_done") == 1
    plans.mark_done(db, [first.id], None, today=TODAY)
    assert plans.plan(db, pair, today=TODAY).done == 1


def test_lines_of_two_pairs_or_none_are_refused(db: Database, school: PlanSchool) -> None:
    plans.fill_from_template(db, school.teacher_pair, today=TODAY)
    plans.fill_from_template(db, school.pupil_pair, today=TODAY)
    mixed = [tasks_of(db, school.teacher_pair)[0].id, tasks_of(db, school.pupil_pair)[0].id]
    with pytest.raises(ValidationError, match="разных пар"):
        plans.mark_done(db, mixed, TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="Не выбрано"):
        plans.delete_items(db, [])


def test_a_deadline_on_the_day_the_pair_was_formed_is_allowed(db: Database,
                                                              school: PlanSchool) -> None:
    plans.add_task(db, school.teacher_pair, task("Знакомство", due_on=FORMED), today=TODAY)


@pytest.mark.parametrize("text", ["", "   \n"])
def test_an_empty_content_is_refused(db: Database, school: PlanSchool, text: str) -> None:
    with pytest.raises(ValidationError, match="Содержание задачи не заполнено"):
        plans.add_task(db, school.teacher_pair, task(text), today=TODAY)
    plans.add_task(db, school.teacher_pair, task("Задача"), today=TODAY)
    (line,) = tasks_of(db, school.teacher_pair)
    with pytest.raises(ValidationError, match="Содержание задачи не заполнено"):
        plans.edit_task(db, line.id, task(text), today=TODAY)
    with pytest.raises(ValidationError, match="Цель не заполнена"):
        plans.add_goal(db, school.teacher_pair, text)


def test_a_deadline_before_the_pair_was_formed_is_refused(db: Database,
                                                          school: PlanSchool) -> None:
    with pytest.raises(ValidationError, match="раньше, чем сформирована пара"):
        plans.add_task(db, school.teacher_pair, task("Задача", due_on=FORMED - DAY),
                       today=TODAY)
    plans.add_task(db, school.teacher_pair, task("Задача", due_on=FORMED), today=TODAY)
    (line,) = tasks_of(db, school.teacher_pair)
    with pytest.raises(ValidationError, match=r"01\.10\.2025"):
        plans.edit_task(db, line.id, task("Задача", due_on=FORMED - DAY), today=TODAY)
    assert tasks_of(db, school.teacher_pair)[0].due_on == FORMED


def test_a_done_date_in_the_future_or_before_the_pair_is_refused(db: Database,
                                                                 school: PlanSchool) -> None:
    plans.add_task(db, school.teacher_pair, task("Задача"), today=TODAY)
    (line,) = tasks_of(db, school.teacher_pair)
    with pytest.raises(ValidationError, match="ещё не наступила"):
        plans.mark_done(db, [line.id], TODAY + DAY, today=TODAY)
    with pytest.raises(ValidationError, match="раньше, чем сформирована пара"):
        plans.mark_done(db, [line.id], FORMED - DAY, today=TODAY)
    assert tasks_of(db, school.teacher_pair)[0].done_on is None


def test_a_missing_line_or_pair_is_a_russian_error(db: Database, school: PlanSchool) -> None:
    with pytest.raises(ValidationError, match="Строка плана не найдена"):
        plans.mark_done(db, [999], TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="Пара не найдена"):
        plans.add_task(db, 999, task("Задача"), today=TODAY)
    with pytest.raises(ValidationError, match="Пара не найдена"):
        plans.plan(db, 999, today=TODAY)


def test_a_refused_write_leaves_no_audit_entry(db: Database, school: PlanSchool) -> None:
    before = audit_actions(db)
    with pytest.raises(ValidationError):
        plans.add_task(db, school.teacher_pair, task("Задача", due_on=FORMED - DAY),
                       today=TODAY)
    assert audit_actions(db) == before


# --- undo and redo -------------------------------------------------------------------------


def _writes(school: PlanSchool) -> dict[str, Callable[[Database], BoardChange]]:
    pair = school.employer_pair
    mentee = school.mentees[pair][0]

    def first_task(db: Database) -> int:
        return tasks_of(db, pair)[0].id

    return {
        "add": lambda db: plans.add_task(db, pair, task("Новая", due_on=TODAY), today=TODAY),
        "edit": lambda db: plans.edit_task(db, first_task(db), task("Другая"), today=TODAY),
        "delete": lambda db: plans.delete_items(db, [t.id for t in tasks_of(db, pair)[:2]]),
        "done": lambda db: plans.mark_done(db, [t.id for t in tasks_of(db, pair)[:3]], TODAY,
                                           today=TODAY),
        "fill": lambda db: plans.fill_from_template(db, pair, today=TODAY),
        "replace": lambda db: plans.fill_from_template(db, pair, today=TODAY, replace=True),
        "due": lambda db: plans.set_deadline(db, [t.id for t in tasks_of(db, pair)[1:3]],
                                             TODAY + 3 * DAY),
        "start": lambda db: plans.fill_from_template(db, pair, today=TODAY,
                                                     start=TODAY + 30 * DAY),
        "goal": lambda db: plans.add_goal(db, pair, "Цель", mentee_profile_id=mentee),
        "strengths": lambda db: plans.set_strengths(db, pair, {mentee: ("сильная", "рост")}),
    }


@pytest.mark.parametrize("name", ["add", "edit", "delete", "done", "due", "fill", "start",
                                  "replace", "goal", "strengths"])
def test_every_write_is_undone_and_redone_exactly(db: Database, school: PlanSchool,
                                                   name: str) -> None:
    pair = school.employer_pair
    plans.fill_from_template(db, pair, today=TODAY)
    plans.add_task(db, pair, task("Своя задача"), today=TODAY)
    plans.set_strengths(db, pair, {school.mentees[pair][1]: ("до", "до")})
    before = rows(db, pair)
    change = _writes(school)[name](db)
    after = rows(db, pair)
    assert after != before
    pairs.undo(db, change)
    assert rows(db, pair) == before
    pairs.redo(db, change)
    assert rows(db, pair) == after


# --- the plan and the control sheet --------------------------------------------------------


def test_overdue_is_a_task_not_done_after_its_deadline_day(db: Database,
                                                          school: PlanSchool) -> None:
    pair = school.teacher_pair
    for text, due in (("Просрочена", TODAY - DAY), ("Срок сегодня", TODAY), ("Без срока", None),
                      ("Сделана", TODAY - 5 * DAY)):
        plans.add_task(db, pair, task(text, due_on=due), today=TODAY)
    plans.add_goal(db, pair, "Цель")
    done = [t.id for t in tasks_of(db, pair) if t.text == "Сделана"]
    plans.mark_done(db, done, TODAY - DAY, today=TODAY)
    shown = plans.plan(db, pair, today=TODAY)
    assert {line.text: line.overdue for line in shown.lines} == {
        "Просрочена": True, "Срок сегодня": False, "Без срока": False, "Сделана": False,
        "Цель": False}
    assert (shown.total, shown.done, shown.overdue) == (4, 1, 1)
    assert shown.progress == 0.25


def test_plan_progress_counts_per_pair_in_one_query(db: Database, school: PlanSchool) -> None:
    plans.fill_from_template(db, school.pupil_pair, today=TODAY)
    for text, due in (("Просрочена", TODAY - DAY), ("Срок сегодня", TODAY),
                      ("Сделана", TODAY - DAY)):
        plans.add_task(db, school.teacher_pair, task(text, due_on=due), today=TODAY)
    plans.add_goal(db, school.teacher_pair, "Цель")
    plans.mark_done(db, [tasks_of(db, school.teacher_pair)[2].id], TODAY, today=TODAY)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        progress = {r.pair_id: r for r in plans.plan_progress(db, school.programme_id,
                                                              today=TODAY)}
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    pupil_tasks = plans.plan(db, school.pupil_pair, today=TODAY).total
    assert (progress[school.pupil_pair].tasks, progress[school.pupil_pair].done,
            progress[school.pupil_pair].overdue) == (pupil_tasks, 0, 0)
    assert (progress[school.teacher_pair].tasks, progress[school.teacher_pair].done,
            progress[school.teacher_pair].overdue) == (3, 1, 1)
    assert (progress[school.employer_pair].tasks, progress[school.employer_pair].done,
            progress[school.employer_pair].overdue) == (0, 0, 0)
    later = {r.pair_id: r for r in plans.plan_progress(db, school.programme_id,
                                                       today=dt.date(2026, 6, 1))}
    assert later[school.pupil_pair].overdue == pupil_tasks


def test_plan_progress_keeps_other_programmes_out(db: Database, school: PlanSchool) -> None:
    assert plans.plan_progress(db, school.programme_id + 1, today=TODAY) == ()


def test_plan_rows_are_built_only_by_the_plans_writer() -> None:
    """`PlanItem` and `PlanTemplate` rows are constructed only in services/plans (the demo
    school's builder, which writes a whole invented school, is left aside)."""
    package = Path(plans.__file__).resolve().parents[2]

    def builds(path: Path, model: str) -> bool:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else \
                    func.attr if isinstance(func, ast.Attribute) else ""
                if name == model:
                    return True
        return False

    def writers(model: str) -> set[str]:
        return {p.relative_to(package).as_posix() for p in package.rglob("*.py")
                if "demo" not in p.relative_to(package).parts and builds(p, model)}

    assert writers("PlanItem") == {"services/plans/tasks.py"}
    assert writers("PlanTemplate") | writers("PlanTemplateItem") == {
        "services/plans/library.py"}
    assert PlanTemplate.__tablename__ == "plan_template"
