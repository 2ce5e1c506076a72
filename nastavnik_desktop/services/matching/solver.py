"""Matching mentees to mentors (stage 5): an exact optimum, its quality, and a greedy baseline.

The core is pure: it takes a mentees × mentors table of scores and the mentors' capacities and
knows nothing of the database. A mentor with capacity above one takes a group.

Rules of `solve`:

* ``None`` marks a forbidden pair; it is never chosen. Scores must otherwise be finite.
* ``objective="score"`` maximises the total score. A pair is made whenever it does not lower the
  total: pairs scoring zero are still made, pairs scoring below zero never are. Among assignments
  with the same total the one matching more mentees wins.
* ``objective="coverage"`` first maximises the number of mentees matched (even through pairs
  scoring below zero), then the total score.
* Scores are compared rounded to `SCORE_DECIMALS` places, so the optimum is exact in integer
  arithmetic; only an instance too large for float64 to hold its totals at that precision is
  compared more coarsely (one decimal place less at a time).

The optimum comes from scipy's `linear_sum_assignment` (it releases the GIL, so a worker thread
keeps the UI responsive) on a matrix of mentor slots, one per unit of capacity, and "unmatched"
dummies. The matrix is oriented so that its rows are the smaller side — free mentees, or free
slots when places are fewer than mentees — which is what keeps large instances fast.
"""

from __future__ import annotations

import enum
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatMatrix = npt.NDArray[np.float64]
    IntVector = npt.NDArray[np.int64]

Objective = Literal["score", "coverage"]
Scores = Sequence[Sequence[float | None]]

SCORE_DECIMALS = 6
# Integer totals up to this bound are exact in float64 with room for the solver's sums.
_EXACT_LIMIT = 2.0**50


class UnmatchedReason(enum.StrEnum):
    """Why a mentee has no mentor, in the words shown to the curator."""

    NO_MENTORS = "нет допущенного наставника этой формы"
    ALL_FORBIDDEN = "только запрещённые пары"
    ALL_FULL = "все места заняты"
    FREE_PLACES_LEFT = "есть свободные места у допущенных наставников"


@dataclass(frozen=True)
class MatchQuality:
    """Figures of one assignment, for the curator to judge it before fixing the pairs."""

    total: float
    mean: float | None  # over the pairs made; None when there are none
    lowest: float | None  # the weakest pair's score
    matched: int
    unmatched: int
    reasons: Mapping[int, UnmatchedReason]  # mentee index → why it has no mentor
    loads: tuple[int, ...]  # mentees per mentor
    overloaded: tuple[int, ...]  # mentors given more mentees than their capacity


def solve(
    scores: Scores,
    capacities: Sequence[int],
    objective: Objective = "score",
    fixed: Mapping[int, int] | None = None,
) -> list[int | None]:
    """Return each mentee's mentor index (or None) in an optimal assignment; see the module doc.

    `fixed` maps mentee → mentor for pairs the curator fixed by hand: they stay, use up the
    mentor's capacity, and only the other mentees are placed. Raises ValueError on a table of the
    wrong shape, a negative capacity, a non-finite score, an unknown objective, or a fixed pair that
    is forbidden or exceeds its mentor's capacity.
    """
    _check_objective(objective)
    return _solve_matrix(_as_matrix(scores, capacities), capacities, objective, fixed or {})


def solve_by_form(
    matrix: FloatMatrix,
    mentee_forms: Sequence[int],
    mentor_forms: Sequence[int],
    capacities: Sequence[int],
    objective: Objective = "score",
    fixed: Mapping[int, int] | None = None,
) -> list[int | None]:
    """`solve` for a matrix of scores (NaN = forbidden) in which every pair across forms of
    mentoring is forbidden, solved form by form: the optimum is the union of the forms'
    optima, and each table is much smaller. Also refuses a fixed pair across forms."""
    import numpy as np

    fixed = dict(fixed or {})
    _check_by_form(matrix, mentee_forms, mentor_forms, capacities, objective, fixed)
    assignment: list[int | None] = [None] * len(mentee_forms)
    for rows, columns in _blocks(mentee_forms, mentor_forms):
        row_of = {i: k for k, i in enumerate(rows)}
        column_of = {j: k for k, j in enumerate(columns)}
        block_fixed = {row_of[i]: column_of[j] for i, j in fixed.items()
                       if i in row_of and j in column_of}
        found = _solve_matrix(matrix[np.ix_(rows, columns)], [capacities[j] for j in columns],
                              objective, block_fixed)
        for k, mentor in enumerate(found):
            if mentor is not None:
                assignment[rows[k]] = columns[mentor]
    return assignment


