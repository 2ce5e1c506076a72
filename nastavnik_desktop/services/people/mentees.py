"""The one writer of `MenteeProfile` rows: a person entering a programme's mentee base.

The stage 2 wizard, the import and the demo school add mentees here; a new mentee is «в базе»
from the day given until matching puts him in a pair.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from nastavnik_desktop.data.models import MenteeProfile


def add_mentee(session: Session, *, programme_id: int, entered_on: dt.date | None,
               **details: Any) -> MenteeProfile:
    """A new profile in the mentee base, added to the session. `details` are the profile's
    other columns or relationships (`person_id` or `person`, `form_id` or `form`,
    `requests`, `source` …)."""
    profile = MenteeProfile(programme_id=programme_id, entered_on=entered_on, **details)
    session.add(profile)
    return profile


def insert_mentees(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Many new profiles in one bulk insert (the import); each row names its programme and
    person and may set other columns."""
    if rows:
        session.execute(insert(MenteeProfile), list(rows))
