"""The seven stages' cards and statuses, and the one home of their writes (`stage_progress`).

A stage is «завершён» when every item of its checklist (services/stages/checklists.py) is done
or once it was closed (by its wizard or by the curator); «в работе» when something of it is done
or once it was started (the previous stage's wizard starts the next one): a start is an event
too, and an import that brings no data of the stage does not undo it.

Statuses are computed when read (`stage_cards`, a read-only session). `stage_progress` keeps
what only an action can say — the manual ticks, that a stage was closed, and the dates a stage
started and was completed — and is written only inside the transaction of the action that
changes it: a tick, a close, a wizard's Finish (`store_statuses`, `start_stage`,
`finish_stage`, `record_stage_work`). A wizard's Finish also marks done the roadmap events
of its stage that its data fulfils, dated that day. The first paint of the «Обзор» page shows
those stored statuses.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import STAGE_STATUS_LABELS, STAGE_TITLES, StageStatus
from nastavnik_desktop.data.models import School, StageProgress
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.programme import check_programme
from nastavnik_desktop.services.roadmap import (
    StageEvents,
    check_stage,
    mark_fulfilled,
    stage_event_counts,
)
from nastavnik_desktop.services.stages.checklists import (
    MANUAL_ITEMS,
    STAGE_NEEDS,
    STAGE_RESULTS,
    derived,
)

STAGE_CARD_TABLES = frozenset({
    "programme", "school", "stage_progress", "team_member", "programme_form", "issued_document",
    "roadmap_item", "programme_event", "person", "consent", "mentee_profile",
    "mentee_profile_request", "mentor_profile", "mentor_criterion_score", "mentoring_pair",
    "pair_mentee", "plan_item", "meeting", "questionnaire_response", "questionnaire_template",
    "questionnaire_round",
    "certificate", "pair_note", "material", "material_handout", "practice_case"})
"""The tables `stage_cards` reads: a page showing the cards reads them again only when one of
these has changed (services/changes.py); tests/unit/services/stages/test_query_plans.py holds
the list to the statements the cards run."""


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str
    done: bool
    manual: bool
    """True for a tick the curator sets; False when derived from the data."""
    detail: str = ""


@dataclass(frozen=True)
class StageCard:
    stage: int
    title: str
    status: StageStatus
    status_label: str
    closed_by_curator: bool
    items: tuple[ChecklistItem, ...]
    events_total: int
    events_done: int
    events_overdue: int
    completed_on: dt.date | None
    needs: str
    result: str

    @property
    def items_done(self) -> int:
        return sum(item.done for item in self.items)


# --- reading and writing -------------------------------------------------------------------


def _ticks(progress: StageProgress) -> dict[str, bool]:
    try:
        stored = json.loads(progress.checklist_json or "{}")
    except ValueError:
        return {}
    if not isinstance(stored, dict):
        return {}
    return {str(k): bool(v) for k, v in stored.items()}


def _stored(session: Session, programme_id: int) -> dict[int, StageProgress]:
    """The stored rows of the seven stages; a missing one as a blank row not in the session."""
    rows = {p.stage: p for p in session.scalars(select(StageProgress).where(
        StageProgress.programme_id == programme_id))}
    for stage in STAGE_TITLES:
        if stage not in rows:
            rows[stage] = StageProgress(programme_id=programme_id, stage=stage,
                                        status=StageStatus.NOT_STARTED, checklist_json="{}")
    return rows


def _progress(session: Session, programme_id: int) -> dict[int, StageProgress]:
    """The rows of the seven stages for writing: a missing one is added to the session."""
    rows = _stored(session, programme_id)
    for row in rows.values():
        if row not in session:
            session.add(row)
    return rows


def _cards(session: Session, programme_id: int, today: dt.date) -> list[StageCard]:
    programme = check_programme(session, programme_id)
    school = session.get(School, programme.school_id)
    assert school is not None
    checks = derived(session, programme, school, today)
    progress = _stored(session, programme_id)
    events = stage_event_counts(session, programme_id, today)
    cards = []
    for stage, title in STAGE_TITLES.items():
        row = progress[stage]
        ticks = _ticks(row)
        items = [ChecklistItem(key, text, done, False, detail)
                 for key, text, done, detail in checks[stage]]
        items += [ChecklistItem(key, text, ticks.get(key, False), True)
                  for key, text in MANUAL_ITEMS[stage]]
        counts = events.get(stage, StageEvents())
        complete = bool(items) and all(item.done for item in items)
        closed = row.status is StageStatus.DONE and not complete
        status = _status(items, row.status, counts.done)
        cards.append(StageCard(
            stage=stage, title=title, status=status, status_label=STAGE_STATUS_LABELS[status],
            closed_by_curator=closed, items=tuple(items), events_total=counts.total,
            events_done=counts.done, events_overdue=counts.overdue,
            completed_on=row.completed_on if status is StageStatus.DONE else None,
            needs=STAGE_NEEDS[stage], result=STAGE_RESULTS[stage]))
    return cards


def _status(items: list[ChecklistItem], stored: StageStatus, events_done: int) -> StageStatus:
    """Done when every item is done, or once the stage was closed (by its wizard or by the
    curator): completion is an event and stays so when data changes later. In progress when
    something of it is done, or once it was started."""
    if stored is StageStatus.DONE or (items and all(item.done for item in items)):
        return StageStatus.DONE
    if stored is StageStatus.IN_PROGRESS or events_done or any(item.done for item in items):
        return StageStatus.IN_PROGRESS
    return StageStatus.NOT_STARTED


def store_statuses(session: Session, programme_id: int, today: dt.date) -> list[StageCard]:
    """Inside the transaction of an action (a tick, a close, a wizard's Finish): the seven
    cards as that action leaves the data, their statuses written into stage_progress. The
    completion date is kept when a done stage stays done, and set today when it becomes done."""
    cards = _cards(session, programme_id, today)
    progress = _progress(session, programme_id)
    result = []
    for card in cards:
        row = progress[card.stage]
        if row.status != card.status:
            if card.status is not StageStatus.NOT_STARTED and row.started_on is None:
                row.started_on = today
            row.completed_on = today if card.status is StageStatus.DONE else None
            row.status = card.status
        result.append(_with_completion(card, row.completed_on))
    return result


def start_stage(session: Session, programme_id: int, stage: int, day: dt.date) -> None:
    """Inside an action's transaction: `stage` is in progress from `day`, unless it has
    started already."""
    row = _progress(session, programme_id)[stage]
    if row.status is StageStatus.NOT_STARTED:
        row.status, row.started_on = StageStatus.IN_PROGRESS, day


def finish_stage(session: Session, programme_id: int, stage: int, day: dt.date, *,
                 started_on: dt.date | None = None) -> None:
    """Inside an action's transaction (a wizard's Finish): `stage` is done on `day`; if it had
    not started, it started on `started_on` (default `day`)."""
    row = _progress(session, programme_id)[stage]
    row.status = StageStatus.DONE
    row.started_on = row.started_on or started_on or day
    row.completed_on = day


def record_stage_work(session: Session, programme_id: int, stage: int,
                      day: dt.date) -> list[StageCard]:
    """Inside the transaction of an action that did `stage`'s work (its wizard's Finish,
    issuing its order), after its writes: the roadmap events of the stage its data now
    fulfils are done on `day`, and the seven statuses are stored; returns the cards as the
    roadmap then shows them."""
    card = _cards(session, programme_id, day)[stage - 1]
    mark_fulfilled(session, programme_id, stage, {i.key for i in card.items if i.done}, day)
    return store_statuses(session, programme_id, day)


def _with_completion(card: StageCard, completed_on: dt.date | None) -> StageCard:
    return replace(card, completed_on=completed_on if card.status is StageStatus.DONE else None)


# --- for the stage wizards: the same checks inside their own transaction ---------------------


def cards_in(session: Session, programme_id: int, today: dt.date) -> list[StageCard]:
    """The seven cards as `session` sees the data (unsaved changes included); nothing stored."""
    return _cards(session, programme_id, today)


def manual_ticks(session: Session, programme_id: int, stage: int) -> dict[str, bool]:
    """The manual ticks of `stage` as stored."""
    return _ticks(_stored(session, programme_id)[stage])


def set_tick_in(session: Session, programme_id: int, stage: int, key: str,
                done: bool) -> bool:
    """Set a manual tick inside the caller's transaction; returns whether it changed."""
    if key not in dict(MANUAL_ITEMS.get(stage, ())):
        raise ValidationError("Этот пункт отмечается по данным программы, а не вручную.")
    row = _progress(session, programme_id)[stage]
    ticks = _ticks(row)
    if ticks.get(key, False) is done:
        return False
    ticks[key] = done
    row.checklist_json = json.dumps(ticks, ensure_ascii=False, sort_keys=True)
    return True


