"""The SWOT analysis of a programme and the curator's conclusions of its monitoring (issue 13,
point 5) — the one writer of `swot_entry` and of `programme.monitoring_conclusions`.

A SWOT belongs to a programme and, optionally, to one of its forms of mentoring (`form_id` None:
the SWOT of the whole programme). Each of its four quadrants is an ordered list of short lines;
the order is kept dense (0, 1, 2 …) within a quadrant of a SWOT. Every write is one transaction
with its audit entry; a delete returns what `restore_entries` needs to put the lines back where
they were (the tab's undo), a move returns the place the line came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import SwotQuadrant
from nastavnik_desktop.data.models import MentoringForm, Programme, SwotEntry
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.forms import FormOption, programme_forms
from nastavnik_desktop.text import shorten

QUADRANTS: tuple[SwotQuadrant, ...] = (
    SwotQuadrant.STRENGTH, SwotQuadrant.WEAKNESS, SwotQuadrant.OPPORTUNITY, SwotQuadrant.THREAT)
"""The order of the quadrants on screen and on paper."""

QUADRANT_LABELS: dict[SwotQuadrant, str] = {
    SwotQuadrant.STRENGTH: "Сильные стороны",
    SwotQuadrant.WEAKNESS: "Слабые стороны",
    SwotQuadrant.OPPORTUNITY: "Возможности",
    SwotQuadrant.THREAT: "Угрозы",
}

MAX_TEXT = 1000
"""A line of a SWOT is a sentence or two, not a report."""
MAX_CONCLUSIONS = 20000


@dataclass(frozen=True)
class SwotItem:
    id: int
    quadrant: SwotQuadrant
    position: int
    """Its place in the quadrant, from 0."""
    text: str


@dataclass(frozen=True)
class Swot:
    """The SWOT of a programme (form_id None) or of one of its forms."""

    programme_id: int
    form_id: int | None
    items: dict[SwotQuadrant, tuple[SwotItem, ...]]

    def quadrant(self, quadrant: SwotQuadrant) -> tuple[SwotItem, ...]:
        return self.items.get(quadrant, ())

    @property
    def empty(self) -> bool:
        return not any(self.items.values())


@dataclass(frozen=True)
class EntryPlace:
    """Where a line stands: enough to put it back (undo of a delete or a move)."""

    programme_id: int
    form_id: int | None
    quadrant: SwotQuadrant
    position: int
    text: str
    entry_id: int


# --- reading ---------------------------------------------------------------------------------


def swot(db: Database, programme_id: int, form_id: int | None = None) -> Swot:
    """The four lists of the programme's SWOT (or of one form's), each in its order."""
    items: dict[SwotQuadrant, list[SwotItem]] = {q: [] for q in QUADRANTS}
    with db.reading() as session:
        for row in _entries(session, programme_id, form_id):
            items[row.quadrant].append(
                SwotItem(row.id, row.quadrant, len(items[row.quadrant]), row.text))
    return Swot(programme_id, form_id, {q: tuple(lines) for q, lines in items.items()})


def forms_with_swot(db: Database, programme_id: int) -> tuple[int, ...]:
    """The forms of mentoring that have a SWOT of their own in the programme (ids, in the
    reference list's order)."""
    with db.reading() as session:
        return tuple(session.scalars(
            select(MentoringForm.id).where(MentoringForm.id.in_(
                select(SwotEntry.form_id).where(SwotEntry.programme_id == programme_id,
                                                SwotEntry.form_id.is_not(None))))
            .order_by(MentoringForm.sort_order, MentoringForm.id)))


def form_choices(db: Database, programme_id: int) -> tuple[FormOption, ...]:
    """The forms a SWOT may be written for: the programme's forms, and any form that already
    has one."""
    with db.reading() as session:
        have = session.scalars(select(SwotEntry.form_id).where(
            SwotEntry.programme_id == programme_id, SwotEntry.form_id.is_not(None)).distinct())
        return programme_forms(session, programme_id, list(have))


def conclusions(db: Database, programme_id: int) -> str:
    """The curator's conclusions of the programme's monitoring («» while none were written)."""
    with db.reading() as session:
        return _programme(session, programme_id).monitoring_conclusions or ""


# --- writing ---------------------------------------------------------------------------------


def add_entries(db: Database, programme_id: int, quadrant: SwotQuadrant,
                texts: str | Iterable[str], *, form_id: int | None = None,
                position: int | None = None) -> tuple[int, ...]:
    """Add lines to a quadrant (at `position`, or at its end). A text of several lines gives
    one entry a line (list marks «–», «•», «1.» dropped); a line the quadrant already has is
    not added twice. Returns the new entries' ids in their order."""
    lines = _lines(texts)
    with db.transaction() as session:
        _programme(session, programme_id)
        form_name = _form_name(session, form_id)
        rows = _entries(session, programme_id, form_id, quadrant)
        known = {_key(row.text) for row in rows}
        fresh: list[str] = []
        for line in lines:
            if _key(line) not in known:
                known.add(_key(line))
                fresh.append(line)
        if not fresh:
            raise ValidationError(
                f"{'Такой пункт уже есть' if len(lines) == 1 else 'Эти пункты уже есть'} в "
                f"списке «{QUADRANT_LABELS[quadrant]}» — добавлять нечего.")
        added = [SwotEntry(programme_id=programme_id, form_id=form_id, quadrant=quadrant,
                           text=line) for line in fresh]
        at = len(rows) if position is None else max(0, min(position, len(rows)))
        ordered = [*rows[:at], *added, *rows[at:]]
        session.add_all(added)
        _renumber(ordered)
        session.flush()
        ids = tuple(entry.id for entry in added)
        summary = (f"«{shorten(fresh[0])}»" if len(fresh) == 1
                   else f"{len(fresh)} пунктов")
        audit.record(session, "swot_add", "programme", programme_id,
                     f"SWOT-анализ{form_name}: добавлено в «{QUADRANT_LABELS[quadrant]}» "
                     f"{summary}", form=form_id, quadrant=quadrant.value, entries=list(ids))
        return ids


def edit_entry(db: Database, entry_id: int, text: str) -> str:
    """Change a line's text; returns the text it had (for undo). Nothing is written when the
    text did not change."""
    line = _checked_text(text)
    with db.transaction() as session:
        entry = _entry(session, entry_id)
        before = entry.text
        if before == line:
            return before
        if any(_key(row.text) == _key(line) for row in _entries(
                session, entry.programme_id, entry.form_id, entry.quadrant) if row.id != entry.id):
            raise ValidationError(f"Такой пункт уже есть в списке "
                                  f"«{QUADRANT_LABELS[entry.quadrant]}». Напишите другой текст "
                                  f"или удалите этот пункт.")
        entry.text = line
        audit.record(session, "swot_edit", "swot_entry", entry.id,
                     f"SWOT-анализ{_form_name(session, entry.form_id)}: изменён пункт "
                     f"«{shorten(line)}»", before=before)
        return before


def delete_entries(db: Database, entry_ids: Iterable[int]) -> tuple[EntryPlace, ...]:
    """Delete lines; returns where each stood, in an order `restore_entries` can replay."""
    wanted = list(dict.fromkeys(entry_ids))
    if not wanted:
        raise ValidationError("Не выбрано ни одного пункта SWOT-анализа для удаления.")
    with db.transaction() as session:
        found = [_entry(session, entry_id) for entry_id in wanted]
        places: list[EntryPlace] = []
        touched: set[tuple[int, int | None, SwotQuadrant]] = set()
        for entry in found:
            rows = _entries(session, entry.programme_id, entry.form_id, entry.quadrant)
            position = next(i for i, row in enumerate(rows) if row.id == entry.id)
            places.append(EntryPlace(entry.programme_id, entry.form_id, entry.quadrant,
                                     position, entry.text, entry.id))
            touched.add((entry.programme_id, entry.form_id, entry.quadrant))
        for entry in found:
            session.delete(entry)
        session.flush()
        for programme_id, form_id, quadrant in touched:
            _renumber(_entries(session, programme_id, form_id, quadrant))
        first = found[0]
        summary = (f"«{shorten(first.text)}»" if len(found) == 1 else f"{len(found)} пунктов")
        audit.record(session, "swot_delete", "programme", first.programme_id,
                     f"SWOT-анализ{_form_name(session, first.form_id)}: удалено {summary}",
                     entries=[place.entry_id for place in places],
                     texts=[place.text for place in places])
        return tuple(sorted(places, key=lambda p: (p.quadrant.value, p.position)))


def restore_entries(db: Database, places: Sequence[EntryPlace]) -> tuple[int, ...]:
    """Put deleted lines back where they stood (undo of `delete_entries`); returns their new
    ids in the order of `places`."""
    if not places:
        return ()
    with db.transaction() as session:
        _programme(session, places[0].programme_id)
        made: dict[EntryPlace, SwotEntry] = {}
        for place in sorted(places, key=lambda p: (p.quadrant.value, p.position)):
            rows = _entries(session, place.programme_id, place.form_id, place.quadrant)
            entry = SwotEntry(programme_id=place.programme_id, form_id=place.form_id,
                              quadrant=place.quadrant, text=place.text)
            session.add(entry)
            at = max(0, min(place.position, len(rows)))
            _renumber([*rows[:at], entry, *rows[at:]])
            session.flush()
            made[place] = entry
        result = tuple(made[place].id for place in places)
        first = places[0]
        what = (f"возвращён пункт «{shorten(first.text)}»" if len(places) == 1
                else f"возвращено {len(places)} пунктов")
        audit.record(session, "swot_restore", "programme", first.programme_id,
                     f"SWOT-анализ{_form_name(session, first.form_id)}: {what}",
                     entries=list(result))
        return result


def move_entry(db: Database, entry_id: int, *, step: int = 0,
               quadrant: SwotQuadrant | None = None,
               position: int | None = None) -> EntryPlace:
    """Move a line `step` places up (-1) or down (+1) in its quadrant, or to `position` of
    `quadrant` (its end when no position is given). Returns where it stood before (undo: move
    it back to that quadrant and position). A move past the end of the list does nothing."""
    with db.transaction() as session:
        entry = _entry(session, entry_id)
        rows = _entries(session, entry.programme_id, entry.form_id, entry.quadrant)
        old = next(i for i, row in enumerate(rows) if row.id == entry.id)
        before = EntryPlace(entry.programme_id, entry.form_id, entry.quadrant, old, entry.text,
                            entry.id)
        target = entry.quadrant if quadrant is None else quadrant
        rest = [row for row in rows if row.id != entry.id]
        if target == entry.quadrant:
            at = old + step if position is None else position
            at = max(0, min(at, len(rest)))
            if at == old:
                return before
            _renumber([*rest[:at], entry, *rest[at:]])
        else:
            others = _entries(session, entry.programme_id, entry.form_id, target)
            if any(_key(row.text) == _key(entry.text) for row in others):
                raise ValidationError(f"Такой пункт уже есть в списке "
                                      f"«{QUADRANT_LABELS[target]}».")
            at = len(others) if position is None else max(0, min(position, len(others)))
            entry.quadrant = target
            _renumber(rest)
            _renumber([*others[:at], entry, *others[at:]])
        audit.record(session, "swot_move", "swot_entry", entry.id,
                     f"SWOT-анализ{_form_name(session, entry.form_id)}: пункт "
                     f"«{shorten(entry.text)}» перемещён"
                     + ("" if target == before.quadrant
                        else f" в «{QUADRANT_LABELS[target]}»"),
                     quadrant=target.value, position=at)
        return before


def set_conclusions(db: Database, programme_id: int, text: str) -> bool:
    """Save the curator's conclusions of the monitoring; False when they did not change."""
    value = text.strip()
    if len(value) > MAX_CONCLUSIONS:
        raise ValidationError(f"Выводы слишком длинные: {len(value)} знаков при пределе "
                              f"{MAX_CONCLUSIONS}. Сократите текст.")
    with db.transaction() as session:
        found = _programme(session, programme_id)
        if (found.monitoring_conclusions or "") == value:
            return False
        found.monitoring_conclusions = value
        audit.record(session, "monitoring_conclusions", "programme", programme_id,
                     "Изменены выводы по итогам мониторинга" if value
                     else "Выводы по итогам мониторинга очищены", length=len(value))
        return True


def line_text(text: str) -> str:
    """A line as it is saved: on one line, its list mark («–», «1.») dropped; ValidationError
    when it is empty or too long."""
    return _checked_text(text)


def same_text(a: str, b: str) -> bool:
    """Whether two lines are the same point (case, ё/е, spaces and a final dot aside): a
    quadrant does not take a line twice."""
    return _key(a) == _key(b)


# --- helpers ---------------------------------------------------------------------------------


_MARKS = ("- ", "– ", "— ", "• ", "* ", "· ")


def _clean(line: str) -> str:
    text = " ".join(line.split())
    for mark in _MARKS:
        if text.startswith(mark):
            return text[len(mark):].strip()
    head, dot, tail = text.partition(". ")
    if dot and head.isdigit() and len(head) <= 2:
        return tail.strip()
    head, paren, tail = text.partition(") ")
    if paren and head.isdigit() and len(head) <= 2:
        return tail.strip()
    return text


def _checked_text(text: str) -> str:
    line = _clean(text)
    if not line:
        raise ValidationError("Текст пункта не заполнен. Напишите, что это за сильная или "
                              "слабая сторона, возможность или угроза.")
    if len(line) > MAX_TEXT:
        raise ValidationError(f"Пункт слишком длинный: {len(line)} знаков при пределе "
                              f"{MAX_TEXT}. Сократите его или разбейте на несколько пунктов.")
    return line


def _lines(texts: str | Iterable[str]) -> list[str]:
    raw = texts.splitlines() if isinstance(texts, str) else [
        part for text in texts for part in text.splitlines()]
    lines = [_clean(line) for line in raw]
    lines = [line for line in lines if line]
    if not lines:
        raise ValidationError("Текст пункта не заполнен. Напишите, что это за сильная или "
                              "слабая сторона, возможность или угроза.")
    return [_checked_text(line) for line in lines]


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split()).rstrip(".")


