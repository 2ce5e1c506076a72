"""How well an admitted mentor suits a mentee (stage 5): the score, its reasons, the instance.

Pure: it takes plain records of people (loaded by `match_data`) and knows no database. Every
criterion gives each mentee × mentor pair a match from 0 to 1, or NaN when it does not apply or
a side gave no data (a mentor with no preferred age suits any age). The score is
``100 · Σ weight·match / Σ weight`` over the criteria that apply to the pair, rounded to 0.1, so
it reads as a percentage whatever the weights. A pair is forbidden (None in the table `solve`
takes) when the two are in different forms of mentoring, are the same person, are excluded by the
curator (`MatchingExclusion`), or fail a must-have criterion — a criterion with data and a match
below `MET`; a must-have criterion without data forbids nothing.

The criteria are computed on whole arrays at once (numpy, scipy.sparse for words), so a table of
2,000 mentees × 500 mentors takes a few tens of milliseconds. `MatchInstance.explain` runs the
same computation on the single pair, so the words always agree with the number.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.matching import Objective, solve
from nastavnik_desktop.text import class_sort_key, ru_plural

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatMatrix = npt.NDArray[np.float64]

MET = 0.5
"""A criterion with a match at or above this is met (✓); below it is not (✗)."""
NOTE_SHARE = 0.25
"""The part of the «запросы» match that words of the free-text request can give beside the
requests ticked from the list."""
WORDS_FOR_FULL = 2
"""Shared words that make a full match of free texts (one gives half)."""
YOUNG_SPECIALIST_YEARS = 3
AGE_FROM_GRADE = 6
"""A pupil of grade g is taken to be g + 6 years old when the birth date is unknown."""
MAX_WEIGHT = 10


class Criterion(enum.StrEnum):
    """A criterion of compatibility; the value is its label on screen."""

    REQUESTS = "запросы"
    INTERESTS = "интересы"
    AGE = "возраст"
    FORM_RULES = "правила формы"
    TIME = "ресурс времени"
    OTHER_CLASS = "не из одного класса"


DEFAULT_WEIGHTS: Mapping[Criterion, int] = {
    Criterion.REQUESTS: 10,
    Criterion.INTERESTS: 4,
    Criterion.AGE: 6,
    Criterion.FORM_RULES: 8,
    Criterion.TIME: 3,
    Criterion.OTHER_CLASS: 0,
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
class FormInfo:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class MenteeData:
    """A mentee of the programme, as matching sees him or her."""

    profile_id: int
    person_id: int
    name: str
    form_id: int
    class_name: str = ""
    birth_date: dt.date | None = None
    experience_years: int | None = None
    requests: frozenset[int] = frozenset()
    requests_note: str = ""
    about: str = ""  # free text about the person (interests often end up here)


@dataclass(frozen=True)
class MentorData:
    """An admitted mentor; `load` counts the mentees already in his or her active pairs."""

    profile_id: int
    person_id: int
    name: str
    form_id: int
    class_name: str = ""
    birth_date: dt.date | None = None
    experience_years: int | None = None
    helps_with: frozenset[int] = frozenset()
    competencies: str = ""
    interests: str = ""
    age_min: int | None = None
    age_max: int | None = None
    hours_per_month: float | None = None
    capacity: int = 1
    load: int = 0

    @property
    def free_places(self) -> int:
        return max(0, self.capacity - self.load)


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
    places left (`capacities`); a pair the curator pins by hand is passed to `solve` as fixed.
    """

    mentees: tuple[MenteeData, ...]
    mentors: tuple[MentorData, ...]
    settings: MatchSettings
    forms: Mapping[int, FormInfo]
    request_names: Mapping[int, str]
    exclusions: Mapping[tuple[int, int], str]  # (mentor person, mentee person) → reason
    today: dt.date
    matrix: FloatMatrix = field(repr=False)  # scores, NaN where forbidden

    @property
    def capacities(self) -> list[int]:
        return [m.free_places for m in self.mentors]

    @cached_property
    def scores(self) -> list[list[float | None]]:
        """The table `solve` and `quality` take: mentees × mentors, None = forbidden."""
        return _as_scores(self.matrix)

    def score(self, mentee: int, mentor: int) -> float | None:
        value = float(self.matrix[mentee, mentor])
        return None if math.isnan(value) else value

    def solve(self, objective: Objective = "score",
              fixed: Mapping[int, int] | None = None) -> list[int | None]:
        """The optimal assignment, solved form by form (pairs across forms are forbidden, so
        the optimum is the union of the forms' optima, and each table is much smaller)."""
        import numpy as np

        fixed = dict(fixed or {})
        across = sorted(i for i, j in fixed.items()
                        if self.mentees[i].form_id != self.mentors[j].form_id)
        if across:
            raise ValueError(f"Закреплённые пары разных форм наставничества: {across}")
        assignment: list[int | None] = [None] * len(self.mentees)
        capacities = self.capacities
        for rows, columns in self._blocks():
            block = self.matrix[np.ix_(rows, columns)]
            column_of = {j: k for k, j in enumerate(columns)}
            row_of = {i: k for k, i in enumerate(rows)}
            block_fixed = {row_of[i]: column_of[j] for i, j in fixed.items()
                           if i in row_of and j in column_of}
            found = solve(_as_scores(block), [capacities[j] for j in columns], objective,
                          block_fixed)
            for k, mentor in enumerate(found):
                if mentor is not None:
                    assignment[rows[k]] = columns[mentor]
        return assignment

    def _blocks(self) -> list[tuple[list[int], list[int]]]:
        rows: dict[int, list[int]] = {}
        columns: dict[int, list[int]] = {}
        for i, mentee in enumerate(self.mentees):
            rows.setdefault(mentee.form_id, []).append(i)
        for j, mentor in enumerate(self.mentors):
            columns.setdefault(mentor.form_id, []).append(j)
        return [(rows[form], columns[form]) for form in rows if form in columns]

    def explain(self, mentee: int, mentor: int) -> Explanation:
        """The score of one pair with the reasons for and against it."""
        return self.explain_pairs([(mentee, mentor)])[0]

    def explain_pairs(self, pairs: Sequence[tuple[int, int]]) -> list[Explanation]:
        """`explain` for many pairs at once (the criteria are computed in one pass)."""
        rows = sorted({i for i, _ in pairs})
        columns = sorted({j for _, j in pairs})
        row_of = {i: k for k, i in enumerate(rows)}
        column_of = {j: k for k, j in enumerate(columns)}
        values = _criteria([self.mentees[i] for i in rows], [self.mentors[j] for j in columns],
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
                   today: dt.date | None = None) -> MatchInstance:
    """Score every mentee against every mentor; see the module doc for the rules."""
    settings = settings or MatchSettings()
    exclusions = dict(exclusions or {})
    day = today or dt.date.today()
    values = _criteria(mentees, mentors, forms, day)
    matrix = _combine(values, settings)
    _forbid(matrix, mentees, mentors, exclusions)
    return MatchInstance(mentees=tuple(mentees), mentors=tuple(mentors), settings=settings,
                         forms=dict(forms), request_names=dict(request_names),
                         exclusions=exclusions, today=day, matrix=matrix)


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
            exclusions: Mapping[tuple[int, int], str]) -> None:
    """Mark as NaN: different forms, the same person on both sides, the curator's exclusions."""
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