def stage_cards(db: Database, programme_id: int, *,
                today: dt.date | None = None) -> list[StageCard]:
    """The seven stages with their checklists and statuses as the data says now. A read:
    nothing is stored."""
    day = today or dt.date.today()
    with db.reading() as session:
        return _cards(session, programme_id, day)


def preview_card(db: Database, stage: int, today: dt.date,
                 apply: Callable[[Session], int]) -> StageCard:
    """Run `apply` (which returns the programme id) in a transaction that is rolled back, and
    read `stage`'s card from what it wrote: the stages' own rules, nothing saved."""
    with db.reading() as session:
        programme_id = apply(session)
        session.flush()
        return _cards(session, programme_id, today)[stage - 1]


def _change_ticks(db: Database, programme_id: int, stage: int,
                  change: Callable[[dict[str, bool]], str], today: dt.date | None) -> StageCard:
    day = today or dt.date.today()
    with db.transaction() as session:
        row = _progress(session, programme_id)[stage]
        ticks = _ticks(row)
        summary = change(ticks)
        row.checklist_json = json.dumps(ticks, ensure_ascii=False, sort_keys=True)
        session.flush()
        audit.record(session, "update", "stage_progress", row.id, summary, stage=stage)
        return store_statuses(session, programme_id, day)[stage - 1]


