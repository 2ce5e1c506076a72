"""Names a school's paper gets wrong: each hard ФИО in the four cases an order, a certificate or
a letter prints it in; names stored in capitals; a sex stored against the patronymic; the
director's name typed either way round; the curator's correction of a declined form printed
in the order.

pytrovich 0.2 (the petrovich rules) declines the names; `reports/names.py` fixes around it
where it errs (capitals, a wrong sex, women's names in «-ь», «Цой Анна» without a sex).
"""

from __future__ import annotations

import ast
import csv
import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PersonCategory, Sex
from nastavnik_desktop.data.models import Person, School
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import full_name_problem, split_full_name
from nastavnik_desktop.reports.requisites import Signer
from nastavnik_desktop.services.documents import issue_document
from nastavnik_desktop.services.importing import ImportKind, commit_import, prepare_import
from nastavnik_desktop.services.people import declension, get_person, persons, save_person
from nastavnik_desktop.services.programme import create_school_and_programme
from nastavnik_desktop.services.stages.stage1 import complete_stage1
from nastavnik_desktop.text import full_name, tidy_name_case
from tests.helpers.pdf import flat_text
from tests.helpers.stage1 import Staff, wizard_data

TODAY = dt.date(2025, 10, 1)
M, F = Sex.MALE, Sex.FEMALE
PACKAGE = Path(__file__).resolve().parents[4] / "nastavnik_desktop"

