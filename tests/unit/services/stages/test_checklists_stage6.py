"""Stage 6's checklist ticks from the pairs' work: plans are common tasks, meetings are held
ones (not planned), «materials» needs a handout to every active pair's mentor, «feedback» a
control note for every active pair — and none of them ticks without its data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import PairNoteKind, PairStatus, PlanItemKind
from nastavnik_desktop.data.models import (
    Material,
    MaterialHandout,
    Meeting,
    MentoringPair,
    PairNote,
    PlanItem,
)
from nastavnik_desktop.demo import DemoOptions, generate_demo
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.services import stages

DAY = dt.date(2026, 11, 23)


@pytest.fixture
def school(tmp_path: Path) -> Iterator[tuple[Database, int]]:
    db = open_database(tmp_path / "school.sqlite")
    generate_demo(db, DemoOptions(seed=5, pupils=200, teachers=20, today=DAY))
    programme = programme_service.current_programme(db)
    assert programme is not None
    yield db, programme.id
    db.close()


def _items(db: Database, pid: int) -> dict[str, stages.ChecklistItem]:
    card = next(c for c in stages.stage_cards(db, pid, today=DAY) if c.stage == 6)
    return {item.key: item for item in card.items}


def _active(db: Database, pid: int) -> list[Any]:
    """(id, mentor_profile_id) of the pairs not terminated."""
    with db.reading() as session:
        return list(session.execute(select(MentoringPair.id, MentoringPair.mentor_profile_id)
                                    .where(MentoringPair.programme_id == pid,
                                           MentoringPair.status != PairStatus.TERMINATED)))


def test_materials_and_feedback_are_derived_from_the_data(school: tuple[Database, int]) -> None:
    db, pid = school
    items = _items(db, pid)
    assert not items["materials"].manual and not items["feedback"].manual
    assert items["materials"].done  # the demo hands the links to every mentor
    assert not items["feedback"].done  # pairs just formed have no control note yet
    active = _active(db, pid)
    assert items["feedback"].detail.endswith(f"из {len(active)} с отметками контроля")
    with db.transaction() as session:
        noted = set(session.scalars(select(PairNote.pair_id)))
        session.add_all([PairNote(pair_id=p.id, kind=PairNoteKind.INTERMEDIATE, written_on=DAY,
                                  text="Работа идёт", mark=8)
                         for p in active if p.id not in noted])
    assert _items(db, pid)["feedback"].done
    with db.transaction() as session:  # one mentor without a handout
        session.execute(delete(MaterialHandout).where(
            MaterialHandout.mentor_profile_id == active[0].mentor_profile_id))
    assert not _items(db, pid)["materials"].done
    with db.transaction() as session:  # handed again
        material = session.scalars(select(Material)).first()
        assert material is not None
        session.add(MaterialHandout(material_id=material.id,
                                    mentor_profile_id=active[0].mentor_profile_id,
                                    handed_on=DAY))
    assert _items(db, pid)["materials"].done


def test_nothing_ticks_without_its_data(school: tuple[Database, int]) -> None:
    db, pid = school
    with db.transaction() as session:
        session.execute(delete(PairNote))
        session.execute(delete(MaterialHandout))
        session.execute(delete(PlanItem).where(PlanItem.kind == PlanItemKind.TASK))
        session.execute(update(Meeting).values(planned=True))  # only planned meetings left
    items = _items(db, pid)
    assert not any(items[key].done for key in ("plans", "meetings", "materials", "feedback"))
    assert items["plans"].detail.startswith("0 из") and items["meetings"].detail.startswith("0 из")


def test_plans_and_meetings_tick_from_tasks_and_held_meetings(
        school: tuple[Database, int]) -> None:
    db, pid = school
    active = _active(db, pid)
    with db.transaction() as session:
        with_tasks = set(session.scalars(select(PlanItem.pair_id).where(
            PlanItem.kind == PlanItemKind.TASK)))
        held = set(session.scalars(select(Meeting.pair_id).where(Meeting.planned.is_(False))))
        for number, pair in enumerate(active):
            if pair.id not in with_tasks:
                session.add(PlanItem(pair_id=pair.id, kind=PlanItemKind.TASK, text="Задача",
                                     sort_order=number))
            if pair.id not in held:
                session.add(Meeting(pair_id=pair.id, kind="acquaintance", held_on=DAY))
    items = _items(db, pid)
    assert items["plans"].done and items["meetings"].done
    with db.transaction() as session:  # a goal is not a plan of work
        session.execute(update(PlanItem).where(PlanItem.pair_id == active[0].id)
                        .values(kind=PlanItemKind.GOAL))
    assert not _items(db, pid)["plans"].done
