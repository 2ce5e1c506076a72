"""The first screen's Core table clauses (data/core_tables.py) name real columns of the model."""

from __future__ import annotations

import pytest
from sqlalchemy import Boolean, Date, Integer, String, Text
from sqlalchemy.sql.expression import TableClause

from nastavnik_desktop.data import core_tables
from nastavnik_desktop.data.models import Base

# The clauses' types as the model's columns have them (an Enum is stored as its value: text).
_SAME_KIND = {Integer: (Integer,), Boolean: (Boolean,), Date: (Date,), String: (String,),
              Text: (String,)}


@pytest.mark.parametrize("clause", core_tables.ALL, ids=lambda clause: clause.name)
def test_each_column_is_one_of_the_model_with_its_type(clause: TableClause) -> None:
    mapped = Base.metadata.tables[clause.name]
    for column in clause.columns:
        assert column.name in mapped.columns, f"{clause.name}.{column.name} is not in the model"
        real = mapped.columns[column.name].type
        kinds = _SAME_KIND[type(column.type)]
        assert isinstance(real, kinds), f"{clause.name}.{column.name}: {real!r}"


def test_every_clause_is_listed() -> None:
    clauses = {value.name for value in vars(core_tables).values()
               if isinstance(value, TableClause)}
    assert clauses == {clause.name for clause in core_tables.ALL}
