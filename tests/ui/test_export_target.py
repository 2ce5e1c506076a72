"""The export dialog: which drives are offered (the rule, on Linux and Windows), choosing one,
a read-only stick refused, «Другая папка…», «Обновить», the last target remembered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from nastavnik_desktop.settings import EXPORT_TARGET
from nastavnik_desktop.ui import prefs
from nastavnik_desktop.ui.dialogs import export_target
from nastavnik_desktop.ui.dialogs.export_target import Drive, ExportTargetDialog, removable_drives

GB = 1024 ** 3
FILE = "Отчёт для муниципалитета.xlsx"


def _drive(root: str | Path, *, device: str = "/dev/sdb1", label: str = "", fs: str = "vfat",
           ready: bool = True, read_only: bool = False, free: int = 3 * GB,
           total: int = 8 * GB) -> Drive:
    return Drive(str(root), device, label, fs, ready, read_only, free, total)


def test_linux_rule() -> None:
    drives = [_drive("/"), _drive("/home"), _drive("/boot/efi"),
              _drive("/media/curator/KINGSTON", label="KINGSTON"),
              _drive("/run/media/curator/USB DISK"), _drive("/mnt/usb"),
              _drive("/media/curator/EMPTY", ready=False), _drive("/mnt"),
              _drive("/media/curator/snap", fs="squashfs"),
              _drive("/media/curator/RO", read_only=True)]
    offered = removable_drives(drives, windows=False)
    assert [d.root for d in offered] == [
        "/media/curator/KINGSTON", "/media/curator/RO", "/mnt/usb",
        "/run/media/curator/USB DISK"]
    assert [d.title for d in offered] == ["KINGSTON", "RO", "usb", "USB DISK"]


def test_windows_rule() -> None:
    volume = "\\\\?\\Volume{1234}\\"
    drives = [_drive("C:/", device=volume, fs="NTFS"),
              _drive("D:/", device=volume, fs="NTFS", label="DATA"),
              _drive("E:/", device=volume, label="KINGSTON"),
              _drive("H:/", device=volume),
              _drive("F:/", device=volume, ready=False),  # an empty card reader
              _drive("Z:/", device="\\\\server\\share", fs="NTFS"),
              _drive("G:/", device=volume, fs="CDFS", read_only=True)]
    offered = removable_drives(drives, windows=True, system_drive="C:")
    assert [d.title for d in offered] == ["DATA (D:)", "KINGSTON (E:)", "Диск H:"]


@pytest.fixture
def sticks(tmp_path: Path) -> tuple[Path, Path]:
    kingston = tmp_path / "media" / "KINGSTON"
    kingston.mkdir(parents=True)
    (kingston / FILE).write_bytes(b"old")
    other = tmp_path / "mnt" / "usb"
    other.mkdir(parents=True)
    return kingston, other


def _dialog(qtbot: Any, drives: list[Drive]) -> ExportTargetDialog:
    dialog = ExportTargetDialog(None, "Отчёт для муниципалитета", FILE,
                                drives=lambda: list(drives))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _texts(dialog: ExportTargetDialog) -> list[str]:
    return [dialog.list.item(row).text() for row in range(dialog.list.count())]


def test_choose_a_stick(qtbot: Any, sticks: tuple[Path, Path]) -> None:
    kingston, other = sticks
    dialog = _dialog(qtbot, [_drive(kingston, label="KINGSTON", free=int(1.5 * GB)),
                             _drive(other, free=300 * 1024 ** 2, total=GB)])
    assert not dialog.empty_label.isVisibleTo(dialog)
    first, second = _texts(dialog)
    assert first.startswith("KINGSTON\nсвободно 1,5 ГБ из 8,0 ГБ")
    assert "уже есть: он будет заменён, когда новый запишется и пройдёт проверку" in first
    assert second == "usb\nсвободно 300,0 МБ из 1,0 ГБ"
    dialog.select(str(other))
    dialog.list.setFocus()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert dialog.target() == other
    assert prefs.read(EXPORT_TARGET) == str(other)

    again = _dialog(qtbot, [_drive(kingston, label="KINGSTON"), _drive(other)])
    assert again.selected_path() == other  # the last target is selected again


def test_read_only_stick_is_refused(qtbot: Any, sticks: tuple[Path, Path],
                                    shown_messages: Any) -> None:
    kingston, _other = sticks
    dialog = _dialog(qtbot, [_drive(kingston, label="KINGSTON", read_only=True)])
    assert "только для чтения — записать сюда нельзя" in _texts(dialog)[0]
    dialog.accept()
    assert dialog.target() is None and not dialog.result()
    [text] = shown_messages.texts()
    assert "Флешка «KINGSTON» доступна только для чтения" in text
    assert "Снимите защиту от записи" in text


def test_no_stick_then_refresh(qtbot: Any, sticks: tuple[Path, Path]) -> None:
    kingston, _other = sticks
    drives: list[Drive] = []
    dialog = ExportTargetDialog(None, "Отчёт", FILE, drives=lambda: list(drives))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.list.count() == 0
    assert dialog.empty_label.isVisible()
    assert not dialog.write_button.isEnabled()
    drives.append(_drive(kingston, label="KINGSTON"))  # the curator inserts the stick
    qtbot.keyClick(dialog, Qt.Key.Key_F5)
    assert _texts(dialog)[0].startswith("KINGSTON")
    assert not dialog.empty_label.isVisible()
    assert dialog.write_button.isEnabled()


def test_stick_pulled_before_choosing(qtbot: Any, sticks: tuple[Path, Path],
                                      shown_messages: Any) -> None:
    kingston, _other = sticks
    dialog = _dialog(qtbot, [_drive(kingston, label="KINGSTON")])
    for child in kingston.iterdir():
        child.unlink()
    kingston.rmdir()
    dialog.accept()
    assert dialog.target() is None
    assert "флешку, вероятно, вынули" in shown_messages.texts()[0]


def test_other_folder(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "Документы"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *_args: str(folder)))
    dialog = _dialog(qtbot, [])
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.other_button, Qt.MouseButton.LeftButton)
    assert dialog.target() == folder
    # next time the folder is offered as a line of its own, selected
    again = _dialog(qtbot, [])
    assert _texts(again)[0].startswith(f"Папка: {folder}\nсвободно ")
    assert again.selected_path() == folder


def test_choose_target_returns_none_when_cancelled(qtbot: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ExportTargetDialog, "exec", lambda self: 0)
    assert export_target.choose_target(None, "Отчёт", FILE, drives=list) is None  # type: ignore[arg-type]


def test_too_small_a_stick_is_refused_when_the_size_is_known(
        qtbot: Any, sticks: tuple[Path, Path], shown_messages: Any) -> None:
    kingston, other = sticks
    dialog = ExportTargetDialog(None, "Резервная копия", "копия.zip", size=2 * GB,
                                drives=lambda: [_drive(kingston, label="KINGSTON", free=GB),
                                                _drive(other, label="BIG")])
    qtbot.addWidget(dialog)
    first, second = _texts(dialog)
    assert first == "KINGSTON\nсвободно 1,0 ГБ из 8,0 ГБ — мало: файлу нужно 2,0 ГБ"
    assert second == "BIG\nсвободно 3,0 ГБ из 8,0 ГБ"
    dialog.select(str(kingston))
    dialog.accept()
    assert dialog.target() is None
    assert shown_messages.texts() == [
        "На «KINGSTON» свободно 1,0 ГБ, а файлу нужно 2,0 ГБ. Освободите место или выберите "
        "другую флешку или папку."]
    dialog.select(str(other))
    dialog.accept()
    assert dialog.target() == other


def test_mounted_drives_reads_qt(qtbot: Any) -> None:
    drives = export_target.mounted_drives()
    assert drives and all(isinstance(d, Drive) for d in drives)
    assert any(d.ready and d.total > 0 for d in drives)
