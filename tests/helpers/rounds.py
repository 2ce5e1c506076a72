"""A round of a questionnaire with one question of each kind, put to the four mentees of the
plan tests' small school (tests/helpers/plans.py): Ершова, Жукова, Титова of 7А and Кузина, a
young teacher without a class."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Audience, QuestionKind, QuestionnairePhase
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.questionnaires import ChoiceLine, QuestionLine
from tests.helpers.plans import build_school

DAY = dt.date(2025, 10, 6)
"""The day the curator works on in these tests."""

QUESTIONS = (
    QuestionLine("Насколько полезными были встречи с наставником?", QuestionKind.SCALE),
    QuestionLine("Хотели бы вы продолжить работу с наставником?", QuestionKind.YES_NO),
    QuestionLine("Как часто вы встречались?", QuestionKind.SINGLE,
                 choices=(ChoiceLine("раз в неделю"), ChoiceLine("раз в месяц"))),
    QuestionLine("Что вам помогло?", QuestionKind.MULTIPLE,
                 choices=(ChoiceLine("встречи"), ChoiceLine("задания"), ChoiceLine("проекты"))),
    QuestionLine("Что улучшить?", QuestionKind.TEXT),
)
NAMES = ("Ершова Анна Ивановна", "Жукова Анна Ивановна", "Кузина Анна Ивановна",
         "Титова Анна Ивановна")
"""The people the round expects, in the grid's order."""


@dataclass(frozen=True)
class RoundSchool:
    programme_id: int
    questionnaire: q.QuestionnaireInfo
    round_id: int


def all_kinds_questionnaire(db: Database, programme_id: int) -> q.QuestionnaireInfo:
    template_id = q.create_questionnaire(db, "Анкета обратной связи", Audience.MENTEE,
                                         QuestionnairePhase.OTHER, questions=QUESTIONS)
    return q.questionnaire(db, template_id)


def round_school(db: Database, programme: ProgrammeInfo) -> RoundSchool:
    build_school(db, programme)
    found = all_kinds_questionnaire(db, programme.id)
    round_id = q.create_round(db, programme.id, found.id, opens_on=DAY,
                              closes_on=DAY + dt.timedelta(days=14), title="Обратная связь")
    return RoundSchool(programme.id, found, round_id)
