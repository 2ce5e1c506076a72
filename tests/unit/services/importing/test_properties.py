"""Random rows thrown at the header finder and the validator: no crash, every problem has a row."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from nastavnik_desktop.services.importing import values as v
from nastavnik_desktop.services.importing.mapping import find_mapping
from nastavnik_desktop.services.importing.validate import ImportKind, validate_rows

TODAY = dt.date(2025, 10, 1)
HEADERS = ["ФИО", "Фамилия", "Имя", "Отчество", "Класс", "Дата рождения", "Пол", "Стаж",
           "E-mail", "Телефон", "Категория", "СНИЛС", "Ресурс времени", "Должность", "№"]
cells = st.one_of(
    st.none(), st.text(max_size=30), st.integers(-10**9, 10**9),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.dates(), st.datetimes(),
    st.sampled_from(["5А", "13Я", "Иванов Иван Иванович", "01.09.2012", "31.02.2012", "м",
                     "жен", "2012-09-01", "1.9.12", "высшая", "педагог", "41153", ""]))
rows_strategy = st.lists(st.lists(cells, max_size=8).map(tuple), max_size=25)


@settings(max_examples=300, deadline=None)
@given(header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8, unique=True),
       rows=rows_strategy, title=st.lists(st.lists(cells, max_size=3).map(tuple), max_size=3),
       kind=st.sampled_from(list(ImportKind)))
def test_validator_never_crashes(header: list[str], rows: list[tuple[object, ...]],
                                 title: list[tuple[object, ...]], kind: ImportKind) -> None:
    table = [*title, tuple(header), *rows]
    mapping = find_mapping(table)
    if mapping is None:
        return
    result = validate_rows(table, mapping, kind, today=TODAY)
    last = len(table)
    for problem in result.problems:
        assert mapping.header_row < problem.row <= last
        assert str(problem).startswith(f"Строка {problem.row}: ")
    for candidate in result.candidates:
        person = candidate.person
        assert person.last_name.strip() and person.first_name.strip()
        assert person.birth_date is None or person.birth_date <= TODAY
        assert person.experience_years is None or 0 <= person.experience_years <= 70
    error_rows = {p.row for p in result.problems if p.severity.name == "ERROR"}
    assert not error_rows & {c.row for c in result.candidates}


@settings(max_examples=500, deadline=None)
@given(cells)
def test_value_parsers_raise_only_value_error(value: object) -> None:
    for parse in (lambda x: v.parse_date(x, TODAY), v.parse_class, v.parse_sex,
                  v.split_full_name, v.parse_category, v.parse_email,
                  lambda x: v.parse_number(x, "стаж", low=0, high=70)):
        try:
            parse(value)
        except ValueError as exc:
            assert str(exc)
