"""kill -9 at random moments of the first start, a migration, a backup and an import commit.

    python benchmarks/crash_trials.py [--trials 20] [--kinds first-start,migration,backup,import]
                                      [--seed 11]

Each trial starts a child process that imports what it needs, says «ready», and does one piece
of work; the parent kills it with SIGKILL after a random delay between 0 and 1.2 times the time
that work took in an uninterrupted calibration run (so some trials let it finish). Then the
database must open with `open_database` (backup folder included, as the program opens it) and
hold either the old data or the new, never a part:

- first-start: a new file; afterwards the base opens at the head revision with its reference data;
- migration: a revision-0001 base with 500 people; afterwards it opens at head with all 500;
- backup: a head base with 500 people backed up three times; afterwards it opens with all 500,
  no temporary files are left in the backup folder and every backup passes integrity_check;
- import: 1,000 pupils imported from a .csv by the CLI `import`; afterwards 0 or 1,000 people.

Prints `kind: survived/total` per kind (POSIX only: SIGKILL).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nastavnik_desktop.data.db import make_engine, open_database  # noqa: E402
from nastavnik_desktop.data.schema_version import HEAD_REVISION  # noqa: E402

PEOPLE = 500
IMPORTED = 1000
PERSON_COLUMNS = ("last_name, first_name, middle_name, category, class_name, position, subject, "
                  "organisation, phone, email, parent_name, parent_phone, name_dative, "
                  "name_genitive, notes, archived, created_at, updated_at")
SURNAMES = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Зайцев",
            "Соколов", "Морозов", "Новиков", "Фёдоров", "Орлов", "Лебедев", "Козлов", "Егоров"]
NAMES = ["Иван", "Пётр", "Алексей", "Дмитрий", "Артём", "Максим", "Егор", "Никита", "Роман"]
PATRONYMICS = ["Иванович", "Петрович", "Алексеевич", "Дмитриевич", "Сергеевич", "Олегович",
               "Андреевич", "Игоревич"]


@dataclass
class Kind:
    name: str
    prepare: Callable[[Path], None]  # builds the template files in a folder
    child: str  # code run in the child after «ready»; `db` and `folder` are Paths
    check: Callable[[Path], str | None]  # None when the database survived, else what is wrong
    imports: str = ""  # imported before «ready», so the kill lands in the work itself


def db_in(folder: Path) -> Path:
    return folder / "school.sqlite"


def backups_of(folder: Path) -> Path:
    return folder / "backups" / "school"


def people(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM person").fetchone()[0])
    finally:
        conn.close()


def reopen(folder: Path) -> tuple[str | None, int]:
    """Open the base as the program does; the revision and number of people, or raise."""
    database = open_database(db_in(folder), backup_dir=backups_of(folder))
    database.close()
    conn = sqlite3.connect(db_in(folder))
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        forms = conn.execute("SELECT count(*) FROM mentoring_form").fetchone()[0]
    finally:
        conn.close()
    if not forms:
        raise RuntimeError("в базе нет справочников (формы наставничества)")
    return revision, people(db_in(folder))


def add_people(db: Path, count: int) -> None:
    conn = sqlite3.connect(db)
    with conn:
        for n in range(count):
            conn.execute(f"INSERT INTO person ({PERSON_COLUMNS}) VALUES (?, 'Анна', 'Ивановна', "
                         "'staff', '', '', '', '', '', '', '', '', '', '', '', 0, "
                         "'2026-01-01', '2026-01-01')", (f"Сидорова{n}",))
    conn.close()


# --- the kinds ------------------------------------------------------------------------------

def prepare_nothing(folder: Path) -> None:
    pass


def check_first_start(folder: Path) -> str | None:
    revision, _ = reopen(folder)
    return None if revision == HEAD_REVISION else f"ревизия {revision}"


def prepare_0001(folder: Path) -> None:
    from alembic import command

    from nastavnik_desktop.data.migrations.runner import make_config
    from nastavnik_desktop.data.reference import seed_reference_data

    engine = make_engine(db_in(folder), foreign_keys=False)
    with engine.begin() as connection:
        command.upgrade(make_config(connection), "0001_initial")
    engine.dispose()
    from sqlalchemy.orm import Session

    engine = make_engine(db_in(folder))
    with Session(engine) as session, session.begin():
        seed_reference_data(session)
    engine.dispose()
    add_people(db_in(folder), PEOPLE)


def check_migration(folder: Path) -> str | None:
    revision, count = reopen(folder)
    if revision != HEAD_REVISION or count != PEOPLE:
        return f"ревизия {revision}, людей {count}"
    return None


def prepare_head(folder: Path) -> None:
    open_database(db_in(folder)).close()
    add_people(db_in(folder), PEOPLE)


def check_backup(folder: Path) -> str | None:
    revision, count = reopen(folder)
    if revision != HEAD_REVISION or count != PEOPLE:
        return f"ревизия {revision}, людей {count}"
    leftovers = [p.name for p in backups_of(folder).iterdir() if p.name.startswith(".")]
    if leftovers:
        return f"остались временные файлы {leftovers}"
    for backup in backups_of(folder).iterdir():
        conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            copied = conn.execute("SELECT count(*) FROM person").fetchone()[0]
        finally:
            conn.close()
        if ok != "ok" or copied != PEOPLE:
            return f"копия {backup.name}: {ok}, людей {copied}"
    return None


def prepare_import(folder: Path) -> None:
    open_database(db_in(folder)).close()
    rows = ["ФИО;Класс;Дата рождения"]
    for n, (last, first, middle) in enumerate(product(SURNAMES, NAMES, PATRONYMICS)):
        if n == IMPORTED:
            break
        rows.append(f"{last} {first} {middle};{5 + n % 6}А;{1 + n % 28:02d}.0{1 + n % 9}.2013")
    (folder / "pupils.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def check_import(folder: Path) -> str | None:
    revision, count = reopen(folder)
    if revision != HEAD_REVISION or count not in (0, IMPORTED):
        return f"ревизия {revision}, людей {count} (ожидалось 0 или {IMPORTED})"
    return None


KINDS = {
    "first-start": Kind(
        "first-start", prepare_nothing,
        "open_database(db, backup_dir=folder / 'backups' / 'school').close()",
        check_first_start,
        imports="import alembic.command, nastavnik_desktop.data.reference, "
                "nastavnik_desktop.data.models"),
    "migration": Kind(
        "migration", prepare_0001,
        "open_database(db, backup_dir=folder / 'backups' / 'school').close()",
        check_migration,
        imports="import alembic.command, nastavnik_desktop.data.migrations.runner, "
                "nastavnik_desktop.data.models"),
    "backup": Kind(
        "backup", prepare_head,
        "from nastavnik_desktop.data.backup import backup_database\n"
        "for _ in range(3):\n"
        "    backup_database(db, folder / 'backups' / 'school', keep=2)",
        check_backup),
    "import": Kind(
        "import", prepare_import,
        "from nastavnik_desktop.cli import main\n"
        "main(['import', 'pupils', str(folder / 'pupils.csv'), '--db', str(db)])",
        check_import,
        imports="import nastavnik_desktop.cli, nastavnik_desktop.services.importing"),
}


def child_code(kind: Kind, folder: Path) -> str:
    return textwrap.dedent(f"""\
        import sys
        from pathlib import Path
        from nastavnik_desktop.data.db import open_database
        {kind.imports}
        folder = Path({str(folder)!r})
        db = folder / "school.sqlite"
        print("ready", flush=True)
        """) + kind.child + "\n"


def run_child(kind: Kind, folder: Path, kill_after: float | None) -> float:
    """Run the work; kill it `kill_after` seconds after «ready». Returns the work's duration."""
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", child_code(kind, folder)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "ready":
        raise RuntimeError(f"{kind.name}: дочерний процесс не запустился: {child.stderr.read()}")
    started = time.perf_counter()
    if kill_after is None:
        child.wait(timeout=300)
        if child.returncode != 0:
            raise RuntimeError(f"{kind.name}: {child.stderr.read()}")
    else:
        try:
            child.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=60)
    child.stdout.close()
    if child.stderr is not None:
        child.stderr.close()
    return time.perf_counter() - started


