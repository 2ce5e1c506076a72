"""Stage 5 «Формирование наставнических пар/групп» as a wizard over a matching session.

The curator chooses the forms, the goal and the weights of the criteria; the matching runs in a
worker thread (scipy releases the GIL, the window stays alive) and its proposals come back with
their reasons. Each proposal is accepted by default; a rejected one becomes a forbidden pair and
«Подобрать заново» places its mentee again while the accepted pairs stay fixed; «Заменить
наставника…» offers the other mentors, best score first. Those decisions are kept by
`services.matching.session.MatchingSession`: the match page only shows it and passes the clicks
on. The group meeting of the stage can be recorded on the way. «Готово» creates the accepted
pairs and groups and the meeting in one transaction, then issues the order fixing them and opens
it in the print preview. «Отмена» changes nothing.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import sys
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QDate,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.services import documents as documents_service
from nastavnik_desktop.services.documents import IssuedDocumentInfo
from nastavnik_desktop.services.matching import run as match_run
from nastavnik_desktop.services.matching.apply import AppliedMatching, GroupMeeting
from nastavnik_desktop.services.matching.criteria import Criterion
from nastavnik_desktop.services.matching.run import (
    FormCount,
    Matched,
    MatchResult,
    MentorSuggestion,
    Proposal,
)
from nastavnik_desktop.services.matching.scoring import (
    DEFAULT_MUST_HAVE,
    DEFAULT_WEIGHTS,
    MAX_WEIGHT,
    Explanation,
    MatchInstance,
    MatchSettings,
    short_explanation,
)
from nastavnik_desktop.services.matching.session import MatchingSession, PlannedRun
from nastavnik_desktop.services.matching.solver import Objective
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs.print_preview import PrintPreviewDialog
from nastavnik_desktop.ui.models.documents_model import display_title
from nastavnik_desktop.ui.models.table import HeadedTableModel
from nastavnik_desktop.ui.tasks import BackgroundTask
from nastavnik_desktop.ui.wizards.pages import ChecklistPage

WIZARD_TITLE = "Этап 5. Формирование наставнических пар и групп"
WIZARD_SIZE = (1100, 720)
DATE_FORMAT = "dd.MM.yyyy"
ORDER_KIND = "order_pairs"

OBJECTIVES: tuple[tuple[Objective, str, str], ...] = (
    ("score", "Максимальная сумма оценок",
     "Самые удачные пары; наставляемый остаётся без пары, только если ему нет разрешённой."),
    ("coverage", "Охватить как можно больше наставляемых",
     "Сначала — чтобы наставника получило как можно больше наставляемых, затем — лучшая "
     "сумма оценок."),
)

CRITERION_HINTS: Mapping[Criterion, str] = {
    Criterion.REQUESTS: "Наставник готов работать с запросами наставляемого — из списка "
                        "запросов и по словам описания запроса.",
    Criterion.INTERESTS: "Общие интересы по анкетам наставника и наставляемого.",
    Criterion.AGE: "Возраст наставляемого в пределах, которые указал наставник.",
    Criterion.FORM_RULES: "«Ученик – ученик»: наставник из более старшего класса. «Учитель – "
                          "учитель»: у наставника больше стаж, молодой специалист — в приоритете.",
    Criterion.TIME: "У наставника указан ресурс времени на работу с наставляемым.",
    Criterion.OTHER_CLASS: "Наставник и наставляемый учатся в разных классах.",
}
MUST_HAVE_HINT = ("Пары, которые не выполняют этот критерий, не предлагаются. Если данных нет, "
                  "критерий пару не запрещает.")

ACCEPTED, REJECTED, BY_HAND = "принята", "отклонена", "вручную"

_Index = QModelIndex | QPersistentModelIndex
_T = TypeVar("_T")

SortRole = Qt.ItemDataRole.UserRole + 1
KeyRole = Qt.ItemDataRole.UserRole + 2


def _score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}".replace(".", ",")


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def _date_edit(day: dt.date, latest: dt.date) -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setMaximumDate(_qdate(latest))
    edit.setDate(_qdate(day))
    return edit


def explanation_html(explanation: Explanation, heading: str) -> str:
    """The reasons of a score, criterion by criterion, for the detail pane."""
    esc = html.escape
    rows = []
    for result in explanation.results:
        weight = f"вес {result.weight}" + (", обязательный" if result.must_have else "")
        rows.append(f"<tr><td>{esc(result.text)}</td>"
                    f"<td style='color:gray; padding-left:16px'>{weight}</td></tr>")
    forbidden = (f"<p><b>Пара запрещена:</b> {esc(explanation.forbidden)}</p>"
                 if explanation.forbidden else "")
    criteria = (f"<table>{''.join(rows)}</table>" if rows
                else "<p>Ни один критерий не учитывается.</p>")
    return (f"<p><b>{esc(heading)}</b> — оценка {_score_text(explanation.score)} из 100</p>"
            f"{forbidden}{criteria}"
            "<p style='color:gray'>✓ — критерий выполнен, ✗ — не выполнен, — — нет данных.</p>")


# --- the base of the pages -----------------------------------------------------------------


class _Stage5Page(ChecklistPage):
    """A page of the stage 5 wizard."""

    def stage5(self) -> Stage5Wizard:
        wizard = self.wizard()
        assert isinstance(wizard, Stage5Wizard)
        return wizard


# --- 1. forms and weights ----------------------------------------------------------------------


class SettingsPage(_Stage5Page):
    def __init__(self, forms: Sequence[FormCount], settings: MatchSettings) -> None:
        super().__init__("Формы и веса",
                         "Отметьте формы наставничества, в которых подбирать пары, цель подбора "
                         "и насколько важен каждый критерий совместимости.")
        self.form_boxes: dict[int, QCheckBox] = {}
        self.objective_buttons: dict[Objective, QRadioButton] = {}
        self.weight_sliders: dict[Criterion, QSlider] = {}
        self.weight_labels: dict[Criterion, QLabel] = {}
        self.must_have_boxes: dict[Criterion, QCheckBox] = {}

        left = QVBoxLayout()
        left.addWidget(self._build_forms(forms))
        left.addWidget(self._build_objective())
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(self._build_criteria())
        right.addStretch(1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.hint)
        self.set_settings(settings)

    def _build_forms(self, forms: Sequence[FormCount]) -> QGroupBox:
        box = QGroupBox("Формы наставничества")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        for row, form in enumerate(forms):
            check = QCheckBox(form.name)
            check.setChecked(form.mentees > 0 and form.places > 0)
            check.setEnabled(form.mentees > 0)
            if not form.in_programme:
                check.setToolTip("Эта форма не выбрана для программы на этапе 1, но в ней есть "
                                 "свободные участники.")
            counts = style.secondary(
                f"наставляемых без пары: {form.mentees}, свободных мест: {form.places}")
            counts.setToolTip("Свободные места — у допущенных наставников этой формы")
            check.toggled.connect(self.changed)
            self.form_boxes[form.form_id] = check
            grid.addWidget(check, row, 0)
            grid.addWidget(counts, row, 1)
        if not forms:
            grid.addWidget(style.secondary("Формы наставничества не выбраны: выберите их на "
                                           "этапе 1."), 0, 0, 1, 2)
        return box

    def _build_objective(self) -> QGroupBox:
        box = QGroupBox("Цель подбора")
        layout = QVBoxLayout(box)
        group = QButtonGroup(self)
        for objective, text, hint in OBJECTIVES:
            button = QRadioButton(text)
            button.setToolTip(hint)
            group.addButton(button)
            self.objective_buttons[objective] = button
            layout.addWidget(button)
            note = style.secondary(hint)
            note.setContentsMargins(22, 0, 0, 4)
            layout.addWidget(note)
        self.objective_buttons["score"].setChecked(True)
        return box

    def _build_criteria(self) -> QGroupBox:
        box = QGroupBox("Критерии совместимости")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(10)
        grid.addWidget(style.secondary("Вес 0 — критерий не влияет на оценку; «обязательно» — "
                                       "пары, которые его не выполняют, не предлагаются."),
                       0, 0, 1, 4)
        for row, criterion in enumerate(Criterion, start=1):
            label = QLabel(criterion.value.capitalize())
            label.setToolTip(CRITERION_HINTS[criterion])
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, MAX_WEIGHT)
            slider.setPageStep(1)
            slider.setTickInterval(1)
            slider.setTickPosition(QSlider.TickPosition.TicksBelow)
            slider.setToolTip(CRITERION_HINTS[criterion])
            slider.setAccessibleName(f"Вес критерия «{criterion.value}»")
            label.setBuddy(slider)
            value = QLabel()
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("10") + 6)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            slider.valueChanged.connect(lambda n, v=value: v.setText(str(n)))
            must = QCheckBox("обязательно")
            must.setToolTip(MUST_HAVE_HINT)
            self.weight_sliders[criterion] = slider
            self.weight_labels[criterion] = value
            self.must_have_boxes[criterion] = must
            grid.addWidget(label, row, 0)
            grid.addWidget(slider, row, 1)
            grid.addWidget(value, row, 2)
            grid.addWidget(must, row, 3)
        self.reset_button = QPushButton("Вернуть по умолчанию")
        self.reset_button.setToolTip("Веса и обязательные критерии, предложенные программой")
        self.reset_button.clicked.connect(self.reset)
        reset_row = QHBoxLayout()
        reset_row.addStretch(1)
        reset_row.addWidget(self.reset_button)
        grid.addLayout(reset_row, len(Criterion) + 1, 0, 1, 4)
        return box

    def set_settings(self, settings: MatchSettings) -> None:
        for criterion in Criterion:
            self.weight_sliders[criterion].setValue(settings.weight(criterion))
            self.weight_labels[criterion].setText(str(settings.weight(criterion)))
            self.must_have_boxes[criterion].setChecked(criterion in settings.must_have)

    def reset(self) -> None:
        self.set_settings(MatchSettings(weights=dict(DEFAULT_WEIGHTS),
                                        must_have=DEFAULT_MUST_HAVE))

    def settings(self) -> MatchSettings:
        return MatchSettings(
            weights={c: s.value() for c, s in self.weight_sliders.items()},
            must_have=frozenset(c for c, box in self.must_have_boxes.items() if box.isChecked()))

    def objective(self) -> Objective:
        return next(o for o, button in self.objective_buttons.items() if button.isChecked())

    def form_ids(self) -> tuple[int, ...]:
        return tuple(form_id for form_id, box in self.form_boxes.items()
                     if box.isChecked() and box.isEnabled())

    def choose_forms(self, form_ids: Collection[int]) -> None:
        for form_id, box in self.form_boxes.items():
            box.setChecked(form_id in form_ids)

    def problems(self) -> list[str]:
        if not self.form_ids():
            return ["Отметьте хотя бы одну форму наставничества, в которой есть наставляемые "
                    "без пары."]
        return []


# --- 2. the matching ---------------------------------------------------------------------------


class ProposalModel(HeadedTableModel):
    """The proposals of the last run, each with the curator's decision."""

    COL_DECISION, COL_MENTOR, COL_MENTEE, COL_CLASS, COL_FORM, COL_SCORE, COL_REASONS = range(7)
    HEADERS = ("Решение", "Наставник", "Наставляемый", "Класс", "Форма", "Оценка",
               "Совпадения")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Proposal] = []
        self._summaries: list[str] = []
        self._rejected: set[int] = set()
        self._group_sizes: Counter[int] = Counter()

    def set_proposals(self, proposals: Sequence[Proposal], rejected: Collection[int]) -> None:
        self.beginResetModel()
        self._rows = list(proposals)
        self._summaries = [short_explanation(p.explanation) for p in proposals]
        self._rejected = set(rejected)
        self._group_sizes = Counter(p.mentor_profile_id for p in proposals)
        self.endResetModel()

    def set_rejected(self, rejected: Collection[int]) -> None:
        self._rejected = set(rejected)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.HEADERS) - 1))

    def proposal_at(self, row: int) -> Proposal:
        return self._rows[row]

    def row_of(self, mentee_profile_id: int) -> int:
        return next((n for n, p in enumerate(self._rows)
                     if p.mentee_profile_id == mentee_profile_id), -1)

    def decision(self, proposal: Proposal) -> str:
        if proposal.mentee_profile_id in self._rejected:
            return REJECTED
        return BY_HAND if proposal.fixed_by_hand else ACCEPTED

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        proposal = self._rows[index.row()]
        column = index.column()
        rejected = proposal.mentee_profile_id in self._rejected
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), proposal, column)
        if role == SortRole:
            if column == self.COL_SCORE:
                return proposal.score
            return self._display(index.row(), proposal, column).casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_MENTOR and self._group_sizes[proposal.mentor_profile_id] > 1:
                n = self._group_sizes[proposal.mentor_profile_id]
                return (f"{proposal.mentor_name}: группа из "
                        f"{count_phrase(n, 'наставляемого', 'наставляемых', 'наставляемых')}")
            if column == self.COL_REASONS:
                return proposal.explanation.text
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and rejected:
            font = QFont()
            font.setStrikeOut(column != self.COL_DECISION)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and rejected:
            return QGuiApplication.palette().color(QPalette.ColorGroup.Disabled,
                                                   QPalette.ColorRole.Text)
        return None

    def _display(self, row: int, proposal: Proposal, column: int) -> str:
        if column == self.COL_DECISION:
            mark = {ACCEPTED: "✓", REJECTED: "✗", BY_HAND: "✎"}[self.decision(proposal)]
            return f"{mark} {self.decision(proposal)}"
        if column == self.COL_MENTOR:
            group = self._group_sizes[proposal.mentor_profile_id]
            return proposal.mentor_name + (f" (группа, {group})" if group > 1 else "")
        return (proposal.mentee_name, proposal.mentee_class, proposal.form_name,
                _score_text(proposal.score), self._summaries[row])[column - self.COL_MENTEE]


