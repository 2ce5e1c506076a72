"""The pages of the stage 7 wizard: each pair's result, the presentation and the final event,
the best pairs and mentors, who receives what, the cases. Each edits the wizard's state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import AWARD_NOMINATION_LABELS, AwardNomination
from nastavnik_desktop.services.stages.stage7 import (
    FINAL_EVENT,
    RESULTS_PRESENTATION,
    WEIGHTS,
    awards_summary,
)
from nastavnik_desktop.text import capitalised, count_phrase
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.stage7_models import (
    ROLE_MENTEE,
    ROLE_MENTOR,
    AwardsFilter,
    AwardsModel,
    CasesModel,
    MentorRankingModel,
    PairRankingModel,
    RankingModel,
    ResultsFilter,
    ResultsModel,
)
from nastavnik_desktop.ui.widgets.tables import (
    select_source_rows,
    selected_source_rows,
    size_columns,
    table_view,
)
from nastavnik_desktop.ui.wizards.pages import ChecklistPage
from nastavnik_desktop.ui.wizards.stage7.state import NOMINATIONS, Stage7State


def _pairs(n: int) -> str:
    return count_phrase(n, "пара", "пары", "пар")


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _shortcut(widget: QWidget, keys: str, action: Callable[[], object]) -> None:
    shortcut = QShortcut(QKeySequence(keys), widget)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(action)


class ResultsPage(ChecklistPage):
    """Each pair's figures and its result typed in the table; a result for many at once."""

    def __init__(self, state: Stage7State) -> None:
        super().__init__("Итоги пар и групп",
                         "Впишите, чего достигла каждая пара или группа. Рядом — её показатели: "
                         "встречи по журналу, выполнение плана, рост от входной анкеты к "
                         "итоговой и удовлетворённость. При «Готово» пары получат статус "
                         "«завершена».")
        self.state = state
        self.model = ResultsModel(state, self)
        self.proxy = ResultsFilter(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по наставнику или наставляемому")
        self.search.setClearButtonEnabled(True)
        self.form = QComboBox()
        self.form.addItem("Все формы", "")
        for name in sorted({p.form_name for p in state.data.pairs}):
            self.form.addItem(name, name)
        self.empty_only = QCheckBox("только без результата")
        for signal in (self.search.textChanged, self.form.currentIndexChanged,
                       self.empty_only.toggled):
            signal.connect(self._filter)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.form)
        filters.addWidget(self.empty_only)
        self.view = table_view(self.proxy, multi=True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        size_columns(self.view, (17, 22, 18, 7, 6, 6, 7, 15, None))
        self.cohort_text = QLineEdit()
        self.cohort_text.setPlaceholderText("Например: план выполнен, цели достигнуты")
        self.fill = QPushButton("Вписать выбранным")
        self.fill.setToolTip("Записать этот текст результатом всех выделенных строк")
        self.only_empty = QCheckBox("только где пусто")
        self.only_empty.setChecked(True)
        self.fill.clicked.connect(self.fill_selected)
        self.undo = QPushButton("Отменить")
        self.undo.setToolTip("Вернуть результаты, какими они были до последнего изменения "
                             "(Ctrl+Z)")
        self.undo.setEnabled(False)
        self.undo.clicked.connect(self.undo_last)
        _shortcut(self, "Ctrl+Z", self.undo_last)
        cohort = QHBoxLayout()
        cohort.addWidget(QLabel("Для выбранных:"))
        cohort.addWidget(self.cohort_text, 1)
        cohort.addWidget(self.only_empty)
        cohort.addWidget(self.fill)
        cohort.addWidget(self.undo)
        self.count = style.secondary()
        self.count.setWordWrap(False)
        hint = style.secondary("Дважды щёлкните ячейку «Результат работы» или начните печатать. "
                               "Выделите строки (Ctrl, Shift, Ctrl+A), чтобы вписать результат "
                               "сразу многим.")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(cohort)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.count)
        layout.addLayout(bottom)
        layout.addWidget(self.hint)
        self.model.changed.connect(self.changed)
        self._show_count()

    def _filter(self) -> None:
        self.proxy.set_filter(form=self.form.currentData() or "", text=self.search.text(),
                              empty_only=self.empty_only.isChecked())
        self._show_count()

    def fill_selected(self) -> int:
        rows = selected_source_rows(self.view)
        text = self.cohort_text.text()
        if not rows or not text.strip():
            return 0
        return self.model.set_results(rows, text, only_empty=self.only_empty.isChecked())

    def undo_last(self) -> None:
        self.model.undo()

    def changed(self) -> None:
        self._show_count()
        self.undo.setEnabled(bool(self.model.last_results))
        super().changed()

    def _show_count(self) -> None:
        total = len(self.model.rows)
        empty = self.model.without_result()
        self.count.setText(f"С результатом: {total - empty} из {total}")

    def problems(self) -> list[str]:
        if not self.state.data.pairs:
            return ["В программе нет пар и групп в работе: завершать нечего."]
        return []


