"""Numbers of the school's orders: one home for the series, the next free number and the rule
that a number is used once in a calendar year.

`resolve_number` is what `documents.prepare_document` asks before an order is built: the number
the curator typed (checked), or the one the order already has (a reprint), or the next free one.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.models import IssuedDocument

ORDER_KINDS = ("order_launch", "order_pairs", "order_awards")
"""Documents that are orders of the school: each gets a number of its series."""


def resolve_number(session: Session, programme_id: int, kind: str, number: str | None,
                   day: dt.date) -> str:
    """The number an order of `kind` issued on `day` is printed with.

    Given: that one. Otherwise the number last recorded for `kind` in the programme, or ""
    when there is none (the caller refuses an order without a number).
    """
    if number is not None:
        return number.strip()
    return recorded_number(session, programme_id, kind)


def recorded_number(session: Session, programme_id: int, kind: str) -> str:
    """The number last recorded for a document of `kind` in the programme, or ""."""
    return session.scalars(select(IssuedDocument.number).where(
        IssuedDocument.programme_id == programme_id, IssuedDocument.kind == kind,
        IssuedDocument.number != "").order_by(IssuedDocument.id.desc())).first() or ""
