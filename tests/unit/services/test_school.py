"""The school's requisites: one writer (services/school.py) for stage 1, the first programme
and the settings; each field checked with its name in the refusal; the settings' form saved
all or nothing; the KPI's reporting day among «Обзор»'s next events."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import AuditEntry, School
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import numbering, school
from nastavnik_desktop.services import school_settings as form
from nastavnik_desktop.services.programme import (
    KPI_REMINDER_TITLE,
    NEXT_DUE_COUNT,
    ProgrammeInfo,
    create_school_and_programme,
    kpi_reporting_date,
    overview,
)
from nastavnik_desktop.services.roadmap import generate_roadmap
from nastavnik_desktop.services.stages.stage1 import complete_stage1
from tests.helpers.stage1 import Staff, wizard_data

PACKAGE = Path(__file__).resolve().parents[3] / "nastavnik_desktop"
GOOD_INN = "6950012340"  # the control digit (the last) of the weighted sum: 0


def stored(db: Database) -> school.SchoolRequisites:
    found = school.school_requisites(db)
    assert found is not None
    return found


def test_only_services_school_writes_the_school_row_besides_the_demo() -> None:
    writers = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "School":
                writers.add(path.relative_to(PACKAGE).as_posix())
    assert writers == {"services/school.py", "demo/staff.py"}


def test_the_settings_change_every_requisite_and_the_log_names_the_fields(
        db: Database, programme: ProgrammeInfo) -> None:
    new = dataclasses.replace(
        stored(db), settlement="  г.   Тверь ", inn="6950 012340", phone="+7 (4822) 12-34-56",
        email="school7@mail.ru", director_name="н.в. кузнецова", director_position="")
    saved = school.save_school(db, new)
    assert saved.settlement == "г. Тверь"
    assert saved.inn == GOOD_INN
    assert saved.director_name == "Кузнецова Н. В."
    assert saved.director_position == "Директор"
    with db.reading() as session:
        summary = session.scalars(select(AuditEntry.summary).where(
            AuditEntry.entity == "school")).one()
    assert "Место составления документов" in summary and "ИНН" in summary
    assert "Тверь" not in summary  # the log names the fields, never their values


@pytest.mark.parametrize(("field", "value", "said"), [
    ("inn", "12345", "10 цифр"),
    ("inn", "6950012345", "контрольная цифра"),
    ("email", "school7mail.ru", "электронной почты"),
    ("phone", "позвонить завучу", "номер телефона"),
    ("director_name", "Кузнецова", "ФИО директора"),
    ("full_name", "   ", "полное наименование"),
    ("address", "г. " + "Т" * 500, "не длиннее 500"),
])
def test_a_wrong_requisite_is_refused_naming_its_field_and_nothing_changes(
        db: Database, programme: ProgrammeInfo, field: str, value: str, said: str) -> None:
    before = stored(db)
    with pytest.raises(school.RequisiteProblem) as refused:
        school.save_school(db, dataclasses.replace(
            before, **{"settlement": "г. Тверь", field: value}))
    assert refused.value.field == field
    assert said in refused.value.message
    assert refused.value.message.startswith(school.FIELD_LABELS[field]) \
        or field == "director_name"
    assert stored(db) == before


def test_stage_1_writes_its_requisites_and_keeps_the_ones_it_does_not_ask(
        db: Database, staff: Staff, tmp_path: Path) -> None:
    create_school_and_programme(db, school_full_name="Школа № 1", school_year="2024/2025")
    school.save_school(db, dataclasses.replace(stored(db), inn=GOOD_INN,
                                               email="school7@mail.ru"))
    data = dataclasses.replace(wizard_data(staff, tmp_path), settlement="г. Торжок")
    complete_stage1(db, data)
    after = stored(db)
    assert after.settlement == "г. Торжок"
    assert after.full_name == " ".join(data.school_full_name.split())
    assert (after.inn, after.email) == (GOOD_INN, "school7@mail.ru")


def test_the_first_programme_keeps_what_it_is_not_given(db: Database,
                                                       programme: ProgrammeInfo) -> None:
    school.save_school(db, dataclasses.replace(stored(db), settlement="г. Тверь"))
    create_school_and_programme(db, school_full_name=stored(db).full_name,
                                school_year="2026/2027")
    assert stored(db).settlement == "г. Тверь"
    assert stored(db).director_name == "Петрова Анна Сергеевна"
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(School)) == 1


# --- the settings' form: all or nothing ---

def test_the_form_saves_every_setting_at_once(db: Database, programme: ProgrammeInfo) -> None:
    values = form.load_settings(db)
    changed = dataclasses.replace(
        values, requisites=dataclasses.replace(values.requisites, settlement="г. Тверь"),
        layout=dataclasses.replace(values.layout, margin_left_mm=25.0, font_size=13.0),
        order_series={"order_pairs": numbering.Series("01-07/", "", 3)},
        separate_classes=True, silent_weeks=6, kpi_day=(6, 15))
    form.save_settings(db, changed)
    again = form.load_settings(db)
    assert again == changed
    with db.reading() as session:
        assert settings.load(session, settings.PAGE_LAYOUT).margin_left_mm == 25.0
        assert numbering.series_for(session, "order_pairs", 2025).format(4) == "01-07/004"


@pytest.mark.parametrize(("change", "field"), [
    ({"order_series": {"order_launch": numbering.Series("", "-о1", 0)}},
     "series_order_launch"),
    ({"silent_weeks": 0}, "silent_weeks"),
    ({"kpi_day": (2, 30)}, "kpi_day"),
    ({"layout_margin": 15.0}, "margin_left_mm"),
])
def test_one_wrong_value_saves_nothing_not_even_the_right_ones(
        db: Database, programme: ProgrammeInfo, tmp_path: Path,
        change: dict[str, object], field: str) -> None:
    values = form.load_settings(db)
    if "layout_margin" in change:
        change = {"layout": dataclasses.replace(values.layout, margin_left_mm=15.0)}
    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 30), (200, 30, 30)).save(logo)
    wrong = dataclasses.replace(
        values, requisites=dataclasses.replace(values.requisites, settlement="г. Тверь"),
        **change)  # type: ignore[arg-type]
    with pytest.raises(form.SettingProblem) as refused:
        form.save_settings(db, wrong, form.LogoChange(source=logo))
    assert refused.value.field == field
    assert form.load_settings(db) == values
    assert not (Path(db.path).parent / form.LOGO_FOLDER).exists() \
        or not any((Path(db.path).parent / form.LOGO_FOLDER).iterdir())


def test_a_failed_transaction_removes_the_logo_just_copied(
        db: Database, programme: ProgrammeInfo, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 30), (200, 30, 30)).save(logo)

    def broken(*_args: object) -> None:
        raise ValidationError("сбой записи")

    monkeypatch.setattr(form.school_service, "save_school_in", broken)
    with pytest.raises(ValidationError):
        form.save_settings(db, form.load_settings(db), form.LogoChange(source=logo))
    assert list((Path(db.path).parent / form.LOGO_FOLDER).iterdir()) == []
    assert form.load_settings(db).logo == ""


def test_the_logo_is_copied_into_the_data_folder_and_removed_on_request(
        db: Database, programme: ProgrammeInfo, tmp_path: Path) -> None:
    logo = tmp_path / "герб.png"
    Image.new("RGB", (60, 30), (200, 30, 30)).save(logo)
    saved = form.save_settings(db, form.load_settings(db), form.LogoChange(source=logo))
    assert saved.logo.startswith(f"{form.LOGO_FOLDER}/")
    copy = form.logo_path(db, saved.logo)
    assert copy is not None and copy.read_bytes() == logo.read_bytes()
    assert form.load_settings(db).logo == saved.logo
    form.save_settings(db, form.load_settings(db), form.LogoChange(remove=True))
    assert form.load_settings(db).logo == ""


def test_a_cmyk_or_broken_logo_is_refused_in_russian(db: Database, programme: ProgrammeInfo,
                                                    tmp_path: Path) -> None:
    cmyk = tmp_path / "print.jpg"
    Image.new("CMYK", (60, 30), (0, 50, 50, 0)).save(cmyk)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a picture")
    for path, said in ((cmyk, "CMYK"), (broken, "не читается")):
        with pytest.raises(ValidationError) as refused:
            form.save_settings(db, form.load_settings(db), form.LogoChange(source=path))
        assert said in refused.value.message


# --- the KPI's reporting day on «Обзор» ---

def test_the_reporting_day_falls_in_its_school_year() -> None:
    assert kpi_reporting_date("2025/2026", (5, 31)) == dt.date(2026, 5, 31)
    assert kpi_reporting_date("2025/2026", (12, 20)) == dt.date(2025, 12, 20)
    assert kpi_reporting_date("2026/2027", (2, 29)) == dt.date(2027, 2, 28)


def test_the_kpi_day_joins_the_next_events_a_month_ahead_and_not_before(
        db: Database, programme: ProgrammeInfo) -> None:
    from nastavnik_desktop.data.models import Programme

    with db.transaction() as session:
        row = session.get(Programme, programme.id)
        assert row is not None
        generate_roadmap(session, row)
        settings.save(session, settings.KPI_REPORTING_DAY, (12, 20))
    far = overview(db, programme.id, today=dt.date(2025, 11, 1))
    assert KPI_REMINDER_TITLE not in [item.title for item in far.next_due]
    near = overview(db, programme.id, today=dt.date(2025, 12, 1))
    titles = [item.title for item in near.next_due]
    assert KPI_REMINDER_TITLE in titles and len(titles) == NEXT_DUE_COUNT
    reminder = near.next_due[titles.index(KPI_REMINDER_TITLE)]
    assert reminder.due_on == dt.date(2025, 12, 20) and not reminder.overdue
    dues = [item.due_on for item in near.next_due]
    assert dues == sorted(dues)
    after = overview(db, programme.id, today=dt.date(2025, 12, 21))
    assert KPI_REMINDER_TITLE not in [item.title for item in after.next_due]
