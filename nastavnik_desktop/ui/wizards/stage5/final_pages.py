"""Stage 5, pages 3 and 4: the group meeting, if there was one, and what «Готово» will save
with the number and date of the order."""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from typing import Protocol

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.services.matching.apply import GroupMeeting
from nastavnik_desktop.services.matching.session import MatchingSession
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate
from nastavnik_desktop.ui.wizards.pages import ChecklistPage

KeyRole = Qt.ItemDataRole.UserRole + 2
"""Which person an item of «Кто пришёл» is: ("mentor" | "mentee", profile id)."""


def _date_edit(day: dt.date, latest: dt.date) -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setMaximumDate(qdate(latest))
    edit.setDate(qdate(day))
    return edit


class MeetingPage(ChecklistPage):
    """Who of the kept proposals came to the group meeting, its date and notes."""

    def __init__(self, session: MatchingSession, today: dt.date) -> None:
        super().__init__("Групповая встреча",
                         "Если наставники и наставляемые уже собирались на групповую встречу, "
                         "отметьте, кто пришёл: встреча попадёт в мероприятия этапа 5. "
                         "Страницу можно пропустить.")
        self._session = session
        self.record_box = QCheckBox("Записать групповую встречу наставников и наставляемых")
        self.record_box.toggled.connect(self._update_enabled)
        self.record_box.toggled.connect(self.changed)
        self.held_on = _date_edit(today, today)
        date_label = QLabel("&Дата встречи:")
        date_label.setBuddy(self.held_on)
        date_row = QHBoxLayout()
        date_row.addWidget(date_label)
        date_row.addWidget(self.held_on)
        date_row.addStretch(1)

        self.people = QStandardItemModel(self)
        self.people.itemChanged.connect(lambda _item: self._people_changed())
        self.people_view = QListView()
        self.people_view.setObjectName("meeting_people")
        self.people_view.setModel(self.people)
        self.people_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.came_label = QLabel()
        self.all_button = QPushButton("Отметить всех")
        self.none_button = QPushButton("Снять отметки")
        self.all_button.clicked.connect(lambda: self.tick_all(True))
        self.none_button.clicked.connect(lambda: self.tick_all(False))
        tick_row = QHBoxLayout()
        tick_row.addWidget(self.came_label, 1)
        tick_row.addWidget(self.all_button)
        tick_row.addWidget(self.none_button)
        people_box = QGroupBox("Кто пришёл")
        people_layout = QVBoxLayout(people_box)
        people_layout.addLayout(tick_row)
        people_layout.addWidget(self.people_view, 1)

        self.notes = QPlainTextEdit()
        self.notes.setObjectName("meeting_notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("Как прошла встреча, о чём договорились, кто отсутствовал "
                                      "по уважительной причине")
        notes_box = QGroupBox("Заметки")
        QVBoxLayout(notes_box).addWidget(self.notes)

        columns = QHBoxLayout()
        columns.addWidget(people_box, 3)
        columns.addWidget(notes_box, 2)
        self.details = QWidget()
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addLayout(date_row)
        details_layout.addLayout(columns, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.record_box)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.hint)
        self._update_enabled()

    def initializePage(self) -> None:
        """The people of the kept proposals; ticks already made stay."""
        ticked = {item.data(KeyRole): item.checkState() for item in self._items()}
        kept = self._session.kept()
        mentors = {p.mentor_profile_id: p.mentor_name for p in kept}
        self.people.blockSignals(True)
        self.people.clear()
        for role, key, name in (
                *(("наставник", ("mentor", i), n) for i, n in sorted(
                    mentors.items(), key=lambda item: item[1])),
                *(("наставляемый", ("mentee", p.mentee_profile_id),
                   f"{p.mentee_name}{', ' + p.mentee_class if p.mentee_class else ''}")
                  for p in sorted(kept, key=lambda p: p.mentee_name))):
            item = QStandardItem(f"{name} — {role}")
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(key, KeyRole)
            item.setCheckState(ticked.get(key, Qt.CheckState.Checked))
            self.people.appendRow(item)
        self.people.blockSignals(False)
        self._people_changed()
        super().initializePage()

    def cleanupPage(self) -> None:
        """Going back keeps what was entered."""

    def _items(self) -> list[QStandardItem]:
        return [self.people.item(row) for row in range(self.people.rowCount())]

    def tick_all(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        self.people.blockSignals(True)
        for item in self._items():
            item.setCheckState(state)
        self.people.blockSignals(False)
        self.people_view.viewport().update()
        self._people_changed()

    def attended(self) -> int:
        return sum(item.checkState() == Qt.CheckState.Checked for item in self._items())

    def _people_changed(self) -> None:
        self.came_label.setText(f"Пришли: {self.attended()} из {self.people.rowCount()}")
        self.changed()

    def _update_enabled(self) -> None:
        self.details.setEnabled(self.record_box.isChecked())

    def meeting(self) -> GroupMeeting | None:
        if not self.record_box.isChecked():
            return None
        return GroupMeeting(held_on=pydate(self.held_on.date()), attended_count=self.attended(),
                            notes=self.notes.toPlainText())

    def problems(self) -> list[str]:
        if self.record_box.isChecked() and self.attended() == 0:
            return ["Отметьте, кто пришёл на встречу, или не записывайте её."]
        return []



class OrderNumberSource(Protocol):
    """Where the summary page gets the order's number from (the register, `documents`)."""

    def proposed(self, day: dt.date) -> str: ...

    def problem(self, number: str, day: dt.date) -> str | None: ...


class SummaryPage(ChecklistPage):
    """What will be saved, and the number and date of the order fixing the pairs."""

    def __init__(self, session: MatchingSession, meeting_page: MeetingPage,
                 today: dt.date, *, numbers: OrderNumberSource | None = None) -> None:
        super().__init__("Итог",
                         "Проверьте, что будет сохранено. После «Готово» пары и группы "
                         "появятся на доске «Пары и группы» со статусом «сформирована».")
        self._session = session
        self._meeting_page = meeting_page
        self._numbers = numbers
        self.summary = QTextBrowser()
        self.summary.setObjectName("summary")
        self.summary.setOpenLinks(False)
        self.order_box = QGroupBox("Сформировать приказ о закреплении наставнических пар/групп")
        self.order_box.setCheckable(True)
        self.order_box.setChecked(True)
        self.order_box.toggled.connect(self.changed)
        self.order_number = QLineEdit()
        self.order_number.setObjectName("order_number")
        self.order_number.setPlaceholderText("например, 112-о")
        self.order_number.setMaximumWidth(160)
        self.order_number.textChanged.connect(self.changed)
        self.order_date = _date_edit(today, dt.date(today.year + 1, 12, 31))
        number_label = QLabel("&№")
        number_label.setBuddy(self.order_number)
        row = QHBoxLayout(self.order_box)
        row.addWidget(number_label)
        row.addWidget(self.order_number)
        row.addSpacing(8)
        row.addWidget(QLabel("от"))
        row.addWidget(self.order_date)
        row.addSpacing(16)
        row.addWidget(style.secondary("Приказ со списком пар откроется для печати."), 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.order_box)
        layout.addWidget(self.hint)

    def initializePage(self) -> None:
        has_pairs = bool(self._session.kept())
        self.order_box.setEnabled(has_pairs)
        if not has_pairs:
            self.order_box.setChecked(False)
        if self._numbers is not None and not self.order_number.text().strip():
            self.order_number.setText(self._numbers.proposed(pydate(self.order_date.date())))
        self.summary.setHtml(summary_html(self._session, self._meeting_page.meeting()))
        super().initializePage()

    def order(self) -> tuple[str, dt.date] | None:
        """The number and date of the order to issue, or None."""
        if not (self.order_box.isEnabled() and self.order_box.isChecked()):
            return None
        return self.order_number.text().strip(), pydate(self.order_date.date())

    def text(self) -> str:
        return self.summary.toPlainText()

    def problems(self) -> list[str]:
        problems = []
        if not self._session.kept() and self._meeting_page.meeting() is None:
            problems.append("Нет принятых пар: вернитесь к подбору и примите хотя бы одну.")
        order = self.order()
        if order is not None and not order[0]:
            problems.append("Укажите номер приказа или снимите отметку «Сформировать приказ».")
        elif order is not None and self._numbers is not None:
            taken = self._numbers.problem(*order)
            if taken:
                problems.append(taken)
        return problems


def summary_html(session: MatchingSession, meeting: GroupMeeting | None) -> str:
    """What «Готово» will save, for the summary page."""
    esc = html.escape
    kept = session.kept()
    per_mentor = Counter(p.mentor_profile_id for p in kept)
    groups = sum(1 for n in per_mentor.values() if n > 1)
    pairs = len(per_mentor) - groups
    by_form = Counter(p.form_name for p in kept)
    forms = "".join(f"<li>{esc(name)}: "
                    f"{count_phrase(n, 'наставляемый', 'наставляемых', 'наставляемых')}</li>"
                    for name, n in sorted(by_form.items()))
    in_groups = sum(n for n in per_mentor.values() if n > 1)
    result = session.result
    parts = [
        f"<h3>Будет создано: {count_phrase(pairs, 'пара', 'пары', 'пар')} и "
        f"{count_phrase(groups, 'группа', 'группы', 'групп')}</h3>",
        f"<p>Наставляемых получат наставника: {len(kept)}"
        + (f" (из них в группах: {in_groups})" if in_groups else "") + ".</p>",
        f"<ul>{forms}</ul>" if forms else "",
    ]
    by_hand = sum(1 for p in kept if p.fixed_by_hand)
    if by_hand:
        parts.append(f"<p>Наставник выбран вручную: {by_hand}.</p>")
    if session.rejected:
        parts.append(f"<p>Отклонённые пары не будут созданы: {len(session.rejected)}."
                     "</p>")
    unmatched = (len(result.unmatched) if result else 0) + len(session.rejected)
    if unmatched:
        parts.append(f"<p>Останутся без наставника: {unmatched} — им можно подобрать "
                     "наставника позже на доске «Пары и группы».</p>")
    if meeting is not None:
        parts.append(f"<h3>Групповая встреча</h3><p>{meeting.held_on:%d.%m.%Y}, пришли: "
                     f"{meeting.attended_count}.</p>")
    return "".join(parts)

