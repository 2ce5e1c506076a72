"""Positions and school names in a case (pymorphy3): the head noun and its adjectives are
declined, what follows the head and a quoted name stay; what cannot be declined is refused."""

from __future__ import annotations

import pytest

from nastavnik_desktop.inflection import inflect, try_inflect

FULL_NAME = ("Муниципальное автономное общеобразовательное учреждение «Средняя "
             "общеобразовательная школа № 7»")


@pytest.mark.parametrize(("phrase", "case", "expected"), [
    ("учитель английского языка", "gent", "учителя английского языка"),
    ("учитель английского языка", "accs", "учителя английского языка"),
    ("заместитель директора по УВР", "gent", "заместителя директора по УВР"),
    ("заместитель директора по УВР", "datv", "заместителю директора по УВР"),
    ("педагог-психолог", "gent", "педагога-психолога"),
    ("учитель-логопед", "ablt", "учителем-логопедом"),
    ("социальный педагог", "accs", "социального педагога"),
    ("старший вожатый", "gent", "старшего вожатого"),
    ("заведующая библиотекой", "accs", "заведующую библиотекой"),
    ("учительница", "accs", "учительницу"),
    ("учитель русского языка и литературы", "datv", "учителю русского языка и литературы"),
])
def test_positions_are_declined_by_their_head_noun(phrase, case, expected):
    assert inflect(phrase, case) == expected


@pytest.mark.parametrize(("case", "expected"), [
    ("gent", "Муниципального автономного общеобразовательного учреждения"),
    ("datv", "Муниципальному автономному общеобразовательному учреждению"),
    ("loct", "Муниципальном автономном общеобразовательном учреждении"),
    ("accs", "Муниципальное автономное общеобразовательное учреждение"),
])
def test_a_school_name_is_declined_and_its_quoted_name_stays(case, expected):
    assert inflect(FULL_NAME, case) == \
        f"{expected} «Средняя общеобразовательная школа № 7»"


def test_words_after_the_head_noun_and_after_the_number_sign_stay():
    assert inflect("Муниципальное бюджетное общеобразовательное учреждение города Твери "
                   "средняя школа № 5", "gent") == (
        "Муниципального бюджетного общеобразовательного учреждения города Твери "
        "средняя школа № 5")
    assert inflect("Кадетская школа-интернат № 3", "loct") == "Кадетской школе-интернате № 3"


def test_an_adjective_that_is_also_a_noun_agrees_with_the_head():
    # «частное» (quotient) and «старший» are nouns too: they must not be taken for the head
    assert inflect("Частное общеобразовательное учреждение «Школа»", "gent") == \
        "Частного общеобразовательного учреждения «Школа»"


@pytest.mark.parametrize("phrase", ["МБОУ «СОШ № 7»", "Фыва учреждение", "", "«Школа»"])
def test_what_cannot_be_declined_reliably_is_refused(phrase):
    assert try_inflect(phrase, "gent") is None
    assert inflect(phrase, "gent") == phrase


def test_a_school_name_in_a_case_short_declined_or_after_a_noun_in_the_nominative():
    from nastavnik_desktop.reports.requisites import Organisation

    assert Organisation("Лицей № 2", short_name="МАОУ «Лицей № 2»").name_in("loct") == \
        "МАОУ «Лицей № 2»"
    assert Organisation("Лицей № 2").name_in("gent") == "Лицея № 2"
    assert Organisation("МБОУ СОШ № 5").name_in("loct") == "МБОУ СОШ № 5"
    assert Organisation("Фыва учреждение «Школа»").name_in("loct") == \
        "образовательной организации — Фыва учреждение «Школа»"
