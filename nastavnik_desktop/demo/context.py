"""The state of a demo school being built, shared by the parts that build it
(`staff`, `families`, `programme`, `bases`, `pairs`), and the small random things they all use.

Everything comes from one `random.Random(seed)` and the day `today`: the parts draw from it in
the order `builder.build` calls them, so the same options give the same school.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.enums import ConsentGiver, ConsentKind, Sex
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    Person,
    SelectionCriterion,
)
from nastavnik_desktop.demo.options import DemoOptions
from nastavnik_desktop.demo.words import MaleName, Surname, demo_words, name_book
from nastavnik_desktop.errors import OperationCancelled, ValidationError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services import reference_lists
from nastavnik_desktop.services.people.consent import (
    ADULT_AGE,
    ConsentInfo,
    age_on,
    record_consent,
)
from nastavnik_desktop.services.programme import school_year_for
from nastavnik_desktop.text import full_name

GRADES = range(5, 12)
SENIOR_SHARE = 0.55
"""10th and 11th grades are about half the size of the others (many leave after the 9th)."""
MAX_CLASS_SIZE = 30
CLASS_LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"
"""Letters of parallel classes: the alphabet without Ё, Й, Ъ, Ы, Ь."""
NO_CONSENT_SHARE = 0.03
"""Pupils whose parents have not (yet) signed the personal-data consent."""
BATCH = 250
"""People are flushed (and progress reported) every BATCH rows."""

PUPIL_PUPIL, TEACHER_TEACHER, EMPLOYER_PUPIL = "pupil_pupil", "teacher_teacher", "employer_pupil"
ROLE_MODELS = {
    PUPIL_PUPIL: ("успевающий – неуспевающий", "лидер – пассивный",
                  "адаптированный – неадаптированный"),
    TEACHER_TEACHER: ("опытный педагог – молодой специалист",
                      "опытный классный руководитель – молодой специалист"),
    EMPLOYER_PUPIL: ("работодатель – будущий сотрудник",
                     "активный профессионал – равнодушный потребитель"),
}
CAREER_REQUESTS = ("выбор образовательной траектории и профессии",
                   "информированность о карьерных возможностях")
YOUNG_TEACHER_REQUEST = "адаптация молодого специалиста"
BURNOUT_REQUEST = "профессиональное выгорание"


@dataclass(frozen=True)
class Name:
    last: str
    first: str
    middle: str
    sex: Sex

    @property
    def full(self) -> str:
        return full_name(self.last, self.first, self.middle)


@dataclass
class Family:
    """A pupil's family: the father gives the patronymic, the contact parent signs consents."""

    surname: Surname
    father: MaleName
    contact: Name
    phone: str
    grades: set[int] = field(default_factory=set)


@dataclass
class Pupil:
    person: Person
    grade: int
    family: Family
    consent: bool


@dataclass
class Adult:
    person: Person
    consent: bool


