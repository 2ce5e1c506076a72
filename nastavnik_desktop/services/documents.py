"""Issuing documents: build the PDF from the database, then record it in the register.

The PDF is written first (atomically); the register row is added only once the file is there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import IssuedDocument, Programme
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.files import safe_file_name
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.reports.bases import bases_document, bases_title
from nastavnik_desktop.reports.process import PdfRecipe, write_pdf
from nastavnik_desktop.reports.stage1 import RoadmapLayout
from nastavnik_desktop.services import audit, numbering, orders, pair_paper
from nastavnik_desktop.services.awards import paper as awards_paper
from nastavnik_desktop.services.awards.order import awards_order, listed_awards
from nastavnik_desktop.services.awards.register import link_order_in, list_awards
from nastavnik_desktop.services.cases import paper as cases_paper
from nastavnik_desktop.services.legal_documents import (
    documents_folder,  # noqa: F401 — the Documents page opens this folder through us
    is_attachment,
    new_document_path,
)
from nastavnik_desktop.services.monitoring.report_data import (
    export_monitoring_workbook,
    monitoring_recipe,
    report_title,
    workbook_title,
)
from nastavnik_desktop.services.pairs.rules import pair_number
from nastavnik_desktop.services.paper_data import bases_data
from nastavnik_desktop.services.people import declension
from nastavnik_desktop.services.stages.status import record_stage_work

DocumentKind = Literal["roadmap", "order_launch", "passport", "bases", "pairs", "order_pairs",
                       "plan", "journal", "control", "monitoring", "monitoring_table",
                       "certificates", "order_awards", "awards_register", "cases"]
DOCUMENT_KINDS: tuple[DocumentKind, ...] = ("roadmap", "order_launch", "passport", "bases",
                                            "pairs", "order_pairs", "plan", "journal",
                                            "control", "monitoring", "monitoring_table",
                                            "certificates", "order_awards", "awards_register",
                                            "cases")
WORKBOOK_KINDS = ("monitoring_table",)
"""Documents issued as a workbook (.xlsx) instead of a PDF: the statistics of the report."""
PAIR_KINDS = ("plan", "journal")
"""Documents of one pair or group (stage 6): they need its `pair_id`."""
_STAGES_TITLE = "(по этапам)"
"""The end of the title of the roadmap by stages (`orders.build`): a reprint keeps the layout."""
STAGE_OF_ORDER = {"order_launch": 1, "order_pairs": 5, "order_awards": 7}
"""The stage whose work an order completes: issuing it marks the stage's roadmap events."""

_FILE_STEMS: dict[str, str] = {
    "roadmap": "Дорожная карта",
    "order_launch": "Приказ о внедрении ЦМН",
    "passport": "Паспорт программы наставничества",
    "bases": "Базы наставляемых и наставников",
    "pairs": "Список наставнических пар и групп",
    "order_pairs": "Приказ о закреплении пар и групп",
    "plan": "План развития",
    "journal": "Журнал встреч",
    "control": "Контрольный лист пар и групп",
    "monitoring": "Отчёт о мониторинге",
    "monitoring_table": "Статистика мониторинга",
    "certificates": "Награды",
    "order_awards": "Приказ о награждении",
    "awards_register": "Реестр выданных наград",
    "cases": "Сборник кейсов наставничества",
}


KIND_LABELS: dict[str, str] = {
    "order_launch": "Приказ о внедрении наставничества",
    "regulation": "Положение о программе наставничества",
    "programme": "Программа наставничества",
    "passport": "Паспорт программы",
    "roadmap": "Дорожная карта",
    "bases": "Базы наставляемых и наставников",
    "pairs": "Список пар и групп",
    "order_pairs": "Приказ о закреплении пар и групп",
    "plan": "Планы развития",
    "journal": "Журналы встреч",
    "control": "Контрольные листы",
    "monitoring": "Отчёты о мониторинге",
    "monitoring_table": "Таблицы статистики мониторинга",
    "certificates": "Сертификаты, грамоты, письма",
    "order_awards": "Приказ о награждении",
    "awards_register": "Реестр выданных наград",
    "cases": "Сборник кейсов",
}
"""What the register's filter calls each kind of document."""


