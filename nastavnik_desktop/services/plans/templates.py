"""Templates of an individual development plan (ИПР) per form and role model.

Stage 6 of the methodology (domain.md; seeds «6 Этап. Организация работы наставнических
пар/групп») asks for a preliminary analysis of the participants' strengths, the priority goals
of the mentee's development and the common tasks of the pair or group. The seeds name the forms,
the role models, the mentees' key requests (`data.reference`) and the meeting cycle
(знакомство → пробная → планирование → рабочие → итоговая), but give no ready list of tasks: the
directions below are those requests and the expected results of the target model («ожидаемые
результаты для участников»), the tasks the steps of the meeting cycle that reach them.

A template is a list of directions (goals of development); each direction has tasks, each task
a content (what), an action (how the pair does it) and an expected result. Forms are keyed by
`MentoringForm.code`, role models by their seeded name; a role model without its own template
takes the form's general one (role model `None`).

These are the seeds: the program works with their copies in the database (`library`), which
the curator may change; «Вернуть как в методических рекомендациях» copies them again.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TemplateTask:
    content: str
    action: str
    result: str


@dataclass(frozen=True)
class TemplateDirection:
    direction: str
    tasks: tuple[TemplateTask, ...]


@dataclass(frozen=True)
class MethodologyTemplate:
    form_code: str
    role_model: str | None
    title: str
    directions: tuple[TemplateDirection, ...]

    @property
    def task_count(self) -> int:
        return sum(len(d.tasks) for d in self.directions)


def _t(content: str, action: str, result: str) -> TemplateTask:
    return TemplateTask(content, action, result)


def _d(direction: str, *tasks: TemplateTask) -> TemplateDirection:
    return TemplateDirection(direction, tasks)


_ACQUAINTANCE = _t("Знакомство и анализ сильных сторон",
                   "встреча-знакомство, беседа о сильных сторонах и трудностях наставляемого",
                   "записаны сильные стороны и точки роста")
_PLANNING = _t("Цели и общие задачи пары",
               "встреча-планирование: согласовать цели, задачи и сроки плана",
               "план развития согласован и подписан")
_FINAL = _t("Итоги работы",
            "итоговая встреча: сравнить результаты с целями, собрать обратную связь",
            "результаты представлены, обратная связь собрана")

TEMPLATES: tuple[MethodologyTemplate, ...] = (
    MethodologyTemplate("pupil_pupil", None, "ученик – ученик", (
        _d("Организация работы пары", _ACQUAINTANCE, _PLANNING),
        _d("Учебная мотивация и успеваемость",
           _t("Трудные темы по предметам", "совместный разбор заданий раз в неделю",
              "повышение текущих отметок"),
           _t("Навыки самостоятельной работы", "составить и вести план подготовки к урокам",
              "наставляемый планирует учёбу сам")),
        _d("Вовлечённость в жизнь школы",
           _t("Участие во внеурочной деятельности", "выбрать кружок, конкурс или проект и "
              "участвовать вместе", "участие хотя бы в одном мероприятии")),
        _d("Итоги", _FINAL),
    )),
    MethodologyTemplate("pupil_pupil", "адаптированный – неадаптированный",
                        "ученик – ученик, адаптация", (
        _d("Организация работы пары", _ACQUAINTANCE, _PLANNING),
        _d("Адаптация в новом коллективе",
           _t("Правила и традиции школы", "экскурсия по школе, знакомство с классом и кружками",
              "наставляемый ориентируется в школе"),
           _t("Общение с одноклассниками", "совместное участие в классном деле",
              "наставляемый включён в жизнь класса")),
        _d("Итоги", _FINAL),
    )),
    MethodologyTemplate("teacher_teacher", None, "учитель – учитель", (
        _d("Организация работы пары", _ACQUAINTANCE, _PLANNING),
        _d("Адаптация молодого специалиста",
           _t("Нормативные документы и локальные акты школы", "разбор документов с наставником",
              "рабочая программа и журнал ведутся без ошибок")),
        _d("Методика предмета",
           _t("Посещение уроков наставника", "посетить и обсудить не менее двух уроков",
              "приёмы наставника применяются на своих уроках"),
           _t("Открытый урок", "подготовить и провести урок с разбором",
              "урок проведён, получены рекомендации")),
        _d("Работа с классом и родителями",
           _t("Родительское собрание", "подготовить и провести собрание вместе с наставником",
              "собрание проведено")),
        _d("Итоги", _FINAL),
    )),
    MethodologyTemplate("teacher_teacher", "опытный классный руководитель – молодой специалист",
                 "учитель – учитель, классное руководство", (
        _d("Организация работы пары", _ACQUAINTANCE, _PLANNING),
        _d("Работа с классом",
           _t("План воспитательной работы", "составить план класса вместе с наставником",
              "план воспитательной работы утверждён"),
           _t("Классный час", "подготовить и провести классный час с разбором",
              "классный час проведён")),
        _d("Работа с родителями",
           _t("Родительское собрание", "подготовить и провести собрание вместе с наставником",
              "собрание проведено")),
        _d("Итоги", _FINAL),
    )),
    MethodologyTemplate("student_pupil", None, "студент – ученик", (
        _d("Организация работы пары", _ACQUAINTANCE, _PLANNING),
        _d("Выбор образовательной траектории и профессии",
           _t("Знакомство с колледжем или вузом", "день открытых дверей или экскурсия",
              "наставляемый знает условия поступления")),
        _d("Проектная деятельность",
           _t("Проект или исследование", "выбрать тему и выполнить проект с наставником",
              "проект представлен")),
        _d("Итоги", _FINAL),
    )),
    MethodologyTemplate("employer_pupil", None, "работодатель – ученик", (
        _d("Организация работы пары", _ACQUAINTANCE, _PLANNING),
        _d("Профориентация",
           _t("Знакомство с предприятием", "экскурсия на предприятие, беседа с сотрудниками",
              "наставляемый знает профессии отрасли"),
           _t("Профессиональные пробы", "выполнить пробное задание под руководством наставника",
              "проба выполнена, выбор профессии осознан")),
        _d("Информированность о карьерных возможностях",
           _t("Образовательный маршрут", "составить маршрут к выбранной профессии",
              "маршрут составлен")),
        _d("Итоги", _FINAL),
    )),
    MethodologyTemplate("employer_student", None, "работодатель – студент", (
        _d("Организация работы пары", _ACQUAINTANCE, _PLANNING),
        _d("Профессиональные навыки",
           _t("Практика на предприятии", "выполнить задание наставника на рабочем месте",
              "задание выполнено, получен отзыв наставника"),
           _t("Проект для предприятия", "выполнить проект по заказу предприятия",
              "проект представлен предприятию")),
        _d("Итоги", _FINAL),
    )),
)


def template_for(form_code: str, role_model: str | None) -> MethodologyTemplate | None:
    """The template of a role model of the form, else the form's general one, else None."""
    general = None
    for template in TEMPLATES:
        if template.form_code != form_code:
            continue
        if role_model is not None and template.role_model == role_model:
            return template
        if template.role_model is None:
            general = template
    return general


def templates_of(form_code: str) -> tuple[MethodologyTemplate, ...]:
    """Every template of the form, the general one first (for a chooser)."""
    return tuple(sorted((t for t in TEMPLATES if t.form_code == form_code),
                        key=lambda t: t.role_model is not None))
