"""The questionnaires the curator works with: rows of `questionnaire_template`, `question` and
`question_choice` — the standard set seeded once, the builder's writes and the read model.

The methodology's questionnaires (`standard.STANDARD`, in code) are copied into the database the
first time questionnaires are needed (`seed_questionnaires`, lazily and idempotently, as the plan
templates are: a standard questionnaire is added once and never again, even when the curator has
hidden or changed it). They are marked `is_seeded` («из методических рекомендаций») and can be
put back as they were (`reset_questionnaire`). The curator builds his own (`create_questionnaire`,
`copy_questionnaire`); every questionnaire can be renamed, its scope set (who answers, the phase,
the form), its questions with their sections and choices replaced in one save (add, edit,
delete, reorder: `save_questions`), hidden; the builder's «Сохранить» writes the title, the
scope and the questions in one transaction (`save_questionnaire`), its choices typed one per
line matched to the stored ones by `choice_lines`. Only the curator's own questionnaires
without answers can be deleted: a seeded one is hidden instead.

Answers protect what they answer: a question with answers keeps its kind and cannot be deleted,
a picked choice cannot be deleted, a questionnaire with answers keeps its audience and phase
(the figures of the monitoring would otherwise change meaning behind the curator's back).

How answers are stored (for the writers of answers to come): one `answer` row per question
of a response — a 1–10 item in `value_int`, yes/no as 1 / 0 in `value_int`, a short text in
`value_text`; a single- or multiple-choice answer is also one `answer` row, its picked choices
are its `answer_choice` rows (one for a single choice), so a renamed choice keeps its answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    AUDIENCE_LABELS,
    CHOICE_KINDS,
    QUESTION_KIND_LABELS,
    QUESTIONNAIRE_PHASE_LABELS,
    Audience,
    QuestionKind,
    QuestionnairePhase,
)
from nastavnik_desktop.data.models import (
    Answer,
    AnswerChoice,
    MentoringForm,
    Programme,
    Question,
    QuestionChoice,
    QuestionnaireResponse,
    QuestionnaireRound,
    QuestionnaireTemplate,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.forms import FormOption, programme_forms
from nastavnik_desktop.services.questionnaires import standard
from nastavnik_desktop.text import shorten

SEEDED_NOTE = "из методических рекомендаций"
"""How a seeded questionnaire is marked where the curator sees it."""

QUESTIONNAIRE_TABLES = frozenset({"questionnaire_template", "question", "question_choice"})

MIN_CHOICES = 2


@dataclass(frozen=True)
class ChoiceLine:
    """A choice as the builder shows and saves it (`id` None for a new one)."""

    text: str
    id: int | None = None


@dataclass(frozen=True)
class QuestionLine:
    """A question as the builder shows and saves it (`id` None for a new one)."""

    text: str
    kind: QuestionKind
    section: str = ""
    parameter: str = ""
    """The pairing key: the entry and the exit item with the same parameter are expectation ↔
    reality ("" for an unpaired question)."""
    choices: tuple[ChoiceLine, ...] = ()
    id: int | None = None

    @property
    def kind_label(self) -> str:
        return QUESTION_KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Section:
    """Consecutive questions under one section title ("" for questions without one)."""

    title: str
    questions: tuple[QuestionLine, ...]


@dataclass(frozen=True)
class QuestionnaireInfo:
    id: int
    title: str
    audience: Audience
    phase: QuestionnairePhase
    form_id: int | None
    form_name: str
    """"" when every form's participants answer."""
    programme_id: int | None
    is_seeded: bool
    seed_key: str
    hidden: bool
    questions: tuple[QuestionLine, ...]
    responses: int
    """Filled questionnaires: while there are any, the builder protects what they answer."""

    @property
    def caption(self) -> str:
        """The title with the seeded mark («… — из методических рекомендаций»)."""
        return f"{self.title} — {SEEDED_NOTE}" if self.is_seeded else self.title

    @property
    def audience_label(self) -> str:
        return AUDIENCE_LABELS[self.audience]

    @property
    def phase_label(self) -> str:
        return QUESTIONNAIRE_PHASE_LABELS[self.phase]

    @property
    def sections(self) -> tuple[Section, ...]:
        """The questions grouped into their sections, in order (for the blanks and the UI)."""
        groups: list[tuple[str, list[QuestionLine]]] = []
        for question in self.questions:
            if not groups or groups[-1][0] != question.section:
                groups.append((question.section, []))
            groups[-1][1].append(question)
        return tuple(Section(title, tuple(lines)) for title, lines in groups)


