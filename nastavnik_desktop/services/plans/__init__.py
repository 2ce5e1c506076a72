"""The individual development plan (ИПР) of a pair or group: the one home of its rules and writes.

- `templates`: the methodology's plan templates per form and role model (stage 6), in code —
  the seeds of the database's templates;
- `library`: the templates in the database (`plan_template`), seeded lazily from `templates`,
  edited by the curator (rename, lines, copy, hide, back as in the methodology);
- `tasks`: the writes of a pair's plan — tasks, goals, strengths and points of growth, mark many
  done, fill from a template — each one transaction with an audit entry, returning an undoable
  `BoardChange`; `fill_plan` / `set_strengths_in` inside a caller's transaction;
- `read`: the plan of a pair with overdue flags and progress, and the control sheet's progress
  of every pair.
"""

from nastavnik_desktop.services.plans.library import (
    SEEDED_NOTE,
    TEMPLATE_TABLES,
    TemplateInfo,
    TemplateLine,
    copy_template,
    delete_template,
    ensure_seeded,
    plan_templates,
    rename_template,
    reset_template,
    save_template_items,
    seed_templates,
    set_template_hidden,
    template,
    template_for_pair,
    templates_for_pairs,
)
from nastavnik_desktop.services.plans.read import (
    PLAN_TABLES,
    PairPlanProgress,
    Plan,
    PlanLine,
    PlanMentee,
    is_overdue,
    plan,
    plan_progress,
)
from nastavnik_desktop.services.plans.tasks import (
    Strengths,
    TaskEntry,
    add_goal,
    add_task,
    delete_items,
    edit_goal,
    edit_task,
    fill_from_template,
    fill_plan,
    mark_done,
    set_deadline,
    set_strengths,
    set_strengths_in,
    spread_deadlines,
    template_deadlines,
)
from nastavnik_desktop.services.plans.templates import TEMPLATES

__all__ = [
    "PLAN_TABLES", "SEEDED_NOTE", "TEMPLATES", "TEMPLATE_TABLES", "PairPlanProgress", "Plan",
    "PlanLine", "PlanMentee", "Strengths", "TaskEntry", "TemplateInfo", "TemplateLine",
    "add_goal", "add_task", "copy_template", "delete_items", "delete_template", "edit_goal",
    "edit_task", "ensure_seeded", "fill_from_template", "fill_plan", "is_overdue", "mark_done",
    "plan", "plan_progress", "plan_templates", "rename_template", "reset_template",
    "save_template_items", "seed_templates", "set_deadline", "set_strengths", "set_strengths_in",
    "set_template_hidden", "spread_deadlines", "template", "template_deadlines",
    "template_for_pair", "templates_for_pairs",
]
