"""Stage 5 by «механическая обработка данных»: propose pairs and groups, then fix them.

`run_matching` reads the programme (see `match_data` for who takes part), scores every allowed
pair (`compatibility`) and finds the exact optimum (`matching.solve`); it changes nothing.
`apply_matching` writes the proposals in one transaction: one pair — or a group, when a mentor
gets several mentees — per mentor, status «сформирована», with the score and its explanation,
and the mentees become «в паре». Mentees already in an active pair are never touched: a mentor
with a pair gets the new mentees in a new pair/group row.

The curator's corrections before that: pairs rejected in the wizard are `forbidden` in the next
run, accepted ones are `fixed`; `ranked_mentors` lists the other mentors a mentee could have
(«Заменить наставника…»), `result_for` turns the pairs kept into a result with its quality, and
`suggest_mentors` ranks the mentors for one mentee left without a pair on the board.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.core_models import AppSetting
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MenteeStatus, MentorStatus, PairStatus
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    ProgrammeEvent,
    ProgrammeForm,
    ProgrammeRoleModel,
    RoleModel,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.compatibility import (
    YOUNG_SPECIALIST_YEARS,
    Explanation,
    FormInfo,
    FormRule,
    MatchInstance,
    MatchSettings,
    form_rule,
)
from nastavnik_desktop.services.match_data import (
    OPEN_MENTEE_STATUSES,
    active_membership,
    load_instance,
)
from nastavnik_desktop.services.matching import (
    MatchQuality,
    Objective,
    UnmatchedReason,
    quality,
)
from nastavnik_desktop.services.stages.checklists import GROUP_MEETING

SETTINGS_KEY = "matching_settings"
YOUNG_SPECIALIST_MODEL = "опытный педагог – молодой специалист"
MATCHING_STAGE = 5
GROUP_MEETING_KIND = GROUP_MEETING  # the stage 5 checklist reads this event
GROUP_MEETING_TITLE = "Групповая встреча наставников и наставляемых"

PairKey = tuple[int, int]
"""(mentee profile id, mentor profile id)"""


@dataclass(frozen=True)
class Proposal:
    """A proposed pair: one mentee with one mentor (mentors with several mentees make groups)."""

    mentee_profile_id: int
    mentee_name: str
    mentee_class: str
    mentor_profile_id: int
    mentor_name: str
    form_id: int
    form_name: str
    score: float
    explanation: Explanation
    fixed_by_hand: bool = False


@dataclass(frozen=True)
class Unmatched:
    mentee_profile_id: int
    mentee_name: str
    form_name: str
    reason: str


@dataclass(frozen=True)
class MatchResult:
    programme_id: int
    objective: Objective
    proposals: tuple[Proposal, ...]
    unmatched: tuple[Unmatched, ...]
    quality: MatchQuality
    mentors_used: int
    places_left: int  # free places of admitted mentors after these proposals

    @property
    def groups(self) -> int:
        """Mentors who would take more than one new mentee."""
        per_mentor: dict[int, int] = defaultdict(int)
        for proposal in self.proposals:
            per_mentor[proposal.mentor_profile_id] += 1
        return sum(1 for n in per_mentor.values() if n > 1)


@dataclass(frozen=True)
class AppliedMatching:
    pair_ids: tuple[int, ...]
    pairs: int
    groups: int
    mentees: int
    meeting_id: int | None = None


@dataclass(frozen=True)
class GroupMeeting:
    """The group meeting of mentors and mentees (stage 5), recorded with the pairs."""

    held_on: dt.date
    attended_count: int
    notes: str = ""


@dataclass(frozen=True)
class FormCount:
    """A form of mentoring as the wizard offers it: who is free to be matched in it."""

    form_id: int
    name: str
    mentees: int  # mentees in no active pair
    places: int  # free places of admitted mentors
    in_programme: bool


@dataclass(frozen=True)
class MentorSuggestion:
    """A mentor who could take a mentee, with the score of the pair and why."""

    mentor_profile_id: int
    mentor_name: str
    mentor_class: str
    free_places: int
    score: float
    explanation: Explanation

    @property
    def summary(self) -> str:
        return short_explanation(self.explanation)


def load_settings(db: Database) -> MatchSettings:
    """The curator's saved weights and must-haves, or the defaults."""
    with db.engine.connect() as conn:
        table = AppSetting.__table__.c
        saved = conn.scalar(select(table.value_json).where(table.key == SETTINGS_KEY))
    return MatchSettings.from_dict(json.loads(saved)) if saved else MatchSettings()