def _check_by_form(matrix: FloatMatrix, mentee_forms: Sequence[int], mentor_forms: Sequence[int],
                   capacities: Sequence[int], objective: Objective,
                   fixed: Mapping[int, int]) -> None:
    import numpy as np

    _check_objective(objective)
    _check_capacities(capacities)
    if matrix.shape != (len(mentee_forms), len(mentor_forms)) \
            or len(capacities) != len(mentor_forms):
        raise ValueError(f"Таблица оценок {matrix.shape} не совпадает с числом наставляемых "
                         f"{len(mentee_forms)} и наставников {len(mentor_forms)}")
    if np.isinf(matrix).any():
        raise ValueError("Оценки должны быть конечными числами (NaN — запрещённая пара)")
    across = sorted(i for i, j in fixed.items() if mentee_forms[i] != mentor_forms[j])
    if across:
        raise ValueError(f"Закреплённые пары разных форм наставничества: {across}")


def _solve_matrix(matrix: FloatMatrix, capacities: Sequence[int], objective: Objective,
                  fixed: Mapping[int, int]) -> list[int | None]:
    assignment: list[int | None] = [None] * matrix.shape[0]
    remaining = list(capacities)
    for mentee, mentor in _checked_fixed(matrix, capacities, fixed).items():
        assignment[mentee] = mentor
        remaining[mentor] -= 1
    free = [i for i, mentor in enumerate(assignment) if mentor is None]
    if free and any(remaining):
        for mentee, mentor in _optimal(matrix[free], remaining, objective).items():
            assignment[free[mentee]] = mentor
    return assignment


def _blocks(mentee_forms: Sequence[int],
            mentor_forms: Sequence[int]) -> list[tuple[list[int], list[int]]]:
    """(mentees, mentors) of each form that has both."""
    rows: dict[int, list[int]] = {}
    columns: dict[int, list[int]] = {}
    for i, form in enumerate(mentee_forms):
        rows.setdefault(form, []).append(i)
    for j, form in enumerate(mentor_forms):
        columns.setdefault(form, []).append(j)
    return [(rows[form], columns[form]) for form in rows if form in columns]


def _check_objective(objective: Objective) -> None:
    if objective not in ("score", "coverage"):
        raise ValueError(f"Неизвестная цель подбора {objective!r}: "
                         "ожидается 'score' или 'coverage'")


def quality(scores: Scores, assignment: Sequence[int | None],
            capacities: Sequence[int]) -> MatchQuality:
    """Totals, the weakest pair, loads, and for every unmatched mentee the reason why.

    Raises ValueError when the assignment does not fit the table or uses a forbidden pair. A mentor
    over capacity (possible after manual edits) is reported in `overloaded`, not refused.
    """
    n_mentees, n_mentors = _check_shape(scores, capacities)
    if len(assignment) != n_mentees:
        raise ValueError(f"Назначение на {len(assignment)} наставляемых, а в таблице оценок "
                         f"{n_mentees}")
    loads = [0] * n_mentors
    pair_scores: list[float] = []
    for mentee, mentor in enumerate(assignment):
        if mentor is None:
            continue
        if not 0 <= mentor < n_mentors:
            raise ValueError(f"Наставляемому {mentee} назначен несуществующий наставник {mentor}")
        score = scores[mentee][mentor]
        if score is None:
            raise ValueError(f"Пара {mentee}–{mentor} запрещена, но стоит в назначении")
        loads[mentor] += 1
        pair_scores.append(float(score))
    full = [load >= capacity for load, capacity in zip(loads, capacities, strict=True)]
    reasons = {mentee: _reason(scores[mentee], capacities, full)
               for mentee, mentor in enumerate(assignment) if mentor is None}
    total = sum(pair_scores)
    return MatchQuality(
        total=total,
        mean=total / len(pair_scores) if pair_scores else None,
        lowest=min(pair_scores, default=None),
        matched=len(pair_scores),
        unmatched=len(reasons),
        reasons=reasons,
        loads=tuple(loads),
        overloaded=tuple(j for j, (load, capacity) in enumerate(zip(loads, capacities, strict=True))
                         if load > capacity),
    )


