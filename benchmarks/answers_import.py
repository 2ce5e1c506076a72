"""Importing a 2,000-row online form export against openpyxl merely reading it.

    python benchmarks/answers_import.py [--rows 2000] [--runs 3]

A demo school (3,000 pupils, 600 pairs and groups) gets a round of a questionnaire for every
participant (the methodology's entry questions for mentees — five 1–10 items, a single and a
multiple choice, a text — and the two yes/no items); 2,000 of its people answer it in a Google
Forms export (.xlsx: a timestamp, an e-mail, the ФИО as typed — some in lower case, some with
«е» for «ё», some first name first — the class, one column per question). Ours: `read_answers`
(read, find the columns, match every row to a person), `plan_import` (read every value) and
`commit_import` (one `save_many`) on a fresh copy of the base each run (the copy not timed).
Baseline: `openpyxl.load_workbook(read_only=True)` iterating every row's values of the same
file. Runs are interleaved and the medians compared. Target (issue 13): under 2× the baseline.
`main()` returns the figures (the lead's `benchmarks/monitoring.py` calls it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from nastavnik_desktop.data.db import Database, open_database  # noqa: E402
from nastavnik_desktop.data.enums import (  # noqa: E402
    Audience,
    QuestionKind,
    QuestionnairePhase,
)
from nastavnik_desktop.data.models import Person  # noqa: E402
from nastavnik_desktop.demo import DemoOptions, generate_demo  # noqa: E402
from nastavnik_desktop.services import questionnaires as q  # noqa: E402
from nastavnik_desktop.services.programme import current_programme  # noqa: E402
from nastavnik_desktop.services.questionnaires import importing, standard  # noqa: E402

TODAY = dt.date(2026, 5, 20)
TARGET_RATIO = 2.0


def _questions() -> list[q.QuestionLine]:
    picked = [*standard.MENTEE_ENTRY.questions,
              *(s for s in standard.MENTEE_EXIT.questions if s.kind is QuestionKind.YES_NO)]
    return [q.QuestionLine(s.text, s.kind, s.section, s.parameter,
                           tuple(q.ChoiceLine(c) for c in s.choices)) for s in picked]


def build_school(path: Path) -> tuple[int, list[tuple[int, str, str, str, str]]]:
    """The demo school with a round for everyone; (round id, people to answer: id, last,
    first, middle, class) — the round's expected people first."""
    db = open_database(path)
    try:
        generate_demo(db, DemoOptions(today=TODAY).with_sizes(pupils=3000, teachers=200,
                                                              pairs=600))
        programme = current_programme(db)
        assert programme is not None
        template = q.create_questionnaire(db, "Анкета участника", Audience.ANY,
                                          QuestionnairePhase.OTHER, questions=_questions())
        round_id = q.create_round(db, programme.id, template, opens_on=TODAY)
        expected = q.round_people(db, round_id).expected
        with db.reading() as session:
            people = [(pid, last, first, middle or "", klass or "") for
                      pid, last, first, middle, klass in session.execute(
                          select(Person.id, Person.last_name, Person.first_name,
                                 Person.middle_name, Person.class_name)
                          .where(Person.archived.is_(False)))]
    finally:
        db.close()
    people.sort(key=lambda p: (p[0] not in expected, p[0]))
    return round_id, people


def _typed(rng: random.Random, last: str, first: str, middle: str) -> str:
    """The ФИО as a respondent types it."""
    roll = rng.random()
    if roll < 0.1:
        return f"{first} {last}"
    if roll < 0.2:
        return f"{last} {first} {middle}".lower()
    if roll < 0.3:
        return f"  {last}  {first} ".replace("ё", "е").replace("Ё", "Е")
    return f"{last} {first} {middle}".strip()


