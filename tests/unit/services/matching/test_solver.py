"""The exact matching solver: optimal against brute force, never breaks a rule, explains gaps."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
from collections.abc import Mapping, Sequence

import pytest

from nastavnik_desktop.services.matching.solver import (
    Objective,
    UnmatchedReason,
    greedy,
    quality,
    solve,
)

Table = list[list[float | None]]
# Zeros and negatives are frequent on purpose: they decide the tie and sign rules.
SCORE_CHOICES = (-3.0, -0.5, 0.0, 0.0, 0.0, 1.0, 1.0, 2.5, 3.0, 4.25, 7.0)


def random_instance(rng: random.Random) -> tuple[Table, list[int]]:
    n_mentees, n_mentors = rng.randint(0, 5), rng.randint(0, 3)
    forbidden_share = rng.choice((0.0, 0.3, 0.6))
    scores: Table = [[None if rng.random() < forbidden_share else rng.choice(SCORE_CHOICES)
                      for _ in range(n_mentors)] for _ in range(n_mentees)]
    capacities = [rng.randint(0, 2) for _ in range(n_mentors)]
    return scores, capacities


def random_fixed(rng: random.Random, scores: Table, capacities: list[int]) -> dict[int, int]:
    fixed: dict[int, int] = {}
    left = list(capacities)
    for mentee, row in enumerate(scores):
        allowed = [j for j, score in enumerate(row) if score is not None and left[j] > 0]
        if allowed and rng.random() < 0.3:
            fixed[mentee] = rng.choice(allowed)
            left[fixed[mentee]] -= 1
    return fixed


def is_valid(scores: Table, capacities: Sequence[int], assignment: Sequence[int | None],
             fixed: Mapping[int, int]) -> bool:
    loads = [0] * len(capacities)
    for mentee, mentor in enumerate(assignment):
        if mentor is not None:
            if scores[mentee][mentor] is None:
                return False
            loads[mentor] += 1
    return (all(load <= cap for load, cap in zip(loads, capacities, strict=True))
            and all(assignment[i] == j for i, j in fixed.items()))


def key(scores: Table, assignment: Sequence[int | None],
        objective: Objective) -> tuple[float, float]:
    pairs = [scores[i][j] for i, j in enumerate(assignment) if j is not None]
    total = round(sum(s for s in pairs if s is not None), 6)
    return (total, len(pairs)) if objective == "score" else (len(pairs), total)


def brute_force_best(scores: Table, capacities: list[int], objective: Objective,
                     fixed: Mapping[int, int]) -> tuple[float, float]:
    choices: list[int | None] = [None, *range(len(capacities))]
    candidates = (list(a) for a in itertools.product(choices, repeat=len(scores)))
    return max(key(scores, a, objective) for a in candidates
               if is_valid(scores, capacities, a, fixed))


@pytest.mark.parametrize("objective", ["score", "coverage"])
def test_solve_equals_brute_force_optimum_on_small_random_instances(objective: Objective) -> None:
    rng = random.Random(20250905)
    for _ in range(400):
        scores, capacities = random_instance(rng)
        fixed = random_fixed(rng, scores, capacities)
        assignment = solve(scores, capacities, objective, fixed=fixed)
        assert len(assignment) == len(scores)
        assert is_valid(scores, capacities, assignment, fixed), (scores, capacities, assignment)
        assert key(scores, assignment, objective) == brute_force_best(
            scores, capacities, objective, fixed), (scores, capacities, fixed, assignment)


def test_a_mentor_with_capacity_takes_a_group() -> None:
    scores: Table = [[5.0, 1.0], [4.0, 1.0], [3.0, 1.0], [2.0, 1.0]]
    assert solve(scores, [3, 1]) == [0, 0, 0, 1]


def test_score_objective_makes_zero_pairs_but_never_negative_ones() -> None:
    scores: Table = [[0.0], [-1.0]]
    assert solve(scores, [2], "score") == [0, None]
    assert solve(scores, [2], "coverage") == [0, 0]


def test_score_objective_prefers_more_pairs_among_equal_totals() -> None:
    # Anna scores 5 with either mentor; Boris may only go to mentor 0, at zero.
    scores: Table = [[5.0, 5.0], [0.0, None]]
    assert solve(scores, [1, 1], "score") == [1, 0]


def test_coverage_and_score_objectives_differ() -> None:
    # Mentor 0 fits Anna best, but Boris can have nobody else.
    scores: Table = [[10.0, 1.0], [1.0, None]]
    assert solve(scores, [1, 1], "score") == [0, None]
    assert solve(scores, [1, 1], "coverage") == [1, 0]


def test_score_optimum_may_make_far_fewer_pairs_than_possible() -> None:
    # Two copies of the instance above: the best total leaves two mentees out of four possible.
    scores: Table = [[10.0, 1.0, None, None], [1.0, None, None, None],
                     [None, None, 10.0, 1.0], [None, None, 1.0, None]]
    assert solve(scores, [1, 1, 1, 1], "score") == [0, None, 2, None]
    assert solve(scores, [1, 1, 1, 1], "coverage") == [1, 0, 3, 2]


def test_forbidden_pairs_are_never_chosen_even_when_it_leaves_mentees_out() -> None:
    scores: Table = [[None, 1.0], [None, 2.0], [None, 3.0]]
    assignment = solve(scores, [5, 1], "coverage")
    assert assignment == [None, None, 1]


def test_fixed_pairs_stay_and_use_up_capacity() -> None:
    scores: Table = [[9.0, 1.0], [1.0, 8.0], [7.0, 2.0]]
    assert solve(scores, [1, 2]) == [0, 1, 1]
    assert solve(scores, [1, 2], fixed={2: 0}) == [1, 1, 0]


@pytest.mark.parametrize(("fixed", "message"), [
    ({0: 1}, "запрещена"),
    ({0: 0, 1: 0}, "ёмкость"),
    ({5: 0}, "несуществующий наставляемый"),
    ({0: 7}, "несуществующим наставником"),
])
def test_bad_fixed_pair_is_refused(fixed: dict[int, int], message: str) -> None:
    scores: Table = [[1.0, None], [2.0, 3.0]]
    with pytest.raises(ValueError, match=message):
        solve(scores, [1, 1], fixed=fixed)


@pytest.mark.parametrize(("scores", "capacities", "message"), [
    ([[1.0, 2.0], [1.0]], [1, 1], "значений"),
    ([[1.0]], [-1], "Ёмкость"),
    ([[1.0]], [1.5], "Ёмкость"),
    ([[float("nan")]], [1], "конечными"),
    ([[float("inf")]], [1], "конечными"),
    ([["a"]], [1], "числами"),
])
def test_malformed_input_is_refused(scores: Table, capacities: list[int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        solve(scores, capacities)


def test_unknown_objective_is_refused() -> None:
    with pytest.raises(ValueError, match="цель"):
        solve([[1.0]], [1], objective="fairness")  # type: ignore[arg-type]


def test_empty_inputs() -> None:
    assert solve([], []) == []
    assert solve([], [2, 3]) == []
    assert solve([[], []], []) == [None, None]
    assert solve([[1.0], [2.0]], [0]) == [None, None]
    empty = quality([], [], [1])
    assert (empty.total, empty.mean, empty.lowest, empty.matched, empty.loads) == (
        0, None, None, 0, (0,))


def test_quality_figures() -> None:
    scores: Table = [[4.0, 1.0], [2.0, 6.0], [3.0, None]]
    capacities = [2, 1]
    result = quality(scores, solve(scores, capacities), capacities)
    assert (result.total, result.mean, result.lowest) == (13.0, 13.0 / 3, 3.0)
    assert (result.matched, result.unmatched, result.reasons) == (3, 0, {})
    assert result.loads == (2, 1)
    assert result.overloaded == ()


def test_quality_explains_every_unmatched_mentee() -> None:
    scores: Table = [
        [5.0, None, 1.0],   # matched to mentor 0
        [4.0, None, 2.0],   # mentor 0 is full, mentor 1 forbidden, mentor 2 has no places
        [None, None, 3.0],  # only mentor 2 allowed, and it takes nobody
        [-1.0, 2.0, None],  # mentor 1 is free, but only for Boris below
        [None, 3.0, None],
    ]
    capacities = [1, 2, 0]
    assignment = solve(scores, capacities, "score")
    assert assignment == [0, None, None, 1, 1]
    result = quality(scores, assignment, capacities)
    assert result.unmatched == 2
    assert result.reasons == {1: UnmatchedReason.ALL_FULL, 2: UnmatchedReason.ALL_FORBIDDEN}


def test_quality_reports_a_mentee_left_out_beside_free_places() -> None:
    scores: Table = [[-2.0, None]]
    capacities = [1, 1]
    assignment = solve(scores, capacities, "score")
    assert assignment == [None]
    assert quality(scores, assignment, capacities).reasons == {
        0: UnmatchedReason.FREE_PLACES_LEFT}


def test_quality_says_when_there_are_no_mentors_at_all() -> None:
    assert quality([[]], [None], []).reasons == {0: UnmatchedReason.NO_MENTORS}
    assert quality([[1.0]], [None], [0]).reasons == {0: UnmatchedReason.NO_MENTORS}
    assert str(UnmatchedReason.NO_MENTORS) == "нет допущенного наставника этой формы"


def test_quality_reports_overload_and_refuses_forbidden_pairs() -> None:
    scores: Table = [[1.0, None], [2.0, 1.0]]
    assert quality(scores, [0, 0], [1, 1]).overloaded == (0,)
    with pytest.raises(ValueError, match="запрещена"):
        quality(scores, [1, 0], [1, 1])
    with pytest.raises(ValueError, match="наставляемых"):
        quality(scores, [0], [1, 1])


def test_greedy_is_valid_and_never_beats_solve() -> None:
    rng = random.Random(7)
    for _ in range(200):
        scores, capacities = random_instance(rng)
        baseline = greedy(scores, capacities)
        assert is_valid(scores, capacities, baseline, {})
        assert key(scores, baseline, "score") <= key(scores, solve(scores, capacities), "score")


def test_solve_on_a_medium_instance_keeps_every_rule() -> None:
    rng = random.Random(3)
    scores: Table = [[None if rng.random() < 0.2 else round(rng.uniform(0, 10), 1)
                      for _ in range(40)] for _ in range(300)]
    capacities = [rng.randint(1, 5) for _ in range(40)]
    for objective in ("score", "coverage"):
        assignment = solve(scores, capacities, objective)
        assert is_valid(scores, capacities, assignment, {})
        result = quality(scores, assignment, capacities)
        assert result.matched == min(300, sum(capacities))
        assert result.total >= quality(scores, greedy(scores, capacities), capacities).total


def test_importing_the_matching_area_does_not_load_scipy() -> None:
    code = ("import sys, nastavnik_desktop.services.matching.session; "
            "sys.exit('scipy' in sys.modules or 'numpy' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
