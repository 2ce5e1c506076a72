"""The criteria of compatibility (stage 5), each computed on whole arrays at once.

Every criterion gives each mentee × mentor pair a match from 0 to 1, or NaN when it does not
apply or a side gave no data (a mentor with no preferred age suits any age). numpy does the
arithmetic and scipy.sparse the shared words, so a table of 2,000 mentees × 500 mentors takes a
few tens of milliseconds. The per-person features (word stems, grade, age) are here too: the
words of an explanation (`scoring`) use the same ones, so they always agree with the number.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from nastavnik_desktop.data.enums import YOUNG_SPECIALIST_YEARS
from nastavnik_desktop.services.matching.records import FormInfo, MenteeData, MentorData
from nastavnik_desktop.text import class_sort_key

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
AGE_FROM_GRADE = 6
"""A pupil of grade g is taken to be g + 6 years old when the birth date is unknown."""


class Criterion(enum.StrEnum):
    """A criterion of compatibility; the value is its label on screen."""

    REQUESTS = "запросы"
    INTERESTS = "интересы"
    AGE = "возраст"
    FORM_RULES = "правила формы"
    TIME = "ресурс времени"
    OTHER_CLASS = "не из одного класса"
    SUBJECT = "предмет"


SUBJECT_GROUPS: Mapping[str, tuple[str, ...]] = {
    "физико-математический": ("математ", "алгебр", "геометр", "физик", "информат", "астроном"),
    "естественно-научный": ("биолог", "хими", "географ", "естеств", "природовед", "экологи"),
    "гуманитарный": ("русск", "литератур", "истори", "обществозн", "право", "родн"),
    "иностранные языки": ("английск", "немецк", "французск", "иностран", "испанск", "китайск"),
    "искусство": ("музык", "изобразит", "изо", "искусств", "мхк", "черчен"),
    "физкультура и ОБЗР": ("физическ", "физкульт", "безопасн", "обж", "обзр"),
    "технология": ("технолог", "труд"),
    "начальная школа": ("начальн",),
}
"""Methodical associations: subjects of one group are related (the first stem that a subject
starts a word with decides its group)."""
SAME_SUBJECT, RELATED_SUBJECT = 1.0, 0.6


def subject_group(subject: str) -> str:
    """The methodical association of a subject («физика» → «физико-математический»), or ""."""
    text = subject.casefold().replace("ё", "е")
    for group, stems in SUBJECT_GROUPS.items():
        if any(re.search(rf"\b{stem}", text) for stem in stems):
            return group
    return ""


def subject_key(subject: str) -> str:
    return " ".join(subject.casefold().replace("ё", "е").split())


def criteria(mentees: Sequence[MenteeData], mentors: Sequence[MentorData],
             forms: Mapping[int, FormInfo], today: dt.date) -> dict[Criterion, FloatMatrix]:
    """Every criterion's match for every mentee × mentor pair (NaN: no data, does not apply)."""
    import numpy as np

    shape = (len(mentees), len(mentors))
    if not mentees or not mentors:
        return {c: np.full(shape, np.nan) for c in Criterion}
    return {
        Criterion.REQUESTS: _requests(mentees, mentors),
        Criterion.INTERESTS: _shared_words([mentee_text(m) for m in mentees],
                                           [m.interests for m in mentors]),
        Criterion.AGE: _age(mentees, mentors, today),
        Criterion.FORM_RULES: _form_rules(mentees, mentors, forms),
        Criterion.TIME: np.broadcast_to(_time(mentors)[None, :], shape).copy(),
        Criterion.OTHER_CLASS: _other_class(mentees, mentors),
        Criterion.SUBJECT: _subject(mentees, mentors),
    }


def _subject(mentees: Sequence[MenteeData], mentors: Sequence[MentorData]) -> FloatMatrix:
    """1 for the same subject, `RELATED_SUBJECT` for one methodical association, 0 otherwise;
    NaN when a side has no subject (pupils, say)."""
    import numpy as np

    value = np.full((len(mentees), len(mentors)), np.nan)
    for i, mentee in enumerate(mentees):
        left = subject_key(mentee.subject)
        if not left:
            continue
        left_group = subject_group(left)
        for j, mentor in enumerate(mentors):
            right = subject_key(mentor.subject)
            if not right:
                continue
            value[i, j] = (SAME_SUBJECT if left == right else RELATED_SUBJECT
                           if left_group and left_group == subject_group(right) else 0.0)
    return value


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
        key = class_key(class_name)
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


def shared_stems(left: str, right: str) -> str:
    """The words of `left` whose stems occur in `right`, as written in `left`."""
    stems = words(right)
    found = dict.fromkeys(w for w in _WORD_RE.findall(left.casefold().replace("ё", "е"))
                          if len(w) >= 3 and w not in _STOP_WORDS and stem(w) in stems)
    return ", ".join(found)


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


def mentee_text(mentee: MenteeData) -> str:
    """Where a mentee's interests are written: the request in free text and the notes."""
    return f"{mentee.requests_note} {mentee.about}"


def class_key(class_name: str) -> str:
    """«10 А», «10-а» and «10А» are one class."""
    return re.sub(r"[\s\-–]", "", class_name.casefold().replace("ё", "е"))


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)
