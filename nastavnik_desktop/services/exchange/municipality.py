"""The report for the municipality: aggregate only — no ФИО, no birth date, no phone, nothing
that identifies a person — in a layout that stays the same across versions (`LAYOUT_VERSION` in
B2 of the first sheet; tests pin the sheets and columns; README, «Отчёт для муниципалитета»,
documents them), so a municipality can merge many schools' files.

What it holds: the school's requisites (the school's own phone and e-mail, not a person's), the
programme's dates, the curator's position and the launch order that appointed him — not his
name —, the programme's documents from the register (kind, number, date; the per-pair plans and
journals and the per-person awards are left out), the KPI both ways with its method and its
breakdowns — all from `monitoring.kpi` on the same date, nothing counted again —, the pairs and
groups involved on the date by form, kind and status on the date, the mentors' organisations
(an organisation named after a person — «ИП Иванов И. И.» — is not named: its mentors are
counted on one line) and the events of the stages held by the date. Free texts typed by the
curator that could name a person (an organisation, an event's title) are checked against every
person's name words (`_NameWords`) and left out when they contain one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from nastavnik_desktop import __version__
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PAIR_STATUS_LABELS, PairStatus
from nastavnik_desktop.data.models import (
    IssuedDocument,
    MentoringForm,
    MentoringPair,
    PairStatusChange,
    Person,
    ProgrammeEvent,
)
from nastavnik_desktop.reports.municipality import (
    INFO_COLUMNS,
    INFO_ROWS,
    INFO_SHEET,
    MunicipalityReport,
    ReportSheet,
    Value,
)
from nastavnik_desktop.services.involvement import MENTEE, TARGET_PERCENT, involvement_select
from nastavnik_desktop.services.monitoring.kpi import Kpi, Line
from nastavnik_desktop.services.monitoring.kpi import kpi as monitoring_kpi
from nastavnik_desktop.services.programme import check_programme

LAYOUT_VERSION = "1"
"""The version of the layout (sheets, their columns, the rows of «Сведения»): changed only when
the layout is, never for a new version of the program."""

DOCUMENTS_SHEET, PARTICIPANTS_SHEET, KPI_SHEET = "Документы", "Участники", "Показатель"
PAIRS_SHEET, ORGANISATIONS_SHEET, EVENTS_SHEET = "Пары и группы", "Организации", "Мероприятия"

INFO_LINES = (*INFO_ROWS, "Полное наименование", "Учредитель", "Муниципальное образование",
              "Населённый пункт", "Адрес", "Телефон школы", "Электронная почта школы",
              "Учебный год", "Начало программы", "Окончание программы",
              "Куратор программы (должность)", "Приказ о назначении куратора: номер",
              "Приказ о назначении куратора: дата", "Выгружено программой")
"""The rows of «Сведения», in this order (the first four are pinned in every version)."""

LAYOUT: dict[str, tuple[str, ...]] = {
    INFO_SHEET: INFO_COLUMNS,
    KPI_SHEET: ("Показатель", "Вовлечено", "Всего", "Доля", "Целевое значение", "Методика"),
    PARTICIPANTS_SHEET: ("Разрез", "Группа", "Вовлечено", "Наставники", "Наставляемые",
                         "Всего в школе", "Доля"),
    PAIRS_SHEET: ("Форма наставничества", "Вид", "Статус на дату", "Количество"),
    ORGANISATIONS_SHEET: ("Организация", "Наставников"),
    DOCUMENTS_SHEET: ("Вид документа", "Номер", "Дата"),
    EVENTS_SHEET: ("Этап", "Мероприятие", "Название", "Дата", "Участников"),
}
"""Each sheet's own columns (every sheet but «Сведения» starts with «ИНН» and «Школа»), in
the order of the workbook."""

BY_ROLE, BY_CATEGORY, BY_FORM = "по ролям", "по категориям", "по формам наставничества"
BY_AGE, YOUNG = "обучающиеся по возрасту", "молодые специалисты"
PAIR, GROUP = "пара", "группа"
NAMED_ORGANISATIONS = "организации, названные по имени человека (название не выгружается)"
LEFT_OUT_KINDS = frozenset({"plan", "journal", "certificates"})
"""Register entries of one pair or one person: not the programme's documents."""
_WORD = re.compile(r"[^\W\d_]+")


