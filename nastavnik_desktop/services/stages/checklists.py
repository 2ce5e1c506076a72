"""The seven stages of the methodology: each stage's checklist and status.

A checklist item is either derived from the data (the base has mentees with requests, pairs
are formed, the order is issued …) or a manual tick the curator sets, stored in
`stage_progress.checklist_json`. A stage is «завершён» when every item is done or the curator
closed it; «в работе» when something of it is done.

Statuses are computed when read (`stage_cards`, a read-only session). `stage_progress` keeps
what only an action can say — the manual ticks, that the curator closed a stage, and the dates
a stage started and was completed — and is written only inside the transaction of the action
that changes it: a tick, a close, a wizard's Finish (`store_statuses`). The first paint of the
«Обзор» page shows those stored statuses.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    STAGE_STATUS_LABELS,
    STAGE_TITLES,
    ConsentGiver,
    ConsentKind,
    MentorStatus,
    PairStatus,
    PersonCategory,
    QuestionnairePhase,
    StageStatus,
)
from nastavnik_desktop.data.models import (
    Certificate,
    Consent,
    IssuedDocument,
    Meeting,
    MenteeProfile,
    MenteeProfileRequest,
    MentorCriterionScore,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    PlanItem,
    Programme,
    ProgrammeEvent,
    ProgrammeForm,
    QuestionnaireResponse,
    QuestionnaireTemplate,
    RoadmapItem,
    School,
    StageProgress,
    TeamMember,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.programme import check_programme
from nastavnik_desktop.services.roadmap import check_stage
from nastavnik_desktop.text import ru_plural

ADULT_AGE = 18

# What each stage's wizard needs, said on its button until the wizard exists.
STAGE_NEEDS: dict[int, str] = {
    1: "Реквизиты школы, куратор и команда, формы наставничества, цели и задачи, приказ "
       "и Положение о программе.",
    2: "Информирование родителей, педагогов и обучающихся; база наставляемых с запросами и "
       "согласиями на обработку персональных данных.",
    3: "База наставников внутреннего и внешнего контура: компетенции, интересы, ресурс времени.",
    4: "Оценка кандидатов по критериям отбора, собеседование и «Школа наставников».",
    5: "Подбор пар и групп из допущенных наставников и наставляемых, приказ о закреплении.",
    6: "Планы развития пар, встречи, методические материалы, промежуточный мониторинг.",
    7: "Итоговые встречи, анкетирование, награждение, сбор лучших практик.",
}


# The result of each stage, as the methodology names it.
STAGE_RESULTS: dict[int, str] = {
    1: "дорожная карта программы наставничества",
    2: "база наставляемых с перечнем запросов",
    3: "база наставников для этой и будущих программ",
    4: "отобранные и обученные наставники",
    5: "сформированные наставнические пары и группы",
    6: "работа пар и групп по планам развития, промежуточные результаты",
    7: "итоги программы, награждение лучших, собранные практики",
}


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str
    done: bool
    manual: bool
    """True for a tick the curator sets; False when derived from the data."""
    detail: str = ""


@dataclass(frozen=True)
class StageCard:
    stage: int
    title: str
    status: StageStatus
    status_label: str
    closed_by_curator: bool
    items: tuple[ChecklistItem, ...]
    events_total: int
    events_done: int
    events_overdue: int
    completed_on: dt.date | None
    needs: str
    result: str

    @property
    def items_done(self) -> int:
        return sum(item.done for item in self.items)


# --- the derived checks ----------------------------------------------------------------------

_Check = tuple[str, str, bool, str]  # key, text, done, detail


def _count(session: Session, query: object) -> int:
    return int(session.scalar(query) or 0)  # type: ignore[call-overload]


def _counted(n: int, one: str, few: str, many: str) -> str:
    """«3 пары», or nothing for zero."""
    return f"{n} {ru_plural(n, one, few, many)}" if n else ""


def _of(n: int, total: int, what: str) -> str:
    return f"{n} из {total} {what}"


def _stage1(session: Session, programme: Programme, school: School) -> list[_Check]:
    pid = programme.id
    team = _count(session, select(func.count()).select_from(TeamMember)
                  .where(TeamMember.programme_id == pid))
    forms = _count(session, select(func.count()).select_from(ProgrammeForm)
                   .where(ProgrammeForm.programme_id == pid))
    kinds = set(session.scalars(select(IssuedDocument.kind).where(
        IssuedDocument.programme_id == pid)))
    roadmap = _count(session, select(func.count()).select_from(RoadmapItem)
                     .where(RoadmapItem.programme_id == pid))
    return [
        ("requisites", "Реквизиты школы и руководитель указаны",
         bool(school.full_name and school.director_name), ""),
        ("curator", "Назначены куратор и команда программы",
         programme.curator_id is not None,
         f"в команде {team} {ru_plural(team, 'человек', 'человека', 'человек')}" if team else ""),
        ("forms", "Выбраны формы наставничества", forms > 0,
         _counted(forms, 'форма', 'формы', 'форм')),
        ("goals", "Определены цель, задачи и ожидаемые результаты",
         bool(programme.goal and programme.tasks), ""),
        ("order_launch", "Приказ о внедрении ЦМН и назначении куратора",
         "order_launch" in kinds, ""),
        ("regulation", "Положение о программе наставничества", "regulation" in kinds, ""),
        ("roadmap", "Составлена дорожная карта", roadmap > 0,
         _counted(roadmap, 'мероприятие', 'мероприятия', 'мероприятий')),
    ]


def _has_personal_consent(givers: tuple[ConsentGiver, ...]) -> ColumnElement[bool]:
    return exists().where(Consent.person_id == Person.id,
                          Consent.kind == ConsentKind.PERSONAL_DATA,
                          Consent.revoked_on.is_(None), Consent.given_by.in_(givers))


def _stage2(session: Session, programme: Programme, today: dt.date) -> list[_Check]:
    pid = programme.id
    in_base = MenteeProfile.programme_id == pid
    mentees = _count(session, select(func.count(func.distinct(MenteeProfile.person_id)))
                     .where(in_base))
    with_requests = _count(session, select(func.count(func.distinct(MenteeProfile.person_id)))
                           .where(in_base, or_(
                               MenteeProfile.requests_note != "",
                               exists().where(MenteeProfileRequest.mentee_profile_id
                                              == MenteeProfile.id))))
    adult_born = _years_before(today, ADULT_AGE)
    # As services.people.is_minor: a pupil whose birth date is unknown counts as a minor.
    minor = or_(and_(Person.birth_date.is_not(None), Person.birth_date > adult_born),
                and_(Person.birth_date.is_(None), Person.category == PersonCategory.PUPIL))
    consent_ok = or_(
        and_(minor, _has_personal_consent((ConsentGiver.PARENT,
                                                      ConsentGiver.GUARDIAN))),
        and_(~minor, _has_personal_consent(tuple(ConsentGiver))))
    with_consent = _count(session, select(func.count(func.distinct(Person.id)))
                          .join(MenteeProfile, MenteeProfile.person_id == Person.id)
                          .where(in_base, consent_ok))
    informed = _count(session, select(func.count()).select_from(ProgrammeEvent).where(
        ProgrammeEvent.programme_id == pid, ProgrammeEvent.stage == 2,
        ProgrammeEvent.held_on.is_not(None)))
    return [
        ("informing", "Проведено информирование родителей, педагогов и обучающихся",
         informed > 0, _counted(informed, 'мероприятие', 'мероприятия', 'мероприятий')),
        ("mentee_base", "Сформирована база наставляемых", mentees > 0,
         _counted(mentees, 'человек', 'человека', 'человек')),
        ("requests", "У каждого наставляемого записаны запросы",
         mentees > 0 and with_requests == mentees,
         _of(with_requests, mentees, "с запросами") if mentees else ""),
        ("consents", "Получены согласия на обработку персональных данных (за несовершеннолетних "
         "— от родителей)", mentees > 0 and with_consent == mentees,
         _of(with_consent, mentees, "с согласием") if mentees else ""),
    ]


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _stage3(session: Session, programme: Programme) -> list[_Check]:
    pid = programme.id
    in_base = MentorProfile.programme_id == pid
    internal_categories = (PersonCategory.PUPIL, PersonCategory.STAFF, PersonCategory.PARENT)

    def mentors(*where: ColumnElement[bool]) -> int:
        return _count(session, select(func.count(func.distinct(MentorProfile.person_id)))
                      .join(Person, Person.id == MentorProfile.person_id)
                      .where(in_base, *where))

    total = mentors()
    internal = mentors(Person.category.in_(internal_categories))
    external = total - internal
    described = mentors(MentorProfile.competencies != "",
                        MentorProfile.time_hours_per_month.is_not(None))
    return [
        ("internal", "Привлечены наставники внутреннего контура (обучающиеся, педагоги, "
         "родители)", internal > 0, f"{internal} чел." if internal else ""),
        ("external", "Привлечены наставники внешнего контура (выпускники, представители "
         "предприятий, студенты)", external > 0, f"{external} чел." if external else ""),
        ("profiles", "У наставников указаны компетенции и ресурс времени",
         total > 0 and described == total, _of(described, total, "заполнено") if total else ""),
    ]


def _stage4(session: Session, programme: Programme) -> list[_Check]:
    pid = programme.id
    in_base = MentorProfile.programme_id == pid

    def mentors(*where: ColumnElement[bool]) -> int:
        return _count(session, select(func.count(func.distinct(MentorProfile.person_id)))
                      .where(in_base, *where))

    total = mentors()
    scored = mentors(exists().where(MentorCriterionScore.mentor_profile_id == MentorProfile.id))
    decided = mentors(MentorProfile.status != MentorStatus.CANDIDATE)
    trained = mentors(MentorProfile.training_completed.is_(True))
    admitted = mentors(MentorProfile.status == MentorStatus.ADMITTED)
    return [
        ("scored", "Кандидаты оценены по критериям отбора", total > 0 and scored == total,
         _of(scored, total, "оценено") if total else ""),
        ("decided", "По каждому кандидату принято решение (отобран или отклонён)",
         total > 0 and decided == total, _of(decided, total, "решено") if total else ""),
        ("trained", "Наставники прошли «Школу наставников»", trained > 0,
         f"{trained} чел." if trained else ""),
        ("admitted", "Есть наставники, допущенные к работе", admitted > 0,
         f"{admitted} чел." if admitted else ""),
    ]


def _active_pairs(pid: int) -> tuple[ColumnElement[bool], ...]:
    return (MentoringPair.programme_id == pid, MentoringPair.status != PairStatus.TERMINATED)


def _stage5(session: Session, programme: Programme) -> list[_Check]:
    pid = programme.id
    pairs = _count(session, select(func.count()).select_from(MentoringPair)
                   .where(*_active_pairs(pid)))
    mentees = _count(session, select(func.count(func.distinct(MenteeProfile.person_id)))
                     .where(MenteeProfile.programme_id == pid))
    paired = _count(session, select(func.count(func.distinct(MenteeProfile.person_id)))
                    .join(PairMentee, PairMentee.mentee_profile_id == MenteeProfile.id)
                    .join(MentoringPair, MentoringPair.id == PairMentee.pair_id)
                    .where(MenteeProfile.programme_id == pid,
                           *_active_pairs(pid)))
    ordered = _count(session, select(func.count()).select_from(IssuedDocument).where(
        IssuedDocument.programme_id == pid, IssuedDocument.kind == "order_pairs"))
    meeting = session.execute(
        select(ProgrammeEvent.held_on, ProgrammeEvent.attended_count)
        .where(ProgrammeEvent.programme_id == pid, ProgrammeEvent.stage == 5,
               ProgrammeEvent.kind == GROUP_MEETING, ProgrammeEvent.held_on.is_not(None))
        .order_by(ProgrammeEvent.held_on.desc())).first()
    meeting_detail = ""
    if meeting is not None:
        meeting_detail = f"{meeting.held_on:%d.%m.%Y}"
        if meeting.attended_count:
            meeting_detail += f", {meeting.attended_count} чел."
    return [
        ("group_meeting", "Проведена групповая встреча наставников и наставляемых",
         meeting is not None, meeting_detail),
        ("pairs", "Сформированы наставнические пары и группы", pairs > 0,
         _counted(pairs, 'пара/группа', 'пары/группы', 'пар/групп')),
        ("all_paired", "Все наставляемые закреплены за наставниками",
         mentees > 0 and paired == mentees, _of(paired, mentees, "в парах") if mentees else ""),
        ("order_pairs", "Издан приказ о закреплении наставнических пар/групп", ordered > 0, ""),
    ]


def _stage6(session: Session, programme: Programme) -> list[_Check]:
    pid = programme.id
    pairs = _count(session, select(func.count()).select_from(MentoringPair)
                   .where(*_active_pairs(pid)))
    planned = _count(session, select(func.count(func.distinct(PlanItem.pair_id)))
                     .join(MentoringPair, MentoringPair.id == PlanItem.pair_id)
                     .where(*_active_pairs(pid)))
    meeting_pairs = _count(session, select(func.count(func.distinct(Meeting.pair_id)))
                           .join(MentoringPair, MentoringPair.id == Meeting.pair_id)
                           .where(*_active_pairs(pid)))
    entry = _responses(session, pid, QuestionnairePhase.ENTRY)
    return [
        ("plans", "У пар и групп составлены планы развития", pairs > 0 and planned == pairs,
         _of(planned, pairs, "с планом") if pairs else ""),
        ("meetings", "Пары и группы проводят встречи", pairs > 0 and meeting_pairs == pairs,
         _of(meeting_pairs, pairs, "со встречами") if pairs else ""),
        ("entry_survey", "Проведено входное анкетирование участников", entry > 0,
         _counted(entry, 'анкета', 'анкеты', 'анкет')),
    ]


def _responses(session: Session, pid: int, phase: QuestionnairePhase) -> int:
    return _count(session, select(func.count()).select_from(QuestionnaireResponse)
                  .join(QuestionnaireTemplate,
                        QuestionnaireTemplate.id == QuestionnaireResponse.template_id)
                  .where(QuestionnaireResponse.programme_id == pid,
                         QuestionnaireTemplate.phase == phase))


def _stage7(session: Session, programme: Programme) -> list[_Check]:
    pid = programme.id
    pairs = _count(session, select(func.count()).select_from(MentoringPair)
                   .where(*_active_pairs(pid)))
    completed = _count(session, select(func.count()).select_from(MentoringPair).where(
        MentoringPair.programme_id == pid, MentoringPair.status == PairStatus.COMPLETED))
    exit_survey = _responses(session, pid, QuestionnairePhase.EXIT)
    awarded = _count(session, select(func.count()).select_from(Certificate)
                     .join(MentoringPair, MentoringPair.id == Certificate.pair_id)
                     .where(MentoringPair.programme_id == pid))
    return [
        ("completed", "Пары и группы подвели итоги работы", pairs > 0 and completed == pairs,
         _of(completed, pairs, "завершено") if pairs else ""),
        ("exit_survey", "Проведено итоговое анкетирование", exit_survey > 0,
         _counted(exit_survey, 'анкета', 'анкеты', 'анкет')),
        ("awards", "Лучшие наставники и пары награждены", awarded > 0,
         _counted(awarded, 'документ', 'документа', 'документов')),
    ]


# The event of stage 5 that the wizard records (services.match_run.GROUP_MEETING_KIND).
GROUP_MEETING = "group_meeting"

# Manual ticks: what the data cannot show.
MANUAL_ITEMS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (),
    2: (("talks", "Проведены мотивационные беседы с обучающимися"),),
    3: (("motivation", "Проведены встречи с потенциальными наставниками"),),
    4: (("interview", "Проведены собеседования с кандидатами"),),
    5: (),
    6: (("materials", "Наставники обеспечены методическими материалами"),
        ("feedback", "Организована обратная связь и контроль промежуточных результатов")),
    7: (("final_event", "Проведено итоговое мероприятие программы"),
        ("practices", "Собраны лучшие практики и кейсы наставничества"),
        ("publicity", "Результаты освещены на сайте школы и в социальных сетях")),
}


def _derived(session: Session, programme: Programme, school: School,
             today: dt.date) -> dict[int, list[_Check]]:
    return {
        1: _stage1(session, programme, school),
        2: _stage2(session, programme, today),
        3: _stage3(session, programme),
        4: _stage4(session, programme),
        5: _stage5(session, programme),
        6: _stage6(session, programme),
        7: _stage7(session, programme),
    }


# --- reading and writing -------------------------------------------------------------------


def _ticks(progress: StageProgress) -> dict[str, bool]:
    try:
        stored = json.loads(progress.checklist_json or "{}")
    except ValueError:
        return {}
    if not isinstance(stored, dict):
        return {}
    return {str(k): bool(v) for k, v in stored.items()}


def _stored(session: Session, programme_id: int) -> dict[int, StageProgress]:
    """The stored rows of the seven stages; a missing one as a blank row not in the session."""
    rows = {p.stage: p for p in session.scalars(select(StageProgress).where(
        StageProgress.programme_id == programme_id))}
    for stage in STAGE_TITLES:
        if stage not in rows:
            rows[stage] = StageProgress(programme_id=programme_id, stage=stage,
                                        status=StageStatus.NOT_STARTED, checklist_json="{}")
    return rows


def _progress(session: Session, programme_id: int) -> dict[int, StageProgress]:
    """The rows of the seven stages for writing: a missing one is added to the session."""
    rows = _stored(session, programme_id)
    for row in rows.values():
        if row not in session:
            session.add(row)
    return rows


def _cards(session: Session, programme_id: int, today: dt.date) -> list[StageCard]:
    programme = check_programme(session, programme_id)
    school = session.get(School, programme.school_id)
    assert school is not None
    derived = _derived(session, programme, school, today)
    progress = _stored(session, programme_id)
    events = {stage: (total, done, overdue) for stage, total, done, overdue in session.execute(
        select(RoadmapItem.stage, func.count(), func.count(RoadmapItem.done_on),
               func.sum(and_(RoadmapItem.done_on.is_(None), RoadmapItem.due_on < today)))
        .where(RoadmapItem.programme_id == programme_id).group_by(RoadmapItem.stage))}
    cards = []
    for stage, title in STAGE_TITLES.items():
        row = progress[stage]
        ticks = _ticks(row)
        items = [ChecklistItem(key, text, done, False, detail)
                 for key, text, done, detail in derived[stage]]
        items += [ChecklistItem(key, text, ticks.get(key, False), True)
                  for key, text in MANUAL_ITEMS[stage]]
        total, done, overdue = events.get(stage, (0, 0, 0))
        complete = bool(items) and all(item.done for item in items)
        closed = row.status is StageStatus.DONE and not complete
        status = _status(items, row.status is StageStatus.DONE, done)
        cards.append(StageCard(
            stage=stage, title=title, status=status, status_label=STAGE_STATUS_LABELS[status],
            closed_by_curator=closed, items=tuple(items), events_total=total,
            events_done=done, events_overdue=int(overdue or 0),
            completed_on=row.completed_on if status is StageStatus.DONE else None,
            needs=STAGE_NEEDS[stage], result=STAGE_RESULTS[stage]))
    return cards


def _status(items: list[ChecklistItem], stored_done: bool, events_done: int) -> StageStatus:
    """Done when every item is done, or once the stage was closed (by its wizard or by the
    curator): completion is an event and stays so when data changes later."""
    if stored_done or (items and all(item.done for item in items)):
        return StageStatus.DONE
    if events_done or any(item.done for item in items):
        return StageStatus.IN_PROGRESS
    return StageStatus.NOT_STARTED


def store_statuses(session: Session, programme_id: int, today: dt.date) -> list[StageCard]:
    """Inside the transaction of an action (a tick, a close, a wizard's Finish): the seven
    cards as that action leaves the data, their statuses written into stage_progress. The
    completion date is kept when a done stage stays done, and set today when it becomes done."""
    cards = _cards(session, programme_id, today)
    progress = _progress(session, programme_id)
    result = []
    for card in cards:
        row = progress[card.stage]
        if row.status != card.status:
            if card.status is not StageStatus.NOT_STARTED and row.started_on is None:
                row.started_on = today
            row.completed_on = today if card.status is StageStatus.DONE else None
            row.status = card.status
        result.append(_with_completion(card, row.completed_on))
    return result


def _with_completion(card: StageCard, completed_on: dt.date | None) -> StageCard:
    return replace(card, completed_on=completed_on if card.status is StageStatus.DONE else None)


# --- for the stage wizards: the same checks inside their own transaction ---------------------


def cards_in(session: Session, programme_id: int, today: dt.date) -> list[StageCard]:
    """The seven cards as `session` sees the data (unsaved changes included); nothing stored."""
    return _cards(session, programme_id, today)


def manual_ticks(session: Session, programme_id: int, stage: int) -> dict[str, bool]:
    """The manual ticks of `stage` as stored."""
    return _ticks(_stored(session, programme_id)[stage])


def set_tick_in(session: Session, programme_id: int, stage: int, key: str,
                done: bool) -> bool:
    """Set a manual tick inside the caller's transaction; returns whether it changed."""
    if key not in dict(MANUAL_ITEMS.get(stage, ())):
        raise ValidationError("Этот пункт отмечается по данным программы, а не вручную.")
    row = _progress(session, programme_id)[stage]
    ticks = _ticks(row)
    if ticks.get(key, False) is done:
        return False
    ticks[key] = done
    row.checklist_json = json.dumps(ticks, ensure_ascii=False, sort_keys=True)
    return True


def stage_cards(db: Database, programme_id: int, *,
                today: dt.date | None = None) -> list[StageCard]:
    """The seven stages with their checklists and statuses as the data says now. A read:
    nothing is stored."""
    day = today or dt.date.today()
    with db.reading() as session:
        return _cards(session, programme_id, day)


def preview_card(db: Database, stage: int, today: dt.date,
                 apply: Callable[[Session], int]) -> StageCard:
    """Run `apply` (which returns the programme id) in a transaction that is rolled back, and
    read `stage`'s card from what it wrote: the stages' own rules, nothing saved."""
    with db.reading() as session:
        programme_id = apply(session)
        session.flush()
        return _cards(session, programme_id, today)[stage - 1]


def _change_ticks(db: Database, programme_id: int, stage: int,
                  change: Callable[[dict[str, bool]], str], today: dt.date | None) -> StageCard:
    day = today or dt.date.today()
    with db.transaction() as session:
        row = _progress(session, programme_id)[stage]
        ticks = _ticks(row)
        summary = change(ticks)
        row.checklist_json = json.dumps(ticks, ensure_ascii=False, sort_keys=True)
        session.flush()
        audit.record(session, "update", "stage_progress", row.id, summary, stage=stage)
        return store_statuses(session, programme_id, day)[stage - 1]


def set_tick(db: Database, programme_id: int, stage: int, key: str, done: bool, *,
             today: dt.date | None = None) -> StageCard:
    """Set or clear a manual checklist item of `stage`."""
    check_stage(stage)
    texts = dict(MANUAL_ITEMS.get(stage, ()))
    if key not in texts:
        raise ValidationError("Этот пункт отмечается по данным программы, а не вручную.")

    def change(ticks: dict[str, bool]) -> str:
        ticks[key] = done
        return f"Этап {stage}: «{texts[key]}» — {'отмечено' if done else 'отметка снята'}"

    return _change_ticks(db, programme_id, stage, change, today)


def close_stage(db: Database, programme_id: int, stage: int, closed: bool = True, *,
                today: dt.date | None = None) -> StageCard:
    """The curator closes a stage although not every item is done, or reopens it. A stage
    whose every item is done cannot be reopened: it is done by its data."""
    check_stage(stage)
    day = today or dt.date.today()
    with db.transaction() as session:
        row = _progress(session, programme_id)[stage]
        if closed:
            row.status = StageStatus.DONE
            row.started_on = row.started_on or day
            row.completed_on = row.completed_on or day
        else:
            row.status = StageStatus.IN_PROGRESS
            row.completed_on = None
        session.flush()
        card = _cards(session, programme_id, day)[stage - 1]
        if not closed and card.status is StageStatus.DONE:
            raise ValidationError(f"Этап {stage} выполнен по всем пунктам — вернуть его "
                                  "в работу нельзя. Снимите отметку с одного из пунктов.")
        audit.record(session, "update", "stage_progress", row.id,
                     f"Этап {stage} {'завершён куратором' if closed else 'возвращён в работу'}",
                     stage=stage)
        return store_statuses(session, programme_id, day)[stage - 1]
