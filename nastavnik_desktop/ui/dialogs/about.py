"""«О программе»: the version, what the program is, the law it follows, and the licences."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from nastavnik_desktop import APP_NAME, __version__
from nastavnik_desktop.ui import style

ABOUT_TEXT = """
<p>Программа для куратора целевой модели наставничества в общеобразовательной
организации: дорожная карта внедрения по семи этапам, базы наставляемых и наставников,
наставнические пары и группы, анкеты и мониторинг, приказы и другие документы.
Работает на одном компьютере без интернета; все данные хранятся в одном файле.</p>

<p><b>Нормативная основа</b></p>
<ul>
<li>Распоряжение Минпросвещения России от 25.12.2019 № Р-145 «Об утверждении методологии
(целевой модели) наставничества обучающихся для организаций, осуществляющих образовательную
деятельность по общеобразовательным, дополнительным общеобразовательным и программам
среднего профессионального образования, в том числе с применением лучших практик обмена
опытом между обучающимися».</li>
<li>Письмо Минпросвещения России от 23.01.2020 № МР-42/02 (методические рекомендации).</li>
<li>Концепция развития наставничества до 2030 года (распоряжение Правительства РФ
от 21.05.2025 № 1264-р).</li>
</ul>

<p><b>В программе использованы</b> Qt {qt} и PySide6 {pyside} (LGPLv3), Python {python},
SQLAlchemy и Alembic (MIT), ReportLab (BSD), openpyxl (MIT), platformdirs (MIT),
pytrovich (MIT), defusedxml (PSFL). Шрифты Liberation Serif и Liberation Sans
распространяются по лицензии SIL Open Font License 1.1; её текст приложен к программе.</p>
"""


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("О программе")
        self.setMinimumWidth(600)
        title = style.heading(APP_NAME, factor=1.8)
        version = style.secondary(f"Версия {__version__}")
        body = QLabel(ABOUT_TEXT.format(qt=qVersion(), pyside=PySide6.__version__,
                                        python=platform.python_version()))
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = style.plain_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(title)
        layout.addWidget(version)
        layout.addWidget(body)
        layout.addWidget(buttons)
