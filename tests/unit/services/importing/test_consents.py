"""A class teacher's list of consents matched to the people of a wizard's page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.errors import ImportFileError
from nastavnik_desktop.services.importing.consents import ConsentFound, read_consent_list
from nastavnik_desktop.services.stages.choices import PersonChoice
from tests.helpers.spreadsheets import write_csv, write_xlsx

TODAY = dt.date(2025, 11, 20)


def pupil(person_id: int, last: str, first: str, middle: str = "", class_name: str = "7А",
          born: dt.date | None = None) -> PersonChoice:
    return PersonChoice(id=person_id, last_name=last, first_name=first, middle_name=middle,
                        category=PersonCategory.PUPIL, class_name=class_name, birth_date=born)


PEOPLE = (
    pupil(1, "Ёлкина", "Вера", "Павловна"),
    pupil(2, "Белов", "Антон"),
    pupil(3, "Иванов", "Иван", "Петрович", "7А"),
    pupil(4, "Иванов", "Иван", "Петрович", "8Б"),
    pupil(5, "Смирнова", "Ольга", born=dt.date(2012, 4, 1)),
    pupil(6, "Смирнова", "Ольга", born=dt.date(2012, 9, 9)),
)


def test_a_class_list_with_title_rows_marks_and_parents(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "согласия 7А.xlsx", [
        ["Согласия на обработку персональных данных, 7А"],
        [],
        ["№", "ФИО обучающегося", "Класс", "Дата рождения", "ФИО родителя",
         "Согласие родителя"],
        [1, "Елкина Вера", "7А", None, "Ёлкина Ирина Павловна", "да"],
        [2, "Белов Антон Сергеевич", "7А", None, "", dt.datetime(2025, 9, 5)],
        [3, "Иванов Иван Петрович", "8 б", None, "", "+"],
        [4, "Смирнова Ольга", "7А", "09.09.2012", "", "да"],
        [5, "Смирнова Ольга", "7А", "", "", "да"],
        [6, "Петров Пётр", "7А", "", "", "да"],
        [7, "Ёлкина Вера", "7А", "", "", "нет"],
    ])
    result = read_consent_list(path, PEOPLE, TODAY)
    assert result.found == (
        ConsentFound(1, None, "Ёлкина Ирина Павловна"),
        ConsentFound(2, dt.date(2025, 9, 5)),
        ConsentFound(4),
        ConsentFound(6))
    assert result.not_found == ("строка 8: Смирнова Ольга", "строка 9: Петров Пётр")
    assert result.not_given == 1


def test_a_list_without_marks_is_a_list_of_those_who_gave(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", [["Фамилия", "Имя", "Отчество"],
                                             ["Белов", "Антон", ""],
                                             ["Ёлкина", "Вера", "Павловна"]])
    result = read_consent_list(path, PEOPLE, TODAY)
    assert [f.person_id for f in result.found] == [2, 1]
    assert not result.not_found


def test_a_list_without_names_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", [["Класс", "Согласие"], ["7А", "да"]])
    with pytest.raises(ImportFileError, match="ФИО"):
        read_consent_list(path, PEOPLE, TODAY)
