"""Headers and cell values as schools write them."""

from __future__ import annotations

import datetime as dt

import pytest

from nastavnik_desktop.data.enums import PersonCategory, Sex
from nastavnik_desktop.services.importing import values as v
from nastavnik_desktop.services.importing.mapping import Field, classify_header, find_mapping
from nastavnik_desktop.services.people.persons import sex_from_patronymic

TODAY = dt.date(2025, 10, 1)


@pytest.mark.parametrize(("header", "field"), [
    ("ФИО", Field.FULL_NAME), ("Ф.И.О.", Field.FULL_NAME),
    ("Фамилия, имя, отчество", Field.FULL_NAME), ("ФИО обучающегося", Field.FULL_NAME),
    ("Фамилия", Field.LAST_NAME), ("Имя", Field.FIRST_NAME), ("Отчество", Field.MIDDLE_NAME),
    ("Класс", Field.CLASS), ("Дата рождения", Field.BIRTH_DATE),
    ("Дата рождения (ДД.ММ.ГГГГ)", Field.BIRTH_DATE), ("Пол", Field.SEX),
    ("Должность", Field.POSITION), ("Преподаваемый предмет", Field.SUBJECT),
    ("Педагогический стаж", Field.EXPERIENCE), ("Телефон", Field.PHONE),
    ("E-mail", Field.EMAIL), ("Электронная почта", Field.EMAIL),
    ("Адрес электронной почты", Field.EMAIL), ("Почта", Field.EMAIL),
    ("Квалификационная категория", Field.CATEGORY), ("ФИО родителя", Field.PARENT_NAME),
    ("Телефон родителя", Field.PARENT_PHONE), ("Ключевые запросы", Field.REQUESTS),
    ("Место работы", Field.ORGANISATION), ("Компетенции", Field.COMPETENCIES),
])
def test_known_headers(header: str, field: Field) -> None:
    assert classify_header(header) == (field, "")


@pytest.mark.parametrize("header", [
    "СНИЛС", "Номер СНИЛС", "Паспорт (серия, номер)", "Адрес", "Адрес проживания",
    "Место жительства", "Группа здоровья", "Диагноз", "Инвалидность", "ОВЗ", "ИНН",
    "Полис ОМС", "Национальность", "Вероисповедание", "Состоит на учёте в ПДН",
    "Свидетельство о рождении",
])
def test_forbidden_headers_are_never_mapped(header: str) -> None:
    field, forbidden = classify_header(header)
    assert field is None and forbidden


def test_header_found_below_title_rows() -> None:
    rows = [("МБОУ «СОШ № 7»",), ("Список обучающихся 5-х классов",), (),
            ("№", "ФИО", "Класс", "СНИЛС", "Кружок"), (1, "Иванов Иван", "5А", "1", "")]
    mapping = find_mapping(rows)
    assert mapping is not None and mapping.header_row == 4
    assert mapping.fields == {Field.FULL_NAME: 1, Field.CLASS: 2}
    assert [c.header for c in mapping.forbidden] == ["СНИЛС"]
    assert [c.header for c in mapping.unused] == ["№", "Кружок"]


def test_no_header_means_none() -> None:
    assert find_mapping([("Иванов Иван", "5А"), ("Петров Пётр", "5Б")]) is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("01.09.2012", dt.date(2012, 9, 1)), ("1.9.12", dt.date(2012, 9, 1)),
    ("1.9.98", dt.date(1998, 9, 1)), ("2012-09-01", dt.date(2012, 9, 1)),
    ("01/09/2012", dt.date(2012, 9, 1)), ("01-09-2012", dt.date(2012, 9, 1)),
    ("01.09.2012 г.", dt.date(2012, 9, 1)), ("1 сентября 2012 г.", dt.date(2012, 9, 1)),
    ("3 мая 2012", dt.date(2012, 5, 3)), ("3 марта 2012", dt.date(2012, 3, 3)),
    (41153, dt.date(2012, 9, 1)), (41153.0, dt.date(2012, 9, 1)),
    ("41153", dt.date(2012, 9, 1)), (dt.datetime(2012, 9, 1, 0, 0), dt.date(2012, 9, 1)),
    (dt.date(2012, 9, 1), dt.date(2012, 9, 1)),
    ("2012-09-01 00:00:00", dt.date(2012, 9, 1)), ("01.09.2012 0:00", dt.date(2012, 9, 1)),
    (None, None), ("", None),
])
def test_dates(raw: object, expected: dt.date | None) -> None:
    assert v.parse_date(raw, TODAY) == expected


