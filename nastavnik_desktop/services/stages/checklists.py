"""What each of the seven stages checks: the items derived from the data (the base has mentees
with requests, pairs are formed, the order is issued …), the manual ticks the curator sets, and
what each stage needs and yields. services/stages/status.py makes the cards and statuses of them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ScalarSelect, and_, case, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql import ColumnElement

from nastavnik_desktop.data.enums import (
    Audience,
    ConsentGiver,
    ConsentKind,
    MentorStatus,
    PairStatus,
    PersonCategory,
    PlanItemKind,
    QuestionnairePhase,
)
from nastavnik_desktop.data.models import (
    Certificate,
    Consent,
    IssuedDocument,
    Material,
    MaterialHandout,
    Meeting,
    MenteeProfile,
    MenteeProfileRequest,
    MentorCriterionScore,
    MentoringPair,
    MentorProfile,
    PairMentee,
    PairNote,
    Person,
    PlanItem,
    PracticeCase,
    Programme,
    ProgrammeEvent,
    ProgrammeForm,
    QuestionnaireResponse,
    QuestionnaireRound,
    QuestionnaireTemplate,
    RoadmapItem,
    School,
    TeamMember,
)
from nastavnik_desktop.services.people.consent import ADULT_AGE
from nastavnik_desktop.services.questionnaires.rounds import expected_people
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
#
# Every figure of the seven checklists comes from a handful of set-based queries — the small
# counts of the programme, the mentees, the mentors, the pairs — each reading its tables once
# with conditional counts, so the cost grows with the rows, never with their product, and
# does not depend on the planner's statistics (tests/unit/services/stages/test_query_plans.py).

Check = tuple[str, str, bool, str]
"""A derived item: key, text, done, detail."""


def _counted(n: int, one: str, few: str, many: str) -> str:
    """«3 пары», or nothing for zero."""
    return f"{n} {ru_plural(n, one, few, many)}" if n else ""


def _of(n: int, total: int, what: str) -> str:
    return f"{n} из {total} {what}"


def _distinct_where(condition: ColumnElement[bool],
                    value: ColumnElement[int] | InstrumentedAttribute[int]) -> ColumnElement[int]:
    """count(DISTINCT value) over the rows where `condition` holds."""
    return func.count(func.distinct(case((condition, value))))


def _where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """The number of rows where `condition` holds."""
    return func.count(case((condition, 1)))


@dataclass(frozen=True)
class _Counts:
    """The small counts of the programme: each a subquery of one statement."""

    team: int
    forms: int
    roadmap: int
    informed: int
    """Informing events of stage 2 that were held."""
    ordered: int
    """Orders on the pairs issued."""
    awarded: int
    """The programme's awards (certificates, грамоты, letters) not annulled."""
    final_events: int
    """Stage 7 final events with a date."""
    cases: int
    """Cases of the programme in the collection."""


@dataclass(frozen=True)
class _Survey:
    """Who answered the programme's rounds of one phase, by audience: the people a round of
    that audience expects now (`rounds.expected_people`) and those of them with a response in
    any round of the phase."""

    answered: dict[Audience, int]
    expected: dict[Audience, int]

    @property
    def any_answered(self) -> bool:
        return any(self.answered.values())

    def detail(self) -> str:
        """«наставляемые: ответили 446 из 498; наставники: 36 из 38»."""
        parts: list[str] = []
        for audience, label in ((Audience.MENTEE, "наставляемые"),
                                (Audience.MENTOR, "наставники")):
            if audience in self.expected:
                verb = "ответили " if not parts else ""
                parts.append(f"{label}: {verb}{self.answered.get(audience, 0)} из "
                             f"{self.expected[audience]}")
        return "; ".join(parts)


def _surveys(session: Session, pid: int) -> dict[QuestionnairePhase, _Survey]:
    """Entry and exit rounds of the programme: one grouped read of the respondents, and the
    expected people of each audience that has a round (two set-based reads at most)."""
    rows = session.execute(
        select(QuestionnaireRound.phase, QuestionnaireTemplate.audience,
               QuestionnaireTemplate.form_id, QuestionnaireResponse.person_id)
        .join(QuestionnaireTemplate, QuestionnaireTemplate.id == QuestionnaireRound.template_id)
        .outerjoin(QuestionnaireResponse, QuestionnaireResponse.round_id == QuestionnaireRound.id)
        .where(QuestionnaireRound.programme_id == pid,
               QuestionnaireRound.phase.in_([QuestionnairePhase.ENTRY,
                                             QuestionnairePhase.EXIT]))).all()
    audiences = {Audience.MENTEE, Audience.MENTOR}
    scopes = {(audience, form) for _p, found, form, _person in rows
              for audience in ((Audience(found),) if found != Audience.ANY else audiences)}
    expected = {scope: expected_people(session, pid, *scope) for scope in sorted(
        scopes, key=lambda s: (s[0].value, s[1] or 0))}
    answered: dict[tuple[QuestionnairePhase, Audience], set[int]] = defaultdict(set)
    expecting: dict[tuple[QuestionnairePhase, Audience], set[int]] = defaultdict(set)
    for phase, found, form, person in rows:
        for audience in ((Audience(found),) if found != Audience.ANY else audiences):
            key = (QuestionnairePhase(phase), audience)
            expecting[key] |= expected[(audience, form)]
            if person is not None and person in expected[(audience, form)]:
                answered[key].add(person)
    return {phase: _Survey({a: len(answered[(phase, a)]) for a in audiences},
                           {a: len(expecting[(phase, a)]) for a in audiences
                            if (phase, a) in expecting})
            for phase in (QuestionnairePhase.ENTRY, QuestionnairePhase.EXIT)}


