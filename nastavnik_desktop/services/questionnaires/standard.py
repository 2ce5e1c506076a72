"""The methodology's standard questionnaires, in code: the seeds of `questionnaire_template`.

The methodology measures the participants twice — at entry and at exit — on the same parameters
and shows the difference (domain.md, «Monitoring»), on the scale «от 1 до 10, где 1 — самый
низший балл, а 10 — самый высокий», with yes/no and free-text questions. So each audience
(mentees, mentors) gets an entry and an exit questionnaire whose scale items are paired by their
`parameter`: the expectation asked at entry («насколько … будет») and the reality asked at exit
(«насколько … было») — effectiveness, comfort of communication, usefulness of meetings, clarity
of tasks, support felt. The exit questionnaires end with the yes/no items the methodology
counts: would the participant continue, would a mentee become a mentor himself.
"""

from __future__ import annotations

from dataclasses import dataclass

from nastavnik_desktop.data.enums import Audience, QuestionKind, QuestionnairePhase

SCALE_NOTE = "где 1 — самый низший балл, а 10 — самый высокий"
"""How every 1–10 item is explained (printed under the section's title and on the blanks)."""

SCALE_SECTION_ENTRY = f"Ваши ожидания: оцените по шкале от 1 до 10, {SCALE_NOTE}"
SCALE_SECTION_EXIT = f"Ваша оценка: оцените по шкале от 1 до 10, {SCALE_NOTE}"
YES_NO_SECTION = "Ваше решение"
OPEN_SECTION = "Своими словами"
CHOICE_SECTION = "О встречах"

PAIRED_PARAMETERS = ("effectiveness", "comfort", "usefulness", "clarity", "support")
"""The parameters asked at entry (expectation) and at exit (reality), in this order."""

WOULD_CONTINUE = "would_continue"
WOULD_MENTOR = "would_mentor"

PARAMETER_LABELS = {
    "effectiveness": "эффективность работы",
    "comfort": "комфорт общения",
    "usefulness": "польза встреч",
    "clarity": "понятность задач",
    "support": "поддержка",
    WOULD_CONTINUE: "хотели бы продолжить",
    WOULD_MENTOR: "хотели бы стать наставником",
}
"""The pairing parameters as the curator reads them — in the builder, and (capitalised) in the
growth figures: the paired items, then the yes/no items the methodology counts."""


def parameter_label(parameter: str) -> str:
    """A parameter as the curator reads it ("" for an unpaired question; a parameter of the
    curator's own as it is)."""
    return PARAMETER_LABELS.get(parameter, parameter)


@dataclass(frozen=True)
class StandardQuestion:
    text: str
    kind: QuestionKind
    section: str = ""
    parameter: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class StandardQuestionnaire:
    key: str
    """`questionnaire_template.seed_key`: which standard questionnaire a seeded row is."""
    title: str
    audience: Audience
    phase: QuestionnairePhase
    questions: tuple[StandardQuestion, ...]


def _scale(section: str, pairs: dict[str, str]) -> tuple[StandardQuestion, ...]:
    return tuple(StandardQuestion(pairs[p], QuestionKind.SCALE, section, p)
                 for p in PAIRED_PARAMETERS)


_MEETINGS = ("раз в неделю", "раз в две недели", "раз в месяц")
_MENTEE_HELP = ("учёба и подготовка к экзаменам", "проект или исследование",
                "выбор профессии", "общение и жизнь в классе", "олимпиады и конкурсы",
                "творчество и спорт")
_MENTOR_HELP = ("методические материалы", "обучение наставников",
                "консультации куратора", "время в расписании для встреч",
                "обмен опытом с другими наставниками")

MENTEE_ENTRY = StandardQuestionnaire(
    "mentee_entry", "Входная анкета наставляемого", Audience.MENTEE, QuestionnairePhase.ENTRY,
    (*_scale(SCALE_SECTION_ENTRY, {
        "effectiveness": "Насколько эффективной, по-вашему, будет работа с наставником?",
        "comfort": "Насколько комфортным, по-вашему, будет общение с наставником?",
        "usefulness": "Насколько полезными, по-вашему, будут встречи с наставником?",
        "clarity": "Насколько понятными, по-вашему, будут задачи, которые вы поставите "
                   "вместе с наставником?",
        "support": "Насколько сильную поддержку наставника вы ожидаете?",
    }),
        StandardQuestion("Как часто вы хотели бы встречаться с наставником?",
                         QuestionKind.SINGLE, CHOICE_SECTION, choices=_MEETINGS),
        StandardQuestion("В чём вам нужна помощь наставника? Можно выбрать несколько "
                         "вариантов.", QuestionKind.MULTIPLE, CHOICE_SECTION,
                         choices=_MENTEE_HELP),
        StandardQuestion("Чего вы ждёте от участия в программе наставничества?",
                         QuestionKind.TEXT, OPEN_SECTION),
    ))

