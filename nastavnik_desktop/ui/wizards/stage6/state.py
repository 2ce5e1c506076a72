"""What the curator chose on the pages of the stage 6 wizard, in one place: every page edits
it, «Готово» and the summary read `choices()` from it (the dates of the first meetings are
spread by the service's rule, then the curator's own dates win)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from nastavnik_desktop.services.materials import MaterialRecord
from nastavnik_desktop.services.stages.stage6 import (
    FirstMeetings,
    PairRow,
    Stage6Choices,
    Stage6Data,
    spread_meetings,
)

DEFAULT_PER_DAY = 5
DEFAULT_PLANNING_AFTER = 7

GroupKey = tuple[int, int | None]
"""A form and a role model: the pairs one template fits."""


@dataclass
class Stage6State:
    data: Stage6Data
    today: dt.date
    selected: set[int] = field(default_factory=set)
    fill_plans: bool = True
    add_to_plans: bool = False
    templates: dict[GroupKey, int | None] = field(default_factory=dict)
    strengths: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    """(pair, mentee) → (strengths, points of growth) as edited (only what differs)."""
    hand_out: bool = True
    materials_off: set[int] | None = None
    """The materials the curator unticked; None until he touches the list: then those that fit
    none of the chosen pairs (another form's, another pair's) are left out."""
    mentors_off: set[int] = field(default_factory=set)
    schedule: bool = True
    start: dt.date | None = None
    per_day: int = DEFAULT_PER_DAY
    weekdays_only: bool = True
    with_planning: bool = True
    planning_after: int = DEFAULT_PLANNING_AFTER
    meetings_off: set[int] = field(default_factory=set)
    dates: dict[int, tuple[dt.date, dt.date | None]] = field(default_factory=dict)
    """Pair → the dates the curator typed over the spread ones."""

    def __post_init__(self) -> None:
        self.selected = {p.pair_id for p in self.data.pairs if not p.organised}
        for pair in self.data.pairs:
            self.templates.setdefault((pair.form_id, pair.role_model_id), pair.template_id)
        if self.start is None:
            self.start = self.today + dt.timedelta(days=1)

    # --- the selection ---------------------------------------------------------------------

    def pairs(self) -> list[PairRow]:
        """The selected pairs in the order of the list."""
        return [p for p in self.data.pairs if p.pair_id in self.selected]

    def mentors(self) -> dict[int, str]:
        """The mentors of the selected pairs, by name."""
        found = {p.mentor_profile_id: p.mentor_name for p in self.pairs()}
        return dict(sorted(found.items(), key=lambda item: (item[1].casefold(), item[0])))

    def groups(self) -> dict[GroupKey, list[PairRow]]:
        groups: dict[GroupKey, list[PairRow]] = {}
        for pair in self.pairs():
            groups.setdefault((pair.form_id, pair.role_model_id), []).append(pair)
        return groups

    # --- plans -------------------------------------------------------------------------------

    def plan_pairs(self) -> list[PairRow]:
        """The pairs whose plan Finish fills."""
        if not self.fill_plans:
            return []
        return [p for p in self.pairs() if self.add_to_plans or not p.has_plan]

    # --- materials -----------------------------------------------------------------------------

    def unticked_materials(self) -> set[int]:
        if self.materials_off is not None:
            return self.materials_off
        pairs = self.pairs()
        forms, roles = {p.form_id for p in pairs}, {p.role_model_id for p in pairs}
        ids = {p.pair_id for p in pairs}

        def fits(m: MaterialRecord) -> bool:
            if m.pair_id is not None:
                return m.pair_id in ids
            if m.role_model_id is not None:
                return m.role_model_id in roles
            return m.form_id is None or m.form_id in forms

        return {m.id for m in self.data.materials if not fits(m)}

    def material_ids(self) -> tuple[int, ...]:
        if not self.hand_out:
            return ()
        off = self.unticked_materials()
        return tuple(m.id for m in self.data.materials if m.id not in off)

    def mentor_ids(self) -> tuple[int, ...]:
        if not self.hand_out:
            return ()
        return tuple(m for m in self.mentors() if m not in self.mentors_off)

    # --- first meetings ------------------------------------------------------------------------

    def meeting_pairs(self) -> list[PairRow]:
        """The selected pairs without a встреча-знакомство (those with one keep theirs)."""
        return [p for p in self.pairs() if p.first_meeting_on is None]

    def spread(self) -> dict[int, tuple[dt.date, dt.date | None]]:
        """Pair → (знакомство, планирование) for every pair that gets its first meetings:
        spread from the start, the curator's own dates kept."""
        chosen = [p for p in self.meeting_pairs() if p.pair_id not in self.meetings_off]
        assert self.start is not None
        days = spread_meetings(len(chosen), self.start, per_day=self.per_day,
                               weekdays_only=self.weekdays_only)
        after = dt.timedelta(days=self.planning_after)
        result = {}
        for pair, day in zip(chosen, days, strict=True):
            result[pair.pair_id] = self.dates.get(
                pair.pair_id, (day, day + after if self.with_planning else None))
        return result

    # --- what Finish gets ----------------------------------------------------------------------

    def choices(self) -> Stage6Choices:
        plans = {p.pair_id: self.templates.get((p.form_id, p.role_model_id))
                 for p in self.plan_pairs()}
        strengths: dict[int, dict[int, tuple[str, str]]] = {}
        for (pair_id, mentee_id), values in sorted(self.strengths.items()):
            if pair_id in self.selected:
                strengths.setdefault(pair_id, {})[mentee_id] = values
        materials, mentors = self.material_ids(), self.mentor_ids()
        meetings = ({pair_id: FirstMeetings(first, planning)
                     for pair_id, (first, planning) in self.spread().items()}
                    if self.schedule else {})
        return Stage6Choices(plans=plans, add_to_plans=self.add_to_plans, strengths=strengths,
                             material_ids=materials if mentors else (),
                             mentor_ids=mentors if materials else (), meetings=meetings)
