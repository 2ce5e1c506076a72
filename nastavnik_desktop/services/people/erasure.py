"""Erasing people from the school: every row about them, and their names wherever text keeps them.

152-ФЗ (ст. 21): a revoked consent, or a purpose of processing achieved, may require destroying a
person's data. «Удалить из базы» (`bases.remove_from_base`) only takes a person out of one
year's base; `erase_people` removes him from the school, in one transaction:

- the person, his consents, his mentee and mentor profiles of every year, his place in the
  curator's team, the matching exclusions and the certificates issued to him, his questionnaire
  answers; the programme's curator and roadmap items he was responsible for keep no link;
- pairs (`pairs.writer.forget_members`): his pairs as mentor and the pairs he was the only mentee
  of are deleted with their plans and meetings; groups lose him; other mentees of a deleted pair
  go back to the base;
- his ФИО (every form this program writes: full, «Иванов И. П.», «И. П. Иванов», declined, and
  the names he had before a card edit) is replaced by «(данные удалены)» in every text column
  that remains — the audit log, the register of issued documents, pair titles, roadmap lines,
  other people's notes, a child's «родитель» when the erased person is that parent — except the
  ФИО columns of other people (a namesake keeps his name);
- the audit log gets «Удалены данные человека (id N) …» per person, without the name.

The transaction runs with `PRAGMA secure_delete`, and a VACUUM with a WAL checkpoint afterwards
rewrites the file, so the erased bytes do not stay in the database file or its `-wal`.
Backups taken before the erasure keep the data until the rotation replaces them.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Enum, Select, String, Table, delete, func, select, text, update
from sqlalchemy.orm import Session

from nastavnik_desktop.data.core_models import Base
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import (
    AuditEntry,
    Certificate,
    Consent,
    MenteeProfile,
    MentorProfile,
    Person,
    Programme,
    QuestionnaireResponse,
)
from nastavnik_desktop.errors import OperationCancelled, ValidationError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.reports.names import initials, initials_first, short_name, split_full_name
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.pairs.writer import forget_members, pairs_of_erased
from nastavnik_desktop.services.people import declension
from nastavnik_desktop.services.people.card import CARD_SAVED
from nastavnik_desktop.text import full_name

log = logging.getLogger(__name__)

ERASED_TEXT = "(данные удалены)"
"""What stands where an erased person's name was."""
REASON = "по отзыву согласия или по требованию (152-ФЗ, ст. 21)"
ERASED_SUMMARY = "Удалены данные человека (id {id}) " + REASON
_CHUNK = 100
_IDENTITY_COLUMNS = {"person": frozenset({"last_name", "first_name", "middle_name",
                                         "name_genitive", "name_dative", "name_accusative"})}
"""The name of a row's own person is never rewritten: a namesake keeps his ФИО. (The erased
person's own row is deleted before the texts are cleaned.)"""
_WORD = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class ErasedPerson:
    person_id: int
    short_name: str
    """«Иванов И. П.» — for the confirmation only; never stored."""


@dataclass(frozen=True)
class ErasurePreview:
    """What `erase_people` would remove: the confirmation names it before anything happens."""

    people: tuple[ErasedPerson, ...]
    consents: int
    profiles: int
    pairs_removed: int
    groups_shrunk: int
    certificates: int
    curator_of: tuple[str, ...] = ()
    """School years whose programme has one of them as its curator (it will have none)."""


@dataclass(frozen=True)
class ErasureResult:
    people: int
    pairs_removed: int
    groups_shrunk: int
    texts_cleaned: int
    """Values in other tables where a name was replaced by «(данные удалены)»."""
    file_rewritten: bool
    """False when the VACUUM failed (the rows are gone all the same; secure_delete zeroed them)."""


def erasure_preview(db: Database, person_ids: Collection[int]) -> ErasurePreview:
    with db.reading() as session:
        people = _people(session, person_ids)
        ids = [p.id for p in people]
        mentee_ids, mentor_ids = _profiles(session, ids)
        pairs = pairs_of_erased(session, mentee_ids, mentor_ids)
        return ErasurePreview(
            people=tuple(ErasedPerson(p.id, short_name(p.last_name, p.first_name,
                                                       p.middle_name)) for p in people),
            consents=_count(session, select(Consent.id).where(Consent.person_id.in_(ids))),
            profiles=len(mentee_ids) + len(mentor_ids),
            pairs_removed=len(pairs.removed), groups_shrunk=len(pairs.shrunk),
            certificates=_count(session, select(Certificate.id)
                                .where(Certificate.person_id.in_(ids))),
            curator_of=tuple(session.scalars(
                select(Programme.school_year).where(Programme.curator_id.in_(ids))
                .order_by(Programme.school_year))))


