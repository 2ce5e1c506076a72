"""The stages of the methodology: each stage's wizard data and its one transaction
(`stage1` … `stage4`), and the checklists and statuses the roadmap shows (`checklists`).

The package exposes the roadmap's API: the stage cards, a manual tick and closing a stage.
"""

from nastavnik_desktop.services.stages.checklists import (
    ChecklistItem,
    StageCard,
    close_stage,
    set_tick,
    stage_cards,
)

__all__ = ["ChecklistItem", "StageCard", "close_stage", "set_tick", "stage_cards"]