def make_export(path: Path, questions: Sequence[q.QuestionLine],
                people: Sequence[tuple[int, str, str, str, str]], rows: int,
                seed: int = 13) -> None:
    import openpyxl

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Ответы на форму (1)")
    sheet.append(["Отметка времени", "Адрес электронной почты", "ФИО", "Класс",
                  *(f"{n}. {line.text}" for n, line in enumerate(questions, start=1))])
    start = dt.datetime.combine(TODAY, dt.time(8))
    for number, (_pid, last, first, middle, klass) in enumerate(people[:rows]):
        values: list[Any] = []
        for line in questions:
            if line.kind is QuestionKind.SCALE:
                values.append(rng.randint(1, 10))
            elif line.kind is QuestionKind.YES_NO:
                values.append(rng.choice(["Да", "Нет"]))
            elif line.kind is QuestionKind.SINGLE:
                values.append(rng.choice(line.choices).text)
            elif line.kind is QuestionKind.MULTIPLE:
                values.append(", ".join(c.text for c in rng.sample(line.choices, 2)))
            else:
                values.append(rng.choice(["", "Больше встреч", "Помощь с проектом"]))
        sheet.append([start + dt.timedelta(minutes=number), f"user{number}@example.ru",
                      _typed(rng, last, first, middle), klass, *values])
    book.save(path)


def openpyxl_read(path: Path) -> float:
    import openpyxl

    started = time.perf_counter()
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        for _row in book.worksheets[0].iter_rows(values_only=True):
            pass
    finally:
        book.close()
    return time.perf_counter() - started


def our_import(db: Database, round_id: int, path: Path) -> tuple[float, dict[str, float], Any]:
    marks = [time.perf_counter()]
    source = importing.read_answers(db, round_id, path)
    marks.append(time.perf_counter())
    plan = importing.plan_import(source, source.auto_mapping, today=TODAY)
    marks.append(time.perf_counter())
    saved = importing.commit_import(db, plan, skip_review=True)
    marks.append(time.perf_counter())
    steps = {name: marks[n + 1] - marks[n]
             for n, name in enumerate(("read and match", "values", "commit"))}
    return marks[-1] - marks[0], steps, (source, plan, saved)


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        school = folder / "school.sqlite"
        print("Строится школа…", flush=True)
        round_id, people = build_school(school)
        db = open_database(school)
        try:
            questions = q.questionnaire(db, q.round_info(db, round_id).template_id).questions
        finally:
            db.close()
        export = folder / "export.xlsx"
        make_export(export, questions, people, args.rows)
        ours: list[float] = []
        base: list[float] = []
        steps: list[dict[str, float]] = []
        outcome: Any = None
        for run in range(args.runs):
            base.append(openpyxl_read(export))
            copy = folder / f"run{run}.sqlite"
            shutil.copyfile(school, copy)
            db = open_database(copy)
            try:
                took, parts, outcome = our_import(db, round_id, export)
            finally:
                db.close()
            ours.append(took)
            steps.append(parts)
    source, plan, saved = outcome
    ours_s, base_s = statistics.median(ours), statistics.median(base)
    ratio = ours_s / base_s
    print(f"Строк в выгрузке: {len(source.rows)}, вопросов: {len(questions)}; участник найден "
          f"сам: {len(source.rows) - len(source.to_review)}, на проверку: "
          f"{len(source.to_review)}; сохранено анкет: {saved.added} (ошибок: "
          f"{len(plan.errors)})")
    print(f"openpyxl (read_only), медиана: {base_s * 1000:.0f} мс")
    print(f"Загрузка ответов, медиана: {ours_s * 1000:.0f} мс — "
          + ", ".join(f"{name} {statistics.median(s[name] for s in steps) * 1000:.0f} мс"
                      for name in steps[0]))
    verdict = "в норме" if ratio < TARGET_RATIO else "ДОЛЬШЕ ЦЕЛИ"
    print(f"Отношение: {ratio:.2f}× (цель < {TARGET_RATIO:g}×) — {verdict}")
    return {"rows": float(len(source.rows)), "import_s": ours_s, "openpyxl_s": base_s,
            "ratio": ratio}


if __name__ == "__main__":
    main()
