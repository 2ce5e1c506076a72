"""The 70 % KPI of the target model: the share of the school involved in mentoring on a date.

«не менее 70 % обучающихся и педагогических работников … вовлечены в различные формы
наставничества» is read two ways, so both are computed, each with its method in words:
(a) pupils involved / pupils of the school; (b) pupils and pedagogical staff involved / pupils and
pedagogical staff of the school.

Who is involved on a date: the mentor or a mentee of a pair or group of the programme formed on or
before the date and not dissolved («расторгнута») before it — completed pairs count; a mentee
counts through a group only between joining it and leaving it (`pair_mentee.joined_on` /
`left_on`). Each person once, however many pairs.

The population: people of the school on the date — not archived, or archived after the date
(`person.archived_on`, migration 0005; a person archived without a date is outside on any
date), pupils by category, pedagogical staff by category and position (`is_pedagogue`). The
numerator counts only involved people of the population: an archived pupil in a pair makes no
share above 100 %.

Two set-based queries (the involvement rows of the date, the population), both from
`services/involvement.py` (the rule in Core, which «Обзор» shows on its first paint too); the
breakdowns are counted from those rows in memory, never a query per person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    CATEGORY_LABELS,
    YOUNG_SPECIALIST_YEARS,
    PersonCategory,
)
from nastavnik_desktop.data.models import MentoringForm, Person
from nastavnik_desktop.services.involvement import (
    MENTEE,
    MENTOR,
    NO_DATA,
    TARGET_PERCENT,
    Share,
    default_reporting_date,
    involvement_select,
    is_pedagogue,
    percent_text,
    residents_select,
)

__all__ = ["KPI_TABLES", "NO_DATA", "TARGET_PERCENT", "FormLine", "Kpi", "KpiFigure", "Line",
           "Organisation", "Share", "default_reporting_date", "is_pedagogue", "kpi",
           "percent_text"]
from nastavnik_desktop.text import class_sort_key

KPI_TABLES = frozenset({"person", "mentoring_pair", "mentor_profile", "mentee_profile",
                        "pair_mentee", "mentoring_form"})
"""The tables `kpi` reads: a page showing it reads again when one of them has changed
(services/changes.py); a test holds the list to the statements it runs."""
AGE_GROUPS: tuple[tuple[int, int], ...] = ((10, 14), (15, 18))

ROLE_LABELS = {MENTOR: "наставники", MENTEE: "наставляемые"}

PUPILS_METHOD = (
    "Доля обучающихся, вовлечённых в наставничество: число обучающихся, которые на {date} "
    "состоят наставниками или наставляемыми в парах и группах программы (сформированных не позже "
    "этой даты и не расторгнутых до неё; завершённые пары учитываются), делённое на число "
    "обучающихся школы на эту дату (без архивных). Каждый человек учитывается один раз, "
    "сколько бы пар у него ни было.")
PUPILS_AND_STAFF_METHOD = (
    "Доля обучающихся и педагогических работников, вовлечённых в наставничество: число "
    "обучающихся и педагогов, которые на {date} состоят наставниками или наставляемыми в парах и "
    "группах программы (сформированных не позже этой даты и не расторгнутых до неё; завершённые "
    "пары учитываются), делённое на число обучающихся и педагогических работников школы на эту "
    "дату (без архивных; педагог — сотрудник школы, чья должность педагогическая или не указана, "
    "или у кого указан предмет). Каждый человек учитывается один раз.")


@dataclass(frozen=True)
class KpiFigure:
    share: Share
    method: str
    """How the figure is computed, in Russian, to print beside it."""


@dataclass(frozen=True)
class Line:
    """One line of a breakdown: people involved (as mentors, as mentees, either), and the
    population where the line has one (None: people from outside the school, a role)."""

    label: str
    involved: int
    mentors: int
    mentees: int
    population: int | None = None

    @property
    def percent(self) -> float | None:
        if not self.population:
            return None
        return 100 * self.involved / self.population


@dataclass(frozen=True)
class FormLine:
    """A form of mentoring on the date: its pairs and groups, and the people in them."""

    form_id: int
    label: str
    pairs: int
    involved: int
    mentors: int
    mentees: int


@dataclass(frozen=True)
class Organisation:
    name: str
    mentors: int


@dataclass(frozen=True)
class Kpi:
    on: dt.date
    programme_id: int
    pupils: KpiFigure
    pupils_and_staff: KpiFigure
    by_form: tuple[FormLine, ...]
    by_role: tuple[Line, ...]
    by_category: tuple[Line, ...]
    """Everyone involved by category (external mentors too); pupils and pedagogical staff with
    their population."""
    by_class: tuple[Line, ...]
    by_age: tuple[Line, ...]
    """Pupils by age on the date: 10–14, 15–18, then the others when there are any."""
    young_specialists: Line
    """Pedagogical staff with 0–3 years of experience: involved as mentees / all of them."""
    mentor_organisations: tuple[Organisation, ...]
    """Organisations of the mentors (the person's «организация»), most mentors first."""

    @property
    def empty(self) -> bool:
        return self.pupils_and_staff.share.population == 0


@dataclass(frozen=True)
class _Member:
    person_id: int
    role: str
    pair_id: int
    form_id: int
    form_name: str
    form_order: int
    category: PersonCategory
    organisation: str


@dataclass(frozen=True)
class _Resident:
    person_id: int
    category: PersonCategory
    class_name: str
    birth_date: dt.date | None
    pedagogue: bool
    experience_years: int | None


def _members(db: Database, programme_id: int, on: dt.date) -> list[_Member]:
    rows = involvement_select(programme_id, on).subquery("involved")
    form, person = MentoringForm.__table__.c, Person.__table__.c
    with db.engine.connect() as conn:
        found = conn.execute(
            select(rows.c.person_id, rows.c.role, rows.c.pair_id, rows.c.form_id, form.name,
                   form.sort_order, person.category, person.organisation)
            .join_from(rows, Person.__table__, person.id == rows.c.person_id)
            .join(MentoringForm.__table__, form.id == rows.c.form_id)).all()
    return [_Member(r.person_id, r.role, r.pair_id, r.form_id, r.name, r.sort_order,
                    PersonCategory(r.category), r.organisation) for r in found]


def _residents(db: Database, on: dt.date) -> list[_Resident]:
    with db.engine.connect() as conn:
        found = conn.execute(residents_select(on)).all()
    residents = []
    for r in found:
        category = PersonCategory(r.category)
        pedagogue = category is PersonCategory.STAFF and is_pedagogue(r.position, r.subject)
        if category is PersonCategory.PUPIL or pedagogue:
            residents.append(_Resident(r.id, category, r.class_name, r.birth_date, pedagogue,
                                       r.experience_years))
    return residents


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _line(label: str, ids: Iterable[int], roles: dict[int, set[str]],
          population: int | None = None) -> Line:
    people = set(ids)
    return Line(label, len(people), sum(MENTOR in roles[p] for p in people),
                sum(MENTEE in roles[p] for p in people), population)


def kpi(db: Database, programme_id: int, *, on: dt.date) -> Kpi:
    """The KPI of the programme on the date `on`, both ways, with its breakdowns."""
    members = _members(db, programme_id, on)
    residents = _residents(db, on)
    roles: dict[int, set[str]] = defaultdict(set)
    for m in members:
        roles[m.person_id].add(m.role)
    involved = set(roles)
    pupils = [r for r in residents if r.category is PersonCategory.PUPIL]
    staff = [r for r in residents if r.pedagogue]
    date = f"{on:%d.%m.%Y}"

    def share(group: list[_Resident]) -> Share:
        return Share(sum(r.person_id in involved for r in group), len(group))

    by_category = _by_category(members, pupils, staff, roles)

    classes: dict[str, list[int]] = defaultdict(list)
    for r in pupils:
        classes[r.class_name].append(r.person_id)
    by_class = tuple(
        _line(name or "класс не указан", (p for p in ids if p in involved), roles, len(ids))
        for name, ids in sorted(classes.items(), key=lambda item: class_sort_key(item[0])))

    ages: dict[str, list[int]] = defaultdict(list)
    for r in pupils:
        ages[_age_group(r.birth_date, on)].append(r.person_id)
    labels = [f"{low}–{high} лет" for low, high in AGE_GROUPS]
    labels += [label for label in ("младше 10 лет", "старше 18 лет", "дата рождения не указана")
               if label in ages]
    by_age = tuple(_line(label, (p for p in ages[label] if p in involved), roles,
                         len(ages[label])) for label in labels)

    young = [r.person_id for r in staff if r.experience_years is not None
             and r.experience_years <= YOUNG_SPECIALIST_YEARS]
    young_line = _line("молодые специалисты (стаж 0–3 года) — наставляемые",
                       (p for p in young if MENTEE in roles.get(p, ())), roles, len(young))

    forms: dict[int, list[_Member]] = defaultdict(list)
    for m in members:
        forms[m.form_id].append(m)
    by_form = tuple(
        FormLine(form_id, rows[0].form_name, len({m.pair_id for m in rows}),
                 len({m.person_id for m in rows}),
                 len({m.person_id for m in rows if m.role == MENTOR}),
                 len({m.person_id for m in rows if m.role == MENTEE}))
        for form_id, rows in sorted(forms.items(),
                                    key=lambda item: (item[1][0].form_order, item[1][0].form_name)))

    organisations: dict[str, set[int]] = defaultdict(set)
    for m in members:
        if m.role == MENTOR and m.organisation.strip():
            organisations[" ".join(m.organisation.split())].add(m.person_id)
    mentor_organisations = tuple(
        Organisation(name, len(ids))
        for name, ids in sorted(organisations.items(), key=lambda item: (-len(item[1]), item[0])))

    return Kpi(
        on=on, programme_id=programme_id,
        pupils=KpiFigure(share(pupils), PUPILS_METHOD.format(date=date)),
        pupils_and_staff=KpiFigure(share(pupils + staff),
                                   PUPILS_AND_STAFF_METHOD.format(date=date)),
        by_form=by_form,
        by_role=tuple(_line(ROLE_LABELS[role], (p for p in involved if role in roles[p]), roles)
                      for role in (MENTOR, MENTEE)),
        by_category=by_category, by_class=by_class, by_age=by_age,
        young_specialists=young_line, mentor_organisations=mentor_organisations)


def _by_category(members: list[_Member], pupils: list[_Resident], staff: list[_Resident],
                 roles: dict[int, set[str]]) -> tuple[Line, ...]:
    """Pupils and pedagogical staff of the school with their population; other staff and the
    people from outside the school (parents, employees, students …) as they are involved."""
    school = {r.person_id for r in pupils} | {r.person_id for r in staff}
    others: dict[PersonCategory, set[int]] = defaultdict(set)
    for m in members:
        if m.person_id not in school:
            others[m.category].add(m.person_id)
    lines = [_line(CATEGORY_LABELS[PersonCategory.PUPIL],
                   (r.person_id for r in pupils if r.person_id in roles), roles, len(pupils)),
             _line("педагогический работник",
                   (r.person_id for r in staff if r.person_id in roles), roles, len(staff))]
    for category in PersonCategory:
        if others.get(category):
            label = {PersonCategory.STAFF: "другой сотрудник школы",
                     PersonCategory.PUPIL: "обучающийся в архиве"}.get(
                         category, CATEGORY_LABELS[category])
            lines.append(_line(label, others[category], roles))
    return tuple(lines)


def _age_group(born: dt.date | None, on: dt.date) -> str:
    if born is None:
        return "дата рождения не указана"
    age = _age(born, on)
    for low, high in AGE_GROUPS:
        if low <= age <= high:
            return f"{low}–{high} лет"
    return "младше 10 лет" if age < AGE_GROUPS[0][0] else "старше 18 лет"
