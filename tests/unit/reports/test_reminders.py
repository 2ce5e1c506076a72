"""The reminder list of a round: the school, the round and its dates, the count, and a numbered
table of who has not answered; a round everyone answered says so instead of an empty table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nastavnik_desktop.reports.reminders import ReminderData, ReminderRow, reminder_document
from tests.helpers.pdf import A4_PORTRAIT, flat_text, need, pdf_info

DATA = ReminderData(
    organisation="МБОУ «Средняя школа № 7»", round_title="Итоговый опрос",
    questionnaire_title="Итоговая анкета наставляемого", dates="с 01.05.2026 по 20.05.2026",
    expected=30,
    rows=(ReminderRow("Алексеева Анна Петровна", "7А", "наставляемый"),
          ReminderRow("Борисов Иван Ильич", "учитель математики", "наставник, наставляемый"),
          ReminderRow("Волкова Ольга Сергеевна", "", "наставляемый")))


def test_the_list_names_the_round_and_numbers_who_has_not_answered(tmp_path: Path) -> None:
    need("pdftotext", "pdfinfo")
    pdf = reminder_document(DATA, as_of=dt.date(2026, 5, 15)).build(tmp_path / "list.pdf")
    text = flat_text(pdf)
    for words in ("МБОУ «Средняя школа № 7»", "Список участников, не заполнивших анкету",
                  "Опрос «Итоговый опрос», с 01.05.2026 по 20.05.2026",
                  "Анкета «Итоговая анкета наставляемого»", "Не ответили: 3 из 30",
                  "по состоянию на 15.05.2026", "№ п/п", "Класс или должность",
                  "1 Алексеева Анна Петровна 7А наставляемый",
                  "2 Борисов Иван Ильич учитель математики наставник, наставляемый",
                  "3 Волкова Ольга Сергеевна — наставляемый"):
        assert words in text
    assert pdf_info(pdf, 1)["Page size"] == A4_PORTRAIT


def test_a_round_everyone_answered_says_so(tmp_path: Path) -> None:
    need("pdftotext")
    data = ReminderData(DATA.organisation, "Анкета обратной связи (01.05.2026)",
                        "Анкета обратной связи", DATA.dates, 2, ())
    pdf = reminder_document(data, as_of=dt.date(2026, 5, 15)).build(tmp_path / "list.pdf")
    text = flat_text(pdf)
    assert "Все участники опроса заполнили анкету." in text
    assert "Не ответили: 0 из 2" in text
    assert "Анкета «" not in text  # the round's title already names the questionnaire
    assert "№ п/п" not in text
