"""The reference lists the curator edits in «Настройки → Справочники»: the forms of mentoring,
the role models of each form, the mentees' requests (pupils' and teachers') and the selection
criteria of mentors.

One home for them:

- **What is offered** for a new choice: `forms_offered`, `role_models_offered`,
  `requests_offered`, `criteria_offered` — the visible items in the curator's order under
  their current names, plus the items given in `keep` (already chosen where the caller shows
  them), even when hidden. Every wizard, page and paper that offers these lists calls them.
- **The editor's read model** (`read_list`): each item with «из методологии», its
  methodology wording, whether it is hidden and what uses it (counted through every foreign key
  pointing at the list's table, so a new table that refers to a list is counted without a
  change here).
- **The writes**, each one transaction with `audit.record`: rename, hide/show, add, move,
  delete (only an added item nothing uses — a seeded item is never deleted: the seeding at
  every open, `data/reference.py`, would bring it back), and «вернуть как в методологии»
  (`restore_methodology`). Each write returns the list's state before and after
  (`ListState`); `put_state` writes a state back — the undo and the redo of every change.

A name may not repeat another item's name in the same list, nor the methodology's wording of
another item: «вернуть как в методологии» gives every seeded item its wording back, and the
seeding knows an item by either name.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data import reference
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import RequestAudience
from nastavnik_desktop.data.models import (
    Base,
    MenteeRequest,
    MentoringForm,
    RoleModel,
    SelectionCriterion,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.text import alphabetical_key, count_phrase

NAME_LIMIT = 300
REFERENCE_TABLES = frozenset({"mentoring_form", "role_model", "mentee_request",
                              "selection_criterion"})
"""What the editor writes (`changes.generation` of these tells a page the lists changed)."""

_Item = MentoringForm | RoleModel | MenteeRequest | SelectionCriterion


class ListKind(enum.Enum):
    FORMS = "forms"
    ROLE_MODELS = "role_models"
    REQUESTS = "requests"
    CRITERIA = "criteria"


_MODELS: dict[ListKind, type[_Item]] = {
    ListKind.FORMS: MentoringForm, ListKind.ROLE_MODELS: RoleModel,
    ListKind.REQUESTS: MenteeRequest, ListKind.CRITERIA: SelectionCriterion,
}
_WHAT: dict[ListKind, tuple[str, str]] = {
    # (the item in the nominative, the audit's name of the list)
    ListKind.FORMS: ("Форма наставничества", "формы наставничества"),
    ListKind.ROLE_MODELS: ("Ролевая модель", "ролевые модели"),
    ListKind.REQUESTS: ("Запрос", "запросы наставляемых"),
    ListKind.CRITERIA: ("Критерий", "критерии отбора наставников"),
}


@dataclass(frozen=True)
class ListRef:
    """One list: the forms, the role models of one form, the requests of one audience, the
    criteria."""

    kind: ListKind
    form_id: int | None = None
    audience: RequestAudience | None = None

    def __post_init__(self) -> None:
        if (self.kind is ListKind.ROLE_MODELS) != (self.form_id is not None):
            raise ValueError("role models are listed per form")
        if (self.kind is ListKind.REQUESTS) != (self.audience is not None):
            raise ValueError("requests are listed per audience")


FORMS = ListRef(ListKind.FORMS)
CRITERIA = ListRef(ListKind.CRITERIA)
PUPIL_REQUESTS = ListRef(ListKind.REQUESTS, audience=RequestAudience.PUPIL)
TEACHER_REQUESTS = ListRef(ListKind.REQUESTS, audience=RequestAudience.TEACHER)


def role_models_of(form_id: int) -> ListRef:
    return ListRef(ListKind.ROLE_MODELS, form_id=form_id)


# --- what is offered ---------------------------------------------------------------------


def _offered(session: Session, model: type[_Item], keep: Iterable[int | None],
             *where: ColumnElement[bool]) -> list[Any]:
    kept = [i for i in keep if i is not None]
    visible = model.hidden.is_(False)
    if kept:
        visible = visible | model.id.in_(kept)
    return list(session.scalars(select(model).where(visible, *where)
                                .order_by(model.sort_order, model.id)))


def forms_offered(session: Session, keep: Iterable[int | None] = ()) -> list[MentoringForm]:
    """The forms of mentoring to choose from: the visible ones in the curator's order, and
    those in `keep` (already chosen) even when hidden."""
    return _offered(session, MentoringForm, keep)


def role_models_offered(session: Session, form_ids: Iterable[int] | None = None,
                        keep: Iterable[int | None] = ()) -> list[RoleModel]:
    """The role models to choose from (of `form_ids`, or of every form), visible or kept."""
    where = [] if form_ids is None else [RoleModel.form_id.in_(list(form_ids))]
    return _offered(session, RoleModel, keep, *where)


def requests_offered(session: Session, audience: RequestAudience | None = None,
                     keep: Iterable[int | None] = ()) -> list[MenteeRequest]:
    """The mentees' requests to choose from (of one audience, or pupils' then teachers')."""
    where = [] if audience is None else [MenteeRequest.audience == audience]
    rows = _offered(session, MenteeRequest, keep, *where)
    return sorted(rows, key=lambda r: r.audience is not RequestAudience.PUPIL)


