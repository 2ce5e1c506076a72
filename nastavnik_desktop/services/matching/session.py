"""The curator's matching session of stage 5: propose, correct, propose again, keep.

A run proposes pairs (`run.match`). Every proposal is kept by default; the curator may

* reject a proposal (`reject`; `keep` takes it back): it is not created, and in the next run the
  pair is forbidden so its mentee is placed with someone else;
* forbid a mentor for a mentee (`forbid`), proposed or not: the pair is never proposed again;
* give a mentee a mentor by hand (`choose_mentor`), replacing the proposal or adding a pair for
  a mentee the run left without one; `replacement_options` ranks the mentors who could do;
* run again (`plan(fresh=False)`): the kept pairs stay fixed (those chosen by hand stay marked
  so), the rejected and forbidden pairs are excluded, the others are placed anew. A fresh run
  (`fresh=True`, say after the weights changed) keeps only what is forbidden.

`apply` creates what is kept (`apply.apply_matching`), in one transaction.

A run may take seconds on a large base, so it is split for a worker thread: `plan` (on the
caller's thread) freezes what the run needs, `compute` (on any thread) only reads the database,
and `adopt` (back on the caller's thread) makes the run the session's current one. A run that
fails or is cancelled changes nothing. `run` does the three in a row. Qt-free; everything it
returns is frozen.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services.matching.apply import AppliedMatching, GroupMeeting, apply_matching
from nastavnik_desktop.services.matching.records import PairKey
from nastavnik_desktop.services.matching.run import (
    Matched,
    MatchRequest,
    MatchResult,
    MentorSuggestion,
    Proposal,
    match,
    ranked_mentors,
    result_for,
)
from nastavnik_desktop.services.matching.scoring import MatchInstance, MatchSettings
from nastavnik_desktop.services.matching.solver import Objective


@dataclass(frozen=True)
class PlannedRun:
    """A run as `plan` froze it: the request, and the mentees rejected before a re-run (to tell
    how many of them got another mentor)."""

    request: MatchRequest
    replaced: frozenset[int]


@dataclass(frozen=True)
class RunReport:
    """What a run brought: its proposals, and how many of the `replaced` mentees (rejected
    before the re-run) got another mentor."""

    result: MatchResult
    replaced: int
    placed_again: int


class MatchingSession:
    """The proposals of the last run and the curator's decisions on them (see the module doc).

    `today` is the day the ages are counted on and the pairs are formed (the real date when
    None)."""

    def __init__(self, db: Database, programme_id: int, *, today: dt.date | None = None) -> None:
        self._db = db
        self._programme_id = programme_id
        self._today = today
        self._instance: MatchInstance | None = None
        self._result: MatchResult | None = None
        self._rejected: set[int] = set()  # mentee profiles whose proposal is rejected
        self._forbidden: set[PairKey] = set()  # (mentee, mentor) never to be proposed again
        self._by_hand: set[int] = set()  # mentee profiles whose mentor the curator chose

    # --- what the session holds ------------------------------------------------------------

    @property
    def programme_id(self) -> int:
        return self._programme_id

    @property
    def instance(self) -> MatchInstance | None:
        """The scored candidates of the last run (None before the first)."""
        return self._instance

    @property
    def result(self) -> MatchResult | None:
        """The proposals of the last run, with the pairs chosen by hand since."""
        return self._result

    @property
    def rejected(self) -> frozenset[int]:
        return frozenset(self._rejected)

    @property
    def forbidden(self) -> frozenset[PairKey]:
        """The pairs forbidden so far: by `forbid`, and the rejected pairs of earlier runs (the
        pairs rejected now join them when the next run is planned)."""
        return frozenset(self._forbidden)

    @property
    def by_hand(self) -> frozenset[int]:
        return frozenset(self._by_hand)

    def proposal_of(self, mentee_profile_id: int) -> Proposal | None:
        if self._result is None:
            return None
        return next((p for p in self._result.proposals
                     if p.mentee_profile_id == mentee_profile_id), None)

    def kept(self) -> tuple[Proposal, ...]:
        """The proposals not rejected (accepted, or with a mentor chosen by hand)."""
        if self._result is None:
            return ()
        return tuple(p for p in self._result.proposals
                     if p.mentee_profile_id not in self._rejected)

    # --- running ---------------------------------------------------------------------------

    def plan(self, settings: MatchSettings, objective: Objective, form_ids: Collection[int], *,
             fresh: bool) -> PlannedRun:
        """Freeze what the next run needs; the session does not change until `adopt`."""
        forbidden = self._forbidden | self._rejected_pairs()
        fixed = {} if fresh else {p.mentee_profile_id: p.mentor_profile_id for p in self.kept()}
        request = MatchRequest(settings=settings, objective=objective,
                               form_ids=tuple(form_ids), fixed=fixed,
                               forbidden=frozenset(forbidden),
                               by_hand=frozenset(self._by_hand & set(fixed)), today=self._today)
        return PlannedRun(request, frozenset() if fresh else frozenset(self._rejected))

    def compute(self, planned: PlannedRun, progress: ProgressCallback | None = None) -> Matched:
        """Do the run; it only reads the database and the frozen plan, so any thread may."""
        return match(self._db, self._programme_id, planned.request, progress)

    def adopt(self, planned: PlannedRun, matched: Matched) -> RunReport:
        """Make a computed run the current one: its proposals are all kept at first."""
        result = matched.result
        self._instance, self._result = matched.instance, result
        self._forbidden = set(planned.request.forbidden)
        self._rejected = set()
        self._by_hand = {p.mentee_profile_id for p in result.proposals if p.fixed_by_hand}
        placed = sum(1 for p in result.proposals if p.mentee_profile_id in planned.replaced)
        return RunReport(result, replaced=len(planned.replaced), placed_again=placed)

    def run(self, settings: MatchSettings, objective: Objective, form_ids: Collection[int], *,
            fresh: bool, progress: ProgressCallback | None = None) -> RunReport:
        """`plan`, `compute` and `adopt` on this thread."""
        planned = self.plan(settings, objective, form_ids, fresh=fresh)
        return self.adopt(planned, self.compute(planned, progress))

    # --- the curator's decisions -----------------------------------------------------------

    def reject(self, mentee_profile_ids: Collection[int]) -> frozenset[int]:
        """Reject the proposals of these mentees; returns the rejected ones."""
        proposed = {p.mentee_profile_id for p in self._result.proposals} if self._result else set()
        self._rejected |= set(mentee_profile_ids) & proposed
        return self.rejected

    def keep(self, mentee_profile_ids: Collection[int]) -> frozenset[int]:
        """Take a rejection back: these proposals are kept (and fixed in a re-run)."""
        self._rejected -= set(mentee_profile_ids)
        return self.rejected

    def forbid(self, mentee_profile_id: int, mentor_profile_id: int) -> frozenset[PairKey]:
        """Never propose this mentor for this mentee again; a proposal of the pair is rejected."""
        self._forbidden.add((mentee_profile_id, mentor_profile_id))
        proposal = self.proposal_of(mentee_profile_id)
        if proposal is not None and proposal.mentor_profile_id == mentor_profile_id:
            self._rejected.add(mentee_profile_id)
        return self.forbidden

    def choose_mentor(self, mentee_profile_id: int, mentor_profile_id: int) -> MatchResult:
        """Give the mentee this mentor by hand (the pair is kept); refuses a forbidden pair or
        people who are not candidates, and then changes nothing."""
        instance, result = self._current()
        if (mentee_profile_id, mentor_profile_id) in self._forbidden:
            raise ValidationError("Эта пара запрещена в подборе: выберите другого наставника.")
        pairs = {p.mentee_profile_id: p.mentor_profile_id for p in result.proposals}
        pairs[mentee_profile_id] = mentor_profile_id
        self._result = result_for(instance, self._programme_id, result.objective, pairs,
                                  by_hand=self._by_hand | {mentee_profile_id})
        self._by_hand.add(mentee_profile_id)
        self._rejected.discard(mentee_profile_id)
        return self._result

    def replacement_options(self, mentee_profile_id: int) -> tuple[MentorSuggestion, ...]:
        """The other mentors of the mentee's form with a place left after the kept proposals and
        not forbidden for the mentee, best score first."""
        if self._instance is None or self._result is None:
            return ()
        current = self.proposal_of(mentee_profile_id)
        taken = Counter(p.mentor_profile_id for p in self.kept()
                        if p.mentee_profile_id != mentee_profile_id)
        exclude = {mentor for mentee, mentor in self._forbidden if mentee == mentee_profile_id}
        if current is not None:
            exclude.add(current.mentor_profile_id)
        return tuple(ranked_mentors(self._instance, mentee_profile_id, taken=taken,
                                    exclude=exclude))

    # --- keeping ---------------------------------------------------------------------------

    def final_result(self) -> MatchResult | None:
        """What `apply` creates: the kept proposals with their quality (None before a run)."""
        if self._instance is None or self._result is None:
            return None
        return result_for(self._instance, self._programme_id, self._result.objective,
                          {p.mentee_profile_id: p.mentor_profile_id for p in self.kept()},
                          by_hand=self._by_hand)

    def apply(self, *, meeting: GroupMeeting | None = None,
              role_models: Mapping[int, int] | None = None) -> AppliedMatching:
        """Create the kept pairs and groups (and the group meeting) in one transaction; the
        new pairs of a form in `role_models` get that role model."""
        result = self.final_result()
        if result is None:
            raise ValidationError("Пары ещё не подобраны: сначала выполните подбор.")
        return apply_matching(self._db, self._programme_id, result, formed_on=self._today,
                              meeting=meeting, role_models=role_models)

    def _current(self) -> tuple[MatchInstance, MatchResult]:
        if self._instance is None or self._result is None:
            raise ValidationError("Пары ещё не подобраны: сначала выполните подбор.")
        return self._instance, self._result

    def _rejected_pairs(self) -> set[PairKey]:
        if self._result is None:
            return set()
        return {(p.mentee_profile_id, p.mentor_profile_id) for p in self._result.proposals
                if p.mentee_profile_id in self._rejected}
