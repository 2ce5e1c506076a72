"""Named exports leave the school only on purpose, only for people with consent, only
encrypted: the gate, the counts, the files (service and command line) on the full demo school.

The demo school as built puts only people with consent into its bases; the fixture withdraws
consents the ways a school meets them — a minor whose parent revoked, a minor with none, a
minor who signed himself, a mentor who revoked, a mentor with none, a parent-mentor whose child
stays in the base, and a pair where neither side has consent left."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pyzipper
from openpyxl import load_workbook
from sqlalchemy import select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import ConsentGiver, ConsentKind, PersonCategory
from nastavnik_desktop.data.models import Person
from nastavnik_desktop.errors import NastavnikError, ValidationError
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services.exchange import crypto
from nastavnik_desktop.services.exchange.named import (
    NO_CONSENT,
    NamedKind,
    Packing,
    export_named,
    named_file,
    plan_named,
)
from nastavnik_desktop.services.paper_data import pair_list_entries
from nastavnik_desktop.services.people import mentee_base, mentor_base
from nastavnik_desktop.services.people.consent import (
    ConsentInfo,
    correct_latest,
    record_consent,
)
from nastavnik_desktop.services.programme import current_programme
from tests.helpers.cli import cli

PASSWORD = "Секрет-2026!"


@dataclass(frozen=True)
class School:
    path: Path
    programme_id: int
    day: dt.date
    left_out: dict[int, str]
    """person id → the reason the warning gives."""
    lost_pair_mentor: str
    """The mentor of a pair where neither side has consent (the row is left out)."""
    child_of_left_out: str
    """A mentee with consent whose parent (a mentor) is left out."""


def _withdraw(person: Person, how: str, day: dt.date) -> None:
    before = day - dt.timedelta(days=10)
    if how == "revoked_by_parent":
        record_consent(person, ConsentKind.PERSONAL_DATA, ConsentInfo(
            before, ConsentGiver.PARENT, revoked_on=day - dt.timedelta(days=5)))
    elif how == "revoked":
        record_consent(person, ConsentKind.PERSONAL_DATA, ConsentInfo(
            before, ConsentGiver.SELF, revoked_on=day - dt.timedelta(days=5)))
    elif how == "self_signed":
        correct_latest(person, ConsentKind.PERSONAL_DATA, ConsentInfo(before, ConsentGiver.SELF))
    else:
        correct_latest(person, ConsentKind.PERSONAL_DATA, None)


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory, build_demo: Callable[..., Path],
           demo_day: dt.date) -> School:
    path = build_demo(tmp_path_factory.mktemp("named") / "demo.sqlite")
    db = open_database(path, backup_dir=path.parent / "backups")
    try:
        programme = current_programme(db)
        assert programme is not None
        mentees = mentee_base(db, programme.id, today=demo_day)
        mentors = {row.full_name: row for row in mentor_base(db, programme.id, today=demo_day)}
        child = next(row for row in mentees if row.parent_name in mentors
                     and mentors[row.parent_name].category is PersonCategory.PARENT)
        parent_mentor = mentors[child.parent_name].person_id
        with db.reading() as session:
            entries = pair_list_entries(session, programme.id)
        pupils = {row.person_id for row in mentees if row.category is PersonCategory.PUPIL
                  and row.age is not None and row.age < 18} - {child.person_id}
        singles = [e for e in entries if len(e.mentee_ids) == 1
                   and e.mentee_ids[0] in pupils and e.mentor_id != parent_mentor]
        groups = [e for e in entries if len(e.mentee_ids) > 2 and e.mentor_id != parent_mentor]
        lost = singles[0]  # neither side keeps consent: the row goes
        half = next(e for e in singles[1:] if e.mentor_id != lost.mentor_id)  # the mentee goes
        group = groups[0]  # one of the group goes
        other_mentor = next(e.mentor_id for e in entries
                            if e.mentor_id not in (lost.mentor_id, half.mentor_id,
                                                   group.mentor_id, parent_mentor))
        plan = {
            half.mentee_ids[0]: ("revoked_by_parent", "согласие родителя отозвано"),
            group.mentee_ids[1]: ("none", "нет согласия родителя"),
            lost.mentee_ids[0]: ("self_signed", "нет согласия родителя"),
            lost.mentor_id: ("revoked", "согласие отозвано"),
            other_mentor: ("none", "нет согласия"),
            parent_mentor: ("revoked", "согласие отозвано"),
        }
        with db.transaction() as session:
            for person_id, (how, _) in plan.items():
                person = session.get(Person, person_id)
                assert person is not None
                _withdraw(person, how, demo_day)
        lost_mentor = session_name(db, lost.mentor_id)
    finally:
        db.close()
    return School(path, programme.id, demo_day,
                  {pid: reason for pid, (_, reason) in plan.items()}, lost_mentor,
                  child.full_name)


def session_name(db: Database, person_id: int) -> str:
    with db.reading() as session:
        person = session.get(Person, person_id)
        assert person is not None
        return person.full_name


@pytest.fixture
def db(school: School) -> Iterator[Database]:
    database = open_database(school.path, backup_dir=school.path.parent / "backups")
    yield database
    database.close()


def _people(db: Database, ids: set[int] | None = None) -> list[Person]:
    with db.reading() as session:
        query = select(Person)
        if ids is not None:
            query = query.where(Person.id.in_(ids))
        people = list(session.scalars(query))
        session.expunge_all()
        return people


def _cell_texts(plain: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(plain))
    return [str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if cell.value is not None]


def _assert_nobody_left_out_appears(db: Database, school: School, texts: list[str]) -> None:
    left_out = _people(db, set(school.left_out))
    kept = [p for p in _people(db) if p.id not in school.left_out]
    kept_short = {short_name(p.last_name, p.first_name, p.middle_name) for p in kept}
    joined = "\n".join(texts)
    for person in left_out:
        assert person.full_name not in joined, person.full_name
        brief = short_name(person.last_name, person.first_name, person.middle_name)
        if brief not in kept_short:  # a namesake with consent may be named
            assert brief not in joined, brief
        if person.phone:
            assert person.phone not in joined, person.full_name


# --- the plan ----------------------------------------------------------------------------------


def test_the_plan_counts_who_is_left_out_and_says_why(db: Database, school: School) -> None:
    plan = plan_named(db, school.programme_id, (NamedKind.BASES,), today=school.day)
    people = {p.id: p for p in _people(db, set(school.left_out))}
    expected = sorted(f"{people[pid].full_name}, " for pid in school.left_out)
    assert plan.left_out_count == len(school.left_out) == 6
    assert sorted(line.split(", ")[0] + ", " for line in plan.left_out) == expected
    for pid, reason in school.left_out.items():
        person = people[pid]
        place = person.class_name or person.position or person.organisation
        assert f"{person.full_name}, {place} — {reason}" in plan.left_out
    mentees = mentee_base(db, school.programme_id, today=school.day)
    mentors = mentor_base(db, school.programme_id, today=school.day)
    everyone = {row.person_id for row in (*mentees, *mentors)}
    assert plan.included == len(everyone) - len(school.left_out)


def test_the_pair_list_plan_counts_only_the_people_of_pairs(db: Database,
                                                            school: School) -> None:
    plan = plan_named(db, school.programme_id, (NamedKind.PAIRS,), today=school.day)
    with db.reading() as session:
        entries = pair_list_entries(session, school.programme_id)
    in_pairs = {pid for e in entries for pid in (e.mentor_id, *e.mentee_ids)}
    assert plan.included == len(in_pairs - set(school.left_out))
    assert plan.left_out_count == len(in_pairs & set(school.left_out))
    assert plan_named(db, school.programme_id, (), today=school.day).included == 0


# --- the file ----------------------------------------------------------------------------------


def test_the_workbook_holds_every_consented_person_and_nobody_else(
        db: Database, school: School) -> None:
    made = named_file(db, school.programme_id, (NamedKind.BASES, NamedKind.PAIRS),
                      today=school.day, password=PASSWORD, repeat=PASSWORD)
    assert made.file_name == "Базы и список пар 23.11.2026.xlsx"
    with pytest.raises(zipfile.BadZipFile):  # an encrypted workbook is no zip
        load_workbook(io.BytesIO(made.data))
    plain = crypto.decrypt_xlsx(made.data, PASSWORD)
    book = load_workbook(io.BytesIO(plain))
    assert book.sheetnames == ["База наставляемых", "База наставников", "Список пар и групп"]
    texts = _cell_texts(plain)
    _assert_nobody_left_out_appears(db, school, texts)
    names = {str(c.value) for sheet in book.worksheets[:2] for c in sheet["B"][4:]}
    for row in (*mentee_base(db, school.programme_id, today=school.day),
                *mentor_base(db, school.programme_id, today=school.day)):
        assert (row.full_name in names) is (row.person_id not in school.left_out), row.full_name
    assert any("Не включены: 6\u00a0человек" in text for text in texts)
    # the child stays; the parent left out is not named as his parent
    mentee_sheet = book["База наставляемых"]
    child = next(r for r in mentee_sheet.iter_rows(min_row=5, values_only=True)
                 if r[1] == school.child_of_left_out)
    assert child[4] == NO_CONSENT and child[5] in ("", None)
    # the pair where nobody has consent is gone; the others keep their consented people
    pairs = book["Список пар и групп"]
    rows = list(pairs.iter_rows(min_row=5, values_only=True))
    assert all(school.lost_pair_mentor not in str(r[2]) for r in rows)
    assert sum(NO_CONSENT in str(r[2]) for r in rows) >= 1  # the mentor without consent
    assert sum(str(r[4]).count(NO_CONSENT) for r in rows) == 2  # the half pair, the group


def test_the_zip_holds_the_plain_workbook_and_opens_only_with_the_password(
        db: Database, school: School) -> None:
    made = named_file(db, school.programme_id, (NamedKind.PAIRS,), today=school.day,
                      password=PASSWORD, packing=Packing.ZIP)
    assert made.file_name == "Список пар и групп 23.11.2026.zip"
    with pyzipper.AESZipFile(io.BytesIO(made.data)) as archive:
        info = archive.infolist()[0]
        assert info.filename == "Список пар и групп 23.11.2026.xlsx"
        assert info.flag_bits & 0x1  # encrypted
        with pytest.raises(RuntimeError):
            archive.read(info.filename)
    with pytest.raises(crypto.WrongPassword):
        crypto.read_aes_zip(made.data, "не тот пароль")
    plain = crypto.read_aes_zip(made.data, PASSWORD)["Список пар и групп 23.11.2026.xlsx"]
    assert load_workbook(io.BytesIO(plain)).sheetnames == ["Список пар и групп"]
    _assert_nobody_left_out_appears(db, school, _cell_texts(plain))


@pytest.mark.parametrize(("password", "repeat", "says"), [
    ("корот", "корот", "слишком короткий"), (PASSWORD, PASSWORD + "1", "не совпадают"),
    ("        ", "        ", "Введите пароль")])
def test_a_weak_or_mistyped_password_is_refused(db: Database, school: School, password: str,
                                                repeat: str, says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        named_file(db, school.programme_id, (NamedKind.BASES,), today=school.day,
                   password=password, repeat=repeat)


def test_nothing_chosen_is_refused(db: Database, school: School, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="Выберите, что выгрузить"):
        named_file(db, school.programme_id, (), today=school.day, password=PASSWORD)
    with pytest.raises(NastavnikError, match="только как зашифрованная"):
        export_named(db, school.programme_id, tmp_path / "x.csv", (NamedKind.BASES,),
                     today=school.day, password=PASSWORD)
    assert not (tmp_path / "x.csv").exists()


# --- the command line --------------------------------------------------------------------------


def _password_file(tmp_path: Path) -> Path:
    path = tmp_path / "password.txt"
    path.write_text(PASSWORD + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [("report", "bases"), ("export", "named")])
def test_cli_without_a_password_file_refuses_and_writes_nothing(
        school: School, tmp_path: Path, command: tuple[str, str]) -> None:
    out = tmp_path / "x.xlsx"
    code, said, err = cli(*command, "--db", school.path, "--out", out, "--date",
                          f"{school.day:%d.%m.%Y}")
    assert code == 1 and said == ""
    assert "только зашифрованным" in err and "--password-file" in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_cli_report_bases_writes_the_encrypted_bases(school: School, tmp_path: Path) -> None:
    out = tmp_path / "bases.xlsx"
    code, said, err = cli("report", "bases", "--db", school.path, "--out", out,
                          "--password-file", _password_file(tmp_path),
                          "--date", f"{school.day:%d.%m.%Y}")
    assert (code, err) == (0, "")
    assert "Зашифрованный файл сохранён" in said and "Не включены" in said and "6" in said
    with pytest.raises(zipfile.BadZipFile):  # an encrypted workbook is no zip
        load_workbook(out)
    with pytest.raises(crypto.WrongPassword):
        crypto.decrypt_xlsx(out.read_bytes(), PASSWORD[:-1])
    plain = crypto.decrypt_xlsx(out.read_bytes(), PASSWORD)
    assert load_workbook(io.BytesIO(plain)).sheetnames == ["База наставляемых",
                                                          "База наставников"]
    database = open_database(school.path, backup_dir=school.path.parent / "backups")
    try:
        _assert_nobody_left_out_appears(database, school, _cell_texts(plain))
        texts = set(_cell_texts(plain))
        for row in (*mentee_base(database, school.programme_id, today=school.day),
                    *mentor_base(database, school.programme_id, today=school.day)):
            assert (row.full_name in texts) is (row.person_id not in school.left_out)
    finally:
        database.close()


def test_cli_export_named_as_a_zip(school: School, tmp_path: Path) -> None:
    out = tmp_path / "named.zip"
    code, _, err = cli("export", "named", "--db", school.path, "--out", out,
                          "--password-file", _password_file(tmp_path),
                          "--date", f"{school.day:%d.%m.%Y}")
    assert (code, err) == (0, "")
    with pytest.raises(crypto.WrongPassword):
        crypto.read_aes_zip(out.read_bytes(), None)
    members = crypto.read_aes_zip(out.read_bytes(), PASSWORD)
    (name, plain), = members.items()
    assert name == "Базы и список пар 23.11.2026.xlsx"
    assert load_workbook(io.BytesIO(plain)).sheetnames == [
        "База наставляемых", "База наставников", "Список пар и групп"]