def erase_people(db: Database, person_ids: Collection[int], *,
                 progress: ProgressCallback | None = None) -> ErasureResult:
    """Erase these people from the school (see the module docstring); no undo is possible."""
    with db.transaction() as session:
        session.execute(text("PRAGMA secure_delete=ON"))
        people = _people(session, person_ids)
        total = len(people) + 1
        names: list[re.Pattern[str]] = []
        surnames: set[str] = set()
        pairs_removed = groups_shrunk = 0
        for start in range(0, len(people), _CHUNK):
            chunk = people[start:start + _CHUNK]
            for person in chunk:
                forms = _name_forms(session, person)
                names.append(_pattern(forms))
                surnames |= _surnames(forms)
            ids = [p.id for p in chunk]
            counts = _erase_rows(session, ids)
            pairs_removed += counts[0]
            groups_shrunk += counts[1]
            for person_id in ids:
                _anonymise_own_entries(session, person_id)
                audit.record(session, "erase", "person", person_id,
                             ERASED_SUMMARY.format(id=person_id))
            _report(progress, start + len(chunk), total)
        cleaned = _scrub(session, names, surnames)
        _report(progress, total, total)
    rewritten = _rewrite_file(db)
    return ErasureResult(people=len(people), pairs_removed=pairs_removed,
                         groups_shrunk=groups_shrunk, texts_cleaned=cleaned,
                         file_rewritten=rewritten)


# --- the rows ---------------------------------------------------------------------------------


def _people(session: Session, person_ids: Collection[int]) -> list[Person]:
    people = list(session.scalars(select(Person).where(Person.id.in_(list(person_ids)))
                                  .order_by(Person.last_name, Person.first_name, Person.id)))
    if not people:
        raise ValidationError("Этих людей уже нет в базе: возможно, их данные уже удалены. "
                              "Обновите список.")
    return people


def _profiles(session: Session, person_ids: Sequence[int]) -> tuple[list[int], list[int]]:
    mentees = list(session.scalars(select(MenteeProfile.id)
                                   .where(MenteeProfile.person_id.in_(person_ids))))
    mentors = list(session.scalars(select(MentorProfile.id)
                                   .where(MentorProfile.person_id.in_(person_ids))))
    return mentees, mentors


def _erase_rows(session: Session, person_ids: Sequence[int]) -> tuple[int, int]:
    """Delete the people and what hangs on them; returns (pairs removed, groups shrunk)."""
    mentee_ids, mentor_ids = _profiles(session, person_ids)
    pairs = forget_members(session, mentee_ids, mentor_ids)
    session.execute(delete(Certificate).where(Certificate.person_id.in_(person_ids)))
    session.execute(delete(QuestionnaireResponse)
                    .where(QuestionnaireResponse.person_id.in_(person_ids)))
    session.execute(delete(MenteeProfile).where(MenteeProfile.id.in_(mentee_ids)))
    session.execute(delete(MentorProfile).where(MentorProfile.id.in_(mentor_ids)))
    session.execute(delete(Consent).where(Consent.person_id.in_(person_ids)))
    # team_member, matching_exclusion: ON DELETE CASCADE; programme.curator_id and
    # roadmap_item.responsible_id: ON DELETE SET NULL.
    session.execute(delete(Person).where(Person.id.in_(person_ids)))
    session.expire_all()
    return len(pairs.removed), len(pairs.shrunk)


def _anonymise_own_entries(session: Session, person_id: int) -> None:
    """Entries about the person himself keep what was done, not to whom: «Изменена карточка:
    (данные удалены)»."""
    entries = session.execute(select(AuditEntry.id, AuditEntry.summary).where(
        AuditEntry.entity == "person", AuditEntry.entity_id == person_id)).all()
    for entry_id, summary in entries:
        head, colon, _rest = summary.partition(": ")
        session.execute(update(AuditEntry).where(AuditEntry.id == entry_id).values(
            summary=f"{head}: {ERASED_TEXT}" if colon else ERASED_TEXT))