@dataclass(frozen=True)
class PairedItem:
    """An entry item and its exit item (expectation ↔ reality)."""

    parameter: str
    entry_question_id: int
    entry_text: str
    exit_question_id: int
    exit_text: str


# --- seeding -------------------------------------------------------------------------------


def _standard_questions(source: standard.StandardQuestionnaire) -> list[Question]:
    return [Question(sort_order=order, text=q.text, kind=q.kind, section=q.section,
                     parameter=q.parameter,
                     choices=[QuestionChoice(sort_order=n, text=text)
                              for n, text in enumerate(q.choices)])
            for order, q in enumerate(source.questions)]


def _seeded_keys(session: Session) -> set[str]:
    return set(session.scalars(select(QuestionnaireTemplate.seed_key)
                               .where(QuestionnaireTemplate.is_seeded,
                                      QuestionnaireTemplate.seed_key != "")))


def seed_questionnaires(session: Session) -> int:
    """Add the standard questionnaires the database lacks (inside the caller's transaction);
    the number added."""
    present = _seeded_keys(session)
    added = 0
    for order, source in enumerate(standard.STANDARD):
        if source.key in present:
            continue
        session.add(QuestionnaireTemplate(
            title=source.title, audience=source.audience, phase=source.phase, is_seeded=True,
            seed_key=source.key, hidden=False, sort_order=order, programme_id=None,
            form_id=None, questions=_standard_questions(source)))
        added += 1
    session.flush()
    return added


def ensure_seeded(db: Database) -> None:
    """Seed the standard questionnaires once (a cheap read when they are there)."""
    with db.reading() as session:
        if set(standard.BY_KEY) <= _seeded_keys(session):
            return
    with db.transaction() as session:
        seed_questionnaires(session)


# --- reads ---------------------------------------------------------------------------------


def _lines(template: QuestionnaireTemplate) -> tuple[QuestionLine, ...]:
    return tuple(QuestionLine(q.text, QuestionKind(q.kind), q.section, q.parameter,
                              tuple(ChoiceLine(c.text, c.id) for c in q.choices), q.id)
                 for q in template.questions)


def _response_count(session: Session, template_id: int) -> int:
    return session.scalar(select(func.count()).select_from(QuestionnaireResponse)
                          .where(QuestionnaireResponse.template_id == template_id)) or 0


def _info(session: Session, template: QuestionnaireTemplate) -> QuestionnaireInfo:
    form = session.get(MentoringForm, template.form_id) if template.form_id else None
    return QuestionnaireInfo(
        template.id, template.title, Audience(template.audience),
        QuestionnairePhase(template.phase), template.form_id, form.name if form else "",
        template.programme_id, template.is_seeded, template.seed_key, template.hidden,
        _lines(template), _response_count(session, template.id))


def questionnaires(db: Database, *, programme_id: int | None = None,
                   with_hidden: bool = True) -> tuple[QuestionnaireInfo, ...]:
    """The questionnaires (the school's, and the programme's own when it is given): the
    standard ones first in the methodology's order, then the curator's by title. Seeds the
    standard set the first time."""
    ensure_seeded(db)
    with db.reading() as session:
        query = select(QuestionnaireTemplate).order_by(
            QuestionnaireTemplate.is_seeded.desc(), QuestionnaireTemplate.sort_order,
            QuestionnaireTemplate.title, QuestionnaireTemplate.id)
        school_wide = QuestionnaireTemplate.programme_id.is_(None)
        query = query.where(school_wide if programme_id is None else
                            school_wide | (QuestionnaireTemplate.programme_id == programme_id))
        if not with_hidden:
            query = query.where(QuestionnaireTemplate.hidden.is_(False))
        return tuple(_info(session, t) for t in session.scalars(query))


