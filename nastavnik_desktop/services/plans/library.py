"""The plan templates the curator works with: rows of `plan_template` / `plan_template_item`.

The methodology's templates (`templates.TEMPLATES`, in code) are copied into the database the
first time templates are needed (`seed_templates`, lazily and idempotently: a form's and role
model's seeded template is added once and never again, even when the curator has hidden or
changed it — so what he made stays). They are marked `is_seeded` («из методических
рекомендаций») and can be put back as they were (`reset_template`). The curator's own
templates are copies (`copy_template`); every template can be renamed, its items replaced in
one save (add, edit, delete, reorder: `save_template_items`), hidden. Only the curator's own
templates can be deleted: a seeded one is hidden instead (deleting it would seed it again).

Seeding is lazy rather than in `data/reference.py` because the templates are the plan area's
content and `data/` does not import services; a base created before this version gets them the
same way as a new one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PlanItemKind
from nastavnik_desktop.data.models import (
    MentoringForm,
    MentoringPair,
    PlanTemplate,
    PlanTemplateItem,
    RoleModel,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.pairs.rules import pair_or_error
from nastavnik_desktop.services.plans import templates as methodology
from nastavnik_desktop.text import shorten

SEEDED_NOTE = "из методических рекомендаций"
"""How a seeded template is marked where the curator sees it."""

TEMPLATE_TABLES = frozenset({"plan_template", "plan_template_item", "mentoring_form",
                             "role_model"})


@dataclass(frozen=True)
class TemplateLine:
    """A line of a template as the editor shows and saves it (`id` None for a new one)."""

    kind: PlanItemKind
    direction: str
    content: str
    action: str = ""
    result: str = ""
    due_after_days: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class TemplateInfo:
    id: int
    form_id: int
    form_name: str
    role_model_id: int | None
    role_model_name: str
    """"" for the form's general template."""
    title: str
    is_seeded: bool
    hidden: bool
    lines: tuple[TemplateLine, ...]

    @property
    def task_count(self) -> int:
        return sum(1 for line in self.lines if line.kind is PlanItemKind.TASK)

    @property
    def caption(self) -> str:
        """The title with the seeded mark («… — из методических рекомендаций»)."""
        return f"{self.title} — {SEEDED_NOTE}" if self.is_seeded else self.title


# --- seeding -------------------------------------------------------------------------------


def _seed_lines(template: methodology.MethodologyTemplate) -> list[PlanTemplateItem]:
    items: list[PlanTemplateItem] = []
    for direction in template.directions:
        for task in direction.tasks:
            items.append(PlanTemplateItem(
                kind=PlanItemKind.TASK, direction=direction.direction, content=task.content,
                action=task.action, result=task.result, due_after_days=None,
                sort_order=len(items)))
    return items


def _keys(session: Session) -> dict[tuple[str, str | None], tuple[int, int | None]]:
    """(form code, role model's methodology name | None) → (form id, role model id | None), two
    reads (a role model the curator renamed is still found by the methodology's wording)."""
    forms: dict[str, int] = {code: form_id for code, form_id in session.execute(
        select(MentoringForm.code, MentoringForm.id))}
    keys: dict[tuple[str, str | None], tuple[int, int | None]] = {
        (code, None): (form_id, None) for code, form_id in forms.items()}
    codes = {form_id: code for code, form_id in forms.items()}
    for role_id, form_id, name, seed_name in session.execute(
            select(RoleModel.id, RoleModel.form_id, RoleModel.name, RoleModel.seed_name)):
        keys[(codes[form_id], seed_name or name)] = (form_id, role_id)
    return keys


def _seed_key(keys: dict[tuple[str, str | None], tuple[int, int | None]],
              template: methodology.MethodologyTemplate) -> tuple[int, int | None] | None:
    return keys.get((template.form_code, template.role_model))


def _seeded_keys(session: Session) -> set[tuple[int, int | None]]:
    return {(row.form_id, row.role_model_id) for row in session.execute(
        select(PlanTemplate.form_id, PlanTemplate.role_model_id)
        .where(PlanTemplate.is_seeded))}


def seed_templates(session: Session) -> int:
    """Add the methodology's templates the database lacks (inside the caller's transaction);
    the number added. A template whose form or role model is gone is skipped."""
    present, keys = _seeded_keys(session), _keys(session)
    added = 0
    for order, template in enumerate(methodology.TEMPLATES):
        key = _seed_key(keys, template)
        if key is None or key in present:
            continue
        session.add(PlanTemplate(form_id=key[0], role_model_id=key[1], title=template.title,
                                 is_seeded=True, sort_order=order,
                                 items=_seed_lines(template)))
        present.add(key)
        added += 1
    session.flush()
    return added