@dataclass(frozen=True)
class IssuedDocumentInfo:
    id: int
    kind: str
    number: str
    issued_on: dt.date | None
    title: str
    file_path: str
    file_exists: bool = False
    """The file is still where it was written (False: moved, deleted, or none attached)."""


ARCHIVE_NEW_ORDER = ("В реестре программы {year} учебного года нет документа «{title}»: в "
                     "архиве печатаются только приказы, изданные в том году, под их номерами. "
                     "Новый приказ оформляется в текущем учебном году.")

PROCESS_ROWS = 300
"""A document with this many table rows or more is laid out in a child process when the caller
asks for it (`separate_process`): reportlab holds the GIL while it lays out, and a list that
long froze the window; a shorter one is laid out faster than a process starts."""
PROCESS_ALWAYS = ("monitoring",)
"""Documents laid out in a child process whatever their rows: the monitoring report's charts
and tables took 0.8 s to lay out for a school of 3,000 pupils and 600 pairs."""


def issue_document(db: Database, programme_id: int, kind: str, out_path: Path, *,
                   number: str | None = None, issued_on: dt.date | None = None,
                   layout: RoadmapLayout = "events", separate_process: bool = False,
                   progress: ProgressCallback | None = None,
                   pair_id: int | None = None,
                   award_ids: Sequence[int] | None = None) -> IssuedDocumentInfo:
    """Build the document `kind` of the programme into `out_path` and record it.

    An order takes the number given (refused when another document of the school has it in
    that calendar year), or the number of the programme's order of that kind — printed again,
    the same entry of the register — or the next free number of its series (`numbering`).
    With `separate_process` (the window's worker) a large document is laid out in a child
    process (`reports.process`) so that the window keeps painting. `progress` answering False
    stops it (OperationCancelled): no file is written and nothing is recorded. The plan and
    the journal are of one pair: `pair_id`; the awards printed are `award_ids` (all the
    programme's valid ones when None). A kind of `WORKBOOK_KINDS` is written as .xlsx. The
    awards order links the awards it lists to itself.

    On a past year's read-only view (`db.read_only`) the document is written and nothing is
    recorded (`_record`): an order only under the number and date of the programme's own
    order of that kind — a past year gets no new numbers.
    """
    out_path = Path(out_path).absolute()
    if kind in WORKBOOK_KINDS:  # the figures of the report on its date, as a table
        day = issued_on or dt.date.today()
        export_monitoring_workbook(db, programme_id, out_path, on=day)
        prepared = _Prepared(None, workbook_title(day), number or "", day, None, ())
    else:
        prepared = _prepare(db, programme_id, kind, number=number, issued_on=issued_on,
                            layout=layout, pair_id=pair_id, award_ids=award_ids)
        _write(prepared, kind, out_path, progress, separate_process)
    return _record(db, programme_id, kind, prepared, out_path)


def reprint_document(db: Database, document_id: int, *, out_path: Path | None = None,
                     separate_process: bool = False,
                     progress: ProgressCallback | None = None) -> IssuedDocumentInfo:
    """Build a registered document again with its own number and date: the same entry of the
    register, no new number. The file is written over the one recorded when it is still
    there, into `out_path` when given, else into a new file of the documents folder (stored
    on the entry). A signed scan attached at stage 1 is never written over: the order printed
    from it gets an entry of its own, under the same number and date. A document the program
    does not build (the Положение of stage 1) or one of a single pair (printed from the
    pair's card) is refused with the reason (`reprint_refusal`). A past year's read-only view
    writes a new file of the documents folder and records nothing (the issued file stays as
    it was)."""
    with db.reading() as session:
        row = session.get(IssuedDocument, document_id)
        if row is None or row.programme_id is None:
            raise ValidationError("Документ не найден в реестре: возможно, его удалили. "
                                  "Обновите список.")
        programme_id, kind, title = row.programme_id, row.kind, row.title
        number, day, recorded = row.number, row.issued_on, row.file_path
    refusal = reprint_refusal(kind, title)
    if refusal is not None:
        raise ValidationError(refusal)
    layout: RoadmapLayout = "stages" if title.endswith(_STAGES_TITLE) else "events"
    target = Path(out_path) if out_path is not None else (
        Path(recorded) if recorded and Path(recorded).is_file()
        and not is_attachment(kind, recorded) and not db.read_only
        else default_output_path(db, programme_id, kind, issued_on=day, layout=layout))
    target = target.absolute()
    if kind in WORKBOOK_KINDS:
        when = day or dt.date.today()
        export_monitoring_workbook(db, programme_id, target, on=when)
        prepared = _Prepared(None, title, number, when, document_id, ())
    else:
        prepared = _prepare(db, programme_id, kind, number=number or None, issued_on=day,
                            layout=layout, document_id=document_id)
        _write(prepared, kind, target, progress, separate_process)
    return _record(db, programme_id, kind, prepared, target)


