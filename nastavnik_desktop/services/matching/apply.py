"""Stage 5: the proposals the curator kept become pairs and groups, in one transaction.

`apply_matching` writes a result (`run`): one pair — or a group, when a mentor gets several
mentees — per mentor, status «сформирована», with the score and its explanation, through the
pairs area's writer (`services.pairs.writer.create_pair`); the mentees become «в паре». Mentees
already in an active pair are never touched: a mentor with a pair gets the new mentees in a new
pair/group row. The group meeting of the stage is recorded in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    PairMentee,
    ProgrammeEvent,
    ProgrammeRoleModel,
    RoleModel,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import audit, reference_lists
from nastavnik_desktop.services.matching.criteria import (
    YOUNG_SPECIALIST_YEARS,
    FormRule,
    form_rule,
)
from nastavnik_desktop.services.matching.records import FormInfo
from nastavnik_desktop.services.matching.run import MatchResult, Proposal
from nastavnik_desktop.services.pairs.rules import FREE_MENTEE_STATUSES, active_membership
from nastavnik_desktop.services.pairs.writer import create_pair
from nastavnik_desktop.services.stages.checklists import GROUP_MEETING
from nastavnik_desktop.services.stages.status import record_stage_work

STAGE = 5

YOUNG_SPECIALIST_MODEL = "опытный педагог – молодой специалист"
MATCHING_STAGE = 5
GROUP_MEETING_KIND = GROUP_MEETING  # the stage 5 checklist reads this event
GROUP_MEETING_TITLE = "Групповая встреча наставников и наставляемых"


@dataclass(frozen=True)
class AppliedMatching:
    pair_ids: tuple[int, ...]
    pairs: int
    groups: int
    mentees: int
    meeting_id: int | None = None


@dataclass(frozen=True)
class GroupMeeting:
    """The group meeting of mentors and mentees (stage 5), recorded with the pairs."""

    held_on: dt.date
    attended_count: int
    notes: str = ""


def apply_matching(db: Database, programme_id: int, result: MatchResult, *,
                   formed_on: dt.date | None = None,
                   meeting: GroupMeeting | None = None,
                   role_models: Mapping[int, int] | None = None) -> AppliedMatching:
    """Create the proposed pairs and groups in one transaction (or nothing, on any problem),
    with the group meeting of stage 5 when one is given. `role_models` gives the role model of
    the new pairs of a form (form id → role model id) as the curator chose it; without one a
    pair gets it only when it is clear (`_role_model`).

    Refuses a result that no longer fits the database: a mentee paired or removed meanwhile, a
    mentor no longer admitted or without the places.
    """
    if result.programme_id != programme_id:
        raise ValidationError("Предложенные пары относятся к другой программе наставничества.")
    if meeting is not None and meeting.attended_count < 0:
        raise ValidationError("Число участников встречи не может быть отрицательным.")
    if not result.proposals and meeting is None:
        return AppliedMatching(pair_ids=(), pairs=0, groups=0, mentees=0)
    day = formed_on or dt.date.today()
    with db.transaction() as session:
        chosen = _chosen_role_models(session, role_models or {})
        created = _create_pairs(session, programme_id, result.proposals, day, chosen)
        meeting_id = _record_meeting(session, programme_id, meeting) if meeting else None
        groups = sum(1 for p in created if len(p.members) > 1)
        record_stage_work(session, programme_id, STAGE, day)
        if created:
            audit.record(session, "create", "mentoring_pair", None,
                         f"Подбор пар: сформировано пар {len(created) - groups}, групп {groups} "
                         f"({len(result.proposals)} наставляемых)",
                         programme_id=programme_id, objective=result.objective,
                         pair_ids=[p.id for p in created], total=result.quality.total)
        return AppliedMatching(pair_ids=tuple(p.id for p in created),
                               pairs=len(created) - groups, groups=groups,
                               mentees=len(result.proposals), meeting_id=meeting_id)


def _chosen_role_models(session: Session, role_models: Mapping[int, int]) -> dict[int, int]:
    found = dict(session.execute(select(RoleModel.id, RoleModel.form_id).where(
        RoleModel.id.in_(list(role_models.values())))).all())
    if any(found.get(model_id) != form_id for form_id, model_id in role_models.items()):
        raise ValidationError("Ролевая модель выбрана не для своей формы наставничества или "
                              "удалена из справочника. Выберите её заново.")
    return dict(role_models)


def _create_pairs(session: Session, programme_id: int, proposals: tuple[Proposal, ...],
                  day: dt.date, role_models: Mapping[int, int]) -> list[MentoringPair]:
    """One pair (or a numbered group) per mentor of the proposals, after checking that the
    mentees are still free and the mentors still admitted with the places."""
    by_mentor: dict[int, list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        by_mentor[proposal.mentor_profile_id].append(proposal)
    mentees = _free_mentees(session, programme_id, [p.mentee_profile_id for p in proposals])
    groups = _group_count(session, programme_id)
    created: list[MentoringPair] = []
    for mentor_id, kept in by_mentor.items():
        mentor = _checked_mentor(session, programme_id, mentor_id, len(kept))
        members = [mentees[p.mentee_profile_id] for p in kept]
        is_group = len(members) > 1
        groups += is_group
        assert mentor.form_id is not None  # _checked_mentor refuses a mentor without a form
        created.append(create_pair(
            session, programme_id=programme_id, mentor_profile_id=mentor.id,
            form_id=mentor.form_id, mentees=members, day=day,
            title=f"Группа № {groups}" if is_group else "",
            role_model_id=role_models.get(mentor.form_id)
            or _role_model(session, programme_id, mentor, members),
            match_score=round(sum(p.score for p in kept) / len(kept), 1),
            match_explanation="\n".join((f"{p.mentee_name}: " if is_group else "")
                                        + p.explanation.text for p in kept),
            fixed_by_hand=any(p.fixed_by_hand for p in kept)))
    return created


def _record_meeting(session: Session, programme_id: int, meeting: GroupMeeting) -> int:
    row = ProgrammeEvent(programme_id=programme_id, stage=MATCHING_STAGE, kind=GROUP_MEETING_KIND,
                         title=GROUP_MEETING_TITLE, held_on=meeting.held_on,
                         audience="наставники и наставляемые",
                         attended_count=meeting.attended_count, notes=meeting.notes.strip())
    session.add(row)
    session.flush()
    audit.record(session, "create", "programme_event", row.id,
                 f"{GROUP_MEETING_TITLE} {meeting.held_on:%d.%m.%Y}: участников "
                 f"{meeting.attended_count}")
    return row.id


def _free_mentees(session: Session, programme_id: int,
                  profile_ids: list[int]) -> dict[int, MenteeProfile]:
    if len(set(profile_ids)) != len(profile_ids):
        raise ValidationError("Один наставляемый предложен в две пары.")
    in_pair = exists(select(PairMentee.id).join(MentoringPair, active_membership())
                     .where(PairMentee.mentee_profile_id == MenteeProfile.id))
    found = {m.id: m for m in session.scalars(
        select(MenteeProfile).where(MenteeProfile.id.in_(profile_ids),
                                    MenteeProfile.programme_id == programme_id,
                                    MenteeProfile.status.in_(FREE_MENTEE_STATUSES),
                                    ~in_pair))}
    if len(found) != len(profile_ids):
        raise ValidationError("Пока подбирались пары, часть наставляемых уже закреплена или "
                              "выбыла. Запустите подбор ещё раз; ничего не сохранено.")
    return found


def _checked_mentor(session: Session, programme_id: int, mentor_id: int,
                    new_mentees: int) -> MentorProfile:
    mentor = session.get(MentorProfile, mentor_id)
    if mentor is None or mentor.programme_id != programme_id \
            or mentor.status is not MentorStatus.ADMITTED or mentor.form_id is None:
        raise ValidationError("Пока подбирались пары, наставник перестал быть допущенным. "
                              "Запустите подбор ещё раз; ничего не сохранено.")
    load = session.scalar(
        select(func.count(PairMentee.id)).join(MentoringPair, active_membership())
        .where(MentoringPair.mentor_profile_id == mentor_id)) or 0
    if load + new_mentees > mentor.capacity:
        raise ValidationError(f"У наставника {mentor.person.full_name} не хватает мест: "
                              f"{mentor.capacity}, занято {load}, предложено ещё "
                              f"{new_mentees}. Ничего не сохранено.")
    return mentor


def _group_count(session: Session, programme_id: int) -> int:
    sizes = (select(PairMentee.pair_id).join(MentoringPair, MentoringPair.id == PairMentee.pair_id)
             .where(MentoringPair.programme_id == programme_id)
             .group_by(PairMentee.pair_id).having(func.count() > 1).subquery())
    return session.scalar(select(func.count()).select_from(sizes)) or 0


def _role_model(session: Session, programme_id: int, mentor: MentorProfile,
                members: list[MenteeProfile]) -> int | None:
    """The role model when it is clear: the only one of the form chosen for the programme and
    not hidden since (or, none, the only one offered), or «опытный педагог – молодой
    специалист» (by the methodology's wording: the curator may have renamed it) for young
    specialists in «учитель – учитель»."""
    form = mentor.form
    if form is None:
        return None
    offered = reference_lists.role_models_offered(session, [form.id])
    chosen = set(session.scalars(select(ProgrammeRoleModel.role_model_id).where(
        ProgrammeRoleModel.programme_id == programme_id)))
    candidates = [rm for rm in offered if rm.id in chosen] or offered
    if len(candidates) == 1:
        return candidates[0].id
    young = all(m.person.experience_years is not None
                and m.person.experience_years <= YOUNG_SPECIALIST_YEARS for m in members)
    if young and form_rule(FormInfo(form.id, form.code, form.name)) is FormRule.MORE_EXPERIENCE:
        return next((rm.id for rm in candidates
                     if (rm.seed_name or rm.name) == YOUNG_SPECIALIST_MODEL), None)
    return None
