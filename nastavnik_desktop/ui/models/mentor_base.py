"""The mentor base as the stage 3 wizard holds it (people typed in have id 0 until «Готово»)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from nastavnik_desktop.data.enums import Contour
from nastavnik_desktop.services.stages import stage3 as stage3_service
from nastavnik_desktop.services.stages.stage2 import FormOption, PersonChoice
from nastavnik_desktop.services.stages.stage3 import (
    MentorEntry,
    MentorRef,
    NewExternalPerson,
    Stage3Start,
)
from nastavnik_desktop.text import class_sort_key
from nastavnik_desktop.ui.models.rows import RowsModel

NOT_SET = "не указано"
_WARNING_COLOUR = QColor("#b3261e")


def new_choice(person: NewExternalPerson) -> PersonChoice:
    """How a person typed in the wizard is shown (id 0: not in the database yet)."""
    return PersonChoice(id=0, last_name=person.last_name, first_name=person.first_name,
                        middle_name=person.middle_name, category=person.category,
                        position=person.position, organisation=person.organisation)


class MentorBase(RowsModel[MentorEntry]):
    """The mentor base as the wizard holds it."""

    COL_NAME, COL_PLACE, COL_CATEGORY, COL_FORM, COL_COMPETENCIES, COL_HOURS, \
        COL_CAPACITY = range(7)

    def __init__(self, start: Stage3Start, parent: QObject | None = None) -> None:
        super().__init__((("ФИО", lambda e: self.person(e).full_name),
                          ("Класс / место работы", lambda e: self.person(e).place),
                          ("Категория", lambda e: self.person(e).category_label),
                          ("Форма", self.form_name),
                          ("Компетенции", lambda e: e.competencies or NOT_SET),
                          ("Время", hours_text),
                          ("Наставляемых", lambda e: str(e.capacity))), parent)
        self.people = start.people
        self.paired = start.paired_profiles
        self._forms = {f.id: f for f in start.forms}
        self.set_entries(sorted(start.data.mentors, key=self.sort_key))

    def person(self, entry: MentorEntry) -> PersonChoice:
        ref = entry.person
        return new_choice(ref) if isinstance(ref, NewExternalPerson) else self.people[ref]

    def form_name(self, entry: MentorEntry) -> str:
        form = self._forms.get(entry.form_id or 0)
        return form.name if form else "—"

    def form(self, entry: MentorEntry) -> FormOption | None:
        return self._forms.get(entry.form_id or 0)

    def sort_key(self, entry: MentorEntry) -> tuple[Any, ...]:
        person = self.person(entry)
        return (entry.contour.value, person.category.value, class_sort_key(person.class_name),
                person.name_key[:3], self.form_name(entry))

    def foreground(self, entry: MentorEntry, column: int) -> QColor | None:
        if column == self.COL_COMPETENCIES and not entry.competencies.strip():
            return _WARNING_COLOUR
        if column == self.COL_HOURS and entry.time_hours_per_month is None:
            return _WARNING_COLOUR
        return None

    def forms_of(self, ref: MentorRef) -> str:
        forms = [self.form_name(e) for e in self.entries() if e.person == ref]
        return f"✓ {', '.join(forms)}" if forms else ""

    def add(self, refs: list[MentorRef], form_id: int | None, contour: Contour) -> int:
        """Put people into the base in `form_id`; returns how many were added."""
        present = {(e.person, e.form_id) for e in self.entries()}
        new = [MentorEntry(ref, form_id, contour) for ref in dict.fromkeys(refs)
               if (ref, form_id) not in present]
        if new:
            self.set_entries(sorted([*self.entries(), *new], key=self.sort_key))
        return len(new)

    def profile_problems(self) -> list[str]:
        return [problem for entry in self.entries()
                for problem in stage3_service.profile_problems(
                    entry, self.person(entry).short_name)]


def hours_text(entry: MentorEntry) -> str:
    hours = entry.time_hours_per_month
    if hours is None:
        return NOT_SET
    return f"{hours:g} ч/мес"
