"""The GUI bootstrap: paths, logging, Qt's Russian translations, the excepthook, the database.

`python main.py [--db PATH]` lands here. Heavy libraries (Alembic, openpyxl, reportlab, scipy)
are not imported on the way to the first screen, nor is the ORM (data/core_tables.py); they load
when first used or, once the window is shown and idle, in the background (ui/warmup.py). The
database file is locked, checked and backed up in a thread from the start, while the window's
modules load (benchmarks/startup.py: start-up against a bare PySide6 + SQLAlchemy window).
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from nastavnik_desktop import APP_ID, APP_NAME, __version__, paths

if TYPE_CHECKING:  # the GUI modules load once the QApplication exists
    from PySide6.QtWidgets import QApplication

    from nastavnik_desktop.data.db import Database, PendingOpen
    from nastavnik_desktop.errors import NastavnikError
    from nastavnik_desktop.ui.tasks import BackgroundTask

log = logging.getLogger("nastavnik")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nastavnik-gui", description=f"«{APP_NAME}»")
    parser.add_argument("--db", type=Path, help="файл базы данных (по умолчанию — в папке "
                                               "данных пользователя)")
    parser.add_argument("--quit-when-shown", action="store_true",
                        help=argparse.SUPPRESS)  # for the start-up benchmark and e2e tests
    args, _qt_args = parser.parse_known_args(argv)
    return args


def setup_logging() -> Path | None:
    """Log to a rotating owner-only file in the user log folder, without personal data (see
    `logs`); returns its path (None if it cannot be written)."""
    from nastavnik_desktop import logs

    try:
        log_path = paths.log_file()
        logs.setup_logging(log_path)
    except OSError:
        return None
    return log_path


def install_excepthook(log_path: Path | None) -> None:
    """Bugs are logged with their traceback and shown in a crash dialog; the app keeps running.
    The log and the dialog get the same text: where it failed, without the data (`logs`)."""
    from nastavnik_desktop.logs import describe_exception

    def report(exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> None:
        text = describe_exception(exc_type, exc, tb)
        from PySide6.QtWidgets import QApplication

        from nastavnik_desktop.errors import NastavnikError

        if isinstance(exc, NastavnikError) and QApplication.instance() is not None:
            # Expected (a busy database, say) but let through by a slot: the curator's
            # message, not «внутренняя ошибка»; the traceback tells the developer where.
            log.warning("Ошибка не перехвачена на месте:\n%s", text)
            from nastavnik_desktop.ui import messages

            messages.show_known_error(None, exc)
            return
        log.error("Необработанная ошибка:\n%s", text)
        if QApplication.instance() is None:
            print(text, file=sys.stderr, end="")
            return
        from nastavnik_desktop.ui.dialogs.crash import show_crash_dialog

        show_crash_dialog(text, log_path or paths.log_dir())

    def thread_report(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        text = describe_exception(args.exc_type, args.exc_value, args.exc_traceback)
        log.error("Ошибка в потоке %s:\n%s", getattr(args.thread, "name", ""), text)

    sys.excepthook = report
    threading.excepthook = thread_report


def install_translations(app: object) -> None:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_ru", "qt_ru"):
        translator = QTranslator(app)  # type: ignore[arg-type]
        if translator.load(name, folder):
            app.installTranslator(translator)  # type: ignore[attr-defined]


def _print_message(message: object, _parent: object) -> bool:
    print(f"{getattr(message, 'title', '')}: {getattr(message, 'text', message)}",
          file=sys.stderr, flush=True)
    return False


def main(argv: list[str] | None = None) -> int:
    # No cyclic garbage collection until the window is painted: the start makes ~1 million
    # objects that live for the session, and the collector walked through them three or four
    # times, ~40 ms of a 0.38 s start (benchmarks/startup.py). Memory is freed by reference
    # counting meanwhile; the collector resumes with what the start made frozen
    # (`_resume_collection`), and the warm-up freezes what it adds (ui/warmup.py).
    gc.disable()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    log_path = setup_logging()
    log.info("Запуск «%s» %s", APP_NAME, __version__)

    from nastavnik_desktop import platform_check

    if code := platform_check.check():  # missing X libraries: say which, not Qt's abort
        return code
    db_path = (args.db or paths.default_db_path()).expanduser()
    opening = Opening(db_path)  # the file's work, while the modules below load
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0], *argv])
    app.setOrganizationName(APP_ID)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)  # nastavnik.desktop of the bundle and the installers
    app.setApplicationVersion(__version__)
    install_translations(app)
    install_excepthook(log_path)

    from nastavnik_desktop.ui import messages

    if args.quit_when_shown:  # scripted run: messages go to stderr, no modal box may block
        messages.set_handler(_print_message)
    task = _open_then_show(app, db_path, quit_when_shown=args.quit_when_shown, opening=opening)
    code = app.exec()
    task.wait(60_000)
    return code


class Opening:
    """The database at `db_path` being opened: its file locked, checked and backed up in a
    plain thread started at once, before SQLAlchemy and Qt are loaded (that part needs
    neither). `result()`, called in a worker thread once the window's modules are loaded,
    waits for it, migrates and connects the database (`PendingOpen.finish`) and returns it with
    whether it is the demo school, or raises what the opening raised."""

    def __init__(self, db_path: Path) -> None:
        self._pending: PendingOpen | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._begin, args=(db_path,),
                                        name="opening the database")
        self._thread.start()

    def _begin(self, db_path: Path) -> None:
        try:
            from nastavnik_desktop.services.workspace import begin_workspace

            self._pending = begin_workspace(db_path)
        except BaseException as exc:  # handed over to `result`, never lost
            self._error = exc

    def quick(self) -> bool:
        """Whether `result` will be ready at once: the file's part is over, and failed or
        left nothing long to do (no migration)."""
        if self._thread.is_alive():
            return False
        return self._error is not None or (self._pending is not None and self._pending.quick)

    def result(self) -> tuple[Database, bool]:
        from nastavnik_desktop.services.workspace import is_demo_database

        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._pending is not None
        db = self._pending.finish()
        try:
            return db, is_demo_database(db)
        except BaseException:
            db.close()
            raise


_ICON_AFTER_MS = 50
"""The window's icon is set after its first paint: finding the resources costs ~5 ms."""


