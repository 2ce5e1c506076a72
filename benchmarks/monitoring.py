"""The monitoring dashboard on a big school: KPI, growth and rounds together.

    python benchmarks/monitoring.py [--runs 9] [--pupils 3000] [--pairs 2000] [--answers 4000]

Builds a temporary database in bulk (the demo generator allows at most one pair per five
pupils, so 2,000 pairs in a school of 3,000 pupils are inserted directly, as
benchmarks/pairs_board.py does): pupils and teachers, mentor and mentee profiles, pairs and groups
in two forms, four meetings a pair with attendance; then the four standard questionnaires put to
the programme as entry and exit rounds and `--answers` questionnaires answered through
`answers.save_many` (the one writer). Times what the dashboard computes — `kpi()` + `growth()` +
`rounds()` — and, beside it in the same run, a baseline: reading the whole `answer` table
(`SELECT question_id, value_int FROM answer`). Prints medians in milliseconds (wall clock and
CPU time of the thread: on a shared machine the CPU time is the idle machine's wall clock) and
the ratio.
Target: the dashboard under 200 ms.

Then, unless `--skip-import`, the import half of the issue: `benchmarks/answers_import.py` (a
2,000-row forms export imported against an openpyxl read of it; target under 2×).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select, text

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import (
    MeetingKind,
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PersonCategory,
    ResponseSource,
)
from nastavnik_desktop.data.models import (
    Meeting,
    MeetingAttendance,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
)
from nastavnik_desktop.services import maintenance
from nastavnik_desktop.services.monitoring import growth, kpi, swot_hints
from nastavnik_desktop.services.programme import create_school_and_programme
from nastavnik_desktop.services.questionnaires import (
    Value,
    create_round,
    questionnaires,
    rounds,
    save_many,
)
from nastavnik_desktop.services.questionnaires.standard import (
    PAIRED_PARAMETERS,
    WOULD_CONTINUE,
    WOULD_MENTOR,
)

TODAY = dt.date(2026, 5, 25)
FORMED = dt.date(2025, 10, 1)
TEACHERS = 150
SHARE_OF_ANSWERS = {"mentee_entry": 0.375, "mentee_exit": 0.275, "mentor_entry": 0.225,
                    "mentor_exit": 0.125}
"""How the answered questionnaires split between the four rounds."""


def build_school(db: Database, programme_id: int, pupils: int, pairs: int,
                 rng: random.Random) -> tuple[list[int], list[int]]:
    """Pupils, teachers, profiles, pairs, meetings with attendance, in bulk inserts; the person
    ids of the mentors and of the mentees in pairs."""
    with db.transaction() as session:
        forms = list(session.scalars(select(MentoringForm.id).order_by(MentoringForm.id)))[:2]
        people: list[dict[str, Any]] = []

        def person(category: PersonCategory, grade: int | None) -> int:
            people.append({"id": len(people) + 1, "last_name": f"Иванов{len(people) + 1}",
                           "first_name": "Иван", "middle_name": "Петрович",
                           "category": category.value,
                           "class_name": f"{grade}А" if grade else "",
                           "position": "" if grade else "учитель"})
            return len(people)

        pupil_mentors = min(pupils * 2 // 5, pairs)
        mentor_people = [person(PersonCategory.PUPIL, rng.randint(9, 11))
                         for _ in range(pupil_mentors)]
        mentee_people = [person(PersonCategory.PUPIL, rng.randint(5, 8))
                         for _ in range(pupils - pupil_mentors)]
        teacher_people = [person(PersonCategory.STAFF, None) for _ in range(TEACHERS)]
        mentors = [{"id": n, "programme_id": programme_id, "form_id": forms[0] if n <= len(
                    mentor_people) else forms[1], "person_id": pid,
                    "status": MentorStatus.ADMITTED.value, "capacity": 6}
                   for n, pid in enumerate(mentor_people + teacher_people, start=1)]
        mentees = [{"id": n, "programme_id": programme_id, "form_id": forms[0],
                    "person_id": pid, "status": MenteeStatus.PAIRED.value}
                   for n, pid in enumerate(mentee_people, start=1)]
        pair_rows, members, meetings, marks = [], [], [], []
        for n in range(1, pairs + 1):
            mentor_id = n if n <= pupil_mentors else pupil_mentors + 1 + (n % TEACHERS)
            form_id = mentors[mentor_id - 1]["form_id"]
            status = PairStatus.TERMINATED if n % 40 == 0 else PairStatus.WORKING
            pair_rows.append({"id": n, "programme_id": programme_id,
                              "mentor_profile_id": mentor_id, "form_id": form_id,
                              "status": status.value, "formed_on": FORMED,
                              "status_changed_on": FORMED,
                              "ended_on": TODAY - dt.timedelta(days=30)
                              if status is PairStatus.TERMINATED else None})
            group = [1 + (n - 1) % len(mentees)]
            if n % 5 == 0:
                group.append(1 + (n + 7) % len(mentees))
            for mentee_id in group:
                members.append({"pair_id": n, "mentee_profile_id": mentee_id,
                                "joined_on": FORMED})
            for k, kind in enumerate((MeetingKind.ACQUAINTANCE, MeetingKind.PLANNING,
                                      MeetingKind.WORKING, MeetingKind.WORKING)):
                meeting_id = len(meetings) + 1
                meetings.append({"id": meeting_id, "pair_id": n, "kind": kind.value,
                                 "held_on": FORMED + dt.timedelta(days=14 * (k + 1))})
                marks.extend({"meeting_id": meeting_id, "mentee_profile_id": mentee_id,
                              "present": rng.random() < 0.8} for mentee_id in group)
        session.execute(insert(Person), people)
        session.execute(insert(MentorProfile), mentors)
        session.execute(insert(MenteeProfile), mentees)
        session.execute(insert(MentoringPair), pair_rows)
        session.execute(insert(PairMentee), members)
        session.execute(insert(Meeting), meetings)
        session.execute(insert(MeetingAttendance), marks)
    maintenance.after_bulk_write(db, len(people) + len(meetings) + len(marks))
    in_pairs = sorted({mentee_people[m["mentee_profile_id"] - 1] for m in members})
    used_mentors = sorted({(mentor_people + teacher_people)[p["mentor_profile_id"] - 1]
                           for p in pair_rows})
    return used_mentors, in_pairs


def answer(db: Database, programme_id: int, mentor_people: list[int],
           mentee_people: list[int], total: int, rng: random.Random) -> int:
    """The four standard rounds and `total` answered questionnaires through `save_many`."""
    by_key = {q.seed_key: q for q in questionnaires(db)}
    opens = {"entry": FORMED + dt.timedelta(days=10), "exit": TODAY - dt.timedelta(days=20)}
    saved = 0
    for key, share in SHARE_OF_ANSWERS.items():
        info = by_key[key]
        phase = key.split("_")[1]
        round_id = create_round(db, programme_id, info.id, opens_on=opens[phase],
                                closes_on=opens[phase] + dt.timedelta(days=14))
        pool = mentee_people if key.startswith("mentee") else mentor_people
        chosen = rng.sample(pool, min(len(pool), round(total * share)))
        rows = []
        for person_id in chosen:
            values: dict[int, Value | None] = {}
            base = rng.randint(3, 7) + (2 if phase == "exit" else 0)
            for q in info.questions:
                assert q.id is not None
                if q.parameter in PAIRED_PARAMETERS:
                    values[q.id] = Value(number=max(1, min(10, base + rng.randint(-1, 1))))
                elif q.parameter in (WOULD_CONTINUE, WOULD_MENTOR):
                    values[q.id] = Value(number=int(rng.random() < 0.6))
            rows.append((person_id, values))
        save_many(db, round_id, rows, source=ResponseSource.IMPORT,
                  filled_on=opens[phase] + dt.timedelta(days=3))
        saved += len(rows)
    maintenance.after_bulk_write(db, saved * 8)
    return saved


def timed(runs: int, action: Callable[[], object]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (this thread's) milliseconds of each run: on a machine shared with
    other work the CPU time is what the same run takes on an idle one."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.thread_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    return wall, cpu


def report(label: str, times: tuple[list[float], list[float]]) -> tuple[float, float]:
    wall, cpu = statistics.median(times[0]), statistics.median(times[1])
    print(f"{label:<46} median {wall:7.1f} ms (CPU {cpu:6.1f} ms)   worst "
          f"{max(times[0]):7.1f} ms")
    return wall, cpu


def bench_dashboard(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.sqlite", backup_dir=Path(folder) / "b")
        programme = create_school_and_programme(db, school_full_name="Школа № 1",
                                                school_year="2025/2026")
        rng = random.Random(13)
        started = time.perf_counter()
        mentor_people, mentee_people = build_school(db, programme.id, args.pupils, args.pairs,
                                                    rng)
        built = time.perf_counter()
        saved = answer(db, programme.id, mentor_people, mentee_people, args.answers, rng)
        answered = time.perf_counter()
        with db.engine.connect() as conn:
            answer_rows = conn.execute(text("SELECT count(*) FROM answer")).scalar_one()
        print(f"{args.pupils} pupils, {TEACHERS} teachers, {args.pairs} pairs and groups, "
              f"{saved} answered questionnaires ({answer_rows} answers); built in "
              f"{built - started:.1f} s, answers saved through save_many in "
              f"{answered - built:.1f} s; {args.runs} runs each")

        def read_answers() -> None:
            with db.engine.connect() as conn:
                conn.execute(text("SELECT question_id, value_int FROM answer")).all()

        def dashboard() -> None:
            kpi(db, programme.id, on=TODAY)
            growth(db, programme.id, on=TODAY)
            rounds(db, programme.id)

        dashboard()  # a first call warms the caches as the window's first paint would
        baseline = report("baseline: read the answer table", timed(args.runs, read_answers))
        report("kpi()", timed(args.runs, lambda: kpi(db, programme.id, on=TODAY)))
        report("growth()", timed(args.runs, lambda: growth(db, programme.id, on=TODAY)))
        report("rounds()", timed(args.runs, lambda: rounds(db, programme.id)))
        total = report("dashboard: kpi() + growth() + rounds()", timed(args.runs, dashboard))
        report("swot_hints() (kpi + growth + waiting mentees)",
               timed(args.runs, lambda: swot_hints(db, programme.id, on=TODAY)))
        print(f"dashboard / baseline: {total[0] / baseline[0]:.1f}× wall, "
              f"{total[1] / baseline[1]:.1f}× CPU; target under 200 ms: "
              f"{'met' if total[0] < 200 else 'not met'} by the wall clock, "
              f"{'met' if total[1] < 200 else 'not met'} by the CPU time "
              f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--pupils", type=int, default=3000)
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--answers", type=int, default=4000)
    parser.add_argument("--skip-import", action="store_true",
                        help="only the dashboard, not the import of a forms export")
    args = parser.parse_args()
    bench_dashboard(args)
    if not args.skip_import:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import answers_import

        answers_import.main([])


if __name__ == "__main__":
    main()
