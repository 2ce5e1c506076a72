"""The collection of cases as a booklet PDF (recipe for `reports`)."""

from __future__ import annotations

import datetime as dt

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.process import PdfRecipe


def booklet_recipe(db: Database, programme_id: int, *, day: dt.date) -> tuple[PdfRecipe, str]:
    """The booklet of the programme's cases; the recipe and its title."""
    raise ValidationError("Сборник кейсов ещё не собран.")
