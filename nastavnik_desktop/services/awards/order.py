"""The order «О награждении участников программы наставничества» with the list of the awarded
as its appendix (from the register of awards: the valid awards, annulled ones left out).

`documents.issue_document(db, programme_id, "order_awards", …)` builds it; once it is
recorded, the awards it lists are linked to it (`register.link_order_in`): the order that
grounds each award.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from nastavnik_desktop.data.models import Programme
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.awards_order import (
    AWARDS_ORDER_TITLE,
    AwardedRow,
    awards_order_document,
)
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.process import PdfRecipe
from nastavnik_desktop.services.awards.register import AwardInfo, nomination_label
from nastavnik_desktop.services.orders import (  # the requisites of every order: one home
    order_requisites,
    organisation,
    regulation_reference,
)
from nastavnik_desktop.services.people import declension
from nastavnik_desktop.text import capitalised

HAND_OVER_DAYS = 14
"""The curator hands the awards over within two weeks of the order."""


def listed_awards(awards: Sequence[AwardInfo],
                  award_ids: Sequence[int] | None = None) -> list[AwardInfo]:
    """The awards the order lists: the valid ones (of `award_ids` when given)."""
    wanted = None if award_ids is None else set(award_ids)
    return [a for a in awards if not a.annulled and (wanted is None or a.id in wanted)]


def awards_order(session: Session, programme: Programme, day: dt.date, number: str,
                 page: PageLayout, awards: Sequence[AwardInfo]) -> tuple[PdfRecipe, str, str]:
    """The order's recipe, its title and its printed number; `awards` are those it lists
    (see `listed_awards`)."""
    if not awards:
        raise ValidationError("Наград пока нет: отметьте награждённых на этапе 7 или в разделе "
                              "«Итоги и награды», затем сформируйте приказ о награждении.")
    org = organisation(programme.school)
    requisites = order_requisites(session, programme, org, day, number, "order_awards",
                                  AWARDS_ORDER_TITLE)
    rows = [AwardedRow(name=a.person_name, place=a.person_place,
                       award=capitalised(nomination_label(a.nomination, short=True)),
                       registry_number=a.registry_number)
            for a in sorted(awards, key=lambda a: a.registry_number)]
    curator = programme.curator
    recipe = PdfRecipe(awards_order_document, (requisites,), {
        "school_year": programme.school_year, "rows": rows,
        "regulation": regulation_reference(session, programme.id, day),
        "curator_dative": declension.declined(curator).dative if curator else "",
        "acquainted": [curator.full_name] if curator else [],
        "hand_over_by": day + dt.timedelta(days=HAND_OVER_DAYS), "layout": page},
        rows=len(rows))
    return recipe, f"Приказ «{AWARDS_ORDER_TITLE}»", requisites.number

