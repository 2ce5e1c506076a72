"""Issue 10, point 11: «Отмена» showed a red icon beside «Сформировать» without one — Linux
styles put icons on Qt's standard buttons only. Every dialog's buttons are text alone."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QProxyStyle, QStyle, QStyleOption, QWidget
from pytestqt.qtbot import QtBot

from nastavnik_desktop.ui import style

UI = Path(__file__).resolve().parents[2] / "nastavnik_desktop" / "ui"


class _IconsOnButtons(QProxyStyle):
    """What the Fusion style says under a Linux desktop (xcb): standard buttons get icons."""

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None,
                  widget: QWidget | None = None, data: object = None) -> int:
        if hint is QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, option, widget, data)  # type: ignore[arg-type]


def test_plain_buttons_drop_the_styles_icons(qtbot: QtBot) -> None:
    icons = _IconsOnButtons("fusion")
    box = QDialogButtonBox()
    qtbot.addWidget(box)
    box.setStyle(icons)
    box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel)
    box.addButton("Сформировать", QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    assert not cancel.icon().isNull(), "the style puts an icon on «Отмена» only"
    style.plain_buttons(box)
    assert all(button.icon().isNull() for button in box.buttons())


def test_dialog_buttons_are_plain_and_answer_the_dialog(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialog

    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setStyle(_IconsOnButtons("fusion"))
    box, accept = style.dialog_buttons(dialog, "Запретить")
    box.setStyle(dialog.style())
    assert sorted(b.text() for b in box.buttons()) == ["Запретить", "Отмена"]
    assert accept.isDefault() and all(b.icon().isNull() for b in box.buttons())
    with qtbot.waitSignal(dialog.accepted):
        accept.click()


def _makes_button_box(tree: ast.AST) -> bool:
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
               and node.func.id in {"QDialogButtonBox", "QMessageBox"}
               for node in ast.walk(tree))


def _calls_plain_buttons(tree: ast.AST) -> bool:
    return any((isinstance(node, ast.Attribute) and node.attr == "plain_buttons")
               or (isinstance(node, ast.Name) and node.id == "plain_buttons")
               for node in ast.walk(tree))


def test_every_dialog_with_standard_buttons_makes_them_plain() -> None:
    missing = []
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if _makes_button_box(tree) and not _calls_plain_buttons(tree):
            missing.append(path.relative_to(UI).as_posix())
    assert not missing, f"buttons with the style's icons: {missing}"
