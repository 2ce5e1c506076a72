"""How well an admitted mentor suits a mentee (stage 5): the settings, the score, its words.

Pure: it takes the plain records `load` reads (`records`) and knows no database. Each criterion
(`criteria`) gives a pair a match from 0 to 1 or NaN; the score is
``100 · Σ weight·match / Σ weight`` over the criteria that apply to the pair, rounded to 0.1, so
it reads as a percentage whatever the weights. A pair is forbidden (None in the table the solver
takes) when the two are in different forms of mentoring, are the same person, are excluded by the
curator (`MatchingExclusion`, see `exclusions`), are two pupils of one class while the hard rule
«не из одного класса» is on (`settings.MATCHING_SEPARATE_CLASSES`; pupils without a class are
not held by it), were rejected in this session (`forbid_pairs`), or fail a
must-have criterion — a criterion with data and a match below `MET`; a must-have criterion
without data forbids nothing.

`MatchInstance.explain` runs the same criteria on the single pair, so the words always agree
with the number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.matching.criteria import (
    MET,
    YOUNG_SPECIALIST_YEARS,
    Criterion,
    FormRule,
    class_key,
    criteria,
    form_rule,
    grade,
    mentee_age,
    mentee_text,
    shared_stems,
    subject_group,
    subject_key,
    words,
)
from nastavnik_desktop.services.matching.records import FormInfo, MenteeData, MentorData, PairKey
from nastavnik_desktop.text import ru_plural

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatMatrix = npt.NDArray[np.float64]

MAX_WEIGHT = 10

DEFAULT_WEIGHTS: Mapping[Criterion, int] = {
    Criterion.REQUESTS: 10,
    Criterion.INTERESTS: 4,
    Criterion.AGE: 6,
    Criterion.FORM_RULES: 8,
    Criterion.TIME: 3,
    Criterion.OTHER_CLASS: 0,
    Criterion.SUBJECT: 8,
}
DEFAULT_MUST_HAVE = frozenset({Criterion.FORM_RULES})


@dataclass(frozen=True)
class MatchSettings:
    """The curator's choice: a weight 0–10 per criterion and the must-have criteria.

    A weight of 0 leaves a criterion out of the score; a must-have criterion forbids the pairs
    that fail it whatever its weight («не из одного класса» as a must-have keeps classmates
    apart without touching the score).
    """

    weights: Mapping[Criterion, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    must_have: frozenset[Criterion] = DEFAULT_MUST_HAVE

    def __post_init__(self) -> None:
        for criterion, weight in self.weights.items():
            if criterion not in Criterion.__members__.values():
                raise ValidationError(f"Неизвестный критерий подбора «{criterion}».")
            if isinstance(weight, bool) or not isinstance(weight, int) \
                    or not 0 <= weight <= MAX_WEIGHT:
                raise ValidationError(f"Вес критерия «{criterion}» должен быть целым числом "
                                      f"от 0 до {MAX_WEIGHT}, указано {weight!r}.")

    def weight(self, criterion: Criterion) -> int:
        return self.weights.get(criterion, DEFAULT_WEIGHTS[criterion])

    def counts(self, criterion: Criterion) -> bool:
        """Whether the criterion takes part at all (in the score or as a must-have)."""
        return self.weight(criterion) > 0 or criterion in self.must_have

    def to_dict(self) -> dict[str, Any]:
        return {"weights": {c.name.lower(): self.weight(c) for c in Criterion},
                "must_have": sorted(c.name.lower() for c in self.must_have)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatchSettings:
        """Settings saved by `to_dict`; unknown criteria are ignored, missing ones default."""
        by_key = {c.name.lower(): c for c in Criterion}
        weights = dict(DEFAULT_WEIGHTS)
        for key, weight in dict(data.get("weights", {})).items():
            if key in by_key:
                weights[by_key[key]] = weight
        must = data.get("must_have")
        must_have = (DEFAULT_MUST_HAVE if must is None
                     else frozenset(by_key[k] for k in must if k in by_key))
        return cls(weights=weights, must_have=must_have)


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    value: float | None  # 0..1; None — no data or the criterion does not apply
    met: bool | None
    weight: int
    must_have: bool
    text: str  # «возраст 12 лет в пределах 10–14 ✓»


@dataclass(frozen=True)
class Explanation:
    """Why a pair scores what it does, criterion by criterion, in the curator's words."""

    score: float | None  # None — the pair is forbidden
    forbidden: str  # why the pair is forbidden; "" when it is allowed
    matched: tuple[CriterionResult, ...]
    unmatched: tuple[CriterionResult, ...]
    unknown: tuple[CriterionResult, ...]

    @property
    def results(self) -> tuple[CriterionResult, ...]:
        order = list(Criterion)
        return tuple(sorted((*self.matched, *self.unmatched, *self.unknown),
                            key=lambda r: order.index(r.criterion)))

    @property
    def text(self) -> str:
        parts = [r.text for r in self.results]
        if self.forbidden:
            parts.insert(0, f"пара запрещена: {self.forbidden}")
        return "; ".join(parts)


