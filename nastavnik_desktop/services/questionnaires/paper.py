"""Paper for a questionnaire: who gets a blank, and the data of the blanks (PDF) and of the
template to send (.xlsx) — handed to the builders of `reports/`.

Who gets a blank (`PaperPeople`):
- the people a round expects (`rounds.round_people`: the participants its questionnaire's
  audience and form name);
- the programme's mentees, or its mentors: those in a pair or group at work or completed
  (`rounds.expected_people`), and those whose profile says so before the pairs are formed — a
  mentee paired or finished, a mentor admitted; never one who left or was rejected, never a
  person archived;
- one class: the programme's participants the questionnaire asks (mentees, mentors or both) who
  are pupils of that class;
- an empty blank, with lines for the ФИО and the class.

People are ordered as blanks are handed out: pupils by class («5А» < «10Б»), then by name;
adults after them, by name. Questions are numbered in the questionnaire's order through all
its sections, as the columns of the keyboard grid are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    Audience,
    MenteeStatus,
    MentorStatus,
    PersonCategory,
    QuestionKind,
)
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentorProfile,
    Person,
    Programme,
    QuestionnaireRound,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.files import safe_file_name
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.reports.answers_template import (
    AnswersTemplateData,
    PaperKind,
    PaperQuestion,
    TemplatePerson,
    answers_template,
)
from nastavnik_desktop.reports.process import PdfRecipe, write_pdf
from nastavnik_desktop.services.legal_documents import new_document_path
from nastavnik_desktop.services.questionnaires.library import QuestionnaireInfo, questionnaire
from nastavnik_desktop.services.questionnaires.rounds import expected_people, round_people, rounds
from nastavnik_desktop.text import alphabetical_key, class_sort_key, full_name, shorten

_KINDS: dict[QuestionKind, PaperKind] = {
    QuestionKind.SCALE: "scale", QuestionKind.YES_NO: "yes_no", QuestionKind.TEXT: "text",
    QuestionKind.SINGLE: "single", QuestionKind.MULTIPLE: "multiple"}
PROCESS_BLANKS = 40
"""From this many blanks the PDF is laid out in a child process (`reports.process`)."""

CLASS_LABEL = "Класс"
POSITION_LABEL = "Должность"
STUDY_LABEL = "Место учёбы"


class PaperPeople(StrEnum):
    ROUND = "round"
    MENTEES = "mentees"
    MENTORS = "mentors"
    CLASS = "class"
    EMPTY = "empty"


@dataclass(frozen=True)
class PaperChoice:
    """Whose blanks: `round_id` with ROUND, `class_name` with CLASS."""

    people: PaperPeople
    round_id: int | None = None
    class_name: str = ""
    missing_only: bool = False
    """With ROUND: only the people who have not answered the round yet."""


@dataclass(frozen=True)
class PaperPerson:
    id: int
    full_name: str
    class_name: str
    """The class of a pupil, "" for an adult."""
    place_label: str
    place: str


@dataclass(frozen=True)
class PaperResult:
    path: Path
    people: int
    """How many people got a blank or a row (0 for an empty blank or template)."""


# --- who -------------------------------------------------------------------------------------


def _paper_person(person: Person) -> PaperPerson:
    name = full_name(person.last_name, person.first_name, person.middle_name)
    if person.category is PersonCategory.PUPIL:
        return PaperPerson(person.id, name, person.class_name, CLASS_LABEL, person.class_name)
    place = ", ".join(p for p in (person.position or person.subject, person.organisation) if p)
    label = STUDY_LABEL if person.category is PersonCategory.STUDENT else POSITION_LABEL
    return PaperPerson(person.id, name, "", label, place)


def _order(person: PaperPerson) -> tuple[object, ...]:
    pupil = bool(person.class_name)
    return (not pupil, class_sort_key(person.class_name) if pupil else (0, 0, ""),
            alphabetical_key(person.full_name), person.id)


def _participants(session: Session, programme_id: int, audience: Audience) -> set[int]:
    """The programme's mentees and/or mentors who may answer (see the module's docstring)."""
    people: set[int] = set()
    if audience in (Audience.MENTEE, Audience.ANY):
        people |= expected_people(session, programme_id, Audience.MENTEE, None)
        people.update(session.scalars(select(MenteeProfile.person_id).where(
            MenteeProfile.programme_id == programme_id,
            MenteeProfile.status.in_((MenteeStatus.PAIRED, MenteeStatus.FINISHED)))))
    if audience in (Audience.MENTOR, Audience.ANY):
        people |= expected_people(session, programme_id, Audience.MENTOR, None)
        people.update(session.scalars(select(MentorProfile.person_id).where(
            MentorProfile.programme_id == programme_id,
            MentorProfile.status == MentorStatus.ADMITTED)))
    return people


def _people(session: Session, ids: Iterable[int]) -> list[PaperPerson]:
    wanted = list(ids)
    rows: list[Person] = []
    for start in range(0, len(wanted), 500):  # SQLite's limit of bound parameters
        rows += session.scalars(select(Person).where(
            Person.id.in_(wanted[start:start + 500]), Person.archived.is_(False)))
    return sorted((_paper_person(p) for p in rows), key=_order)


def _questionnaire_or_error(db: Database, programme_id: int,
                            questionnaire_id: int) -> QuestionnaireInfo:
    info = questionnaire(db, questionnaire_id)
    if info.programme_id is not None and info.programme_id != programme_id:
        raise ValidationError(f"Анкета «{shorten(info.title)}» составлена для другой "
                              "программы. Выберите анкету этой программы.")
    if not info.questions:
        raise ValidationError(f"В анкете «{shorten(info.title)}» нет вопросов: печатать "
                              "нечего. Добавьте вопросы в конструкторе анкет.")
    return info


def _round_or_error(session: Session, programme_id: int, questionnaire_id: int,
                    round_id: int | None) -> QuestionnaireRound:
    found = session.get(QuestionnaireRound, round_id) if round_id is not None else None
    if found is None or found.programme_id != programme_id:
        raise ValidationError("Опрос не найден в этой программе: возможно, его удалили. "
                              "Выберите опрос снова.")
    if found.template_id != questionnaire_id:
        raise ValidationError(f"В опросе «{shorten(found.title)}» заполняют другую анкету. "
                              "Выберите анкету этого опроса.")
    return found


def paper_people(db: Database, programme_id: int, questionnaire_id: int,
                 choice: PaperChoice) -> tuple[PaperPerson, ...]:
    """Who gets a blank (or a row of the template), in the order they are handed out."""
    info = _questionnaire_or_error(db, programme_id, questionnaire_id)
    if choice.people is PaperPeople.EMPTY:
        return ()
    if choice.people is PaperPeople.ROUND:
        with db.reading() as session:
            _round_or_error(session, programme_id, questionnaire_id, choice.round_id)
        assert choice.round_id is not None
        found = round_people(db, choice.round_id)
        ids = set(found.missing if choice.missing_only else found.expected)
        with db.reading() as session:
            return tuple(_people(session, ids))
    with db.reading() as session:
        if choice.people is PaperPeople.MENTEES:
            return tuple(_people(session, _participants(session, programme_id,
                                                        Audience.MENTEE)))
        if choice.people is PaperPeople.MENTORS:
            return tuple(_people(session, _participants(session, programme_id,
                                                        Audience.MENTOR)))
        people = _people(session, _participants(session, programme_id, info.audience))
    wanted = alphabetical_key(choice.class_name.strip())
    return tuple(p for p in people if p.class_name and alphabetical_key(p.class_name) == wanted)


def paper_classes(db: Database, programme_id: int, questionnaire_id: int) -> tuple[str, ...]:
    """The classes of the participants the questionnaire asks, in school order (for «one
    class»)."""
    info = _questionnaire_or_error(db, programme_id, questionnaire_id)
    with db.reading() as session:
        people = _people(session, _participants(session, programme_id, info.audience))
    return tuple(sorted({p.class_name for p in people if p.class_name}, key=class_sort_key))


@dataclass(frozen=True)
class PaperRound:
    id: int
    title: str
    expected: int
    missing: int
    """Expected and not answered yet."""


@dataclass(frozen=True)
class PaperOptions:
    """What the paper dialog offers for a questionnaire, with how many blanks each gives."""

    title: str
    rounds: tuple[PaperRound, ...]
    """The programme's rounds of this questionnaire, the latest first."""
    mentees: int
    mentors: int
    classes: tuple[tuple[str, int], ...]
    """(class, participants of it the questionnaire asks), in school order."""
    default: PaperPeople = PaperPeople.MENTEES
    """Whose blanks to offer first: the round's people, else those the questionnaire asks."""


