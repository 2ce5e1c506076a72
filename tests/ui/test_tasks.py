"""BackgroundTask: the work runs off the GUI thread; the outcome arrives by signal."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from nastavnik_desktop.errors import OperationCancelled
from nastavnik_desktop.services.workspace import ProgressCallback
from nastavnik_desktop.ui.tasks import BackgroundTask


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
