"""The consent rule held once in `people.consent`: what is checked of a consent entered, who
signed it, and how a consent entered once goes to a whole selection."""

from __future__ import annotations

import datetime as dt

import pytest

from nastavnik_desktop.data.enums import ConsentGiver
from nastavnik_desktop.services.people.consent import (
    ConsentInfo,
    applied_to,
    cleaned,
    consent_problem,
    giver_name,
)

TODAY = dt.date(2025, 11, 20)
SIGNED = dt.date(2025, 9, 5)


def test_a_parents_consent_is_valid_without_a_name() -> None:
    unnamed = ConsentInfo(SIGNED, ConsentGiver.PARENT)
    assert consent_problem(unnamed, dt.date(2012, 3, 1), TODAY) is None
    assert giver_name(unnamed, "") == ""
    assert giver_name(unnamed, " Ёлкина  Ирина ") == "Ёлкина Ирина", "the parent on record"
    assert giver_name(ConsentInfo(SIGNED, ConsentGiver.PARENT, "Белова О."), "Ёлкина") \
        == "Белова О.", "the name typed wins"
    assert giver_name(ConsentInfo(SIGNED, ConsentGiver.SELF, "Белова"), "Ёлкина") == "", \
        "one's own consent names nobody"


@pytest.mark.parametrize(("info", "message"), [
    (ConsentInfo(dt.date(2025, 12, 1)), "дата согласия 01.12.2025 ещё не наступила."),
    (ConsentInfo(dt.date(2011, 1, 1)), "дата согласия 01.01.2011 раньше даты рождения."),
    (ConsentInfo(SIGNED, revoked_on=dt.date(2025, 12, 1)), "дата отзыва 01.12.2025 ещё не"),
    (ConsentInfo(SIGNED, revoked_on=dt.date(2025, 9, 1)), "раньше, чем дано"),
])
def test_what_is_wrong_with_a_consent(info: ConsentInfo, message: str) -> None:
    problem = consent_problem(info, dt.date(2012, 3, 1), TODAY)
    assert problem is not None and message in problem


def test_cleaned_tidies_the_paper_and_the_signer() -> None:
    info = ConsentInfo(SIGNED, ConsentGiver.GUARDIAN, "", document_ref="  № 3 \n от 05.09 ")
    assert cleaned(info, "Орлова  Анна") == ConsentInfo(
        SIGNED, ConsentGiver.GUARDIAN, "Орлова Анна", document_ref="№ 3 от 05.09")


def test_a_consent_entered_once_goes_to_each_of_a_selection() -> None:
    entered = ConsentInfo(SIGNED, ConsentGiver.PARENT, "Белова Ольга", document_ref="№ 1")
    assert applied_to(entered, None, "Ёлкина Ирина") == ConsentInfo(
        SIGNED, ConsentGiver.PARENT, "Ёлкина Ирина", document_ref="№ 1"), "his own parent"
    assert applied_to(entered, None, "").given_by_name == "", "or unnamed"
    own = ConsentInfo(SIGNED, ConsentGiver.SELF, "Белова Ольга")
    assert applied_to(own, None, "Ёлкина Ирина").given_by_name == ""
    revoked = ConsentInfo(dt.date(2024, 9, 1), revoked_on=dt.date(2025, 1, 1))
    assert applied_to(None, revoked, "") == revoked, "a revocation stays on record"
    assert applied_to(None, ConsentInfo(SIGNED), "") is None
