"""The school with known answers of tests/helpers/growth_school.py as fixtures."""

from __future__ import annotations

import pytest

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.programme import ProgrammeInfo
from tests.helpers.growth_school import GrowthSchool, answer_all, build_school, journal_for


@pytest.fixture
def growth_school(db: Database, programme: ProgrammeInfo) -> GrowthSchool:
    """Pairs, no answers, no meetings."""
    return build_school(db, programme)


@pytest.fixture
def answered(db: Database, growth_school: GrowthSchool) -> GrowthSchool:
    """The pairs with every round answered and the meeting journal."""
    answer_all(db, growth_school)
    journal_for(db, growth_school)
    return growth_school
