"""Paper for a questionnaire: printable blanks (PDF) and the xlsx template to send to class
teachers (issue 13, point 2). Opened from the questionnaires tab and the rounds tab.

The curator picks whose blanks (the people a round expects, the programme's mentees or mentors,
one class, or one empty blank) and what to make; a save dialog proposes a new file in the
documents folder. The file is written in a worker (a pile of blanks is laid out in a child
process, `reports.process`), then a PDF opens in the print preview and a workbook in the
system's spreadsheet program. Who gets a blank and the data of both files are the service's
(`services.questionnaires.paper`); this dialog only asks and shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services.questionnaires import paper
from nastavnik_desktop.services.questionnaires.paper import (
    PaperChoice,
    PaperOptions,
    PaperPeople,
    PaperResult,
)
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs.print_preview import PrintPreviewDialog
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task

PDF_FILTER = "Документы PDF (*.pdf)"
XLSX_FILTER = "Книги Excel (*.xlsx)"


_shown: set[QDialog] = set()


def _people(n: int) -> str:
    return count_phrase(n, "человек", "человека", "человек")


def open_externally(path: Path) -> bool:
    """Open `path` in the system's program for it (a workbook in Excel or LibreOffice)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def ask_save_path(parent: QWidget, caption: str, proposed: Path, file_filter: str) -> Path | None:
    """The file the curator chose in the save dialog (None when cancelled)."""
    name, _filter = QFileDialog.getSaveFileName(parent, caption, str(proposed), file_filter)
    if not name:
        return None
    path = Path(name)
    suffix = proposed.suffix
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class QuestionnairePaperDialog(QDialog):
    """Whose blanks and what to make (see the module's docstring)."""

    def __init__(self, db: Database, programme_id: int, questionnaire_id: int,
                 options: PaperOptions, *, round_id: int | None = None,
                 parent: QWidget | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self._db = db
        self._programme_id = programme_id
        self._questionnaire_id = questionnaire_id
        self.today = today
        self.options = options
        self.task: BackgroundTask | None = None
        self.preview: PrintPreviewDialog | None = None
        self.written: PaperResult | None = None
        self.setWindowTitle("Бланки и шаблон анкеты")

        self.who = QButtonGroup(self)
        self.round_radio = self._radio("round", "Всем, кого ждёт опрос:")
        self.round_combo = QComboBox()
        self.round_combo.setObjectName("paper_round")
        for found in options.rounds:
            self.round_combo.addItem(f"{found.title} — {_people(found.expected)}", found.id)
        if round_id is not None and (index := self.round_combo.findData(round_id)) >= 0:
            self.round_combo.setCurrentIndex(index)
        self.missing_check = QCheckBox("только тем, кто ещё не ответил")
        self.missing_check.setObjectName("paper_missing_only")
        self.round_combo.currentIndexChanged.connect(self._show_missing)
        self._show_missing()
        self.mentees_radio = self._radio(
            "mentees", f"Наставляемым программы ({_people(options.mentees)})")
        self.mentors_radio = self._radio(
            "mentors", f"Наставникам программы ({_people(options.mentors)})")
        self.class_radio = self._radio("class", "Одному классу:")
        self.class_combo = QComboBox()
        self.class_combo.setObjectName("paper_class")
        for name, count in options.classes:
            self.class_combo.addItem(f"{name} — {_people(count)}", name)
        self.empty_radio = self._radio("empty", "Один пустой бланк (ФИО и класс вписывают от руки)")

        who_box = QGroupBox("Кому")
        grid = QGridLayout(who_box)
        grid.addWidget(self.round_radio, 0, 0)
        grid.addWidget(self.round_combo, 0, 1)
        grid.addWidget(self.missing_check, 1, 1)
        grid.addWidget(self.mentees_radio, 2, 0, 1, 2)
        grid.addWidget(self.mentors_radio, 3, 0, 1, 2)
        grid.addWidget(self.class_radio, 4, 0)
        grid.addWidget(self.class_combo, 4, 1)
        grid.addWidget(self.empty_radio, 5, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.round_radio.setEnabled(bool(options.rounds))
        self.round_combo.setEnabled(bool(options.rounds))
        self.missing_check.toggled.connect(self._missing_toggled)
        self.class_radio.setEnabled(bool(options.classes))
        self.class_combo.setEnabled(bool(options.classes))
        self.round_combo.activated.connect(lambda _i: self.round_radio.setChecked(True))
        self.class_combo.activated.connect(lambda _i: self.class_radio.setChecked(True))
        self._check_default(round_id)

        self.what = QButtonGroup(self)
        self.pdf_radio = QRadioButton("Бланки для печати (PDF) — на каждого свой лист")
        self.pdf_radio.setObjectName("paper_pdf")
        self.xlsx_radio = QRadioButton("Шаблон для рассылки (Excel): строка на человека, "
                                       "столбец на вопрос")
        self.xlsx_radio.setToolTip("Классные руководители вписывают ответы, заполненный "
                                   "файл загружается в программу как выгрузка онлайн-формы")
        self.xlsx_radio.setObjectName("paper_xlsx")
        self.what.addButton(self.pdf_radio)
        self.what.addButton(self.xlsx_radio)
        self.pdf_radio.setChecked(True)
        what_box = QGroupBox("Что сделать")
        what_layout = QVBoxLayout(what_box)
        what_layout.addWidget(self.pdf_radio)
        what_layout.addWidget(self.xlsx_radio)

        buttons, self.ok_button = style.dialog_buttons(self, "Сохранить…")
        layout = QVBoxLayout(self)
        layout.addWidget(style.heading(options.title, factor=1.15))
        layout.addWidget(style.secondary(
            "Вопросы пронумерованы так же, как столбцы таблицы ввода ответов."))
        layout.addWidget(who_box)
        layout.addWidget(what_box)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)

    def _show_missing(self) -> None:
        """«только тем, кто ещё не ответил (N)» for the round chosen."""
        found = next((r for r in self.options.rounds
                      if r.id == self.round_combo.currentData()), None)
        missing = found.missing if found is not None else 0
        self.missing_check.setText(f"только тем, кто ещё не ответил ({_people(missing)})")
        self.missing_check.setEnabled(found is not None)

    def _missing_toggled(self, on: bool) -> None:
        if on:
            self.round_radio.setChecked(True)

    def _radio(self, key: str, text: str) -> QRadioButton:
        radio = QRadioButton(text)
        radio.setObjectName(f"paper_{key}")
        self.who.addButton(radio)
        return radio

    def _check_default(self, round_id: int | None) -> None:
        """The round the dialog was opened for; else the people the questionnaire asks (or
        any with people); else one empty blank."""
        options = self.options
        counts = {PaperPeople.MENTEES: options.mentees, PaperPeople.MENTORS: options.mentors}
        radios = {PaperPeople.MENTEES: self.mentees_radio,
                  PaperPeople.MENTORS: self.mentors_radio}
        if options.rounds and round_id is not None:
            self.round_radio.setChecked(True)
        elif counts.get(options.default):
            radios[options.default].setChecked(True)
        elif options.rounds:
            self.round_radio.setChecked(True)
        elif people := [key for key, count in counts.items() if count]:
            radios[people[0]].setChecked(True)
        else:
            self.empty_radio.setChecked(True)

    # -- the choice -------------------------------------------------------------------------

    def choice(self) -> PaperChoice:
        if self.round_radio.isChecked():
            return PaperChoice(PaperPeople.ROUND, round_id=self.round_combo.currentData(),
                               missing_only=self.missing_check.isChecked())
        if self.mentees_radio.isChecked():
            return PaperChoice(PaperPeople.MENTEES)
        if self.mentors_radio.isChecked():
            return PaperChoice(PaperPeople.MENTORS)
        if self.class_radio.isChecked():
            return PaperChoice(PaperPeople.CLASS, class_name=self.class_combo.currentData())
        return PaperChoice(PaperPeople.EMPTY)

    def makes_pdf(self) -> bool:
        return self.pdf_radio.isChecked()

    # -- writing ----------------------------------------------------------------------------

    def accept(self) -> None:
        """Ask where to save, then write in a worker; the dialog closes once the file is
        there (it stays open when the save dialog is cancelled or the writing fails)."""
        if self.task is not None:
            return
        db, programme_id, questionnaire_id = self._db, self._programme_id, self._questionnaire_id
        choice, pdf = self.choice(), self.makes_pdf()
        extension = ".pdf" if pdf else ".xlsx"
        proposed = messages.guarded(self, lambda: paper.default_paper_path(
            db, programme_id, questionnaire_id, choice, extension=extension,
            today=self.today()))
        if proposed is None:
            return
        caption = "Сохранить бланки анкеты" if pdf else "Сохранить шаблон ответов"
        path = ask_save_path(self, caption, proposed, PDF_FILTER if pdf else XLSX_FILTER)
        if path is None:
            return
        if pdf:
            def work(progress: ProgressCallback) -> PaperResult:
                return paper.write_blanks(db, programme_id, questionnaire_id, choice, path,
                                          progress=progress)
            label = "Формируются бланки…"
        else:
            def work(progress: ProgressCallback) -> PaperResult:
                del progress
                return paper.write_answers_template(db, programme_id, questionnaire_id,
                                                    choice, path)
            label = "Формируется шаблон…"
        self.ok_button.setEnabled(False)
        self.task = run_task(self, work, self._written, title="Бланки и шаблон анкеты",
                             label=label, failure_title="Файл не сохранён",
                             on_finished=self._finished)

    def _finished(self) -> None:
        self.task = None
        self.ok_button.setEnabled(True)

    def _written(self, result: PaperResult) -> None:
        self.written = result
        owner = self.parentWidget()
        if result.path.suffix.lower() == ".pdf":
            preview = PrintPreviewDialog(result.path, f"Бланки — {self.options.title}", owner)
            preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.preview = preview
            _shown.add(preview)  # kept alive without an owner window until it is closed
            preview.finished.connect(lambda _r, p=preview: _shown.discard(p))
            preview.open()
        elif not open_externally(result.path):
            messages.show_info(owner or self, f"Шаблон сохранён: «{result.path}». Откройте его "
                               "в Excel или LibreOffice и разошлите классным руководителям.")
        super().accept()


def open_paper_dialog(parent: QWidget | None, db: Database, programme_id: int, *,
                      questionnaire_id: int, round_id: int | None = None) -> None:
    """Let the curator print the blanks of a questionnaire (for a round's people, or empty) or
    write its xlsx template; runs long work off the UI thread."""
    options = messages.guarded(parent, lambda: paper.paper_options(db, programme_id,
                                                                   questionnaire_id))
    if options is None:
        return
    dialog = QuestionnairePaperDialog(db, programme_id, questionnaire_id, options,
                                      round_id=round_id, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