def _counts(session: Session, pid: int) -> _Counts:
    def count(model: Any, *where: ColumnElement[bool]) -> ScalarSelect[int]:
        return select(func.count()).select_from(model).where(*where).scalar_subquery()

    row = session.execute(select(
        count(TeamMember, TeamMember.programme_id == pid),
        count(ProgrammeForm, ProgrammeForm.programme_id == pid),
        count(RoadmapItem, RoadmapItem.programme_id == pid),
        count(ProgrammeEvent, ProgrammeEvent.programme_id == pid, ProgrammeEvent.stage == 2,
              ProgrammeEvent.held_on.is_not(None)),
        count(IssuedDocument, IssuedDocument.programme_id == pid,
              IssuedDocument.kind == "order_pairs"),
        count(Certificate, Certificate.programme_id == pid, Certificate.annulled_on.is_(None)),
        count(ProgrammeEvent, ProgrammeEvent.programme_id == pid, ProgrammeEvent.stage == 7,
              ProgrammeEvent.kind == FINAL_EVENT, ProgrammeEvent.held_on.is_not(None)),
        count(PracticeCase, PracticeCase.programme_id == pid),
    )).one()
    return _Counts(*(int(n or 0) for n in row))


@dataclass(frozen=True)
class _Mentees:
    """People in the base of mentees (each once, whatever the number of their profiles)."""

    total: int
    with_requests: int
    with_consent: int
    """With the personal-data consent: a minor's from a parent or guardian."""


def _has_personal_consent(givers: tuple[ConsentGiver, ...]) -> ColumnElement[bool]:
    return exists().where(Consent.person_id == Person.id,
                          Consent.kind == ConsentKind.PERSONAL_DATA,
                          Consent.revoked_on.is_(None), Consent.given_by.in_(givers))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _mentees(session: Session, pid: int, today: dt.date) -> _Mentees:
    has_requests = or_(MenteeProfile.requests_note != "",
                       exists().where(MenteeProfileRequest.mentee_profile_id
                                      == MenteeProfile.id))
    adult_born = _years_before(today, ADULT_AGE)
    # As services.people.consent.is_minor: a pupil whose birth date is unknown counts as a minor.
    minor = or_(and_(Person.birth_date.is_not(None), Person.birth_date > adult_born),
                and_(Person.birth_date.is_(None), Person.category == PersonCategory.PUPIL))
    consent_ok = or_(
        and_(minor, _has_personal_consent((ConsentGiver.PARENT, ConsentGiver.GUARDIAN))),
        and_(~minor, _has_personal_consent(tuple(ConsentGiver))))
    person = MenteeProfile.person_id
    row = session.execute(
        select(func.count(func.distinct(person)), _distinct_where(has_requests, person),
               _distinct_where(consent_ok, person))
        .join(Person, Person.id == MenteeProfile.person_id)
        .where(MenteeProfile.programme_id == pid)).one()
    return _Mentees(*(int(n or 0) for n in row))


@dataclass(frozen=True)
class _Mentors:
    """People in the base of mentors (each once)."""

    total: int
    internal: int
    """Pupils, staff and parents: the internal contour."""
    described: int
    """With competencies and the time they have."""
    scored: int
    decided: int
    """Selected or rejected: no longer a candidate."""
    trained: int
    admitted: int


