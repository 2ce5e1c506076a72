"""The curator's exclusions: «никогда не ставить в пару этих двоих» (`MatchingExclusion`).

An exclusion names two people of a programme — the mentor and the mentee — with a reason; it is
kept in the database, so every later run of matching (`load` → `scoring._forbid`) and every pair
made by hand (`pairs.rules`) obeys it until the curator removes it. Many are added at once (one
mentor × a selection of mentees); a pair already excluded is kept as it is, never doubled. Each
write is one transaction with an audit entry. The hard rule «не из одного класса» is a setting
(`settings.MATCHING_SEPARATE_CLASSES`), read and written here too.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, aliased

from nastavnik_desktop import settings as app_settings
from nastavnik_desktop.data.core_models import MenteeProfile, MentorProfile, Person, Programme
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import MatchingExclusion
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.text import alphabetical_key, full_name

EXCLUSION_TABLES = ("matching_exclusion", "person", "app_setting")
"""What `exclusions` and `separate_classes` read."""

MAX_REASON = 500
REJECTED_REASON = "отклонена при подборе пар"


@dataclass(frozen=True)
class ExclusionInfo:
    """One exclusion as the curator sees it."""

    id: int
    mentor_person_id: int
    mentor_name: str
    mentor_class: str
    mentee_person_id: int
    mentee_name: str
    mentee_class: str
    reason: str

    @property
    def search_key(self) -> str:
        return alphabetical_key(" ".join((self.mentor_name, self.mentor_class,
                                          self.mentee_name, self.mentee_class, self.reason)))


@dataclass(frozen=True)
class PersonOption:
    """Someone who can be named in an exclusion (a mentor or a mentee of the programme)."""

    person_id: int
    name: str
    class_name: str

    @property
    def label(self) -> str:
        return f"{self.name}, {self.class_name}" if self.class_name else self.name

    @property
    def search_key(self) -> str:
        return alphabetical_key(f"{self.name} {self.class_name}")


@dataclass(frozen=True)
class ExclusionChoices:
    mentors: tuple[PersonOption, ...]
    mentees: tuple[PersonOption, ...]


@dataclass(frozen=True)
class AddedExclusions:
    added: int
    kept: int  # already excluded: kept as they were

    @property
    def message(self) -> str:
        text = f"Запрещено пар: {self.added}."
        if self.kept:
            text += f" Уже были запрещены раньше: {self.kept}."
        return text


def exclusions(db: Database, programme_id: int, *,
               person_id: int | None = None) -> list[ExclusionInfo]:
    """The exclusions of a programme (only those naming `person_id`, on either side, when
    given), sorted by the mentor's and the mentee's names."""
    mentor, mentee = aliased(Person), aliased(Person)
    row = MatchingExclusion
    query = (select(row.id, row.reason, mentor.id, mentor.last_name, mentor.first_name,
                    mentor.middle_name, mentor.class_name, mentee.id, mentee.last_name,
                    mentee.first_name, mentee.middle_name, mentee.class_name)
             .join(mentor, mentor.id == row.mentor_person_id)
             .join(mentee, mentee.id == row.mentee_person_id)
             .where(row.programme_id == programme_id))
    if person_id is not None:
        query = query.where(or_(row.mentor_person_id == person_id,
                                row.mentee_person_id == person_id))
    with db.reading() as session:
        rows = session.execute(query).all()
    found = [ExclusionInfo(id=r[0], reason=r[1], mentor_person_id=r[2],
                           mentor_name=full_name(r[3], r[4], r[5]), mentor_class=r[6],
                           mentee_person_id=r[7], mentee_name=full_name(r[8], r[9], r[10]),
                           mentee_class=r[11])
             for r in rows]
    found.sort(key=lambda e: (alphabetical_key(e.mentor_name), alphabetical_key(e.mentee_name),
                              e.id))
    return found


def exclusion_choices(db: Database, programme_id: int) -> ExclusionChoices:
    """Who may be named: the people with a mentor profile, and with a mentee profile, in the
    programme (not archived), by name."""
    def people(session: Session, profile: type[MentorProfile] | type[MenteeProfile]
               ) -> tuple[PersonOption, ...]:
        rows = session.execute(
            select(Person.id, Person.last_name, Person.first_name, Person.middle_name,
                   Person.class_name).distinct()
            .join(profile, profile.person_id == Person.id)
            .where(profile.programme_id == programme_id, Person.archived.is_(False))).all()
        options = [PersonOption(r[0], full_name(r[1], r[2], r[3]), r[4]) for r in rows]
        options.sort(key=lambda o: (alphabetical_key(o.name), o.person_id))
        return tuple(options)

    with db.reading() as session:
        return ExclusionChoices(mentors=people(session, MentorProfile),
                                mentees=people(session, MenteeProfile))


def takes_part(db: Database, programme_id: int, person_id: int) -> bool:
    """Whether the person is a mentor or a mentee of the programme (can be named in one)."""
    with db.reading() as session:
        return any(session.scalar(select(profile.id).where(
            profile.programme_id == programme_id, profile.person_id == person_id).limit(1))
            is not None for profile in (MentorProfile, MenteeProfile))


def add_exclusions(db: Database, programme_id: int, pairs: Iterable[tuple[int, int]],
                   reason: str = "") -> AddedExclusions:
    """Never pair these (mentor person, mentee person) in the programme: one transaction for
    all of them. A pair already excluded is kept (with its reason); a pair of one person with
    himself or of someone unknown refuses the whole addition."""
    wanted = list(dict.fromkeys((int(a), int(b)) for a, b in pairs))
    if not wanted:
        raise ValidationError("Выберите наставника и хотя бы одного наставляемого.")
    text = _reason(reason)
    with db.transaction() as session:
        return _add(session, programme_id, wanted, text)


def exclude_proposals(db: Database, programme_id: int, pairs: Iterable[tuple[int, int]],
                      reason: str = REJECTED_REASON) -> AddedExclusions:
    """Turn rejected proposals (mentee profile, mentor profile) into exclusions of the two
    people, so no later run proposes them again."""
    keys = list(dict.fromkeys((int(a), int(b)) for a, b in pairs))
    if not keys:
        raise ValidationError("Выберите пары, которые нужно запретить.")
    text = _reason(reason)
    with db.transaction() as session:
        mentee_person: dict[int, int] = {a: b for a, b in session.execute(
            select(MenteeProfile.id, MenteeProfile.person_id).where(
                MenteeProfile.id.in_({k[0] for k in keys}),
                MenteeProfile.programme_id == programme_id))}
        mentor_person: dict[int, int] = {a: b for a, b in session.execute(
            select(MentorProfile.id, MentorProfile.person_id).where(
                MentorProfile.id.in_({k[1] for k in keys}),
                MentorProfile.programme_id == programme_id))}
        if any(mentee not in mentee_person or mentor not in mentor_person
               for mentee, mentor in keys):
            raise ValidationError("Наставник или наставляемый этой пары не найден в программе: "
                                  "возможно, его удалили. Обновите список и повторите.")
        return _add(session, programme_id,
                    list(dict.fromkeys((mentor_person[mentor], mentee_person[mentee])
                                       for mentee, mentor in keys)), text)


def remove_exclusions(db: Database, programme_id: int, ids: Collection[int]) -> int:
    """Remove these exclusions of the programme; returns how many were removed."""
    chosen = {int(i) for i in ids}
    if not chosen:
        return 0
    row = MatchingExclusion
    with db.transaction() as session:
        found = list(session.scalars(select(row.id).where(
            row.id.in_(chosen), row.programme_id == programme_id)))
        if not found:
            return 0
        session.execute(delete(row).where(row.id.in_(found)))
        audit.record(session, "remove_exclusions", "programme", programme_id,
                     f"Сняты запреты пар при подборе: {len(found)}", ids=sorted(found))
    return len(found)


def separate_classes(db: Database) -> bool:
    """Whether the hard rule «не из одного класса» is on."""
    with db.engine.connect() as conn:
        return app_settings.load(conn, app_settings.MATCHING_SEPARATE_CLASSES)


def set_separate_classes(db: Database, on: bool) -> None:
    with db.transaction() as session:
        app_settings.save(session, app_settings.MATCHING_SEPARATE_CLASSES, bool(on))
        audit.record(session, "matching_rule", "app_setting", None,
                     "Правило подбора «не из одного класса» "
                     + ("включено" if on else "выключено"))


# --- inside ---------------------------------------------------------------------------------


def _reason(reason: str) -> str:
    text = " ".join(reason.split())
    if len(text) > MAX_REASON:
        raise ValidationError(f"Причина запрета слишком длинная: не больше {MAX_REASON} "
                              f"знаков, указано {len(text)}.")
    return text


def _add(session: Session, programme_id: int, wanted: list[tuple[int, int]],
         reason: str) -> AddedExclusions:
    if session.get(Programme, programme_id) is None:
        raise ValidationError("Программа наставничества не найдена.")
    if any(mentor == mentee for mentor, mentee in wanted):
        raise ValidationError("Нельзя запретить пару человека с самим собой: наставник и "
                              "наставляемый должны быть разными людьми.")
    people = {p for pair in wanted for p in pair}
    known = set(session.scalars(select(Person.id).where(Person.id.in_(people))))
    if people - known:
        raise ValidationError("Кого-то из выбранных людей больше нет в базе (возможно, его "
                              "удалили). Обновите список и повторите.")
    row = MatchingExclusion
    existing = {(int(a), int(b)) for a, b in session.execute(
        select(row.mentor_person_id, row.mentee_person_id).where(
            row.programme_id == programme_id,
            row.mentor_person_id.in_({m for m, _ in wanted})))}
    new = [pair for pair in wanted if pair not in existing]
    for mentor, mentee in new:
        session.add(MatchingExclusion(programme_id=programme_id, mentor_person_id=mentor,
                                      mentee_person_id=mentee, reason=reason))
    if new:
        session.flush()
        audit.record(session, "add_exclusions", "programme", programme_id,
                     f"Запрещены пары при подборе: {len(new)}",
                     pairs=[list(p) for p in new], reason=reason)
    return AddedExclusions(added=len(new), kept=len(wanted) - len(new))
