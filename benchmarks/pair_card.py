"""Opening a pair card and adding a meeting at school scale (issue 12).

    python benchmarks/pair_card.py [--pupils 5000] [--teachers 300] [--pairs 1000] [--runs 30]

On the demo school built by `nastavnik demo` (cached like benchmarks/screens.py), its journals
topped up to `--meetings` meetings (20,000: a year of weekly meetings of 1,000 pairs; the demo
itself holds the seven weeks since its pairs were formed), offscreen, for `--runs` pairs taken
evenly from all of them:

- open: the real `PairCardDialog` built, shown and painted (header, plan, meetings, materials,
  results), as a double click on the board does;
- add: one meeting written through the journal service and shown as the «Встречи» tab does
  after «Сохранить» (the change onto the undo stack, the header and the tab read again).

Baseline in the same run: a plain dialog with a `QTableWidget` of the pair's meetings read with
sqlite3 (open), and one meeting inserted with sqlite3 and the table read again (add). Medians and
their ratio are printed. Target (issue 12): each under 100 ms median.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from benchmarks.screens import demo_file

T = TypeVar("T")


def timed(action: Callable[[], T]) -> tuple[float, T]:
    """Milliseconds until `action` is done and its events handled (painted), and its result."""
    start = time.perf_counter()
    result = action()
    QApplication.processEvents()
    return (time.perf_counter() - start) * 1000, result


class BaselineCard(QDialog):
    def __init__(self, path: Path, pair_id: int) -> None:
        super().__init__()
        self.conn = sqlite3.connect(path)
        self.pair_id = pair_id
        self.table = QTableWidget(0, 5)
        QVBoxLayout(self).addWidget(self.table)
        self.read()

    def read(self) -> None:
        rows = self.conn.execute("SELECT held_on, kind, topic, content, result FROM meeting "
                                 "WHERE pair_id = ? ORDER BY held_on", (self.pair_id,)).fetchall()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))

    def add(self, day: dt.date) -> None:
        with self.conn:
            self.conn.execute("INSERT INTO meeting (pair_id, kind, held_on, topic, notes, format, "
                              "content, result, assignment, planned) VALUES (?, 'working', ?, "
                              "'Встреча', '', 'in_person', '', '', '', 0)",
                              (self.pair_id, day.isoformat()))
        self.read()


def top_up(conn: sqlite3.Connection, target: int, today: dt.date) -> None:
    """Working meetings added round the pairs, a week apart back from today, to `target`."""
    missing = target - conn.execute("SELECT count(*) FROM meeting").fetchone()[0]
    pairs = [row[0] for row in conn.execute("SELECT id FROM mentoring_pair ORDER BY id")]
    if missing <= 0 or not pairs:
        return
    rows = [(pairs[n % len(pairs)], (today - dt.timedelta(weeks=1 + n // len(pairs))).isoformat())
            for n in range(missing)]
    with conn:
        conn.executemany("INSERT INTO meeting (pair_id, kind, held_on, topic, notes, format, "
                         "content, result, assignment, planned) VALUES (?, 'working', ?, "
                         "'Рабочая встреча', '', 'in_person', 'Разбор задач', 'Решили', "
                         "'Повторить', 0)", rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pupils", type=int, default=5000)
    parser.add_argument("--teachers", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    today = dt.date.today()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from nastavnik_desktop.data.db import open_database
    from nastavnik_desktop.data.enums import MeetingKind
    from nastavnik_desktop.services import pairs
    from nastavnik_desktop.services.pairs import MeetingEntry
    from nastavnik_desktop.ui.pair_card.dialog import PairCardDialog
    from nastavnik_desktop.ui.pair_card.journal_tab import JournalTab

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "school.sqlite"
        shutil.copyfile(demo_file(args, today), work)
        db = open_database(work)
        conn = sqlite3.connect(work)
        pair_rows = conn.execute(
            "SELECT id, programme_id FROM mentoring_pair WHERE status IN "
            "('formed', 'acquaintance', 'planning', 'working', 'results') ORDER BY id").fetchall()
        top_up(conn, args.meetings, today)
        meetings = conn.execute("SELECT count(*) FROM meeting").fetchone()[0]
        conn.close()
        step = max(1, len(pair_rows) // args.runs)
        chosen = pair_rows[::step][:args.runs]
        print(f"demo school: {args.pupils} pupils, {args.teachers} staff, {len(pair_rows)} "
              f"active pairs, {meetings} meetings; {len(chosen)} pairs measured", flush=True)

        # warm both paths once (imports, first layout), as the program's warm-up does
        warm = PairCardDialog(db, chosen[0][1], chosen[0][0], today=lambda: today)
        warm.show()
        app.processEvents()
        warm.close()
        BaselineCard(work, chosen[0][0]).close()

        opened, added, base_opened, base_added = [], [], [], []
        for pair_id, programme_id in chosen:
            def open_card(pair_id: int = pair_id,
                          programme_id: int = programme_id) -> PairCardDialog:
                card = PairCardDialog(db, programme_id, pair_id, today=lambda: today)
                card.resize(1200, 820)
                card.show()
                return card

            elapsed, card = timed(open_card)
            opened.append(elapsed)
            journal_tab = next(t for t in card.tab_pages if isinstance(t, JournalTab))

            def add_meeting(card: PairCardDialog = card, tab: JournalTab = journal_tab,
                            pair_id: int = pair_id) -> None:
                change = pairs.add_meetings(db, pair_id, [MeetingEntry(
                    held_on=today, kind=MeetingKind.WORKING, topic="Разбор задач",
                    content="Решали задачи", result="Решили", duration_minutes=40)],
                    today=today)
                card.record(change)
                tab.reload()

            added.append(timed(add_meeting)[0])
            card.close()
            card.deleteLater()

            def open_baseline(pair_id: int = pair_id) -> BaselineCard:
                dialog = BaselineCard(work, pair_id)
                dialog.resize(1200, 820)
                dialog.show()
                return dialog

            elapsed, baseline = timed(open_baseline)
            base_opened.append(elapsed)
            base_added.append(timed(lambda dialog=baseline: dialog.add(today))[0])
            baseline.close()
            baseline.deleteLater()
            app.processEvents()
        db.close()

    print(f"{'':22}{'median':>9}{'max':>9}{'baseline':>10}{'ratio':>8}")
    for name, values, base in (("open a pair card", opened, base_opened),
                               ("add a meeting", added, base_added)):
        median, base_median = statistics.median(values), statistics.median(base)
        print(f"{name:22}{median:8.1f} {max(values):8.1f} {base_median:9.1f} "
              f"{median / base_median:7.1f}×")
    print("target (issue 12): under 100 ms median each")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
