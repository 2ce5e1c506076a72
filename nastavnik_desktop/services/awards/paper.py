"""The awards on paper: the certificates, грамоты and letters themselves, and the printable
register of issued awards — as recipes for `reports` (read from the register, laid out there).

The wording of each nomination is here, with the case the name takes after its lead:
- participant — «СЕРТИФИКАТ участника программы наставничества», «Настоящим подтверждается,
  что» + the nominative;
- best mentor, best pair — «ГРАМОТА», «награждается» + the nominative, «в номинации «…»»;
- thanks to a mentor — «БЛАГОДАРСТВЕННОЕ ПИСЬМО», «Выражаем искреннюю благодарность» + the
  dative, with the position and the organisation;
- thanks to the parents — «… благодарность родителям» + the genitive of the pupil-mentor.
The declined forms come from `people.declension.declined` (the curator's corrections win).
An annulled award is never printed; the date on a sheet is the day of issue (a reprint keeps
it, as it keeps the number).

The design of each kind of paper (`settings.AWARD_DESIGNS`) is set here too: a background is
copied into the data folder (`BACKGROUNDS_FOLDER`) and kept by its relative path. The school's
logo (`settings.SCHOOL_LOGO`, set in the settings) is printed on every sheet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import shutil
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import AWARD_NOMINATION_KIND, AwardNomination, PersonCategory
from nastavnik_desktop.data.models import MentorProfile, Person, Programme
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.files import os_reason, safe_file_name
from nastavnik_desktop.reports.awards import (
    AwardDesign,
    AwardSheet,
    AwardsPaper,
    awards_document,
    check_background,
)
from nastavnik_desktop.reports.awards_register import (
    RegisterData,
    RegisterRow,
    register_document,
    register_title,
)
from nastavnik_desktop.reports.names import detect_sex
from nastavnik_desktop.reports.process import PdfRecipe
from nastavnik_desktop.reports.requisites import Signer
from nastavnik_desktop.services.awards.register import AwardInfo, awards_in
from nastavnik_desktop.services.people import declension
from nastavnik_desktop.text import capitalised

BACKGROUNDS_FOLDER = "award_designs"
"""The folder beside the database where the designers' backgrounds are copied."""

AWARDS_TITLE = "Награды участников программы наставничества"


# -- the awards -----------------------------------------------------------------------------

def awards_recipe(db: Database, programme_id: int, *, award_ids: Sequence[int] | None,
                  day: dt.date) -> tuple[PdfRecipe, str]:
    """The awards `award_ids` (all the programme's valid ones when None), a page each; the
    recipe and the document's title. Annulled awards are left out. `day` is the day of printing,
    recorded with the document; each sheet carries its own day of issue, as it keeps its
    number."""
    return _awards_paper_recipe(db, programme_id, award_ids)


def _awards_paper_recipe(db: Database, programme_id: int, award_ids: Sequence[int] | None, *,
                         kinds: Sequence[str] | None = None,
                         sample_day: dt.date | None = None) -> tuple[PdfRecipe, str]:
    """The awards of `award_ids` of `kinds`; with `sample_day`, a sample sheet of the first
    kind when there is no such award (and the stored designs are not read)."""
    with db.reading() as session:
        programme = _programme(session, programme_id)
        awards = [award for award in awards_in(session, programme_id, award_ids)
                  if not award.annulled
                  and (kinds is None or AWARD_NOMINATION_KIND[award.nomination] in kinds)]
        people = {person.id: person for person in session.scalars(
            select(Person).where(Person.id.in_({award.person_id for award in awards})))}
        mentors = set(session.scalars(select(MentorProfile.person_id).where(
            MentorProfile.programme_id == programme_id)))
        sheets = tuple(_sheet(award, people[award.person_id], award.person_id in mentors,
                              programme.school_year) for award in awards)
        if not sheets and sample_day is not None and kinds:
            title, subtitle, lead = _SAMPLE_TITLES[kinds[0]]
            sheets = (AwardSheet(kind=kinds[0], title=title, subtitle=subtitle, lead=lead,
                                 name="Фамилия Имя Отчество", about="класс или должность",
                                 text="за что вручается награда", registry_number="0000-000",
                                 issued_on=sample_day),)
        if not sheets:
            raise ValidationError("Нет действующих наград для печати: выдайте награды на "
                                  "этапе 7 (аннулированные не печатаются).")
        paper = AwardsPaper(founder=programme.school.founder.strip(),
                            school_name=programme.school.full_name.strip(),
                            settlement=programme.school.settlement.strip(),
                            signer=_signer(programme), sheets=sheets,
                            designs={} if sample_day else _designs(db, session),
                            title=AWARDS_TITLE, logo=_logo(db, session))
    return PdfRecipe(awards_document, (paper,), rows=len(sheets)), AWARDS_TITLE


