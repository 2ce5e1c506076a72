"""The demo programme's monitoring: questionnaire rounds with answers, and the SWOT.

After the pairs are formed the curator puts the methodology's entry questionnaires to the
mentees and to the mentors; most answer, some never hand the blank in. Later in the year a
second round asks the exit questionnaires: in the second half of the school year as the exit
round («итоговая»), before that as an intermediate round («промежуточная») still open on the
demo's day with many answers missing. Each person's answers follow a disposition of his or her
own, and the second round is about 1.5 points above the expectations at entry, so growth shows.
A class fills its blanks together on one day (a class hour), the other pairs on a few days.

Answers are written only through `services/questionnaires/answers` (the one writer), inside the
demo's transaction; the rounds and the SWOT rows directly, as the demo writes other tables.
A separate random stream: the school drawn before stays as it was for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy import select

from nastavnik_desktop.data.enums import (
    Audience,
    PairStatus,
    QuestionKind,
    QuestionnairePhase,
    ResponseSource,
    SwotQuadrant,
)
from nastavnik_desktop.data.models import (
    Programme,
    QuestionnaireRound,
    QuestionnaireTemplate,
    SwotEntry,
)
from nastavnik_desktop.demo.context import DemoContext
from nastavnik_desktop.services.questionnaires import answers, library, standard
from nastavnik_desktop.services.questionnaires.answers import Value
from nastavnik_desktop.services.questionnaires.rounds import expected_people

ENTRY_ANSWERED = {Audience.MENTEE: 0.9, Audience.MENTOR: 0.94}
"""Shares of the expected people who handed in the entry blank."""
OPEN_ROUND_ANSWERED = {Audience.MENTEE: 0.6, Audience.MENTOR: 0.7}
"""Shares who have answered a round still open on the demo's day."""
CLOSED_ROUND_ANSWERED = {Audience.MENTEE: 0.85, Audience.MENTOR: 0.9}
GROWTH = 1.5
"""How far the second round's scale answers are above the expectations at entry, on average."""
SECOND_HALF_MONTHS = range(3, 9)
"""From March the second round is the exit one."""

TEXTS = {
    "Чего вы ждёте": ("Лучше понимать математику", "Найти друзей в классе",
                      "Подготовиться к олимпиаде", "Стать увереннее", "Научиться планировать"),
    "Какой опыт": ("Как готовиться к контрольным", "Как выступать перед классом",
                   "Опыт классного руководства", "Как организовать проект"),
    "Что было самым полезным": ("Разбор заданий вместе", "Поддержка наставника",
                                "Встречи после уроков", "Новые друзья"),
    "Что удалось": ("Исправил оценки по алгебре", "Стала увереннее на уроках",
                    "Подготовил проект", "Освоился в новом классе"),
    "Что бы вы изменили": ("Больше встреч", "Встречаться в другое время",
                           "Больше практических заданий"),
}
"""Short free-text answers by the beginning of the question; a third of people write one."""

SWOT = {
    SwotQuadrant.STRENGTH: (
        "Около двух третей обучающихся вовлечены в наставничество: группы 5–9 классов "
        "со старшеклассниками-наставниками",
        "Наставники прошли «Школу наставников» до начала работы пар",
        "Большинство пар встречается не реже раза в неделю"),
    SwotQuadrant.WEAKNESS: (
        "Часть пар не встречалась больше трёх недель",
        "Входные анкеты сдали не все участники",
        "Мало опытных педагогов-наставников для молодых специалистов"),
    SwotQuadrant.OPPORTUNITY: (
        "Партнёрство с предприятиями города для формы «работодатель – ученик»",
        "Выпускники школы готовы стать наставниками",
        "Муниципальный конкурс «Наставник года»"),
    SwotQuadrant.THREAT: (
        "Нагрузка старшеклассников-наставников перед экзаменами",
        "Уход молодых специалистов из школы"),
}

CONCLUSIONS = (
    "Черновик. Вовлечённость обучающихся близка к целевым 70 %: добрать её можно группами "
    "в 10–11 классах. Входное анкетирование проведено; по {round} анкетам участники "
    "оценивают работу выше своих ожиданий.")


def _clamp(value: float, low: int = 1, high: int = 10) -> int:
    return max(low, min(high, round(value)))


