"""The school years of the file: a button in the status bar and the «Файл → Учебный год» menu,
both listing every programme (the running one and the archived ones) when opened.

Choosing an archived year shows its programme read-only (`MainWindow.view_programme`); the
list is read only when a menu opens, so the first screen pays nothing for it. From the keyboard:
Ctrl+Shift+Y opens the switcher's list (arrows, Enter), or Alt → Файл → Учебный год.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QWidget

from nastavnik_desktop.data.enums import ProgrammeStatus
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui import style

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent

YEAR_KEYS = "Ctrl+Shift+Y"
_ARCHIVED_LOOK = f"QLabel#status_year {{ {style.NOTE_LOOK} padding: 1px 8px; }}"


def year_text(programme: ProgrammeInfo) -> str:
    """«Программа 2026/2027», «Программа 2025/2026 (архив)»."""
    archived = " (архив)" if programme.status is ProgrammeStatus.ARCHIVED else ""
    return f"Программа {programme.school_year}{archived}"


def archive_banner_text(shown: ProgrammeInfo, current: ProgrammeInfo | None) -> str:
    """The banner over a past year's sections: what is shown, what can be done, the way back
    (rich text; the link's target is ignored — any click goes back)."""
    back = f"к {current.school_year} учебному году" if current is not None \
        else "к текущему учебному году"
    return (f"<b>Архив: {shown.school_year} учебный год — только просмотр.</b> Смотреть и "
            "печатать можно (в реестр документов ничего не записывается), изменять — нет. "
            f"<a href=\"current\">Вернуться {back}</a>")


def fill_year_menu(menu: QMenu, programmes: list[ProgrammeInfo], shown_id: int | None,
                   choose: Callable[[int], None]) -> None:
    """`menu` lists `programmes` (latest first), the shown one checked."""
    menu.clear()
    group = QActionGroup(menu)
    for programme in programmes:
        state = "архив, только просмотр" if programme.status is ProgrammeStatus.ARCHIVED \
            else "текущий"
        action = menu.addAction(f"{programme.school_year} учебный год — {state}")
        action.setCheckable(True)
        action.setChecked(programme.id == shown_id)
        action.setObjectName(f"year_{programme.school_year.replace('/', '_')}")
        group.addAction(action)
        action.triggered.connect(lambda _checked=False, pid=programme.id: choose(pid))
    if not programmes:
        menu.addAction("В базе нет программ").setEnabled(False)


class YearSwitcher(QLabel):
    """The status bar's year: its text names the programme shown; a click (or Ctrl+Shift+Y)
    lists the years above it. A label, not a tool button: the first screen pays ~5 ms less
    (benchmarks/startup.py); the list is made and read only when asked for."""

    def __init__(self, programmes: Callable[[], list[ProgrammeInfo]],
                 shown: Callable[[], int | None], choose: Callable[[int], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status_year")
        self.setToolTip("Учебный год: щёлкните, чтобы открыть программу прошлого года для "
                        f"просмотра или вернуться к текущей ({YEAR_KEYS})")
        self.setContentsMargins(6, 0, 6, 0)
        self._programmes, self._shown, self._choose = programmes, shown, choose
        self._menu: QMenu | None = None
        self.plain_text = ""
        """The year shown, without the sign of the list (`MainWindow.status_texts`)."""
        self.keys_action = QAction("Учебный год…", self)
        """Ctrl+Shift+Y: the list of years above the label (while it is shown)."""
        # setShortcuts, not setShortcut: its overloads build the Qt namespace (ui/menus.py)
        self.keys_action.setShortcuts([QKeySequence(YEAR_KEYS)])
        self.keys_action.triggered.connect(lambda _checked=False: self.show_menu())
        self.addAction(self.keys_action)

    def year_menu(self) -> QMenu:
        """The list of years, filled from the file each time it is shown."""
        if self._menu is None:
            self._menu = QMenu(self)
        fill_year_menu(self._menu, self._programmes(), self._shown(), self._choose)
        return self._menu

    def show_menu(self) -> None:
        menu = self.year_menu()
        menu.popup(self.mapToGlobal(QPoint(0, -menu.sizeHint().height())))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.show_menu()
        event.accept()

    def show_programme(self, programme: ProgrammeInfo) -> None:
        """Name `programme`; an archived one is marked like a note, as the banner is."""
        self.plain_text = year_text(programme)
        self.setText(self.plain_text)
        look = _ARCHIVED_LOOK if programme.status is ProgrammeStatus.ARCHIVED else ""
        if look != self.styleSheet():  # a style sheet, even an empty one, costs the first paint
            self.setStyleSheet(look)
