"""The demo school as stage 6 finds it in a programme whose pairs were only just formed: some
pairs without a plan and without a meeting yet (the demo's pairs have worked for weeks)."""

from __future__ import annotations

from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import Meeting, MentoringPair, PlanItem
from nastavnik_desktop.services.pairs.rules import ACTIVE_VALUES


def just_formed(db: Database, programme_id: int, count: int = 4) -> list[int]:
    """The `count` pairs at work formed last lose their plans and meetings; their ids."""
    with db.transaction() as session:
        pairs = list(session.scalars(
            select(MentoringPair).where(MentoringPair.programme_id == programme_id,
                                        MentoringPair.status.in_(ACTIVE_VALUES))
            .order_by(MentoringPair.formed_on.desc(), MentoringPair.id.desc()).limit(count)))
        ids = [pair.id for pair in pairs]
        for row in session.scalars(select(Meeting).where(Meeting.pair_id.in_(ids))):
            session.delete(row)
        for row in session.scalars(select(PlanItem).where(PlanItem.pair_id.in_(ids))):
            session.delete(row)
    return ids