# (surname, name, patronymic, sex on record) → genitive, dative, accusative
# (the nominative is the name as stored)
HARD_NAMES: list[tuple[tuple[str, str, str, Sex | None], tuple[str, str, str]]] = [
    # -ия names and Илья
    (("Иванова", "Мария", "Ивановна", F),
     ("Ивановой Марии Ивановны", "Ивановой Марии Ивановне", "Иванову Марию Ивановну")),
    (("Смирнова", "Лилия", "Петровна", F),
     ("Смирновой Лилии Петровны", "Смирновой Лилии Петровне", "Смирнову Лилию Петровну")),
    (("Смирнов", "Илья", "Петрович", M),
     ("Смирнова Ильи Петровича", "Смирнову Илье Петровичу", "Смирнова Илью Петровича")),
    # -ых / -их: never declined
    (("Черных", "Анна", "Ивановна", F),
     ("Черных Анны Ивановны", "Черных Анне Ивановне", "Черных Анну Ивановну")),
    (("Долгих", "Пётр", "Ильич", M),
     ("Долгих Петра Ильича", "Долгих Петру Ильичу", "Долгих Петра Ильича")),
    # -ко: never declined
    (("Шевченко", "Тарас", "Григорьевич", M),
     ("Шевченко Тараса Григорьевича", "Шевченко Тарасу Григорьевичу",
      "Шевченко Тараса Григорьевича")),
    (("Шевченко", "Ольга", "Петровна", F),
     ("Шевченко Ольги Петровны", "Шевченко Ольге Петровне", "Шевченко Ольгу Петровну")),
    # -ук: a woman's is not declined, a man's is
    (("Ковальчук", "Оксана", "Петровна", F),
     ("Ковальчук Оксаны Петровны", "Ковальчук Оксане Петровне", "Ковальчук Оксану Петровну")),
    (("Ковальчук", "Иван", "Иванович", M),
     ("Ковальчука Ивана Ивановича", "Ковальчуку Ивану Ивановичу",
      "Ковальчука Ивана Ивановича")),
    # Ким, Цой: a woman's is not declined, a man's is
    (("Ким", "Анна", "Сергеевна", F),
     ("Ким Анны Сергеевны", "Ким Анне Сергеевне", "Ким Анну Сергеевну")),
    (("Ким", "Виктор", "Сергеевич", M),
     ("Кима Виктора Сергеевича", "Киму Виктору Сергеевичу", "Кима Виктора Сергеевича")),
    (("Цой", "Мария", "Викторовна", F),
     ("Цой Марии Викторовны", "Цой Марии Викторовне", "Цой Марию Викторовну")),
    (("Цой", "Виктор", "Робертович", M),
     ("Цоя Виктора Робертовича", "Цою Виктору Робертовичу", "Цоя Виктора Робертовича")),
    (("Цой", "Анна", "", None),  # no sex, no patronymic: the first name tells
     ("Цой Анны", "Цой Анне", "Цой Анну")),
    # оглы / кызы: the father's name and the particle stay as they are
    (("Мамедов", "Эльдар", "Гасан оглы", M),
     ("Мамедова Эльдара Гасан оглы", "Мамедову Эльдару Гасан оглы",
      "Мамедова Эльдара Гасан оглы")),
    (("Алиева", "Лейла", "Рашид кызы", None),
     ("Алиевой Лейлы Рашид кызы", "Алиевой Лейле Рашид кызы", "Алиеву Лейлу Рашид кызы")),
    # Любовь, Лев, Пётр; women's names in -ь
    (("Орлова", "Любовь", "Петровна", F),
     ("Орловой Любови Петровны", "Орловой Любови Петровне", "Орлову Любовь Петровну")),
    (("Толстой", "Лев", "Николаевич", M),
     ("Толстого Льва Николаевича", "Толстому Льву Николаевичу", "Толстого Льва Николаевича")),
    (("Петров", "Пётр", "Петрович", M),
     ("Петрова Петра Петровича", "Петрову Петру Петровичу", "Петрова Петра Петровича")),
    (("Заяц", "Асель", "Маратовна", F),
     ("Заяц Асели Маратовны", "Заяц Асели Маратовне", "Заяц Асель Маратовну")),
    # Ильич, Кузьмич, Фома
    (("Ульянов", "Владимир", "Ильич", M),
     ("Ульянова Владимира Ильича", "Ульянову Владимиру Ильичу", "Ульянова Владимира Ильича")),
    (("Фомин", "Фома", "Кузьмич", M),
     ("Фомина Фомы Кузьмича", "Фомину Фоме Кузьмичу", "Фомина Фому Кузьмича")),
    (("Белых", "Олеся", "Кузьминична", None),
     ("Белых Олеси Кузьминичны", "Белых Олесе Кузьминичне", "Белых Олесю Кузьминичну")),
    # double surnames and names
    (("Салтыков-Щедрин", "Михаил", "Евграфович", M),
     ("Салтыкова-Щедрина Михаила Евграфовича", "Салтыкову-Щедрину Михаилу Евграфовичу",
      "Салтыкова-Щедрина Михаила Евграфовича")),
    (("Римская-Корсакова", "Анна-Мария", "Николаевна", F),
     ("Римской-Корсаковой Анны-Марии Николаевны", "Римской-Корсаковой Анне-Марии Николаевне",
      "Римскую-Корсакову Анну-Марию Николаевну")),
    # a sex stored against the patronymic: the patronymic wins
    (("Петрова", "Софья", "Ильинична", M),
     ("Петровой Софьи Ильиничны", "Петровой Софье Ильиничне", "Петрову Софью Ильиничну")),
    (("Сидоров", "Женя", "Олегович", F),
     ("Сидорова Жени Олеговича", "Сидорову Жене Олеговичу", "Сидорова Женю Олеговича")),
    # stored in capitals (before the writer tidied them): declined, capitals kept
    (("ИВАНОВ", "ИВАН", "ПЕТРОВИЧ", M),
     ("ИВАНОВА ИВАНА ПЕТРОВИЧА", "ИВАНОВУ ИВАНУ ПЕТРОВИЧУ", "ИВАНОВА ИВАНА ПЕТРОВИЧА")),
]


@pytest.mark.parametrize(("name", "forms"), HARD_NAMES,
                         ids=[" ".join(n[:3]) for n, _ in HARD_NAMES])
def test_a_hard_name_in_the_cases_a_document_prints(
        db: Database, name: tuple[str, str, str, Sex | None],
        forms: tuple[str, str, str]) -> None:
    last, first, middle, sex = name
    assert declension.decline(last, first, middle, sex) == declension.DeclinedName(*forms)
    # and as a stored person's name is read for an order (nothing stored yet: computed)
    with db.transaction() as session:
        row = Person(last_name=last, first_name=first, middle_name=middle, sex=sex,
                     category=PersonCategory.STAFF)
        session.add(row)
        session.flush()
        assert declension.declined(row) == declension.DeclinedName(*forms)
        assert row.full_name == full_name(last, first, middle), "the nominative as stored"


