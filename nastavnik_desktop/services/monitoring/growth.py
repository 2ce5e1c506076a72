"""Growth and satisfaction of the participants (issue 13, point 4): the same parameters asked at
entry (expectation) and at exit (reality), the change, per parameter, per form and per pair;
satisfaction of mentors and of mentees; the «да» shares of the yes/no items; the attendance of
meetings from the journal.

Which answers count on the date `on`: the answers of the programme's rounds of phase entry or
exit that opened on or before `on`, in responses filled on or before `on` (a response without a
date counts from its round's opening) — so a report on a past date shows what was known then.
A person who answered an item in two rounds of the same phase counts once, with the answer of
the later round.

- **A parameter** is a 1–10 item's `question.parameter` (the pairing key): the entry item and the
  exit item with the same parameter, for one audience (mentors or mentees), measure the same
  thing. Only parameters with an item on both sides (in the questionnaires of the library or of
  the programme) are shown. Entry mean and exit mean are means over the respondents of each
  side; the change is exit − entry (None while a side has no answers).
- **A form**: the respondent's pair's form — the pair the response names, else every pair of the
  programme formed on or before `on` in which the person has that role (each person once per
  form). A person without a pair counts only in the whole programme.
- **A pair**: the mean, over the pair's people (the mentor as a mentor, the mentees as mentees),
  of each person's mean of the paired items, entry → exit.
- **Satisfaction** (`is_satisfaction_item`, the one home of the rule): the 1–10 items of the exit
  questionnaires measuring one of the methodology's parameters (standard.PAIRED_PARAMETERS: the
  standard exit items and their copies). A respondent's satisfaction is the mean of his; the
  figure is the mean over respondents and the share of respondents at 7 or more.
- **Yes/no items** (would continue, would become a mentor, and the curator's own): the share of
  «да» among those who answered, per audience, keyed by the parameter (or the text).
- **Attendance**: held meetings (not planned, held on or before `on`) of the programme's pairs,
  and the share of mentees' attendance marks that say «был» — per form and overall.

Everything comes from the five set-based queries of `growth_reads` (the library's items, the
answers, the pairs with their people, the journal grouped by form, the rounds) and is counted in
memory; figures are kept unrounded (`score_text`, `change_text` and `percent_text` round for
display). No data → None, never a division by zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Audience, QuestionKind, QuestionnairePhase
from nastavnik_desktop.services.monitoring import growth_reads as reads
from nastavnik_desktop.services.monitoring.growth_reads import AUDIENCES
from nastavnik_desktop.services.monitoring.kpi import NO_DATA, Kpi
from nastavnik_desktop.services.questionnaires import standard

GROWTH_TABLES = frozenset({
    "questionnaire_template", "question", "questionnaire_round", "questionnaire_response",
    "answer", "mentoring_pair", "mentor_profile", "mentee_profile", "pair_mentee", "person",
    "mentoring_form", "meeting", "meeting_attendance"})
"""The tables `growth` reads: a page showing it reads again when one of them has changed."""

AUDIENCE_TITLES = {Audience.MENTEE: "Наставляемые", Audience.MENTOR: "Наставники"}

SATISFIED_FROM = 7
"""A respondent whose satisfaction is at least this is counted as satisfied («доля ≥ 7»)."""
SATISFACTION_PARAMETERS = frozenset(standard.PAIRED_PARAMETERS)

PARAMETER_LABELS = {
    "effectiveness": "Эффективность работы",
    "comfort": "Комфорт общения",
    "usefulness": "Польза встреч",
    "clarity": "Понятность задач",
    "support": "Поддержка",
    standard.WOULD_CONTINUE: "Хотели бы продолжить",
    standard.WOULD_MENTOR: "Хотели бы стать наставником",
}
"""Short names of the methodology's parameters (the curator's own are named by their text)."""

_ENTRY, _EXIT = QuestionnairePhase.ENTRY, QuestionnairePhase.EXIT


def is_satisfaction_item(phase: QuestionnairePhase, kind: QuestionKind, parameter: str) -> bool:
    """Whether an item's answers are a satisfaction score: a 1–10 item of an exit questionnaire
    measuring one of the methodology's parameters (effectiveness, comfort of communication,
    usefulness of meetings, clarity of tasks, support felt)."""
    return (phase is _EXIT and kind is QuestionKind.SCALE
            and parameter in SATISFACTION_PARAMETERS)


# --- display -------------------------------------------------------------------------------


def score_text(value: float | None) -> str:
    """«7,4», or «нет данных»."""
    return NO_DATA if value is None else f"{value:.1f}".replace(".", ",")


def change_text(value: float | None) -> str:
    """«+1,2», «−0,5», «0,0» (a true minus sign), or «нет данных»."""
    if value is None:
        return NO_DATA
    shown = f"{abs(value):.1f}".replace(".", ",")
    if shown == "0,0":
        return shown
    return ("+" if value > 0 else "−") + shown


# --- the figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Mean:
    """The mean of `respondents` people's scores (None when nobody answered)."""

    value: float | None
    respondents: int

    @property
    def text(self) -> str:
        return score_text(self.value)


