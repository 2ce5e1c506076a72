"""The roadmap (дорожная карта): the events of the seven stages, their dates and who answers.

A new programme gets its roadmap from the methodology template below, its dates spread from the
programme's real start to the end of the school year; the curator then edits it freely (add,
remove, reorder within a stage, mark done with a date and evidence). A stage's wizard marks done
the template events its data fulfils (`mark_fulfilled`): each template event names the checklist
items (services/stages/checklists.py) that show it was held.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import STAGE_TITLES
from nastavnik_desktop.data.models import Programme, RoadmapItem
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit

CURATOR = "куратор"
DEPUTY = "заместитель директора"
CLASS_TEACHERS = "классные руководители"
PSYCHOLOGIST = "педагог-психолог"
MENTORS = "наставники"


@dataclass(frozen=True)
class TemplateEvent:
    title: str
    responsible: str
    result: str
    fulfilled_by: tuple[str, ...] = ()
    """The stage's checklist items that, all done, show the event was held."""


# The events of each stage as the methodology (Р-145 and its recommendations) lists them.
ROADMAP_TEMPLATE: dict[int, tuple[TemplateEvent, ...]] = {
    1: (
        TemplateEvent("Издание приказа о внедрении целевой модели наставничества и назначении "
                      "куратора", DEPUTY,
                      "Приказ о внедрении целевой модели наставничества",
                      ("order_launch",)),
        TemplateEvent("Разработка и утверждение Положения о программе наставничества", CURATOR,
                      "Положение о программе наставничества", ("regulation",)),
        TemplateEvent("Формирование команды программы наставничества, распределение обязанностей",
                      CURATOR, "Состав команды программы", ("curator",)),
        TemplateEvent("Выбор форм и ролевых моделей наставничества, постановка цели, задач и "
                      "ожидаемых результатов", CURATOR,
                      "Программа наставничества на учебный год",
                      ("forms", "goals")),
        TemplateEvent("Разработка и утверждение дорожной карты внедрения целевой модели "
                      "наставничества", CURATOR, "Дорожная карта", ("roadmap",)),
    ),
    2: (
        TemplateEvent("Информирование родителей, педагогов, обучающихся о целях и возможностях "
                      "программы наставничества", CLASS_TEACHERS,
                      "Протоколы родительских собраний, информация на сайте школы", ("informing",)),
        TemplateEvent("Мотивационные беседы и классные часы с обучающимися", CLASS_TEACHERS,
                      "Справка о проведении классных часов", ("talks",)),
        TemplateEvent("Анкетирование будущих наставляемых, сбор их запросов", PSYCHOLOGIST,
                      "Анкеты наставляемых", ("requests",)),
        TemplateEvent("Сбор согласий на обработку персональных данных (от законных "
                      "представителей несовершеннолетних)", CLASS_TEACHERS,
                      "Согласия на обработку персональных данных", ("consents",)),
        TemplateEvent("Формирование базы наставляемых с перечнем запросов", CURATOR,
                      "База наставляемых", ("mentee_base",)),
    ),
    3: (
        TemplateEvent("Информирование педагогов, родителей, выпускников и партнёров о наборе "
                      "наставников", CURATOR,
                      "Объявление, информация на сайте школы",
                      ("motivation",)),
        TemplateEvent("Выявление наставников внутреннего контура: педагогов, обучающихся, "
                      "активных родителей", DEPUTY,
                      "Список кандидатов в наставники",
                      ("internal",)),
        TemplateEvent("Привлечение наставников внешнего контура: выпускников, представителей "
                      "предприятий, студентов", CURATOR,
                      "Соглашения о сотрудничестве",
                      ("external",)),
        TemplateEvent("Формирование базы наставников", CURATOR, "База наставников", ("profiles",)),
    ),
    4: (
        TemplateEvent("Анкетирование и собеседование с кандидатами в наставники", PSYCHOLOGIST,
                      "Анкеты, протоколы собеседований", ("interview",)),
        TemplateEvent("Отбор наставников по критериям методологии", CURATOR,
                      "Список отобранных наставников", ("decided",)),
        TemplateEvent("Обучение наставников («Школа наставников»)", PSYCHOLOGIST,
                      "Программа обучения, журнал занятий", ("trained",)),
        TemplateEvent("Допуск наставников к работе с наставляемыми", CURATOR,
                      "Список наставников, допущенных к работе", ("admitted",)),
    ),
    5: (
        TemplateEvent("Групповая встреча наставников и наставляемых", CURATOR,
                      "Протокол встречи", ("group_meeting",)),
        TemplateEvent("Анкетирование участников и обработка данных для подбора пар",
                      PSYCHOLOGIST, "Результаты подбора пар/групп", ("pairs",)),
        TemplateEvent("Формирование наставнических пар/групп; издание приказа о закреплении "
                      "пар/групп", DEPUTY, "Приказ о закреплении наставнических пар/групп",
                      ("pairs", "order_pairs")),
    ),
    6: (
        TemplateEvent("Встреча-знакомство, пробная рабочая встреча и встреча-планирование в "
                      "парах/группах", MENTORS, "Журналы встреч наставников", ("meetings",)),
        TemplateEvent("Составление индивидуальных планов развития наставляемых", MENTORS,
                      "Индивидуальные планы развития", ("plans",)),
        TemplateEvent("Методическое сопровождение наставников", PSYCHOLOGIST,
                      "Методические материалы для наставников", ("materials",)),
        TemplateEvent("Промежуточный мониторинг и обратная связь от участников", PSYCHOLOGIST,
                      "Результаты промежуточного анкетирования", ("entry_survey", "feedback")),
        TemplateEvent("Контроль работы пар/групп, серия рабочих встреч", CURATOR,
                      "Справка о ходе реализации программы"),
    ),
    7: (
        TemplateEvent("Презентация результатов работы пар/групп", CURATOR,
                      "Отчёты наставнических пар/групп", ("completed",)),
        TemplateEvent("Итоговое анкетирование участников, мониторинг эффективности программы",
                      PSYCHOLOGIST, "Отчёт о мониторинге", ("exit_survey",)),
        TemplateEvent("Итоговое мероприятие, награждение лучших пар/групп", DEPUTY,
                      "Приказ о награждении, грамоты, благодарственные письма",
                      ("final_event", "awards")),
        TemplateEvent("Сбор лучших практик и кейсов, публикация на сайте школы", CURATOR,
                      "Кейсы и практики наставничества", ("practices", "publicity")),
        TemplateEvent("Пополнение баз наставников и наставляемых на следующий учебный год",
                      CURATOR, "Обновлённые базы"),
    ),
}

