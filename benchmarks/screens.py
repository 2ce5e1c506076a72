"""Switching sections of the main window at school scale, as a curator feels it.

    python benchmarks/screens.py [--pupils 5000] [--teachers 300] [--pairs 1000] [--rounds 7]
                                 [--profile «Обзор»] [--rebuild] [--drop-statistics]
                                 [--no-warm-up]

The real `MainWindow` (offscreen) on a demo school built by `nastavnik demo` (cached in
/tmp/nastavnik-screens/ by its arguments and the day; `--rebuild` builds it again). Each run
works on a copy; `--drop-statistics` removes the planner's statistics from it, as in a base that
grew by small edits and was never analysed. Sections are switched from inside the event loop,
driven by a 5 ms heartbeat `QTimer` that also records every gap of the UI thread. A switch's
time runs from the switch to the first heartbeat after it (the page built or refreshed, its
events handled, the window free again); its stall is the longest gap between heartbeats from
just before the switch until the window has been idle for a while after it. Each round also
commits a change to a roadmap event and then visits «Обзор» and «Дорожная карта» (rows marked
*): a page that keeps its data must still read it again then.

Baseline, interleaved with the app in every round: a plain window whose sidebar switches to a
`QTableView` that re-reads every person with sqlite3. The first round's switches are «first»
(the page is built then), the later rounds' medians «again».

The window prepares the sections in the background once it has been painted, as the program
does (ui/warmup.py); the rounds begin when that is over, as a curator's first click comes
seconds after the start. Its duration and the longest UI-thread gap during it are printed;
`--no-warm-up` measures first visits without it.

Target (issue 18): every section ≤ 100 ms again and ≤ 300 ms first, no stall over 300 ms.
`--profile SECTION` prints where the re-visits of SECTION spend their time (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from demo_school import demo_file  # the benchmarks' cached demo school (pair_card, …)
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QTableView,
    QWidget,
)

SECTIONS = ("Обзор", "Дорожная карта", "Наставляемые", "Наставники", "Пары и группы",
            "Документы")
BASELINE = "baseline"
CHANGED = ("Обзор", "Дорожная карта")
AFTER_CHANGE = " *"
CHANGED_ROWS = tuple(f"{title}{AFTER_CHANGE}" for title in CHANGED)
HEARTBEAT_MS = 5
IDLE_TICKS = 12
"""After a switch, this many heartbeats in a row on time (about 60 ms) count as idle."""

Index = QModelIndex | QPersistentModelIndex

if TYPE_CHECKING:
    from nastavnik_desktop.data.db import Database


# --- the baseline window -----------------------------------------------------------------------


class _PeopleModel(QAbstractTableModel):
    HEADERS = ("Фамилия", "Имя", "Отчество", "Класс", "Дата рождения", "Должность")

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        self._rows: list[tuple[Any, ...]] = []

    def reload(self) -> None:
        with sqlite3.connect(self._path) as conn:
            rows = conn.execute(
                "SELECT last_name, first_name, middle_name, class_name, birth_date, position "
                "FROM person ORDER BY last_name, first_name, middle_name").fetchall()
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class BaselineWindow(QMainWindow):
    """A sidebar and two pages: a label, and a table of every person re-read on each visit."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.model = _PeopleModel(path)
        self.sidebar = QListWidget()
        self.sidebar.addItems(["Начало", "Люди"])
        self.sidebar.setFixedWidth(180)
        self.pages = QStackedWidget()
        self.pages.addWidget(QLabel("Начало"))
        table = QTableView()
        table.setModel(self.model)
        self.pages.addWidget(table)
        self.sidebar.currentRowChanged.connect(self._show)
        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.sidebar)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

    def _show(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        if row == 1:
            self.model.reload()

    def switch(self, row: int) -> None:
        self.sidebar.setCurrentRow(row)


# --- measuring ---------------------------------------------------------------------------------


@dataclass
class Figures:
    times: list[float] = field(default_factory=list)
    stalls: list[float] = field(default_factory=list)

    @property
    def first(self) -> float:
        return self.times[0]

    @property
    def again(self) -> float:
        return statistics.median(self.times[1:]) if len(self.times) > 1 else float("nan")


Script = Generator[None, float, None]


class Driver:
    """Runs `script` from a 5 ms heartbeat: each `yield` waits for the next tick and gets its
    time; every tick's time is kept, so the gaps of the UI thread can be read."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self._script: Script | None = None

    def run(self, script: Script) -> None:
        self._script = script
        next(script)
        self.timer.start()
        self.app.exec()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.ticks.append(now)
        assert self._script is not None
        try:
            self._script.send(now)
        except StopIteration:
            self.timer.stop()
            self.app.quit()

    def idle(self) -> Generator[None, float, float]:
        """Wait until the heartbeat has come on time IDLE_TICKS times in a row; returns the
        longest gap seen while waiting."""
        longest, on_time, last = 0.0, 0, self.ticks[-1] if self.ticks else time.perf_counter()
        while on_time < IDLE_TICKS:
            now = yield
            gap = now - last
            longest = max(longest, gap)
            on_time = on_time + 1 if gap < 3 * HEARTBEAT_MS / 1000 else 0
            last = now
        return longest

    def switch(self, action: Callable[[], object], figures: Figures,
               profiler: cProfile.Profile | None = None) -> Generator[None, float, None]:
        before = self.ticks[-1]
        start = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        action()
        if profiler is not None:
            profiler.disable()
        first_tick = yield
        figures.times.append(first_tick - start)
        later = yield from self.idle()
        figures.stalls.append(max(first_tick - before, later))


def touch_roadmap(db: Database, n: int) -> None:
    """Commit a change to the first roadmap event's result, as an edit elsewhere would."""
    from sqlalchemy import select, update

    from nastavnik_desktop.data.models import RoadmapItem

    with db.transaction() as session:
        first = session.scalar(select(RoadmapItem.id).order_by(RoadmapItem.id).limit(1))
        session.execute(update(RoadmapItem).where(RoadmapItem.id == first)
                        .values(result_text=f"Изменено в замере {n + 1}"))


def measure(args: argparse.Namespace, work: Path) -> tuple[dict[str, Figures],
                                                          cProfile.Profile | None]:
    from nastavnik_desktop.data.db import open_database
    from nastavnik_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("nastavnik-benchmark")
    app.setApplicationName("nastavnik-benchmark")
    db = open_database(work)
    window = MainWindow(db, warm_up=args.warm_up)
    window.resize(1280, 800)
    window.show()
    baseline = BaselineWindow(work)
    baseline.resize(1280, 800)
    baseline.show()
    figures = {name: Figures() for name in (*SECTIONS, *CHANGED_ROWS, BASELINE)}
    profiler = cProfile.Profile() if args.profile else None
    driver = Driver(app)
    warm_up: dict[str, Any] = {}

    def script() -> Script:
        yield from driver.idle()
        if args.warm_up:  # as a curator does: the first click comes once the start is over
            began, longest = driver.ticks[-1], 0.0
            while window.warm_up is None or not window.warm_up.finished():
                last = driver.ticks[-1]
                longest = max(longest, (yield) - last)
            warm_up.update(seconds=driver.ticks[-1] - began, longest=longest,
                           steps=window.warm_up.done, imports=window.warm_up.import_seconds)
            yield from driver.idle()
        for round_ in range(args.rounds):
            yield from driver.switch(lambda: baseline.switch(1), figures[BASELINE])
            baseline.switch(0)
            yield from driver.idle()
            # «Обзор» is the page the window starts on: start each round elsewhere.
            for title in (*SECTIONS[1:], SECTIONS[0]):
                profile = profiler if title == args.profile and round_ > 0 else None
                yield from driver.switch(lambda t=title: window.show_section(t),  # type: ignore[misc]
                                         figures[title], profile)
            # A change the two pages show (a roadmap event's result), then a visit to each.
            touch_roadmap(db, round_)
            for title in CHANGED:
                window.show_section("Документы")
                yield from driver.idle()
                yield from driver.switch(lambda t=title: window.show_section(t),  # type: ignore[misc]
                                         figures[f"{title}{AFTER_CHANGE}"])

    driver.run(script())
    window.close()
    baseline.close()
    db.close()
    if warm_up:
        print(f"warm-up after the first paint: {warm_up['seconds'] * 1000:.0f} ms in a worker "
              f"thread (imports {warm_up['imports'] * 1000:.0f} ms, then the reads of "
              f"{', '.join(warm_up['steps'])}); longest UI-thread gap during it: "
              f"{warm_up['longest'] * 1000:.0f} ms")
    return figures, profiler


def print_table(figures: dict[str, Figures], rounds: int) -> None:
    base = figures[BASELINE].again
    print(f"\n{'section':<16} {'first':>8} {'again':>8} {'stall':>8} {'baseline':>9} "
          f"{'again/base':>11}")
    for name in (*SECTIONS, *CHANGED_ROWS):
        f = figures[name]
        print(f"{name:<16} {f.first * 1000:>6.0f}ms {f.again * 1000:>6.0f}ms "
              f"{max(f.stalls) * 1000:>6.0f}ms {base * 1000:>7.0f}ms {f.again / base:>10.1f}×")
    b = figures[BASELINE]
    print(f"{BASELINE:<16} {b.first * 1000:>6.0f}ms {b.again * 1000:>6.0f}ms "
          f"{max(b.stalls) * 1000:>6.0f}ms")
    worst = max(max(figures[name].stalls) for name in SECTIONS)
    print(f"\n{rounds} rounds; first = the first visit, again = median of the others; "
          "stall = the longest UI-thread gap around a switch. "
          f"Longest stall: {worst * 1000:.0f} ms "
          "(target: again ≤ 100 ms, first ≤ 300 ms, stall ≤ 300 ms).\n"
          f"{AFTER_CHANGE.strip()} the visit right after a committed change to a roadmap event "
          "(both pages show it).")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=5000)
    parser.add_argument("--teachers", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--profile", choices=SECTIONS, help="profile the re-visits of a section")
    parser.add_argument("--rebuild", action="store_true", help="build the demo school again")
    parser.add_argument("--drop-statistics", action="store_true",
                        help="measure on a copy without sqlite_stat1 (never analysed)")
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false",
                        help="no preparation of the sections after the first paint")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(Path(tmp) / variable.lower())
        work = Path(tmp) / "school.sqlite"
        shutil.copyfile(demo_file(args, dt.date.today()), work)
        if args.drop_statistics:
            with sqlite3.connect(work) as conn:
                conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
        figures, profiler = measure(args, work)
    print(f"demo school: {args.pupils} pupils, {args.teachers} staff, {args.pairs} pairs"
          + (", no planner statistics" if args.drop_statistics else ""))
    print_table(figures, args.rounds)
    if profiler is not None:
        print(f"\nre-visits of «{args.profile}»:")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
