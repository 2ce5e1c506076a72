"""Class-wide groups of the demo school: a senior pupil leads the pupils of a younger class.

Most schools reach the «не менее 70 %» of the target model this way (domain.md, «Monitoring»):
besides the individual pairs, whole younger classes work as groups of the «ученик – ученик» form,
each with a pupil of the 10th or 11th grade — the adaptation of the fifth-graders, then help with
studies in the 6th–9th grades. The demo school of the default sizes forms such groups until
about two thirds of its pupils are involved (`CLASS_GROUPS_SHARE`): the KPI near its target but
under it, as at a real school in November. The last group may take only part of its class.

A separate random stream: the people and pairs drawn before stay as they were for a seed.
"""

from __future__ import annotations

import random

from nastavnik_desktop.data.enums import MentorStatus, RequestAudience
from nastavnik_desktop.data.models import MentoringPair, PairMentee, Programme
from nastavnik_desktop.demo.bases import Bases
from nastavnik_desktop.demo.context import CAREER_REQUESTS, PUPIL_PUPIL, Pupil

CLASS_GROUPS_SHARE = 0.66
"""The share of pupils the demo's pairs and class groups involve together."""
CLASS_GROUP_GRADES = range(5, 10)
"""Younger classes that work as groups, the fifth grade first."""
MENTOR_GRADES = (10, 11)
ADAPTATION_GRADE = 5


class ClassGroups(Bases):
    """Whole younger classes as groups led by senior pupils."""

    def _class_groups(self, programme: Programme,
                      terminated: list[MentoringPair]) -> list[MentoringPair]:
        """Add the class groups to `self.pairs` (and their people to the bases); the groups.
        `terminated`: the pairs made so far that will be dissolved (they involve nobody)."""
        saved, self.rng = self.rng, random.Random(self.options.seed * 104_729 + 3)
        try:
            return self._build_class_groups(programme, terminated)
        finally:
            self.rng = saved

    def _involved_pupils(self, terminated: list[MentoringPair]) -> int:
        pupils = {p.person for p in self.pupils}
        people = set()
        for pair in self.pairs:
            if pair in terminated:
                continue
            people.add(pair.mentor.person)
            people.update(m.mentee.person for m in pair.members)
        return len(people & pupils)

    def _build_class_groups(self, programme: Programme,
                            terminated: list[MentoringPair]) -> list[MentoringPair]:
        rng = self.rng
        requests = [r for r in self._requests(RequestAudience.PUPIL)
                    if r.name not in CAREER_REQUESTS]
        in_bases = {m.person for profiles in self.mentees.values() for m in profiles}
        in_bases |= {m.person for profiles in self.mentors.values() for m in profiles}
        seniors = [p for p in self.pupils if p.grade in MENTOR_GRADES and p.consent
                   and p.person not in in_bases]
        rng.shuffle(seniors)
        classes: dict[str, list[Pupil]] = {}
        for pupil in self.pupils:
            if pupil.grade in CLASS_GROUP_GRADES:
                classes.setdefault(pupil.person.class_name, []).append(pupil)
        role_models = {rm.name: rm for rm in self.forms[PUPIL_PUPIL].role_models}
        goal = round(CLASS_GROUPS_SHARE * len(self.pupils))
        involved = self._involved_pupils(terminated)
        groups: list[MentoringPair] = []
        for class_name, pupils in classes.items():
            members = [p for p in pupils if p.consent and p.person not in in_bases]
            members = members[:max(0, goal - involved - 1)]
            if len(members) < 2 or not seniors:
                break
            mentor = self._mentor(programme, PUPIL_PUPIL, seniors.pop().person,
                                  MentorStatus.ADMITTED, requests)
            mentor.capacity = len(members)
            grade = pupils[0].grade
            role_model = role_models.get("адаптированный – неадаптированный"
                                         if grade == ADAPTATION_GRADE
                                         else "успевающий – неуспевающий")
            profiles = [self._mentee(programme, PUPIL_PUPIL, p.person,
                                     rng.sample(requests, rng.randint(1, 2))) for p in members]
            self.mentors[PUPIL_PUPIL].append(mentor)
            self.mentees[PUPIL_PUPIL].extend(profiles)
            groups.append(MentoringPair(
                programme_id=programme.id, mentor=mentor, form=self.forms[PUPIL_PUPIL],
                role_model=role_model, title=f"Группа {class_name} класса",
                formed_on=self.timeline.between(rng, 0.43, 0.5),
                members=[PairMentee(mentee=m) for m in profiles]))
            involved += 1 + len(members)
        self.pairs.extend(groups)
        return groups
