"""The template to send: an .xlsx with the questions as columns and the participants as rows,
handed to class teachers (or mailed to the participants) and imported back.

The sheet «Ответы» has «ФИО», «Класс» and one column per question whose header is the
question's text exactly as stored: the answers import maps the columns to the questions by
that text, as it does with a Google or Yandex Forms export. Excel's checks help the person
filling it in: whole numbers 1–10 for a scale item, «да» / «нет» and a single choice from a
drop-down list; a multiple choice is typed with «;» between the choices. The sheet «Как
заполнять» says so in a few lines.

The question DTO (`PaperQuestion`) is shared with the blanks (`reports.questionnaire_blank`);
this module stays free of reportlab.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from nastavnik_desktop.reports.workbook import ColumnCheck, TableSheet, XlsxValue, write_workbook

PaperKind = Literal["scale", "yes_no", "text", "single", "multiple"]

ANSWERS_SHEET = "Ответы"
HOWTO_SHEET = "Как заполнять"
NAME_HEADER = "ФИО"
CLASS_HEADER = "Класс"
YES, NO = "да", "нет"
CHOICE_SEPARATOR = ";"
SPARE_ROWS = 100
"""Rows below the people where the checks apply too: someone missing is added at the end."""

NAME_WIDTH_MM = 65.0
CLASS_WIDTH_MM = 16.0
QUESTION_WIDTH_MM = 40.0
TEXT_QUESTION_WIDTH_MM = 60.0
HOWTO_WIDTH_MM = 280.0

SCALE_MESSAGE = "Оценка — целое число от 1 до 10, где 1 — самый низший балл, а 10 — самый высокий."
YES_NO_MESSAGE = "Впишите «да» или «нет» (или выберите из списка)."
SINGLE_MESSAGE = "Выберите один вариант из списка."


@dataclass(frozen=True)
class PaperQuestion:
    """A question as paper shows it; `number` is its place in the questionnaire (the column
    of the keyboard grid)."""

    number: int
    text: str
    kind: PaperKind
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplatePerson:
    full_name: str
    class_name: str = ""
    """The class of a pupil ("" for an adult)."""


@dataclass(frozen=True)
class AnswersTemplateData:
    title: str
    """The questionnaire's title."""
    organisation: str
    questions: tuple[PaperQuestion, ...]
    people: tuple[TemplatePerson, ...]
    subtitle: str = ""
    """The round («Входная анкета наставляемого (01.10.2025)») or the school year."""


def _width(question: PaperQuestion) -> float:
    return TEXT_QUESTION_WIDTH_MM if question.kind == "text" else QUESTION_WIDTH_MM


def _check(column: int, question: PaperQuestion) -> ColumnCheck | None:
    if question.kind == "scale":
        return ColumnCheck(column, SCALE_MESSAGE, whole=(1, 10))
    if question.kind == "yes_no":
        return ColumnCheck(column, YES_NO_MESSAGE, choices=(YES, NO))
    if question.kind == "single" and question.choices:
        return ColumnCheck(column, SINGLE_MESSAGE, choices=question.choices)
    return None


def howto_lines(data: AnswersTemplateData) -> list[str]:
    """The instructions of the second sheet."""
    kinds = {q.kind for q in data.questions}
    lines = [f"Анкета «{data.title}»", *([data.subtitle] if data.subtitle else []), "",
             "Одна строка — один человек. ФИО и класс уже вписаны; если кого-то нет в списке, "
             "допишите его внизу: ФИО полностью и класс.",
             "Не меняйте заголовки столбцов, их порядок и названия листов: по заголовкам "
             "программа узнаёт вопросы, когда загружает ответы.",
             "Пустая ячейка — нет ответа на вопрос."]
    if "scale" in kinds:
        lines.append("Оценки — целые числа от 1 до 10, где 1 — самый низший балл, "
                     "а 10 — самый высокий.")
    if "yes_no" in kinds:
        lines.append("Вопросы «да или нет»: впишите «да» или «нет».")
    if "single" in kinds:
        lines.append("Вопросы с одним вариантом ответа: выберите вариант из списка в ячейке.")
    if "multiple" in kinds:
        lines.append("Вопросы с несколькими вариантами: впишите выбранные варианты через "
                     "точку с запятой, например «вариант 1; вариант 2». Варианты:")
        lines += [f"  {q.number}. {q.text} — {'; '.join(q.choices)}"
                  for q in data.questions if q.kind == "multiple"]
    if "text" in kinds:
        lines.append("Вопросы со свободным ответом: напишите ответ своими словами.")
    lines += ["", "Заполненный файл верните куратору программы наставничества."]
    return lines


def answers_template_sheets(data: AnswersTemplateData) -> list[TableSheet]:
    headers = [NAME_HEADER, CLASS_HEADER, *(q.text for q in data.questions)]
    rows: list[Sequence[XlsxValue]] = [
        (person.full_name, person.class_name, *([None] * len(data.questions)))
        for person in data.people]
    checks = [check for column, question in enumerate(data.questions, start=2)
              if (check := _check(column, question)) is not None]
    answers = TableSheet(
        name=ANSWERS_SHEET, title="", headers=headers, rows=rows,
        widths_mm=(NAME_WIDTH_MM, CLASS_WIDTH_MM, *(_width(q) for q in data.questions)),
        checks=checks, fill_rows=SPARE_ROWS)
    howto = TableSheet(name=HOWTO_SHEET, title="Как заполнять шаблон ответов", headers=(),
                       rows=(), widths_mm=(HOWTO_WIDTH_MM,), subtitle_lines=howto_lines(data))
    return [answers, howto]


def answers_template(data: AnswersTemplateData, path: Path) -> Path:
    """Write the template of `data` to `path` (atomically)."""
    return write_workbook(answers_template_sheets(data), Path(path))
