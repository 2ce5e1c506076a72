"""The application as a process: `python main.py --db PATH`, as a curator starts it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nastavnik_desktop.data.schema_version import HEAD_REVISION

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def run(args: list[str], home: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"),
               XDG_CONFIG_HOME=str(home / "config"))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=timeout)


def test_first_start_creates_the_database_and_shows_the_window(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    result = run(["main.py", "--db", str(db), "--quit-when-shown"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "shown" in result.stdout
    info = run(["-m", "nastavnik_desktop", "info", "--db", str(db), "--json"], tmp_path)
    assert json.loads(info.stdout)["revision"] == HEAD_REVISION
    log = tmp_path / "state" / "nastavnik" / "log" / "nastavnik.log"
    assert log.is_file()
    if os.name == "posix":  # only the curator's account reads the log
        assert (log.stat().st_mode & 0o777, log.parent.stat().st_mode & 0o777) == (0o600, 0o700)


def test_demo_school_from_the_cli_opens_in_the_app(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    made = run(["-m", "nastavnik_desktop", "demo", "--db", str(db), "--pupils", "150",
                "--teachers", "15", "--date", "23.11.2026"], tmp_path)
    assert made.returncode == 0, made.stderr
    assert "Демонстрационная школа создана" in made.stdout
    tables = json.loads(run(["-m", "nastavnik_desktop", "info", "--db", str(db), "--json"],
                            tmp_path).stdout)["tables"]
    assert tables["person"] > 165 and tables["mentoring_pair"] > 0
    result = run(["main.py", "--db", str(db), "--quit-when-shown"], tmp_path)
    assert result.returncode == 0, result.stderr
    backups = list((tmp_path / "backups" / "demo").glob("*.sqlite"))
    assert len(backups) == 1


def test_a_foreign_file_is_refused_with_a_russian_message(tmp_path: Path) -> None:
    path = tmp_path / "report.sqlite"
    path.write_text("Отчёт о наставничестве\n", encoding="utf-8")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = run(["main.py", "--db", str(path), "--quit-when-shown"], tmp_path)
    assert result.returncode == 2
    assert "не является базой данных «Наставника»" in result.stderr
    assert "Traceback" not in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_the_first_screen_loads_no_heavy_library(tmp_path: Path) -> None:
    """Alembic, openpyxl, reportlab, scipy, the ORM and the model load when first used or after
    the first paint, not on the way to «Обзор» (benchmarks/startup.py): the first screen reads
    with Core table clauses (data/core_tables.py)."""
    db = tmp_path / "demo.sqlite"
    assert run(["-m", "nastavnik_desktop", "demo", "--db", str(db), "--pupils", "120",
                "--teachers", "12", "--date", "23.11.2026"], tmp_path).returncode == 0
    code = ("import sys\nfrom nastavnik_desktop.app import main\n"
            f"main(['--db', {str(db)!r}, '--quit-when-shown'])\n"
            "heavy = ('alembic', 'openpyxl', 'reportlab', 'scipy', 'pytrovich', 'pymorphy3',\n"
            "         'sqlalchemy.orm', 'nastavnik_desktop.data.core_models',\n"
            "         'nastavnik_desktop.data.models')\n"
            "print('heavy:', sorted(m for m in heavy if m in sys.modules))\n"
            "from PySide6 import QtGui, QtWidgets\n"
            "unshown = ('QMessageBox', 'QFileDialog', 'QDialogButtonBox', 'QDesktopServices')\n"
            "built = vars(QtWidgets) | vars(QtGui)\n"
            "print('unshown:', sorted(c for c in unshown if c in built))\n"
            "print('unused:', sorted(m for m in ('ctypes', '_strptime') if m in sys.modules))\n")
    result = run(["-c", code], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "shown" in result.stdout
    assert "heavy: []" in result.stdout
    # Nor are the classes and modules it does not use: a PySide6 class makes its enums when
    # first named (~0.5 ms each), strptime's first call ~2 ms; ctypes is for the X check.
    assert "unshown: []" in result.stdout
    assert "unused: []" in result.stdout


_RECORD_ENUMS = """
import enum, runpy, sys
made = []
create = enum.EnumType._create_
def record(cls, name, *args, **kwargs):
    made.append(name)
    return create(cls, name, *args, **kwargs)
enum.EnumType._create_ = record
sys.argv = ["main.py", *sys.argv[1:]]
try:
    runpy.run_path("main.py", run_name="__main__")
finally:
    print("enums:", " ".join(made), flush=True)
"""


def test_the_first_screen_does_not_build_the_qt_namespace(tmp_path: Path,
                                                          build_demo: object) -> None:
    """Naming PySide6's `Qt` namespace builds its 94 enums, ~14 ms of a 0.35 s start
    (benchmarks/startup.py): the window and «Обзор» are shown without it (ui/style.py,
    set_enum_property); the sections' modules build it after the first paint."""
    db = build_demo(tmp_path / "demo.sqlite")  # type: ignore[operator]
    result = run(["-c", _RECORD_ENUMS, "--db", str(db), "--quit-when-shown"], tmp_path)
    assert "shown" in result.stdout, result.stderr
    made = result.stdout.split("enums:", 1)[1].split()
    assert "SelectionMode" in made  # the recording works: the sidebar's list view made its own
    assert not {"AlignmentFlag", "GlobalColor", "PenCapStyle"} & set(made)


_RECORD_COLLECTIONS = """
import gc, sys
collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(
    info["generation"]))
import nastavnik_desktop.app as app
shown = app._resume_collection
def resumed():
    print("collections before the first paint:", len(collections), flush=True)
    shown()
app._resume_collection = resumed
sys.argv = ["main.py", *sys.argv[1:]]
collections.clear()  # those of importing the app module itself
app.main(sys.argv[1:])
print("enabled after:", gc.isenabled(), "frozen:", gc.get_freeze_count() > 0, flush=True)
"""


def test_the_start_runs_without_the_garbage_collector_until_the_window_is_painted(
        tmp_path: Path, build_demo: object) -> None:
    """The collector walked the start's million objects 3–4 times, ~40 ms of the start
    (benchmarks/startup.py); it resumes after the first paint with them frozen."""
    db = build_demo(tmp_path / "demo.sqlite")  # type: ignore[operator]
    result = run(["-c", _RECORD_COLLECTIONS, "--db", str(db), "--quit-when-shown"], tmp_path)
    assert "shown" in result.stdout, result.stderr
    assert "collections before the first paint: 0" in result.stdout
    assert "enabled after: True frozen: True" in result.stdout
