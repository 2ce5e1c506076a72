"""The preparation of the sections after the window is painted (ui/warmup.py): a first visit is
then as quick as a re-visit — nothing left to import, no statement compiled for the first time."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from sqlalchemy.engine.default import CACHE_MISS

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.ui.main_window import MainWindow
from nastavnik_desktop.ui.warmup import _HoldInput

VISITED = ("Дорожная карта", "Наставляемые", "Наставники", "Пары и группы", "Документы",
           "Обзор")


@pytest.fixture
def demo_db(build_demo: Callable[..., Path], tmp_path: Path) -> Iterator[Database]:
    db = open_database(build_demo(tmp_path / "demo.sqlite", pupils=150, teachers=15, pairs=12))
    yield db
    db.close()


def _first_compiled(db: Database) -> list[str]:
    """The statements that SQLAlchemy compiles from now on (not found in the engine's cache)."""
    compiled: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, _parameters: Any, context: Any,
               _many: bool) -> None:
        if context is not None and context.cache_hit is CACHE_MISS:
            compiled.append(statement.split("\n")[0][:120])

    event.listen(db.engine, "before_cursor_execute", record)
    return compiled


def _warmed_window(qtbot: QtBot, db: Database) -> MainWindow:
    window = MainWindow(db, warm_up=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.warm_up is not None and window.warm_up.finished(),
                    timeout=60_000)
    return window


def test_after_the_warm_up_a_first_visit_compiles_no_statement(qtbot: QtBot,
                                                               demo_db: Database) -> None:
    window = _warmed_window(qtbot, demo_db)
    assert window.warm_up is not None
    assert window.warm_up.done == ["Обзор", "Дорожная карта", "Наставляемые", "Наставники",
                                   "Пары и группы", "Документы"]
    compiled = _first_compiled(demo_db)
    for title in VISITED:
        window.show_section(title)
    assert compiled == []


def test_without_the_warm_up_a_first_visit_compiles_its_statements(qtbot: QtBot,
                                                                   demo_db: Database) -> None:
    """The check above is not empty by construction."""
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    compiled = _first_compiled(demo_db)
    window.show_section("Дорожная карта")
    assert compiled


def test_the_warm_up_waits_for_the_first_paint(qtbot: QtBot, demo_db: Database) -> None:
    window = MainWindow(demo_db, warm_up=True)
    qtbot.addWidget(window)
    QCoreApplication.processEvents()
    assert window.warm_up is None  # never shown, never painted: nothing started
    window.show()
    qtbot.waitUntil(lambda: window.warm_up is not None, timeout=10_000)


def test_closing_the_window_stops_the_warm_up_and_waits_for_it(qtbot: QtBot,
                                                               demo_db: Database) -> None:
    window = MainWindow(demo_db, warm_up=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.warm_up is not None, timeout=10_000)
    warm_up = window.warm_up
    assert warm_up is not None
    window.close()
    assert warm_up.wait(0) and window.warm_up is None
    assert not any(t.name == "warm-up" for t in threading.enumerate())


def test_a_key_waits_for_the_imports_then_the_filter_goes(qtbot: QtBot) -> None:
    imported = threading.Event()
    owner = QObject()
    hold = _HoldInput(imported, owner)
    seen: list[QEvent.Type] = []

    class Target(QObject):
        def event(self, e: QEvent) -> bool:
            seen.append(e.type())
            return True

    target = Target()
    threading.Thread(target=imported.set).start()  # the imports end in another thread
    QCoreApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                                 Qt.KeyboardModifier.NoModifier))
    assert imported.is_set() and seen == [QEvent.Type.KeyPress]
    app = QCoreApplication.instance()
    assert app is not None
    assert not hold.eventFilter(target, QEvent(QEvent.Type.KeyPress))  # passes events on
