"""The stage 6 wizard «Организация работы наставнических пар/групп»."""

from nastavnik_desktop.ui.wizards.stage6.wizard import (
    WIZARD_TITLE,
    Stage6Wizard,
    open_stage6_wizard,
)

__all__ = ["WIZARD_TITLE", "Stage6Wizard", "open_stage6_wizard"]
