"""Stage 7 «Завершение программы наставничества»: the wizard's start data (each pair's figures,
the candidates for the best pairs and mentors with a suggested ranking, the awards each
participant gets by default), its one Finish, and the documents issued after it.

`complete_stage7` writes, in ONE transaction or not at all:

- each pair's result text, and the pair «завершена» (`pairs.writer.complete_pairs_in`);
- the presentation of results and the final event (`programme_event`, stage 7: kinds
  `RESULTS_PRESENTATION` and `FINAL_EVENT`; one of each — a second Finish corrects it);
- the awards (`awards.register.issue_awards_in`: registry numbers there);
- the cases (`cases.collection.add_cases_in`);
- the stage done (`status.finish_stage`) and its statuses.

Then `issue_stage7_documents` forms the awards order and the awards themselves, each on its own:
a document that cannot be formed is reported with its reason, the saved stage stays.

The figures are read from their areas (the journal's held meetings, `plans.read.plan_progress`,
`monitoring.growth` per pair: the entry→exit change and satisfaction, the exit rounds'
respondents); the ranking is `suggested_score`, the one home of that rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    AWARD_NOMINATION_LABELS,
    AwardNomination,
    PersonCategory,
    QuestionnairePhase,
)
from nastavnik_desktop.data.models import (
    Meeting,
    MentoringPair,
    Person,
    PracticeCase,
    ProgrammeEvent,
    QuestionnaireResponse,
    QuestionnaireRound,
)
from nastavnik_desktop.errors import NastavnikError, ValidationError
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services import audit
from nastavnik_desktop.services import documents as documents_service
from nastavnik_desktop.services.awards.register import (
    AwardRequest,
    issue_awards_in,
    sort_requests_in,
)
from nastavnik_desktop.services.cases.collection import CaseDraft, add_cases_in
from nastavnik_desktop.services.monitoring.growth import change_text, growth, score_text
from nastavnik_desktop.services.pairs.rules import ACTIVE_VALUES, pair_label, working_pairs_or_error
from nastavnik_desktop.services.pairs.writer import complete_pairs_in
from nastavnik_desktop.services.plans.read import plan_progress
from nastavnik_desktop.services.programme import check_programme
from nastavnik_desktop.services.stages.checklists import FINAL_EVENT
from nastavnik_desktop.services.stages.status import (
    StageCard,
    finish_stage,
    record_stage_work,
)
from nastavnik_desktop.text import count_phrase, format_date

STAGE = 7
RESULTS_PRESENTATION = "results_presentation"
EVENT_TITLES = {RESULTS_PRESENTATION: "Презентация результатов работы пар и групп",
                FINAL_EVENT: "Итоговое мероприятие программы наставничества"}

ENTERPRISE_CATEGORIES = frozenset({PersonCategory.EMPLOYEE, PersonCategory.ENTREPRENEUR})
"""Mentors from enterprises: they get a letter of thanks by default."""


# --- the ranking -------------------------------------------------------------------------------

FULL_GROWTH = 3.0
"""A rise of this many points (of 10) from entry to exit counts fully in the score."""
FULL_MEETINGS = 8
"""Held meetings that count fully: about one a month over a school year."""
WEIGHTS = (3.0, 3.0, 2.0, 2.0)
"""Growth, satisfaction, plan done, meetings: the score is out of 10."""


def suggested_score(change: float | None, satisfaction: float | None,
                    plan_share: float | None, meetings: int) -> float:
    """The suggested ranking of the best pairs and mentors, out of 10: the entry→exit change
    (0 at no rise, full at `FULL_GROWTH`), satisfaction (of 10), the share of the plan done, and
    the held meetings (full at `FULL_MEETINGS`), weighted 3 : 3 : 2 : 2. A figure without data
    counts 0, so a pair that did not answer the exit questionnaire is ranked lower, not
    dropped."""
    parts = (
        min(max((change or 0.0) / FULL_GROWTH, 0.0), 1.0),
        min(max((satisfaction or 0.0) / 10, 0.0), 1.0),
        min(max(plan_share or 0.0, 0.0), 1.0),
        min(meetings / FULL_MEETINGS, 1.0),
    )
    return sum(w * p for w, p in zip(WEIGHTS, parts, strict=True))


def score_label(score: float) -> str:
    return f"{score:.1f}".replace(".", ",")


# --- the start data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    person_id: int
    name: str
    """«Иванов И. П.»."""
    category: PersonCategory
    is_mentor: bool
    organisation: str = ""
    """Where an outside mentor works (a letter of thanks goes there)."""
    parent_named: bool = False
    """A pupil whose parent's name is recorded (a letter of thanks to the parents needs it)."""


