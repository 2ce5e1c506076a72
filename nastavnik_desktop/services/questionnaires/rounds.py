"""Rounds: a questionnaire put to a programme's participants between two dates (entry, exit or
intermediate), the one writer of `questionnaire_round`, and the progress of each round.

Who is expected to answer a round: the participants of the programme that the questionnaire's
audience names — the mentors and/or the mentees of its pairs and groups at work or completed
(not dissolved: «расторгнута»), of the questionnaire's form when it names one; a mentee who left
a group is no longer expected. Each person once, however many pairs. Answered = the expected
people with a response in the round.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    AUDIENCE_LABELS,
    QUESTIONNAIRE_PHASE_LABELS,
    Audience,
    PairStatus,
    PersonCategory,
    QuestionnairePhase,
)
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    Programme,
    QuestionnaireResponse,
    QuestionnaireRound,
    QuestionnaireTemplate,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.pairs.rules import ACTIVE_VALUES
from nastavnik_desktop.text import alphabetical_key, format_date, full_name, shorten

PARTICIPATING_VALUES = (*ACTIVE_VALUES, PairStatus.COMPLETED.value)
"""Pairs whose people a round expects: at work or completed, not dissolved."""


@dataclass(frozen=True)
class RoundInfo:
    id: int
    programme_id: int
    template_id: int
    template_title: str
    audience: Audience
    phase: QuestionnairePhase
    title: str
    opens_on: dt.date
    closes_on: dt.date | None
    answered: int
    expected: int

    @property
    def phase_label(self) -> str:
        return QUESTIONNAIRE_PHASE_LABELS[self.phase]

    @property
    def audience_label(self) -> str:
        return AUDIENCE_LABELS[self.audience]

    @property
    def dates(self) -> str:
        """«с 01.09.2026 по 20.09.2026» (or «с 01.09.2026» while it has no end)."""
        start = f"с {format_date(self.opens_on)}"
        return f"{start} по {format_date(self.closes_on)}" if self.closes_on else start

    @property
    def progress(self) -> str:
        """«12 из 30»."""
        return f"{self.answered} из {self.expected}"


def expected_people(session: Session, programme_id: int, audience: Audience,
                    form_id: int | None) -> set[int]:
    """The person ids a questionnaire of this audience (and form) expects in the programme."""
    return set(_expected_roles(session, programme_id, audience, form_id))


def _expected_roles(session: Session, programme_id: int, audience: Audience,
                    form_id: int | None) -> dict[int, set[Audience]]:
    """The expected person ids with the roles they are expected in (mentor and/or mentee)."""
    pairs = select(MentoringPair.id).where(MentoringPair.programme_id == programme_id,
                                          MentoringPair.status.in_(PARTICIPATING_VALUES))
    if form_id is not None:
        pairs = pairs.where(MentoringPair.form_id == form_id)
    people: dict[int, set[Audience]] = {}
    if audience in (Audience.MENTOR, Audience.ANY):
        for person_id in session.scalars(
                select(MentorProfile.person_id)
                .join(MentoringPair, MentoringPair.mentor_profile_id == MentorProfile.id)
                .where(MentoringPair.id.in_(pairs))):
            people.setdefault(person_id, set()).add(Audience.MENTOR)
    if audience in (Audience.MENTEE, Audience.ANY):
        for person_id in session.scalars(
                select(MenteeProfile.person_id)
                .join(PairMentee, PairMentee.mentee_profile_id == MenteeProfile.id)
                .where(PairMentee.pair_id.in_(pairs), PairMentee.left_on.is_(None))):
            people.setdefault(person_id, set()).add(Audience.MENTEE)
    return people


def _respondents(session: Session, round_ids: Iterable[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for round_id, person_id in session.execute(
            select(QuestionnaireResponse.round_id, QuestionnaireResponse.person_id).distinct()
            .where(QuestionnaireResponse.round_id.in_(list(round_ids)),
                   QuestionnaireResponse.person_id.is_not(None))):
        if round_id is not None and person_id is not None:
            found.setdefault(round_id, set()).add(person_id)
    return found


def rounds(db: Database, programme_id: int) -> tuple[RoundInfo, ...]:
    """The programme's rounds, the latest first, each with answered / expected."""
    with db.reading() as session:
        rows = session.execute(
            select(QuestionnaireRound, QuestionnaireTemplate)
            .join(QuestionnaireTemplate,
                  QuestionnaireTemplate.id == QuestionnaireRound.template_id)
            .where(QuestionnaireRound.programme_id == programme_id)
            .order_by(QuestionnaireRound.opens_on.desc(), QuestionnaireRound.id.desc())).all()
        respondents = _respondents(session, (r.id for r, _t in rows))
        expected_by_scope: dict[tuple[Audience, int | None], set[int]] = {}
        result = []
        for found, template in rows:
            scope = (Audience(template.audience), template.form_id)
            if scope not in expected_by_scope:
                expected_by_scope[scope] = expected_people(session, programme_id, *scope)
            expected = expected_by_scope[scope]
            result.append(RoundInfo(
                found.id, found.programme_id, template.id, template.title,
                Audience(template.audience), QuestionnairePhase(found.phase), found.title,
                found.opens_on, found.closes_on,
                len(respondents.get(found.id, set()) & expected), len(expected)))
        return tuple(result)