def municipality_report(db: Database, programme_id: int, *, on: dt.date) -> MunicipalityReport:
    """The aggregate figures of the programme on the reporting date `on`."""
    figures = monitoring_kpi(db, programme_id, on=on)
    with db.reading() as session:
        programme = check_programme(session, programme_id)
        school = programme.school
        curator = session.get(Person, programme.curator_id) if programme.curator_id else None
        documents = session.execute(
            select(IssuedDocument.kind, IssuedDocument.number, IssuedDocument.issued_on)
            .where(IssuedDocument.programme_id == programme_id,
                   IssuedDocument.kind.not_in(LEFT_OUT_KINDS),
                   IssuedDocument.issued_on.is_(None) | (IssuedDocument.issued_on <= on))
            .order_by(IssuedDocument.issued_on.nulls_last(), IssuedDocument.id)).all()
        events = session.execute(
            select(ProgrammeEvent.stage, ProgrammeEvent.kind, ProgrammeEvent.title,
                   ProgrammeEvent.held_on, ProgrammeEvent.attended_count)
            .where(ProgrammeEvent.programme_id == programme_id,
                   ProgrammeEvent.held_on.is_not(None), ProgrammeEvent.held_on <= on)
            .order_by(ProgrammeEvent.held_on, ProgrammeEvent.stage, ProgrammeEvent.id)).all()
        names = _NameWords.of(session.execute(
            select(Person.last_name, Person.first_name, Person.middle_name, Person.parent_name,
                   Person.name_dative, Person.name_genitive, Person.name_accusative)).all())
        short, inn = (school.short_name or school.full_name).strip(), school.inn
        launch = next(((number, day) for kind, number, day in reversed(documents)
                       if kind == "order_launch"), ("", None))
        info = (
            LAYOUT_VERSION, on, school.inn, short, school.full_name, school.founder,
            school.municipality, school.settlement, school.address, school.phone, school.email,
            programme.school_year, programme.starts_on, programme.ends_on,
            curator.position if curator is not None else "", launch[0], launch[1],
            f"«Наставник» {__version__}")
    from nastavnik_desktop.services.documents import KIND_LABELS

    kinds = event_kinds()
    sheets = (
        ReportSheet(INFO_SHEET, INFO_COLUMNS, tuple(zip(INFO_LINES, info, strict=True))),
        _kpi_sheet(figures),
        _participants_sheet(figures),
        ReportSheet(PAIRS_SHEET, LAYOUT[PAIRS_SHEET], _pair_rows(db, programme_id, on), keys=3),
        ReportSheet(ORGANISATIONS_SHEET, LAYOUT[ORGANISATIONS_SHEET],
                    _organisation_rows(figures, names)),
        ReportSheet(DOCUMENTS_SHEET, LAYOUT[DOCUMENTS_SHEET],
                    tuple((KIND_LABELS.get(kind, kind), number, day)
                          for kind, number, day in documents), keys=2),
        ReportSheet(EVENTS_SHEET, LAYOUT[EVENTS_SHEET],
                    tuple(_event_row(names, kinds, *event) for event in events), keys=3),
    )
    return MunicipalityReport(on=on, school=short, inn=inn, sheets=sheets)


@dataclass(frozen=True)
class _NameWords:
    """Every word of every person's names (ФИО, its declined forms, the parent's name),
    lower-cased with «ё» as «е»: a text holding one of them may name a person."""

    words: frozenset[str]

    @classmethod
    def of(cls, rows: Iterable[Sequence[str]]) -> _NameWords:
        return cls(frozenset(word for row in rows for text in row for word in _words(text)))

    def mention(self, text: str) -> bool:
        return not self.words.isdisjoint(_words(text))


def _words(text: str | None) -> set[str]:
    return {word for word in _WORD.findall((text or "").lower().replace("ё", "е"))
            if len(word) > 1}


def _share(line: Line) -> float | None:
    return None if line.percent is None else line.percent / 100


def _kpi_sheet(figures: Kpi) -> ReportSheet:
    rows = tuple((title, figure.share.involved, figure.share.population,
                  None if figure.share.percent is None else figure.share.percent / 100,
                  TARGET_PERCENT / 100, figure.method)
                 for title, figure in (("Доля обучающихся", figures.pupils),
                                       ("Доля обучающихся и педагогических работников",
                                        figures.pupils_and_staff)))
    return ReportSheet(KPI_SHEET, LAYOUT[KPI_SHEET], rows, shares=("Доля", "Целевое значение"))


