"""«Оформление наград»: for each kind of award paper (certificate, грамота, letter) the sheet's
orientation and its background — the designer's picture (PNG or JPEG) or the built-in double
frame — with a one-page sample in the print preview. Opened from the «Награды» tab by
`open_award_design(parent, db, programme_id)`.

Nothing is written until «Сохранить»: then each kind's design is saved through
`services.awards.paper.set_award_design` (a chosen picture is copied into the data folder).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.reports.process import write_pdf
from nastavnik_desktop.services.awards import paper
from nastavnik_desktop.settings import AWARD_PAPER_KINDS
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs.print_preview import PrintPreviewDialog
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task

KIND_TITLES = {"certificate": "Сертификат участника",
               "diploma": "Грамота («Лучший наставник», «Лучшая наставническая пара»)",
               "thanks": "Благодарственное письмо"}
PICTURE_FILTER = "Рисунки (*.png *.jpg *.jpeg)"
BUILT_IN = "встроенное оформление (двойная рамка)"
LANDSCAPE, PORTRAIT = "Альбомная (лист A4 лёжа)", "Книжная (лист A4 стоя)"

_shown: set[QDialog] = set()


@dataclass
class _Choice:
    """What the curator chose for one kind, not yet saved."""

    landscape: bool
    stored: Path | None
    """The background saved before (absolute), None — the built-in design."""
    picked: Path | None = None
    """A picture chosen now, copied on «Сохранить»."""
    cleared: bool = False

    @property
    def background(self) -> Path | None:
        if self.picked is not None:
            return self.picked
        return None if self.cleared else self.stored


def open_award_design(parent: QWidget | None, db: Database, programme_id: int) -> bool:
    """Show the dialog modally; True when the designs were saved."""
    dialog = AwardDesignDialog(db, programme_id, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


class AwardDesignDialog(QDialog):
    """See the module's docstring. Tests drive `set_orientation`, `choose_background`,
    `clear_background`, `show_sample` and `accept` without the file dialog."""

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self._db, self._programme_id, self._today = db, programme_id, today
        self.setWindowTitle("Оформление наград")
        stored = paper.award_designs(db)
        self.choices = {kind: _Choice(stored[kind].landscape,
                                      paper.background_path(db, stored[kind]))
                        for kind in AWARD_PAPER_KINDS}
        self.orientation: dict[str, QComboBox] = {}
        self.background_label: dict[str, QLabel] = {}
        self.clear_button: dict[str, QPushButton] = {}
        self.preview: PrintPreviewDialog | None = None
        self.sample_task: BackgroundTask | None = None
        folder = tempfile.mkdtemp(prefix="nastavnik-award-")
        self._sample_dir = Path(folder)
        self._samples = 0
        self.destroyed.connect(lambda _obj=None: shutil.rmtree(folder, ignore_errors=True))

        layout = QVBoxLayout(self)
        layout.addWidget(style.heading("Оформление наград", factor=1.15))
        layout.addWidget(style.secondary(
            "Фон — рисунок PNG или JPEG от дизайнера размером с лист A4 (если прислали PDF, "
            "сохраните его страницу как PNG). Без фона награда печатается в строгой рамке. "
            "Текст, реквизиты школы и подпись директора печатаются поверх фона."))
        for kind in AWARD_PAPER_KINDS:
            layout.addWidget(self._kind_box(kind))
        buttons, self.ok_button = style.dialog_buttons(self, "Сохранить")
        layout.addWidget(buttons)

    def _kind_box(self, kind: str) -> QGroupBox:
        box = QGroupBox(KIND_TITLES[kind], self)
        grid = QGridLayout(box)
        combo = QComboBox(box)
        combo.addItems([LANDSCAPE, PORTRAIT])
        combo.setCurrentIndex(0 if self.choices[kind].landscape else 1)
        combo.currentIndexChanged.connect(
            lambda index, k=kind: self.set_orientation(k, landscape=index == 0))
        self.orientation[kind] = combo
        label = QLabel(box)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        self.background_label[kind] = label
        choose = QPushButton("Выбрать фон…", box)
        choose.clicked.connect(lambda _checked=False, k=kind: self._ask_background(k))
        clear = QPushButton("Без фона", box)
        clear.clicked.connect(lambda _checked=False, k=kind: self.clear_background(k))
        self.clear_button[kind] = clear
        sample = QPushButton("Образец…", box)
        sample.setToolTip("Один лист с текущим оформлением в окне предварительного просмотра")
        sample.clicked.connect(lambda _checked=False, k=kind: self.show_sample(k))
        grid.addWidget(QLabel("Ориентация:", box), 0, 0)
        grid.addWidget(combo, 0, 1)
        grid.addWidget(QLabel("Фон:", box), 1, 0)
        grid.addWidget(label, 1, 1)
        row = QHBoxLayout()
        for button in (choose, clear, sample):
            row.addWidget(button)
        row.addStretch(1)
        grid.addLayout(row, 2, 1)
        grid.setColumnStretch(1, 1)
        self._show_background(kind)
        return box

    def _show_background(self, kind: str) -> None:
        background = self.choices[kind].background
        self.background_label[kind].setText(background.name if background else BUILT_IN)
        self.clear_button[kind].setEnabled(background is not None)

    # -- the curator's choices ------------------------------------------------------------

    def set_orientation(self, kind: str, *, landscape: bool) -> None:
        self.choices[kind].landscape = landscape
        self.orientation[kind].setCurrentIndex(0 if landscape else 1)

    def _ask_background(self, kind: str) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, f"Фон: {KIND_TITLES[kind].lower()}", str(Path.home()), PICTURE_FILTER)
        if name:
            self.choose_background(kind, Path(name))

    def choose_background(self, kind: str, path: Path) -> bool:
        """Take `path` as the background of `kind` if it is a readable picture (else say why)."""
        if not messages.attempt(self, lambda: paper.check_background_file(path)):
            return False
        choice = self.choices[kind]
        choice.picked, choice.cleared = path, False
        self._show_background(kind)
        return True

    def clear_background(self, kind: str) -> None:
        choice = self.choices[kind]
        choice.picked, choice.cleared = None, True
        self._show_background(kind)

    def show_sample(self, kind: str) -> BackgroundTask:
        """Lay a one-page sample of `kind` as chosen (not yet saved) out in a worker (a
        designer's picture takes a moment to read), then open it in the print preview."""
        choice = self.choices[kind]
        self._samples += 1  # a new file each time: an open preview may still hold the last one
        target = self._sample_dir / f"образец-{kind}-{self._samples}.pdf"
        landscape, background, day = choice.landscape, choice.background, self._today()
        db, programme_id = self._db, self._programme_id

        def build(_progress: ProgressCallback) -> Path:
            recipe = paper.sample_recipe(db, programme_id, kind, landscape=landscape,
                                         background=background, day=day)
            return write_pdf(recipe, target)

        self.sample_task = run_task(self, build, lambda path: self._preview(kind, path),
                                    title="Образец награды", label="Подготовка образца…",
                                    failure_title="Образец не подготовлен")
        return self.sample_task

    def _preview(self, kind: str, path: Path) -> None:
        preview = PrintPreviewDialog(path, f"Образец: {KIND_TITLES[kind].lower()}", self)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview = preview
        _shown.add(preview)
        preview.finished.connect(lambda _r, p=preview: _shown.discard(p))
        preview.open()

    def accept(self) -> None:
        def save() -> None:
            for kind, choice in self.choices.items():
                paper.set_award_design(self._db, kind, landscape=choice.landscape,
                                       background=choice.picked,
                                       keep_background=not choice.cleared
                                       and choice.picked is None)

        if messages.attempt(self, save):
            super().accept()
