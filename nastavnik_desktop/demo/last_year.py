"""The demo school's previous school year: a finished, archived programme with its pairs and
groups completed, their results, the final event, the awards with the order that grounds them,
and the cases collected — what stage 7 leaves behind, so that its screens and documents have
something to show on the first start.

Built last, from its own random stream, so that the current year stays as it was for a seed.
Last year's people are this year's: pupils a grade younger (this year's 11th-graders were in the
10th, last year's 11th-graders are this year's alumni), teachers with a year less behind them.
"""

from __future__ import annotations

import datetime as dt
import random

from nastavnik_desktop.data.enums import (
    AwardNomination,
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PersonCategory,
    ProgrammeStatus,
)
from nastavnik_desktop.data.models import (
    IssuedDocument,
    MentoringPair,
    PairMentee,
    Person,
    Programme,
    ProgrammeEvent,
    ProgrammeForm,
    School,
    TeamMember,
)
from nastavnik_desktop.demo.context import (
    EMPLOYER_PUPIL,
    PUPIL_PUPIL,
    TEACHER_TEACHER,
    DemoContext,
)
from nastavnik_desktop.services.awards.register import AwardRequest, issue_awards_in
from nastavnik_desktop.services.cases.collection import CaseDraft, add_cases_in
from nastavnik_desktop.services.legal_documents import (
    LEGAL_DOCUMENT_TITLES,
    LegalDocument,
    record_legal_document,
)
from nastavnik_desktop.services.people import mentees, mentors
from nastavnik_desktop.services.programme import new_programme
from nastavnik_desktop.services.stages.status import finish_stage

LAST_YEAR_PAIRS = {PUPIL_PUPIL: 6, TEACHER_TEACHER: 3, EMPLOYER_PUPIL: 2}
"""Pairs of each form last year: a first, smaller year of the programme."""
STAGE_WINDOWS = {1: ((8, 25), (9, 15)), 2: ((9, 10), (9, 30)), 3: ((9, 15), (10, 5)),
                 4: ((9, 25), (10, 15)), 5: ((10, 10), (10, 25)), 6: ((10, 25), (5, 10)),
                 7: ((5, 5), (5, 29))}
"""(month, day) of the start and the end of each stage in last year's programme."""
AWARDS_ORDER_NUMBER = "74-о"
RESULTS = {
    PUPIL_PUPIL: ("Наставляемый поднял средний балл по математике с 3,2 до 3,9 и без "
                  "пересдач закрыл год; вместе подготовили проект для школьной конференции."),
    TEACHER_TEACHER: ("Молодой педагог провёл открытый урок, освоил электронный журнал и "
                      "работу с родителями; прошёл первую аттестацию."),
    EMPLOYER_PUPIL: ("Наставляемый побывал на предприятии, выполнил учебный проект по заданию "
                     "наставника и определился с профилем обучения."),
}
CASES = (
    (PUPIL_PUPIL, "«Математика без страха»: как старшеклассник помог младшему школьнику",
     "Низкая мотивация к учёбе и страх ошибок у доски.",
     "Еженедельные встречи, разбор домашних заданий, игры на устный счёт, совместный проект.",
     "Средний балл вырос с 3,2 до 3,9; ученик сам вызвался выступить на конференции.",
     "«Раньше я боялся отвечать, а теперь сам поднимаю руку». — наставляемый"),
    (TEACHER_TEACHER, "Первый год в школе: адаптация молодого учителя",
     "Молодой специалист испытывал трудности в работе с классом и с родителями.",
     "Взаимные посещения уроков, разбор ситуаций, совместная подготовка родительского "
     "собрания.",
     "Открытый урок на методическом объединении, положительные отзывы родителей.",
     "«Я знала, к кому прийти с любым вопросом». — наставляемая"),
)


