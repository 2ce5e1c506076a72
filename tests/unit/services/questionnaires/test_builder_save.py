"""The builder's one save (`save_questionnaire`: title, scope and questions all or nothing),
the choices typed one per line matched to the stored ones (`choice_lines`), the forms a
questionnaire can be limited to, and the pairing parameters in words."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import Audience, QuestionKind, QuestionnairePhase
from nastavnik_desktop.data.models import AuditEntry, MentoringForm
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.questionnaires import standard

OLD = (q.ChoiceLine("Очно", 1), q.ChoiceLine("Онлайн", 2), q.ChoiceLine("По телефону", 3))


@pytest.mark.parametrize(("texts", "ids"), [
    (["Очно", "Онлайн", "По телефону"], [1, 2, 3]),
    (["  по   телефону ", "", "очно"], [3, 1]),  # moved, case and spaces aside, blank dropped
    (["Очно", "По видеосвязи", "По телефону"], [1, 2, 3]),  # renamed in place
    (["Онлайн", "По телефону"], [2, 3]),  # the first deleted
    (["Первый", "Онлайн"], [None, 2]),  # one deleted and one new: never guessed as a rename
    (["Очно", "Онлайн", "По телефону", "Письмом"], [1, 2, 3, None]),
])
def test_typed_choices_keep_the_ids_of_the_same_or_renamed_ones(texts: list[str],
                                                                ids: list[int | None]) -> None:
    lines = q.choice_lines(OLD, texts)
    assert [c.id for c in lines] == ids
    assert all(c.text == " ".join(c.text.split()) and c.text for c in lines)


def test_one_save_changes_everything_or_nothing(db: Database) -> None:
    template_id = q.create_questionnaire(db, "Анкета", Audience.MENTEE,
                                         QuestionnairePhase.ENTRY,
                                         questions=[q.QuestionLine("Польза", QuestionKind.SCALE)])
    with db.reading() as session:
        form_id = session.scalars(select(MentoringForm.id)).first()
    lines = [*q.questionnaire(db, template_id).questions,
             q.QuestionLine("Продолжите?", QuestionKind.YES_NO, "Итог",
                            standard.WOULD_CONTINUE)]
    q.save_questionnaire(db, template_id, title=" Итоговая  анкета ", audience=Audience.ANY,
                         phase=QuestionnairePhase.EXIT, form_id=form_id, questions=lines)
    saved = q.questionnaire(db, template_id)
    assert (saved.title, saved.audience, saved.phase, saved.form_id) == (
        "Итоговая анкета", Audience.ANY, QuestionnairePhase.EXIT, form_id)
    assert [(line.text, line.parameter) for line in saved.questions] == [
        ("Польза", ""), ("Продолжите?", standard.WOULD_CONTINUE)]
    with db.reading() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-3:] == ["questionnaire_rename", "questionnaire_scope",
                            "questionnaire_questions"]

    with pytest.raises(ValidationError, match="Вопрос 2 без текста"):
        q.save_questionnaire(db, template_id, title="Другое", audience=Audience.MENTOR,
                             phase=QuestionnairePhase.ENTRY, form_id=None,
                             questions=[saved.questions[0], q.QuestionLine(" ", QuestionKind.TEXT)])
    with pytest.raises(ValidationError, match="Форма наставничества не найдена"):
        q.save_questionnaire(db, template_id, title="Другое", audience=Audience.MENTOR,
                             phase=QuestionnairePhase.ENTRY, form_id=9999,
                             questions=saved.questions)
    assert q.questionnaire(db, template_id) == saved, "a refused save changes nothing"


def test_an_unchanged_save_writes_only_the_questions(db: Database) -> None:
    info = next(i for i in q.questionnaires(db) if i.seed_key == "mentee_entry")
    q.save_questionnaire(db, info.id, title=info.title, audience=info.audience,
                         phase=info.phase, form_id=None, questions=info.questions)
    with db.reading() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-1:] == ["questionnaire_questions"]
    assert "questionnaire_rename" not in actions and "questionnaire_scope" not in actions
    assert q.questionnaire(db, info.id) == info


def test_the_forms_offered_are_the_programmes(db: Database, programme: ProgrammeInfo) -> None:
    offered = q.form_choices(db, programme.id)
    assert offered and all(f.name for f in offered)


def test_every_standard_parameter_reads_in_russian() -> None:
    used = {question.parameter for s in standard.STANDARD for question in s.questions
            if question.parameter}
    assert used <= set(standard.PARAMETER_LABELS)
    assert standard.parameter_label("comfort") == "комфорт общения"
    assert standard.parameter_label("") == ""
    assert standard.parameter_label("своя_метка") == "своя_метка"