# --- the instance ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchInstance:
    """Mentees × admitted mentors of a programme: the scores, the free places, explanations.

    Mentees already in an active pair are not in the instance, and their mentors come with the
    places left (`capacities`); a pair the curator pins by hand is passed to the solver as fixed.
    """

    mentees: tuple[MenteeData, ...]
    mentors: tuple[MentorData, ...]
    settings: MatchSettings
    forms: Mapping[int, FormInfo]
    request_names: Mapping[int, str]
    exclusions: Mapping[tuple[int, int], str]  # (mentor person, mentee person) → reason
    today: dt.date
    matrix: FloatMatrix = field(repr=False)  # scores, NaN where forbidden
    separate_classes: bool = False  # the hard rule «не из одного класса»

    @property
    def capacities(self) -> list[int]:
        return [m.free_places for m in self.mentors]

    @cached_property
    def scores(self) -> list[list[float | None]]:
        """The table the solver and `quality` take: mentees × mentors, None = forbidden."""
        return _as_scores(self.matrix)

    def score(self, mentee: int, mentor: int) -> float | None:
        value = float(self.matrix[mentee, mentor])
        return None if math.isnan(value) else value

    def explain(self, mentee: int, mentor: int) -> Explanation:
        """The score of one pair with the reasons for and against it."""
        return self.explain_pairs([(mentee, mentor)])[0]

    def explain_pairs(self, pairs: Sequence[tuple[int, int]]) -> list[Explanation]:
        """`explain` for many pairs at once (the criteria are computed in one pass)."""
        rows = sorted({i for i, _ in pairs})
        columns = sorted({j for _, j in pairs})
        row_of = {i: k for k, i in enumerate(rows)}
        column_of = {j: k for k, j in enumerate(columns)}
        values = criteria([self.mentees[i] for i in rows], [self.mentors[j] for j in columns],
                          self.forms, self.today)
        return [self._explanation(i, j, {c: float(v[row_of[i], column_of[j]])
                                         for c, v in values.items()})
                for i, j in pairs]

    def _explanation(self, mentee: int, mentor: int,
                     values: Mapping[Criterion, float]) -> Explanation:
        me, mo = self.mentees[mentee], self.mentors[mentor]
        results = [_result(c, values[c], me, mo, self) for c in Criterion
                   if self.settings.counts(c) and _applies(c, me, self.forms)]
        return Explanation(
            score=self.score(mentee, mentor),
            forbidden=_forbidden_reason(me, mo, results, self),
            matched=tuple(r for r in results if r.met is True),
            unmatched=tuple(r for r in results if r.met is False),
            unknown=tuple(r for r in results if r.met is None),
        )


def build_instance(mentees: Sequence[MenteeData], mentors: Sequence[MentorData], *,
                   forms: Mapping[int, FormInfo], request_names: Mapping[int, str],
                   exclusions: Mapping[tuple[int, int], str] | None = None,
                   settings: MatchSettings | None = None,
                   today: dt.date | None = None,
                   separate_classes: bool = False) -> MatchInstance:
    """Score every mentee against every mentor; see the module doc for the rules."""
    settings = settings or MatchSettings()
    exclusions = dict(exclusions or {})
    day = today or dt.date.today()
    values = criteria(mentees, mentors, forms, day)
    matrix = _combine(values, settings)
    _forbid(matrix, mentees, mentors, exclusions, separate_classes=separate_classes)
    return MatchInstance(mentees=tuple(mentees), mentors=tuple(mentors), settings=settings,
                         forms=dict(forms), request_names=dict(request_names),
                         exclusions=exclusions, today=day, matrix=matrix,
                         separate_classes=separate_classes)


