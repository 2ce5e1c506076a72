"""Issuing documents: build the PDF from the database, then record it in the register.

The PDF is written first (atomically); the register row is added only once the file is there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import (
    IssuedDocument,
    MentoringForm,
    Person,
    Programme,
    ProgrammeRoleModel,
    School,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.files import safe_file_name
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.reports.bases import bases_document, bases_title
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.pairs import (
    PAIRS_ORDER_TITLE,
    PairListRow,
    pair_list_document,
    pair_list_title,
    pairs_order,
)
from nastavnik_desktop.reports.process import PdfRecipe, write_pdf
from nastavnik_desktop.reports.requisites import Organisation, Requisites, Signer
from nastavnik_desktop.reports.stage1 import (
    LAUNCH_ORDER_TITLE,
    PassportData,
    RoadmapLayout,
    RoadmapRow,
    launch_order,
    passport_document,
    roadmap_document,
    roadmap_title,
)
from nastavnik_desktop.services import audit, pair_paper
from nastavnik_desktop.services.legal_documents import (
    LEGAL_DOCUMENT_TITLES,
    documents_folder,  # noqa: F401 — the Documents page opens this folder through us
    new_document_path,
    recorded_legal_documents,
)
from nastavnik_desktop.services.monitoring.report_data import (
    export_monitoring_workbook,
    monitoring_recipe,
    report_title,
    workbook_title,
)
from nastavnik_desktop.services.paper_data import bases_data, pair_list_rows
from nastavnik_desktop.services.people import declension
from nastavnik_desktop.services.roadmap import roadmap_lines
from nastavnik_desktop.services.stages.status import record_stage_work

_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}\s*[.)]|[-–—•*])\s+")

DocumentKind = Literal["roadmap", "order_launch", "passport", "bases", "pairs", "order_pairs",
                       "plan", "journal", "control", "monitoring", "monitoring_table"]
DOCUMENT_KINDS: tuple[DocumentKind, ...] = ("roadmap", "order_launch", "passport", "bases",
                                            "pairs", "order_pairs", "plan", "journal",
                                            "control", "monitoring", "monitoring_table")
WORKBOOK_KINDS = ("monitoring_table",)
"""Documents issued as a workbook (.xlsx) instead of a PDF: the statistics of the report."""
PAIR_KINDS = ("plan", "journal")
"""Documents of one pair or group (stage 6): they need its `pair_id`."""
# Orders need a number; the rest are lists and passports.
NUMBERED_KINDS = ("order_launch", "order_pairs")
STAGE_OF_ORDER = {"order_launch": 1, "order_pairs": 5}
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
}


@dataclass(frozen=True)
class IssuedDocumentInfo:
    id: int
    kind: str
    number: str
    issued_on: dt.date | None
    title: str
    file_path: str


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
                   pair_id: int | None = None) -> IssuedDocumentInfo:
    """Build the document `kind` of the programme into `out_path` and record it.

    The order needs a number: given here, or the one recorded for it at stage 1. With
    `separate_process` (the window's worker) a large document is laid out in a child process
    (`reports.process`) so that the window keeps painting. `progress` answering False stops
    it (OperationCancelled): no file is written and nothing is recorded. The plan and the
    journal are of one pair: `pair_id`. A kind of `WORKBOOK_KINDS` is written as .xlsx.
    """
    out_path = Path(out_path)
    if kind in WORKBOOK_KINDS:  # the figures of the report on its date, as a table
        day = issued_on or dt.date.today()
        export_monitoring_workbook(db, programme_id, out_path, on=day)
        title, number_text = workbook_title(day), number or ""
    else:
        recipe, title, number_text, day = prepare_document(
            db, programme_id, kind, number=number, issued_on=issued_on, layout=layout,
            pair_id=pair_id)
        write_pdf(recipe, out_path, progress=progress,
                  separate_process=separate_process and (recipe.rows >= PROCESS_ROWS
                                                         or kind in PROCESS_ALWAYS))
    with db.transaction() as session:
        if kind in NUMBERED_KINDS:  # the curator's name stays as printed, and correctable
            programme_row = session.get(Programme, programme_id)
            if programme_row is not None and programme_row.curator is not None:
                declension.remember(programme_row.curator)
        row = IssuedDocument(programme_id=programme_id, kind=kind, number=number_text,
                             issued_on=day, title=title, file_path=str(out_path))
        session.add(row)
        session.flush()
        audit.record(session, "issue", "issued_document", row.id, f"Сформирован документ "
                     f"«{title}»", kind=kind, path=str(out_path))
        if kind in STAGE_OF_ORDER:
            record_stage_work(session, programme_id, STAGE_OF_ORDER[kind], day)
        return IssuedDocumentInfo(id=row.id, kind=kind, number=number_text, issued_on=day,
                                  title=title, file_path=str(out_path))


def prepare_document(db: Database, programme_id: int, kind: str, *,
                     number: str | None = None, issued_on: dt.date | None = None,
                     layout: RoadmapLayout = "events", pair_id: int | None = None
                     ) -> tuple[PdfRecipe, str, str, dt.date]:
    """The document `kind` as plain data read from the database (its recipe, title, printed
    number and date): what a child process lays out without touching the database."""
    if kind not in DOCUMENT_KINDS:
        raise ValidationError(f"Неизвестный вид документа «{kind}».")
    if layout not in ("events", "stages"):
        raise ValidationError(f"Неизвестный вид дорожной карты «{layout}»: «events» (по "
                              "мероприятиям) или «stages» (по этапам).")
    day = issued_on or dt.date.today()
    if kind in PAIR_KINDS or kind == "control":
        paper = _stage6_paper(db, programme_id, kind, pair_id, day)
        title = f"{paper.title}: {paper.pair_label}" if paper.pair_label else paper.title
        return paper.recipe, title, number or "", day
    if kind == "monitoring":  # the date of the report is its reporting date
        return (monitoring_recipe(db, programme_id, on=day), report_title(day), number or "",
                day)
    if kind == "bases":
        data = bases_data(db, programme_id)
        return (PdfRecipe(bases_document, (data,), {"as_of": day},
                          rows=len(data.mentees) + len(data.mentors)),
                bases_title(data.school_year), number or "", day)
    with db.reading() as session:
        programme = _programme(session, programme_id)
        page = settings.load(session, settings.PAGE_LAYOUT)
        recipe, title, number_text = _build(session, programme, kind, day, number, layout, page)
    return recipe, title, number_text, day


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
                                   file_path=row.file_path) for row in rows]


def recorded_number(db: Database, programme_id: int, kind: str) -> str:
    """The number last recorded for a document of `kind` (say, the order at stage 1), or ""."""
    with db.reading() as session:
        return _recorded_number(session, programme_id, kind)


def _recorded_number(session: Session, programme_id: int, kind: str) -> str:
    return session.scalars(select(IssuedDocument.number).where(
        IssuedDocument.programme_id == programme_id, IssuedDocument.kind == kind,
        IssuedDocument.number != "").order_by(IssuedDocument.id.desc())).first() or ""


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


def list_items(text: str) -> list[str]:
    """The lines of a list typed one per line, without the numbers or bullets the curator may
    have typed (the document numbers them itself)."""
    return [item for item in (_LIST_MARK.sub("", line).strip() for line in text.splitlines())
            if item]


def _programme(session: Session, programme_id: int) -> Programme:
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise ValidationError("Программа наставничества не найдена.")
    return programme


def _organisation(school: School) -> Organisation:
    return Organisation(full_name=school.full_name, short_name=school.short_name)


def roadmap_rows(session: Session, programme_id: int) -> list[RoadmapRow]:
    return [RoadmapRow(number=line.number, stage=line.stage, stage_title=line.stage_title,
                       title=line.title, due_on=line.due_on, responsible=line.responsible,
                       result=line.result)
            for line in roadmap_lines(session, programme_id)]


def _build(session: Session, programme: Programme, kind: str, day: dt.date,
           number: str | None, layout: RoadmapLayout,
           page: PageLayout) -> tuple[PdfRecipe, str, str]:
    """The document `kind`; `page` is the stored layout of official documents (the orders)."""
    school = programme.school
    org = _organisation(school)
    rows = roadmap_rows(session, programme.id)
    if kind == "roadmap":
        if not rows:
            raise ValidationError("В дорожной карте нет мероприятий: завершите этап 1 или "
                                  "добавьте мероприятия.")
        return (PdfRecipe(roadmap_document, (org, programme.school_year, rows),
                          {"layout": layout, "as_of": day}, rows=len(rows)),
                roadmap_title(org, programme.school_year)
                + (" (по этапам)" if layout == "stages" else ""), number or "")
    if kind == "passport":
        data = _passport_data(session, programme)
        return (PdfRecipe(passport_document, (org, data), {"as_of": day}),
                f"Паспорт программы наставничества на {programme.school_year} учебный год",
                number or "")
    if kind in ("pairs", "order_pairs"):
        pairs = pair_list_rows(session, programme.id)
        if not pairs:
            raise ValidationError("Пар и групп пока нет: сформируйте их на этапе 5.")
        if kind == "pairs":
            return (PdfRecipe(pair_list_document, (org, programme.school_year, pairs),
                              {"as_of": day}, rows=len(pairs)),
                    pair_list_title(org, programme.school_year), number or "")
        return _pairs_order(session, programme, org, day, number, pairs, page)
    return _launch_order(session, programme, org, day, number, rows, page)


def _order_requisites(session: Session, programme: Programme, org: Organisation,
                      day: dt.date, number: str | None, kind: str,
                      title: str) -> Requisites:
    """The requisites of an order; its number is the one given or recorded for `kind`."""
    school = programme.school
    if not school.director_name.strip():
        raise ValidationError("Не указаны ФИО директора: заполните реквизиты школы на этапе 1.")
    if number is None:
        number = _recorded_number(session, programme.id, kind)
    if not number or not number.strip():
        raise ValidationError("Укажите номер приказа.")
    return Requisites(
        organisation=org, date=day, number=number.strip(), title=title,
        signer=Signer.from_full_name(school.director_position or "Директор",
                                     school.director_name),
        place=school.municipality)


def _curator_forms(programme: Programme) -> tuple[Person, str, str]:
    """The curator with his name in the accusative and the dative (stored forms preferred)."""
    curator = programme.curator
    if curator is None:
        raise ValidationError("Куратор программы не назначен: назначьте его на этапе 1.")
    forms = declension.declined(curator)
    return curator, forms.accusative, forms.dative


def _pairs_order(session: Session, programme: Programme, org: Organisation, day: dt.date,
                 number: str | None, pairs: list[PairListRow], page: PageLayout
                 ) -> tuple[PdfRecipe, str, str]:
    _curator, _accusative, dative = _curator_forms(programme)
    requisites = _order_requisites(session, programme, org, day, number, "order_pairs",
                                   PAIRS_ORDER_TITLE)
    recipe = PdfRecipe(pairs_order, (requisites,), {
        "school_year": programme.school_year, "curator_dative": dative,
        "plans_due": day + dt.timedelta(days=30), "rows": pairs,
        "regulation": _regulation_reference(session, programme.id), "layout": page},
        rows=len(pairs))
    return recipe, f"Приказ «{PAIRS_ORDER_TITLE}»", requisites.number


def _regulation_reference(session: Session, programme_id: int) -> str | None:
    """«№ 5 от 01.09.2026» of the Положение recorded at stage 1; None when it was not issued."""
    for document in recorded_legal_documents(session, programme_id):
        if document.kind == "regulation":
            parts = [f"№ {document.number}" if document.number else "",
                     f"от {document.issued_on:%d.%m.%Y}" if document.issued_on else ""]
            return " ".join(p for p in parts if p)
    return None


def _launch_order(session: Session, programme: Programme, org: Organisation, day: dt.date,
                  number: str | None, rows: list[RoadmapRow], page: PageLayout
                  ) -> tuple[PdfRecipe, str, str]:
    curator, accusative, dative = _curator_forms(programme)
    requisites = _order_requisites(session, programme, org, day, number, "order_launch",
                                   LAUNCH_ORDER_TITLE)
    recipe = PdfRecipe(launch_order, (requisites,), {
        "school_year": programme.school_year, "curator_accusative": accusative,
        "curator_dative": dative, "curator_position": curator.position, "roadmap": rows,
        "layout": page}, rows=len(rows))
    return recipe, LEGAL_DOCUMENT_TITLES["order_launch"], requisites.number


def _passport_data(session: Session, programme: Programme) -> PassportData:
    chosen = set(session.scalars(select(ProgrammeRoleModel.role_model_id).where(
        ProgrammeRoleModel.programme_id == programme.id)))
    forms: list[tuple[str, list[str]]] = []
    for link in sorted(programme.forms, key=lambda f: (f.form.sort_order, f.form_id)):
        form: MentoringForm = link.form
        models = [m.name for m in form.role_models if m.id in chosen]
        forms.append((form.name, models))
    team = [(m.person.full_name, m.role)
            for m in sorted(programme.team, key=lambda m: m.id)]
    curator: Person | None = programme.curator
    curator_text = ""
    if curator is not None:
        curator_text = curator.full_name + (f", {curator.position}" if curator.position else "")
    documents = [
        f"{d.title} от {d.issued_on:%d.%m.%Y} № {d.number}" if d.issued_on and d.number
        else d.title
        for d in session.scalars(select(IssuedDocument).where(
            IssuedDocument.programme_id == programme.id,
            IssuedDocument.kind.in_(LEGAL_DOCUMENT_TITLES)).order_by(IssuedDocument.id))]
    return PassportData(
        school_year=programme.school_year, title=programme.title, starts_on=programme.starts_on,
        ends_on=programme.ends_on, goal=programme.goal,
        tasks=list_items(programme.tasks),
        expected_results=list_items(programme.expected_results),
        forms=forms, curator=curator_text, team=team, documents=documents)
