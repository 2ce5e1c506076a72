"""A long PDF laid out in a child process (`reports.process`): the same document as in a
thread, progress and «Отмена» (the child is ended, no file left), errors in Russian."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from nastavnik_desktop.errors import NastavnikError, OperationCancelled, ValidationError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.reports.document import DocumentBuilder
from nastavnik_desktop.reports.pairs import PairListRow, pair_list_document
from nastavnik_desktop.reports.process import (
    DIED_MESSAGE,
    FAILED_MESSAGE,
    PdfRecipe,
    run_in_process,
    write_pdf,
)
from nastavnik_desktop.reports.requisites import Organisation
from tests.helpers.pdf import flat_text, need

DAY = dt.date(2025, 10, 1)
ORG = Organisation("Муниципальное бюджетное общеобразовательное учреждение «Школа № 7»",
                   "МБОУ «Школа № 7»")


def pair_list(rows: int) -> PdfRecipe:
    pairs = [PairListRow(form="ученик – ученик", mentor=f"Наставников Пётр {n}",
                         mentor_place="10А", mentees=((f"Учеников Иван {n}", "5Б"),),
                         role_model="успевающий – неуспевающий", formed_on=DAY)
             for n in range(rows)]
    return PdfRecipe(pair_list_document, (ORG, "2025/2026", pairs), {"as_of": DAY},
                     rows=rows)


def refused(*_args: Any, progress: ProgressCallback) -> bytes:
    raise ValidationError("Пар и групп пока нет: сформируйте их на этапе 5.",
                          details="проверка")


def broken(*_args: Any, progress: ProgressCallback) -> bytes:
    name = "Иванов Иван"
    raise KeyError(name)


def dies(*_args: Any, progress: ProgressCallback) -> bytes:
    os._exit(3)


def no_children_left() -> bool:
    return not multiprocessing.active_children()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_pdf_laid_out_in_a_process_reads_as_the_one_laid_out_in_a_thread(
        tmp_path: Path) -> None:
    need("pdftotext")
    recipe = pair_list(120)
    in_thread = write_pdf(recipe, tmp_path / "поток.pdf")
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return True

    in_process = write_pdf(recipe, tmp_path / "процесс.pdf", separate_process=True,
                           progress=progress)
    text = flat_text(in_process)
    assert "Наставников Пётр 119" in text and "Учеников Иван 0" in text
    assert text == flat_text(in_thread)
    assert any(total > 0 and done > 0 for done, total in seen), "the child reports progress"
    assert no_children_left()
    assert leftovers(tmp_path) == ["поток.pdf", "процесс.pdf"]


def test_cancel_ends_the_child_and_leaves_no_file(tmp_path: Path) -> None:
    asked: list[tuple[int, int]] = []

    def cancel_once_started(done: int, total: int) -> bool:
        asked.append((done, total))
        return len(asked) < 3

    target = tmp_path / "базы.pdf"
    with pytest.raises(OperationCancelled):
        write_pdf(pair_list(2000), target, separate_process=True,
                  progress=cancel_once_started)
    assert no_children_left()
    assert leftovers(tmp_path) == []


def test_cancel_in_a_thread_leaves_no_file_either(tmp_path: Path) -> None:
    with pytest.raises(OperationCancelled):
        write_pdf(pair_list(300), tmp_path / "базы.pdf", progress=lambda done, total: False)
    assert leftovers(tmp_path) == []


def test_an_expected_error_in_the_child_comes_back_as_it_was() -> None:
    with pytest.raises(ValidationError) as caught:
        run_in_process(refused, pair_list(1))
    assert caught.value.message == "Пар и групп пока нет: сформируйте их на этапе 5."
    assert caught.value.details == "проверка"
    assert no_children_left()


def test_a_bug_in_the_child_is_told_in_russian_without_the_data() -> None:
    with pytest.raises(NastavnikError) as caught:
        run_in_process(broken)
    assert caught.value.message == FAILED_MESSAGE
    assert "KeyError: '…'" in caught.value.details and "Иванов" not in caught.value.details
    assert no_children_left()


def test_a_child_that_died_is_told_in_russian() -> None:
    with pytest.raises(NastavnikError) as caught:
        run_in_process(dies)
    assert caught.value.message == DIED_MESSAGE.format(code=" (код 3)")
    assert no_children_left()


def test_a_recipe_is_plain_data_for_the_child() -> None:
    import pickle

    recipe = pickle.loads(pickle.dumps(pair_list(2)))
    assert isinstance(recipe.builder(), DocumentBuilder)