def _as_scores(matrix: FloatMatrix) -> list[list[float | None]]:
    import numpy as np

    table = matrix.astype(object)
    table[np.isnan(matrix)] = None
    rows: list[list[float | None]] = table.tolist()
    return rows


def _combine(values: Mapping[Criterion, FloatMatrix], settings: MatchSettings) -> FloatMatrix:
    """Weighted mean over the criteria that apply (percent, 0.1), NaN for must-have failures."""
    import numpy as np

    shape = next(iter(values.values())).shape
    numerator = np.zeros(shape)
    denominator = np.zeros(shape)
    forbidden = np.zeros(shape, dtype=bool)
    for criterion, value in values.items():
        known = ~np.isnan(value)
        weight = settings.weight(criterion)
        if weight:
            numerator += weight * np.where(known, value, 0.0)
            denominator += weight * known
        if criterion in settings.must_have:
            forbidden |= known & (value < MET)
    with np.errstate(invalid="ignore", divide="ignore"):
        score: FloatMatrix = np.where(denominator > 0, 100.0 * numerator / denominator, 0.0)
    score = np.round(score, 1)
    score[forbidden] = np.nan
    return score


def _forbid(matrix: FloatMatrix, mentees: Sequence[MenteeData], mentors: Sequence[MentorData],
            exclusions: Mapping[tuple[int, int], str], *,
            separate_classes: bool = False) -> None:
    """Mark as NaN: different forms, the same person on both sides, the curator's exclusions,
    and with `separate_classes` two pupils of one class."""
    import numpy as np

    mentee_form = np.array([m.form_id for m in mentees], dtype=np.int64)
    mentor_form = np.array([m.form_id for m in mentors], dtype=np.int64)
    matrix[mentee_form[:, None] != mentor_form[None, :]] = np.nan
    mentee_person = np.array([m.person_id for m in mentees], dtype=np.int64)
    mentor_person = np.array([m.person_id for m in mentors], dtype=np.int64)
    matrix[mentee_person[:, None] == mentor_person[None, :]] = np.nan
    rows_of: dict[int, list[int]] = {}
    columns_of: dict[int, list[int]] = {}
    for i, mentee in enumerate(mentees):
        rows_of.setdefault(mentee.person_id, []).append(i)
    for j, mentor in enumerate(mentors):
        columns_of.setdefault(mentor.person_id, []).append(j)
    for mentor_person_id, mentee_person_id in exclusions:
        for i in rows_of.get(mentee_person_id, ()):
            for j in columns_of.get(mentor_person_id, ()):
                matrix[i, j] = np.nan
    if separate_classes:
        matrix[_same_class(mentees, mentors)] = np.nan


def _same_class(mentees: Sequence[MenteeData], mentors: Sequence[MentorData]) -> Any:
    """mentees × mentors: True where both are pupils with a class and the class is one."""
    import numpy as np

    codes: dict[str, int] = {}

    def code(person: MenteeData | MentorData) -> int:
        key = class_key(person.class_name) if person.pupil else ""
        return codes.setdefault(key, len(codes)) if key else -1

    left = np.array([code(m) for m in mentees], dtype=np.int64)[:, None]
    right = np.array([code(m) for m in mentors], dtype=np.int64)[None, :]
    return (left == right) & (left >= 0)


def same_class(mentee: MenteeData, mentor: MentorData) -> bool:
    """The hard rule «не из одного класса» holds this pair apart (when it is on)."""
    return bool(_same_class([mentee], [mentor])[0, 0])


def forbid_pairs(instance: MatchInstance, pairs: Collection[PairKey]) -> MatchInstance:
    """The instance with these pairs (mentee profile, mentor profile) forbidden — say, rejected
    by the curator; pairs of people not in the instance are ignored."""
    mentee_at = {m.profile_id: i for i, m in enumerate(instance.mentees)}
    mentor_at = {m.profile_id: j for j, m in enumerate(instance.mentors)}
    cells = [(mentee_at[p], mentor_at[q]) for p, q in pairs if p in mentee_at and q in mentor_at]
    if not cells:
        return instance
    matrix = instance.matrix.copy()
    for i, j in cells:
        matrix[i, j] = float("nan")
    return dataclasses.replace(instance, matrix=matrix)


# --- the words of an explanation ------------------------------------------------------------


def _mark(met: bool | None) -> str:
    return {True: "✓", False: "✗", None: "—"}[met]


