"""Methodical materials (stage 6): the one home of their rules and their writes.

A material is a file copied into the data folder next to the database (`<db folder>/materials/`,
owner-only) or a link (an http/https address or a path on the school's network). It is attached
to the whole programme, to a form of mentoring, to a role model of a form, or to one pair.
`hand_out` records «выдан наставнику» for many materials and many mentors at once
(`material_handout`, one row per material and mentor; giving again changes nothing).

Copying is all or nothing: every file goes to a temporary name in the materials folder, is
fsync'ed and renamed to a free name; a failure (a full disk, a USB stick pulled out) removes the
copies of this batch and raises a Russian message naming the file, and nothing is written to the
database. A deleted material's file is removed after the database commit.

Longer than 600 lines because that copying (`copy_into_data_folder`) serves the photos of cases.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import urlsplit

from sqlalchemy import and_, delete, false, func, or_, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MaterialKind
from nastavnik_desktop.data.models import (
    Material,
    MaterialHandout,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    Person,
    RoleModel,
)
from nastavnik_desktop.errors import NastavnikError, OperationCancelled, ValidationError
from nastavnik_desktop.files import (
    PRIVATE_FILE_MODE,
    fsync_dir,
    os_reason,
    private_folder,
    safe_file_name,
)
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services import audit, reference_lists
from nastavnik_desktop.services.pairs.rules import ACTIVE_VALUES, pair_label, pair_or_error

MATERIALS_FOLDER = "materials"
MATERIAL_TABLES = ("material", "material_handout", "mentoring_pair", "mentor_profile")
"""The tables the reads of this module depend on."""
_CHUNK = 1024 * 1024


class MaterialCopyError(NastavnikError):
    """A file could not be copied into the materials folder; nothing of the batch is kept."""


@dataclass(frozen=True)
class Attachment:
    """Where a material belongs: the whole programme (all None), a form, a role model (its
    form is implied) or one pair."""

    form_id: int | None = None
    role_model_id: int | None = None
    pair_id: int | None = None


PROGRAMME_WIDE = Attachment()


@dataclass(frozen=True)
class MaterialRecord:
    id: int
    title: str
    kind: MaterialKind
    location: str
    """A file's path relative to the data folder, or the link as typed."""
    original_name: str
    added_on: dt.date
    form_id: int | None
    role_model_id: int | None
    pair_id: int | None
    attached_to: str
    """«вся программа», «форма: …», «ролевая модель: …», «пара: …»."""
    handed_out: int
    """How many mentors were given it."""

    @property
    def kind_label(self) -> str:
        return "файл" if self.kind is MaterialKind.FILE else "ссылка"


@dataclass(frozen=True)
class PairMaterial:
    material: MaterialRecord
    handed_on: dt.date | None
    """When the pair's mentor was given it; None when not yet."""


@dataclass(frozen=True)
class MentorChoice:
    """A mentor who may be given materials: one with a pair at work."""

    id: int
    name: str
    form_ids: tuple[int, ...]
    form_names: str


@dataclass(frozen=True)
class Handout:
    mentor_profile_id: int
    name: str
    handed_on: dt.date

# --- files ----------------------------------------------------------------------------------

def materials_folder(db: Database) -> Path:
    return Path(db.path).resolve().parent / MATERIALS_FOLDER


def absolute_location(db: Database, material: MaterialRecord) -> str:
    """What to open: a file's absolute path (refused when the file is gone), or the link."""
    if material.kind is MaterialKind.LINK:
        return material.location
    path = Path(db.path).resolve().parent / material.location
    if not path.is_file():
        raise ValidationError(
            f"Файл материала «{material.title}» не найден в папке «{path.parent}»: возможно, "
            "его удалили вручную. Удалите материал из списка и добавьте файл заново.")
    return str(path)


class _SourceFailed(Exception):
    def __init__(self, exc: OSError) -> None:
        super().__init__(str(exc))
        self.exc = exc


