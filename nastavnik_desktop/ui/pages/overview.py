"""«Обзор»: the programme at a glance — stage, the 70 % KPI on its reporting date, people, bases,
pairs — from services.programme; and, when the file holds more than one programme, «По годам»:
every school year side by side (services/years.py), read in a worker after the first paint so
that the start-up stays as it was.

A past year opened from the archive (`db.read_only`) shows the same page as its record: no
«текущий этап», no overdue or silent-pair alarms (nothing can be done about them now), the
roadmap's events left undone named as such; the page has no button that writes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import ProgrammeStatus, StageStatus
from nastavnik_desktop.services import changes
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.services.involvement import NO_DATA, TARGET_PERCENT
from nastavnik_desktop.services.programme import Overview
from nastavnik_desktop.text import format_date, format_number, ru_plural
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.pages.base import Page

if TYPE_CHECKING:  # made after the first paint
    from PySide6.QtGui import QShowEvent

    from nastavnik_desktop.ui.widgets.years_panel import YearsPanel


YEARS_AFTER_SHOW_MS = 150
"""How long after the page is shown «По годам» is read: its first paint is over by then."""
_CARD_COLUMNS = 3
_OVERDUE = "#b3261e"


@dataclass(frozen=True)
class _Figure:
    key: str
    forms: tuple[str, str, str]
    note: str


_FIGURES = (
    _Figure("pupils", ("обучающийся", "обучающихся", "обучающихся"), "в контингенте школы"),
    _Figure("staff", ("сотрудник", "сотрудника", "сотрудников"),
            "педагоги и другие работники школы"),
    _Figure("mentees", ("наставляемый", "наставляемых", "наставляемых"),
            "в базе наставляемых программы"),
    _Figure("mentors", ("наставник", "наставника", "наставников"), ""),
    _Figure("pairs", ("пара", "пары", "пар"), "наставник и один наставляемый"),
    _Figure("groups", ("группа", "группы", "групп"), "наставник и несколько наставляемых"),
)


class _FigureCard(QWidget):
    """A large number with its noun in the right plural form and a note below."""

    def __init__(self, figure: _Figure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure = figure
        frame, layout = style.card(self)
        self.number = QLabel("0")
        self.number.setObjectName(f"count_{figure.key}")
        self.number.setFont(style.scaled_font(self.number.font(), 2.4, bold=True))
        self.caption = QLabel()
        self.caption.setObjectName(f"caption_{figure.key}")
        self.caption.setFont(style.scaled_font(self.caption.font(), 1.1))
        self.note = style.secondary(figure.note)
        self.note.setObjectName(f"note_{figure.key}")
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        layout.addWidget(self.note)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)

    def set_value(self, n: int, note: str | None = None) -> None:
        self.number.setText(format_number(n))
        self.caption.setText(ru_plural(n, *self.figure.forms))
        if note is not None:
            self.note.setText(note)


class OverviewPage(Page):
    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._programme_id = programme_id
        self._today = today or (lambda: dt.date.today())  # read when asked (tests set it)
        self._shown: tuple[int, dt.date] | None = None
        """What the shown figures were read at: the changes counter and the day."""

        content = QWidget()
        layout = style.page_layout(QVBoxLayout(content))
        self.school_label = style.heading("")
        self.school_label.setObjectName("school_name")
        self.year_label = QLabel()
        self.year_label.setObjectName("school_year")
        self.year_label.setFont(style.scaled_font(self.year_label.font(), 1.15))
        self.stage_label = QLabel()
        self.stage_label.setObjectName("current_stage")
        self.stage_label.setWordWrap(True)
        header = QVBoxLayout()
        header.setSpacing(6)
        header.addWidget(self.school_label)
        header.addWidget(self.year_label)
        header.addWidget(self.stage_label)
        layout.addLayout(header)

        kpi_frame, kpi_layout = style.card()
        kpi_layout.addWidget(style.heading("Вовлечённость в наставничество", factor=1.15))
        self.kpi_label = QLabel()
        self.kpi_label.setObjectName("kpi_pupils")
        self.kpi_label.setWordWrap(True)
        self.kpi_label.setFont(style.scaled_font(self.kpi_label.font(), 1.1))
        self.kpi_all_label = style.secondary("")
        self.kpi_all_label.setObjectName("kpi_pupils_and_staff")
        self.kpi_all_label.setWordWrap(True)
        kpi_layout.addWidget(self.kpi_label)
        kpi_layout.addWidget(self.kpi_all_label)
        layout.addWidget(kpi_frame)

        grid = QGridLayout()
        grid.setSpacing(style.SPACING)
        self.cards: dict[str, _FigureCard] = {}
        for index, figure in enumerate(_FIGURES):
            card = _FigureCard(figure)
            self.cards[figure.key] = card
            grid.addWidget(card, index // _CARD_COLUMNS, index % _CARD_COLUMNS)
        for column in range(_CARD_COLUMNS):
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid)

        due_frame, due_layout = style.card()
        self.due_heading = style.heading("Ближайшие мероприятия дорожной карты", factor=1.15)
        due_layout.addWidget(self.due_heading)
        self._due_grid = QGridLayout()
        self._due_grid.setHorizontalSpacing(16)
        self._due_grid.setVerticalSpacing(6)
        self._due_grid.setColumnStretch(1, 1)
        due_layout.addLayout(self._due_grid)
        layout.addWidget(due_frame)

        lower = QHBoxLayout()
        lower.setSpacing(style.SPACING)
        stages_frame, stages_layout = style.card()
        stages_layout.addWidget(style.heading("Этапы программы", factor=1.15))
        self._stages_grid = QGridLayout()
        self._stages_grid.setHorizontalSpacing(12)
        self._stages_grid.setVerticalSpacing(8)
        self._stages_grid.setColumnStretch(1, 1)
        stages_layout.addLayout(self._stages_grid)
        stages_layout.addStretch(1)
        lower.addWidget(stages_frame, 3)

        status_frame, status_layout = style.card()
        status_layout.addWidget(style.heading("Пары и группы по статусам", factor=1.15))
        self._status_grid = QGridLayout()
        self._status_grid.setHorizontalSpacing(24)
        self._status_grid.setVerticalSpacing(8)
        self._status_grid.setColumnStretch(0, 1)
        status_layout.addLayout(self._status_grid)
        self.silent_label = QLabel()
        self.silent_label.setObjectName("silent_pairs")
        self.silent_label.setWordWrap(True)
        style.set_enum_property(self.silent_label, "textFormat", "RichText")
        self.silent_label.linkActivated.connect(lambda _link: self.open_silent_pairs())
        status_layout.addWidget(self.silent_label)
        status_layout.addStretch(1)
        lower.addWidget(status_frame, 2)
        layout.addLayout(lower)
        self.years: YearsPanel | None = None
        """«По годам», made with its first read (`load_years`), after the first paint."""
        self._years_holder = QWidget()
        self._years_box = QVBoxLayout(self._years_holder)
        self._years_box.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._years_holder)
        layout.addStretch(1)
        style.scrolling_page(self, content)

        # The first paint shows the stored stage statuses (the window does not refresh the page
        # it starts on); each visit after that first brings them up to date from the data —
        # a check that loads every model, too slow for start-up.
        self.show_overview(programme_service.overview(self._db, self._programme_id,
                                                      today=self._today()))
        self._years_asked = False

    def showEvent(self, event: QShowEvent) -> None:
        """«По годам» is read a moment after the page is first shown: after its first paint,
        which the start-up figure measures (benchmarks/startup.py)."""
        super().showEvent(event)
        if not self._years_asked:
            self._years_asked = True
            QTimer.singleShot(YEARS_AFTER_SHOW_MS, self, self.load_years)

    def load_years(self) -> None:
        """Read «По годам» (in a worker) unless nothing it shows has changed since."""
        if self.years is None:
            from nastavnik_desktop.ui.widgets.years_panel import YearsPanel

            self.years = YearsPanel(self._db, self._programme_id)
            self.years.setObjectName("years_section")
            self._years_box.addWidget(self.years)
        self.years.load(self._today())

    def refresh(self) -> None:
        """Bring the figures and statuses up to date, unless nothing they are read from has
        changed since the last visit (the same day); «По годам» likewise, in a worker."""
        from nastavnik_desktop.services.stages import STAGE_CARD_TABLES, stage_cards

        self.load_years()
        tables = STAGE_CARD_TABLES | programme_service.OVERVIEW_TABLES
        reading = (changes.generation(self._db, *sorted(tables)), self._today())
        if reading == self._shown:
            return
        cards = stage_cards(self._db, self._programme_id, today=reading[1])
        self.show_overview(programme_service.overview(
            self._db, self._programme_id, today=reading[1],
            statuses={c.stage: c.status for c in cards}))
        self._shown = reading

    def _show_kpi(self, data: Overview) -> None:
        """«Вовлечено в наставничество: 66,0 % обучающихся (528 из 800) на 23.11.2026, цель —
        не менее 70 %», and below: how many pupils the target lacks, the figure of pupils and
        pedagogical staff."""
        on = format_date(data.kpi_on) if data.kpi_on else ""
        pupils, everyone = data.kpi_pupils, data.kpi_pupils_and_staff
        if pupils.percent is None:
            self.kpi_label.setText(f"Вовлечено в наставничество: {NO_DATA} — в школе нет "
                                   f"обучающихся на {on}. Загрузите их: «Файл» → "
                                   "«Загрузить людей из таблицы…».")
        else:
            self.kpi_label.setText(
                f"Вовлечено в наставничество: <b>{pupils.text}</b> обучающихся "
                f"({format_number(pupils.involved)} из {format_number(pupils.population)}) "
                f"на {on}, цель — не менее {TARGET_PERCENT} %.")
        notes = []
        if short := pupils.shortfall():
            lacks = "не хватало" if _is_past(data) else "не хватает"
            notes.append(f"До цели {lacks} {format_number(short)} "
                         f"{ru_plural(short, 'обучающегося', 'обучающихся', 'обучающихся')}.")
        if everyone.population:
            notes.append(f"Обучающихся и педагогических работников: {everyone.text} "
                         f"({format_number(everyone.involved)} из "
                         f"{format_number(everyone.population)}).")
        self.kpi_all_label.setText(" ".join(notes))
        self.kpi_all_label.setVisible(bool(notes))

    def show_overview(self, data: Overview) -> None:
        self.school_label.setText(data.programme.school_name)
        self.year_label.setText(
            f"Программа наставничества на {data.programme.school_year} учебный год")
        current = next(s for s in data.stages if s.stage == data.current_stage)
        if _is_past(data):
            done = sum(s.status is StageStatus.DONE for s in data.stages)
            self.stage_label.setText(f"Программа в архиве: завершено этапов — <b>{done} из "
                                     f"{len(data.stages)}</b>.")
        else:
            self.stage_label.setText(f"Текущий этап: <b>{current.stage} из "
                                     f"{len(data.stages)}</b> — {current.title}")

        self._show_kpi(data)
        values = {"pupils": data.pupils, "staff": data.staff, "mentees": data.mentees,
                  "mentors": data.mentors, "pairs": data.pairs, "groups": data.groups}
        for key, card in self.cards.items():
            card.set_value(values[key])
        self.cards["mentors"].set_value(
            data.mentors, f"допущено к работе: {format_number(data.mentors_admitted)}")
        if _is_past(data):  # the people are counted as the school is now
            self.cards["pupils"].set_value(data.pupils, "в контингенте школы сейчас")
            self.cards["staff"].set_value(data.staff, "работают в школе сейчас")

        _clear(self._stages_grid)
        for row, stage in enumerate(data.stages):
            number = QLabel(f"{stage.stage}.")
            style.set_enum_property(number, "alignment", "AlignRight|AlignTop")
            title = QLabel(stage.title)
            title.setWordWrap(True)
            if stage.stage == data.current_stage:
                for emphasised in (number, title):
                    emphasised.setFont(style.scaled_font(emphasised.font(), 1.0, bold=True))
            chip = style.status_chip(stage.status_label, stage.status)
            chip.setObjectName(f"stage_status_{stage.stage}")
            self._stages_grid.addWidget(number, row, 0)
            self._stages_grid.addWidget(title, row, 1)
            self._stages_grid.addLayout(_at_top(chip), row, 2)

        self._show_due(data)

        _clear(self._status_grid)
        for row, (status, count) in enumerate(data.pairs_by_status):
            name = QLabel(status[:1].upper() + status[1:])
            name.setObjectName(f"pairs_status_name_{row}")
            value = QLabel(format_number(count))
            value.setObjectName(f"pairs_status_count_{row}")
            style.set_enum_property(value, "alignment", "AlignRight|AlignVCenter")
            if count == 0:
                style.mute(name)
                style.mute(value)
            else:
                value.setFont(style.scaled_font(value.font(), 1.0, bold=True))
            self._status_grid.addWidget(name, row, 0)
            self._status_grid.addWidget(value, row, 1)

        self._show_silent(data)

    def _show_silent(self, data: Overview) -> None:
        self.silent_label.setVisible(not _is_past(data))  # nothing to be done about it now
        weeks = ru_plural(data.silent_weeks, "недели", "недель", "недель")
        text = f"Пары без встреч больше {data.silent_weeks} {weeks}: "
        if data.silent_pairs:
            self.silent_label.setText(
                f"{text}<a href='silent' style='color:{_OVERDUE}; font-weight:bold'>"
                f"{format_number(data.silent_pairs)}</a>")
            self.silent_label.setToolTip("Открыть доску «Пары и группы» только с этими парами")
        else:
            self.silent_label.setText(f"{text}нет")
            self.silent_label.setToolTip("")

    def silent_text(self) -> str:
        """The silent-pairs line as shown, without markup (for tests and checks)."""
        return re.sub(r"<[^>]+>", "", self.silent_label.text())

    def open_silent_pairs(self) -> None:
        """Open the board «Пары и группы» showing only the silent pairs (the window's
        `show_section`, duck-typed: pages do not import the window)."""
        show_section = getattr(self.window(), "show_section", None)
        if show_section is None:
            return
        page = show_section("Пары и группы")
        show_silent = getattr(page, "show_silent_only", None)
        if show_silent is not None:
            show_silent()

    def _show_due(self, data: Overview) -> None:
        _clear(self._due_grid)
        if _is_past(data):
            self._show_undone(data)
            return
        heading = "Ближайшие мероприятия дорожной карты"
        if data.overdue:
            heading += f" · <span style='color:{_OVERDUE}'>просрочено: {data.overdue}</span>"
        self.due_heading.setText(heading)
        if not data.next_due:
            self._due_grid.addWidget(style.secondary(
                "Все мероприятия дорожной карты выполнены."), 0, 0, 1, 3)
            return
        for row, item in enumerate(data.next_due):
            when = QLabel(f"{item.due_on:%d.%m.%Y}" if item.due_on else "без срока")
            when.setObjectName(f"due_date_{row}")
            if item.overdue:
                when.setStyleSheet(f"QLabel {{ color: {_OVERDUE}; font-weight: bold; }}")
                when.setToolTip("Срок прошёл, мероприятие не отмечено выполненным")
            title = QLabel(item.title)
            title.setObjectName(f"due_title_{row}")
            title.setWordWrap(True)
            who = style.secondary(f"этап {item.stage}" + (f" · {item.responsible}"
                                                          if item.responsible else ""))
            who.setWordWrap(False)
            for label in (when, who):
                style.set_enum_property(label, "alignment", "AlignLeft|AlignTop")
            self._due_grid.addWidget(when, row, 0)
            self._due_grid.addWidget(title, row, 1)
            self._due_grid.addWidget(who, row, 2)

    def _show_undone(self, data: Overview) -> None:
        """A past year: the roadmap's events left undone, as a record, without alarms."""
        self.due_heading.setText("Дорожная карта")
        if not data.next_due:
            self._due_grid.addWidget(style.secondary(
                "Все мероприятия дорожной карты выполнены."), 0, 0, 1, 3)
            return
        self._due_grid.addWidget(style.secondary(
            "Не отмечены выполненными:"), 0, 0, 1, 3)
        for row, item in enumerate(data.next_due, start=1):
            when = QLabel(f"{item.due_on:%d.%m.%Y}" if item.due_on else "без срока")
            when.setObjectName(f"due_date_{row - 1}")
            title = QLabel(item.title)
            title.setObjectName(f"due_title_{row - 1}")
            title.setWordWrap(True)
            self._due_grid.addWidget(when, row, 0)
            self._due_grid.addWidget(title, row, 1)
            self._due_grid.addWidget(style.secondary(f"этап {item.stage}"), row, 2)

    def due_texts(self) -> list[str]:
        """The upcoming events as shown: «дата — мероприятие» (for tests and checks)."""
        texts = []
        for row in range(self._due_grid.rowCount()):
            when = self.findChild(QLabel, f"due_date_{row}")
            title = self.findChild(QLabel, f"due_title_{row}")
            if when is not None and title is not None and when.isVisibleTo(self):
                texts.append(f"{when.text()} — {title.text()}")
        return texts

    def figure_texts(self) -> dict[str, str]:
        """`{"pairs": "3 пары", …}` as shown on the cards (for tests and checks)."""
        return {key: f"{card.number.text()} {card.caption.text()}"
                for key, card in self.cards.items()}


def _is_past(data: Overview) -> bool:
    """A programme of a past year (opened from the archive, read-only)."""
    return data.programme.status is ProgrammeStatus.ARCHIVED


def _at_top(widget: QWidget) -> QVBoxLayout:
    """`widget` at the top of its grid cell (a cell alignment would name the `Qt` namespace:
    style.set_enum_property)."""
    box = QVBoxLayout()
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(widget)
    box.addStretch(1)
    return box


def _clear(grid: QLayout) -> None:
    while grid.count():
        item = grid.takeAt(0)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif inner is not None:
            _clear(inner)
            inner.deleteLater()