@dataclass(frozen=True)
class PairFigures:
    """A pair or group at work with what it achieved."""

    pair_id: int
    label: str
    form_name: str
    mentor: Participant
    mentees: tuple[Participant, ...]
    meetings: int
    """Held meetings in its journal."""
    plan_tasks: int
    plan_done: int
    change: float | None
    """Entry → exit, the mean of its people (monitoring.growth)."""
    satisfaction: float | None
    exit_answered: int
    """Its people who answered an exit questionnaire."""
    result: str
    score: float

    @property
    def people(self) -> int:
        return 1 + len(self.mentees)

    @property
    def plan_share(self) -> float | None:
        return self.plan_done / self.plan_tasks if self.plan_tasks else None

    @property
    def mentee_names(self) -> str:
        return ", ".join(m.name for m in self.mentees)

    @property
    def short_label(self) -> str:
        """«Егоров С. Н. — Сорокина А. Д.», a group «Демидова Д. Н. — группа (15
        наставляемых)»: short enough for a list of the best."""
        if len(self.mentees) > 2:
            mentees = count_phrase(len(self.mentees), "наставляемый", "наставляемых",
                                   "наставляемых")
            return f"{self.mentor.name} — группа ({mentees})"
        return f"{self.mentor.name} — {self.mentee_names}" if self.mentees else self.mentor.name

    @property
    def plan_text(self) -> str:
        if not self.plan_tasks:
            return "нет плана"
        return f"{round(100 * self.plan_done / self.plan_tasks)} %"

    @property
    def change_text(self) -> str:
        return change_text(self.change)

    @property
    def satisfaction_text(self) -> str:
        return score_text(self.satisfaction)

    @property
    def exit_text(self) -> str:
        if self.exit_answered == 0:
            return "нет"
        if self.exit_answered >= self.people:
            return "да"
        return f"{self.exit_answered} из {self.people}"


@dataclass(frozen=True)
class MentorFigures:
    """A mentor with the figures of his pairs at work."""

    person_id: int
    name: str
    category: PersonCategory
    pair_ids: tuple[int, ...]
    meetings: int
    plan_share: float | None
    change: float | None
    satisfaction: float | None
    score: float

    @property
    def plan_text(self) -> str:
        return "нет плана" if self.plan_share is None else f"{round(100 * self.plan_share)} %"


@dataclass(frozen=True)
class EventRecord:
    id: int
    kind: str
    held_on: dt.date | None
    place: str
    audience: str
    attended_count: int | None


@dataclass(frozen=True)
class Stage7Start:
    programme_id: int
    today: dt.date
    ends_on: dt.date | None
    pairs: tuple[PairFigures, ...]
    """By form, then mentor."""
    ranked_pairs: tuple[int, ...]
    """Pair ids, the suggested best first."""
    mentors: tuple[MentorFigures, ...]
    """The suggested best first."""
    events: tuple[EventRecord, ...]
    cased_pairs: frozenset[int]
    """Pairs that already have a case in the collection."""

    def pair(self, pair_id: int) -> PairFigures:
        return next(p for p in self.pairs if p.pair_id == pair_id)

    def mentor(self, person_id: int) -> MentorFigures:
        return next(m for m in self.mentors if m.person_id == person_id)

    def event(self, kind: str) -> EventRecord | None:
        return next((e for e in self.events if e.kind == kind), None)

    def participants(self) -> tuple[Participant, ...]:
        """Everyone in a pair at work, once: mentors first, then mentees, by name."""
        found: dict[int, Participant] = {}
        for pair in self.pairs:
            found.setdefault(pair.mentor.person_id, pair.mentor)
        for pair in self.pairs:
            for mentee in pair.mentees:
                found.setdefault(mentee.person_id, mentee)
        return tuple(sorted(found.values(), key=lambda p: (not p.is_mentor, p.name.casefold(),
                                                           p.person_id)))


