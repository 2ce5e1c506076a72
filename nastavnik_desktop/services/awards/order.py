"""The order «О награждении участников программы наставничества» with the list of the awarded
as its appendix (from the register of awards)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from nastavnik_desktop.data.models import Programme
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.process import PdfRecipe


def awards_order(session: Session, programme: Programme, day: dt.date, number: str,
                 page: PageLayout) -> tuple[PdfRecipe, str, str]:
    """The order's recipe, its title and its printed number."""
    raise ValidationError("Приказ о награждении ещё не собран.")