def save_settings(db: Database, settings: MatchSettings) -> None:
    with db.transaction() as session:
        row = session.get(AppSetting, SETTINGS_KEY)
        value = json.dumps(settings.to_dict(), ensure_ascii=False)
        if row is None:
            session.add(AppSetting(key=SETTINGS_KEY, value_json=value))
        else:
            row.value_json = value


def run_matching(db: Database, programme_id: int, settings: MatchSettings | None = None,
                 objective: Objective = "score", *, form_ids: Collection[int] | None = None,
                 fixed: Mapping[int, int] | None = None,
                 forbidden: Collection[PairKey] = (),
                 by_hand: Collection[int] | None = None,
                 today: dt.date | None = None) -> MatchResult:
    """Propose the best pairs; `fixed` pins mentee profile → mentor profile, `forbidden` pairs
    (mentee profile, mentor profile) are never proposed; see `propose` for `by_hand`."""
    instance = forbid_pairs(load_instance(db, programme_id, settings, form_ids=form_ids,
                                          today=today), forbidden)
    return propose(instance, programme_id, objective, fixed=fixed, by_hand=by_hand)


def forbid_pairs(instance: MatchInstance, pairs: Collection[PairKey]) -> MatchInstance:
    """The instance with these pairs forbidden (say, rejected by the curator); pairs of people
    not in the instance are ignored."""
    mentee_at = {m.profile_id: i for i, m in enumerate(instance.mentees)}
    mentor_at = {m.profile_id: j for j, m in enumerate(instance.mentors)}
    cells = [(mentee_at[p], mentor_at[q]) for p, q in pairs if p in mentee_at and q in mentor_at]
    if not cells:
        return instance
    matrix = instance.matrix.copy()
    for i, j in cells:
        matrix[i, j] = float("nan")
    return dataclasses.replace(instance, matrix=matrix)


def propose(instance: MatchInstance, programme_id: int, objective: Objective = "score", *,
            fixed: Mapping[int, int] | None = None,
            by_hand: Collection[int] | None = None) -> MatchResult:
    """The optimum of a loaded instance as proposals with explanations and a quality report.

    A `fixed` pair is marked as fixed by hand unless `by_hand` names the mentees whose mentor
    the curator chose (the other fixed pairs are proposals the curator accepted)."""
    fixed_idx = _fixed_indices(instance, fixed or {})
    try:
        assignment = instance.solve(objective, fixed_idx)
    except ValueError as exc:
        raise ValidationError(f"Закреплённые вручную пары не подходят: {exc}") from exc
    hand = set(fixed or {}) if by_hand is None else set(by_hand)
    return _result(instance, programme_id, objective, assignment,
                   {i for i in fixed_idx if instance.mentees[i].profile_id in hand})


def result_for(instance: MatchInstance, programme_id: int, objective: Objective,
               pairs: Mapping[int, int], *, by_hand: Collection[int] = ()) -> MatchResult:
    """The result of exactly these pairs (mentee profile → mentor profile): what the curator
    kept of the proposals, with a mentor replaced by hand for the mentees in `by_hand`."""
    indices = _fixed_indices(instance, pairs)
    assignment: list[int | None] = [None] * len(instance.mentees)
    for i, j in indices.items():
        if instance.score(i, j) is None:
            raise ValidationError(f"Пара «{instance.mentors[j].name} — "
                                  f"{instance.mentees[i].name}» запрещена.")
        assignment[i] = j
    hand = set(by_hand)
    return _result(instance, programme_id, objective, assignment,
                   {i for i in indices if instance.mentees[i].profile_id in hand})


