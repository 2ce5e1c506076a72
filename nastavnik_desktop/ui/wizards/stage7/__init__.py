"""The stage 7 wizard «Завершение программы наставничества»."""

from nastavnik_desktop.ui.wizards.stage7.wizard import (
    WIZARD_TITLE,
    Stage7Wizard,
    open_stage7_wizard,
)

__all__ = ["WIZARD_TITLE", "Stage7Wizard", "open_stage7_wizard"]
