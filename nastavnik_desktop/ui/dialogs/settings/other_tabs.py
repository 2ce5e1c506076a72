"""The settings' smaller tabs: «Подбор пар» (the matching defaults of stage 5 and the
admission rule of stage 4), «Напоминания» (a silent pair, the KPI's reporting day), «Доступ»
(the password and the idle lock, through their own dialog) and «Папки» (where the data and the
backups are)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.services.matching.criteria import Criterion
from nastavnik_desktop.services.matching.scoring import MAX_WEIGHT, MatchSettings
from nastavnik_desktop.services.people.admission import RULE_LABELS, AdmissionRule
from nastavnik_desktop.services.programme import KPI_REMINDER_DAYS
from nastavnik_desktop.services.school_settings import MAX_SILENT_WEEKS
from nastavnik_desktop.text import ru_plural
from nastavnik_desktop.ui import messages, style

MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
          "сентября", "октября", "ноября", "декабря")
SEPARATE_CLASSES_TEXT = "Никогда не ставить в пару учеников одного класса (жёсткое правило)"


class MatchingTab(QWidget):
    """The weight 0–10 of each criterion and whether it is a must-have; the hard rule «не из
    одного класса»; what «допущен» requires."""

    changed = Signal()

    def __init__(self, matching: MatchSettings, separate_classes: bool, rule: AdmissionRule,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weights: dict[Criterion, QSpinBox] = {}
        self.must_have: dict[Criterion, QCheckBox] = {}
        box = QGroupBox("Критерии совместимости (этап 5)")
        grid = QGridLayout(box)
        grid.addWidget(style.secondary("Критерий"), 0, 0)
        grid.addWidget(style.secondary(f"Вес (0–{MAX_WEIGHT})"), 0, 1)
        grid.addWidget(style.secondary("Обязателен"), 0, 2)
        for row, criterion in enumerate(Criterion, start=1):
            weight = QSpinBox()
            weight.setObjectName(f"weight_{criterion.name.lower()}")
            weight.setRange(0, MAX_WEIGHT)
            weight.setSpecialValueText("не учитывать")
            weight.setMinimumWidth(130)
            weight.valueChanged.connect(self.changed)
            must = QCheckBox()
            must.setObjectName(f"must_{criterion.name.lower()}")
            must.setToolTip("Пары, которые не выполняют этот критерий, не предлагаются")
            must.toggled.connect(self.changed)
            self.weights[criterion], self.must_have[criterion] = weight, must
            grid.addWidget(QLabel(str(criterion).capitalize()), row, 0)
            grid.addWidget(weight, row, 1)
            grid.addWidget(must, row, 2, Qt.AlignmentFlag.AlignCenter)
        grid.setColumnStretch(3, 1)
        defaults = QPushButton("Веса по умолчанию")
        defaults.setObjectName("matching_defaults")
        defaults.clicked.connect(lambda: self.set_matching(MatchSettings()))
        grid.addWidget(defaults, len(Criterion) + 1, 0)
        grid.addWidget(style.secondary(
            "С этими весами открывается подбор пар на этапе 5; там их можно поменять для "
            "одного подбора."), len(Criterion) + 2, 0, 1, 4)
        self.separate_classes = QCheckBox(SEPARATE_CLASSES_TEXT)
        self.separate_classes.setObjectName("separate_classes")
        self.separate_classes.setChecked(separate_classes)
        self.separate_classes.toggled.connect(self.changed)
        self.admission = QComboBox()
        self.admission.setObjectName("admission_rule")
        for value, text in RULE_LABELS.items():
            self.admission.addItem(text, value.value)
        self.admission.setCurrentIndex(list(RULE_LABELS).index(rule))
        self.admission.currentIndexChanged.connect(self.changed)
        rules = QGroupBox("Правила")
        form = QFormLayout(rules)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.separate_classes)
        form.addRow("Наставник допущен (этап 4), если пройдено:", self.admission)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(rules)
        layout.addStretch(1)
        self.set_matching(matching)

    def set_matching(self, matching: MatchSettings) -> None:
        for criterion in Criterion:
            self.weights[criterion].setValue(matching.weight(criterion))
            self.must_have[criterion].setChecked(criterion in matching.must_have)

    def matching(self) -> MatchSettings:
        return MatchSettings(
            weights={c: spin.value() for c, spin in self.weights.items()},
            must_have=frozenset(c for c, box in self.must_have.items() if box.isChecked()))

    def admission_rule(self) -> AdmissionRule:
        return AdmissionRule(self.admission.currentData())


class RemindersTab(QWidget):
    """A pair «молчит» after N weeks; the KPI's reporting day (a day and a month)."""

    changed = Signal()

    def __init__(self, silent_weeks: int, kpi_day: tuple[int, int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.silent_weeks = QSpinBox()
        self.silent_weeks.setObjectName("silent_weeks")
        self.silent_weeks.setRange(1, MAX_SILENT_WEEKS)
        self.silent_weeks.setValue(silent_weeks)
        self.silent_weeks.valueChanged.connect(self._show_weeks)
        self.silent_weeks.valueChanged.connect(self.changed)
        self.kpi_day = QSpinBox()
        self.kpi_day.setObjectName("kpi_day")
        self.kpi_day.setRange(1, 31)
        self.kpi_month = QComboBox()
        self.kpi_month.setObjectName("kpi_month")
        self.kpi_month.addItems(MONTHS)
        month, day = kpi_day
        self.kpi_month.setCurrentIndex(month - 1)
        self.kpi_day.setValue(day)
        self.kpi_day.valueChanged.connect(self.changed)
        self.kpi_month.currentIndexChanged.connect(self.changed)
        pairs = QGroupBox("Пары без встреч")
        pairs_form = QFormLayout(pairs)
        pairs_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        pairs_form.addRow("Пара «молчит», если встреч не было:", self.silent_weeks)
        pairs_form.addRow(style.secondary(
            "Такие пары отмечаются на доске пар, в карточке и на «Обзоре»."))
        kpi = QGroupBox("Отчёт о целевом показателе (70 % участников)")
        day_row = QHBoxLayout()
        day_row.addWidget(self.kpi_day)
        day_row.addWidget(self.kpi_month)
        day_row.addStretch(1)
        kpi_form = QFormLayout(kpi)
        kpi_form.addRow("Дата отчёта для муниципалитета:", day_row)
        kpi_form.addRow(style.secondary(
            f"За {KPI_REMINDER_DAYS} дней до этой даты «Обзор» напоминает о ней среди "
            "ближайших мероприятий."))
        layout = QVBoxLayout(self)
        layout.addWidget(pairs)
        layout.addWidget(kpi)
        layout.addStretch(1)
        self._show_weeks()

    def _show_weeks(self) -> None:
        self.silent_weeks.setSuffix(" " + ru_plural(self.silent_weeks.value(),
                                                    "неделю", "недели", "недель"))

    def kpi_month_day(self) -> tuple[int, int]:
        return self.kpi_month.currentIndex() + 1, self.kpi_day.value()


class AccessTab(QWidget):
    """What is set now, and the button to the password's own dialog (it asks the current
    password: a passer-by cannot turn the lock off here)."""

    def __init__(self, state: Callable[[], tuple[bool, int]],
                 edit_password: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state, self._edit = state, edit_password
        self.state_label = QLabel()
        self.state_label.setObjectName("access_state")
        self.state_label.setWordWrap(True)
        button = QPushButton("Пароль и блокировка…")
        button.setObjectName("edit_password")
        button.clicked.connect(self.edit_password)
        box = QGroupBox("Пароль на вход")
        inner = QVBoxLayout(box)
        inner.addWidget(self.state_label)
        inner.addWidget(style.secondary(
            "Пароль спрашивается при запуске программы и после блокировки; окно блокируется "
            "само, если мышью и клавиатурой не пользовались заданное число минут. Изменение "
            "сохраняется сразу, в своём окне."))
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        inner.addLayout(row)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)
        self.show_state()

    def edit_password(self) -> None:
        self._edit()
        self.show_state()

    def show_state(self) -> None:
        is_set, minutes = self._state()
        if not is_set:
            self.state_label.setText("Пароль не установлен: программа открывается без него.")
        elif minutes:
            self.state_label.setText(
                f"Пароль установлен; окно блокируется через {minutes} "
                f"{ru_plural(minutes, 'минуту', 'минуты', 'минут')} бездействия.")
        else:
            self.state_label.setText("Пароль установлен; окно само не блокируется.")


class FoldersTab(QWidget):
    """The data folder (the database and what it refers to) and the backups' folder."""

    def __init__(self, database: Path, backups: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folders = {"data": database.parent, "backups": backups}
        layout = QVBoxLayout(self)
        layout.addWidget(self._folder_box(
            "Папка данных", "data", database.parent,
            f"Файл базы данных — «{database.name}»; рядом с ним — материалы, фотографии "
            "кейсов, фоны наград и логотип школы."))
        layout.addWidget(self._folder_box(
            "Резервные копии", "backups", backups,
            "Копии базы делаются при каждом запуске, перед обновлением программы, перед "
            "загрузкой из файла и восстановлением; старые удаляются по очереди. "
            "Восстановить копию — «Файл → Резервные копии…»."))
        layout.addStretch(1)

    def _folder_box(self, title: str, key: str, folder: Path, note: str) -> QGroupBox:
        box = QGroupBox(title)
        path = QLabel(str(folder))
        path.setObjectName(f"folder_{key}")
        path.setWordWrap(True)
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        button = QPushButton("Открыть папку")
        button.setObjectName(f"open_{key}")
        button.clicked.connect(lambda: self.open_folder(key))
        row = QHBoxLayout()
        row.addWidget(path, 1)
        row.addWidget(button)
        inner = QVBoxLayout(box)
        inner.addLayout(row)
        inner.addWidget(style.secondary(note))
        return box

    def open_folder(self, key: str) -> None:
        messages.open_folder(self, self.folders[key])
