"""The writes of a development plan: each is one transaction with its audit entry and returns
an undoable `BoardChange` (the pair card's Ctrl+Z, shared with the board).

Rules (the one home of each): a task and a goal have a content; a deadline is not before the
pair was formed; a task is done on a day that has come and is not before the pair was formed; a
goal belongs to a mentee of the pair or to the whole pair. A task's columns: direction, content
(`text`), action, deadline (`due_on`), expected result (`result`), done on (`done_on`).

`fill_plan` and `set_strengths_in` work inside a caller's transaction (the stage 6 wizard fills
the plans of many pairs in its one transaction); the db-level writes call them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PlanItemKind
from nastavnik_desktop.data.models import (
    MentoringPair,
    PairMentee,
    PlanItem,
    PlanTemplate,
    PlanTemplateItem,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.pairs.history import BoardChange, Tracker
from nastavnik_desktop.services.pairs.rules import (
    pair_label,
    pair_logged,
    pair_number,
    pair_or_error,
)
from nastavnik_desktop.services.plans.library import (
    TemplateLine,
    best_template,
    seed_templates,
)
from nastavnik_desktop.services.programme import school_year_bounds, school_year_for
from nastavnik_desktop.text import count_phrase, format_date, shorten


@dataclass(frozen=True)
class TaskEntry:
    """A common task as the curator enters it."""

    text: str
    """The content: what is to be done."""
    direction: str = ""
    action: str = ""
    due_on: dt.date | None = None
    result: str = ""
    """The expected result."""
    done_on: dt.date | None = None


class Strengths(NamedTuple):
    """A mentee's «анализ сильных сторон»: strengths and points of growth."""

    strengths: str
    growth_points: str


# --- checks --------------------------------------------------------------------------------


def _item_or_error(session: Session, item_id: int) -> PlanItem:
    item = session.get(PlanItem, item_id)
    if item is None:
        raise ValidationError("Строка плана не найдена: возможно, её удалили. "
                              "Обновите план.")
    return item


def _checked_text(text: str, missing: str = "Содержание задачи не заполнено. "
                  "Напишите, что нужно сделать.") -> str:
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError(missing)
    return cleaned


_NO_GOAL = "Цель не заполнена. Напишите, чего наставляемый должен достичь."


def _check_due(pair: MentoringPair, due_on: dt.date | None) -> None:
    if due_on is not None and pair.formed_on is not None and due_on < pair.formed_on:
        raise ValidationError(
            f"Срок {format_date(due_on)} раньше, чем сформирована пара "
            f"({format_date(pair.formed_on)}). Укажите срок не раньше этой даты.")


def _check_done(pair: MentoringPair, on: dt.date | None, today: dt.date) -> None:
    if on is None:
        return
    if on > today:
        raise ValidationError(
            f"Дата выполнения {format_date(on)} ещё не наступила. "
            "Укажите сегодняшнюю или прошедшую дату.")
    if pair.formed_on is not None and on < pair.formed_on:
        raise ValidationError(
            f"Дата выполнения {format_date(on)} раньше, чем сформирована пара "
            f"({format_date(pair.formed_on)}). Проверьте дату.")


def _members(session: Session, pair_id: int) -> dict[int, PairMentee]:
    return {m.mentee_profile_id: m for m in session.scalars(
        select(PairMentee).where(PairMentee.pair_id == pair_id))}


def _check_mentee(session: Session, pair: MentoringPair, mentee_id: int | None) -> None:
    if mentee_id is not None and mentee_id not in _members(session, pair.id):
        raise ValidationError("Этот наставляемый не состоит в паре. Обновите план.")


def _next_order(session: Session, pair_id: int) -> int:
    last = session.scalar(select(func.max(PlanItem.sort_order))
                          .where(PlanItem.pair_id == pair_id))
    return 0 if last is None else last + 1


def _task_columns(entry: TaskEntry) -> dict[str, object]:
    return {"text": _checked_text(entry.text), "direction": entry.direction.strip(),
            "action": entry.action.strip(), "due_on": entry.due_on,
            "result": entry.result.strip(), "done_on": entry.done_on}


# --- tasks and goals -----------------------------------------------------------------------


