"""The header of the pair card: who is in the pair, its form, its status (which the curator may
set by hand) with the history, the matching score and why, the work in numbers, the notes.

The header shows a `PairCardData` (services/pairs/card.py) and asks for the writes by signals;
the card (`dialog.py`) makes them and records the changes on the undo stack.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import PAIR_STATUS_LABELS, PairStatus
from nastavnik_desktop.services.pairs.board import BOARD_STATUSES
from nastavnik_desktop.services.pairs.card import PairCardData
from nastavnik_desktop.services.pairs.rules import no_meetings_text
from nastavnik_desktop.text import format_date, ru_plural
from nastavnik_desktop.ui import style

FOLLOW_JOURNAL = "Снова по журналу встреч"
NOTES_PLACEHOLDER = ("Договорённости, что обсудить с наставником… Сохраняются сами, когда "
                     "вы переходите к другому полю (Ctrl+S — сразу).")


def _years(age: int | None) -> str:
    return "" if age is None else f"{age} {ru_plural(age, 'год', 'года', 'лет')}"


def _score(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}".replace(".", ",")


class _FocusOut(QObject):
    """Calls `then` when the watched widget loses the keyboard focus."""

    def __init__(self, widget: QWidget, then: object) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and callable(self._then):
            self._then()
        return False


class PairCardHeader(QWidget):
    status_chosen = Signal(object)
    """The curator chose another status in the combo (a PairStatus)."""
    follow_journal_requested = Signal()
    notes_edited = Signal(str)
    """The notes lost the focus (or Ctrl+S) with a text other than the one saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: PairCardData | None = None
        self._notes_saved = ""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        self.title = style.heading("", factor=1.4)
        self.title.setObjectName("pair_card_title")
        outer.addWidget(self.title)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        people, people_layout = style.card()
        self.people_form = QFormLayout()
        self.people_form.setHorizontalSpacing(12)
        self.people_form.setVerticalSpacing(6)
        self.people_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.mentor_label = self._value("mentor_label")
        self.mentees_label = self._value("mentees_label")
        self.form_label = self._value("form_label")
        self.dates_label = self._value("dates_label")
        self.work_label = self._value("work_label")
        for caption, label in (("Наставник", self.mentor_label),
                               ("Наставляемые", self.mentees_label),
                               ("Форма", self.form_label), ("Сроки", self.dates_label),
                               ("Работа", self.work_label)):
            caption_label = style.mute(QLabel(caption))
            caption_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.people_form.addRow(caption_label, label)
        people_layout.addLayout(self.people_form)
        people_layout.addStretch(1)
        columns.addWidget(people, 1)

        status, status_layout = style.card()
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(style.mute(QLabel("Статус")))
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status_combo")
        self.status_combo.setToolTip("Установить статус вручную: журнал встреч перестанет "
                                     "его менять")
        for value in BOARD_STATUSES:
            self.status_combo.addItem(PAIR_STATUS_LABELS[value], value.value)
        self.status_combo.activated.connect(self._on_status_activated)
        row.addWidget(self.status_combo)
        self.follow_button = QPushButton(FOLLOW_JOURNAL)
        self.follow_button.setObjectName("follow_journal_button")
        self.follow_button.setToolTip("Статус снова будет меняться по проведённым встречам")
        self.follow_button.clicked.connect(self.follow_journal_requested)
        row.addWidget(self.follow_button)
        row.addStretch(1)
        status_layout.addLayout(row)
        self.status_note = style.secondary()
        self.status_note.setObjectName("status_note")
        status_layout.addWidget(self.status_note)
        self.history_label = QLabel()
        self.history_label.setObjectName("status_history")
        self.history_label.setTextFormat(Qt.TextFormat.RichText)
        self.history_label.setWordWrap(True)
        status_layout.addWidget(self.history_label)
        self.score_label = QLabel()
        self.score_label.setObjectName("match_score")
        self.score_label.setTextFormat(Qt.TextFormat.RichText)
        self.score_label.setWordWrap(True)
        status_layout.addWidget(self.score_label)
        status_layout.addStretch(1)
        columns.addWidget(status, 1)
        outer.addLayout(columns)

        outer.addWidget(style.mute(QLabel("Заметки куратора")))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("pair_notes")
        self.notes_edit.setPlaceholderText(NOTES_PLACEHOLDER)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 3 + 16)
        _FocusOut(self.notes_edit, self.save_notes)
        outer.addWidget(self.notes_edit)

    def _value(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # --- showing ---------------------------------------------------------------------------

    @property
    def data(self) -> PairCardData | None:
        return self._data

    def show_card(self, data: PairCardData) -> None:
        self._data = data
        kind = "Группа" if data.is_group else "Пара"
        title = data.title or f"{kind} наставника {data.mentor_short_name}"
        self.title.setText(title)
        place = f", {data.mentor_place}" if data.mentor_place else ""
        self.mentor_label.setText(f"<b>{html.escape(data.mentor_name)}</b>{html.escape(place)}")
        lines = []
        for m in data.mentees:
            parts = [p for p in (m.place, _years(m.age)) if p]
            tail = f", {', '.join(parts)}" if parts else ""
            line = f"{html.escape(m.name)}{html.escape(tail)}"
            if m.left_on is not None:
                line = (f"<span style='color:#8a8a8a'>{line} — вышел(а) из пары "
                        f"{format_date(m.left_on)}</span>")
            elif m.joined_on is not None and data.formed_on is not None \
                    and m.joined_on > data.formed_on:
                line += f" <span style='color:#8a8a8a'>(с {format_date(m.joined_on)})</span>"
            lines.append(line)
        self.mentees_label.setText("<br>".join(lines) or "нет наставляемых")
        form = html.escape(data.form_name)
        if data.role_model:
            form += f"; ролевая модель «{html.escape(data.role_model)}»"
        self.form_label.setText(form)
        self.dates_label.setText(self._dates(data))
        self.work_label.setText(self._work(data))

        self.status_combo.setCurrentIndex(self.status_combo.findData(data.status.value))
        self.follow_button.setVisible(data.status_by_curator and data.is_active)
        since = (f" с {format_date(data.status_changed_on)}"
                 if data.status_changed_on else "")
        if data.status_by_curator:
            note = (f"Статус «{data.status_label}»{since} установлен куратором вручную: "
                    "журнал встреч его не меняет.")
        elif data.is_active:
            note = (f"Статус «{data.status_label}»{since}. Меняется сам по проведённым "
                    "встречам; выберите другой, чтобы установить вручную.")
        else:
            note = f"Пара {data.status_label}{since}."
            if data.close_reason:
                note += f" Причина: {data.close_reason}."
        self.status_note.setText(note)
        history = "".join(
            f"<tr><td style='padding-right:10px'>{format_date(s.changed_on)}</td>"
            f"<td style='padding-right:10px'>{html.escape(s.label)}</td>"
            f"<td style='color:#6b6b6b'>{html.escape(s.by_whom)}</td></tr>"
            for s in data.history)
        self.history_label.setText(f"<b>История статуса</b><table>{history}</table>")
        self.score_label.setText(self._score_text(data))
        if self.notes_edit.toPlainText().strip() == self._notes_saved:
            self.notes_edit.setPlainText(data.notes)
        self._notes_saved = data.notes

    @staticmethod
    def _dates(data: PairCardData) -> str:
        text = f"сформирована {format_date(data.formed_on)}" if data.formed_on else "—"
        if data.ended_on:
            word = "расторгнута" if data.status is PairStatus.TERMINATED else "окончила работу"
            text += f"; {word} {format_date(data.ended_on)}"
        return text

    @staticmethod
    def _work(data: PairCardData) -> str:
        meetings = (f"проведено встреч: {data.held_meetings}" if data.held_meetings
                    else no_meetings_text(data.status))
        if data.last_meeting_on:
            meetings += f", последняя {format_date(data.last_meeting_on)}"
        if data.planned_meetings:
            meetings += f"; запланировано: {data.planned_meetings}"
        if data.plan_total:
            plan = f"план: выполнено {data.plan_done} из {data.plan_total}"
            if data.plan_overdue:
                plan += (f", <span style='color:{style.WARNING_COLOUR}'>просрочено: "
                         f"{data.plan_overdue}</span>")
        else:
            plan = "план развития ещё не составлен"
        return f"{meetings}<br>{plan}"

    @staticmethod
    def _score_text(data: PairCardData) -> str:
        if data.match_score is None and not data.explanation:
            return ("<b>Совместимость</b><br>не оценивалась: пара составлена без "
                    "автоматического подбора")
        text = f"<b>Совместимость: {_score(data.match_score)}</b>"
        for line in data.explanation:
            who = f"<i>{html.escape(line.mentee)}</i>: " if line.mentee else ""
            criteria = "; ".join(html.escape(c) for c in line.criteria)
            text += f"<br>{who}{criteria}"
        return text

    # --- the curator's actions -------------------------------------------------------------

    def _on_status_activated(self, index: int) -> None:
        status = PairStatus(self.status_combo.itemData(index))
        if self._data is not None and status is not self._data.status:
            self.status_chosen.emit(status)

    def shown_status(self) -> PairStatus:
        return PairStatus(self.status_combo.currentData())

    def reset_status(self) -> None:
        """Show the status of the data again (a refused or cancelled choice)."""
        if self._data is not None:
            self.status_combo.setCurrentIndex(self.status_combo.findData(self._data.status.value))

    def save_notes(self) -> None:
        text = self.notes_edit.toPlainText().strip()
        if self._data is not None and text != self._notes_saved:
            self._notes_saved = text
            self.notes_edited.emit(text)
