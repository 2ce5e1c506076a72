"""Importing 5,000 pupils from .xlsx against openpyxl merely reading the same file.

    python benchmarks/import_people.py [--rows 5000] [--runs 5]

Baseline: openpyxl in read-only mode iterating every row's values. Ours: `prepare_import`
(read, find the header, check every row, look for duplicates in the base) plus `commit_import`
into a fresh SQLite file made by `open_database` (not timed). Runs are interleaved and the
medians compared. Target: ratio ≤ 2.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nastavnik_desktop.data.db import open_database  # noqa: E402
from nastavnik_desktop.services.importing import (  # noqa: E402
    ImportKind,
    commit_import,
    prepare_import,
)
from nastavnik_desktop.services.programme import create_school_and_programme  # noqa: E402

SURNAMES = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Зайцев",
            "Соколов", "Морозов", "Новиков", "Фёдоров", "Орлов", "Лебедев", "Козлов", "Егоров"]
NAMES = ["Иван", "Пётр", "Алексей", "Дмитрий", "Артём", "Максим", "Егор", "Никита", "Роман"]
PATRONYMICS = ["Иванович", "Петрович", "Алексеевич", "Дмитриевич", "Сергеевич", "Олегович",
               "Андреевич", "Игоревич"]


def make_file(path: Path, rows: int, seed: int = 7) -> None:
    import openpyxl

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Обучающиеся")
    sheet.append(["МБОУ «СОШ № 7»"])
    sheet.append(["Список обучающихся на 01.09.2025"])
    sheet.append(["№", "ФИО", "Класс", "Дата рождения", "Пол", "ФИО родителя",
                  "Телефон родителя", "СНИЛС"])
    seen: set[tuple[str, dt.date]] = set()
    while len(seen) < rows:
        grade = rng.randint(1, 11)
        birth = dt.date(2025 - 7 - grade, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        name = f"{rng.choice(SURNAMES)} {rng.choice(NAMES)} {rng.choice(PATRONYMICS)}"
        key = (name, birth)
        if key in seen:
            continue
        seen.add(key)
        sheet.append([len(seen), name, f"{grade}{rng.choice('АБВГ')}", birth,
                      rng.choice("мж"), f"{rng.choice(SURNAMES)}а Анна Петровна",
                      f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-00-00",
                      f"{rng.randint(100, 999)}-000-000 00"])
    book.save(path)


def baseline(path: Path) -> float:
    import openpyxl

    start = time.perf_counter()
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in book["Обучающиеся"].iter_rows(values_only=True))
    book.close()
    assert count > 0
    return time.perf_counter() - start


def ours(path: Path, folder: Path, run: int) -> float:
    db = open_database(folder / f"school{run}.sqlite")
    try:
        create_school_and_programme(db, school_full_name="МБОУ «СОШ № 7»",
                                    school_year="2025/2026")
        start = time.perf_counter()
        preview = prepare_import(db, path, ImportKind.PUPILS)
        assert not preview.errors, preview.errors[:3]
        result = commit_import(db, preview)
        elapsed = time.perf_counter() - start
        assert result.created == len(preview.candidates)
    finally:
        db.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "pupils.xlsx"
        make_file(path, args.rows)
        baseline(path)  # warm the imports and the file cache for both
        ours(path, folder, -1)
        base_times, our_times = [], []
        for run in range(args.runs):
            base_times.append(baseline(path))
            our_times.append(ours(path, folder, run))
    base, our = statistics.median(base_times), statistics.median(our_times)
    print(f"{args.rows} rows, median of {args.runs} runs")
    print(f"openpyxl read-only, reading only: {base:.3f} s")
    print(f"import (read, check, save):      {our:.3f} s")
    print(f"ratio: {our / base:.2f} (target ≤ 2.00)")


if __name__ == "__main__":
    main()
