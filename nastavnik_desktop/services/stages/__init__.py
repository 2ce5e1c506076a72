"""The stages of the methodology: each stage's wizard data and its one transaction
(`stage1` … `stage4`), what each stage checks (`checklists`), and the cards and statuses the
roadmap shows (`status`, the one writer of `stage_progress`).

The package exposes the roadmap's API: the stage cards, a manual tick and closing a stage.
"""

from nastavnik_desktop.services.stages.status import (
    STAGE_CARD_TABLES,
    ChecklistItem,
    StageCard,
    close_stage,
    set_tick,
    stage_cards,
)

__all__ = ["STAGE_CARD_TABLES", "ChecklistItem", "StageCard", "close_stage", "set_tick",
           "stage_cards"]
