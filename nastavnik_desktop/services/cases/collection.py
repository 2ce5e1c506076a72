"""The one writer of cases and their photos, and the read model of the collection.

A case is a successful practice of a pair or group (`pair_id`) or of a form (`form_id`). Its
photos are copied into `<data folder>/cases/` (by `materials.copy_into_data_folder`, all or
none) and are attached only when every person of the case may be published
(`consent.publication_allowed`): the pair's mentor and mentees, or — for a form — the
participants of the form's pairs named in the case's texts. A deleted case's or photo's file is
removed after the commit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import PairStatus
from nastavnik_desktop.data.models import (
    CasePhoto,
    MentoringForm,
    MentoringPair,
    Person,
    PracticeCase,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services import audit, materials, reference_lists
from nastavnik_desktop.services.pairs.rules import pair_people
from nastavnik_desktop.services.people import consent
from nastavnik_desktop.services.programme import ProgrammeYear, programme_years

CASES_FOLDER = "cases"
"""Where the photos of cases are copied, in the data folder."""
CASE_TABLES = ("practice_case", "case_photo", "mentoring_pair", "consent")
"""The tables the reads of this module depend on."""
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")
MENTOR_ROLE = "наставник"
MENTEE_ROLE = "наставляемый"


@dataclass(frozen=True)
class CaseDraft:
    """A case as typed: of a pair or group (`pair_id`) or of a form (`form_id`)."""

    title: str
    pair_id: int | None = None
    form_id: int | None = None
    problem: str = ""
    actions: str = ""
    result: str = ""
    quotes: str = ""


@dataclass(frozen=True)
class PhotoDraft:
    """A photo as the editor holds it: one already attached (`photo_id`) or a new file
    (`source`), with its caption; the order of the list is the order of the photos."""

    caption: str = ""
    photo_id: int | None = None
    source: str | None = None


@dataclass(frozen=True)
class PhotoInfo:
    id: int
    location: str
    """Relative to the data folder."""
    path: str
    """Absolute (the file may have been removed by hand)."""
    caption: str


@dataclass(frozen=True)
class CaseInfo:
    id: int
    programme_id: int | None
    pair_id: int | None
    form_id: int | None
    title: str
    problem: str
    actions: str
    result: str
    quotes: str
    recorded_on: dt.date | None
    photos: int
    subject: str = ""
    """«Пара: Орлов И. П. — Ершов И. П.», «Форма: …», as the collection lists it."""


@dataclass(frozen=True)
class CaseDetail:
    info: CaseInfo
    photo_list: tuple[PhotoInfo, ...]


@dataclass(frozen=True)
class CaseSubject:
    """What a case can be about: a pair or group, or a form."""

    label: str
    pair_id: int | None = None
    form_id: int | None = None


@dataclass(frozen=True)
class CasePerson:
    person_id: int
    name: str
    """Full name (ФИО)."""
    role: str
    """`MENTOR_ROLE` or `MENTEE_ROLE`."""
    may_publish: bool
    missing: str
    """What is missing when he may not be published («нет согласия родителя …»)."""


# --- the people of a case and their consent ---------------------------------------------------


def _pair_people(session: Session, pair: MentoringPair) -> list[tuple[Person, str]]:
    people: list[tuple[Person, str]] = [(pair.mentor.person, MENTOR_ROLE)]
    people += [(member.mentee.person, MENTEE_ROLE) for member in pair.members]
    return people


def _form_people(session: Session, programme_id: int | None,
                 form_id: int) -> list[tuple[Person, str]]:
    pairs = select(MentoringPair.id).where(MentoringPair.form_id == form_id,
                                           MentoringPair.status != PairStatus.TERMINATED)
    if programme_id is not None:
        pairs = pairs.where(MentoringPair.programme_id == programme_id)
    roles = {(person_id, is_mentor) for _pair_id, person_id, is_mentor
             in pair_people(session, pairs)}
    people = {p.id: p for p in session.scalars(select(Person).where(
        Person.id.in_({person_id for person_id, _is_mentor in roles})))} if roles else {}
    return [(people[person_id], MENTOR_ROLE if is_mentor else MENTEE_ROLE)
            for person_id, is_mentor in sorted(roles, key=lambda r: (not r[1], r[0]))]


def people_of_case(session: Session, programme_id: int | None, draft: CaseDraft,
                 texts: Iterable[str] = ()) -> list[tuple[Person, str]]:
    """The pair's people; for a form, its participants named in the case's texts."""
    if draft.pair_id is not None:
        pair = session.get(MentoringPair, draft.pair_id)
        if pair is None:
            raise ValidationError("Пара кейса не найдена: возможно, её удалили. Выберите "
                                  "пару заново.")
        return _pair_people(session, pair)
    if draft.form_id is not None:
        text = "\n".join([draft.title, draft.problem, draft.actions, draft.result,
                          draft.quotes, *texts])
        return [(person, role) for person, role in _form_people(session, programme_id,
                                                                 draft.form_id)
                if name_pattern(person).search(text)]
    return []


def with_consent(people: Iterable[tuple[Person, str]], today: dt.date) -> list[CasePerson]:
    seen: set[int] = set()
    out = []
    for person, role in people:
        if person.id in seen:
            continue
        seen.add(person.id)
        allowed = consent.publication_allowed(person, today)
        out.append(CasePerson(person.id, person.full_name, role, allowed,
                              "" if allowed else consent.publication_missing_text(person, today)))
    return out


def case_people(db: Database, programme_id: int | None, draft: CaseDraft, *, today: dt.date,
                captions: Iterable[str] = ()) -> list[CasePerson]:
    """Who is in the case `draft` and whether each may be published on `today`."""
    with db.reading() as session:
        return with_consent(people_of_case(session, programme_id, draft, captions), today)


def missing_text(missing: Sequence[CasePerson], *, listed: int = 6) -> str:
    """Who may not be published, grouped by what is missing: «нет согласия родителя на
    публикацию — Ершов Илья Петрович, …и ещё 3»."""
    groups: dict[str, list[str]] = {}
    for person in missing:
        groups.setdefault(person.missing, []).append(person.name)
    parts = []
    for reason, names in groups.items():
        shown = ", ".join(names[:listed])
        if len(names) > listed:
            shown += f" и ещё {len(names) - listed}"
        parts.append(f"{reason} — {shown}")
    return "; ".join(parts)


def refusal_text(missing: Sequence[CasePerson]) -> str:
    """The message refusing photos when `missing` may not be published."""
    return (f"Фотографии не прикреплены: {missing_text(missing)}. Фото кейса публикуются "
            "только с согласия на публикацию всех его участников (за несовершеннолетнего — "
            "согласия родителя или законного представителя). Внесите согласие в карточку "
            "человека или сохраните кейс без фотографий.")


_ENDINGS = ("а", "я", "у", "ю", "ом", "ем", "ой", "ей", "ою", "е", "и", "ы", "ым", "им", "ых",
            "их", "ыми", "ими", "ого", "его", "ому", "ему", "ий", "ый", "ая", "ую", "ь", "о", "й",
            "ёй", "ей", "ём")


def _forms(word: str, shortest_stem: int = 3) -> str:
    """A regular expression for `word` and its declined forms (a stem and common endings)."""
    word = word.strip()
    if word.endswith(("ий", "ый", "ой")):
        stem = word[:-2]
    elif word.endswith(("а", "я", "й", "ь", "е", "о")):
        stem = word[:-1]
    else:
        stem = word
    if len(stem) < shortest_stem:
        return re.escape(word)
    return re.escape(stem) + "(?:" + "|".join(sorted(_ENDINGS, key=len, reverse=True)) + ")?"


def name_pattern(person: Person) -> re.Pattern[str]:
    """The person's name as written in a text: the surname in any case, with the first name,
    patronymic or initials before or after it."""
    last = _forms(person.last_name)
    first = _forms(person.first_name, 2) if person.first_name else None
    middle = _forms(person.middle_name, 2) if person.middle_name else None
    initials = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?"
    given = initials if first is None else (
        f"(?:{first}(?:\\s+{middle})?|{initials})" if middle else f"(?:{first}|{initials})")
    return re.compile(rf"(?<![\w-])(?:{given}\s+)?{last}(?:\s+{given})?(?![\w-])")


def without_names(text: str, people: Iterable[CasePerson], patterns: dict[int, re.Pattern[str]]
                  ) -> str:
    """`text` with the names of `people` replaced by their roles («наставник»), capitalised
    where a sentence begins."""
    for person in people:
        pattern = patterns.get(person.person_id)
        if pattern is None:
            continue

        def role(match: re.Match[str], word: str = person.role) -> str:
            before = match.string[:match.start()].rstrip(" «\"(")
            starts = not before or before.endswith((".", "!", "?", "\n", "—"))
            return word[:1].upper() + word[1:] if starts else word

        text = pattern.sub(role, text)
    return text


# --- writes -----------------------------------------------------------------------------------


def add_cases_in(session: Session, programme_id: int, drafts: Sequence[CaseDraft], *,
                 recorded_on: dt.date) -> list[int]:
    """Add the cases to the collection inside the caller's transaction; their ids."""
    order = session.scalar(select(func.max(PracticeCase.sort_order))) or 0
    rows = []
    for index, draft in enumerate(drafts, start=1):
        _check(session, programme_id, draft)
        row = PracticeCase(programme_id=programme_id, recorded_on=recorded_on,
                           sort_order=order + index)
        _fill(row, draft)
        session.add(row)
        rows.append(row)
    session.flush()
    for row in rows:
        audit.record(session, "create", "practice_case", row.id, "Добавлен кейс")
    return [row.id for row in rows]


