"""Stage 2 «Формирование базы наставляемых» as a wizard over services/stages/stage2.py.

Four pages: the informing events; picking pupils and young specialists into the mentee base;
requests and consents of everyone in the base (a table with a side editor, and changes applied
to all selected rows at once — a base has hundreds of people); the result, read with the
stages' own rules from what «Готово» will save. Nothing is written before «Готово», which calls
`complete_stage2` once.

The picker of people, the base panel and the row models it shares with the stage 3 wizard live
in ui/widgets and ui/models.
"""

from nastavnik_desktop.ui.wizards.stage2.wizard import Stage2Wizard, open_stage2_wizard

__all__ = ["Stage2Wizard", "open_stage2_wizard"]
