"""Build the one-folder bundle of «Наставник» for this platform (`make bundle`).

    python packaging/build_bundle.py [--dist dist]

1. the program's dependencies as wheels that run on the oldest supported system (Linux:
   manylinux up to glibc 2.28 — packaging/wheelhouse.py) for this Python version;
2. a fresh build environment with exactly those wheels (`--no-index`), plus PyInstaller and
   pyelftools (build tools, not shipped);
3. PyInstaller on packaging/nastavnik.spec → `<dist>/nastavnik/` (nastavnik — the window,
   nastavnik-cli — the command line, the curator's README, the icon, the .desktop file);
4. on Linux, the highest GLIBC_ version any bundled file needs (packaging/glibc_check.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import wheelhouse  # noqa: E402 - packaging/ is not a package

BUILD = ROOT / "build" / "bundle"


def build_tools() -> list[str]:
    """PyInstaller and pyelftools, as pyproject.toml's `bundle` extra pins them."""
    with (ROOT / "pyproject.toml").open("rb") as stream:
        return list(tomllib.load(stream)["project"]["optional-dependencies"]["bundle"])


def python_of(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    target = "windows" if os.name == "nt" else "linux"
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    wheels = wheelhouse.make(BUILD / "wheelhouse", [target], [version]) / "wheels"
    venv = BUILD / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    python = str(python_of(venv))
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-index", "--find-links",
                    str(wheels), "nastavnik-desktop"], check=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", *build_tools()], check=True)
    subprocess.run([python, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--distpath", str(args.dist), "--workpath", str(BUILD / "work"),
                    str(HERE / "nastavnik.spec")], check=True)
    bundle = args.dist / "nastavnik"
    size = sum(path.stat().st_size for path in bundle.rglob("*")
               if path.is_file() and not path.is_symlink())
    print(f"bundle: {bundle} — {size / 2**20:.0f} MB")
    if target == "linux":
        subprocess.run([python, str(HERE / "glibc_check.py"), str(bundle)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