def criteria_offered(session: Session,
                     keep: Iterable[int | None] = ()) -> list[SelectionCriterion]:
    """The selection criteria of mentors to score by, visible or kept."""
    return _offered(session, SelectionCriterion, keep)


# --- the editor's read model -------------------------------------------------------------


_USE_WORDS: dict[str, tuple[str, str, str]] = {
    "mentee_profile": ("наставляемый", "наставляемых", "наставляемых"),
    "mentee_profile_request": ("наставляемый", "наставляемых", "наставляемых"),
    "mentor_profile": ("наставник", "наставника", "наставников"),
    "mentor_profile_request": ("наставник", "наставника", "наставников"),
    "mentor_criterion_score": ("оценка наставника", "оценки наставников",
                               "оценок наставников"),
    "mentoring_pair": ("пара или группа", "пары или группы", "пар и групп"),
    "programme_form": ("программа", "программы", "программ"),
    "programme_role_model": ("программа", "программы", "программ"),
    "plan_template": ("шаблон плана", "шаблона плана", "шаблонов плана"),
    "material": ("материал", "материала", "материалов"),
    "questionnaire_template": ("анкета", "анкеты", "анкет"),
    "swot_entry": ("строка SWOT-анализа", "строки SWOT-анализа", "строк SWOT-анализа"),
    "practice_case": ("кейс", "кейса", "кейсов"),
}
_OTHER_USE = ("запись", "записи", "записей")


@dataclass(frozen=True)
class ReferenceItem:
    id: int
    name: str
    seed_name: str | None
    is_seeded: bool
    hidden: bool
    uses: tuple[tuple[str, int], ...] = ()
    """(table, rows) of what refers to the item (for a form: to its role models too)."""

    @property
    def renamed(self) -> bool:
        return self.seed_name is not None and self.name != self.seed_name

    @property
    def used(self) -> bool:
        return any(n for _table, n in self.uses)

    @property
    def uses_text(self) -> str:
        """«12 наставляемых, 3 пары или группы» — empty when nothing uses it."""
        return uses_text(self.uses)

    @property
    def search_key(self) -> str:
        return alphabetical_key(f"{self.name} {self.seed_name or ''}")


def uses_text(uses: Iterable[tuple[str, int]]) -> str:
    totals: dict[tuple[str, str, str], int] = {}
    for table, n in uses:
        words = _USE_WORDS.get(table, _OTHER_USE)
        totals[words] = totals.get(words, 0) + n
    return ", ".join(count_phrase(n, *words) for words, n in totals.items() if n)


@dataclass(frozen=True)
class ReferenceList:
    ref: ListRef
    title: str
    items: tuple[ReferenceItem, ...]

    @property
    def restorable(self) -> bool:
        """Whether «вернуть как в методологии» would change anything."""
        return bool(self.items)


