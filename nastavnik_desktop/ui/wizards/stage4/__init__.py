"""Stage 4 «Отбор и обучение наставников» as a wizard over services/stages/stage4.py.

One table model holds every candidate of the mentor base with what the curator changes; each
page shows the columns it needs through its own filter: the scores on the eight criteria, the
interview, the «Школа наставников», the decision. Every edit is checked at once by the
service's rule (`check_change`), so a refused step is said in Russian and nothing moves; «Готово»
saves all changes with one `save_stage4` call, «Отмена» leaves the database as it was.
"""

from nastavnik_desktop.ui.wizards.stage4.decision import DecisionPage
from nastavnik_desktop.ui.wizards.stage4.wizard import Stage4Wizard

__all__ = ["DecisionPage", "Stage4Wizard"]
