"""What a mentor needs to be «допущен» (admitted to work): the school's admission rule.

The rule is one stored setting (settings.ADMISSION_RULE); by default an interview OR the
«Школа наставников» is enough and the criteria scores are optional. Stage 4 (its service and
its wizard) asks `missing_for_admission` and never states the rule itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from enum import StrEnum


class AdmissionRule(StrEnum):
    INTERVIEW_OR_TRAINING = "interview_or_training"
    INTERVIEW_AND_TRAINING = "interview_and_training"
    FULL = "full"


DEFAULT_RULE = AdmissionRule.INTERVIEW_OR_TRAINING

RULE_LABELS: Mapping[AdmissionRule, str] = {
    AdmissionRule.INTERVIEW_OR_TRAINING: "собеседование или обучение",
    AdmissionRule.INTERVIEW_AND_TRAINING: "собеседование и обучение",
    AdmissionRule.FULL: "оценки по всем критериям, собеседование и обучение",
}


def missing_for_admission(rule: AdmissionRule, *, interview_on: dt.date | None,
                          training_completed: bool, unscored: Collection[str]) -> list[str]:
    """What a mentor lacks for «допущен» under `rule`, in words (empty when nothing);
    `unscored` are the names of the criteria without a score."""
    interview, training = interview_on is not None, training_completed
    if rule is AdmissionRule.INTERVIEW_OR_TRAINING:
        return [] if interview or training else ["нет ни собеседования, ни обучения"]
    missing = []
    if rule is AdmissionRule.FULL and unscored:
        missing.append("нет оценок по критериям: " + ", ".join(f"«{n}»" for n in unscored))
    if not interview:
        missing.append("не указана дата собеседования")
    if not training:
        missing.append("не отмечено, что обучение пройдено")
    return missing


def decode_rule(value: object) -> AdmissionRule:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r}")
    return AdmissionRule(value)
