"""BackgroundTask and run_task: the work runs off the GUI thread; the outcome arrives by signal
and a failure is routed the same way everywhere."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from nastavnik_desktop.errors import NastavnikError, OperationCancelled
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.ui.messages import CapturedMessages, MessageKind
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_the_result_arrives_in_the_gui_thread(qtbot: QtBot, parent: QWidget) -> None:
    threads: list[threading.Thread] = []

    def work(progress: ProgressCallback) -> int:
        threads.append(threading.current_thread())
        for done in range(1, 6):
            progress(done, 5)
        return 42

    task = BackgroundTask(work, title="Проверка", label="Считаем…", parent=parent)
    received: list[tuple[object, threading.Thread]] = []
    task.succeeded.connect(lambda result: received.append((result, threading.current_thread())))
    with qtbot.waitSignal(task.finished):
        task.start()

    assert received == [(42, threading.main_thread())]
    assert threads and threads[0] is not threading.main_thread()


def test_an_error_is_delivered_not_lost(qtbot: QtBot, parent: QWidget) -> None:
    def work(progress: ProgressCallback) -> None:
        raise ValueError("сломалось")

    task = BackgroundTask(work, title="Проверка", label="Считаем…", parent=parent)
    with qtbot.waitSignal(task.failed) as failed:
        task.start()
    assert isinstance(failed.args[0], ValueError)


def test_cancel_makes_the_progress_callback_say_stop(qtbot: QtBot, parent: QWidget) -> None:
    started = threading.Event()
    answers: list[bool] = []

    def work(progress: ProgressCallback) -> None:
        started.set()
        while progress(1, 10):
            started.wait(0.01)
        answers.append(False)
        raise OperationCancelled()

    task = BackgroundTask(work, title="Проверка", label="Считаем…", parent=parent)
    succeeded: list[object] = []
    task.succeeded.connect(succeeded.append)
    task.start()
    assert started.wait(10)
    with qtbot.waitSignal(task.cancelled):
        task.cancel()
    assert answers == [False]
    assert succeeded == []


def test_progress_reaches_the_dialog(qtbot: QtBot, parent: QWidget) -> None:
    release = threading.Event()

    def work(progress: ProgressCallback) -> None:
        progress(0, 10)
        progress(4, 10)
        release.wait(10)

    task = BackgroundTask(work, title="Проверка", label="Считаем…", parent=parent)
    task.start()
    try:
        qtbot.waitUntil(lambda: task.progress_dialog.value() == 4)
        assert task.progress_dialog.maximum() == 10
    finally:
        release.set()
    with qtbot.waitSignal(task.finished):
        pass


def test_run_task_hands_the_result_to_on_done_then_finishes(qtbot: QtBot,
                                                            parent: QWidget) -> None:
    events: list[object] = []
    task = run_task(parent, lambda progress: 7, events.append, title="Проверка",
                    label="Считаем…", on_finished=lambda: events.append("finished"))
    with qtbot.waitSignal(task.finished):
        pass
    assert events == [7, "finished"]


def test_an_expected_error_becomes_a_russian_message(
        qtbot: QtBot, parent: QWidget, shown_messages: CapturedMessages) -> None:
    def work(progress: ProgressCallback) -> None:
        raise NastavnikError("Диск заполнен.", details="ENOSPC")

    failed: list[BaseException] = []
    done: list[object] = []
    task = run_task(parent, work, done.append, title="Проверка", label="Считаем…",
                    failure_title="Не удалось", on_failed=failed.append)
    with qtbot.waitSignal(task.finished):
        pass
    assert done == [] and [type(e) for e in failed] == [NastavnikError]
    assert [(m.kind, m.title, m.text, m.details) for m in shown_messages.messages] == [
        (MessageKind.ERROR, "Не удалось", "Диск заполнен.", "ENOSPC")]


def test_a_page_can_take_the_expected_error_itself(
        qtbot: QtBot, parent: QWidget, shown_messages: CapturedMessages) -> None:
    def work(progress: ProgressCallback) -> None:
        raise NastavnikError("Файл повреждён.")

    told: list[str] = []
    task = run_task(parent, work, print, title="Проверка", label="Считаем…",
                    on_known_error=lambda error: told.append(error.message), dialog=False)
    assert task.progress_dialog is None
    with qtbot.waitSignal(task.finished):
        pass
    assert told == ["Файл повреждён."]
    assert shown_messages.messages == []


def test_a_bug_goes_to_the_crash_handler(qtbot: QtBot, parent: QWidget,
                                         shown_messages: CapturedMessages,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    reported: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: reported.append(kind))

    def work(progress: ProgressCallback) -> None:
        raise KeyError("bug")

    task = run_task(parent, work, print, title="Проверка", label="Считаем…")
    with qtbot.waitSignal(task.finished):
        pass
    assert reported == [KeyError]
    assert shown_messages.messages == []


def test_progress_without_a_dialog_reaches_the_caller(qtbot: QtBot, parent: QWidget) -> None:
    seen: list[tuple[int, int]] = []

    def work(progress: ProgressCallback) -> None:
        progress(3, 10)

    task = run_task(parent, work, print, title="Проверка", label="Считаем…", dialog=False,
                    on_progress=lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(task.finished):
        pass
    assert seen == [(3, 10)]


def test_the_window_gets_the_interpreter_lock_soon_while_any_task_runs(
        qtbot: QtBot, parent: QWidget) -> None:
    """A worker holds the interpreter lock for whole switch intervals while the window repaints
    (a call into Python per table cell): every task runs with the short interval, and the one
    before comes back when the last task ends."""
    from nastavnik_desktop.ui.tasks import SWITCH_INTERVAL_S

    before = sys.getswitchinterval()
    release = threading.Event()
    seen: list[float] = []

    def work(_progress: ProgressCallback) -> None:
        seen.append(sys.getswitchinterval())
        release.wait(30)

    first = run_task(parent, work, lambda _r: None, title="t", label="l")
    second = run_task(parent, work, lambda _r: None, title="t", label="l")
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    release.set()
    qtbot.waitUntil(lambda: not first.is_running() and not second.is_running(), timeout=10_000)
    assert seen == [SWITCH_INTERVAL_S, SWITCH_INTERVAL_S]
    assert sys.getswitchinterval() == before