# --- capitals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "tidy"), [
    ("ИВАНОВ иван петрович", "Иванов Иван Петрович"),
    ("САЛТЫКОВ-ЩЕДРИН", "Салтыков-Щедрин"),
    ("салтыков-щедрин", "Салтыков-Щедрин"),
    ("Салтыков-щедрин", "Салтыков-Щедрин"),
    ("ГАСАН ОГЛЫ", "Гасан оглы"),
    ("Рашид Кызы", "Рашид кызы"),
    ("ДЕ ГОЛЛЬ", "де Голль"),
    ("ГАСАН-ЗАДЕ", "Гасан-заде"),
    ("О'КОННОР", "О'Коннор"),
    ("ЛЕ", "Ле"),
    ("МакКой", "МакКой"),
    ("Де Голль", "Де Голль"),
])
def test_capitals_are_tidied_keeping_hyphens_and_particles(typed: str, tidy: str) -> None:
    assert tidy_name_case(typed) == tidy


def test_the_card_tidies_capitals_and_declines_the_new_name(db: Database) -> None:
    with db.transaction() as session:
        row = Person(last_name="ИВАНОВ", first_name="ИВАН", middle_name="ПЕТРОВИЧ", sex=M,
                     category=PersonCategory.STAFF)
        session.add(row)
        session.flush()
        declension.remember(row)  # an order printed it before the tidying rule
        person_id = row.id
    card = get_person(db, person_id)
    saved = save_person(db, card, today=TODAY)
    assert saved.full_name == "Иванов Иван Петрович"
    assert saved.declined == declension.DeclinedName(
        "Иванова Ивана Петровича", "Иванову Ивану Петровичу", "Иванова Ивана Петровича")


def test_every_writer_tidies_capitals(db: Database) -> None:
    with db.transaction() as session:
        one = persons.create_person(session, persons.NewPerson(
            "ПЕТРОВА", "анна", "СЕРГЕЕВНА", parent_name="ПЕТРОВ СЕРГЕЙ ИВАНОВИЧ"))
        session.flush()
        two, = persons.create_many(session, [persons.NewPerson("алиев", "РАШИД",
                                                               "ГУСЕЙН ОГЛЫ")])
        persons.update_people(session, [{"id": one.id, "first_name": "АННА-МАРИЯ",
                                         "parent_name": "ПЕТРОВА ИРИНА"}])
    with db.reading() as session:
        names = {p.id: (p.full_name, p.parent_name) for p in session.scalars(select(Person))}
    assert names == {one.id: ("Петрова Анна-Мария Сергеевна", "Петрова Ирина"),
                     two: ("Алиев Рашид Гусейн оглы", "")}


def _csv(path: Path, header: list[str], *rows: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_the_import_tidies_capitals_reads_either_order_and_trusts_the_patronymic(
        db: Database, tmp_path: Path) -> None:
    path = _csv(tmp_path / "pupils.csv", ["ФИО", "Класс", "Пол"],
                ["ИВАНОВ иван петрович", "5А", "м"],
                ["Софья Ильинична Петрова", "5А", "м"],
                ["МАМЕДОВ ЭЛЬДАР ГАСАН ОГЛЫ", "6Б", ""])
    preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
    assert not preview.errors
    assert [(w.row, w.message) for w in preview.warnings] == [
        (3, "пол не совпадает с отчеством «Ильинична» — записан женский, как по отчеству")]
    commit_import(db, preview, today=TODAY)
    with db.reading() as session:
        stored = {p.full_name: p.sex for p in session.scalars(select(Person))}
    assert stored == {"Иванов Иван Петрович": M, "Петрова Софья Ильинична": F,
                      "Мамедов Эльдар Гасан оглы": M}


# --- the director's name -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [
    "Кузнецова Наталья Викторовна", "Наталья Викторовна Кузнецова", "Н. В. Кузнецова",
    "Н.В. Кузнецова", "Н.В.Кузнецова", "Н В Кузнецова", "Кузнецова Н.В.", "Кузнецова Н. В.",
    "Кузнецова Н.В", "Кузнецова НВ", "КУЗНЕЦОВА н.в.", "  Кузнецова   Н.  В. ",
])
def test_the_director_signs_with_initials_first_however_the_name_was_typed(typed: str) -> None:
    assert full_name_problem(typed) is None
    assert Signer.from_full_name("Директор", typed).signature_name.replace(
        "КУЗНЕЦОВА", "Кузнецова") == "Н. В. Кузнецова"


