"""Start-up time of the app against a bare PySide6 + SQLAlchemy process, as whole processes.

    python benchmarks/startup.py [--runs 7] [--pupils 1500] [--teachers 120]

Both processes are timed from their start to the moment they print "shown" after their window
has been shown (the app with the «Обзор» page's real figures on a demo school). Runs are
interleaved and the medians compared. Target: ratio ≤ 1.2 on a quiet machine (issue 18).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BASELINE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, DeclarativeBase
app = QApplication(sys.argv[:1])
engine = create_engine("sqlite:///" + sys.argv[1])
with Session(engine) as session:
    session.execute(text("SELECT last_name FROM person LIMIT 1")).first()
window = QMainWindow()
window.resize(1200, 780)
window.show()
app.processEvents()
print("shown", flush=True)
"""


def time_until_shown(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "shown":
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"{cmd[:3]} never showed its window: {proc.stderr.read()[-2000:]}")
    proc.wait(timeout=60)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pupils", type=int, default=1500)
    parser.add_argument("--teachers", type=int, default=120)
    args = parser.parse_args()

    env = dict(os.environ)
    # As on a curator's PC: the package's bytecode is cached after the first start (the warm-up
    # run below writes it). Some shells set this variable, which would recompile every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not env.get("DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        env.update(XDG_DATA_HOME=f"{tmp}/data", XDG_STATE_HOME=f"{tmp}/state",
                   XDG_CONFIG_HOME=f"{tmp}/config")
        db = Path(tmp) / "demo.sqlite"
        subprocess.run([sys.executable, "-m", "nastavnik_desktop", "demo", "--db", str(db),
                        "--pupils", str(args.pupils), "--teachers", str(args.teachers)],
                       check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        app_cmd = [sys.executable, str(ROOT / "main.py"), "--db", str(db), "--quit-when-shown"]
        base_cmd = [sys.executable, "-c", BASELINE, str(db)]
        time_until_shown(app_cmd, env)  # warm the OS file cache for both
        time_until_shown(base_cmd, env)
        app_times, base_times = [], []
        for _ in range(args.runs):
            base_times.append(time_until_shown(base_cmd, env))
            app_times.append(time_until_shown(app_cmd, env))
    app_median = statistics.median(app_times)
    base_median = statistics.median(base_times)
    print(f"demo school: {args.pupils} pupils, {args.teachers} staff; {args.runs} runs each")
    print(f"baseline (PySide6 + SQLAlchemy ORM, one row, empty window): {base_median:.3f} s "
          f"(min {min(base_times):.3f})")
    print(f"«Наставник» to the «Обзор» page with figures:              {app_median:.3f} s "
          f"(min {min(app_times):.3f})")
    ratio = app_median / base_median
    print(f"ratio of medians: {ratio:.2f} (target ≤ 1.2); ratio of minima: "
          f"{min(app_times) / min(base_times):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
