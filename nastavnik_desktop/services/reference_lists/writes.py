"""The writes of the reference lists' editor, each one transaction with `audit.record`, and the
list states their undo and redo put back (`put_state`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data import reference
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import RequestAudience
from nastavnik_desktop.data.models import MentoringForm
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.reference_lists.read import (
    MODELS,
    NAME_LIMIT,
    WHAT,
    ListKind,
    ListRef,
    list_title,
    role_models_of,
    rows_of,
    uses_of,
    uses_text,
)

# --- states: what undo and redo put back ------------------------------------------------


@dataclass(frozen=True)
class ItemState:
    id: int
    name: str
    hidden: bool
    sort_order: int
    is_seeded: bool
    seed_name: str | None
    extra: tuple[tuple[str, Any], ...] = ()
    """A form's code and descriptions."""
    children: tuple[ItemState, ...] = ()
    """A form's role models (brought back with a deleted form)."""


@dataclass(frozen=True)
class ListState:
    ref: ListRef
    items: tuple[ItemState, ...]


@dataclass(frozen=True)
class Change:
    """A write done: the list before and after, and its words for the undo menu."""

    summary: str
    before: ListState
    after: ListState
    item_id: int | None = None
    """The item written (added, renamed, moved…), for the editor to select it."""


def _state_of(row: Any) -> ItemState:
    extra: tuple[tuple[str, Any], ...] = ()
    children: tuple[ItemState, ...] = ()
    if isinstance(row, MentoringForm):
        extra = (("code", row.code), ("mentor_description", row.mentor_description),
                 ("mentee_description", row.mentee_description))
        children = tuple(_state_of(m) for m in row.role_models)
    return ItemState(row.id, row.name, row.hidden, row.sort_order, row.is_seeded,
                     row.seed_name, extra, children)


def _list_state(session: Session, ref: ListRef) -> ListState:
    session.flush()
    return ListState(ref, tuple(_state_of(r) for r in rows_of(session, ref)))


def put_state(db: Database, state: ListState, summary: str) -> None:
    """Make the list as `state` says (the undo or redo of a change): names, visibility and
    order back; an item deleted since comes back with its id; an item added since is
    deleted, or hidden when something uses it meanwhile."""
    with db.transaction() as session:
        _check_list(session, state.ref)
        model = MODELS[state.ref.kind]
        rows = {r.id: r for r in rows_of(session, state.ref)}
        wanted = {s.id for s in state.items}
        gone = [r for i, r in rows.items() if i not in wanted]
        used = uses_of(session, state.ref.kind, [r.id for r in gone])
        for row in gone:
            if used.get(row.id) or row.is_seeded:
                row.hidden = True
                row.sort_order = len(state.items) + row.sort_order
            else:
                session.delete(row)
        _rename_all(session, [(rows[s.id], s.name) for s in state.items if s.id in rows])
        for item in state.items:
            row = rows.get(item.id)
            if row is None:
                if session.get(model, item.id) is not None:
                    raise ValidationError("Отменить это изменение нельзя: список изменился. "
                                          "Закройте настройки и откройте снова.")
                row = _recreate(session, state.ref, item)
            row.hidden, row.sort_order = item.hidden, item.sort_order
        audit.record(session, "reference_undo", _table(state.ref), None, summary)


def _recreate(session: Session, ref: ListRef, item: ItemState) -> Any:
    model = MODELS[ref.kind]
    values: dict[str, Any] = dict(item.extra)
    if ref.kind is ListKind.ROLEMODELS:
        values["form_id"] = ref.form_id
    if ref.kind is ListKind.REQUESTS:
        values["audience"] = ref.audience
    row = model(id=item.id, name=item.name, is_seeded=item.is_seeded, seed_name=item.seed_name,
                hidden=item.hidden, sort_order=item.sort_order, **values)
    session.add(row)
    session.flush()
    for child in item.children:
        _recreate(session, role_models_of(item.id), child)
    return row


def _rename_all(session: Session, renames: Sequence[tuple[Any, str]]) -> None:
    """Rename rows in two steps, so that names that trade places never meet the unique key."""
    changed = [(row, name) for row, name in renames if row.name != name]
    for row, _name in changed:
        row.name = f"\x00{row.id}"
    session.flush()
    for row, name in changed:
        row.name = name
    session.flush()


def _table(ref: ListRef) -> str:
    return str(MODELS[ref.kind].__tablename__)


def _check_list(session: Session, ref: ListRef) -> None:
    if ref.kind is ListKind.ROLEMODELS and session.get(MentoringForm, ref.form_id) is None:
        raise ValidationError("Этой формы наставничества уже нет в справочнике. Закройте "
                              "настройки и откройте снова.")


# --- the writes ----------------------------------------------------------------------------


def _item(session: Session, ref: ListRef, item_id: int) -> Any:
    _check_list(session, ref)
    row: Any = session.get(MODELS[ref.kind], item_id)
    if row is None or (ref.kind is ListKind.ROLEMODELS and row.form_id != ref.form_id) or (
            ref.kind is ListKind.REQUESTS and row.audience is not ref.audience):
        raise ValidationError("Этого пункта уже нет в списке. Закройте настройки и откройте "
                              "снова.")
    return row