def _check(session: Session, programme_id: int | None, draft: CaseDraft) -> None:
    if not draft.title.strip():
        raise ValidationError("У кейса нет названия: впишите, о чём эта практика.")
    if draft.pair_id is not None:
        pair = session.get(MentoringPair, draft.pair_id)
        if pair is None or (programme_id is not None and pair.programme_id != programme_id):
            raise ValidationError("Пара кейса не найдена в программе: выберите пару заново.")
    elif draft.form_id is not None and session.get(MentoringForm, draft.form_id) is None:
        raise ValidationError("Форма наставничества кейса не найдена: выберите её заново.")


def _fill(row: PracticeCase, draft: CaseDraft) -> None:
    row.pair_id = draft.pair_id
    row.form_id = None if draft.pair_id is not None else draft.form_id
    row.title = " ".join(draft.title.split())
    row.problem, row.actions = draft.problem.strip(), draft.actions.strip()
    row.result, row.quotes = draft.result.strip(), draft.quotes.strip()


def save_case(db: Database, programme_id: int, case_id: int | None, draft: CaseDraft,
              photos: Sequence[PhotoDraft] | None = None, *, today: dt.date,
              progress: ProgressCallback | None = None) -> int:
    """Add the case (`case_id` None) or change it, with its photos in the order given (None
    leaves them as they are). New photos are copied first, all or none; photos are refused,
    naming who lacks it, unless everyone of the case consents to publication. The case's id."""
    new_sources = [Path(p.source) for p in photos or () if p.source is not None]
    for source in new_sources:
        if source.suffix.lower() not in PHOTO_SUFFIXES:
            raise ValidationError(f"Файл «{source.name}» — не фотография: прикрепляются "
                                  "снимки JPEG и PNG.")
    with db.reading() as session:
        _check(session, programme_id, draft)
        old = session.get(PracticeCase, case_id) if case_id is not None else None
        if case_id is not None and old is None:
            raise ValidationError("Кейс не найден: возможно, его удалили. Обновите список.")
        keeps_photos = bool(photos) if photos is not None else bool(old and old.photos)
        subject_changed = old is not None and (old.pair_id, old.form_id) != (
            draft.pair_id, None if draft.pair_id is not None else draft.form_id)
        if new_sources or (keeps_photos and subject_changed):
            captions = [p.caption for p in photos or ()]
            missing = [p for p in with_consent(
                people_of_case(session, programme_id, draft, captions), today)
                if not p.may_publish]
            if missing:
                raise ValidationError(refusal_text(missing))
    copied = [location for _source, location in materials.copy_into_data_folder(
        db, new_sources, progress, folder_name=CASES_FOLDER)] if new_sources else []
    removed: list[str] = []
    try:
        with db.transaction() as session:
            if case_id is None:
                case_id = add_cases_in(session, programme_id, [draft], recorded_on=today)[0]
                row = session.get(PracticeCase, case_id)
                assert row is not None
            else:
                row = session.get(PracticeCase, case_id)
                if row is None:
                    raise ValidationError("Кейс не найден: возможно, его удалили. "
                                          "Обновите список.")
                _fill(row, draft)
                audit.record(session, "update", "practice_case", row.id,
                             f"Изменён кейс «{row.title}»")
            if photos is not None:
                removed = _set_photos(session, row, photos, copied)
    except BaseException:
        materials.remove_from_data_folder(db, copied, CASES_FOLDER)
        raise
    materials.remove_from_data_folder(db, removed, CASES_FOLDER)
    return case_id


