"""«Загрузка людей из таблицы»: a wizard over services/importing.

The file dialog comes first; a clean file (one sheet, the columns the list needs recognised)
goes straight to the check page, where «Загрузить» is pressed — three actions from the opener.
Otherwise, and after «Назад», the curator chooses a file and who is in it, the sheet (when
there are several), checks the columns the program recognised and corrects them, sees every
problem by row, says what to do with people already in the base, and loads. Nothing is saved
until «Загрузить»: then one `commit_import` runs in a worker thread with a progress dialog and
«Отмена»; cancelled or failed, the base is exactly as it was and the wizard stays open; loaded,
it closes.
"""

from nastavnik_desktop.ui.wizards.import_people.wizard import ImportWizard, run_import_wizard

__all__ = ["ImportWizard", "run_import_wizard"]
