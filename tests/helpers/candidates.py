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
