"""Reference data seeded from the methodology (domain.md); the curator may edit, hide and add.

Seeded rows carry `is_seeded=True` («из методологии»). Seeding is idempotent: a row whose name
already exists is left as the curator made it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.enums import RequestAudience
from nastavnik_desktop.data.models import (
    MenteeRequest,
    MentoringForm,
    RoleModel,
    SelectionCriterion,
)

# code, name, mentor, mentee, hidden by default in a school, role models
FORMS: list[tuple[str, str, str, str, bool, list[str]]] = [
    ("pupil_pupil", "ученик – ученик",
     "обучающийся старшего класса, лидер",
     "обучающийся (пассивный, неуспевающий, с особыми потребностями, новичок в классе)",
     False,
     ["успевающий – неуспевающий", "лидер – пассивный", "равный – равному",
      "адаптированный – неадаптированный"]),
    ("teacher_teacher", "учитель – учитель",
     "опытный педагог",
     "молодой специалист (стаж 0–3 года), педагог, новый в школе, педагог в состоянии выгорания",
     False,
     ["опытный педагог – молодой специалист",
      "опытный классный руководитель – молодой специалист",
      "лидер педагогического сообщества – педагог, испытывающий проблемы",
      "педагог-новатор – консервативный педагог",
      "опытный предметник – неопытный предметник"]),
    ("student_pupil", "студент – ученик",
     "студент колледжа или вуза", "обучающийся", False,
     ["успевающий – неуспевающий", "лидер – пассивный", "равный – другому",
      "куратор – автор проекта"]),
    ("employer_pupil", "работодатель – ученик",
     "сотрудник предприятия региона, предприниматель", "обучающийся (профориентация)", False,
     ["активный профессионал – равнодушный потребитель", "коллега – молодой коллега",
      "работодатель – будущий сотрудник"]),
    ("employer_student", "работодатель – студент",
     "сотрудник предприятия", "студент СПО", True,
     ["активный профессионал – равнодушный потребитель", "коллега – молодой коллега",
      "работодатель – будущий сотрудник"]),
]

PUPIL_REQUESTS = [
    "низкая мотивация к учебе, неудовлетворительная успеваемость",
    "выбор образовательной траектории и профессии",
    "самореализация вне программы",
    "гражданская позиция",
    "информированность о карьерных возможностях",
    "кризис самоидентификации",
    "конфликтность, коммуникативные навыки",
    "метапредметные навыки",
    "вход в программы для талантливых",
    "эмоциональная устойчивость",
    "адаптация в новом коллективе",
]

TEACHER_REQUESTS = [
    "адаптация молодого специалиста",
    "методика предмета",
    "работа с классом",
    "работа с родителями",
    "ИКТ",
    "подготовка к аттестации и конкурсам",
    "профессиональное выгорание",
]

SELECTION_CRITERIA = [
    "профессиональный опыт",
    "развитые компетенции, сильные стороны",
    "навыки коммуникации",
    "ресурс времени",
    "положительный жизненный и профессиональный опыт",
    "соответствие запросам наставляемых",
    "активная гражданская позиция",
    "мотивация",
]


def seed_reference_data(session: Session) -> None:
    """Insert the methodology's forms, role models, requests and criteria that are missing.

    An item is present when a row has its name or its `seed_name` (a seeded item the curator
    renamed is not seeded again)."""
    _seed_forms(session)
    _seed_requests(session, RequestAudience.PUPIL, PUPIL_REQUESTS)
    _seed_requests(session, RequestAudience.TEACHER, TEACHER_REQUESTS)
    existing = _known(session.execute(
        select(SelectionCriterion.name, SelectionCriterion.seed_name)))
    for order, name in enumerate(SELECTION_CRITERIA):
        if name not in existing:
            session.add(SelectionCriterion(name=name, seed_name=name, is_seeded=True,
                                           sort_order=order))
    session.flush()


def _known(rows: Iterable[tuple[str, str | None]]) -> set[str]:
    """The names and the methodology's names of reference rows."""
    return {text for row in rows for text in row if text}


def _seed_forms(session: Session) -> None:
    forms = {f.code: f for f in session.scalars(select(MentoringForm))}
    for order, (code, name, mentor, mentee, hidden, role_models) in enumerate(FORMS):
        form = forms.get(code)
        if form is None:
            form = MentoringForm(code=code, name=name, seed_name=name,
                                 mentor_description=mentor, mentee_description=mentee,
                                 hidden=hidden, is_seeded=True, sort_order=order)
            session.add(form)
        present = _known((rm.name, rm.seed_name) for rm in form.role_models)
        for rm_order, rm_name in enumerate(role_models):
            if rm_name not in present:
                form.role_models.append(RoleModel(name=rm_name, seed_name=rm_name,
                                                  is_seeded=True, sort_order=rm_order))


def _seed_requests(session: Session, audience: RequestAudience, names: list[str]) -> None:
    existing = _known(session.execute(select(MenteeRequest.name, MenteeRequest.seed_name)
                                      .where(MenteeRequest.audience == audience)))
    for order, name in enumerate(names):
        if name not in existing:
            session.add(MenteeRequest(name=name, seed_name=name, audience=audience,
                                      is_seeded=True, sort_order=order))
