"""After the window is shown: each section's first visit as quick as a re-visit.

A first visit used to pay for importing its page and services (the ORM and the mapped classes,
the stage checks, reportlab behind «Документы») and for SQLAlchemy compiling its statements for
the first time; a re-visit pays for neither (issue 18: «Дорожная карта» 380–540 ms the first
time at 5,000 pupils). Once the window has been painted and then left alone for a moment,
`WarmUp` does both:

- in a worker thread it imports the pages' modules, then runs the pages' reads once (the
  service calls the pages make, the results thrown away), which fills the engine's cache of
  compiled statements that the UI thread uses afterwards;
- while it imports, a click or a key waits for the imports to end before the window handles
  it (`_HoldInput`): what the window does then may import too, and SQLAlchemy's and
  reportlab's modules import each other — a package imported by two threads at once may hand
  one of them a module half made (seen at start, issue 18). The wait is what the import
  would have cost the click anyway;
- at the end a full collection, then `gc.freeze()`: what the start and the warm-up made stays
  for the session, and a collection during a visit no longer walks through it.

benchmarks/screens.py at 5,000 pupils / 1,000 pairs: the first visit of «Дорожная карта» 146 →
35 ms, «Документы» 164 → 16 ms (a re-visit: 5 and 8 ms); the warm-up ~0.7 s in the background,
the UI thread's longest gap during it ~40 ms.

It starts only after the first paint, so the start-up figure (benchmarks/startup.py) is not
touched; it only reads (`Database.reading`, never a write lock); it stops between steps when
asked (the window closes, another database is opened). A step that fails is logged and skipped:
the section then does its own work on its first visit, and reports its own errors.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import importlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import NastavnikError

log = logging.getLogger(__name__)

START_AFTER_PAINT_MS = 150
"""The pause between the window's first paint and the warm-up: the start is over and the
window is quiet; a curator's first click comes later than that."""

IMPORTS: tuple[str, ...] = (
    "sqlalchemy.orm",
    "nastavnik_desktop.data.core_models",
    "nastavnik_desktop.data.models",
    "",  # configure the mappers, as the first session would
    "nastavnik_desktop.services.stages",
    "nastavnik_desktop.ui.pages.roadmap",
    "nastavnik_desktop.ui.pages.people",
    "nastavnik_desktop.ui.pages.pairs_board",
    "reportlab.pdfbase.pdfmetrics",
    "reportlab.pdfgen.canvas",
    "reportlab.platypus",
    "nastavnik_desktop.services.documents",
    "nastavnik_desktop.ui.pages.documents",
)
"""What the sections import on a first visit, most visited first ("" configures the mappers)."""

MODEL_IMPORTS = IMPORTS[:4]
"""Without a programme (the welcome screen) only the model is prepared."""


@dataclass(frozen=True)
class Step:
    title: str
    run: Callable[[], object]


def _import(name: str) -> None:
    if name:
        importlib.import_module(name)
    else:
        from sqlalchemy.orm import configure_mappers

        configure_mappers()


def reads(db: Database, programme_id: int, today: dt.date) -> list[Step]:
    """The reads of the sections, in the order of `IMPORTS`."""
    pid = programme_id

    def overview() -> None:  # «Обзор» on a visit: the stage checks, then its figures
        from nastavnik_desktop.services import programme, stages

        cards = stages.stage_cards(db, pid, today=today)
        programme.overview(db, pid, today=today, statuses={c.stage: c.status for c in cards})

    def roadmap() -> None:
        from nastavnik_desktop.services import roadmap as roadmap_service

        roadmap_service.list_roadmap(db, pid)

    def mentees() -> None:
        from nastavnik_desktop.services import people, reference_lists

        people.mentee_base(db, pid)
        for kind in (reference_lists.ListKind.FORMS, reference_lists.ListKind.REQUESTS):
            reference_lists.item_order(db, kind)  # the order of the bases' filters

    def mentors() -> None:
        from nastavnik_desktop.services import people

        people.mentor_base(db, pid)

    def pairs() -> None:
        from nastavnik_desktop.services import pairs as pairs_service

        pairs_service.board(db, pid)
        pairs_service.unmatched_mentees(db, pid)

    def documents() -> None:
        from nastavnik_desktop.services import documents as documents_service

        documents_service.list_issued_documents(db, pid)

    return [Step("Обзор", overview), Step("Дорожная карта", roadmap),
            Step("Наставляемые", mentees), Step("Наставники", mentors),
            Step("Пары и группы", pairs), Step("Документы", documents)]


