"""Mentor candidates for the stage 4 tests (service and wizard)."""

from __future__ import annotations

from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.data.models import MentoringForm, MentorProfile, Person
from nastavnik_desktop.services.programme import ProgrammeInfo

NAMES = ("Орлова Мария Андреевна", "Козлов Игорь Петрович", "Белова Наталья Ивановна")


def add_candidates(db: Database, programme: ProgrammeInfo) -> dict[str, int]:
    """Three staff members in the mentor base, all «кандидат»; profile id by surname."""
    with db.transaction() as session:
        form = session.scalars(select(MentoringForm).order_by(MentoringForm.id)).first()
        assert form is not None
        profiles = {}
        for name in NAMES:
            last, first, middle = name.split()
            person = Person(last_name=last, first_name=first, middle_name=middle,
                            category=PersonCategory.STAFF, position="учитель")
            profile = MentorProfile(programme_id=programme.id, person=person, form=form)
            session.add(profile)
            profiles[last] = profile
        session.flush()
        return {last: p.id for last, p in profiles.items()}


def add_many_candidates(db: Database, programme: ProgrammeInfo, n: int) -> list[int]:
    """`n` staff members in the mentor base, all «кандидат»; their profile ids."""
    with db.transaction() as session:
        form = session.scalars(select(MentoringForm).order_by(MentoringForm.id)).first()
        assert form is not None
        profiles = [MentorProfile(programme_id=programme.id, form=form, person=Person(
            last_name=f"Учителев{n_}", first_name="Иван", middle_name="Петрович",
            category=PersonCategory.STAFF, position="учитель")) for n_ in range(n)]
        session.add_all(profiles)
        session.flush()
        return [p.id for p in profiles]