class EventBox(QGroupBox):
    """One event: recorded or not, its date, place, who came and how many."""

    def __init__(self, title: str, state: Stage7State, kind: str,
                 changed: Callable[[], object]) -> None:
        super().__init__(title)
        self.form_state = state.events[kind]
        self._changed = changed
        self.record = QCheckBox("Записать это мероприятие")
        self.record.setChecked(self.form_state.record)
        self.held_on = QDateEdit()
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("dd.MM.yyyy")
        self.held_on.setDate(_qdate(self.form_state.held_on))
        self.place = QLineEdit(self.form_state.place)
        self.place.setPlaceholderText("Например: актовый зал школы")
        self.audience = QLineEdit(self.form_state.audience)
        self.audience.setPlaceholderText("Например: наставники, наставляемые, родители, "
                                         "администрация")
        self.count = QSpinBox()
        self.count.setRange(0, 100_000)
        self.count.setValue(self.form_state.attended_count)
        self.count.setSpecialValueText("не указано")
        for widget in (self.held_on, self.count):
            widget.setMinimumWidth(widget.fontMetrics().averageCharWidth() * 16)
            widget.setMaximumWidth(widget.fontMetrics().averageCharWidth() * 20)
        form = QFormLayout(self)
        form.addRow(self.record)
        form.addRow("Дата:", self.held_on)
        form.addRow("Место:", self.place)
        form.addRow("Кто пришёл:", self.audience)
        form.addRow("Сколько человек:", self.count)
        for signal in (self.record.toggled, self.held_on.dateChanged, self.place.textChanged,
                       self.audience.textChanged, self.count.valueChanged):
            signal.connect(self._store)
        self._enable()

    def _store(self) -> None:
        held = self.held_on.date().toPython()
        assert isinstance(held, dt.date)
        self.form_state.record = self.record.isChecked()
        self.form_state.held_on = held
        self.form_state.place = self.place.text()
        self.form_state.audience = self.audience.text()
        self.form_state.attended_count = self.count.value()
        self._enable()
        self._changed()

    def _enable(self) -> None:
        for widget in (self.held_on, self.place, self.audience, self.count):
            widget.setEnabled(self.record.isChecked())


class EventsPage(ChecklistPage):
    """The presentation of the pairs' results and the final event of the programme."""

    def __init__(self, state: Stage7State) -> None:
        super().__init__("Презентация и итоговое мероприятие",
                         "Когда и где пары представили результаты, когда прошло итоговое "
                         "мероприятие и кто на нём был. Записанное мероприятие отмечает пункт "
                         "дорожной карты.")
        self.state = state
        self.presentation = EventBox("Презентация результатов работы пар и групп", state,
                                     RESULTS_PRESENTATION, self.changed)
        self.final = EventBox("Итоговое мероприятие программы (награждение)", state,
                              FINAL_EVENT, self.changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.presentation)
        layout.addWidget(self.final)
        layout.addStretch(1)
        layout.addWidget(self.hint)

    def problems(self) -> list[str]:
        problems = []
        for name, form in (("Презентация", self.state.events[RESULTS_PRESENTATION]),
                           ("Итоговое мероприятие", self.state.events[FINAL_EVENT])):
            if form.record and not form.place.strip():
                problems.append(f"{name}: укажите место проведения.")
        return problems


