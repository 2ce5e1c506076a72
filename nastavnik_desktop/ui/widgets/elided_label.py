"""A label that shortens each line of its text when there is no room: in the middle for file
paths (the default), at the end for messages.

It is on the first screen (the path in the status bar), so it names no `Qt` enum
(style.set_enum_property): the shortening is its own, a binary search on the text's width."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QSize
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from nastavnik_desktop.ui.style import set_enum_property

ElideMode = Literal["middle", "end"]
_ELLIPSIS = "…"


def elided(metrics: QFontMetrics, text: str, width: int, mode: ElideMode) -> str:
    """`text` shortened with «…» (in the middle or at the end) to fit `width` pixels."""
    if metrics.horizontalAdvance(text) <= width:
        return text

    def cut(keep: int) -> str:
        if mode == "end":
            return text[:keep].rstrip() + _ELLIPSIS
        head = (keep + 1) // 2
        return text[:head] + _ELLIPSIS + text[len(text) - (keep - head):]

    low, high = 0, len(text) - 1  # the most characters kept that still fit
    while low < high:
        middle = (low + high + 1) // 2
        if metrics.horizontalAdvance(cut(middle)) <= width:
            low = middle
        else:
            high = middle - 1
    return cut(low) if low else (_ELLIPSIS if metrics.horizontalAdvance(_ELLIPSIS) <= width
                                 else "")


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None, *,
                 mode: ElideMode = "middle") -> None:
        super().__init__(parent)
        self._full_text = ""
        self._mode: ElideMode = mode
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        set_enum_property(self, "textInteractionFlags", "TextSelectableByMouse")
        self.set_full_text(text)

    def full_text(self) -> str:
        return self._full_text

    def set_full_text(self, text: str) -> None:
        self._full_text = text
        self.setToolTip(text)
        self._elide()
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        margins = self.contentsMargins()
        width = (self.fontMetrics().horizontalAdvance(self._full_text)
                 + margins.left() + margins.right() + 2)
        return QSize(width, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("…" * 8),
                     super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.contentsRect().width(), 0)
        metrics = self.fontMetrics()
        self.setText("\n".join(elided(metrics, line, width, self._mode)
                               for line in self._full_text.split("\n")))
