"""The first screen of an empty database: create the programme, or look at the demo school."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCommandLinkButton, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from nastavnik_desktop import APP_NAME
from nastavnik_desktop.ui import style

PURPOSE = (
    "Программа для куратора целевой модели наставничества в школе: дорожная карта, базы "
    "наставляемых и наставников, пары и группы, анкеты, мониторинг и документы — на одном "
    "компьютере, без интернета."
)


_BIG_BUTTON_STYLE = """
QCommandLinkButton {
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: 6px;
    padding: 10px 14px;
}
QCommandLinkButton:hover { border-color: palette(highlight); }
QCommandLinkButton:pressed { background: palette(alternate-base); }
QCommandLinkButton:focus { border: 2px solid palette(highlight); }
"""

_LINK_BUTTON_STYLE = """
QPushButton { border: none; padding: 2px 0px; color: palette(link); text-align: left; }
QPushButton:hover { text-decoration: underline; }
QPushButton:focus { text-decoration: underline; }
"""


class WelcomePage(QWidget):
    create_requested = Signal()
    demo_requested = Signal()
    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.create_button = QCommandLinkButton(
            "Создать программу наставничества",
            "Укажите школу и учебный год — и начните с первого этапа.")
        self.create_button.setObjectName("create_programme")
        self.create_button.clicked.connect(self.create_requested)
        self.demo_button = QCommandLinkButton(
            "Открыть демонстрационную школу",
            "Вымышленная школа с учениками, педагогами и парами, чтобы познакомиться "
            "с программой. Ваши данные она не затрагивает.")
        self.demo_button.setObjectName("open_demo")
        self.demo_button.clicked.connect(self.demo_requested)
        self.open_button = QPushButton("Открыть другую базу данных…")
        self.open_button.setStyleSheet(_LINK_BUTTON_STYLE)
        self.open_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.open_button.clicked.connect(self.open_requested)

        for button in (self.create_button, self.demo_button):
            button.setFont(style.scaled_font(button.font(), 1.1))
            button.setStyleSheet(_BIG_BUTTON_STYLE)

        column = QWidget()
        column.setFixedWidth(column.fontMetrics().averageCharWidth() * 80)
        layout = QVBoxLayout(column)
        layout.setSpacing(style.SPACING)
        title = style.heading(APP_NAME, factor=2.4)
        layout.addWidget(title)
        purpose = style.secondary(PURPOSE)
        purpose.setFont(style.scaled_font(purpose.font(), 1.1))
        layout.addWidget(purpose)
        layout.addSpacing(style.SPACING)
        layout.addWidget(self.create_button)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)

        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(column)
        centred.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        outer.addLayout(centred)
        outer.addStretch(3)
