"""Line icons of the sections, drawn in the palette's text colour (so they suit any style and
theme and look the same on Windows and Linux)."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtGui import QColor, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QWidget

_CANVAS = 48
_STROKE = 3.4


def _f(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<path d="M{_f(x1)} {_f(y1)}L{_f(x2)} {_f(y2)}"/>'


def _polyline(*points: tuple[float, float], closed: bool = False) -> str:
    path = "L".join(f"{_f(x)} {_f(y)}" for x, y in points)
    return f'<path d="M{path}{"Z" if closed else ""}"/>'


def _rect(x: float, y: float, width: float, height: float, radius: float) -> str:
    return (f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(width)}" height="{_f(height)}" '
            f'rx="{_f(radius)}"/>')


def _overview() -> str:
    return "".join(_rect(x, y, 16, 16, 3) for x, y in ((6, 6), (26, 6), (6, 26), (26, 26)))


def _roadmap() -> str:
    return _line(11, 43, 11, 5) + _polyline((11, 7), (39, 7), (32, 15.5), (39, 24), (11, 24))


def _person(cx: float, top: float, scale: float) -> str:
    """A head and the shoulders: a half ellipse closed by its base."""
    r = 7 * scale
    half_width, half_height = 14 * scale, 13 * scale
    base = top + 2 * r + 4 * scale + half_height
    return (f'<circle cx="{_f(cx)}" cy="{_f(top + r)}" r="{_f(r)}"/>'
            f'<path d="M{_f(cx + half_width)} {_f(base)}A{_f(half_width)} {_f(half_height)} 0 0 0 '
            f'{_f(cx - half_width)} {_f(base)}Z"/>')


def _mentees() -> str:
    return _person(24, 5, 1.2)


def _mentors() -> str:
    cx, cy, outer, inner = 38.0, 11.0, 8.0, 3.4
    star = [(cx + radius * math.cos(angle), cy + radius * math.sin(angle))
            for i in range(10)
            for radius, angle in [(outer if i % 2 == 0 else inner, math.radians(-90 + i * 36))]]
    return _person(20, 7, 1.1) + _polyline(*star, closed=True)


def _pairs() -> str:
    return _person(15, 8, 0.9) + _person(34, 14, 0.7)


def _surveys() -> str:
    bars = "".join(_rect(x, 42 - height - 1, 6, height - 3, 1)
                   for x, height in ((14, 14), (24, 24), (34, 32)))
    return _polyline((6, 6), (6, 42), (43, 42)) + bars


def _documents() -> str:
    lines = "".join(_line(16, y - 1, 32, y - 1) for y in (24, 31, 38))
    return (_polyline((9, 5), (29, 5), (39, 15), (39, 43), (9, 43), closed=True)
            + _polyline((29, 5), (29, 15), (39, 15)) + lines)


def _awards() -> str:
    """A medal on its ribbon."""
    return (_polyline((15, 5), (21, 20)) + _polyline((33, 5), (27, 20))
            + _line(15, 5, 33, 5) + '<circle cx="24" cy="31" r="11"/>'
            + _polyline((24, 25), (25.8, 28.8), (30, 29.3), (26.9, 32.1), (27.7, 36.2),
                        (24, 34.2), (20.3, 36.2), (21.1, 32.1), (18, 29.3), (22.2, 28.8),
                        closed=True))


def _exchange() -> str:
    return (_line(6, 16, 40, 16) + _polyline((32, 8), (41, 16), (32, 24))
            + _line(42, 32, 8, 32) + _polyline((16, 24), (7, 32), (16, 40)))


_DRAWINGS: dict[str, Callable[[], str]] = {
    "overview": _overview,
    "roadmap": _roadmap,
    "mentees": _mentees,
    "mentors": _mentors,
    "pairs": _pairs,
    "surveys": _surveys,
    "awards": _awards,
    "documents": _documents,
    "exchange": _exchange,
}

ICON_NAMES = tuple(_DRAWINGS)


def icon_svg(name: str, colour: str, pixels: int) -> str:
    """The icon `name` as an SVG image of `pixels` × `pixels` drawn in `colour` (#rrggbb)."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{pixels}" height="{pixels}" '
            f'viewBox="0 0 {_CANVAS} {_CANVAS}"><g fill="none" stroke="{colour}" '
            f'stroke-width="{_STROKE}" stroke-linecap="round" stroke-linejoin="round">'
            f"{_DRAWINGS[name]()}</g></svg>")


def _pixmap(name: str, colour: QColor, size: int, ratio: float) -> QPixmap:
    """Drawn by Qt's SVG image plugin: a QPainter here would need the pen's round caps from
    the `Qt` namespace, whose enums cost the start ~14 ms (style.set_enum_property)."""
    pixels = round(size * ratio)
    pixmap = QPixmap()
    svg = icon_svg(name, colour.name(), pixels).encode()
    if not pixmap.loadFromData(svg, "SVG"):  # type: ignore[call-overload]  # the stub says bytes
        pixmap = QPixmap(pixels, pixels)  # no SVG plugin: a blank icon, never a crash
        pixmap.fill(QColor(0, 0, 0, 0))
    if colour.alpha() < 255:
        pixmap = _faded(pixmap, colour.alphaF())
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def _faded(pixmap: QPixmap, opacity: float) -> QPixmap:
    from PySide6.QtGui import QPainter

    faded = QPixmap(pixmap.size())
    faded.fill(QColor(0, 0, 0, 0))
    painter = QPainter(faded)
    painter.setOpacity(opacity)
    painter.drawPixmap(0, 0, pixmap)
    painter.end()
    return faded


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
