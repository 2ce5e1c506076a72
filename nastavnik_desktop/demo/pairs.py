"""The demo programme's pairs and groups, each run as far as its status (its work: `work`)."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm.attributes import set_committed_value

from nastavnik_desktop.data.enums import (
    MeetingKind,
    MenteeStatus,
    MentorStatus,
    PairStatus,
)
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Programme,
)
from nastavnik_desktop.demo.classes import ClassGroups
from nastavnik_desktop.demo.context import ROLE_MODELS
from nastavnik_desktop.demo.work import PairWork

PAIR_STATUS_CYCLE = (PairStatus.WORKING, PairStatus.PLANNING, PairStatus.ACQUAINTANCE,
                     PairStatus.FORMED, PairStatus.RESULTS, PairStatus.COMPLETED,
                     PairStatus.WORKING, PairStatus.TERMINATED, PairStatus.WORKING,
                     PairStatus.WORKING, PairStatus.RESULTS, PairStatus.COMPLETED,
                     PairStatus.WORKING, PairStatus.WORKING, PairStatus.PLANNING,
                     PairStatus.WORKING, PairStatus.WORKING, PairStatus.WORKING)
"""Statuses of the pairs (groups aside) in the order they are handed out, over again for more
pairs: by late autumn half of them are at work; one in eighteen is terminated."""


class PairsAndHistory(ClassGroups, PairWork):
    """Pairs and groups formed from the bases, each as far as its status; at the default sizes
    the class-wide groups too (`classes`)."""

    def _pairs(self, programme: Programme) -> None:
        for code, sizes in self.plan.items():
            free = [m for m in self.mentees[code] if m.status is MenteeStatus.IN_BASE]
            self.rng.shuffle(free)
            admitted = [m for m in self.mentors[code] if m.status is MentorStatus.ADMITTED]
            role_models = [rm for rm in self.forms[code].role_models
                           if rm.name in ROLE_MODELS[code]]
            wants = {m: {r.id for r in m.requests} for m in free}
            sizes_left = list(sizes)
            for mentor in admitted:
                if not sizes_left:
                    break
                mentees = self._choose_mentees(mentor, free, sizes_left[0], wants)
                if not mentees:
                    continue  # only the mentor's own children are free: the next mentor
                sizes_left.pop(0)
                mentor.capacity = max(mentor.capacity, len(mentees))
                pair = MentoringPair(
                    programme_id=programme.id, mentor=mentor, form=self.forms[code],
                    role_model=self.rng.choice(role_models) if role_models else None,
                    title=self._group_title() if len(mentees) > 1 else "",
                    formed_on=self.timeline.between(self.rng, 0.43, 0.5),
                    members=[PairMentee(mentee=m) for m in mentees])
                self.pairs.append(pair)
        singles = [p for p in self.pairs if len(p.members) == 1]
        statuses = [PAIR_STATUS_CYCLE[i % len(PAIR_STATUS_CYCLE)] for i in range(len(singles))]
        self.rng.shuffle(statuses)
        reached = [statuses.pop() if len(p.members) == 1 else PairStatus.WORKING
                   for p in self.pairs]
        class_groups = [] if self.options.pairs is not None else self._class_groups(
            programme, [p for p, s in zip(self.pairs, reached, strict=True)
                        if s is PairStatus.TERMINATED])
        regular = list(zip(self.pairs, reached, strict=False))
        for pair, status in regular:
            self._formed_for(pair, status)
        self.session.add_all(self.pairs)
        self.session.flush()
        self._start_work()
        for pair, status in regular:
            self._run_pair(pair, status)
        if class_groups:  # their work from their own random stream, as the groups themselves
            saved, self.rng = self.rng, random.Random(self.options.seed * 104_729 + 5)
            for pair in class_groups:
                self._run_pair(pair, PairStatus.WORKING)
            self.rng = saved
        self._flush_work(programme)

    def _group_title(self) -> str:
        return f"Группа № {sum(len(p.members) > 1 for p in self.pairs) + 1}"

    def _choose_mentees(self, mentor: MentorProfile, free: list[MenteeProfile], size: int,
                        wants: dict[MenteeProfile, set[int]]) -> list[MenteeProfile]:
        """The free mentees whose requests (`wants`: their ids) the mentor answers best (never
        the mentor's child)."""
        helps = {r.id for r in mentor.helps_with}
        family = self.parent_family.get(mentor.person)
        children = ({p.person for p in self.pupils if p.family is family}
                    if family is not None else set())
        fitting = [m for m in free if m.person is not mentor.person and m.person not in children]
        fitting.sort(key=lambda m: -len(helps & wants[m]))
        chosen = fitting[:size]
        for m in chosen:
            free.remove(m)
        return chosen

    def _run_pair(self, pair: MentoringPair, status: PairStatus) -> None:
        """Meetings, plan, notes and dates of a pair that has got as far as `status`; its
        status itself is stepped by `_flush_work` (the triggers keep the history)."""
        held = self._schedule(pair, status)
        self._write_journal(pair, status, held)
        assert pair.formed_on is not None
        last = held[-1][1] if held else pair.formed_on
        planning = [day for kind, day in held if kind is MeetingKind.PLANNING]
        if planning:
            self._write_plan(pair, status, planning[0])
        self._write_notes(pair, held)
        changed_on = last
        if status is PairStatus.COMPLETED:
            pair.ended_on = changed_on = min(self.today, last + dt.timedelta(days=3))
            pair.mentor.results = "Пара выполнила индивидуальный план развития."
            for member in pair.members:
                member.mentee.status = MenteeStatus.FINISHED
                member.mentee.left_on = pair.ended_on
                member.mentee.results = "Цели индивидуального плана достигнуты."
        elif status is PairStatus.TERMINATED:
            pair.ended_on = changed_on = min(self.today, last + dt.timedelta(days=7))
            pair.close_reason = self.words.close_reason
            for member in pair.members:
                member.left_on = pair.ended_on
        else:
            for member in pair.members:
                member.mentee.status = MenteeStatus.PAIRED
        self._step_status(pair, held, status, changed_on)
        set_committed_value(pair, "status", status)
        set_committed_value(pair, "status_changed_on", changed_on)

