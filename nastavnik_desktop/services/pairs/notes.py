"""Control and feedback on a pair (stage 6): the one home of the `pair_note` rules and writes.

An intermediate result is a dated text with an optional mark from 1 to 10; the mentor's
feedback and each mentee's feedback (one of the pair's or group's mentees) are dated texts
without a mark. Every write is one transaction with an audit entry and returns the
`BoardChange` that `history.undo` / `history.redo` replay (the tracker reads the pair's notes).
`last_marks` gives the last intermediate mark of every pair of a programme in one query, for
the board and the control sheet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PAIR_NOTE_KIND_LABELS, PairNoteKind
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringPair,
    PairMentee,
    PairNote,
    Person,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.pairs.history import BoardChange, Tracker
from nastavnik_desktop.services.pairs.rules import pair_label, pair_logged, pair_or_error

MARK_RANGE = (1, 10)
NOTE_TABLES = ("pair_note", "mentoring_pair", "pair_mentee")


@dataclass(frozen=True)
class NoteEntry:
    """A note as the curator enters it."""

    kind: PairNoteKind
    written_on: dt.date
    text: str = ""
    mark: int | None = None
    """Only for an intermediate result: 1–10."""
    mentee_profile_id: int | None = None
    """Only for a mentee's feedback: whose."""


@dataclass(frozen=True)
class NoteRecord:
    id: int
    kind: PairNoteKind
    kind_label: str
    written_on: dt.date
    text: str
    mark: int | None
    mentee_profile_id: int | None
    mentee_name: str


@dataclass(frozen=True)
class PairNotes:
    """A pair's control notes, each list by date."""

    pair_id: int
    mentor_name: str
    mentees: tuple[tuple[int, str], ...]
    """Every mentee who was ever in the pair (id, short name), by name."""
    intermediate: tuple[NoteRecord, ...]
    mentor_feedback: tuple[NoteRecord, ...]
    mentee_feedback: tuple[NoteRecord, ...]


@dataclass(frozen=True)
class LastMark:
    mark: int
    written_on: dt.date


def _check(session: Session, pair: MentoringPair, entry: NoteEntry, today: dt.date) -> None:
    kind = PairNoteKind(entry.kind)
    if entry.written_on > today:
        raise ValidationError(f"Дата {entry.written_on:%d.%m.%Y} ещё не наступила: укажите "
                              "день, когда результат или отзыв получен.")
    if kind is PairNoteKind.INTERMEDIATE:
        if entry.mark is not None and not (MARK_RANGE[0] <= entry.mark <= MARK_RANGE[1]):
            raise ValidationError("Оценка — целое число от 1 до 10. Исправьте оценку или "
                                  "оставьте её пустой.")
        if entry.mark is None and not entry.text.strip():
            raise ValidationError("Опишите промежуточный результат или поставьте оценку.")
    else:
        if entry.mark is not None:
            raise ValidationError("Оценка ставится только промежуточному результату.")
        if not entry.text.strip():
            raise ValidationError("Напишите текст отзыва.")
    if kind is PairNoteKind.MENTEE_FEEDBACK:
        if entry.mentee_profile_id is None:
            raise ValidationError("Выберите наставляемого, чей это отзыв.")
        member = session.scalar(select(PairMentee.id).where(
            PairMentee.pair_id == pair.id,
            PairMentee.mentee_profile_id == entry.mentee_profile_id))
        if member is None:
            raise ValidationError("Этот наставляемый не состоит в паре (группе). Выберите "
                                  "наставляемого из списка.")
    elif entry.mentee_profile_id is not None:
        raise ValidationError("Наставляемый указывается только для отзыва наставляемого.")


def _apply(note: PairNote, entry: NoteEntry) -> None:
    kind = PairNoteKind(entry.kind)
    note.kind, note.written_on, note.text = kind, entry.written_on, entry.text.strip()
    note.mark = entry.mark if kind is PairNoteKind.INTERMEDIATE else None
    note.mentee_profile_id = (entry.mentee_profile_id if kind is PairNoteKind.MENTEE_FEEDBACK
                              else None)


def _describe(entry: NoteEntry) -> str:
    label = PAIR_NOTE_KIND_LABELS[PairNoteKind(entry.kind)]
    mark = f", оценка {entry.mark}" if entry.mark is not None else ""
    return f"{label} от {entry.written_on:%d.%m.%Y}{mark}"


def _note_or_error(session: Session, note_id: int) -> PairNote:
    note = session.get(PairNote, note_id)
    if note is None:
        raise ValidationError("Запись не найдена: возможно, её удалили. Обновите карточку.")
    return note


