"""Exchange at school scale: the municipality export, the named export, backup and restore.

    PYTHONPATH=. python benchmarks/export.py [--runs 5] [--pupils 9400] [--teachers 600]
                                             [--pairs 1880] [--db FILE] [--rebuild]
                                             [--only municipality,named,backup]

A school of 10,000 people (9,400 pupils and 600 staff, 1,880 pairs and groups; the demo gives
most of them their consent to personal data, and parents to the minors) is built once by
`nastavnik demo` and cached in /tmp/nastavnik-export/ by its arguments (`--rebuild` builds it
again); `--db FILE` measures a base of your own instead. Every part works on a copy in a
temporary folder. In each run the measured actions and their baselines take turns, so a busy
machine slows them alike; medians are printed in milliseconds, wall clock and CPU time of the
thread (on a machine shared with other work the CPU time is what an idle one takes).

1. The municipality export: `municipality_report` (reading the base) + `municipality_xlsx`,
   and the CSV. Baseline: openpyxl `Workbook(write_only=True)` writing exactly the report's
   cells (its sheets, headers and rows) to memory. Two ratios: the whole export and the writing
   alone (`municipality_xlsx(report)`) against the baseline.
2. The named export (bases and pairs, an encrypted .xlsx): `named_file`. The cells are taken
   once, outside the timing, by decrypting the file it made and reading it back; baseline:
   openpyxl write-only writing them plain. Also the program's writer
   (`reports.workbook.write_workbook`) on the same cells, encrypted with `crypto.encrypt_xlsx`
   (writing + encryption without the reading of the base), the baseline encrypted, and
   `named_file` packed as an AES-256 zip instead.
3. Backup and verified restore: `create_archive` without and with a password, `inspect_archive`
   and `restore_archive` into a copy (after it: every table compared row count for row count
   with the original). Baselines: `shutil.copyfile` of the base, SQLite's backup API, the
   backup API copy deflated into a zip, `PRAGMA integrity_check`. Sizes in МБ.

Target (issue 15): both exports within 1.2× openpyxl write-only writing the same cells.
A part whose service refuses (not built yet, or it raised a Russian refusal) is printed as
«не измерено: …» and the rest goes on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo_school import demo_file  # noqa: E402  (the benchmarks' cached demo school)

from nastavnik_desktop.errors import NastavnikError  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "nastavnik-export"
TODAY = dt.date(2026, 4, 15)
"""The day the demo school is built as of and the reporting date of the exports."""
PASSWORD = "Пароль-для-замера-15"
TARGET_RATIO = 1.2
PARTS = ("municipality", "named", "backup")
REFUSALS = (NastavnikError, NotImplementedError)
"""What a service not built yet (or refusing) raises: the part is reported as not measured."""

Times = tuple[list[float], list[float]]
"""Wall-clock and CPU milliseconds of each run."""


class NotMeasured(Exception):
    """A service refused: the part is printed as «не измерено: …»."""


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[tuple[Any, ...]]


def call(action: Callable[[], Any]) -> Any:
    """`action()`, a service's refusal turned into `NotMeasured`."""
    try:
        return action()
    except REFUSALS as exc:
        raise NotMeasured(f"{type(exc).__name__}: {exc}") from exc


def timed(runs: int, actions: dict[str, Callable[[], object]],
          before: Callable[[str], object] | None = None) -> dict[str, Times]:
    """Each action `runs` times, taking turns within a run (`before(label)` each one,
    untimed)."""
    times: dict[str, Times] = {label: ([], []) for label in actions}
    for _ in range(runs):
        for label, action in actions.items():
            if before is not None:
                before(label)
            start, start_cpu = time.perf_counter(), time.thread_time()
            call(action)
            times[label][0].append((time.perf_counter() - start) * 1000)
            times[label][1].append((time.thread_time() - start_cpu) * 1000)
    return times


def medians(times: Times) -> tuple[float, float]:
    return statistics.median(times[0]), statistics.median(times[1])


def show(label: str, times: Times, size: int | None = None) -> tuple[float, float]:
    wall, cpu = medians(times)
    extra = f"   {size / 1_048_576:7.2f} МБ" if size is not None else ""
    print(f"  {label:<58} {wall:8.1f} ms (CPU {cpu:8.1f})   worst {max(times[0]):8.1f}"
          f"{extra}")
    return wall, cpu