def _copy_file(source: Path, target: Path,
               copied: Callable[[int], None] | None = None) -> None:
    """Copy `source` to a new file `target` (0600), fsync'ed, telling `copied` the size of
    each piece written. A failure to read raises `_SourceFailed`; a failure to write, the
    OSError."""
    try:
        reader = open(source, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise _SourceFailed(exc) from exc
    with reader:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(target, flags, PRIVATE_FILE_MODE)
        with os.fdopen(fd, "wb") as writer:
            while True:
                try:
                    chunk = reader.read(_CHUNK)
                except OSError as exc:
                    raise _SourceFailed(exc) from exc
                if not chunk:
                    break
                writer.write(chunk)
                if copied is not None:
                    copied(len(chunk))
            writer.flush()
            os.fsync(writer.fileno())


def _free_name(folder: Path, source: Path, taken: set[str]) -> str:
    stem = safe_file_name(source.stem or "Материал", limit=100)
    suffix = "." + safe_file_name(source.suffix[1:], limit=20) if source.suffix[1:] else ""
    name, copy = f"{stem}{suffix}", 2
    while name.casefold() in taken or (folder / name).exists():
        name = f"{stem} ({copy}){suffix}"
        copy += 1
    taken.add(name.casefold())
    return name


def _copy_error(source: Path, exc: OSError, *, reading: bool) -> MaterialCopyError:
    name = source.name
    if reading:
        if exc.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO, errno.ENOTDIR):
            text = (f"Не удалось прочитать файл «{name}»: файл не найден или носитель "
                    "отключён. Проверьте, что флешка вставлена, и добавьте файлы ещё раз.")
        else:
            text = (f"Не удалось прочитать файл «{name}»: {os_reason(exc)}. "
                    "Проверьте файл и добавьте файлы ещё раз.")
    elif exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        text = (f"На диске не хватает места, чтобы скопировать файл «{name}» в папку "
                "материалов. Освободите место и добавьте файлы ещё раз.")
    else:
        text = (f"Не удалось скопировать файл «{name}» в папку материалов: {os_reason(exc)}. "
                "Добавьте файлы ещё раз.")
    return MaterialCopyError(text + " Ни один файл из выбранных не добавлен.",
                             details=repr(exc))


