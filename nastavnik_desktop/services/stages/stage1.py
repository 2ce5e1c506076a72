"""Stage 1 «Подготовка условий для запуска программы»: the wizard's data and its one save.

(The start of a new school year from last year's programme is services/new_year.py.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    PersonCategory,
)
from nastavnik_desktop.data.models import (
    Person,
    Programme,
    ProgrammeForm,
    ProgrammeRoleModel,
    RoleModel,
    School,
    TeamMember,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit, reference_lists
from nastavnik_desktop.services.legal_documents import (
    LegalDocument,
    check_legal_documents,
    copy_attachment,
    record_legal_document,
    recorded_legal_documents,
)
from nastavnik_desktop.services.people import persons
from nastavnik_desktop.services.programme import (
    ProgrammeInfo,
    current_programme,
    new_programme,
    school_year_for,
    validate_school_year,
)
from nastavnik_desktop.services.roadmap import generate_roadmap, has_roadmap
from nastavnik_desktop.services.school import SchoolRequisites, write_school
from nastavnik_desktop.services.stages.status import finish_stage, record_stage_work, start_stage
from nastavnik_desktop.text import full_name

CURATOR_ROLE = "куратор"
STAGE1_FIELDS = ("full_name", "short_name", "address", "municipality", "founder", "settlement",
                 "director_name", "director_position")
"""The requisites the wizard asks (the others — ИНН, phone, e-mail — are the settings')."""

_DEFAULT_GOAL = (
    "Максимально полное раскрытие потенциала личности наставляемого, необходимое для успешной "
    "личной и профессиональной самореализации в современных условиях неопределённости, а также "
    "создание условий для формирования эффективной системы поддержки, самоопределения и "
    "профессиональной ориентации всех обучающихся в возрасте от 10 лет, педагогических "
    "работников разных уровней образования и молодых специалистов."
)
_DEFAULT_TASKS = (
    "Улучшение показателей в образовательной, социокультурной, спортивной сферах и в сфере "
    "дополнительного образования.",
    "Подготовка обучающихся к самостоятельной, осознанной и социально продуктивной жизни, "
    "раскрытие их личностного, творческого и профессионального потенциала.",
    "Раскрытие потенциала молодых специалистов и педагогов, адаптация их в новой должности и "
    "в педагогическом коллективе.",
    "Создание психологически комфортной среды для развития и повышения квалификации "
    "педагогов, увеличение числа закрепившихся в профессии педагогических кадров.",
    "Создание открытого и эффективного сообщества вокруг школы, в котором выстроены "
    "доверительные и партнёрские отношения.",
)
_DEFAULT_RESULTS = (
    "Успешная адаптация и активная жизненная позиция обучающихся, рост их мотивации к учёбе "
    "и саморазвитию, снижение показателей неуспеваемости.",
    "Осознанный выбор обучающимися профессии и дальнейшей образовательной траектории.",
    "Закрепление молодых специалистов в профессии, рост их профессиональных компетенций.",
    "Рост числа обучающихся и педагогов, вовлечённых в программу наставничества, и числа "
    "партнёров школы.",
    "Сформированные базы наставников и наставляемых, лучшие практики наставничества.",
)


def default_goal() -> str:
    return _DEFAULT_GOAL


def default_tasks() -> str:
    """The tasks of the target model (Р-145), one per line."""
    return "\n".join(_DEFAULT_TASKS)


def default_results() -> str:
    return "\n".join(_DEFAULT_RESULTS)


@dataclass(frozen=True)
class NewStaff:
    """A staff member the curator adds in the wizard (an empty database has none yet). The
    person is created by the wizard's save, in the same transaction; equal values are one
    person, so the same `NewStaff` may be the curator and appear in the team."""

    last_name: str
    first_name: str
    middle_name: str = ""
    position: str = ""

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name)

    def person(self) -> persons.NewPerson:
        return persons.NewPerson(last_name=self.last_name, first_name=self.first_name,
                                 middle_name=self.middle_name, position=self.position,
                                 category=PersonCategory.STAFF)


PersonRef = int | NewStaff
"""A person of the curator's team: the id of someone in the base, or a `NewStaff` to create."""