class RankingPanel(QWidget):
    """A ranking with ↑/↓ (Ctrl+↑/↓), «Как предложено» and how many of the first are
    awarded."""

    def __init__(self, model: RankingModel, suggested: list[int], count_label: str,
                 get_count: Callable[[], int], set_count: Callable[[int], object],
                 widths: tuple[int | None, ...]) -> None:
        super().__init__()
        self.model = model
        self._suggested = suggested
        self.view: QTableView = table_view(model, multi=True)
        size_columns(self.view, widths)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragDropOverwriteMode(False)
        self.view.setDropIndicatorShown(True)
        self.up = QPushButton("↑ Выше")
        self.up.setToolTip("Передвинуть выше (Ctrl+↑)")
        self.down = QPushButton("↓ Ниже")
        self.down.setToolTip("Передвинуть ниже (Ctrl+↓)")
        self.reset = QPushButton("Как предложено")
        self.reset.setToolTip("Вернуть порядок по баллу")
        self.up.clicked.connect(lambda: self.move_selected(-1))
        self.down.clicked.connect(lambda: self.move_selected(1))
        self.reset.clicked.connect(lambda: model.restore(self._suggested))
        _shortcut(self, "Ctrl+Up", lambda: self.move_selected(-1))
        _shortcut(self, "Ctrl+Down", lambda: self.move_selected(1))
        self.count = QSpinBox()
        self.count.setRange(0, max(model.row_total(), 0))
        self.count.setValue(get_count())
        self._set_count = set_count
        self.count.valueChanged.connect(self._count_changed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addWidget(self.reset)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(count_label))
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def _count_changed(self, n: int) -> None:
        self._set_count(n)
        self.model.refresh()

    def move_selected(self, step: int) -> None:
        rows = selected_source_rows(self.view)
        if rows:
            select_source_rows(self.view, self.model.move(rows, step))


class BestPage(ChecklistPage):
    """The best pairs and groups and the best mentors: candidates with their figures in the
    suggested order; the curator reorders them and says how many of the first are awarded."""

    def __init__(self, state: Stage7State) -> None:
        growth, satisfaction, plan, meetings = (int(w) for w in WEIGHTS)
        super().__init__("Лучшие пары и наставники",
                         "Кандидаты упорядочены по баллу из 10: рост от входной анкеты к "
                         f"итоговой ({growth}), удовлетворённость ({satisfaction}), выполнение "
                         f"плана ({plan}) и встречи ({meetings}). Передвиньте строки, если "
                         "считаете иначе (мышью или Ctrl+↑/↓); награждаются первые в списке.")
        self.state = state
        self.pairs = PairRankingModel(state, self)
        self.mentors = MentorRankingModel(state, self)
        self.pairs_panel = RankingPanel(
            self.pairs, list(state.data.ranked_pairs), "Наградить первых:",
            lambda: state.best_pairs_count, self._set_pairs,
            (4, 9, 17, None, 16, 7, 6, 6, 7, 6, 9))
        self.mentors_panel = RankingPanel(
            self.mentors, [m.person_id for m in state.data.mentors], "Наградить первых:",
            lambda: state.best_mentors_count, self._set_mentors,
            (4, 9, None, 6, 7, 9, 7, 7, 6, 9))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.pairs_panel, "Лучшие пары и группы")
        self.tabs.addTab(self.mentors_panel, "Лучшие наставники")
        self.total = style.secondary()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.hint)
        self.pairs.moved.connect(self.changed)
        self.mentors.moved.connect(self.changed)

    def _set_pairs(self, n: int) -> None:
        self.state.best_pairs_count = n

    def _set_mentors(self, n: int) -> None:
        self.state.best_mentors_count = n

    def changed(self) -> None:
        self.total.setText(
            f"Грамоты: «Лучшая наставническая пара» — {_pairs(self.state.best_pairs_count)}, "
            "«Лучший наставник» — " + count_phrase(self.state.best_mentors_count, "наставник",
                                                   "наставника", "наставников") + ".")
        super().changed()

    def initializePage(self) -> None:
        self.changed()
        super().initializePage()