# (month, day) windows of each stage within the school year; they follow each other, so the
# dates of a generated roadmap never decrease from one stage to the next.
STAGE_WINDOWS: dict[int, tuple[tuple[int, int], tuple[int, int]]] = {
    1: ((9, 1), (9, 20)),
    2: ((9, 21), (10, 10)),
    3: ((10, 11), (10, 25)),
    4: ((10, 26), (11, 15)),
    5: ((11, 16), (11, 30)),
    6: ((12, 1), (4, 30)),
    7: ((5, 1), (5, 25)),
}


@dataclass(frozen=True)
class RoadmapLine:
    id: int
    number: int
    stage: int
    stage_title: str
    title: str
    due_on: dt.date | None
    responsible: str
    result: str
    done_on: dt.date | None
    evidence: str
    overdue: bool


def _window_date(school_year: str, month: int, day: int) -> dt.date:
    start = int(school_year[:4])
    return dt.date(start if month >= 9 else start + 1, month, day)


MIN_ROADMAP_DAYS = 49
"""A programme opened late still gets at least seven weeks for its seven stages."""


def template_due_dates(school_year: str, stage: int, count: int, *,
                       start: dt.date | None = None) -> list[dt.date]:
    """`count` dates spread evenly over the stage's window, the last on its end.

    A programme that starts after the first window opens (`start`, say in December) gets the
    windows of the whole year compressed, in their order, into the time from `start` to the
    end of the last one, so no event falls before the programme began."""
    (m1, d1), (m2, d2) = STAGE_WINDOWS[stage]
    first, last = _window_date(school_year, m1, d1), _window_date(school_year, m2, d2)
    span = (last - first).days
    dates = [first + dt.timedelta(days=round(span * (i + 1) / count)) for i in range(count)]
    return [_shifted(school_year, day, start) for day in dates]


