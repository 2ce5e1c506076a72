"""The mentee base as the stage 2 wizard holds it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from nastavnik_desktop.services import people as people_service
from nastavnik_desktop.services.people import ConsentInfo
from nastavnik_desktop.services.stages import stage2 as stage2_service
from nastavnik_desktop.services.stages.stage2 import MenteeEntry, PersonChoice, Stage2Start
from nastavnik_desktop.text import class_sort_key
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.rows import RowsModel

_Index = QModelIndex | QPersistentModelIndex

_WARNING_COLOUR = QColor(style.WARNING_COLOUR)


class MenteeBase(RowsModel[MenteeEntry]):
    """The mentee base as the wizard holds it, with the consents of its people."""

    COL_NAME, COL_PLACE, COL_FORM, COL_REQUESTS, COL_CONSENT = range(5)

    def __init__(self, start: Stage2Start, today: dt.date,
                 parent: QObject | None = None) -> None:
        super().__init__((("ФИО", self._name), ("Класс / должность", self._place),
                          ("Форма", self._form), ("Запросы", self._requests),
                          ("Согласие на ОПД", self._consent)), parent)
        self.people = start.people
        self.today = today
        self.paired = start.paired_profiles
        self._forms = {f.id: f.name for f in start.forms}
        self._requests_by_id = {r.id: r for r in start.requests}
        self.consents: dict[int, ConsentInfo | None] = dict(start.data.consents)
        self.set_entries(sorted(start.data.mentees, key=self.sort_key))

    def sort_key(self, entry: MenteeEntry) -> tuple[Any, ...]:
        person = self.people[entry.person_id]
        return (person.category.value != "pupil", class_sort_key(person.class_name),
                person.name_key, self._forms.get(entry.form_id or 0, ""))

    def person(self, entry: MenteeEntry) -> PersonChoice:
        return self.people[entry.person_id]

    def _name(self, entry: MenteeEntry) -> str:
        return self.person(entry).full_name

    def _place(self, entry: MenteeEntry) -> str:
        return self.person(entry).place

    def _form(self, entry: MenteeEntry) -> str:
        return self._forms.get(entry.form_id or 0, "—")

    def _requests(self, entry: MenteeEntry) -> str:
        names = [self._requests_by_id[r].name for r in entry.request_ids
                 if r in self._requests_by_id]
        if entry.requests_note.strip():
            names.append(entry.requests_note.strip())
        return "; ".join(names) or "нет запросов"

    def _consent(self, entry: MenteeEntry) -> str:
        return stage2_service.consent_label(self.person(entry), self.consent(entry.person_id),
                                            self.today)

    def consent(self, person_id: int) -> ConsentInfo | None:
        return self.consents.get(person_id)

    def needs_parent_consent(self, entry: MenteeEntry) -> bool:
        person = self.person(entry)
        return people_service.needs_parent_consent(person.birth_date, person.category,
                                                   self.consent(entry.person_id), self.today)

    def has_consent(self, entry: MenteeEntry) -> bool:
        return stage2_service.has_consent(self.person(entry), self.consent(entry.person_id),
                                          self.today)

    def foreground(self, entry: MenteeEntry, column: int) -> QColor | None:
        if column == self.COL_REQUESTS and not entry.has_requests:
            return _WARNING_COLOUR
        if column == self.COL_CONSENT and not self.has_consent(entry):
            return _WARNING_COLOUR
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() \
                and index.column() == self.COL_NAME \
                and self.needs_parent_consent(self.entry(index.row())):
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)

    def forms_of(self, person_id: int) -> str:
        """«в базе: ученик – ученик» for a person in the base, else ''."""
        forms = [self._form(e) for e in self.entries() if e.person_id == person_id]
        return f"✓ {', '.join(forms)}" if forms else ""

    def add_people(self, people: Iterable[PersonChoice], form_id: int | None) -> tuple[int, int]:
        """Put people into the base in `form_id`; returns (added, already there)."""
        present = {(e.person_id, e.form_id) for e in self.entries()}
        new, already = [], 0
        for person in people:
            if (person.id, form_id) in present:
                already += 1
                continue
            present.add((person.id, form_id))
            new.append(MenteeEntry(person.id, form_id))
            self.people.setdefault(person.id, person)
        if new:
            self.set_entries(sorted([*self.entries(), *new], key=self.sort_key))
        return len(new), already

    def merge_saved(self, start: Stage2Start) -> int:
        """Take in profiles saved meanwhile by another unit of work (the import from a table),
        keeping what the curator has entered here; returns how many came in."""
        known = {e.profile_id for e in self.entries() if e.profile_id is not None}
        new = [m for m in start.data.mentees if m.profile_id not in known]
        self.people.update(start.people)
        self._forms.update({f.id: f.name for f in start.forms})
        self._requests_by_id.update({r.id: r for r in start.requests})
        for mentee in new:
            self.consents.setdefault(mentee.person_id, start.data.consents.get(mentee.person_id))
        if new:
            self.set_entries(sorted([*self.entries(), *new], key=self.sort_key))
        return len(new)

    def set_consent(self, person_id: int, info: ConsentInfo | None) -> None:
        self.consents[person_id] = info
        for row, entry in enumerate(self.entries()):
            if entry.person_id == person_id:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.COL_CONSENT))

    def collected(self) -> tuple[tuple[MenteeEntry, ...], dict[int, ConsentInfo | None]]:
        entries = tuple(self.entries())
        people = {e.person_id for e in entries}
        return entries, {p: self.consents.get(p) for p in people}
