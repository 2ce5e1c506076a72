"""The «предмет» criterion: teachers of one subject suit each other best, one methodical
association is related, and scores over a teacher cohort discriminate (issue 10, point 6)."""

from __future__ import annotations

import datetime as dt

from nastavnik_desktop.services.matching.criteria import Criterion, subject_group
from nastavnik_desktop.services.matching.records import FormInfo, MenteeData, MentorData
from nastavnik_desktop.services.matching.scoring import build_instance

FORMS = {1: FormInfo(1, "teacher_teacher", "учитель – учитель")}
TODAY = dt.date(2026, 12, 2)


def _mentee(subject: str) -> MenteeData:
    return MenteeData(profile_id=1, person_id=1, name="Молодой Специалист", form_id=1,
                      experience_years=1, subject=subject)


def _mentor(k: int, subject: str) -> MentorData:
    return MentorData(profile_id=10 + k, person_id=10 + k, name=f"Наставник {k}", form_id=1,
                      experience_years=20, hours_per_month=4, subject=subject)


def test_same_subject_beats_related_beats_other_and_is_explained() -> None:
    mentors = [_mentor(0, "математика"), _mentor(1, "физика"), _mentor(2, "музыка")]
    instance = build_instance([_mentee("Математика")], mentors, forms=FORMS, request_names={},
                              today=TODAY)
    same, related, other = (instance.score(0, j) for j in range(3))
    assert same is not None and related is not None and other is not None
    assert same > related > other
    assert other < 100.0
    assert "тот же предмет: Математика" in instance.explain(0, 0).text
    assert "разные предметы: музыка — Математика" in instance.explain(0, 2).text


def test_subject_groups() -> None:
    assert subject_group("физика") == subject_group("информатика") == "физико-математический"
    assert subject_group("музыка") == subject_group("изобразительное искусство")
    assert subject_group("история, обществознание") == "гуманитарный"
    assert subject_group("основы безопасности и защиты Родины") == "физкультура и ОБЗР"


def test_without_subjects_the_criterion_is_unknown_and_does_not_lower_the_score() -> None:
    instance = build_instance([_mentee("")], [_mentor(0, "")], forms=FORMS, request_names={},
                              today=TODAY)
    result = {r.criterion: r for r in instance.explain(0, 0).results}[Criterion.SUBJECT]
    assert result.met is None and instance.score(0, 0) == 100.0
