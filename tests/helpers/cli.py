"""The command line run as the curator runs it: `python -m nastavnik_desktop …` in a child
process from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str | Path) -> tuple[int, str, str]:
    """(exit code, standard output, standard error) of the command with `args`."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "nastavnik_desktop", *map(str, args)],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, encoding="utf-8")
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err