def ratio(label: str, subject: tuple[float, float], baseline: tuple[float, float],
          target: float | None = TARGET_RATIO) -> None:
    wall, cpu = subject[0] / baseline[0], subject[1] / baseline[1]
    verdict = ""
    if target is not None:
        verdict = (f"   target ≤ {target}×: {'met' if wall <= target else 'not met'} by the "
                   f"wall clock, {'met' if cpu <= target else 'not met'} by the CPU time")
    print(f"  {label:<58} {wall:5.2f}× wall, {cpu:5.2f}× CPU{verdict}")


def not_measured(part: str, why: NotMeasured) -> None:
    print(f"  {part}: не измерено: {why}")


def write_only(sheets: Sequence[Sheet]) -> bytes:
    """The baseline: openpyxl's write-only workbook with exactly these cells, in memory."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        for row in spec.rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cell_count(sheets: Sequence[Sheet]) -> int:
    return sum(len(row) for spec in sheets for row in spec.rows)


# --- 1. the municipality export -------------------------------------------------------------

def bench_municipality(args: argparse.Namespace, db: Any, programme_id: int) -> None:
    from nastavnik_desktop.services.exchange.municipality import (
        municipality_csv,
        municipality_report,
        municipality_xlsx,
    )

    print("\n1. The municipality export (aggregate)")
    try:
        report = call(lambda: municipality_report(db, programme_id, on=TODAY))
        xlsx = call(lambda: municipality_xlsx(report))
        csv = call(lambda: municipality_csv(report))
    except NotMeasured as why:
        not_measured("the municipality export", why)
        return
    cells = [Sheet(spec.name, [tuple(spec.columns), *spec.rows]) for spec in report.sheets]
    plain = write_only(cells)
    print(f"  sheets: {len(cells)}, cells: {cell_count(cells)}; the .xlsx {len(xlsx):,} bytes, "
          f"the CSV {len(csv):,} bytes, the baseline's .xlsx {len(plain):,} bytes")

    def whole() -> None:
        municipality_xlsx(municipality_report(db, programme_id, on=TODAY))

    try:
        times = timed(args.runs, {
            "baseline": lambda: write_only(cells),
            "whole": whole,
            "report": lambda: municipality_report(db, programme_id, on=TODAY),
            "xlsx": lambda: municipality_xlsx(report),
            "csv": lambda: municipality_csv(report),
        })
    except NotMeasured as why:
        not_measured("the municipality export", why)
        return
    baseline = show("baseline: openpyxl write-only, the same cells", times["baseline"])
    total = show("municipality_report + municipality_xlsx (the export)", times["whole"])
    show("  municipality_report (reading the base)", times["report"])
    writing = show("  municipality_xlsx(report) (writing)", times["xlsx"])
    show("municipality_csv(report)", times["csv"])
    ratio("the export / baseline", total, baseline)
    ratio("the writing alone / baseline", writing, baseline)


# --- 2. the named export --------------------------------------------------------------------

def read_cells(plain_xlsx: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(plain_xlsx), read_only=True)
    try:
        return [Sheet(sheet.title, [tuple(row) for row in sheet.iter_rows(values_only=True)])
                for sheet in book.worksheets]
    finally:
        book.close()


def house_writer(sheets: Sequence[Sheet], folder: Path) -> bytes:
    """The program's one writer (`write_workbook`) on the same cells as the named export uses it
    (plain sheets, into memory): the first row as the header, the others as the table."""
    from nastavnik_desktop.reports.workbook import TableSheet, write_workbook

    specs = [TableSheet(name=spec.name, title="",
                        headers=[str(v or "") for v in spec.rows[0]] if spec.rows else [],
                        rows=spec.rows[1:], plain=True) for spec in sheets]
    return write_workbook(specs, io.BytesIO()).getvalue()


def bench_named(args: argparse.Namespace, db: Any, programme_id: int, folder: Path) -> None:
    from nastavnik_desktop.services.exchange import crypto
    from nastavnik_desktop.services.exchange.named import NamedKind, Packing, named_file

    kinds = (NamedKind.BASES, NamedKind.PAIRS)
    print("\n2. The named export (bases and pairs, an encrypted .xlsx)")

    def export() -> Any:
        return named_file(db, programme_id, kinds, today=TODAY, password=PASSWORD,
                          packing=Packing.XLSX)

    try:
        made = call(export)
    except NotMeasured as why:
        not_measured("named_file", why)
        return
    cells = read_cells(crypto.decrypt_xlsx(made.data, PASSWORD))
    plain = write_only(cells)
    print(f"  {made.plan.included} people in it, {made.plan.left_out_count} left out for want "
          f"of consent; sheets: {len(cells)}, cells: {cell_count(cells)}; the encrypted file "
          f"{len(made.data):,} bytes, the baseline's plain .xlsx {len(plain):,} bytes")
    try:
        times = timed(args.runs, {
            "baseline": lambda: write_only(cells),
            "baseline+enc": lambda: crypto.encrypt_xlsx(write_only(cells), PASSWORD),
            "named": export,
            "house+enc": lambda: crypto.encrypt_xlsx(house_writer(cells, folder), PASSWORD),
        })
    except NotMeasured as why:
        not_measured("named_file", why)
        return
    baseline = show("baseline: openpyxl write-only, the same cells, plain", times["baseline"])
    encrypted = show("baseline encrypted (+ crypto.encrypt_xlsx)", times["baseline+enc"])
    total = show("named_file(BASES, PAIRS, XLSX) (the export)", times["named"])
    writing = show("write_workbook on the same cells + encrypt_xlsx", times["house+enc"])
    ratio("the export / baseline", total, baseline)
    ratio("write_workbook + encryption / baseline", writing, baseline)
    ratio("the export / baseline encrypted", total, encrypted, target=None)
    try:
        zipped = timed(args.runs, {"zip": lambda: named_file(
            db, programme_id, kinds, today=TODAY, password=PASSWORD, packing=Packing.ZIP)})
    except NotMeasured as why:
        not_measured("named_file as an AES zip", why)
        return
    ratio("named_file as an AES zip / baseline",
          show("named_file(BASES, PAIRS, ZIP)", zipped["zip"]), baseline, target=None)


# --- 3. backup and verified restore ---------------------------------------------------------

def table_digests(path: Path) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows in any order (the restored base is
    compared with the original row for row)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        digests = {}
        for name in names:
            rows = sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{name}"'))
            digests[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return digests
    finally:
        conn.close()


def sqlite_backup(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def zipped_backup(source: Path, target: Path, copy: Path) -> None:
    sqlite_backup(source, copy)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(copy, "database.sqlite")


def unzip_checked(archive: Path, target: Path) -> None:
    """The baseline of a verified restore: the base out of the zip, then its integrity check."""
    with zipfile.ZipFile(archive) as opened, opened.open("database.sqlite") as member, \
            target.open("wb") as out:
        shutil.copyfileobj(member, out, 1 << 20)
    integrity(target)


def integrity(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def bench_backup(args: argparse.Namespace, db_path: Path, folder: Path) -> None:
    from nastavnik_desktop.services.backup_archive import (
        create_archive,
        inspect_archive,
        restore_archive,
    )

    print(f"\n3. Backup and verified restore (the base: {db_path.stat().st_size / 1_048_576:.2f} "
          "МБ)")
    out = folder / "backup"
    out.mkdir()
    copy, backup_copy, zipped = out / "copy.sqlite", out / "api.sqlite", out / "api.zip"
    plain_zip, secret_zip = out / "archive.zip", out / "archive-password.zip"
    times = timed(args.runs, {
        "copyfile": lambda: shutil.copyfile(db_path, copy),
        "api": lambda: sqlite_backup(db_path, backup_copy),
        "api+zip": lambda: zipped_backup(db_path, zipped, out / "for-zip.sqlite"),
        "integrity": lambda: integrity(db_path),
    })
    unzipped = timed(args.runs, {
        "unzip": lambda: unzip_checked(zipped, out / "unzipped.sqlite")})["unzip"]
    copied = show("baseline: shutil.copyfile of the base", times["copyfile"],
                  copy.stat().st_size)
    api = show("baseline: SQLite's backup API", times["api"], backup_copy.stat().st_size)
    api_zip = show("baseline: backup API + deflated into a zip", times["api+zip"],
                   zipped.stat().st_size)
    show("baseline: PRAGMA integrity_check", times["integrity"])
    unzip = show("baseline: the base out of that zip + integrity_check", unzipped)

    def clear(label: str) -> None:  # each archive is written anew, not over the last one
        (plain_zip if label == "plain" else secret_zip).unlink(missing_ok=True)

    try:
        call(lambda: create_archive(db_path, plain_zip, now=dt.datetime(2026, 4, 15, 12)))
        times = timed(args.runs, {
            "plain": lambda: create_archive(db_path, plain_zip),
            "secret": lambda: create_archive(db_path, secret_zip, password=PASSWORD),
        }, before=clear)
    except NotMeasured as why:
        not_measured("create_archive", why)
        return
    plain = show("create_archive, no password", times["plain"], plain_zip.stat().st_size)
    secret = show("create_archive, with a password", times["secret"],
                  secret_zip.stat().st_size)
    ratio("create_archive / copyfile", plain, copied, target=None)
    ratio("create_archive / backup API", plain, api, target=None)
    ratio("create_archive / backup API + zip", plain, api_zip, target=None)
    ratio("create_archive with a password / backup API + zip", secret, api_zip, target=None)

    target = out / "restored" / "school.sqlite"
    target.parent.mkdir()

    def fresh_target(label: str) -> None:  # each restore replaces a copy of the base (untimed)
        shutil.rmtree(target.parent)
        target.parent.mkdir()
        shutil.copyfile(db_path, target)

    try:
        times = timed(args.runs, {
            "inspect": lambda: inspect_archive(plain_zip),
            "inspect-secret": lambda: inspect_archive(secret_zip, password=PASSWORD),
            "restore": lambda: restore_archive(target, plain_zip),
            "restore-secret": lambda: restore_archive(target, secret_zip, password=PASSWORD),
        }, before=fresh_target)
    except NotMeasured as why:
        not_measured("inspect_archive / restore_archive", why)
        return
    show("inspect_archive, no password", times["inspect"])
    show("inspect_archive, with a password", times["inspect-secret"])
    restored = show("restore_archive into a copy, no password", times["restore"])
    show("restore_archive into a copy, with a password", times["restore-secret"])
    ratio("restore_archive / copyfile", restored, copied, target=None)
    ratio("restore_archive / out of the zip + integrity_check", restored, unzip, target=None)
    original, back = table_digests(db_path), table_digests(target)
    differ = sorted(name for name in original.keys() | back.keys()
                    if original.get(name) != back.get(name))
    print(f"  restored: {len(back)} tables, {sum(n for n, _ in back.values()):,} rows; "
          + ("every table row for row as in the original" if not differ
             else f"DIFFERENT from the original: {', '.join(differ)}"))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pupils", type=int, default=9400)
    parser.add_argument("--teachers", type=int, default=600)
    parser.add_argument("--pairs", type=int, default=1880)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--db", type=Path, help="measure this base (a copy of it) instead of "
                        "the demo school")
    parser.add_argument("--rebuild", action="store_true", help="build the demo school again")
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"the parts to measure, of {','.join(PARTS)}")
    args = parser.parse_args(argv)
    parts = {part.strip() for part in args.only.split(",") if part.strip()}
    if unknown := parts - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")

    from nastavnik_desktop.data.db import open_database
    from nastavnik_desktop.services.programme import current_programme

    source = args.db if args.db is not None else demo_file(args, TODAY, CACHE)
    with tempfile.TemporaryDirectory(prefix="nastavnik-export-") as tmp:
        folder = Path(tmp)
        work = folder / "school.sqlite"
        sqlite_backup(source, work)  # a consistent copy even of a base in WAL mode
        db = open_database(work, backup_dir=folder / "backups")
        try:
            programme = current_programme(db)
            if programme is None:
                raise SystemExit(f"{source}: no programme in the base")
            with db.engine.connect() as conn:
                people = conn.exec_driver_sql("SELECT count(*) FROM person").scalar_one()
                pairs = conn.exec_driver_sql(
                    "SELECT count(*) FROM mentoring_pair WHERE programme_id = ?",
                    (programme.id,)).scalar_one()
            print(f"{source.name}: {people:,} people, {pairs:,} pairs and groups in the "
                  f"programme {programme.school_year}; {args.runs} runs each, on {TODAY:%d.%m.%Y}"
                  f" (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
            if "municipality" in parts:
                bench_municipality(args, db, programme.id)
            if "named" in parts:
                bench_named(args, db, programme.id, folder)
        finally:
            db.close()
        if "backup" in parts:
            bench_backup(args, work, folder)


if __name__ == "__main__":
    main()