def _years(n: int) -> str:
    return f"{n} {ru_plural(n, 'год', 'года', 'лет')}"


def _result(criterion: Criterion, value: float, mentee: MenteeData, mentor: MentorData,
            instance: MatchInstance) -> CriterionResult:
    known = not math.isnan(value)
    met = (value >= MET) if known else None
    detail = _DETAILS[criterion](mentee, mentor, instance)
    return CriterionResult(criterion=criterion, value=value if known else None, met=met,
                           weight=instance.settings.weight(criterion),
                           must_have=criterion in instance.settings.must_have,
                           text=f"{detail} {_mark(met)}")


def _requests_detail(mentee: MenteeData, mentor: MentorData, instance: MatchInstance) -> str:
    def quoted(ids: Iterable[int]) -> str:
        return ", ".join(f"«{instance.request_names.get(r, r)}»" for r in sorted(ids))

    covered, missed = mentee.requests & mentor.helps_with, mentee.requests - mentor.helps_with
    shared = shared_stems(mentee.requests_note, f"{mentor.competencies} {mentor.interests}")
    if not mentee.requests and not words(mentee.requests_note):
        return "запросы: нет данных"
    notes = []
    if missed:
        notes.append(f"не закрыт{'ы' if len(missed) > 1 else ''} {quoted(missed)}")
    if shared:
        notes.append(f"по описанию запроса: {shared}")
    if not covered:
        return f"запросы: {', '.join(notes)}" if notes else "запросы: совпадений нет"
    return f"запросы: {quoted(covered)}" + (f" ({', '.join(notes)})" if notes else "")


def _interests_detail(mentee: MenteeData, mentor: MentorData, _: MatchInstance) -> str:
    if not words(mentee_text(mentee)) or not words(mentor.interests):
        return "интересы: нет данных"
    shared = shared_stems(mentee_text(mentee), mentor.interests)
    return f"общие интересы: {shared}" if shared else "общих интересов нет"


def _age_detail(mentee: MenteeData, mentor: MentorData, instance: MatchInstance) -> str:
    age = mentee_age(mentee, instance.today)
    if age is None:
        return "возраст наставляемого неизвестен"
    shown = _years(age) if mentee.birth_date else f"≈{_years(age)} ({mentee.class_name} класс)"
    low, high = mentor.age_min, mentor.age_max
    if low is None and high is None:
        return f"возраст {shown}, наставник не указал желаемый возраст"
    band = (f"{low}–{high}" if low is not None and high is not None
            else f"от {low}" if low is not None else f"до {high}")
    inside = (low is None or age >= low) and (high is None or age <= high)
    return f"возраст {shown} {'в пределах' if inside else 'вне пределов'} {band}"


def _form_detail(mentee: MenteeData, mentor: MentorData, instance: MatchInstance) -> str:
    form = instance.forms.get(mentee.form_id)
    rule = form_rule(form)
    if rule is FormRule.HIGHER_GRADE:
        mentee_grade, mentor_grade = grade(mentee.class_name), grade(mentor.class_name)
        if mentee_grade is None or mentor_grade is None:
            return "класс наставника или наставляемого неизвестен"
        older = "" if mentor_grade > mentee_grade else " (класс наставника не старше)"
        return f"наставник из {mentor.class_name}, наставляемый из {mentee.class_name}{older}"
    if rule is FormRule.MORE_EXPERIENCE:
        if mentee.experience_years is None or mentor.experience_years is None:
            return "педагогический стаж наставника или наставляемого неизвестен"
        young = (", молодой специалист" if mentee.experience_years <= YOUNG_SPECIALIST_YEARS
                 else "")
        relation = "больше" if mentor.experience_years > mentee.experience_years else "не больше"
        return (f"стаж наставника {_years(mentor.experience_years)} {relation} стажа "
                f"наставляемого ({_years(mentee.experience_years)}{young})")
    raise AssertionError("a form without rules has no form-rule explanation")


def _time_detail(_: MenteeData, mentor: MentorData, __: MatchInstance) -> str:
    hours = mentor.hours_per_month
    if hours is None:
        return "ресурс времени не указан"
    shown = f"{hours:g}".replace(".", ",")
    return f"ресурс времени {shown} ч в месяц"


def _class_detail(mentee: MenteeData, mentor: MentorData, _: MatchInstance) -> str:
    if not class_key(mentee.class_name) or not class_key(mentor.class_name):
        return "класс не указан"
    if class_key(mentee.class_name) == class_key(mentor.class_name):
        return f"из одного класса ({mentee.class_name})"
    return "из разных классов"


