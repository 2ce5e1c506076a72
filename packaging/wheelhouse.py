"""The wheelhouse: every wheel «Наставник» needs, for computers that have Python but no
internet, with the scripts that install it offline.

    python packaging/wheelhouse.py [--out wheelhouse] [--targets linux windows]
                                   [--python 3.11 3.12 3.13]

Builds the program's own wheel, downloads the wheels of every dependency for each target
platform and Python version (`pip download --only-binary=:all: --platform … --python-version
…`: Linux x86_64 wheels up to manylinux_2_28 — glibc 2.28, Astra Linux SE 1.7 — and
win_amd64), and puts `install.sh`, `install.bat` and the guide beside them. On the school PC:
`install.sh` / `install.bat` make a virtual environment, install with `--no-index
--find-links`, and create a desktop shortcut.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent

LINUX_PLATFORMS = [*(f"manylinux_2_{minor}_x86_64" for minor in range(28, 16, -1)),
                   "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]
"""Every wheel tag that runs on glibc 2.28: pip does not widen an explicit --platform."""
PLATFORMS = {"linux": LINUX_PLATFORMS, "windows": ["win_amd64"]}


def build_own_wheel(wheels: Path) -> Path:
    """The program's wheel (without build isolation: no downloads for setuptools)."""
    for old in wheels.glob("nastavnik_desktop-*.whl"):
        old.unlink()
    # setuptools copies into build/lib without removing what is gone from the tree
    shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(wheels), str(ROOT)], check=True)
    return next(wheels.glob("nastavnik_desktop-*.whl"))


def download(wheels: Path, own: Path, target: str, python: str) -> None:
    platforms = [option for tag in PLATFORMS[target] for option in ("--platform", tag)]
    subprocess.run([sys.executable, "-m", "pip", "download", "--only-binary=:all:",
                    *platforms, "--python-version", python, "--implementation", "cp",
                    "--dest", str(wheels), str(own)], check=True)


def make(out: Path, targets: list[str], pythons: list[str]) -> Path:
    wheels = out / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    own = build_own_wheel(wheels)
    for target in targets:
        for python in pythons:
            print(f"wheels for {target}, Python {python}", flush=True)
            download(wheels, own, target, python)
    for name in ("install.sh", "install.bat", "README-wheelhouse.txt"):
        shutil.copy2(HERE / name, out / name)
    (out / "install.sh").chmod(0o755)
    shutil.copy2(ROOT / "resources" / "icons" / "nastavnik.png", out / "nastavnik.png")
    size = sum(path.stat().st_size for path in wheels.iterdir())
    print(f"{out}: {len(list(wheels.iterdir()))} wheels, {size / 2**20:.0f} MB")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "wheelhouse")
    parser.add_argument("--targets", nargs="+", choices=sorted(PLATFORMS),
                        default=sorted(PLATFORMS))
    parser.add_argument("--python", nargs="+", default=["3.11", "3.12", "3.13"])
    args = parser.parse_args(argv)
    make(args.out, args.targets, args.python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