def reprint_refusal(kind: str, title: str) -> str | None:
    """Why a register entry cannot be printed again by the program (None: it can)."""
    if kind not in DOCUMENT_KINDS:
        return (f"«{title}» программа не формирует: документ зарегистрирован на этапе 1. "
                "Откройте его файл кнопкой «Открыть» и напечатайте оттуда.")
    if kind in PAIR_KINDS:
        return (f"«{title}» относится к одной паре: сформируйте его снова в карточке этой "
                "пары.")
    return None


def prepare_document(db: Database, programme_id: int, kind: str, *,
                     number: str | None = None, issued_on: dt.date | None = None,
                     layout: RoadmapLayout = "events", pair_id: int | None = None,
                     award_ids: Sequence[int] | None = None
                     ) -> tuple[PdfRecipe, str, str, dt.date]:
    """The document `kind` as plain data read from the database (its recipe, title, printed
    number and date): what a child process lays out without touching the database."""
    prepared = _prepare(db, programme_id, kind, number=number, issued_on=issued_on,
                        layout=layout, pair_id=pair_id, award_ids=award_ids)
    assert prepared.recipe is not None
    return prepared.recipe, prepared.title, prepared.number, prepared.day


def proposed_number(db: Database, programme_id: int, kind: str, day: dt.date) -> str:
    """The number the issue dialog offers for an order of `kind` dated `day`: that of the
    programme's order of the kind when there is one, else the next free one."""
    return proposed_order(db, programme_id, kind, day)[0]


def proposed_order(db: Database, programme_id: int, kind: str,
                   day: dt.date) -> tuple[str, dt.date]:
    """The number and date the issue dialog offers: the programme's order of `kind` with its
    own date, or the next free number on `day`."""
    with db.reading() as session:
        return numbering.proposed(session, programme_id, kind, day)


def number_problem(db: Database, programme_id: int, kind: str, number: str,
                   day: dt.date) -> str | None:
    """Why `number` cannot be given to an order of `kind` dated `day` (None: it can)."""
    with db.reading() as session:
        return numbering.number_problem(session, programme_id, kind, number, day)


@dataclass(frozen=True)
class _Prepared:
    recipe: PdfRecipe | None
    title: str
    number: str
    day: dt.date
    document_id: int | None
    """The register entry this is (an order printed again); None: a new one."""
    award_ids: tuple[int, ...]
    """The awards an awards order lists (linked to it once recorded)."""
    logged_title: str = ""
    """The title as the audit log keeps it when `title` names a person ("": `title`)."""


