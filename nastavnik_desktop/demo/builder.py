"""The demo school: a realistic Russian school with a programme under way, to try the program on.

Everything comes from one `random.Random(seed)` and the date `today`, so the same options give
the same school. The word lists (names, patronymics in both forms, surnames in male and female
forms, the town, staff and profile texts) are read from `resources/demo/`. The whole school is
made in one transaction: a cancel or a failure leaves the database as it was. Each part of the
school is built by its own module (`staff`, `families`, `programme`, `bases`, `pairs`,
`classes`, `monitoring`, `last_year` — the previous school year, finished and archived); this one
drives them in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import School
from nastavnik_desktop.demo.families import PupilsAndFamilies
from nastavnik_desktop.demo.last_year import LastYear
from nastavnik_desktop.demo.monitoring import Monitoring
from nastavnik_desktop.demo.options import DemoOptions, check_options
from nastavnik_desktop.demo.pairs import PairsAndHistory
from nastavnik_desktop.demo.programme import ProgrammeAndRoadmap
from nastavnik_desktop.demo.staff import SchoolAndStaff
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services import audit


@dataclass(frozen=True)
class DemoSummary:
    """How many of each were created."""

    pupils: int
    staff: int
    parents: int
    alumni: int
    external: int
    """Employees of enterprises, entrepreneurs and public figures, students."""
    mentees: int
    """Mentee profiles in the current programme."""
    mentors: int
    """Mentor profiles in the current programme."""
    pairs: int
    """Pairs and groups."""


def generate_demo(db: Database, options: DemoOptions, *,
                  progress: ProgressCallback | None = None) -> DemoSummary:
    """Fill a freshly created database with the demo school, in one transaction."""
    today = options.today
    check_options(options, today)
    with db.transaction() as session:
        if session.scalar(select(School.id).limit(1)) is not None:
            raise ValidationError(
                "В базе уже есть школа. Демонстрационная школа создаётся только в новой, "
                "пустой базе данных."
            )
        return _DemoBuilder(session, options, today, progress).build()


class _DemoBuilder(SchoolAndStaff, PupilsAndFamilies, ProgrammeAndRoadmap, PairsAndHistory,
                   Monitoring, LastYear):
    """The parts in the order they draw from the random stream: changing it changes every
    demo school built from a given seed."""

    def build(self) -> DemoSummary:
        self._report()
        self._load_reference()
        school = self._school()
        self._pupils()
        self._staff()
        self._externals()
        self._flush_people()
        programme = self._programme(school)
        self._roadmap(programme)
        self._legal_documents(programme)
        self._informing(programme)
        self._bases(programme)
        self.session.flush()
        self._step((self.total - self.done) // 2)  # the bases: about half of what is left
        self._pairs(programme)
        self._room_for_matching()
        self._exclusions(programme)
        self._revoke_one_consent()
        audit.record(self.session, "create", "school", school.id,
                     f"Создана демонстрационная школа «{school.short_name}»",
                     seed=self.options.seed, pupils=self.options.pupils,
                     staff=self.options.teachers, today=self.today.isoformat())
        self._monitoring(programme)  # its answers' batches are recorded after the school
        self._last_year(school, programme)
        self.session.flush()
        self._step(self.total - self.done)
        return DemoSummary(
            pupils=len(self.pupils), staff=len(self.staff), parents=len(self.parents),
            alumni=len(self.alumni), external=len(self.external),
            mentees=sum(len(p) for p in self.mentees.values()),
            mentors=sum(len(p) for p in self.mentors.values()), pairs=len(self.pairs))