NO_MEAN = Mean(None, 0)


def _change(entry: Mean, leaving: Mean) -> float | None:
    if entry.value is None or leaving.value is None:
        return None
    return leaving.value - entry.value


@dataclass(frozen=True)
class ParameterGrowth:
    """One paired parameter for one audience, in the whole programme (`form_id` None) or in one
    form: entry mean → exit mean."""

    audience: Audience
    parameter: str
    label: str
    entry_text: str
    """The entry item's question («Насколько эффективной, по-вашему, будет …»)."""
    exit_text: str
    form_id: int | None
    entry: Mean
    exit: Mean

    @property
    def change(self) -> float | None:
        return _change(self.entry, self.exit)


@dataclass(frozen=True)
class Attendance:
    """Held meetings and the mentees' attendance marks at them."""

    meetings: int
    marks: int
    present: int

    @property
    def percent(self) -> float | None:
        return None if self.marks == 0 else 100 * self.present / self.marks


NO_ATTENDANCE = Attendance(0, 0, 0)


@dataclass(frozen=True)
class FormGrowth:
    """A form: its pairs formed on or before the date, the mean of its people's paired items at
    entry and at exit, and the attendance of its meetings."""

    form_id: int
    label: str
    pairs: int
    entry: Mean
    exit: Mean
    attendance: Attendance

    @property
    def change(self) -> float | None:
        return _change(self.entry, self.exit)


@dataclass(frozen=True)
class PairGrowth:
    pair_id: int
    label: str
    """The pair's title, or «Иванов И. П. — Петров А. С., Сидоров К. Л.»."""
    form_id: int
    form_label: str
    entry: Mean
    exit: Mean

    @property
    def change(self) -> float | None:
        return _change(self.entry, self.exit)


@dataclass(frozen=True)
class Satisfaction:
    """Satisfaction of one audience (in one form, or the whole programme: `form_id` None)."""

    audience: Audience
    form_id: int | None
    mean: float | None
    respondents: int
    satisfied: int
    """Respondents whose satisfaction is `SATISFIED_FROM` or more."""

    @property
    def share_7_plus(self) -> float | None:
        """The percent of respondents satisfied (≥ 7), None when nobody answered."""
        return None if self.respondents == 0 else 100 * self.satisfied / self.respondents


@dataclass(frozen=True)
class YesShare:
    """A yes/no item of one audience: «да» of those who answered."""

    audience: Audience
    form_id: int | None
    phase: QuestionnairePhase
    parameter: str
    label: str
    text: str
    yes: int
    answered: int

    @property
    def percent(self) -> float | None:
        return None if self.answered == 0 else 100 * self.yes / self.answered