def _needs_seeding(session: Session) -> bool:
    present, keys = _seeded_keys(session), _keys(session)
    return any(key is not None and key not in present
               for key in (_seed_key(keys, t) for t in methodology.TEMPLATES))


def ensure_seeded(db: Database) -> None:
    """Seed the methodology's templates once (a cheap read when they are there)."""
    with db.reading() as session:
        if not _needs_seeding(session):
            return
    with db.transaction() as session:
        seed_templates(session)


# --- reads ---------------------------------------------------------------------------------


def _info(session: Session, template: PlanTemplate) -> TemplateInfo:
    form = session.get_one(MentoringForm, template.form_id)
    role = session.get(RoleModel, template.role_model_id) if template.role_model_id else None
    return TemplateInfo(
        template.id, form.id, form.name, template.role_model_id, role.name if role else "",
        template.title, template.is_seeded, template.hidden,
        tuple(TemplateLine(PlanItemKind(i.kind), i.direction, i.content, i.action, i.result,
                           i.due_after_days, i.id) for i in template.items))


def plan_templates(db: Database, *, form_id: int | None = None,
                   with_hidden: bool = True) -> tuple[TemplateInfo, ...]:
    """The templates (of one form, or all), by form, the general one first, then by role
    model and order. Seeds the methodology's ones the first time."""
    ensure_seeded(db)
    with db.reading() as session:
        query = (select(PlanTemplate)
                 .join(MentoringForm, MentoringForm.id == PlanTemplate.form_id)
                 .outerjoin(RoleModel, RoleModel.id == PlanTemplate.role_model_id)
                 .order_by(MentoringForm.sort_order, MentoringForm.id,
                           PlanTemplate.role_model_id.is_not(None), RoleModel.sort_order,
                           PlanTemplate.sort_order, PlanTemplate.id))
        if form_id is not None:
            query = query.where(PlanTemplate.form_id == form_id)
        if not with_hidden:
            query = query.where(PlanTemplate.hidden.is_(False))
        return tuple(_info(session, t) for t in session.scalars(query))


def template(db: Database, template_id: int) -> TemplateInfo:
    with db.reading() as session:
        return _info(session, _template_or_error(session, template_id))


def best_template(session: Session, form_id: int, role_model_id: int | None
                   ) -> PlanTemplate | None:
    """The role model's visible template, else the form's general one (seeded first)."""
    candidates = list(session.scalars(
        select(PlanTemplate).where(PlanTemplate.form_id == form_id,
                                   PlanTemplate.hidden.is_(False))
        .order_by(PlanTemplate.is_seeded.desc(), PlanTemplate.sort_order, PlanTemplate.id)))
    own = [t for t in candidates if role_model_id is not None
           and t.role_model_id == role_model_id]
    general = [t for t in candidates if t.role_model_id is None]
    chosen = own or general
    return chosen[0] if chosen else None


def template_for_pair(db: Database, pair_id: int) -> TemplateInfo | None:
    """The template that fits the pair: its role model's, else its form's general one."""
    ensure_seeded(db)
    with db.reading() as session:
        pair = pair_or_error(session, pair_id)
        chosen = best_template(session, pair.form_id, pair.role_model_id)
        return None if chosen is None else _info(session, chosen)


def templates_for_pairs(db: Database, pair_ids: Sequence[int]
                        ) -> dict[int, TemplateInfo | None]:
    """`template_for_pair` of many pairs in one reading (the stage 6 wizard's pairs)."""
    ensure_seeded(db)
    with db.reading() as session:
        pairs = session.execute(select(MentoringPair.id, MentoringPair.form_id,
                                       MentoringPair.role_model_id)
                                .where(MentoringPair.id.in_(list(pair_ids)))).all()
        chosen: dict[tuple[int, int | None], TemplateInfo | None] = {}
        for _pair_id, form_id, role_id in pairs:
            if (form_id, role_id) not in chosen:
                best = best_template(session, form_id, role_id)
                chosen[(form_id, role_id)] = None if best is None else _info(session, best)
        return {pair_id: chosen[(form_id, role_id)] for pair_id, form_id, role_id in pairs}


# --- writes --------------------------------------------------------------------------------


def _template_or_error(session: Session, template_id: int) -> PlanTemplate:
    found = session.get(PlanTemplate, template_id)
    if found is None:
        raise ValidationError("Шаблон плана не найден: возможно, его удалили. "
                              "Закройте окно шаблонов и откройте снова.")
    return found


def _checked_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise ValidationError("Название шаблона не заполнено. Напишите, для кого этот шаблон.")
    return cleaned