@dataclass(frozen=True)
class StaffChoice:
    """A teacher or another employee the wizard offers for the curator and the team."""

    id: int
    full_name: str
    position: str


@dataclass(frozen=True)
class RoleModelChoice:
    id: int
    name: str


@dataclass(frozen=True)
class FormChoice:
    """A form of mentoring with its role models; `hidden` ones are offered only if chosen."""

    id: int
    name: str
    mentor_description: str
    mentee_description: str
    hidden: bool
    role_models: tuple[RoleModelChoice, ...]


@dataclass(frozen=True)
class Stage1Data:
    """Everything the stage 1 wizard collects. `role_model_ids` maps a form id to the ids of
    its role models chosen; `team` lists (person, role). The curator and team members are
    `PersonRef`s: people in the base by id, or `NewStaff` created by the save."""

    school_full_name: str
    school_year: str
    curator_id: PersonRef | None
    school_short_name: str = ""
    address: str = ""
    municipality: str = ""
    founder: str = ""
    """The founder line above the school's name on its orders."""
    settlement: str = ""
    """The place of compilation under an order's date («г. Тверь»)."""
    director_name: str = ""
    director_position: str = "Директор"
    team: tuple[tuple[PersonRef, str], ...] = ()
    form_ids: tuple[int, ...] = ()
    role_model_ids: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    goal: str = field(default_factory=default_goal)
    tasks: str = field(default_factory=default_tasks)
    expected_results: str = field(default_factory=default_results)
    documents: tuple[LegalDocument, ...] = ()


def _info(programme: Programme, school: School) -> ProgrammeInfo:
    return ProgrammeInfo(id=programme.id, school_year=programme.school_year,
                         school_name=school.short_name or school.full_name,
                         status=programme.status)


def stage1_defaults(db: Database) -> Stage1Data:
    """The wizard's starting values: what the school and its current programme already hold,
    the methodology's wording where nothing is stored yet."""
    current = current_programme(db)
    with db.reading() as session:
        school = session.scalars(select(School).order_by(School.id)).first()
        programme = session.get(Programme, current.id) if current else None
        if school is None:
            return Stage1Data(school_full_name="", school_year=school_year_for(dt.date.today()),
                              curator_id=None)
        if programme is None:
            return Stage1Data(
                school_full_name=school.full_name, school_short_name=school.short_name,
                address=school.address, municipality=school.municipality,
                founder=school.founder, settlement=school.settlement,
                director_name=school.director_name,
                director_position=school.director_position,
                school_year=school_year_for(dt.date.today()), curator_id=None)
        form_ids = tuple(sorted(f.form_id for f in programme.forms))
        chosen = set(session.scalars(select(ProgrammeRoleModel.role_model_id).where(
            ProgrammeRoleModel.programme_id == programme.id)))
        role_models: dict[int, tuple[int, ...]] = {}
        for model in session.scalars(select(RoleModel).where(RoleModel.id.in_(chosen))
                                     .order_by(RoleModel.sort_order, RoleModel.id)):
            role_models[model.form_id] = (*role_models.get(model.form_id, ()), model.id)
        documents = recorded_legal_documents(session, programme.id)
        return Stage1Data(
            school_full_name=school.full_name, school_short_name=school.short_name,
            address=school.address, municipality=school.municipality,
                founder=school.founder, settlement=school.settlement,
            director_name=school.director_name, director_position=school.director_position,
            school_year=programme.school_year, curator_id=programme.curator_id,
            team=tuple((m.person_id, m.role) for m in sorted(programme.team,
                                                              key=lambda m: m.id)),
            form_ids=form_ids, role_model_ids=role_models,
            goal=programme.goal or default_goal(), tasks=programme.tasks or default_tasks(),
            expected_results=programme.expected_results or default_results(),
            documents=documents)


def staff_choices(db: Database, also: Collection[int] = ()) -> tuple[StaffChoice, ...]:
    """Teachers and other employees of the school (not archived), by surname; `also` adds
    people by id whatever their category (a team chosen earlier keeps its members)."""
    with db.reading() as session:
        people = session.scalars(select(Person).where(or_(
            and_(Person.category == PersonCategory.STAFF, Person.archived.is_(False)),
            Person.id.in_(list(also)))))
        choices = [StaffChoice(p.id, p.full_name, p.position) for p in people]
    # SQLite's lower() knows only ASCII: sort the Cyrillic names here.
    return tuple(sorted(choices, key=lambda c: (c.full_name.casefold().replace("ё", "е"),
                                                c.id)))


