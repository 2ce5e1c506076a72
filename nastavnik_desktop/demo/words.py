"""The demo school's word lists, read from `resources/demo/`: names, patronymics and surnames
(`*.txt`, one entry a line), and the town, staff, profiles and programme texts (`*.json`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from nastavnik_desktop import paths
from nastavnik_desktop.data.enums import MeetingKind, Sex

ADULTS_ONLY, CHILDREN_ONLY = "взрослые", "дети"


@dataclass(frozen=True)
class MaleName:
    first: str
    son_patronymic: str
    daughter_patronymic: str


@dataclass(frozen=True)
class Surname:
    male: str
    female: str

    def for_sex(self, sex: Sex) -> str:
        return self.male if sex is Sex.MALE else self.female


@dataclass(frozen=True)
class NameBook:
    men: tuple[MaleName, ...]
    boys: tuple[MaleName, ...]
    women: tuple[str, ...]
    girls: tuple[str, ...]
    surnames: tuple[Surname, ...]


def _rows(filename: str) -> list[list[str]]:
    text = paths.resource("demo", filename).read_text(encoding="utf-8")
    return [[part.strip() for part in line.split(";")] for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _for_adults(row: list[str], width: int) -> bool:
    return len(row) <= width or row[width] != CHILDREN_ONLY


def _for_children(row: list[str], width: int) -> bool:
    return len(row) <= width or row[width] != ADULTS_ONLY


@cache
def name_book() -> NameBook:
    male = _rows("male_names.txt")
    female = _rows("female_names.txt")
    return NameBook(
        men=tuple(MaleName(*row[:3]) for row in male if _for_adults(row, 3)),
        boys=tuple(MaleName(*row[:3]) for row in male if _for_children(row, 3)),
        women=tuple(row[0] for row in female if _for_adults(row, 1)),
        girls=tuple(row[0] for row in female if _for_children(row, 1)),
        surnames=tuple(Surname(row[0], row[1]) for row in _rows("surnames.txt")),
    )


@dataclass(frozen=True)
class DemoWords:
    """What the demo's texts are made of (resources/demo/*.json)."""

    town: str
    region: str
    municipality: str
    founder: str
    school_numbers: tuple[int, ...]
    streets: tuple[str, ...]
    enterprises: tuple[tuple[str, tuple[str, ...]], ...]
    """An enterprise and the jobs in it."""
    universities: tuple[str, ...]
    admin_staff: tuple[tuple[str, str, float], ...]
    """Position, subject, share of men."""
    teaching_staff: tuple[tuple[str, str, float, float], ...]
    """Position, subject, weight in the staff, share of men."""
    teacher_achievements: tuple[str, ...]
    strong_subjects: tuple[str, ...]
    pupil_strengths: tuple[str, ...]
    hobbies: tuple[str, ...]
    pupil_achievements: tuple[str, ...]
    rejection_reasons: tuple[str, ...]
    mentee_sources: tuple[str, ...]
    programme_goal: str
    programme_tasks: str
    programme_results: str
    work_topics: Mapping[str, tuple[str, ...]]
    """By form of mentoring (its reference code)."""
    plan_goals: Mapping[str, tuple[str, ...]]
    plan_tasks: Mapping[str, tuple[str, ...]]
    meeting_topics: Mapping[MeetingKind, str]
    close_reason: str


def _json(filename: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        paths.resource("demo", filename).read_text(encoding="utf-8"))
    return data


def _by_form(lists: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {code: tuple(texts) for code, texts in lists.items()}


@cache
def demo_words() -> DemoWords:
    town, staff = _json("town.json"), _json("staff.json")
    profiles, programme = _json("profiles.json"), _json("programme.json")
    return DemoWords(
        town=town["town"], region=town["region"], municipality=town["municipality"],
        founder=town["founder"],
        school_numbers=tuple(town["school_numbers"]), streets=tuple(town["streets"]),
        enterprises=tuple((e["name"], tuple(e["jobs"])) for e in town["enterprises"]),
        universities=tuple(town["universities"]),
        admin_staff=tuple((p["position"], p["subject"], p["men"])
                          for p in staff["admin_staff"]),
        teaching_staff=tuple((p["position"], p["subject"], p["weight"], p["men"])
                             for p in staff["teaching_staff"]),
        teacher_achievements=tuple(staff["teacher_achievements"]),
        strong_subjects=tuple(profiles["strong_subjects"]),
        pupil_strengths=tuple(profiles["pupil_strengths"]),
        hobbies=tuple(profiles["hobbies"]),
        pupil_achievements=tuple(profiles["pupil_achievements"]),
        rejection_reasons=tuple(profiles["rejection_reasons"]),
        mentee_sources=tuple(profiles["mentee_sources"]),
        programme_goal=programme["goal"], programme_tasks="\n".join(programme["tasks"]),
        programme_results=programme["results"],
        work_topics=_by_form(programme["work_topics"]),
        plan_goals=_by_form(programme["plan_goals"]),
        plan_tasks=_by_form(programme["plan_tasks"]),
        meeting_topics={MeetingKind(kind): topic
                        for kind, topic in programme["meeting_topics"].items()},
        close_reason=programme["close_reason"],
    )