def round_info(db: Database, round_id: int) -> RoundInfo:
    with db.reading() as session:
        programme_id = _round_or_error(session, round_id).programme_id
    return next(r for r in rounds(db, programme_id) if r.id == round_id)


@dataclass(frozen=True)
class RoundPeople:
    """Who a round expects and who of them has answered (person ids)."""

    expected: frozenset[int]
    answered: frozenset[int]

    @property
    def missing(self) -> frozenset[int]:
        """Expected people without an answer yet (the reminder list)."""
        return self.expected - self.answered


def round_people(db: Database, round_id: int) -> RoundPeople:
    with db.reading() as session:
        found = _round_or_error(session, round_id)
        template = session.get_one(QuestionnaireTemplate, found.template_id)
        expected = expected_people(session, found.programme_id, Audience(template.audience),
                                   template.form_id)
        answered = _respondents(session, [found.id]).get(found.id, set()) & expected
        return RoundPeople(frozenset(expected), frozenset(answered))


ROLE_LABELS = {Audience.MENTOR: "наставник", Audience.MENTEE: "наставляемый"}


@dataclass(frozen=True)
class RoundPerson:
    """A person a round expects, as the answers grid and the reminder list show him."""

    person_id: int
    name: str
    """«Фамилия Имя Отчество»."""
    class_name: str
    """The pupil's class («7А»), "" for staff and outsiders."""
    place: str
    """The class of a pupil, else the position (and the organisation of an outsider)."""
    role: str
    """«наставник», «наставляемый» or «наставник, наставляемый»."""
    answered: bool


def _place(person: Person) -> str:
    if person.category is PersonCategory.PUPIL and person.class_name:
        return person.class_name
    return ", ".join(part for part in (person.position or person.subject, person.organisation)
                     if part)


def round_people_lines(db: Database, round_id: int) -> tuple[RoundPerson, ...]:
    """The people a round expects, by name (ё as е, case ignored), each with his class or
    position, his role and whether he has answered."""
    with db.reading() as session:
        found = _round_or_error(session, round_id)
        template = session.get_one(QuestionnaireTemplate, found.template_id)
        roles = _expected_roles(session, found.programme_id, Audience(template.audience),
                                template.form_id)
        answered = _respondents(session, [found.id]).get(found.id, set())
        people = session.scalars(select(Person).where(Person.id.in_(list(roles)))).all()
        lines = [RoundPerson(
            person.id, full_name(person.last_name, person.first_name, person.middle_name),
            person.class_name if person.category is PersonCategory.PUPIL else "",
            _place(person),
            ", ".join(ROLE_LABELS[r] for r in (Audience.MENTOR, Audience.MENTEE)
                      if r in roles[person.id]),
            person.id in answered) for person in people]
    return tuple(sorted(lines, key=lambda line: (alphabetical_key(line.name), line.person_id)))