@pytest.mark.parametrize(("raw", "message"), [
    ("31.02.2012", "не бывает"), ("2012", "только год"), ("вчера", "не распознана"),
    ("13.13.2012", "не бывает"), (True, "да/нет"), (-5, "не дата"),
])
def test_bad_dates(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        v.parse_date(raw, TODAY)


@pytest.mark.parametrize(("raw", "expected"), [
    ("5а", "5А"), ("5 А", "5А"), ("5-A", "5А"), ("10 «Б»", "10Б"), ("11 класс", "11"),
    (7, "7"), (7.0, "7"), ("7б кл.", "7Б"), ("", ""),
])
def test_classes(raw: object, expected: str) -> None:
    assert v.parse_class(raw) == expected


@pytest.mark.parametrize("raw", ["13Я", "0А", "пятый", "5ABCD"])
def test_bad_classes(raw: str) -> None:
    with pytest.raises(ValueError, match="класс"):
        v.parse_class(raw)


def test_names() -> None:
    assert v.split_full_name("ИВАНОВ ИВАН ИВАНОВИЧ") == ("Иванов", "Иван", "Иванович")
    assert v.split_full_name("  петрова   мария ") == ("Петрова", "Мария", "")
    assert v.split_full_name("Алиев Рашид Рустам оглы") == ("Алиев", "Рашид", "Рустам оглы")
    assert v.split_full_name("римская-корсакова анна") == ("Римская-Корсакова", "Анна", "")
    assert v.split_full_name("МакКой Джон") == ("МакКой", "Джон", "")
    with pytest.raises(ValueError, match="одно слово"):
        v.split_full_name("Иванов")
    with pytest.raises(ValueError, match="цифры"):
        v.split_full_name("Иванов Иван 5А")


@pytest.mark.parametrize(("raw", "expected"), [
    ("м", Sex.MALE), ("М", Sex.MALE), ("муж", Sex.MALE), ("мужской", Sex.MALE),
    ("ж", Sex.FEMALE), ("Жен.", Sex.FEMALE), ("женский", Sex.FEMALE), ("", None),
])
def test_sex(raw: str, expected: Sex | None) -> None:
    assert v.parse_sex(raw) is expected


def test_sex_from_patronymic() -> None:
    assert sex_from_patronymic("Иванович") is Sex.MALE
    assert sex_from_patronymic("Ильич") is Sex.MALE
    assert sex_from_patronymic("Ивановна") is Sex.FEMALE
    assert sex_from_patronymic("Никитична") is Sex.FEMALE
    assert sex_from_patronymic("Рустам кызы") is Sex.FEMALE
    assert sex_from_patronymic("") is None


def test_categories_and_numbers() -> None:
    assert v.parse_category("обучающийся") is PersonCategory.PUPIL
    assert v.parse_category("Педагог") is PersonCategory.STAFF
    assert v.parse_category("выпускник школы") is PersonCategory.ALUMNUS
    assert v.parse_category("высшая") == "высшая"
    assert v.parse_number("12 лет", "стаж", low=0, high=70) == 12
    assert v.parse_number("5,5 ч", "часы", low=0, high=200) == 5.5
    with pytest.raises(ValueError, match="вне допустимых"):
        v.parse_number(95, "стаж", low=0, high=70)
