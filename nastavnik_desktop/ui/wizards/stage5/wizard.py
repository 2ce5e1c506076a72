"""The stage 5 wizard: its four pages over one matching session; «Готово» saves the pairs, the
groups and the meeting in one transaction, then the order fixing them is formed in a worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services import documents as documents_service
from nastavnik_desktop.services.documents import IssuedDocumentInfo
from nastavnik_desktop.services.matching import exclusions as exclusions_service
from nastavnik_desktop.services.matching import run as match_run
from nastavnik_desktop.services.matching.apply import AppliedMatching
from nastavnik_desktop.services.matching.exclusions import ExclusionInfo
from nastavnik_desktop.services.matching.run import FormCount
from nastavnik_desktop.services.matching.scoring import MatchSettings
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.dialogs.print_preview import PrintPreviewDialog
from nastavnik_desktop.ui.models.documents_model import display_title
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.wizards.base import StageWizard
from nastavnik_desktop.ui.wizards.stage5.final_pages import MeetingPage, SummaryPage
from nastavnik_desktop.ui.wizards.stage5.match_page import MatchPage
from nastavnik_desktop.ui.wizards.stage5.settings_page import SettingsPage

WIZARD_TITLE = "Этап 5. Формирование наставнических пар и групп"
WIZARD_SIZE = (1100, 720)
ORDER_KIND = "order_pairs"
ORDER_TITLE = "Приказ о закреплении наставнических пар/групп"

Saved = Callable[[], object]


class Stage5Wizard(StageWizard):
    """After «Готово» `applied` holds what was created. The order is then formed in a worker
    (`order_task`), under the wizard's parent window, which outlives the wizard; once it is
    ready `order` holds it and `preview` its print preview (both stay None when there is no
    order). `on_saved()` comes when all of «Готово» is done, the order included. `today` is the
    default date of the meeting and the order."""

    close_question = "Закрыть мастер? Подобранные пары не будут сохранены."
    failure_title = "Не удалось сохранить пары"

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: dt.date | None = None, on_saved: Saved | None = None) -> None:
        super().__init__(WIZARD_TITLE, parent, size=WIZARD_SIZE, minimum=(900, 620))
        self._db = db
        self._programme_id = programme_id
        self._on_saved = on_saved
        self.applied: AppliedMatching | None = None
        self.order: IssuedDocumentInfo | None = None
        self.preview: PrintPreviewDialog | None = None
        self.order_task: BackgroundTask | None = None
        self._today = today or dt.date.today()
        self.load_pages(lambda: (match_run.form_counts(db, programme_id),
                                 match_run.load_settings(db),
                                 exclusions_service.separate_classes(db),
                                 exclusions_service.exclusions(db, programme_id)), self._build)

    def _build(self, start: tuple[list[FormCount], MatchSettings, bool,
                                  list[ExclusionInfo]]) -> None:
        forms, settings, separate_classes, exclusions = start
        today = self._today
        self.settings_page = SettingsPage(forms, settings, db=self._db,
                                          programme_id=self._programme_id,
                                          separate_classes=separate_classes,
                                          exclusions=exclusions)
        self.match_page = MatchPage(self._db, self._programme_id, self.settings_page,
                                    today=today)
        session = self.match_page.session
        self.meeting_page = MeetingPage(session, today)
        self.summary_page = SummaryPage(session, self.meeting_page, today,
                                        numbers=OrderNumbers(self._db, self._programme_id))
        for page in (self.settings_page, self.match_page, self.meeting_page, self.summary_page):
            self.addPage(page)

    def accept(self) -> None:
        """«Готово» only once a run has ended with proposals."""
        if not self.loaded or self.match_page.task is not None \
                or self.match_page.session.final_result() is None:
            return
        super().accept()

    def save(self) -> None:
        """The pairs, the groups and the meeting in one transaction."""
        self.applied = self.match_page.session.apply(
            meeting=self.meeting_page.meeting(), role_models=self.settings_page.role_models())

    def after_save(self) -> None:
        """Keep the weights, issue the order: the pairs (and the meeting, which the roadmap's
        checklist reads) are already saved, so a problem here is reported and the wizard
        still closes."""
        messages.attempt(self, lambda: match_run.save_settings(self._db,
                                                               self.settings_page.settings()))
        order = self.summary_page.order()
        if order is None:
            if self._on_saved is not None:
                self._on_saved()
            return
        number, day = order
        self.order_task = issue_order(self.parentWidget(), self._db, self._programme_id,
                                      number, day, on_issued=self._keep_order,
                                      on_finished=self._on_saved)

    def _keep_order(self, order: IssuedDocumentInfo, preview: PrintPreviewDialog) -> None:
        """Called when the wizard may be gone already: touches no Qt object of its own."""
        self.order = order
        self.preview = preview

    def done(self, result: int) -> None:
        """A run under way is stopped and waited for before the wizard closes."""
        if self.loaded:
            self.match_page.wait_for_task()
        super().done(result)


class OrderNumbers:
    """The register's number for the order on pairs: offered, and checked before «Готово»."""

    def __init__(self, db: Database, programme_id: int) -> None:
        self._db, self._programme_id = db, programme_id

    def proposed(self, day: dt.date) -> str:
        return documents_service.proposed_number(self._db, self._programme_id, "order_pairs", day)

    def problem(self, number: str, day: dt.date) -> str | None:
        return documents_service.number_problem(self._db, self._programme_id, "order_pairs", number,
                                        day)


def issue_order(parent: QWidget | None, db: Database, programme_id: int, number: str,
                day: dt.date, *,
                on_issued: Callable[[IssuedDocumentInfo, PrintPreviewDialog], object],
                on_finished: Saved | None = None) -> BackgroundTask:
    """Form the order fixing the pairs in a worker; its print preview opens over `parent`
    when it is ready, then `on_issued(order, preview)`. A refused order is explained (the
    pairs are saved: it can be formed on the page «Документы»). `on_finished()` comes last
    either way. Without a `parent` the caller keeps the task alive."""

    def work(progress: ProgressCallback) -> IssuedDocumentInfo:
        out = documents_service.default_output_path(db, programme_id, ORDER_KIND,
                                                    issued_on=day)
        return documents_service.issue_document(db, programme_id, ORDER_KIND, out,
                                                number=number, issued_on=day,
                                                separate_process=True, progress=progress)

    def show(order: IssuedDocumentInfo) -> None:
        preview = PrintPreviewDialog(Path(order.file_path), display_title(order), parent)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.setWindowModality(Qt.WindowModality.NonModal)
        preview.show()
        on_issued(order, preview)

    def refused(exc: NastavnikError) -> None:
        messages.show_error(
            parent, f"Пары и группы сохранены, но приказ не сформирован: {exc.message} "
            "Сформируйте его на странице «Документы».", title="Приказ не сформирован",
            details=exc.details)

    # the pairs are saved: the order that fixes them is formed to the end, no «Отмена» (a long
    # appendix is laid out in a child process, so the window keeps painting)
    return run_task(parent, work, show, title=ORDER_TITLE, label="Формируется приказ…",
                    on_known_error=refused,
                    on_finished=on_finished,
                    cancellable=False)


def run_stage5_wizard(parent: QWidget | None, db: Database, programme_id: int, *,
                      on_saved: Saved | None = None) -> bool:
    """Run the wizard modally; True when the pairs were created. `on_saved()` follows once
    the order is formed too (or at once without one)."""
    wizard = Stage5Wizard(db, programme_id, parent, on_saved=on_saved)
    try:
        return wizard.exec() == QDialog.DialogCode.Accepted
    finally:
        wizard.deleteLater()
