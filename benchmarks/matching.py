"""The exact matching solver against a greedy baseline on a school-district-sized instance.

    python benchmarks/matching.py [--seed 2025] [--mentees 2000] [--mentors 500] [--objective score]

Times `solve` end to end (from the list-of-lists table to the assignment; the first call also
imports scipy, later calls show the solver alone), runs `greedy` on the
same instance, and prints both totals, matched counts and the ratio of totals. Target: solve under
2 s for 2,000 mentees × 500 mentors with capacities 1–5.

`build_instance` makes a random but plausible table; replace it with scores built from the
database when the score builder exists.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nastavnik_desktop.services.matching import greedy, quality, solve

REQUESTS = 11  # kinds of mentee request (Р-145 п. 3.2)
FORBIDDEN_SHARE = 0.2


def build_instance(seed: int, n_mentees: int = 2000, n_mentors: int = 500,
                   ) -> tuple[list[list[float | None]], list[int]]:
    """Scores (mentees × mentors, None = forbidden) and capacities 1–5, reproducible by seed.

    A mentee has 1–3 requests and an age; a mentor covers 2–5 request kinds, prefers an age band
    and has a time resource. The score rewards covered requests and a fitting age, in tenths.
    About a fifth of the pairs are forbidden (same class, relatives, no consent for the form …).
    """
    rng = random.Random(seed)
    mentees = [(set(rng.sample(range(REQUESTS), rng.randint(1, 3))), rng.randint(10, 18))
               for _ in range(n_mentees)]
    mentors = [(set(rng.sample(range(REQUESTS), rng.randint(2, 5))), rng.randint(10, 16))
               for _ in range(n_mentors)]
    capacities = [rng.randint(1, 5) for _ in range(n_mentors)]
    scores: list[list[float | None]] = []
    for requests, age in mentees:
        row: list[float | None] = []
        for competencies, preferred_age in mentors:
            if rng.random() < FORBIDDEN_SHARE:
                row.append(None)
                continue
            covered = len(requests & competencies) / len(requests)
            age_fit = max(0.0, 1.0 - abs(age - preferred_age) / 4)
            row.append(round(7.0 * covered + 3.0 * age_fit + rng.random(), 1))
        scores.append(row)
    return scores, capacities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--mentees", type=int, default=2000)
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--objective", choices=("score", "coverage"), default="score")
    args = parser.parse_args()

    started = time.perf_counter()
    scores, capacities = build_instance(args.seed, args.mentees, args.mentors)
    built = time.perf_counter() - started
    print(f"instance: {args.mentees} mentees × {args.mentors} mentors, "
          f"{sum(capacities)} places, built in {built:.2f} s")

    started = time.perf_counter()
    exact = solve(scores, capacities, objective=args.objective)
    solve_time = time.perf_counter() - started  # cold: includes importing scipy
    warm_times = []
    for _ in range(3):
        started = time.perf_counter()
        solve(scores, capacities, objective=args.objective)
        warm_times.append(time.perf_counter() - started)
    started = time.perf_counter()
    baseline = greedy(scores, capacities)
    greedy_time = time.perf_counter() - started

    exact_q = quality(scores, exact, capacities)
    greedy_q = quality(scores, baseline, capacities)
    print(f"solve ({args.objective}): {solve_time:.3f} s first call, "
          f"{statistics.median(warm_times):.3f} s warm (median of 3)")
    print(f"solve:           total {exact_q.total:.1f}  "
          f"matched {exact_q.matched}  lowest {exact_q.lowest}")
    print(f"greedy:          {greedy_time:.3f} s  total {greedy_q.total:.1f}  "
          f"matched {greedy_q.matched}  lowest {greedy_q.lowest}")
    print(f"ratio of totals solve / greedy: {exact_q.total / greedy_q.total:.4f}")
    print(f"target solve < 2 s: {'met' if solve_time < 2.0 else 'MISSED'}")


if __name__ == "__main__":
    main()
