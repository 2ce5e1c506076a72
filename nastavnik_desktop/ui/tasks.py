"""Long work off the UI thread: `run_task` for every operation, on top of `BackgroundTask`.

The work is a plain function of the Qt-free services that takes a progress callback
`(done, total) -> bool`; the callback returns False once the curator pressed «Отмена», and the
service then stops (raising OperationCancelled) leaving nothing half-done. The worker never
touches a widget: it only emits signals, which Qt delivers in the GUI thread.

`run_task` (after Anki's `CollectionOp`) is the one way to start such work: it shows the
progress (a window-modal dialog, or the caller's own widget), hands the result to `on_done` on
the UI thread, and routes a failure the same way everywhere — an expected `NastavnikError` as
a Russian message, anything else to the crash handler.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from nastavnik_desktop.errors import NastavnikError, OperationCancelled
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.ui import messages

Work = Callable[[ProgressCallback], object]
_T = TypeVar("_T")

_PROGRESS_STEPS = 200
_PROGRESS_INTERVAL = 0.05
"""A chatty service must not flood the event queue: progress is passed on when it moves by
1/_PROGRESS_STEPS of the total (or, with the total unknown, every _PROGRESS_INTERVAL seconds)."""

_SHOW_AFTER_MS = 300

SWITCH_INTERVAL_S = 0.0005
"""How soon a thread waiting for the interpreter lock gets it while background work runs
(Python's default: 5 ms). The window's thread needs the lock for every call into Python as it
paints — each `data()` of a table model, each slot — and a worker holds it for whole intervals:
repainting a table beside a running import check waited 0.2–0.4 s. Restored when the last
worker ends."""


class _QuickSwitches:
    """`SWITCH_INTERVAL_S` while at least one worker runs (the interval is the interpreter's:
    the one before is put back when the last worker ends). Counted by the workers themselves,
    so a task deleted before its end is told still balances the count."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.running = 0
        self.saved = sys.getswitchinterval()

    def started(self) -> None:
        with self._lock:
            if not self.running:
                self.saved = sys.getswitchinterval()
                sys.setswitchinterval(min(self.saved, SWITCH_INTERVAL_S))
            self.running += 1

    def ended(self) -> None:
        with self._lock:
            if self.running:
                self.running -= 1
                if not self.running:
                    sys.setswitchinterval(self.saved)


quick_switches = _QuickSwitches()


class _WorkerThread(QThread):
    progressed = Signal(int, int)

    def __init__(self, work: Work, cancel: threading.Event) -> None:
        super().__init__()
        self._work = work
        self._cancel = cancel
        self._last_step: tuple[int, int] | None = None
        self.result: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        quick_switches.started()
        try:
            self.result = self._work(self._report)
        except BaseException as exc:  # handed over to the GUI thread, never lost
            self.error = exc
        finally:
            quick_switches.ended()

    def _report(self, done: int, total: int) -> bool:
        step = (done * _PROGRESS_STEPS // total if total > 0
                else int(time.monotonic() / _PROGRESS_INTERVAL))
        if (total, step) != self._last_step:
            self._last_step = (total, step)
            self.progressed.emit(done, total)
        return not self._cancel.is_set()


class BackgroundTask(QObject):
    """Runs `work` in a worker thread while a window-modal progress dialog shows how far it got.

    Exactly one of `succeeded(result)`, `failed(exception)` or `cancelled()` is emitted in the
    GUI thread when the work ends, then `finished()`. `progressed(done, total)` reports the
    progress as it goes. With `dialog` False no progress dialog is shown: the caller shows the
    progress itself (`progress_dialog` is then None).

    The task is deleted with its parent, not as soon as it has finished: deleted then (with
    `deleteLater`), it crashed now and then when a caller let go of it in one of its slots.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, work: Work, *, title: str, label: str, parent: QWidget | None,
                 dialog: bool = True) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = _WorkerThread(work, self._cancel)
        # Owned by the task in C++: when the task is deleted (deleteLater below) its thread goes
        # with it. Owned only by Python, the thread could be freed from inside the task's C++
        # destructor when the last Python reference drops there — a crash seen in the tests.
        self._thread.setParent(self)
        self._thread.progressed.connect(self._on_progress)
        self._thread.finished.connect(self._on_finished)
        self.progress_dialog = _progress_dialog(title, label, parent) if dialog else None
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.connect(self.cancel)
        self._abandoned = False

    def start(self) -> None:
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def is_cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report."""
        self._cancel.set()

    def abandon(self) -> None:
        """The caller is going away (a wizard closed while it loads): stop at the next progress
        report, and let the task outlive its parent until the work ends — its result is
        dropped and no signal is emitted — then free it. The caller need not wait for work
        that does not report progress, and no thread is destroyed while it runs."""
        self._cancel.set()
        if self._abandoned or not self._thread.isRunning():
            return
        self._abandoned = True
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self.cancel)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        self.setParent(None)  # kept alive by _ABANDONED, no longer deleted with its parent
        _ABANDONED.add(self)
        application = QCoreApplication.instance()
        if application is not None and not _ABANDONED_WAITED.is_set():
            _ABANDONED_WAITED.set()
            application.aboutToQuit.connect(wait_for_abandoned)

    def wait(self, timeout_ms: int) -> bool:
        """Block until the worker thread ends (used when the window closes); True if it did."""
        return self._thread.wait(timeout_ms)

    def _on_progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            return
        self.progressed.emit(done, total)
        dialog = self.progress_dialog
        if dialog is None:
            return
        if dialog.maximum() != total:
            dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)

    def _on_finished(self) -> None:
        self._thread.wait()
        if self._abandoned:
            # freed once this slot has returned: never from inside its own signal
            QTimer.singleShot(0, lambda: _ABANDONED.discard(self))
            return
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self.cancel)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
        error = self._thread.error
        if isinstance(error, OperationCancelled):
            self.cancelled.emit()
        elif error is not None:
            self.failed.emit(error)
        else:
            self.succeeded.emit(self._thread.result)
        self.finished.emit()


