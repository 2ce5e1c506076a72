"""Stage 5, page 2: the matching, run in a worker thread, and the curator's decision on each
proposal (accept, reject, another mentor), kept by the matching session."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter
from collections.abc import Collection

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.matching import exclusions as exclusions_service
from nastavnik_desktop.services.matching.exclusions import REJECTED_REASON
from nastavnik_desktop.services.matching.run import (
    Matched,
    MatchResult,
    MentorSuggestion,
    Proposal,
    Unmatched,
)
from nastavnik_desktop.services.matching.scoring import MatchInstance, why_forbidden
from nastavnik_desktop.services.matching.session import MatchingSession, PlannedRun
from nastavnik_desktop.services.matching.solver import Objective
from nastavnik_desktop.text import ru_plural
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.dialogs.mentor_choice import MentorChoiceDialog, explanation_html
from nastavnik_desktop.ui.models.proposal_model import ProposalModel, SortRole, score_text
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.widgets.tables import keep_column_fitted
from nastavnik_desktop.ui.wizards.pages import ChecklistPage
from nastavnik_desktop.ui.wizards.stage5.settings_page import SettingsPage

RunKey = tuple[tuple[int, ...], Objective, str]
"""What a run depends on: the forms, the objective, the settings (as JSON)."""


class MatchPage(ChecklistPage):
    """Runs the matching and lets the curator accept, reject or re-mentor each proposal."""

    def __init__(self, db: Database, programme_id: int, settings_page: SettingsPage, *,
                 today: dt.date | None = None) -> None:
        super().__init__("Подбор",
                         "Пары подобраны по анкетам. Всё принято по умолчанию: отклоните "
                         "неудачные пары или замените наставника, затем «Подобрать заново» — "
                         "принятые пары останутся, отклонённые больше не будут предложены.")
        self._settings_page = settings_page
        self._db = db
        self._programme_id = programme_id
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
        self.forbid_button = QPushButton("Отклонить и запре&тить…")
        self.forbid_button.setToolTip("Отклонить выбранные пары и запретить их в будущих "
                                      "подборах (запрет хранится в программе, снять его можно "
                                      "на первой странице мастера)")
        self.forbid_button.clicked.connect(lambda: self.forbid_selected())
        self.accept_button.setToolTip("Оставить выбранные пары")
        self.reject_button.setToolTip("Не создавать выбранные пары; при повторном подборе "
                                      "они не будут предложены")
        self.replace_button.setToolTip("Выбрать другого допущенного наставника той же формы "
                                       "со свободным местом")
        self.accept_button.clicked.connect(lambda: self.set_rejected(self.selected_ids(), False))
        self.reject_button.clicked.connect(lambda: self.set_rejected(self.selected_ids(), True))
        self.replace_button.clicked.connect(self.choose_replacement)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.forbid_button,
                       self.replace_button):
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
        keep_column_fitted(table, ProposalModel.COL_MENTOR, least=40, most=48)
        keep_column_fitted(table, ProposalModel.COL_MENTEE, least=30, most=42)
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
        page = self._settings_page
        return (page.form_ids(), page.objective(),
                json.dumps({**page.settings().to_dict(), "rules": page.rules_version},
                           sort_keys=True))

    def rerun(self) -> None:
        """«Подобрать заново»: accepted pairs fixed, rejected ones forbidden."""
        self.start(fresh=False)

    def start(self, *, fresh: bool) -> BackgroundTask | None:
        """Run the matching in a worker thread; returns the task (None if one is running)."""
        if self.task is not None:
            return None
        page = self._settings_page
        planned = self.session.plan(page.settings(), page.objective(), page.form_ids(),
                                    fresh=fresh)
        session = self.session
        self._placed_again = ""
        # compute() only reads the database: safe in the worker; adopt() is on the UI thread
        self.task = run_task(self, lambda progress: session.compute(planned, progress),
                             lambda matched: self._on_matched(planned, matched),
                             title=self.wizard().windowTitle(), label="Подбираются пары…",
                             failure_title="Подбор не выполнен",
                             on_cancelled=self._on_cancelled, on_finished=self._on_finished)
        self._running_key = self._settings_key()
        self._show()
        return self.task

    def _on_matched(self, planned: PlannedRun, matched: Matched) -> None:
        report = self.session.adopt(planned, matched)
        self._key = self._running_key
        if report.replaced:
            self._placed_again = (f"Из отклонённых ({report.replaced}) другого наставника "
                                  f"получили: {report.placed_again}.")

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

    def forbid_selected(self, reason: str = REJECTED_REASON) -> bool:
        """«Отклонить и запретить»: the selected proposals are rejected and their two people
        become an exclusion of the programme, kept for every later run."""
        proposals = [p for p in (self.session.proposal_of(i) for i in self.selected_ids())
                     if p is not None]
        if not proposals:
            return False
        n = len(proposals)
        text = (f"Отклонить пару «{proposals[0].mentor_name} — {proposals[0].mentee_name}» и "
                "запретить её в будущем?" if n == 1 else
                f"Отклонить {n} {ru_plural(n, 'пару', 'пары', 'пар')} и запретить их в будущем?")
        if not messages.confirm(
                self, text + " Программа больше не предложит их ни в этом, ни в следующих "
                "подборах. Снять запрет можно на первой странице мастера или в карточке "
                "человека.", title="Запретить пары", accept_text="Запретить",
                details="\n".join(f"{p.mentor_name} — {p.mentee_name}" for p in proposals)
                if n > 1 else ""):
            return False
        if messages.guarded(self, lambda: exclusions_service.exclude_proposals(
                self._db, self._programme_id,
                [(p.mentee_profile_id, p.mentor_profile_id) for p in proposals],
                reason)) is None:
            return False
        for proposal in proposals:
            self.session.forbid(proposal.mentee_profile_id, proposal.mentor_profile_id)
        self._settings_page.exclusions.reload()
        self.set_rejected([p.mentee_profile_id for p in proposals], True)
        return True

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
            f"{score_text(proposal.score)}).", options, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen() is not None:
            chosen = dialog.chosen()
            assert chosen is not None
            self.replace_mentor(proposal.mentee_profile_id, chosen.mentor_profile_id)

    def replace_mentor(self, mentee_profile_id: int, mentor_profile_id: int) -> None:
        """Give the mentee this mentor by hand; the pair is accepted."""
        if not messages.attempt(self, lambda: self.session.choose_mentor(mentee_profile_id,
                                                                         mentor_profile_id)):
            return
        self._show()
        self.select_mentee(mentee_profile_id)
        self.changed()

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
                f"{len(self.rejected)}. Сумма оценок {score_text(report.total)}, средняя "
                f"{score_text(report.mean)}, самая низкая {score_text(report.lowest)}. "
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
        self.forbid_button.setEnabled(bool(ids))
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
                       f"<td style='padding-left:12px'>{html.escape(u.reason)}</td>"
                       f"<td style='padding-left:12px'>{html.escape(self._why_forbidden(u))}"
                       "</td></tr>"
                       for u in result.unmatched)
        return (f"<p>Без наставника: {len(result.unmatched)} ({html.escape(summary)}). Им можно "
                "подобрать наставника позже на доске «Пары и группы».</p>"
                f"<table>{rows}</table>")

    def _why_forbidden(self, unmatched: Unmatched) -> str:
        """«запрещены пары: запрет куратора — 1, из одного класса — 2» (the hard rules that
        keep this mentee from the mentors of the form)."""
        instance = self.instance
        at = None if instance is None else next(
            (i for i, m in enumerate(instance.mentees)
             if m.profile_id == unmatched.mentee_profile_id), None)
        if instance is None or at is None:
            return ""
        counted = why_forbidden(instance, at)
        return ("запрещены пары: " + ", ".join(f"{kind} — {n}" for kind, n in counted)
                if counted else "")

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

