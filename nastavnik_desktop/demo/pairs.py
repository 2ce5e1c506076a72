"""The demo programme's pairs and groups and their history: meetings, attendance, plans."""

from __future__ import annotations

import datetime as dt

from nastavnik_desktop.data.enums import (
    MeetingKind,
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PlanItemKind,
)
from nastavnik_desktop.data.models import (
    Meeting,
    MeetingAttendance,
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    PairMentee,
    PlanItem,
    Programme,
)
from nastavnik_desktop.demo.context import ROLE_MODELS, DemoContext

PAIR_STATUS_CYCLE = (PairStatus.WORKING, PairStatus.PLANNING, PairStatus.ACQUAINTANCE,
                     PairStatus.FORMED, PairStatus.RESULTS, PairStatus.COMPLETED,
                     PairStatus.WORKING, PairStatus.TERMINATED, PairStatus.WORKING,
                     PairStatus.PLANNING, PairStatus.RESULTS, PairStatus.COMPLETED,
                     PairStatus.ACQUAINTANCE, PairStatus.WORKING, PairStatus.FORMED,
                     PairStatus.WORKING, PairStatus.PLANNING, PairStatus.WORKING)
"""Statuses of the pairs (groups aside) in the order they are handed out, over again for more
pairs; one in eighteen is terminated."""

class PairsAndHistory(DemoContext):
    """Pairs and groups formed from the bases, each as far as its status."""

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
        self.session.add_all(self.pairs)
        self.session.flush()
        singles = [p for p in self.pairs if len(p.members) == 1]
        statuses = [PAIR_STATUS_CYCLE[i % len(PAIR_STATUS_CYCLE)] for i in range(len(singles))]
        self.rng.shuffle(statuses)
        for pair in self.pairs:
            status = statuses.pop() if len(pair.members) == 1 else PairStatus.WORKING
            self._run_pair(pair, status)

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
        """Meetings, plan and dates of a pair that has got as far as `status`."""
        rng = self.rng
        assert pair.formed_on is not None
        pair.status = status
        kinds = self._meeting_kinds(status)
        step = (self.today - pair.formed_on).days / (len(kinds) + 1)
        dates = [pair.formed_on + dt.timedelta(days=max(1, round((i + 1) * step)))
                 for i in range(len(kinds))]
        code = pair.form.code
        for kind, held_on in zip(kinds, dates, strict=True):
            topic = self.words.meeting_topics.get(kind) or rng.choice(self.words.work_topics[code])
            self.session.add(Meeting(
                pair_id=pair.id, kind=kind, held_on=held_on, topic=topic,
                duration_minutes=rng.choice((40, 45, 60)),
                attendance=[MeetingAttendance(mentee_profile_id=m.mentee_profile_id,
                                              present=rng.random() < 0.9)
                            for m in pair.members]))
        last = dates[-1] if dates else pair.formed_on
        pair.status_changed_on = last
        if MeetingKind.PLANNING in kinds:
            self._plan(pair, dates[kinds.index(MeetingKind.PLANNING)], status)
        if status is PairStatus.COMPLETED:
            pair.ended_on = last
            pair.mentor.results = "Пара выполнила индивидуальный план развития."
            for member in pair.members:
                member.mentee.status = MenteeStatus.FINISHED
                member.mentee.left_on = last
                member.mentee.results = "Цели индивидуального плана достигнуты."
        elif status is PairStatus.TERMINATED:
            pair.ended_on = pair.status_changed_on = min(self.today, last + dt.timedelta(days=7))
            pair.close_reason = self.words.close_reason
            for member in pair.members:
                member.left_on = pair.ended_on
        else:
            for member in pair.members:
                member.mentee.status = MenteeStatus.PAIRED

    @staticmethod
    def _meeting_kinds(status: PairStatus) -> list[MeetingKind]:
        opening = [MeetingKind.ACQUAINTANCE, MeetingKind.TRIAL, MeetingKind.PLANNING]
        working = {PairStatus.WORKING: 2, PairStatus.RESULTS: 4, PairStatus.COMPLETED: 4}
        if status is PairStatus.FORMED:
            return []
        if status is PairStatus.ACQUAINTANCE:
            return opening[:1]
        if status is PairStatus.TERMINATED:
            return opening[:2]
        tail = [MeetingKind.FINAL] if status is PairStatus.COMPLETED else []
        return opening + [MeetingKind.WORKING] * working.get(status, 0) + tail

    def _plan(self, pair: MentoringPair, planned_on: dt.date, status: PairStatus) -> None:
        code = pair.form.code
        finished = status in (PairStatus.RESULTS, PairStatus.COMPLETED)
        items = [(PlanItemKind.GOAL, text) for text in self.words.plan_goals[code][:1]]
        items += [(PlanItemKind.TASK, text)
                  for text in self.rng.sample(self.words.plan_tasks[code], 3)]
        year_end = dt.date(self.year_start.year + 1, 5, 20)
        for order, (kind, text) in enumerate(items):
            due = (year_end if kind is PlanItemKind.GOAL
                   else planned_on + dt.timedelta(days=14 * order))
            done = (status is PairStatus.COMPLETED if kind is PlanItemKind.GOAL
                    else due <= self.today and (finished or self.rng.random() < 0.6))
            self.session.add(PlanItem(
                pair_id=pair.id, kind=kind, sort_order=order, text=text, due_on=due,
                done_on=min(due, self.today) if done else None,
                result="Выполнено" if done else ""))
