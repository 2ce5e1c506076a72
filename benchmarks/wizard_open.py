"""How long the window stalls while a stage wizard opens at school scale.

    python benchmarks/wizard_open.py [--pupils 5000] [--teachers 300] [--pairs 1000] [--rounds 3]

Each stage wizard is opened over a window on a copy of the demo school (cached as in
`benchmarks/screens.py`) while a 5 ms heartbeat `QTimer` records every gap of the UI thread.
Printed per wizard (median of the rounds): how long until it is on screen saying «Загрузка…»,
until its pages are built (`loaded`), and the longest stall from the opening until then.
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


def open_once(app: QApplication, window: QWidget, stage: int, db: object,
              programme_id: int) -> tuple[float, float, float]:
    from nastavnik_desktop.ui.wizards.stage1 import Stage1Wizard
    from nastavnik_desktop.ui.wizards.stage2 import Stage2Wizard
    from nastavnik_desktop.ui.wizards.stage3 import Stage3Wizard
    from nastavnik_desktop.ui.wizards.stage4 import Stage4Wizard
    from nastavnik_desktop.ui.wizards.stage5 import Stage5Wizard

    heartbeat = Heartbeat()
    heartbeat.start()
    for _ in range(5):
        app.processEvents()
    heartbeat.start()  # from the opening on
    started = time.perf_counter()
    wizard = (Stage1Wizard(db, window) if stage == 1  # type: ignore[arg-type]
              else {2: Stage2Wizard, 3: Stage3Wizard, 4: Stage4Wizard,
                    5: Stage5Wizard}[stage](db, programme_id, window))  # type: ignore[arg-type]
    wizard.show()
    app.processEvents()
    shown = time.perf_counter() - started
    while not getattr(wizard, "loaded", True):  # (True: a wizard that loads in its __init__)
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()
    loaded = time.perf_counter() - started
    longest = heartbeat.stop()
    wizard.done(0)
    wizard.deleteLater()
    app.processEvents()
    return shown, loaded, longest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pupils", type=int, default=5000)
    parser.add_argument("--teachers", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="build the demo school again")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    window = QWidget()
    window.resize(1200, 800)
    window.show()
    with tempfile.TemporaryDirectory() as tmp:
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(Path(tmp) / variable.lower())
        from nastavnik_desktop.data.db import open_database
        from nastavnik_desktop.services.programme import current_programme

        work = Path(tmp) / "school.sqlite"
        shutil.copyfile(demo_file(args, dt.date.today()), work)
        db = open_database(work)
        programme = current_programme(db)
        assert programme is not None
        print(f"demo school: {args.pupils} pupils, {args.teachers} staff, {args.pairs} pairs; "
              f"median of {args.rounds}")
        print(f"{'wizard':<10}{'on screen':>12}{'pages built':>14}{'longest stall':>16}")
        for stage in range(1, 6):
            figures = [open_once(app, window, stage, db, programme.id)
                       for _ in range(args.rounds)]
            shown, loaded, stall = (statistics.median(f[i] for f in figures) for i in range(3))
            print(f"этап {stage:<5}{shown * 1000:>9.0f} ms{loaded * 1000:>11.0f} ms"
                  f"{stall * 1000:>13.0f} ms")
        db.close()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