def greedy(scores: Scores, capacities: Sequence[int]) -> list[int | None]:
    """Baseline for benchmarks only: take allowed pairs best first while both sides are free.

    Like `solve` with the "score" objective it never makes a pair scoring below zero.
    """
    _check_shape(scores, capacities)
    pairs = sorted(((score, i, j) for i, row in enumerate(scores) for j, score in enumerate(row)
                    if score is not None and score >= 0 and capacities[j] > 0),
                   key=lambda pair: -pair[0])
    remaining = list(capacities)
    assignment: list[int | None] = [None] * len(scores)
    for _, mentee, mentor in pairs:
        if assignment[mentee] is None and remaining[mentor] > 0:
            assignment[mentee] = mentor
            remaining[mentor] -= 1
    return assignment


def _reason(row: Sequence[float | None], capacities: Sequence[int],
            full: Sequence[bool]) -> UnmatchedReason:
    admitted = [j for j, capacity in enumerate(capacities) if capacity > 0]
    if not admitted:
        return UnmatchedReason.NO_MENTORS
    allowed = [j for j in admitted if row[j] is not None]
    if not allowed:
        return UnmatchedReason.ALL_FORBIDDEN
    if all(full[j] for j in allowed):
        return UnmatchedReason.ALL_FULL
    return UnmatchedReason.FREE_PLACES_LEFT


def _check_shape(scores: Scores, capacities: Sequence[int]) -> tuple[int, int]:
    n_mentors = len(capacities)
    for mentee, row in enumerate(scores):
        if len(row) != n_mentors:
            raise ValueError(f"В строке оценок наставляемого {mentee} {len(row)} значений, "
                             f"а наставников {n_mentors}")
    _check_capacities(capacities)
    return len(scores), n_mentors


def _check_capacities(capacities: Sequence[int]) -> None:
    for mentor, capacity in enumerate(capacities):
        if isinstance(capacity, bool) or not isinstance(capacity, numbers.Integral) or capacity < 0:
            raise ValueError(f"Ёмкость наставника {mentor} должна быть целым числом ≥ 0, "
                             f"получено {capacity!r}")


def _as_matrix(scores: Scores, capacities: Sequence[int]) -> FloatMatrix:
    """The scores as a float64 array with NaN for forbidden pairs; refuses NaN and ±inf given."""
    import numpy as np

    n_mentees, n_mentors = _check_shape(scores, capacities)
    try:
        matrix = np.array(scores, dtype=np.float64).reshape(n_mentees, n_mentors)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Оценки должны быть числами или None: {exc}") from None
    forbidden = sum(row.count(None) for row in scores)
    if np.isinf(matrix).any() or int(np.isnan(matrix).sum()) != forbidden:
        raise ValueError("Оценки должны быть конечными числами (None — запрещённая пара)")
    return matrix


def _checked_fixed(matrix: FloatMatrix, capacities: Sequence[int],
                   fixed: Mapping[int, int]) -> dict[int, int]:
    import numpy as np

    n_mentees, n_mentors = matrix.shape
    used = [0] * n_mentors
    for mentee, mentor in fixed.items():
        if not 0 <= mentee < n_mentees:
            raise ValueError(f"Закреплён несуществующий наставляемый {mentee}")
        if not 0 <= mentor < n_mentors:
            raise ValueError(f"Наставляемый {mentee} закреплён за несуществующим наставником "
                             f"{mentor}")
        if np.isnan(matrix[mentee, mentor]):
            raise ValueError(f"Закреплённая пара {mentee}–{mentor} запрещена")
        used[mentor] += 1
        if used[mentor] > capacities[mentor]:
            raise ValueError(f"За наставником {mentor} закреплено больше наставляемых, чем его "
                             f"ёмкость {capacities[mentor]}")
    return dict(fixed)


