"""Hints for the SWOT of a programme drawn from its figures (issue 13, point 5): low meeting
attendance in a form, low satisfaction on an item, the KPI below 70 %, many mentees without a
pair — and their good counterparts as strengths. The curator reads them beside the four lists
and takes what he agrees with.

The thresholds live here, named, and nowhere else:

- attendance of a form's meetings below `LOW_ATTENDANCE_PERCENT` — a weakness; at least
  `HIGH_ATTENDANCE_PERCENT` — a strength (only forms with attendance marks);
- an exit item's mean (or an audience's satisfaction) below `LOW_SCORE` — a weakness, at least
  `HIGH_SCORE` — a strength; a form whose people's mean fell from entry to exit — a weakness,
  one that rose by `GROWTH_STEP` or more — a strength;
- the KPI (`kpi.TARGET_PERCENT`) below target on the date — a threat (the municipality's figure
  is not reached), reached — a strength;
- mentees of the base not in an active pair (`pairs.rules`: at work, not left) at least
  `UNPAIRED_PERCENT` of the base — a weakness;
- mentees who would become mentors at least `FUTURE_MENTORS_PERCENT` of those who answered — an
  opportunity (next year's mentors).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Audience, SwotQuadrant
from nastavnik_desktop.data.models import MenteeProfile, MentoringPair, PairMentee
from nastavnik_desktop.services.monitoring.growth import (
    AUDIENCE_TITLES,
    Growth,
    change_text,
    growth,
    score_text,
)
from nastavnik_desktop.services.monitoring.growth_reads import AUDIENCES
from nastavnik_desktop.services.monitoring.kpi import TARGET_PERCENT, Kpi, kpi, percent_text
from nastavnik_desktop.services.pairs.rules import ACTIVE_VALUES, FREE_MENTEE_VALUES
from nastavnik_desktop.services.questionnaires.standard import WOULD_MENTOR
from nastavnik_desktop.text import ru_plural

LOW_ATTENDANCE_PERCENT = 60
HIGH_ATTENDANCE_PERCENT = 85
LOW_SCORE = 6.0
HIGH_SCORE = 8.0
GROWTH_STEP = 1.0
UNPAIRED_PERCENT = 20
FUTURE_MENTORS_PERCENT = 30

QUADRANT_ORDER = (SwotQuadrant.STRENGTH, SwotQuadrant.WEAKNESS, SwotQuadrant.OPPORTUNITY,
                  SwotQuadrant.THREAT)

_ROLE_GENITIVE = {Audience.MENTEE: "наставляемых", Audience.MENTOR: "наставников"}


@dataclass(frozen=True)
class Hint:
    quadrant: SwotQuadrant
    text: str
    """A sentence the curator can put into the list as it is."""
    reason: str
    """The figure it comes from («посещаемость встреч в форме «Ученик — ученик» — 54 %»)."""


@dataclass(frozen=True)
class Unpaired:
    """Mentees of the base (in the programme, not left) and those of them not in a pair at
    work."""

    base: int
    unpaired: int

    @property
    def percent(self) -> float | None:
        return None if self.base == 0 else 100 * self.unpaired / self.base


def unpaired_mentees(db: Database, programme_id: int) -> Unpaired:
    """The mentee base of the programme now, and how many of it wait for a pair."""
    mentee, member, pair = (MenteeProfile.__table__.c, PairMentee.__table__.c,
                            MentoringPair.__table__.c)
    in_pair = exists(select(member.id).join(MentoringPair.__table__, and_(
        pair.id == member.pair_id, pair.status.in_(ACTIVE_VALUES), member.left_on.is_(None)))
        .where(member.mentee_profile_id == mentee.id))
    with db.engine.connect() as conn:
        row = conn.execute(
            select(func.count(func.distinct(mentee.person_id)).label("base"),
                   func.count(func.distinct(mentee.person_id)).filter(~in_pair)
                   .label("unpaired"))
            .where(mentee.programme_id == programme_id,
                   mentee.status.in_(FREE_MENTEE_VALUES), mentee.left_on.is_(None))).one()
    return Unpaired(row.base, row.unpaired)


def swot_hints(db: Database, programme_id: int, *, on: dt.date) -> tuple[Hint, ...]:
    """The hints for the programme's SWOT on a date, strengths and weaknesses first."""
    return hints_from(growth(db, programme_id, on=on), kpi(db, programme_id, on=on),
                      unpaired_mentees(db, programme_id))


def hints_from(figures: Growth, shares: Kpi, unpaired: Unpaired) -> tuple[Hint, ...]:
    """The hints drawn from figures already computed (the dashboard has them at hand)."""
    hints = [*_attendance(figures), *_scores(figures), *_forms(figures), *_kpi(shares),
             *_unpaired(unpaired), *_future_mentors(figures)]
    return tuple(sorted(hints, key=lambda h: QUADRANT_ORDER.index(h.quadrant)))


def _percent(value: float) -> str:
    return f"{value:.0f} %"


