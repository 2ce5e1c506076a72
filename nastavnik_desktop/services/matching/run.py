"""Stage 5 by «механическая обработка данных»: the run that proposes pairs and groups.

The path of a run reads straight: `match` loads the candidates (`load`), scores them
(`scoring`), forbids the pairs the curator rejected, solves for the exact optimum form by form
(`solver`) and turns the assignment into proposals with their reasons and quality. It changes
nothing; `apply.apply_matching` writes what the curator keeps, and `session` holds the curator's
corrections between runs.

Besides: `result_for` turns the pairs kept into a result with its quality, `ranked_mentors`
lists the other mentors a mentee could have («Заменить наставника…»), `suggest_mentors` ranks the
mentors for one mentee left without a pair on the board, `form_counts` shows who is free in each
form, and the curator's weights are kept between runs (`load_settings`, `save_settings`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select

from nastavnik_desktop import settings as app_settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.models import MenteeProfile, ProgrammeForm
from nastavnik_desktop.errors import OperationCancelled, ValidationError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services import reference_lists
from nastavnik_desktop.services.matching.load import load_candidates
from nastavnik_desktop.services.matching.records import PairKey
from nastavnik_desktop.services.matching.scoring import (
    Explanation,
    MatchInstance,
    MatchSettings,
    build_instance,
    forbid_pairs,
    short_explanation,
)
from nastavnik_desktop.services.matching.solver import (
    MatchQuality,
    Objective,
    UnmatchedReason,
    quality,
    solve_by_form,
)


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
class FormCount:
    """A form of mentoring as the wizard offers it: who is free to be matched in it."""

    form_id: int
    name: str
    mentees: int  # mentees in no active pair
    places: int  # free places of admitted mentors
    in_programme: bool
    role_models: tuple[tuple[int, str], ...] = ()
    """The form's role models offered for the new pairs (visible, in the curator's order)."""


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


@dataclass(frozen=True)
class MatchRequest:
    """What a run takes besides the database: the curator's settings and goal, the forms, and
    the corrections — `fixed` pins mentee profile → mentor profile, `forbidden` pairs (mentee
    profile, mentor profile) are never proposed; see `propose` for `by_hand`."""

    settings: MatchSettings | None = None
    objective: Objective = "score"
    form_ids: tuple[int, ...] | None = None
    fixed: Mapping[int, int] = field(default_factory=dict)
    forbidden: frozenset[PairKey] = frozenset()
    by_hand: frozenset[int] | None = None
    today: dt.date | None = None


@dataclass(frozen=True)
class Matched:
    """A run: the scored instance (for explanations and replacements) and its proposals."""

    instance: MatchInstance
    result: MatchResult


def load_settings(db: Database) -> MatchSettings:
    """The curator's saved weights and must-haves, or the defaults."""
    with db.engine.connect() as conn:
        saved = app_settings.load(conn, app_settings.MATCHING)
    return MatchSettings.from_dict(saved) if saved else MatchSettings()


def save_settings(db: Database, settings: MatchSettings) -> None:
    with db.transaction() as session:
        app_settings.save(session, app_settings.MATCHING, settings.to_dict())


def load_instance(db: Database, programme_id: int, settings: MatchSettings | None = None, *,
                  form_ids: Collection[int] | None = None,
                  today: dt.date | None = None) -> MatchInstance:
    """The candidates of a programme (optionally of some forms only), scored."""
    candidates = load_candidates(db, programme_id, form_ids=form_ids)
    return build_instance(candidates.mentees, candidates.mentors, forms=candidates.forms,
                          request_names=candidates.request_names,
                          exclusions=candidates.exclusions, settings=settings, today=today,
                          separate_classes=candidates.separate_classes)


def match(db: Database, programme_id: int, request: MatchRequest,
          progress: ProgressCallback | None = None) -> Matched:
    """Load, score, forbid, solve: the whole run. `progress` may cancel it between the steps
    (`OperationCancelled`); it is called from the thread the run is in."""
    report = progress or (lambda _done, _total: True)
    if not report(0, 3):
        raise OperationCancelled()
    instance = forbid_pairs(load_instance(db, programme_id, request.settings,
                                          form_ids=request.form_ids, today=request.today),
                            request.forbidden)
    if not report(1, 3):
        raise OperationCancelled()
    result = propose(instance, programme_id, request.objective, fixed=request.fixed,
                     by_hand=request.by_hand)
    report(3, 3)
    return Matched(instance, result)


def run_matching(db: Database, programme_id: int, settings: MatchSettings | None = None,
                 objective: Objective = "score", *, form_ids: Collection[int] | None = None,
                 fixed: Mapping[int, int] | None = None,
                 forbidden: Collection[PairKey] = (),
                 by_hand: Collection[int] | None = None,
                 today: dt.date | None = None) -> MatchResult:
    """The proposals of one run (`match` with these fields of `MatchRequest`)."""
    request = MatchRequest(settings=settings, objective=objective,
                           form_ids=None if form_ids is None else tuple(form_ids),
                           fixed=dict(fixed or {}), forbidden=frozenset(forbidden),
                           by_hand=None if by_hand is None else frozenset(by_hand), today=today)
    return match(db, programme_id, request).result


def solve_instance(instance: MatchInstance, objective: Objective = "score",
                   fixed: Mapping[int, int] | None = None) -> list[int | None]:
    """The optimal assignment (mentee index → mentor index or None), `fixed` by index."""
    return solve_by_form(instance.matrix, [m.form_id for m in instance.mentees],
                         [m.form_id for m in instance.mentors], instance.capacities, objective,
                         fixed)


def propose(instance: MatchInstance, programme_id: int, objective: Objective = "score", *,
            fixed: Mapping[int, int] | None = None,
            by_hand: Collection[int] | None = None) -> MatchResult:
    """The optimum of a loaded instance as proposals with explanations and a quality report.

    A `fixed` pair is marked as fixed by hand unless `by_hand` names the mentees whose mentor
    the curator chose (the other fixed pairs are proposals the curator accepted)."""
    fixed_idx = _fixed_indices(instance, fixed or {})
    try:
        assignment = solve_instance(instance, objective, fixed_idx)
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
    candidates = load_candidates(db, programme_id)
    mentees: dict[int, int] = defaultdict(int)
    places: dict[int, int] = defaultdict(int)
    for mentee in candidates.mentees:
        mentees[mentee.form_id] += 1
    for mentor in candidates.mentors:
        places[mentor.form_id] += mentor.free_places
    with db.reading() as session:
        chosen = set(session.scalars(select(ProgrammeForm.form_id).where(
            ProgrammeForm.programme_id == programme_id)))
        forms = [(f.id, f.name) for f in reference_lists.forms_offered(
            session, keep=[*chosen, *mentees, *places])
            if f.id in chosen or mentees.get(f.id) or places.get(f.id)]
        models: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for model in reference_lists.role_models_offered(session, [f for f, _n in forms]):
            models[model.form_id].append((model.id, model.name))
    return [FormCount(form_id=form_id, name=name, mentees=mentees.get(form_id, 0),
                      places=places.get(form_id, 0), in_programme=form_id in chosen,
                      role_models=tuple(models[form_id]))
            for form_id, name in forms]


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