def test_other_orders_and_names_are_read() -> None:
    assert split_full_name("Рашид Гусейн оглы Алиев") == ("Алиев", "Рашид", "Гусейн оглы")
    assert split_full_name("Алиев Рашид Гусейн оглы") == ("Алиев", "Рашид", "Гусейн оглы")
    assert split_full_name("А.-М. И. Петрова-Водкина") == ("Петрова-Водкина", "А.-М.", "И.")
    assert split_full_name("ЛИ Анна Сергеевна") == ("ЛИ", "Анна", "Сергеевна"), \
        "a surname of two capitals is not two initials"
    assert Signer.from_full_name("Директор", "Кузнецова Н.").signature_name == "Н. Кузнецова"
    assert Signer.from_full_name("Директор", "Ким Виктор").signature_name == "В. Ким", \
        "two words are read surname first (but refused on save: see below)"


@pytest.mark.parametrize(("typed", "problem"), [
    ("Кузнецова", "одним словом"),
    ("Кузнецова Наталья", "двумя словами"),
    ("Н. Кузнецова В.", "непонятно"),
    ("Н. В.", "одними инициалами"),
    ("Кузнецова Н.В.1", "цифры"),
    ("Кузнецова Наталья Викторовна Ивановна", "больше трёх слов"),
    ("Наталья Викторовна", "двумя словами"),
])
def test_a_director_s_name_that_cannot_be_read_is_refused_on_save(
        db: Database, staff: Staff, tmp_path: Path, typed: str, problem: str) -> None:
    with pytest.raises(ValidationError) as refused:
        create_school_and_programme(db, school_full_name="Школа", school_year="2025/2026",
                                    director_name=typed)
    message = refused.value.message
    assert problem in message and "«Кузнецова Н. В.»" in message, message
    data = dataclasses.replace(wizard_data(staff, tmp_path), director_name=typed)
    with pytest.raises(ValidationError, match=problem):
        complete_stage1(db, data, today=TODAY)
    with db.reading() as session:
        assert session.scalars(select(School)).first() is None, "nothing saved"


@pytest.mark.parametrize(("typed", "stored"), [
    ("  кузнецова   н.в. ", "Кузнецова Н. В."),
    ("Н.В.Кузнецова", "Кузнецова Н. В."),
    ("НАТАЛЬЯ ВИКТОРОВНА КУЗНЕЦОВА", "Кузнецова Наталья Викторовна"),
    ("Рашид Гусейн оглы Алиев", "Алиев Рашид Гусейн оглы"),
    ("Петрова-Водкина А.-М.И.", "Петрова-Водкина А.-М. И."),
])
def test_the_director_s_name_is_saved_surname_first(db: Database, typed: str,
                                                    stored: str) -> None:
    create_school_and_programme(db, school_full_name="Школа", school_year="2025/2026",
                                director_name=typed)
    with db.reading() as session:
        assert session.scalars(select(School.director_name)).one() == stored


# --- the curator's correction wins everywhere it is printed --------------------------------------


def test_a_corrected_name_and_the_director_s_initials_are_printed_in_the_order(
        db: Database, staff: Staff, tmp_path: Path) -> None:
    data = dataclasses.replace(wizard_data(staff, tmp_path), director_name="Н.В.Кузнецова")
    programme = complete_stage1(db, data, today=TODAY)
    card = get_person(db, staff.curator)
    renamed = dataclasses.replace(card, last_name="Заяц", first_name="Олег",
                                  middle_name="Викторович", sex=M, declined=None)
    save_person(db, renamed, today=TODAY)
    card = get_person(db, staff.curator)
    assert card.declined is not None and card.declined.accusative == \
        "Заяца Олега Викторовича", "pytrovich keeps the vowel; the school writes «Зайца»"
    corrected = declension.DeclinedName("Зайца Олега Викторовича", "Зайцу Олегу Викторовичу",
                                        "Зайца Олега Викторовича")
    save_person(db, dataclasses.replace(card, declined=corrected), today=TODAY)

    out = tmp_path / "order.pdf"
    issue_document(db, programme.id, "order_launch", out)
    text = flat_text(out)
    assert "Зайца О. В." in text and "Зайцу О. В." in text, \
        "the curator's correction, not pytrovich's form"
    assert "Заяца" not in text and "Заяцу" not in text
    assert "Н. В. Кузнецова" in text
    assert "В. К. Н." not in text


