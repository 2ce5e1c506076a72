"""The mentor base as the stage 3 wizard holds it (people typed in have id 0 until «Готово»),
with the personal-data consents of its people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from nastavnik_desktop.data.enums import Contour
from nastavnik_desktop.services.people import (
    CONSENT_STATE_LABELS,
    ConsentInfo,
    ConsentState,
    consent_state,
)
from nastavnik_desktop.services.people.consent import consent_problem
from nastavnik_desktop.services.stages import stage3 as stage3_service
from nastavnik_desktop.services.stages.stage2 import FormOption, PersonChoice
from nastavnik_desktop.services.stages.stage3 import (
    MentorEntry,
    MentorRef,
    NewExternalPerson,
    Stage3Start,
)
from nastavnik_desktop.text import class_sort_key
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.rows import RowsModel

NOT_SET = "не указано"
_WARNING_COLOUR = QColor(style.WARNING_COLOUR)


def new_choice(person: NewExternalPerson) -> PersonChoice:
    """How a person typed in the wizard is shown (id 0: not in the database yet)."""
    return PersonChoice(id=0, last_name=person.last_name, first_name=person.first_name,
                        middle_name=person.middle_name, category=person.category,
                        position=person.position, organisation=person.organisation)


class MentorBase(RowsModel[MentorEntry]):
    """The mentor base as the wizard holds it."""

    COL_NAME, COL_PLACE, COL_CATEGORY, COL_FORM, COL_COMPETENCIES, COL_HOURS, \
        COL_CAPACITY, COL_CONSENT = range(8)

    def __init__(self, start: Stage3Start, today: dt.date,
                 parent: QObject | None = None) -> None:
        super().__init__((("ФИО", lambda e: self.person(e).full_name),
                          ("Класс / место работы", lambda e: self.person(e).place),
                          ("Категория", lambda e: self.person(e).category_label),
                          ("Форма", self.form_name),
                          ("Компетенции", lambda e: e.competencies or NOT_SET),
                          ("Время", hours_text),
                          ("Наставляемых", lambda e: str(e.capacity)),
                          ("Согласие на ОПД", self._consent)), parent)
        self.people = start.people
        self.today = today
        self.consents: dict[MentorRef, ConsentInfo | None] = dict(start.data.consents)
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
        if column == self.COL_CONSENT and not self.has_consent(entry):
            return _WARNING_COLOUR
        return None

    # --- consents ---

    def consent(self, ref: MentorRef) -> ConsentInfo | None:
        return self.consents.get(ref)

    def _consent(self, entry: MentorEntry) -> str:
        return CONSENT_STATE_LABELS[self._consent_state(entry)]

    def _consent_state(self, entry: MentorEntry) -> ConsentState:
        return consent_state(self.consent(entry.person),
                             self.person(entry).is_minor(self.today))

    def has_consent(self, entry: MentorEntry) -> bool:
        return self._consent_state(entry).present

    def needs_parent_consent(self, entry: MentorEntry) -> bool:
        """A minor mentor (a pupil of an older grade) without his parent's consent."""
        return self._consent_state(entry) is ConsentState.PARENT_MISSING

    def set_consent(self, ref: MentorRef, info: ConsentInfo | None) -> None:
        self.consents[ref] = info
        for row, entry in enumerate(self.entries()):
            if entry.person == ref:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.COL_CONSENT))

    def consent_problems(self) -> list[str]:
        """What is wrong with the consents entered («Орлов Г.: дата согласия … раньше даты
        рождения.»)."""
        problems = []
        for ref in dict.fromkeys(e.person for e in self.entries()):
            info = self.consent(ref)
            person = self.person(MentorEntry(ref, None))
            problem = consent_problem(info, person.birth_date, self.today) if info else None
            if problem:
                problems.append(f"{person.short_name}: {problem}")
        return problems

    def collected_consents(self) -> dict[MentorRef, ConsentInfo | None]:
        """The consents of the people in the base (others are not the wizard's business)."""
        return {e.person: self.consents.get(e.person) for e in self.entries()}

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
