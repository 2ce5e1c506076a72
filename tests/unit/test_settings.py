"""Settings stored in the database: declared once, read back typed, defaults when unreadable."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory, Sex
from nastavnik_desktop.data.models import AppSetting, Person, Programme
from nastavnik_desktop.reports import document
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.services.documents import issue_document
from nastavnik_desktop.services.programme import ProgrammeInfo

STORED: list[settings.StoredSetting[Any]] = [settings.MATCHING, settings.DEMO_SEED,
                                            settings.PAGE_LAYOUT, settings.SILENT_PAIR_WEEKS]


def store_raw(db: Database, key: str, value_json: str) -> None:
    with db.transaction() as session:
        session.merge(AppSetting(key=key, value_json=value_json))


def test_every_stored_setting_has_its_own_key() -> None:
    keys = [s.key for s in STORED]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("setting", STORED, ids=lambda s: s.key)
def test_an_absent_setting_reads_as_its_default(db: Database,
                                                setting: settings.StoredSetting[Any]) -> None:
    with db.reading() as session:
        assert settings.load(session, setting) == setting.default()
        assert not settings.is_stored(session, setting)


@pytest.mark.parametrize(("setting", "first", "value"), [
    (settings.MATCHING, {}, {"weights": {"form": 3}, "must_have": ["contour"]}),
    (settings.DEMO_SEED, 2025, 7),
    (settings.SILENT_PAIR_WEEKS, 4, 6),
    (settings.PAGE_LAYOUT, PageLayout(), PageLayout(font_size=12.0, margin_left_mm=25.0,
                                                    title_alignment="center")),
], ids=["matching", "demo", "page-layout", "silent-weeks"])
def test_a_saved_setting_reads_back_equal_also_after_saving_again(
        db: Database, setting: settings.StoredSetting[Any], first: Any, value: Any) -> None:
    with db.transaction() as session:
        settings.save(session, setting, first)
        settings.save(session, setting, value)  # the second save replaces the first
    with db.engine.connect() as conn:  # a Core connection reads the same
        assert settings.load(conn, setting) == value
        assert settings.is_stored(conn, setting)


@pytest.mark.parametrize(("setting", "value_json"), [
    (settings.MATCHING, "не JSON"),
    (settings.MATCHING, "[1, 2]"),
    (settings.DEMO_SEED, '"2025"'),
    (settings.DEMO_SEED, "true"),
    (settings.SILENT_PAIR_WEEKS, "0"),
    (settings.SILENT_PAIR_WEEKS, '"4"'),
    (settings.PAGE_LAYOUT, '{"font_size": 40}'),  # outside ГОСТ: PageLayout refuses it
    (settings.PAGE_LAYOUT, '{"font_size": "крупный"}'),
    (settings.PAGE_LAYOUT, '{"landscape": 1}'),
    (settings.PAGE_LAYOUT, '{"title_alignment": "right"}'),
    (settings.PAGE_LAYOUT, '"A4"'),
], ids=lambda v: v if isinstance(v, str) else v.key)
def test_an_unreadable_stored_value_gives_the_default_without_a_crash(
        db: Database, setting: settings.StoredSetting[Any], value_json: str) -> None:
    store_raw(db, setting.key, value_json)
    with db.reading() as session:
        assert settings.load(session, setting) == setting.default()


def test_a_page_layout_keeps_known_fields_and_ignores_unknown_ones(db: Database) -> None:
    store_raw(db, settings.PAGE_LAYOUT.key, '{"font_size": 13, "colour": "синий"}')
    with db.reading() as session:
        assert settings.load(session, settings.PAGE_LAYOUT) == PageLayout(font_size=13.0)


def test_saving_an_unreadable_value_is_refused_and_keeps_the_old_one(db: Database) -> None:
    with db.transaction() as session:
        settings.save(session, settings.DEMO_SEED, 11)
    with pytest.raises(TypeError), db.transaction() as session:
        settings.save(session, settings.DEMO_SEED, "11")  # type: ignore[arg-type]
    with db.reading() as session:
        assert settings.load(session, settings.DEMO_SEED) == 11


def test_the_demo_marker_is_the_stored_seed(db: Database) -> None:
    from nastavnik_desktop.services import workspace

    assert not workspace.is_demo_database(db)
    with db.transaction() as session:
        settings.save(session, settings.DEMO_SEED, 2025)
    assert workspace.is_demo_database(db)
    with db.reading() as session:
        assert session.scalar(select(AppSetting.value_json).where(
            AppSetting.key == "demo_seed")) == "2025"  # as the demo has always written it


def test_orders_are_laid_out_with_the_stored_page_layout(
        db: Database, programme: ProgrammeInfo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    with db.transaction() as session:
        curator = Person(last_name="Смирнова", first_name="Ольга", middle_name="Викторовна",
                         sex=Sex.FEMALE, category=PersonCategory.STAFF,
                         position="заместитель директора по УВР")
        session.add(curator)
        session.flush()
        row = session.get(Programme, programme.id)
        assert row is not None
        row.curator_id = curator.id
    used: list[PageLayout] = []
    real_init = document.OfficialDocument.__init__

    def spy(self: document.OfficialDocument, requisites: Any,
            layout: PageLayout | None = None) -> None:
        real_init(self, requisites, layout)
        used.append(self.layout)

    monkeypatch.setattr(document.OfficialDocument, "__init__", spy)
    day = dt.date(2025, 9, 1)
    issue_document(db, programme.id, "order_launch", tmp_path / "a.pdf", number="1-о",
                   issued_on=day)
    stored = dataclasses.replace(PageLayout(), font_size=13.0, margin_left_mm=25.0)
    with db.transaction() as session:
        settings.save(session, settings.PAGE_LAYOUT, stored)
    issue_document(db, programme.id, "order_launch", tmp_path / "b.pdf", number="2-о",
                   issued_on=day)
    assert used == [PageLayout(), stored]
