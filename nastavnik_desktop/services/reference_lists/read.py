"""The reference lists as they are read: which list is which (`ListRef`), what is offered for
a new choice (`forms_offered`, `role_models_offered`, `requests_offered`, `criteria_offered`:
the visible items in the curator's order, and those in `keep` even when hidden), and the
editor's read model with what uses each item (`read_list`)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import RequestAudience
from nastavnik_desktop.data.models import (
    Base,
    MenteeRequest,
    MentoringForm,
    RoleModel,
    SelectionCriterion,
)
from nastavnik_desktop.text import alphabetical_key, count_phrase

NAME_LIMIT = 300

_Item = MentoringForm | RoleModel | MenteeRequest | SelectionCriterion


class ListKind(enum.Enum):
    FORMS = "forms"
    ROLEMODELS = "role_models"
    REQUESTS = "requests"
    CRITERIA = "criteria"


MODELS: dict[ListKind, type[_Item]] = {
    ListKind.FORMS: MentoringForm, ListKind.ROLEMODELS: RoleModel,
    ListKind.REQUESTS: MenteeRequest, ListKind.CRITERIA: SelectionCriterion,
}
WHAT: dict[ListKind, tuple[str, str]] = {
    # (the item in the nominative, the audit's name of the list)
    ListKind.FORMS: ("Форма наставничества", "формы наставничества"),
    ListKind.ROLEMODELS: ("Ролевая модель", "ролевые модели"),
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
        if (self.kind is ListKind.ROLEMODELS) != (self.form_id is not None):
            raise ValueError("role models are listed per form")
        if (self.kind is ListKind.REQUESTS) != (self.audience is not None):
            raise ValueError("requests are listed per audience")


FORMS = ListRef(ListKind.FORMS)
CRITERIA = ListRef(ListKind.CRITERIA)
PUPIL_REQUESTS = ListRef(ListKind.REQUESTS, audience=RequestAudience.PUPIL)
TEACHER_REQUESTS = ListRef(ListKind.REQUESTS, audience=RequestAudience.TEACHER)


def role_models_of(form_id: int) -> ListRef:
    return ListRef(ListKind.ROLEMODELS, form_id=form_id)


# --- what is offered ---------------------------------------------------------------------


def _offered(session: Session, model: type[_Item], keep: Iterable[int | None],
             *where: ColumnElement[bool]) -> list[Any]:
    kept = [i for i in keep if i is not None]
    visible: ColumnElement[bool] = model.hidden.is_(False)
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


def item_order(db: Database, kind: ListKind) -> dict[int, int]:
    """Each item's place in the curator's order (pupils' requests before teachers'), for
    lists that show only some of the items — a filter of what a base holds."""
    model = MODELS[kind]
    order: list[Any] = [model.sort_order, model.id]
    if kind is ListKind.REQUESTS:
        order.insert(0, MenteeRequest.audience != RequestAudience.PUPIL)
    with db.engine.connect() as conn:
        rows = conn.execute(select(model.id).order_by(*order)).scalars()
        return {item_id: place for place, item_id in enumerate(rows)}


# --- the editor's read model -------------------------------------------------------------


_USE_WORDS: dict[str, tuple[str, str, str]] = {
    # in the order the uses are named: what matters most first
    "programme_form": ("программа", "программы", "программ"),
    "programme_role_model": ("программа", "программы", "программ"),
    "mentoring_pair": ("пара", "пары", "пар"),
    "mentee_profile": ("наставляемый", "наставляемых", "наставляемых"),
    "mentee_profile_request": ("наставляемый", "наставляемых", "наставляемых"),
    "mentor_profile": ("наставник", "наставника", "наставников"),
    "mentor_profile_request": ("наставник", "наставника", "наставников"),
    "mentor_criterion_score": ("оценка наставника", "оценки наставников",
                               "оценок наставников"),
    "plan_template": ("шаблон плана", "шаблона плана", "шаблонов плана"),
    "material": ("материал", "материала", "материалов"),
    "questionnaire_template": ("анкета", "анкеты", "анкет"),
    "swot_entry": ("строка SWOT-анализа", "строки SWOT-анализа", "строк SWOT-анализа"),
    "practice_case": ("кейс", "кейса", "кейсов"),
}
_USE_RANK = {words: rank for rank, words in enumerate(dict.fromkeys(_USE_WORDS.values()))}
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
    ranked = sorted(totals.items(), key=lambda item: _USE_RANK.get(item[0], len(_USE_RANK)))
    return ", ".join(count_phrase(n, *words) for words, n in ranked if n)


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
    if ref.kind is ListKind.ROLEMODELS:
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
        rows = rows_of(session, ref)
        uses = uses_of(session, ref.kind, [r.id for r in rows])
        return ReferenceList(ref, list_title(session, ref), tuple(
            ReferenceItem(r.id, r.name, r.seed_name, r.is_seeded, r.hidden,
                          tuple(uses.get(r.id, ()))) for r in rows))


def _scope(ref: ListRef) -> list[ColumnElement[bool]]:
    if ref.kind is ListKind.ROLEMODELS:
        return [RoleModel.form_id == ref.form_id]
    if ref.kind is ListKind.REQUESTS:
        return [MenteeRequest.audience == ref.audience]
    return []


def rows_of(session: Session, ref: ListRef) -> list[Any]:
    model = MODELS[ref.kind]
    return list(session.scalars(select(model).where(*_scope(ref))
                                .order_by(model.sort_order, model.id)))


def uses_of(session: Session, kind: ListKind,
          ids: Sequence[int]) -> dict[int, list[tuple[str, int]]]:
    """What refers to each item, by the foreign keys to its table. A form's role models are
    its part, not a use: what refers to them counts for the form, each row once (a row that
    names the form as well is counted by the form; the programme's role models by its
    forms)."""
    uses: dict[int, list[tuple[str, int]]] = {}
    if not ids:
        return uses
    for table_name, column, extra in _references(kind):
        for item_id, n in session.execute(
                select(column, func.count()).where(column.in_(list(ids)), *extra)
                .group_by(column)):
            uses.setdefault(item_id, []).append((table_name, n))
    if kind is ListKind.FORMS:
        models = dict(session.execute(select(RoleModel.id, RoleModel.form_id)
                                      .where(RoleModel.form_id.in_(list(ids)))).all())
        for table_name, column, extra in _references(ListKind.ROLEMODELS, within_form=True):
            for model_id, n in session.execute(
                    select(column, func.count()).where(column.in_(list(models)), *extra)
                    .group_by(column)):
                uses.setdefault(models[model_id], []).append((table_name, n))
    return uses


def _references(kind: ListKind, *, within_form: bool = False
                ) -> list[tuple[str, Any, list[ColumnElement[bool]]]]:
    """(table, column, condition) of every foreign key to the list's table; `within_form`:
    the role models' references a form does not count already."""
    target = MODELS[kind].__table__
    forms = MentoringForm.__table__
    found: list[tuple[str, Any, list[ColumnElement[bool]]]] = []
    for other in Base.metadata.sorted_tables:
        if other.name == "role_model" and kind is ListKind.FORMS:
            continue
        if within_form and other.name == "programme_role_model":
            continue
        for fk in other.foreign_keys:
            if fk.column.table is not target:
                continue
            extra: list[ColumnElement[bool]] = [c.parent.is_(None) for c in other.foreign_keys
                     if within_form and c.column.table is forms]
            found.append((other.name, fk.parent, extra))
    return found