def questionnaire(db: Database, template_id: int) -> QuestionnaireInfo:
    """One questionnaire with its sections, questions and choices (the builder, the blanks)."""
    with db.reading() as session:
        return _info(session, _template_or_error(session, template_id))


def paired_items(db: Database, entry_id: int, exit_id: int) -> tuple[PairedItem, ...]:
    """The items of an entry questionnaire paired with those of an exit one by their
    parameter, in the entry questionnaire's order (expectation ↔ reality)."""
    entry, leaving = questionnaire(db, entry_id), questionnaire(db, exit_id)
    exits = {q.parameter: q for q in leaving.questions if q.parameter}
    return tuple(PairedItem(q.parameter, q.id, q.text, exits[q.parameter].id or 0,
                            exits[q.parameter].text)
                 for q in entry.questions
                 if q.id is not None and q.parameter and q.parameter in exits)


def form_choices(db: Database, programme_id: int,
                 also: int | None = None) -> tuple[FormOption, ...]:
    """The forms a questionnaire can be limited to: the programme's forms (and `also`, the
    form a questionnaire already has)."""
    with db.reading() as session:
        return programme_forms(session, programme_id, (also,))


def choice_lines(old: Sequence[ChoiceLine], texts: Sequence[str]) -> tuple[ChoiceLine, ...]:
    """The choices typed one per line (`texts`) matched to the question's `old` choices, so
    that a choice kept or renamed keeps its id and its answers: the same text (case and
    spaces aside) is the same choice; the lines left over are renames in order when as many
    old choices are left over, otherwise new choices (and the old ones are deleted — refused
    by `save_questions` for a choice picked in an answer, never moved silently to another
    text)."""
    cleaned = [_clean(text) for text in texts if _clean(text)]
    unused = {c.id: c for c in old if c.id is not None}
    ids: list[int | None] = []
    for text in cleaned:
        same = next((c.id for c in unused.values() if c.text.casefold() == text.casefold()),
                    None)
        if same is not None:
            del unused[same]
        ids.append(same)
    left = [c.id for c in old if c.id in unused]
    if len(left) == ids.count(None):
        spare = iter(left)
        ids = [i if i is not None else next(spare) for i in ids]
    return tuple(ChoiceLine(text, choice_id) for text, choice_id in zip(cleaned, ids,
                                                                        strict=True))


# --- writes --------------------------------------------------------------------------------


def _template_or_error(session: Session, template_id: int) -> QuestionnaireTemplate:
    found = session.get(QuestionnaireTemplate, template_id)
    if found is None:
        raise ValidationError("Анкета не найдена: возможно, её удалили. "
                              "Закройте окно анкет и откройте снова.")
    return found


def _checked_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise ValidationError("Название анкеты не заполнено. Напишите, кто и когда её "
                              "заполняет, например «Входная анкета наставляемого».")
    return cleaned


def _checked_form(session: Session, form_id: int | None) -> int | None:
    if form_id is not None and session.get(MentoringForm, form_id) is None:
        raise ValidationError("Форма наставничества не найдена: возможно, её удалили. "
                              "Выберите форму снова.")
    return form_id


def _clean(text: str) -> str:
    return " ".join(text.split())


