"""Questionnaires (issue 13, point 1): the one home of their rules and writes.

- `standard`: the methodology's entry and exit questionnaires for mentees and for mentors, in
  code — the seeds, with the paired items (expectation at entry ↔ reality at exit) and the
  yes/no items;
- `library`: the questionnaires in the database, seeded lazily and once from `standard`, and the
  builder's writes (create, rename, scope, questions with sections and choices, copy, hide,
  delete, back as in the methodology) — each one transaction with an audit entry; the read
  model (`QuestionnaireInfo` with its sections) for the builder and the blanks;
- `answers`: the one writer of responses and answers (one response per person in a round, saved
  as you go, a batch all or none) and the one reader of a typed answer (`parse_answer`);
- `rounds`: a questionnaire put to a programme's participants between two dates, and each
  round's answered / expected, and who they are (`round_people_lines`);
- `reminders`: the printable list of who has not answered a round yet.
"""

from nastavnik_desktop.services.questionnaires.answers import (
    ANSWER_TABLES,
    SaveSummary,
    Value,
    delete_responses,
    parse_answer,
    round_answers,
    save_answers,
    save_many,
)
from nastavnik_desktop.services.questionnaires.library import (
    QUESTIONNAIRE_TABLES,
    SEEDED_NOTE,
    ChoiceLine,
    PairedItem,
    QuestionLine,
    QuestionnaireInfo,
    Section,
    choice_lines,
    copy_questionnaire,
    create_questionnaire,
    delete_questionnaire,
    ensure_seeded,
    form_choices,
    paired_items,
    questionnaire,
    questionnaires,
    rename_questionnaire,
    reset_questionnaire,
    save_questionnaire,
    save_questions,
    seed_questionnaires,
    set_questionnaire_hidden,
    set_questionnaire_scope,
)
from nastavnik_desktop.services.questionnaires.rounds import (
    RoundInfo,
    RoundPeople,
    RoundPerson,
    create_round,
    delete_round,
    edit_round,
    expected_people,
    round_info,
    round_people,
    round_people_lines,
    rounds,
)
from nastavnik_desktop.services.questionnaires.standard import SCALE_NOTE

__all__ = [
    "ANSWER_TABLES",
    "QUESTIONNAIRE_TABLES",
    "SCALE_NOTE",
    "SEEDED_NOTE",
    "ChoiceLine",
    "PairedItem",
    "QuestionLine",
    "QuestionnaireInfo",
    "RoundInfo",
    "RoundPeople",
    "RoundPerson",
    "SaveSummary",
    "Section",
    "Value",
    "choice_lines",
    "copy_questionnaire",
    "create_questionnaire",
    "create_round",
    "delete_questionnaire",
    "delete_responses",
    "delete_round",
    "edit_round",
    "ensure_seeded",
    "expected_people",
    "form_choices",
    "paired_items",
    "parse_answer",
    "questionnaire",
    "questionnaires",
    "rename_questionnaire",
    "reset_questionnaire",
    "round_answers",
    "round_info",
    "round_people",
    "round_people_lines",
    "rounds",
    "save_answers",
    "save_many",
    "save_questionnaire",
    "save_questions",
    "seed_questionnaires",
    "set_questionnaire_hidden",
    "set_questionnaire_scope",
]
