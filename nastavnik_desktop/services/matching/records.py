"""The plain records matching works on: the people as `load` reads them from the database and
`scoring` scores them. Frozen and Qt-free, they cross threads safely."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

PairKey = tuple[int, int]
"""(mentee profile id, mentor profile id)"""


@dataclass(frozen=True)
class FormInfo:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class MenteeData:
    """A mentee of the programme, as matching sees him or her."""

    profile_id: int
    person_id: int
    name: str
    form_id: int
    class_name: str = ""
    birth_date: dt.date | None = None
    experience_years: int | None = None
    requests: frozenset[int] = frozenset()
    requests_note: str = ""
    about: str = ""  # free text about the person (interests often end up here)
    subject: str = ""  # the subject a teacher teaches (Person.subject, import «Предмет»)
    pupil: bool = False  # a pupil of the school (the hard rule «не из одного класса»)


@dataclass(frozen=True)
class MentorData:
    """An admitted mentor; `load` counts the mentees already in his or her active pairs."""

    profile_id: int
    person_id: int
    name: str
    form_id: int
    class_name: str = ""
    birth_date: dt.date | None = None
    experience_years: int | None = None
    helps_with: frozenset[int] = frozenset()
    competencies: str = ""
    interests: str = ""
    subject: str = ""
    age_min: int | None = None
    age_max: int | None = None
    hours_per_month: float | None = None
    capacity: int = 1
    load: int = 0
    pupil: bool = False  # a pupil of the school (the hard rule «не из одного класса»)

    @property
    def free_places(self) -> int:
        return max(0, self.capacity - self.load)


@dataclass(frozen=True)
class Candidates:
    """Who may be matched in a programme, and what the scores and their words need besides."""

    mentees: tuple[MenteeData, ...]
    mentors: tuple[MentorData, ...]
    forms: Mapping[int, FormInfo] = field(default_factory=dict)
    request_names: Mapping[int, str] = field(default_factory=dict)
    exclusions: Mapping[tuple[int, int], str] = field(default_factory=dict)
    """(mentor person, mentee person) → the curator's reason"""
    separate_classes: bool = False
    """the hard rule «не из одного класса» (settings.MATCHING_SEPARATE_CLASSES)"""
