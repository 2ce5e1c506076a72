"""Step two of an import: save the checked people in one transaction — all of them or none.

Duplicates are matched again inside the transaction (the base may have changed since the
preview). The transaction holds the write lock from its first read (`Database.transaction`
begins IMMEDIATE), so an import running at the same moment waits, then finds these people.
A row that completes a person typed in by hand (a manual match) always fills in that person's
empty fields, whatever the duplicates setting, and is counted as merged. New people go in with
bulk inserts, updates with bulk updates by primary key, a few hundred rows at a time between
progress reports; a progress callback that answers False cancels the import and the
transaction is rolled back whole. Before anything is saved the database is backed up (an
automatic `before-import` backup, `services/backups.take_backup`): a wrong file loaded can be
undone by restoring it from «Резервные копии».
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from nastavnik_desktop.data.backup import BEFORE_IMPORT
from nastavnik_desktop.data.core_models import MenteeProfile, MentorProfile
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.errors import ImportRejectedError, OperationCancelled
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services import audit, backups, maintenance
from nastavnik_desktop.services.importing.duplicates import PeopleIndex
from nastavnik_desktop.services.importing.preview import ImportPreview
from nastavnik_desktop.services.importing.validate import Candidate, ImportKind
from nastavnik_desktop.services.people import mentees, mentors, persons
from nastavnik_desktop.text import count_phrase

CHUNK = 1000


class Duplicates(enum.Enum):
    SKIP = "skip"
    UPDATE = "update"


@dataclass(frozen=True)
class ImportResult:
    kind: ImportKind
    file_name: str
    created: int
    updated: int
    skipped: int
    profiles_added: int
    profiles_updated: int
    merged: int = 0
    """People typed in by hand whose missing fields the file filled in."""

    @property
    def summary(self) -> str:
        people = count_phrase(self.created, "человек", "человека", "человек")
        parts = [f"Загружено из «{self.file_name}»: добавлено {people}"]
        if self.updated:
            parts.append(f"обновлены данные {self.updated}")
        if self.merged:
            parts.append(f"дополнены сведения о введённых вручную: {self.merged}")
        if self.skipped:
            parts.append(f"пропущено {self.skipped} (уже были в базе)")
        text = ", ".join(parts) + "."
        if self.kind is ImportKind.MENTEES:
            text += f" В базу наставляемых включено {self.profiles_added}."
        elif self.kind is ImportKind.MENTORS:
            text += f" В базу наставников включено {self.profiles_added}."
        return text


def commit_import(db: Database, preview: ImportPreview, *,
                  duplicates: Duplicates = Duplicates.SKIP,
                  progress: ProgressCallback | None = None,
                  today: dt.date | None = None) -> ImportResult:
    """Save the people of a preview without errors. Raises ImportRejectedError if it has
    errors and OperationCancelled if `progress` answers False; then nothing is saved."""
    if preview.errors:
        shown = "\n".join(str(p) for p in preview.errors)
        raise ImportRejectedError(
            f"В файле «{preview.file_name}» есть ошибки ({len(preview.errors)}), ничего не "
            "загружено. Исправьте строки, указанные в списке, и загрузите файл снова.",
            details=shown)
    today = today or dt.date.today()
    if Path(db.path).is_file():
        backups.take_backup(Path(db.path), BEFORE_IMPORT)
    with db.transaction() as session:
        saver = _Saver(session, preview, duplicates, today)
        total = len(preview.candidates)
        for start in range(0, total, CHUNK):
            saver.save(preview.candidates[start:start + CHUNK])
            done = min(start + CHUNK, total)
            if progress is not None and progress(done, total) is False:
                raise OperationCancelled("Загрузка отменена, база не изменена.")
        result = saver.result()
        audit.record(session, "import", "person", None, result.summary, file=preview.file_name,
                     sheet=preview.sheet, kind=preview.kind.value,
                     duplicates=duplicates.value, **{k: v for k, v in asdict(result).items()
                                                     if isinstance(v, int)})
    maintenance.after_bulk_write(db, result.created + result.profiles_added)
    return result


class _Saver:
    def __init__(self, session: Session, preview: ImportPreview, duplicates: Duplicates,
                 today: dt.date) -> None:
        self.session = session
        self.preview = preview
        self.duplicates = duplicates
        self.today = today
        self.index = PeopleIndex.load(session)
        self.profile_model: type[MenteeProfile] | type[MentorProfile] | None = None
        if preview.kind is ImportKind.MENTEES:
            self.profile_model = MenteeProfile
        elif preview.kind is ImportKind.MENTORS:
            self.profile_model = MentorProfile
        self.profiled = self._profiled_people()
        self.created = self.updated = self.skipped = self.merged = 0
        self.merged_ids: set[int] = set()
        self.profiles_added = self.profiles_updated = 0

    def _profiled_people(self) -> set[int]:
        if self.profile_model is None:
            return set()
        model = self.profile_model
        return set(self.session.scalars(select(model.person_id).where(
            model.programme_id == self.preview.programme_id)))

    def save(self, chunk: Sequence[Candidate]) -> None:
        new: list[Candidate] = []
        old: list[tuple[int, Candidate]] = []
        merged: list[tuple[int, Candidate]] = []
        for candidate in chunk:
            p = candidate.person
            found = self.index.find(p.key, p.birth_date, p.class_name, p.category.value)
            manual = None
            if found is None:
                manual = self.index.find_manual(p.key, p.category.value, p.filled,
                                                self.merged_ids)
            if manual is not None:
                self._merge(manual, candidate)
                merged.append((manual, candidate))
            elif found is None:
                new.append(candidate)
            else:
                old.append((found, candidate))
        ids = self._insert(new)
        self._update(old)
        self._profiles([*zip(ids, new, strict=True), *old, *merged])

    def _merge(self, pid: int, c: Candidate) -> None:
        values = c.person.filled()
        persons.fill_missing(self.session, pid, values)
        self.index.completed(pid, c.person.key, values)
        self.merged_ids.add(pid)
        self.merged += 1

    def _insert(self, new: list[Candidate]) -> list[int]:
        if not new:
            return []
        ids = persons.create_many(self.session, [c.person for c in new])
        for pid, c in zip(ids, new, strict=True):
            p = c.person
            self.index.add(pid, p.key, p.birth_date, p.class_name, p.category.value)
        self.created += len(ids)
        return ids

    def _update(self, old: list[tuple[int, Candidate]]) -> None:
        if self.duplicates is Duplicates.SKIP:
            self.skipped += len(old)
            return
        rows = [{"id": pid, "archived": False, **c.person.filled()} for pid, c in old]
        for row, (pid, c) in zip(rows, old, strict=True):
            if self.index.becomes_alumnus(pid, c.person.category.value):
                row["class_name"] = ""  # last year's pupil has left school (duplicates.py)
            else:
                row.pop("category", None)  # a pupil listed among mentors stays a pupil
        persons.update_people(self.session, rows)
        self.updated += len(rows)

    def _profiles(self, people: list[tuple[int, Candidate]]) -> None:
        if self.profile_model is None:
            return
        fresh = [(pid, c) for pid, c in people if pid not in self.profiled]
        fresh_ids = {pid for pid, _ in fresh}
        if fresh:
            rows = [self._profile_row(pid, c) for pid, c in fresh]
            if self.profile_model is MentorProfile:
                mentors.insert_mentors(self.session, rows)
            else:
                mentees.insert_mentees(self.session, rows)
            self.profiled.update(pid for pid, _ in fresh)
            self.profiles_added += len(fresh)
        if self.duplicates is Duplicates.UPDATE:
            self._update_profiles([(pid, c) for pid, c in people
                                   if pid not in fresh_ids and self._profile_fields(c)])

    def _profile_row(self, pid: int, c: Candidate) -> dict[str, object]:
        row: dict[str, object] = {"programme_id": self.preview.programme_id, "person_id": pid,
                                  "entered_on": self.today, **self._profile_fields(c)}
        if self.preview.kind is ImportKind.MENTEES:
            row["source"] = f"загрузка из файла «{self.preview.file_name}»"[:200]
        else:
            row["contour"] = mentors.contour_of(c.person.category)
        return row

    def _profile_fields(self, c: Candidate) -> dict[str, object]:
        p = c.profile
        if self.preview.kind is ImportKind.MENTEES:
            return {"requests_note": p.requests} if p.requests else {}
        fields = {"competencies": p.competencies, "achievements": p.achievements,
                  "interests": p.interests, "time_hours_per_month": p.hours_per_month}
        return {k: value for k, value in fields.items() if value not in ("", None)}

    def _update_profiles(self, people: list[tuple[int, Candidate]]) -> None:
        model = self.profile_model
        assert model is not None
        for pid, c in people:
            self.session.execute(update(model).where(
                model.programme_id == self.preview.programme_id, model.person_id == pid)
                .values(**self._profile_fields(c)))
        self.profiles_updated += len(people)

    def result(self) -> ImportResult:
        return ImportResult(kind=self.preview.kind, file_name=self.preview.file_name,
                            created=self.created, updated=self.updated, skipped=self.skipped,
                            profiles_added=self.profiles_added,
                            profiles_updated=self.profiles_updated, merged=self.merged)
