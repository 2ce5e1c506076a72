"""What the demo school is built from: the day, the seed and the sizes, and their limits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from nastavnik_desktop.errors import ValidationError

MIN_PUPILS, MAX_PUPILS = 100, 3000
MIN_TEACHERS, MAX_TEACHERS = 12, 400


@dataclass(frozen=True, kw_only=True)
class DemoOptions:
    today: dt.date
    """The day the demo school is built as of; the school year and every date follow from it.
    Always passed in (the window and the CLI pass the real date, tests a fixed one)."""
    seed: int = 2025
    pupils: int = 800
    teachers: int = 60
    """Staff: teachers and other school staff."""

    def with_sizes(self, *, pupils: int | None = None,
                   teachers: int | None = None) -> DemoOptions:
        return replace(self, pupils=self.pupils if pupils is None else pupils,
                       teachers=self.teachers if teachers is None else teachers)


def check_options(options: DemoOptions, today: dt.date) -> None:
    if not MIN_PUPILS <= options.pupils <= MAX_PUPILS:
        raise ValidationError(f"Число обучающихся в демонстрационной школе должно быть от "
                              f"{MIN_PUPILS} до {MAX_PUPILS}.")
    if not MIN_TEACHERS <= options.teachers <= MAX_TEACHERS:
        raise ValidationError(f"Число педагогов и сотрудников в демонстрационной школе должно "
                              f"быть от {MIN_TEACHERS} до {MAX_TEACHERS}.")
    if today > dt.date.today():
        raise ValidationError(f"Дата демонстрационной школы ({today:%d.%m.%Y}) не может быть "
                              "в будущем.")
