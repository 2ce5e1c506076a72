"""Small shared pieces of the look: headings, secondary text, cards. Colours come from the
palette, so the native style (and a dark theme) stays in charge."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QRectF
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QScrollArea, QVBoxLayout, QWidget

from nastavnik_desktop.data.enums import StageStatus

if TYPE_CHECKING:  # only named in `plain_buttons`: their enums cost the start ~1 ms
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

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

CARD_RADIUS = 5.5


def plain_buttons(box: _B) -> _B:
    """The buttons of a dialog without the style's icons. Linux styles put an icon (a red
    cross on «Отмена») on Qt's standard buttons only, beside ours without one; every button
    of the program is text alone. Call it once the buttons are added."""
    for button in box.buttons():
        button.setIcon(QIcon())
    return box


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


class Card(QFrame):
    """A framed panel on the base colour, with a 1 px border in the mid colour and rounded
    corners. Painted here rather than by a style sheet: a sheet on each card sends the card
    and every widget in it through Qt's style-sheet style, and «Обзор» (nine cards, nine
    chips) was built and painted ~1.5 ms slower at start-up for the same look."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setContentsMargins(1, 1, 1, 1)  # the border, as a style sheet's box model keeps

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5),
                                CARD_RADIUS, CARD_RADIUS)


def card(parent: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    """A framed panel on the base colour (`Card`); returns it and its layout."""
    frame = Card(parent)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 14)
    layout.setSpacing(4)
    return frame, layout


CHIP_RADIUS = 9.0


class Chip(QLabel):
    """A small rounded label in the colours of a stage status (`paint_chip`), painted here
    rather than by a style sheet for the reason `Card` gives."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._background = QColor()
        self._pad()

    def _pad(self) -> None:
        """10 px on the sides and 1 px above and below the text, plus the half «x» a framed
        QLabel indents its text by (where the chip's look came from: a style sheet's box)."""
        x = self.fontMetrics().horizontalAdvance("x")
        self.setContentsMargins(10 + x // 2, 1, 10 + x - x // 2, 1)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._pad()

    def set_colours(self, background: str, foreground: str) -> None:
        self._background = QColor(background)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(foreground))
        self.setPalette(palette)
        self.update()

    def background(self) -> QColor:
        return QColor(self._background)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self._background, 0))
        painter.setBrush(self._background)
        radius = min(CHIP_RADIUS, self.height() / 2, self.width() / 2)
        painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
        painter.end()
        super().paintEvent(event)


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