def _programme(session: Session, programme_id: int) -> Programme:
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise ValidationError("Программа не найдена: возможно, её удалили.")
    return programme


def _signer(programme: Programme) -> Signer:
    school = programme.school
    if not school.director_name.strip():
        raise ValidationError("Не указаны ФИО директора: заполните реквизиты школы на этапе 1.")
    return Signer.from_full_name(school.director_position.strip() or "Директор",
                                 school.director_name)


def _female(person: Person) -> bool:
    """The grammatical sex of the words around the name: the patronymic decides."""
    sex = detect_sex(person.last_name, person.first_name, person.middle_name)
    if sex is None and person.sex is not None:
        return person.sex.value == "ж"
    return sex == "ж"


def _sheet(award: AwardInfo, person: Person, is_mentor: bool, year: str) -> AwardSheet:
    female = _female(person)
    forms = declension.declined(person)
    pupil = person.category is PersonCategory.PUPIL and bool(person.class_name)
    in_year = f"в {year} учебном году"
    nomination = award.nomination
    sheet = functools.partial(AwardSheet, registry_number=award.registry_number,
                              issued_on=award.issued_on)
    if nomination is AwardNomination.PARTICIPANT:
        role = "наставника" if is_mentor else "наставляемого"
        took = "приняла" if female else "принял"
        return sheet(
            kind="certificate", title="СЕРТИФИКАТ",
            subtitle="участника программы наставничества", lead="Настоящим подтверждается, что",
            name=person.full_name, about=_about(person, female, pupil, "nominative"),
            text=award.wording or f"{took} участие в программе наставничества {in_year} "
                                  f"в роли {role}")
    if nomination in (AwardNomination.BEST_MENTOR, AwardNomination.BEST_PAIR):
        best = "Лучший наставник" if nomination is AwardNomination.BEST_MENTOR \
            else "Лучшая наставническая пара"
        reason = ("за высокие результаты работы наставника в программе наставничества"
                  if nomination is AwardNomination.BEST_MENTOR
                  else "за высокие результаты совместной работы в программе наставничества")
        return sheet(
            kind="diploma", title="ГРАМОТА", subtitle="", lead="награждается",
            name=person.full_name, about=_about(person, female, pupil, "nominative"),
            text=f"в номинации «{best}»\n" + (award.wording or f"{reason} {in_year}"))
    if nomination is AwardNomination.THANKS_MENTOR:
        return sheet(
            kind="thanks", title="БЛАГОДАРСТВЕННОЕ ПИСЬМО", subtitle="",
            lead="Выражаем искреннюю благодарность", name=forms.dative or person.full_name,
            about=", ".join(p for p in (person.position.strip(), person.organisation.strip())
                            if p),
            text=award.wording or "за участие в программе наставничества в роли наставника, "
                                  f"щедро переданный опыт и внимание к обучающимся {in_year}")
    return sheet(
        kind="thanks", title="БЛАГОДАРСТВЕННОЕ ПИСЬМО", subtitle="",
        lead="Выражаем искреннюю благодарность родителям",
        name=forms.genitive or person.full_name,
        about=_about(person, female, pupil, "genitive"),
        text=award.wording or f"за воспитание {'дочери' if female else 'сына'}, "
                              f"{'ставшей' if female else 'ставшим'} наставником для "
                              f"младших товарищей в программе наставничества {in_year}")


def _about(person: Person, female: bool, pupil: bool, case: str) -> str:
    """Who the person is, agreeing with the name: «обучающаяся 10А класса», «обучающегося
    10А класса»; a mentor of staff: the position (and organisation)."""
    if pupil:
        word = {("nominative", False): "обучающийся", ("nominative", True): "обучающаяся",
                ("genitive", False): "обучающегося", ("genitive", True): "обучающейся"}
        return f"{word[(case, female)]} {person.class_name} класса"
    if case == "genitive":
        return ""
    return ", ".join(p for p in (person.position.strip(), person.organisation.strip()) if p)


# -- the register ---------------------------------------------------------------------------

def register_recipe(db: Database, programme_id: int, *, day: dt.date) -> tuple[PdfRecipe, str]:
    """The register of the programme's issued awards as of `day`; the recipe and the title.
    Annulled awards stay in it, marked with the day and the reason."""
    with db.reading() as session:
        programme = _programme(session, programme_id)
        awards = [award for award in awards_in(session, programme_id)
                  if award.issued_on <= day]
        school = programme.school
        data = RegisterData(organisation=school.full_name.strip(),
                            school_year=programme.school_year,
                            rows=tuple(_register_row(award) for award in awards))
    if not data.rows:
        raise ValidationError("Реестр наград пуст: наград на эту дату ещё не выдано.")
    return (PdfRecipe(register_document, (data,), {"as_of": day}, rows=len(data.rows)),
            register_title(data.school_year))


