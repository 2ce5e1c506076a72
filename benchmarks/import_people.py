"""Importing a big list of pupils from .xlsx and .csv against openpyxl merely reading the xlsx.

    python benchmarks/import_people.py [--rows 50000] [--runs 3] [--profile xlsx|csv]

Baseline: openpyxl in read-only mode iterating every row's values of the .xlsx. Ours:
`prepare_import` (read, find the header, check every row, look for duplicates in the base) plus
`commit_import` into a fresh SQLite file made by `open_database` (not timed), from the same list
saved as .xlsx and as .csv. Runs are interleaved and the medians compared. Targets (issue 18, at
50,000 rows): the .csv in ≤ 3 s, the .xlsx in ≤ 1.5× the baseline. `--profile` prints where one
import of that file spends its time (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nastavnik_desktop.data.db import open_database  # noqa: E402
from nastavnik_desktop.services.importing import (  # noqa: E402
    ImportKind,
    commit_import,
    prepare_import,
)
from nastavnik_desktop.services.programme import create_school_and_programme  # noqa: E402

TODAY = dt.date(2025, 10, 1)
SHEET = "Обучающиеся"
SURNAMES = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Зайцев",
            "Соколов", "Морозов", "Новиков", "Фёдоров", "Орлов", "Лебедев", "Козлов", "Егоров"]
NAMES = ["Иван", "Пётр", "Алексей", "Дмитрий", "Артём", "Максим", "Егор", "Никита", "Роман"]
PATRONYMICS = ["Иванович", "Петрович", "Алексеевич", "Дмитриевич", "Сергеевич", "Олегович",
               "Андреевич", "Игоревич"]
HEADER = ["№", "ФИО", "Класс", "Дата рождения", "Пол", "ФИО родителя", "Телефон родителя",
          "СНИЛС"]


def people(rows: int, seed: int = 7) -> Iterator[list[Any]]:
    """`rows` pupils, no two with the same ФИО and birth date: the school's title, the list's
    title and the header first."""
    rng = random.Random(seed)
    yield ["МБОУ «СОШ № 7»"]
    yield ["Список обучающихся на 01.09.2025"]
    yield HEADER
    seen: set[tuple[str, dt.date]] = set()
    while len(seen) < rows:
        grade = rng.randint(1, 11)
        birth = dt.date(2025 - 7 - grade, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        name = f"{rng.choice(SURNAMES)} {rng.choice(NAMES)} {rng.choice(PATRONYMICS)}"
        if (name, birth) in seen:
            continue
        seen.add((name, birth))
        yield [len(seen), name, f"{grade}{rng.choice('АБВГ')}", birth, rng.choice("мж"),
               f"{rng.choice(SURNAMES)}а Анна Петровна",
               f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-00-00",
               f"{rng.randint(100, 999)}-000-000 00"]


def make_xlsx(path: Path, rows: int) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    for row in people(rows):
        sheet.append(row)
    book.save(path)


def make_csv(path: Path, rows: int) -> None:
    """The list as Excel saves «CSV (разделители — запятые)» in Russia: «;», dates ДД.ММ.ГГГГ."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        for row in people(rows):
            writer.writerow([f"{v:%d.%m.%Y}" if isinstance(v, dt.date) else v for v in row])


def baseline(path: Path) -> float:
    import openpyxl

    start = time.perf_counter()
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in book[SHEET].iter_rows(values_only=True))
    book.close()
    assert count > 0
    return time.perf_counter() - start


def ours(path: Path, folder: Path, run: str, profiler: cProfile.Profile | None = None) -> float:
    db = open_database(folder / f"school-{run}.sqlite")
    try:
        create_school_and_programme(db, school_full_name="МБОУ «СОШ № 7»",
                                    school_year="2025/2026")
        start = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        preview = prepare_import(db, path, ImportKind.PUPILS, today=TODAY)
        assert not preview.errors, preview.errors[:3]
        result = commit_import(db, preview, today=TODAY)
        if profiler is not None:
            profiler.disable()
        elapsed = time.perf_counter() - start
        assert result.created == len(preview.candidates)
    finally:
        db.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", choices=("xlsx", "csv"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {"xlsx": folder / "pupils.xlsx", "csv": folder / "pupils.csv"}
        make_xlsx(files["xlsx"], args.rows)
        make_csv(files["csv"], args.rows)
        if args.profile:
            profiler = cProfile.Profile()
            ours(files[args.profile], folder, "profile", profiler)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            return
        baseline(files["xlsx"])  # warm the imports and the file cache for all
        for fmt, path in files.items():
            ours(path, folder, f"warm-{fmt}")
        times: dict[str, list[float]] = {"baseline": [], "xlsx": [], "csv": []}
        for run in range(args.runs):
            times["baseline"].append(baseline(files["xlsx"]))
            for fmt, path in files.items():
                times[fmt].append(ours(path, folder, f"{fmt}-{run}"))
    base, xlsx, csv_ = (statistics.median(times[k]) for k in ("baseline", "xlsx", "csv"))
    print(f"{args.rows} pupils, median of {args.runs} runs")
    print(f"openpyxl read-only, reading the .xlsx only: {base:6.2f} s")
    print(f"import from .xlsx (read, check, save):      {xlsx:6.2f} s   "
          f"ratio {xlsx / base:.2f} (target ≤ 1.50)")
    print(f"import from .csv (read, check, save):       {csv_:6.2f} s   "
          f"ratio {csv_ / base:.2f} (target ≤ 3 s)")


if __name__ == "__main__":
    main()
