"""ФИО, dates, plurals and declension as they appear in the school's documents."""

from __future__ import annotations

import datetime as dt

import pytest

from nastavnik_desktop.reports.names import (
    decline_full_name,
    decline_name,
    detect_sex,
    format_date,
    format_date_words,
    initials_first,
    short_name,
    split_full_name,
)


@pytest.mark.parametrize(("parts", "short", "signature"), [
    (("Иванов", "Иван", "Петрович"), "Иванов И. П.", "И. П. Иванов"),
    (("Ким", "Виктор", ""), "Ким В.", "В. Ким"),
    (("Петрова-Водкина", "Анна-Мария", "Ивановна"), "Петрова-Водкина А.-М. И.",
     "А.-М. И. Петрова-Водкина"),
    (("Алиев", "Рашид", "Гусейн оглы"), "Алиев Р. Г.", "Р. Г. Алиев"),
    ((" Иванов ", " иван ", ""), "Иванов И.", "И. Иванов"),
    (("Иванов", "", ""), "Иванов", "Иванов"),
])
def test_short_forms(parts: tuple[str, str, str], short: str, signature: str) -> None:
    assert short_name(*parts) == short
    assert initials_first(*parts) == signature


def test_split_full_name_keeps_two_word_patronymic() -> None:
    assert split_full_name("Петрова Анна Сергеевна") == ("Петрова", "Анна", "Сергеевна")
    assert split_full_name("Алиев Рашид Гусейн оглы") == ("Алиев", "Рашид", "Гусейн оглы")
    assert split_full_name("Ким Виктор") == ("Ким", "Виктор", "")
    assert split_full_name("  ") == ("", "", "")


def test_dates() -> None:
    assert format_date(dt.date(2025, 6, 5)) == "05.06.2025"
    assert format_date_words(dt.date(2025, 6, 5)) == "5 июня 2025 г."
    assert format_date_words(dt.date(2026, 1, 31)) == "31 января 2026 г."
    assert format_date_words(dt.date(2025, 12, 1)) == "1 декабря 2025 г."




@pytest.mark.parametrize(("parts", "dative", "genitive"), [
    (("Иванов", "Иван", "Петрович"), "Иванову Ивану Петровичу", "Иванова Ивана Петровича"),
    (("Петрова", "Анна", "Сергеевна"), "Петровой Анне Сергеевне", "Петровой Анны Сергеевны"),
    (("Шевченко", "Тарас", "Григорьевич"), "Шевченко Тарасу Григорьевичу",
     "Шевченко Тараса Григорьевича"),
    (("Шевченко", "Ольга", "Ивановна"), "Шевченко Ольге Ивановне", "Шевченко Ольги Ивановны"),
    (("Черных", "Никита", "Ильич"), "Черных Никите Ильичу", "Черных Никиты Ильича"),
    (("Белых", "Евгения", "Олеговна"), "Белых Евгении Олеговне", "Белых Евгении Олеговны"),
    (("Дюма", "Александр", "Ильич"), "Дюма Александру Ильичу", "Дюма Александра Ильича"),
    (("Вишневская", "Галина", "Павловна"), "Вишневской Галине Павловне",
     "Вишневской Галины Павловны"),
    (("Римский-Корсаков", "Николай", "Андреевич"), "Римскому-Корсакову Николаю Андреевичу",
     "Римского-Корсакова Николая Андреевича"),
    (("Петрова-Водкина", "Анна-Мария", "Ивановна"), "Петровой-Водкиной Анне-Марии Ивановне",
     "Петровой-Водкиной Анны-Марии Ивановны"),
    (("Кузьмич", "Ольга", "Ильинична"), "Кузьмич Ольге Ильиничне", "Кузьмич Ольги Ильиничны"),
    (("Ковальчук", "Оксана", "Петровна"), "Ковальчук Оксане Петровне",
     "Ковальчук Оксаны Петровны"),
    (("Лев", "Любовь", "Андреевна"), "Лев Любови Андреевне", "Лев Любови Андреевны"),
    (("Ким", "Виктор", ""), "Киму Виктору", "Кима Виктора"),
    (("Ким", "Виктория", ""), "Ким Виктории", "Ким Виктории"),
    (("Алиев", "Рашид", "Гусейн оглы"), "Алиеву Рашиду Гусейн оглы",
     "Алиева Рашида Гусейн оглы"),
])
def test_declension_detects_sex(parts: tuple[str, str, str], dative: str,
                                genitive: str) -> None:
    assert decline_full_name(*parts, "dative") == dative
    assert decline_full_name(*parts, "genitive") == genitive


def test_other_cases() -> None:
    assert decline_full_name("Иванов", "Иван", "Петрович", "instrumental") == \
        "Ивановым Иваном Петровичем"
    assert decline_full_name("Иванов", "Иван", "Петрович", "accusative") == \
        "Иванова Ивана Петровича"
    assert decline_full_name("Иванов", "Иван", "Петрович", "nominative") == \
        "Иванов Иван Петрович"


def test_explicit_sex_decides_an_ambiguous_name() -> None:
    assert detect_sex("Ким", "Саша") is None
    assert decline_full_name("Ким", "Саша", "", "dative", sex="м") == "Киму Саше"
    assert decline_full_name("Ким", "Саша", "", "dative", sex="ж") == "Ким Саше"


def test_patronymic_decides_sex() -> None:
    assert detect_sex("Шевченко", "Женя", "Олегович") == "м"
    assert detect_sex("Шевченко", "Женя", "Олеговна") == "ж"


def test_decline_name_keeps_parts_apart_and_empty_parts_empty() -> None:
    assert decline_name("Петрова", "Анна", "", "dative") == ("Петровой", "Анне", "")
    assert decline_name("", "", "", "dative") == ("", "", "")
