"""Start of the one-folder bundle against `python main.py`, both to the window shown.

    python benchmarks/bundle_start.py dist/nastavnik [--runs 7]

Both are started as whole processes on the same demo school (made by the bundle's own
`nastavnik-cli demo`) and timed to the line "shown" (`--quit-when-shown`). The first run of
each is the cold one (the files not yet in the page cache — as cold as this machine allows
without dropping the caches: on Linux, as root, they are dropped before it); the others are
warm, interleaved, and their medians compared. Prints the bundle's size too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import ROOT, time_until_shown  # benchmarks/ is not a package


def drop_caches() -> bool:
    """Empty the page cache (Linux, root); False when not allowed."""
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def size_of(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*")
               if path.is_file() and not path.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bundle = args.bundle.resolve()
    suffix = ".exe" if os.name == "nt" else ""
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "HOME": work, "QT_QPA_PLATFORM": os.environ.get(
            "QT_QPA_PLATFORM", "offscreen")}
        database = Path(work) / "demo.sqlite"
        subprocess.run([str(bundle / f"nastavnik-cli{suffix}"), "demo", "--db", str(database),
                        "--date", "23.11.2026"], check=True, env=env, capture_output=True)
        commands = {
            "bundle": [str(bundle / f"nastavnik{suffix}"), "--db", str(database),
                       "--quit-when-shown"],
            "python main.py": [sys.executable, str(ROOT / "main.py"), "--db", str(database),
                               "--quit-when-shown"],
        }
        cold: dict[str, float] = {}
        dropped = False
        for name, command in commands.items():
            dropped = drop_caches()
            cold[name] = time_until_shown(command, env)
        warm: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                warm[name].append(time_until_shown(command, env))
    print(f"bundle: {bundle} — {size_of(bundle) / 2**20:.0f} MB")
    print(f"cold start ({'page cache dropped' if dropped else 'first run, caches kept'}): "
          + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in cold.items())
          + f"; ratio {cold['bundle'] / cold['python main.py']:.2f}")
    medians = {name: statistics.median(times) for name, times in warm.items()}
    print(f"warm start, median of {args.runs}: "
          + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in medians.items())
          + f"; ratio {medians['bundle'] / medians['python main.py']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