# --- the criteria, on whole arrays ----------------------------------------------------------


def _criteria(mentees: Sequence[MenteeData], mentors: Sequence[MentorData],
              forms: Mapping[int, FormInfo], today: dt.date) -> dict[Criterion, FloatMatrix]:
    import numpy as np

    shape = (len(mentees), len(mentors))
    if not mentees or not mentors:
        return {c: np.full(shape, np.nan) for c in Criterion}
    return {
        Criterion.REQUESTS: _requests(mentees, mentors),
        Criterion.INTERESTS: _shared_words([_mentee_text(m) for m in mentees],
                                           [m.interests for m in mentors]),
        Criterion.AGE: _age(mentees, mentors, today),
        Criterion.FORM_RULES: _form_rules(mentees, mentors, forms),
        Criterion.TIME: np.broadcast_to(_time(mentors)[None, :], shape).copy(),
        Criterion.OTHER_CLASS: _other_class(mentees, mentors),
    }


def _requests(mentees: Sequence[MenteeData], mentors: Sequence[MentorData]) -> FloatMatrix:
    """The share of the listed requests the mentor helps with; words of the free-text request
    found in the mentor's competencies and interests add up to `NOTE_SHARE`."""
    import numpy as np

    kinds = {r: k for k, r in enumerate(sorted({r for m in mentees for r in m.requests}))}
    asked = np.zeros((len(mentees), len(kinds)))
    for i, mentee in enumerate(mentees):
        asked[i, [kinds[r] for r in mentee.requests]] = 1.0
    offered = np.zeros((len(mentors), len(kinds)))
    for j, mentor in enumerate(mentors):
        offered[j, [kinds[r] for r in mentor.helps_with if r in kinds]] = 1.0
    count = asked.sum(axis=1)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        listed = np.where(count > 0, (asked @ offered.T) / count, np.nan)
    note = _shared_words([m.requests_note for m in mentees],
                         [f"{m.competencies} {m.interests}" for m in mentors])
    both = (1 - NOTE_SHARE) * listed + NOTE_SHARE * note
    return np.where(np.isnan(listed), note, np.where(np.isnan(note), listed, both))


