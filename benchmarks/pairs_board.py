"""The pair board «Пары и группы» with a thousand pairs.

    python benchmarks/pairs_board.py [--pairs 1000] [--runs 15] [--png board.png]

Builds a temporary database with `--pairs` pairs and groups (a mentor each, one to three mentees,
three meetings, statuses spread over the columns) and 200 mentees without a pair, then times the
service's `board()` and, on the real page (offscreen), a full reload, filter changes, and a move
with its undo — each until the window has been repainted. Prints the median and the worst run in
milliseconds. `--png` saves a picture of the page. Target: a filter change under 50 ms.
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

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication
from sqlalchemy import insert, select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import (
    MeetingKind,
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PersonCategory,
)
from nastavnik_desktop.data.models import (
    Meeting,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
)
from nastavnik_desktop.services import pairs
from nastavnik_desktop.services.programme import create_school_and_programme
from nastavnik_desktop.ui.pages.pairs_board import PairsBoardPage

SURNAMES = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
            "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев")
NAMES = ("Александр", "Максим", "Иван", "Артём", "Дмитрий", "Никита", "Михаил", "Даниил")
PATRONYMICS = ("Александрович", "Сергеевич", "Игоревич", "Андреевич", "Дмитриевич")
STATUS_WEIGHTS = {PairStatus.FORMED: 2, PairStatus.ACQUAINTANCE: 2, PairStatus.PLANNING: 2,
                  PairStatus.WORKING: 5, PairStatus.RESULTS: 2, PairStatus.COMPLETED: 1,
                  PairStatus.TERMINATED: 1}
UNMATCHED = 200


def build_pairs(db: Database, programme_id: int, count: int, rng: random.Random) -> None:
    """`count` pairs and groups, their people and meetings, in bulk inserts."""
    today = dt.date.today()
    start = today - dt.timedelta(days=80)
    with db.transaction() as session:
        forms = list(session.scalars(select(MentoringForm.id).order_by(MentoringForm.id)))[:2]
        people: list[dict[str, Any]] = []
        mentees: list[dict[str, Any]] = []
        mentors, pair_rows, members, meetings = [], [], [], []
        statuses = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()),
                               k=count)

        def person(category: PersonCategory, grade: int) -> int:
            person_id = len(people) + 1
            people.append({"id": person_id, "last_name": f"{rng.choice(SURNAMES)}{person_id}",
                           "first_name": rng.choice(NAMES),
                           "middle_name": rng.choice(PATRONYMICS), "category": category.value,
                           "class_name": f"{grade}{rng.choice('АБВГ')}"})
            return person_id

        def mentee(form_id: int, status: MenteeStatus) -> int:
            mentees.append({"id": len(mentees) + 1, "programme_id": programme_id,
                            "person_id": person(PersonCategory.PUPIL, rng.randint(5, 8)),
                            "form_id": form_id, "status": status.value})
            return len(mentees)

        for n, status in enumerate(statuses, start=1):
            form_id = rng.choice(forms)
            size = rng.choices((1, 2, 3), weights=(8, 1, 1))[0]
            mentors.append({"id": n, "programme_id": programme_id, "form_id": form_id,
                            "person_id": person(PersonCategory.PUPIL, rng.randint(9, 11)),
                            "status": MentorStatus.ADMITTED.value, "capacity": size + 1})
            closed = status in (PairStatus.COMPLETED, PairStatus.TERMINATED)
            ended = today - dt.timedelta(days=3) if closed else None
            pair_rows.append({"id": n, "programme_id": programme_id, "mentor_profile_id": n,
                              "form_id": form_id, "status": status.value, "formed_on": start,
                              "status_changed_on": start, "ended_on": ended,
                              "match_score": round(rng.uniform(40, 98), 1),
                              "title": f"Группа № {n}" if size > 1 else "",
                              "close_reason": "Переезд семьи" if status is PairStatus.TERMINATED
                              else ""})
            mentee_status = {PairStatus.COMPLETED: MenteeStatus.FINISHED,
                             PairStatus.TERMINATED: MenteeStatus.IN_BASE}.get(
                status, MenteeStatus.PAIRED)
            for _ in range(size):
                members.append({"pair_id": n, "mentee_profile_id": mentee(form_id, mentee_status),
                                "joined_on": start,
                                "left_on": ended if status is PairStatus.TERMINATED else None})
            for k, kind in enumerate((MeetingKind.ACQUAINTANCE, MeetingKind.TRIAL,
                                      MeetingKind.PLANNING)):
                meetings.append({"pair_id": n, "kind": kind.value,
                                 "held_on": start + dt.timedelta(days=7 * (k + 1))})
        for _ in range(UNMATCHED):
            mentee(rng.choice(forms), MenteeStatus.IN_BASE)
        session.execute(insert(Person), people)
        session.execute(insert(MentorProfile), mentors)
        session.execute(insert(MenteeProfile), mentees)
        session.execute(insert(MentoringPair), pair_rows)
        session.execute(insert(PairMentee), members)
        session.execute(insert(Meeting), meetings)


def timed(app: QApplication, runs: int, action: Callable[[int], object]) -> list[float]:
    """Milliseconds of `action(run)` followed by the repaint of the window."""
    times = []
    for run in range(runs):
        start = time.perf_counter()
        action(run)
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    print(f"{label:<42} median {statistics.median(times):6.1f} ms   worst {max(times):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--png", type=Path, help="save a picture of the board here")
    args = parser.parse_args()

    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.sqlite")
        programme = create_school_and_programme(db, school_full_name="Школа № 1",
                                                school_year="2025/2026")
        build_pairs(db, programme.id, args.pairs, random.Random(1))
        print(f"{args.pairs} pairs and groups, {UNMATCHED} mentees without a pair; "
              f"{args.runs} runs each")
        report("service board()", timed(app, args.runs,
                                          lambda _run: pairs.board(db, programme.id)))
        report("service unmatched_mentees()", timed(
            app, args.runs, lambda _run: pairs.unmatched_mentees(db, programme.id)))

        created: list[PairsBoardPage] = []

        def build(_run: int) -> None:
            page = PairsBoardPage(db, programme.id)
            page.resize(1300, 800)
            page.show()
            created.append(page)

        report("build and show the page", timed(app, 3, build))
        page = created.pop()
        for other in created:
            other.close()
        report("full reload (refresh)", timed(app, max(3, args.runs // 3),
                                              lambda _run: page.refresh()))
        words = ("и", "ив", "ива", "иван", "иванов", "иванов1")
        report("search keystroke", timed(
            app, args.runs, lambda run: page.filters.search_edit.setText(words[run % len(words)])))
        page.filters.search_edit.clear()
        forms = page.filters.form_combo.count()
        report("filter change (form)", timed(
            app, args.runs, lambda run: page.filters.form_combo.setCurrentIndex(run % forms)))
        page.filters.form_combo.setCurrentIndex(0)
        statuses = page.filters.status_combo.count()
        report("filter change (status)", timed(
            app, args.runs, lambda run: page.filters.status_combo.setCurrentIndex(run % statuses)))
        page.filters.status_combo.setCurrentIndex(0)
        app.processEvents()

        card = page.cards_in(PairStatus.WORKING)[0]

        def move_and_undo(run: int) -> None:
            if run % 2 == 0:
                page.move_card(card.id, PairStatus.RESULTS)
            else:
                page.undo_action.trigger()

        report("move a card / undo (with reload)", timed(app, args.runs, move_and_undo))
        if args.png:
            page.grab().save(str(args.png))
            print(f"picture saved to {args.png}")
        page.close()
        db.close()


if __name__ == "__main__":
    main()