def paper_options(db: Database, programme_id: int, questionnaire_id: int) -> PaperOptions:
    info = _questionnaire_or_error(db, programme_id, questionnaire_id)
    found = tuple(PaperRound(r.id, r.title, r.expected, r.expected - r.answered)
                  for r in rounds(db, programme_id) if r.template_id == questionnaire_id)
    with db.reading() as session:
        mentees = _people(session, _participants(session, programme_id, Audience.MENTEE))
        mentors = _people(session, _participants(session, programme_id, Audience.MENTOR))
        asked = {p.id: p for p in (*mentees, *mentors)} if info.audience is Audience.ANY \
            else {p.id: p for p in (mentees if info.audience is Audience.MENTEE else mentors)}
    by_class: dict[str, int] = {}
    for person in asked.values():
        if person.class_name:
            by_class[person.class_name] = by_class.get(person.class_name, 0) + 1
    classes = tuple(sorted(by_class.items(), key=lambda item: class_sort_key(item[0])))
    return PaperOptions(info.title, found, len(mentees), len(mentors), classes,
                        default_people(info.audience))


def default_people(audience: Audience) -> PaperPeople:
    """The programme's people a questionnaire of `audience` asks: its mentors for a mentors'
    questionnaire, else its mentees."""
    return PaperPeople.MENTORS if audience is Audience.MENTOR else PaperPeople.MENTEES