@dataclass(frozen=True)
class Growth:
    on: dt.date
    programme_id: int
    parameters: tuple[ParameterGrowth, ...]
    """Each paired parameter of each audience for the whole programme, then for each form."""
    by_form: tuple[FormGrowth, ...]
    by_pair: tuple[PairGrowth, ...]
    satisfaction: tuple[Satisfaction, ...]
    """Mentees and mentors, in the whole programme and in each form."""
    yes_no: tuple[YesShare, ...]
    attendance: Attendance
    entry_rounds: int
    """Entry rounds of the programme opened on or before the date."""
    exit_rounds: int
    entry_respondents: int
    """People who answered an entry item counted here (scale or yes/no)."""
    exit_respondents: int

    def lines(self, audience: Audience, form_id: int | None = None
              ) -> tuple[ParameterGrowth, ...]:
        """The parameters of an audience in the whole programme or in one form."""
        return tuple(p for p in self.parameters
                     if p.audience is audience and p.form_id == form_id)

    def satisfaction_of(self, audience: Audience, form_id: int | None = None) -> Satisfaction:
        return next((s for s in self.satisfaction
                     if s.audience is audience and s.form_id == form_id),
                    Satisfaction(audience, form_id, None, 0, 0))

    def yes_shares(self, audience: Audience, form_id: int | None = None
                   ) -> tuple[YesShare, ...]:
        """The yes/no items of an audience, exit ones first."""
        return tuple(y for y in self.yes_no if y.audience is audience and y.form_id == form_id)

    def form(self, form_id: int) -> FormGrowth | None:
        return next((f for f in self.by_form if f.form_id == form_id), None)

    @property
    def empty(self) -> bool:
        """No answers and no held meetings counted on the date."""
        return (self.entry_respondents == 0 and self.exit_respondents == 0
                and self.attendance.meetings == 0)

    @property
    def note(self) -> str:
        """Why the changes are missing, in Russian («» when entry and exit have answers)."""
        if self.entry_rounds == 0 and self.exit_rounds == 0:
            return ("Входной и итоговый опросы ещё не проводились: создайте опрос на вкладке "
                    "«Опросы», и здесь появятся средние баллы и их изменение.")
        parts = []
        if self.entry_rounds == 0:
            parts.append("Входной опрос не проводился: изменение баллов посчитать не с чем.")
        elif self.entry_respondents == 0:
            parts.append("На входной опрос ещё никто не ответил.")
        if self.exit_rounds == 0:
            parts.append("Итоговый опрос ещё не проводился: видны только ожидания участников, "
                         "изменение появится после итоговых анкет.")
        elif self.exit_respondents == 0:
            parts.append("На итоговый опрос ещё никто не ответил.")
        return " ".join(parts)


def _mean(values: Iterable[float]) -> Mean:
    found = list(values)
    return Mean(sum(found) / len(found) if found else None, len(found))


def _key_order(key: str) -> tuple[int, str]:
    order = (*standard.PAIRED_PARAMETERS, standard.WOULD_CONTINUE, standard.WOULD_MENTOR)
    return (order.index(key), "") if key in order else (len(order), key.lower())


