"""The UI-thread heartbeat the stall benchmarks share: a 5 ms `QTimer` whose longest gap between
ticks is the longest time the window could not paint (`screens.py` keeps its own driver)."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

HEARTBEAT_MS = 5


class Heartbeat:
    """A 5 ms timer on the UI thread; `longest` is the longest gap between its ticks since
    `start()` (the event loop must run meanwhile)."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self.tick)
        self.last = time.perf_counter()
        self.longest = 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def stop(self) -> float:
        """Stop, counting the gap up to now; the longest gap in seconds."""
        self.tick()
        self.timer.stop()
        return self.longest
