"""The writes of a development plan: each is one transaction with its audit entry.

Rules (the one home of each): a task has a content; its deadline is not before the pair was
formed; it is done on a day that has come and is not before the pair was formed. Goals (the
directions of a template) are `PlanItemKind.GOAL` rows with no deadline; the tasks after a goal
in `sort_order` belong to its direction.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PlanItemKind
from nastavnik_desktop.data.models import MentoringPair, PlanItem
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.pairs.rules import pair_label, pair_or_error
from nastavnik_desktop.services.plans.templates import PlanTemplate, template_for
from nastavnik_desktop.services.programme import school_year_bounds, school_year_for
from nastavnik_desktop.text import count_phrase, format_date, shorten


def _item_or_error(session: Session, task_id: int) -> PlanItem:
    item = session.get(PlanItem, task_id)
    if item is None:
        raise ValidationError("Задача плана не найдена: возможно, её удалили. "
                              "Обновите план.")
    return item


def _checked_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError("Содержание задачи не заполнено. Напишите, что нужно сделать.")
    return cleaned


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


def _next_order(session: Session, pair_id: int) -> int:
    last = session.scalar(select(func.max(PlanItem.sort_order))
                          .where(PlanItem.pair_id == pair_id))
    return 0 if last is None else last + 1


def add_task(db: Database, pair_id: int, *, text: str, due_on: dt.date | None = None,
             result: str = "", kind: PlanItemKind = PlanItemKind.TASK) -> int:
    """A task (or a goal) at the end of the pair's plan; its id."""
    text = _checked_text(text)
    with db.transaction() as session:
        pair = pair_or_error(session, pair_id)
        _check_due(pair, due_on)
        item = PlanItem(pair_id=pair.id, kind=PlanItemKind(kind), text=text, due_on=due_on,
                        result=result.strip(), sort_order=_next_order(session, pair.id))
        session.add(item)
        session.flush()
        audit.record(session, "plan_add", "plan_item", item.id,
                     f"{pair_label(pair)}: в план добавлено «{shorten(text)}»",
                     pair_id=pair.id, kind=item.kind.value, due_on=due_on)
        return item.id


def edit_task(db: Database, task_id: int, *, text: str, due_on: dt.date | None,
              result: str = "") -> None:
    """The task's content, deadline and expected result as entered."""
    text = _checked_text(text)
    with db.transaction() as session:
        item = _item_or_error(session, task_id)
        pair = pair_or_error(session, item.pair_id)
        _check_due(pair, due_on)
        before = {"text": item.text, "due_on": item.due_on, "result": item.result}
        item.text, item.due_on, item.result = text, due_on, result.strip()
        audit.record(session, "plan_edit", "plan_item", item.id,
                     f"{pair_label(pair)}: изменена задача «{shorten(text)}»",
                     pair_id=pair.id, before=before)


def delete_task(db: Database, task_id: int) -> None:
    with db.transaction() as session:
        item = _item_or_error(session, task_id)
        pair = pair_or_error(session, item.pair_id)
        audit.record(session, "plan_delete", "plan_item", item.id,
                     f"{pair_label(pair)}: из плана удалено «{shorten(item.text)}»",
                     pair_id=pair.id, text=item.text, due_on=item.due_on,
                     done_on=item.done_on)
        session.delete(item)


def mark_done(db: Database, task_id: int, on: dt.date | None, *, today: dt.date) -> None:
    """The task done on `on`, or not done when `on` is None."""
    with db.transaction() as session:
        item = _item_or_error(session, task_id)
        pair = pair_or_error(session, item.pair_id)
        _check_done(pair, on, today)
        before = item.done_on
        item.done_on = on
        state = f"выполнено {format_date(on)}" if on else "снова не выполнено"
        audit.record(session, "plan_done", "plan_item", item.id,
                     f"{pair_label(pair)}: «{shorten(item.text)}» — {state}",
                     pair_id=pair.id, before=before, after=on)


def spread_deadlines(count: int, start: dt.date) -> list[dt.date]:
    """`count` deadlines spread evenly after `start` up to the end of its school year (31 May);
    from June to August, over the next school year."""
    year_start, year_end = school_year_bounds(school_year_for(start))
    if start > year_end:  # the summer: plan the coming school year
        year_start, year_end = school_year_bounds(f"{start.year}/{start.year + 1}")
    begin = max(start, year_start)
    span = (year_end - begin).days
    return [begin + dt.timedelta(days=round(span * (i + 1) / count)) for i in range(count)]


def pair_template(db: Database, pair_id: int) -> PlanTemplate | None:
    """The template that fits the pair's form and role model, if any."""
    with db.reading() as session:
        pair = pair_or_error(session, pair_id)
        return template_for(pair.form.code,
                            pair.role_model.name if pair.role_model else None)


def fill_from_template(db: Database, pair_id: int, *, today: dt.date,
                       template: PlanTemplate | None = None) -> int:
    """The template's directions (as goals) and tasks appended to the pair's plan, the
    deadlines spread from today (or the day the pair was formed, if later) to the end of the
    school year. Without `template`, the one of the pair's form and role model. The number of
    tasks added."""
    with db.transaction() as session:
        return fill_plan(session, pair_id, today=today, template=template)


def fill_plan(session: Session, pair_id: int, *, today: dt.date,
              template: PlanTemplate | None = None) -> int:
    """`fill_from_template` inside a caller's transaction (the stage 6 wizard fills the plans
    of many pairs in its one transaction)."""
    pair = pair_or_error(session, pair_id)
    chosen = template or template_for(
        pair.form.code, pair.role_model.name if pair.role_model else None)
    if chosen is None:
        raise ValidationError(f"Для формы «{pair.form.name}» нет шаблона плана. "
                              "Добавьте задачи вручную.")
    start = max(today, pair.formed_on) if pair.formed_on else today
    deadlines = iter(spread_deadlines(chosen.task_count, start))
    order = _next_order(session, pair.id)
    for direction in chosen.directions:
        session.add(PlanItem(pair_id=pair.id, kind=PlanItemKind.GOAL,
                             text=direction.direction, sort_order=order))
        order += 1
        for task in direction.tasks:
            session.add(PlanItem(pair_id=pair.id, kind=PlanItemKind.TASK, text=task.text,
                                 result=task.result, due_on=next(deadlines),
                                 sort_order=order))
            order += 1
    session.flush()
    tasks = count_phrase(chosen.task_count, "задача", "задачи", "задач")
    audit.record(session, "plan_fill", "mentoring_pair", pair.id,
                 f"{pair_label(pair)}: план заполнен по шаблону «{chosen.title}» ({tasks})",
                 template=chosen.title, tasks=chosen.task_count)
    return chosen.task_count
