"""The exact matching solver against a greedy baseline on a school-district-sized instance.

    python benchmarks/matching.py [--seed 2025] [--mentees 2000] [--mentors 500] [--objective score]
                                  [--skip-random] [--skip-database]

Part 1 (random table): times `solve` end to end (from the list-of-lists table to the assignment;
the first call also imports scipy, later calls show the solver alone), runs `greedy` on the same
instance, and prints both totals, matched counts and the ratio of totals.

Part 2 (database): writes a temporary SQLite database with the mentees and admitted mentors of
three forms of mentoring (bulk inserts), then times the curator's path — load the programme,
score every pair (`services.matching.run.load_instance`) and solve form by form
(`services.matching.run.solve_instance`) — and
`run_matching` as a whole (with the explanation of every proposal and the quality report). The
greedy baseline and the solver on the whole table at once run on the same instance. Run it in a
fresh process: the first pass pays for importing numpy and scipy, as the app's first match does.

Target: under 2 s for 2,000 mentees × 500 mentors with capacities 1–5.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nastavnik_desktop.services.matching.solver import greedy, quality, solve

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


def random_part(args: argparse.Namespace) -> None:
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


# form code → share of mentees, share of mentors
FORM_SHARES = {"pupil_pupil": (0.6, 0.55), "teacher_teacher": (0.1, 0.15),
               "employer_pupil": (0.3, 0.3)}
HOBBIES = ("шахматы", "робототехника", "волейбол", "футбол", "рисование", "музыка", "театр",
           "туризм", "программирование", "фотография", "чтение", "волонтёрство", "танцы")
EXCLUSIONS = 300
EXISTING_PAIRS = 60


def build_database(path: Path, seed: int, n_mentees: int, n_mentors: int) -> int:
    """A programme with `n_mentees` mentees and `n_mentors` admitted mentors; its id.

    Rows go in with Core `insert` executemany (a few thousand rows a statement), not the ORM.
    A few pairs already exist (their mentees stay out, their mentors have fewer places) and a
    few pairs are excluded by the curator.
    """
    from sqlalchemy import insert, select

    from nastavnik_desktop.data import models as m
    from nastavnik_desktop.data.db import open_database
    from nastavnik_desktop.services.programme import create_school_and_programme

    rng = random.Random(seed)
    db = open_database(path)
    programme_id = create_school_and_programme(
        db, school_full_name="МБОУ «СОШ № 1»", school_year="2025/2026").id
    with db.engine.begin() as conn:
        forms = dict(conn.execute(select(m.MentoringForm.code, m.MentoringForm.id)).all())
        requests = {audience: [r for (r,) in conn.execute(
            select(m.MenteeRequest.id).where(m.MenteeRequest.audience == audience))]
            for audience in ("pupil", "teacher")}
        people: list[dict[str, object]] = []
        mentees: list[dict[str, object]] = []
        mentee_requests: list[dict[str, object]] = []
        mentors: list[dict[str, object]] = []
        mentor_requests: list[dict[str, object]] = []
        codes = list(FORM_SHARES)

        def person(**fields: object) -> int:
            people.append({"id": len(people) + 1, "last_name": f"Фамилия{len(people)}",
                           "first_name": "Имя", "class_name": "", "experience_years": None,
                           "birth_date": None, **fields})
            return len(people)

        for i in range(n_mentees):
            code = rng.choices(codes, [share for share, _ in FORM_SHARES.values()])[0]
            teacher = code == "teacher_teacher"
            grade = rng.randint(5, 8) if code == "pupil_pupil" else rng.randint(8, 11)
            pid = (person(category="staff", experience_years=rng.randint(0, 6),
                          birth_date=dt.date(rng.randint(1990, 2002), 5, 1)) if teacher
                   else person(category="pupil", class_name=f"{grade}{rng.choice('АБВГ')}",
                               birth_date=dt.date(2025 - 6 - grade, rng.randint(1, 12), 1)))
            mentees.append({"id": i + 1, "programme_id": programme_id, "person_id": pid,
                            "form_id": forms[code], "status": "in_base",
                            "requests_note": "интересуется " + ", ".join(rng.sample(HOBBIES, 2))})
            pool = requests["teacher" if teacher else "pupil"]
            mentee_requests += [{"mentee_profile_id": i + 1, "request_id": r}
                                for r in rng.sample(pool, rng.randint(1, 3))]
        for j in range(n_mentors):
            code = rng.choices(codes, [share for _, share in FORM_SHARES.values()])[0]
            teacher = code == "teacher_teacher"
            pid = (person(category="pupil", class_name=f"{rng.randint(9, 11)}{rng.choice('АБВ')}")
                   if code == "pupil_pupil"
                   else person(category="staff", experience_years=rng.randint(5, 35))
                   if teacher else person(category="employee"))
            low = rng.choice((22, 25)) if teacher else rng.randint(10, 15)
            mentors.append({"id": j + 1, "programme_id": programme_id, "person_id": pid,
                            "form_id": forms[code], "status": "admitted",
                            "competencies": "профориентация, проектная работа",
                            "interests": ", ".join(rng.sample(HOBBIES, 2)),
                            "desired_age_min": low, "desired_age_max": low + rng.randint(3, 15),
                            "time_hours_per_month": float(rng.choice((0, 2, 4, 6, 8))),
                            "capacity": rng.randint(1, 5)})
            pool = requests["teacher" if teacher else "pupil"]
            mentor_requests += [{"mentor_profile_id": j + 1, "request_id": r}
                                for r in rng.sample(pool, min(len(pool), rng.randint(2, 5)))]
        conn.execute(insert(m.Person), people)
        conn.execute(insert(m.MenteeProfile), mentees)
        conn.execute(insert(m.MenteeProfileRequest), mentee_requests)
        conn.execute(insert(m.MentorProfile), mentors)
        conn.execute(insert(m.MentorProfileRequest), mentor_requests)
        excluded = dict.fromkeys(
            (mentor["person_id"], mentee["person_id"])
            for mentor, mentee in ((rng.choice(mentors), rng.choice(mentees))
                                   for _ in range(EXCLUSIONS * 3))
            if mentor["form_id"] == mentee["form_id"])
        conn.execute(insert(m.MatchingExclusion), [
            {"programme_id": programme_id, "mentor_person_id": mentor, "mentee_person_id": mentee,
             "reason": "родственники"} for mentor, mentee in list(excluded)[:EXCLUSIONS]])
        paired = rng.sample(mentees, EXISTING_PAIRS)
        for k, mentee in enumerate(paired):
            mentor = next(mo for mo in mentors if mo["form_id"] == mentee["form_id"])
            conn.execute(insert(m.MentoringPair), {
                "id": k + 1, "programme_id": programme_id, "mentor_profile_id": mentor["id"],
                "form_id": mentee["form_id"], "status": "working"})
            conn.execute(insert(m.PairMentee), {"pair_id": k + 1,
                                                "mentee_profile_id": mentee["id"]})
    db.close()
    return programme_id


def database_part(args: argparse.Namespace) -> None:
    from nastavnik_desktop.data.db import open_database

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        started = time.perf_counter()
        programme_id = build_database(path, args.seed, args.mentees, args.mentors)
        print(f"\ndatabase: {args.mentees} mentees × {args.mentors} admitted mentors in "
              f"{len(FORM_SHARES)} forms, written in {time.perf_counter() - started:.2f} s")
        db = open_database(path)
        try:
            measure_database(db, programme_id, args.objective)
        finally:
            db.close()


def measure_database(db: object, programme_id: int, objective: str) -> None:
    from nastavnik_desktop.services.matching.run import load_instance, run_matching, solve_instance

    passes = []
    for _ in range(4):
        started = time.perf_counter()
        instance = load_instance(db, programme_id)  # type: ignore[arg-type]
        loaded = time.perf_counter()
        assignment = solve_instance(instance, objective)  # type: ignore[arg-type]
        passes.append((loaded - started, time.perf_counter() - loaded))
    (cold_load, cold_solve), warm = passes[0], passes[1:]
    capacities = instance.capacities
    print(f"instance: {len(instance.mentees)} free mentees × {len(instance.mentors)} mentors, "
          f"{sum(capacities)} free places, "
          f"{sum(s is None for row in instance.scores for s in row)} forbidden pairs")
    print(f"load + score: {cold_load:.3f} s first, "
          f"{statistics.median(t for t, _ in warm):.3f} s warm (median of 3)")
    print(f"solve by form: {cold_solve:.3f} s first, "
          f"{statistics.median(t for _, t in warm):.3f} s warm")
    end_to_end = cold_load + cold_solve
    print(f"from database to assignment: {end_to_end:.3f} s first, "
          f"{statistics.median(a + b for a, b in warm):.3f} s warm")

    started = time.perf_counter()
    result = run_matching(db, programme_id, objective=objective)  # type: ignore[arg-type]
    print(f"run_matching (with explanations and the report): "
          f"{time.perf_counter() - started:.3f} s, {len(result.proposals)} proposals")

    started = time.perf_counter()
    whole = solve(instance.scores, capacities, objective=objective)  # type: ignore[arg-type]
    whole_time = time.perf_counter() - started
    started = time.perf_counter()
    baseline = greedy(instance.scores, capacities)
    greedy_time = time.perf_counter() - started
    exact_q = quality(instance.scores, assignment, capacities)
    whole_q = quality(instance.scores, whole, capacities)
    greedy_q = quality(instance.scores, baseline, capacities)
    print(f"solve by form:   total {exact_q.total:.1f}  matched {exact_q.matched}  "
          f"mean {exact_q.mean or 0:.1f}  lowest {exact_q.lowest}")
    print(f"solve, one table: {whole_time:.3f} s  total {whole_q.total:.1f}  "
          f"matched {whole_q.matched}")
    print(f"greedy:          {greedy_time:.3f} s  total {greedy_q.total:.1f}  "
          f"matched {greedy_q.matched}  lowest {greedy_q.lowest}")
    print(f"ratio of totals solve / greedy: {exact_q.total / greedy_q.total:.4f}")
    print(f"target database → assignment < 2 s: {'met' if end_to_end < 2.0 else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--mentees", type=int, default=2000)
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--objective", choices=("score", "coverage"), default="score")
    parser.add_argument("--skip-random", action="store_true", help="only the database part")
    parser.add_argument("--skip-database", action="store_true", help="only the random table")
    args = parser.parse_args()
    if not args.skip_random:
        random_part(args)
    if not args.skip_database:
        database_part(args)


if __name__ == "__main__":
    main()
