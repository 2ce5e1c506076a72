"""The report for the municipality: its layout pinned, no person in it, its figures those of
`kpi()`, and `export municipality` on the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import PAIR_STATUS_LABELS, PairStatus
from nastavnik_desktop.reports.workbook import PERCENT_FORMAT
from nastavnik_desktop.services.exchange.municipality import (
    LAYOUT_VERSION,
    NAMED_ORGANISATIONS,
    municipality_csv,
    municipality_report,
    municipality_xlsx,
)
from nastavnik_desktop.services.monitoring import kpi
from nastavnik_desktop.services.programme import ProgrammeInfo
from tests.helpers.cli import cli

# The layout as the README promises it. Change it only together with LAYOUT_VERSION and the
# README: municipalities merge files of many schools by these names.
PINNED_VERSION = "1"
PINNED_SHEETS = {
    "Сведения": ("Показатель", "Значение"),
    "Показатель": ("ИНН", "Школа", "Показатель", "Вовлечено", "Всего", "Доля",
                   "Целевое значение", "Методика"),
    "Участники": ("ИНН", "Школа", "Разрез", "Группа", "Вовлечено", "Наставники",
                  "Наставляемые", "Всего в школе", "Доля"),
    "Пары и группы": ("ИНН", "Школа", "Форма наставничества", "Вид", "Статус на дату",
                      "Количество"),
    "Организации": ("ИНН", "Школа", "Организация", "Наставников"),
    "Документы": ("ИНН", "Школа", "Вид документа", "Номер", "Дата"),
    "Мероприятия": ("ИНН", "Школа", "Этап", "Мероприятие", "Название", "Дата", "Участников"),
}
PINNED_INFO_ROWS = (
    "Версия формата", "Дата отчёта", "ИНН", "Краткое наименование", "Полное наименование",
    "Учредитель", "Муниципальное образование", "Населённый пункт", "Адрес", "Телефон школы",
    "Электронная почта школы", "Учебный год", "Начало программы", "Окончание программы",
    "Куратор программы (должность)", "Приказ о назначении куратора: номер",
    "Приказ о назначении куратора: дата", "Выгружено программой")
PINNED_CSV_HEADER = "ИНН;Школа;Дата отчёта;Лист;Строка;Столбец;Значение"

ON = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory, build_demo: Callable[..., Path]) -> Path:
    """The full demo school, with a mentor's organisation named after him («ИП …») and an
    event titled with a person's name: texts the report must not carry out."""
    path: Path = build_demo(tmp_path_factory.mktemp("municipality") / "demo.sqlite")
    with closing(sqlite3.connect(path)) as conn, conn:  # closed: the WAL goes into the file
        mentor_id, last_name = conn.execute(
            "SELECT p.id, p.last_name FROM person p JOIN mentor_profile m ON m.person_id = p.id "
            "JOIN mentoring_pair mp ON mp.mentor_profile_id = m.id "
            "WHERE mp.programme_id = 1 AND mp.status != 'terminated' ORDER BY p.id").fetchone()
        conn.execute("UPDATE person SET organisation = ? WHERE id = ?",
                     (f"ИП {last_name} А. Б.", mentor_id))
        pupil = conn.execute("SELECT first_name, last_name FROM person "
                             "WHERE category = 'pupil' ORDER BY id").fetchone()
        conn.execute("UPDATE programme_event SET title = ? WHERE id = ("
                     "SELECT min(id) FROM programme_event WHERE programme_id = 1)",
                     (f"Встреча: выступает {pupil[0]} {pupil[1]}",))
    return path


@pytest.fixture
def demo_db(demo_path: Path, tmp_path: Path) -> Iterator[Database]:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_path, copy)
    database = open_database(copy, backup_dir=tmp_path / "backups")
    yield database
    database.close()