def _result(instance: MatchInstance, programme_id: int, objective: Objective,
            assignment: list[int | None], hand_idx: Collection[int]) -> MatchResult:
    report = quality(instance.scores, assignment, instance.capacities)
    pairs = [(i, j) for i, j in enumerate(assignment) if j is not None]
    proposals = []
    for (i, j), explanation in zip(pairs, instance.explain_pairs(pairs), strict=True):
        mentee, mentor = instance.mentees[i], instance.mentors[j]
        assert explanation.score is not None
        proposals.append(Proposal(
            mentee_profile_id=mentee.profile_id, mentee_name=mentee.name,
            mentee_class=mentee.class_name, mentor_profile_id=mentor.profile_id,
            mentor_name=mentor.name, form_id=mentor.form_id,
            form_name=_form_name(instance, mentor.form_id), score=explanation.score,
            explanation=explanation, fixed_by_hand=i in hand_idx))
    staffed = {m.form_id for m in instance.mentors if m.free_places}
    unmatched = tuple(
        Unmatched(mentee_profile_id=instance.mentees[i].profile_id,
                  mentee_name=instance.mentees[i].name,
                  form_name=_form_name(instance, instance.mentees[i].form_id),
                  reason=str(reason if instance.mentees[i].form_id in staffed
                             else UnmatchedReason.NO_MENTORS))
        for i, reason in sorted(report.reasons.items()))
    used = sum(1 for load in report.loads if load)
    left = sum(max(0, c - load) for c, load in zip(instance.capacities, report.loads,
                                                     strict=True))
    proposals.sort(key=lambda p: (p.form_name, p.mentor_name, p.mentee_name))
    return MatchResult(programme_id=programme_id, objective=objective,
                       proposals=tuple(proposals), unmatched=unmatched, quality=report,
                       mentors_used=used, places_left=left)


def short_explanation(explanation: Explanation) -> str:
    """The criteria met and not met in a few words: «✓ запросы, возраст · ✗ интересы»."""
    parts = [f"запрещена: {explanation.forbidden}"] if explanation.forbidden else []
    for mark, results in (("✓", explanation.matched), ("✗", explanation.unmatched),
                          ("нет данных:", explanation.unknown)):
        if results:
            parts.append(f"{mark} {', '.join(r.criterion.value for r in results)}")
    return " · ".join(parts)


def ranked_mentors(instance: MatchInstance, mentee_profile_id: int, *,
                   taken: Mapping[int, int] | None = None, exclude: Collection[int] = (),
                   limit: int | None = None) -> list[MentorSuggestion]:
    """The mentors of the mentee's form who still have a place and may take this mentee, best
    score first. `taken` counts places already promised (mentor profile → mentees) on top of
    the mentors' active pairs; mentors in `exclude` are left out."""
    at = next((i for i, m in enumerate(instance.mentees)
               if m.profile_id == mentee_profile_id), None)
    if at is None:
        return []
    taken = taken or {}
    candidates = []
    for j, mentor in enumerate(instance.mentors):
        free = mentor.free_places - taken.get(mentor.profile_id, 0)
        if free > 0 and mentor.profile_id not in exclude \
                and instance.score(at, j) is not None:
            candidates.append((j, free))
    candidates.sort(key=lambda c: (-(instance.score(at, c[0]) or 0.0),
                                   instance.mentors[c[0]].name, c[0]))
    candidates = candidates[:limit] if limit is not None else candidates
    explanations = instance.explain_pairs([(at, j) for j, _ in candidates])
    suggestions = []
    for (j, free), explanation in zip(candidates, explanations, strict=True):
        mentor = instance.mentors[j]
        assert explanation.score is not None
        suggestions.append(MentorSuggestion(
            mentor_profile_id=mentor.profile_id, mentor_name=mentor.name,
            mentor_class=mentor.class_name, free_places=free, score=explanation.score,
            explanation=explanation))
    return suggestions


def suggest_mentors(db: Database, programme_id: int, mentee_profile_id: int, limit: int = 5, *,
                    settings: MatchSettings | None = None,
                    today: dt.date | None = None) -> list[MentorSuggestion]:
    """The best admitted mentors with a free place for a mentee without a pair, by the score of
    the saved settings; empty when the mentee has no form, is paired, or no pair is allowed."""
    with db.engine.connect() as conn:
        table = MenteeProfile.__table__.c
        form_id = conn.scalar(select(table.form_id).where(
            table.id == mentee_profile_id, table.programme_id == programme_id))
    if form_id is None:
        return []
    instance = load_instance(db, programme_id, settings or load_settings(db),
                             form_ids=[form_id], today=today)
    return ranked_mentors(instance, mentee_profile_id, limit=limit)