def _size_kb(source: Path) -> int:
    """A file's size in kilobytes for the progress (a missing file is reported in its turn)."""
    try:
        return max(1, source.stat().st_size // 1024)
    except OSError:
        return 1


def remove_from_data_folder(db: Database, locations: Iterable[str], folder_name: str) -> None:
    """Remove copied files (relative to the data folder) that lie in `folder_name`."""
    _remove(Path(db.path).resolve().parent / location for location in locations
            if PurePosixPath(location).parts[:1] == (folder_name,))


def copy_into_data_folder(db: Database, sources: Sequence[Path], progress: ProgressCallback
                          | None, *, folder_name: str = MATERIALS_FOLDER) -> list[tuple[Path, str]]:
    """Copy every source into `folder_name` of the data folder (materials; photos of cases):
    (source, location) each. On any failure the copies made are removed, the error raised."""
    folder = Path(db.path).resolve().parent / folder_name
    try:
        private_folder(folder)
    except OSError as exc:
        raise _copy_error(sources[0], exc, reading=False) from exc
    taken: set[str] = set()
    made: list[Path] = []
    done: list[tuple[Path, str]] = []
    sizes = {source: _size_kb(source) for source in sources}
    total = sum(sizes.values())
    reached = [0, 0]  # kilobytes of the files done, bytes of the file under way

    def report(size: int = 0) -> None:
        reached[1] += size
        if progress is not None and not progress(
                min(total, reached[0] + reached[1] // 1024), total):
            raise OperationCancelled("Добавление файлов отменено: ни один файл не добавлен.")

    try:
        for source in sources:
            report()
            if not source.is_file():
                raise _copy_error(source, FileNotFoundError(errno.ENOENT, "missing"),
                                  reading=True)
            name = _free_name(folder, source, taken)
            tmp = folder / f".{name}.{os.urandom(4).hex()}.tmp"
            try:
                try:
                    _copy_file(source, tmp, report)
                except _SourceFailed as failed:
                    raise _copy_error(source, failed.exc, reading=True) from failed.exc
                except OSError as exc:
                    raise _copy_error(source, exc, reading=False) from exc
                target = folder / name
                try:
                    os.replace(tmp, target)
                except OSError as exc:
                    raise _copy_error(source, exc, reading=False) from exc
            finally:
                tmp.unlink(missing_ok=True)
            made.append(target)
            done.append((source, str(PurePosixPath(folder_name, name))))
            reached[0] += sizes[source]
            reached[1] = 0
        fsync_dir(folder)
        if progress is not None:
            progress(total, total)
    except BaseException:
        _remove(made)
        raise
    return done


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:  # a file that cannot be removed now stays unused: nothing refers to it
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


# --- writes ---------------------------------------------------------------------------------

def _attachment_columns(session: Session, programme_id: int,
                        attach: Attachment) -> dict[str, int | None]:
    if attach.pair_id is not None:
        pair = pair_or_error(session, attach.pair_id)
        if pair.programme_id != programme_id:
            raise ValidationError("Пара относится к другой программе.")
        return {"form_id": None, "role_model_id": None, "pair_id": pair.id}
    if attach.role_model_id is not None:
        role = session.get(RoleModel, attach.role_model_id)
        if role is None:
            raise ValidationError("Ролевая модель не найдена: обновите список.")
        return {"form_id": role.form_id, "role_model_id": role.id, "pair_id": None}
    if attach.form_id is not None:
        if session.get(MentoringForm, attach.form_id) is None:
            raise ValidationError("Форма наставничества не найдена: обновите список.")
        return {"form_id": attach.form_id, "role_model_id": None, "pair_id": None}
    return {"form_id": None, "role_model_id": None, "pair_id": None}


def add_files(db: Database, programme_id: int, sources: Sequence[Path | str], *,
              today: dt.date, attach: Attachment = PROGRAMME_WIDE,
              progress: ProgressCallback | None = None) -> list[int]:
    """Copy the files into the materials folder and add them as materials, all or none.
    Returns the new materials' ids in the order of `sources`."""
    paths = [Path(source) for source in sources]
    if not paths:
        raise ValidationError("Не выбрано ни одного файла.")
    with db.reading() as session:
        _attachment_columns(session, programme_id, attach)
    copied = copy_into_data_folder(db, paths, progress)
    try:
        with db.transaction() as session:
            columns = _attachment_columns(session, programme_id, attach)
            rows = [Material(programme_id=programme_id, title=source.stem or source.name,
                             kind=MaterialKind.FILE, location=location,
                             original_name=source.name, added_on=today, **columns)
                    for source, location in copied]
            session.add_all(rows)
            session.flush()
            audit.record(session, "add_materials", "programme", programme_id,
                         f"Добавлены материалы: {len(rows)}",
                         titles=[row.title for row in rows])
            return [row.id for row in rows]
    except BaseException:
        _remove(materials_folder(db).parent / location for _source, location in copied)
        raise


def check_link(address: str) -> str:
    """The address as it is kept: an http/https link (a bare «www.…» gets «https://») or an
    absolute path (C:\\…, \\\\server\\…, /…); anything else is refused in Russian."""
    text = address.strip()
    if text.lower().startswith("www."):
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https"):
        if not parts.netloc or " " in text:
            raise ValidationError(f"Ссылка «{address.strip()}» неполная: укажите адрес сайта, "
                                  "например https://example.ru/metodichka.")
        return text
    if (PureWindowsPath(text).is_absolute() or text.startswith("\\\\")
            or (text.startswith("/") and not text.startswith("//"))):
        return text
    raise ValidationError(
        "Укажите адрес, начинающийся с http:// или https://, или полный путь к файлу "
        "(например, \\\\server\\методички\\план.docx).")


def add_link(db: Database, programme_id: int, title: str, address: str, *, today: dt.date,
             attach: Attachment = PROGRAMME_WIDE) -> int:
    location = check_link(address)
    with db.transaction() as session:
        columns = _attachment_columns(session, programme_id, attach)
        row = Material(programme_id=programme_id, title=title.strip() or location,
                       kind=MaterialKind.LINK, location=location, original_name="",
                       added_on=today, **columns)
        session.add(row)
        session.flush()
        audit.record(session, "add_material", "material", row.id,
                     f"Добавлена ссылка «{row.title}»")
        return row.id


def _materials_or_error(session: Session, material_ids: Iterable[int]) -> list[Material]:
    ids = sorted(set(material_ids))
    if not ids:
        raise ValidationError("Не выбрано ни одного материала.")
    rows = list(session.scalars(select(Material).where(Material.id.in_(ids))))
    if len(rows) != len(ids):
        raise ValidationError("Материал не найден: возможно, его удалили. Обновите список.")
    return rows


def attach(db: Database, material_ids: Iterable[int], attach: Attachment) -> int:
    """Attach the materials to the programme, a form, a role model or a pair."""
    with db.transaction() as session:
        rows = _materials_or_error(session, material_ids)
        for row in rows:
            for name, value in _attachment_columns(session, row.programme_id, attach).items():
                setattr(row, name, value)
        audit.record(session, "attach_materials", "material", None,
                     f"Материалы прикреплены заново: {len(rows)}", ids=[r.id for r in rows],
                     form_id=attach.form_id, role_model_id=attach.role_model_id,
                     pair_id=attach.pair_id)
        return len(rows)


def rename(db: Database, material_id: int, title: str) -> None:
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Название материала не может быть пустым.")
    with db.transaction() as session:
        (row,) = _materials_or_error(session, [material_id])
        row.title = title[:500]
        audit.record(session, "rename_material", "material", row.id,
                     f"Материал переименован: «{row.title}»")


def delete_materials(db: Database, material_ids: Iterable[int]) -> int:
    """Delete the materials (and their handouts); their copied files are removed after the
    commit."""
    with db.transaction() as session:
        rows = _materials_or_error(session, material_ids)
        files = [row.location for row in rows if row.kind is MaterialKind.FILE]
        for row in rows:
            session.delete(row)
        audit.record(session, "delete_materials", "material", None,
                     f"Удалены материалы: {len(rows)}", titles=[r.title for r in rows])
    remove_from_data_folder(db, files, MATERIALS_FOLDER)
    return len(rows)


def hand_out_in(session: Session, material_ids: Iterable[int],
                mentor_profile_ids: Iterable[int], *, on: dt.date) -> int:
    """«Выдан наставнику» for every material and mentor, inside the caller's transaction.
    A material a mentor already has keeps its first date. Returns how many rows were added."""
    materials = _materials_or_error(session, material_ids)
    mentor_ids = sorted(set(mentor_profile_ids))
    if not mentor_ids:
        raise ValidationError("Не выбрано ни одного наставника.")
    found = dict(session.execute(select(MentorProfile.id, MentorProfile.programme_id)
                                 .where(MentorProfile.id.in_(mentor_ids))).all())
    if len(found) != len(mentor_ids):
        raise ValidationError("Наставник не найден: возможно, его удалили. Обновите список.")
    if set(found.values()) - {m.programme_id for m in materials}:
        raise ValidationError("Материалы выдаются только наставникам той же программы.")
    have = {(row.material_id, row.mentor_profile_id) for row in session.execute(
        select(MaterialHandout.material_id, MaterialHandout.mentor_profile_id)
        .where(MaterialHandout.material_id.in_([m.id for m in materials]),
               MaterialHandout.mentor_profile_id.in_(mentor_ids)))}
    new = [MaterialHandout(material_id=material.id, mentor_profile_id=mentor_id, handed_on=on)
           for material in materials for mentor_id in mentor_ids
           if (material.id, mentor_id) not in have]
    session.add_all(new)
    session.flush()
    return len(new)


def hand_out(db: Database, material_ids: Iterable[int], mentor_profile_ids: Iterable[int], *,
             on: dt.date) -> int:
    with db.transaction() as session:
        added = hand_out_in(session, material_ids, mentor_profile_ids, on=on)
        audit.record(session, "hand_out_materials", "material", None,
                     f"Материалы выданы наставникам: {added}", on=on.isoformat())
        return added


def revoke(db: Database, material_ids: Iterable[int], mentor_profile_ids: Iterable[int]) -> int:
    """Take back «выдан» (a handout entered by mistake)."""
    with db.transaction() as session:
        result = session.execute(delete(MaterialHandout).where(
            MaterialHandout.material_id.in_(list(material_ids)),
            MaterialHandout.mentor_profile_id.in_(list(mentor_profile_ids))))
        count = int(getattr(result, "rowcount", 0) or 0)
        audit.record(session, "revoke_materials", "material", None,
                     f"Отменена выдача материалов: {count}")
        return count


# --- reads ----------------------------------------------------------------------------------

def _records(session: Session, where: object) -> list[MaterialRecord]:
    counts = (select(MaterialHandout.material_id, func.count().label("n"))
              .group_by(MaterialHandout.material_id).subquery())
    rows = session.execute(
        select(Material, MentoringForm.name, RoleModel.name, func.coalesce(counts.c.n, 0))
        .outerjoin(MentoringForm, MentoringForm.id == Material.form_id)
        .outerjoin(RoleModel, RoleModel.id == Material.role_model_id)
        .outerjoin(counts, counts.c.material_id == Material.id)
        .where(where)  # type: ignore[arg-type]
        .order_by(Material.added_on.desc(), Material.id.desc())).all()
    pair_names = {pair_id: pair_label(session.get_one(MentoringPair, pair_id))
                  for pair_id in {row[0].pair_id for row in rows} if pair_id is not None}
    result = []
    for material, form_name, role_name, count in rows:
        if material.pair_id is not None:
            where_to = f"пара: {pair_names[material.pair_id]}"
        elif role_name:
            where_to = f"ролевая модель: {form_name} — {role_name}"
        elif form_name:
            where_to = f"форма: {form_name}"
        else:
            where_to = "вся программа"
        result.append(MaterialRecord(
            id=material.id, title=material.title, kind=material.kind,
            location=material.location, original_name=material.original_name,
            added_on=material.added_on, form_id=material.form_id,
            role_model_id=material.role_model_id, pair_id=material.pair_id,
            attached_to=where_to, handed_out=int(count)))
    return result


def materials(db: Database, programme_id: int, *, search: str = "",
              form_id: int | None = None) -> tuple[MaterialRecord, ...]:
    """The programme's materials, newest first; `search` in the title or the file name,
    `form_id`: those attached to the form (or its role models, or a pair of it)."""
    with db.reading() as session:
        where = [Material.programme_id == programme_id]
        if form_id is not None:
            where.append(or_(Material.form_id == form_id, Material.pair_id.in_(
                select(MentoringPair.id).where(MentoringPair.form_id == form_id))))
        found = _records(session, and_(*where))
    needle = search.strip().casefold()
    if needle:
        found = [m for m in found if needle in m.title.casefold()
                 or needle in m.original_name.casefold() or needle in m.location.casefold()]
    return tuple(found)


def material(db: Database, material_id: int) -> MaterialRecord:
    with db.reading() as session:
        found = _records(session, Material.id == material_id)
    if not found:
        raise ValidationError("Материал не найден: возможно, его удалили. Обновите список.")
    return found[0]


def materials_for_pair(db: Database, pair_id: int) -> tuple[PairMaterial, ...]:
    """What a pair works with: the materials attached to it, to its role model, to its form
    (without a role model) or to the whole programme; with the day its mentor was given each."""
    with db.reading() as session:
        pair = pair_or_error(session, pair_id)
        role_scope = (Material.role_model_id == pair.role_model_id
                      if pair.role_model_id is not None else false())
        scope = and_(Material.programme_id == pair.programme_id, or_(
            Material.pair_id == pair.id,
            and_(Material.pair_id.is_(None), role_scope),
            and_(Material.pair_id.is_(None), Material.role_model_id.is_(None),
                 Material.form_id == pair.form_id),
            and_(Material.pair_id.is_(None), Material.role_model_id.is_(None),
                 Material.form_id.is_(None))))
        records = _records(session, scope)
        given = {row.material_id: row.handed_on for row in session.execute(
            select(MaterialHandout.material_id, MaterialHandout.handed_on)
            .where(MaterialHandout.mentor_profile_id == pair.mentor_profile_id,
                   MaterialHandout.material_id.in_([r.id for r in records])))}
    return tuple(PairMaterial(record, given.get(record.id)) for record in records)


def pair_mentor(db: Database, pair_id: int) -> int:
    with db.reading() as session:  # whom the pair card's «выдан наставнику» means
        return pair_or_error(session, pair_id).mentor_profile_id


def handouts(db: Database, material_id: int) -> tuple[Handout, ...]:
    with db.reading() as session:
        rows = session.execute(
            select(MaterialHandout.mentor_profile_id, MaterialHandout.handed_on,
                   Person.last_name, Person.first_name, Person.middle_name)
            .join(MentorProfile, MentorProfile.id == MaterialHandout.mentor_profile_id)
            .join(Person, Person.id == MentorProfile.person_id)
            .where(MaterialHandout.material_id == material_id)
            .order_by(Person.last_name, Person.first_name)).all()
    return tuple(Handout(r.mentor_profile_id, short_name(r.last_name, r.first_name,
                                                         r.middle_name), r.handed_on)
                 for r in rows)


def mentor_choices(db: Database, programme_id: int) -> tuple[MentorChoice, ...]:
    """The mentors with a pair at work, by name, with the forms of their pairs."""
    with db.reading() as session:
        rows = session.execute(
            select(MentorProfile.id, Person.last_name, Person.first_name, Person.middle_name,
                   MentoringForm.id.label("form_id"), MentoringForm.name)
            .join(Person, Person.id == MentorProfile.person_id)
            .join(MentoringPair, MentoringPair.mentor_profile_id == MentorProfile.id)
            .join(MentoringForm, MentoringForm.id == MentoringPair.form_id)
            .where(MentoringPair.programme_id == programme_id,
                   MentoringPair.status.in_(ACTIVE_VALUES))
            .distinct()).all()
    mentors: dict[int, tuple[str, dict[int, str]]] = {}
    for row in rows:
        name = short_name(row.last_name, row.first_name, row.middle_name)
        mentors.setdefault(row.id, (name, {}))[1][row.form_id] = row.name
    return tuple(sorted(
        (MentorChoice(mentor_id, name, tuple(sorted(forms)), ", ".join(sorted(forms.values())))
         for mentor_id, (name, forms) in mentors.items()),
        key=lambda m: (m.name.casefold(), m.id)))


@dataclass(frozen=True)
class AttachTarget:
    label: str
    attach: Attachment


def attach_targets(db: Database) -> tuple[AttachTarget, ...]:
    """Where a material may be attached from the programme's list: the whole programme, a
    form, a role model of a form (a pair's own materials are added from its card)."""
    with db.reading() as session:
        forms = [(f.id, f.name) for f in reference_lists.forms_offered(session)]
        roles = [(r.id, r.name, r.form_id) for r in reference_lists.role_models_offered(session)]
    targets = [AttachTarget("Вся программа", PROGRAMME_WIDE)]
    for form_id, form_name in forms:
        targets.append(AttachTarget(f"Форма «{form_name}»", Attachment(form_id=form_id)))
        targets.extend(AttachTarget(f"    ролевая модель «{role_name}»",
                                    Attachment(role_model_id=role_id))
                       for role_id, role_name, role_form in roles if role_form == form_id)
    return tuple(targets)
