"""The main window: the sections of the programme on the left, the open one on the right.

An empty database shows the welcome screen instead. The window owns the open `Database`: it
closes the old one when another is opened, and the current one when the window closes.
Longer than 600 lines because it is that one owner: opening, switching, restoring
(`restore_database_from`) and closing the database stay together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QByteArray, QSize, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop import APP_NAME, paths
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ProgrammeStatus
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services import changes, workspace
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.settings import WINDOW_GEOMETRY, WINDOW_STATE
from nastavnik_desktop.ui import icons, menus, messages, prefs, style
from nastavnik_desktop.ui.lock import Locker
from nastavnik_desktop.ui.pages.base import Page
from nastavnik_desktop.ui.pages.overview import OverviewPage
from nastavnik_desktop.ui.widgets.elided_label import ElidedLabel
from nastavnik_desktop.ui.year_switcher import YearSwitcher, archive_banner_text

_T = TypeVar("_T")

if TYPE_CHECKING:  # imported where used: the first screen does without them (start-up time)
    from nastavnik_desktop.errors import NastavnikError
    from nastavnik_desktop.ui.pages.welcome import WelcomePage
    from nastavnik_desktop.ui.tasks import BackgroundTask
    from nastavnik_desktop.ui.warmup import WarmUp

DEFAULT_SIZE = QSize(1200, 780)
DATABASE_FILTER = "Базы данных «Наставника» (*.sqlite *.db);;Все файлы (*)"

_WAIT_FOR_WORKER_MS = 10_000
_WAIT_FOR_WARM_UP_S = 10.0

_SIDEBAR_STYLE = """
QListWidget#sidebar {
    background: palette(base);
    border: none;
    border-right: 1px solid palette(mid);
    padding-top: 10px;
    outline: 0;
}
QListWidget#sidebar::item {
    padding: 7px 10px;
    margin: 1px 8px;
    border-radius: 5px;
    color: palette(text);
}
QListWidget#sidebar::item:hover:!selected {
    background: palette(alternate-base);
}
QListWidget#sidebar::item:selected {
    background: palette(highlight);
    color: palette(highlighted-text);
}
"""

_DEMO_MARKER_STYLE = f"QLabel {{ {style.NOTE_LOOK} padding: 0px 8px; }}"
_ARCHIVE_BANNER_STYLE = (f"QLabel {{ {style.NOTE_LOOK} border-radius: 0px; border-width: 0px "
                         "0px 1px 0px; padding: 8px 14px; }")
_WRITING_ACTIONS = frozenset({"import_people", "next_school_year"})
"""Menu actions that write into the programme shown: off while a past year is shown."""

PageFactory = Callable[[Database, ProgrammeInfo], Page]


@dataclass(frozen=True)
class Section:
    title: str
    icon: str
    """One of `icons.ICON_NAMES`."""
    make_page: PageFactory


def _roadmap_page(db: Database, programme: ProgrammeInfo) -> Page:
    from nastavnik_desktop.ui.pages.roadmap import RoadmapPage

    return RoadmapPage(db, programme.id)


def _mentees_page(db: Database, programme: ProgrammeInfo) -> Page:
    from nastavnik_desktop.ui.pages.people import MenteesPage

    return MenteesPage(db, programme.id)


def _mentors_page(db: Database, programme: ProgrammeInfo) -> Page:
    from nastavnik_desktop.ui.pages.people import MentorsPage

    return MentorsPage(db, programme.id)


def _pairs_page(db: Database, programme: ProgrammeInfo) -> Page:
    from nastavnik_desktop.ui.pages.pairs_board import PairsBoardPage

    return PairsBoardPage(db, programme.id)


def _monitoring_page(db: Database, programme: ProgrammeInfo) -> Page:
    from nastavnik_desktop.ui.pages.monitoring import MonitoringPage

    return MonitoringPage(db, programme.id)


def _results_page(db: Database, programme: ProgrammeInfo) -> Page:
    from nastavnik_desktop.ui.pages.results import ResultsPage

    return ResultsPage(db, programme.id)


def _documents_page(db: Database, programme: ProgrammeInfo) -> Page:
    from nastavnik_desktop.ui.pages.documents import DocumentsPage

    return DocumentsPage(db, programme.id)


def _exchange_page(db: Database, programme: ProgrammeInfo) -> Page:
    from nastavnik_desktop.ui.pages.exchange import ExchangePage

    return ExchangePage(db, programme.id)


SECTIONS: tuple[Section, ...] = (
    Section("Обзор", "overview", lambda db, programme: OverviewPage(db, programme.id)),
    Section("Дорожная карта", "roadmap", lambda db, programme: _roadmap_page(db, programme)),
    Section("Наставляемые", "mentees", lambda db, programme: _mentees_page(db, programme)),
    Section("Наставники", "mentors", lambda db, programme: _mentors_page(db, programme)),
    Section("Пары и группы", "pairs", lambda db, programme: _pairs_page(db, programme)),
    Section("Анкеты и мониторинг", "surveys",
            lambda db, programme: _monitoring_page(db, programme)),
    Section("Итоги и награды", "awards", lambda db, programme: _results_page(db, programme)),
    Section("Документы", "documents", lambda db, programme: _documents_page(db, programme)),
    Section("Обмен данными", "exchange", lambda db, programme: _exchange_page(db, programme)),
)


class MainWindow(QMainWindow):
    database_switched = Signal(object)
    """Emitted with the path of the database that was just opened in place of the old one."""

    def __init__(self, db: Database, *, is_demo: bool = False, warm_up: bool = False,
                 parent: QWidget | None = None) -> None:
        """With `warm_up`, once the window has been painted the sections' modules are imported
        and their reads run once in a worker thread, so that a first visit is as quick as the
        next ones (ui/warmup.py; the program does it, tests ask for it)."""
        super().__init__(parent)
        self._db = db
        self._is_demo = is_demo
        self._programme: ProgrammeInfo | None = None
        self._viewed_id: int | None = None
        """The archived programme shown read-only (`view_programme`); None: the current one."""
        self._page_db = db
        """What the pages get: `db`, or its read-only view while a past year is shown."""
        self._task: BackgroundTask | None = None
        self._warm_up_wanted = warm_up
        self._warm_up: WarmUp | None = None

        self._welcome: WelcomePage | None = None  # built when first needed (start-up time)

        self._sidebar = QListWidget()
        self._sidebar.setObjectName("sidebar")
        self._sidebar.setStyleSheet(_SIDEBAR_STYLE)
        self._sidebar.setIconSize(QSize(20, 20))
        style.set_enum_property(self._sidebar, "horizontalScrollBarPolicy",
                                "ScrollBarAlwaysOff")
        for section in SECTIONS:
            QListWidgetItem(icons.section_icon(section.icon, self._sidebar),
                            section.title, self._sidebar)
        self._sidebar.setFixedWidth(self._sidebar_width())
        self._pages = QStackedWidget()
        self._sidebar.currentRowChanged.connect(self._on_section_chosen)

        self._archive_banner: QLabel | None = None
        """Made when a past year is first shown (a style sheet costs the first screen)."""
        content = QWidget()
        self._content_column = QVBoxLayout(content)
        self._content_column.setContentsMargins(0, 0, 0, 0)
        self._content_column.setSpacing(0)
        self._content_column.addWidget(self._pages, 1)
        sections = QWidget()
        row = QHBoxLayout(sections)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._sidebar)
        row.addWidget(content, 1)

        self._screens = QStackedWidget()
        self._screens.addWidget(sections)
        self._sections_screen = sections
        self.setCentralWidget(self._screens)
        self.locker = Locker(self, self._screens, lambda: self._db, self._school_name)
        """The password at start, the idle lock and «Заблокировать» (ui/lock.py)."""

        self._section_actions: list[QAction] = menus.build_menus(self, SECTIONS)
        """The actions that need a programme (disabled on the welcome screen)."""
        self._build_status_bar()
        self._restore_geometry()
        self._load()
        self.locker.database_opened()
        if warm_up:
            from nastavnik_desktop.ui.warmup import after_first_paint

            after_first_paint(self, self._start_warm_up)

    # --- public API and test hooks ---------------------------------------------------------

    @property
    def database(self) -> Database:
        return self._db

    @property
    def is_demo(self) -> bool:
        return self._is_demo

    def section_titles(self) -> list[str]:
        return [section.title for section in SECTIONS]

    def show_section(self, title: str) -> QWidget:
        """Open the section called `title` and return its page."""
        if self.is_welcome_shown():
            raise LookupError("В базе нет программы наставничества: разделы недоступны.")
        self._sidebar.setCurrentRow(self.section_titles().index(title))
        return self.current_page()

    def current_page(self) -> QWidget:
        return self._pages.currentWidget()

    def open_backups(self) -> None:
        """«Файл → Резервные копии…»: the backups tab of «Обмен данными»."""
        from nastavnik_desktop.ui.pages.exchange import ExchangePage
        from nastavnik_desktop.ui.pages.exchange.backups_tab import BackupsTab

        if self.is_welcome_shown():
            return
        page = self.show_section("Обмен данными")
        if isinstance(page, ExchangePage):
            page.show_tab(BackupsTab)

    @property
    def programme(self) -> ProgrammeInfo | None:
        """The programme the sections show (an archived one while a past year is viewed)."""
        return self._programme

    def is_archive_shown(self) -> bool:
        return self._programme is not None and self._viewed_id is not None

    def view_programme(self, programme_id: int | None) -> None:
        """Show the programme `programme_id` — an archived one read-only, under the banner
        «архив, только просмотр» — or, with None or the running one's id, the current year;
        the section open stays open."""
        current = programme_service.current_programme(self._db)
        if current is not None and programme_id == current.id:
            programme_id = None
        if programme_id == self._viewed_id:
            return
        title = None if self.is_welcome_shown() else self.current_section_title()
        self._viewed_id = programme_id
        self._load()
        if title is not None and not self.is_welcome_shown():
            self.show_section(title)

    def apply_settings(self) -> None:
        """The settings changed: every page is built again from them (no restart)."""
        self._on_programme_changed()

    def open_settings(self) -> None:
        """«Файл → Настройки…» (Ctrl+,): the school, the lists, the documents, the rest."""
        from nastavnik_desktop.ui.dialogs.settings import open_settings

        if self._programme is not None:
            open_settings(self)

    def undo_next_year(self) -> None:
        """«Файл → Отменить начало учебного года…»: back to the database as it was."""
        from nastavnik_desktop.ui.dialogs.next_year import ask_undo_next_year

        if self._programme is not None:
            ask_undo_next_year(self)

    def current_section_title(self) -> str:
        return SECTIONS[self._sidebar.currentRow()].title

    def is_welcome_shown(self) -> bool:
        return self._welcome is not None and self._screens.currentWidget() is self._welcome

    def status_texts(self) -> list[str]:
        """The texts shown in the status bar, left to right (hidden ones left out)."""
        texts = ((self._school_label, self._school_label.text()),
                 (self._year_switcher, self._year_switcher.plain_text),
                 (self._demo_label, self._demo_label.text()))
        shown = [text for label, text in texts if not label.isHidden() and text]
        return [*shown, self._path_label.full_text()]

    @property
    def warm_up(self) -> WarmUp | None:
        """The preparation of the sections' first visits (see `__init__`), once started."""
        return self._warm_up

    def switch_database(self, db: Database, *, is_demo: bool) -> None:
        """Work with `db` from now on; the old database is closed."""
        old = self._db
        self._stop_warm_up()
        self._db, self._is_demo = db, is_demo
        self._viewed_id = None
        self._load()
        self.locker.database_opened()
        if old is not db:
            self._wait_for_page_tasks()
            _close(old)
        if self._warm_up_wanted:
            from nastavnik_desktop.ui.warmup import after_first_paint

            after_first_paint(self, self._start_warm_up)
        self.database_switched.emit(db.path)

    def _school_name(self) -> str:
        return self._programme.school_name if self._programme is not None else ""

    def _wait_for_page_tasks(self) -> None:
        """Let the work started from pages and dialogs (an erasure, an import, a document) end
        before the database is closed: closing releases its lock (`data/lock.py`), and another
        program must not get it while this one still writes. Their progress dialogs are
        window-modal, so this is rare and short."""
        from nastavnik_desktop.ui.tasks import BackgroundTask, wait_for_abandoned

        for task in self.findChildren(BackgroundTask):
            if task is not self._task and task.is_running():
                task.wait(_WAIT_FOR_WORKER_MS)
        wait_for_abandoned(_WAIT_FOR_WORKER_MS)

    # --- actions ---------------------------------------------------------------------------

    def create_programme(self) -> None:
        """The stage 1 wizard: the school, the year, the team, forms and documents."""
        from PySide6.QtWidgets import QDialog

        from nastavnik_desktop.ui.stage_wizards import stage1_wizard

        if stage1_wizard(self, self._db).exec() == QDialog.DialogCode.Accepted:
            self._load()

    def choose_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _filter = QFileDialog.getOpenFileName(
            self, "Открыть базу данных", str(self._db.path.parent), DATABASE_FILTER)
        if name:
            self.open_database_file(Path(name))

    def open_database_file(self, path: Path) -> BackgroundTask | None:
        """Open the database at `path` in place of the current one, in a worker thread: the
        backup and the migrations of a large file take seconds. On failure say why and keep
        the current one. Returns the task under way (None while another one runs)."""
        return self._start(lambda _progress: _open(path), self._on_opened,
                           title="Открытие базы данных",
                           label=f"Открывается «{path.name}»: резервная копия и проверка…",
                           failure_title="Не удалось открыть базу данных", cancellable=False)

    def open_demo_school(self) -> None:
        """Open the demo school, building it first (in a worker thread) if there is none."""
        if self._task is not None:
            return
        path = workspace.demo_workspace_path()
        if self._is_demo and _same_file(self._db.path, path):
            if not self.is_welcome_shown():
                self._sidebar.setCurrentRow(0)
            return
        if path.exists():
            self.open_database_file(path)
            return
        self._start(lambda progress: _open(
                        workspace.create_demo_workspace(path, today=dt.date.today(),
                                                    progress=progress)),
                    self._on_opened, title="Демонстрационная школа",
                    label="Создаётся демонстрационная школа: ученики, педагоги, наставники и "
                          "пары…",
                    on_cancelled=self._on_demo_cancelled)

    def _start(self, work: Callable[[ProgressCallback], _T],
               on_done: Callable[[_T], object], **options: Any) -> BackgroundTask | None:
        """One long operation at a time (see `run_task` for the options)."""
        if self._task is not None:
            return None
        from nastavnik_desktop.ui.tasks import run_task

        self._task = run_task(self, work, on_done, on_finished=self._on_task_finished,
                              **options)
        return self._task

    def restore_database_from(self, restore: Callable[[Path], str], *,
                              label: str) -> BackgroundTask | None:
        """Close the base (it holds the lock), restore, reopen: `dialogs/restore.restoring`."""
        from nastavnik_desktop.ui.dialogs.restore import restoring, say_restored

        if self._task is not None:
            return None
        path, section = self._db.path, self._sidebar.currentRow()
        self._stop_warm_up()
        self._wait_for_page_tasks()
        _close(self._db)

        def reopened(result: tuple[str | NastavnikError, tuple[Database, bool]]) -> None:
            self._on_opened(result[1])
            if not self.is_welcome_shown():
                self._sidebar.setCurrentRow(section)
            say_restored(self, result[0])

        return self._start(restoring(restore, path, _open), reopened, label=label,
                           title="Восстановление из резервной копии", cancellable=False)

    @property
    def background_task(self) -> BackgroundTask | None:
        """The long operation under way, if any."""
        return self._task

    def start_next_year(self) -> None:
        """«Файл → Начать новый учебный год…»: the plan, then the start in a worker
        (`dialogs/next_year`); the window then shows the new year."""
        from nastavnik_desktop.ui.dialogs.next_year import ask_start_next_year

        if self._programme is not None and not self.is_archive_shown():
            ask_start_next_year(self)

    def open_materials(self) -> None:
        """The programme's methodical materials: add, attach, hand out to mentors (stage 6)."""
        from nastavnik_desktop.ui.dialogs.materials import open_materials_dialog

        if self._programme is not None:
            open_materials_dialog(self, self._db, self._programme.id, today=dt.date.today())

    def open_plan_templates(self) -> None:
        """The templates of the development plans, per form and role model (stage 6)."""
        from nastavnik_desktop.ui.dialogs.plan_templates import PlanTemplatesDialog

        if self._programme is not None:
            dialog = PlanTemplatesDialog(self._db, self)
            dialog.exec()
            dialog.deleteLater()

    def _on_programme_changed(self) -> None:
        """A page changed the programme itself (stage 1 again): rebuild, stay in the section."""
        title = self.current_section_title()
        self._load()
        if self._programme is not None and title in self.section_titles():
            self.show_section(title)

    def import_people(self) -> None:
        """The import wizard for the open programme's database, then the page shows the
        people loaded. The kind of list follows the section open: mentees, mentors or pupils."""
        from nastavnik_desktop.services.importing import ImportKind
        from nastavnik_desktop.ui.wizards.import_people import run_import_wizard

        if self.is_welcome_shown():
            return
        kind = {"Наставляемые": ImportKind.MENTEES, "Наставники": ImportKind.MENTORS}.get(
            self.current_section_title(), ImportKind.PUPILS)
        if run_import_wizard(self, self._db, kind):
            page = self.current_page()
            if isinstance(page, Page):
                page.refresh()

    def show_about(self) -> None:
        from nastavnik_desktop.ui.dialogs.about import AboutDialog

        AboutDialog(self).exec()

    def open_data_folder(self) -> None:
        messages.open_folder(self, paths.data_dir())

    # --- events ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task.wait(_WAIT_FOR_WORKER_MS)
        self._stop_warm_up()
        prefs.write(WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        prefs.write(WINDOW_STATE, bytes(self.saveState().data()))
        self._wait_for_page_tasks()
        _close(self._db)
        super().closeEvent(event)

    # --- building --------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self._school_label = QLabel()
        self._school_label.setObjectName("status_school")
        self._year_switcher = YearSwitcher(lambda: programme_service.all_programmes(self._db),
                                           lambda: self._programme.id if self._programme
                                           else None, self.view_programme)
        self._demo_label = QLabel("Демонстрационная школа")
        self._demo_label.setObjectName("status_demo")
        self._demo_label.setStyleSheet(_DEMO_MARKER_STYLE)
        self._path_label = ElidedLabel()
        self._path_label.setObjectName("status_path")
        self._status_separator = QFrame()
        self._status_separator.setFrameShape(QFrame.Shape.VLine)
        self._status_separator.setFrameShadow(QFrame.Shadow.Sunken)
        for widget in (self._school_label, self._status_separator, self._year_switcher,
                       self._demo_label):
            bar.addWidget(widget)
        for label in (self._school_label, self._path_label):
            label.setContentsMargins(6, 0, 6, 0)
        bar.addPermanentWidget(self._path_label, 1)
        style.set_enum_property(self._path_label, "alignment", "AlignRight|AlignVCenter")

    def _restore_geometry(self) -> None:
        geometry = prefs.read(WINDOW_GEOMETRY)
        if not (geometry and self.restoreGeometry(QByteArray(geometry))):
            self.resize(default_size(self.screen().availableGeometry().size()))
        state = prefs.read(WINDOW_STATE)
        if state:
            self.restoreState(QByteArray(state))

    def _load(self) -> None:
        """Show what the current database holds: the sections of its programme, or welcome."""
        changes.watch(self._db)  # what is written from now on: statistics at close (`_close`)
        self._programme = self._shown_programme()
        archived = self._programme is not None and \
            self._programme.status is ProgrammeStatus.ARCHIVED
        self._page_db = self._db.read_only_view() if archived else self._db
        while self._pages.count():
            page = self._pages.widget(0)
            self._pages.removeWidget(page)
            page.deleteLater()
        if self._programme is None:
            self._screens.setCurrentWidget(self._welcome_page())
        else:
            # Only «Обзор» is built now; the other pages are built when first opened.
            first = SECTIONS[0].make_page(self._page_db, self._programme)
            first.programme_changed.connect(self._on_programme_changed)
            self._pages.addWidget(first)
            for _section in SECTIONS[1:]:
                self._pages.addWidget(QWidget())
            self._sidebar.blockSignals(True)
            self._sidebar.setCurrentRow(0)
            self._sidebar.blockSignals(False)
            self._pages.setCurrentIndex(0)
            self._screens.setCurrentWidget(self._sections_screen)
        for action in self._section_actions:
            action.setEnabled(self._programme is not None and not (
                archived and action.objectName() in _WRITING_ACTIONS))
        self._update_status()

    def _shown_programme(self) -> ProgrammeInfo | None:
        """The programme viewed, or the current one (also when the viewed one is gone)."""
        if self._viewed_id is not None:
            from nastavnik_desktop.errors import ValidationError

            try:
                return programme_service.programme_info(self._db, self._viewed_id)
            except ValidationError:
                self._viewed_id = None
        return programme_service.current_programme(self._db)

    def _update_status(self) -> None:
        programme = self._programme
        self._school_label.setText(programme.school_name if programme else "")
        self._school_label.setVisible(programme is not None)
        if programme is not None:
            self._year_switcher.show_programme(programme)
        self._year_switcher.setVisible(programme is not None)
        archived = programme is not None and programme.status is ProgrammeStatus.ARCHIVED
        if programme is not None and archived:
            self._banner().setText(archive_banner_text(
                programme, programme_service.current_programme(self._db)))
        if self._archive_banner is not None:
            self._archive_banner.setVisible(archived)
        self._status_separator.setVisible(programme is not None)
        self._demo_label.setVisible(self._is_demo)
        self._path_label.set_full_text(f"База данных: {self._db.path}")
        # The title ends with the program's name: Qt appends the application display name to a
        # title that does not end with it, which named the program twice in the demo.
        title = APP_NAME
        if programme is not None:
            demo = " (демонстрационная школа)" if self._is_demo else ""
            title = f"{programme.school_name}{demo} — {APP_NAME}"
        self.setWindowTitle(title)

    def _banner(self) -> QLabel:
        """The banner «Архив: … — только просмотр» over the sections (made on first use)."""
        if self._archive_banner is None:
            self._archive_banner = QLabel()
            self._archive_banner.setObjectName("archive_banner")
            self._archive_banner.setStyleSheet(_ARCHIVE_BANNER_STYLE)
            self._archive_banner.setWordWrap(True)
            self._archive_banner.linkActivated.connect(lambda _link: self.view_programme(None))
            self._content_column.insertWidget(0, self._archive_banner)
        return self._archive_banner

    def _sidebar_width(self) -> int:
        metrics = self._sidebar.fontMetrics()
        widest = max(metrics.horizontalAdvance(section.title) for section in SECTIONS)
        return widest + self._sidebar.iconSize().width() + 72


    # --- slots -----------------------------------------------------------------------------

    def _welcome_page(self) -> WelcomePage:
        if self._welcome is None:
            from nastavnik_desktop.ui.pages.welcome import WelcomePage

            self._welcome = WelcomePage()
            self._welcome.create_requested.connect(self.create_programme)
            self._welcome.demo_requested.connect(self.open_demo_school)
            self._welcome.open_requested.connect(self.choose_database)
            self._screens.addWidget(self._welcome)
        return self._welcome

    def _page_at(self, row: int) -> QWidget:
        """The page of section `row`, building it on first use."""
        page = self._pages.widget(row)
        if not isinstance(page, Page) and self._programme is not None:
            self._pages.removeWidget(page)
            page.deleteLater()
            page = SECTIONS[row].make_page(self._page_db, self._programme)
            page.programme_changed.connect(self._on_programme_changed)
            self._pages.insertWidget(row, page)
        return page

    def _on_section_chosen(self, row: int) -> None:
        if row < 0:
            return
        page = self._page_at(row)
        self._pages.setCurrentWidget(page)
        if isinstance(page, Page):
            page.refresh()

    def _start_warm_up(self) -> None:
        if self._warm_up is not None or not self.isVisible():
            return
        from nastavnik_desktop.ui.warmup import WarmUp

        programme_id = self._programme.id if self._programme is not None else None
        self._warm_up = WarmUp(self._db, programme_id, dt.date.today(), self)
        self._warm_up.start()

    def _stop_warm_up(self) -> None:
        """Stop the warm-up between two of its steps and wait for it: it reads the database
        that is about to be closed."""
        if self._warm_up is not None:
            self._warm_up.cancel()
            self._warm_up.wait(_WAIT_FOR_WARM_UP_S)
            self._warm_up.deleteLater()
            self._warm_up = None

    def _on_opened(self, opened: tuple[Database, bool]) -> None:
        db, is_demo = opened
        self.switch_database(db, is_demo=is_demo)

    def _on_demo_cancelled(self) -> None:
        self.statusBar().showMessage("Создание демонстрационной школы отменено.", 5000)

    def _on_task_finished(self) -> None:
        self._task = None


def default_size(available: QSize) -> QSize:
    """The size on first start: DEFAULT_SIZE, but never more than 92% of a small screen."""
    return DEFAULT_SIZE.boundedTo(QSize(int(available.width() * 0.92),
                                        int(available.height() * 0.92)))


def _open(path: Path) -> tuple[Database, bool]:
    """The database at `path` (backed up, migrated) and whether it is the demo school."""
    db = workspace.open_workspace(path)
    return db, workspace.is_demo_database(db)


def _close(db: Database) -> None:
    """Let go of `db`, with fresh planner statistics if this window wrote to it (a few ms)."""
    from nastavnik_desktop.services import maintenance

    if db.closed:  # closed already for a restore (`restore_database_from`)
        return
    maintenance.at_close(db)
    db.close()


def _same_file(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()
