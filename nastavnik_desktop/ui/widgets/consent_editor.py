"""The personal-data consent beside a wizard's table of people (stage 2's mentees, stage 3's
mentors): ticked when given, the date and number of the paper, who gave it, and the button
that gives the same consent to every selected row.

The page holding it decides what an edit changes; the widget only says `edited` (a field
changed by the curator) and `apply_requested` (the button). Its height never changes, so the
table beside it stays where the curator's mouse expects it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from typing import Protocol, TypeVar

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from nastavnik_desktop.data.enums import ConsentGiver
from nastavnik_desktop.services.importing.consents import (
    Candidate,
    ConsentList,
    listed_consent,
    read_consent_list,
    summary,
)
from nastavnik_desktop.services.people.consent import GIVER_LABELS, ConsentInfo, applied_to
from nastavnik_desktop.services.stages.choices import PersonChoice
from nastavnik_desktop.ui import messages, prefs
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate

APPLY_TEXT = "Применить согласие к выделенным"
IMPORT_TEXT = "Загрузить согласия из таблицы…"
FILE_FILTER = "Таблицы (*.xlsx *.xls *.ods *.csv)"
PARENT_PLACEHOLDER = "ФИО родителя (законного представителя), если известно"
DOCUMENT_PLACEHOLDER = "например, № 12 от 05.09.2025"
_FLAG_STYLE = "QLabel { color: #8c1d18; }"
_FLAG_LINES = 3


def giver_placeholder(giver: ConsentGiver) -> str:
    """The hint in the signer's name field: only a representative's consent names someone."""
    return PARENT_PLACEHOLDER if giver is not ConsentGiver.SELF else ""


class ConsentEditor(QGroupBox):
    """The consent of the current row; `consent()` is what the fields say."""

    edited = Signal()
    apply_requested = Signal()
    import_requested = Signal()

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__("Согласие на обработку ПДн (152-ФЗ)", parent)
        self._loading = False
        self.given = QCheckBox("Согласие на обработку персональных данных получено")
        self.date = QDateEdit()
        self.date.setDisplayFormat(DATE_FORMAT)
        self.date.setCalendarPopup(True)
        self.date.setMinimumDate(QDate(2000, 1, 1))
        self.date.setMaximumDate(qdate(today))
        self.giver_combo = QComboBox()
        for giver, label in GIVER_LABELS.items():
            self.giver_combo.addItem(label, giver.value)
        self.name = QLineEdit()
        self.document = QLineEdit()
        self.document.setPlaceholderText(DOCUMENT_PLACEHOLDER)
        self.document.setToolTip("Номер и дата бумажного согласия, как их записывает школа")
        self.flag = QLabel()
        self.flag.setObjectName("consent_flag")
        self.flag.setWordWrap(True)
        self.flag.setStyleSheet(_FLAG_STYLE)
        self.flag.setFixedHeight(self.flag.fontMetrics().lineSpacing() * _FLAG_LINES)
        self.apply_button = QPushButton(APPLY_TEXT)
        self.apply_button.setToolTip(
            "Та же дата, тот же документ и тот же вид согласия для всех выделенных; за каждого "
            "расписывается его родитель, записанный в карточке (или «родитель (законный "
            "представитель)» без имени)")
        self.apply_button.clicked.connect(self.apply_requested)
        self.import_button = QPushButton(IMPORT_TEXT)
        self.import_button.setToolTip(
            "Список классного руководителя: ФИО, при желании класс, дата рождения, ФИО "
            "родителя и отметка о согласии (да / нет / дата). Без даты в списке берётся дата "
            "из поля «Дата».")
        self.import_button.clicked.connect(self.import_requested)

        form = QFormLayout(self)
        form.addRow(self.given)
        # Who gave it on a line of its own: beside the date it made the editor ~550 px wide
        # at least, and the table beside it lost its last columns at the wizards' width.
        date_row = QHBoxLayout()
        date_row.addWidget(self.date)
        date_row.addStretch(1)
        form.addRow("Дата:", date_row)
        form.addRow("Дал(а):", self.giver_combo)
        form.addRow("Документ:", self.document)
        form.addRow("ФИО давшего:", self.name)
        form.addRow(self.flag)
        form.addRow(self.apply_button)
        form.addRow(self.import_button)

        self.given.toggled.connect(self._changed)
        self.date.dateChanged.connect(self._changed)
        self.giver_combo.currentIndexChanged.connect(self._changed)
        self.name.textEdited.connect(self._changed)
        self.document.textEdited.connect(self._changed)
        self._enable_fields()

    def load(self, consent: ConsentInfo | None, *, minor: bool, parent_name: str,
             today: dt.date) -> None:
        """Show `consent` (a revoked one shows as not given); a new one is by default the
        parent's for a minor, one's own for an adult."""
        given = consent is not None and consent.in_force
        self._loading = True
        try:
            self.given.setChecked(given)
            if consent is not None and given:
                giver, day, name = consent.given_by, consent.given_on, consent.given_by_name
                document = consent.document_ref
            else:
                giver = ConsentGiver.PARENT if minor else ConsentGiver.SELF
                day, name, document = today, "", ""
            self.giver_combo.setCurrentIndex(self.giver_combo.findData(giver.value))
            self.date.setDate(qdate(day))
            self.name.setText(name or (parent_name if giver is not ConsentGiver.SELF else ""))
            self.document.setText(document)
        finally:
            self._loading = False
        self._enable_fields()

    def clear(self) -> None:
        self._loading = True
        try:
            self.given.setChecked(False)
            self.name.clear()
            self.document.clear()
            self.flag.clear()
        finally:
            self._loading = False
        self._enable_fields()

    def giver(self) -> ConsentGiver:
        return ConsentGiver(self.giver_combo.currentData())

    def consent(self) -> ConsentInfo | None:
        """The consent as the fields say (None when not ticked)."""
        if not self.given.isChecked():
            return None
        giver = self.giver()
        name = " ".join(self.name.text().split()) if giver is not ConsentGiver.SELF else ""
        return ConsentInfo(pydate(self.date.date()), giver, name,
                           document_ref=" ".join(self.document.text().split()))

    def default_date(self) -> dt.date:
        """The date for consents whose list gives none: the one in the «Дата» field."""
        return pydate(self.date.date())

    def set_flag(self, text: str) -> None:
        self.flag.setText(text)

    def set_selected(self, count: int, enabled: bool) -> None:
        self.apply_button.setText(f"{APPLY_TEXT} ({count})" if count > 1 else APPLY_TEXT)
        self.apply_button.setEnabled(count > 1 and enabled)

    def _changed(self) -> None:
        self._enable_fields()
        if not self._loading:
            self.edited.emit()

    def _enable_fields(self) -> None:
        given = self.given.isChecked()
        representative = self.giver() is not ConsentGiver.SELF
        for field in (self.date, self.giver_combo, self.document):
            field.setEnabled(given)
        self.name.setEnabled(given and representative)
        self.name.setPlaceholderText(giver_placeholder(self.giver()))


Key = TypeVar("Key", bound=Hashable)
_HolderKey = TypeVar("_HolderKey", bound=Hashable, contravariant=True)


class ConsentHolder(Protocol[_HolderKey]):
    """A wizard's table model that keeps the consents of its people by a key."""

    def consent(self, key: _HolderKey, /) -> ConsentInfo | None: ...

    def set_consent(self, key: _HolderKey, info: ConsentInfo | None, /) -> None: ...


