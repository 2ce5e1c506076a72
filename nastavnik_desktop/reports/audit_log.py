"""The audit log as a workbook: when, who, what — one row per entry, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nastavnik_desktop.reports.workbook import TableSheet, write_workbook

HEADERS = ("№", "Когда", "Кто", "Действие", "Что сделано")


@dataclass(frozen=True)
class AuditRow:
    number: int
    at: str
    """«05.06.2026 14:03»."""
    actor: str
    action: str
    summary: str


def audit_workbook(rows: Sequence[AuditRow], path: Path, *, school: str,
                   period: str) -> Path:
    sheet = TableSheet(
        name="Журнал изменений", title=f"Журнал изменений — {school}" if school
        else "Журнал изменений",
        subtitle_lines=(period, f"Записей: {len(rows)}"), headers=HEADERS,
        rows=[(row.number, row.at, row.actor, row.action, row.summary) for row in rows],
        widths_mm=(14.0, 32.0, 28.0, 45.0, 120.0), landscape=True, plain=True)
    return write_workbook([sheet], path)
