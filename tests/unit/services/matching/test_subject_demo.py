"""On the demo school's staff teacher pairs discriminate: matching every young specialist to
every experienced teacher in «учитель – учитель», not every pair scores the maximum (the
subject criterion; before it every such pair scored 100)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from nastavnik_desktop.data.core_models import Person
from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.services.matching.records import FormInfo, MenteeData, MentorData
from nastavnik_desktop.services.matching.scoring import build_instance


def test_demo_teacher_pairs_do_not_all_score_the_maximum(
        tmp_path: Path, build_demo: Callable[..., Path], demo_day) -> None:  # type: ignore[no-untyped-def]
    db = open_database(build_demo(tmp_path / "demo"))
    person = Person.__table__.c
    try:
        with db.engine.connect() as conn:
            staff = conn.execute(select(person.id, person.subject, person.experience_years)
                                 .where(person.subject != "")).all()
    finally:
        db.engine.dispose()
    young = [r for r in staff if (r.experience_years or 0) <= 3]
    senior = [r for r in staff if (r.experience_years or 0) > 3]
    assert young and senior
    mentees = [MenteeData(profile_id=r.id, person_id=r.id, name="", form_id=1,
                          experience_years=r.experience_years, subject=r.subject) for r in young]
    mentors = [MentorData(profile_id=r.id, person_id=r.id, name="", form_id=1,
                          experience_years=r.experience_years, hours_per_month=4,
                          subject=r.subject) for r in senior]
    instance = build_instance(mentees, mentors, request_names={}, today=demo_day,
                              forms={1: FormInfo(1, "teacher_teacher", "учитель – учитель")})
    scores = [v for row in instance.scores for v in row if v is not None]
    assert scores and min(scores) < 100.0 and max(scores) == 100.0
