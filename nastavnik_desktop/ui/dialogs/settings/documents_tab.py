"""The settings' «Документы» tab: the page of the school's orders (margins, type sizes, spacing,
indent, where the title stands) within what ГОСТ Р 7.0.97 allows, the signature as printed, and
the numbering series of each kind of order."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.reports.layout import (
    MAX_BODY_SIZE,
    MAX_LINE_SPACING,
    MIN_BODY_SIZE,
    MIN_LINE_SPACING,
    MIN_MARGIN_MM,
    MIN_TABLE_SIZE,
    PageLayout,
)
from nastavnik_desktop.services import numbering
from nastavnik_desktop.services.school_settings import (
    MAX_INDENT_CM,
    MAX_MARGIN_MM,
    default_layout,
    page_layout,
)
from nastavnik_desktop.ui import style

MARGINS = (("margin_left_mm", "Левое"), ("margin_right_mm", "Правое"),
           ("margin_top_mm", "Верхнее"), ("margin_bottom_mm", "Нижнее"))
TITLE_ALIGNMENTS = (("left", "слева, над текстом (как в шаблонах Word)"),
                    ("center", "по центру"))
_EXAMPLE_COUNTER = 7
RUSSIAN = QLocale(QLocale.Language.Russian, QLocale.Country.Russia)


def _spin(name: str, low: float, high: float, step: float, decimals: int,
          suffix: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setLocale(RUSSIAN)  # «1,25 см», whatever the system's locale
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setDecimals(decimals)
    spin.setSuffix(suffix)
    spin.setToolTip(f"от {low:g} до {high:g}{suffix}".replace(".", ","))
    return spin


def _limits(low: float, high: float, unit: str) -> QLabel:
    return style.secondary(f"от {low:g} до {high:g} {unit}".replace(".", ","))


class SeriesRow:
    """One kind of order: its own series or the school's last pattern."""

    def __init__(self, kind: str, series: numbering.Series | None) -> None:
        self.kind = kind
        self.own = QCheckBox(numbering.ORDER_KIND_TITLES[kind])
        self.own.setObjectName(f"series_{kind}")
        self.prefix = QLineEdit(series.prefix if series else "")
        self.prefix.setObjectName(f"series_{kind}_prefix")
        self.prefix.setPlaceholderText("нет")
        self.width = QSpinBox()
        self.width.setObjectName(f"series_{kind}_width")
        self.width.setRange(0, numbering.MAX_WIDTH)
        self.width.setSpecialValueText("как есть")
        self.width.setToolTip("Сколько знаков у порядкового номера: 3 — «007»; «как есть» — "
                              "без ведущих нулей")
        self.width.setValue(series.width if series else 0)
        self.suffix = QLineEdit(series.suffix if series else "")
        self.suffix.setObjectName(f"series_{kind}_suffix")
        self.suffix.setPlaceholderText("нет")
        self.example = style.secondary()
        self.own.setChecked(series is not None)
        for widget in (self.prefix, self.suffix):
            widget.setMaximumWidth(110)
            widget.textChanged.connect(self.show_example)
        self.width.valueChanged.connect(self.show_example)
        self.own.toggled.connect(self.show_example)
        self.show_example()

    def series(self) -> numbering.Series | None:
        if not self.own.isChecked():
            return None
        return numbering.Series(self.prefix.text(), self.suffix.text(), self.width.value())

    def show_example(self) -> None:
        own = self.own.isChecked()
        for widget in (self.prefix, self.width, self.suffix):
            widget.setEnabled(own)
        series = self.series()
        self.example.setText(
            f"№ {series.format(_EXAMPLE_COUNTER)}" if series is not None
            else "как последний приказ")