class Monitoring(DemoContext):
    """Rounds of the standard questionnaires with answers, the SWOT, a draft of conclusions."""

    def _monitoring(self, programme: Programme) -> None:
        saved, self.rng = self.rng, random.Random(self.options.seed * 7_907 + 11)
        try:
            self._rounds(programme)
            self._swot(programme)
        finally:
            self.rng = saved

    def _rounds(self, programme: Programme) -> None:
        library.seed_questionnaires(self.session)
        templates = {t.seed_key: t for t in self.session.scalars(
            select(QuestionnaireTemplate).where(QuestionnaireTemplate.is_seeded,
                                                QuestionnaireTemplate.seed_key != ""))}
        entry_opens = self.timeline.at(0.5) + dt.timedelta(days=2)
        if not self.pairs or entry_opens >= self.today:
            return  # most pairs were formed by then (`pairs`: 0.43–0.5 of the timeline)
        entry_closes = entry_opens + dt.timedelta(days=14)
        disposition: dict[int, float] = defaultdict(lambda: self.rng.gauss(0, 1))
        days = self._pair_days()
        entry: dict[Audience, set[int]] = {}
        for audience, key, who in ((Audience.MENTEE, standard.MENTEE_ENTRY.key, "наставляемых"),
                                   (Audience.MENTOR, standard.MENTOR_ENTRY.key, "наставников")):
            entry[audience] = self._round(
                programme, templates[key], QuestionnairePhase.ENTRY,
                f"Входное анкетирование {who}", entry_opens, entry_closes,
                ENTRY_ANSWERED[audience], disposition, days, None)
        if (self.today - entry_closes).days < 21:
            return
        if self.today.month in SECOND_HALF_MONTHS:
            phase, title, opens = (QuestionnairePhase.EXIT, "Итоговое анкетирование",
                                   self.today - dt.timedelta(days=20))
            closes, shares = self.today - dt.timedelta(days=3), CLOSED_ROUND_ANSWERED
        else:
            phase, title, opens = (QuestionnairePhase.OTHER, "Промежуточное анкетирование",
                                   self.today - dt.timedelta(days=7))
            closes, shares = self.today + dt.timedelta(days=10), OPEN_ROUND_ANSWERED
        for audience, key, who in ((Audience.MENTEE, standard.MENTEE_EXIT.key, "наставляемых"),
                                   (Audience.MENTOR, standard.MENTOR_EXIT.key, "наставников")):
            self._round(programme, templates[key], phase, f"{title} {who}", opens, closes,
                        shares[audience], disposition, days, entry[audience])
        programme.monitoring_conclusions = CONCLUSIONS.format(
            round="итоговым" if phase is QuestionnairePhase.EXIT else "промежуточным")

    def _pair_days(self) -> dict[int, float]:
        """Each pair's or group's place in a round (0…1, one of five days): its people fill
        the blanks together."""
        return {p.id: self.rng.randint(0, 4) / 4 for p in self.pairs}

    def _people_pairs(self) -> dict[int, int]:
        """Person id → the pair or group he or she answers with (the first that is not
        dissolved)."""
        found: dict[int, int] = {}
        for pair in self.pairs:
            if pair.status is PairStatus.TERMINATED:
                continue
            found.setdefault(pair.mentor.person_id, pair.id)
            for member in pair.members:
                found.setdefault(member.mentee.person_id, pair.id)
        return found

    def _round(self, programme: Programme, template: QuestionnaireTemplate,
               phase: QuestionnairePhase, title: str, opens: dt.date, closes: dt.date,
               share: float, disposition: dict[int, float], days: Mapping[int, float],
               answered_before: set[int] | None) -> set[int]:
        """A round of `template` answered by about `share` of the people it expects (those who
        answered the entry round first); the people who answered."""
        found = QuestionnaireRound(programme_id=programme.id, template_id=template.id,
                                   phase=phase, title=title, opens_on=opens, closes_on=closes)
        self.session.add(found)
        self.session.flush()
        audience = Audience(template.audience)
        expected = sorted(expected_people(self.session, programme.id, audience,
                                          template.form_id))
        if answered_before is not None:  # those who answered at entry answer again first
            expected.sort(key=lambda p: (p not in answered_before, self.rng.random()))
            respondents = expected[:round(share * len(expected))]
        else:
            respondents = [p for p in expected if self.rng.random() < share]
        pairs = self._people_pairs()
        last = min(closes, self.today)
        span = (last - opens).days
        by_day: dict[dt.date, list[tuple[int, Mapping[int, Value | None]]]] = defaultdict(list)
        growth = 0.0 if phase is QuestionnairePhase.ENTRY else GROWTH
        for person_id in respondents:
            place = days.get(pairs.get(person_id, -1), 0.5)
            day = opens + dt.timedelta(days=round(place * span))
            by_day[day].append((person_id, self._values(template, disposition[person_id],
                                                        growth)))
        for day in sorted(by_day):
            answers.save_many_in(self.session, found.id, by_day[day],
                                 source=ResponseSource.PAPER, filled_on=day)
        return set(respondents)

    def _values(self, template: QuestionnaireTemplate, disposition: float,
                growth: float) -> dict[int, Value | None]:
        rng = self.rng
        values: dict[int, Value | None] = {}
        mentor = template.audience == Audience.MENTOR
        for question in template.questions:
            kind = QuestionKind(question.kind)
            if kind is QuestionKind.SCALE:
                mean = (7.0 if mentor else 6.2) + growth
                values[question.id] = Value(number=_clamp(rng.gauss(mean + disposition, 1.1)))
            elif kind is QuestionKind.YES_NO:
                likely = 0.4 if question.parameter == standard.WOULD_MENTOR else 0.85
                values[question.id] = Value(number=int(rng.random() < likely + 0.05
                                                       * disposition))
            elif kind is QuestionKind.SINGLE and question.choices:
                choice = rng.choices(question.choices, weights=[5, 3, 1][:len(question.choices)]
                                     + [1] * max(0, len(question.choices) - 3))[0]
                values[question.id] = Value(choices=frozenset({choice.id}))
            elif kind is QuestionKind.MULTIPLE and question.choices:
                picked = rng.sample(question.choices, rng.randint(1, min(2, len(
                    question.choices))))
                values[question.id] = Value(choices=frozenset(c.id for c in picked))
            elif kind is QuestionKind.TEXT and rng.random() < 0.33:
                phrases = next((texts for start, texts in TEXTS.items()
                                if question.text.startswith(start)), ())
                if phrases:
                    values[question.id] = Value(text=rng.choice(phrases))
        return values

    def _swot(self, programme: Programme) -> None:
        for quadrant, texts in SWOT.items():
            for order, text in enumerate(texts):
                self.session.add(SwotEntry(programme_id=programme.id, quadrant=quadrant,
                                           sort_order=order, text=text))