_ABANDONED: set[BackgroundTask] = set()
"""Tasks whose caller went away while they ran: kept alive here until their work ends."""
_KEPT: set[BackgroundTask] = set()
"""Tasks kept by `keep_until_done` until their work ends."""
_ABANDONED_WAITED = threading.Event()
"""Set once `wait_for_abandoned` is connected to the application's end."""


def wait_for_abandoned(timeout_ms: int = 10_000) -> bool:
    """Block until the work of every abandoned task, and of every task kept by
    `keep_until_done`, has ended (before the window closes its base, and at the application's
    end: a thread must not outlive it); True if it did."""
    return all(task.wait(timeout_ms) for task in [*_ABANDONED, *_KEPT])


def keep_until_done(task: BackgroundTask) -> None:
    """Keep a task made without a parent alive until its work ends (a page may be rebuilt —
    another year opened — while it reads; its result then goes to a widget checked still
    there); waited for with the abandoned ones."""
    _KEPT.add(task)
    application = QCoreApplication.instance()
    if application is not None and not _ABANDONED_WAITED.is_set():
        _ABANDONED_WAITED.set()
        application.aboutToQuit.connect(wait_for_abandoned)
    # let go once the task's own signal has returned (never from inside it)
    task.finished.connect(lambda: QTimer.singleShot(0, lambda: _KEPT.discard(task)))


def _progress_dialog(title: str, label: str, parent: QWidget | None) -> QProgressDialog:
    dialog = QProgressDialog(label, "Отмена", 0, 0, parent)
    dialog.setWindowTitle(title)
    from nastavnik_desktop.ui.style import set_enum_property  # not `Qt`: see its docstring

    set_enum_property(dialog, "windowModality", "WindowModal")
    dialog.setMinimumDuration(_SHOW_AFTER_MS)
    dialog.setMinimumWidth(420)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def run_task(parent: QWidget | None, work: Callable[[ProgressCallback], _T],
             on_done: Callable[[_T], object], *, title: str, label: str,
             failure_title: str = "Ошибка",
             on_failed: Callable[[BaseException], object] | None = None,
             on_known_error: Callable[[NastavnikError], object] | None = None,
             on_cancelled: Callable[[], object] | None = None,
             on_finished: Callable[[], object] | None = None,
             on_progress: Callable[[int, int], object] | None = None,
             cancellable: bool = True, dialog: bool = True) -> BackgroundTask:
    """Start `work(progress)` in a worker thread and return the task under way.

    On the UI thread afterwards: `on_done(result)`; or, when the work failed, `on_failed(error)`
    (to show the failure on the screen) and then the shared routing — a `NastavnikError` as a
    Russian message titled `failure_title` (or, given `on_known_error`, to it instead: a page
    that says what is wrong itself), any other exception to the crash handler; or
    `on_cancelled()` once «Отмена» stopped it. `on_finished()` comes last in every case.

    The progress shows in a window-modal dialog (`title`, `label`; without «Отмена» unless
    `cancellable`), or with `dialog` False only through `on_progress(done, total)`, for a page
    that shows it itself. Without a `parent` (before the first window) the caller keeps the
    returned task alive.
    """
    task = BackgroundTask(work, title=title, label=label, parent=parent, dialog=dialog)
    if task.progress_dialog is not None and not cancellable:
        task.progress_dialog.setCancelButton(None)
    task.succeeded.connect(on_done)
    task.failed.connect(lambda error: _route_failure(parent, error, failure_title, on_failed,
                                                     on_known_error))
    if on_cancelled is not None:
        task.cancelled.connect(on_cancelled)
    if on_progress is not None:
        task.progressed.connect(on_progress)
    if on_finished is not None:
        task.finished.connect(on_finished)
    task.start()
    return task


def _route_failure(parent: QWidget | None, error: object, title: str,
                   on_failed: Callable[[BaseException], object] | None,
                   on_known_error: Callable[[NastavnikError], object] | None) -> None:
    if not isinstance(error, BaseException):
        return
    if on_failed is not None:
        on_failed(error)
    if isinstance(error, NastavnikError):
        if on_known_error is not None:
            on_known_error(error)
        else:
            messages.show_known_error(parent, error, title=title)
    else:
        sys.excepthook(type(error), error, error.__traceback__)
