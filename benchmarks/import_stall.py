"""The import wizard over a big file: how long the window stops answering while it works.

    python benchmarks/import_stall.py [--rows 20000] [--runs 3] [--csv]

The real `ImportWizard` (offscreen) opened with a file, as after the file dialog: it reads and
checks the file and goes on to the check page by itself («Далее»); then «Проверить снова»;
then «Загрузить» into a fresh base. A 5 ms heartbeat `QTimer` records every gap of the UI
thread; each step's figure is the longest gap from its start until it is done. Target
(issue 18): no stall over 100 ms.

Found with it: repainting the check page while the worker ran took 0.2–0.4 s, each call into
Python (a table model's `data()`, a slot) waiting up to the 5 ms switch interval for the worker
to let go of the interpreter lock (the wizard now shortens it while its work runs). What remains
are the garbage collector's full passes, which the worker's new objects set off and which hold
the lock over the whole heap (~150,000 objects here); `--freeze` takes the objects of the
start-up out of them (`gc.freeze()`, as ui/warmup.py does in the application).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from import_people import TODAY, make_csv, make_xlsx  # noqa: E402
from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWizard  # noqa: E402

HEARTBEAT_MS = 5
STEPS = ("open and check («Далее»)", "«Проверить снова»", "«Загрузить»")


class Heartbeat:
    """A 5 ms timer on the UI thread; `until(done)` runs the event loop until `done()` is true
    and returns (the longest gap between ticks meanwhile, the time it took)."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.loop = QEventLoop()
        self.done: Callable[[], bool] = lambda: True
        self.last = self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now
        if self.done():
            self.loop.quit()

    def until(self, action: Callable[[], object], done: Callable[[], bool],
              timeout_s: float = 300) -> tuple[float, float]:
        start = self.last = time.perf_counter()
        self.longest = 0.0
        deadline = start + timeout_s
        self.done = lambda: done() or time.perf_counter() > deadline
        self.timer.start()
        action()  # inside the measured span: whatever it does on the UI thread counts
        self.longest = max(self.longest, time.perf_counter() - self.last)
        self.last = time.perf_counter()
        self.loop.exec()
        self.timer.stop()
        if time.perf_counter() > deadline:
            raise TimeoutError("the step did not finish")
        return self.longest, time.perf_counter() - start


def run_once(path: Path, folder: Path, run: int, beat: Heartbeat) -> list[tuple[float, float]]:
    from nastavnik_desktop.data.db import open_database
    from nastavnik_desktop.services.importing import ImportKind
    from nastavnik_desktop.services.programme import create_school_and_programme
    from nastavnik_desktop.ui.wizards.import_people import ImportWizard

    db = open_database(folder / f"school{run}.sqlite")
    try:
        create_school_and_programme(db, school_full_name="МБОУ «СОШ № 7»",
                                    school_year="2025/2026")
        wizard = ImportWizard(db, ImportKind.PUPILS, path=path, today=TODAY)
        wizard.resize(900, 650)
        figures = []

        def checked() -> bool:
            return (wizard.currentId() == ImportWizard.PAGE_CHECK and wizard.check_task is None
                    and wizard.preview is not None)

        figures.append(beat.until(wizard.show, checked))
        assert wizard.preview is not None and wizard.preview.can_commit, "the file has errors"
        figures.append(beat.until(wizard.check_page.recheck, checked))
        figures.append(beat.until(
            wizard.button(QWizard.WizardButton.FinishButton).click,
            lambda: wizard.import_result is not None or (wizard.task is None
                                                         and not wizard.isVisible())))
        assert wizard.import_result is not None, "the load did not finish"
        assert wizard.import_result.created == len(wizard.preview.candidates)
        wizard.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # gone now
        gc.collect()  # not measured: each run starts from the same heap
        return figures
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--csv", action="store_true", help="a CSV file instead of .xlsx")
    parser.add_argument("--freeze", action="store_true",
                        help="gc.freeze() the start-up objects before measuring")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from nastavnik_desktop.ui.main_window import MainWindow  # noqa: F401  (the app's modules)
    from nastavnik_desktop.ui.wizards.import_people import ImportWizard  # noqa: F401

    if args.freeze:
        gc.collect()
        gc.freeze()
    app.setOrganizationName("nastavnik-benchmark")
    app.setApplicationName("nastavnik-benchmark")
    beat = Heartbeat()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / ("pupils.csv" if args.csv else "pupils.xlsx")
        (make_csv if args.csv else make_xlsx)(path, args.rows)
        runs = [run_once(path, folder, run, beat) for run in range(args.runs)]
    print(f"import wizard, {args.rows} rows ({path.suffix}), {args.runs} runs"
          f"{', start-up objects frozen' if args.freeze else ''}: "
          "longest UI stall / time of the step (median)")
    worst = 0.0
    for step, name in enumerate(STEPS):
        stalls = [r[step][0] for r in runs]
        times = [r[step][1] for r in runs]
        worst = max(worst, *stalls)
        print(f"  {name:<28} stall {statistics.median(stalls) * 1000:7.0f} ms "
              f"(max {max(stalls) * 1000:.0f})   time {statistics.median(times):6.2f} s")
    print(f"longest stall: {worst * 1000:.0f} ms (target ≤ 100 ms)")


if __name__ == "__main__":
    main()
