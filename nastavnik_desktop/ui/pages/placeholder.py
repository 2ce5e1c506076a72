"""Pages of sections this version does not keep: what the methodology puts there (from
domain.md), and plainly that the program does not do it — no promise of a later version."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.pages.base import Page


@dataclass(frozen=True)
class PlannedSection:
    title: str
    summary: str
    features: tuple[str, ...]


EXCHANGE = PlannedSection(
    "Обмен данными",
    "Передача сведений за пределы школы и сохранность базы.",
    (
        "Сводный отчёт для муниципалитета: численность участников по ролям и формам, "
        "доли, пары по формам, организации-партнёры.",
        "Именные списки — только зашифрованными и только для тех, чьё согласие записано.",
        "Резервные копии базы и восстановление из них, перенос на флешку с проверкой.",
    ),
)


class PlaceholderPage(Page):
    """A section of the methodology that this version of the program does not keep."""

    def __init__(self, section: PlannedSection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        content = QWidget()
        layout = style.page_layout(QVBoxLayout(content))
        layout.addWidget(style.heading(section.title))
        summary = QLabel(section.summary)
        summary.setWordWrap(True)
        layout.addWidget(summary)

        frame, card = style.card()
        card.addWidget(style.heading("Что относится к разделу по методологии", factor=1.1))
        features = QGridLayout()
        features.setHorizontalSpacing(8)
        features.setVerticalSpacing(6)
        features.setColumnStretch(1, 1)
        for row, feature in enumerate(section.features):
            text = QLabel(feature)
            text.setWordWrap(True)
            bullet = QLabel("•")
            style.set_enum_property(bullet, "alignment", "AlignLeft|AlignTop")
            features.addWidget(bullet, row, 0)
            features.addWidget(text, row, 1)
        card.addLayout(features)
        layout.addWidget(frame)
        layout.addWidget(style.secondary("В этой версии программа этот раздел не ведёт."))
        layout.addStretch(1)
        style.scrolling_page(self, content)
