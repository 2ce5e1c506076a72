"""«Файл → Настройки…» (Ctrl+,): the school's requisites, the reference lists, the documents'
layout and numbering, matching defaults, reminders, the idle lock, the folders.

Every value is read and written through `nastavnik_desktop.settings` and the services: the
tabs hold what is typed, «Сохранить» checks it all and writes it in one transaction
(`services/school_settings.save_settings`) — a wrong value is named with its tab and field and
nothing is saved —, «Отмена» writes nothing. The reference lists («Справочники») and the
password («Доступ») write their own changes at once (each with its undo or its own
confirmation). The window's pages are built again when the dialog closes after a save or a
change of the lists (`MainWindow.apply_settings`), so a change shows at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTabWidget, QVBoxLayout, QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.paths import backup_dir_for
from nastavnik_desktop.reports.names import full_name_problem
from nastavnik_desktop.reports.requisites import Signer
from nastavnik_desktop.services import access
from nastavnik_desktop.services import school_settings as service
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs.settings.documents_tab import DocumentsTab
from nastavnik_desktop.ui.dialogs.settings.other_tabs import (
    AccessTab,
    FoldersTab,
    MatchingTab,
    RemindersTab,
)
from nastavnik_desktop.ui.dialogs.settings.reference_tab import ReferenceListsTab
from nastavnik_desktop.ui.dialogs.settings.school_tab import SchoolTab

if TYPE_CHECKING:
    from collections.abc import Callable

    from nastavnik_desktop.ui.main_window import MainWindow

TAB_TITLES = ("Школа", "Справочники", "Документы", "Подбор пар", "Напоминания", "Доступ",
              "Папки")


def open_settings(window: MainWindow) -> SettingsDialog:
    """The settings dialog over `window` (window-modal, returned at once); its pages are
    rebuilt when the dialog closes after a save or a change of the reference lists."""
    existing = window.findChild(SettingsDialog)
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = SettingsDialog(window.database, window,
                            edit_password=window.locker.edit_password)

    def closed(_result: int) -> None:
        if dialog.saved or dialog.lists_changed:
            window.apply_settings()
        dialog.deleteLater()

    dialog.finished.connect(closed)
    dialog.open()
    return dialog


class SettingsDialog(QDialog):
    """See the module's docstring. `saved` and `lists_changed` tell the window to rebuild."""

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 edit_password: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.saved = False
        self.lists_changed = False
        self.setWindowTitle("Настройки")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(900, 660)
        stored = service.load_settings(db)
        self._stored = stored
        self.school = SchoolTab(stored.requisites, service.logo_path(db, stored.logo))
        self.lists = ReferenceListsTab(db, self)
        self.lists.changed.connect(self._on_lists_changed)
        self.documents = DocumentsTab(stored.layout, stored.order_series)
        self.matching = MatchingTab(stored.matching, stored.separate_classes,
                                    stored.admission_rule)
        self.reminders = RemindersTab(stored.silent_weeks, stored.kpi_day)
        self.access = AccessTab(lambda: access.lock_settings(db),
                                edit_password or self._edit_password)
        self.folders = FoldersTab(db.path.resolve(), backup_dir_for(db.path))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settings_tabs")
        for widget, title in zip((self.school, self.lists, self.documents, self.matching,
                                  self.reminders, self.access, self.folders), TAB_TITLES,
                                 strict=True):
            self.tabs.addTab(widget, title)
        for name in ("director_name", "director_position"):
            self.school.fields[name].textChanged.connect(self._show_signature)
        self._show_signature()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        buttons, self.save_button = style.dialog_buttons(self, "Сохранить")
        self.save_button.setObjectName("save_settings")
        layout.addWidget(buttons)

    def show_tab(self, title: str) -> QWidget:
        self.tabs.setCurrentIndex(TAB_TITLES.index(title))
        return self.tabs.currentWidget()

    def _on_lists_changed(self) -> None:
        self.lists_changed = True

    def _edit_password(self) -> None:
        from nastavnik_desktop.ui.dialogs.app_password import AppPasswordDialog

        dialog = AppPasswordDialog(self._db, self)
        dialog.exec()
        dialog.deleteLater()

    def _show_signature(self) -> None:
        position = self.school.fields["director_position"].text().strip() or "Директор"
        name = " ".join(self.school.fields["director_name"].text().split())
        shown = "…"
        if name and full_name_problem(name) is None:
            shown = Signer.from_full_name(position, name).signature_name
        elif name:
            shown = f"{name} (ФИО не читается — см. вкладку «Школа»)"
        self.documents.show_signature(f"{position}  ____________  {shown}")

    def values(self) -> service.SchoolSettings:
        """What the tabs hold (a `SettingProblem` when a size is out of its range)."""
        return service.SchoolSettings(
            requisites=self.school.requisites(), logo=self._stored.logo,
            layout=self.documents.page_layout(), order_series=self.documents.order_series(),
            matching=self.matching.matching(),
            separate_classes=self.matching.separate_classes.isChecked(),
            admission_rule=self.matching.admission_rule(),
            silent_weeks=self.reminders.silent_weeks.value(),
            kpi_day=self.reminders.kpi_month_day())

    def accept(self) -> None:
        """«Сохранить»: everything or nothing; a refused value is shown in its tab."""
        try:
            service.save_settings(self._db, self.values(), self.school.logo_change)
        except service.SettingProblem as problem:
            self._show_problem(problem.field)
            messages.show_known_error(self, problem, title="Настройки не сохранены")
            return
        except ValidationError as error:
            messages.show_known_error(self, error, title="Настройки не сохранены")
            return
        self.saved = True
        super().accept()

    def _show_problem(self, field: str) -> None:
        """Open the tab of the refused value and put the cursor there."""
        widget = self.school.fields.get(field) or self.documents.widget_of(field) or {
            "silent_weeks": self.reminders.silent_weeks,
            "kpi_day": self.reminders.kpi_day}.get(field)
        if widget is None:
            return
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
        widget.setFocus()