def add_task(db: Database, pair_id: int, entry: TaskEntry, *, today: dt.date) -> BoardChange:
    """A common task at the end of the pair's plan."""
    columns = _task_columns(entry)
    with db.transaction() as session:
        pair = pair_or_error(session, pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        _check_due(pair, entry.due_on)
        _check_done(pair, entry.done_on, today)
        item = PlanItem(pair_id=pair.id, kind=PlanItemKind.TASK,
                        sort_order=_next_order(session, pair.id), **columns)
        session.add(item)
        session.flush()
        summary = f"{pair_label(pair)}: в план добавлено «{shorten(item.text)}»"
        logged = pair_logged(pair, summary)
        audit.record(session, "plan_add", "plan_item", item.id, logged, pair_id=pair.id,
                     due_on=item.due_on)
        return tracker.finish(summary, pair.id, logged=logged)


def edit_task(db: Database, task_id: int, entry: TaskEntry, *, today: dt.date) -> BoardChange:
    """The task's columns as entered."""
    columns = _task_columns(entry)
    with db.transaction() as session:
        item = _item_or_error(session, task_id)
        pair = pair_or_error(session, item.pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        _check_due(pair, entry.due_on)
        _check_done(pair, entry.done_on, today)
        for name, value in columns.items():
            setattr(item, name, value)
        summary = f"{pair_label(pair)}: изменена задача «{shorten(item.text)}»"
        logged = pair_logged(pair, summary)
        audit.record(session, "plan_edit", "plan_item", item.id, logged, pair_id=pair.id)
        return tracker.finish(summary, pair.id, logged=logged)


def add_goal(db: Database, pair_id: int, text: str, *,
             mentee_profile_id: int | None = None) -> BoardChange:
    """A goal of one mentee of the pair (or of the whole pair when `mentee_profile_id` is
    None)."""
    text = _checked_text(text, _NO_GOAL)
    with db.transaction() as session:
        pair = pair_or_error(session, pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        _check_mentee(session, pair, mentee_profile_id)
        item = PlanItem(pair_id=pair.id, kind=PlanItemKind.GOAL, text=text,
                        mentee_profile_id=mentee_profile_id,
                        sort_order=_next_order(session, pair.id))
        session.add(item)
        session.flush()
        summary = f"{pair_label(pair)}: в план добавлена цель «{shorten(text)}»"
        logged = pair_logged(pair, summary)
        audit.record(session, "plan_add", "plan_item", item.id, logged, pair_id=pair.id,
                     kind=PlanItemKind.GOAL.value)
        return tracker.finish(summary, pair.id, logged=logged)


def edit_goal(db: Database, goal_id: int, text: str) -> BoardChange:
    text = _checked_text(text, _NO_GOAL)
    with db.transaction() as session:
        item = _item_or_error(session, goal_id)
        pair = pair_or_error(session, item.pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        item.text = text
        summary = f"{pair_label(pair)}: изменена цель «{shorten(text)}»"
        logged = pair_logged(pair, summary)
        audit.record(session, "plan_edit", "plan_item", item.id, logged, pair_id=pair.id)
        return tracker.finish(summary, pair.id, logged=logged)


def _items_of_one_pair(session: Session, item_ids: Collection[int]) -> list[PlanItem]:
    if not item_ids:
        raise ValidationError("Не выбрано ни одной строки плана. Выделите строки в таблице.")
    items = [_item_or_error(session, item_id) for item_id in sorted(set(item_ids))]
    if len({item.pair_id for item in items}) != 1:
        raise ValidationError("Выбраны строки планов разных пар. Выберите строки одной пары.")
    return items


def delete_items(db: Database, item_ids: Collection[int]) -> BoardChange:
    """Delete tasks or goals (of one pair) at once."""
    with db.transaction() as session:
        items = _items_of_one_pair(session, item_ids)
        pair = pair_or_error(session, items[0].pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        what = (f"«{shorten(items[0].text)}»" if len(items) == 1 else
                count_phrase(len(items), "строка", "строки", "строк"))
        summary = f"{pair_label(pair)}: из плана удалено {what}"
        logged = pair_logged(pair, summary)
        audit.record(session, "plan_delete", "mentoring_pair", pair.id, logged,
                     texts=[item.text for item in items])
        for item in items:
            session.delete(item)
        session.flush()
        return tracker.finish(summary, pair.id, logged=logged)


def mark_done(db: Database, task_ids: Collection[int], on: dt.date | None, *,
              today: dt.date) -> BoardChange:
    """The tasks (of one pair) done on `on`, or not done when `on` is None — one action."""
    return _set_on_tasks(
        db, task_ids, "done_on", on, check=lambda pair: _check_done(pair, on, today),
        refusal="Выполненными отмечаются задачи, а выбраны только цели.",
        state=f"выполнено {format_date(on)}" if on else "снова не выполнено",
        action="plan_done")


def set_deadline(db: Database, task_ids: Collection[int], due_on: dt.date | None) -> BoardChange:
    """One deadline for the tasks (of one pair) at once (None: without a deadline)."""
    return _set_on_tasks(
        db, task_ids, "due_on", due_on, check=lambda pair: _check_due(pair, due_on),
        refusal="Срок ставится задачам, а выбраны только цели.",
        state=f"срок {format_date(due_on)}" if due_on else "без срока", action="plan_due")


def _set_on_tasks(db: Database, task_ids: Collection[int], column: str, value: dt.date | None,
                  *, check: Callable[[MentoringPair], None], refusal: str, state: str,
                  action: str) -> BoardChange:
    """`column` = `value` for the tasks among `task_ids` (goals are left as they are), after
    `check` of their pair; one undoable change with its audit entry."""
    with db.transaction() as session:
        items = _items_of_one_pair(session, task_ids)
        pair = pair_or_error(session, items[0].pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        check(pair)
        tasks = [item for item in items if item.kind is PlanItemKind.TASK]
        if not tasks:
            raise ValidationError(refusal)
        for item in tasks:
            setattr(item, column, value)
        what = (f"«{shorten(tasks[0].text)}»" if len(tasks) == 1 else
                count_phrase(len(tasks), "задача", "задачи", "задач"))
        summary = f"{pair_label(pair)}: {what} — {state}"
        logged = pair_logged(pair, summary)
        audit.record(session, action, "mentoring_pair", pair.id, logged,
                     tasks=[item.id for item in tasks], after=value)
        return tracker.finish(summary, pair.id, logged=logged)


# --- strengths -----------------------------------------------------------------------------


def set_strengths_in(session: Session, pair_id: int,
                     values: Mapping[int, Strengths | tuple[str, str]]) -> None:
    """The strengths and points of growth of the pair's mentees (keyed by mentee profile id)
    inside a caller's transaction; no audit entry (the caller writes its own)."""
    pair = pair_or_error(session, pair_id)
    members = _members(session, pair.id)
    for mentee_id, (strengths, growth) in values.items():
        member = members.get(mentee_id)
        if member is None:
            raise ValidationError("Этот наставляемый не состоит в паре. Обновите план.")
        member.strengths, member.growth_points = strengths.strip(), growth.strip()
    session.flush()


def set_strengths(db: Database, pair_id: int,
                  values: Mapping[int, Strengths | tuple[str, str]]) -> BoardChange:
    """`set_strengths_in` in its own transaction with its audit entry (undoable)."""
    with db.transaction() as session:
        pair = pair_or_error(session, pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        set_strengths_in(session, pair.id, values)
        summary = f"{pair_label(pair)}: записаны сильные стороны и точки роста"
        logged = pair_logged(pair, summary)
        audit.record(session, "plan_strengths", "mentoring_pair", pair.id, logged)
        return tracker.finish(summary, pair.id, logged=logged)


# --- filling from a template ---------------------------------------------------------------


def spread_deadlines(count: int, start: dt.date) -> list[dt.date]:
    """`count` deadlines spread evenly after `start` up to the end of its school year (31 May);
    from June to August, over the next school year."""
    year_start, year_end = school_year_bounds(school_year_for(start))
    if start > year_end:  # the summer: plan the coming school year
        year_start, year_end = school_year_bounds(f"{start.year}/{start.year + 1}")
    begin = max(start, year_start)
    span = (year_end - begin).days
    return [begin + dt.timedelta(days=round(span * (i + 1) / count)) for i in range(count)]


def template_deadlines(lines: Sequence[TemplateLine | PlanTemplateItem], start: dt.date,
                       formed_on: dt.date | None = None) -> list[dt.date | None]:
    """The deadline each line of a template gets when a plan is filled on `start` (the day the
    pair was formed if later): `due_after_days` after it, or — lines without it — spread to the
    end of the school year; None for a goal."""
    start = max(start, formed_on) if formed_on else start
    undated = [line for line in lines
               if line.kind is PlanItemKind.TASK and line.due_after_days is None]
    spread = iter(spread_deadlines(len(undated), start)) if undated else iter(())
    return [None if line.kind is PlanItemKind.GOAL
            else start + dt.timedelta(days=line.due_after_days)
            if line.due_after_days is not None else next(spread)
            for line in lines]


def fill_plan(session: Session, pair_id: int, *, today: dt.date,
              template_id: int | None = None, replace: bool = False,
              start: dt.date | None = None) -> int:
    """The template's lines added to the pair's plan inside the caller's transaction: goals as
    the pair's goals, tasks with their direction, content, action and expected result. A line's
    deadline is `due_after_days` after the day of filling (`start`, by default today; the day the
    pair was formed if later); lines without it are spread to the end of the school year. Without
    `template_id`, the template of the pair's role model, else of its form. `replace` first
    removes the plan's tasks and the pair's common goals (a mentee's own goals stay). The number
    of tasks added; one audit entry."""
    pair = pair_or_error(session, pair_id)
    seed_templates(session)
    if template_id is None:
        chosen = best_template(session, pair.form_id, pair.role_model_id)
        if chosen is None:
            raise ValidationError(f"Для формы «{pair.form.name}» нет шаблона плана. "
                                  "Добавьте задачи вручную или составьте шаблон.")
    else:
        chosen = session.get(PlanTemplate, template_id)
        if chosen is None:
            raise ValidationError("Шаблон плана не найден: возможно, его удалили. "
                                  "Выберите другой.")
    if replace:
        session.execute(delete(PlanItem).where(
            PlanItem.pair_id == pair.id,
            (PlanItem.kind == PlanItemKind.TASK) | PlanItem.mentee_profile_id.is_(None)))
    deadlines = template_deadlines(chosen.items, start or today, pair.formed_on)
    order = _next_order(session, pair.id)
    tasks = 0
    for line, due in zip(chosen.items, deadlines, strict=True):
        if line.kind is PlanItemKind.GOAL:
            session.add(PlanItem(pair_id=pair.id, kind=PlanItemKind.GOAL, text=line.content,
                                 direction=line.direction, sort_order=order))
        else:
            session.add(PlanItem(pair_id=pair.id, kind=PlanItemKind.TASK,
                                 direction=line.direction, text=line.content,
                                 action=line.action, result=line.result, due_on=due,
                                 sort_order=order))
            tasks += 1
        order += 1
    session.flush()
    words = count_phrase(tasks, "задача", "задачи", "задач")
    how = "заменён шаблоном" if replace else "заполнен по шаблону"
    audit.record(session, "plan_fill", "mentoring_pair", pair.id,
                 f"{pair_number(pair.id)}: план {how} «{shorten(chosen.title)}» ({words})",
                 template=chosen.title, template_id=chosen.id, tasks=tasks, replace=replace)
    return tasks


def fill_from_template(db: Database, pair_id: int, *, today: dt.date,
                       template_id: int | None = None, replace: bool = False,
                       start: dt.date | None = None) -> BoardChange:
    """`fill_plan` in its own transaction (undoable)."""
    with db.transaction() as session:
        pair = pair_or_error(session, pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        tasks = fill_plan(session, pair.id, today=today, template_id=template_id,
                          replace=replace, start=start)
        words = count_phrase(tasks, "задача", "задачи", "задач")
        return tracker.finish(f"{pair_label(pair)}: план по шаблону ({words})", pair.id,
                              logged=f"{pair_number(pair.id)}: план по шаблону ({words})")