class AwardsPage(ChecklistPage):
    """A row a participant, a tick per award; many at once: select rows, pick the award,
    «Выдать» or «Не выдавать»."""

    def __init__(self, state: Stage7State) -> None:
        super().__init__("Кто что получает",
                         "Сертификат участника — всем; грамоты — выбранным лучшим; "
                         "благодарственные письма — наставникам от предприятий и родителям "
                         "наставников-школьников. Измените, если нужно: Пробел в столбце "
                         "награды меняет её для всех выделенных.")
        self.state = state
        self.model = AwardsModel(state, self)
        self.proxy = AwardsFilter(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по фамилии")
        self.search.setClearButtonEnabled(True)
        self.role = QComboBox()
        self.role.addItem("Все участники", "")
        self.role.addItem("Наставники", ROLE_MENTOR)
        self.role.addItem("Наставляемые", ROLE_MENTEE)
        self.search.textChanged.connect(self._filter)
        self.role.currentIndexChanged.connect(self._filter)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.role)
        self.view = table_view(self.proxy, multi=True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        size_columns(self.view, (None, 14, 12, 17, 13, 18, 17))
        header = self.view.horizontalHeader()
        for column in range(AwardsModel.FIRST, self.model.columnCount()):  # whole titles
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(header.sectionSize(column),
                                             header.fontMetrics().horizontalAdvance(title) + 24))
        self.nomination = QComboBox()
        for nomination in NOMINATIONS:
            label = AWARD_NOMINATION_LABELS[nomination]
            self.nomination.addItem(capitalised(label), nomination.value)
        self.give = QPushButton("Выдать")
        self.take = QPushButton("Не выдавать")
        self.give.clicked.connect(lambda: self.apply_selected(True))
        self.take.clicked.connect(lambda: self.apply_selected(False))
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.view)
        space.setContext(Qt.ShortcutContext.WidgetShortcut)
        space.activated.connect(self.toggle_current)
        cohort = QHBoxLayout()
        cohort.addWidget(QLabel("Выделенным:"))
        cohort.addWidget(self.nomination)
        cohort.addWidget(self.give)
        cohort.addWidget(self.take)
        cohort.addStretch(1)
        self.total = style.secondary()
        self.total.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(cohort)
        layout.addWidget(self.total)
        layout.addWidget(self.hint)
        self.model.changed.connect(self.changed)

    def initializePage(self) -> None:
        self.model.reload()  # the best may have been chosen anew
        self.changed()
        super().initializePage()

    def _filter(self) -> None:
        self.proxy.set_filter(role=self.role.currentData() or "", text=self.search.text())

    def toggle_current(self) -> None:
        """Space: the award of the current column for every selected row — given to all of
        them unless all have it."""
        column = self.view.currentIndex().column()
        rows = selected_source_rows(self.view)
        if column < AwardsModel.FIRST or not rows:
            return
        nomination = NOMINATIONS[column - AwardsModel.FIRST]
        self.model.set_award(rows, nomination,
                             not all(self.model.gets(r, nomination) for r in rows))

    def apply_selected(self, on: bool) -> None:
        self.model.set_award(selected_source_rows(self.view),
                             AwardNomination(self.nomination.currentData()), on)

    def changed(self) -> None:
        lines = awards_summary(self.state.awards())
        self.total.setText(("Всего: " + "; ".join(lines) + ".") if lines
                           else "Никто ничего не получает.")
        super().changed()


class CasesPage(ChecklistPage):
    """Pairs whose work becomes a case of the school's collection, with a title each."""

    def __init__(self, state: Stage7State) -> None:
        super().__init__("Кейсы",
                         "Отметьте пары и группы, опыт которых войдёт в сборник лучших практик "
                         "школы, и поправьте название. Проблему, действия, результат, цитаты и "
                         "фотографии можно дописать потом в разделе «Итоги и награды».")
        self.state = state
        self.model = CasesModel(state, self)
        self.view = table_view(self.model, multi=True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        size_columns(self.view, (52, 18, 6, None))
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.view)
        space.setContext(Qt.ShortcutContext.WidgetShortcut)
        space.activated.connect(self.toggle_selected)
        self.best = QPushButton("Отметить лучшие пары")
        self.best.setToolTip("Отметить пары, выбранные лучшими на прошлой странице")
        self.best.clicked.connect(self.tick_best)
        self.none = QPushButton("Снять все отметки")
        self.none.clicked.connect(lambda: self.model.tick(range(len(self.model.rows)), False))
        self.count = style.secondary()
        buttons = QHBoxLayout()
        buttons.addWidget(self.best)
        buttons.addWidget(self.none)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        self.model.changed.connect(self.changed)

    def initializePage(self) -> None:
        self.model.reload()
        self.changed()
        super().initializePage()

    def tick_best(self) -> None:
        best = set(self.state.best_pairs())
        self.model.tick([n for n, p in enumerate(self.model.rows) if p.pair_id in best], True)

    def toggle_selected(self) -> None:
        rows = selected_source_rows(self.view)
        if rows:
            on = any(self.model.rows[r].pair_id not in self.state.cases for r in rows)
            self.model.tick(rows, on)

    def changed(self) -> None:
        self.count.setText(f"Кейсов: {len(self.state.cases)}")
        super().changed()

    def problems(self) -> list[str]:
        if any(not title.strip() for title in self.state.cases.values()):
            return ["У отмеченного кейса нет названия: впишите его в таблицу."]
        return []
