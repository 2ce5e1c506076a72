"""Stage 3 «Формирование базы наставников» as a wizard over services/stages/stage3.py.

Four pages: the internal contour (pupils of older grades, teachers and staff, parents picked
from the school's base); the external contour (alumni, employees of enterprises,
entrepreneurs and public figures, students — typed in or picked); the profile of every mentor
(a table with a side editor); the result. External people typed in exist only in the wizard
until «Готово», which calls `complete_stage3` once, so «Отмена» changes nothing.
"""

from nastavnik_desktop.ui.wizards.stage3.wizard import Stage3Wizard, open_stage3_wizard

__all__ = ["Stage3Wizard", "open_stage3_wizard"]