def _checked_lines(lines: Sequence[TemplateLine]) -> list[TemplateLine]:
    for number, line in enumerate(lines, start=1):
        if not line.content.strip():
            raise ValidationError(f"Строка {number} шаблона без содержания. "
                                  "Заполните её или удалите.")
        if line.due_after_days is not None and line.due_after_days < 0:
            raise ValidationError(f"Строка {number}: срок не может быть отрицательным.")
    return list(lines)


def rename_template(db: Database, template_id: int, title: str) -> None:
    title = _checked_title(title)
    with db.transaction() as session:
        found = _template_or_error(session, template_id)
        before = found.title
        found.title = title
        audit.record(session, "plan_template_rename", "plan_template", found.id,
                     f"Шаблон плана «{shorten(before)}» переименован в «{shorten(title)}»",
                     before=before)


def save_template_items(db: Database, template_id: int,
                        lines: Sequence[TemplateLine]) -> None:
    """The template's items become `lines`, in this order (added, edited, deleted, moved)."""
    checked = _checked_lines(lines)
    with db.transaction() as session:
        found = _template_or_error(session, template_id)
        _put_items(found, checked)
        audit.record(session, "plan_template_items", "plan_template", found.id,
                     f"Изменены строки шаблона плана «{shorten(found.title)}»",
                     lines=len(checked))


def _put_items(found: PlanTemplate, lines: Sequence[TemplateLine]) -> None:
    kept = {item.id: item for item in found.items}
    items = []
    for order, line in enumerate(lines):
        item = kept.pop(line.id, None) if line.id is not None else None
        if item is None:
            item = PlanTemplateItem()
        item.kind, item.sort_order = PlanItemKind(line.kind), order
        item.direction, item.content = line.direction.strip(), line.content.strip()
        item.action, item.result = line.action.strip(), line.result.strip()
        item.due_after_days = line.due_after_days
        items.append(item)
    found.items = items


def copy_template(db: Database, template_id: int, title: str | None = None) -> int:
    """A copy of the template (the curator's own, not seeded: same form and role model, right
    after it); its id."""
    with db.transaction() as session:
        found = _template_or_error(session, template_id)
        name = _checked_title(title) if title else f"{found.title} (копия)"
        copy = PlanTemplate(form_id=found.form_id, role_model_id=found.role_model_id, title=name,
                            is_seeded=False, hidden=False, sort_order=found.sort_order,
                            items=[PlanTemplateItem(
                                kind=i.kind, sort_order=i.sort_order, direction=i.direction,
                                content=i.content, action=i.action, result=i.result,
                                due_after_days=i.due_after_days) for i in found.items])
        session.add(copy)
        session.flush()
        audit.record(session, "plan_template_copy", "plan_template", copy.id,
                     f"Шаблон плана «{shorten(found.title)}» скопирован как «{shorten(name)}»",
                     source=found.id)
        return copy.id


def set_template_hidden(db: Database, template_id: int, hidden: bool) -> None:
    with db.transaction() as session:
        found = _template_or_error(session, template_id)
        found.hidden = hidden
        word = "скрыт" if hidden else "снова показан"
        audit.record(session, "plan_template_hide", "plan_template", found.id,
                     f"Шаблон плана «{shorten(found.title)}» {word}", hidden=hidden)


def delete_template(db: Database, template_id: int) -> None:
    """Delete the curator's own template (a seeded one is hidden instead)."""
    with db.transaction() as session:
        found = _template_or_error(session, template_id)
        if found.is_seeded:
            raise ValidationError("Шаблон из методических рекомендаций удалить нельзя. "
                                  "Скройте его, если он не нужен.")
        audit.record(session, "plan_template_delete", "plan_template", found.id,
                     f"Удалён шаблон плана «{shorten(found.title)}»")
        session.delete(found)


def reset_template(db: Database, template_id: int) -> None:
    """A seeded template back as in the methodology: its title and items (shown again)."""
    with db.transaction() as session:
        found = _template_or_error(session, template_id)
        source = _methodology_source(session, found)
        if source is None:
            raise ValidationError("Этот шаблон составлен в школе, вернуть его к методическим "
                                  "рекомендациям нельзя.")
        found.title, found.hidden = source.title, False
        found.items = _seed_lines(source)
        audit.record(session, "plan_template_reset", "plan_template", found.id,
                     f"Шаблон плана «{shorten(found.title)}» возвращён как в методических "
                     "рекомендациях")


def _methodology_source(session: Session, found: PlanTemplate
                        ) -> methodology.MethodologyTemplate | None:
    if not found.is_seeded:
        return None
    keys = _keys(session)
    for source in methodology.TEMPLATES:
        if _seed_key(keys, source) == (found.form_id, found.role_model_id):
            return source
    return None
