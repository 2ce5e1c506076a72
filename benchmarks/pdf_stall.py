"""How long the window stalls while the bases PDF is formed: in a worker thread (before) and
laid out in a child process (after, `reports.process`).

    python benchmarks/pdf_stall.py [--pupils 5000] [--teachers 300] [--pairs 1000] [--rounds 2]
                                   [--kind bases] [--rebuild]

The demo school is built by `nastavnik demo` (cached in /tmp/nastavnik-screens/ with the same
name as `benchmarks/screens.py` uses). Each trial issues the document on a copy of it through
`run_task`, as the page «Документы» does, while a 5 ms heartbeat `QTimer` records every gap of
the UI thread; the trial's stall is the longest gap from the start of the task to its end.
Trials of the two ways alternate. Printed: the longest stall and the total time of each way
(median over the rounds), and the ratio of the stalls.

Target (issue 18): no stall of the UI thread over 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from heartbeat import Heartbeat  # the benchmarks' shared UI-thread heartbeat
from PySide6.QtWidgets import QApplication, QWidget
from screens import demo_file  # the same cached demo school

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "nastavnik-screens"
WAYS = ("thread", "process")


def trial(app: QApplication, window: QWidget, work: Path, kind: str, way: str,
          out: Path) -> tuple[float, float, int]:
    """(longest stall, total time) in seconds, and the document's rows."""
    from nastavnik_desktop.data.db import open_database
    from nastavnik_desktop.services import documents
    from nastavnik_desktop.services.programme import current_programme
    from nastavnik_desktop.ui.tasks import run_task

    db = open_database(work)
    try:
        programme = current_programme(db)
        assert programme is not None
        rows = documents.prepare_document(db, programme.id, kind)[0].rows
        done: list[object] = []
        heartbeat = Heartbeat()
        heartbeat.start()
        started = time.perf_counter()
        run_task(window, lambda progress: documents.issue_document(
            db, programme.id, kind, out, separate_process=way == "process",
            progress=progress), done.append, title="Документы", label="Формируется документ…",
            on_failed=done.append)
        while not done:
            app.processEvents()
            time.sleep(0.001)
        total = time.perf_counter() - started
        stall = heartbeat.stop()
        if isinstance(done[0], BaseException):
            raise done[0]
        assert out.is_file()
        return stall, total, rows
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pupils", type=int, default=5000)
    parser.add_argument("--teachers", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--kind", default="bases", choices=("bases", "pairs", "order_pairs"))
    parser.add_argument("--rebuild", action="store_true", help="build the demo school again")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    window = QWidget()
    window.resize(400, 300)
    window.show()
    figures: dict[str, list[tuple[float, float]]] = {way: [] for way in WAYS}
    rows = 0
    with tempfile.TemporaryDirectory() as tmp:
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(Path(tmp) / variable.lower())
        source = demo_file(args, dt.date.today())
        for n in range(args.rounds):
            for way in WAYS if n % 2 == 0 else reversed(WAYS):
                work = Path(tmp) / f"school-{way}-{n}.sqlite"
                shutil.copyfile(source, work)
                stall, total, rows = trial(app, window, work, args.kind, way,
                                           Path(tmp) / f"{way}-{n}.pdf")
                figures[way].append((stall, total))
                print(f"  round {n + 1}, {way}: stall {stall * 1000:.0f} ms, "
                      f"total {total:.2f} s", flush=True)
    print(f"\n{args.kind} PDF, {rows} rows (demo school: {args.pupils} pupils, "
          f"{args.teachers} staff, {args.pairs} pairs), median of {args.rounds}:")
    print(f"{'':<28}{'longest stall':>15}{'total':>10}")
    medians = {}
    for way in WAYS:
        stall = statistics.median(s for s, _t in figures[way])
        total = statistics.median(t for _s, t in figures[way])
        medians[way] = stall
        label = "before: worker thread" if way == "thread" else "after: child process"
        print(f"{label:<28}{stall * 1000:>12.0f} ms{total:>8.2f} s")
    print(f"stall ratio thread / process: {medians['thread'] / max(medians['process'], 1e-9):.1f}×")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