def _sheets(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_the_layout_is_pinned(db: Database, programme: ProgrammeInfo) -> None:
    report = municipality_report(db, programme.id, on=ON)
    sheets = _sheets(municipality_xlsx(report))
    assert LAYOUT_VERSION == PINNED_VERSION
    assert list(sheets) == list(PINNED_SHEETS)
    for name, columns in PINNED_SHEETS.items():
        assert sheets[name][0] == columns, name
    info = sheets["Сведения"]
    assert tuple(row[0] for row in info[1:]) == PINNED_INFO_ROWS
    book = load_workbook(io.BytesIO(municipality_xlsx(report)))
    assert book["Сведения"]["B2"].value == PINNED_VERSION
    assert book["Сведения"]["B3"].value == dt.datetime(2026, 11, 23)
    assert book["Сведения"]["B5"].value == "МБОУ «СОШ № 7»"
    text = municipality_csv(report).decode("utf-8-sig")
    assert text.splitlines()[0] == PINNED_CSV_HEADER
    assert municipality_csv(report).startswith(b"\xef\xbb\xbf")


@dataclass(frozen=True)
class _Traits:
    words: set[str]
    full_names: set[str]
    births: set[dt.date]
    birth_texts: set[str]
    phones: set[str]
    emails: set[str]


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def _traits(path: Path) -> _Traits:
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT last_name, first_name, middle_name, birth_date, phone, "
                            "email, parent_name, parent_phone FROM person").fetchall()
    words, full_names, births, phones, emails = set(), set(), set(), set(), set()
    for last, first, middle, birth, phone, email, parent, parent_phone in rows:
        words |= {_norm(w) for w in (last, first, middle) if w}
        full_names |= {_norm(f"{last} {first} {middle}"), _norm(f"{first} {last}")}
        if parent:
            full_names.add(_norm(parent))
            words |= {_norm(w) for w in parent.split() if len(w) > 2}
        if birth:
            births.add(dt.date.fromisoformat(birth))
        phones |= {re.sub(r"\D", "", p)[-10:] for p in (phone, parent_phone) if p}
        if email:
            emails.add(email.lower())
    birth_texts = {f"{day:{form}}" for day in births
                   for form in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y")}
    return _Traits(words, full_names, births, birth_texts, phones - {""}, emails)


def _found(value: object, traits: _Traits) -> str | None:
    """What of a person the cell holds, or None."""
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return f"дата рождения {day}" if day in traits.births else None
    if not isinstance(value, str):
        return None
    text = _norm(value)
    for word in re.findall(r"[^\W\d_]+", text):
        if word in traits.words:
            return f"слово имени «{word}»"
    for name in traits.full_names:
        if name in text:
            return f"ФИО «{name}»"
    for form in traits.birth_texts:
        if form in text:
            return f"дата рождения {form}"
    digits = re.sub(r"\D", "", text)
    for phone in traits.phones:
        if phone and phone in digits:
            return f"телефон {phone}"
    for email in traits.emails:
        if email in text:
            return f"почта {email}"
    return None


@pytest.mark.parametrize(("programme_id", "on"), [(1, ON), (2, dt.date(2026, 8, 31))])
def test_no_person_is_in_the_workbook_or_the_csv(demo_db: Database, demo_path: Path,
                                                programme_id: int, on: dt.date) -> None:
    traits = _traits(demo_path)
    report = municipality_report(demo_db, programme_id, on=on)
    cells = [(name, value) for name, rows in _sheets(municipality_xlsx(report)).items()
             for row in rows for value in row]
    lines = list(csv.reader(io.StringIO(municipality_csv(report).decode("utf-8-sig")),
                            delimiter=";"))
    cells += [("CSV", value) for line in lines for value in line]
    assert len(cells) > 300
    found = [(where, value, what) for where, value in cells
             if (what := _found(value, traits)) is not None]
    assert found == []


def test_an_organisation_or_a_title_naming_a_person_is_left_out(demo_db: Database) -> None:
    report = municipality_report(demo_db, 1, on=ON)
    sheets = {sheet.name: sheet for sheet in report.sheets}
    organisations = dict(sheets["Организации"].rows)
    assert organisations[NAMED_ORGANISATIONS] == 1
    assert not any(str(name).startswith("ИП ") for name in organisations)
    first = sheets["Мероприятия"].rows[0]
    assert first[1] == "родительское собрание" and first[2] == ""


def test_the_figures_are_those_of_kpi(demo_db: Database) -> None:
    figures = kpi(demo_db, 1, on=ON)
    report = municipality_report(demo_db, 1, on=ON)
    sheets = _sheets(municipality_xlsx(report))
    pupils, both = sheets["Показатель"][1:]
    assert pupils[3:6] == (figures.pupils.share.involved, figures.pupils.share.population,
                           pytest.approx(figures.pupils.share.percent / 100))
    assert both[3:5] == (figures.pupils_and_staff.share.involved,
                         figures.pupils_and_staff.share.population)
    assert pupils[6] == 0.7 and pupils[7] == figures.pupils.method
    lines = {(row[2], row[3]): row[4:] for row in sheets["Участники"][1:]}
    for line in figures.by_role + figures.by_category + figures.by_age:
        cut = next(cut for cut, label in lines if label == line.label)
        assert lines[(cut, line.label)][:4] == (line.involved, line.mentors, line.mentees,
                                                line.population)
    for form in figures.by_form:
        assert lines[("по формам наставничества", form.label)][:3] == (
            form.involved, form.mentors, form.mentees)
        assert sum(row[5] for row in sheets["Пары и группы"][1:] if row[2] == form.label) \
            == form.pairs
    assert sum(row[3] for row in sheets["Организации"][1:]) == sum(
        o.mentors for o in figures.mentor_organisations)


def test_numbers_shares_and_dates_keep_their_types(demo_db: Database) -> None:
    book = load_workbook(io.BytesIO(municipality_xlsx(municipality_report(demo_db, 1, on=ON))))
    kpi_sheet = book["Показатель"]
    assert isinstance(kpi_sheet["D2"].value, int)
    assert kpi_sheet["F2"].number_format == PERCENT_FORMAT == kpi_sheet["G2"].number_format
    assert isinstance(book["Документы"]["E2"].value, dt.datetime)
    assert book["Показатель"].page_setup.orientation == "landscape"
    # on paper each sheet says what it is, above the table (not in a cell: merging stays easy)
    assert book["Участники"].oddHeader.left.text == "МБОУ «СОШ № 21» — Участники — на 23.11.2026"


def test_the_csv_has_one_line_per_value(demo_db: Database) -> None:
    report = municipality_report(demo_db, 1, on=ON)
    lines = list(csv.DictReader(io.StringIO(municipality_csv(report).decode("utf-8-sig")),
                                delimiter=";"))
    values = sum(len(sheet.rows) * (len(sheet.columns) - sheet.keys) for sheet in report.sheets)
    assert len(lines) == values
    figures = kpi(demo_db, 1, on=ON)
    share = next(line for line in lines if line["Лист"] == "Показатель"
                 and line["Строка"] == "Доля обучающихся" and line["Столбец"] == "Доля")
    assert share["Значение"] == f"{figures.pupils.share.percent / 100:.4f}".rstrip("0") \
        .replace(".", ",")
    assert share["ИНН"] == report.inn and share["Дата отчёта"] == "23.11.2026"
    group = next(line for line in lines if line["Лист"] == "Пары и группы")
    assert group["Строка"].count(" | ") == 2 and group["Столбец"] == "Количество"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_command_line_writes_the_report(demo_path: Path, tmp_path: Path,
                                            suffix: str) -> None:
    database = tmp_path / "demo.sqlite"
    shutil.copy(demo_path, database)
    out = tmp_path / f"Отчёт{suffix}"
    code, stdout, stderr = cli("export", "municipality", "--db", database, "--out", out,
                               "--date", "23.11.2026")
    assert (code, stderr) == (0, "")
    assert f"Отчёт для муниципалитета на 23.11.2026 сохранён: {out}" in stdout
    if suffix == ".xlsx":
        sheet = load_workbook(out)["Сведения"]
        assert (sheet["B2"].value, sheet["B3"].value) == (PINNED_VERSION,
                                                         dt.datetime(2026, 11, 23))
    else:
        text = out.read_bytes().decode("utf-8-sig")
        assert text.splitlines()[0] == PINNED_CSV_HEADER
        assert ";Сведения;Версия формата;Значение;1" in text


def test_the_readme_documents_the_pinned_layout() -> None:
    readme = (Path(__file__).resolve().parents[4] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Отчёт для муниципалитета", 1)[1].split("\n## ", 1)[0]
    for name, columns in PINNED_SHEETS.items():
        own = columns if name == "Сведения" else columns[2:]
        assert f"| {name} | {', '.join(own)}" in section, name
    assert ", ".join(PINNED_INFO_ROWS).replace("Версия формата", "Версия формата (B2)") \
        .replace("Дата отчёта", "Дата отчёта (B3)").replace("ИНН,", "ИНН (B4),") \
        .replace("Краткое наименование", "Краткое наименование (B5)") in section
    assert f"`{PINNED_CSV_HEADER}`" in section


def test_a_pair_counts_with_its_status_on_the_reporting_date(demo_db: Database,
                                                            demo_path: Path) -> None:
    with closing(sqlite3.connect(demo_path)) as conn:
        pair_id, completed_on = conn.execute(
            "SELECT c.pair_id, c.changed_on FROM pair_status_change c JOIN mentoring_pair p "
            "ON p.id = c.pair_id WHERE p.programme_id = 1 AND c.status = 'completed' "
            "ORDER BY c.changed_on, c.id").fetchone()
        before = conn.execute(
            "SELECT status FROM pair_status_change WHERE pair_id = ? AND changed_on < ? "
            "ORDER BY changed_on DESC, id DESC", (pair_id, completed_on)).fetchone()[0]
    day = dt.date.fromisoformat(completed_on)

    def statuses(on: dt.date) -> Counter[str]:
        sheet = next(s for s in municipality_report(demo_db, 1, on=on).sheets
                     if s.name == "Пары и группы")
        found: Counter[str] = Counter()
        for _form, _kind, status, count in sheet.rows:
            found[str(status)] += int(count or 0)
        return found

    assert statuses(day)["завершена"] >= 1
    assert statuses(day - dt.timedelta(days=1))["завершена"] == 0
    assert PAIR_STATUS_LABELS[PairStatus(before)] in statuses(day - dt.timedelta(days=1))
