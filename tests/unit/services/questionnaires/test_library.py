"""Questionnaires: the standard set seeded once with its paired items, the builder's writes and
their refusals, against a real temporary SQLite."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Audience, QuestionKind, QuestionnairePhase
from nastavnik_desktop.data.models import (
    Answer,
    AnswerChoice,
    AuditEntry,
    MentoringForm,
    Question,
    QuestionChoice,
    QuestionnaireResponse,
    QuestionnaireTemplate,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.questionnaires import standard

PAIRED = set(standard.PAIRED_PARAMETERS)


def audit_actions(db: Database) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def by_key(db: Database) -> dict[str, q.QuestionnaireInfo]:
    return {info.seed_key: info for info in q.questionnaires(db) if info.is_seeded}


def answer(db: Database, programme: ProgrammeInfo, template_id: int,
           values: dict[int, int | str | tuple[int, ...]]) -> int:
    """A filled questionnaire: question id → a number, a text or the picked choice ids."""
    with db.transaction() as session:
        response = QuestionnaireResponse(template_id=template_id, programme_id=programme.id,
                                         filled_on=dt.date(2025, 10, 1))
        session.add(response)
        session.flush()
        for question_id, value in values.items():
            row = Answer(response_id=response.id, question_id=question_id,
                         value_int=value if isinstance(value, int) else None,
                         value_text=value if isinstance(value, str) else "")
            session.add(row)
            session.flush()
            if isinstance(value, tuple):
                session.add_all(AnswerChoice(answer_id=row.id, choice_id=c) for c in value)
        return response.id


# --- the standard set ----------------------------------------------------------------------


def test_the_standard_set_is_seeded_once_and_marked(db: Database) -> None:
    first = by_key(db)
    assert set(first) == {"mentee_entry", "mentee_exit", "mentor_entry", "mentor_exit"}
    assert all(info.caption.endswith("— из методических рекомендаций")
               for info in first.values())
    q.rename_questionnaire(db, first["mentee_entry"].id, "Анкета при входе")
    q.set_questionnaire_hidden(db, first["mentor_exit"].id, True)
    with db.transaction() as session:
        assert q.seed_questionnaires(session) == 0
    again = by_key(db)
    assert {k: v.id for k, v in again.items()} == {k: v.id for k, v in first.items()}
    assert again["mentee_entry"].title == "Анкета при входе"
    assert again["mentor_exit"].hidden
    assert [i.id for i in q.questionnaires(db, with_hidden=False)] == [
        first[k].id for k in ("mentee_entry", "mentee_exit", "mentor_entry")]
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(QuestionnaireTemplate)) == 4


def test_entry_and_exit_items_are_paired_expectation_to_reality(db: Database) -> None:
    seeded = by_key(db)
    for audience in ("mentee", "mentor"):
        entry, leaving = seeded[f"{audience}_entry"], seeded[f"{audience}_exit"]
        assert (entry.phase, leaving.phase) == (QuestionnairePhase.ENTRY,
                                                QuestionnairePhase.EXIT)
        assert entry.audience is leaving.audience is Audience(audience)
        pairs = q.paired_items(db, entry.id, leaving.id)
        assert [p.parameter for p in pairs] == list(standard.PAIRED_PARAMETERS)
        for item in pairs:
            scale = {line.id: line for line in (*entry.questions, *leaving.questions)}
            assert scale[item.entry_question_id].kind is QuestionKind.SCALE
            assert scale[item.exit_question_id].kind is QuestionKind.SCALE
            assert item.entry_text != item.exit_text
        assert all("где 1 — самый низший балл, а 10 — самый высокий" in line.section
                   for line in (*entry.questions, *leaving.questions)
                   if line.kind is QuestionKind.SCALE)
    yes_no = {(key, line.parameter) for key, info in seeded.items() for line in info.questions
              if line.kind is QuestionKind.YES_NO}
    assert yes_no == {("mentee_exit", "would_continue"), ("mentee_exit", "would_mentor"),
                      ("mentor_exit", "would_continue")}
    kinds = {line.kind for info in seeded.values() for line in info.questions}
    assert kinds == set(QuestionKind)
    choice = next(line for line in seeded["mentee_entry"].questions
                  if line.kind is QuestionKind.MULTIPLE)
    assert len(choice.choices) >= 2 and all(c.id for c in choice.choices)


def test_sections_group_the_questions_in_order(db: Database) -> None:
    info = by_key(db)["mentee_exit"]
    sections = info.sections
    assert [s.title for s in sections] == [standard.SCALE_SECTION_EXIT,
                                           standard.YES_NO_SECTION, standard.OPEN_SECTION]
    assert [line for s in sections for line in s.questions] == list(info.questions)


# --- the builder ---------------------------------------------------------------------------


def test_create_edit_reorder_and_delete_questions_each_audited(
        db: Database, programme: ProgrammeInfo) -> None:
    with db.reading() as session:
        form_id = session.scalars(select(MentoringForm.id)).first()
    template_id = q.create_questionnaire(
        db, "  Анкета   о встречах ", Audience.ANY, QuestionnairePhase.OTHER,
        form_id=form_id, programme_id=programme.id,
        questions=[q.QuestionLine("Как прошли встречи?", QuestionKind.SCALE, "Встречи"),
                   q.QuestionLine("Где встречались?", QuestionKind.MULTIPLE, "Встречи",
                                  choices=(q.ChoiceLine("в классе"),
                                           q.ChoiceLine("в библиотеке")))])
    info = q.questionnaire(db, template_id)
    assert (info.title, info.form_id, info.phase_label) == ("Анкета о встречах", form_id,
                                                            "промежуточная")
    scale, multiple = info.questions
    edited = dataclasses.replace(multiple, text="Где вы встречались?", choices=(
        multiple.choices[1], q.ChoiceLine("онлайн"), multiple.choices[0]))
    added = q.QuestionLine("Что изменить?", QuestionKind.TEXT, "Итоги")
    q.save_questions(db, template_id, [added, edited])  # scale item deleted, rest reordered
    after = q.questionnaire(db, template_id)
    assert [(line.text, line.kind, line.section) for line in after.questions] == [
        ("Что изменить?", QuestionKind.TEXT, "Итоги"),
        ("Где вы встречались?", QuestionKind.MULTIPLE, "Встречи")]
    assert after.questions[1].id == multiple.id
    assert [c.text for c in after.questions[1].choices] == ["в библиотеке", "онлайн",
                                                            "в классе"]
    assert after.questions[1].choices[2].id == multiple.choices[0].id
    with db.reading() as session:
        assert session.get(Question, scale.id) is None
    q.set_questionnaire_scope(db, template_id, audience=Audience.MENTEE,
                              phase=QuestionnairePhase.EXIT, form_id=None)
    scoped = q.questionnaire(db, template_id)
    assert (scoped.audience, scoped.phase, scoped.form_name) == (
        Audience.MENTEE, QuestionnairePhase.EXIT, "")
    q.delete_questionnaire(db, template_id)
    with db.reading() as session:
        assert session.get(QuestionnaireTemplate, template_id) is None
        assert session.scalar(select(func.count()).select_from(QuestionChoice)
                              .where(QuestionChoice.question_id == multiple.id)) == 0
    assert audit_actions(db)[-4:] == ["questionnaire_create", "questionnaire_questions",
                                      "questionnaire_scope", "questionnaire_delete"]


@pytest.mark.parametrize(("lines", "words"), [
    ([q.QuestionLine("  ", QuestionKind.TEXT)], "Вопрос 1 без текста"),
    ([q.QuestionLine("Где?", QuestionKind.SINGLE, choices=(q.ChoiceLine("дома"),))],
     "меньше двух вариантов"),
    ([q.QuestionLine("Где?", QuestionKind.SINGLE,
                     choices=(q.ChoiceLine("дома"), q.ChoiceLine(" ")))], "пустой вариант"),
    ([q.QuestionLine("Где?", QuestionKind.MULTIPLE,
                     choices=(q.ChoiceLine("Дома"), q.ChoiceLine("дома")))], "повторяются"),
    ([q.QuestionLine("А?", QuestionKind.SCALE, parameter="comfort"),
      q.QuestionLine("Б?", QuestionKind.SCALE, parameter="comfort")], "Вопросы 1 и 2"),
])
def test_bad_questions_are_refused_in_russian(db: Database, lines: list[q.QuestionLine],
                                              words: str) -> None:
    template_id = q.create_questionnaire(db, "Анкета", Audience.MENTEE,
                                         QuestionnairePhase.ENTRY)
    before = audit_actions(db)
    with pytest.raises(ValidationError, match=words):
        q.save_questions(db, template_id, lines)
    assert audit_actions(db) == before
    assert q.questionnaire(db, template_id).questions == ()


def test_a_title_is_required(db: Database) -> None:
    with pytest.raises(ValidationError, match="Название анкеты не заполнено"):
        q.create_questionnaire(db, " ", Audience.MENTEE, QuestionnairePhase.ENTRY)
    template_id = by_key(db)["mentee_entry"].id
    with pytest.raises(ValidationError, match="Название анкеты не заполнено"):
        q.rename_questionnaire(db, template_id, "")


def test_answers_protect_what_they_answer(db: Database, programme: ProgrammeInfo) -> None:
    info = by_key(db)["mentee_entry"]
    scale = info.questions[0]
    multiple = next(line for line in info.questions if line.kind is QuestionKind.MULTIPLE)
    picked = multiple.choices[0]
    answer(db, programme, info.id, {scale.id or 0: 7, multiple.id or 0: (picked.id or 0,)})
    before = q.questionnaire(db, info.id)
    others = [line for line in info.questions if line.id != scale.id]

    with pytest.raises(ValidationError, match="уже есть ответы: удалить его нельзя"):
        q.save_questions(db, info.id, others)
    with pytest.raises(ValidationError, match="его вид изменить нельзя"):
        q.save_questions(db, info.id, [dataclasses.replace(scale, kind=QuestionKind.TEXT),
                                       *others])
    without_picked = [dataclasses.replace(line, choices=line.choices[1:])
                      if line.id == multiple.id else line for line in info.questions]
    with pytest.raises(ValidationError, match="уже выбран в ответах"):
        q.save_questions(db, info.id, without_picked)
    with pytest.raises(ValidationError, match="кто её заполняет и когда"):
        q.set_questionnaire_scope(db, info.id, audience=Audience.MENTOR,
                                  phase=QuestionnairePhase.ENTRY, form_id=None)
    with pytest.raises(ValidationError, match="вернуть её к методическим"):
        q.reset_questionnaire(db, info.id)
    assert q.questionnaire(db, info.id) == before

    renamed = [dataclasses.replace(line, choices=(
        dataclasses.replace(picked, text="учёба"), *line.choices[1:]))
        if line.id == multiple.id else line for line in info.questions]
    q.save_questions(db, info.id, renamed)  # renaming a picked choice is allowed
    with db.reading() as session:
        assert session.get_one(QuestionChoice, picked.id).text == "учёба"


def test_seeded_is_hidden_not_deleted_and_resets(db: Database) -> None:
    info = by_key(db)["mentor_entry"]
    with pytest.raises(ValidationError, match="Скройте её"):
        q.delete_questionnaire(db, info.id)
    q.rename_questionnaire(db, info.id, "Моя анкета")
    q.save_questions(db, info.id, [q.QuestionLine("Один вопрос", QuestionKind.TEXT)])
    q.set_questionnaire_hidden(db, info.id, True)
    q.reset_questionnaire(db, info.id)
    back = q.questionnaire(db, info.id)
    assert (back.title, back.hidden) == (standard.MENTOR_ENTRY.title, False)
    assert [(line.text, line.kind, line.parameter, tuple(c.text for c in line.choices))
            for line in back.questions] == [
        (s.text, s.kind, s.parameter, s.choices) for s in standard.MENTOR_ENTRY.questions]


def test_copy_is_the_curators_own_and_deletable(db: Database) -> None:
    info = by_key(db)["mentee_exit"]
    copy_id = q.copy_questionnaire(db, info.id)
    copy = q.questionnaire(db, copy_id)
    assert (copy.title, copy.is_seeded, copy.seed_key) == (
        "Итоговая анкета наставляемого (копия)", False, "")
    assert [(line.text, line.kind, line.section, line.parameter) for line in copy.questions] \
        == [(line.text, line.kind, line.section, line.parameter) for line in info.questions]
    assert not {line.id for line in copy.questions} & {line.id for line in info.questions}
    with pytest.raises(ValidationError, match="составлена в школе"):
        q.reset_questionnaire(db, copy_id)
    q.delete_questionnaire(db, copy_id)
    assert copy_id not in {i.id for i in q.questionnaires(db)}


def test_a_questionnaire_with_answers_is_not_deleted(db: Database,
                                                     programme: ProgrammeInfo) -> None:
    template_id = q.create_questionnaire(
        db, "Анкета", Audience.MENTEE, QuestionnairePhase.ENTRY,
        questions=[q.QuestionLine("Как дела?", QuestionKind.TEXT)])
    question_id = q.questionnaire(db, template_id).questions[0].id or 0
    answer(db, programme, template_id, {question_id: "Хорошо"})
    with pytest.raises(ValidationError, match="уже есть ответы"):
        q.delete_questionnaire(db, template_id)
    assert q.questionnaire(db, template_id).responses == 1


def test_a_missing_questionnaire_is_reported_in_russian(db: Database) -> None:
    with pytest.raises(ValidationError, match="Анкета не найдена"):
        q.rename_questionnaire(db, 999, "Анкета")


def test_questionnaires_and_rounds_are_built_only_by_their_area() -> None:
    import ast
    from pathlib import Path

    package = Path(q.__file__).resolve().parents[2]

    def builds(path: Path, model: str) -> bool:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else \
                    func.attr if isinstance(func, ast.Attribute) else ""
                if name == model:
                    return True
        return False

    def writers(*models: str) -> set[str]:
        return {p.relative_to(package).as_posix() for p in package.rglob("*.py")
                if "demo" not in p.relative_to(package).parts
                and any(builds(p, model) for model in models)}

    assert writers("QuestionnaireTemplate", "Question", "QuestionChoice") == {
        "services/questionnaires/library.py"}
    assert writers("QuestionnaireRound") == {"services/questionnaires/rounds.py"}
