"""Where a file for outside the school goes: a USB stick (the removable drives listed with
their free space) or any folder.

Qt's `QStorageInfo` has no «removable» flag, so the drives are picked by a rule on what it does
say (`is_removable`, a pure function the tests drive):
- Linux (and other POSIX systems): the mounts under `/media`, `/run/media` and `/mnt` — where
  udisks and the desktops of Astra, Альт and РЕД ОС mount a stick — that are ready, of a real
  file system (not tmpfs, squashfs, overlay …);
- Windows: every ready drive letter other than the system drive (`%SystemDrive%`, «C:») that
  is not a network share (its device a UNC path `\\\\server\\share`) nor a CD. A second
  internal disk (D:) is listed too: Qt cannot tell it from a stick, and the curator knows it by
  its name and size.
A drive that is read-only is listed (so the curator sees the stick was found) but refused with
the reason. The folder chosen last (a stick's root or «Другая папка…») is selected again next
time (`settings.EXPORT_TARGET`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.settings import EXPORT_TARGET
from nastavnik_desktop.text import size_text
from nastavnik_desktop.ui import messages, prefs, style

REMOVABLE_MOUNT_ROOTS = ("/media", "/run/media", "/mnt")
_NOT_A_DRIVE = {"tmpfs", "devtmpfs", "squashfs", "overlay", "proc", "sysfs", "autofs",
                "fuse.portal", "fuse.gvfsd-fuse", "cdfs", "iso9660", "udf"}


@dataclass(frozen=True)
class Drive:
    """A mounted volume as QStorageInfo describes it."""

    root: str
    device: str
    label: str
    fs_type: str
    ready: bool
    read_only: bool
    free: int
    total: int

    @property
    def title(self) -> str:
        """«KINGSTON (E:)» on Windows, the label (or the mount's folder name) elsewhere."""
        if len(self.root) >= 2 and self.root[1] == ":":
            letter = self.root[:2].upper()
            return f"{self.label} ({letter})" if self.label else f"Диск {letter}"
        return self.label or PurePosixPath(self.root).name or self.root


def is_removable(drive: Drive, *, windows: bool, system_drive: str = "C:") -> bool:
    """Whether `drive` is offered as a place for an export (the module's rule)."""
    if not drive.ready or drive.fs_type.casefold() in _NOT_A_DRIVE:
        return False
    if windows:
        root = drive.root.replace("\\", "/")
        is_letter = len(root) <= 3 and len(root) >= 2 and root[1] == ":"
        network = drive.device.startswith(("\\\\", "//")) and not drive.device.startswith(
            ("\\\\?\\", "\\\\.\\"))
        return is_letter and not network and root[:2].upper() != system_drive[:2].upper()
    root_path = PurePosixPath(drive.root)
    return any(root_path != PurePosixPath(top) and root_path.is_relative_to(top)
               for top in REMOVABLE_MOUNT_ROOTS)


def removable_drives(drives: Iterable[Drive], *, windows: bool | None = None,
                     system_drive: str | None = None) -> list[Drive]:
    """The drives to offer, in the order of their roots."""
    windows = os.name == "nt" if windows is None else windows
    system_drive = system_drive or os.environ.get("SYSTEMDRIVE", "C:")
    return sorted((d for d in drives if is_removable(d, windows=windows,
                                                     system_drive=system_drive)),
                  key=lambda d: d.root)


def mounted_drives() -> list[Drive]:
    """Every mounted volume, as Qt sees it now."""
    from PySide6.QtCore import QStorageInfo

    drives = []
    for info in QStorageInfo.mountedVolumes():
        drives.append(Drive(
            root=info.rootPath(), device=bytes(info.device().data()).decode(errors="replace"),
            label=info.name(), fs_type=bytes(info.fileSystemType().data()).decode(
                errors="replace"),
            ready=info.isValid() and info.isReady(), read_only=info.isReadOnly(),
            free=max(info.bytesAvailable(), 0), total=max(info.bytesTotal(), 0)))
    return drives


def offered_drives() -> list[Drive]:
    """The drives the dialog lists: the mounted ones that pass the rule."""
    return removable_drives(mounted_drives())


@dataclass(frozen=True)
class _Place:
    """A line of the list: a drive, or the folder used last time."""

    path: Path
    title: str
    read_only: bool
    free: int
    total: int
    is_drive: bool


class ExportTargetDialog(QDialog):
    """The removable drives with their free space, «Другая папка…», «Обновить» (F5).
    `drives` gives the drives to list (tests inject theirs)."""

    def __init__(self, parent: QWidget | None, title: str, file_name: str, *,
                 size: int | None = None,
                 drives: Callable[[], list[Drive]] = offered_drives) -> None:
        super().__init__(parent)
        self._size = size
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self._file_name = file_name
        self._drives = drives
        self._places: list[_Place] = []
        self._target: Path | None = None

        layout = QVBoxLayout(self)
        prompt = QLabel(f"Куда записать файл «{file_name}»? Выберите флешку или другую папку.")
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.list = QListWidget()
        self.list.setObjectName("export_places")
        self.list.setIconSize(self.list.iconSize() * 2)
        self.list.setSpacing(2)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        layout.addWidget(self.list, 1)
        self.empty_label = style.secondary(
            "Флешка не найдена. Вставьте её и нажмите «Обновить» (F5) — или выберите «Другая "
            "папка…».")
        self.empty_label.setObjectName("no_drives")
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)
        note = style.secondary(
            "Файл сначала записывается во временный, читается обратно и сверяется; прежний "
            "файл с тем же именем заменяется только после этой проверки.")
        note.setWordWrap(True)
        layout.addWidget(note)

        box, self.write_button = style.dialog_buttons(self, "Записать сюда")
        self.refresh_button = QPushButton("Обновить")
        self.refresh_button.setObjectName("refresh_drives")
        self.refresh_button.setToolTip("Найти вставленную флешку заново (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        self.other_button = QPushButton("Другая папка…")
        self.other_button.setObjectName("other_folder")
        self.other_button.clicked.connect(self.choose_other_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        buttons.addWidget(box)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("F5"), self).activated.connect(self.refresh)
        self.refresh()

    # --- the list ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """List the drives again (a stick was inserted), keeping the selection where it can."""
        current = self.selected_path()
        last = prefs.read(EXPORT_TARGET)
        self._places = [_Place(Path(d.root), d.title, d.read_only, d.free, d.total, True)
                        for d in self._drives()]
        known = {place.path for place in self._places}
        if last and Path(last) not in known and Path(last).is_dir():
            self._places.append(_folder_place(Path(last)))
        self.list.clear()
        for place in self._places:
            self.list.addItem(self._item(place))
        self.empty_label.setVisible(not any(place.is_drive for place in self._places))
        wanted = current or (Path(last) if last else None)
        rows = [row for row, place in enumerate(self._places) if place.path == wanted]
        self.list.setCurrentRow(rows[0] if rows else (0 if self._places else -1))
        self._update_buttons()

    def _item(self, place: _Place) -> QListWidgetItem:
        if place.read_only:
            state = "только для чтения — записать сюда нельзя"
        else:
            state = f"свободно {size_text(place.free)} из {size_text(place.total)}"
            if self._too_small(place):
                state += f" — мало: файлу нужно {size_text(self._size or 0)}"
        if (place.path / self._file_name).exists():
            state += ("\nФайл с этим именем там уже есть: он будет заменён, когда новый "
                      "запишется и пройдёт проверку")
        heading = place.title if place.is_drive else f"Папка: {place.path}"
        item = QListWidgetItem(f"{heading}\n{state}")
        icon = (QStyle.StandardPixmap.SP_DriveFDIcon if place.is_drive
                else QStyle.StandardPixmap.SP_DirIcon)
        item.setIcon(self.style().standardIcon(icon))
        item.setToolTip(str(place.path))
        if place.read_only:
            item.setForeground(style.muted_colour(self.palette()))
        return item

    def _update_buttons(self) -> None:
        self.write_button.setEnabled(self.list.currentRow() >= 0)

    def selected_path(self) -> Path | None:
        row = self.list.currentRow()
        return self._places[row].path if 0 <= row < len(self._places) else None

    def select(self, root: str) -> None:
        """Select the line of a drive or folder (tests, and «Обновить» keeping a choice)."""
        for row, place in enumerate(self._places):
            if place.path == Path(root):
                self.list.setCurrentRow(row)
                return
        raise LookupError(root)

    # --- choosing ---------------------------------------------------------------------------

    def choose_other_folder(self) -> None:
        start = str(self.selected_path() or prefs.read(EXPORT_TARGET) or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Папка для файла", start)
        if folder:
            place = _folder_place(Path(folder))
            if self._refused(place):
                return
            self._finish(place.path)

    def accept(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._places) or self._refused(self._places[row]):
            return
        self._finish(self._places[row].path)

    def _refused(self, place: _Place) -> bool:
        if place.read_only:
            where = f"Флешка «{place.title}»" if place.is_drive else f"Папка «{place.path}»"
            messages.show_error(
                self, f"{where} доступна только для чтения: записать туда файл нельзя. "
                "Снимите защиту от записи (на некоторых флешках и картах памяти есть "
                "переключатель на корпусе) или выберите другую флешку или папку.",
                title="Запись невозможна")
            return True
        if self._too_small(place):
            messages.show_error(
                self, f"На «{place.title}» свободно {size_text(place.free)}, а файлу нужно "
                f"{size_text(self._size or 0)}. Освободите место или выберите другую флешку "
                "или папку.", title="Мало места")
            return True
        if not place.path.is_dir():
            messages.show_error(
                self, f"«{place.title}» больше не найдена: флешку, вероятно, вынули. "
                "Вставьте её и нажмите «Обновить».", title="Флешка не найдена")
            self.refresh()
            return True
        return False

    def _too_small(self, place: _Place) -> bool:
        """Whether the file cannot fit (a file of that name there is replaced only after the
        new one is written, so it does not count as free)."""
        return self._size is not None and place.total > 0 and place.free < self._size

    def _finish(self, path: Path) -> None:
        self._target = path
        prefs.write(EXPORT_TARGET, str(path))
        super().accept()

    def target(self) -> Path | None:
        """The chosen folder once the dialog is accepted."""
        return self._target


def _folder_place(path: Path) -> _Place:
    try:
        usage = shutil.disk_usage(path)
        free, total = usage.free, usage.total
    except OSError:
        free = total = 0
    return _Place(path, str(path), not os.access(path, os.W_OK), free, total, False)


def choose_target(parent: QWidget, title: str, file_name: str, *, size: int | None = None,
                  drives: Callable[[], list[Drive]] = offered_drives) -> Path | None:
    """The folder to write `file_name` into (a stick's root or a chosen folder); None when the
    curator cancels. With `size` (bytes, when known: a backup archive) a drive with too little
    room is refused in the dialog rather than at the write."""
    dialog = ExportTargetDialog(parent, title, file_name, size=size, drives=drives)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.target()