class LastYear(DemoContext):
    """Last year's programme, finished and archived."""

    def _last_year(self, school: School, current: Programme) -> None:
        saved, self.rng = self.rng, random.Random(self.options.seed * 7_919 + 17)
        try:
            year = int(self.school_year[:4]) - 1
            previous = new_programme(self.session, school, f"{year}/{year + 1}")
            self._describe(previous, current, year)
            pairs = self._completed_pairs(previous, year)
            self.session.flush()
            self._final_events(previous, year, len(pairs))
            order = self._awards_order(previous, year)
            awarded_on = dt.date(year + 1, 5, 27)
            issue_awards_in(self.session, previous.id, self._award_requests(pairs),
                            issued_on=awarded_on, order_document_id=order.id)
            add_cases_in(self.session, previous.id, self._cases(pairs),
                         recorded_on=dt.date(year + 1, 5, 29))
            current.previous_id = previous.id
            previous.status = ProgrammeStatus.ARCHIVED
        finally:
            self.rng = saved

    def _describe(self, previous: Programme, current: Programme, year: int) -> None:
        previous.goal, previous.tasks = current.goal, current.tasks
        previous.expected_results = current.expected_results
        previous.curator = current.curator
        previous.team = [TeamMember(person=m.person, role=m.role) for m in current.team]
        previous.forms = [ProgrammeForm(form=self.forms[code]) for code in LAST_YEAR_PAIRS]
        for stage, (start, end) in STAGE_WINDOWS.items():
            started = dt.date(year if start[0] >= 8 else year + 1, *start)
            finished = dt.date(year if end[0] >= 8 else year + 1, *end)
            finish_stage(self.session, previous.id, stage, finished, started_on=started)
        numbers = {"order_launch": "88-о", "regulation": "89-о", "programme": "90-о"}
        for offset, kind in enumerate(LEGAL_DOCUMENT_TITLES):
            record_legal_document(self.session, previous.id, LegalDocument(
                kind, numbers[kind], dt.date(year, 8, 28 + offset)), None)

    def _people(self, code: str, count: int) -> list[tuple[Person, Person]]:
        """(mentor, mentee) pairs of people for the form `code`, each person once."""
        rng = self.rng
        if code == PUPIL_PUPIL:
            seniors = [a.person for a in self.alumni] + [p.person for p in self.pupils
                                                         if p.grade == 11 and p.consent]
            juniors = [p.person for p in self.pupils if 6 <= p.grade <= 9 and p.consent]
        elif code == TEACHER_TEACHER:
            teachers = [a.person for a in self.staff if a.person.subject]
            seniors = [t for t in teachers if (t.experience_years or 0) >= 15]
            juniors = [t for t in teachers if 1 <= (t.experience_years or 0) <= 4]
        else:
            seniors = [a.person for a in self.external if a.person.organisation]
            juniors = [p.person for p in self.pupils if p.grade == 11 and p.consent]
        count = min(count, len(seniors), len(juniors))
        return list(zip(rng.sample(seniors, count), rng.sample(juniors, count), strict=True))

    def _completed_pairs(self, previous: Programme, year: int) -> list[MentoringPair]:
        rng, pairs = self.rng, []
        used: set[Person] = set()
        for code, count in LAST_YEAR_PAIRS.items():
            form = self.forms[code]
            for mentor_person, mentee_person in self._people(code, count):
                if mentor_person in used or mentee_person in used:
                    continue
                used |= {mentor_person, mentee_person}
                formed = dt.date(year, 10, rng.randint(12, 25))
                ended = dt.date(year + 1, 5, rng.randint(12, 22))
                mentor = mentors.add_mentor(
                    self.session, programme_id=previous.id, person=mentor_person, form=form,
                    contour=mentors.contour_of(mentor_person.category),
                    status=MentorStatus.ADMITTED, entered_on=dt.date(year, 9, 20),
                    training_completed=True, left_on=ended,
                    results="Пара выполнила индивидуальный план развития.")
                mentee = mentees.add_mentee(
                    self.session, programme_id=previous.id, person=mentee_person, form=form,
                    entered_on=dt.date(year, 9, 25), status=MenteeStatus.FINISHED,
                    left_on=ended, results="Цели индивидуального плана достигнуты.")
                pair = MentoringPair(
                    programme_id=previous.id, mentor=mentor, form=form, formed_on=formed,
                    status=PairStatus.COMPLETED, status_changed_on=ended, ended_on=ended,
                    result=RESULTS[code], members=[PairMentee(mentee=mentee)])
                self.session.add(pair)
                pairs.append(pair)
        return pairs

    def _final_events(self, previous: Programme, year: int, pairs: int) -> None:
        self.session.add_all([
            ProgrammeEvent(programme_id=previous.id, stage=7, kind="results_presentation",
                           title="Презентация результатов работы пар и групп",
                           held_on=dt.date(year + 1, 5, 20), place="кабинет № 21",
                           audience="наставники, наставляемые, куратор",
                           attended_count=pairs * 2 + 2),
            ProgrammeEvent(programme_id=previous.id, stage=7, kind="final_event",
                           title="Итоговая конференция «Наставничество: итоги года»",
                           held_on=dt.date(year + 1, 5, 26), place="актовый зал",
                           audience="участники программы, родители, педагоги, партнёры",
                           attended_count=pairs * 4 + 25),
        ])

    def _awards_order(self, previous: Programme, year: int) -> IssuedDocument:
        """The order on the awards, recorded with its number (the demo keeps no files)."""
        order = IssuedDocument(
            programme_id=previous.id, kind="order_awards", number=AWARDS_ORDER_NUMBER,
            issued_on=dt.date(year + 1, 5, 27),
            title="Приказ «О награждении участников программы наставничества»")
        self.session.add(order)
        self.session.flush()
        return order

    def _award_requests(self, pairs: list[MentoringPair]) -> list[AwardRequest]:
        """Everyone gets a participant's certificate; the best pair and the two best mentors a
        грамота; external mentors and the parents of pupil-mentors a letter of thanks."""
        requests: list[AwardRequest] = []
        for pair in pairs:
            people = [pair.mentor.person, *(m.mentee.person for m in pair.members)]
            requests += [AwardRequest(p.id, AwardNomination.PARTICIPANT, pair.id)
                         for p in people]
        best_pair = pairs[0]
        requests += [AwardRequest(p.id, AwardNomination.BEST_PAIR, best_pair.id)
                     for p in (best_pair.mentor.person,
                               *(m.mentee.person for m in best_pair.members))]
        requests += [AwardRequest(pair.mentor.person_id, AwardNomination.BEST_MENTOR, pair.id)
                     for pair in (p for p in pairs[1:] if p.form.code == TEACHER_TEACHER)][:2]
        for pair in pairs:
            person = pair.mentor.person
            if person.category is PersonCategory.PUPIL and person.parent_name:
                requests.append(AwardRequest(person.id, AwardNomination.THANKS_PARENTS,
                                             pair.id))
            elif person.organisation and pair.form.code == EMPLOYER_PUPIL:
                requests.append(AwardRequest(person.id, AwardNomination.THANKS_MENTOR, pair.id))
        return requests

    def _cases(self, pairs: list[MentoringPair]) -> list[CaseDraft]:
        drafts = []
        for code, title, problem, actions, result, quotes in CASES:
            pair = next((p for p in pairs if p.form.code == code), None)
            if pair is not None:
                drafts.append(CaseDraft(title=title, pair_id=pair.id, form_id=pair.form_id,
                                        problem=problem, actions=actions, result=result,
                                        quotes=quotes))
        return drafts

