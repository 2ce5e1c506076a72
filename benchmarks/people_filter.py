"""Search and filters of the «Наставляемые» page over a large base.

    python benchmarks/people_filter.py [--people 5000] [--runs 15]

Builds a temporary database with `--people` mentees (pupils of 5–11 grades with requests,
consents and some pairs), then times on the real page (offscreen): loading the base, a search
keystroke, a filter change and a sort by class — each until the table has been repainted.
Prints the median and the worst run in milliseconds. Target: a filter update under 50 ms.
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

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert, select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import (
    ConsentGiver,
    ConsentKind,
    MenteeStatus,
    PersonCategory,
    RequestAudience,
)
from nastavnik_desktop.data.models import (
    Consent,
    MenteeProfile,
    MenteeProfileRequest,
    MenteeRequest,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
)
from nastavnik_desktop.services.programme import create_school_and_programme
from nastavnik_desktop.ui.models.people_model import COL_PLACE
from nastavnik_desktop.ui.pages.people import MenteesPage

SURNAMES = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
            "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
            "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев")
NAMES = ("Александр", "Максим", "Иван", "Артём", "Дмитрий", "Никита", "Михаил", "Даниил",
         "Егор", "Андрей", "Кирилл", "Илья", "Матвей", "Тимофей", "Роман")
PATRONYMICS = ("Александрович", "Сергеевич", "Игоревич", "Андреевич", "Дмитриевич",
               "Олегович", "Викторович")


def build_base(db: Database, programme_id: int, people: int, rng: random.Random) -> None:
    today = dt.date.today()
    with db.transaction() as session:
        forms = list(session.scalars(select(MentoringForm.id).order_by(MentoringForm.id)))[:3]
        requests = list(session.scalars(select(MenteeRequest.id).where(
            MenteeRequest.audience == RequestAudience.PUPIL)))
        first_id = (session.scalar(select(Person.id).order_by(Person.id.desc())) or 0) + 1
        person_rows, consent_rows, profile_rows, link_rows = [], [], [], []
        for n in range(people):
            person_id = first_id + n
            grade = rng.randint(5, 11)
            person_rows.append({
                "id": person_id, "last_name": rng.choice(SURNAMES) + str(n),
                "first_name": rng.choice(NAMES), "middle_name": rng.choice(PATRONYMICS),
                "category": PersonCategory.PUPIL.value,
                "class_name": f"{grade}{rng.choice('АБВГ')}",
                "birth_date": dt.date(today.year - 6 - grade, rng.randint(1, 12),
                                      rng.randint(1, 28))})
            if rng.random() > 0.05:
                consent_rows.append({"person_id": person_id,
                                     "kind": ConsentKind.PERSONAL_DATA.value,
                                     "given_on": today - dt.timedelta(days=rng.randint(1, 300)),
                                     "given_by": ConsentGiver.PARENT.value,
                                     "given_by_name": "Иванова Мария Петровна"})
            profile_rows.append({"id": n + 1, "programme_id": programme_id,
                                 "person_id": person_id, "form_id": rng.choice(forms),
                                 "status": MenteeStatus.IN_BASE.value})
            for request in rng.sample(requests, rng.randint(1, 3)):
                link_rows.append({"mentee_profile_id": n + 1, "request_id": request})
        session.execute(insert(Person), person_rows)
        session.execute(insert(Consent), consent_rows)
        session.execute(insert(MenteeProfile), profile_rows)
        session.execute(insert(MenteeProfileRequest), link_rows)
        mentor = Person(last_name="Наставников", first_name="Пётр",
                        category=PersonCategory.STAFF)
        session.add(mentor)
        session.flush()
        mentor_profile = MentorProfile(programme_id=programme_id, person_id=mentor.id,
                                       form_id=forms[0], capacity=people // 10)
        session.add(mentor_profile)
        session.flush()
        for n in range(0, people, 10):
            pair = MentoringPair(programme_id=programme_id,
                                 mentor_profile_id=mentor_profile.id, form_id=forms[0])
            session.add(pair)
            session.flush()
            session.add(PairMentee(pair_id=pair.id, mentee_profile_id=n + 1))


def timed(app: QApplication, runs: int, action: Callable[[int], None]) -> list[float]:
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
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.sqlite")
        programme = create_school_and_programme(db, school_full_name="Школа № 1",
                                                school_year="2025/2026")
        build_base(db, programme.id, args.people, random.Random(1))

        page = MenteesPage(db, programme.id)
        page.resize(1000, 700)
        page.show()
        app.processEvents()
        print(f"{page.model.total_count()} people in the base; {args.runs} runs each")

        report("load the base (refresh)", timed(app, max(3, args.runs // 3),
                                                lambda _run: page.refresh()))
        words = ("и", "ив", "ива", "иван", "иванов", "иванов1")

        def keystroke(run: int) -> None:
            page.search_edit.setText(words[run % len(words)])

        report("search keystroke", timed(app, args.runs, keystroke))
        page.search_edit.clear()
        app.processEvents()

        classes = [page.class_combo.itemData(i) for i in range(page.class_combo.count())]

        def class_filter(run: int) -> None:
            page.class_combo.setCurrentIndex(run % len(classes))

        report("filter change (class)", timed(app, args.runs, class_filter))
        page.class_combo.setCurrentIndex(0)

        def without_pair(run: int) -> None:
            page.without_pair_check.setChecked(run % 2 == 0)

        report("filter change (without pair)", timed(app, args.runs, without_pair))
        page.without_pair_check.setChecked(False)

        def sort_by_class(run: int) -> None:
            page.table.sortByColumn(COL_PLACE, Qt.SortOrder.AscendingOrder if run % 2 == 0
                                    else Qt.SortOrder.DescendingOrder)

        report("sort by class (header click)", timed(app, args.runs, sort_by_class))

        page.table.selectAll()
        app.processEvents()
        report("search keystroke, all rows selected", timed(app, args.runs, keystroke))
        page.close()
        db.close()


if __name__ == "__main__":
    main()