def _set_photos(session: Session, row: PracticeCase, photos: Sequence[PhotoDraft],
                copied: Sequence[str]) -> list[str]:
    """The case's photos become `photos` (the new ones copied to `copied`, in their order);
    the locations of the photos taken off."""
    old = {photo.id: photo for photo in row.photos}
    new_locations = iter(copied)
    kept: list[CasePhoto] = []
    for order, draft in enumerate(photos, start=1):
        caption = " ".join(draft.caption.split())
        if draft.photo_id is not None:
            photo = old.pop(draft.photo_id, None)
            if photo is None:
                raise ValidationError("Фотография кейса не найдена: возможно, её удалили. "
                                      "Откройте кейс заново.")
            photo.caption, photo.sort_order = caption, order
        else:
            photo = CasePhoto(location=next(new_locations), caption=caption,
                              sort_order=order)
        kept.append(photo)
    row.photos = kept
    session.flush()
    return [photo.location for photo in old.values()]


def delete_cases(db: Database, case_ids: Iterable[int]) -> int:
    """Delete the cases with their photos (the files are removed after the commit)."""
    ids = list(case_ids)
    with db.transaction() as session:
        rows = list(session.scalars(select(PracticeCase).where(PracticeCase.id.in_(ids))))
        files = [photo.location for row in rows for photo in row.photos]
        for row in rows:
            session.delete(row)
        if rows:
            audit.record(session, "delete", "practice_case", None,
                         f"Удалены кейсы: {len(rows)}", titles=[row.title for row in rows])
    materials.remove_from_data_folder(db, files, CASES_FOLDER)
    return len(rows)