def list_title(session: Session, ref: ListRef) -> str:
    if ref.kind is ListKind.ROLE_MODELS:
        form = session.get(MentoringForm, ref.form_id)
        return f"Ролевые модели формы «{form.name if form else '—'}»"
    if ref.kind is ListKind.REQUESTS:
        return ("Запросы наставляемых-педагогов" if ref.audience is RequestAudience.TEACHER
                else "Запросы наставляемых-обучающихся")
    return {ListKind.FORMS: "Формы наставничества",
            ListKind.CRITERIA: "Критерии отбора наставников"}[ref.kind]


def read_list(db: Database, ref: ListRef) -> ReferenceList:
    """The list's items in the curator's order, hidden ones too, with what uses each."""
    with db.reading() as session:
        rows = _rows(session, ref)
        uses = _uses(session, ref.kind, [r.id for r in rows])
        return ReferenceList(ref, list_title(session, ref), tuple(
            ReferenceItem(r.id, r.name, r.seed_name, r.is_seeded, r.hidden,
                          tuple(uses.get(r.id, ()))) for r in rows))


def _scope(ref: ListRef) -> list[ColumnElement[bool]]:
    if ref.kind is ListKind.ROLE_MODELS:
        return [RoleModel.form_id == ref.form_id]
    if ref.kind is ListKind.REQUESTS:
        return [MenteeRequest.audience == ref.audience]
    return []


def _rows(session: Session, ref: ListRef) -> list[Any]:
    model = _MODELS[ref.kind]
    return list(session.scalars(select(model).where(*_scope(ref))
                                .order_by(model.sort_order, model.id)))


def _uses(session: Session, kind: ListKind,
          ids: Sequence[int]) -> dict[int, list[tuple[str, int]]]:
    """What refers to each item, by the foreign keys to its table (role models of a form are
    its part, not a use: their own uses count for the form)."""
    uses: dict[int, list[tuple[str, int]]] = {}
    if not ids:
        return uses
    table = _MODELS[kind].__table__
    for other in Base.metadata.sorted_tables:
        if other.name == "role_model" and kind is ListKind.FORMS:
            continue
        for fk in other.foreign_keys:
            if fk.column.table is not table:
                continue
            column = fk.parent
            for item_id, n in session.execute(
                    select(column, func.count()).where(column.in_(list(ids)))
                    .group_by(column)):
                uses.setdefault(item_id, []).append((other.name, n))
    if kind is ListKind.FORMS:
        models = dict(session.execute(select(RoleModel.id, RoleModel.form_id)
                                      .where(RoleModel.form_id.in_(list(ids)))).all())
        for model_id, model_uses in _uses(session, ListKind.ROLE_MODELS, list(models)).items():
            uses.setdefault(models[model_id], []).extend(model_uses)
    return uses


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
    removed: tuple[str, ...] = field(default=())
    """Added items «вернуть как в методологии» deleted (unused)."""
    hidden: tuple[str, ...] = field(default=())
    """Added items it hid (used)."""


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
    return ListState(ref, tuple(_state_of(r) for r in _rows(session, ref)))


def put_state(db: Database, state: ListState, summary: str) -> None:
    """Make the list as `state` says (the undo or redo of a change): names, visibility and
    order back; an item deleted since comes back with its id; an item added since is
    deleted, or hidden when something uses it meanwhile."""
    with db.transaction() as session:
        _check_list(session, state.ref)
        model = _MODELS[state.ref.kind]
        rows = {r.id: r for r in _rows(session, state.ref)}
        wanted = {s.id for s in state.items}
        gone = [r for i, r in rows.items() if i not in wanted]
        used = _uses(session, state.ref.kind, [r.id for r in gone])
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
    model = _MODELS[ref.kind]
    values: dict[str, Any] = dict(item.extra)
    if ref.kind is ListKind.ROLE_MODELS:
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
    return str(_MODELS[ref.kind].__tablename__)


def _check_list(session: Session, ref: ListRef) -> None:
    if ref.kind is ListKind.ROLE_MODELS and session.get(MentoringForm, ref.form_id) is None:
        raise ValidationError("Этой формы наставничества уже нет в справочнике. Закройте "
                              "настройки и откройте снова.")