def _optimal(matrix: FloatMatrix, capacities: Sequence[int],
             objective: Objective) -> dict[int, int]:
    """Optimal pairs (row → mentor) of a free sub-problem; unmatched rows are left out."""
    import numpy as np

    weights = _weights(matrix, objective)
    allowed = ~np.isnan(weights)
    # A mentor never needs more slots than there are mentees it may take.
    caps = np.minimum(np.asarray(capacities, dtype=np.int64), allowed.sum(axis=0))
    slot_mentor: IntVector = np.repeat(np.arange(len(caps)), caps)
    if len(slot_mentor) == 0:
        return {}
    pair = np.where(allowed, weights, -np.inf)[:, slot_mentor]
    # Every row of the assignment table gets matched, so its rows are the smaller side.
    mentees_are_rows = pair.shape[0] <= pair.shape[1]
    table = pair if mentees_are_rows else pair.T
    found = _assign(table, objective)
    if mentees_are_rows:
        return {int(i): int(slot_mentor[s]) for i, s in found.items()}
    return {int(i): int(slot_mentor[s]) for s, i in found.items()}


def _assign(table: FloatMatrix, objective: Objective) -> dict[int, int]:
    """A maximum-weight matching of `table` (rows ≤ columns, -inf = no edge) as row → column.

    Rows may stay unmatched through zero-weight dummy columns. A dummy per row doubles the solver's
    work, so only as many are added as can be needed. With `most` the largest number of pairs
    possible, the coverage optimum makes exactly `most` pairs: rows − most dummies. The best total
    over matchings of exactly p pairs is concave in p, so for the score optimum rows − most + 1
    dummies suffice whenever the solution leaves one of them unused (it then makes `most` pairs and
    fewer pairs cannot do better); otherwise the table is solved again with a dummy per row.
    """
    n_rows = table.shape[0]
    most = _most_pairs(table)
    if objective == "coverage":
        return _assign_with_dummies(table, n_rows - most)
    dummies = min(n_rows - most + 1, n_rows)
    found = _assign_with_dummies(table, dummies)
    if len(found) < most and dummies < n_rows:
        found = _assign_with_dummies(table, n_rows)
    return found


def _most_pairs(table: FloatMatrix) -> int:
    import numpy as np
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import maximum_bipartite_matching

    edges = csr_array(np.isfinite(table))
    return int((maximum_bipartite_matching(edges, perm_type="column") >= 0).sum())


def _assign_with_dummies(table: FloatMatrix, dummies: int) -> dict[int, int]:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    n_rows, n_columns = table.shape
    full = np.hstack([table, np.zeros((n_rows, dummies))]) if dummies else table
    rows, columns = linear_sum_assignment(full, maximize=True)
    real = columns < n_columns
    return dict(zip(rows[real].tolist(), columns[real].tolist(), strict=True))


def _weights(matrix: FloatMatrix, objective: Objective) -> FloatMatrix:
    """Integer-valued weights of allowed pairs (NaN elsewhere); "unmatched" weighs zero.

    score:    q·K + 1 with K above the number of pairs, so the total q decides and the pair count
              breaks ties; pairs with q < 0 are dropped (they could only lower the total).
    coverage: q + M with M above any spread of total q, so the pair count decides first.
    q is the score in units of 10^-decimals.
    """
    import numpy as np

    n_rows = matrix.shape[0]
    for decimals in range(SCORE_DECIMALS, -16, -1):
        q = np.round(matrix * 10.0**decimals)
        if objective == "score":
            q[q < 0] = np.nan
        top = float(np.nanmax(np.abs(q), initial=0.0))
        if objective == "score":
            factor = float(n_rows + 1)
            weights = q * factor + 1
            bound = n_rows * (top * factor + 1)
        else:
            big = 2.0 * n_rows * top + 1
            weights = q + big
            bound = n_rows * (top + big)
        if bound < _EXACT_LIMIT:
            return weights
    raise ValueError("Оценки слишком велики для точного подбора")
