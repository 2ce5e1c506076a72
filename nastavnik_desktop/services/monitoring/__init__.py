"""Monitoring of the programme (issue 13): `kpi` — the 70 % KPI of the target model on a
reporting date, both ways (pupils; pupils and pedagogical staff), with its method in words and
its breakdowns; `growth` — entry → exit means per parameter, form and pair, satisfaction, the
«да» shares and the attendance of meetings; `hints` — SWOT hints drawn from those figures."""

from nastavnik_desktop.services.monitoring.growth import (
    GROWTH_TABLES,
    Attendance,
    FormGrowth,
    FormSummary,
    Growth,
    Mean,
    PairGrowth,
    ParameterGrowth,
    Satisfaction,
    YesShare,
    change_text,
    form_summary,
    growth,
    is_satisfaction_item,
    score_text,
)
from nastavnik_desktop.services.monitoring.hints import Hint, swot_hints
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
__all__ += [
    "GROWTH_TABLES",
    "Attendance",
    "FormGrowth",
    "FormSummary",
    "Growth",
    "Hint",
    "Mean",
    "PairGrowth",
    "ParameterGrowth",
    "Satisfaction",
    "YesShare",
    "change_text",
    "form_summary",
    "growth",
    "is_satisfaction_item",
    "score_text",
    "swot_hints",
]
