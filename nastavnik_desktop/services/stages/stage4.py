"""Stage 4 «Отбор и обучение наставников»: the wizard's data, the rules of a mentor's status,
and its one save.

A mentor of the programme goes кандидат → отобран → обучен → допущен, or is отклонён (with a
reason) at any point before допущен. What each status needs:

- «отобран» — a score (0–10) on every selection criterion and the date of the interview;
- «обучен» — all of the above, and the «Школа наставников» passed: date, hours, completed;
- «допущен» — what the school's admission rule asks (services/people/admission.py; by default
  an interview or the training), with the date and the basis of the admission (kept in the
  audit entry of the save). Only admitted mentors are offered for pairs.

A save may move a mentor several steps at once when the data of every step is there. Going
back is allowed (a mistake corrected), except that an admitted mentor only returns to «обучен»,
and only while he has no pair. An edit that takes away what the current status needs (a score
cleared, the training unticked) is refused: change the status first.

The wizard edits `CandidateState`s; `check_change` is the same rule for the wizard's pages and
for `save_stage4`, which applies every change in one transaction or none.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    CATEGORY_LABELS,
    MENTOR_STATUS_LABELS,
    MentorStatus,
    PairStatus,
    Sex,
)
from nastavnik_desktop.data.models import (
    MentorCriterionScore,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    Person,
    SelectionCriterion,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit, reference_lists
from nastavnik_desktop.services.people import admission
from nastavnik_desktop.services.people.admission import (
    DEFAULT_RULE,
    RULE_LABELS,
    AdmissionRule,
    missing_for_admission,
)
from nastavnik_desktop.services.people.persons import known_sex
from nastavnik_desktop.services.programme import check_programme
from nastavnik_desktop.services.stages.status import (
    StageCard,
    cards_in,
    manual_ticks,
    record_stage_work,
    set_tick_in,
)
from nastavnik_desktop.text import alphabetical_key, count_phrase, format_date

STAGE = 4
INTERVIEW_TICK = "interview"
"""The manual item of stage 4 (stages/checklists.py): «Проведены собеседования с кандидатами»."""

MAX_SCORE = 10
PASS_AVERAGE = 6.0
"""The average score from which the wizard suggests selecting a candidate (60 % of the maximum).
Only a suggestion: the curator decides."""

CHAIN = (MentorStatus.CANDIDATE, MentorStatus.SELECTED, MentorStatus.TRAINED,
         MentorStatus.ADMITTED)
"""The way of a mentor through the stage; «отклонён» is off the chain."""


@dataclass(frozen=True)
class Criterion:
    id: int
    name: str


@dataclass(frozen=True)
class CandidateState:
    """What the wizard edits about one mentor profile. `scores` maps a criterion id to its
    score; a criterion not in it is not scored."""

    profile_id: int
    status: MentorStatus
    scores: Mapping[int, int] = field(default_factory=dict)
    interview_on: dt.date | None = None
    interview_notes: str = ""
    training_on: dt.date | None = None
    training_hours: float | None = None
    training_completed: bool = False
    rejection_reason: str = ""
    admitted_on: dt.date | None = None
    """With `admission_basis`: the admission decided in this edit (None for a stored state)."""
    admission_basis: str = ""


@dataclass(frozen=True)
class Candidate:
    """A mentor profile of the programme as the wizard shows it; `state` is what is stored."""

    profile_id: int
    person_id: int
    full_name: str
    category_label: str
    place: str
    """The class of a pupil, else the position, else the organisation."""
    form_id: int | None
    form_name: str
    active_pairs: int
    state: CandidateState
    sex: Sex | None = None
    """As recorded, or told by the patronymic: the status is worded to agree with it."""
    experience_years: int | None = None
    hours_per_month: float | None = None
    """The time the mentor can give a month (stage 3's profile)."""


@dataclass(frozen=True)
class Stage4Data:
    programme_id: int
    criteria: tuple[Criterion, ...]
    """The visible criteria, in the reference order: these are scored."""
    candidates: tuple[Candidate, ...]
    interviews_ticked: bool
    """The manual item «Проведены собеседования с кандидатами» of the roadmap."""
    rule: AdmissionRule = DEFAULT_RULE
    """What «допущен» requires (the stored setting)."""

    @property
    def criterion_ids(self) -> tuple[int, ...]:
        return tuple(c.id for c in self.criteria)


@dataclass(frozen=True)
class Suggestion:
    """What the scores and the recorded steps suggest; `status` None when nothing to do."""

    status: MentorStatus | None
    text: str


@dataclass(frozen=True)
class Stage4Preview:
    """How the stage would look after the save: counts by status and the stage's checklist."""

    counts_before: Mapping[MentorStatus, int]
    counts_after: Mapping[MentorStatus, int]
    changed: int
    card: StageCard


# --- the rules (no database) -----------------------------------------------------------------


def total_score(state: CandidateState, criterion_ids: Sequence[int]) -> int:
    return sum(state.scores[c] for c in criterion_ids if c in state.scores)


def average_score(state: CandidateState, criterion_ids: Sequence[int]) -> float | None:
    scored = [state.scores[c] for c in criterion_ids if c in state.scores]
    return sum(scored) / len(scored) if scored else None


def unscored(state: CandidateState, criterion_ids: Sequence[int]) -> list[int]:
    return [c for c in criterion_ids if c not in state.scores]


def scores_from_data(candidate: Candidate, criteria: Sequence[Criterion]) -> dict[int, int]:
    """The scores the candidate's recorded data suggests, by criterion id (the rule is
    admission.scores_from_data)."""
    by_name = admission.scores_from_data(experience_years=candidate.experience_years,
                                         hours_per_month=candidate.hours_per_month)
    return {c.id: by_name[c.name.lower()] for c in criteria if c.name.lower() in by_name}


def allowed_statuses(stored: MentorStatus) -> tuple[MentorStatus, ...]:
    """The statuses a mentor with the `stored` status may be given (the current one first);
    whether his data allows it is `check_change`'s question."""
    if stored is MentorStatus.ADMITTED:
        return (MentorStatus.ADMITTED, MentorStatus.TRAINED)
    return (stored, *(s for s in (*CHAIN, MentorStatus.REJECTED) if s is not stored))


def missing_for(status: MentorStatus, state: CandidateState,
                criteria: Sequence[Criterion],
                rule: AdmissionRule = DEFAULT_RULE) -> list[str]:
    """What `state` lacks for `status`, in words (empty when nothing)."""
    if status is MentorStatus.ADMITTED:
        return missing_for_admission(
            rule, interview_on=state.interview_on, training_completed=state.training_completed,
            unscored=[c.name for c in criteria if c.id not in state.scores])
    missing: list[str] = []
    if status in (MentorStatus.SELECTED, MentorStatus.TRAINED):
        names = [c.name for c in criteria if c.id not in state.scores]
        if names and len(names) == len(criteria) > 1:
            missing.append("нет оценок по критериям отбора")
        elif names:
            missing.append("нет оценки по "
                           + ("критерию" if len(names) == 1 else "критериям")
                           + " " + ", ".join(f"«{n}»" for n in names))
        if state.interview_on is None:
            missing.append("не указана дата собеседования")
    if status is MentorStatus.TRAINED:
        if state.training_on is None:
            missing.append("не указана дата обучения в «Школе наставников»")
        if not state.training_hours:
            missing.append("не указано число часов обучения")
        if not state.training_completed:
            missing.append("не отмечено, что обучение пройдено")
    return missing


def check_change(name: str, stored: CandidateState, edited: CandidateState,
                 criteria: Sequence[Criterion], *, active_pairs: int = 0,
                 today: dt.date | None = None, require_reason: bool = True,
                 rule: AdmissionRule = DEFAULT_RULE) -> None:
    """Raise a ValidationError saying why `edited` may not replace `stored` for the mentor
    `name`. With `require_reason` False a rejection without a reason yet passes (the wizard
    asks for it on the page)."""
    day = today or dt.date.today()
    _check_values(name, edited, day)
    target, current = edited.status, stored.status
    label = MENTOR_STATUS_LABELS[target]
    if target is current:
        broken = [m for m in missing_for(target, edited, criteria, rule)
                  if m not in missing_for(target, stored, criteria, rule)]
        if broken:
            raise ValidationError(f"{name}: для статуса «{label}» {_join(broken)}. Чтобы "
                                  "убрать эти данные, сначала измените статус.")
    elif target not in allowed_statuses(current):
        if current is MentorStatus.ADMITTED and target is MentorStatus.REJECTED:
            raise ValidationError(f"{name}: наставник уже допущен к работе — отклонить "
                                  "нельзя. Сначала отмените допуск (статус «обучен»).")
        raise ValidationError(f"{name}: статус «{MENTOR_STATUS_LABELS[current]}» нельзя "
                              f"сменить на «{label}».")
    elif current is MentorStatus.ADMITTED and active_pairs:
        raise ValidationError(f"{name}: наставник работает в парах ({active_pairs}). "
                              "Отменить допуск можно, когда они завершены или расторгнуты.")
    elif target is MentorStatus.ADMITTED and (
            missing := missing_for(target, edited, criteria, rule)):
        raise ValidationError("Допустить к работе по правилу школы "
                              f"(«{RULE_LABELS[rule]}») нельзя. {name}: {_join(missing)}.")
    elif target in CHAIN and (missing := missing_for(target, edited, criteria)):
        raise ValidationError(f"{name}: перевести в статус «{label}» нельзя — "
                              f"{_join(missing)}.")
    if target is MentorStatus.REJECTED and require_reason and not edited.rejection_reason.strip():
        raise ValidationError(f"{name}: укажите причину отклонения.")


def _check_values(name: str, state: CandidateState, today: dt.date) -> None:
    for criterion_id, score in state.scores.items():
        if not 0 <= score <= MAX_SCORE:
            raise ValidationError(f"{name}: оценка по критерию — от 0 до {MAX_SCORE} баллов, "
                                  f"а указано {score}.")
        if criterion_id <= 0:
            raise ValidationError(f"{name}: неизвестный критерий отбора.")
    for what, day in (("собеседования", state.interview_on), ("обучения", state.training_on),
                      ("допуска", state.admitted_on)):
        if day is not None and day > today:
            raise ValidationError(f"{name}: дата {what} {day:%d.%m.%Y} ещё не наступила.")
    if state.training_hours is not None and state.training_hours < 0:
        raise ValidationError(f"{name}: число часов обучения не может быть отрицательным.")


def _join(parts: Iterable[str]) -> str:
    return "; ".join(parts)


def suggest(state: CandidateState, criteria: Sequence[Criterion]) -> Suggestion:
    """The next step the data suggests. Never applied by itself: shown to the curator."""
    ids = [c.id for c in criteria]
    status = state.status
    if status in (MentorStatus.ADMITTED, MentorStatus.REJECTED):
        return Suggestion(None, "")
    if status is MentorStatus.TRAINED:
        return Suggestion(MentorStatus.ADMITTED, "допустить к работе")
    if status is MentorStatus.SELECTED:
        if not missing_for(MentorStatus.TRAINED, state, criteria):
            return Suggestion(MentorStatus.TRAINED, "отметить как обученного")
        return Suggestion(None, "направить в «Школу наставников»")
    left = unscored(state, ids)
    if left:
        return Suggestion(None, f"оценить по критериям (осталось {len(left)})")
    average = average_score(state, ids)
    assert average is not None
    shown = f"{average:.1f}".replace(".", ",")
    if average < PASS_AVERAGE:
        return Suggestion(MentorStatus.REJECTED, f"отклонить: средний балл {shown} ниже "
                                                 f"{PASS_AVERAGE:.0f}")
    if state.interview_on is None:
        return Suggestion(None, f"провести собеседование (средний балл {shown})")
    return Suggestion(MentorStatus.SELECTED, f"отобрать: средний балл {shown}")


# --- reading ---------------------------------------------------------------------------------


def load_stage4(db: Database, programme_id: int) -> Stage4Data:
    """The mentor base of the programme with scores, interviews and training, by name."""
    with db.reading() as session:
        check_programme(session, programme_id)
        criteria = tuple(Criterion(c.id, c.name)
                         for c in reference_lists.criteria_offered(session))
        forms = {form_id: name for form_id, name in session.execute(
            select(MentoringForm.id, MentoringForm.name))}
        pairs = _active_pairs(session, programme_id)
        scores: dict[int, dict[int, int]] = {}
        for profile_id, criterion_id, score in session.execute(
                select(MentorCriterionScore.mentor_profile_id,
                       MentorCriterionScore.criterion_id, MentorCriterionScore.score)
                .join(MentorProfile, MentorProfile.id == MentorCriterionScore.mentor_profile_id)
                .where(MentorProfile.programme_id == programme_id)):
            scores.setdefault(profile_id, {})[criterion_id] = score
        candidates = []
        for profile, person in session.execute(
                select(MentorProfile, Person).join(Person, Person.id == MentorProfile.person_id)
                .where(MentorProfile.programme_id == programme_id)):
            candidates.append(Candidate(
                profile_id=profile.id, person_id=person.id, full_name=person.full_name,
                category_label=CATEGORY_LABELS[person.category],
                place=person.class_name or person.position or person.organisation,
                form_id=profile.form_id, form_name=forms.get(profile.form_id or 0, ""),
                active_pairs=pairs.get(profile.id, 0),
                state=_state(profile, scores.get(profile.id, {})),
                sex=known_sex(person.sex, person.middle_name),
                experience_years=person.experience_years,
                hours_per_month=profile.time_hours_per_month))
        ticked = manual_ticks(session, programme_id, STAGE).get(INTERVIEW_TICK, False)
        rule = admission_rule(session)
    candidates.sort(key=lambda c: (alphabetical_key(c.full_name), c.form_name, c.profile_id))
    return Stage4Data(programme_id, criteria, tuple(candidates), ticked, rule)


def admission_rule(session: Session) -> AdmissionRule:
    return AdmissionRule(settings.load(session, settings.ADMISSION_RULE))


def save_admission_rule(db: Database, rule: AdmissionRule) -> None:
    with db.transaction() as session:
        settings.save(session, settings.ADMISSION_RULE, rule.value)


def _state(profile: MentorProfile, scores: Mapping[int, int]) -> CandidateState:
    return CandidateState(
        profile_id=profile.id, status=profile.status, scores=dict(scores),
        interview_on=profile.interview_on, interview_notes=profile.interview_notes,
        training_on=profile.training_on, training_hours=profile.training_hours,
        training_completed=profile.training_completed,
        rejection_reason=profile.rejection_reason)


def _active_pairs(session: Session, programme_id: int) -> dict[int, int]:
    return {profile_id: n for profile_id, n in session.execute(
        select(MentoringPair.mentor_profile_id, func.count())
        .where(MentoringPair.programme_id == programme_id,
               MentoringPair.status.not_in((PairStatus.TERMINATED, PairStatus.COMPLETED)))
        .group_by(MentoringPair.mentor_profile_id))}


def status_counts(states: Iterable[CandidateState]) -> dict[MentorStatus, int]:
    counts = Counter(s.status for s in states)
    return {status: counts.get(status, 0) for status in (*CHAIN, MentorStatus.REJECTED)}


# --- writing ---------------------------------------------------------------------------------


def save_stage4(db: Database, programme_id: int, changes: Sequence[CandidateState], *,
                interviews_done: bool | None = None, today: dt.date | None = None) -> int:
    """The wizard's Finish: apply every change in one transaction with one audit entry, or
    nothing (the first refusal is raised). `interviews_done` sets the roadmap's manual item
    «Проведены собеседования с кандидатами» (None leaves it). Returns how many mentor
    profiles changed. The stage statuses are stored in the same transaction."""
    day = today or dt.date.today()
    with db.transaction() as session:
        changed = _apply(session, programme_id, changes, interviews_done, day, record=True)
        record_stage_work(session, programme_id, STAGE, day)
        return changed


def preview_stage4(db: Database, programme_id: int, changes: Sequence[CandidateState], *,
                   interviews_done: bool | None = None,
                   today: dt.date | None = None) -> Stage4Preview:
    """What `save_stage4` would leave, without saving: the changes are applied in a session
    that is rolled back. Raises the same ValidationError the save would."""
    day = today or dt.date.today()
    with db.reading() as session:
        before = status_counts(_stored_states(session, programme_id))
        changed = _apply(session, programme_id, changes, interviews_done, day, record=False)
        after = status_counts(_stored_states(session, programme_id))
        card = cards_in(session, programme_id, day)[STAGE - 1]
    return Stage4Preview(before, after, changed, card)


def _stored_states(session: Session, programme_id: int) -> list[CandidateState]:
    return [CandidateState(profile_id=pid, status=status) for pid, status in session.execute(
        select(MentorProfile.id, MentorProfile.status)
        .where(MentorProfile.programme_id == programme_id))]


def _apply(session: Session, programme_id: int, changes: Sequence[CandidateState],
           interviews_done: bool | None, today: dt.date, *, record: bool) -> int:
    check_programme(session, programme_id)
    criteria = [Criterion(c.id, c.name) for c in reference_lists.criteria_offered(session)]
    known_criteria = set(session.scalars(select(SelectionCriterion.id)))
    ids = [c.profile_id for c in changes]
    if len(set(ids)) != len(ids):
        raise ValidationError("Одна и та же запись наставника изменена дважды.")
    rows = {p.id: (p, person) for p, person in session.execute(
        select(MentorProfile, Person).join(Person, Person.id == MentorProfile.person_id)
        .where(MentorProfile.id.in_(ids), MentorProfile.programme_id == programme_id))}
    pairs = _active_pairs(session, programme_id)
    rule = admission_rule(session)
    edits: list[tuple[MentorProfile, CandidateState, CandidateState]] = []
    for change in changes:
        if change.profile_id not in rows:
            raise ValidationError("Одного из кандидатов уже нет в базе наставников программы "
                                  "(возможно, его удалили). Закройте мастер и откройте снова.")
        profile, person = rows[change.profile_id]
        if set(change.scores) - known_criteria:
            raise ValidationError(f"{person.full_name}: неизвестный критерий отбора.")
        stored = _state(profile, {s.criterion_id: s.score for s in profile.criterion_scores})
        edited = _normalised(change)
        if profile.status is MentorStatus.ADMITTED:
            edited = replace(edited, admitted_on=None, admission_basis="")
        check_change(person.full_name, stored, edited, criteria,
                     active_pairs=pairs.get(profile.id, 0), today=today, rule=rule)
        if edited != stored:
            edits.append((profile, stored, edited))
    for profile, _stored, edited in edits:
        _write(session, profile, edited)
    tick_changed = _set_interview_tick(session, programme_id, interviews_done)
    session.flush()
    if record and (edits or tick_changed):
        audit.record(session, "update", "mentor_profile", None, _summary(edits, tick_changed),
                     stage=STAGE, profiles=[p.id for p, _, _ in edits],
                     statuses={p.id: [s.status, e.status] for p, s, e in edits
                               if s.status is not e.status},
                     admissions={p.id: [e.admitted_on, e.admission_basis] for p, s, e in edits
                                 if e.admitted_on is not None})
    return len(edits)


def _normalised(state: CandidateState) -> CandidateState:
    rejected = state.status is MentorStatus.REJECTED
    return replace(without_stale_admission(state), scores=dict(state.scores),
                   interview_notes=state.interview_notes.strip(),
                   rejection_reason=state.rejection_reason.strip() if rejected else "",
                   admission_basis=state.admission_basis.strip())


def without_stale_admission(state: CandidateState) -> CandidateState:
    """The state without an admission date and basis once it is no longer «допущен»."""
    if state.status is MentorStatus.ADMITTED:
        return state
    return replace(state, admitted_on=None, admission_basis="")


def _write(session: Session, profile: MentorProfile, state: CandidateState) -> None:
    profile.status = state.status
    profile.rejection_reason = state.rejection_reason
    profile.interview_on = state.interview_on
    profile.interview_notes = state.interview_notes
    profile.training_on = state.training_on
    profile.training_hours = state.training_hours
    profile.training_completed = state.training_completed
    existing = {s.criterion_id: s for s in profile.criterion_scores}
    for criterion_id, row in existing.items():
        if criterion_id in state.scores:
            row.score = state.scores[criterion_id]
        else:
            profile.criterion_scores.remove(row)
    profile.criterion_scores.extend(
        MentorCriterionScore(criterion_id=criterion_id, score=score)
        for criterion_id, score in state.scores.items() if criterion_id not in existing)


def _set_interview_tick(session: Session, programme_id: int, done: bool | None) -> bool:
    if done is None:
        return False
    return set_tick_in(session, programme_id, STAGE, INTERVIEW_TICK, done)


def _summary(edits: Sequence[tuple[MentorProfile, CandidateState, CandidateState]],
             tick_changed: bool) -> str:
    moved = Counter(e.status for _, s, e in edits if s.status is not e.status)
    parts = [f"{MENTOR_STATUS_LABELS[status]} — {n}" for status, n in moved.items()]
    mentors = count_phrase(len(edits), "наставника", "наставников", "наставников")
    text = f"Этап 4: изменены данные {mentors}"
    if parts:
        text += f" (новые статусы: {', '.join(parts)})"
    admissions = Counter((e.admitted_on, e.admission_basis) for _, _, e in edits
                         if e.admitted_on is not None)
    for (day, basis), n in sorted(admissions.items(), key=lambda a: (a[0][0], a[0][1])):
        text += f"; допущены {format_date(day)} ({n} чел.)" + (f", основание: {basis}"
                                                               if basis else "")
    if tick_changed:
        text += "; отметка о собеседованиях изменена"
    return text
