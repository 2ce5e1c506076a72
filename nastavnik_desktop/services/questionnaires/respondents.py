"""Who answered: a ФИО (and class) as a respondent typed it in an online form, matched to the
people of the school (the answers import, issue 13).

Looked for among the people the round expects first, then among all the people of the school
who are not archived: a mentor answering a mentees' questionnaire, or a pupil who joined a pair
since the round was set, answered all the same; a pupil who has left the school is not looked
for, so a former namesake cannot take a row. A name matches whatever its word order, case,
«ё»/«е», extra spaces or Latin look-alike letters, with or without the patronymic; namesakes
are told apart by the class. Anything else — nobody, or namesakes the class does not separate —
is left to the curator with the candidates: never guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import CATEGORY_LABELS, Audience, PersonCategory
from nastavnik_desktop.data.models import Person, QuestionnaireRound, QuestionnaireTemplate
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.importing.values import parse_class
from nastavnik_desktop.services.questionnaires.rounds import expected_people
from nastavnik_desktop.text import alphabetical_key, format_date, full_name

_NOT_LETTERS = re.compile(r"[^\w\s-]+")
NOT_EXPECTED = "нет среди участников опроса"


@functools.lru_cache(maxsize=20_000)
def name_tokens(text: str) -> tuple[str, ...]:
    """The words of a name as matched: case, «ё»/«е», Latin look-alikes, punctuation and
    spaces do not count."""
    return tuple(_NOT_LETTERS.sub(" ", alphabetical_key(text)).replace("_", " ").split())


@functools.lru_cache(maxsize=2_000)
def class_key(text: str) -> str:
    """«5 а», «5-А класс», «5A» → «5А»; anything else as its letters."""
    try:
        return parse_class(text)
    except ValueError:
        return "".join(name_tokens(text))



@dataclass(frozen=True)
class PersonChoice:
    """A person the curator can pick for a row to review."""

    id: int
    name: str
    class_name: str
    category: PersonCategory
    expected: bool
    birth_date: dt.date | None = None

    @property
    def where(self) -> str:
        """The class, or the category for an adult."""
        return self.class_name or CATEGORY_LABELS[self.category]

    @property
    def label(self) -> str:
        """«Иванова Анна Петровна, 7А, 12.03.2013» (the birth date tells namesakes apart)."""
        born = f", {format_date(self.birth_date)}" if self.birth_date else ""
        return f"{self.name}, {self.where}{born}"


@dataclass(frozen=True)
class Match:
    """Who a row is: `person_id`, or None with the `candidates` (namesakes; none when nobody
    matched) and `reason` in Russian."""

    person_id: int | None
    candidates: tuple[int, ...] = ()
    reason: str = ""
    note: str = ""
    """Said of a matched row: «нет среди участников опроса» for a person the round does not
    expect."""



@dataclass(frozen=True)
class _Known:
    id: int
    tokens: tuple[str, str, str]
    class_key: str
    expected: bool


class _PeopleIndex:
    """People by the words of their name in any order: the full name, and the surname with
    the first name (a form answered without the patronymic)."""

    def __init__(self, people: Sequence[_Known]) -> None:
        self.by_key: dict[tuple[str, ...], list[_Known]] = {}
        for person in people:
            last, first, middle = person.tokens
            keys = {tuple(sorted((*last.split(), *first.split(), *middle.split()))),
                    tuple(sorted((*last.split(), *first.split())))}
            for key in keys:
                self.by_key.setdefault(key, []).append(person)

    def find(self, tokens: tuple[str, ...]) -> list[_Known]:
        return self.by_key.get(tuple(sorted(tokens)), [])


@dataclass(frozen=True)
class Respondents:
    """The people a round's rows can be: `match` a typed name, `choices` for the picker (the
    expected people first, then by name)."""

    round_id: int
    round_title: str
    template_id: int
    choices: tuple[PersonChoice, ...]
    _expected: _PeopleIndex
    _school: _PeopleIndex

    def match(self, name: str, class_name: str) -> Match:
        """Who typed `name` (and `class_name`): the class decides first when it is given —
        among the expected people, then the school's — then the name alone."""
        tokens = name_tokens(name)
        if len(tokens) < 2:
            return Match(None, (), "в строке нет фамилии и имени" if not tokens
                         else "указано одно слово — нужны фамилия и имя")
        klass = class_key(class_name)
        groups = (self._expected.find(tokens), self._school.find(tokens))
        if klass:
            for group in groups:
                same = [p for p in group if p.class_key == klass]
                if len(same) == 1:
                    return self._found(same[0])
                if same:
                    return Match(None, tuple(p.id for p in same),
                                 "несколько человек с таким ФИО в этом классе")
        for group in groups:
            if len(group) == 1:
                return self._found(group[0])
            if group:
                return Match(None, tuple(p.id for p in group),
                             "несколько человек с таким ФИО" + (", класс не помогает" if klass
                                                                else ", класс не указан"))
        return Match(None, (), "такого человека нет в базе")

    def _found(self, person: _Known) -> Match:
        return Match(person.id, note="" if person.expected else NOT_EXPECTED)


def respondents(db: Database, round_id: int) -> Respondents:
    """The people a row of the round's answers can be: those it expects and everyone of the
    school not archived."""
    with db.reading() as session:
        found = session.get(QuestionnaireRound, round_id)
        if found is None:
            raise ValidationError("Опрос не найден: возможно, его удалили. Откройте список "
                                  "опросов снова.")
        template = session.get_one(QuestionnaireTemplate, found.template_id)
        expected = expected_people(session, found.programme_id, Audience(template.audience),
                                   template.form_id)
        rows = session.execute(
            select(Person.id, Person.last_name, Person.first_name, Person.middle_name,
                   Person.class_name, Person.category, Person.birth_date)
            .where(Person.archived.is_(False) | Person.id.in_(expected))).all()
        title, template_id = found.title, template.id
    known = [_Known(pid, (" ".join(name_tokens(last)), " ".join(name_tokens(first)),
                          " ".join(name_tokens(middle or ""))), class_key(klass or ""),
                    pid in expected)
             for pid, last, first, middle, klass, _category, _born in rows]
    choices = sorted((PersonChoice(pid, full_name(last, first, middle or ""), klass or "",
                                   PersonCategory(category), pid in expected, born)
                      for pid, last, first, middle, klass, category, born in rows),
                     key=lambda c: (not c.expected, alphabetical_key(c.name), c.id))
    return Respondents(round_id, title, template_id, tuple(choices),
                       _PeopleIndex([k for k in known if k.expected]),
                       _PeopleIndex(known))