@dataclass(frozen=True)
class Timeline:
    """The programme so far, from the preparation (stage 1) to `today`, as fractions 0…1."""

    begin: dt.date
    today: dt.date

    def at(self, fraction: float) -> dt.date:
        return self.begin + dt.timedelta(days=round((self.today - self.begin).days * fraction))

    def between(self, rng: random.Random, start: float, end: float) -> dt.date:
        first, last = self.at(start), self.at(end)
        return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainders), summing exactly."""
    scale = total / sum(weights)
    shares = [w * scale for w in weights]
    counts = [math.floor(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[:total - sum(counts)]:
        counts[i] += 1
    return counts


def class_plan(pupils: int) -> list[tuple[int, str, int]]:
    """(grade, class name, size) for grades 5–11: parallels of at most MAX_CLASS_SIZE, as far
    as the letters go (past about 5,000 pupils the classes grow instead)."""
    per_grade = apportion(pupils, [SENIOR_SHARE if g >= 10 else 1.0 for g in GRADES])
    plan = []
    for grade, count in zip(GRADES, per_grade, strict=True):
        parallels = max(1, min(len(CLASS_LETTERS), math.ceil(count / MAX_CLASS_SIZE)))
        for letter, size in zip(CLASS_LETTERS[:parallels], apportion(count, [1.0] * parallels),
                                strict=True):
            plan.append((grade, f"{grade}{letter}", size))
    return plan


class DemoContext:
    """What the parts of the builder share: the session, the random stream, the word lists,
    the people and profiles made so far, and the progress of the whole build."""

    def __init__(self, session: Session, options: DemoOptions, today: dt.date,
                 progress: ProgressCallback | None) -> None:
        self.session = session
        self.options = options
        self.today = today
        self.rng = random.Random(options.seed)
        self.book = name_book()
        self.words = demo_words()
        self.school_year = school_year_for(today)
        self.year_start = dt.date(int(self.school_year[:4]), 9, 1)
        self.timeline = Timeline(min(self.year_start - dt.timedelta(days=7),
                                     today - dt.timedelta(days=45)), today)
        self.progress = progress
        self.people_total = options.pupils + options.teachers + self._extra_counts()[-1]
        self.total = self.people_total + self.people_total // 4
        self.done = 0
        self.pending = 0
        self.families: list[Family] = []
        self.pupils: list[Pupil] = []
        self.staff: list[Adult] = []
        self.parents: list[Adult] = []
        self.parent_family: dict[Person, Family] = {}
        self.alumni: list[Adult] = []
        self.external: list[Adult] = []
        self.forms: dict[str, MentoringForm] = {}
        self.criteria: list[SelectionCriterion] = []
        self.plan: dict[str, list[int]] = {}
        self.mentees: dict[str, list[MenteeProfile]] = {}
        self.mentors: dict[str, list[MentorProfile]] = {}
        self.pairs: list[MentoringPair] = []

    def _report(self) -> None:
        if self.progress is not None and not self.progress(self.done, self.total):
            raise OperationCancelled()

    def _step(self, units: int) -> None:
        self.done += units
        self._report()

    def _add_person(self) -> None:
        """Count a person made by `persons.create_person`; flush every BATCH of them."""
        self.pending += 1
        if self.pending >= BATCH:
            self._flush_people()

    def _flush_people(self) -> None:
        self.session.flush()
        units, self.pending = self.pending, 0
        self._step(units)

    def _load_reference(self) -> None:
        self.forms = {f.code: f for f in self.session.scalars(select(MentoringForm))}
        self.criteria = reference_lists.criteria_offered(self.session)
        missing = [code for code in ROLE_MODELS if code not in self.forms]
        if missing:
            raise ValidationError("В справочнике нет форм наставничества, нужных "
                                  f"демонстрационной школе: {', '.join(missing)}.")

    def _extra_counts(self) -> tuple[int, int, int, int, int, int]:
        """Parents, alumni, employees, entrepreneurs/public figures, students, and their sum."""
        pupils = self.options.pupils
        counts = (max(4, pupils // 100), max(3, pupils // 160), max(4, pupils // 120), 2, 2)
        return (*counts, sum(counts))

    def _phone(self) -> str:
        r = self.rng
        return (f"+7 9{r.randint(0, 99):02d} {r.randint(0, 999):03d}-"
                f"{r.randint(0, 99):02d}-{r.randint(0, 99):02d}")

    def _adult_name(self, sex: Sex, surname: Surname | None = None) -> Name:
        rng, book = self.rng, self.book
        surname = surname or rng.choice(book.surnames)
        father = rng.choice(book.men)
        if sex is Sex.MALE:
            return Name(surname.male, rng.choice(book.men).first, father.son_patronymic, sex)
        return Name(surname.female, rng.choice(book.women), father.daughter_patronymic, sex)

    def _sex(self, male_share: float) -> Sex:
        return Sex.MALE if self.rng.random() < male_share else Sex.FEMALE

    def _birth_for_age(self, age: int) -> dt.date:
        return self.today - dt.timedelta(days=round(age * 365.25) + self.rng.randint(1, 360))

    def _consent_date(self) -> dt.date:
        """Collected at stage 2 of this year, or in an earlier year (on admission)."""
        if self.rng.random() < 0.55:
            return self.timeline.between(self.rng, 0.08, 0.25)
        return self.timeline.begin - dt.timedelta(days=self.rng.randint(0, 900))

    def _add_consents(self, person: Person, *, given: bool, publication_share: float,
                      parent: Name | None = None) -> bool:
        """The personal-data consent (and maybe the publication one) if `given`; returns `given`.

        A minor's consent is signed by the contact parent.
        """
        if not given:
            return False
        given_on = self._consent_date()
        assert person.birth_date is not None
        minor = parent is not None and age_on(person.birth_date, given_on) < ADULT_AGE
        giver = ConsentGiver.PARENT if minor else ConsentGiver.SELF
        giver_name = parent.full if minor and parent is not None else ""
        kinds = [ConsentKind.PERSONAL_DATA]
        if self.rng.random() < publication_share:
            kinds.append(ConsentKind.PUBLICATION)
        for kind in kinds:
            record_consent(person, kind, ConsentInfo(given_on, giver, giver_name))
        return True