def form_choices(db: Database, chosen: Stage1Data | None = None) -> tuple[FormChoice, ...]:
    """The forms of mentoring and their role models as the reference lists offer them: the
    visible ones in the curator's order, and what `chosen` already holds even when hidden since
    (`reference_lists`, the one rule)."""
    form_ids = chosen.form_ids if chosen else ()
    model_ids = [m for ids in chosen.role_model_ids.values() for m in ids] if chosen else []
    with db.reading() as session:
        forms = reference_lists.forms_offered(session, keep=form_ids)
        models: dict[int, list[RoleModelChoice]] = {}
        for model in reference_lists.role_models_offered(session, [f.id for f in forms],
                                                         keep=model_ids):
            models.setdefault(model.form_id, []).append(RoleModelChoice(model.id, model.name))
        return tuple(
            FormChoice(f.id, f.name, f.mentor_description, f.mentee_description, f.hidden,
                       tuple(models.get(f.id, ())))
            for f in forms)


@dataclass(frozen=True)
class Stage1Start:
    """What the stage 1 wizard opens with: its starting values, the forms to choose from and
    the staff (with the team chosen earlier)."""

    data: Stage1Data
    forms: tuple[FormChoice, ...]
    staff: tuple[StaffChoice, ...]

    @property
    def team_ids(self) -> tuple[int, ...]:
        """The people of the team chosen earlier, the curator last (kept among the staff)."""
        ids = [ref for ref, _role in self.data.team if isinstance(ref, int)]
        if isinstance(self.data.curator_id, int):
            ids.append(self.data.curator_id)
        return tuple(ids)


def stage1_start(db: Database) -> Stage1Start:
    """The stage 1 wizard's start data (read in a worker: the staff of a large school)."""
    data = stage1_defaults(db)
    start = Stage1Start(data, form_choices(db, data), ())
    return Stage1Start(data, start.forms, staff_choices(db, also=start.team_ids))


def complete_stage1(db: Database, data: Stage1Data, *,
                    today: dt.date | None = None) -> ProgrammeInfo:
    """The wizard's Finish: one transaction that sets up (or updates) the programme of the
    school year, its roadmap (dated from `today` when the programme opens during the school
    year) with the events stage 1 fulfilled marked done, and closes stage 1.

    Attached files are copied first; if the save then fails, the copies stay in the
    `documents` folder but nothing in the database refers to them.
    """
    year = validate_school_year(data.school_year)
    full_name = " ".join(data.school_full_name.split())
    if not full_name:
        raise ValidationError("Укажите полное наименование образовательной организации.")
    if data.curator_id is None:
        raise ValidationError("Назначьте куратора программы наставничества.")
    if not data.form_ids:
        raise ValidationError("Выберите хотя бы одну форму наставничества.")
    new_staff = _new_staff(data)
    today = today or dt.date.today()
    check_legal_documents(data.documents, today)
    copies = {doc.kind: copy_attachment(db, doc, year) for doc in data.documents
              if doc.source_path is not None}
    with db.transaction() as session:
        team = _create_staff_and_resolve_team(session, data, new_staff)
        _check_people(session, team, data)
        school = write_school(session, SchoolRequisites(
            full_name=full_name, short_name=data.school_short_name,
            address=data.address, municipality=data.municipality, founder=data.founder,
            settlement=data.settlement, director_name=data.director_name,
            director_position=data.director_position), fields=STAGE1_FIELDS)
        programme = session.scalars(select(Programme).where(
            Programme.school_id == school.id, Programme.school_year == year)).first()
        created = programme is None
        if programme is None:
            programme = new_programme(session, school, year, opened_on=today)
        programme.curator_id = team.curator_id
        programme.goal = data.goal.strip()
        programme.tasks = data.tasks.strip()
        programme.expected_results = data.expected_results.strip()
        _set_team_and_forms(session, programme.id, team, data)
        for document in data.documents:
            record_legal_document(session, programme.id, document,
                                  copies.get(document.kind))
        if not has_roadmap(session, programme.id):
            generate_roadmap(session, programme)
        finish_stage(session, programme.id, 1, today)
        start_stage(session, programme.id, 2, today)
        record_stage_work(session, programme.id, 1, today)
        audit.record(session, "create" if created else "update", "programme", programme.id,
                     f"Этап 1 завершён: программа наставничества на {year} учебный год",
                     team=len(data.team), forms=list(data.form_ids),
                     new_staff=len(new_staff))
        session.flush()
        session.refresh(programme)
        return _info(programme, school)