def _shifted(school_year: str, day: dt.date, start: dt.date | None) -> dt.date:
    """`day` of the standard windows moved into the school year as it starts on `start`."""
    opens = _window_date(school_year, *STAGE_WINDOWS[1][0])
    closes = _window_date(school_year, *STAGE_WINDOWS[max(STAGE_WINDOWS)][1])
    if start is None or start <= opens:
        return day
    target = max(closes, start + dt.timedelta(days=MIN_ROADMAP_DAYS))
    ratio = (target - start).days / (closes - opens).days
    return start + dt.timedelta(days=round((day - opens).days * ratio))


def generate_roadmap(session: Session, programme: Programme) -> int:
    """Add the template's events to `programme` (inside the caller's transaction), dated from
    the programme's start."""
    added = 0
    for stage, events in ROADMAP_TEMPLATE.items():
        dates = template_due_dates(programme.school_year, stage, len(events),
                                   start=programme.starts_on)
        for order, (event, due) in enumerate(zip(events, dates, strict=True)):
            session.add(RoadmapItem(programme_id=programme.id, stage=stage, sort_order=order,
                                    title=event.title, due_on=due,
                                    responsible_text=event.responsible,
                                    result_text=event.result, from_template=True))
            added += 1
    session.flush()
    return added


def mark_fulfilled(session: Session, programme_id: int, stage: int, done: Collection[str],
                   day: dt.date) -> int:
    """Inside the transaction of a stage's action (its wizard's Finish): the template events
    of `stage` not yet done whose checklist items are all in `done` are done on `day`.
    Returns how many were marked."""
    titles = {event.title: event.fulfilled_by for event in ROADMAP_TEMPLATE.get(stage, ())
              if event.fulfilled_by and set(event.fulfilled_by) <= set(done)}
    if not titles:
        return 0
    items = session.scalars(select(RoadmapItem).where(
        RoadmapItem.programme_id == programme_id, RoadmapItem.stage == stage,
        RoadmapItem.done_on.is_(None), RoadmapItem.title.in_(list(titles)))).all()
    for item in items:
        item.done_on = day
        item.evidence = item.evidence or f"данные этапа {stage} в программе"
    session.flush()
    return len(items)


def set_event_due_in(session: Session, programme_id: int, stage: int, item_key: str,
                     due_on: dt.date) -> RoadmapItem:
    """Inside the transaction of a stage's action (the stage 6 wizard scheduling the first
    meetings): the template event of `stage` fulfilled by the checklist item `item_key` is due
    on `due_on`. A programme whose roadmap lost that event gets it back at the end of the
    stage; an event already done keeps its date."""
    event = next(e for e in ROADMAP_TEMPLATE[stage] if item_key in e.fulfilled_by)
    item = session.scalars(select(RoadmapItem).where(
        RoadmapItem.programme_id == programme_id, RoadmapItem.stage == stage,
        RoadmapItem.title == event.title).order_by(RoadmapItem.id)).first()
    if item is None:
        last = session.scalar(select(func.max(RoadmapItem.sort_order)).where(
            RoadmapItem.programme_id == programme_id, RoadmapItem.stage == stage))
        item = RoadmapItem(programme_id=programme_id, stage=stage,
                           sort_order=0 if last is None else last + 1, title=event.title,
                           responsible_text=event.responsible, result_text=event.result,
                           from_template=True)
        session.add(item)
    if item.done_on is None:
        item.due_on = due_on
    session.flush()
    return item


