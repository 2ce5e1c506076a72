"""A new school year, safely: what starting one would do (warnings, what carries over), the
start itself after a backup, and its undo until something new is recorded.

- `next_year_preview(db, programme_id, today=…)` — the plan the dialog shows: the warnings
  (pairs and groups still at work; the school year far from its end — before 15 May of its
  second calendar year), what carries over and what does not, in the curator's words, and
  what advancing the classes would do (`ClassAdvance`).
- `start_next_year(db, programme_id, today=…, advance_classes=…)` — first an automatic backup
  (reason `before-new-year`, whose newest copy the rotation always keeps:
  `data/backup._ALWAYS_KEPT`), then ONE transaction: the programme of the next year from this
  one (goal, tasks, results, forms and role models, curator and team, the mentor base through
  `people/mentors.carry_over`), the old one archived, the classes advanced on request, and
  `settings.NEW_YEAR_UNDO` recorded. A failure leaves the base as it was (the backup stays).
- Classes: a pupil's class «5А» becomes «6А» («10-Б» → «11-Б»: the letter and the dash are
  kept). An 11th-grader becomes an alumnus (`PersonCategory.ALUMNUS`, a source of external
  mentors); the class is CLEARED — next year's «11Б» is other children, and the class rules
  (lists by class, «не из одного класса» in matching) must not take the alumnus for one of
  them — and the line «Выпуск 2027 года, 11Б класс.» is added to the person's notes, so the
  graduation is not lost. Pupils with a class that is not «number + letter» of grades 1–11,
  or with none, are left as they are and counted (`ClassAdvance.odd`). Archived people are
  not touched.
- The undo: `undo_available(db)` / `pending_undo(db)` and `undo_start(db_path)` (the window
  runs it with the base closed, through `MainWindow.restore_database_from`), which puts the
  backup taken before the start in place of the base (`services/backups.restore_backup`; the
  current base is first set aside as a `before-restore` copy).

How «nothing new was recorded» is told: inside the start's transaction, after every write,
`fingerprint` hashes every row of every table of the base (SQLite's own `sqlite_*` tables —
the planner's statistics — and the NEW_YEAR_UNDO row itself left out) and the hash is stored
in NEW_YEAR_UNDO. The undo is offered while the base hashes the same: ANY recorded change —
a person edited, a setting saved, a line in the audit log — ends it; the menu item disappears
and the backup stays listed among the backups («перед началом нового учебного года»). The
row counts of the tables are stored too and compared first (a few ms; most records add a row
somewhere, at least to the audit log); the hash reads the whole base (30 ms for the demo
school of 880 people, 2 MB). `undo_available` is called each time the File menu opens, so its
answer is kept per open base and read again only after a commit in this process
(`services/changes.generation`), and never again once something new was found — a write by
another process while the window has the base open is impossible (the lock, data/lock.py);
`undo_start` checks again on the closed file before restoring.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import threading
import weakref
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from nastavnik_desktop import paths, settings
from nastavnik_desktop.data.backup import NEW_YEAR
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus, PersonCategory, ProgrammeStatus
from nastavnik_desktop.errors import OperationCancelled, ValidationError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services import backups, changes
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.text import count_phrase, format_date

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from nastavnik_desktop.data.models import Programme, School

# The File menu imports this module for `undo_available` before the first paint: the ORM and
# the writers of the start are imported by the functions that need them (see the rule of
# benchmarks/startup.py; tests/e2e/test_app_process.py), not here.

LATE_ENOUGH = (5, 15)
"""(month, day) of the school year's second calendar year from which starting the next year
is not «early»: before it the dialog warns."""
LAST_GRADE = 11
_CLASS = re.compile(r"^(\d{1,2})(\s*[-–]?\s*)([^\d\s]*)$")
"""A school class as `text.class_sort_key` reads one: the grade, a separator, the letter."""
_MAX_CLASS_LENGTH = 10  # person.class_name is String(10)


@dataclass(frozen=True)
class ClassAdvance:
    """What «Перевести учеников в следующий класс» would do."""

    advanced: int
    """Pupils of grades 1–10 who go up one class."""
    graduates: int
    """11th-graders who become alumni."""
    odd: int
    """Pupils left as they are: no class, or a class that is not «number + letter» of 1–11."""
    odd_classes: tuple[str, ...]
    """Those classes as written («» for none), most frequent first."""


@dataclass(frozen=True)
class NewYearPlan:
    """What starting the next school year would do (the dialog shows it before the start)."""

    programme_id: int
    school_year: str
    next_school_year: str
    active_pairs: int
    """Pairs and groups of the current year still at work (statuses up to «итоги»)."""
    early: bool
    """Today is before `LATE_ENOUGH` of the school year's second calendar year."""
    warnings: tuple[str, ...]
    carried: tuple[str, ...]
    """«Перейдёт в новый год»: one line a thing, in the curator's words."""
    not_carried: tuple[str, ...]
    """«Не перейдёт (останется в архиве прошлого года)»."""
    mentors_carried_over: int
    classes: ClassAdvance


