"""The person card: everything about one person, read and saved in one transaction.

The person himself is shared by every school year (the bases hold only profiles). Saving goes
through `persons.edit_person` (the ФИО rules of every path) and `consent.correct_latest`; the
card adds its own stricter checks: the class as «7А», an age from the birth date between
`MIN_AGE` and `MAX_AGE`, and the one who signed a representative's consent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, replace

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ConsentKind, PersonCategory, Sex
from nastavnik_desktop.data.models import Person
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.people import consent, declension, persons
from nastavnik_desktop.services.people.consent import ConsentInfo, age_on
from nastavnik_desktop.services.people.declension import DeclinedName
from nastavnik_desktop.text import full_name

MIN_AGE, MAX_AGE = 5, 100
"""A birth date giving an age outside these bounds is a typing error."""

_CLASS_RE = re.compile(r"^(\d{1,2})\s*[-–]?\s*([А-ЯЁа-яё]?)$")
CARD_SAVED = "Изменена карточка: "
"""The audit summary of a saved card, followed by the ФИО as saved (erasure reads old names)."""
_NOT_FOUND = "Человек не найден: возможно, его уже удалили. Обновите список."


@dataclass(frozen=True)
class PersonCard:
    """Everything the card editor shows and saves about one person."""

    person_id: int
    last_name: str
    first_name: str
    middle_name: str = ""
    sex: Sex | None = None
    birth_date: dt.date | None = None
    category: PersonCategory = PersonCategory.PUPIL
    class_name: str = ""
    position: str = ""
    subject: str = ""
    organisation: str = ""
    experience_years: int | None = None
    phone: str = ""
    email: str = ""
    parent_name: str = ""
    parent_phone: str = ""
    notes: str = ""
    personal_data_consent: ConsentInfo | None = None
    publication_consent: ConsentInfo | None = None
    declined: DeclinedName | None = None
    """The ФИО as documents print it (кого? кому? кого?); None leaves the stored forms be."""

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name)

    def is_minor(self, today: dt.date | None = None) -> bool:
        return consent.is_minor(self.birth_date, self.category, today or dt.date.today())

    def needs_parent_consent(self, today: dt.date | None = None) -> bool:
        """A minor whose personal-data consent from a parent is not on record (or revoked)."""
        return consent.needs_parent_consent(self.birth_date, self.category,
                                            self.personal_data_consent,
                                            today or dt.date.today())

    def person(self) -> persons.NewPerson:
        """The person's own values, as the writer takes them."""
        return persons.NewPerson(**{f.name: getattr(self, f.name)
                                    for f in dataclasses.fields(persons.NewPerson)})


def get_person(db: Database, person_id: int) -> PersonCard:
    with db.reading() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise ValidationError(_NOT_FOUND)
        latest = consent.latest_of_person(person)
        return PersonCard(
            person_id=person.id, last_name=person.last_name, first_name=person.first_name,
            middle_name=person.middle_name, sex=person.sex, birth_date=person.birth_date,
            category=person.category, class_name=person.class_name, position=person.position,
            subject=person.subject, organisation=person.organisation,
            experience_years=person.experience_years, phone=person.phone, email=person.email,
            parent_name=person.parent_name, parent_phone=person.parent_phone,
            notes=person.notes,
            personal_data_consent=consent.consent_info(latest.get(ConsentKind.PERSONAL_DATA)),
            publication_consent=consent.consent_info(latest.get(ConsentKind.PUBLICATION)),
            declined=declension.declined(person))


def save_person(db: Database, card: PersonCard, *, today: dt.date | None = None) -> PersonCard:
    """Check the card and save it in one transaction; returns the card as saved."""
    clean = validate_card(card, today or dt.date.today())
    with db.transaction() as session:
        person = session.get(Person, clean.person_id)
        if person is None:
            raise ValidationError(_NOT_FOUND)
        renamed = (person.last_name, person.first_name, person.middle_name) != (
            clean.last_name, clean.first_name, clean.middle_name) or person.sex != clean.sex
        shown = declension.declined(person)  # what the card showed before the edit
        if clean.declined is not None and clean.declined != shown:
            declension.store(person, clean.declined)  # the curator's correction
        elif renamed:
            declension.store(person, declension.EMPTY)  # declined from the old name
        persons.edit_person(person, clean.person())
        consent.correct_latest(person, ConsentKind.PERSONAL_DATA, clean.personal_data_consent)
        consent.correct_latest(person, ConsentKind.PUBLICATION, clean.publication_consent)
        session.flush()
        audit.record(session, "update", "person", person.id,
                     f"Изменена карточка человека № {person.id}")
        # The forms documents will print now: the new name's, unless corrected by hand.
        return dataclasses.replace(clean, declined=declension.declined(person))


def validate_card(card: PersonCard, today: dt.date) -> PersonCard:
    """The card with its texts tidied, or ValidationError saying what to correct."""
    person = persons.clean_person(card.person())
    _check_birth_date(card.birth_date, today)
    class_name = _class_name(card.class_name)
    consents = [_checked_consent(info, what, card.birth_date, person.parent_name, today)
                for info, what in ((card.personal_data_consent,
                                    "Согласие на обработку персональных данных"),
                                   (card.publication_consent, "Согласие на публикацию"))]
    return replace(card, **{**dataclasses.asdict(person), "class_name": class_name},
                   personal_data_consent=consents[0], publication_consent=consents[1])


def _check_birth_date(birth_date: dt.date | None, today: dt.date) -> None:
    if birth_date is None:
        return
    if birth_date > today:
        raise ValidationError(f"Дата рождения {birth_date:%d.%m.%Y} ещё не наступила. "
                              "Проверьте год.")
    age = age_on(birth_date, today)
    if age < MIN_AGE:
        raise ValidationError(f"Дата рождения {birth_date:%d.%m.%Y}: человеку меньше "
                              f"{MIN_AGE} лет. Проверьте год.")
    if age > MAX_AGE:
        raise ValidationError(f"Дата рождения {birth_date:%d.%m.%Y}: человеку больше "
                              f"{MAX_AGE} лет. Проверьте год.")


def _class_name(text: str) -> str:
    """«10 б», «10-Б» → «10Б»; a class must be a number from 1 to 11 and maybe a letter."""
    stripped = text.strip()
    if not stripped:
        return ""
    match = _CLASS_RE.match(stripped)
    if not match or not 1 <= int(match.group(1)) <= 11:
        raise ValidationError(f"Класс «{stripped}» записан неверно: укажите номер от 1 до 11 "
                              "и букву, например «7А».")
    return f"{int(match.group(1))}{match.group(2).upper()}"


def _checked_consent(info: ConsentInfo | None, what: str, birth_date: dt.date | None,
                     parent_name: str, today: dt.date) -> ConsentInfo | None:
    if info is None:
        return None
    problem = consent.consent_problem(info, birth_date, today)
    if problem:
        raise ValidationError(f"{what}: {problem}")
    return consent.cleaned(info, parent_name)
