"""What the curator chose on the pages of the stage 7 wizard, in one place: every page edits it,
the summary and «Готово» read `collected()` from it. Who receives what is the service's default
(`stage7.default_awards` for the chosen best) with the curator's changes on top."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from nastavnik_desktop.data.enums import AwardNomination
from nastavnik_desktop.services.awards.register import AwardRequest
from nastavnik_desktop.services.cases.collection import CaseDraft
from nastavnik_desktop.services.stages.stage7 import (
    FINAL_EVENT,
    RESULTS_PRESENTATION,
    EventDraft,
    PairFigures,
    Stage7Data,
    Stage7Start,
    default_awards,
)

DEFAULT_BEST = 3
"""How many best pairs and best mentors are awarded unless the curator says otherwise."""

NOMINATIONS = (AwardNomination.PARTICIPANT, AwardNomination.BEST_MENTOR,
               AwardNomination.BEST_PAIR, AwardNomination.THANKS_MENTOR,
               AwardNomination.THANKS_PARENTS)
"""The award columns of the page «Награды», in this order."""


@dataclass
class EventForm:
    """One event as its page holds it."""

    kind: str
    record: bool
    held_on: dt.date
    place: str = ""
    audience: str = ""
    attended_count: int = 0

    def draft(self) -> EventDraft:
        return EventDraft(self.kind, self.held_on, self.place, self.audience,
                          self.attended_count or None)


@dataclass
class Stage7State:
    data: Stage7Start
    today: dt.date
    results: dict[int, str] = field(default_factory=dict)
    events: dict[str, EventForm] = field(default_factory=dict)
    pair_order: list[int] = field(default_factory=list)
    best_pairs_count: int = 0
    mentor_order: list[int] = field(default_factory=list)
    best_mentors_count: int = 0
    award_changes: dict[tuple[int, AwardNomination], bool] = field(default_factory=dict)
    """(person, nomination) → given or not, where the curator changed the default."""
    cases: dict[int, str] = field(default_factory=dict)
    """Pairs whose work becomes a case → its title."""

    def __post_init__(self) -> None:
        data = self.data
        self.results = {p.pair_id: p.result for p in data.pairs}
        for kind in (RESULTS_PRESENTATION, FINAL_EVENT):
            found = data.event(kind)
            self.events[kind] = EventForm(
                kind, True, (found.held_on if found and found.held_on else self.today),
                found.place if found else "", found.audience if found else "",
                (found.attended_count or 0) if found else 0)
        self.pair_order = list(data.ranked_pairs)
        self.mentor_order = [m.person_id for m in data.mentors]
        self.best_pairs_count = min(DEFAULT_BEST, len(self.pair_order))
        self.best_mentors_count = min(DEFAULT_BEST, len(self.mentor_order))

    # --- the best ----------------------------------------------------------------------------

    def best_pairs(self) -> list[int]:
        return self.pair_order[:self.best_pairs_count]

    def best_mentors(self) -> list[int]:
        return self.mentor_order[:self.best_mentors_count]

    def suggested_pair_order(self) -> bool:
        return self.pair_order == list(self.data.ranked_pairs)

    # --- the awards --------------------------------------------------------------------------

    def default_requests(self) -> list[AwardRequest]:
        return default_awards(self.data, self.best_pairs(), self.best_mentors())

    def awards(self) -> list[AwardRequest]:
        """The defaults with the curator's changes: one unticked drops that award of the
        person, one ticked adds it (for his first pair where the award is a pair's)."""
        requests = [r for r in self.default_requests()
                    if self.award_changes.get((r.person_id, r.nomination), True)]
        given = {(r.person_id, r.nomination) for r in requests}
        for (person_id, nomination), on in self.award_changes.items():
            if on and (person_id, nomination) not in given:
                pair_id = (self.first_pair(person_id) if nomination in
                           (AwardNomination.BEST_PAIR, AwardNomination.BEST_MENTOR) else None)
                requests.append(AwardRequest(person_id, nomination, pair_id))
        return requests

    def gets(self, person_id: int, nomination: AwardNomination,
             defaults: set[tuple[int, AwardNomination]]) -> bool:
        return self.award_changes.get((person_id, nomination),
                                      (person_id, nomination) in defaults)

    def set_award(self, person_ids: list[int], nomination: AwardNomination, on: bool) -> None:
        defaults = {(r.person_id, r.nomination) for r in self.default_requests()}
        for person_id in person_ids:
            key = (person_id, nomination)
            if (key in defaults) == on:
                self.award_changes.pop(key, None)
            else:
                self.award_changes[key] = on

    def first_pair(self, person_id: int) -> int | None:
        for pair in self.data.pairs:
            if person_id in {p.person_id for p in (pair.mentor, *pair.mentees)}:
                return pair.pair_id
        return None

    # --- the cases -----------------------------------------------------------------------------

    @staticmethod
    def case_title(pair: PairFigures) -> str:
        """The title a ticked pair's case starts with."""
        return f"Опыт наставничества: {pair.short_label}"

    # --- Finish --------------------------------------------------------------------------------

    def collected(self) -> Stage7Data:
        return Stage7Data(
            results=dict(self.results),
            events=tuple(e.draft() for e in self.events.values() if e.record),
            awards=tuple(self.awards()),
            cases=tuple(CaseDraft(title, pair_id=pair_id) for pair_id, title in
                        sorted(self.cases.items(), key=lambda c: self.pair_order.index(c[0]))))
