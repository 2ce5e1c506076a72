"""Recognising a person seen before: same ФИО and birth date, or same ФИО and class without one.

The same index serves the people already in the base (values are person ids) and the rows
already read from the file (values are row numbers).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.core_models import Person

NameKey = tuple[str, str, str]


def name_key(last: str, first: str, middle: str) -> NameKey:
    def norm(part: str) -> str:
        return " ".join(part.lower().replace("ё", "е").split())

    return norm(last), norm(first), norm(middle)


@dataclass
class PeopleIndex:
    by_date: dict[tuple[NameKey, dt.date], int] = field(default_factory=dict)
    by_class: dict[tuple[NameKey, str], list[tuple[int, bool]]] = field(
        default_factory=lambda: defaultdict(list))
    by_category: dict[tuple[NameKey, str], list[int]] = field(
        default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, session: Session) -> PeopleIndex:
        index = cls()
        person = Person.__table__.c
        rows = session.execute(select(person.id, person.last_name, person.first_name,
                                      person.middle_name, person.birth_date, person.class_name,
                                      person.category).order_by(person.id))
        for pid, last, first, middle, birth, class_name, category in rows:
            index.add(pid, name_key(last, first, middle or ""), birth, class_name or "",
                      str(category))
        return index

    def add(self, ident: int, name: NameKey, birth_date: dt.date | None, class_name: str,
            category: str) -> None:
        if birth_date is not None:
            self.by_date.setdefault((name, birth_date), ident)
        if class_name:
            self.by_class[(name, class_name.upper())].append((ident, birth_date is not None))
        self.by_category[(name, category)].append(ident)

    def find(self, name: NameKey, birth_date: dt.date | None, class_name: str,
             category: str) -> int | None:
        """The first matching person (or row), or None.

        A birth date decides when both sides have one; a class decides when either side has no
        date; with neither, the same ФИО in the same category counts as the same person.
        """
        if birth_date is not None:
            hit = self.by_date.get((name, birth_date))
            if hit is not None:
                return hit
            if class_name:
                undated = [i for i, dated in self.by_class.get((name, class_name.upper()), ())
                           if not dated]
                return undated[0] if undated else None
            return None
        if class_name:
            same_class = self.by_class.get((name, class_name.upper()), ())
            return same_class[0][0] if same_class else None
        same = self.by_category.get((name, category), ())
        return same[0] if same else None
