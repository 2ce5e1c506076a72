"""Line icons of the sections, drawn in the palette's text colour (so they suit any style and
theme and look the same on Windows and Linux)."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QWidget

_CANVAS = 48
_STROKE = 3.4


def _overview(p: QPainter) -> None:
    for x, y in ((6, 6), (26, 6), (6, 26), (26, 26)):
        p.drawRoundedRect(QRectF(x, y, 16, 16), 3, 3)


def _roadmap(p: QPainter) -> None:
    p.drawLine(QPointF(11, 43), QPointF(11, 5))
    flag = QPainterPath(QPointF(11, 7))
    for x, y in ((39, 7), (32, 15.5), (39, 24), (11, 24)):
        flag.lineTo(x, y)
    p.drawPath(flag)


def _person(p: QPainter, cx: float, top: float, scale: float) -> None:
    r = 7 * scale
    p.drawEllipse(QPointF(cx, top + r), r, r)
    shoulders = QRectF(cx - 14 * scale, top + 2 * r + 4 * scale, 28 * scale, 26 * scale)
    p.drawArc(shoulders, 0, 180 * 16)
    p.drawLine(QPointF(shoulders.left(), shoulders.center().y()),
               QPointF(shoulders.right(), shoulders.center().y()))


def _mentees(p: QPainter) -> None:
    _person(p, 24, 5, 1.2)


def _mentors(p: QPainter) -> None:
    _person(p, 20, 7, 1.1)
    star = QPainterPath()
    cx, cy, outer, inner = 38.0, 11.0, 8.0, 3.4
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(-90 + i * 36)
        point = QPointF(cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        if i == 0:
            star.moveTo(point)
        else:
            star.lineTo(point)
    star.closeSubpath()
    p.drawPath(star)


def _pairs(p: QPainter) -> None:
    _person(p, 15, 8, 0.9)
    _person(p, 34, 14, 0.7)


def _surveys(p: QPainter) -> None:
    p.drawLine(QPointF(6, 6), QPointF(6, 42))
    p.drawLine(QPointF(6, 42), QPointF(43, 42))
    for x, height in ((14, 14), (24, 24), (34, 32)):
        p.drawRoundedRect(QRectF(x, 42 - height - 1, 6, height - 3), 1, 1)


def _documents(p: QPainter) -> None:
    page = QPainterPath(QPointF(9, 5))
    for x, y in ((29, 5), (39, 15), (39, 43), (9, 43)):
        page.lineTo(x, y)
    page.closeSubpath()
    p.drawPath(page)
    p.drawPolyline([QPointF(29, 5), QPointF(29, 15), QPointF(39, 15)])
    for y in (24, 31, 38):
        p.drawLine(QPointF(16, y - 1), QPointF(32, y - 1))


def _exchange(p: QPainter) -> None:
    p.drawLine(QPointF(6, 16), QPointF(40, 16))
    p.drawPolyline([QPointF(32, 8), QPointF(41, 16), QPointF(32, 24)])
    p.drawLine(QPointF(42, 32), QPointF(8, 32))
    p.drawPolyline([QPointF(16, 24), QPointF(7, 32), QPointF(16, 40)])


_DRAWINGS: dict[str, Callable[[QPainter], None]] = {
    "overview": _overview,
    "roadmap": _roadmap,
    "mentees": _mentees,
    "mentors": _mentors,
    "pairs": _pairs,
    "surveys": _surveys,
    "documents": _documents,
    "exchange": _exchange,
}

ICON_NAMES = tuple(_DRAWINGS)


def _pixmap(name: str, colour: QColor, size: int, ratio: float) -> QPixmap:
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / _CANVAS, size / _CANVAS)
    pen = QPen(colour, _STROKE)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    _DRAWINGS[name](painter)
    painter.end()
    return pixmap


def section_icon(name: str, widget: QWidget, size: int = 20) -> QIcon:
    """The icon `name` (one of ICON_NAMES) in `widget`'s text colours, sharp on HiDPI too."""
    palette = widget.palette()
    ratio = widget.devicePixelRatioF()
    icon = QIcon()
    modes = (
        (QIcon.Mode.Normal, palette.color(QPalette.ColorRole.Text)),
        (QIcon.Mode.Selected, palette.color(QPalette.ColorRole.HighlightedText)),
        (QIcon.Mode.Disabled,
         palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)),
    )
    for mode, colour in modes:
        icon.addPixmap(_pixmap(name, colour, size, ratio), mode)
    return icon
