"""The middle pages of the stage 6 wizard: which materials go to which mentors («Материалы»)
and the dates of the first meetings («Первые встречи»)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.services.materials import MaterialRecord
from nastavnik_desktop.text import count_phrase, format_date
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.stage6_models import MeetingsModel
from nastavnik_desktop.ui.widgets.tables import size_columns, table_view
from nastavnik_desktop.ui.wizards.pages import ChecklistPage
from nastavnik_desktop.ui.wizards.stage6.state import Stage6State

_ID = Qt.ItemDataRole.UserRole


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class CheckTable(QWidget):
    """A table whose first column has a tick; «Все» and «Никого» tick every row, Space the
    selected rows. `changed(off)` gives the ids left unticked."""

    def __init__(self, headers: Iterable[str], widths: Iterable[int | None],
                 changed: Callable[[set[int]], object]) -> None:
        super().__init__()
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(list(headers))
        self.view = table_view(self.model, multi=True)
        size_columns(self.view, list(widths))
        self._changed = changed
        self._loading = False
        self.model.itemChanged.connect(self._on_item)
        every = QPushButton("Все")
        none = QPushButton("Никого")
        every.clicked.connect(lambda: self.tick_all(True))
        none.clicked.connect(lambda: self.tick_all(False))
        self.count = style.secondary()
        buttons = QHBoxLayout()
        buttons.addWidget(every)
        buttons.addWidget(none)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def fill(self, rows: Iterable[tuple[int, tuple[str, ...]]], off: set[int]) -> None:
        self._loading = True
        self.model.removeRows(0, self.model.rowCount())
        for row_id, texts in rows:
            items = [QStandardItem(text) for text in texts]
            for item in items:
                item.setEditable(False)
                item.setToolTip(item.text())
            items[0].setCheckable(True)
            items[0].setData(row_id, _ID)
            items[0].setCheckState(Qt.CheckState.Unchecked if row_id in off
                                   else Qt.CheckState.Checked)
            self.model.appendRow(items)
        self._loading = False
        self._count()

    def ids(self, *, ticked: bool) -> set[int]:
        found = set()
        for row in range(self.model.rowCount()):
            item = self.model.item(row, 0)
            if (item.checkState() == Qt.CheckState.Checked) is ticked:
                found.add(int(item.data(_ID)))
        return found

    def tick_all(self, on: bool) -> None:
        self._loading = True
        for row in range(self.model.rowCount()):
            self.model.item(row, 0).setCheckState(Qt.CheckState.Checked if on
                                                  else Qt.CheckState.Unchecked)
        self._loading = False
        self._on_item(None)

    def _on_item(self, _item: QStandardItem | None) -> None:
        if not self._loading:
            self._changed(self.ids(ticked=False))
            self._count()

    def _count(self) -> None:
        self.count.setText(f"Отмечено: {len(self.ids(ticked=True))} из "
                           f"{self.model.rowCount()}")


class MaterialsPage(ChecklistPage):
    """The programme's materials (all ticked) and the mentors of the chosen pairs (all
    ticked): Finish hands every ticked material to every ticked mentor. «Методические
    материалы…» opens the programme's list to add files and links."""

    def __init__(self, state: Stage6State,
                 open_materials: Callable[[Callable[[], object]], object]) -> None:
        super().__init__("Материалы",
                         "Какие методические материалы выдать наставникам. Материал, уже "
                         "выданный наставнику, повторно не записывается.")
        self.state = state
        self._open_materials = open_materials
        self.hand_out = QCheckBox("Отметить материалы выданными наставникам")
        self.hand_out.setChecked(state.hand_out)
        self.hand_out.toggled.connect(self._toggle)
        self.add_button = QPushButton("Методические материалы…")
        self.add_button.setToolTip("Добавить файлы и ссылки в материалы программы")
        self.add_button.clicked.connect(lambda: self._open_materials(self.reload_materials))
        self.materials = CheckTable(("Материал", "Вид", "Для кого", "Уже выдан"),
                                    (None, 7, 25, 18), self._materials_off)
        self.mentors = CheckTable(("Наставник", "Пары"), (None, 6), self._mentors_off)
        self.empty = style.secondary()
        self.empty.setWordWrap(True)
        materials_box = QGroupBox("Материалы программы")
        box = QVBoxLayout(materials_box)
        box.addWidget(self.materials, 1)
        box.addWidget(self.empty)
        mentors_box = QGroupBox("Кому выдать")
        QVBoxLayout(mentors_box).addWidget(self.mentors)
        top = QHBoxLayout()
        top.addWidget(self.hand_out, 1)
        top.addWidget(self.add_button)
        columns = QHBoxLayout()
        columns.addWidget(materials_box, 7)
        columns.addWidget(mentors_box, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(columns, 1)
        layout.addWidget(self.hint)
        self._fill_materials()

    def initializePage(self) -> None:
        counts: dict[int, int] = {}
        for pair in self.state.pairs():
            counts[pair.mentor_profile_id] = counts.get(pair.mentor_profile_id, 0) + 1
        self.mentors.fill(((mentor_id, (name, str(counts[mentor_id])))
                           for mentor_id, name in self.state.mentors().items()),
                          self.state.mentors_off)
        self._fill_materials()  # the ticks that fit the chosen pairs
        self._toggle()
        super().initializePage()

    def reload_materials(self, records: tuple[MaterialRecord, ...] | None = None) -> None:
        """The list again after the materials window closed (new ones come ticked)."""
        if records is not None:
            from dataclasses import replace

            self.state.data = replace(self.state.data, materials=records)
        self._fill_materials()
        self.changed()

    def _fill_materials(self) -> None:
        records = self.state.data.materials
        self.materials.fill(((m.id, (m.title, m.kind_label, m.attached_to,
                                     count_phrase(m.handed_out, "наставнику", "наставникам",
                                                  "наставникам")
                                     if m.handed_out else "нет"))
                             for m in records), self.state.unticked_materials())
        self.empty.setText("" if records else
                           "В программе пока нет материалов. Добавьте файлы или ссылки кнопкой "
                           "«Методические материалы…» или пропустите этот шаг.")
        self.empty.setVisible(not records)

    def _toggle(self) -> None:
        self.state.hand_out = self.hand_out.isChecked()
        self.materials.setEnabled(self.state.hand_out)
        self.mentors.setEnabled(self.state.hand_out)
        self.changed()

    def _materials_off(self, off: set[int]) -> None:
        self.state.materials_off = off
        self.changed()

    def _mentors_off(self, off: set[int]) -> None:
        self.state.mentors_off = off
        self.changed()

    def summary(self) -> str:
        materials, mentors = self.state.material_ids(), self.state.mentor_ids()
        if not (materials and mentors):
            return "Материалы не выдаются."
        return (f"{count_phrase(len(materials), 'материал', 'материала', 'материалов')} — "
                f"{count_phrase(len(mentors), 'наставнику', 'наставникам', 'наставникам')}")


class MeetingsPage(ChecklistPage):
    """The встреча-знакомство (and the встреча-планирование) of each chosen pair without one,
    planned in its journal: from a start date, N pairs a day or all on one day; a date typed
    in the table wins."""

    def __init__(self, state: Stage6State) -> None:
        super().__init__("Первые встречи",
                         "Встречи запишутся в журналы пар как запланированные. Время не "
                         "указывается; даты можно поправить в таблице двойным щелчком.")
        self.state = state
        self.schedule = QCheckBox("Запланировать первые встречи пар")
        self.schedule.setChecked(state.schedule)
        self.start = QDateEdit()
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("dd.MM.yyyy")
        assert state.start is not None
        self.start.setDate(_qdate(state.start))
        self.one_day = QRadioButton("все в один день")
        self.spread = QRadioButton("по")
        self.per_day = QSpinBox()
        self.per_day.setRange(1, 100)
        self.per_day.setValue(state.per_day or 5)
        self.per_day.setSuffix(" в день")
        (self.spread if state.per_day else self.one_day).setChecked(True)
        self.weekdays = QCheckBox("только будни")
        self.weekdays.setChecked(state.weekdays_only)
        self.planning = QCheckBox("и встречу-планирование через")
        self.planning.setChecked(state.with_planning)
        self.after = QSpinBox()
        self.after.setRange(1, 60)
        self.after.setValue(state.planning_after)
        self.after.setSuffix(" дн.")
        self.again = QPushButton("Распределить заново")
        self.again.setToolTip("Забыть даты, исправленные в таблице, и распределить все")
        first_row = QHBoxLayout()
        first_row.addWidget(QLabel("Встреча-знакомство с"))
        first_row.addWidget(self.start)
        first_row.addSpacing(12)
        first_row.addWidget(self.spread)
        first_row.addWidget(self.per_day)
        first_row.addSpacing(12)
        first_row.addWidget(self.one_day)
        first_row.addSpacing(12)
        first_row.addWidget(self.weekdays)
        first_row.addStretch(1)
        second_row = QHBoxLayout()
        second_row.addWidget(self.planning)
        second_row.addWidget(self.after)
        second_row.addStretch(1)
        second_row.addWidget(self.again)
        self.model = MeetingsModel(state, self)
        self.view: QTableView = table_view(self.model, multi=True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        size_columns(self.view, (23, None, 20, 22, 24))
        self.total = style.secondary()
        self.total.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.schedule)
        layout.addLayout(first_row)
        layout.addLayout(second_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.hint)
        for signal in (self.schedule.toggled, self.one_day.toggled, self.weekdays.toggled,
                       self.planning.toggled, self.per_day.valueChanged,
                       self.after.valueChanged, self.start.dateChanged):
            signal.connect(self._settings)
        self.again.clicked.connect(self._again)
        self.model.changed.connect(self.changed)

    def initializePage(self) -> None:
        self.model.reload()
        self._enable()
        super().initializePage()
        self.changed()

    def _settings(self) -> None:
        state = self.state
        state.schedule = self.schedule.isChecked()
        state.start = self.start.date().toPython()  # type: ignore[assignment]
        state.per_day = 0 if self.one_day.isChecked() else self.per_day.value()
        state.weekdays_only = self.weekdays.isChecked()
        state.with_planning = self.planning.isChecked()
        state.planning_after = self.after.value()
        self._enable()
        self.model.refresh()

    def _again(self) -> None:
        self.state.dates.clear()
        self.model.refresh()

    def _enable(self) -> None:
        on = self.state.schedule
        for widget in (self.start, self.one_day, self.spread, self.weekdays, self.planning,
                       self.again, self.view):
            widget.setEnabled(on)
        self.per_day.setEnabled(on and self.spread.isChecked())
        self.after.setEnabled(on and self.planning.isChecked())

    def changed(self) -> None:
        self.total.setText(self.summary())
        super().changed()

    def summary(self) -> str:
        if not self.state.schedule:
            return "Первые встречи не планируются."
        dates = self.state.spread()
        kept = len(self.state.pairs()) - len(self.state.meeting_pairs())
        text = ""
        if dates:
            days = [d for pair in dates.values() for d in pair if d is not None]
            text = (f"Запланировано будет {count_phrase(len(days), 'встреча', 'встречи', 'встреч')}"
                    f" для {count_phrase(len(dates), 'пары', 'пар', 'пар')}, "
                    f"с {format_date(min(days))} по {format_date(max(days))}.")
        else:
            text = "Новых встреч не будет."
        if kept:
            text += (f" У {count_phrase(kept, 'пары', 'пар', 'пар')} встреча-знакомство уже "
                     "есть в журнале — их встречи не меняются.")
        return text

    def problems(self) -> list[str]:
        if not self.state.schedule:
            return []
        problems = []
        ends_on = self.state.data.ends_on
        names = {p.pair_id: p.mentor_name for p in self.state.pairs()}
        for pair_id, (first, planning) in self.state.spread().items():
            if first < self.state.today:
                problems.append(f"Пара наставника {names[pair_id]}: встреча-знакомство "
                                f"{format_date(first)} уже прошла. Выберите дату не раньше "
                                "сегодняшней.")
            elif planning is not None and planning < first:
                problems.append(f"Пара наставника {names[pair_id]}: встреча-планирование "
                                "раньше встречи-знакомства. Исправьте дату.")
            elif ends_on is not None and max(first, planning or first) > ends_on:
                problems.append(f"Пара наставника {names[pair_id]}: встреча позже окончания "
                                f"программы ({format_date(ends_on)}). Исправьте дату.")
        return problems