class DocumentsTab(QWidget):
    """See the module's docstring; nothing saved here (`layout_fields`, `order_series`)."""

    changed = Signal()

    def __init__(self, layout: PageLayout, series: Mapping[str, numbering.Series],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stored = layout
        self.spins: dict[str, QDoubleSpinBox] = {}
        page = QGroupBox("Оформление приказов (ГОСТ Р 7.0.97-2025)")
        grid = QGridLayout(page)
        grid.setColumnStretch(3, 1)
        grid.addWidget(QLabel("Поля страницы:"), 0, 0, 1, 3)
        for row, (name, label) in enumerate(MARGINS, start=1):
            self._add_row(grid, row, f"{label}", _spin(
                name, MIN_MARGIN_MM, MAX_MARGIN_MM, 1, 0, " мм"),
                _limits(MIN_MARGIN_MM, MAX_MARGIN_MM, "мм"))
        sizes = (
            ("font_size", "Размер шрифта текста",
             _spin("font_size", MIN_BODY_SIZE, MAX_BODY_SIZE, 0.5, 1, " пт"),
             _limits(MIN_BODY_SIZE, MAX_BODY_SIZE, "пт")),
            ("table_font_size", "Размер шрифта в таблицах",
             _spin("table_font_size", MIN_TABLE_SIZE, MAX_BODY_SIZE, 0.5, 1, " пт"),
             style.secondary(f"от {MIN_TABLE_SIZE:g} пт до размера текста")),
            ("line_spacing", "Межстрочный интервал",
             _spin("line_spacing", MIN_LINE_SPACING, MAX_LINE_SPACING, 0.05, 2, ""),
             _limits(MIN_LINE_SPACING, MAX_LINE_SPACING, "")),
            ("first_line_indent_cm", "Абзацный отступ",
             _spin("first_line_indent_cm", 0, MAX_INDENT_CM, 0.25, 2, " см"),
             _limits(0, MAX_INDENT_CM, "см")),
        )
        for row, (_name, label, spin, limits) in enumerate(sizes, start=len(MARGINS) + 1):
            self._add_row(grid, row, label, spin, limits)
        self.title_alignment = QComboBox()
        self.title_alignment.setObjectName("title_alignment")
        for key, text in TITLE_ALIGNMENTS:
            self.title_alignment.addItem(text, key)
        self.title_alignment.currentIndexChanged.connect(self.changed)
        last = len(MARGINS) + len(sizes) + 1
        grid.addWidget(QLabel("Заголовок «О …»:"), last, 0)
        grid.addWidget(self.title_alignment, last, 1, 1, 2)
        self.gost_button = QPushButton("Как по ГОСТ")
        self.gost_button.setObjectName("layout_gost")
        self.gost_button.setToolTip("Поля 30/20/20/20 мм, шрифт 14 пт, в таблицах 12 пт, "
                                    "интервал 1,15, отступ 1,25 см, заголовок слева")
        self.gost_button.clicked.connect(self.reset_layout)
        grid.addWidget(self.gost_button, last + 1, 0)
        self.set_layout(layout)

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(page, 1)
        right = QVBoxLayout()
        right.addWidget(self._signature_box())
        right.addStretch(1)
        top.addLayout(right, 1)
        outer.addLayout(top)
        outer.addWidget(self._series_box(series))
        outer.addStretch(1)

    def _add_row(self, grid: QGridLayout, row: int, label: str, spin: QDoubleSpinBox,
                 limits: QLabel) -> None:
        spin.valueChanged.connect(self.changed)
        self.spins[spin.objectName()] = spin
        grid.addWidget(QLabel(f"{label}:"), row, 0)
        grid.addWidget(spin, row, 1)
        grid.addWidget(limits, row, 2)

    def _signature_box(self) -> QGroupBox:
        box = QGroupBox("Подпись приказов и наград")
        layout = QVBoxLayout(box)
        self.signature = QLabel()
        self.signature.setObjectName("signature_preview")
        self.signature.setWordWrap(True)
        layout.addWidget(self.signature)
        layout.addWidget(style.secondary(
            "Должность и ФИО руководителя — на вкладке «Школа». В документе ФИО печатается "
            "с инициалами впереди: «Н. В. Кузнецова»."))
        return box

    def show_signature(self, text: str) -> None:
        self.signature.setText(text)

    def _series_box(self, series: Mapping[str, numbering.Series]) -> QGroupBox:
        box = QGroupBox("Нумерация приказов")
        grid = QGridLayout(box)
        headers = ("Своя серия номеров", "Начало", "Знаков", "Окончание", "Пример")
        for column, text in enumerate(headers):
            grid.addWidget(style.secondary(text), 0, column)
        self.series_rows: dict[str, SeriesRow] = {}
        for row, kind in enumerate(numbering.ORDER_KINDS, start=1):
            line = SeriesRow(kind, series.get(kind))
            line.own.toggled.connect(self.changed)
            line.width.valueChanged.connect(self.changed)
            line.prefix.textChanged.connect(self.changed)
            line.suffix.textChanged.connect(self.changed)
            self.series_rows[kind] = line
            cells: tuple[QWidget, ...] = (line.own, line.prefix, line.width, line.suffix,
                                          line.example)
            for column, cell in enumerate(cells):
                grid.addWidget(cell, row, column)
        grid.setColumnStretch(4, 1)
        note = style.secondary(
            "Номер — порядковый номер с тем, что школа пишет до и после него: «01-07/12», "
            "«45-о». Порядковый номер продолжается с наибольшего в этом календарном году. Без "
            "своей серии приказ нумеруется как последний приказ школы из видов без своей "
            "серии.")
        grid.addWidget(note, len(numbering.ORDER_KINDS) + 1, 0, 1, len(headers))
        return box

    # --- values ---

    def set_layout(self, layout: PageLayout) -> None:
        for name, spin in self.spins.items():
            spin.setValue(getattr(layout, name))
        self.title_alignment.setCurrentIndex(
            [key for key, _text in TITLE_ALIGNMENTS].index(layout.title_alignment))

    def reset_layout(self) -> None:
        """«Как по ГОСТ»: the defaults back in the fields (saved with the dialog)."""
        self.set_layout(default_layout())

    def layout_fields(self) -> dict[str, float | str]:
        fields: dict[str, float | str] = {name: spin.value()
                                          for name, spin in self.spins.items()}
        fields["title_alignment"] = self.title_alignment.currentData()
        return fields

    def page_layout(self) -> PageLayout:
        """The layout as set (a `SettingProblem` naming the size that is out of range)."""
        return page_layout(self._stored, **self.layout_fields())

    def order_series(self) -> dict[str, numbering.Series]:
        return {kind: series for kind, row in self.series_rows.items()
                if (series := row.series()) is not None}

    def widget_of(self, field: str) -> QWidget | None:
        """The widget of a refused value (`SettingProblem.field`)."""
        if field in self.spins:
            return self.spins[field]
        if field.startswith("series_") and field[7:] in self.series_rows:
            return self.series_rows[field[7:]].prefix
        return None