# --- the writes ----------------------------------------------------------------------------


def _item(session: Session, ref: ListRef, item_id: int) -> Any:
    _check_list(session, ref)
    row = session.get(_MODELS[ref.kind], item_id)
    if row is None or (ref.kind is ListKind.ROLE_MODELS and row.form_id != ref.form_id) or (
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
    for row in _rows(session, ref):
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
        summary = f"{_WHAT[ref.kind][0]} «{old}» переименована в «{clean}»" \
            if ref.kind in (ListKind.FORMS, ListKind.ROLE_MODELS) else \
            f"{_WHAT[ref.kind][0]} «{old}» переименован в «{clean}»"
        audit.record(session, "reference_rename", _table(ref), item_id, summary,
                     old=old, new=clean)
        return Change(summary, before, _list_state(session, ref), item_id)


def set_hidden(db: Database, ref: ListRef, item_id: int, hidden: bool) -> Change:
    """Hide an item (not offered for new choices, kept where chosen) or show it again."""
    with db.transaction() as session:
        row = _item(session, ref, item_id)
        before = _list_state(session, ref)
        row.hidden = hidden
        summary = f"«{row.name}»: {'скрыт' if hidden else 'снова показан'} в списке"
        audit.record(session, "reference_hide" if hidden else "reference_show", _table(ref),
                     item_id, summary)
        return Change(summary, before, _list_state(session, ref), item_id)


def add_item(db: Database, ref: ListRef, name: str, *, after: int | None = None) -> Change:
    """A new item of the school, after the item `after` (at the end without one)."""
    with db.transaction() as session:
        _check_list(session, ref)
        clean = _clean_name(session, ref, name, None)
        before = _list_state(session, ref)
        rows = _rows(session, ref)
        model = _MODELS[ref.kind]
        values: dict[str, Any] = {}
        if ref.kind is ListKind.FORMS:
            values["code"] = _new_form_code(session)
        if ref.kind is ListKind.ROLE_MODELS:
            values["form_id"] = ref.form_id
        if ref.kind is ListKind.REQUESTS:
            values["audience"] = ref.audience
        row = model(name=clean, is_seeded=False, seed_name=None, hidden=False, **values)
        at = next((i + 1 for i, r in enumerate(rows) if r.id == after), len(rows))
        rows.insert(at, row)
        session.add(row)
        _renumber(rows)
        session.flush()
        summary = f"Добавлено в список «{_WHAT[ref.kind][1]}»: «{clean}»"
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
        rows = _rows(session, ref)
        at = rows.index(row)
        to = max(0, min(len(rows) - 1, at + step))
        rows.insert(to, rows.pop(at))
        _renumber(rows)
        summary = f"«{row.name}» {'выше' if to < at else 'ниже'} в списке"
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
        used = uses_text(_uses(session, ref.kind, [item_id]).get(item_id, ()))
        if used:
            raise ValidationError(f"«{row.name}» нельзя удалить: его используют — {used}. "
                                  "Скройте его: он не будет предлагаться для нового выбора, "
                                  "а там, где уже выбран, останется.")
        before = _list_state(session, ref)
        name = row.name
        session.delete(row)
        session.flush()
        _renumber(_rows(session, ref))
        summary = f"Удалено из списка «{_WHAT[ref.kind][1]}»: «{name}»"
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
    if ref.kind is ListKind.ROLE_MODELS:
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
    rows = _rows(session, ref)
    code = None
    if ref.kind is ListKind.ROLE_MODELS:
        code = session.get_one(MentoringForm, ref.form_id).code
    methodology = _methodology(ref, code)
    position = {name: i for i, (name, _h) in enumerate(methodology)}
    default_hidden = dict(methodology)
    seeded = [r for r in rows if r.is_seeded]
    seeded.sort(key=lambda r: (position.get(r.seed_name or "", len(position)), r.sort_order))
    added = [r for r in rows if not r.is_seeded]
    used = _uses(session, ref.kind, [r.id for r in added])
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
        return Change(summary, before, _list_state(session, ref),
                      removed=work.plan.deleted, hidden=work.plan.hidden_added)