@dataclass(frozen=True)
class NewYearStarted:
    programme: ProgrammeInfo
    backup: Path
    classes: ClassAdvance | None
    """What advancing the classes did; None when it was not asked for."""


@dataclass(frozen=True)
class PendingUndo:
    """A start of a new year that can still be undone."""

    backup: Path
    school_year: str
    """The year that was archived by the start (current again after the undo)."""
    next_school_year: str
    started_on: dt.date


def following_school_year(school_year: str) -> str:
    start = int(school_year[:4]) + 1
    return f"{start}/{start + 1}"


# --- the plan --------------------------------------------------------------------------------

def next_year_preview(db: Database, programme_id: int, *, today: dt.date) -> NewYearPlan:
    """The plan of starting the next school year from the programme `programme_id` on
    `today`; refused with a Russian message when the programme is not found."""
    from nastavnik_desktop.data.models import Programme

    with db.reading() as session:
        programme = session.get(Programme, programme_id)
        if programme is None:
            raise ValidationError("Программа наставничества не найдена.")
        return _plan(session, programme, today)


def _count(session: Session, statement: Any) -> int:
    return int(session.scalar(statement) or 0)


def _plan(session: Session, programme: Programme, today: dt.date) -> NewYearPlan:
    from nastavnik_desktop.data.models import MenteeProfile, MentoringPair, MentorProfile, Person
    from nastavnik_desktop.services.pairs.rules import ACTIVE_VALUES

    pid, year = programme.id, programme.school_year
    next_year = following_school_year(year)
    active = _count(session, select(func.count()).select_from(MentoringPair).where(
        MentoringPair.programme_id == pid, MentoringPair.status.in_(ACTIVE_VALUES)))
    pairs = _count(session, select(func.count()).select_from(MentoringPair).where(
        MentoringPair.programme_id == pid))
    mentees = _count(session, select(func.count()).select_from(MenteeProfile).where(
        MenteeProfile.programme_id == pid))
    by_status = Counter(session.scalars(select(MentorProfile.status).where(
        MentorProfile.programme_id == pid)))
    carried_mentors = sum(n for status, n in by_status.items()
                          if status is not MentorStatus.REJECTED)
    people = _count(session, select(func.count()).select_from(Person).where(
        Person.archived.is_(False)))
    team = len({m.person_id for m in programme.team})
    forms = len(programme.forms)
    classes = _class_advance(_pupils(session))
    end_year = int(year[-4:])
    early = today < dt.date(end_year, *LATE_ENOUGH)

    warnings = []
    if active:
        warnings.append(
            f"В программе {year} ещё работают "
            f"{count_phrase(active, 'пара или группа', 'пары или группы', 'пар или групп')}. "
            "В новый год они не перейдут: останутся в архиве с нынешними статусами, а в новом "
            "году пары придётся составить заново. Обычно сначала завершают работу пар "
            "(этап 7 «Завершение программы»).")
    if early:
        warnings.append(
            f"До конца учебного года {year} ещё далеко (сегодня {format_date(today)}). "
            f"Новый год обычно начинают после {LATE_ENOUGH[1]} мая {end_year} года, когда "
            "работа пар подведена к итогам.")

    admitted = by_status.get(MentorStatus.ADMITTED, 0)
    carried = (
        f"Люди: все ученики, педагоги и наставники школы "
        f"({count_phrase(people, 'человек', 'человека', 'человек')}) с контактами и "
        "согласиями",
        "База наставников ("
        f"{count_phrase(carried_mentors, 'наставник', 'наставника', 'наставников')}): "
        f"допущенные ({admitted}) остаются допущенными, остальные снова кандидаты; "
        "сведения об обучении и компетенции сохраняются",
        f"Куратор и команда программы ({count_phrase(team, 'человек', 'человека', 'человек')})",
        f"Цель, задачи и ожидаемые результаты; формы наставничества ({forms}) и ролевые модели",
        "Справочники: формы, ролевые модели, запросы, критерии отбора",
        "Настройки: реквизиты школы, оформление документов, подбор пар, напоминания",
        "Шаблоны планов развития и анкеты школы",
    )
    rejected = by_status.get(MentorStatus.REJECTED, 0)
    not_carried = (
        f"Пары и группы ({pairs}) с их статусами и итогами",
        f"База наставляемых ({count_phrase(mentees, 'запись', 'записи', 'записей')}): в новом "
        "году её собирают заново",
        "Планы развития и журналы встреч пар",
        "Опросы и ответы на анкеты, мониторинг и SWOT-анализ",
        "Дорожная карта и этапы: в новом году — новая карта, этап 1 начат",
        "Приказы и документы года, награды и кейсы",
        f"Анкеты, составленные только для программы {year}",
        f"Отклонённые кандидаты в наставники ({rejected})",
    )
    return NewYearPlan(pid, year, next_year, active, early, tuple(warnings), carried,
                       not_carried, carried_mentors, classes)


