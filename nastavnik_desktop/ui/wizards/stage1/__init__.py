"""Stage 1 «Подготовка условий для запуска программы» as a wizard over services/stages/stage1.py.

The wizard loads what the school already holds (`stage1_defaults`), lets the curator go through
six pages — each says in words what is still missing — and on «Готово» saves everything with one
`complete_stage1` call. Staff added on the team page exist only in the wizard until then, so
«Отмена» leaves the database as it was. `ask_start_next_year` opens the next school year.
"""

from nastavnik_desktop.ui.wizards.stage1.plans import FormsPage
from nastavnik_desktop.ui.wizards.stage1.team import TeamPage
from nastavnik_desktop.ui.wizards.stage1.wizard import Stage1Wizard

__all__ = ["FormsPage", "Stage1Wizard", "TeamPage"]