def has_roadmap(session: Session, programme_id: int) -> bool:
    return bool(session.scalar(select(func.count()).select_from(RoadmapItem)
                               .where(RoadmapItem.programme_id == programme_id)))


@dataclass(frozen=True)
class StageEvents:
    """How a stage's roadmap events stand on a day."""

    total: int = 0
    done: int = 0
    overdue: int = 0


def stage_event_counts(session: Session, programme_id: int,
                       today: dt.date) -> dict[int, StageEvents]:
    """The roadmap events of each stage that has any: all, done, overdue on `today`."""
    return {stage: StageEvents(total, done, int(overdue or 0))
            for stage, total, done, overdue in session.execute(
                select(RoadmapItem.stage, func.count(), func.count(RoadmapItem.done_on),
                       func.sum(and_(RoadmapItem.done_on.is_(None), RoadmapItem.due_on < today)))
                .where(RoadmapItem.programme_id == programme_id).group_by(RoadmapItem.stage))}


ROADMAP_TABLES = frozenset({"roadmap_item", "person"})
"""The tables `list_roadmap` reads (see services/changes.py and programme.OVERVIEW_TABLES): the
events, and the person responsible when no name is written in."""


def list_roadmap(db: Database, programme_id: int, *, stage: int | None = None,
                 responsible: str | None = None, today: dt.date | None = None
                 ) -> list[RoadmapLine]:
    """The roadmap in order; numbers run through the whole roadmap and survive filtering.

    `responsible` keeps the lines whose responsible person contains the text (any case).
    """
    with db.reading() as session:
        lines = roadmap_lines(session, programme_id, today=today)
    if stage is not None:
        lines = [line for line in lines if line.stage == stage]
    if responsible:
        needle = responsible.strip().casefold()
        lines = [line for line in lines if needle in line.responsible.casefold()]
    return lines


def roadmap_lines(session: Session, programme_id: int, *,
                  today: dt.date | None = None) -> list[RoadmapLine]:
    today = today or dt.date.today()
    items = session.scalars(select(RoadmapItem).where(RoadmapItem.programme_id == programme_id)
                            .order_by(RoadmapItem.stage, RoadmapItem.sort_order,
                                      RoadmapItem.id)).all()
    return [_line(item, number, today) for number, item in enumerate(items, start=1)]


def _line(item: RoadmapItem, number: int, today: dt.date) -> RoadmapLine:
    responsible = item.responsible_text
    if not responsible and item.responsible is not None:
        responsible = item.responsible.full_name
    overdue = item.done_on is None and item.due_on is not None and item.due_on < today
    return RoadmapLine(id=item.id, number=number, stage=item.stage,
                       stage_title=STAGE_TITLES[item.stage], title=item.title,
                       due_on=item.due_on, responsible=responsible, result=item.result_text,
                       done_on=item.done_on, evidence=item.evidence, overdue=overdue)


def _line_by_id(session: Session, item: RoadmapItem) -> RoadmapLine:
    for line in roadmap_lines(session, item.programme_id):
        if line.id == item.id:
            return line
    raise ValidationError("Мероприятие дорожной карты не найдено.")


def _get(session: Session, item_id: int) -> RoadmapItem:
    item = session.get(RoadmapItem, item_id)
    if item is None:
        raise ValidationError("Мероприятие дорожной карты не найдено: возможно, его уже "
                              "удалили. Обновите список.")
    return item


def _clean_title(title: str) -> str:
    text = " ".join(title.split())
    if not text:
        raise ValidationError("Укажите название мероприятия.")
    return text


