"""The main window's menus: «Файл», «Разделы», «Работа пар», «Справка».

Shortcuts are set with `setShortcuts`: resolving the overloads of `setShortcut` builds the `Qt`
namespace's enums, which the first screen does without (style.set_enum_property).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction, QIcon, QKeySequence

from nastavnik_desktop.services.programme import all_programmes
from nastavnik_desktop.ui.year_switcher import fill_year_menu

if TYPE_CHECKING:
    from nastavnik_desktop.ui.main_window import MainWindow


class _Titled(Protocol):
    @property
    def title(self) -> str: ...


def _undo_available(window: MainWindow) -> bool:
    """Whether the new year's start can be undone (imported when the menu first opens: the
    module is not needed for the first screen)."""
    from nastavnik_desktop.services.new_year import undo_available

    return undo_available(window.database)


def build_menus(window: MainWindow, sections: Sequence[_Titled]) -> list[QAction]:
    """Fill the window's menu bar; the actions that need an open programme."""
    needs_programme: list[QAction] = []
    file_menu = window.menuBar().addMenu("&Файл")
    open_action = file_menu.addAction(
        QIcon.fromTheme("document-open"),
        "&Открыть базу данных…")
    open_action.setShortcuts(QKeySequence.StandardKey.Open)
    open_action.setObjectName("open_database")
    open_action.triggered.connect(window.choose_database)
    demo_action = file_menu.addAction("Открыть &демонстрационную школу")
    demo_action.setObjectName("open_demo")
    demo_action.triggered.connect(window.open_demo_school)
    file_menu.addSeparator()
    import_action = file_menu.addAction("&Загрузить людей из таблицы…")
    import_action.setShortcuts([QKeySequence("Ctrl+I")])
    import_action.setObjectName("import_people")
    import_action.triggered.connect(window.import_people)
    needs_programme.append(import_action)  # like the sections, needs a programme
    years_menu = file_menu.addMenu("&Учебный год")
    years_menu.setObjectName("years_menu")
    years_menu.aboutToShow.connect(lambda: fill_year_menu(
        years_menu, all_programmes(window.database),
        window.programme.id if window.programme else None, window.view_programme))
    needs_programme.append(years_menu.menuAction())
    next_year_action = file_menu.addAction("&Начать новый учебный год…")
    next_year_action.setObjectName("next_school_year")
    next_year_action.triggered.connect(window.start_next_year)
    needs_programme.append(next_year_action)
    undo_year_action = file_menu.addAction("&Отменить начало учебного года…")
    undo_year_action.setObjectName("undo_next_year")
    undo_year_action.triggered.connect(window.undo_next_year)
    file_menu.aboutToShow.connect(lambda: undo_year_action.setVisible(
        window.programme is not None and _undo_available(window)))
    backups_action = file_menu.addAction("&Резервные копии…")
    backups_action.setObjectName("open_backups")
    backups_action.triggered.connect(window.open_backups)
    needs_programme.append(backups_action)
    file_menu.addSeparator()
    settings_action = file_menu.addAction(QIcon.fromTheme("preferences-system"),
                                          "&Настройки…")
    settings_action.setShortcuts([QKeySequence("Ctrl+,")])
    settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    settings_action.setObjectName("open_settings")
    settings_action.triggered.connect(window.open_settings)
    needs_programme.append(settings_action)
    password_action = file_menu.addAction("&Пароль на вход…")
    password_action.setObjectName("app_password")
    password_action.triggered.connect(window.locker.edit_password)
    lock_action = file_menu.addAction("За&блокировать")
    # Ctrl+L is the rounds tab's «Загрузить ответы…»: the same keys twice are ambiguous to Qt
    lock_action.setShortcuts([QKeySequence("Ctrl+Shift+L")])
    lock_action.setObjectName("lock_window")
    lock_action.triggered.connect(window.locker.lock_now)
    file_menu.addSeparator()
    quit_action = file_menu.addAction(
        QIcon.fromTheme("application-exit"),
        "В&ыход")
    quit_action.setShortcuts([QKeySequence("Ctrl+Q")])
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    quit_action.triggered.connect(window.close)

    sections_menu = window.menuBar().addMenu("&Разделы")
    for number, section in enumerate(sections, start=1):
        action = sections_menu.addAction(section.title)
        action.setShortcuts([QKeySequence(f"Ctrl+{number}")])
        action.triggered.connect(
            lambda _checked=False, title=section.title: window.show_section(title))
        needs_programme.append(action)

    work_menu = window.menuBar().addMenu("Р&абота пар")
    for text, name, slot in (
            ("&Методические материалы…", "open_materials", window.open_materials),
            ("&Шаблоны планов развития…", "open_plan_templates", window.open_plan_templates)):
        action = work_menu.addAction(text)
        action.setObjectName(name)
        action.triggered.connect(slot)
        needs_programme.append(action)  # like the sections, needs a programme

    help_menu = window.menuBar().addMenu("&Справка")
    about_action = help_menu.addAction("&О программе")
    about_action.setMenuRole(QAction.MenuRole.AboutRole)
    about_action.triggered.connect(window.show_about)
    folder_action = help_menu.addAction("Открыть &папку с данными")
    folder_action.triggered.connect(window.open_data_folder)
    return needs_programme