def move_case(db: Database, case_id: int, offset: int) -> bool:
    """Move the case up (-1) or down (+1) in its programme's collection; whether it moved."""
    with db.transaction() as session:
        row = session.get(PracticeCase, case_id)
        if row is None:
            raise ValidationError("Кейс не найден: возможно, его удалили. Обновите список.")
        ordered = list(session.scalars(select(PracticeCase).where(
            PracticeCase.programme_id == row.programme_id).order_by(
            PracticeCase.sort_order, PracticeCase.id)))
        index = ordered.index(row)
        target = index + offset
        if not 0 <= target < len(ordered):
            return False
        ordered.insert(target, ordered.pop(index))
        for order, case in enumerate(ordered, start=1):
            case.sort_order = order
        return True


# --- reads ------------------------------------------------------------------------------------


def _subject(session: Session, row: PracticeCase) -> str:
    if row.pair_id is not None:
        pair = session.get(MentoringPair, row.pair_id)
        if pair is not None:
            return subject_label(pair)
    if row.form_id is not None:
        form = session.get(MentoringForm, row.form_id)
        if form is not None:
            return f"Форма: {form.name}"
    return ""


def subject_label(pair: MentoringPair) -> str:
    """«Пара: Орлов И. П. — Ершов И. П.» / «Группа № 2: наставник Орлов И. П., наставляемых:
    5»."""
    mentor = pair.mentor.person
    people = [m.mentee.person for m in pair.members]
    head = short_name(mentor.last_name, mentor.first_name, mentor.middle_name)
    if len(people) == 1:
        one = people[0]
        return f"Пара: {head} — {short_name(one.last_name, one.first_name, one.middle_name)}"
    return f"{pair.title or 'Группа'}: наставник {head}, наставляемых: {len(people)}"


def _info(session: Session, row: PracticeCase) -> CaseInfo:
    return CaseInfo(id=row.id, programme_id=row.programme_id, pair_id=row.pair_id,
                    form_id=row.form_id, title=row.title, problem=row.problem,
                    actions=row.actions, result=row.result, quotes=row.quotes,
                    recorded_on=row.recorded_on, photos=len(row.photos),
                    subject=_subject(session, row))


def list_cases(db: Database, programme_id: int | None = None) -> list[CaseInfo]:
    """The collection in its order; of one programme when `programme_id` is given."""
    with db.reading() as session:
        query = select(PracticeCase).order_by(PracticeCase.sort_order, PracticeCase.id)
        if programme_id is not None:
            query = query.where(PracticeCase.programme_id == programme_id)
        return [_info(session, row) for row in session.scalars(query)]


def photo_path(db: Database, location: str) -> Path:
    return Path(db.path).resolve().parent / location


def case_detail(db: Database, case_id: int) -> CaseDetail:
    with db.reading() as session:
        row = session.get(PracticeCase, case_id)
        if row is None:
            raise ValidationError("Кейс не найден: возможно, его удалили. Обновите список.")
        return CaseDetail(_info(session, row), tuple(
            PhotoInfo(photo.id, photo.location, str(photo_path(db, photo.location)),
                      photo.caption) for photo in row.photos))


def case_subjects(db: Database, programme_id: int) -> list[CaseSubject]:
    """The pairs and groups of the programme (not dissolved), then the forms."""
    with db.reading() as session:
        pairs = session.scalars(select(MentoringPair).where(
            MentoringPair.programme_id == programme_id,
            MentoringPair.status != PairStatus.TERMINATED).order_by(MentoringPair.id))
        subjects = sorted((CaseSubject(subject_label(pair), pair_id=pair.id) for pair in pairs),
                          key=lambda s: s.label)
        forms = reference_lists.forms_offered(session)
        return subjects + [CaseSubject(f"Форма: {form.name}", form_id=form.id)
                           for form in forms]


def case_years(db: Database, current_programme_id: int) -> list[ProgrammeYear]:
    """The school years of the collection, latest first: the current programme's always, the
    earlier ones when they have cases."""
    with db.reading() as session:
        return programme_years(session, PracticeCase.programme_id, current_programme_id)