def check_stage(stage: int) -> None:
    if stage not in STAGE_TITLES:
        raise ValidationError(f"Этап {stage} не существует: этапов семь, от 1 до 7.")


def add_item(db: Database, programme_id: int, *, stage: int, title: str,
             due_on: dt.date | None = None, responsible: str = "",
             result: str = "") -> RoadmapLine:
    """A new event at the end of its stage."""
    check_stage(stage)
    text = _clean_title(title)
    with db.transaction() as session:
        if session.get(Programme, programme_id) is None:
            raise ValidationError("Программа наставничества не найдена.")
        last = session.scalar(select(func.max(RoadmapItem.sort_order)).where(
            RoadmapItem.programme_id == programme_id, RoadmapItem.stage == stage))
        item = RoadmapItem(programme_id=programme_id, stage=stage,
                           sort_order=0 if last is None else last + 1, title=text,
                           due_on=due_on, responsible_text=responsible.strip(),
                           result_text=result.strip())
        session.add(item)
        session.flush()
        audit.record(session, "create", "roadmap_item", item.id,
                     f"В дорожную карту добавлено мероприятие «{text}»")
        return _line_by_id(session, item)


def update_item(db: Database, item_id: int, *, title: str, due_on: dt.date | None,
                responsible: str, result: str) -> RoadmapLine:
    text = _clean_title(title)
    with db.transaction() as session:
        item = _get(session, item_id)
        item.title = text
        item.due_on = due_on
        item.responsible_text = responsible.strip()
        item.result_text = result.strip()
        session.flush()
        audit.record(session, "update", "roadmap_item", item.id,
                     f"Изменено мероприятие дорожной карты «{text}»")
        return _line_by_id(session, item)


def remove_item(db: Database, item_id: int) -> None:
    with db.transaction() as session:
        item = _get(session, item_id)
        audit.record(session, "delete", "roadmap_item", item.id,
                     f"Из дорожной карты удалено мероприятие «{item.title}»")
        session.delete(item)


def move_item(db: Database, item_id: int, delta: int) -> RoadmapLine:
    """Move an event up (`delta` < 0) or down within its stage; the ends stop it."""
    with db.transaction() as session:
        item = _get(session, item_id)
        siblings = list(session.scalars(
            select(RoadmapItem).where(RoadmapItem.programme_id == item.programme_id,
                                      RoadmapItem.stage == item.stage)
            .order_by(RoadmapItem.sort_order, RoadmapItem.id)))
        index = siblings.index(item)
        target = max(0, min(len(siblings) - 1, index + delta))
        siblings.insert(target, siblings.pop(index))
        for order, sibling in enumerate(siblings):
            sibling.sort_order = order
        session.flush()
        if target != index:
            audit.record(session, "update", "roadmap_item", item.id,
                         f"Мероприятие «{item.title}» перемещено в дорожной карте")
        return _line_by_id(session, item)


def mark_done(db: Database, item_id: int, done_on: dt.date, evidence: str = "") -> RoadmapLine:
    if done_on > dt.date.today():
        raise ValidationError(f"Дата выполнения {done_on:%d.%m.%Y} ещё не наступила: "
                              "отметить мероприятие выполненным можно сегодняшним днём "
                              "или раньше.")
    with db.transaction() as session:
        item = _get(session, item_id)
        item.done_on = done_on
        item.evidence = evidence.strip()
        session.flush()
        audit.record(session, "update", "roadmap_item", item.id,
                     f"Мероприятие «{item.title}» выполнено {done_on:%d.%m.%Y}")
        return _line_by_id(session, item)


def mark_not_done(db: Database, item_id: int) -> RoadmapLine:
    with db.transaction() as session:
        item = _get(session, item_id)
        item.done_on = None
        item.evidence = ""
        session.flush()
        audit.record(session, "update", "roadmap_item", item.id,
                     f"С мероприятия «{item.title}» снята отметка о выполнении")
        return _line_by_id(session, item)