# --- classes ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Pupil:
    id: int
    class_name: str
    notes: str


def _pupils(session: Session) -> list[_Pupil]:
    from nastavnik_desktop.data.models import Person

    rows = session.execute(select(Person.id, Person.class_name, Person.notes).where(
        Person.category == PersonCategory.PUPIL, Person.archived.is_(False)).order_by(Person.id))
    return [_Pupil(*row) for row in rows]


def next_class(class_name: str) -> str | None:
    """The class a pupil of `class_name` goes to: «5А» → «6А», «10-Б» → «11-Б»; «» for an
    11th-grader (who graduates); None when `class_name` is not a class of grades 1–11."""
    match = _CLASS.match(class_name.strip())
    if match is None:
        return None
    grade = int(match.group(1))
    if not 1 <= grade <= LAST_GRADE:
        return None
    if grade == LAST_GRADE:
        return ""
    moved = f"{grade + 1}{match.group(2)}{match.group(3)}"
    return moved if len(moved) <= _MAX_CLASS_LENGTH else None


def _class_advance(pupils: list[_Pupil]) -> ClassAdvance:
    moved = [next_class(p.class_name) for p in pupils]
    odd = Counter(p.class_name.strip() for p, new in zip(pupils, moved, strict=True)
                  if new is None)
    return ClassAdvance(advanced=sum(1 for new in moved if new),
                        graduates=sum(1 for new in moved if new == ""),
                        odd=sum(odd.values()),
                        odd_classes=tuple(name for name, _n in odd.most_common()))


def _advance_classes(session: Session, graduation_year: int) -> ClassAdvance:
    from nastavnik_desktop.services.people import persons

    pupils = _pupils(session)
    changes_: list[dict[str, Any]] = []
    for pupil in pupils:
        new = next_class(pupil.class_name)
        if new is None:
            continue
        if new:
            changes_.append({"id": pupil.id, "class_name": new})
            continue
        note = f"Выпуск {graduation_year} года, {pupil.class_name.strip()} класс."
        notes = f"{pupil.notes.rstrip()}\n{note}" if pupil.notes.strip() else note
        changes_.append({"id": pupil.id, "class_name": "", "notes": notes,
                         "category": PersonCategory.ALUMNUS})
    persons.update_people(session, changes_)
    return _class_advance(pupils)


# --- the start -------------------------------------------------------------------------------

