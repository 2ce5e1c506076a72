"""The demo school's previous year (`demo/last_year.py`): a finished, archived programme with
completed pairs and their results, the final event, the awards grounded by an order, and cases."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import (
    AwardNomination,
    PairStatus,
    ProgrammeStatus,
    StageStatus,
)
from nastavnik_desktop.data.models import (
    IssuedDocument,
    MentoringPair,
    Programme,
    ProgrammeEvent,
)
from nastavnik_desktop.demo import DemoOptions, generate_demo
from nastavnik_desktop.services.awards.register import list_awards
from nastavnik_desktop.services.cases.collection import list_cases

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(Path(tmp_path_factory.mktemp("last_year")) / "demo.sqlite")
    generate_demo(database, DemoOptions(seed=5, pupils=300, teachers=30, today=TODAY))
    yield database
    database.close()


@dataclass(frozen=True)
class _Year:
    id: int
    school_year: str
    previous_id: int | None


def _programmes(db: Database) -> tuple[_Year, _Year]:
    """The running programme and last year's."""
    with db.reading() as session:
        programmes = {p.status: _Year(p.id, p.school_year, p.previous_id)
                      for p in session.scalars(select(Programme))}
    assert set(programmes) == {ProgrammeStatus.ACTIVE, ProgrammeStatus.ARCHIVED}
    return programmes[ProgrammeStatus.ACTIVE], programmes[ProgrammeStatus.ARCHIVED]


def test_last_year_is_the_year_before_finished_and_linked_to_this_one(demo: Database) -> None:
    current, previous = _programmes(demo)
    assert previous.school_year == "2025/2026" and current.school_year == "2026/2027"
    assert current.previous_id == previous.id
    with demo.reading() as session:
        stages = session.get(Programme, previous.id).stages  # type: ignore[union-attr]
        assert [s.status for s in stages] == [StageStatus.DONE] * 7
        pairs = session.scalars(select(MentoringPair).where(
            MentoringPair.programme_id == previous.id)).all()
        assert len(pairs) >= 6
        assert all(p.status is PairStatus.COMPLETED and p.ended_on and p.result for p in pairs)
        kinds = {e.kind: e for e in session.scalars(select(ProgrammeEvent).where(
            ProgrammeEvent.programme_id == previous.id))}
        assert set(kinds) == {"results_presentation", "final_event"}
        assert kinds["final_event"].place and kinds["final_event"].attended_count


def test_last_year_awards_are_numbered_once_and_grounded_by_the_order(demo: Database) -> None:
    _current, previous = _programmes(demo)
    awards = list_awards(demo, previous.id)
    numbers = [a.registry_number for a in awards]
    assert len(set(numbers)) == len(numbers) > 0
    with demo.reading() as session:
        order_id = session.scalars(select(IssuedDocument.id).where(
            IssuedDocument.programme_id == previous.id,
            IssuedDocument.kind == "order_awards")).one()
        pairs = session.scalars(select(MentoringPair).where(
            MentoringPair.programme_id == previous.id)).all()
        participants = {p.mentor.person_id for p in pairs} | {
            m.mentee.person_id for p in pairs for m in p.members}
    assert {a.order_document_id for a in awards} == {order_id}
    by_nomination = Counter(a.nomination for a in awards)
    assert by_nomination[AwardNomination.PARTICIPANT] == len(participants)
    assert {a.person_id for a in awards
            if a.nomination is AwardNomination.PARTICIPANT} == participants
    assert by_nomination[AwardNomination.BEST_PAIR] >= 2
    assert by_nomination[AwardNomination.BEST_MENTOR] >= 1


def test_last_year_left_cases_of_its_pairs(demo: Database) -> None:
    _current, previous = _programmes(demo)
    cases = list_cases(demo, previous.id)
    assert len(cases) >= 1
    assert all(c.title and c.problem and c.actions and c.result and c.pair_id for c in cases)
