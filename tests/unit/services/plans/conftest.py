"""The plan's tests share a small school (tests/helpers/plans.py)."""

from __future__ import annotations

import pytest

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.programme import ProgrammeInfo
from tests.helpers.plans import PlanSchool, build_school


@pytest.fixture
def school(db: Database, programme: ProgrammeInfo) -> PlanSchool:
    return build_school(db, programme)