def stage7_start(db: Database, programme_id: int, *, today: dt.date) -> Stage7Start:
    """The wizard's start data (reads only)."""
    progress = {p.pair_id: p for p in plan_progress(db, programme_id, today=today)}
    by_pair = {p.pair_id: p for p in growth(db, programme_id, on=today).by_pair}
    with db.reading() as session:
        programme = check_programme(session, programme_id)
        ends_on = programme.ends_on
        pairs = list(session.scalars(
            select(MentoringPair).where(MentoringPair.programme_id == programme_id,
                                        MentoringPair.status.in_(ACTIVE_VALUES))))
        ids = [p.id for p in pairs]
        held = dict(session.execute(
            select(Meeting.pair_id, func.count()).where(
                Meeting.pair_id.in_(ids), Meeting.planned.is_(False), Meeting.held_on <= today)
            .group_by(Meeting.pair_id)).all())
        answered = _exit_respondents(session, programme_id)
        rows = []
        for pair in pairs:
            mentor = _participant(pair.mentor.person, True)
            mentees = tuple(sorted((_participant(m.mentee.person, False)
                                    for m in pair.members if m.left_on is None),
                                   key=lambda m: m.name.casefold()))
            plan = progress.get(pair.id)
            tasks, done = (plan.tasks, plan.done) if plan else (0, 0)
            found = by_pair.get(pair.id)
            change = found.change if found else None
            satisfaction = found.satisfaction.value if found else None
            meetings = int(held.get(pair.id, 0))
            rows.append(PairFigures(
                pair.id, pair_label(pair), pair.form.name, mentor, mentees, meetings, tasks,
                done, change, satisfaction,
                sum(p.person_id in answered for p in (mentor, *mentees)), pair.result or "",
                suggested_score(change, satisfaction, done / tasks if tasks else None,
                                meetings)))
        events = tuple(EventRecord(e.id, e.kind, e.held_on, e.place, e.audience,
                                   e.attended_count)
                       for e in session.scalars(select(ProgrammeEvent).where(
                           ProgrammeEvent.programme_id == programme_id,
                           ProgrammeEvent.stage == STAGE).order_by(ProgrammeEvent.id)))
        cased = frozenset(p for p in session.scalars(select(PracticeCase.pair_id).where(
            PracticeCase.programme_id == programme_id, PracticeCase.pair_id.in_(ids)))
            if p is not None)
    rows.sort(key=lambda r: (r.form_name, r.mentor.name.casefold(), r.pair_id))
    ranked = tuple(p.pair_id for p in sorted(rows, key=lambda r: (-r.score, r.label.casefold(),
                                                                   r.pair_id)))
    return Stage7Start(programme_id, today, ends_on, tuple(rows), ranked, _mentors(rows),
                       events, cased)


def _participant(person: Person, is_mentor: bool) -> Participant:
    return Participant(person.id, short_name(person.last_name, person.first_name,
                                             person.middle_name),
                       PersonCategory(person.category), is_mentor,
                       organisation=person.organisation.strip(),
                       parent_named=bool(person.parent_name.strip()))


def _exit_respondents(session: Session, programme_id: int) -> set[int]:
    """People with a response in an exit round of the programme."""
    return {person for person in session.scalars(
        select(QuestionnaireResponse.person_id).distinct()
        .join(QuestionnaireRound, QuestionnaireRound.id == QuestionnaireResponse.round_id)
        .where(QuestionnaireRound.programme_id == programme_id,
               QuestionnaireRound.phase == QuestionnairePhase.EXIT)) if person is not None}


