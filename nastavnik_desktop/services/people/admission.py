"""What a mentor needs to be «допущен» (admitted to work): the school's admission rule, and
the criteria scores the recorded data suggests.

The rule is one stored setting (settings.ADMISSION_RULE); by default an interview OR the
«Школа наставников» is enough and the criteria scores are optional. Stage 4 (its service and
its wizard) asks `missing_for_admission` and never states the rule itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
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

BASIS_TEXTS: Mapping[AdmissionRule, str] = {
    AdmissionRule.INTERVIEW_OR_TRAINING: "по результатам собеседования или обучения "
                                         "в «Школе наставников»",
    AdmissionRule.INTERVIEW_AND_TRAINING: "по результатам собеседования и обучения "
                                          "в «Школе наставников»",
    AdmissionRule.FULL: "по результатам оценки по критериям, собеседования и обучения "
                        "в «Школе наставников»",
}
"""The basis of an admission the wizard offers (the curator may write a protocol's number)."""

PROFESSIONAL_EXPERIENCE = "профессиональный опыт"
TIME_RESOURCE = "ресурс времени"

EXPERIENCE_SCORES: Sequence[tuple[float, int]] = ((10, 10), (7, 8), (4, 6), (2, 4), (0, 2))
"""Стаж in years from which a score of «профессиональный опыт» is suggested."""
HOURS_SCORES: Sequence[tuple[float, int]] = ((8, 10), (6, 8), (4, 6), (2, 4), (0.5, 2), (0, 0))
"""Hours a month the mentor can give from which a score of «ресурс времени» is suggested."""


def basis_text(rule: AdmissionRule) -> str:
    return BASIS_TEXTS[rule]


def scores_from_data(*, experience_years: int | None,
                     hours_per_month: float | None) -> dict[str, int]:
    """The scores the recorded data suggests, by criterion name: «профессиональный опыт» from
    the стаж, «ресурс времени» from the hours a month. A criterion without data is absent.
    Only a suggestion: the curator sees it in the table and may overwrite it."""
    suggested = {}
    if experience_years is not None:
        suggested[PROFESSIONAL_EXPERIENCE] = _banded(experience_years, EXPERIENCE_SCORES)
    if hours_per_month is not None:
        suggested[TIME_RESOURCE] = _banded(hours_per_month, HOURS_SCORES)
    return suggested


def _banded(value: float, bands: Sequence[tuple[float, int]]) -> int:
    return next((score for start, score in bands if value >= start), 0)


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