# --- what ------------------------------------------------------------------------------------


def paper_questions(info: QuestionnaireInfo) -> tuple[PaperQuestion, ...]:
    return tuple(PaperQuestion(number, q.text, _KINDS[q.kind], tuple(c.text for c in q.choices))
                 for number, q in enumerate(info.questions, start=1))


@dataclass(frozen=True)
class _Heading:
    organisation: str
    subtitle: str


def _heading(db: Database, programme_id: int) -> _Heading:
    with db.reading() as session:
        programme = session.get(Programme, programme_id)
        if programme is None:
            raise ValidationError("Программа наставничества не найдена. Откройте её снова.")
        school = programme.school
        organisation = school.short_name or school.full_name
        subtitle = f"{programme.school_year} учебный год"
    return _Heading(organisation, subtitle)


def blanks_recipe(db: Database, programme_id: int, questionnaire_id: int,
                  choice: PaperChoice) -> tuple[PdfRecipe, int]:
    """The blanks as a `PdfRecipe`, and how many people get one."""
    from nastavnik_desktop.reports.questionnaire_blank import (
        BlankPerson,
        BlanksData,
        BlankSection,
        blanks_document,
    )

    info = _questionnaire_or_error(db, programme_id, questionnaire_id)
    people = _people_or_error(db, programme_id, questionnaire_id, choice)
    numbered = iter(paper_questions(info))
    sections = tuple(BlankSection(s.title, tuple(next(numbered) for _q in s.questions))
                     for s in info.sections)
    heading = _heading(db, programme_id)
    blanks: tuple[BlankPerson | None, ...] = (
        tuple(BlankPerson(p.full_name, p.place_label, p.place) for p in people) or (None,))
    data = BlanksData(heading.organisation, info.title, sections, blanks,
                      subtitle=heading.subtitle)
    return PdfRecipe(blanks_document, (data,), rows=len(blanks) * len(info.questions)), \
        len(people)


