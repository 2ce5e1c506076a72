"""The settings dialog's form as one read and one save: the school's requisites and logo, the
documents' page layout and the numbering of orders per kind, the matching defaults, the
reminders.

`save_settings` checks every value first and refuses the first wrong one, naming its field
and why (`SettingProblem`, a ValidationError that knows the dialog's tab and field); nothing is
written then. Otherwise one transaction writes them all — the school through
`services/school` (its one writer), each setting through `nastavnik_desktop.settings` — so a
failure leaves everything as it was. A new logo is copied into the data folder first (beside
the award backgrounds, so a backup archive carries it); if the save then fails the copy is
removed. A logo replaced or removed keeps its file: an automatic backup of the base restored
later may still name it.

The reference lists («Справочники») write themselves, each change at once
(services/reference_lists); the password and the idle lock keep their own dialog, which asks
the current password (services/access).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.awards import check_logo
from nastavnik_desktop.reports.layout import (
    MAX_BODY_SIZE,
    MAX_LINE_SPACING,
    MIN_BODY_SIZE,
    MIN_LINE_SPACING,
    MIN_MARGIN_MM,
    MIN_TABLE_SIZE,
    PageLayout,
)
from nastavnik_desktop.services import audit, numbering
from nastavnik_desktop.services import school as school_service
from nastavnik_desktop.services.awards.paper import BACKGROUNDS_FOLDER
from nastavnik_desktop.services.matching.scoring import MatchSettings
from nastavnik_desktop.services.materials import copy_into_data_folder
from nastavnik_desktop.services.people.admission import AdmissionRule
from nastavnik_desktop.services.school import SchoolRequisites

MAX_MARGIN_MM = 60.0
"""A margin wider than this leaves too narrow a page for a table."""
MAX_INDENT_CM = 2.5
MAX_SILENT_WEEKS = 26
LOGO_FOLDER = BACKGROUNDS_FOLDER


class SettingProblem(ValidationError):
    """A value refused: `field` names it in the dialog (a requisite's name, «margin_left_mm»,
    «series_order_pairs», …)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class SchoolSettings:
    """Everything the dialog edits but the reference lists and the password."""

    requisites: SchoolRequisites
    logo: str
    """The logo's path relative to the data folder ("" — none)."""
    layout: PageLayout
    order_series: Mapping[str, numbering.Series]
    """The kinds of order with a series of their own (the others follow the last order)."""
    matching: MatchSettings
    separate_classes: bool
    admission_rule: AdmissionRule
    silent_weeks: int
    kpi_day: tuple[int, int]


@dataclass(frozen=True)
class LogoChange:
    """What happens to the logo on save: a new picture copied in, or the logo removed."""

    source: Path | None = None
    remove: bool = False


def load_settings(db: Database) -> SchoolSettings:
    """The values as stored (defaults where nothing is)."""
    requisites = school_service.school_requisites(db) or SchoolRequisites(full_name="")
    with db.reading() as session:
        series = settings.load(session, settings.ORDER_SERIES)
        matching = settings.load(session, settings.MATCHING)
        return SchoolSettings(
            requisites=requisites,
            logo=settings.load(session, settings.SCHOOL_LOGO),
            layout=settings.load(session, settings.PAGE_LAYOUT),
            order_series={kind: numbering.Series(item["prefix"], item["suffix"], item["width"])
                          for kind, item in series.items() if kind in numbering.ORDER_KINDS},
            matching=MatchSettings.from_dict(matching) if matching else MatchSettings(),
            separate_classes=settings.load(session, settings.MATCHING_SEPARATE_CLASSES),
            admission_rule=AdmissionRule(settings.load(session, settings.ADMISSION_RULE)),
            silent_weeks=settings.load(session, settings.SILENT_PAIR_WEEKS),
            kpi_day=settings.load(session, settings.KPI_REPORTING_DAY))


def logo_path(db: Database, logo: str) -> Path | None:
    """The stored logo's absolute path (None: no logo)."""
    return Path(db.path).resolve().parent / logo if logo else None


def checked_settings(values: SchoolSettings) -> SchoolSettings:
    """The values tidied, or a `SettingProblem` for the first wrong one."""
    try:
        requisites = school_service.checked(values.requisites)
    except school_service.RequisiteProblem as problem:
        raise SettingProblem(problem.field, problem.message) from None
    series = {}
    for kind, item in values.order_series.items():
        try:
            series[kind] = numbering.checked_series(kind, item.prefix, item.suffix, item.width)
        except ValidationError as exc:
            raise SettingProblem(f"series_{kind}", exc.message) from None
    if not 1 <= values.silent_weeks <= MAX_SILENT_WEEKS:
        raise SettingProblem("silent_weeks", "Пара «молчит» после стольких недель без "
                             f"встреч: от 1 до {MAX_SILENT_WEEKS}.")
    try:
        settings.KPI_REPORTING_DAY.decode(list(values.kpi_day))
    except (TypeError, ValueError):
        raise SettingProblem("kpi_day", "Дата отчёта по целевому показателю: такого дня в "
                             "году нет, укажите день и месяц заново.") from None
    return dataclasses.replace(values, requisites=requisites, order_series=series,
                               layout=checked_layout(values.layout))


