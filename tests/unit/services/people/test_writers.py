"""A person, a mentor's or mentee's profile and a consent are written in one module each
(services/people).

Every path that creates one — the card, the stage wizards, the import, the demo school — goes
through that module, so its rules hold everywhere. The check reads the package with `ast`, as
tests/unit/test_layering.py does for Qt.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[4] / "nastavnik_desktop"
WRITERS = {
    "Person": "services/people/persons.py",
    "MentorProfile": "services/people/mentors.py",
    "MenteeProfile": "services/people/mentees.py",
    "Consent": "services/people/consent.py",
}
WRITE_STATEMENTS = {"insert", "update"}


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def written_models(source: str) -> set[str]:
    """The models a module constructs (`Person(…)`) or writes with a Core statement
    (`insert(Person)`, `update(Person)`, `Person.__table__.insert()`)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        called = _name(node.func)
        if called in WRITERS:
            found.add(called)
        elif called in WRITE_STATEMENTS and node.args and _name(node.args[0]) in WRITERS:
            found.add(str(_name(node.args[0])))
        elif (called in WRITE_STATEMENTS and isinstance(node.func, ast.Attribute)
              and isinstance(node.func.value, ast.Attribute)
              and node.func.value.attr == "__table__"
              and _name(node.func.value.value) in WRITERS):
            found.add(str(_name(node.func.value.value)))
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_only_the_writer_module_writes_its_table(path: Path) -> None:
    module = path.relative_to(PACKAGE).as_posix()
    written = written_models(path.read_text(encoding="utf-8"))
    strays = {model for model in written if WRITERS[model] != module}
    assert not strays, (f"{module} writes {sorted(strays)} rows itself: call "
                        + ", ".join(WRITERS[m] for m in sorted(strays)) + " instead")


def test_the_writers_exist_and_are_seen() -> None:
    for model, module in WRITERS.items():
        assert model in written_models((PACKAGE / module).read_text(encoding="utf-8"))


@pytest.mark.parametrize("source", [
    "Person(last_name='А', first_name='Б')",
    "models.Person(last_name='А')",
    "session.execute(insert(Person), rows)",
    "session.execute(sa.insert(Person).returning(Person.id), rows)",
    "session.execute(Person.__table__.insert(), rows)",
    "session.execute(update(Person), rows)",
])
def test_the_check_sees_every_way_of_writing_a_person(source: str) -> None:
    assert written_models(source) == {"Person"}


def test_reading_a_person_is_not_writing_one() -> None:
    assert not written_models("select(Person).where(Person.id == 1)\n"
                              "session.get(Person, 1)\nisinstance(x, Person)")
