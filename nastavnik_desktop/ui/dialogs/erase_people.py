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
    paragraphs = [f"Удалить из школы все данные {whom}: {names}?",
                  f"Удаляются: {', '.join(_what_goes(preview))}. Где ФИО записано в тексте "
                  "(журнал изменений, реестр документов, дорожная карта, заметки), оно "
                  f"заменяется на «{erasure.ERASED_TEXT}»."]
    pairs = []
    if preview.pairs_removed:
        removed = count_phrase(preview.pairs_removed, "пара или группа", "пары или группы",
                               "пар или групп")
        pairs.append("Удаляются также пары и группы, где удаляемый — наставник или единственный "
                     f"наставляемый, с их планами и встречами ({removed}); остальные их "
                     "наставляемые вернутся в базу без наставника.")
    if preview.groups_shrunk:
        shrunk = count_phrase(preview.groups_shrunk, "группа", "группы", "групп")
        pairs.append(f"Группы, где есть и другие наставляемые ({shrunk}), продолжат работу "
                     "без удаляемых.")
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


def _what_goes(preview: ErasurePreview) -> list[str]:
    """What is deleted with the people, each number with its noun in the right form."""
    items = ["карточки" if len(preview.people) > 1 else "карточка"]
    if preview.consents:
        items.append(count_phrase(preview.consents, "согласие", "согласия", "согласий")
                     + " на обработку персональных данных")
    if preview.profiles:
        items.append(count_phrase(preview.profiles, "запись", "записи", "записей")
                     + " об участии в программах")
    items.append("ответы на анкеты")
    if preview.certificates:
        items.append(count_phrase(preview.certificates, "выданный сертификат",
                                  "выданных сертификата", "выданных сертификатов"))
    return items


def outcome(result: ErasureResult) -> str:
    text = (f"Данные {count_phrase(result.people, 'человека', 'человек', 'человек')} удалены "
            "из школы. В журнале изменений записано, что данные удалены, без ФИО.")
    if not result.file_rewritten:
        text += (" Записи удалены, но файл базы не удалось переписать заново, и следы "
                 "удалённых данных могут оставаться в нём до следующего удаления. Проверьте, "
                 "что на диске есть свободное место и что база не открыта в другой программе.")
    return text