MENTEE_EXIT = StandardQuestionnaire(
    "mentee_exit", "Итоговая анкета наставляемого", Audience.MENTEE, QuestionnairePhase.EXIT,
    (*_scale(SCALE_SECTION_EXIT, {
        "effectiveness": "Насколько эффективной оказалась работа с наставником?",
        "comfort": "Насколько комфортным было общение с наставником?",
        "usefulness": "Насколько полезными были встречи с наставником?",
        "clarity": "Насколько понятными были задачи, которые вы ставили вместе с наставником?",
        "support": "Насколько сильную поддержку наставника вы ощущали?",
    }),
        StandardQuestion("Хотели бы вы продолжить работу с наставником?", QuestionKind.YES_NO,
                         YES_NO_SECTION, WOULD_CONTINUE),
        StandardQuestion("Хотели бы вы сами стать наставником?", QuestionKind.YES_NO,
                         YES_NO_SECTION, WOULD_MENTOR),
        StandardQuestion("Что было самым полезным в программе?", QuestionKind.TEXT,
                         OPEN_SECTION),
        StandardQuestion("Что бы вы изменили в программе?", QuestionKind.TEXT, OPEN_SECTION),
    ))

MENTOR_ENTRY = StandardQuestionnaire(
    "mentor_entry", "Входная анкета наставника", Audience.MENTOR, QuestionnairePhase.ENTRY,
    (*_scale(SCALE_SECTION_ENTRY, {
        "effectiveness": "Насколько эффективной, по-вашему, будет ваша работа "
                         "с наставляемым?",
        "comfort": "Насколько комфортным, по-вашему, будет общение с наставляемым?",
        "usefulness": "Насколько полезными, по-вашему, будут встречи для наставляемого?",
        "clarity": "Насколько понятны вам задачи наставника в программе?",
        "support": "Насколько сильную поддержку куратора и школы вы ожидаете?",
    }),
        StandardQuestion("Как часто вы готовы встречаться с наставляемым?",
                         QuestionKind.SINGLE, CHOICE_SECTION, choices=_MEETINGS),
        StandardQuestion("Какая помощь вам нужна как наставнику? Можно выбрать несколько "
                         "вариантов.", QuestionKind.MULTIPLE, CHOICE_SECTION,
                         choices=_MENTOR_HELP),
        StandardQuestion("Какой опыт вы хотите передать наставляемому?", QuestionKind.TEXT,
                         OPEN_SECTION),
    ))

MENTOR_EXIT = StandardQuestionnaire(
    "mentor_exit", "Итоговая анкета наставника", Audience.MENTOR, QuestionnairePhase.EXIT,
    (*_scale(SCALE_SECTION_EXIT, {
        "effectiveness": "Насколько эффективной оказалась ваша работа с наставляемым?",
        "comfort": "Насколько комфортным было общение с наставляемым?",
        "usefulness": "Насколько полезными были встречи для наставляемого?",
        "clarity": "Насколько понятными были задачи наставника в программе?",
        "support": "Насколько сильную поддержку куратора и школы вы ощущали?",
    }),
        StandardQuestion("Хотели бы вы продолжить работу наставником?", QuestionKind.YES_NO,
                         YES_NO_SECTION, WOULD_CONTINUE),
        StandardQuestion("Что удалось наставляемому благодаря вашей работе?",
                         QuestionKind.TEXT, OPEN_SECTION),
        StandardQuestion("Что бы вы изменили в программе?", QuestionKind.TEXT, OPEN_SECTION),
    ))

STANDARD = (MENTEE_ENTRY, MENTEE_EXIT, MENTOR_ENTRY, MENTOR_EXIT)
"""The standard set, in the order the curator sees it."""

BY_KEY = {standard.key: standard for standard in STANDARD}
