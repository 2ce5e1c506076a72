"""Where a file for outside the school goes: a USB stick (the removable drives listed with
their free space) or any folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def choose_target(parent: QWidget, title: str, file_name: str) -> Path | None:
    """The folder to write `file_name` into (a stick's root or a chosen folder); None when the
    curator cancels."""
    folder = QFileDialog.getExistingDirectory(parent, title)
    return Path(folder) if folder else None
