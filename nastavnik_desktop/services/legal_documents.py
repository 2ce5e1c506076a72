"""The legal documents of stage 1 (the order, the Положение, the programme): their titles, the
folder next to the database that keeps the files, and their record in the register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import IssuedDocument
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.files import atomic_write, file_write_error, private_folder
from nastavnik_desktop.services import numbering

DOCUMENTS_FOLDER = "documents"

# The legal documents of stage 1 and their titles as recorded in the register of documents.
LEGAL_DOCUMENT_TITLES: dict[str, str] = {
    "order_launch": "Приказ о внедрении целевой модели наставничества и назначении куратора",
    "regulation": "Положение о программе наставничества",
    "programme": "Программа наставничества",
}

# «пока не издан…» agreeing with the gender of each title (приказ, положение, программа).
NOT_ISSUED: dict[str, str] = {
    "order_launch": "пока не издан",
    "regulation": "пока не издано",
    "programme": "пока не издана",
}


@dataclass(frozen=True)
class LegalDocument:
    """A document of stage 1: `kind` is one of LEGAL_DOCUMENT_TITLES; `source_path` an optional
    file (scan, .docx) copied into the `documents` folder next to the database."""

    kind: str
    number: str
    issued_on: dt.date | None
    source_path: Path | None = None


def documents_folder(db: Database) -> Path:
    """The folder next to the database that keeps the programme's documents."""
    return db.path.parent / DOCUMENTS_FOLDER


def new_document_path(db: Database, base: str, extension: str) -> Path:
    """A new file in the documents folder (made owner-only if missing): «<base><extension>», or
    «<base> (2)<extension>» … — never a file already there, so an earlier document stays as
    printed. `base` is already a safe file name. A folder that cannot be made raises
    FileWriteError with the reason for the curator."""
    folder = documents_folder(db)
    try:
        private_folder(folder)
    except OSError as exc:
        raise file_write_error(exc, folder / f"{base}{extension}") from exc
    target = folder / f"{base}{extension}"
    copy = 2
    while target.exists():
        target = folder / f"{base} ({copy}){extension}"
        copy += 1
    return target


def check_legal_documents(documents: Iterable[LegalDocument], today: dt.date) -> None:
    """Refuse a kind that is not a legal document of stage 1, or a date still to come."""
    for document in documents:
        if document.kind not in LEGAL_DOCUMENT_TITLES:
            raise ValidationError(f"Неизвестный вид документа «{document.kind}».")
        if document.issued_on is not None and document.issued_on > today:
            raise ValidationError(f"Дата документа «{LEGAL_DOCUMENT_TITLES[document.kind]}» "
                                  f"{document.issued_on:%d.%m.%Y} ещё не наступила.")


def recorded_legal_documents(session: Session, programme_id: int) -> tuple[LegalDocument, ...]:
    """The legal documents in the programme's register, as recorded (no files)."""
    return tuple(
        LegalDocument(kind=d.kind, number=d.number, issued_on=d.issued_on)
        for d in session.scalars(select(IssuedDocument).where(
            IssuedDocument.programme_id == programme_id,
            IssuedDocument.kind.in_(LEGAL_DOCUMENT_TITLES)).order_by(IssuedDocument.id)))


@dataclass(frozen=True)
class NormativeDocument:
    """A normative document of the programme as the passport cites it."""

    kind: str
    title: str
    number: str
    issued_on: dt.date | None


def normative_documents(session: Session, programme_id: int) -> list[NormativeDocument]:
    """The normative documents of the programme (the launch order, the Положение, the
    programme), each kind once — the latest recorded — in the order of stage 1."""
    latest: dict[str, IssuedDocument] = {}
    for row in session.scalars(select(IssuedDocument).where(
            IssuedDocument.programme_id == programme_id,
            IssuedDocument.kind.in_(LEGAL_DOCUMENT_TITLES)).order_by(IssuedDocument.id)):
        latest[row.kind] = row
    return [NormativeDocument(kind, latest[kind].title or LEGAL_DOCUMENT_TITLES[kind],
                              latest[kind].number, latest[kind].issued_on)
            for kind in LEGAL_DOCUMENT_TITLES if kind in latest]


def record_legal_document(session: Session, programme_id: int, document: LegalDocument,
                           copy: Path | None) -> None:
    """One row per kind for the programme: the wizard run again corrects it. A number another
    order of the school has in the same year is refused (`numbering`), naming that order."""
    row = session.scalars(select(IssuedDocument).where(
        IssuedDocument.programme_id == programme_id,
        IssuedDocument.kind == document.kind).order_by(IssuedDocument.id.desc())).first()
    if document.number.strip() and document.issued_on is not None:
        numbering.check_free(session, document.number, document.issued_on, kind=document.kind,
                             programme_id=programme_id,
                             exclude_id=row.id if row is not None else None)
    if row is None:
        row = IssuedDocument(programme_id=programme_id, kind=document.kind)
        session.add(row)
    row.number = document.number.strip()
    row.issued_on = document.issued_on
    row.title = LEGAL_DOCUMENT_TITLES[document.kind]
    if copy is not None:
        row.file_path = str(copy)


def is_attachment(kind: str, file_path: str) -> bool:
    """The file of a register entry was attached at stage 1 (a signed scan, a .docx: named by
    `copy_attachment`), not built by the program: it is never written over."""
    return (kind in LEGAL_DOCUMENT_TITLES and bool(file_path)
            and Path(file_path).stem.endswith(f"_{kind}"))


def copy_attachment(db: Database, document: LegalDocument, year: str) -> Path:
    """Copy the document's file into the documents folder next to the database, named after
    the school year and the kind; returns where it went."""
    assert document.source_path is not None
    source = Path(document.source_path)
    try:
        content = source.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Не удалось прочитать файл «{source}»: {exc.strerror or exc}. "
                              "Проверьте, что файл существует и не открыт в другой "
                              "программе.") from exc
    folder = documents_folder(db)
    try:
        private_folder(folder)
    except OSError as exc:
        raise ValidationError(f"Не удалось создать папку документов «{folder}»: "
                              f"{exc.strerror or exc}.") from exc
    target = folder / f"{year.replace('/', '-')}_{document.kind}{source.suffix.lower()}"
    with atomic_write(target) as handle:
        handle.write(content)
    return target
