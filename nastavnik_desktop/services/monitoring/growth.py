"""Growth and satisfaction of the participants (issue 13, point 4): the same parameters asked at
entry (expectation) and at exit (reality), the change, per parameter, per form and per pair;
satisfaction of mentors and of mentees; the «да» shares of the yes/no items; the attendance of
meetings from the journal.

Which answers count on the date `on`: the answers of the programme's rounds of phase entry or
exit that opened on or before `on`, in responses filled on or before `on` (a response without a
date counts from its round's opening) — so a report on a past date shows what was known then.
Before any exit round has opened, the intermediate rounds stand for the exit side (`interim`:
the figures of the year so far, said so wherever they are shown); once an exit round has opened,
intermediate rounds are left out. A person who answered an item in two rounds of the same phase
counts once, with the answer of the later round.

- **A parameter** is a 1–10 item's `question.parameter` (the pairing key): the entry item and the
  exit item with the same parameter, for one audience (mentors or mentees), measure the same
  thing. Only parameters with an item on both sides (in the questionnaires of the library or of
  the programme) are shown. Entry mean and exit mean are means over the respondents of each
  side; the change is exit − entry (None while a side has no answers).
- **A form**: the respondent's pair's form — every pair of the programme formed on or before
  `on` in which the person has that role (each person once per form). A person without a pair
  counts only in the whole programme.
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

Longer than 600 lines because the figures share one pass over every answer and its tallies
(parameters, forms, pairs with their satisfaction, yes/no items): split, each would re-read them.

Everything comes from the six set-based queries of `growth_reads` (the library's questions, the
rounds, the answers as plain numbers, the pairs with their people, the journal grouped by form)
and is counted in one pass over the answers, never a query per person or per pair; figures are
kept unrounded (`score_text`, `change_text` and `percent_text` round for display). No data → None,
never a division by zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Audience, QuestionKind, QuestionnairePhase
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services.monitoring import growth_reads as reads
from nastavnik_desktop.services.monitoring.gaps import SCREEN_GAPS, GapTexts, gap_note
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


def parameter_title(key: str, fallback: str) -> str:
    """«Эффективность работы»: a methodology parameter's name, or `fallback` (the question's
    text) for the curator's own."""
    known = standard.PARAMETER_LABELS.get(key)
    return known[:1].upper() + known[1:] if known else fallback


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
    """A pair or group: the mean, over its people, of each one's mean of the paired items."""

    pair_id: int
    form_id: int
    form_label: str
    entry: Mean
    exit: Mean
    title: str = ""
    mentor_name: tuple[str, str, str] = ("", "", "")
    """Surname, name, patronymic."""
    mentee_names: tuple[tuple[str, str, str], ...] = ()
    satisfaction: Mean = Mean(None, 0)
    """The mean, over its people who answered, of each one's satisfaction (as `Satisfaction`)."""

    @property
    def change(self) -> float | None:
        return _change(self.entry, self.exit)

    @cached_property
    def label(self) -> str:
        """The pair's title, or «Иванов И. П. — Петров А. С., Сидоров К. Л.» (made when
        shown: a big school's two thousand pairs are not all looked at)."""
        if self.title.strip():
            return " ".join(self.title.split())
        mentor = short_name(*self.mentor_name)
        mentees = ", ".join(short_name(*name) for name in self.mentee_names)
        return f"{mentor} — {mentees}" if mentees else mentor


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
    interim: bool = False
    """No exit round opened on the date: the exit side is the intermediate rounds'."""

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
        """Why the changes are missing, worded for the window and the CLI."""
        return self.note_in(SCREEN_GAPS)

    def note_in(self, texts: GapTexts) -> str:
        """Why the changes are missing, in `texts` («» when entry and exit have answers)."""
        return gap_note(texts, entry_rounds=self.entry_rounds, exit_rounds=self.exit_rounds,
                        entry_respondents=self.entry_respondents,
                        exit_respondents=self.exit_respondents, interim=self.interim)


