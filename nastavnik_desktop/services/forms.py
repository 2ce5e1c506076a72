"""The forms of mentoring: the reference list, and the forms a programme works in."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.models import MentoringForm, ProgrammeForm
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import reference_lists


@dataclass(frozen=True)
class FormOption:
    id: int
    code: str
    name: str

    @property
    def for_teachers(self) -> bool:
        return self.code == "teacher_teacher"


def programme_forms(session: Session, programme_id: int,
                    also: Iterable[int | None] = ()) -> tuple[FormOption, ...]:
    """The programme's forms of mentoring that are not hidden (every visible form if stage 1
    chose none), and any form a profile already has, in the reference order
    (`reference_lists.forms_offered`)."""
    chosen = set(session.scalars(select(ProgrammeForm.form_id).where(
        ProgrammeForm.programme_id == programme_id)))
    kept = {f for f in also if f is not None}
    forms = reference_lists.forms_offered(session, keep=kept)
    return tuple(FormOption(f.id, f.code, f.name) for f in forms
                 if f.id in kept or not chosen or f.id in chosen)


def check_forms(session: Session, form_ids: Collection[int | None]) -> None:
    wanted = {f for f in form_ids if f is not None}
    found = set(session.scalars(select(MentoringForm.id).where(MentoringForm.id.in_(wanted))))
    if wanted - found:
        raise ValidationError("Форма наставничества не найдена: возможно, её удалили из "
                              "справочника. Выберите форму заново.")