def form_counts(db: Database, programme_id: int) -> list[FormCount]:
    """The programme's forms (and any other form with someone free in it), with the free
    mentees and the free places of admitted mentors in each."""
    instance = load_instance(db, programme_id)
    mentees: dict[int, int] = defaultdict(int)
    places: dict[int, int] = defaultdict(int)
    for mentee in instance.mentees:
        mentees[mentee.form_id] += 1
    for mentor in instance.mentors:
        places[mentor.form_id] += mentor.free_places
    with db.reading() as session:
        chosen = set(session.scalars(select(ProgrammeForm.form_id).where(
            ProgrammeForm.programme_id == programme_id)))
        forms = session.execute(select(MentoringForm.id, MentoringForm.name)
                                .order_by(MentoringForm.sort_order, MentoringForm.id)).all()
    return [FormCount(form_id=form_id, name=name, mentees=mentees.get(form_id, 0),
                      places=places.get(form_id, 0), in_programme=form_id in chosen)
            for form_id, name in forms
            if form_id in chosen or mentees.get(form_id) or places.get(form_id)]


def _form_name(instance: MatchInstance, form_id: int) -> str:
    form = instance.forms.get(form_id)
    return form.name if form else ""


def _fixed_indices(instance: MatchInstance, fixed: Mapping[int, int]) -> dict[int, int]:
    mentee_at = {m.profile_id: i for i, m in enumerate(instance.mentees)}
    mentor_at = {m.profile_id: j for j, m in enumerate(instance.mentors)}
    unknown = [p for p, q in fixed.items() if p not in mentee_at or q not in mentor_at]
    if unknown:
        raise ValidationError("Закреплённые вручную пары ссылаются на наставляемых или "
                              "наставников, которых нет среди свободных и допущенных.")
    return {mentee_at[p]: mentor_at[q] for p, q in fixed.items()}


def apply_matching(db: Database, programme_id: int, result: MatchResult, *,
                   formed_on: dt.date | None = None,
                   meeting: GroupMeeting | None = None) -> AppliedMatching:
    """Create the proposed pairs and groups in one transaction (or nothing, on any problem),
    with the group meeting of stage 5 when one is given.

    Refuses a result that no longer fits the database: a mentee paired or removed meanwhile, a
    mentor no longer admitted or without the places.
    """
    if result.programme_id != programme_id:
        raise ValidationError("Предложенные пары относятся к другой программе наставничества.")
    if meeting is not None and meeting.attended_count < 0:
        raise ValidationError("Число участников встречи не может быть отрицательным.")
    if not result.proposals and meeting is None:
        return AppliedMatching(pair_ids=(), pairs=0, groups=0, mentees=0)
    day = formed_on or dt.date.today()
    by_mentor: dict[int, list[Proposal]] = defaultdict(list)
    for proposal in result.proposals:
        by_mentor[proposal.mentor_profile_id].append(proposal)
    with db.transaction() as session:
        mentees = _free_mentees(session, programme_id,
                                [p.mentee_profile_id for p in result.proposals])
        groups_before = _group_count(session, programme_id)
        created: list[MentoringPair] = []
        for mentor_id, proposals in by_mentor.items():
            mentor = _checked_mentor(session, programme_id, mentor_id, len(proposals))
            members = [mentees[p.mentee_profile_id] for p in proposals]
            is_group = len(members) > 1
            pair = MentoringPair(
                programme_id=programme_id, mentor_profile_id=mentor.id, form_id=mentor.form_id,
                role_model_id=_role_model(session, programme_id, mentor, members),
                title=f"Группа № {groups_before + sum(len(p.members) > 1 for p in created) + 1}"
                if is_group else "",
                status=PairStatus.FORMED, formed_on=day, status_changed_on=day,
                match_score=round(sum(p.score for p in proposals) / len(proposals), 1),
                match_explanation="\n".join(
                    (f"{p.mentee_name}: " if is_group else "") + p.explanation.text
                    for p in proposals),
                fixed_by_hand=any(p.fixed_by_hand for p in proposals),
                members=[PairMentee(mentee_profile_id=m.id, joined_on=day) for m in members])
            session.add(pair)
            created.append(pair)
            for member in members:
                member.status = MenteeStatus.PAIRED
        meeting_id = _record_meeting(session, programme_id, meeting) if meeting else None
        session.flush()
        groups = sum(1 for p in created if len(p.members) > 1)
        if created:
            audit.record(session, "create", "mentoring_pair", None,
                         f"Подбор пар: сформировано пар {len(created) - groups}, групп {groups} "
                         f"({len(result.proposals)} наставляемых)",
                         programme_id=programme_id, objective=result.objective,
                         pair_ids=[p.id for p in created], total=result.quality.total)
        return AppliedMatching(pair_ids=tuple(p.id for p in created),
                               pairs=len(created) - groups, groups=groups,
                               mentees=len(result.proposals), meeting_id=meeting_id)