def set_tick(db: Database, programme_id: int, stage: int, key: str, done: bool, *,
             today: dt.date | None = None) -> StageCard:
    """Set or clear a manual checklist item of `stage`."""
    check_stage(stage)
    texts = dict(MANUAL_ITEMS.get(stage, ()))
    if key not in texts:
        raise ValidationError("Этот пункт отмечается по данным программы, а не вручную.")

    def change(ticks: dict[str, bool]) -> str:
        ticks[key] = done
        return f"Этап {stage}: «{texts[key]}» — {'отмечено' if done else 'отметка снята'}"

    return _change_ticks(db, programme_id, stage, change, today)


def close_stage(db: Database, programme_id: int, stage: int, closed: bool = True, *,
                today: dt.date | None = None) -> StageCard:
    """The curator closes a stage although not every item is done, or reopens it. A stage
    whose every item is done cannot be reopened: it is done by its data."""
    check_stage(stage)
    day = today or dt.date.today()
    with db.transaction() as session:
        row = _progress(session, programme_id)[stage]
        if closed:
            row.status = StageStatus.DONE
            row.started_on = row.started_on or day
            row.completed_on = row.completed_on or day
        else:
            row.status = StageStatus.IN_PROGRESS
            row.completed_on = None
        session.flush()
        card = _cards(session, programme_id, day)[stage - 1]
        if not closed and card.status is StageStatus.DONE:
            raise ValidationError(f"Этап {stage} выполнен по всем пунктам — вернуть его "
                                  "в работу нельзя. Снимите отметку с одного из пунктов.")
        audit.record(session, "update", "stage_progress", row.id,
                     f"Этап {stage} {'завершён куратором' if closed else 'возвращён в работу'}",
                     stage=stage)
        return store_statuses(session, programme_id, day)[stage - 1]