def _counted_rounds(found: dict[int, reads.RoundRow]
                    ) -> tuple[dict[int, reads.RoundRow], bool]:
    """The rounds whose answers count, and whether intermediate rounds stand for the exit side
    (no exit round yet): the rule of the module's docstring."""
    has_exit = any(r.phase is _EXIT for r in found.values())
    counted = {i: r if r.phase in (_ENTRY, _EXIT) else replace(r, phase=_EXIT)
               for i, r in found.items() if r.phase in (_ENTRY, _EXIT) or not has_exit}
    interim = not has_exit and len(counted) > sum(r.phase is _ENTRY for r in found.values())
    return counted, interim


def _cell_mean(cell: list[int] | None) -> Mean:
    """The mean of a [sum, count] cell."""
    return NO_MEAN if cell is None else Mean(cell[0] / cell[1], cell[1])


def _mean(values: Iterable[float]) -> Mean:
    found = list(values)
    return Mean(sum(found) / len(found) if found else None, len(found))


def _key_order(key: str) -> tuple[int, str]:
    order = (*standard.PAIRED_PARAMETERS, standard.WOULD_CONTINUE, standard.WOULD_MENTOR)
    return (order.index(key), "") if key in order else (len(order), key.lower())


def growth(db: Database, programme_id: int, *, on: dt.date) -> Growth:
    """The growth and satisfaction figures of the programme on the date `on`."""
    questions = reads.questions(db, programme_id)
    rounds, interim = _counted_rounds(reads.rounds(db, programme_id, on))
    answers = reads.answers(db, programme_id, on)
    pairs = reads.pairs(db, programme_id, on)
    journal = reads.attendance(db, programme_id, on)

    # the paired parameters of each audience and their texts
    sides: dict[tuple[Audience, str], dict[QuestionnairePhase, str]] = defaultdict(dict)
    yes_no_texts: dict[tuple[Audience, str], str] = {}
    for question in questions.values():
        for audience in reads.audiences_of(question.audience):
            if question.kind is QuestionKind.YES_NO:
                yes_no_texts.setdefault((audience, question.key), question.text)
            elif question.phase in (_ENTRY, _EXIT):
                sides[(audience, question.key)].setdefault(question.phase, question.text)
    paired = {key: texts for key, texts in sides.items() if len(texts) == 2}

    # who is in which form, in which role
    person_forms: dict[tuple[int, Audience], set[int]] = defaultdict(set)
    for p in pairs.values():
        person_forms[(p.mentor_person, Audience.MENTOR)].add(p.form_id)
        for person_id, _name in p.mentees:
            person_forms[(person_id, Audience.MENTEE)].add(p.form_id)
    mentor_people = {p.mentor_person for p in pairs.values()}

    # the answers, the later round's winning: (person, audience, phase) → key → value
    scale, yes_no = _answers_by_person(answers, rounds, questions, paired, mentor_people)

    forms: dict[int, tuple[str, int]] = {p.form_id: (p.form_name, p.form_order)
                                         for p in pairs.values()}
    forms.update((form_id, (row[0], row[1])) for form_id, row in journal.items())
    attendance = {form_id: Attendance(*row[2:]) for form_id, row in journal.items()}
    scopes: list[int | None] = [None, *sorted(forms, key=lambda f: (forms[f][1], forms[f][0]))]

    tally = _tally(scale, yes_no, person_forms, paired, questions)
    sums, satisfied, scores, form_scores, answered = (
        tally.sums, tally.satisfied, tally.scores, tally.form_scores, tally.answered)

    parameter_lines = []
    for scope in scopes:
        for audience in AUDIENCES:
            for key in sorted((k for a, k in paired if a is audience), key=_key_order):
                texts = paired[(audience, key)]
                entry, leaving = (_cell_mean(sums.get((scope, audience, phase), {}).get(key))
                                  for phase in (_ENTRY, _EXIT))
                parameter_lines.append(ParameterGrowth(
                    audience, key, parameter_title(key, " ".join(texts[_EXIT].split())),
                    texts[_ENTRY], texts[_EXIT], scope, entry, leaving))

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
        shares.append(YesShare(audience, scope, phase, key, parameter_title(key, text),
                               text, sum(given_values), len(given_values)))

    pair_count: dict[int, int] = defaultdict(int)
    for p in pairs.values():
        pair_count[p.form_id] += 1
    by_form = tuple(
        FormGrowth(scope, forms[scope][0], pair_count[scope],
                   _mean(form_scores[(scope, _ENTRY)]), _mean(form_scores[(scope, _EXIT)]),
                   attendance.get(scope, NO_ATTENDANCE))
        for scope in scopes if scope is not None)

    by_pair = _by_pair(pairs, scores, tally.person_satisfaction)

    respondents = {phase: {person for (person, _a, ph) in (*scale, *yes_no) if ph is phase}
                   for phase in (_ENTRY, _EXIT)}
    phases = [r.phase for r in rounds.values()]
    total = Attendance(sum(a.meetings for a in attendance.values()),
                       sum(a.marks for a in attendance.values()),
                       sum(a.present for a in attendance.values()))
    return Growth(
        on=on, programme_id=programme_id, parameters=tuple(parameter_lines),
        by_form=by_form, by_pair=by_pair, satisfaction=tuple(satisfaction),
        yes_no=tuple(shares), attendance=total, entry_rounds=phases.count(_ENTRY),
        exit_rounds=phases.count(_EXIT), entry_respondents=len(respondents[_ENTRY]),
        exit_respondents=len(respondents[_EXIT]), interim=interim)