ALLOWED_DECLINERS = {
    "reports/names.py",  # pytrovich, wrapped
    "services/people/declension.py",  # the stored forms first, then reports.names
}
PREVIEWS = {"services/people/declension.py", "services/people/card.py",
            "ui/dialogs/person_card.py"}
"""`declension.decline` (computed, ignoring the curator's correction) is for the card's
«Просклонять заново» only; paper reads `declension.declined`."""


def test_paper_reads_declined_names_only_through_declension_declined() -> None:
    """Every module that puts a person's name in a case goes through `declension.declined`
    (the curator's correction first): nothing else imports pytrovich, calls the raw declension
    of `reports.names`, or prints `declension.decline`'s computed forms."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
                    alias.name for alias in node.names]
                imported = [alias.name for alias in node.names]
                if any(m.startswith("pytrovich") for m in modules) \
                        and where != "reports/names.py":
                    offenders.append(f"{where}: imports pytrovich")
                if any(name in ("decline_name", "decline_full_name") for name in imported) \
                        and where not in ALLOWED_DECLINERS:
                    offenders.append(f"{where}: imports the raw declension")
            if isinstance(node, ast.Attribute) and node.attr in (
                    "decline_name", "decline_full_name") and where not in ALLOWED_DECLINERS:
                offenders.append(f"{where}: calls names.{node.attr}")
            if isinstance(node, ast.Attribute) and node.attr == "decline" and isinstance(
                    node.value, ast.Name) and node.value.id == "declension" \
                    and where not in PREVIEWS:
                offenders.append(f"{where}: prints declension.decline, not .declined")
    assert offenders == []


@pytest.mark.parametrize(("name", "remembered", "printed"), [
    (("ИВАНОВ", "ИВАН", "ПЕТРОВИЧ", M),
     ("ИВАНОВа ИВАНа ПЕТРОВИЧа", "ИВАНОВу ИВАНу ПЕТРОВИЧу", "ИВАНОВа ИВАНа ПЕТРОВИЧа"),
     ("ИВАНОВА ИВАНА ПЕТРОВИЧА", "ИВАНОВУ ИВАНУ ПЕТРОВИЧУ", "ИВАНОВА ИВАНА ПЕТРОВИЧА")),
    (("Петрова", "Софья", "Ильинична", M),
     ("Петровы Софьи Ильинична", "Петрове Софье Ильинична", "Петрову Софью Ильинична"),
     ("Петровой Софьи Ильиничны", "Петровой Софье Ильиничне", "Петрову Софью Ильиничну")),
    (("Заяц", "Олег", "Викторович", M),  # a correction: it stays
     ("Зайца Олега Викторовича", "Зайцу Олегу Викторовичу", "Зайца Олега Викторовича"),
     ("Зайца Олега Викторовича", "Зайцу Олегу Викторовичу", "Зайца Олега Викторовича")),
])
def test_forms_remembered_from_the_broken_rules_are_computed_again(
        db: Database, name: tuple[str, str, str, Sex | None], remembered: tuple[str, str, str],
        printed: tuple[str, str, str]) -> None:
    """Issuing a document remembers the forms it printed; those printed before the fixes
    («ИВАНОВа», the wrong sex's «Петровы … Ильинична») are not the curator's corrections."""
    last, first, middle, sex = name
    with db.transaction() as session:
        row = Person(last_name=last, first_name=first, middle_name=middle, sex=sex,
                     category=PersonCategory.STAFF, name_genitive=remembered[0],
                     name_dative=remembered[1], name_accusative=remembered[2])
        session.add(row)
        session.flush()
        assert declension.declined(row) == declension.DeclinedName(*printed)
        declension.remember(row)
        assert (row.name_genitive, row.name_dative, row.name_accusative) == printed
