"""Step one of an import: read the file, find the columns, check every row — and save nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ImportFileError, ValidationError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services.importing import readers
from nastavnik_desktop.services.importing.duplicates import PeopleIndex
from nastavnik_desktop.services.importing.mapping import ColumnChoice, Mapping, find_mapping
from nastavnik_desktop.services.importing.readers import read_table
from nastavnik_desktop.services.importing.validate import (
    Candidate,
    ImportKind,
    Problem,
    Severity,
    validate_rows,
)
from nastavnik_desktop.services.programme import current_programme
from nastavnik_desktop.text import shorten

_NAME_HEADERS = "«ФИО» (или «Фамилия» и «Имя» отдельно)"


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do: the people found, the problems by row, the columns used."""

    kind: ImportKind
    file_name: str
    sheet: str
    header_row: int
    mapping: Mapping
    candidates: tuple[Candidate, ...]
    problems: tuple[Problem, ...]
    programme_id: int | None = None
    found_mapping: Mapping | None = None
    """The columns as recognised in the file, before the curator's corrections."""
    passed_over: tuple[str, ...] = ()
    """Sheets before `sheet` without a list, when no sheet was named (`read_table`)."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def can_commit(self) -> bool:
        return not self.errors and bool(self.candidates)

    @property
    def already_in_base(self) -> int:
        return sum(1 for c in self.candidates if c.existing_id is not None)

    @property
    def manual_matches(self) -> int:
        """Rows that complete a person typed in by hand instead of adding them again."""
        return sum(1 for c in self.candidates if c.merge_into is not None)

    @property
    def ignored_forbidden(self) -> tuple[str, ...]:
        """Headers of the columns not loaded because such data must not be collected."""
        return tuple(c.header for c in self.mapping.forbidden)

    @property
    def notices(self) -> tuple[str, ...]:
        """File-level remarks for the preview (the per-row ones are in `problems`)."""
        notes = [f"Заголовок таблицы найден в строке {self.header_row}."]
        if self.passed_over:
            listed = ", ".join(f"«{shorten(name)}»" for name in self.passed_over)
            where = "листе" if len(self.passed_over) == 1 else "листах"
            notes.insert(0, f"Список взят с листа «{shorten(self.sheet)}»: на {where} {listed} его "
                            "нет. Другой лист можно указать параметром --sheet.")
        if self.mapping.forbidden:
            listed = ", ".join(f"«{shorten(c.header)}» ({c.forbidden})"
                               for c in self.mapping.forbidden)
            notes.append(f"Не загружены колонки {listed}: такие сведения для программы "
                         "наставничества не собирают. Их значения не прочитаны и не сохранены.")
        if self.mapping.unused:
            listed = ", ".join(f"«{shorten(c.header)}»" for c in self.mapping.unused)
            notes.append(f"Не используются колонки {listed}.")
        return tuple(notes)


def prepare_import(db: Database, path: Path, kind: ImportKind, *, sheet: str | None = None,
                   columns: Iterable[ColumnChoice] = (),
                   today: dt.date | None = None,
                   progress: ProgressCallback | None = None) -> ImportPreview:
    """Read and check a file. Raises ImportFileError for a file that cannot be used at all.

    `columns` corrects the recognised columns (see `Mapping.with_fields`); ValidationError if
    the corrections leave no column with the names. `progress` is told every thousand rows
    read — (rows, 0): the total is not known yet — and then checked — (rows, of all); when
    it answers False the check stops with OperationCancelled (nothing is ever saved here).
    """
    programme_id = None
    if kind in (ImportKind.MENTEES, ImportKind.MENTORS):
        programme = current_programme(db)
        if programme is None:
            raise ValidationError("В базе нет программы наставничества. Сначала создайте "
                                  "программу на учебный год (этап 1), затем загружайте базы.")
        programme_id = programme.id
    table = read_table(Path(path), sheet, progress=progress)
    if not table.rows:
        raise ImportFileError(f"Лист «{table.sheet}» файла «{table.file_name}» пуст. Выберите "
                              "лист со списком людей.")
    mapping = find_mapping(table.rows)
    if mapping is None:
        raise ImportFileError(
            f"На листе «{table.sheet}» файла «{table.file_name}» не найдена строка заголовков "
            f"с колонкой {_NAME_HEADERS}. Добавьте над списком строку с названиями колонок "
            "и повторите.")
    found, mapping = mapping, mapping.with_fields(columns)
    if not mapping.has_name:
        raise ValidationError("Не выбран столбец с именами людей: укажите «ФИО» для столбца "
                              "с фамилией, именем и отчеством или «Фамилия» и «Имя» для "
                              "отдельных столбцов.")
    with db.reading() as session:
        existing = PeopleIndex.load(session)
    result = validate_rows(table.rows, mapping, kind, existing=existing, today=today,
                           progress=progress)
    if result.rows > readers.MAX_PEOPLE:  # the people counted, not the titles above them
        raise readers.too_many_people(table.file_name, result.rows)
    problems = result.problems
    wrong_list = result.wrong_list_problem(kind)
    if wrong_list and kind is ImportKind.STAFF:  # children as staff: refused at once
        raise ImportFileError(f"{wrong_list}. Ничего не загружено.")
    if wrong_list:  # the columns page has already asked for a class: refused at the check
        problems = (Problem(mapping.header_row, wrong_list), *problems)
    if not result.candidates and not result.problems:
        raise ImportFileError(
            f"Под заголовком (строка {mapping.header_row}) на листе «{table.sheet}» нет ни "
            f"одной строки с людьми: заполните колонку {_NAME_HEADERS}.")
    return ImportPreview(kind=kind, file_name=table.file_name, sheet=table.sheet,
                         header_row=mapping.header_row, mapping=mapping,
                         candidates=result.candidates, problems=problems,
                         programme_id=programme_id, found_mapping=found,
                         passed_over=table.passed_over)

