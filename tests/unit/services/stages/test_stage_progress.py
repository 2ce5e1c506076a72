"""Issue 10, point 7: what «Обзор» and the roadmap say as the wizards are finished — the events
a wizard's Finish fulfils are done with its date, a programme opened in December has its roadmap
dated from then, a started stage stays in progress, and the current stage follows the data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    ConsentGiver,
    PersonCategory,
    RequestAudience,
    StageStatus,
)
from nastavnik_desktop.data.models import Person
from nastavnik_desktop.services import stages
from nastavnik_desktop.services.importing import ImportKind, commit_import, prepare_import
from nastavnik_desktop.services.people import ConsentInfo
from nastavnik_desktop.services.programme import ProgrammeInfo, current_stage, overview
from nastavnik_desktop.services.roadmap import ROADMAP_TEMPLATE, list_roadmap
from nastavnik_desktop.services.stages import stage2
from nastavnik_desktop.services.stages.stage1 import complete_stage1
from nastavnik_desktop.services.stages.stage2 import InformingEvent, MenteeEntry, Stage2Data
from tests.helpers import walkthrough
from tests.helpers.stage1 import Staff, wizard_data

OPENED = dt.date(2026, 12, 5)
YEAR = "2026/2027"


def _open_in_december(db: Database, staff: Staff, tmp_path: Path) -> ProgrammeInfo:
    return complete_stage1(db, wizard_data(staff, tmp_path, year=YEAR), today=OPENED)


def test_a_programme_opened_on_5_december_has_nothing_overdue_that_day(
        db: Database, staff: Staff, tmp_path: Path) -> None:
    programme = _open_in_december(db, staff, tmp_path)
    lines = list_roadmap(db, programme.id, today=OPENED)
    assert not [line.title for line in lines if line.overdue]
    dates = [line.due_on for line in lines]
    assert all(d is not None and OPENED <= d <= dt.date(2027, 5, 31) for d in dates)
    assert dates == sorted(dates), "the stages keep their order"  # type: ignore[type-var]
    assert overview(db, programme.id, today=OPENED).overdue == 0
    # A week later only what is really late shows: stage 1's events are done.
    week_later = OPENED + dt.timedelta(days=7)
    assert all(line.stage > 1 for line in list_roadmap(db, programme.id, today=week_later)
               if line.overdue)


def test_stage_1_finish_marks_its_events_done_with_the_date(
        db: Database, staff: Staff, tmp_path: Path) -> None:
    programme = _open_in_december(db, staff, tmp_path)
    stage1 = [line for line in list_roadmap(db, programme.id, today=OPENED) if line.stage == 1]
    assert len(stage1) == len(ROADMAP_TEMPLATE[1])
    assert {line.done_on for line in stage1} == {OPENED}
    assert all(line.done_on is None for line in list_roadmap(db, programme.id)
               if line.stage > 1)


def test_stage_2_finish_marks_the_events_its_data_fulfils(
        db: Database, staff: Staff, tmp_path: Path) -> None:
    programme = _open_in_december(db, staff, tmp_path)
    day = OPENED + dt.timedelta(days=3)
    with db.transaction() as session:
        pupil = Person(last_name="Ёлкина", first_name="Вера", category=PersonCategory.PUPIL,
                       class_name="6А", birth_date=dt.date(2013, 4, 2))
        session.add(pupil)
        session.flush()
        pupil_id = pupil.id
    start = stage2.stage2_start(db, programme.id)
    request = next(r.id for r in start.requests if r.audience is RequestAudience.PUPIL)
    data = Stage2Data(
        events=(InformingEvent("parents_meeting", OPENED + dt.timedelta(days=1)),),
        mentees=(MenteeEntry(pupil_id, staff.pupil_form, (request,)),),
        consents={pupil_id: ConsentInfo(OPENED, ConsentGiver.PARENT,
                                        given_by_name="Ёлкина Ирина Павловна")})
    card = stage2.complete_stage2(db, programme.id, data, today=day)
    assert [i.key for i in card.items if not i.done] == ["talks"]
    done = {line.title: line.done_on for line in list_roadmap(db, programme.id, today=day)
            if line.stage == 2}
    talks = ROADMAP_TEMPLATE[2][1].title
    assert done.pop(talks) is None, "the talks are ticked by hand, not shown by the data"
    assert set(done.values()) == {day}
    assert card.events_done == len(ROADMAP_TEMPLATE[2]) - 1


def test_stage_2_stays_in_progress_after_the_pupils_are_imported(
        db: Database, staff: Staff, tmp_path: Path) -> None:
    programme = _open_in_december(db, staff, tmp_path)
    assert stages.stage_cards(db, programme.id, today=OPENED)[1].status \
        is StageStatus.IN_PROGRESS
    preview = prepare_import(db, walkthrough.write_class_list(tmp_path), ImportKind.PUPILS,
                             today=OPENED)
    commit_import(db, preview, today=OPENED)
    cards = stages.stage_cards(db, programme.id, today=OPENED)
    assert [c.status for c in cards[:3]] == [StageStatus.DONE, StageStatus.IN_PROGRESS,
                                            StageStatus.NOT_STARTED]
    shown = overview(db, programme.id, today=OPENED,
                     statuses={c.stage: c.status for c in cards})
    assert shown.current_stage == 2
    assert shown.stages[1].status_label == "в работе"


def test_the_current_stage_follows_the_finished_stages(
        db: Database, staff: Staff, tmp_path: Path) -> None:
    """Stage 2 left in progress behind (a consent still missing) does not hold the programme
    at stage 2 once stages 3 to 5 are done."""
    programme = _open_in_december(db, staff, tmp_path)
    for stage in (3, 4, 5):
        stages.close_stage(db, programme.id, stage, today=OPENED)
    cards = stages.stage_cards(db, programme.id, today=OPENED)
    assert cards[1].status is StageStatus.IN_PROGRESS
    shown = overview(db, programme.id, today=OPENED,
                     statuses={c.stage: c.status for c in cards})
    assert shown.current_stage == 6
    assert overview(db, programme.id, today=OPENED).current_stage == 6, "as stored, too"


def test_current_stage_is_the_first_not_done_after_the_last_done() -> None:
    done, going, idle = StageStatus.DONE, StageStatus.IN_PROGRESS, StageStatus.NOT_STARTED
    assert current_stage(dict.fromkeys(range(1, 8), idle)) == 1
    assert current_stage({1: going, **dict.fromkeys(range(2, 8), idle)}) == 1
    assert current_stage({1: done, 2: going, 3: going, **dict.fromkeys(range(4, 8), idle)}) == 2
    assert current_stage({1: done, 2: going, 3: done, 4: going, 5: idle, 6: idle,
                          7: idle}) == 4
    assert current_stage(dict.fromkeys(range(1, 8), done)) == 7
