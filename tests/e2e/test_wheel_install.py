"""A normal install works: the wheel carries its fonts and word lists.

The wheel is built from a copy of the source tree (the repository itself stays untouched) and
installed without dependencies into a fresh virtual environment. The dependencies come from the
test environment through a `.pth` line that only adds its site-packages to `sys.path`: that
does not run the editable install's finder there, and the fresh environment's own copy of
`nastavnik_desktop` comes first, so a file missing from the wheel cannot be found anywhere else
(`paths.resources_dir()` of the installed package looks inside the installed package only).
Then, from a folder that is not the repository, the installed `nastavnik` command creates the
demo school and prints an order, and the bases are laid out in a spawned child process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e

NOT_SOURCES = shutil.ignore_patterns(".git", ".venv*", "venv", "build", "dist", "demo-data",
                                     "*.egg-info", "__pycache__", ".*_cache")


SPAWNED_BASES = """
import sys
from pathlib import Path
from nastavnik_desktop.data.db import open_database
from nastavnik_desktop.reports import process
from nastavnik_desktop.services import documents, programme

real = process.run_in_process
def run_in_process(function, *args, **kwargs):
    print(function.__name__)
    return real(function, *args, **kwargs)
process.run_in_process = run_in_process
documents.PROCESS_ROWS = 1
db = open_database(Path(sys.argv[1]))
documents.issue_document(db, programme.current_programme(db).id, "bases", Path(sys.argv[2]),
                         separate_process=True)
db.close()
"""


def run(args: list[str | Path], cwd: Path, timeout: float = 180
        ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd,
                            env=env, timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "--quiet", "--wheel-dir", dist, source], cwd=tmp_path)
    (wheel,) = dist.glob("nastavnik_desktop-*.whl")
    return wheel


def fresh_environment(tmp_path: Path, wheel: Path) -> Path:
    """A new venv with only the wheel installed in it; returns its `bin` folder."""
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path)
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
         "--no-index", "--quiet", wheel], cwd=tmp_path)
    site_packages = Path(run([python, "-c", "import sysconfig; "
                                            "print(sysconfig.get_path('purelib'))"],
                             cwd=tmp_path).stdout.strip())
    ours = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (site_packages / "test_environment_dependencies.pth").write_text(
        "".join(f"{path}\n" for path in ours), encoding="utf-8")
    return venv / "bin"


def demo_date_args(nastavnik: Path, cwd: Path) -> list[str]:
    """The demo's reference date, when the command takes one (the same day for the order)."""
    usage = run([nastavnik, "demo", "--help"], cwd=cwd).stdout
    return ["--date", "01.10.2025"] if "--date" in usage else []


def test_the_installed_wheel_makes_the_demo_school_and_prints_an_order(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist()}
    resources = {f"nastavnik_desktop/resources/{p.relative_to(ROOT / 'resources').as_posix()}"
                 for p in (ROOT / "resources").rglob("*") if p.is_file()}
    assert resources and resources <= shipped

    bin_dir = fresh_environment(tmp_path, wheel)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run([bin_dir / "python", "-c", "import nastavnik_desktop.paths as p; "
                 "print(p.__file__); print(p.resources_dir())"], cwd=elsewhere).stdout.split()
    assert all(Path(line).is_relative_to(tmp_path / "venv") for line in where), where

    nastavnik = bin_dir / "nastavnik"
    db = elsewhere / "демо.sqlite"
    dated = demo_date_args(nastavnik, elsewhere)
    made = run([nastavnik, "demo", "--db", db, "--pupils", "100", "--teachers", "25", *dated],
               cwd=elsewhere)
    assert "Демонстрационная школа создана" in made.stdout
    order = elsewhere / "приказ.pdf"
    run([nastavnik, "report", "order-pairs", "--db", db, "--out", order, "--number", "15-о",
         *dated], cwd=elsewhere)
    assert order.read_bytes().startswith(b"%PDF")

    # the window lays long documents out in a spawned child process, which imports the
    # installed package by name
    bases = elsewhere / "базы.pdf"
    spawned = run([bin_dir / "python", "-c", SPAWNED_BASES, db, bases], cwd=elsewhere)
    assert spawned.stdout.split() == ["layout_pdf"], spawned.stdout
    assert bases.read_bytes().startswith(b"%PDF")

    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.skip("pdffonts (poppler-utils) is not installed: the fonts were not checked")
    table = run([pdffonts, order], cwd=elsewhere).stdout.splitlines()[2:]
    assert table, "the order names no fonts"
    embedded = [line.split()[-5] for line in table]  # columns: … emb sub uni object ID
    assert set(embedded) == {"yes"}, table
    assert all("Liberation" in line for line in table), table
