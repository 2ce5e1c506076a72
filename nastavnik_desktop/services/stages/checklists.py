"""What each of the seven stages checks: the items derived from the data (the base has mentees
with requests, pairs are formed, the order is issued …), the manual ticks the curator sets, and
what each stage needs and yields. services/stages/status.py makes the cards and statuses of them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from nastavnik_desktop.data.enums import (
    ConsentGiver,
    ConsentKind,
    MentorStatus,
    PairStatus,
    PersonCategory,
    QuestionnairePhase,
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
    TeamMember,
)
from nastavnik_desktop.services.people.consent import ADULT_AGE
from nastavnik_desktop.text import ru_plural

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


# --- the derived checks ----------------------------------------------------------------------

Check = tuple[str, str, bool, str]
"""A derived item: key, text, done, detail."""


def _count(session: Session, query: object) -> int:
    return int(session.scalar(query) or 0)  # type: ignore[call-overload]


def _counted(n: int, one: str, few: str, many: str) -> str:
    """«3 пары», or nothing for zero."""
    return f"{n} {ru_plural(n, one, few, many)}" if n else ""


def _of(n: int, total: int, what: str) -> str:
    return f"{n} из {total} {what}"


def _stage1(session: Session, programme: Programme, school: School) -> list[Check]:
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


def _stage2(session: Session, programme: Programme, today: dt.date) -> list[Check]:
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
    # As services.people.consent.is_minor: a pupil whose birth date is unknown counts as a minor.
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


def _stage3(session: Session, programme: Programme) -> list[Check]:
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


def _stage4(session: Session, programme: Programme) -> list[Check]:
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


def _stage5(session: Session, programme: Programme) -> list[Check]:
    pid = programme.id
    pairs = _count(session, select(func.count()).select_from(MentoringPair)
                   .where(*_active_pairs(pid)))
    mentees = _count(session, select(func.count(func.distinct(MenteeProfile.person_id)))
                     .where(MenteeProfile.programme_id == pid))
    # Uncorrelated IN lists, each read once, so the plan is linear whatever the planner knows:
    # as a three-table join SQLite (with no statistics in the file) looped over every pair of
    # the programme for each mentee — 2 s at 5,000 pupils and 1,000 pairs.
    active_pairs = select(MentoringPair.id).where(*_active_pairs(pid))
    paired = _count(session, select(func.count(func.distinct(MenteeProfile.person_id)))
                    .where(MenteeProfile.programme_id == pid,
                           MenteeProfile.id.in_(select(PairMentee.mentee_profile_id)
                                                .where(PairMentee.pair_id.in_(active_pairs)))))
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


def _stage6(session: Session, programme: Programme) -> list[Check]:
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


def _stage7(session: Session, programme: Programme) -> list[Check]:
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


# The event of stage 5 that the wizard records (services.matching.apply.GROUP_MEETING_KIND).
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


def derived(session: Session, programme: Programme, school: School,
            today: dt.date) -> dict[int, list[Check]]:
    """Each stage's derived items as `session` sees the data."""
    return {
        1: _stage1(session, programme, school),
        2: _stage2(session, programme, today),
        3: _stage3(session, programme),
        4: _stage4(session, programme),
        5: _stage5(session, programme),
        6: _stage6(session, programme),
        7: _stage7(session, programme),
    }
