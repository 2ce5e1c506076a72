"""Documents of stage 5: the list of mentoring pairs and groups (by form), and the order
«О закреплении наставнических пар/групп» with that list as its appendix.

Builders take plain data and return a document ready to `build()`; they know nothing of the
database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from nastavnik_desktop.reports.document import OfficialDocument
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.lists import ListDocument
from nastavnik_desktop.reports.requisites import Organisation, Requisites
from nastavnik_desktop.reports.stage1 import LEGAL_BASIS
from nastavnik_desktop.reports.tables import Align, GroupRow, Row, mentee_cells

PAIRS_ORDER_TITLE = "О закреплении наставнических пар/групп"

PAIR_HEADERS = ("№ п/п", "Наставник", "Должность / класс", "Наставляемые (класс)",
                "Ролевая модель", "Дата закрепления")
PAIR_WIDTHS_MM = (14.0, 70.0, 44.0, 72.0, 46.0, 28.0)
PAIR_ALIGN: tuple[Align, ...] = ("center", "left", "left", "left", "left", "center")


@dataclass(frozen=True)
class PairListRow:
    form: str
    mentor: str
    mentor_place: str
    """The mentor's position, class or organisation."""
    mentees: Sequence[tuple[str, str]]
    """(ФИО, class or position) of each mentee: one for a pair, several for a group."""
    role_model: str
    formed_on: dt.date | None
    title: str = ""
    """A group's name, if it has one."""


def pair_list_title(organisation: Organisation, school_year: str) -> str:
    return (f"Список наставнических пар и групп {organisation.name_in('gent')} "
            f"на {school_year} учебный год")


GROUP_NAMES_PER_ROW = 8
"""A class-wide group's names go eight to a table row, so that a group of thirty fills the
rest of a page and goes on over the break instead of moving whole to the next page."""


def _mentees_cells(row: PairListRow) -> list[str]:
    """The mentees of a pair (one cell) or of a group (its title and size, then the names —
    `tables.mentee_cells`)."""
    lines = [f"{name} ({place})" if place else name for name, place in row.mentees]
    if len(lines) <= 1:
        return [lines[0] if lines else "—"]
    return mentee_cells(lines, row.title or f"Группа, {len(lines)} чел.",
                        per_row=GROUP_NAMES_PER_ROW)


def pair_table_rows(rows: Sequence[PairListRow]) -> list[Row]:
    """Grouped by form of mentoring, numbered through the whole list; a large group goes on in
    rows below its own, the other cells of those left empty."""
    out: list[Row] = []
    form = None
    for number, row in enumerate(sorted(rows, key=lambda r: r.form), start=1):
        if row.form != form:
            form = row.form
            out.append(GroupRow(f"Форма наставничества «{row.form}»"))
        first, *more = _mentees_cells(row)
        out.append((number, row.mentor, row.mentor_place or "—", first,
                    row.role_model or "—", row.formed_on))
        out.extend(("", "", "", cell, "", "") for cell in more)
    return out


def _add_pair_table(doc: ListDocument | OfficialDocument, rows: Sequence[PairListRow]) -> None:
    doc.add_table(PAIR_HEADERS, pair_table_rows(rows), col_widths_mm=PAIR_WIDTHS_MM,
                  align=PAIR_ALIGN)


def pair_list_document(organisation: Organisation, school_year: str,
                       rows: Sequence[PairListRow], *,
                       as_of: dt.date | None = None) -> ListDocument:
    """The pair list as a landscape table grouped by form."""
    doc = ListDocument(pair_list_title(organisation, school_year), organisation,
                       subtitle=_summary(rows), as_of=as_of)
    _add_pair_table(doc, rows)
    return doc


def _summary(rows: Sequence[PairListRow]) -> str:
    pairs = sum(len(r.mentees) == 1 for r in rows)
    groups = len(rows) - pairs
    mentees = sum(len(r.mentees) for r in rows)
    return f"Пар: {pairs}, групп: {groups}, наставляемых: {mentees}"


def pairs_order(requisites: Requisites, *, school_year: str, curator_dative: str,
                plans_due: dt.date | None, rows: Sequence[PairListRow],
                regulation: str | None = None, acquainted: Sequence[str] = (),
                layout: PageLayout | None = None) -> OfficialDocument:
    """The order fixing the pairs and groups, with the pair list as its appendix № 1 and the
    acquaintance sheet of those it charges (`acquainted`: the curator and every mentor) last.

    `regulation` is the reference of the issued Положение («от 01.09.2026 № 5», may be empty);
    None when it was not issued: the order then does not cite it."""
    doc = OfficialDocument(requisites, layout)
    org = requisites.organisation
    basis = LEGAL_BASIS
    if regulation is not None:
        basis += (", на основании Положения о программе наставничества "
                  f"{org.name_in('gent')}"
                  + (f", утверждённого приказом {regulation}," if regulation else ""))
    doc.add_paragraph(f"{basis} и по итогам формирования наставнических пар/групп,")
    doc.add_directive()
    plans = (f"в срок до {plans_due:%d.%m.%Y}" if plans_due else "в течение месяца")
    doc.add_numbered([
        f"Закрепить наставнические пары/группы на {school_year} учебный год согласно "
        "приложению № 1 к настоящему приказу.",
        f"Наставникам {plans} совместно с наставляемыми разработать индивидуальные планы "
        "развития и организовать работу пар/групп в соответствии с программой "
        "наставничества.",
        f"Куратору {curator_dative} обеспечить методическое сопровождение наставников, "
        "мониторинг работы пар/групп и своевременное внесение изменений в их состав.",
        "Контроль за исполнением настоящего приказа оставляю за собой.",
    ])
    doc.add_signature()
    doc.add_appendix(pair_list_title(org, school_year), landscape=True)
    _add_pair_table(doc, rows)
    doc.add_acquaintance_sheet(acquainted)
    return doc
