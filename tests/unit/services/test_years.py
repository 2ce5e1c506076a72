"""«По годам» of «Обзор»: every programme of the file with the KPI, the participants and the
pairs of its year — the same figures `monitoring.kpi` and `programme.overview` give for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import PairStatus, ProgrammeStatus
from nastavnik_desktop.data.models import MentoringPair
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.services.involvement import default_reporting_date
from nastavnik_desktop.services.monitoring.kpi import kpi
from nastavnik_desktop.services.years import YearFigures, years

OPTIONS = {"seed": 5, "pupils": 300, "teachers": 40}


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory,
                  build_demo: Callable[..., Path]) -> Path:
    return build_demo(tmp_path_factory.mktemp("years") / "demo.sqlite", **OPTIONS)


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    database = open_database(path, backup_dir=tmp_path / "backups")
    yield database
    database.close()


def _assert_as_kpi(db: Database, year: YearFigures) -> None:
    found = kpi(db, year.programme_id, on=year.on)
    assert year.pupils == found.pupils.share
    assert year.pupils_and_staff == found.pupils_and_staff.share
    by_role = {line.label: line.involved for line in found.by_role}
    assert (year.mentors, year.mentees) == (by_role["наставники"], by_role["наставляемые"])


def test_every_year_latest_first_with_the_kpi_of_its_reporting_date(
        demo: Database, demo_day: dt.date) -> None:
    found = years(demo, today=demo_day)

    assert [(y.school_year, y.status) for y in found] == [
        ("2026/2027", ProgrammeStatus.ACTIVE), ("2025/2026", ProgrammeStatus.ARCHIVED)]
    assert [y.on for y in found] == [demo_day, dt.date(2026, 8, 31)]
    for year in found:
        info = programme_service.programme_info(demo, year.programme_id)
        assert year.on == default_reporting_date(info, demo_day)
        _assert_as_kpi(demo, year)
        assert year.mentors > 0 and year.mentees > 0


def test_pairs_and_groups_as_the_overview_counts_them(demo: Database, demo_day: dt.date) -> None:
    current, last = years(demo, today=demo_day)

    shown = programme_service.overview(demo, current.programme_id, today=demo_day)
    assert (current.pairs, current.groups) == (shown.pairs, shown.groups)
    assert current.groups > 0
    # last year: ten pairs of one mentee each, all of them completed
    assert (last.pairs, last.groups, last.completed, last.terminated) == (10, 0, 10, 0)


def test_a_dissolved_pair_leaves_the_pairs_and_the_kpi_as_kpi_says(
        demo: Database, demo_day: dt.date) -> None:
    before, _last = years(demo, today=demo_day)
    with demo.transaction() as session:
        pair_id = session.scalars(
            select(MentoringPair.id).where(
                MentoringPair.programme_id == before.programme_id,
                MentoringPair.status == PairStatus.WORKING)
            .order_by(MentoringPair.id)).first()
        dissolved = demo_day - dt.timedelta(days=1)
        session.execute(update(MentoringPair).where(MentoringPair.id == pair_id).values(
            status=PairStatus.TERMINATED, status_changed_on=dissolved, ended_on=dissolved))

    after, _last = years(demo, today=demo_day)

    assert after.terminated == before.terminated + 1
    assert after.pairs + after.groups == before.pairs + before.groups - 1
    _assert_as_kpi(demo, after)
    assert after.pupils_and_staff.involved < before.pupils_and_staff.involved


def test_a_file_of_one_programme_has_one_year(db: Database,
                                              programme: programme_service.ProgrammeInfo) -> None:
    (only,) = years(db, today=dt.date(2025, 11, 1))

    assert (only.school_year, only.on, only.pairs, only.mentors) == (
        "2025/2026", dt.date(2025, 11, 1), 0, 0)
    assert only.pupils.percent is None
