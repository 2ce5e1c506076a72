"""The history of files written for outside the school («История выгрузок»): the one writer of
`export_record` rows and their read model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import ExportRecord

MUNICIPALITY = "municipality"
NAMED = "named"
BACKUP = "backup"
AUDIT = "audit"

KIND_LABELS = {
    MUNICIPALITY: "Отчёт для муниципалитета",
    NAMED: "Именные списки (зашифрованы)",
    BACKUP: "Резервная копия",
    AUDIT: "Журнал изменений",
}


@dataclass(frozen=True)
class ExportLine:
    id: int
    at: dt.datetime
    kind: str
    kind_label: str
    file_name: str
    folder: str
    size: int
    sha256: str
    people: int | None
    left_out: int | None
    encrypted: bool
    notes: str

    @property
    def path(self) -> Path:
        return Path(self.folder) / self.file_name


def record_export(db: Database, *, kind: str, path: Path, size: int, sha256: str,
                  people: int | None = None, left_out: int | None = None,
                  encrypted: bool = False, notes: str = "",
                  at: dt.datetime | None = None) -> int:
    """Put a written file on record; returns its row's id. `at` defaults to the local time now
    (the column's own default would be SQLite's, in UTC)."""
    path = Path(path)
    at = at or dt.datetime.now().replace(microsecond=0)
    with db.transaction() as session:
        row = ExportRecord(kind=kind, file_name=path.name, folder=str(path.parent), size=size,
                           sha256=sha256, people=people, left_out=left_out,
                           encrypted=encrypted, notes=notes, at=at)
        session.add(row)
        session.flush()
        return row.id


def export_history(db: Database, *, kind: str | None = None) -> list[ExportLine]:
    """The files written for outside, newest first."""
    query = select(ExportRecord).order_by(ExportRecord.at.desc(), ExportRecord.id.desc())
    if kind is not None:
        query = query.where(ExportRecord.kind == kind)
    with db.reading() as session:
        return [ExportLine(id=row.id, at=row.at, kind=row.kind,
                           kind_label=KIND_LABELS.get(row.kind, row.kind),
                           file_name=row.file_name, folder=row.folder, size=row.size,
                           sha256=row.sha256, people=row.people, left_out=row.left_out,
                           encrypted=row.encrypted, notes=row.notes)
                for row in session.scalars(query)]
