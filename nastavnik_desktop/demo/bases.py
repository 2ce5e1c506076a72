"""The demo programme's bases of mentees and mentors (stages 2–4), with the room left for
matching (stage 5) and its hard exclusions."""

from __future__ import annotations

import math
import random

from nastavnik_desktop.data.enums import (
    MenteeStatus,
    MentorStatus,
    PersonCategory,
    RequestAudience,
)
from nastavnik_desktop.data.models import (
    MatchingExclusion,
    MenteeProfile,
    MenteeRequest,
    MentorCriterionScore,
    MentorProfile,
    Person,
    Programme,
)
from nastavnik_desktop.demo.context import (
    BURNOUT_REQUEST,
    CAREER_REQUESTS,
    EMPLOYER_PUPIL,
    PUPIL_PUPIL,
    TEACHER_TEACHER,
    YOUNG_TEACHER_REQUEST,
    DemoContext,
)
from nastavnik_desktop.services import reference_lists
from nastavnik_desktop.services.people import mentees, mentors, status_label

GROUP_EVERY = 25
"""Among the pupil pairs, one in this many is a group of three (the first of them always)."""


class Bases(DemoContext):
    """Mentee and mentor profiles in the three forms of mentoring."""

    def _requests(self, audience: RequestAudience) -> list[MenteeRequest]:
        return reference_lists.requests_offered(self.session, audience)

    def _pair_plan(self, young: int, seniors: int, externals: int) -> dict[str, list[int]]:
        """Sizes of the pairs (1) and groups (2–3) per form: about 12–20 in all, or as many as
        the options ask for (teachers and external mentors as far as there are enough of them,
        the rest pupils; a group of three in every 25 pupil pairs)."""
        total = self.options.pairs or min(20, max(12, round(self.options.pupils / 50)))
        teacher = min(max(2, round(total * 0.25)), young, seniors)
        employer = min(max(2, round(total * 0.2)), externals)
        pupil = total - teacher - employer
        return {PUPIL_PUPIL: [3 if i % GROUP_EVERY == 0 else 1 for i in range(pupil)],
                TEACHER_TEACHER: [1] * teacher,
                EMPLOYER_PUPIL: [2] + [1] * (employer - 1) if employer else []}

    def _bases(self, programme: Programme) -> None:
        rng = self.rng
        pupil_requests = self._requests(RequestAudience.PUPIL)
        teacher_requests = self._requests(RequestAudience.TEACHER)
        career = [r for r in pupil_requests if r.name in CAREER_REQUESTS] or pupil_requests[:2]
        general = [r for r in pupil_requests if r not in career]
        curator = programme.curator
        teachers = [a for a in self.staff[len(self.words.admin_staff):] if a.consent
                    and a.person is not curator]
        young = [a for a in teachers if (a.person.experience_years or 0) <= 3]
        struggling = [a for a in teachers if 4 <= (a.person.experience_years or 0) <= 12][:2]
        seniors = [a for a in teachers if (a.person.experience_years or 0) >= 12
                   and a not in struggling]
        externals = [a for a in [*self.alumni, *self.external, *self.parents[::2]] if a.consent
                     and a.person.category is not PersonCategory.STUDENT]
        self.plan = plan = self._pair_plan(len(young) + len(struggling), len(seniors),
                                           len(externals))

        juniors = [p for p in self.pupils if p.grade <= 8 and p.consent]
        pp_mentees = rng.sample(juniors, min(len(juniors), max(sum(plan[PUPIL_PUPIL]) + 6,
                                                               round(0.1 * len(juniors)))))
        taken = {p.person for p in pp_mentees}
        older = [p for p in self.pupils if p.grade >= 9 and p.consent]
        pp_mentors = rng.sample(older, min(len(older), max(len(plan[PUPIL_PUPIL]) + 4,
                                                           round(0.45 * len(pp_mentees)))))
        taken |= {p.person for p in pp_mentors}
        seekers = [p for p in self.pupils if p.grade >= 8 and p.consent
                   and p.person not in taken]
        ep_mentees = rng.sample(seekers, min(len(seekers), max(sum(plan[EMPLOYER_PUPIL]) + 3,
                                                               round(0.05 * len(seekers)))))

        self.mentees = {
            PUPIL_PUPIL: [self._mentee(programme, PUPIL_PUPIL, p.person,
                                       rng.sample(general, rng.randint(1, 3)))
                          for p in pp_mentees],
            TEACHER_TEACHER:
                [self._mentee(programme, TEACHER_TEACHER, a.person,
                              self._teacher_requests(teacher_requests, YOUNG_TEACHER_REQUEST))
                 for a in young]
                + [self._mentee(programme, TEACHER_TEACHER, a.person,
                                self._teacher_requests(teacher_requests, BURNOUT_REQUEST))
                   for a in struggling],
            EMPLOYER_PUPIL: [self._mentee(programme, EMPLOYER_PUPIL, p.person,
                                          [*career[:rng.randint(1, 2)],
                                           *rng.sample(general, rng.randint(0, 1))])
                             for p in ep_mentees],
        }
        mentor_seniors = seniors[:max(len(plan[TEACHER_TEACHER]) + 2, len(young))]
        rng.shuffle(externals)
        self.mentors = {
            PUPIL_PUPIL: self._mentor_base(programme, PUPIL_PUPIL,
                                           [p.person for p in pp_mentors], general),
            TEACHER_TEACHER: self._mentor_base(programme, TEACHER_TEACHER,
                                               [a.person for a in mentor_seniors],
                                               teacher_requests),
            EMPLOYER_PUPIL: self._mentor_base(programme, EMPLOYER_PUPIL,
                                              [a.person for a in externals], career + general),
        }
        self._one_mentee_left()

    def _teacher_requests(self, requests: list[MenteeRequest], main: str) -> list[MenteeRequest]:
        first = [r for r in requests if r.name == main]
        others = [r for r in requests if r.name != main]
        return first + self.rng.sample(others, self.rng.randint(1, 2))

    def _mentee(self, programme: Programme, code: str, person: Person,
                requests: list[MenteeRequest]) -> MenteeProfile:
        source = ("заместитель директора по УВР" if code == TEACHER_TEACHER
                  else self.rng.choice(self.words.mentee_sources))
        return mentees.add_mentee(self.session, programme_id=programme.id, person=person,
                                  form=self.forms[code], requests=requests, source=source,
                                  entered_on=self.timeline.between(self.rng, 0.08, 0.25))

    def _mentor_base(self, programme: Programme, code: str, people: list[Person],
                     requests: list[MenteeRequest]) -> list[MentorProfile]:
        admitted = min(len(people), max(len(self.plan[code]), math.ceil(len(people) * 0.5)))
        rest = (MentorStatus.TRAINED, MentorStatus.CANDIDATE, MentorStatus.SELECTED,
                MentorStatus.REJECTED)
        statuses = [MentorStatus.ADMITTED] * admitted + [rest[i % len(rest)]
                                                         for i in range(len(people) - admitted)]
        return [self._mentor(programme, code, person, status, requests)
                for person, status in zip(people, statuses, strict=True)]

    def _mentor(self, programme: Programme, code: str, person: Person, status: MentorStatus,
                requests: list[MenteeRequest]) -> MentorProfile:
        rng, timeline = self.rng, self.timeline
        competencies, achievements, ages, hours = self._mentor_texts(code, person)
        profile = mentors.add_mentor(
            self.session, programme_id=programme.id, person=person, form=self.forms[code],
            contour=mentors.contour_of(person.category),
            status=status, competencies=competencies, achievements=achievements,
            interests=", ".join(rng.sample(self.words.hobbies, 2)), desired_age_min=ages[0],
            desired_age_max=ages[1], time_hours_per_month=hours, capacity=rng.randint(1, 2),
            helps_with=rng.sample(requests, min(len(requests), rng.randint(2, 4))),
            entered_on=timeline.between(rng, 0.12, 0.3))
        if status is not MentorStatus.CANDIDATE:
            profile.interview_on = timeline.between(rng, 0.3, 0.34)
            profile.interview_notes = "Собеседование пройдено, анкета заполнена."
            low, high = (2, 6) if status is MentorStatus.REJECTED else (6, 10)
            profile.criterion_scores = [
                MentorCriterionScore(criterion_id=c.id, score=rng.randint(low, high))
                for c in self.criteria]
        if status is MentorStatus.REJECTED:
            profile.rejection_reason = rng.choice(self.words.rejection_reasons)
            profile.interview_notes = "Собеседование проведено, в наставники не рекомендован."
        if status in (MentorStatus.TRAINED, MentorStatus.ADMITTED):
            profile.training_on = timeline.between(rng, 0.35, 0.41)
            profile.training_hours = rng.choice((6.0, 8.0, 16.0))
            profile.training_completed = True
        return profile

    def _mentor_texts(self, code: str, person: Person
                      ) -> tuple[str, str, tuple[int, int], float]:
        """Competencies, achievements, desired ages of mentees, hours a month."""
        rng = self.rng
        if code == PUPIL_PUPIL:
            subject = rng.choice(self.words.strong_subjects)
            return (f"{subject}: объясняет сложные темы простым языком; "
                    f"{rng.choice(self.words.pupil_strengths)}",
                    rng.choice(self.words.pupil_achievements).format(subject=subject),
                    rng.choice(((10, 13), (10, 14), (11, 14))), float(rng.choice((4, 6, 8))))
        if code == TEACHER_TEACHER:
            return (f"методика преподавания: {person.subject or person.position}; "
                    "классное руководство; работа с родителями",
                    rng.choice(self.words.teacher_achievements),
                    rng.choice(((22, 30), (22, 35), (22, 40))),
                    float(rng.choice((4, 6, 8, 10))))
        return (f"{person.position} ({person.organisation}): профориентация, проектная работа",
                "", rng.choice(((13, 17), (14, 17), (14, 18))), float(rng.choice((2, 4, 6))))

    def _one_mentee_left(self) -> None:
        profile = self.mentees[PUPIL_PUPIL][-1]
        profile.status = MenteeStatus.LEFT
        profile.left_on = self.timeline.between(self.rng, 0.3, 0.4)
        person = profile.person
        left = status_label(MenteeStatus.LEFT, person.sex, person.middle_name)
        profile.results = f"{left.capitalize()} из программы: перевод в другую школу."

    def _room_for_matching(self) -> None:
        """Free places and richer profiles, so that matching (stage 5) has choices to make.

        A separate random stream: what was drawn before stays as it was for a given seed.
        """
        rng = random.Random(self.options.seed * 7919 + 1)
        ranges = {PUPIL_PUPIL: (1, 3), TEACHER_TEACHER: (1, 2), EMPLOYER_PUPIL: (2, 5)}
        for code, profiles in self.mentors.items():
            for mentor in profiles:
                if mentor.status is MentorStatus.ADMITTED:
                    mentor.capacity = max(mentor.capacity, rng.randint(*ranges[code]))
        for profile in self.mentees[PUPIL_PUPIL] + self.mentees[EMPLOYER_PUPIL]:
            if rng.random() < 0.6:
                profile.requests_note = "интересы: " + ", ".join(rng.sample(self.words.hobbies, 2))
        externals = [m for m in self.mentors[EMPLOYER_PUPIL]
                     if m.status is MentorStatus.ADMITTED]
        if externals:  # someone who takes any age
            externals[-1].desired_age_min = externals[-1].desired_age_max = None

    def _exclusions(self, programme: Programme) -> None:
        """A hard rule of matching: a parent never mentors his or her own child."""
        for mentor in (m for profiles in self.mentors.values() for m in profiles):
            family = self.parent_family.get(mentor.person)
            if family is None:
                continue
            for pupil in (p for p in self.pupils if p.family is family):
                self.session.add(MatchingExclusion(
                    programme_id=programme.id, mentor_person_id=mentor.person.id,
                    mentee_person_id=pupil.person.id,
                    reason="Родитель и ребёнок: наставник не может вести своего ребёнка."))