def _register_row(award: AwardInfo) -> RegisterRow:
    return RegisterRow(registry_number=award.registry_number, issued_on=award.issued_on,
                       name=award.person_name, place=award.person_place,
                       award=capitalised(award.nomination_label),
                       order=award.order_reference,
                       reissued_on=award.reissued_on, annulled_on=award.annulled_on,
                       annul_reason=award.annul_reason)


# -- the design -----------------------------------------------------------------------------

def backgrounds_folder(db: Database) -> Path:
    return Path(db.path).resolve().parent / BACKGROUNDS_FOLDER


def _designs(db: Database, session: Session) -> dict[str, AwardDesign]:
    """The stored design of each kind with the backgrounds' absolute paths; a background
    gone from the data folder is refused, saying what to do."""
    out: dict[str, AwardDesign] = {}
    folder = Path(db.path).resolve().parent
    for kind, design in settings.load(session, settings.AWARD_DESIGNS).items():
        background = ""
        if design.background:
            path = folder / design.background
            if not path.is_file():
                raise ValidationError(
                    f"Фон наград не найден: «{path}». Выберите его заново в «Оформлении "
                    "наград» или верните встроенное оформление.")
            background = str(path)
        out[kind] = AwardDesign(landscape=design.landscape, background=background)
    return out


def _logo(db: Database, session: Session) -> str:
    """The school's logo (`settings.SCHOOL_LOGO`) as an absolute path, "" without one; a logo
    gone from the data folder is refused, saying what to do."""
    logo = settings.load(session, settings.SCHOOL_LOGO)
    if not logo:
        return ""
    path = Path(db.path).resolve().parent / logo
    if not path.is_file():
        raise ValidationError(f"Логотип школы не найден: «{path}». Выберите его заново в "
                              "«Настройках» (вкладка «Школа») или уберите его там.")
    return str(path)


_SAMPLE_TITLES = {"certificate": ("СЕРТИФИКАТ", "участника программы наставничества",
                                   "Настоящим подтверждается, что"),
                  "diploma": ("ГРАМОТА", "", "награждается"),
                  "thanks": ("БЛАГОДАРСТВЕННОЕ ПИСЬМО", "", "Выражаем искреннюю благодарность")}


def sample_recipe(db: Database, programme_id: int, kind: str, *, landscape: bool,
                  background: Path | None, day: dt.date) -> PdfRecipe:
    """One sheet of `kind` in a design not yet saved (the design dialog's preview): the first
    valid award of that kind, or a sample with «Фамилия Имя Отчество»."""
    if background is not None:
        check_background(background)
    design = AwardDesign(landscape=landscape, background=str(background or ""))
    recipe, _title = _awards_paper_recipe(db, programme_id, None, kinds=(kind,),
                                          sample_day=day)
    paper = recipe.args[0]
    return PdfRecipe(awards_document, (dataclasses.replace(
        paper, sheets=paper.sheets[:1], designs={kind: design}),))


def check_background_file(path: Path) -> None:
    """Refuse, in Russian, a file that cannot be a background (not a PNG/JPEG, unreadable)."""
    check_background(path)


def background_path(db: Database, design: settings.AwardDesign) -> Path | None:
    """The stored background's absolute path (None: the built-in design)."""
    return Path(db.path).resolve().parent / design.background if design.background else None


def award_designs(db: Database) -> dict[str, settings.AwardDesign]:
    """The stored design of each kind (backgrounds relative to the data folder)."""
    with db.reading() as session:
        return settings.load(session, settings.AWARD_DESIGNS)


def set_award_design(db: Database, kind: str, *, landscape: bool,
                     background: Path | None, keep_background: bool = False) -> None:
    """Set the design of `kind`: the orientation, and the background — a PNG/JPEG copied into
    the data folder, None for the built-in frame, or the current one with `keep_background`."""
    if kind not in settings.AWARD_PAPER_KINDS:
        raise ValidationError(f"Неизвестный вид награды «{kind}».")
    relative = ""
    if background is not None:
        check_background(background)
        folder = backgrounds_folder(db)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / safe_file_name(f"{kind}_{background.stem}", background.suffix.lower())
        try:
            if background.resolve() != target.resolve():
                shutil.copyfile(background, target)
        except OSError as exc:
            raise ValidationError(f"Не удалось скопировать «{background.name}» в папку данных: "
                                  f"{os_reason(exc)}. Выберите другой файл или освободите "
                                  "место на диске.", details=repr(exc)) from None
        relative = f"{BACKGROUNDS_FOLDER}/{target.name}"
    with db.transaction() as session:
        designs = settings.load(session, settings.AWARD_DESIGNS)
        if keep_background and background is None:
            relative = designs[kind].background
        designs[kind] = settings.AwardDesign(background=relative, landscape=landscape)
        settings.save(session, settings.AWARD_DESIGNS, designs)
