"""The roadmap: generated from the methodology template, then edited by the curator."""

from __future__ import annotations

import datetime as dt

import pytest

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import STAGE_TITLES
from nastavnik_desktop.data.models import AuditEntry, Programme
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.roadmap import (
    ROADMAP_TEMPLATE,
    add_item,
    generate_roadmap,
    list_roadmap,
    mark_done,
    mark_not_done,
    move_item,
    remove_item,
    update_item,
)


@pytest.fixture
def roadmap(db: Database, programme: ProgrammeInfo) -> ProgrammeInfo:
    with db.transaction() as session:
        row = session.get(Programme, programme.id)
        assert row is not None
        generate_roadmap(session, row)
    return programme


def test_template_has_three_to_six_events_per_stage() -> None:
    assert set(ROADMAP_TEMPLATE) == set(STAGE_TITLES)
    assert all(3 <= len(events) <= 6 for events in ROADMAP_TEMPLATE.values())


def test_generated_roadmap_covers_the_seven_stages_within_the_school_year(
        db: Database, roadmap: ProgrammeInfo) -> None:
    lines = list_roadmap(db, roadmap.id)
    assert {line.stage for line in lines} == set(range(1, 8))
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    dates = [line.due_on for line in lines]
    assert all(d is not None and dt.date(2025, 9, 1) <= d <= dt.date(2026, 5, 31) for d in dates)
    assert dates == sorted(dates)  # type: ignore[type-var]
    by_stage = {line.stage: line.due_on for line in lines}
    assert by_stage[1].month == 9 and by_stage[5].month == 11  # type: ignore[union-attr]
    assert all(line.due_on.month == 5 for line in lines if line.stage == 7)  # type: ignore[union-attr]
    titles = [line.title for line in lines]
    assert ("Издание приказа о внедрении целевой модели наставничества и назначении куратора"
            in titles)
    assert "Итоговое мероприятие, награждение лучших пар/групп" in titles
    assert all(line.responsible and line.result for line in lines)


def test_filter_by_stage_and_responsible_keeps_numbers(db: Database,
                                                       roadmap: ProgrammeInfo) -> None:
    stage2 = list_roadmap(db, roadmap.id, stage=2)
    assert stage2 and all(line.stage == 2 for line in stage2)
    assert stage2[0].number == len(ROADMAP_TEMPLATE[1]) + 1
    psych = list_roadmap(db, roadmap.id, responsible="ПСИХОЛОГ")
    assert psych and all("психолог" in line.responsible for line in psych)


def test_overdue_is_not_done_and_past_due(db: Database, roadmap: ProgrammeInfo) -> None:
    first = list_roadmap(db, roadmap.id)[0]
    assert first.due_on is not None
    later = first.due_on + dt.timedelta(days=1)
    assert list_roadmap(db, roadmap.id, today=first.due_on)[0].overdue is False
    assert list_roadmap(db, roadmap.id, today=later)[0].overdue is True
    mark_done(db, first.id, dt.date(2025, 9, 1), "Приказ № 1")
    done = list_roadmap(db, roadmap.id, today=later)[0]
    assert done.overdue is False and done.done_on == dt.date(2025, 9, 1)
    assert done.evidence == "Приказ № 1"
    assert mark_not_done(db, first.id).done_on is None
    assert list_roadmap(db, roadmap.id, today=later)[0].overdue is True


def test_done_date_in_the_future_is_refused(db: Database, roadmap: ProgrammeInfo) -> None:
    first = list_roadmap(db, roadmap.id)[0]
    with pytest.raises(ValidationError, match="ещё не наступила"):
        mark_done(db, first.id, dt.date.today() + dt.timedelta(days=1))
    assert list_roadmap(db, roadmap.id)[0].done_on is None


def test_add_update_move_remove(db: Database, roadmap: ProgrammeInfo) -> None:
    added = add_item(db, roadmap.id, stage=3, title="  Встреча   с выпускниками ",
                     due_on=dt.date(2025, 10, 20), responsible="куратор", result="Протокол")
    stage3 = list_roadmap(db, roadmap.id, stage=3)
    assert stage3[-1].id == added.id and added.title == "Встреча с выпускниками"
    moved = move_item(db, added.id, -1)
    assert [line.id for line in list_roadmap(db, roadmap.id, stage=3)][-2] == moved.id
    assert move_item(db, added.id, -100).number == stage3[0].number
    assert move_item(db, added.id, 100).id == list_roadmap(db, roadmap.id, stage=3)[-1].id
    changed = update_item(db, added.id, title="Встреча выпускников", due_on=None,
                          responsible="заместитель директора", result="Фотоотчёт")
    assert (changed.title, changed.due_on, changed.responsible, changed.result) == (
        "Встреча выпускников", None, "заместитель директора", "Фотоотчёт")
    remove_item(db, added.id)
    assert added.id not in {line.id for line in list_roadmap(db, roadmap.id)}
    with db.reading() as session:
        actions = session.query(AuditEntry).filter_by(entity="roadmap_item").count()
    assert actions >= 5


def test_bad_input_is_refused_in_russian(db: Database, roadmap: ProgrammeInfo) -> None:
    with pytest.raises(ValidationError, match="название"):
        add_item(db, roadmap.id, stage=1, title="   ")
    with pytest.raises(ValidationError, match="Этап 8"):
        add_item(db, roadmap.id, stage=8, title="Что-то")
    with pytest.raises(ValidationError, match="не найдено"):
        remove_item(db, 999_999)
