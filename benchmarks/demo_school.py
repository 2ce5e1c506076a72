"""The cached demo school the benchmarks measure on, built by the command line as a curator
would (`nastavnik demo`), once per size, seed and date. Imported by name from the benchmarks'
folder (`from demo_school import demo_file`); no Qt here."""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "nastavnik-screens"


def demo_file(args: argparse.Namespace, today: dt.date, cache: Path = CACHE) -> Path:
    """The demo school of `args` (pupils, teachers, pairs, seed; `rebuild` forces it) on
    `today`, built into `cache` unless it is there."""
    cache.mkdir(exist_ok=True)
    path = cache / (f"demo-{args.pupils}-{args.teachers}-{args.pairs}-{args.seed}-"
                    f"{today:%Y%m%d}.sqlite")
    if args.rebuild or not path.is_file():
        print(f"building the demo school: {args.pupils} pupils, {args.teachers} staff, "
              f"{args.pairs} pairs …", flush=True)
        subprocess.run([sys.executable, "-m", "nastavnik_desktop", "demo", "--db", str(path),
                        "--force", "--seed", str(args.seed), "--date", f"{today:%d.%m.%Y}",
                        "--pupils", str(args.pupils), "--teachers", str(args.teachers),
                        "--pairs", str(args.pairs)],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return path
