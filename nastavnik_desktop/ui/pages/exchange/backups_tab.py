"""The «Резервные копии» tab of «Обмен данными».

The automatic backups (`backup_archive.automatic_backups`: at start, before an import, a
migration, a restore) listed with date, reason and size, searched and filtered by reason;
«Создать резервную копию…» writes one archive (`backup_archive.create_archive`, optionally with
a password) to a stick or a folder (`export_target.choose_target`, then `stick.deliver`, which
verifies it and puts it on the history); «Восстановить из архива…» checks the archive
(`inspect_archive`, asking for its password) and «Восстановить выбранную…» an automatic one —
each after a confirmation that says what will happen. The window does the restore itself
(`MainWindow.restore_database_from`): it holds the database's lock, so it closes the base,
restores and opens it again.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, cast

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QVBoxLayout, QWidget

from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.files import safe_file_name
from nastavnik_desktop.paths import backup_dir_for
from nastavnik_desktop.services import backup_archive, backups
from nastavnik_desktop.services.backup_archive import ArchiveInfo, ArchivePasswordError, AutoBackup
from nastavnik_desktop.services.exchange import history, stick
from nastavnik_desktop.text import count_phrase, size_text
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs import export_target
from nastavnik_desktop.ui.dialogs import restore as restore_dialogs
from nastavnik_desktop.ui.models.backup_models import BackupsFilter, BackupsModel
from nastavnik_desktop.ui.pages.tabbed import PageContext, PageTab
from nastavnik_desktop.ui.read_only import writing
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.widgets.actions import action_row, shortcut_action
from nastavnik_desktop.ui.widgets.tables import (
    search_filter_row,
    select_source_rows,
    selected_source_rows,
    size_columns,
    table_view,
)

INTRO = ("Программа сама копирует базу при каждом открытии, перед загрузкой людей из файла, "
         "перед обновлением структуры базы и перед восстановлением. Хранятся 10 последних копий "
         "и по одной за каждый из 30 последних дней. Эти копии лежат на этом же компьютере: "
         "чтобы данные пережили его поломку, сохраняйте резервную копию на флешку.")
EMPTY_TEXT = ("Автоматических копий этой базы пока нет: программа делает их сама при каждом "
              "открытии базы. Сохранить копию прямо сейчас — «Создать резервную копию…» "
              "(Ctrl+B).")
TITLE = "Восстановление из резервной копии"
SET_ASIDE_TEXT = ("Что произойдёт: текущая база сначала сохранится как автоматическая копия "
                  "«перед восстановлением из копии» и встанет в этот список: из неё прежнее "
                  "состояние возвращается кнопкой «Восстановить выбранную…». ")


class _Restorer(Protocol):
    def restore_database_from(self, restore: Callable[[Path], str], *,
                              label: str) -> BackgroundTask | None: ...


def archive_name(now: dt.datetime) -> str:
    return safe_file_name(f"Резервная копия «Наставника» {now:%Y-%m-%d %H-%M}", ".zip")


class BackupsTab(PageTab):
    title = "Резервные копии"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.task: BackgroundTask | None = None
        self.model = BackupsModel(self)
        self.proxy = BackupsFilter(self.model, self)
        self.table = table_view(self.proxy)
        self.table.setObjectName("backups")
        size_columns(self.table, (19, 30, 10, None))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.search, self.reason, filters = search_filter_row(
            "Поиск по дате, причине или имени файла",
            {"": "Все причины", **backups.REASONS}, self._filter)
        self.reason.setToolTip("Показать копии, сделанные по одной причине")

        self.create_action = shortcut_action("Создать резервную копию…", "Ctrl+B",
                                             self.create_backup, self)
        self.create_action.setToolTip("Сохранить базу и прикреплённые файлы одним архивом на "
                                      "флешку или в папку, можно с паролем")
        self.archive_action = shortcut_action("Восстановить из архива…", "Ctrl+Shift+R",
                                              self.restore_from_archive, self)
        self.archive_action.setToolTip("Вернуть базу и файлы из архива, сохранённого этой "
                                       "кнопкой «Создать резервную копию…» или командой backup")
        self.selected_action = shortcut_action("Восстановить выбранную…", "Return",
                                               self.restore_selected, self.table)
        self.selected_action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        self.table.doubleClicked.connect(lambda _index: self.selected_action.trigger())
        self.selected_action.setToolTip("Вернуть базу к состоянию выбранной автоматической копии")
        buttons, self.buttons = action_row(
            (self.create_action, self.archive_action, self.selected_action),
            stretch_after=self.archive_action)
        writing(context.db, self.create_action, self.archive_action, self.selected_action)

        self.empty = style.secondary(EMPTY_TEXT)
        self.empty.setWordWrap(True)
        style.set_enum_property(self.empty, "alignment", "AlignLeft|AlignTop")
        self.count = style.secondary()
        self.count.setWordWrap(True)
        layout = QVBoxLayout(self)
        intro = style.secondary(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.count)
        self.reload()

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        chosen = [b.path for b in self.selected()]
        found = messages.guarded(
            self, lambda: backup_archive.automatic_backups(self.context.db.path))
        self.model.set_backups(found or [])
        self._filter()
        rows = [row for row in range(self.model.rowCount())
                if self.model.backup_at(row).path in chosen]
        select_source_rows(self.table, rows)
        self._update_actions()

    def _filter(self) -> None:
        self.proxy.set_filter(self.search.text(), self.reason.currentData() or "")
        total = self.model.rowCount()
        size = sum(self.model.backup_at(row).size for row in range(total))
        folder = backup_dir_for(self.context.db.path)
        self.count.setText(f"Показано {self.proxy.rowCount()} из "
                           f"{count_phrase(total, 'копии', 'копий', 'копий')} "
                           f"(вместе {size_text(size)}); папка копий: {folder}")
        self.empty.setVisible(total == 0)
        self.table.setVisible(total > 0)
        self.count.setVisible(total > 0)
        self._update_actions()

    def shown(self) -> list[AutoBackup]:
        """The backups as listed, top to bottom."""
        return [self.model.backup_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
                for row in range(self.proxy.rowCount())]

    def selected(self) -> list[AutoBackup]:
        return [self.model.backup_at(row) for row in selected_source_rows(self.table)]

    def _update_actions(self) -> None:
        self.selected_action.setEnabled(len(self.selected()) == 1)

    # --- a new archive ---------------------------------------------------------------------

    def create_backup(self) -> None:
        if self.task is not None:
            return
        accepted, password = restore_dialogs.ask_backup_password(self)
        if not accepted:
            return
        name = archive_name(dt.datetime.now())
        db = self.context.db
        folder = export_target.choose_target(  # the base's size: the archive is smaller
            self, "Куда сохранить резервную копию", name, size=_size_of(db.path))
        if folder is None:
            return

        def work(progress: Callable[[int, int], bool]) -> tuple[stick.Written, ArchiveInfo]:
            def half(first: bool) -> Callable[[int, int], bool]:  # the archive, then the copy
                return lambda done, total: progress(
                    (0 if first else 50) + 50 * done // max(total, 1), 100)

            with tempfile.TemporaryDirectory(prefix="nastavnik-backup-") as local:
                info = backup_archive.create_archive(db.path, Path(local) / name,
                                                     password=password, progress=half(True))
                written = stick.deliver(
                    db, folder, name, info.path, kind=history.BACKUP, encrypted=info.encrypted,
                    notes=f"прикреплённых файлов: {info.files}", progress=half(False))
            return written, info

        self.task = run_task(self, work, self._created, title="Резервная копия",
                             label="Копируются база и прикреплённые файлы…",
                             failure_title="Резервная копия не сохранена",
                             on_finished=self._task_done)

    def _created(self, result: tuple[stick.Written, ArchiveInfo]) -> None:
        written, info = result
        self.context.changed()  # the history of exports has a new row
        files = count_phrase(info.files, "прикреплённый файл", "прикреплённых файла",
                             "прикреплённых файлов")
        messages.show_info(
            self, f"Резервная копия сохранена: «{written.path}» ({size_text(written.size)}; "
                  f"база и {files}"
                  + ("; защищена паролем" if info.encrypted else "") + "). Файл проверен после "
                  "записи. Вернуть из неё базу — «Восстановить из архива…».",
            title="Резервная копия")

    def _task_done(self) -> None:
        self.task = None

    # --- restoring -------------------------------------------------------------------------

    def restore_from_archive(self) -> None:
        if self.task is not None:
            return
        name, _filter = QFileDialog.getOpenFileName(
            self, "Восстановить из архива", "",
            "Резервные копии «Наставника» (*.zip);;Все файлы (*)")
        if name:
            self._check_archive(Path(name), None)

    def _check_archive(self, path: Path, password: str | None) -> None:
        self.task = run_task(
            self, lambda _progress: backup_archive.inspect_archive(path, password=password),
            lambda info: self._confirm_archive(info, password), title="Проверка архива",
            label=f"Проверяется «{path.name}»: контрольные суммы и целостность базы…",
            failure_title="Архив не подходит", cancellable=False,
            on_known_error=lambda error: self._archive_refused(path, error),
            on_finished=self._task_done)

    def _archive_refused(self, path: Path, error: NastavnikError) -> None:
        if not isinstance(error, ArchivePasswordError):
            messages.show_known_error(self, error, title="Архив не подходит")
            return
        password = restore_dialogs.ask_archive_password(self, path.name,
                                                        wrong=not error.missing)
        if password is not None:  # once this check's task has finished
            QTimer.singleShot(0, lambda: self._check_archive(path, password))

    def _confirm_archive(self, info: ArchiveInfo, password: str | None) -> None:
        school = f"школа: {info.school}; " if info.school else ""
        files = count_phrase(info.files, "прикреплённый файл", "прикреплённых файла",
                             "прикреплённых файлов")
        text = (f"Восстановить базу из архива «{info.path.name}»?\n\n"
                f"В архиве: {school}копия от {info.created_at:%d.%m.%Y %H:%M}, база и {files}. "
                "Архив проверен: он цел.\n\n"
                + SET_ASIDE_TEXT +
                "Затем все данные заменятся данными архива: изменения, сделанные после "
                f"{info.created_at:%d.%m.%Y %H:%M}, пропадут. Файлы из архива встанут на свои "
                "места. Окно закроет базу и откроет её снова.")
        if not messages.confirm(self, text, title=TITLE, accept_text="Восстановить"):
            return
        archive = info.path

        def restore(db_path: Path) -> str:
            done = backup_archive.restore_archive(db_path, archive, password=password)
            return _restored_text(f"архива «{archive.name}»", done.set_aside)

        self._restore_in_window(restore, f"Восстанавливается база из «{archive.name}»…")

    def restore_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1 or self.task is not None:
            return
        backup = chosen[0]
        text = (f"Вернуть базу к копии от {backup.taken_at:%d.%m.%Y %H:%M} "
                f"({backup.reason_label})?\n\n"
                + SET_ASIDE_TEXT +
                "Затем её место займёт выбранная копия: изменения, сделанные после "
                f"{backup.taken_at:%d.%m.%Y %H:%M}, пропадут. Прикреплённые файлы (материалы, "
                "фотографии) останутся как есть. Окно закроет базу и откроет её снова.")
        if not messages.confirm(self, text, title=TITLE, accept_text="Восстановить"):
            return

        def restore(db_path: Path) -> str:
            done = backups.restore_backup(db_path, backup.path)
            return _restored_text(f"копии от {backup.taken_at:%d.%m.%Y %H:%M}", done.set_aside)

        self._restore_in_window(restore, "Восстанавливается база из автоматической копии…")

    def _restore_in_window(self, restore: Callable[[Path], str], label: str) -> None:
        window = self.window()
        if not hasattr(window, "restore_database_from"):
            messages.show_error(self, "Восстановить базу можно только из главного окна "
                                      "программы.", title=TITLE)
            return
        cast(_Restorer, window).restore_database_from(restore, label=label)


def _size_of(path: Path) -> int | None:
    try:
        return Path(path).stat().st_size
    except OSError:
        return None


def _restored_text(source: str, set_aside: Path | None) -> str:
    text = f"База восстановлена из {source}."
    if set_aside is not None:
        text += (f" Прежнее состояние сохранено как копия «{set_aside.name}» — она в списке "
                 "«Резервные копии» («перед восстановлением из копии»).")
    return text
