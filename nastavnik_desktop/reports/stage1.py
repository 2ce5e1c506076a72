"""Documents of stage 1: the roadmap (two layouts), the launch order, the programme passport.

Builders take plain data and return a document ready to `build()`; they know nothing of the
database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from nastavnik_desktop.reports.document import OfficialDocument
from nastavnik_desktop.reports.layout import PageLayout
from nastavnik_desktop.reports.lists import ListDocument
from nastavnik_desktop.reports.requisites import Organisation, Requisites, approval_lines
from nastavnik_desktop.reports.tables import Align, GroupRow, Row

RoadmapLayout = Literal["events", "stages"]

ROADMAP_HEADERS = ("№ п/п", "Мероприятие", "Срок", "Ответственный", "Результат / вид документа")
ROADMAP_WIDTHS_MM = (14.0, 105.0, 26.0, 45.0, 70.0)
ROADMAP_ALIGN: tuple[Align, ...] = ("center", "left", "center", "left", "left")

LEGAL_BASIS = (
    "В соответствии с Концепцией развития наставничества в Российской Федерации на период "
    "до 2030 года, утверждённой распоряжением Правительства Российской Федерации "
    "от 21.05.2025 № 1264-р, распоряжением Министерства просвещения Российской Федерации "
    "от 25.12.2019 № Р-145 «Об утверждении методологии (целевой модели) наставничества "
    "обучающихся для организаций, осуществляющих образовательную деятельность по "
    "общеобразовательным, дополнительным общеобразовательным и программам среднего "
    "профессионального образования, в том числе с применением лучших практик обмена опытом "
    "между обучающимися», письмом Министерства просвещения Российской Федерации "
    "от 23.01.2020 № МР-42/02 «О направлении целевой модели наставничества и методических "
    "рекомендаций», в целях создания условий для раскрытия потенциала личности обучающихся и "
    "педагогических работников"
)
LAUNCH_ORDER_TITLE = "О внедрении целевой модели наставничества и назначении куратора"


@dataclass(frozen=True)
class RoadmapRow:
    number: int
    stage: int
    stage_title: str
    title: str
    due_on: dt.date | None
    responsible: str
    result: str


@dataclass(frozen=True)
class PassportData:
    school_year: str
    title: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    goal: str
    tasks: Sequence[str]
    expected_results: Sequence[str]
    forms: Sequence[tuple[str, Sequence[str]]]
    curator: str
    team: Sequence[tuple[str, str]]
    documents: Sequence[str]


def roadmap_title(organisation: Organisation, school_year: str) -> str:
    return (f"Дорожная карта внедрения целевой модели наставничества в "
            f"{organisation.name_in('loct')} на {school_year} учебный год")


def roadmap_table_rows(rows: Sequence[RoadmapRow], layout: RoadmapLayout) -> list[Row]:
    """The table rows; grouped by stages, each stage opens with «Этап N. …» across the table."""
    out: list[Row] = []
    stage = None
    for row in rows:
        if layout == "stages" and row.stage != stage:
            stage = row.stage
            out.append(GroupRow(f"Этап {row.stage}. {row.stage_title}"))
        out.append((row.number, row.title, row.due_on, row.responsible, row.result))
    return out


@dataclass(frozen=True)
class Approval:
    """The order that approved a document («УТВЕРЖДЕНА приказом … от … № …»)."""

    issued_on: dt.date | None
    number: str


def roadmap_document(organisation: Organisation, school_year: str, rows: Sequence[RoadmapRow],
                     *, layout: RoadmapLayout = "events",
                     as_of: dt.date | None = None,
                     approved: Approval | None = None) -> ListDocument:
    """The roadmap as a landscape list: by events, or grouped by the seven stages; with the
    stamp of the launch order that approved it at the top right, when there is one."""
    subtitle = "по этапам реализации" if layout == "stages" else ""
    doc = ListDocument(roadmap_title(organisation, school_year), organisation,
                       subtitle=subtitle, as_of=as_of)
    if approved is not None:
        doc.add_approval(approval_lines("УТВЕРЖДЕНА", organisation, approved.issued_on,
                                        approved.number))
    doc.add_table(ROADMAP_HEADERS, roadmap_table_rows(rows, layout),
                  col_widths_mm=ROADMAP_WIDTHS_MM, align=ROADMAP_ALIGN)
    return doc


def launch_order(requisites: Requisites, *, school_year: str, curator_appointee: str,
                 curator_dative: str, roadmap: Sequence[RoadmapRow],
                 regulation: str | None = None, regulation_due: dt.date | None = None,
                 acquainted: Sequence[str] = (),
                 layout: PageLayout | None = None) -> OfficialDocument:
    """The order «О внедрении целевой модели наставничества и назначении куратора» with the
    roadmap, grouped by stages, as its appendix № 1 and the acquaintance sheet last.

    `curator_appointee` is the curator as the point needs him in the accusative («учителя
    английского языка Савину О. Н.»), `curator_dative` his name in the dative («Савиной
    О. Н.»). `regulation` is the reference of the Положение recorded at stage 1 («от
    01.09.2026 № 5», may be empty); None when it is not issued yet: the curator is then
    charged to draft it by `regulation_due`. `acquainted` are the people the order charges
    (the curator and the team), listed on the acquaintance sheet."""
    doc = OfficialDocument(requisites, layout)
    org = requisites.organisation
    doc.add_paragraph(f"{LEGAL_BASIS},")
    doc.add_directive()
    if regulation is None:
        due = f"в срок до {regulation_due:%d.%m.%Y}" if regulation_due else "в течение месяца"
        regulation_point = (f"Куратору {curator_dative} {due} разработать и представить на "
                            "утверждение проект Положения о программе наставничества "
                            f"{org.name_in('gent')}.")
    else:
        approved = f", утверждённым приказом {regulation}" if regulation else ""
        regulation_point = ("Организовать работу по программе наставничества в соответствии "
                            "с Положением о программе наставничества "
                            f"{org.name_in('gent')}{approved}.")
    doc.add_numbered([
        f"Внедрить в {org.name_in('loct')} целевую модель наставничества на {school_year} "
        "учебный год.",
        _sentence("Назначить куратором внедрения целевой модели наставничества "
                  f"{curator_appointee}"),
        f"Утвердить дорожную карту внедрения целевой модели наставничества на {school_year} "
        "учебный год согласно приложению № 1 к настоящему приказу.",
        regulation_point,
        f"Куратору {curator_dative} обеспечить выполнение мероприятий дорожной карты, "
        "формирование баз наставников и наставляемых и мониторинг реализации программы "
        "наставничества.",
        "Контроль за исполнением настоящего приказа оставляю за собой.",
    ])
    doc.add_signature()
    doc.add_appendix(roadmap_title(org, school_year), landscape=True)
    doc.add_table(ROADMAP_HEADERS, roadmap_table_rows(roadmap, "stages"),
                  col_widths_mm=ROADMAP_WIDTHS_MM, align=ROADMAP_ALIGN)
    doc.add_acquaintance_sheet(acquainted)
    return doc


def _sentence(text: str) -> str:
    """`text` ended with one full stop: a name ending in an initial («А. А.») takes none."""
    return text if text.endswith(".") else text + "."


def _lines(items: Sequence[str]) -> str:
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1))


def passport_document(organisation: Organisation, data: PassportData, *,
                      as_of: dt.date | None = None,
                      approved: Approval | None = None) -> ListDocument:
    """The programme's passport: a two-column table «раздел | содержание», with the stamp of
    the launch order at the top right when there is one."""
    doc = ListDocument(f"Паспорт программы наставничества на {data.school_year} учебный год",
                       organisation, as_of=as_of, layout=PageLayout(font_size=12.0,
                                                                              table_font_size=11.0))
    if approved is not None:
        doc.add_approval(approval_lines("УТВЕРЖДЁН", organisation, approved.issued_on,
                                        approved.number))
    period = data.school_year + " учебный год"
    if data.starts_on and data.ends_on:
        period = f"{data.starts_on:%d.%m.%Y} – {data.ends_on:%d.%m.%Y} ({period})"
    forms = "\n".join(f"{name}: {', '.join(models)}" if models else name
                      for name, models in data.forms)
    team = "\n".join(f"{name} — {role}" for name, role in data.team)
    rows: list[Row] = [
        ("Наименование программы", data.title),
        ("Образовательная организация", organisation.full_name),
        ("Сроки реализации", period),
        ("Цель программы", data.goal),
        ("Задачи программы", _lines(data.tasks)),
        ("Формы и ролевые модели наставничества", forms or "—"),
        ("Куратор программы", data.curator or "не назначен"),
        ("Команда программы", team or "—"),
        ("Ожидаемые результаты", _lines(data.expected_results)),
        ("Нормативные документы", "\n".join(data.documents) or "—"),
    ]
    doc.add_table(("Раздел", "Содержание"), rows, col_widths_mm=(55.0, 115.0),
                  align=("left", "left"))
    return doc