def growth(db: Database, programme_id: int, *, on: dt.date) -> Growth:
    """The growth and satisfaction figures of the programme on the date `on`."""
    items = reads.library(db, programme_id)
    answers = reads.answers(db, programme_id, on)
    pairs, forms = reads.pairs(db, programme_id, on)
    attendance = {form_id: Attendance(*counts)
                  for form_id, counts in reads.attendance(db, programme_id, on).items()}
    rounds = reads.rounds(db, programme_id, on)

    # the paired parameters of each audience and their texts
    sides: dict[tuple[Audience, str], dict[QuestionnairePhase, str]] = defaultdict(dict)
    yes_no_texts: dict[tuple[Audience, str], str] = {}
    for item in items:
        if item.kind is QuestionKind.SCALE:
            sides[(item.audience, item.key)].setdefault(item.phase, item.text)
        else:
            yes_no_texts.setdefault((item.audience, item.key), item.text)
    paired = {key: texts for key, texts in sides.items() if len(texts) == 2}

    # who is in which pair, in which role
    roles: dict[tuple[int, Audience], set[int]] = defaultdict(set)  # (person, audience) → pairs
    mentors_anywhere: set[int] = set()
    for p in pairs.values():
        roles[(p.mentor_person, Audience.MENTOR)].add(p.id)
        mentors_anywhere.add(p.mentor_person)
        for person_id, _name in p.mentees:
            roles[(person_id, Audience.MENTEE)].add(p.id)

    # the answers: the later round wins
    scale: dict[tuple[int, Audience, QuestionnairePhase], dict[str, int]] = defaultdict(dict)
    yes_no: dict[tuple[int, Audience, QuestionnairePhase], dict[str, int]] = defaultdict(dict)
    named_pairs: dict[tuple[int, Audience], set[int]] = defaultdict(set)
    respondents: dict[QuestionnairePhase, set[int]] = defaultdict(set)
    for row in answers:
        person_id, pair_id, audience, phase = row.person_id, row.pair_id, row.audience, row.phase
        kind, key, value = row.kind, row.key, row.value
        if audience is Audience.ANY:
            audience = Audience.MENTOR if person_id in mentors_anywhere else Audience.MENTEE
        if pair_id is not None and pair_id in pairs:
            named_pairs[(person_id, audience)].add(pair_id)
        if kind is QuestionKind.SCALE:
            if (audience, key) in paired or is_satisfaction_item(phase, kind, key):
                scale[(person_id, audience, phase)][key] = value
                respondents[phase].add(person_id)
        elif value in (0, 1):
            yes_no[(person_id, audience, phase)][key] = value
            respondents[phase].add(person_id)

    def scopes_of(person_id: int, audience: Audience) -> tuple[int | None, ...]:
        ids = named_pairs.get((person_id, audience)) or roles.get((person_id, audience), set())
        return (None, *{pairs[i].form_id for i in ids})

    pair_count: dict[int, int] = defaultdict(int)
    for p in pairs.values():
        pair_count[p.form_id] += 1
    shown_forms = (f for f in forms if pair_count[f] or f in attendance)
    scopes: list[int | None] = [None, *sorted(shown_forms,
                                              key=lambda f: (forms[f][1], forms[f][0]))]

    # one pass over the people: per scope, audience, parameter and phase
    values: dict[tuple[int | None, Audience, str, QuestionnairePhase], list[int]] = \
        defaultdict(list)
    satisfied: dict[tuple[int | None, Audience], list[float]] = defaultdict(list)
    scores: dict[tuple[int, Audience, QuestionnairePhase], float] = {}
    form_scores: dict[tuple[int | None, QuestionnairePhase], list[float]] = defaultdict(list)
    for (person, audience, phase), given in scale.items():
        person_scopes = scopes_of(person, audience)
        mine = [v for k, v in given.items() if (audience, k) in paired]
        if mine:
            scores[(person, audience, phase)] = sum(mine) / len(mine)
        kept = [v for k, v in given.items()
                if is_satisfaction_item(phase, QuestionKind.SCALE, k)]
        for scope in person_scopes:
            for key, value in given.items():
                if (audience, key) in paired:
                    values[(scope, audience, key, phase)].append(value)
            if kept:
                satisfied[(scope, audience)].append(sum(kept) / len(kept))
            if mine:
                form_scores[(scope, phase)].append(sum(mine) / len(mine))
    answered: dict[tuple[int | None, Audience, QuestionnairePhase, str], list[int]] = \
        defaultdict(list)
    for (person, audience, phase), given in yes_no.items():
        for scope in scopes_of(person, audience):
            for key, value in given.items():
                answered[(scope, audience, phase, key)].append(value)

    parameter_lines = []
    for scope in scopes:
        for audience in AUDIENCES:
            for key in sorted((k for a, k in paired if a is audience), key=_key_order):
                texts = paired[(audience, key)]
                parameter_lines.append(ParameterGrowth(
                    audience, key, PARAMETER_LABELS.get(key, " ".join(texts[_EXIT].split())),
                    texts[_ENTRY], texts[_EXIT], scope,
                    _mean(values.get((scope, audience, key, _ENTRY), ())),
                    _mean(values.get((scope, audience, key, _EXIT), ()))))

    satisfaction = []
    for scope in scopes:
        for audience in AUDIENCES:
            found = satisfied.get((scope, audience), [])
            satisfaction.append(Satisfaction(
                audience, scope, sum(found) / len(found) if found else None, len(found),
                sum(score >= SATISFIED_FROM for score in found)))

    shares = []
    for scope, audience, phase, key in sorted(
            answered, key=lambda k: (scopes.index(k[0]), AUDIENCES.index(k[1]),
                                     k[2] is _ENTRY, _key_order(k[3]))):
        given_values = answered[(scope, audience, phase, key)]
        text = yes_no_texts.get((audience, key), key)
        shares.append(YesShare(audience, scope, phase, key, PARAMETER_LABELS.get(key, text),
                               text, sum(given_values), len(given_values)))

    by_form = []
    for scope in scopes[1:]:
        assert scope is not None
        by_form.append(FormGrowth(
            scope, forms[scope][0], pair_count[scope], _mean(form_scores[(scope, _ENTRY)]),
            _mean(form_scores[(scope, _EXIT)]), attendance.get(scope, NO_ATTENDANCE)))

    by_pair = []
    for p in pairs.values():
        people = [(p.mentor_person, Audience.MENTOR),
                  *((m, Audience.MENTEE) for m, _name in p.mentees)]
        means = {}
        for phase in (_ENTRY, _EXIT):
            means[phase] = _mean(scores[(person, audience, phase)] for person, audience in people
                                 if (person, audience, phase) in scores)
        names = ", ".join(name for _id, name in p.mentees)
        label = " ".join(p.title.split()) or (f"{p.mentor_name} — {names}" if names
                                               else p.mentor_name)
        by_pair.append(PairGrowth(p.id, label, p.form_id, forms[p.form_id][0],
                                  means[_ENTRY], means[_EXIT]))

    total = Attendance(sum(a.meetings for a in attendance.values()),
                       sum(a.marks for a in attendance.values()),
                       sum(a.present for a in attendance.values()))
    return Growth(
        on=on, programme_id=programme_id, parameters=tuple(parameter_lines),
        by_form=tuple(by_form), by_pair=tuple(by_pair), satisfaction=tuple(satisfaction),
        yes_no=tuple(shares), attendance=total, entry_rounds=rounds.get(_ENTRY, 0),
        exit_rounds=rounds.get(_EXIT, 0), entry_respondents=len(respondents[_ENTRY]),
        exit_respondents=len(respondents[_EXIT]))


