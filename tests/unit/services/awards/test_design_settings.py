"""The stored design of the awards: defaults, an unreadable value falls back, a path out of the
data folder is never taken."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import insert

from nastavnik_desktop import settings
from nastavnik_desktop.data.core_tables import app_setting
from nastavnik_desktop.data.db import Database


def _store_raw(db: Database, value: object) -> None:
    with db.transaction() as session:
        session.execute(insert(app_setting).values(key=settings.AWARD_DESIGNS.key,
                                                   value_json=json.dumps(value)))


def test_by_default_the_frame_the_certificate_landscape_the_others_portrait(db: Database) -> None:
    with db.reading() as session:
        designs = settings.load(session, settings.AWARD_DESIGNS)
    assert set(designs) == set(settings.AWARD_PAPER_KINDS)
    assert designs["certificate"].landscape and not designs["diploma"].landscape
    assert not designs["thanks"].landscape
    assert all(design.background == "" for design in designs.values())


@pytest.mark.parametrize("value", [
    [1, 2], {"diploma": {"landscape": "да"}}, {"thanks": {"background": "../../etc/x.png"}},
    {"certificate": {"background": 5}}, {"thanks": {"background": "/etc/x.png"}},
    {"thanks": {"background": "C:\\x.png"}}])
def test_an_unreadable_or_escaping_value_gives_the_defaults(db: Database, value: object) -> None:
    _store_raw(db, value)
    with db.reading() as session:
        designs = settings.load(session, settings.AWARD_DESIGNS)
    assert designs == settings.AWARD_DESIGNS.default()


def test_a_saved_design_reads_back_and_an_unknown_kind_is_ignored(db: Database) -> None:
    _store_raw(db, {"diploma": {"landscape": True, "background": "award_designs/d.png"},
                    "medal": {"landscape": True}})
    with db.reading() as session:
        designs = settings.load(session, settings.AWARD_DESIGNS)
    assert designs["diploma"] == settings.AwardDesign(background="award_designs/d.png",
                                                      landscape=True)
    assert "medal" not in designs and designs["certificate"].landscape
