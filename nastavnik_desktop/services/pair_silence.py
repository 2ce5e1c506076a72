"""The one rule of a silent pair: an active pair or group with no held meeting for more than N
weeks (the setting SILENT_PAIR_WEEKS), counted from its last held meeting or, without one, from
the day it was formed; planned meetings and meetings after the day do not count.

Core only (`data/core_tables.py`): «Обзор» counts silent pairs for the first paint, before the
ORM is loaded (services/programme.py), and the journal lists them for the board and the control
sheet (`services.pairs.journal.silent_pairs`) — both with `silent_pairs_select`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, select

from nastavnik_desktop.data import core_tables
from nastavnik_desktop.data.enums import PairStatus

_pair = core_tables.mentoring_pair.c
_meeting = core_tables.meeting.c

ACTIVE_PAIR_VALUES = tuple(s.value for s in PairStatus
                           if s not in (PairStatus.COMPLETED, PairStatus.TERMINATED))
"""`services.pairs.rules.ACTIVE_VALUES` without loading the pairs' services (the ORM)."""


def silent_pairs_select(programme_id: int, *, today: dt.date,
                        weeks: int) -> Select[int, dt.date | None, dt.date]:
    """(pair id, its last held meeting or None, the day its silence counts from) of every
    silent pair of the programme on `today`."""
    active = _pair.programme_id == programme_id, _pair.status.in_(ACTIVE_PAIR_VALUES)
    last = (select(_meeting.pair_id, func.max(_meeting.held_on).label("last_on"))
            .where(_meeting.pair_id.in_(select(_pair.id).where(*active)),
                   _meeting.held_on <= today, _meeting.planned.is_(False))
            .group_by(_meeting.pair_id).subquery())
    start = func.coalesce(last.c.last_on, _pair.formed_on)
    return (select(_pair.id, last.c.last_on, start.label("since"))
            .select_from(core_tables.mentoring_pair)
            .outerjoin(last, last.c.pair_id == _pair.id)
            .where(*active, start < today - dt.timedelta(weeks=weeks)))
