"""Recognising a person seen before: same ФИО and birth date, or same ФИО and class without one.

People outlive school years (issue 16): a list of the next year finds last year's pupil in the
class one grade up («9А» then, «10А» now) when the classes were not moved on, and a row of an
alumnus («выпускник», the external contour of mentors) finds the one pupil of that ФИО who
could have left school — of the 11th grade, or archived — when nobody of that ФИО is an
alumnus yet (`find`). A pupil of a lower grade with the same ФИО is somebody else.

The same index serves the people already in the base (values are person ids) and the rows
already read from the file (values are row numbers). It is built once per check or load and
looked up once per row; its values are tuples of plain numbers, which the garbage collector
stops tracking (tens of thousands of lists made each of its full passes, which stop every
thread, longer).

A person typed in by hand (the curator on stage 1, say) often has no birth date; a file row
with the same ФИО and a birth date then finds nothing by `find`. `find_manual` recognises such
a person when everything filled in for them agrees with the row: a "manual match", whose
missing fields the import fills in instead of adding the person a second time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.services.importing.values import MAX_GRADE
from nastavnik_desktop.text import alphabetical_key

NameKey = tuple[str, str, str]
_NAME_FIELDS = frozenset({"last_name", "first_name", "middle_name", "category"})
_DETAIL_COLUMNS = ("sex", "birth_date", "class_name", "position", "subject",
                   "experience_years", "organisation", "phone", "email", "parent_name",
                   "parent_phone", "notes")


def name_key(last: str, first: str, middle: str) -> NameKey:
    """The ФИО as compared: case, «ё», spaces and Latin look-alikes in Russian words aside
    (a person stored as «Смирнoв» before the import fixed such names is still found)."""
    return _norm(last), _norm(first), _norm(middle)


@lru_cache(maxsize=16_384)  # first names and patronymics repeat thousands of times in a list
def _norm(part: str) -> str:
    return " ".join(alphabetical_key(part).split())


@dataclass
class PeopleIndex:
    by_date: dict[tuple[NameKey, dt.date], int] = field(default_factory=dict)
    by_class: dict[tuple[NameKey, str], tuple[tuple[int, bool], ...]] = field(
        default_factory=dict)
    by_category: dict[tuple[NameKey, str], tuple[int, ...]] = field(default_factory=dict)
    details: dict[int, dict[str, Any]] = field(default_factory=dict)
    """The filled-in fields of the people in the base besides the ФИО (for `find_manual`)."""
    undated: dict[tuple[NameKey, str], tuple[int, ...]] = field(default_factory=dict)
    """The people of the base without a birth date by ФИО and category: whom a dated row
    may complete (`find_manual`)."""
    leavers: dict[NameKey, tuple[tuple[int, bool], ...]] = field(default_factory=dict)
    """Pupils of the base who could have left school (the 11th grade, or archived) by ФИО,
    with whether they have a birth date: whom an alumnus's row finds (`find`)."""
    leaver_ids: set[int] = field(default_factory=set)
    """The same people by id (an import keeps a person's category, but a leaver listed as an
    alumnus becomes one: `becomes_alumnus`)."""
    across_years: bool = False
    """The people of the base (`load`), perhaps of last year: a class one grade lower is the
    same pupil. Not within one file: «5А» and «6А» there are two namesakes."""

    @classmethod
    def load(cls, session: Session) -> PeopleIndex:
        index = cls(across_years=True)
        person = Person.__table__.c
        rows = session.execute(select(person.id, person.last_name, person.first_name,
                                      person.middle_name, person.category, person.archived,
                                      *(person[c] for c in _DETAIL_COLUMNS)).order_by(person.id))
        for pid, last, first, middle, category, archived, *details in rows:
            filled = {c: value for c, value in zip(_DETAIL_COLUMNS, details, strict=True)
                      if value not in ("", None)}
            key, kind = name_key(last, first, middle or ""), _category(category)
            index.add(pid, key, filled.get("birth_date"), filled.get("class_name", ""), kind)
            index.details[pid] = filled
            if "birth_date" not in filled:
                index.undated[(key, kind)] = (*index.undated.get((key, kind), ()), pid)
            if kind == _PUPIL and (archived or _grade(filled.get("class_name", "")) == _LAST):
                index.leavers[key] = (*index.leavers.get(key, ()),
                                      (pid, "birth_date" in filled))
                index.leaver_ids.add(pid)
        return index

    def add(self, ident: int, name: NameKey, birth_date: dt.date | None, class_name: str,
            category: str) -> None:
        if birth_date is not None:
            self.by_date.setdefault((name, birth_date), ident)
        if class_name:
            key = (name, class_name.upper())
            self.by_class[key] = (*self.by_class.get(key, ()), (ident, birth_date is not None))
        self.by_category[(name, category)] = (*self.by_category.get((name, category), ()), ident)

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
                undated = [i for c in self._classes(class_name)
                           for i, dated in self.by_class.get((name, c), ()) if not dated]
                return undated[0] if undated else None
            return self._leaver(name, birth_date, category)
        if class_name:
            same_class = [i for c in self._classes(class_name)
                          for i, _dated in self.by_class.get((name, c), ())]
            return same_class[0] if same_class else None
        same = self.by_category.get((name, category), ())
        return same[0] if same else self._leaver(name, birth_date, category)

    def _classes(self, class_name: str) -> tuple[str, ...]:
        """The classes a row's class finds: itself, and in the base a year before."""
        if self.across_years:
            return _this_and_last_year(class_name)
        return (class_name.upper(),)

    def _leaver(self, name: NameKey, birth_date: dt.date | None, category: str) -> int | None:
        """For an alumnus's row found nowhere else: the one pupil of that ФИО who could have
        left school (undated when the row has a date: a dated one would have been found by
        it); None when there is none or more than one."""
        if category != _ALUMNUS:
            return None
        hits = [i for i, dated in self.leavers.get(name, ()) if birth_date is None or not dated]
        return hits[0] if len(hits) == 1 else None

    def becomes_alumnus(self, ident: int, category: str) -> bool:
        """Whether a row of `category` found person `ident` of the base, a pupil who could
        have left school, as an alumnus: the one change of category an import makes."""
        return category == _ALUMNUS and ident in self.leaver_ids

    def find_manual(self, name: NameKey, category: str,
                    values: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
                    taken: set[int] | frozenset[int] = frozenset()) -> int | None:
        """The person of the base typed in without a birth date whom a dated row (`values`,
        its filled-in fields, or what gives them when needed) completes: same ФИО and category,
        and every field filled in for them present in the row with the same value. None when
        there is no such person or more than one; people in `taken` are already matched to
        other rows."""
        namesakes = [pid for pid in self.undated.get((name, category), ()) if pid not in taken]
        if not namesakes:
            return None  # the common case: the row's values are not even gathered
        if callable(values):
            values = values()
        if values.get("birth_date") is None:
            return None
        row = {k: _comparable(value) for k, value in values.items() if k not in _NAME_FIELDS}
        hits = [pid for pid in namesakes
                if all(row.get(k) == _comparable(value) for k, value in self.details[pid].items())]
        return hits[0] if len(hits) == 1 else None

    def completed(self, ident: int, name: NameKey, values: Mapping[str, Any]) -> None:
        """A manually typed person now has the row's fields: index them as such."""
        filled = {k: value for k, value in values.items()
                  if k not in _NAME_FIELDS and value not in ("", None)}
        self.details[ident] = {**filled, **self.details.get(ident, {})}
        self.by_date.setdefault((name, filled["birth_date"]), ident)
        key = (name, _category(values.get("category", "")))
        self.undated[key] = tuple(i for i in self.undated.get(key, ()) if i != ident)
        class_name = self.details[ident].get("class_name", "")
        if class_name:
            self.by_class[(name, class_name.upper())] = tuple(
                (i, dated or i == ident)
                for i, dated in self.by_class.get((name, class_name.upper()), ()))


_PUPIL, _ALUMNUS = PersonCategory.PUPIL.value, PersonCategory.ALUMNUS.value
_LAST = MAX_GRADE
_CLASS = re.compile(r"^(\d{1,2})(.*)$")


def _grade(class_name: str) -> int | None:
    match = _CLASS.match(class_name)
    return int(match.group(1)) if match else None


@lru_cache(maxsize=256)
def _this_and_last_year(class_name: str) -> tuple[str, ...]:
    """The class as written and the same class a year before («10А», «9А»), upper case."""
    upper = class_name.upper()
    match = _CLASS.match(upper)
    if match is None or int(match.group(1)) <= 1:
        return (upper,)
    return upper, f"{int(match.group(1)) - 1}{match.group(2)}"


def _category(value: Any) -> str:
    return str(getattr(value, "value", value))


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.lower().replace("ё", "е").split())
    return getattr(value, "value", value)
