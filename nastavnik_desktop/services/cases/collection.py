"""The one writer of cases and their photos, and the read model of the collection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import PracticeCase
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit


@dataclass(frozen=True)
class CaseDraft:
    """A case as typed: of a pair or group (`pair_id`) or of a form (`form_id`)."""

    title: str
    pair_id: int | None = None
    form_id: int | None = None
    problem: str = ""
    actions: str = ""
    result: str = ""
    quotes: str = ""


@dataclass(frozen=True)
class CaseInfo:
    id: int
    programme_id: int | None
    pair_id: int | None
    form_id: int | None
    title: str
    problem: str
    actions: str
    result: str
    quotes: str
    recorded_on: dt.date | None
    photos: int


def add_cases_in(session: Session, programme_id: int, drafts: Sequence[CaseDraft], *,
                 recorded_on: dt.date) -> list[int]:
    """Add the cases to the collection inside the caller's transaction; their ids."""
    order = session.scalar(select(func.max(PracticeCase.sort_order))) or 0
    rows = []
    for index, draft in enumerate(drafts, start=1):
        if not draft.title.strip():
            raise ValidationError("У кейса нет названия: впишите, о чём эта практика.")
        row = PracticeCase(programme_id=programme_id, pair_id=draft.pair_id,
                           form_id=draft.form_id, title=draft.title.strip(),
                           problem=draft.problem.strip(), actions=draft.actions.strip(),
                           result=draft.result.strip(), quotes=draft.quotes.strip(),
                           recorded_on=recorded_on, sort_order=order + index)
        session.add(row)
        rows.append(row)
    session.flush()
    for row in rows:
        audit.record(session, "create", "practice_case", row.id, "Добавлен кейс")
    return [row.id for row in rows]


def list_cases(db: Database, programme_id: int | None = None) -> list[CaseInfo]:
    """The collection in its order; of one programme when `programme_id` is given."""
    with db.reading() as session:
        query = select(PracticeCase).order_by(PracticeCase.sort_order, PracticeCase.id)
        if programme_id is not None:
            query = query.where(PracticeCase.programme_id == programme_id)
        return [CaseInfo(id=row.id, programme_id=row.programme_id, pair_id=row.pair_id,
                         form_id=row.form_id, title=row.title, problem=row.problem,
                         actions=row.actions, result=row.result, quotes=row.quotes,
                         recorded_on=row.recorded_on, photos=len(row.photos))
                for row in session.scalars(query)]