RunKey = tuple[tuple[int, ...], Objective, str]
"""What a run depends on: the forms, the objective, the settings (as JSON)."""


class MatchPage(_Stage5Page):
    """Runs the matching and lets the curator accept, reject or re-mentor each proposal."""

    def __init__(self, db: Database, programme_id: int, *, today: dt.date | None = None) -> None:
        super().__init__("Подбор",
                         "Пары подобраны по анкетам. Всё принято по умолчанию: отклоните "
                         "неудачные пары или замените наставника, затем «Подобрать заново» — "
                         "принятые пары останутся, отклонённые больше не будут предложены.")
        self.session = MatchingSession(db, programme_id, today=today)
        self.task: BackgroundTask | None = None
        self._key: RunKey | None = None
        self._running_key: RunKey | None = None
        self._placed_again = ""

        self.status_label = QLabel()
        self.status_label.setObjectName("match_status")
        self.status_label.setWordWrap(True)
        self.rerun_button = QPushButton("Подобрать &заново")
        self.rerun_button.setToolTip("Принятые пары остаются, отклонённые запрещаются, "
                                     "остальные наставляемые подбираются снова")
        self.rerun_button.clicked.connect(self.rerun)
        top = QHBoxLayout()
        top.addWidget(self.status_label, 1)
        top.addWidget(self.rerun_button, 0, Qt.AlignmentFlag.AlignTop)

        self.model = ProposalModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = self._build_table()

        self.accept_button = QPushButton("&Принять")
        self.reject_button = QPushButton("&Отклонить")
        self.replace_button = QPushButton("Заменить &наставника…")
        self.accept_button.setToolTip("Оставить выбранные пары")
        self.reject_button.setToolTip("Не создавать выбранные пары; при повторном подборе "
                                      "они не будут предложены")
        self.replace_button.setToolTip("Выбрать другого допущенного наставника той же формы "
                                       "со свободным местом")
        self.accept_button.clicked.connect(lambda: self.set_rejected(self.selected_ids(), False))
        self.reject_button.clicked.connect(lambda: self.set_rejected(self.selected_ids(), True))
        self.replace_button.clicked.connect(self.choose_replacement)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.replace_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addLayout(buttons)

        self.detail = QTextBrowser()
        self.detail.setObjectName("match_detail")
        self.unmatched_view = QTextBrowser()
        self.unmatched_view.setObjectName("match_unmatched")
        self.loads_view = QTextBrowser()
        self.loads_view.setObjectName("match_loads")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.detail, "Почему такая оценка")
        self.tabs.addTab(self.unmatched_view, "Без наставника")
        self.tabs.addTab(self.loads_view, "Нагрузка наставников")

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(upper)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([330, 170])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.hint)
        self._show()

    @property
    def instance(self) -> MatchInstance | None:
        return self.session.instance

    @property
    def result(self) -> MatchResult | None:
        return self.session.result

    @property
    def rejected(self) -> frozenset[int]:
        """The mentee profiles whose proposal is rejected."""
        return self.session.rejected

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("proposals")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for column, width in ((ProposalModel.COL_DECISION, 92), (ProposalModel.COL_MENTOR, 285),
                              (ProposalModel.COL_MENTEE, 215), (ProposalModel.COL_CLASS, 46),
                              (ProposalModel.COL_FORM, 165), (ProposalModel.COL_SCORE, 60)):
            header.resizeSection(column, width)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        return table

    # --- running ---------------------------------------------------------------------------

    def initializePage(self) -> None:
        if self.task is None and self._settings_key() != self._key:
            self.start(fresh=True)
        super().initializePage()

    def cleanupPage(self) -> None:
        """Going back keeps the proposals and the decisions (a changed weight re-runs)."""

    def _settings_key(self) -> RunKey:
        page = self.stage5().settings_page
        return (page.form_ids(), page.objective(),
                json.dumps(page.settings().to_dict(), sort_keys=True))

    def rerun(self) -> None:
        """«Подобрать заново»: accepted pairs fixed, rejected ones forbidden."""
        self.start(fresh=False)

    def start(self, *, fresh: bool) -> BackgroundTask | None:
        """Run the matching in a worker thread; returns the task (None if one is running)."""
        if self.task is not None:
            return None
        page = self.stage5().settings_page
        planned = self.session.plan(page.settings(), page.objective(), page.form_ids(),
                                    fresh=fresh)
        session = self.session
        self._placed_again = ""
        task = BackgroundTask(lambda progress: session.compute(planned, progress),
                              title=WIZARD_TITLE, label="Подбираются пары…", parent=self)
        task.succeeded.connect(lambda matched, p=planned: self._on_matched(p, matched))
        task.failed.connect(self._on_failed)
        task.cancelled.connect(self._on_cancelled)
        task.finished.connect(self._on_finished)
        self.task = task
        self._running_key = self._settings_key()
        self._show()
        task.start()
        return task

    def _on_matched(self, planned: PlannedRun, matched: object) -> None:
        assert isinstance(matched, Matched)
        report = self.session.adopt(planned, matched)
        self._key = self._running_key
        if report.replaced:
            self._placed_again = (f"Из отклонённых ({report.replaced}) другого наставника "
                                  f"получили: {report.placed_again}.")

    def _on_failed(self, error: object) -> None:
        if isinstance(error, NastavnikError):
            messages.show_error(self, error.message, title="Подбор не выполнен",
                                details=error.details)
        elif isinstance(error, BaseException):
            sys.excepthook(type(error), error, error.__traceback__)

    def _on_cancelled(self) -> None:
        self._placed_again = "Подбор отменён."

    def _on_finished(self) -> None:
        self.task = None
        self._show()
        self.changed()

    def wait_for_task(self) -> None:
        """Block until a run under way ends (the wizard is closing)."""
        if self.task is not None:
            self.task.cancel()
            self.task.wait(60_000)

    # --- the curator's decisions -----------------------------------------------------------

    def kept(self) -> tuple[Proposal, ...]:
        """The proposals accepted (or given another mentor by hand)."""
        return self.session.kept()

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [self.model.proposal_at(self.proxy.mapToSource(index).row()).mentee_profile_id
                for index in rows]

    def select_mentee(self, mentee_profile_id: int) -> bool:
        row = self.model.row_of(mentee_profile_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def set_rejected(self, mentee_ids: Collection[int], rejected: bool) -> None:
        if rejected:
            self.session.reject(mentee_ids)
        else:
            self.session.keep(mentee_ids)
        self.model.set_rejected(self.rejected)
        self._show_status()
        self._on_selection()
        self.changed()

    def replacement_options(self, mentee_profile_id: int) -> tuple[MentorSuggestion, ...]:
        """The other mentors of the form with a place left, counting the kept proposals."""
        return self.session.replacement_options(mentee_profile_id)

    def choose_replacement(self) -> None:
        ids = self.selected_ids()
        proposal = self.session.proposal_of(ids[0]) if len(ids) == 1 else None
        if proposal is None:
            return
        options = self.replacement_options(proposal.mentee_profile_id)
        if not options:
            messages.show_info(self, f"Для наставляемого {proposal.mentee_name} нет другого "
                               "допущенного наставника той же формы со свободным местом, с "
                               "которым пара разрешена.", title="Заменить наставника")
            return
        dialog = MentorChoiceDialog(
            "Заменить наставника",
            f"Наставляемый: {proposal.mentee_name}"
            + (f", {proposal.mentee_class}" if proposal.mentee_class else "")
            + f". Сейчас предложен: {proposal.mentor_name} (оценка "
            f"{_score_text(proposal.score)}).", options, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen() is not None:
            chosen = dialog.chosen()
            assert chosen is not None
            self.replace_mentor(proposal.mentee_profile_id, chosen.mentor_profile_id)

    def replace_mentor(self, mentee_profile_id: int, mentor_profile_id: int) -> None:
        """Give the mentee this mentor by hand; the pair is accepted."""
        if self._call(lambda: self.session.choose_mentor(mentee_profile_id,
                                                         mentor_profile_id)) is None:
            return
        self._show()
        self.select_mentee(mentee_profile_id)
        self.changed()

    def _call(self, action: Callable[[], _T]) -> _T | None:
        try:
            return action()
        except NastavnikError as exc:
            messages.show_error(self, exc.message, details=exc.details)
            return None

    # --- showing ---------------------------------------------------------------------------

    def isComplete(self) -> bool:
        return self.task is None and self.result is not None

    def problems(self) -> list[str]:
        if self.task is None and self.result is None:
            return ["Подбор не выполнен: нажмите «Подобрать заново»."]
        return []

    def _show(self) -> None:
        running = self.task is not None
        result = self.result
        self.model.set_proposals(result.proposals if result else (), self.rejected)
        for widget in (self.table, self.tabs, self.rerun_button):
            widget.setEnabled(not running)
        self.unmatched_view.setHtml(self._unmatched_html())
        self.loads_view.setHtml(self._loads_html())
        unmatched = len(result.unmatched) if result else 0
        self.tabs.setTabText(1, f"Без наставника · {unmatched}")
        self._show_status()
        if result and result.proposals and not running:
            self.table.selectRow(0)
        self._on_selection()

    def _show_status(self) -> None:
        if self.task is not None:
            self.status_label.setText("Идёт подбор пар…")
            return
        result = self.result
        if result is None:
            self.status_label.setText(self._placed_again or "Подбор ещё не выполнен.")
            return
        kept = self.kept()
        report = result.quality
        text = (f"Предложено пар: {len(result.proposals)}, принято: {len(kept)}, отклонено: "
                f"{len(self.rejected)}. Сумма оценок {_score_text(report.total)}, средняя "
                f"{_score_text(report.mean)}, самая низкая {_score_text(report.lowest)}. "
                f"Без наставника: {len(result.unmatched)}.")
        if self._placed_again:
            text += " " + self._placed_again
        if self.rejected:
            text += " Нажмите «Подобрать заново», чтобы подобрать пары отклонённым."
        self.status_label.setText(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ids = self.selected_ids() if self.task is None else []
        self.accept_button.setEnabled(any(i in self.rejected for i in ids))
        self.reject_button.setEnabled(any(i not in self.rejected for i in ids))
        self.replace_button.setEnabled(len(ids) == 1)

    def _on_selection(self) -> None:
        self._update_buttons()
        ids = self.selected_ids()
        if len(ids) != 1 or self.result is None:
            self.detail.setHtml("<p style='color:gray'>Выберите пару в таблице, чтобы увидеть, "
                                "почему у неё такая оценка.</p>")
            return
        proposal = self.session.proposal_of(ids[0])
        assert proposal is not None
        self.detail.setHtml(explanation_html(
            proposal.explanation, f"{proposal.mentor_name} — {proposal.mentee_name}"))

    def _unmatched_html(self) -> str:
        result = self.result
        if result is None or not result.unmatched:
            return "<p>Все наставляемые выбранных форм получили наставника.</p>" \
                if result else ""
        reasons = Counter(u.reason for u in result.unmatched)
        summary = "; ".join(f"{reason} — {n}" for reason, n in reasons.most_common())
        rows = "".join(f"<tr><td>{html.escape(u.mentee_name)}</td>"
                       f"<td style='padding-left:12px'>{html.escape(u.form_name)}</td>"
                       f"<td style='padding-left:12px'>{html.escape(u.reason)}</td></tr>"
                       for u in result.unmatched)
        return (f"<p>Без наставника: {len(result.unmatched)} ({html.escape(summary)}). Им можно "
                "подобрать наставника позже на доске «Пары и группы».</p>"
                f"<table>{rows}</table>")

    def _loads_html(self) -> str:
        if self.instance is None or self.result is None:
            return ""
        report = self.result.quality
        mentors = self.instance.mentors
        rows = []
        for j in sorted((j for j, load in enumerate(report.loads) if load),
                        key=lambda j: mentors[j].name):
            mentor = mentors[j]
            rows.append(f"<tr><td>{html.escape(mentor.name)}</td>"
                        f"<td style='padding-left:12px'>новых: {report.loads[j]}</td>"
                        f"<td style='padding-left:12px'>занято мест: "
                        f"{mentor.load + report.loads[j]} из {mentor.capacity}</td></tr>")
        return (f"<p>Наставников с новыми наставляемыми: {self.result.mentors_used}, "
                f"из них с группой: {self.result.groups}. Свободных мест останется: "
                f"{self.result.places_left}.</p><table>{''.join(rows)}</table>")


# --- choosing a mentor ---------------------------------------------------------------------------


class MentorChoiceDialog(QDialog):
    """The mentors a mentee could have, best score first, with the reasons of each score."""

    COLUMNS = ("Оценка", "Наставник", "Класс", "Свободно мест", "Совпадения")

    def __init__(self, title: str, prompt: str, options: Sequence[MentorSuggestion],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.options = list(options)
        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(self.COLUMNS))
        for option in self.options:
            cells = [QStandardItem(text) for text in (
                _score_text(option.score), option.mentor_name, option.mentor_class,
                str(option.free_places), option.summary)]
            cells[0].setTextAlignment(Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
            cells[4].setToolTip(option.explanation.text)
            for cell in cells:
                cell.setEditable(False)
            self.model.appendRow(cells)
        self.table = QTableView()
        self.table.setObjectName("mentor_choices")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((64, 250, 56, 124)):
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        self.detail = QTextBrowser()
        self.detail.setObjectName("choice_detail")
        self.detail.setMaximumHeight(150)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Выбрать")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        prompt_label = QLabel(prompt)
        prompt_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.resize(860, 440)
        if self.options:
            self.table.selectRow(0)
        self._show_detail()

    def select(self, mentor_profile_id: int) -> bool:
        row = next((n for n, o in enumerate(self.options)
                    if o.mentor_profile_id == mentor_profile_id), -1)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def chosen(self) -> MentorSuggestion | None:
        index = self.table.currentIndex()
        return self.options[index.row()] if index.isValid() else None

    def _show_detail(self) -> None:
        option = self.chosen()
        self.detail.setHtml(explanation_html(option.explanation, option.mentor_name)
                            if option else "")


# --- 3. the group meeting ------------------------------------------------------------------------


class MeetingPage(_Stage5Page):
    def __init__(self, today: dt.date) -> None:
        super().__init__("Групповая встреча",
                         "Если наставники и наставляемые уже собирались на групповую встречу, "
                         "отметьте, кто пришёл: встреча попадёт в мероприятия этапа 5. "
                         "Страницу можно пропустить.")
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
        kept = self.stage5().match_page.kept()
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
        return GroupMeeting(held_on=_pydate(self.held_on.date()), attended_count=self.attended(),
                            notes=self.notes.toPlainText())

    def problems(self) -> list[str]:
        if self.record_box.isChecked() and self.attended() == 0:
            return ["Отметьте, кто пришёл на встречу, или не записывайте её."]
        return []


# --- 4. summary ----------------------------------------------------------------------------------


class SummaryPage(_Stage5Page):
    def __init__(self, today: dt.date) -> None:
        super().__init__("Итог",
                         "Проверьте, что будет сохранено. После «Готово» пары и группы "
                         "появятся на доске «Пары и группы» со статусом «сформирована».")
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
        wizard = self.stage5()
        has_pairs = bool(wizard.match_page.kept())
        self.order_box.setEnabled(has_pairs)
        if not has_pairs:
            self.order_box.setChecked(False)
        self.summary.setHtml(wizard.summary_html())
        super().initializePage()

    def order(self) -> tuple[str, dt.date] | None:
        """The number and date of the order to issue, or None."""
        if not (self.order_box.isEnabled() and self.order_box.isChecked()):
            return None
        return self.order_number.text().strip(), _pydate(self.order_date.date())

    def text(self) -> str:
        return self.summary.toPlainText()

    def problems(self) -> list[str]:
        problems = []
        wizard = self.wizard()
        if isinstance(wizard, Stage5Wizard) and not wizard.match_page.kept() \
                and wizard.meeting_page.meeting() is None:
            problems.append("Нет принятых пар: вернитесь к подбору и примите хотя бы одну.")
        order = self.order()
        if order is not None and not order[0]:
            problems.append("Укажите номер приказа или снимите отметку «Сформировать приказ».")
        return problems


# --- the wizard ----------------------------------------------------------------------------------


class Stage5Wizard(QWizard):
    """After «Готово» `applied` holds what was created, `order` the issued order (or None) and
    `preview` its print preview. `today` is the default date of the meeting and the order."""

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._programme_id = programme_id
        self.applied: AppliedMatching | None = None
        self.order: IssuedDocumentInfo | None = None
        self.preview: PrintPreviewDialog | None = None
        today = today or dt.date.today()

        self.setWindowTitle(WIZARD_TITLE)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, "< &Назад"),
                             (QWizard.WizardButton.NextButton, "&Далее >"),
                             (QWizard.WizardButton.FinishButton, "&Готово"),
                             (QWizard.WizardButton.CancelButton, "Отмена")):
            self.setButtonText(button, text)
        self.resize(*WIZARD_SIZE)
        self.setMinimumSize(900, 620)

        self.settings_page = SettingsPage(match_run.form_counts(db, programme_id),
                                          match_run.load_settings(db))
        self.match_page = MatchPage(db, programme_id, today=today)
        self.meeting_page = MeetingPage(today)
        self.summary_page = SummaryPage(today)
        for page in (self.settings_page, self.match_page, self.meeting_page, self.summary_page):
            self.addPage(page)

    def summary_html(self) -> str:
        esc = html.escape
        kept = self.match_page.kept()
        per_mentor = Counter(p.mentor_profile_id for p in kept)
        groups = sum(1 for n in per_mentor.values() if n > 1)
        pairs = len(per_mentor) - groups
        by_form = Counter(p.form_name for p in kept)
        forms = "".join(f"<li>{esc(name)}: "
                        f"{count_phrase(n, 'наставляемый', 'наставляемых', 'наставляемых')}</li>"
                        for name, n in sorted(by_form.items()))
        in_groups = sum(n for n in per_mentor.values() if n > 1)
        result = self.match_page.result
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
        if self.match_page.rejected:
            parts.append(f"<p>Отклонённые пары не будут созданы: {len(self.match_page.rejected)}."
                         "</p>")
        unmatched = (len(result.unmatched) if result else 0) + len(self.match_page.rejected)
        if unmatched:
            parts.append(f"<p>Останутся без наставника: {unmatched} — им можно подобрать "
                         "наставника позже на доске «Пары и группы».</p>")
        meeting = self.meeting_page.meeting()
        if meeting is not None:
            parts.append(f"<h3>Групповая встреча</h3><p>{meeting.held_on:%d.%m.%Y}, пришли: "
                         f"{meeting.attended_count}.</p>")
        return "".join(parts)

    def accept(self) -> None:
        """«Готово»: the pairs and the meeting in one transaction, then the order."""
        if self.match_page.task is not None:
            return
        if self.match_page.result is None:
            return
        try:
            self.applied = self.match_page.session.apply(meeting=self.meeting_page.meeting())
        except NastavnikError as exc:
            messages.show_error(self, exc.message, title="Не удалось сохранить пары",
                                details=exc.details)
            return
        self._after_apply()
        super().accept()

    def _after_apply(self) -> None:
        """Keep the weights, issue the order: the pairs (and the meeting, which the roadmap's
        checklist reads) are already saved, so a problem here is reported and the wizard
        still closes."""
        try:
            match_run.save_settings(self._db, self.settings_page.settings())
        except NastavnikError as exc:
            messages.show_error(self, exc.message, details=exc.details)
        order = self.summary_page.order()
        if order is not None:
            self.order = self._issue_order(*order)
        if self.order is not None:
            self.preview = PrintPreviewDialog(Path(self.order.file_path),
                                              display_title(self.order), self.parentWidget())
            self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.preview.setWindowModality(Qt.WindowModality.NonModal)
            self.preview.show()

    def _issue_order(self, number: str, day: dt.date) -> IssuedDocumentInfo | None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            out = documents_service.default_output_path(self._db, self._programme_id,
                                                        ORDER_KIND, issued_on=day)
            return documents_service.issue_document(self._db, self._programme_id, ORDER_KIND,
                                                    out, number=number, issued_on=day)
        except NastavnikError as exc:
            messages.show_error(
                self, f"Пары и группы сохранены, но приказ не сформирован: {exc.message} "
                "Сформируйте его на странице «Документы».", title="Приказ не сформирован",
                details=exc.details)
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()

    def reject(self) -> None:
        """Ask before throwing away the decisions; a run under way is waited for."""
        if self.currentId() > 0 and self.isVisible() and not messages.confirm(
                self, "Закрыть мастер? Подобранные пары не будут сохранены.",
                title=WIZARD_TITLE, accept_text="Закрыть", reject_text="Продолжить"):
            return
        self.match_page.wait_for_task()
        super().reject()

    def done(self, result: int) -> None:
        self.match_page.wait_for_task()
        super().done(result)


def run_stage5_wizard(parent: QWidget | None, db: Database, programme_id: int) -> bool:
    """Run the wizard modally; True when the pairs were created."""
    wizard = Stage5Wizard(db, programme_id, parent)
    try:
        return wizard.exec() == QDialog.DialogCode.Accepted
    finally:
        wizard.deleteLater()
