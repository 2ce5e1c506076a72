"""Answers, a SWOT and conclusions put into a school through the services, for tests of what
the monitoring shows: each standard questionnaire asked in a round, every expected person
answering the 1–10 items (entry lower than exit) and the yes/no items."""

from __future__ import annotations

import datetime as dt

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    QuestionKind,
    QuestionnairePhase,
    ResponseSource,
    SwotQuadrant,
)
from nastavnik_desktop.services.monitoring import swot
from nastavnik_desktop.services.questionnaires import answers, library
from nastavnik_desktop.services.questionnaires.rounds import create_round, round_people

SWOT_LINES = {
    SwotQuadrant.STRENGTH: ["Наставники опытные и заинтересованные"],
    SwotQuadrant.WEAKNESS: ["Встречи в форме «учитель – учитель» пропускаются"],
    SwotQuadrant.OPPORTUNITY: ["Партнёрство с предприятиями города"],
    SwotQuadrant.THREAT: ["Перегрузка педагогов в конце года"],
}
CONCLUSIONS = "Программа выполняется по дорожной карте.\nВовлечённость ниже целевой."


def answer_standard_rounds(db: Database, programme_id: int, *, entry_on: dt.date,
                           exit_on: dt.date) -> None:
    """An entry and an exit round of each standard questionnaire, answered by everyone it
    expects: 1–10 items 5 at entry and 8 at exit (7 for mentors), yes/no items «да»."""
    for info in library.questionnaires(db, programme_id=programme_id):
        if not info.is_seeded or info.phase is QuestionnairePhase.OTHER:
            continue
        day = entry_on if info.phase is QuestionnairePhase.ENTRY else exit_on
        round_id = create_round(db, programme_id, info.id, opens_on=day)
        expected = sorted(round_people(db, round_id).expected)
        mentor = "наставник" in info.title.lower() and "наставляем" not in info.title.lower()
        score = 5 if info.phase is QuestionnairePhase.ENTRY else (7 if mentor else 8)
        values: dict[int, answers.Value | None] = {}
        for question in info.questions:
            assert question.id is not None
            if question.kind is QuestionKind.SCALE:
                values[question.id] = answers.Value(number=score)
            elif question.kind is QuestionKind.YES_NO:
                values[question.id] = answers.Value(number=1)
        answers.save_many(db, round_id, [(person, values) for person in expected],
                          source=ResponseSource.PAPER, filled_on=day)


def fill_swot(db: Database, programme_id: int) -> None:
    for quadrant, lines in SWOT_LINES.items():
        swot.add_entries(db, programme_id, quadrant, lines)
    swot.set_conclusions(db, programme_id, CONCLUSIONS)