def give_consent(holder: ConsentHolder[Key], consent: ConsentInfo | None, current: Key,
                 parents: Mapping[Key, str]) -> None:
    """`consent` (None: taken off) to each person of `parents` (key → the parent on record),
    the selection: the name typed signs for `current`, each other person's own parent for
    him (or «родитель (законный представитель)» unnamed)."""
    for key, parent_name in parents.items():
        signer = consent.given_by_name if consent is not None and key == current \
            else parent_name
        holder.set_consent(key, applied_to(consent, holder.consent(key), signer))


def read_consent_file(parent: QWidget, people: Sequence[Candidate],
                      today: dt.date) -> ConsentList | None:
    """Ask for a class teacher's list, read it against `people` and tell the curator what was
    found; None when cancelled or the file is refused (said to the curator)."""
    path = prefs.ask_for_import_file(
        parent, "Список согласий (таблица классного руководителя)", FILE_FILTER)
    if path is None:
        return None
    result = messages.guarded(parent, lambda: read_consent_list(path, people, today),
                              title="Согласия не загружены")
    if result is not None:
        messages.show_info(parent, summary(result) + "\nСогласия сохранятся кнопкой "
                           "«Готово» вместе с остальным.", title="Согласия из таблицы")
    return result


def take_consent_file(parent: QWidget, holder: ConsentHolder[int],
                      people: Mapping[int, PersonChoice], today: dt.date,
                      default_date: dt.date) -> bool:
    """«Загрузить согласия из таблицы…»: the consents a class teacher's list gives to `people`
    (by id) go to `holder`; rows without a date take `default_date`. False when nothing was
    read."""
    listed = read_consent_file(parent, list(people.values()), today)
    if listed is None:
        return False
    for found in listed.found:
        person = people[found.person_id]
        holder.set_consent(person.id, listed_consent(
            found, minor=person.is_minor(today), default_date=default_date))
    return True