_PersonKey = tuple[int, Audience, QuestionnairePhase]


@dataclass
class _Tally:
    """The respondents counted per scope (None: the whole programme; a form id)."""

    sums: dict[tuple[int | None, Audience, QuestionnairePhase], dict[str, list[int]]]
    """Paired items: key → [sum, count]."""
    satisfied: dict[tuple[int | None, Audience], list[float]]
    """Each respondent's satisfaction."""
    scores: dict[_PersonKey, float]
    """Each respondent's mean of the paired items."""
    form_scores: dict[tuple[int | None, QuestionnairePhase], list[float]]
    answered: dict[tuple[int | None, Audience, QuestionnairePhase, str], list[int]]
    """Yes/no items: the answers (1 «да», 0 «нет»)."""
    person_satisfaction: dict[tuple[int, Audience], float]
    """Each respondent's satisfaction (the pairs' figure)."""


def _tally(scale: dict[_PersonKey, dict[str, int]], yes_no: dict[_PersonKey, dict[str, int]],
           person_forms: Mapping[tuple[int, Audience], set[int]],
           paired: Mapping[tuple[Audience, str], object],
           questions: dict[int, reads.QuestionRow]) -> _Tally:
    """One pass over the respondents: per scope, audience, parameter and phase."""
    paired_keys = {audience: {k for a, k in paired if a is audience} for audience in AUDIENCES}
    satisfaction_keys = {phase: {q.key for q in questions.values()
                                 if is_satisfaction_item(phase, q.kind, q.key)}
                         for phase in (_ENTRY, _EXIT)}
    sums: dict[tuple[int | None, Audience, QuestionnairePhase], dict[str, list[int]]] = {}
    satisfied: dict[tuple[int | None, Audience], list[float]] = defaultdict(list)
    scores: dict[_PersonKey, float] = {}
    form_scores: dict[tuple[int | None, QuestionnairePhase], list[float]] = defaultdict(list)
    person_satisfaction: dict[tuple[int, Audience], float] = {}
    for (person, audience, phase), given in scale.items():
        keys, kept_keys = paired_keys[audience], satisfaction_keys[phase]
        paired_total = count = kept_total = kept_count = 0
        for key, value in given.items():
            if key in keys:
                paired_total += value
                count += 1
            if key in kept_keys:
                kept_total += value
                kept_count += 1
        score = paired_total / count if count else None
        if score is not None:
            scores[(person, audience, phase)] = score
        if kept_count:
            person_satisfaction[(person, audience)] = kept_total / kept_count
        for scope in (None, *person_forms.get((person, audience), ())):
            if score is not None:
                form_scores[(scope, phase)].append(score)
                cells = sums.setdefault((scope, audience, phase), {})
                for key, value in given.items():
                    if key in keys:
                        cell = cells.get(key)
                        if cell is None:
                            cells[key] = [value, 1]
                        else:
                            cell[0] += value
                            cell[1] += 1
            if kept_count:
                satisfied[(scope, audience)].append(kept_total / kept_count)
    answered: dict[tuple[int | None, Audience, QuestionnairePhase, str], list[int]] = \
        defaultdict(list)
    for (person, audience, phase), given in yes_no.items():
        for scope in (None, *person_forms.get((person, audience), ())):
            for key, value in given.items():
                answered[(scope, audience, phase, key)].append(value)

    return _Tally(sums, satisfied, scores, form_scores, answered, person_satisfaction)