@dataclass(frozen=True)
class FormSummary:
    """A form's line of the monitoring summary (the CLI's `by_form`, the report's table): the
    KPI's pairs and people on the date beside the growth figures and the attendance."""

    form_id: int
    label: str
    pairs: int
    involved: int
    mentors: int
    mentees: int
    entry: Mean
    exit: Mean
    attendance: Attendance

    @property
    def change(self) -> float | None:
        return _change(self.entry, self.exit)


def form_summary(shares: Kpi, figures: Growth) -> tuple[FormSummary, ...]:
    """The forms of the KPI on its date (in its order), then the forms that have only growth
    or attendance figures (pairs formed but not at work on the date)."""
    lines = []
    for line in shares.by_form:
        found = figures.form(line.form_id)
        lines.append(FormSummary(
            line.form_id, line.label, line.pairs, line.involved, line.mentors, line.mentees,
            found.entry if found else NO_MEAN, found.exit if found else NO_MEAN,
            found.attendance if found else NO_ATTENDANCE))
    shown = {line.form_id for line in shares.by_form}
    for form in figures.by_form:
        if form.form_id not in shown and (form.entry.respondents or form.exit.respondents
                                          or form.attendance.meetings):
            lines.append(FormSummary(form.form_id, form.label, 0, 0, 0, 0, form.entry,
                                     form.exit, form.attendance))
    return tuple(lines)