def start_next_year(db: Database, programme_id: int, *, today: dt.date,
                    advance_classes: bool = False, progress: ProgressCallback | None = None,
                    now: dt.datetime | None = None) -> NewYearStarted:
    """Back up the base, then open the programme of the following school year from this one
    in one transaction (see the module's docstring: what carries over, the classes, the undo).

    Mentors keep the status «допущен» if they were admitted (they have passed selection and
    training); everyone else in the base comes back as «кандидат», except the rejected, who
    are left behind. The old programme is archived; the new one gets a fresh roadmap with
    stage 1 in progress."""
    from nastavnik_desktop.data.models import (
        Programme,
        ProgrammeForm,
        ProgrammeRoleModel,
        TeamMember,
    )
    from nastavnik_desktop.services import audit
    from nastavnik_desktop.services.programme import new_programme
    from nastavnik_desktop.services.roadmap import generate_roadmap
    from nastavnik_desktop.services.stages.status import start_stage

    with db.reading() as session:  # refuse before the backup what the transaction would
        old = session.get(Programme, programme_id)
        if old is None:
            raise ValidationError("Программа наставничества не найдена.")
        _check_can_start(session, old)
    _step(progress, 0)
    backup = backups.take_backup(db.path, NEW_YEAR, now=now)
    _step(progress, 1)
    with db.transaction() as session:
        old = session.get(Programme, programme_id)
        if old is None:
            raise ValidationError("Программа наставничества не найдена.")
        year = _check_can_start(session, old)
        school = old.school
        programme = new_programme(session, school, year, opened_on=today)
        programme.previous_id = old.id
        programme.curator_id = old.curator_id
        programme.goal, programme.tasks = old.goal, old.tasks
        programme.expected_results = old.expected_results
        session.add_all(TeamMember(programme_id=programme.id, person_id=m.person_id, role=m.role)
                        for m in old.team)
        session.add_all(ProgrammeForm(programme_id=programme.id, form_id=f.form_id)
                        for f in old.forms)
        session.add_all(ProgrammeRoleModel(programme_id=programme.id, role_model_id=model_id)
                        for model_id in session.scalars(
                            select(ProgrammeRoleModel.role_model_id).where(
                                ProgrammeRoleModel.programme_id == old.id)))
        carried = _carry_over_mentors(session, old.id, programme.id)
        generate_roadmap(session, programme)
        start_stage(session, programme.id, 1, today)
        old.status = ProgrammeStatus.ARCHIVED
        classes = _advance_classes(session, int(old.school_year[-4:])) if advance_classes \
            else None
        session.flush()
        audit.record(session, "create", "programme", programme.id,
                     f"Программа наставничества на {year} учебный год создана по программе "
                     f"{old.school_year}", previous_id=old.id, mentors=carried,
                     backup=backup.name, classes_advanced=classes is not None)
        info = _info(programme, school)
        session.flush()
        undo: dict[str, Any] = {
            "backup": backup.name, "school_year": old.school_year, "next_school_year": year,
            "programme_id": programme.id, "started_on": today.isoformat()}
        raw = _raw(session)
        undo["counts"], undo["fingerprint"] = row_counts(raw), fingerprint(raw)
        settings.save(session, settings.NEW_YEAR_UNDO, undo)
    _step(progress, 2)
    return NewYearStarted(info, backup, classes)


def _step(progress: ProgressCallback | None, done: int) -> None:
    if progress is not None and progress(done, 2) is False and done < 2:
        raise OperationCancelled("Начало учебного года отменено. База не изменена.")


def _check_can_start(session: Session, old: Programme) -> str:
    from nastavnik_desktop.data.models import Programme

    if old.status is ProgrammeStatus.ARCHIVED:
        raise ValidationError(f"Программа {old.school_year} уже в архиве: новый учебный год "
                              "начинают из текущей программы.")
    year = following_school_year(old.school_year)
    if session.scalar(select(Programme.id).where(Programme.school_id == old.school_id,
                                                 Programme.school_year == year)):
        raise ValidationError(f"Программа наставничества на {year} учебный год уже есть.")
    return year


def _info(programme: Programme, school: School) -> ProgrammeInfo:
    return ProgrammeInfo(id=programme.id, school_year=programme.school_year,
                         school_name=school.short_name or school.full_name,
                         status=programme.status)


def _carry_over_mentors(session: Session, old_id: int, new_id: int) -> int:
    from nastavnik_desktop.data.models import MentorProfile
    from nastavnik_desktop.services.people import mentors

    count = 0
    for old in session.scalars(select(MentorProfile).where(
            MentorProfile.programme_id == old_id,
            MentorProfile.status != MentorStatus.REJECTED).order_by(MentorProfile.id)):
        mentors.carry_over(session, old, new_id)
        count += 1
    session.flush()
    return count


# --- the fingerprint and the undo ------------------------------------------------------------

def _raw(session: Session) -> sqlite3.Connection:
    """The DB-API connection of the session's transaction (it sees the transaction's writes)."""
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
        "ORDER BY name")]


def _quoted(table: str) -> str:
    return '"' + table.replace('"', '""') + '"'


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """The rows of each table `fingerprint` reads (a quick first check: most new records add
    a row somewhere, at least to the audit log)."""
    counts = {table: int(conn.execute(f"SELECT count(*) FROM {_quoted(table)}").fetchone()[0])
              for table in _tables(conn)}
    counts["app_setting"] = int(conn.execute(
        "SELECT count(*) FROM app_setting WHERE key != ?",
        (settings.NEW_YEAR_UNDO.key,)).fetchone()[0])
    return counts