def _by_pair(pairs: dict[int, reads.PairRow], scores: Mapping[_PersonKey, float],
             satisfaction: Mapping[tuple[int, Audience], float]) -> tuple[PairGrowth, ...]:
    """Each pair's mean of its people's paired scores, entry and exit, and of their
    satisfaction."""
    by_pair = []
    mentor, mentee = Audience.MENTOR, Audience.MENTEE
    for p in pairs.values():
        means = []
        for phase in (_ENTRY, _EXIT):
            found = scores.get((p.mentor_person, mentor, phase))
            total, count = (0.0, 0) if found is None else (found, 1)
            for person, _name in p.mentees:
                found = scores.get((person, mentee, phase))
                if found is not None:
                    total += found
                    count += 1
            means.append(Mean(total / count, count) if count else NO_MEAN)
        felt = [v for v in (satisfaction.get((p.mentor_person, mentor)), *(
            satisfaction.get((person, mentee)) for person, _name in p.mentees)) if v is not None]
        by_pair.append(PairGrowth(p.id, p.form_id, p.form_name, means[0], means[1], p.title,
                                  p.mentor_name, tuple(name for _id, name in p.mentees),
                                  _mean(felt)))
    return tuple(by_pair)


def _answers_by_person(answers: list[tuple[int, int, int, int]],
                       rounds: dict[int, reads.RoundRow],
                       questions: dict[int, reads.QuestionRow],
                       paired: Mapping[tuple[Audience, str], object], mentor_people: set[int]
                       ) -> tuple[dict[_PersonKey, dict[str, int]], dict[_PersonKey,
                                                                          dict[str, int]]]:
    """The counted answers per person, role and phase: the paired and satisfaction 1–10 items,
    and the yes/no items — key → value. The answers come in the order of their rounds'
    opening, so a later round's answer replaces an earlier one's.

    The one loop over every answer of the school: what can be decided per round and question
    is decided once, before it (`wanted`)."""
    any_, mentor, mentee = Audience.ANY, Audience.MENTOR, Audience.MENTEE

    def counts(audience: Audience, phase: QuestionnairePhase, question: reads.QuestionRow
               ) -> bool:
        if question.kind is QuestionKind.YES_NO:
            return True
        return ((audience, question.key) in paired
                or is_satisfaction_item(phase, question.kind, question.key))

    wanted: dict[tuple[int, int], tuple[Audience, QuestionnairePhase, str, bool]] = {}
    for round_row in rounds.values():
        for question in questions.values():
            if any(counts(a, round_row.phase, question)
                   for a in reads.audiences_of(round_row.audience)):
                wanted[(round_row.id, question.id)] = (
                    round_row.audience, round_row.phase, question.key,
                    question.kind is QuestionKind.SCALE)
    scale: dict[_PersonKey, dict[str, int]] = {}
    yes_no: dict[_PersonKey, dict[str, int]] = {}
    for person, round_id, question_id, value in answers:
        found = wanted.get((round_id, question_id))
        if found is None:
            continue
        audience, phase, key, is_scale = found
        if audience is any_:
            audience = mentor if person in mentor_people else mentee
            if is_scale and not ((audience, key) in paired
                                 or is_satisfaction_item(phase, QuestionKind.SCALE, key)):
                continue
        bucket = scale if is_scale else yes_no
        given = bucket.get((person, audience, phase))
        if given is None:
            given = bucket[(person, audience, phase)] = {}
        given[key] = value
    return scale, yes_no


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
