"""Small shared pieces of the look: headings, secondary text, cards. Colours come from the
palette, so the native style (and a dark theme) stays in charge."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QScrollArea, QVBoxLayout, QWidget

from nastavnik_desktop.data.enums import StageStatus

if TYPE_CHECKING:  # only named in `plain_buttons`: their enums cost the start ~1 ms
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QPushButton

PAGE_MARGINS = (32, 24, 32, 24)
SPACING = 16

_L = TypeVar("_L", bound=QLayout)
_B = TypeVar("_B", "QDialogButtonBox", "QMessageBox")

# Status chips: background and text colours, readable on light and dark themes alike.
STATUS_COLOURS: dict[StageStatus, tuple[str, str]] = {
    StageStatus.NOT_STARTED: ("#eceff1", "#455a64"),
    StageStatus.IN_PROGRESS: ("#e1effc", "#0b4f8a"),
    StageStatus.DONE: ("#e3f3e6", "#1d6b33"),
}

WARNING_COLOUR = "#b3261e"
"""Text that needs the curator's attention: an error, something overdue, a file not found."""
NOTE_LOOK = ("background: #fff0c2; color: #6b4e00; border: 1px solid #e6c35c; "
             "border-radius: 4px;")
"""A yellow note on a label (the demo marker, a warning on a card): add its own padding."""

CARD_RADIUS = 5.5


def set_enum_property(obj: QObject, name: str, keys: str) -> None:
    """Set a Qt property of an enum or flags type by its key names, «AlignRight|AlignTop».

    For the widgets of the first screen: naming Python's `Qt` namespace builds its 94 enums,
    ~14 ms of a 0.35 s start (benchmarks/startup.py), while Qt converts the names itself.
    tests/ui/test_startup_enums.py keeps the first screen free of the namespace."""
    if not obj.setProperty(name, keys):
        raise ValueError(f"{type(obj).__name__}.{name} does not take {keys!r}")


def plain_buttons(box: _B) -> _B:
    """The buttons of a dialog without the style's icons. Linux styles put an icon (a red
    cross on «Отмена») on Qt's standard buttons only, beside ours without one; every button
    of the program is text alone. Call it once the buttons are added."""
    for button in box.buttons():
        button.setIcon(QIcon())
    return box


def dialog_buttons(dialog: QDialog, accept_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """«Отмена» and the dialog's own accept button (`accept_text`, the default one), wired to
    `dialog`'s accept and reject, without the style's icons; the box and that button."""
    from PySide6.QtWidgets import QDialogButtonBox

    # Parented to the dialog at once: a button made default before it has a dialog ancestor is
    # forgotten when the dialog is shown, which then makes its first button («Отмена») the
    # default one — Enter in a field cancelled the dialog.
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, dialog)
    accept = box.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
    accept.setDefault(True)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return plain_buttons(box), accept


def scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * factor)
    if bold:
        font.setBold(True)
    return font


def heading(text: str, *, factor: float = 1.6, bold: bool = True,
            parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(scaled_font(label.font(), factor, bold=bold))
    label.setWordWrap(True)
    return label


def secondary(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A wrapped label in the muted colour, for explanations under headings."""
    label = mute(QLabel(text, parent))
    label.setWordWrap(True)
    return label


def mute(label: QLabel) -> QLabel:
    """Draw `label` in a muted text colour: the text colour blended towards the background."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, muted_colour(palette))
    label.setPalette(palette)
    return label


def muted_colour(palette: QPalette) -> QColor:
    text = palette.color(QPalette.ColorRole.WindowText)
    back = palette.color(QPalette.ColorRole.Window)
    mix = 0.4
    return QColor.fromRgbF(*(t * (1 - mix) + b * mix for t, b in (
        (text.redF(), back.redF()), (text.greenF(), back.greenF()),
        (text.blueF(), back.blueF()))))


CARD_STYLE = f"""
QFrame#card {{
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: {CARD_RADIUS}px;
}}
"""


class Card(QFrame):
    """A framed panel on the base colour, with a 1 px border in the mid colour and rounded
    corners, drawn by Qt from a style sheet. Not painted in Python: a painter's pen and brush
    take colours through overloads that build the `Qt` namespace's enums, ~14 ms of the start
    (set_enum_property), against ~0.2 ms a card for the style sheet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet(CARD_STYLE)


def card(parent: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    """A framed panel on the base colour (`Card`); returns it and its layout."""
    frame = Card(parent)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 14)
    layout.setSpacing(4)
    return frame, layout


CHIP_RADIUS = 7.0  # under half the chip's height: Qt draws a larger radius square


class Chip(QLabel):
    """A small rounded label in the colours of a stage status (`paint_chip`), drawn from a
    style sheet for the reason `Card` gives."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._background = QColor()

    def set_colours(self, background: str, foreground: str) -> None:
        self._background = QColor(background)
        self.setStyleSheet(f"QLabel {{ background: {background}; color: {foreground}; "
                           f"border-radius: {CHIP_RADIUS:g}px; padding: 1px 10px; }}")

    def background(self) -> QColor:
        return QColor(self._background)


def status_chip(text: str, status: StageStatus, parent: QWidget | None = None) -> Chip:
    """A small rounded label in the colours of a stage status."""
    return paint_chip(Chip(parent), text, status)


def paint_chip(chip: Chip, text: str, status: StageStatus) -> Chip:
    """Show `text` on `chip` in the colours of `status`."""
    chip.setText(text)
    chip.set_colours(*STATUS_COLOURS[status])
    return chip


def page_layout(layout: _L) -> _L:
    """Give a page's main layout the house margins and spacing."""
    layout.setContentsMargins(*PAGE_MARGINS)
    layout.setSpacing(SPACING)
    return layout


def scrolling_page(page: QWidget, content: QWidget) -> None:
    """Put `content` into `page` inside a frameless scroll area (small school screens)."""
    scroll = QScrollArea(page)
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
