"""The collection of cases as a booklet PDF (recipe for `reports.cases`).

Names of people who have not consented to publication never reach the paper: the pair is
printed with «наставник» / «наставляемый» in their place, and their names in the case's texts
are replaced the same way (`collection.without_names`); a case whose people do not all consent
is printed without its photos.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import MentoringForm, MentoringPair, PracticeCase, Programme
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.cases import (
    BOOKLET_TITLE,
    BookletCase,
    BookletData,
    BookletPhoto,
    booklet_document,
)
from nastavnik_desktop.reports.process import PdfRecipe
from nastavnik_desktop.services.cases import collection
from nastavnik_desktop.services.cases.collection import (
    MENTEE_ROLE,
    MENTOR_ROLE,
    CaseDraft,
    CasePerson,
)
from nastavnik_desktop.text import count_phrase

NAMES_LISTED = 5
"""A group of more mentees is printed with their number, not their names."""


def booklet_recipe(db: Database, programme_id: int, *, day: dt.date) -> tuple[PdfRecipe, str]:
    """The booklet of the programme's cases; the recipe and its title."""
    with db.reading() as session:
        programme = session.get(Programme, programme_id)
        if programme is None:
            raise ValidationError("Программа наставничества не найдена.")
        rows = list(session.scalars(select(PracticeCase).where(
            PracticeCase.programme_id == programme_id).order_by(
            PracticeCase.sort_order, PracticeCase.id)))
        if not rows:
            raise ValidationError("В сборнике нет ни одного кейса: добавьте кейсы на вкладке "
                                  "«Кейсы» раздела «Итоги и награды».")
        school = programme.school
        cases = tuple(_case(db, session, programme_id, row, day) for row in rows)
        data = BookletData(school_full_name=school.full_name, founder=school.founder,
                           place=school.settlement, year=day.year,
                           school_year=programme.school_year, cases=cases)
    return PdfRecipe(booklet_document, (data,), rows=len(cases)), BOOKLET_TITLE


def _case(db: Database, session: Session, programme_id: int, row: PracticeCase,
          day: dt.date) -> BookletCase:
    draft = CaseDraft(row.title, row.pair_id, row.form_id, row.problem, row.actions,
                      row.result, row.quotes)
    captions = [photo.caption for photo in row.photos]
    found = collection.people_of_case(session, programme_id, draft, captions)
    people = collection.with_consent(found, day)
    hidden = [p for p in people if not p.may_publish]
    patterns = {person.id: collection.name_pattern(person) for person, _role in found}

    def clean(text: str) -> str:
        return collection.without_names(text, hidden, patterns)

    photos: tuple[BookletPhoto, ...] = ()
    if not hidden:
        photos = tuple(BookletPhoto(str(collection.photo_path(db, photo.location)),
                                    photo.caption) for photo in row.photos
                       if Path(collection.photo_path(db, photo.location)).is_file())
    return BookletCase(
        title=clean(row.title), subject=_subject(session, row, people),
        problem=clean(row.problem), actions=clean(row.actions), result=clean(row.result),
        quotes=tuple(clean(line.strip()) for line in row.quotes.splitlines() if line.strip()),
        photos=photos, names_hidden=bool(hidden))


def _subject(session: Session, row: PracticeCase, people: list[CasePerson]) -> str:
    pair = session.get(MentoringPair, row.pair_id) if row.pair_id is not None else None
    if pair is not None:
        mentors = [p for p in people if p.role == MENTOR_ROLE]
        mentees = [p for p in people if p.role == MENTEE_ROLE]
        parts = [_named(MENTOR_ROLE, p) for p in mentors]
        if len(mentees) == 1:
            parts.append(_named(MENTEE_ROLE, mentees[0]))
        elif len(mentees) > NAMES_LISTED:  # a class-wide group: its size, not 30 names
            parts.append(f"наставляемых: {len(mentees)}")
        elif mentees:
            shown = [p.name for p in mentees if p.may_publish]
            others = len(mentees) - len(shown)
            if others:
                phrase = count_phrase(others, "наставляемый", "наставляемых", "наставляемых")
                shown.append(f"ещё {phrase}" if shown else phrase)
            parts.append("наставляемые: " + ", ".join(shown))
        kind = "Пара" if len(mentees) <= 1 else pair.title or "Группа"
        return f"{kind}: " + "; ".join(parts)
    if row.form_id is not None:
        form = session.get(MentoringForm, row.form_id)
        if form is not None:
            return f"Форма наставничества «{form.name}»"
    return ""


def _named(role: str, person: CasePerson) -> str:
    """«наставник Орлов Иван Петрович», or the role alone when he may not be published."""
    return f"{role} {person.name}" if person.may_publish else role