def _graded(value: float, low: float, high: float, reason: str, *, weak: str,
            strong: str) -> list[Hint]:
    """A figure below `low` is a weakness, one at least `high` a strength, one between them
    says nothing."""
    if value < low:
        return [Hint(SwotQuadrant.WEAKNESS, weak, reason)]
    if value >= high:
        return [Hint(SwotQuadrant.STRENGTH, strong, reason)]
    return []


def _attendance(figures: Growth) -> list[Hint]:
    hints: list[Hint] = []
    for form in figures.by_form:
        percent = form.attendance.percent
        if percent is None:
            continue
        reason = (f"посещаемость встреч в форме «{form.label}» — {_percent(percent)} "
                  f"({form.attendance.present} "
                  f"{ru_plural(form.attendance.present, 'отметка', 'отметки', 'отметок')} «был» "
                  f"из {form.attendance.marks}, "
                  f"{form.attendance.meetings} "
                  f"{ru_plural(form.attendance.meetings, 'встреча', 'встречи', 'встреч')})")
        hints += _graded(percent, LOW_ATTENDANCE_PERCENT, HIGH_ATTENDANCE_PERCENT, reason,
                         weak=f"Низкая посещаемость встреч в форме «{form.label}».",
                         strong=f"Высокая посещаемость встреч в форме «{form.label}».")
    return hints


def _scores(figures: Growth) -> list[Hint]:
    hints: list[Hint] = []
    for audience in AUDIENCES:
        who = _ROLE_GENITIVE[audience]
        for line in figures.lines(audience):
            value = line.exit.value
            if value is None:
                continue
            reason = (f"{AUDIENCE_TITLES[audience].lower()}: «{line.label}» — "
                      f"{score_text(value)} из 10 в итоговой анкете "
                      f"(ответили {line.exit.respondents})")
            hints += _graded(value, LOW_SCORE, HIGH_SCORE, reason,
                             weak=f"Низкая оценка {who}: «{line.label.lower()}».",
                             strong=f"Высокая оценка {who}: «{line.label.lower()}».")
        satisfaction = figures.satisfaction_of(audience)
        if satisfaction.mean is not None and satisfaction.share_7_plus is not None:
            reason = (f"удовлетворённость {who} — {score_text(satisfaction.mean)} из 10, "
                      f"оценку 7 и выше дали {_percent(satisfaction.share_7_plus)} "
                      f"(ответили {satisfaction.respondents})")
            hints += _graded(satisfaction.mean, LOW_SCORE, HIGH_SCORE, reason,
                             weak=f"Низкая удовлетворённость {who} программой.",
                             strong=f"Высокая удовлетворённость {who} программой.")
    return hints


def _forms(figures: Growth) -> list[Hint]:
    hints: list[Hint] = []
    for form in figures.by_form:
        change = form.change
        if change is None:
            continue
        reason = (f"форма «{form.label}»: средний балл {form.entry.text} на входе, "
                  f"{form.exit.text} на выходе ({change_text(change)})")
        hints += _graded(change, 0, GROWTH_STEP, reason,
                         weak=f"В форме «{form.label}» итоговые оценки ниже ожиданий "
                              "участников.",
                         strong=f"В форме «{form.label}» итоговые оценки участников выше их "
                                "ожиданий.")
    return hints


def _kpi(shares: Kpi) -> list[Hint]:
    figures = (("обучающиеся", shares.pupils.share), ("обучающиеся и педагоги",
                                                      shares.pupils_and_staff.share))
    known = [(label, share) for label, share in figures if share.percent is not None]
    if not known:
        return []
    reason = (f"на {shares.on:%d.%m.%Y}: " + "; ".join(
        f"{label} — {percent_text(share.percent)} ({share.involved} из {share.population})"
        for label, share in known))
    below = [label for label, share in known
             if share.percent is not None and share.percent < TARGET_PERCENT]
    if below:
        return [Hint(SwotQuadrant.THREAT,
                     f"Доля вовлечённых в наставничество ниже целевого показателя "
                     f"{TARGET_PERCENT} %: показатель программы может быть не достигнут.",
                     reason)]
    return [Hint(SwotQuadrant.STRENGTH,
                 f"Целевой показатель вовлечённости (не менее {TARGET_PERCENT} %) "
                 "достигнут.", reason)]


def _unpaired(unpaired: Unpaired) -> list[Hint]:
    percent = unpaired.percent
    if percent is None or percent < UNPAIRED_PERCENT:
        return []
    return [Hint(SwotQuadrant.WEAKNESS,
                 "Многие наставляемые из базы ещё не получили наставника.",
                 f"без пары {unpaired.unpaired} из {unpaired.base} наставляемых базы "
                 f"({_percent(percent)})")]


def _future_mentors(figures: Growth) -> list[Hint]:
    share = next((y for y in figures.yes_shares(Audience.MENTEE) if y.parameter ==
                  WOULD_MENTOR), None)
    if share is None or share.percent is None or share.percent < FUTURE_MENTORS_PERCENT:
        return []
    return [Hint(SwotQuadrant.OPPORTUNITY,
                 "Наставляемые готовы сами стать наставниками: резерв наставников на "
                 "следующий год.",
                 f"«да» ответили {share.yes} из {share.answered} наставляемых "
                 f"({_percent(share.percent)})")]