def _prepare(db: Database, programme_id: int, kind: str, *, number: str | None,
             issued_on: dt.date | None, layout: RoadmapLayout,
             pair_id: int | None = None, award_ids: Sequence[int] | None = None,
             document_id: int | None = None) -> _Prepared:
    if kind not in DOCUMENT_KINDS:
        raise ValidationError(f"Неизвестный вид документа «{kind}».")
    if layout not in ("events", "stages"):
        raise ValidationError(f"Неизвестный вид дорожной карты «{layout}»: «events» (по "
                              "мероприятиям) или «stages» (по этапам).")
    day = issued_on or dt.date.today()
    if kind in PAIR_KINDS or kind == "control":
        paper = _stage6_paper(db, programme_id, kind, pair_id, day)
        title = f"{paper.title}: {paper.pair_label}" if paper.pair_label else paper.title
        logged = f"{paper.title}: {pair_number(pair_id)}" if paper.pair_label else paper.title
        return _Prepared(paper.recipe, title, number or "", day, document_id, (), logged)
    if kind == "monitoring":  # the date of the report is its reporting date
        return _Prepared(monitoring_recipe(db, programme_id, on=day), report_title(day),
                         number or "", day, document_id, ())
    if kind in ("certificates", "awards_register", "cases"):
        recipe, title = (awards_paper.awards_recipe(db, programme_id, award_ids=award_ids,
                                                    day=day) if kind == "certificates"
                         else awards_paper.register_recipe(db, programme_id, day=day)
                         if kind == "awards_register"
                         else cases_paper.booklet_recipe(db, programme_id, day=day))
        return _Prepared(recipe, title, number or "", day, document_id, ())
    if kind == "bases":
        data = bases_data(db, programme_id)
        return _Prepared(PdfRecipe(bases_document, (data,), {"as_of": day},
                                   rows=len(data.mentees) + len(data.mentors)),
                         bases_title(data.school_year), number or "", day, document_id, ())
    awarded = (listed_awards(list_awards(db, programme_id), award_ids)
               if kind == "order_awards" else [])
    with db.reading() as session:
        programme = _programme(session, programme_id)
        page = settings.load(session, settings.PAGE_LAYOUT)
        if kind in numbering.ORDER_KINDS:
            resolved = numbering.resolve(session, programme_id, kind, number, issued_on,
                                         document_id=document_id)
            number, day, document_id = resolved.number, resolved.issued_on, \
                resolved.document_id
            if db.read_only and document_id is None:
                raise ValidationError(ARCHIVE_NEW_ORDER.format(
                    year=programme.school_year, title=KIND_LABELS.get(kind, kind)))
        if kind == "order_awards":
            recipe, title, number_text = awards_order(session, programme, day, number or "",
                                                      page, awarded)
        else:
            recipe, title, number_text = orders.build(session, programme, kind, day, number,
                                                      layout, page)
    return _Prepared(recipe, title, number_text, day, document_id,
                     tuple(a.id for a in awarded))


def _write(prepared: _Prepared, kind: str, out_path: Path, progress: ProgressCallback | None,
           separate_process: bool) -> None:
    assert prepared.recipe is not None
    write_pdf(prepared.recipe, out_path, progress=progress,
              separate_process=separate_process and (prepared.recipe.rows >= PROCESS_ROWS
                                                     or kind in PROCESS_ALWAYS))


def _record(db: Database, programme_id: int, kind: str, prepared: _Prepared,
            out_path: Path) -> IssuedDocumentInfo:
    """Record the written file: a new entry of the register, or the entry it is again. A
    past year's read-only view records nothing: the file is what was asked for (id 0 when it
    is no entry of the register)."""
    if db.read_only:
        return IssuedDocumentInfo(id=prepared.document_id or 0, kind=kind,
                                  number=prepared.number, issued_on=prepared.day,
                                  title=prepared.title, file_path=str(out_path),
                                  file_exists=out_path.is_file())
    with db.transaction() as session:
        if kind in numbering.ORDER_KINDS:  # the curator's name stays as printed, and correctable
            programme_row = session.get(Programme, programme_id)
            if programme_row is not None and programme_row.curator is not None:
                declension.remember(programme_row.curator)
        row = session.get(IssuedDocument, prepared.document_id) \
            if prepared.document_id is not None else None
        if row is not None and is_attachment(kind, row.file_path) \
                and Path(row.file_path).is_file():
            row = None  # the signed scan of stage 1 keeps its entry; the print gets its own
        again = row is not None
        if row is None:
            if kind in numbering.ORDER_KINDS:  # taken meanwhile by another window?
                numbering.check_free(session, prepared.number, prepared.day, kind=kind,
                                     programme_id=programme_id)
            row = IssuedDocument(programme_id=programme_id, kind=kind)
            session.add(row)
        row.number, row.issued_on = prepared.number, prepared.day
        row.title, row.file_path = prepared.title, str(out_path)
        session.flush()
        audit.record(session, "reissue" if again else "issue", "issued_document", row.id,
                     f"{'Напечатан снова' if again else 'Сформирован'} документ "
                     f"«{prepared.logged_title or prepared.title}»", kind=kind,
                     folder=str(out_path.parent))
        if prepared.award_ids:
            link_order_in(session, prepared.award_ids, row.id)
        if kind in STAGE_OF_ORDER:
            record_stage_work(session, programme_id, STAGE_OF_ORDER[kind], prepared.day)
        return IssuedDocumentInfo(id=row.id, kind=kind, number=row.number,
                                  issued_on=row.issued_on, title=row.title,
                                  file_path=row.file_path,
                                  file_exists=Path(row.file_path).is_file())