def _mentors(session: Session, pid: int) -> _Mentors:
    internal_categories = (PersonCategory.PUPIL, PersonCategory.STAFF, PersonCategory.PARENT)
    person = MentorProfile.person_id
    row = session.execute(
        select(func.count(func.distinct(person)),
               _distinct_where(Person.category.in_(internal_categories), person),
               _distinct_where(and_(MentorProfile.competencies != "",
                                    MentorProfile.time_hours_per_month.is_not(None)), person),
               _distinct_where(exists().where(MentorCriterionScore.mentor_profile_id
                                              == MentorProfile.id), person),
               _distinct_where(MentorProfile.status != MentorStatus.CANDIDATE, person),
               _distinct_where(MentorProfile.training_completed.is_(True), person),
               _distinct_where(MentorProfile.status == MentorStatus.ADMITTED, person))
        .join(Person, Person.id == MentorProfile.person_id)
        .where(MentorProfile.programme_id == pid)).one()
    return _Mentors(*(int(n or 0) for n in row))


@dataclass(frozen=True)
class _Pairs:
    active: int
    """Pairs and groups not terminated."""
    completed: int
    planned: int
    """Active ones with a plan of development."""
    meeting: int
    """Active ones that have met."""
    paired: int
    """People of the base of mentees in an active pair or group."""
    handed: int = 0
    """Active ones whose mentor was handed at least one methodical material."""
    noted: int = 0
    """Active ones with at least one control note (intermediate result, feedback)."""
    with_result: int = 0
    """Active ones (completed included) whose result is written (stage 7)."""


def _pairs(session: Session, pid: int) -> _Pairs:
    active = MentoringPair.status != PairStatus.TERMINATED
    # Only the stage-6 data counts: a plan is its common tasks, a meeting one that was held
    # (not planned). The handouts and notes are uncorrelated IN lists, each read once.
    handed_mentors = select(MaterialHandout.mentor_profile_id).join(
        Material, Material.id == MaterialHandout.material_id).where(Material.programme_id == pid)
    row = session.execute(
        select(_where(active), _where(MentoringPair.status == PairStatus.COMPLETED),
               _where(and_(active, exists().where(PlanItem.pair_id == MentoringPair.id,
                                                  PlanItem.kind == PlanItemKind.TASK))),
               _where(and_(active, exists().where(Meeting.pair_id == MentoringPair.id,
                                                  Meeting.planned.is_(False)))),
               _where(and_(active, MentoringPair.mentor_profile_id.in_(handed_mentors))),
               _where(and_(active, MentoringPair.id.in_(select(PairNote.pair_id)))),
               _where(and_(active, MentoringPair.result != "")))
        .where(MentoringPair.programme_id == pid)).one()
    # Uncorrelated IN lists, each read once, so the plan is linear whatever the planner knows:
    # as a three-table join SQLite (with no statistics in the file) looped over every pair of
    # the programme for each mentee — 2 s at 5,000 pupils and 1,000 pairs.
    active_pairs = select(MentoringPair.id).where(MentoringPair.programme_id == pid, active)
    paired = session.scalar(
        select(func.count(func.distinct(MenteeProfile.person_id)))
        .where(MenteeProfile.programme_id == pid,
               MenteeProfile.id.in_(select(PairMentee.mentee_profile_id)
                                    .where(PairMentee.pair_id.in_(active_pairs)))))
    active_count, completed, planned, meeting, handed, noted, with_result = (
        int(n or 0) for n in row)
    return _Pairs(active=active_count, completed=completed, planned=planned, meeting=meeting,
                  paired=int(paired or 0), handed=handed, noted=noted, with_result=with_result)


def _stage1(session: Session, programme: Programme, school: School,
            counts: _Counts) -> list[Check]:
    kinds = set(session.scalars(select(IssuedDocument.kind).where(
        IssuedDocument.programme_id == programme.id)))
    team, forms, roadmap = counts.team, counts.forms, counts.roadmap
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


def _stage2(counts: _Counts, mentees: _Mentees) -> list[Check]:
    total, informed = mentees.total, counts.informed
    return [
        ("informing", "Проведено информирование родителей, педагогов и обучающихся",
         informed > 0, _counted(informed, 'мероприятие', 'мероприятия', 'мероприятий')),
        ("mentee_base", "Сформирована база наставляемых", total > 0,
         _counted(total, 'человек', 'человека', 'человек')),
        ("requests", "У каждого наставляемого записаны запросы",
         total > 0 and mentees.with_requests == total,
         _of(mentees.with_requests, total, "с запросами") if total else ""),
        ("consents", "Получены согласия на обработку персональных данных (за несовершеннолетних "
         "— от родителей)", total > 0 and mentees.with_consent == total,
         _of(mentees.with_consent, total, "с согласием") if total else ""),
    ]


def _stage3(mentors: _Mentors) -> list[Check]:
    total, internal, described = mentors.total, mentors.internal, mentors.described
    external = total - internal
    return [
        ("internal", "Привлечены наставники внутреннего контура (обучающиеся, педагоги, "
         "родители)", internal > 0, f"{internal} чел." if internal else ""),
        ("external", "Привлечены наставники внешнего контура (выпускники, представители "
         "предприятий, студенты)", external > 0, f"{external} чел." if external else ""),
        ("profiles", "У наставников указаны компетенции и ресурс времени",
         total > 0 and described == total, _of(described, total, "заполнено") if total else ""),
    ]