def trials(kind: Kind, count: int, rng: random.Random, work: Path) -> tuple[int, list[str]]:
    template = work / f"{kind.name}-template"
    template.mkdir()
    kind.prepare(template)
    calibration = work / f"{kind.name}-calibration"
    shutil.copytree(template, calibration)
    duration = run_child(kind, calibration, None)
    survived, failures = 0, []
    for n in range(count):
        folder = work / f"{kind.name}-{n}"
        shutil.copytree(template, folder)
        run_child(kind, folder, rng.uniform(0, duration * 1.2))
        try:
            problem = kind.check(folder)
        except Exception as exc:  # any failure to open is what is counted
            problem = f"{type(exc).__name__}: {exc}"
        if problem is None:
            survived += 1
        else:
            failures.append(f"  испытание {n + 1}: {problem}")
        shutil.rmtree(folder, ignore_errors=True)
    return survived, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if os.name != "posix":
        print("Испытания с kill -9 идут только в POSIX.", file=sys.stderr)
        return 1
    rng = random.Random(args.seed)
    all_survived = True
    with tempfile.TemporaryDirectory(prefix="crash-trials-") as tmp:
        for name in args.kinds.split(","):
            kind = KINDS[name.strip()]
            survived, failures = trials(kind, args.trials, rng, Path(tmp))
            print(f"{kind.name}: {survived}/{args.trials}", flush=True)
            for failure in failures:
                print(failure)
            all_survived &= survived == args.trials
    return 0 if all_survived else 1


if __name__ == "__main__":
    raise SystemExit(main())