def _clean_name(session: Session, ref: ListRef, name: str, item_id: int | None) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("Название не может быть пустым. Введите его.")
    if len(clean) > NAME_LIMIT:
        raise ValidationError(f"Название длиннее {NAME_LIMIT} знаков. Сократите его.")
    key = clean.casefold()
    for row in rows_of(session, ref):
        if row.id == item_id:
            continue
        if row.name.casefold() == key:
            raise ValidationError(f"«{row.name}» уже есть в этом списке. Введите другое "
                                  "название.")
        if row.seed_name and row.seed_name.casefold() == key:
            raise ValidationError(
                f"Так в методологии называется пункт «{row.name}» этого списка. Чтобы вернуть "
                "ему это название, переименуйте его; для нового пункта введите другое.")
    return clean


def rename_item(db: Database, ref: ListRef, item_id: int, name: str) -> Change:
    with db.transaction() as session:
        row = _item(session, ref, item_id)
        clean = _clean_name(session, ref, name, item_id)
        before = _list_state(session, ref)
        old = row.name
        if clean == old:
            return Change("", before, before, item_id)
        row.name = clean
        summary = f"{WHAT[ref.kind][0]} «{old}» переименована в «{clean}»" \
            if ref.kind in (ListKind.FORMS, ListKind.ROLEMODELS) else \
            f"{WHAT[ref.kind][0]} «{old}» переименован в «{clean}»"
        audit.record(session, "reference_rename", _table(ref), item_id, summary,
                     old=old, new=clean)
        return Change(summary, before, _list_state(session, ref), item_id)


def set_hidden(db: Database, ref: ListRef, item_id: int, hidden: bool) -> Change:
    """Hide an item (not offered for new choices, kept where chosen) or show it again."""
    with db.transaction() as session:
        row = _item(session, ref, item_id)
        before = _list_state(session, ref)
        row.hidden = hidden
        summary = (f"Скрыто из выбора: «{row.name}»" if hidden
                   else f"Снова предлагается: «{row.name}»")
        audit.record(session, "reference_hide" if hidden else "reference_show", _table(ref),
                     item_id, summary)
        return Change(summary, before, _list_state(session, ref), item_id)


def add_item(db: Database, ref: ListRef, name: str, *, after: int | None = None) -> Change:
    """A new item of the school, after the item `after` (at the end without one)."""
    with db.transaction() as session:
        _check_list(session, ref)
        clean = _clean_name(session, ref, name, None)
        before = _list_state(session, ref)
        rows = rows_of(session, ref)
        model = MODELS[ref.kind]
        values: dict[str, Any] = {}
        if ref.kind is ListKind.FORMS:
            values["code"] = _new_form_code(session)
        if ref.kind is ListKind.ROLEMODELS:
            values["form_id"] = ref.form_id
        if ref.kind is ListKind.REQUESTS:
            values["audience"] = ref.audience
        row = model(name=clean, is_seeded=False, seed_name=None, hidden=False, **values)
        at = next((i + 1 for i, r in enumerate(rows) if r.id == after), len(rows))
        rows.insert(at, row)
        session.add(row)
        _renumber(rows)
        session.flush()
        summary = f"Добавлено в список «{WHAT[ref.kind][1]}»: «{clean}»"
        audit.record(session, "reference_add", _table(ref), row.id, summary)
        return Change(summary, before, _list_state(session, ref), row.id)


def _new_form_code(session: Session) -> str:
    codes = set(session.scalars(select(MentoringForm.code)))
    number = 1
    while f"school_{number}" in codes:
        number += 1
    return f"school_{number}"


def _renumber(rows: Sequence[Any]) -> None:
    for order, row in enumerate(rows):
        row.sort_order = order


def move_item(db: Database, ref: ListRef, item_id: int, step: int) -> Change:
    """Move an item `step` places up (negative) or down the list."""
    with db.transaction() as session:
        row = _item(session, ref, item_id)
        before = _list_state(session, ref)
        rows = rows_of(session, ref)
        at = rows.index(row)
        to = max(0, min(len(rows) - 1, at + step))
        rows.insert(to, rows.pop(at))
        _renumber(rows)
        summary = f"Порядок: «{row.name}» {'выше' if to < at else 'ниже'}"
        if to != at:
            audit.record(session, "reference_move", _table(ref), item_id, summary,
                         position=to + 1)
        return Change(summary, before, _list_state(session, ref), item_id)


def delete_item(db: Database, ref: ListRef, item_id: int) -> Change:
    """Delete an item the school added, only while nothing uses it."""
    with db.transaction() as session:
        row = _item(session, ref, item_id)
        if row.is_seeded:
            raise ValidationError(f"«{row.name}» — пункт из методологии, его не удаляют: "
                                  "скройте его, чтобы он не предлагался.")
        used = uses_text(uses_of(session, ref.kind, [item_id]).get(item_id, ()))
        if used:
            raise ValidationError(f"«{row.name}» нельзя удалить: его используют — {used}. "
                                  "Скройте его: он не будет предлагаться для нового выбора, "
                                  "а там, где уже выбран, останется.")
        before = _list_state(session, ref)
        name = row.name
        session.delete(row)
        session.flush()
        _renumber(rows_of(session, ref))
        summary = f"Удалено из списка «{WHAT[ref.kind][1]}»: «{name}»"
        audit.record(session, "reference_delete", _table(ref), item_id, summary)
        return Change(summary, before, _list_state(session, ref))


