"""The seven stages' checklists and statuses, derived from the data and ticked by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, select
from sqlalchemy.orm import sessionmaker

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import (
    ConsentGiver,
    ConsentKind,
    PersonCategory,
    Sex,
    StageStatus,
)
from nastavnik_desktop.data.models import (
    Consent,
    MenteeProfile,
    MenteeRequest,
    Person,
    ProgrammeEvent,
    StageProgress,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import stages
from nastavnik_desktop.services.programme import ProgrammeInfo

TODAY = dt.date(2025, 11, 20)


def _items(card: stages.StageCard) -> dict[str, stages.ChecklistItem]:
    return {item.key: item for item in card.items}


@dataclass(frozen=True)
class _Stored:
    status: StageStatus
    started_on: dt.date | None
    completed_on: dt.date | None


def _stored(db: Database, programme_id: int) -> dict[int, _Stored]:
    with db.reading() as session:
        return {p.stage: _Stored(p.status, p.started_on, p.completed_on)
                for p in session.scalars(select(StageProgress).where(
                    StageProgress.programme_id == programme_id))}


def _add_mentee(db: Database, programme_id: int, *, born: dt.date,
                with_request: bool = False) -> int:
    with db.transaction() as session:
        person = Person(last_name="Иванова", first_name="Мария", middle_name="Петровна",
                        sex=Sex.FEMALE, birth_date=born, category=PersonCategory.PUPIL,
                        class_name="7А")
        session.add(person)
        session.flush()
        profile = MenteeProfile(programme_id=programme_id, person_id=person.id)
        if with_request:
            profile.requests = [session.scalars(select(MenteeRequest)).first()]
        session.add(profile)
        session.flush()
        return person.id


def _consent(db: Database, person_id: int, giver: ConsentGiver) -> None:
    with db.transaction() as session:
        session.add(Consent(person_id=person_id, kind=ConsentKind.PERSONAL_DATA,
                            given_on=dt.date(2025, 9, 5), given_by=giver))


def test_a_new_programme_has_seven_stages_and_stage_1_in_progress(
        db: Database, programme: ProgrammeInfo) -> None:
    cards = stages.stage_cards(db, programme.id, today=TODAY)
    assert [c.stage for c in cards] == list(range(1, 8))
    first = _items(cards[0])
    assert first["requisites"].done  # the school and its director were given
    assert not first["curator"].done and not first["roadmap"].done
    assert cards[0].status is StageStatus.IN_PROGRESS
    assert all(c.status is StageStatus.NOT_STARTED for c in cards[1:])
    # Computed on read: the stored row waits for an action (a tick, a close, a Finish).
    stored = _stored(db, programme.id)
    assert stored[1].status is StageStatus.NOT_STARTED
    assert stored[1].started_on is None and stored[1].completed_on is None
    card = stages.set_tick(db, programme.id, 2, "talks", True, today=TODAY)
    assert card.status is StageStatus.IN_PROGRESS
    stored = _stored(db, programme.id)
    assert stored[1].status is StageStatus.IN_PROGRESS
    assert stored[1].started_on == TODAY and stored[1].completed_on is None


def test_reading_the_stage_cards_writes_nothing(db: Database,
                                                programme: ProgrammeInfo) -> None:
    """Statuses are computed on read: the cards come from a database opened read-only, and
    the read sends no statement that writes."""
    stages.close_stage(db, programme.id, 3, today=TODAY)  # stores every status
    _add_mentee(db, programme.id, born=dt.date(2012, 3, 1), with_request=True)
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    uri = f"sqlite:///file:{db.path.as_posix()}?mode=ro&uri=true"
    engine = create_engine(uri)
    event.listen(engine, "before_cursor_execute", record)
    read_only = Database(path=db.path, engine=engine,
                         session_factory=sessionmaker(engine, expire_on_commit=False))
    try:
        cards = stages.stage_cards(read_only, programme.id, today=TODAY)
    finally:
        read_only.close()
    writes = [s for s in statements
              if s.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert statements and not writes
    assert cards == stages.stage_cards(db, programme.id, today=TODAY)
    assert cards[1].status is StageStatus.IN_PROGRESS  # the new mentee: derived, not stored
    assert cards[2].status is StageStatus.DONE and cards[2].closed_by_curator
    assert _stored(db, programme.id)[2].status is StageStatus.NOT_STARTED


def test_stage_2_follows_requests_consents_and_informing(
        db: Database, programme: ProgrammeInfo) -> None:
    minor = _add_mentee(db, programme.id, born=dt.date(2012, 3, 1), with_request=True)
    adult = _add_mentee(db, programme.id, born=dt.date(2000, 3, 1))
    card = stages.stage_cards(db, programme.id, today=TODAY)[1]
    items = _items(card)
    assert items["mentee_base"].done and items["mentee_base"].detail == "2 человека"
    assert not items["requests"].done and items["requests"].detail == "1 из 2 с запросами"
    assert not items["consents"].done and items["consents"].detail == "0 из 2 с согласием"
    assert card.status is StageStatus.IN_PROGRESS

    _consent(db, minor, ConsentGiver.SELF)  # a minor's own consent is not enough
    _consent(db, adult, ConsentGiver.SELF)
    items = _items(stages.stage_cards(db, programme.id, today=TODAY)[1])
    assert items["consents"].detail == "1 из 2 с согласием"
    _consent(db, minor, ConsentGiver.PARENT)
    with db.transaction() as session:
        profile = session.scalars(select(MenteeProfile).where(
            MenteeProfile.person_id == adult)).one()
        profile.requests_note = "выбор профессии"
        session.add(ProgrammeEvent(programme_id=programme.id, stage=2, kind="parents_meeting",
                                   held_on=dt.date(2025, 9, 20), attended_count=40))
    stages.set_tick(db, programme.id, 2, "talks", True, today=TODAY)
    card = stages.stage_cards(db, programme.id, today=TODAY)[1]
    assert all(item.done for item in card.items), card.items
    assert card.status is StageStatus.DONE and not card.closed_by_curator
    assert _stored(db, programme.id)[2].completed_on == TODAY


def test_a_manual_tick_is_stored_and_a_derived_item_cannot_be_ticked(
        db: Database, programme: ProgrammeInfo) -> None:
    card = stages.set_tick(db, programme.id, 7, "publicity", True, today=TODAY)
    assert _items(card)["publicity"].done and _items(card)["publicity"].manual
    assert card.status is StageStatus.IN_PROGRESS
    card = stages.set_tick(db, programme.id, 7, "publicity", False, today=TODAY)
    assert not _items(card)["publicity"].done
    with pytest.raises(ValidationError, match="по данным"):
        stages.set_tick(db, programme.id, 7, "awards", True)
    with pytest.raises(ValidationError, match="от 1 до 7"):
        stages.set_tick(db, programme.id, 8, "x", True)


def test_the_curator_closes_and_reopens_a_stage(db: Database,
                                                programme: ProgrammeInfo) -> None:
    card = stages.close_stage(db, programme.id, 3, today=TODAY)
    assert card.status is StageStatus.DONE and card.closed_by_curator
    assert card.completed_on == TODAY
    # Completion stays when the data changes later.
    assert stages.stage_cards(db, programme.id, today=TODAY)[2].status is StageStatus.DONE
    card = stages.close_stage(db, programme.id, 3, closed=False, today=TODAY)
    assert card.status is StageStatus.IN_PROGRESS  # «возвращён в работу»: started, not done
    assert _stored(db, programme.id)[3].completed_on is None


def test_a_stage_done_by_its_data_cannot_be_reopened_and_nothing_changes(
        db: Database, programme: ProgrammeInfo) -> None:
    minor = _add_mentee(db, programme.id, born=dt.date(2012, 3, 1), with_request=True)
    _consent(db, minor, ConsentGiver.PARENT)
    with db.transaction() as session:
        session.add(ProgrammeEvent(programme_id=programme.id, stage=2, kind="class_hour",
                                   held_on=dt.date(2025, 9, 20)))
    stages.set_tick(db, programme.id, 2, "talks", True, today=TODAY)
    assert stages.stage_cards(db, programme.id, today=TODAY)[1].status is StageStatus.DONE
    with pytest.raises(ValidationError, match="вернуть его в работу нельзя"):
        stages.close_stage(db, programme.id, 2, closed=False, today=TODAY)
    assert _stored(db, programme.id)[2].status is StageStatus.DONE


def test_the_demo_school_has_stages_1_to_4_done(tmp_path: Path,
                                                build_demo: Callable[..., Path]) -> None:
    path = tmp_path / "demo.sqlite"
    build_demo(path, seed=3, pupils=200, teachers=30)
    database = open_database(path, backup_dir=tmp_path / "backups")
    try:
        from nastavnik_desktop.services.programme import current_programme

        current = current_programme(database)
        assert current is not None
        cards = stages.stage_cards(database, current.id)
        assert [c.status for c in cards[:4]] == [StageStatus.DONE] * 4
        assert cards[4].status is StageStatus.IN_PROGRESS
        assert _items(cards[4])["pairs"].done
        assert cards[0].events_total > 0 and cards[0].events_done == cards[0].events_total
        assert all(item.done for item in cards[0].items), cards[0].items  # order, Положение…
        assert _items(cards[1])["informing"].done
    finally:
        database.close()


def test_a_pupil_without_a_birth_date_needs_a_parents_consent(
        db: Database, programme: ProgrammeInfo) -> None:
    """The roadmap and the mentee page agree on who is a minor (services.people.is_minor)."""
    pupil = _add_mentee(db, programme.id, born=dt.date(2012, 3, 1), with_request=True)
    with db.transaction() as session:
        person = session.get(Person, pupil)
        assert person is not None
        person.birth_date = None
    _consent(db, pupil, ConsentGiver.SELF)
    items = _items(stages.stage_cards(db, programme.id, today=TODAY)[1])
    assert items["consents"].detail == "0 из 1 с согласием"
    _consent(db, pupil, ConsentGiver.PARENT)
    assert _items(stages.stage_cards(db, programme.id, today=TODAY)[1])["consents"].done