def _shared_words(left: Sequence[str], right: Sequence[str]) -> FloatMatrix:
    """min(1, shared words / WORDS_FOR_FULL) for every left × right text; NaN if one is empty."""
    import numpy as np
    from scipy.sparse import csr_array

    left_words = [words(text) for text in left]
    right_words = [words(text) for text in right]
    vocabulary: dict[str, int] = {}
    for word_set in (*left_words, *right_words):
        for word in word_set:
            vocabulary.setdefault(word, len(vocabulary))

    def incidence(sets: list[frozenset[str]]) -> csr_array:
        rows = [i for i, s in enumerate(sets) for _ in s]
        columns = [vocabulary[w] for s in sets for w in s]
        return csr_array((np.ones(len(rows)), (rows, columns)),
                         shape=(len(sets), max(1, len(vocabulary))))

    shared = (incidence(left_words) @ incidence(right_words).T).toarray()
    value = np.minimum(1.0, shared / WORDS_FOR_FULL)
    empty_left = np.array([not s for s in left_words])
    empty_right = np.array([not s for s in right_words])
    value[empty_left, :] = np.nan
    value[:, empty_right] = np.nan
    return value


def _age(mentees: Sequence[MenteeData], mentors: Sequence[MentorData],
         today: dt.date) -> FloatMatrix:
    """1 inside the mentor's desired ages; 0.4 a year outside, 0.1 less per further year."""
    import numpy as np

    age = np.array([_nan(mentee_age(m, today)) for m in mentees])[:, None]
    low = np.array([_nan(m.age_min) for m in mentors])[None, :]
    high = np.array([_nan(m.age_max) for m in mentors])[None, :]
    below = np.where(np.isnan(low), 0.0, low - age)
    above = np.where(np.isnan(high), 0.0, age - high)
    distance = np.maximum(np.maximum(below, above), 0.0)
    value = np.where(distance == 0, 1.0, np.maximum(0.0, 0.5 - 0.1 * distance))
    unknown = np.isnan(age) | (np.isnan(low) & np.isnan(high))
    return np.where(unknown, np.nan, value)


class FormRule(enum.Enum):
    NONE = 0
    HIGHER_GRADE = 1  # «ученик – ученик»: the mentor is in a higher grade
    MORE_EXPERIENCE = 2  # «учитель – учитель»: more teaching experience, a young specialist


def form_rule(form: FormInfo | None) -> FormRule:
    """The rule of a form, recognised by its seeded code or, for a form the curator re-made,
    by its name («ученик – ученик», «учитель – учитель» with any dash)."""
    if form is None:
        return FormRule.NONE
    name = re.sub(r"\s*[-–—]\s*", "-", form.name.strip().casefold())
    if form.code == "pupil_pupil" or name == "ученик-ученик":
        return FormRule.HIGHER_GRADE
    if form.code == "teacher_teacher" or name == "учитель-учитель":
        return FormRule.MORE_EXPERIENCE
    return FormRule.NONE


def _form_rules(mentees: Sequence[MenteeData], mentors: Sequence[MentorData],
                forms: Mapping[int, FormInfo]) -> FloatMatrix:
    """Grades for «ученик – ученик»; experience for «учитель – учитель» (1 for a young
    specialist, 0.75 for another teacher); NaN for other forms or missing data."""
    import numpy as np

    rule = np.array([form_rule(forms.get(m.form_id)).value for m in mentees])[:, None]
    mentee_grade = np.array([_nan(grade(m.class_name)) for m in mentees])[:, None]
    mentor_grade = np.array([_nan(grade(m.class_name)) for m in mentors])[None, :]
    mentee_years = np.array([_nan(m.experience_years) for m in mentees])[:, None]
    mentor_years = np.array([_nan(m.experience_years) for m in mentors])[None, :]
    higher = np.where(mentor_grade > mentee_grade, 1.0, 0.0)
    higher[np.broadcast_to(np.isnan(mentee_grade) | np.isnan(mentor_grade), higher.shape)] \
        = np.nan
    young = np.where(mentee_years <= YOUNG_SPECIALIST_YEARS, 1.0, 0.75)
    senior = np.where(mentor_years > mentee_years, young, 0.0)
    senior[np.broadcast_to(np.isnan(mentee_years) | np.isnan(mentor_years), senior.shape)] \
        = np.nan
    return np.where(rule == FormRule.HIGHER_GRADE.value, higher,
                    np.where(rule == FormRule.MORE_EXPERIENCE.value, senior, np.nan))


def _time(mentors: Sequence[MentorData]) -> npt.NDArray[np.float64]:
    import numpy as np

    return np.array([np.nan if m.hours_per_month is None else float(m.hours_per_month > 0)
                     for m in mentors])


