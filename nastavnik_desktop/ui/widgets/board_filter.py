"""The filters over the pairs board: the form, the class, the stage, a search by name and only
the silent pairs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from nastavnik_desktop.data.enums import PAIR_STATUS_LABELS, PairStatus
from nastavnik_desktop.services.pairs import BOARD_STATUSES
from nastavnik_desktop.text import ru_plural
from nastavnik_desktop.ui.models.pair_board_models import BoardFilter
from nastavnik_desktop.ui.widgets.tables import refill_choices

ALL_FORMS = "Все формы"
ALL_CLASSES = "Все классы"
ALL_STATUSES = "Все этапы"


class BoardFilterBar(QWidget):
    changed = Signal()
    """The curator changed a filter (not told for `set_choices` and `set_filter`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form_combo = QComboBox()
        self.form_combo.setObjectName("form_filter")
        self.form_combo.setMinimumContentsLength(16)
        self.class_combo = QComboBox()
        self.class_combo.setObjectName("class_filter")
        self.class_combo.setMinimumContentsLength(8)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status_filter")
        self.status_combo.addItem(ALL_STATUSES, None)
        for status in BOARD_STATUSES:
            self.status_combo.addItem(PAIR_STATUS_LABELS[status], status)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("pairs_search")
        self.search_edit.setPlaceholderText("Поиск по ФИО наставника или наставляемого")
        self.search_edit.setClearButtonEnabled(True)
        self.silent_check = QCheckBox()
        self.silent_check.setObjectName("silent_filter")
        self.silent_check.setToolTip("Показать только действующие пары, у которых давно не было "
                                     "встреч (запланированные встречи не считаются)")
        self.set_silent_weeks(4)
        self.silent_check.toggled.connect(lambda _on: self.changed.emit())
        for combo in (self.form_combo, self.class_combo, self.status_combo):
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.search_edit.textChanged.connect(lambda _text: self.changed.emit())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(QLabel("Форма:"))
        row.addWidget(self.form_combo, 2)
        row.addWidget(QLabel("Класс:"))
        row.addWidget(self.class_combo, 1)
        row.addWidget(QLabel("Этап:"))
        row.addWidget(self.status_combo, 1)
        row.addWidget(self.search_edit, 3)
        row.addWidget(self.silent_check)

    def set_silent_weeks(self, weeks: int) -> None:
        """Name the weeks of silence (the setting SILENT_PAIR_WEEKS) in the check box."""
        self.silent_check.setText(
            f"только без встреч {weeks} {ru_plural(weeks, 'неделю', 'недели', 'недель')}")

    def set_choices(self, forms: list[tuple[str, int]], class_names: list[str]) -> None:
        """Replace the forms (name, id) and the classes, keeping the chosen ones still there."""
        refill_choices(self.form_combo, ALL_FORMS, forms)
        refill_choices(self.class_combo, ALL_CLASSES, [(name, name) for name in class_names])

    def chosen(self) -> BoardFilter:
        return BoardFilter(form_id=self.form_combo.currentData(),
                           class_name=self.class_combo.currentData(),
                           search=self.search_edit.text(), status=self.status_combo.currentData(),
                           silent_only=self.silent_check.isChecked())

    def set_filter(self, *, form_id: int | None, class_name: str | None, search: str,
                   status: PairStatus | None, silent_only: bool = False) -> None:
        """Set all the filters at once, without telling `changed`."""
        for combo, value in ((self.form_combo, form_id), (self.class_combo, class_name),
                             (self.status_combo, status)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.setText(search)
        self.search_edit.blockSignals(False)
        self.silent_check.blockSignals(True)
        self.silent_check.setChecked(silent_only)
        self.silent_check.blockSignals(False)


