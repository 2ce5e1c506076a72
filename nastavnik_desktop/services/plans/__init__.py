"""The individual development plan (ИПР) of a pair or group: the one home of its rules and writes.

- `templates`: the plan templates per form and role model, from the methodology (stage 6);
- `tasks`: the writes — add, edit, delete, mark done, fill from a template (one transaction and
  one audit entry each);
- `read`: the plan of a pair with overdue flags and progress, and the control sheet's progress
  of every pair.
"""

from nastavnik_desktop.services.plans.read import (
    PLAN_TABLES,
    PairPlanProgress,
    Plan,
    PlanLine,
    is_overdue,
    plan,
    plan_progress,
)
from nastavnik_desktop.services.plans.tasks import (
    add_task,
    delete_task,
    edit_task,
    fill_from_template,
    fill_plan,
    mark_done,
    pair_template,
    spread_deadlines,
)
from nastavnik_desktop.services.plans.templates import (
    TEMPLATES,
    PlanTemplate,
    TemplateDirection,
    TemplateTask,
    template_for,
    templates_of,
)

__all__ = [
    "PLAN_TABLES", "TEMPLATES", "PairPlanProgress", "Plan", "PlanLine", "PlanTemplate",
    "TemplateDirection", "TemplateTask", "add_task", "delete_task", "edit_task",
    "fill_from_template", "fill_plan", "is_overdue", "mark_done", "pair_template", "plan",
    "plan_progress", "spread_deadlines", "template_for", "templates_of",
]
