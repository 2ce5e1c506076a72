"""How long the window stalls when a write meets a database another program holds locked.

    python benchmarks/locked_db.py [--rounds 5]

The page «Дорожная карта» of the main window on a demo school; another connection takes the
write lock (BEGIN IMMEDIATE) and keeps it, and the curator renames a roadmap event: the write
waits `data.db.BUSY_TIMEOUT_MS`, then a Russian message says the base is busy. A 5 ms heartbeat
`QTimer` records the longest gap of the UI thread around the edit (the message box silenced).
Before issue 18 this froze the window 5.1 s (a 5 s busy timeout).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from heartbeat import Heartbeat  # the benchmarks' shared UI-thread heartbeat
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(Path(tmp) / variable.lower())
        from nastavnik_desktop.data.db import BUSY_TIMEOUT_MS, open_database
        from nastavnik_desktop.demo import DemoOptions, generate_demo
        from nastavnik_desktop.services.programme import current_programme
        from nastavnik_desktop.services.roadmap import list_roadmap
        from nastavnik_desktop.ui import messages
        from nastavnik_desktop.ui.models.roadmap_model import COL_TITLE
        from nastavnik_desktop.ui.pages.roadmap import RoadmapPage

        db = open_database(Path(tmp) / "school.sqlite")
        generate_demo(db, DemoOptions(today=dt.date(2025, 10, 1)))
        programme = current_programme(db)
        assert programme is not None
        first = list_roadmap(db, programme.id)[0]
        page = RoadmapPage(db, programme.id)
        page.show()
        stalls, waits = [], []
        with messages.captured() as shown:
            for _ in range(args.rounds):
                heartbeat = Heartbeat()
                holder = sqlite3.connect(db.path, isolation_level=None)
                holder.execute("BEGIN IMMEDIATE")
                heartbeat.start()
                edited: list[float] = []

                def edit(edited: list[float] = edited) -> None:
                    started = time.perf_counter()
                    index = page.model.index(page.model.row_of(first.id), COL_TITLE)
                    assert not page.model.setData(index, "Новое название")
                    edited.append(time.perf_counter() - started)

                QTimer.singleShot(50, edit)
                end = time.perf_counter() + 0.5 + BUSY_TIMEOUT_MS / 1000
                while time.perf_counter() < end:
                    app.processEvents()
                    time.sleep(0.001)
                stalls.append(heartbeat.stop())
                holder.execute("ROLLBACK")
                holder.close()
                waits.append(edited[0])
        db.close()
    errors = shown.texts(messages.MessageKind.ERROR)
    assert len(errors) == args.rounds and "занята" in errors[0], errors
    print(f"busy timeout {BUSY_TIMEOUT_MS} ms; a write meeting a foreign lock, "
          f"median of {args.rounds}: the edit took {statistics.median(waits) * 1000:.0f} ms, "
          f"longest UI stall {statistics.median(stalls) * 1000:.0f} ms (before: 5,100 ms)")
    print(f"message: {errors[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
