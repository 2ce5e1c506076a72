"""Issue 10's walkthrough, measured: from an empty database and two school spreadsheets (306
pupils under «Сетевой город» title rows, 41 staff) to the order on pairs saved as PDF.

    python benchmarks/first_pairs.py [--log]

Runs the same walkthrough as tests/e2e/test_first_pairs.py (the real main window offscreen,
every click, key, typed field, file dialog and message box counted by
tests/helpers/walkthrough.Curator) and prints

    actions: N, wizard pages: M, typed fields: K

against the baseline measured by hand when the issue was filed (577 actions, 31 pages, about
55 minutes) and the target (≤ 60 actions, ≤ 15 minutes). The curator's time is estimated with
the keystroke-level model (Card, Moran & Newell): each action a mental step (1.35 s) and a
pointing or key (1.1 s), each typed character 0.28 s, each new wizard page 5 s of reading.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = {"actions": 577, "wizard_pages": 31, "minutes": 55.0}
TARGET = {"actions": 60, "minutes": 15.0}
MENTAL, POINT, CHARACTER, PAGE = 1.35, 1.1, 0.28, 5.0


def estimated_minutes(figures: dict) -> float:  # type: ignore[type-arg]
    typed = sum(len(text) for _step, text in figures["log"] if text.startswith("ввести «"))
    seconds = (figures["actions"] * (MENTAL + POINT) + typed * CHARACTER
               + figures["wizard_pages"] * PAGE)
    return seconds / 60


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", action="store_true", help="list every counted action")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures_path = Path(folder) / "figures.json"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               "NASTAVNIK_FIGURES": str(figures_path)}
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
             "tests/e2e/test_first_pairs.py::test_walkthrough_from_two_spreadsheets_to_the_order"],
            cwd=ROOT, env=env, capture_output=True, text=True)
        if not figures_path.is_file():
            print(run.stdout[-3000:], run.stderr[-3000:], sep="\n")
            return 1
        figures = json.loads(figures_path.read_text(encoding="utf-8"))
    if args.log:
        for step, action in figures["log"]:
            print(f"  {step}: {action}")
    minutes = estimated_minutes(figures)
    print(f"actions: {figures['actions']}, wizard pages: {figures['wizard_pages']}, "
          f"typed fields: {figures['typed_fields']}")
    print(f"baseline: {BASELINE['actions']} actions, {BASELINE['wizard_pages']} pages, "
          f"~{BASELINE['minutes']:.0f} min; ratio {figures['actions'] / BASELINE['actions']:.3f}"
          f" of the actions")
    print(f"estimated curator time: {minutes:.1f} min (target ≤ {TARGET['minutes']:.0f}); "
          f"actions target ≤ {TARGET['actions']}: "
          f"{'met' if figures['actions'] <= TARGET['actions'] else 'NOT met'}")
    print(f"walkthrough test: {'passed' if run.returncode == 0 else 'failed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