def _subject_detail(mentee: MenteeData, mentor: MentorData, _: MatchInstance) -> str:
    if not subject_key(mentee.subject) or not subject_key(mentor.subject):
        return "предмет наставника или наставляемого не указан"
    if subject_key(mentee.subject) == subject_key(mentor.subject):
        return f"тот же предмет: {mentee.subject.strip()}"
    group = subject_group(mentee.subject)
    if group and group == subject_group(mentor.subject):
        return (f"родственные предметы ({group}): {mentor.subject.strip()} — "
                f"{mentee.subject.strip()}")
    return f"разные предметы: {mentor.subject.strip()} — {mentee.subject.strip()}"


_DETAILS = {
    Criterion.REQUESTS: _requests_detail,
    Criterion.INTERESTS: _interests_detail,
    Criterion.AGE: _age_detail,
    Criterion.FORM_RULES: _form_detail,
    Criterion.TIME: _time_detail,
    Criterion.OTHER_CLASS: _class_detail,
    Criterion.SUBJECT: _subject_detail,
}


def _applies(criterion: Criterion, mentee: MenteeData, forms: Mapping[int, FormInfo]) -> bool:
    """Only the form rule can be foreign to a pair: forms other than the two have none."""
    return criterion is not Criterion.FORM_RULES \
        or form_rule(forms.get(mentee.form_id)) is not FormRule.NONE


def _forbidden_reason(mentee: MenteeData, mentor: MentorData,
                      results: Iterable[CriterionResult], instance: MatchInstance) -> str:
    return _forbidden(mentee, mentor, results, instance)[1]


def _forbidden(mentee: MenteeData, mentor: MentorData, results: Iterable[CriterionResult],
               instance: MatchInstance) -> tuple[str, str]:
    """Why the pair is forbidden: (a few words to count by, the whole reason); ("", "") when
    nothing here forbids it (a pair rejected in the session has no rule of its own)."""
    if mentee.form_id != mentor.form_id:
        return "разные формы", "разные формы наставничества"
    if mentee.person_id == mentor.person_id:
        return "один и тот же человек", "один и тот же человек"
    key = (mentor.person_id, mentee.person_id)
    if key in instance.exclusions:
        reason = instance.exclusions[key]
        return "запрет куратора", f"исключено куратором{f' ({reason})' if reason else ''}"
    if instance.separate_classes and same_class(mentee, mentor):
        return "из одного класса", (f"оба из одного класса ({mentee.class_name}), а правило "
                                    "«не из одного класса» включено")
    failed = [r.criterion.value for r in results if r.must_have and r.met is False]
    if failed:
        text = f"не выполнен обязательный критерий «{', '.join(failed)}»"
        return text, text
    return "", ""


def why_forbidden(instance: MatchInstance, mentee: int) -> list[tuple[str, int]]:
    """For one mentee: the mentors of his or her form whose pair is forbidden, counted by why
    («запрет куратора», «из одного класса», a must-have criterion, «отклонена в этом подборе»),
    most first — what the curator reads about a mentee left without a mentor."""
    me = instance.mentees[mentee]
    columns = [j for j, mo in enumerate(instance.mentors)
               if mo.form_id == me.form_id and instance.score(mentee, j) is None]
    if not columns:
        return []
    values = criteria([me], [instance.mentors[j] for j in columns], instance.forms,
                      instance.today)
    counts: dict[str, int] = {}
    for k, j in enumerate(columns):
        mo = instance.mentors[j]
        results = [_result(c, float(values[c][0, k]), me, mo, instance) for c in Criterion
                   if instance.settings.counts(c) and _applies(c, me, instance.forms)]
        kind = _forbidden(me, mo, results, instance)[0] or "отклонена в этом подборе"
        counts[kind] = counts.get(kind, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def short_explanation(explanation: Explanation) -> str:
    """The criteria met and not met in a few words: «✓ запросы, возраст · ✗ интересы»."""
    parts = [f"запрещена: {explanation.forbidden}"] if explanation.forbidden else []
    for mark, results in (("✓", explanation.matched), ("✗", explanation.unmatched),
                          ("нет данных:", explanation.unknown)):
        if results:
            parts.append(f"{mark} {', '.join(r.criterion.value for r in results)}")
    return " · ".join(parts)
