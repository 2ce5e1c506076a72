"""«Удалить из школы…»: the one confirmation and background run of erasing people (152-ФЗ).

Used by the bases (a selection, Shift+Del) and by the person card (one person). The question
names how many and who, says what goes with them and that nothing can be undone; «Отмена» is
the default button.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.people import erasure
from nastavnik_desktop.services.people.erasure import ErasurePreview, ErasureResult
from nastavnik_desktop.text import count_phrase, format_number
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task

TITLE = "Удаление данных из школы"
ACCEPT = "Удалить навсегда"
MAX_NAMES = 10


def erase_people(parent: QWidget, db: Database, person_ids: Sequence[int],
                 on_erased: Callable[[ErasureResult], object]) -> BackgroundTask | None:
    """Ask, then erase in the background; `on_erased` gets the result. None when the curator
    declined (or the people are already gone); otherwise the task under way."""
    preview = messages.guarded(parent, lambda: erasure.erasure_preview(db, person_ids))
    if preview is None:
        return None
    everyone = "\n".join(p.short_name for p in preview.people)
    if not messages.confirm(parent, question(preview), title=TITLE, accept_text=ACCEPT,
                            default_accept=False,
                            details=everyone if len(preview.people) > MAX_NAMES else ""):
        return None
    ids = [p.person_id for p in preview.people]

    def done(result: ErasureResult) -> None:
        messages.show_info(parent, outcome(result), title=TITLE)
        on_erased(result)  # last: the card closes itself here

    return run_task(parent, lambda progress: erasure.erase_people(db, ids, progress=progress),
                    done, title=TITLE, label="Удаляются данные…", failure_title=TITLE)


def question(preview: ErasurePreview) -> str:
    people = len(preview.people)
    names = ", ".join(p.short_name for p in preview.people[:MAX_NAMES])
    if people > MAX_NAMES:
        names += (f" и ещё {format_number(people - MAX_NAMES)} (весь список — по кнопке "
                  "«Показать подробности»)")
    whom = count_phrase(people, "человека", "человек", "человек")
    certificates = (f", выданные им сертификаты ({format_number(preview.certificates)})"
                    if preview.certificates else "")
    paragraphs = [f"Удалить из школы все данные {whom}: {names}?",
                  "Удаляются карточки, согласия на обработку персональных данных"
                  f" ({format_number(preview.consents)}), участие в программах всех лет"
                  f" ({format_number(preview.profiles)}), анкеты{certificates}. Где ФИО "
                  "записано в тексте (журнал изменений, реестр документов, дорожная карта, "
                  f"заметки), оно заменяется на «{erasure.ERASED_TEXT}»."]
    pairs = []
    if preview.pairs_removed:
        pairs.append("Удаляются пары и группы, где удаляемый — наставник или единственный "
                     f"наставляемый ({format_number(preview.pairs_removed)}), с их планами и "
                     "встречами; остальные их наставляемые вернутся в базу без наставника.")
    if preview.groups_shrunk:
        pairs.append("Группы, где есть и другие наставляемые "
                     f"({format_number(preview.groups_shrunk)}), продолжат работу без "
                     "удаляемых.")
    if pairs:
        paragraphs.append(" ".join(pairs))
    if preview.curator_of:
        years = ", ".join(preview.curator_of)
        paragraphs.append(f"Среди удаляемых — куратор программы {years}: после удаления "
                          "назначьте нового куратора на этапе 1.")
    paragraphs.append("Отменить удаление нельзя. Уже напечатанные документы и сохранённые "
                      "файлы программа не меняет; резервные копии базы, сделанные раньше, "
                      "хранят эти данные, пока их не заменят новые.")
    return "\n\n".join(paragraphs)


def outcome(result: ErasureResult) -> str:
    text = (f"Данные {count_phrase(result.people, 'человека', 'человек', 'человек')} удалены "
            "из школы. В журнале изменений записано, что данные удалены, без ФИО.")
    if not result.file_rewritten:
        text += (" Записи удалены, но файл базы не удалось переписать заново, и следы "
                 "удалённых данных могут оставаться в нём до следующего удаления. Проверьте, "
                 "что на диске есть свободное место и что база не открыта в другой программе.")
    return text