def _checked_lines(lines: Sequence[QuestionLine]) -> list[QuestionLine]:
    checked: list[QuestionLine] = []
    parameters: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        text = line.text.strip()
        if not text:
            raise ValidationError(f"Вопрос {number} без текста. Напишите вопрос или удалите "
                                  "его.")
        kind = QuestionKind(line.kind)
        parameter = _clean(line.parameter)
        if parameter:
            if parameter in parameters:
                raise ValidationError(
                    f"Вопросы {parameters[parameter]} и {number} связаны с одним и тем же "
                    "вопросом другой анкеты. Оставьте связь у одного из них.")
            parameters[parameter] = number
        choices: tuple[ChoiceLine, ...] = ()
        if kind in CHOICE_KINDS:
            choices = tuple(ChoiceLine(_clean(c.text), c.id) for c in line.choices)
            if any(not c.text for c in choices):
                raise ValidationError(f"В вопросе {number} есть пустой вариант ответа. "
                                      "Заполните его или удалите.")
            if len(choices) < MIN_CHOICES:
                raise ValidationError(f"В вопросе {number} меньше двух вариантов ответа. "
                                      "Добавьте варианты или выберите другой вид вопроса.")
            texts = [c.text.casefold() for c in choices]
            if len(set(texts)) != len(texts):
                raise ValidationError(f"В вопросе {number} варианты ответа повторяются. "
                                      "Оставьте каждый вариант один раз.")
        checked.append(QuestionLine(text, kind, _clean(line.section), parameter, choices,
                                    line.id))
    return checked


def _answered_questions(session: Session, template_id: int) -> set[int]:
    return set(session.scalars(
        select(Answer.question_id).distinct()
        .join(Question, Question.id == Answer.question_id)
        .where(Question.template_id == template_id)))


def _picked_choices(session: Session, template_id: int) -> set[int]:
    return set(session.scalars(
        select(AnswerChoice.choice_id).distinct()
        .join(QuestionChoice, QuestionChoice.id == AnswerChoice.choice_id)
        .join(Question, Question.id == QuestionChoice.question_id)
        .where(Question.template_id == template_id)))


def _put_questions(session: Session, found: QuestionnaireTemplate,
                   lines: Sequence[QuestionLine]) -> None:
    """The questionnaire's questions become `lines`; refuses what would orphan an answer."""
    answered = _answered_questions(session, found.id)
    picked = _picked_choices(session, found.id)
    kept = {q.id: q for q in found.questions}
    questions: list[Question] = []
    for order, line in enumerate(lines, start=1):
        question = kept.pop(line.id, None) if line.id is not None else None
        if question is None:
            question = Question()
        elif question.id in answered and QuestionKind(question.kind) is not line.kind:
            raise ValidationError(
                f"На вопрос {order} «{shorten(question.text)}» уже есть ответы: его вид "
                "изменить нельзя. Добавьте новый вопрос нужного вида.")
        old_choices = {c.id: c for c in question.choices}
        choices: list[QuestionChoice] = []
        for number, choice_line in enumerate(line.choices):
            choice = old_choices.pop(choice_line.id, None) if choice_line.id else None
            choice = choice or QuestionChoice()
            choice.sort_order, choice.text = number, choice_line.text
            choices.append(choice)
        lost = [c for c in old_choices.values() if c.id in picked]
        if lost:
            raise ValidationError(
                f"Вариант «{shorten(lost[0].text)}» вопроса {order} уже выбран в ответах: "
                "удалить его нельзя. Его можно переименовать.")
        question.sort_order, question.text, question.kind = order - 1, line.text, line.kind
        question.section, question.parameter = line.section, line.parameter
        question.choices = choices
        questions.append(question)
    removed = [q for q in kept.values() if q.id in answered]
    if removed:
        raise ValidationError(
            f"На вопрос «{shorten(removed[0].text)}» уже есть ответы: удалить его нельзя. "
            "Верните вопрос или сделайте копию анкеты и правьте её.")
    found.questions = questions