# --- «вернуть как в методологии» -----------------------------------------------------------


@dataclass(frozen=True)
class RestorePlan:
    """What «вернуть как в методологии» would change, for the confirmation."""

    renamed: tuple[tuple[str, str], ...]
    shown: tuple[str, ...]
    hidden_seeded: tuple[str, ...]
    reordered: bool
    deleted: tuple[str, ...]
    hidden_added: tuple[str, ...]

    @property
    def changes_anything(self) -> bool:
        return bool(self.renamed or self.shown or self.hidden_seeded or self.reordered
                    or self.deleted or self.hidden_added)

    def lines(self) -> list[str]:
        lines = [f"«{old}» снова назовётся «{new}»" for old, new in self.renamed]
        lines += [f"«{name}» снова будет в списке" for name in self.shown]
        lines += [f"«{name}» будет скрыт, как в методологии" for name in self.hidden_seeded]
        if self.reordered:
            lines.append("порядок станет как в методологии")
        lines += [f"«{name}» (добавлен школой) будет удалён" for name in self.deleted]
        lines += [f"«{name}» (добавлен школой) будет скрыт: он уже выбран" for name in
                  self.hidden_added]
        return lines


def _methodology(ref: ListRef, form_code: str | None) -> list[tuple[str, bool]]:
    """(name, hidden by default) of the methodology's list."""
    if ref.kind is ListKind.FORMS:
        return [(name, hidden) for _c, name, _m, _e, hidden, _r in reference.FORMS]
    if ref.kind is ListKind.ROLEMODELS:
        return [(name, False) for code, *_rest, models in reference.FORMS if code == form_code
                for name in models]
    if ref.kind is ListKind.REQUESTS:
        names = (reference.TEACHER_REQUESTS if ref.audience is RequestAudience.TEACHER
                 else reference.PUPIL_REQUESTS)
        return [(name, False) for name in names]
    return [(name, False) for name in reference.SELECTION_CRITERIA]


@dataclass(frozen=True)
class _Restore:
    plan: RestorePlan
    order: list[Any]
    hidden: dict[int, bool]
    delete: list[Any]


def _restore(session: Session, ref: ListRef) -> _Restore:
    _check_list(session, ref)
    rows = rows_of(session, ref)
    code = None
    if ref.kind is ListKind.ROLEMODELS:
        code = session.get_one(MentoringForm, ref.form_id).code
    methodology = _methodology(ref, code)
    position = {name: i for i, (name, _h) in enumerate(methodology)}
    default_hidden = dict(methodology)
    seeded = [r for r in rows if r.is_seeded]
    seeded.sort(key=lambda r: (position.get(r.seed_name or "", len(position)), r.sort_order))
    added = [r for r in rows if not r.is_seeded]
    used = uses_of(session, ref.kind, [r.id for r in added])
    delete = [r for r in added if not used.get(r.id)]
    kept = [r for r in added if used.get(r.id)]
    order = seeded + kept
    hidden = {r.id: default_hidden.get(r.seed_name or "", False) for r in seeded}
    hidden.update({r.id: True for r in kept})
    plan = RestorePlan(
        renamed=tuple((r.name, r.seed_name) for r in seeded
                      if r.seed_name and r.name != r.seed_name),
        shown=tuple(r.seed_name or r.name for r in seeded if r.hidden and not hidden[r.id]),
        hidden_seeded=tuple(r.seed_name or r.name for r in seeded
                            if hidden[r.id] and not r.hidden),
        reordered=[r.id for r in seeded] != [r.id for r in rows if r.is_seeded],
        deleted=tuple(r.name for r in delete),
        hidden_added=tuple(r.name for r in kept if not r.hidden))
    return _Restore(plan, order, hidden, delete)


def restore_plan(db: Database, ref: ListRef) -> RestorePlan:
    with db.reading() as session:
        return _restore(session, ref).plan


def restore_methodology(db: Database, ref: ListRef) -> Change:
    """«Вернуть как в методологии»: seeded items get the methodology's wording, order and
    visibility back; items the school added go after them, hidden when something uses them,
    deleted otherwise."""
    with db.transaction() as session:
        before = _list_state(session, ref)
        work = _restore(session, ref)
        for row in work.delete:
            session.delete(row)
        session.flush()
        _rename_all(session, [(r, r.seed_name) for r in work.order if r.is_seeded and r.seed_name])
        for order, row in enumerate(work.order):
            row.sort_order = order
            row.hidden = work.hidden[row.id]
        title = list_title(session, ref)
        summary = f"{title}: как в методологии"
        audit.record(session, "reference_reset", _table(ref), None, summary,
                     changes=work.plan.lines())
        return Change(summary, before, _list_state(session, ref))
