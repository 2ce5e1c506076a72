"""Monitoring of the programme (issue 13): `kpi` — the 70 % KPI of the target model on a
reporting date, both ways (pupils; pupils and pedagogical staff), with its method in words and
its breakdowns."""

from nastavnik_desktop.services.monitoring.kpi import (
    KPI_TABLES,
    NO_DATA,
    TARGET_PERCENT,
    FormLine,
    Kpi,
    KpiFigure,
    Line,
    Organisation,
    Share,
    default_reporting_date,
    is_pedagogue,
    kpi,
    percent_text,
)

__all__ = ["KPI_TABLES", "NO_DATA", "TARGET_PERCENT", "FormLine", "Kpi", "KpiFigure", "Line",
           "Organisation", "Share", "default_reporting_date", "is_pedagogue", "kpi", "percent_text"]
