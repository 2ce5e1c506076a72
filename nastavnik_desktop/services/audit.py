"""The audit log: one row per user action, written in the same transaction as the change."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from nastavnik_desktop.data.core_models import AuditEntry


def record(session: Session, action: str, entity: str, entity_id: int | None,
           summary: str, **details: Any) -> None:
    session.add(AuditEntry(action=action, entity=entity, entity_id=entity_id, summary=summary,
                           details_json=json.dumps(details, ensure_ascii=False, default=str)))