def checked_layout(layout: PageLayout) -> PageLayout:
    """The page layout within what ГОСТ Р 7.0.97 and a readable page allow (PageLayout checks
    the type sizes and spacing itself; the margins and the indent are checked here)."""
    margins = {"margin_left_mm": "левое", "margin_right_mm": "правое",
               "margin_top_mm": "верхнее", "margin_bottom_mm": "нижнее"}
    for field, name in margins.items():
        value = getattr(layout, field)
        if not MIN_MARGIN_MM <= value <= MAX_MARGIN_MM:
            raise SettingProblem(field, f"Поле страницы {name}: от {MIN_MARGIN_MM:g} до "
                                 f"{MAX_MARGIN_MM:g} мм (по ГОСТ Р 7.0.97 не меньше "
                                 f"{MIN_MARGIN_MM:g} мм), указано {value:g}.")
    if not 0 <= layout.first_line_indent_cm <= MAX_INDENT_CM:
        raise SettingProblem("first_line_indent_cm", "Абзацный отступ: от 0 до "
                             f"{MAX_INDENT_CM:g} см (по ГОСТ — 1,25 см).")
    return layout


def page_layout(base: PageLayout, **fields: float | str) -> PageLayout:
    """`base` with the dialog's fields, or a `SettingProblem` saying which size is out of its
    range (PageLayout's own refusal, with the field named); the fields the dialog does not
    show keep their values."""
    if not MIN_BODY_SIZE <= float(fields.get("font_size", MIN_BODY_SIZE)) <= MAX_BODY_SIZE:
        raise SettingProblem("font_size", f"Размер шрифта текста — от {MIN_BODY_SIZE:g} до "
                             f"{MAX_BODY_SIZE:g} пт.")
    table, body = (float(fields.get("table_font_size", MIN_TABLE_SIZE)),
                   float(fields.get("font_size", MAX_BODY_SIZE)))
    if not MIN_TABLE_SIZE <= table <= body:
        raise SettingProblem("table_font_size", f"Размер шрифта в таблицах — от "
                             f"{MIN_TABLE_SIZE:g} пт до размера шрифта текста ({body:g} пт), "
                             f"указано {table:g}.")
    spacing = float(fields.get("line_spacing", MIN_LINE_SPACING))
    if not MIN_LINE_SPACING <= spacing <= MAX_LINE_SPACING:
        raise SettingProblem("line_spacing", f"Межстрочный интервал — от {MIN_LINE_SPACING:g} "
                             f"до {MAX_LINE_SPACING:g}.")
    try:
        return dataclasses.replace(base, **fields)  # type: ignore[arg-type]
    except ValueError as exc:
        raise SettingProblem("font_size", str(exc)) from None


def save_settings(db: Database, values: SchoolSettings,
                  logo: LogoChange = LogoChange()) -> SchoolSettings:
    """Check and write everything at once (see the module's docstring); the values saved."""
    tidy = checked_settings(values)
    if logo.source is not None:
        check_logo(logo.source)
    elif not logo.remove and tidy == load_settings(db):
        return tidy  # nothing changed: nothing written, nothing logged
    copied: Path | None = None
    relative = "" if logo.remove else tidy.logo
    if logo.source is not None:
        [(_source, relative)] = copy_into_data_folder(db, [logo.source], None,
                                                      folder_name=LOGO_FOLDER)
        copied = logo_path(db, relative)
    try:
        with db.transaction() as session:
            school_service.save_school_in(session, tidy.requisites)
            settings.save(session, settings.SCHOOL_LOGO, relative)
            settings.save(session, settings.PAGE_LAYOUT, tidy.layout)
            settings.save(session, settings.ORDER_SERIES, {
                kind: dataclasses.asdict(series) for kind, series in tidy.order_series.items()})
            settings.save(session, settings.MATCHING, tidy.matching.to_dict())
            settings.save(session, settings.MATCHING_SEPARATE_CLASSES, tidy.separate_classes)
            settings.save(session, settings.ADMISSION_RULE, tidy.admission_rule.value)
            settings.save(session, settings.SILENT_PAIR_WEEKS, tidy.silent_weeks)
            settings.save(session, settings.KPI_REPORTING_DAY, tidy.kpi_day)
            audit.record(session, "update", "app_setting", None, "Изменены настройки программы")
    except BaseException:
        if copied is not None:
            with contextlib.suppress(OSError):
                copied.unlink(missing_ok=True)
        raise
    return dataclasses.replace(tidy, logo=relative)


def default_layout() -> PageLayout:
    """The layout «Как по ГОСТ» puts back."""
    return PageLayout()