def _record_meeting(session: Session, programme_id: int, meeting: GroupMeeting) -> int:
    row = ProgrammeEvent(programme_id=programme_id, stage=MATCHING_STAGE, kind=GROUP_MEETING_KIND,
                         title=GROUP_MEETING_TITLE, held_on=meeting.held_on,
                         audience="наставники и наставляемые",
                         attended_count=meeting.attended_count, notes=meeting.notes.strip())
    session.add(row)
    session.flush()
    audit.record(session, "create", "programme_event", row.id,
                 f"{GROUP_MEETING_TITLE} {meeting.held_on:%d.%m.%Y}: участников "
                 f"{meeting.attended_count}")
    return row.id


def _free_mentees(session: Session, programme_id: int,
                  profile_ids: list[int]) -> dict[int, MenteeProfile]:
    if len(set(profile_ids)) != len(profile_ids):
        raise ValidationError("Один наставляемый предложен в две пары.")
    in_pair = exists(select(PairMentee.id).join(MentoringPair, active_membership())
                     .where(PairMentee.mentee_profile_id == MenteeProfile.id))
    found = {m.id: m for m in session.scalars(
        select(MenteeProfile).where(MenteeProfile.id.in_(profile_ids),
                                    MenteeProfile.programme_id == programme_id,
                                    MenteeProfile.status.in_(OPEN_MENTEE_STATUSES),
                                    ~in_pair))}
    if len(found) != len(profile_ids):
        raise ValidationError("Пока подбирались пары, часть наставляемых уже закреплена или "
                              "выбыла. Запустите подбор ещё раз; ничего не сохранено.")
    return found


def _checked_mentor(session: Session, programme_id: int, mentor_id: int,
                    new_mentees: int) -> MentorProfile:
    mentor = session.get(MentorProfile, mentor_id)
    if mentor is None or mentor.programme_id != programme_id \
            or mentor.status is not MentorStatus.ADMITTED or mentor.form_id is None:
        raise ValidationError("Пока подбирались пары, наставник перестал быть допущенным. "
                              "Запустите подбор ещё раз; ничего не сохранено.")
    load = session.scalar(
        select(func.count(PairMentee.id)).join(MentoringPair, active_membership())
        .where(MentoringPair.mentor_profile_id == mentor_id)) or 0
    if load + new_mentees > mentor.capacity:
        raise ValidationError(f"У наставника {mentor.person.full_name} не хватает мест: "
                              f"{mentor.capacity}, занято {load}, предложено ещё "
                              f"{new_mentees}. Ничего не сохранено.")
    return mentor


def _group_count(session: Session, programme_id: int) -> int:
    sizes = (select(PairMentee.pair_id).join(MentoringPair, MentoringPair.id == PairMentee.pair_id)
             .where(MentoringPair.programme_id == programme_id)
             .group_by(PairMentee.pair_id).having(func.count() > 1).subquery())
    return session.scalar(select(func.count()).select_from(sizes)) or 0


def _role_model(session: Session, programme_id: int, mentor: MentorProfile,
                members: list[MenteeProfile]) -> int | None:
    """The role model when it is clear: the only one of the form chosen for the programme (or,
    none chosen, the only one visible), or «опытный педагог – молодой специалист» for young
    specialists in «учитель – учитель»."""
    form = mentor.form
    if form is None:
        return None
    candidates = list(session.scalars(
        select(RoleModel).join(ProgrammeRoleModel, ProgrammeRoleModel.role_model_id == RoleModel.id)
        .where(ProgrammeRoleModel.programme_id == programme_id, RoleModel.form_id == form.id)))
    candidates = candidates or [rm for rm in form.role_models if not rm.hidden]
    if len(candidates) == 1:
        return candidates[0].id
    young = all(m.person.experience_years is not None
                and m.person.experience_years <= YOUNG_SPECIALIST_YEARS for m in members)
    if young and form_rule(FormInfo(form.id, form.code, form.name)) is FormRule.MORE_EXPERIENCE:
        return next((rm.id for rm in candidates if rm.name == YOUNG_SPECIALIST_MODEL), None)
    return None
