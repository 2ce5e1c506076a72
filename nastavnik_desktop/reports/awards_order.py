"""The order «О награждении участников программы наставничества» (stage 7) with the list of
the awarded as its appendix.

The builder takes plain data and returns a document ready to `build()`; it knows nothing of
the database (`services.awards.order` reads it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from nastavnik_desktop.reports.document import OfficialDocument
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.requisites import Requisites
from nastavnik_desktop.reports.tables import Align

AWARDS_ORDER_TITLE = "О награждении участников программы наставничества"
APPENDIX_TITLE = "Список награждённых участников программы наставничества"
APPENDIX_HEADERS = ("№ п/п", "Фамилия, имя, отчество", "Класс, должность", "Награда",
                    "Регистра\u00adционный номер")
APPENDIX_WIDTHS_MM = (12.0, 56.0, 36.0, 36.0, 20.0)
APPENDIX_ALIGN: tuple[Align, ...] = ("center", "left", "left", "left", "center")


@dataclass(frozen=True)
class AwardedRow:
    """One line of the appendix: the person, their class or position, the award, its number."""

    name: str
    place: str
    award: str
    registry_number: str


def awards_order_document(requisites: Requisites, *, school_year: str,
                          rows: Sequence[AwardedRow], regulation: str | None = None,
                          curator_dative: str = "", hand_over_by: dt.date | None = None,
                          acquainted: Sequence[str] = (),
                          layout: PageLayout | None = None) -> OfficialDocument:
    """The order: preamble, operative points, the director's signature, and the appendix.

    `regulation` is the reference of the Положение («№ 5 от 01.09.2026», may be empty; None
    when it was not issued: not cited); `curator_dative` the curator charged with handing the
    awards over («Савиной Ольге Николаевне»), empty when none is appointed; `acquainted` the
    people the order charges (the curator), on its «С приказом ознакомлены» sheet."""
    doc = OfficialDocument(requisites, layout)
    basis = "в соответствии с Положением о программе наставничества" + (
        f", утверждённым приказом {regulation}" if regulation else "") \
        if regulation is not None else ""
    doc.add_paragraph(
        f"По итогам реализации программы наставничества в {school_year} учебном году"
        + (f", {basis}" if basis else "")
        + ", в целях поощрения наставников и наставляемых, достигших высоких результатов, и "
        "распространения лучших практик наставничества,")
    doc.add_directive()
    due = f"в срок до {hand_over_by:%d.%m.%Y}" if hand_over_by else "в течение месяца"
    curator = f"Куратору программы наставничества {curator_dative}" if curator_dative \
        else "Куратору программы наставничества"
    doc.add_numbered([
        "Наградить участников программы наставничества сертификатами, грамотами и "
        "благодарственными письмами согласно приложению № 1 к настоящему приказу.",
        f"{curator} {due} организовать торжественное вручение наград участникам программы "
        "наставничества и внести сведения о них в реестр выданных наград.",
        "Контроль за исполнением настоящего приказа оставляю за собой.",
    ])
    doc.add_signature()
    doc.add_appendix(APPENDIX_TITLE)
    doc.add_table(APPENDIX_HEADERS,
                  [(str(i), r.name, r.place, r.award, r.registry_number)
                   for i, r in enumerate(rows, start=1)],
                  col_widths_mm=APPENDIX_WIDTHS_MM, align=APPENDIX_ALIGN)
    doc.add_acquaintance_sheet(acquainted)
    return doc