def _set_window_icon() -> None:
    """The program's icon (resources/icons) on every window and in the task bar."""
    from PySide6.QtGui import QGuiApplication, QIcon

    QGuiApplication.setWindowIcon(QIcon(str(paths.resource("icons", "nastavnik.png"))))


def _open_then_show(app: QApplication, db_path: Path, *, quit_when_shown: bool,
                    opening: Opening | None = None) -> BackgroundTask:
    """Open the database (or wait for the `opening` under way) in a worker thread, then show
    the window. A database that cannot be opened (another «Наставник» has it, say) is
    explained with the offer to open another file; refused, the app ends with 2."""
    from PySide6.QtCore import QTimer

    from nastavnik_desktop.errors import NastavnikError
    from nastavnik_desktop.ui.main_window import MainWindow
    from nastavnik_desktop.ui.tasks import run_task

    windows: list[MainWindow] = []  # kept alive by `opened`, which the task holds
    retries: list[BackgroundTask] = []  # the opening of another file, if the curator chose one

    def opened(db_and_demo: tuple[Database, bool]) -> None:
        QTimer.singleShot(0, _resume_collection)  # after the first paint, or the error shown
        db, is_demo = db_and_demo
        # The sections are prepared in the background once the window is painted (ui/warmup.py);
        # a scripted run ends at that paint, and must not start it.
        try:
            windows.append(MainWindow(db, is_demo=is_demo, warm_up=not quit_when_shown))
        except BaseException:
            if quit_when_shown:  # a scripted run must end, not wait with no window for ever
                QTimer.singleShot(0, lambda: app.exit(1))
            raise
        windows[0].show()
        QTimer.singleShot(_ICON_AFTER_MS, windows[0], _set_window_icon)  # ends with the window
        if quit_when_shown:
            def report_shown() -> None:
                app.processEvents()  # let the first paint of the window happen
                print("shown", flush=True)
                app.quit()

            QTimer.singleShot(0, report_shown)

    def refused(error: NastavnikError) -> None:
        _resume_collection()
        log.warning("База не открыта: %s", error.message)
        other = choose_another_database(error, db_path)
        if other is None:
            app.exit(2)
            return
        retries.append(_open_then_show(app, other, quit_when_shown=quit_when_shown))

    def failed(error: BaseException) -> None:
        _resume_collection()
        if not isinstance(error, NastavnikError):  # a bug: reported, then the app ends
            QTimer.singleShot(0, lambda: app.exit(1))

    started = opening if opening is not None else Opening(db_path)
    # The progress dialog only for a long opening (a migration, a large backup): made for
    # nothing, it costs the start ~4 ms.
    return run_task(None, lambda _progress: started.result(), opened, title=APP_NAME,
                    label="Открывается база данных…", on_known_error=refused,
                    on_failed=failed, cancellable=False, dialog=not started.quick())


def _resume_collection() -> None:
    """The collector back on after the start (`main`), with what the start made frozen out of
    its reach; repeated calls do nothing more."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def choose_another_database(error: NastavnikError, db_path: Path) -> Path | None:
    """Say why the database at start was not opened and offer another file (None: quit)."""
    from PySide6.QtWidgets import QFileDialog

    from nastavnik_desktop.ui import messages
    from nastavnik_desktop.ui.main_window import DATABASE_FILTER

    if not messages.confirm(
            None, f"{error.message}\n\nОткрыть другой файл базы данных?",
            title="База данных не открыта", accept_text="Открыть другой файл…",
            reject_text="Выйти", default_accept=True):
        return None
    name, _filter = QFileDialog.getOpenFileName(None, "Открыть базу данных",
                                                str(db_path.parent), DATABASE_FILTER)
    return Path(name) if name else None