def _round_or_error(session: Session, round_id: int) -> QuestionnaireRound:
    found = session.get(QuestionnaireRound, round_id)
    if found is None:
        raise ValidationError("Опрос не найден: возможно, его удалили. Откройте список "
                              "опросов снова.")
    return found


def _checked_dates(opens_on: dt.date | None, closes_on: dt.date | None) -> dt.date:
    if opens_on is None:
        raise ValidationError("Не указана дата начала опроса. Укажите, с какого дня "
                              "участники заполняют анкету.")
    if closes_on is not None and closes_on < opens_on:
        raise ValidationError(f"Опрос заканчивается ({format_date(closes_on)}) раньше, чем "
                              f"начинается ({format_date(opens_on)}). Исправьте даты.")
    return opens_on


def create_round(db: Database, programme_id: int, template_id: int, *,
                 opens_on: dt.date | None, closes_on: dt.date | None = None,
                 title: str = "", phase: QuestionnairePhase | None = None) -> int:
    """Put a questionnaire to the programme's participants between two dates; its id. The
    phase defaults to the questionnaire's, the title to «<questionnaire> (<opens on>)»."""
    start = _checked_dates(opens_on, closes_on)
    with db.transaction() as session:
        if session.get(Programme, programme_id) is None:
            raise ValidationError("Программа наставничества не найдена. Откройте её снова.")
        template = session.get(QuestionnaireTemplate, template_id)
        if template is None:
            raise ValidationError("Анкета не найдена: возможно, её удалили. Выберите анкету "
                                  "снова.")
        if template.programme_id is not None and template.programme_id != programme_id:
            raise ValidationError(f"Анкета «{shorten(template.title)}» составлена для другой "
                                  "программы. Скопируйте её или выберите другую.")
        if not template.questions:
            raise ValidationError(f"В анкете «{shorten(template.title)}» нет вопросов. "
                                  "Добавьте вопросы, а потом назначайте опрос.")
        chosen = QuestionnairePhase(phase or template.phase)
        name = " ".join(title.split()) or f"{template.title} ({format_date(start)})"
        created = QuestionnaireRound(programme_id=programme_id, template_id=template.id,
                                     phase=chosen, title=name, opens_on=start,
                                     closes_on=closes_on)
        session.add(created)
        session.flush()
        audit.record(session, "questionnaire_round_create", "questionnaire_round", created.id,
                     f"Назначен опрос «{shorten(name)}» {format_date(start)}",
                     template=template.id, phase=chosen.value)
        return created.id


def edit_round(db: Database, round_id: int, *, title: str, opens_on: dt.date | None,
               closes_on: dt.date | None) -> None:
    start = _checked_dates(opens_on, closes_on)
    name = " ".join(title.split())
    if not name:
        raise ValidationError("Название опроса не заполнено. Напишите, что это за опрос.")
    with db.transaction() as session:
        found = _round_or_error(session, round_id)
        found.title, found.opens_on, found.closes_on = name, start, closes_on
        audit.record(session, "questionnaire_round_edit", "questionnaire_round", found.id,
                     f"Изменён опрос «{shorten(name)}»")


def delete_round(db: Database, round_id: int) -> None:
    """Delete a round nobody has answered yet."""
    with db.transaction() as session:
        found = _round_or_error(session, round_id)
        answers = session.scalar(select(func.count()).select_from(QuestionnaireResponse)
                                 .where(QuestionnaireResponse.round_id == found.id)) or 0
        if answers:
            raise ValidationError(f"В опросе «{shorten(found.title)}» уже есть заполненные "
                                  "анкеты: удалить его нельзя.")
        audit.record(session, "questionnaire_round_delete", "questionnaire_round", found.id,
                     f"Удалён опрос «{shorten(found.title)}»")
        session.delete(found)