def _participants_sheet(figures: Kpi) -> ReportSheet:
    def lines(cut: str, found: tuple[Line, ...]) -> list[tuple[Value, ...]]:
        return [(cut, line.label, line.involved, line.mentors, line.mentees, line.population,
                 _share(line)) for line in found]

    rows = [*lines(BY_ROLE, figures.by_role), *lines(BY_CATEGORY, figures.by_category),
            *[(BY_FORM, form.label, form.involved, form.mentors, form.mentees, None, None)
              for form in figures.by_form],
            *lines(BY_AGE, figures.by_age), *lines(YOUNG, (figures.young_specialists,))]
    return ReportSheet(PARTICIPANTS_SHEET, LAYOUT[PARTICIPANTS_SHEET],
                       tuple(rows), keys=2, shares=("Доля",))


def _pair_rows(db: Database, programme_id: int, on: dt.date) -> tuple[tuple[Value, ...], ...]:
    """The pairs and groups involved on the date (the KPI's rule) by form, kind (a group: more
    than one mentee on the date) and status on the date (the last status they took on or
    before it; the current one when the history has none)."""
    involved = involvement_select(programme_id, on).subquery("involved")
    pair, change = MentoringPair.__table__.c, PairStatusChange.__table__.c
    ranked = (select(change.pair_id, change.status, func.row_number().over(
        partition_by=change.pair_id, order_by=(change.changed_on.desc(), change.id.desc()))
        .label("rank")).where(change.changed_on <= on).subquery("ranked"))
    last_change = select(ranked.c.pair_id, ranked.c.status).where(ranked.c.rank == 1) \
        .subquery("last")
    with db.engine.connect() as conn:
        mentees = Counter[int]()
        for row in conn.execute(select(involved.c.pair_id, involved.c.role)):
            mentees[row.pair_id] += row.role == MENTEE
        found = conn.execute(
            select(pair.id, MentoringForm.name, MentoringForm.sort_order, pair.status,
                   last_change.c.status.label("then"))
            .join_from(MentoringPair.__table__, MentoringForm.__table__,
                       MentoringForm.id == pair.form_id)
            .outerjoin(last_change, last_change.c.pair_id == pair.id)
            .where(pair.id.in_(select(involved.c.pair_id)))).all()
    order = list(PairStatus)
    counts: dict[tuple[int, str, str, int], int] = defaultdict(int)
    for row in found:
        status = PairStatus(row.then or row.status)
        kind = GROUP if mentees[row.id] > 1 else PAIR
        counts[(row.sort_order, row.name, kind, order.index(status))] += 1
    return tuple((name, kind, PAIR_STATUS_LABELS[order[status]], count)
                 for (_, name, kind, status), count in sorted(counts.items()))


def _organisation_rows(figures: Kpi, names: _NameWords) -> tuple[tuple[Value, ...], ...]:
    rows: list[tuple[Value, ...]] = []
    named = 0
    for organisation in figures.mentor_organisations:
        if names.mention(organisation.name):
            named += organisation.mentors
        else:
            rows.append((organisation.name, organisation.mentors))
    if named:
        rows.append((NAMED_ORGANISATIONS, named))
    return tuple(rows)


def event_kinds() -> dict[str, str]:
    """What each kind of a stage's event is called (stage 2's informing events, stage 7's
    two); imported when asked: the stages' modules are slow to load at the program's start."""
    from nastavnik_desktop.services.stages.checklists import FINAL_EVENT
    from nastavnik_desktop.services.stages.stage2 import INFORMING_KINDS
    from nastavnik_desktop.services.stages.stage7 import RESULTS_PRESENTATION

    return {**INFORMING_KINDS, RESULTS_PRESENTATION: "презентация результатов",
            FINAL_EVENT: "итоговое мероприятие"}


def _event_row(names: _NameWords, kinds: dict[str, str], stage: int, kind: str, title: str,
               held_on: dt.date | None, attended: int | None) -> tuple[Value, ...]:
    label = kinds.get(kind, kinds["other"])
    return (stage, label, "" if names.mention(title) else title, held_on, attended)


def municipality_xlsx(report: MunicipalityReport) -> bytes:
    """The report as one .xlsx (a sheet per `ReportSheet`)."""
    import io

    from nastavnik_desktop.reports.municipality import municipality_workbook

    stream = io.BytesIO()
    municipality_workbook(report, stream)
    return stream.getvalue()


def municipality_csv(report: MunicipalityReport) -> bytes:
    """The report as one CSV (utf-8-sig, «;») for the municipality's own tools."""
    from nastavnik_desktop.reports.municipality import municipality_csv as write_csv

    return write_csv(report)