def create_questionnaire(db: Database, title: str, audience: Audience,
                         phase: QuestionnairePhase, *, form_id: int | None = None,
                         programme_id: int | None = None,
                         questions: Sequence[QuestionLine] = ()) -> int:
    """A new questionnaire of the curator's own (the school's, or one programme's); its id."""
    name, checked = _checked_title(title), _checked_lines(questions)
    with db.transaction() as session:
        if programme_id is not None and session.get(Programme, programme_id) is None:
            raise ValidationError("Программа наставничества не найдена. Откройте её снова.")
        created = QuestionnaireTemplate(
            title=name, audience=Audience(audience), phase=QuestionnairePhase(phase),
            is_seeded=False, seed_key="", hidden=False, sort_order=0,
            form_id=_checked_form(session, form_id), programme_id=programme_id)
        session.add(created)
        session.flush()
        _put_questions(session, created, checked)
        session.flush()
        audit.record(session, "questionnaire_create", "questionnaire_template", created.id,
                     f"Создана анкета «{shorten(name)}»", questions=len(checked))
        return created.id


def rename_questionnaire(db: Database, template_id: int, title: str) -> None:
    name = _checked_title(title)
    with db.transaction() as session:
        _put_title(session, _template_or_error(session, template_id), name)


def _put_title(session: Session, found: QuestionnaireTemplate, name: str) -> None:
    before = found.title
    if before == name:
        return
    found.title = name
    audit.record(session, "questionnaire_rename", "questionnaire_template", found.id,
                 f"Анкета «{shorten(before)}» переименована в «{shorten(name)}»",
                 before=before)


def set_questionnaire_scope(db: Database, template_id: int, *, audience: Audience,
                            phase: QuestionnairePhase, form_id: int | None) -> None:
    """Who answers (mentors / mentees / both, one form or all) and when (entry / exit /
    intermediate). Refused for the audience and the phase once there are answers."""
    with db.transaction() as session:
        _put_scope(session, _template_or_error(session, template_id), Audience(audience),
                   QuestionnairePhase(phase), form_id)


def _put_scope(session: Session, found: QuestionnaireTemplate, audience: Audience,
               phase: QuestionnairePhase, form_id: int | None) -> None:
    same = (Audience(found.audience) is audience and QuestionnairePhase(found.phase) is phase
            and found.form_id == form_id)
    if same:
        return
    changes_meaning = (Audience(found.audience) is not audience
                       or QuestionnairePhase(found.phase) is not phase)
    if changes_meaning and _response_count(session, found.id):
        raise ValidationError(
            f"На анкету «{shorten(found.title)}» уже есть ответы: кто её заполняет и когда, "
            "изменить нельзя. Сделайте копию анкеты и измените копию.")
    found.audience, found.phase = audience, phase
    found.form_id = _checked_form(session, form_id)
    audit.record(session, "questionnaire_scope", "questionnaire_template", found.id,
                 f"Анкета «{shorten(found.title)}»: заполняют {AUDIENCE_LABELS[audience]}, "
                 f"{QUESTIONNAIRE_PHASE_LABELS[phase]}",
                 audience=str(audience), phase=str(phase), form_id=form_id)


def save_questionnaire(db: Database, template_id: int, *, title: str, audience: Audience,
                       phase: QuestionnairePhase, form_id: int | None,
                       questions: Sequence[QuestionLine]) -> None:
    """The builder's «Сохранить»: the title, the scope and the questions in one transaction —
    all saved, or (a refusal: answers protect a question, a choice, the audience) nothing."""
    name, checked = _checked_title(title), _checked_lines(questions)
    with db.transaction() as session:
        found = _template_or_error(session, template_id)
        _put_title(session, found, name)
        _put_scope(session, found, Audience(audience), QuestionnairePhase(phase), form_id)
        _put_questions(session, found, checked)
        audit.record(session, "questionnaire_questions", "questionnaire_template", found.id,
                     f"Изменены вопросы анкеты «{shorten(found.title)}»",
                     questions=len(checked))


