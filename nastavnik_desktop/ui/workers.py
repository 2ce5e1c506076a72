"""Long work off the UI thread: a worker thread, a progress dialog with «Отмена», and signals.

The work is a plain function of the Qt-free services that takes a progress callback
`(done, total) -> bool`; the callback returns False once the curator pressed «Отмена», and the
service then stops (raising OperationCancelled) leaving nothing half-done. The worker never
touches a widget: it only emits signals, which Qt delivers in the GUI thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from nastavnik_desktop.errors import OperationCancelled
from nastavnik_desktop.progress import ProgressCallback

Work = Callable[[ProgressCallback], object]

_PROGRESS_STEPS = 200
_PROGRESS_INTERVAL = 0.05
"""A chatty service must not flood the event queue: progress is passed on when it moves by
1/_PROGRESS_STEPS of the total (or, with the total unknown, every _PROGRESS_INTERVAL seconds)."""

_SHOW_AFTER_MS = 300


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
        try:
            self.result = self._work(self._report)
        except BaseException as exc:  # handed over to the GUI thread, never lost
            self.error = exc

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
    GUI thread when the work ends, then `finished()`.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, work: Work, *, title: str, label: str, parent: QWidget) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = _WorkerThread(work, self._cancel)
        # Owned by the task in C++: when the task is deleted (deleteLater below) its thread goes
        # with it. Owned only by Python, the thread could be freed from inside the task's C++
        # destructor when the last Python reference drops there — a crash seen in the tests.
        self._thread.setParent(self)
        self._thread.progressed.connect(self._on_progress)
        self._thread.finished.connect(self._on_finished)

        self.progress_dialog = QProgressDialog(label, "Отмена", 0, 0, parent)
        self.progress_dialog.setWindowTitle(title)
        self.progress_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress_dialog.setMinimumDuration(_SHOW_AFTER_MS)
        self.progress_dialog.setMinimumWidth(420)
        self.progress_dialog.setAutoClose(False)
        self.progress_dialog.setAutoReset(False)
        self.progress_dialog.canceled.connect(self.cancel)

    def start(self) -> None:
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def is_cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report."""
        self._cancel.set()

    def wait(self, timeout_ms: int) -> bool:
        """Block until the worker thread ends (used when the window closes); True if it did."""
        return self._thread.wait(timeout_ms)

    def _on_progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            return
        dialog = self.progress_dialog
        if dialog.maximum() != total:
            dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)

    def _on_finished(self) -> None:
        self._thread.wait()
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
        self.deleteLater()
