"""The awards on paper: the certificates, грамоты and letters themselves, and the printable
register of issued awards — as recipes for `reports` (read from the register, laid out there)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.process import PdfRecipe


def awards_recipe(db: Database, programme_id: int, *, award_ids: Sequence[int] | None,
                  day: dt.date) -> tuple[PdfRecipe, str]:
    """The awards `award_ids` (all the programme's valid ones when None), a page each; the
    recipe and the document's title."""
    raise ValidationError("Печать наград ещё не собрана.")


def register_recipe(db: Database, programme_id: int, *, day: dt.date) -> tuple[PdfRecipe, str]:
    """The register of the programme's issued awards as of `day`; the recipe and the title."""
    raise ValidationError("Реестр наград ещё не собран.")