class WarmUp(QObject):
    """The imports and then the reads of `db`'s sections in a worker thread (`start`); user
    input waits while it imports; `cancel` stops it between two steps, `wait` waits for it."""

    def __init__(self, db: Database, programme_id: int | None, today: dt.date,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._imports = IMPORTS if programme_id is not None else MODEL_IMPORTS
        self._reads = reads(db, programme_id, today) if programme_id is not None else []
        self._cancel = threading.Event()
        self._imported = threading.Event()
        self._finished = threading.Event()
        self._thread: threading.Thread | None = None
        self._hold: _HoldInput | None = None
        self.done: list[str] = []
        """The reads that ran through, in order."""
        self.import_seconds = 0.0
        self.seconds = 0.0

    def start(self) -> None:
        if self._thread is None:
            self._hold = _HoldInput(self._imported, self)
            self._thread = threading.Thread(target=self._run, name="warm-up")
            self._thread.start()

    def started(self) -> bool:
        return self._thread is not None

    def imported(self) -> bool:
        return self._imported.is_set()

    def finished(self) -> bool:
        return self._finished.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout_s: float) -> bool:
        """Wait for the thread to end (a step under way is not interrupted); True if it did or
        never started."""
        if self._thread is None:
            return True
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _run(self) -> None:
        began = time.perf_counter()
        try:
            for name in self._imports:
                if self._cancel.is_set():
                    return
                _attempt(name or "настройка модели", functools.partial(_import, name))
            self.import_seconds = time.perf_counter() - began
            self._imported.set()
            for step in self._reads:
                if self._cancel.is_set():
                    return
                if _attempt(step.title, step.run):
                    self.done.append(step.title)
            # What the start and the warm-up made stays for the session (modules, the mapped
            # classes, the compiled statements): out of the collector's reach, a full
            # collection during a visit no longer walks through all of it.
            gc.collect()
            gc.freeze()
        finally:
            self._imported.set()
            self.seconds = time.perf_counter() - began
            self._finished.set()


HOLD_LIMIT_S = 10.0
"""The longest a click waits for the imports (a file system that hangs, say): then it goes on."""

_INPUT = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
                    QEvent.Type.KeyPress, QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride,
                    QEvent.Type.Wheel, QEvent.Type.ContextMenu})


class _HoldInput(QObject):
    """An application-wide filter: a click or key waits until `imported` is set (see the
    module's docstring), then the filter goes away."""

    def __init__(self, imported: threading.Event, parent: QObject) -> None:
        super().__init__(parent)
        self._imported = imported
        self.held_ms = 0.0
        """How long input waited in all."""
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._imported.is_set():
            self._remove()
        elif event.type() in _INPUT:
            began = time.perf_counter()
            self._imported.wait(HOLD_LIMIT_S)
            self.held_ms += (time.perf_counter() - began) * 1000
            self._remove()
        return False

    def _remove(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def _attempt(title: str, action: Callable[[], object]) -> bool:
    """Run `action`; a failure is logged (a busy or closed base quietly), never raised."""
    try:
        action()
    except NastavnikError as exc:  # a busy or closed base, say: the visit will tell
        log.info("Подготовка «%s» пропущена: %s", title, type(exc).__name__)
    except Exception as exc:
        from nastavnik_desktop.logs import describe_exception

        log.warning("Подготовка «%s» не удалась:\n%s", title,
                    describe_exception(type(exc), exc, exc.__traceback__))
    else:
        return True
    return False


class _AfterFirstPaint(QObject):
    """Calls `action` once, START_AFTER_PAINT_MS after `widget` is first painted."""

    def __init__(self, widget: QWidget, action: Callable[[], object]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._action = action
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(START_AFTER_PAINT_MS, self, self._action)
        return False


def after_first_paint(widget: QWidget, action: Callable[[], object]) -> None:
    """Run `action` on the UI thread once `widget` has been painted and a moment has passed
    (at once if it is visible already: it has been painted)."""
    if widget.isVisible():
        QTimer.singleShot(START_AFTER_PAINT_MS, widget, action)
    else:
        _AfterFirstPaint(widget, action)