def _new_staff(data: Stage1Data) -> tuple[NewStaff, ...]:
    """The people to create, each once, checked before anything is written."""
    people = dict.fromkeys(ref for ref in (data.curator_id, *(p for p, _ in data.team))
                           if isinstance(ref, NewStaff))
    for person in people:
        if persons.missing_name_problem(person.last_name, person.first_name):
            raise ValidationError("Укажите фамилию и имя нового сотрудника "
                                  f"«{person.full_name or 'без имени'}».")
        problems = persons.written_name_problems(person.last_name, person.first_name,
                                                 person.middle_name)
        if problems:
            raise ValidationError(f"Новый сотрудник «{person.full_name}»: {problems[0]}")
    return tuple(people)


@dataclass(frozen=True)
class _Team:
    """The curator and the team by person id, once new staff members exist."""

    curator_id: int
    members: tuple[tuple[int, str], ...]


def _create_staff_and_resolve_team(session: Session, data: Stage1Data,
                                   new_staff: tuple[NewStaff, ...]) -> _Team:
    """Create the new staff members; the curator and the team then by id."""
    rows = {person: persons.create_person(session, person.person()) for person in new_staff}
    session.flush()
    ids = {person: row.id for person, row in rows.items()}

    def resolve(ref: PersonRef) -> int:
        return ids[ref] if isinstance(ref, NewStaff) else ref

    assert data.curator_id is not None
    return _Team(resolve(data.curator_id),
                 tuple((resolve(ref), role) for ref, role in data.team))


def _check_people(session: Session, team: _Team, data: Stage1Data) -> None:
    ids = {team.curator_id, *(person_id for person_id, _ in team.members)}
    found = set(session.scalars(select(Person.id).where(Person.id.in_(ids))))
    if ids - found:
        raise ValidationError("Среди куратора и команды есть человек, которого нет в базе "
                              "(возможно, его удалили). Выберите людей заново.")
    for form_id, model_ids in data.role_model_ids.items():
        if form_id not in data.form_ids:
            continue
        found_forms = list(session.scalars(select(RoleModel.form_id).where(
            RoleModel.id.in_(model_ids))))
        if set(found_forms) - {form_id} or len(found_forms) != len(set(model_ids)):
            raise ValidationError("Ролевая модель выбрана не для своей формы наставничества.")


def _set_team_and_forms(session: Session, programme_id: int, team: _Team,
                        data: Stage1Data) -> None:
    """Replace the team, forms and role models (deleted by statement first: the same rows may
    come back, and their unique keys must be free)."""
    session.flush()
    for model in (TeamMember, ProgrammeForm, ProgrammeRoleModel):
        session.execute(delete(model).where(model.programme_id == programme_id))
    session.expire_all()
    members: dict[tuple[int, str], None] = {(team.curator_id, CURATOR_ROLE): None}
    for person_id, role in team.members:
        members[(person_id, role.strip() or CURATOR_ROLE)] = None
    session.add_all(TeamMember(programme_id=programme_id, person_id=person_id, role=role)
                    for person_id, role in members)
    form_ids = dict.fromkeys(data.form_ids)
    session.add_all(ProgrammeForm(programme_id=programme_id, form_id=f) for f in form_ids)
    models = {m for f in form_ids for m in data.role_model_ids.get(f, ())}
    session.add_all(ProgrammeRoleModel(programme_id=programme_id, role_model_id=m)
                    for m in sorted(models))
    session.flush()
