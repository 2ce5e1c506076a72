"""Which stage has a wizard and how it is opened: the one seam between the pages and the
wizards, so that neither imports the other.

Each wizard module is imported when its wizard is first opened (start-up time). No wizard
opens over a past year's archive (`Database.read_only`): the curator is told why instead.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from PySide6.QtWidgets import QDialog, QWidget

from nastavnik_desktop.data.db import Database

Finished = Callable[[], object]
WizardLauncher = Callable[[QWidget, Database, int, Finished], object]
"""Opens a stage's wizard over (parent, database, programme id); calls the last argument once
the curator has finished it. Every wizard opens at once and loads its start data in a worker
thread while it shows «Загрузка…» (`StageWizard.load_pages`); one that forms a document after
«Готово» (stage 5's order) calls it once the document is ready."""


ARCHIVE_REFUSAL = ("Программа прошлого учебного года открыта только для просмотра: мастера "
                   "этапов и загрузки в ней не открываются. Чтобы работать, вернитесь к "
                   "текущему учебному году (Файл → Учебный год).")

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _not_in_archive(launch: Callable[_P, _R]) -> Callable[_P, _R | bool]:
    """`launch(parent, db, …)` runs unless `db` is a past year's read-only view (then: the
    reason shown, False returned)."""
    @functools.wraps(launch)
    def guarded(*args: _P.args, **kwargs: _P.kwargs) -> _R | bool:
        parent, db = args[0], args[1]
        if isinstance(db, Database) and db.read_only:
            from nastavnik_desktop.ui import messages

            messages.show_info(parent if isinstance(parent, QWidget) else None,
                               ARCHIVE_REFUSAL, title="Архив — только просмотр")
            return False
        return launch(*args, **kwargs)
    return guarded


@_not_in_archive
def import_staff(parent: QWidget, db: Database) -> bool:
    """The import wizard set to a staff list; True when people were saved."""
    from nastavnik_desktop.services.importing import ImportKind
    from nastavnik_desktop.ui.wizards.import_people import run_import_wizard

    return run_import_wizard(parent, db, ImportKind.STAFF)


def stage1_wizard(parent: QWidget | None, db: Database) -> QDialog:
    """The stage 1 wizard whose team page can load the staff list from a table."""
    from nastavnik_desktop.ui.wizards.stage1 import Stage1Wizard

    return Stage1Wizard(db, parent, import_staff=lambda owner: import_staff(owner, db))


@_not_in_archive
def _open_stage1(parent: QWidget, db: Database, _programme_id: int,
                 on_finished: Finished) -> None:
    wizard = stage1_wizard(parent, db)
    try:
        if wizard.exec() == QDialog.DialogCode.Accepted:
            on_finished()
    finally:
        wizard.deleteLater()


@_not_in_archive
def _open_stage2(parent: QWidget, db: Database, programme_id: int,
                 on_finished: Finished) -> None:
    from nastavnik_desktop.ui.wizards.stage2 import open_stage2_wizard

    open_stage2_wizard(parent, db, programme_id, on_finished)


@_not_in_archive
def _open_stage3(parent: QWidget, db: Database, programme_id: int,
                 on_finished: Finished) -> None:
    from nastavnik_desktop.ui.wizards.stage3 import open_stage3_wizard

    open_stage3_wizard(parent, db, programme_id, on_finished)


@_not_in_archive
def _open_stage4(parent: QWidget, db: Database, programme_id: int,
                 on_finished: Finished) -> None:
    from nastavnik_desktop.ui.wizards.stage4 import Stage4Wizard

    wizard = Stage4Wizard(db, programme_id, parent)
    try:
        if wizard.exec() == QDialog.DialogCode.Accepted:
            on_finished()
    finally:
        wizard.deleteLater()


@_not_in_archive
def run_stage5_wizard(parent: QWidget, db: Database, programme_id: int, *,
                      on_saved: Finished | None = None) -> bool:
    """The stage 5 wizard, run modally; True when the curator finished it. The order it issues
    is formed in a worker after it closed: `on_saved()` comes once that is done too."""
    from nastavnik_desktop.ui.wizards import stage5

    return stage5.run_stage5_wizard(parent, db, programme_id, on_saved=on_saved)


def _open_stage5(parent: QWidget, db: Database, programme_id: int,
                 on_finished: Finished) -> None:
    run_stage5_wizard(parent, db, programme_id, on_saved=on_finished)


@_not_in_archive
def _open_stage6(parent: QWidget, db: Database, programme_id: int,
                 on_finished: Finished) -> None:
    from nastavnik_desktop.ui.wizards.stage6 import open_stage6_wizard

    open_stage6_wizard(parent, db, programme_id, on_finished)


@_not_in_archive
def _open_stage7(parent: QWidget, db: Database, programme_id: int,
                 on_finished: Finished) -> None:
    from nastavnik_desktop.ui.wizards.stage7 import open_stage7_wizard

    open_stage7_wizard(parent, db, programme_id, on_finished)


STAGE_WIZARDS: dict[int, WizardLauncher] = {
    1: _open_stage1,
    2: _open_stage2,
    3: _open_stage3,
    4: _open_stage4,
    5: _open_stage5,
    6: _open_stage6,
    7: _open_stage7,
}


@_not_in_archive
def import_answers(parent: QWidget, db: Database, programme_id: int, *, round_id: int,
                   today: dt.date) -> bool:
    """The wizard loading a round's answers from an online form's export or a filled
    template (the «Опросы» tab opens it); True when answers were saved."""
    from nastavnik_desktop.ui.wizards.answers_import import run_answers_import

    return run_answers_import(parent, db, programme_id, round_id=round_id, today=today)
