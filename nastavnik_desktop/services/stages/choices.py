"""What the stage 2 and 3 wizards choose from — the people and the requests for a base — and
the checks their saves share before they write a base.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.enums import (
    CATEGORY_LABELS,
    YOUNG_SPECIALIST_YEARS,
    PersonCategory,
    RequestAudience,
)
from nastavnik_desktop.data.models import MenteeRequest, PairMentee, Person
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services import reference_lists
from nastavnik_desktop.services.people import age_on, is_minor
from nastavnik_desktop.text import alphabetical_key, class_sort_key, full_name

_T = TypeVar("_T")


@dataclass(frozen=True)
class PersonChoice:
    """A person the wizards offer for a base, with what the lists show and sort by (computed
    once: the lists filter and sort thousands of people on every keystroke)."""

    id: int
    last_name: str
    first_name: str
    middle_name: str
    category: PersonCategory
    class_name: str = ""
    position: str = ""
    organisation: str = ""
    experience_years: int | None = None
    birth_date: dt.date | None = None
    parent_name: str = ""
    subject: str = ""

    @cached_property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name)

    @property
    def place(self) -> str:
        """«Класс / должность»: the class of a pupil, else the position, else the organisation."""
        if self.class_name:
            return self.class_name
        return ", ".join(p for p in (self.position, self.organisation) if p)

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.category]

    @cached_property
    def grade(self) -> int | None:
        """The number of a pupil's class («10Б» → 10)."""
        key = class_sort_key(self.class_name)
        return key[1] if key[0] == 0 else None

    @property
    def is_young_specialist(self) -> bool:
        return self.experience_years is not None and \
            self.experience_years <= YOUNG_SPECIALIST_YEARS

    @cached_property
    def name_key(self) -> tuple[str, str, str, int]:
        return (alphabetical_key(self.last_name), alphabetical_key(self.first_name),
                alphabetical_key(self.middle_name), self.id)

    @cached_property
    def search_key(self) -> str:
        return alphabetical_key(f"{self.full_name} {self.place} {self.subject}")

    def age(self, today: dt.date) -> int | None:
        return None if self.birth_date is None else age_on(self.birth_date, today)

    def is_minor(self, today: dt.date) -> bool:
        return is_minor(self.birth_date, self.category, today)

    @property
    def short_name(self) -> str:
        return short_name(self.last_name, self.first_name, self.middle_name)


@dataclass(frozen=True)
class RequestOption:
    id: int
    name: str
    audience: RequestAudience


def request_audience(category: PersonCategory) -> RequestAudience:
    """Whose list of requests fits a person: staff have the teachers' list."""
    return RequestAudience.TEACHER if category is PersonCategory.STAFF else RequestAudience.PUPIL


def person_choice(person: Person) -> PersonChoice:
    return PersonChoice(
        id=person.id, last_name=person.last_name, first_name=person.first_name,
        middle_name=person.middle_name, category=person.category,
        class_name=person.class_name, position=person.position,
        organisation=person.organisation, experience_years=person.experience_years,
        birth_date=person.birth_date, parent_name=person.parent_name, subject=person.subject)


def people_choices(session: Session, categories: Collection[PersonCategory],
                   also: Iterable[int] = ()) -> tuple[PersonChoice, ...]:
    """People of `categories` (not archived), plus anyone whose id is in `also` (already in a
    base), by class and name."""
    wanted = list(also)
    people = session.scalars(select(Person).where(
        (Person.category.in_(list(categories)) & Person.archived.is_(False))
        | Person.id.in_(wanted)))
    choices = [person_choice(p) for p in people]
    for choice in choices:  # what the lists filter by, computed here (a worker thread)
        _ = (choice.search_key, choice.grade)
    return tuple(sorted(choices, key=lambda c: (class_sort_key(c.class_name), c.name_key)))


def request_options(session: Session, also: Iterable[int] = ()) -> tuple[RequestOption, ...]:
    """The editable list of mentee requests (hidden ones only where already chosen), as
    `reference_lists.requests_offered` gives it."""
    return tuple(RequestOption(r.id, r.name, r.audience)
                 for r in reference_lists.requests_offered(session, keep=also))


def check_people(session: Session, person_ids: Collection[int]) -> dict[int, Person]:
    people = {p.id: p for p in session.scalars(select(Person).where(
        Person.id.in_(list(person_ids))))}
    if set(person_ids) - set(people):
        raise ValidationError("Среди выбранных есть человек, которого уже нет в базе "
                              "(возможно, его удалили). Закройте мастер и откройте снова.")
    return people


def check_requests(session: Session, request_ids: Collection[int]) -> dict[int, MenteeRequest]:
    found = {r.id: r for r in session.scalars(select(MenteeRequest).where(
        MenteeRequest.id.in_(list(request_ids))))}
    if set(request_ids) - set(found):
        raise ValidationError("Запрос не найден в справочнике (возможно, его удалили). "
                              "Отметьте запросы заново.")
    return found


def paired_mentee_profiles(session: Session, profile_ids: Collection[int]) -> set[int]:
    return set(session.scalars(select(PairMentee.mentee_profile_id).where(
        PairMentee.mentee_profile_id.in_(list(profile_ids)))))


def duplicate_entries(entries: Iterable[tuple[int, int | None]]) -> list[tuple[int, int | None]]:
    """The (person, form) pairs that occur more than once."""
    seen: set[tuple[int, int | None]] = set()
    repeated = []
    for key in entries:
        if key in seen:
            repeated.append(key)
        seen.add(key)
    return repeated


def names_list(names: Iterable[str], limit: int = 5) -> str:
    """«Иванов И. П., Петров П. П. и ещё 3»"""
    items = list(names)
    shown = ", ".join(items[:limit])
    return shown + (f" и ещё {len(items) - limit}" if len(items) > limit else "")


def sync_rows(existing: Mapping[int, _T], wanted_ids: Iterable[int | None], what: str) -> None:
    """Refuse ids that are not among `existing` (rows of another programme, or deleted)."""
    unknown = {i for i in wanted_ids if i is not None} - set(existing)
    if unknown:
        raise ValidationError(f"{what} не найдены: возможно, их изменили в другом окне. "
                              "Закройте мастер и откройте снова.")
