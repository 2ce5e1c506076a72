"""The `roster` fixture: people for a matching test in the test's own database."""

from __future__ import annotations

import pytest

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.programme import ProgrammeInfo
from tests.helpers.roster import Roster


@pytest.fixture
def roster(db: Database, programme: ProgrammeInfo) -> Roster:
    return Roster(db, programme)