def save_questions(db: Database, template_id: int, lines: Sequence[QuestionLine]) -> None:
    """The questionnaire's questions become `lines`, in this order, with their sections and
    choices (added, edited, deleted, moved) — one save."""
    checked = _checked_lines(lines)
    with db.transaction() as session:
        found = _template_or_error(session, template_id)
        _put_questions(session, found, checked)
        audit.record(session, "questionnaire_questions", "questionnaire_template", found.id,
                     f"Изменены вопросы анкеты «{shorten(found.title)}»",
                     questions=len(checked))


def copy_questionnaire(db: Database, template_id: int, title: str | None = None) -> int:
    """A copy of the questionnaire (the curator's own, not seeded, same scope); its id."""
    with db.transaction() as session:
        found = _template_or_error(session, template_id)
        name = _checked_title(title) if title else f"{found.title} (копия)"
        copy = QuestionnaireTemplate(
            title=name, audience=found.audience, phase=found.phase, is_seeded=False,
            seed_key="", hidden=False, sort_order=found.sort_order, form_id=found.form_id,
            programme_id=found.programme_id,
            questions=[Question(sort_order=q.sort_order, text=q.text, kind=q.kind,
                                section=q.section, parameter=q.parameter,
                                choices=[QuestionChoice(sort_order=c.sort_order, text=c.text)
                                         for c in q.choices])
                       for q in found.questions])
        session.add(copy)
        session.flush()
        audit.record(session, "questionnaire_copy", "questionnaire_template", copy.id,
                     f"Анкета «{shorten(found.title)}» скопирована как «{shorten(name)}»",
                     source=found.id)
        return copy.id


def set_questionnaire_hidden(db: Database, template_id: int, hidden: bool) -> None:
    with db.transaction() as session:
        found = _template_or_error(session, template_id)
        found.hidden = hidden
        word = "скрыта" if hidden else "снова показана"
        audit.record(session, "questionnaire_hide", "questionnaire_template", found.id,
                     f"Анкета «{shorten(found.title)}» {word}", hidden=hidden)


def delete_questionnaire(db: Database, template_id: int) -> None:
    """Delete the curator's own questionnaire that nobody has answered and no round uses."""
    with db.transaction() as session:
        found = _template_or_error(session, template_id)
        if found.is_seeded:
            raise ValidationError("Анкету из методических рекомендаций удалить нельзя. "
                                  "Скройте её, если она не нужна.")
        if _response_count(session, found.id):
            raise ValidationError(f"На анкету «{shorten(found.title)}» уже есть ответы: "
                                  "удалить её нельзя. Скройте её, если она больше не нужна.")
        rounds = session.scalar(select(func.count()).select_from(QuestionnaireRound)
                                .where(QuestionnaireRound.template_id == found.id)) or 0
        if rounds:
            raise ValidationError(f"Анкета «{shorten(found.title)}» назначена в опросах "
                                  "программы. Сначала удалите эти опросы.")
        audit.record(session, "questionnaire_delete", "questionnaire_template", found.id,
                     f"Удалена анкета «{shorten(found.title)}»")
        session.delete(found)


def reset_questionnaire(db: Database, template_id: int) -> None:
    """A seeded questionnaire back as in the methodology: title, scope, questions, shown."""
    with db.transaction() as session:
        found = _template_or_error(session, template_id)
        source = standard.BY_KEY.get(found.seed_key) if found.is_seeded else None
        if source is None:
            raise ValidationError("Эта анкета составлена в школе, вернуть её к методическим "
                                  "рекомендациям нельзя.")
        if _response_count(session, found.id):
            raise ValidationError(
                f"На анкету «{shorten(found.title)}» уже есть ответы: вернуть её к методическим "
                "рекомендациям нельзя — ответы потеряли бы свои вопросы. Скопируйте анкету "
                "и правьте копию.")
        found.title, found.hidden = source.title, False
        found.audience, found.phase, found.form_id = source.audience, source.phase, None
        found.questions = _standard_questions(source)
        audit.record(session, "questionnaire_reset", "questionnaire_template", found.id,
                     f"Анкета «{shorten(found.title)}» возвращена как в методических "
                     "рекомендациях")