def _mean(values: Sequence[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return sum(found) / len(found) if found else None


def _mentors(pairs: Sequence[PairFigures]) -> tuple[MentorFigures, ...]:
    """Each mentor's figures over his pairs; his score is the mean of theirs."""
    by_mentor: dict[int, list[PairFigures]] = {}
    for pair in pairs:
        by_mentor.setdefault(pair.mentor.person_id, []).append(pair)
    mentors = []
    for person_id, own in by_mentor.items():
        tasks = sum(p.plan_tasks for p in own)
        mentors.append(MentorFigures(
            person_id, own[0].mentor.name, own[0].mentor.category,
            tuple(p.pair_id for p in own), sum(p.meetings for p in own),
            sum(p.plan_done for p in own) / tasks if tasks else None,
            _mean([p.change for p in own]), _mean([p.satisfaction for p in own]),
            sum(p.score for p in own) / len(own)))
    mentors.sort(key=lambda m: (-m.score, m.name.casefold(), m.person_id))
    return tuple(mentors)


# --- who receives what by default ------------------------------------------------------------


def default_awards(start: Stage7Start, best_pairs: Sequence[int],
                   best_mentors: Sequence[int]) -> list[AwardRequest]:
    """What each participant receives unless the curator changes it: a participant's
    certificate to everyone; the грамота «Лучший наставник» to the chosen best mentors and
    «Лучшая наставническая пара» to each member of the chosen best pairs; a letter of thanks
    to every mentor from an enterprise (to where he or she works) and to the parents of every
    pupil-mentor whose parent is named — what `awards.register` can issue."""
    requests = [AwardRequest(p.person_id, AwardNomination.PARTICIPANT)
                for p in start.participants()]
    requests += [AwardRequest(person_id, AwardNomination.BEST_MENTOR,
                              start.mentor(person_id).pair_ids[0])
                 for person_id in best_mentors]
    for pair_id in best_pairs:
        pair = start.pair(pair_id)
        requests += [AwardRequest(p.person_id, AwardNomination.BEST_PAIR, pair_id)
                     for p in (pair.mentor, *pair.mentees)]
    for person in start.participants():
        if person.is_mentor and person.category in ENTERPRISE_CATEGORIES \
                and person.organisation:
            requests.append(AwardRequest(person.person_id, AwardNomination.THANKS_MENTOR))
        elif person.is_mentor and person.category is PersonCategory.PUPIL \
                and person.parent_named:
            requests.append(AwardRequest(person.person_id, AwardNomination.THANKS_PARENTS))
    return requests


# --- Finish ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventDraft:
    kind: str
    """`RESULTS_PRESENTATION` or `FINAL_EVENT`."""
    held_on: dt.date
    place: str = ""
    audience: str = ""
    attended_count: int | None = None


@dataclass(frozen=True)
class Stage7Data:
    """What the wizard's pages hold."""

    results: Mapping[int, str] = field(default_factory=dict)
    """The pairs to close («завершена») → what each achieved."""
    events: tuple[EventDraft, ...] = ()
    awards: tuple[AwardRequest, ...] = ()
    cases: tuple[CaseDraft, ...] = ()


@dataclass(frozen=True)
class Stage7Result:
    closed: int
    events: int
    award_ids: tuple[int, ...]
    case_ids: tuple[int, ...]
    issued_on: dt.date
    card: StageCard | None = None
    skipped: tuple[str, ...] = ()
    """Awards not issued, each «Фамилия И. О.: award — why» (held already, or not fitting:
    a letter to parents whose name is not recorded …)."""


def complete_stage7(db: Database, programme_id: int, data: Stage7Data, *,
                    today: dt.date) -> Stage7Result:
    """The wizard's Finish: everything in one transaction, or nothing (see the module)."""
    if not data.results:
        raise ValidationError("Нет пар и групп, работу которых нужно завершить.")
    with db.transaction() as session:
        check_programme(session, programme_id)
        working_pairs_or_error(session, programme_id, data.results,
                               remedy="Закройте мастер и откройте его снова.")
        closed = complete_pairs_in(session, data.results, on=today)
        for event in data.events:
            _put_event(session, programme_id, event)
        # what cannot be issued (held already — say, certificates given from «Итоги и
        # награды» — or not fitting) is left out and said, not a reason to refuse the stage
        issuable, skipped = sort_requests_in(session, programme_id, data.awards)
        award_ids = issue_awards_in(session, programme_id, issuable, issued_on=today)
        case_ids = add_cases_in(session, programme_id, data.cases, recorded_on=today)
        finish_stage(session, programme_id, STAGE, today)
        summary = (f"Этап 7: завершено {count_phrase(closed, 'пара', 'пары', 'пар')}, "
                   f"наград — {len(award_ids)}, кейсов — {len(case_ids)}")
        audit.record(session, "stage7", "programme", programme_id, summary, stage=STAGE,
                     closed=closed, awards=len(award_ids), cases=len(case_ids))
        cards = record_stage_work(session, programme_id, STAGE, today)
        return Stage7Result(closed, len(data.events), tuple(award_ids), tuple(case_ids),
                            today, cards[STAGE - 1], tuple(skipped))


def _put_event(session: Session, programme_id: int, event: EventDraft) -> None:
    """The stage's event of that kind, written over the one recorded before (one of each)."""
    if event.kind not in EVENT_TITLES:
        raise ValidationError(f"Неизвестное мероприятие этапа 7 «{event.kind}».")
    if event.attended_count is not None and event.attended_count < 0:
        raise ValidationError("Число участников мероприятия не может быть отрицательным.")
    row = session.scalars(select(ProgrammeEvent).where(
        ProgrammeEvent.programme_id == programme_id, ProgrammeEvent.stage == STAGE,
        ProgrammeEvent.kind == event.kind).order_by(ProgrammeEvent.id)).first()
    if row is None:
        row = ProgrammeEvent(programme_id=programme_id, stage=STAGE, kind=event.kind)
        session.add(row)
    row.title = EVENT_TITLES[event.kind]
    row.held_on = event.held_on
    row.place = event.place.strip()
    row.audience = event.audience.strip()
    row.attended_count = event.attended_count


# --- the documents after Finish ---------------------------------------------------------------

STAGE7_DOCUMENTS = (("order_awards", "Приказ о награждении участников программы"),
                    ("certificates", "Сертификаты, грамоты и благодарственные письма"))


@dataclass(frozen=True)
class DocumentOutcome:
    kind: str
    title: str
    file_path: str = ""
    """Where it was written; "" when it was not formed."""
    error: str = ""
    """Why it was not formed, for the curator."""

    @property
    def formed(self) -> bool:
        return bool(self.file_path) and not self.error


def issue_stage7_documents(db: Database, programme_id: int, award_ids: Sequence[int], *,
                           day: dt.date) -> tuple[DocumentOutcome, ...]:
    """The awards order and the awards of `award_ids`, each issued on its own: one that cannot
    be formed says why and does not stop the other (the stage is saved already)."""
    if not award_ids:
        return ()
    outcomes = []
    for kind, title in STAGE7_DOCUMENTS:
        try:
            out = documents_service.default_output_path(db, programme_id, kind, issued_on=day)
            info = documents_service.issue_document(
                db, programme_id, kind, out, issued_on=day,
                award_ids=list(award_ids) if kind == "certificates" else None)
        except NastavnikError as error:
            outcomes.append(DocumentOutcome(kind, title, error=error.message))
        else:
            outcomes.append(DocumentOutcome(kind, info.title or title, info.file_path))
    return tuple(outcomes)


def awards_summary(requests: Sequence[AwardRequest]) -> list[str]:
    """«сертификат участника программы наставничества — 40» for each nomination given."""
    counts: dict[AwardNomination, int] = {}
    for request in requests:
        counts[request.nomination] = counts.get(request.nomination, 0) + 1
    return [f"{AWARD_NOMINATION_LABELS[n]} — {counts[n]}" for n in AwardNomination
            if n in counts]


def event_line(event: EventDraft | EventRecord) -> str:
    """«12.05.2027, актовый зал, 45 участников»."""
    parts = [format_date(event.held_on) if event.held_on else "дата не указана"]
    if event.place:
        parts.append(event.place)
    if event.attended_count:
        parts.append(count_phrase(event.attended_count, "участник", "участника", "участников"))
    return ", ".join(parts)
