"""The school's requisites: the one writer of the `School` row and its rules.

Stage 1's wizard, the first programme (`programme.create_school_and_programme`) and the
settings dialog all write the school here (`write_school`), so a name, an ИНН or an e-mail is
checked the same way wherever it is typed. A problem is refused with the field named and what
to write instead (`RequisiteProblem`, a ValidationError that knows its field, so a form can put
the cursor there); nothing is written then.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import School
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.people import persons

DEFAULT_POSITION = "Директор"

FIELD_LABELS = {
    "full_name": "Полное наименование",
    "short_name": "Краткое наименование",
    "founder": "Учредитель",
    "address": "Адрес",
    "settlement": "Место составления документов",
    "municipality": "Муниципалитет",
    "inn": "ИНН",
    "phone": "Телефон",
    "email": "Электронная почта",
    "director_name": "ФИО директора",
    "director_position": "Должность руководителя",
}
"""Every requisite by its field, as the forms label it (and the refusals name it)."""

_MAX_LENGTH = {"full_name": 500, "short_name": 200, "founder": 500, "address": 500,
               "settlement": 200, "municipality": 200, "inn": 20, "phone": 50, "email": 200,
               "director_name": 200, "director_position": 200}
"""The columns' lengths (data/core_models.School)."""

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE = re.compile(r"^[0-9+()\-\s.,доб]+$")
_INN_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)


class RequisiteProblem(ValidationError):
    """A requisite refused: `field` is its name in `SchoolRequisites`."""

    def __init__(self, field: str, reason: str, *, named: bool = False) -> None:
        """`reason` follows the field's label, or stands alone when it names it (`named`)."""
        super().__init__(reason if named else f"{FIELD_LABELS[field]}: {reason}")
        self.field = field


@dataclass(frozen=True)
class SchoolRequisites:
    """The school as its documents print it (`School`'s columns)."""

    full_name: str
    short_name: str = ""
    founder: str = ""
    address: str = ""
    settlement: str = ""
    municipality: str = ""
    inn: str = ""
    phone: str = ""
    email: str = ""
    director_name: str = ""
    director_position: str = DEFAULT_POSITION


ALL_FIELDS = tuple(FIELD_LABELS)


def school_requisites(db: Database) -> SchoolRequisites | None:
    """The school's requisites as stored; None in a database without a school."""
    with db.reading() as session:
        school = _school(session)
        if school is None:
            return None
        return SchoolRequisites(**{name: getattr(school, name) or "" for name in ALL_FIELDS})


def checked(requisites: SchoolRequisites,
            fields: Collection[str] = ALL_FIELDS) -> SchoolRequisites:
    """The requisites of `fields` (and the full name) tidied — spaces collapsed, the
    director's ФИО surname first — the others as they are; or a `RequisiteProblem` naming the
    first field that cannot be taken and why."""
    names = {"full_name", *fields}
    values = {name: " ".join(str(getattr(requisites, name)).split()) if name in names
              else getattr(requisites, name) for name in ALL_FIELDS}
    if not values["full_name"]:
        raise RequisiteProblem("full_name", "укажите полное наименование образовательной "
                                            "организации, как в уставе.")
    for name in ALL_FIELDS:
        if name in names and len(values[name]) > _MAX_LENGTH[name]:
            raise RequisiteProblem(name, f"не длиннее {_MAX_LENGTH[name]} знаков (сейчас "
                                         f"{len(values[name])}).")
    checks = {"inn": _checked_inn, "phone": _checked_phone, "email": _checked_email,
              "director_name": _checked_director}
    for name, check in checks.items():
        if name in names:
            values[name] = check(values[name])
    if "director_position" in names:
        values["director_position"] = values["director_position"] or DEFAULT_POSITION
    return SchoolRequisites(**values)


def _checked_director(name: str) -> str:
    try:
        return persons.check_signer_name(name)
    except ValidationError as exc:
        raise RequisiteProblem("director_name", exc.message, named=True) from None


def _checked_inn(inn: str) -> str:
    if not inn:
        return ""
    digits = inn.replace(" ", "")
    if not digits.isdigit() or len(digits) != 10:
        raise RequisiteProblem("inn", f"ИНН организации — 10 цифр, указано «{inn}».")
    control = sum(w * int(d) for w, d in zip(_INN_WEIGHTS, digits, strict=False)) % 11 % 10
    if control != int(digits[9]):
        raise RequisiteProblem("inn", f"в ИНН «{inn}» не сходится контрольная цифра: "
                                      "проверьте его по уставу или выписке из ЕГРЮЛ.")
    return digits


def _checked_phone(phone: str) -> str:
    if not phone:
        return ""
    if not _PHONE.match(phone) or not 5 <= sum(c.isdigit() for c in phone) <= 15:
        raise RequisiteProblem("phone", f"«{phone}» не похоже на номер телефона: укажите "
                                        "его цифрами, например +7 (4822) 12-34-56.")
    return phone


def _checked_email(email: str) -> str:
    if not email:
        return ""
    if not _EMAIL.match(email):
        raise RequisiteProblem("email", f"«{email}» не похоже на адрес электронной почты: "
                                        "укажите его как school7@mail.ru.")
    return email


def write_school(session: Session, requisites: SchoolRequisites, *,
                 fields: Collection[str] = ALL_FIELDS, keep_empty: bool = False) -> School:
    """Record the school (created when the database has none) inside the caller's
    transaction: the requisites of `fields` are checked and written, the others kept; with
    `keep_empty`, a field left empty keeps what is stored too (the first programme's short
    form). The full name is always required."""
    unknown = set(fields) - set(ALL_FIELDS)
    if unknown:
        raise ValueError(f"unknown requisites: {sorted(unknown)}")
    school = _school(session)
    stored = (SchoolRequisites(**{n: getattr(school, n) or "" for n in ALL_FIELDS})
              if school is not None else SchoolRequisites(full_name=""))
    merged = dataclasses.replace(stored, **{
        name: getattr(requisites, name) for name in (*fields, "full_name")
        if not (keep_empty and not str(getattr(requisites, name)).strip())})
    tidy = checked(merged, fields)
    if school is None:
        school = School(full_name=tidy.full_name)
        session.add(school)
    for name in ALL_FIELDS:
        setattr(school, name, getattr(tidy, name))
    session.flush()
    return school


def save_school(db: Database, requisites: SchoolRequisites) -> SchoolRequisites:
    """The settings' «Школа»: every requisite at once, in one transaction, logged."""
    with db.transaction() as session:
        save_school_in(session, requisites)
    stored = school_requisites(db)
    assert stored is not None
    return stored


def save_school_in(session: Session, requisites: SchoolRequisites) -> None:
    """`save_school` inside the caller's transaction (the settings dialog saves everything in
    one); a change is logged, naming the fields changed (never their values)."""
    before = _school(session)
    old = {n: getattr(before, n) for n in ALL_FIELDS} if before is not None else {}
    school = write_school(session, requisites)
    changed = [FIELD_LABELS[n] for n in ALL_FIELDS if old.get(n) != getattr(school, n)]
    if changed:
        audit.record(session, "update", "school", school.id,
                     "Изменены реквизиты школы: " + ", ".join(changed))


def _school(session: Session) -> School | None:
    return session.scalars(select(School).order_by(School.id)).first()
