"""Stage 5 «Формирование наставнических пар/групп» as a wizard over a matching session.

The curator chooses the forms, the goal and the weights of the criteria (`settings_page`); the
matching runs in a worker thread (scipy releases the GIL, the window stays alive) and its
proposals come back with their reasons (`match_page`). Each proposal is accepted by default; a
rejected one becomes a forbidden pair and «Подобрать заново» places its mentee again while the
accepted pairs stay fixed; «Заменить наставника…» offers the other mentors, best score first.
Those decisions are kept by `services.matching.session.MatchingSession`: the match page only
shows it and passes the clicks on. The group meeting of the stage can be recorded on the way
(`final_pages`). «Готово» creates the accepted pairs and groups and the meeting in one
transaction, then issues the order fixing them in a worker and opens it in the print preview
(`wizard`). «Отмена» changes nothing.
"""

from nastavnik_desktop.ui.wizards.stage5.wizard import Stage5Wizard, run_stage5_wizard

__all__ = ["Stage5Wizard", "run_stage5_wizard"]