def _stage6_paper(db: Database, programme_id: int, kind: str, pair_id: int | None,
                  day: dt.date) -> pair_paper.PairPaperRecipe:
    """The plan or the journal of a pair of the programme, or the control sheet of them all."""
    if kind == "control":
        return pair_paper.control_recipe(db, programme_id, as_of=day)
    if pair_id is None:
        raise ValidationError("Выберите пару или группу, для которой сформировать документ.")
    if pair_paper.pair_programme(db, pair_id) != programme_id:
        raise ValidationError(pair_paper.UNKNOWN_PAIR.format(pair_id=pair_id))
    if kind == "plan":
        return pair_paper.plan_recipe(db, pair_id, as_of=day)
    return pair_paper.journal_recipe(db, pair_id, as_of=day)


def list_issued_documents(db: Database, programme_id: int) -> list[IssuedDocumentInfo]:
    """The register of the programme's documents, the most recently recorded first."""
    with db.reading() as session:
        rows = session.scalars(select(IssuedDocument).where(
            IssuedDocument.programme_id == programme_id).order_by(IssuedDocument.id.desc()))
        return [IssuedDocumentInfo(id=row.id, kind=row.kind, number=row.number,
                                   issued_on=row.issued_on, title=row.title,
                                   file_path=row.file_path,
                                   file_exists=bool(row.file_path)
                                   and Path(row.file_path).is_file()) for row in rows]


def recorded_number(db: Database, programme_id: int, kind: str) -> str:
    """The number last recorded for a document of `kind` (say, the order at stage 1), or ""."""
    with db.reading() as session:
        return numbering.recorded_number(session, programme_id, kind)


def default_output_path(db: Database, programme_id: int, kind: str, *,
                        issued_on: dt.date | None = None,
                        layout: RoadmapLayout = "events", pair_id: int | None = None) -> Path:
    """A new PDF (or .xlsx) file in the documents folder (created if needed) for a document
    of `kind`.

    Never the name of a file already there: every issued document keeps its own file, so the
    register can always open what was printed. A folder that cannot be made raises
    FileWriteError with the reason for the curator.
    """
    if kind not in DOCUMENT_KINDS:
        raise ValidationError(f"Неизвестный вид документа «{kind}».")
    with db.reading() as session:
        year = _programme(session, programme_id).school_year
    stem = _FILE_STEMS[kind]
    if kind == "roadmap" and layout == "stages":
        stem += " по этапам"
    if kind in PAIR_KINDS and pair_id is not None:
        stem += f" — {pair_paper.pair_file_label(db, pair_id)}"
    base = safe_file_name(f"{year} {stem} {issued_on or dt.date.today():%Y-%m-%d}")
    return new_document_path(db, base, ".xlsx" if kind in WORKBOOK_KINDS else ".pdf")


def _programme(session: Session, programme_id: int) -> Programme:
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise ValidationError("Программа наставничества не найдена.")
    return programme