def fingerprint(conn: sqlite3.Connection) -> str:
    """A hash of every row of every table of the base but SQLite's own and the
    NEW_YEAR_UNDO setting (see the module's docstring)."""
    digest = hashlib.blake2b(digest_size=20)
    for table in _tables(conn):
        digest.update(f"\x00{table}\x00".encode())
        query = f"SELECT * FROM {_quoted(table)}"  # a table name of the base, quoted
        if table == "app_setting":
            rows = conn.execute(query + " WHERE key != ? ORDER BY key",
                                (settings.NEW_YEAR_UNDO.key,))
        else:
            rows = conn.execute(query + " ORDER BY rowid")
        for row in rows:
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _unchanged(conn: sqlite3.Connection, recorded: dict[str, Any]) -> bool:
    """Whether the base is as the start left it (its row counts, then its fingerprint)."""
    return (row_counts(conn) == recorded.get("counts")
            and fingerprint(conn) == recorded.get("fingerprint"))


_known: weakref.WeakKeyDictionary[Engine, tuple[str, int, bool]] = weakref.WeakKeyDictionary()
"""Per open base: (the fingerprint recorded, `changes.generation` when checked, unchanged)."""
_known_lock = threading.Lock()


def pending_undo(db: Database) -> PendingUndo | None:
    """The start of a new year that can be undone now, or None: none recorded, its backup is
    gone, or something new was recorded since (the base no longer hashes the same). Once
    something new is found, the answer stays None for this open base without reading again."""
    with db.engine.connect() as conn:
        recorded = settings.load(conn, settings.NEW_YEAR_UNDO)
        if recorded is None:
            return None
        undo = _pending(db.path, recorded)
        if undo is None:
            return None
        generation, stamp = changes.generation(db), str(recorded.get("fingerprint", ""))
        with _known_lock:
            known = _known.get(db.engine)
        if known is not None and known[0] == stamp and (known[1] == generation or not known[2]):
            same = known[2]
        else:
            raw = conn.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            same = _unchanged(raw, recorded)
            with _known_lock:
                _known[db.engine] = (stamp, generation, same)
    return undo if same else None


def undo_available(db: Database) -> bool:
    """Whether «Отменить начало учебного года» can be offered: a start was recorded, its
    backup is kept and nothing new was recorded since. Cheap after the first call: the File
    menu asks it each time it opens (see the module's docstring)."""
    return pending_undo(db) is not None


def _pending(db_path: Path, recorded: dict[str, Any]) -> PendingUndo | None:
    try:
        backup = paths.backup_dir_for(db_path) / Path(str(recorded["backup"])).name
        undo = PendingUndo(backup, str(recorded["school_year"]),
                           str(recorded["next_school_year"]),
                           dt.date.fromisoformat(str(recorded["started_on"])))
    except (KeyError, ValueError):
        return None
    return undo if backup.is_file() else None


def undo_start(db_path: Path) -> str:
    """Put the base at `db_path` (closed: the window closed it) back as it was before the new
    year was started; what to tell the curator. Refused, the base unchanged, when there is
    nothing to undo or something new was recorded since."""
    db_path = Path(db_path)
    conn = sqlite3.connect(f"file:{db_path.as_posix()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value_json FROM app_setting WHERE key = ?",
                           (settings.NEW_YEAR_UNDO.key,)).fetchone()
        recorded = settings.NEW_YEAR_UNDO.decode(_json(row[0])) if row else None
        undo = _pending(db_path, recorded) if recorded else None
        same = undo is not None and recorded is not None and _unchanged(conn, recorded)
    finally:
        conn.close()
    if undo is None or not same:
        raise ValidationError(
            "Начало учебного года отменить уже нельзя: после него в базе записано новое (или "
            "копия, сделанная перед ним, удалена). База не изменена. Вернуться к прежнему "
            "состоянию можно из «Обмен данными → Резервные копии» (копия «перед началом "
            "нового учебного года»), но записанное после неё пропадёт.")
    done = backups.restore_backup(db_path, undo.backup)
    text = (f"Начало учебного года {undo.next_school_year} отменено: база такая, какой была "
            f"перед ним, текущий год снова {undo.school_year}.")
    if done.set_aside is not None:
        text += (f" Состояние с новым годом сохранено как копия «{done.set_aside.name}» — она "
                 "в списке «Резервные копии» («перед восстановлением из копии»).")
    return text


def _json(raw: str) -> Any:
    return json.loads(raw)