def _renumber(rows: Sequence[SwotEntry]) -> None:
    for index, row in enumerate(rows):
        if row.sort_order != index:
            row.sort_order = index


def _entries(session: Session, programme_id: int, form_id: int | None,
             quadrant: SwotQuadrant | None = None) -> list[SwotEntry]:
    query = select(SwotEntry).where(
        SwotEntry.programme_id == programme_id,
        SwotEntry.form_id.is_(None) if form_id is None else SwotEntry.form_id == form_id)
    if quadrant is not None:
        query = query.where(SwotEntry.quadrant == quadrant)
    rows = list(session.scalars(query.order_by(SwotEntry.sort_order, SwotEntry.id)))
    return sorted(rows, key=lambda row: QUADRANTS.index(row.quadrant)) if quadrant is None \
        else rows


def _entry(session: Session, entry_id: int) -> SwotEntry:
    found = session.get(SwotEntry, entry_id)
    if found is None:
        raise ValidationError("Пункт SWOT-анализа не найден: возможно, его уже удалили. "
                              "Откройте вкладку «SWOT-анализ» заново.")
    return found


def _programme(session: Session, programme_id: int) -> Programme:
    found = session.get(Programme, programme_id)
    if found is None:
        raise ValidationError("Программа наставничества не найдена. Откройте её снова.")
    return found


def _form_name(session: Session, form_id: int | None) -> str:
    """« формы «Ученик — ученик»» for an audit summary, «» for the whole programme."""
    if form_id is None:
        return ""
    form = session.get(MentoringForm, form_id)
    if form is None:
        raise ValidationError("Форма наставничества не найдена: возможно, её удалили из "
                              "справочника. Выберите форму заново.")
    return f" формы «{form.name}»"