# --- the names in text ------------------------------------------------------------------------


def _name_forms(session: Session, person: Person) -> set[str]:
    """Every way this program writes the person's ФИО, with the names he had before."""
    names = {(person.last_name, person.first_name, person.middle_name)}
    for (summary,) in session.execute(select(AuditEntry.summary).where(
            AuditEntry.entity == "person", AuditEntry.entity_id == person.id,
            AuditEntry.summary.startswith(CARD_SAVED))):
        names.add(split_full_name(summary.removeprefix(CARD_SAVED)))
    forms: set[str] = set()
    for last, first, middle in names:
        if not last.strip():
            continue
        forms |= {full_name(last, first, middle), short_name(last, first, middle),
                  initials_first(last, first, middle)}
    given = initials(person.first_name, person.middle_name)
    for declined in _declined(person):
        words = declined.split()
        if words:
            forms |= {declined, " ".join((words[0], given)).strip(),
                      " ".join((given, words[0])).strip()}
    return {form for form in forms if form.strip()}


def _surnames(forms: Iterable[str]) -> set[str]:
    """The words a text must contain to hold one of the forms: the surname comes first or last
    («Иванов И. П.», «И. П. Иванов»); initials are not words to look for."""
    found = set()
    for form in forms:
        words = _WORD.findall(form)
        found |= {word for word in (words[0], words[-1]) if len(word) > 1}
    return found


def _declined(person: Person) -> Iterable[str]:
    forms = declension.declined(person)
    return (forms.genitive, forms.dative, forms.accusative)


def _pattern(forms: Iterable[str]) -> re.Pattern[str]:
    """The forms as whole words: «Иванов И.» is not found inside «Иванов И. С.» (a namesake)."""
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?<!\w\.\s)(?:{alternatives})(?![\w-])(?!\s?\w\.)")


def _text_columns() -> list[tuple[Table, list[str]]]:
    tables = []
    for table in Base.metadata.sorted_tables:
        identity = _IDENTITY_COLUMNS.get(table.name, frozenset())
        columns = [c.name for c in table.columns
                   if isinstance(c.type, String) and not isinstance(c.type, Enum)
                   and c.name not in identity]
        if columns:
            tables.append((table, columns))
    return tables


def _scrub(session: Session, names: Sequence[re.Pattern[str]], surnames: set[str]) -> int:
    """Replace the names in every text column of the other tables; returns values changed."""
    session.flush()
    changed = 0
    for table, columns in _text_columns():
        quoted = ", ".join(f'"{c}"' for c in columns)
        for row in session.execute(text(f'SELECT rowid, {quoted} FROM "{table.name}"')).all():
            values = {}
            for column, value in zip(columns, row[1:], strict=True):
                if not value or surnames.isdisjoint(_WORD.findall(value)):
                    continue
                cleaned = value
                for pattern in names:
                    cleaned = pattern.sub(ERASED_TEXT, cleaned)
                if cleaned != value:
                    values[column] = cleaned
            if values:
                assignments = ", ".join(f'"{c}" = :{c}' for c in values)
                session.execute(text(f'UPDATE "{table.name}" SET {assignments} '
                                     "WHERE rowid = :rowid"), {**values, "rowid": row[0]})
                changed += len(values)
    return changed


# --- the file ---------------------------------------------------------------------------------


def _rewrite_file(db: Database) -> bool:
    """VACUUM, then fold the `-wal` into the file and truncate it: no erased page survives."""
    raw = db.engine.raw_connection()
    try:
        connection = raw.driver_connection
        assert isinstance(connection, sqlite3.Connection)
        if connection.in_transaction:
            connection.commit()
        connection.execute("VACUUM")
        busy, _frames, _copied = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as exc:
        log.warning("После удаления данных файл базы не переписан (VACUUM): %s",
                    type(exc).__name__)
        return False
    finally:
        raw.close()
    if busy:
        log.warning("После удаления данных журнал -wal не очищен: базу читает другое соединение")
    return not busy


def _report(progress: ProgressCallback | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise OperationCancelled("Удаление отменено, данные не изменены.")


def _count(session: Session, ids: Select[Any]) -> int:
    return session.scalar(select(func.count()).select_from(ids.subquery())) or 0