def _people_or_error(db: Database, programme_id: int, questionnaire_id: int,
                     choice: PaperChoice) -> tuple[PaperPerson, ...]:
    people = paper_people(db, programme_id, questionnaire_id, choice)
    if people or choice.people is PaperPeople.EMPTY:
        return people
    raise ValidationError(_NOBODY[choice.people].format(class_name=choice.class_name))


_NOBODY = {
    PaperPeople.ROUND: "В опросе некого анкетировать: в программе нет участников, которым "
                       "адресована анкета, или все они уже ответили. Напечатайте пустой бланк "
                       "или выберите других участников.",
    PaperPeople.MENTEES: "В программе пока нет наставляемых в парах и группах. Напечатайте "
                         "пустой бланк или сначала сформируйте пары и группы.",
    PaperPeople.MENTORS: "В программе пока нет допущенных наставников. Напечатайте пустой "
                         "бланк или сначала отберите наставников.",
    PaperPeople.CLASS: "В классе «{class_name}» нет участников программы, которым адресована "
                       "анкета. Выберите другой класс.",
}


def write_blanks(db: Database, programme_id: int, questionnaire_id: int, choice: PaperChoice,
                 path: Path, *, separate_process: bool | None = None,
                 progress: ProgressCallback | None = None) -> PaperResult:
    """Write the blanks PDF to `path` (atomically). A pile of `PROCESS_BLANKS` or more is laid
    out in a child process unless `separate_process` says otherwise (the CLI: False)."""
    recipe, count = blanks_recipe(db, programme_id, questionnaire_id, choice)
    child = count >= PROCESS_BLANKS if separate_process is None else separate_process
    write_pdf(recipe, Path(path), separate_process=child, progress=progress)
    return PaperResult(Path(path), count)


def answers_template_data(db: Database, programme_id: int, questionnaire_id: int,
                          choice: PaperChoice) -> AnswersTemplateData:
    info = _questionnaire_or_error(db, programme_id, questionnaire_id)
    people = _people_or_error(db, programme_id, questionnaire_id, choice)
    heading = _heading(db, programme_id)
    subtitle = heading.subtitle
    if choice.people is PaperPeople.ROUND:
        with db.reading() as session:
            subtitle = _round_or_error(session, programme_id, questionnaire_id,
                                       choice.round_id).title
    return AnswersTemplateData(
        info.title, heading.organisation, paper_questions(info),
        tuple(TemplatePerson(p.full_name, p.class_name) for p in people),
        subtitle=subtitle)


def write_answers_template(db: Database, programme_id: int, questionnaire_id: int,
                           choice: PaperChoice, path: Path) -> PaperResult:
    """Write the .xlsx template to send to `path` (atomically)."""
    data = answers_template_data(db, programme_id, questionnaire_id, choice)
    answers_template(data, Path(path))
    return PaperResult(Path(path), len(data.people))


# --- where -----------------------------------------------------------------------------------


def default_paper_path(db: Database, programme_id: int, questionnaire_id: int,
                       choice: PaperChoice, *, extension: str,
                       today: dt.date | None = None) -> Path:
    """A new file in the documents folder: «Бланки — <анкета> — 7Б 2026-10-01.pdf»,
    «Шаблон ответов — <анкета> 2026-10-01.xlsx»; never the name of a file already there."""
    info = questionnaire(db, questionnaire_id)
    stem = "Бланки" if extension == ".pdf" else "Шаблон ответов"
    who = {PaperPeople.MENTEES: "наставляемые", PaperPeople.MENTORS: "наставники",
           PaperPeople.CLASS: choice.class_name, PaperPeople.EMPTY: "пустой"}.get(choice.people)
    parts = [stem, shorten(info.title, 60), *([who] if who else [])]
    base = safe_file_name(f"{' — '.join(parts)} {today or dt.date.today():%Y-%m-%d}")
    return new_document_path(db, base, extension)