def add_note(db: Database, pair_id: int, entry: NoteEntry, *, today: dt.date) -> BoardChange:
    with db.transaction() as session:
        pair = pair_or_error(session, pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        _check(session, pair, entry, today)
        note = PairNote(pair_id=pair.id)
        _apply(note, entry)
        session.add(note)
        session.flush()
        summary = f"{pair_label(pair)}: добавлен {_describe(entry)}"
        logged = pair_logged(pair, summary)
        audit.record(session, "add_pair_note", "pair_note", note.id, logged, pair_id=pair.id)
        return tracker.finish(summary, pair.id, logged=logged)


def edit_note(db: Database, note_id: int, entry: NoteEntry, *, today: dt.date) -> BoardChange:
    with db.transaction() as session:
        note = _note_or_error(session, note_id)
        pair = pair_or_error(session, note.pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        _check(session, pair, entry, today)
        _apply(note, entry)
        summary = f"{pair_label(pair)}: изменён {_describe(entry)}"
        logged = pair_logged(pair, summary)
        audit.record(session, "edit_pair_note", "pair_note", note.id, logged, pair_id=pair.id)
        return tracker.finish(summary, pair.id, logged=logged)


def delete_note(db: Database, note_id: int) -> BoardChange:
    with db.transaction() as session:
        note = _note_or_error(session, note_id)
        pair = pair_or_error(session, note.pair_id)
        tracker = Tracker(session, [pair.id], [], work=True)
        summary = (f"{pair_label(pair)}: удалён "
                   f"{_describe(NoteEntry(note.kind, note.written_on, mark=note.mark))}")
        session.delete(note)
        session.flush()
        logged = pair_logged(pair, summary)
        audit.record(session, "delete_pair_note", "pair_note", note_id, logged,
                     pair_id=pair.id)
        return tracker.finish(summary, pair.id, logged=logged)


def notes(db: Database, pair_id: int) -> PairNotes:
    with db.reading() as session:
        pair = pair_or_error(session, pair_id)
        mentor = pair.mentor.person
        mentees = {row.id: short_name(row.last_name, row.first_name, row.middle_name)
                   for row in session.execute(
                       select(MenteeProfile.id, Person.last_name, Person.first_name,
                              Person.middle_name)
                       .join(Person, Person.id == MenteeProfile.person_id)
                       .join(PairMentee, PairMentee.mentee_profile_id == MenteeProfile.id)
                       .where(PairMentee.pair_id == pair.id))}
        rows = session.scalars(select(PairNote).where(PairNote.pair_id == pair.id)
                               .order_by(PairNote.written_on, PairNote.id)).all()
        records = [NoteRecord(n.id, n.kind, PAIR_NOTE_KIND_LABELS[n.kind], n.written_on, n.text,
                              n.mark, n.mentee_profile_id,
                              mentees.get(n.mentee_profile_id, "") if n.mentee_profile_id
                              else "")
                   for n in rows]
        return PairNotes(
            pair_id=pair.id,
            mentor_name=short_name(mentor.last_name, mentor.first_name, mentor.middle_name),
            mentees=tuple(sorted(mentees.items(), key=lambda item: item[1].casefold())),
            intermediate=tuple(r for r in records if r.kind is PairNoteKind.INTERMEDIATE),
            mentor_feedback=tuple(r for r in records if r.kind is PairNoteKind.MENTOR_FEEDBACK),
            mentee_feedback=tuple(r for r in records if r.kind is PairNoteKind.MENTEE_FEEDBACK))


def last_marks(db: Database, programme_id: int) -> dict[int, LastMark]:
    """Every pair's last intermediate mark (by date, then by entry) in one query."""
    numbered = (
        select(PairNote.pair_id, PairNote.mark, PairNote.written_on,
               func.row_number().over(partition_by=PairNote.pair_id,
                                      order_by=(PairNote.written_on.desc(),
                                                PairNote.id.desc())).label("n"))
        .join(MentoringPair, MentoringPair.id == PairNote.pair_id)
        .where(MentoringPair.programme_id == programme_id,
               PairNote.kind == PairNoteKind.INTERMEDIATE, PairNote.mark.is_not(None))
        .subquery())
    with db.reading() as session:
        return {row.pair_id: LastMark(row.mark, row.written_on) for row in session.execute(
            select(numbered.c.pair_id, numbered.c.mark, numbered.c.written_on)
            .where(numbered.c.n == 1))}