def _stage4(mentors: _Mentors) -> list[Check]:
    total, scored, decided = mentors.total, mentors.scored, mentors.decided
    trained, admitted = mentors.trained, mentors.admitted
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


def _stage5(session: Session, pid: int, counts: _Counts, mentees: _Mentees,
            pairs: _Pairs) -> list[Check]:
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
    total, paired = mentees.total, pairs.paired
    return [
        ("group_meeting", "Проведена групповая встреча наставников и наставляемых",
         meeting is not None, meeting_detail),
        ("pairs", "Сформированы наставнические пары и группы", pairs.active > 0,
         _counted(pairs.active, 'пара/группа', 'пары/группы', 'пар/групп')),
        ("all_paired", "Все наставляемые закреплены за наставниками",
         total > 0 and paired == total, _of(paired, total, "в парах") if total else ""),
        ("order_pairs", "Издан приказ о закреплении наставнических пар/групп",
         counts.ordered > 0, ""),
    ]


def _stage6(counts: _Counts, pairs: _Pairs, survey: _Survey) -> list[Check]:
    active, planned, meeting = pairs.active, pairs.planned, pairs.meeting
    return [
        ("plans", "У пар и групп составлены планы развития", active > 0 and planned == active,
         _of(planned, active, "с планом") if active else ""),
        ("meetings", "Пары и группы проводят встречи", active > 0 and meeting == active,
         _of(meeting, active, "со встречами") if active else ""),
        ("entry_survey", "Проведено входное анкетирование участников", survey.any_answered,
         survey.detail()),
        ("materials", "Наставники обеспечены методическими материалами",
         active > 0 and pairs.handed == active,
         _of(pairs.handed, active, "с материалами у наставника") if active else ""),
        ("feedback", "Организована обратная связь и контроль промежуточных результатов",
         active > 0 and pairs.noted == active,
         _of(pairs.noted, active, "с отметками контроля") if active else ""),
    ]


def _stage7(counts: _Counts, pairs: _Pairs, survey: _Survey) -> list[Check]:
    active, completed, written = pairs.active, pairs.completed, pairs.with_result
    awarded = counts.awarded
    return [
        ("completed", "Пары и группы подвели итоги работы", active > 0 and completed == active,
         _of(completed, active, "завершено") if active else ""),
        ("results", "Записаны результаты каждой пары и группы",
         active > 0 and written == active, _of(written, active, "с результатом") if active
         else ""),
        ("exit_survey", "Проведено итоговое анкетирование", survey.any_answered,
         survey.detail()),
        ("final_event", "Проведено итоговое мероприятие программы", counts.final_events > 0,
         ""),
        ("awards", "Лучшие наставники и пары награждены", awarded > 0,
         _counted(awarded, 'награда', 'награды', 'наград') if awarded else ""),
        ("practices", "Собраны лучшие практики и кейсы наставничества", counts.cases > 0,
         _counted(counts.cases, 'кейс', 'кейса', 'кейсов') if counts.cases else ""),
    ]


# The event of stage 5 that the wizard records (services.matching.apply.GROUP_MEETING_KIND).
GROUP_MEETING = "group_meeting"
# The final event of stage 7 that its wizard records (services.stages.stage7.FINAL_EVENT).
FINAL_EVENT = "final_event"

# Manual ticks: what the data cannot show.
MANUAL_ITEMS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (),
    2: (("talks", "Проведены мотивационные беседы с обучающимися"),),
    3: (("motivation", "Проведены встречи с потенциальными наставниками"),),
    4: (("interview", "Проведены собеседования с кандидатами"),),
    5: (),
    6: (),
    7: (("publicity", "Результаты освещены на сайте школы и в социальных сетях"),),
}


def derived(session: Session, programme: Programme, school: School,
            today: dt.date) -> dict[int, list[Check]]:
    """Each stage's derived items as `session` sees the data."""
    pid = programme.id
    counts, mentees = _counts(session, pid), _mentees(session, pid, today)
    mentors, pairs = _mentors(session, pid), _pairs(session, pid)
    surveys = _surveys(session, pid)
    return {
        1: _stage1(session, programme, school, counts),
        2: _stage2(counts, mentees),
        3: _stage3(mentors),
        4: _stage4(mentors),
        5: _stage5(session, pid, counts, mentees, pairs),
        6: _stage6(counts, pairs, surveys[QuestionnairePhase.ENTRY]),
        7: _stage7(counts, pairs, surveys[QuestionnairePhase.EXIT]),
    }