def _other_class(mentees: Sequence[MenteeData], mentors: Sequence[MentorData]) -> FloatMatrix:
    import numpy as np

    codes: dict[str, int] = {}

    def code(class_name: str) -> int:
        key = _class_key(class_name)
        return codes.setdefault(key, len(codes)) if key else -1

    left = np.array([code(m.class_name) for m in mentees])[:, None]
    right = np.array([code(m.class_name) for m in mentors])[None, :]
    value = np.where(left == right, 0.0, 1.0)
    value[np.broadcast_to((left < 0) | (right < 0), value.shape)] = np.nan
    return value


# --- per-person features --------------------------------------------------------------------


_WORD_RE = re.compile(r"[a-zа-я0-9]+")
_ENDINGS = sorted(("ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "иями", "иях", "ией",
                   "ием", "ать", "ять", "ить", "ах", "ях", "ой", "ей", "ом", "ем", "ам", "ям",
                   "ую", "юю", "ая", "яя", "ое", "ее", "ые", "ие", "ий", "ый", "ой", "ов", "ев",
                   "ы", "и", "а", "я", "о", "е", "у", "ю", "ь"), key=len, reverse=True)
_STEM_LENGTH = 6
_STOP_WORDS = frozenset({"для", "при", "как", "что", "это", "или", "его", "она", "они", "над",
                         "под", "без", "все", "так", "уже", "тем", "чем", "также", "очень",
                         "хочет", "хочу", "может", "быть", "есть", "нет", "the", "and"})


@lru_cache(maxsize=65536)
def words(text: str) -> frozenset[str]:
    """Crude stems of the meaningful words: «шахматами» and «шахматы» share «шахмат»."""
    return frozenset(stem(w) for w in _WORD_RE.findall(text.casefold().replace("ё", "е"))
                     if len(w) >= 3 and w not in _STOP_WORDS)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[:-len(ending)][:_STEM_LENGTH]
    return word[:_STEM_LENGTH]


def grade(class_name: str) -> int | None:
    kind, number, _ = class_sort_key(class_name)
    return number if kind == 0 else None


def mentee_age(mentee: MenteeData, today: dt.date) -> int | None:
    """Full years on `today`, or from the grade when the birth date is unknown."""
    if mentee.birth_date is not None:
        born = mentee.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    pupil_grade = grade(mentee.class_name)
    return None if pupil_grade is None else pupil_grade + AGE_FROM_GRADE


def _mentee_text(mentee: MenteeData) -> str:
    return f"{mentee.requests_note} {mentee.about}"


def _class_key(class_name: str) -> str:
    return re.sub(r"[\s\-–]", "", class_name.casefold().replace("ё", "е"))


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


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
    shared = _shared_stems(mentee.requests_note, f"{mentor.competencies} {mentor.interests}")
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
    if not words(_mentee_text(mentee)) or not words(mentor.interests):
        return "интересы: нет данных"
    shared = _shared_stems(_mentee_text(mentee), mentor.interests)
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
    if not _class_key(mentee.class_name) or not _class_key(mentor.class_name):
        return "класс не указан"
    if _class_key(mentee.class_name) == _class_key(mentor.class_name):
        return f"из одного класса ({mentee.class_name})"
    return "из разных классов"


_DETAILS = {
    Criterion.REQUESTS: _requests_detail,
    Criterion.INTERESTS: _interests_detail,
    Criterion.AGE: _age_detail,
    Criterion.FORM_RULES: _form_detail,
    Criterion.TIME: _time_detail,
    Criterion.OTHER_CLASS: _class_detail,
}


def _applies(criterion: Criterion, mentee: MenteeData, forms: Mapping[int, FormInfo]) -> bool:
    """Only the form rule can be foreign to a pair: forms other than the two have none."""
    return criterion is not Criterion.FORM_RULES \
        or form_rule(forms.get(mentee.form_id)) is not FormRule.NONE


def _shared_stems(left: str, right: str) -> str:
    """The words of `left` whose stems occur in `right`, as written in `left`."""
    stems = words(right)
    found = dict.fromkeys(w for w in _WORD_RE.findall(left.casefold().replace("ё", "е"))
                          if len(w) >= 3 and w not in _STOP_WORDS and stem(w) in stems)
    return ", ".join(found)


def _forbidden_reason(mentee: MenteeData, mentor: MentorData,
                      results: Iterable[CriterionResult], instance: MatchInstance) -> str:
    if mentee.form_id != mentor.form_id:
        return "разные формы наставничества"
    if mentee.person_id == mentor.person_id:
        return "один и тот же человек"
    key = (mentor.person_id, mentee.person_id)
    if key in instance.exclusions:
        reason = instance.exclusions[key]
        return f"исключено куратором{f' ({reason})' if reason else ''}"
    failed = [r.criterion.value for r in results if r.must_have and r.met is False]
    if failed:
        return f"не выполнен обязательный критерий «{', '.join(failed)}»"
    return ""
