"""The whole domain model of ЦМН (domain.md), as typed SQLAlchemy 2 mappings.

The tables of the first screen live in `core_models.py` and are re-exported here; import models
from this module. Every change to either file needs an Alembic migration
(`data/migrations/versions`); a test fails when the models and the migrations drift apart.

Longer than 600 lines because it is the schema: one declarative class per table with no logic,
read side by side with the migrations; split by area it would only add re-exports.
"""

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from nastavnik_desktop.data.core_models import (  # noqa: F401  (re-exported)
    AppSetting,
    AuditEntry,
    Base,
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    Programme,
    School,
    StageProgress,
    Timestamped,
    enum_column,
    not_in_future,
)
from nastavnik_desktop.data.enums import (
    Audience,
    AwardNomination,
    CertificateKind,
    ConsentGiver,
    ConsentKind,
    MaterialKind,
    MeetingFormat,
    MeetingKind,
    PairNoteKind,
    PairStatus,
    PlanItemKind,
    QuestionKind,
    QuestionnairePhase,
    RequestAudience,
    ResponseSource,
    SwotQuadrant,
)

# --- the school and its programmes -----------------------------------------------------------


class TeamMember(Base):
    """The curator's team: a person of the programme with a role («куратор», «психолог», …)."""

    __tablename__ = "team_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(200))

    programme: Mapped["Programme"] = relationship(back_populates="team")
    person: Mapped["Person"] = relationship()

    __table_args__ = (UniqueConstraint("programme_id", "person_id", "role"),)


class ProgrammeForm(Base):
    """A form of mentoring chosen for a programme."""

    __tablename__ = "programme_form"

    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), primary_key=True
    )
    form_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_form.id", ondelete="RESTRICT"), primary_key=True
    )

    programme: Mapped["Programme"] = relationship(back_populates="forms")
    form: Mapped["MentoringForm"] = relationship()


class ProgrammeRoleModel(Base):
    """A role model chosen for a programme (within one of its forms)."""

    __tablename__ = "programme_role_model"

    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), primary_key=True
    )
    role_model_id: Mapped[int] = mapped_column(
        ForeignKey("role_model.id", ondelete="RESTRICT"), primary_key=True
    )


class ProgrammeEvent(Base):
    """An event of a stage: informing parents, a class hour, the group meeting, the final event."""

    __tablename__ = "programme_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(500), default="")
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    audience: Mapped[str] = mapped_column(String(300), default="")
    attended_count: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(300), default="", server_default="")

    __table_args__ = (
        CheckConstraint("stage BETWEEN 1 AND 7", name="stage_range"),
        CheckConstraint("attended_count IS NULL OR attended_count >= 0", name="attended_nonneg"),
    )


class RoadmapItem(Base):
    """A line of the roadmap: № | мероприятие | срок | ответственный | результат / вид документа."""

    __tablename__ = "roadmap_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[int] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    responsible_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    responsible_text: Mapped[str] = mapped_column(String(300), default="")
    result_text: Mapped[str] = mapped_column(Text, default="")
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text, default="")
    from_template: Mapped[bool] = mapped_column(default=False)

    responsible: Mapped["Person | None"] = relationship()

    __table_args__ = (CheckConstraint("stage BETWEEN 1 AND 7", name="stage_range"),)


# --- reference data (editable; seeded rows are flagged) ------------------------------------


class ReferenceMixin:
    name: Mapped[str] = mapped_column(String(300))
    is_seeded: Mapped[bool] = mapped_column(default=False)
    seed_name: Mapped[str | None] = mapped_column(String(300), default=None)
    """The methodology's wording of a seeded item (the curator may rename it; «вернуть как в
    методологии» finds it by this); None for an item the curator added."""
    hidden: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class MentoringForm(ReferenceMixin, Base):
    __tablename__ = "mentoring_form"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    mentor_description: Mapped[str] = mapped_column(Text, default="")
    mentee_description: Mapped[str] = mapped_column(Text, default="")

    role_models: Mapped[list["RoleModel"]] = relationship(
        back_populates="form", cascade="all, delete-orphan", order_by="RoleModel.sort_order"
    )

    __table_args__ = (UniqueConstraint("name"),)


class RoleModel(ReferenceMixin, Base):
    __tablename__ = "role_model"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("mentoring_form.id", ondelete="CASCADE"))

    form: Mapped["MentoringForm"] = relationship(back_populates="role_models")

    __table_args__ = (UniqueConstraint("form_id", "name"),)


class MenteeRequest(ReferenceMixin, Base):
    """A key request of a mentee (Р-145 п. 3.2 and the teachers' list)."""

    __tablename__ = "mentee_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    audience: Mapped[RequestAudience] = mapped_column(
        enum_column(RequestAudience, "request_audience")
    )

    __table_args__ = (UniqueConstraint("audience", "name"),)


class SelectionCriterion(ReferenceMixin, Base):
    __tablename__ = "selection_criterion"

    id: Mapped[int] = mapped_column(primary_key=True)

    __table_args__ = (UniqueConstraint("name"),)


# --- people ------------------------------------------------------------------------------------


class Consent(Base):
    """A consent under 152-ФЗ: to process personal data, or to publish photos and cases."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ConsentKind] = mapped_column(enum_column(ConsentKind, "consent_kind"))
    given_on: Mapped[dt.date] = mapped_column(Date)
    given_by: Mapped[ConsentGiver] = mapped_column(
        enum_column(ConsentGiver, "consent_giver"), default=ConsentGiver.SELF
    )
    given_by_name: Mapped[str] = mapped_column(String(300), default="")
    revoked_on: Mapped[dt.date | None] = mapped_column(Date)
    document_ref: Mapped[str] = mapped_column(String(300), default="")

    person: Mapped["Person"] = relationship(back_populates="consents")

    __table_args__ = (
        CheckConstraint("revoked_on IS NULL OR revoked_on >= given_on", name="revoked_after_given"),
    )

    @validates("given_on")
    def _check_given_on(self, _key: str, value: dt.date) -> dt.date:
        checked = not_in_future("дата согласия", value)
        assert checked is not None
        return checked

    @validates("revoked_on")
    def _check_revoked_on(self, _key: str, value: dt.date | None) -> dt.date | None:
        return not_in_future("дата отзыва согласия", value)


# --- the bases of a programme --------------------------------------------------------------


class MenteeProfileRequest(Base):
    __tablename__ = "mentee_profile_request"

    mentee_profile_id: Mapped[int] = mapped_column(
        ForeignKey("mentee_profile.id", ondelete="CASCADE"), primary_key=True
    )
    request_id: Mapped[int] = mapped_column(
        ForeignKey("mentee_request.id", ondelete="RESTRICT"), primary_key=True
    )


class MentorProfileRequest(Base):
    """Which mentee requests a mentor can answer (used by matching)."""

    __tablename__ = "mentor_profile_request"

    mentor_profile_id: Mapped[int] = mapped_column(
        ForeignKey("mentor_profile.id", ondelete="CASCADE"), primary_key=True
    )
    request_id: Mapped[int] = mapped_column(
        ForeignKey("mentee_request.id", ondelete="RESTRICT"), primary_key=True
    )


class MentorCriterionScore(Base):
    __tablename__ = "mentor_criterion_score"

    mentor_profile_id: Mapped[int] = mapped_column(
        ForeignKey("mentor_profile.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("selection_criterion.id", ondelete="RESTRICT"), primary_key=True
    )
    score: Mapped[int] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("score BETWEEN 0 AND 10", name="score_range"),)


# --- pairs and groups ----------------------------------------------------------------------


class MatchingExclusion(Base):
    """A hard rule for matching: never pair this mentor with this mentee."""

    __tablename__ = "matching_exclusion"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    mentor_person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    mentee_person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("programme_id", "mentor_person_id", "mentee_person_id"),
        CheckConstraint("mentor_person_id <> mentee_person_id", name="different_people"),
    )


class PlanItem(Base):
    """A line of a pair's individual development plan (ИПР): a goal of a mentee (or of the
    pair) or a common task with its direction, content (`text`), action, deadline, expected
    result (`result`) and the day it was done."""

    __tablename__ = "plan_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_pair.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[PlanItemKind] = mapped_column(enum_column(PlanItemKind, "plan_item_kind"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    result: Mapped[str] = mapped_column(Text, default="")
    direction: Mapped[str] = mapped_column(Text, default="", server_default="")
    action: Mapped[str] = mapped_column(Text, default="", server_default="")
    mentee_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentee_profile.id", ondelete="SET NULL")
    )


class PlanTemplate(Base):
    """A template of a development plan for a form (and optionally one role model): seeded
    from the methodology (`is_seeded`), editable, hideable, copyable."""

    __tablename__ = "plan_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_form.id", ondelete="CASCADE"), index=True
    )
    role_model_id: Mapped[int | None] = mapped_column(
        ForeignKey("role_model.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(String(300))
    is_seeded: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    items: Mapped[list["PlanTemplateItem"]] = relationship(
        cascade="all, delete-orphan", order_by="PlanTemplateItem.sort_order"
    )


class PlanTemplateItem(Base):
    """A line of a plan template: a goal or a task with direction, content, action, expected
    result and the deadline as days after the plan is filled."""

    __tablename__ = "plan_template_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("plan_template.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[PlanItemKind] = mapped_column(enum_column(PlanItemKind, "plan_item_kind"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    direction: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    due_after_days: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("due_after_days IS NULL OR due_after_days >= 0",
                        name="due_after_days_positive"),
    )


class Meeting(Base):
    """A meeting of a pair/group: знакомство → пробная → планирование → рабочие → итоговая.

    `planned` marks a meeting scheduled ahead (stage 6 wizard, the journal) that has not been
    confirmed as held; only held meetings move the pair's status and count as meetings."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_pair.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind, "meeting_kind"))
    held_on: Mapped[dt.date] = mapped_column(Date)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[MeetingFormat] = mapped_column(
        enum_column(MeetingFormat, "meeting_format"), default=MeetingFormat.IN_PERSON,
        server_default=MeetingFormat.IN_PERSON.value)
    content: Mapped[str] = mapped_column(Text, default="", server_default="")
    result: Mapped[str] = mapped_column(Text, default="", server_default="")
    assignment: Mapped[str] = mapped_column(Text, default="", server_default="")
    planned: Mapped[bool] = mapped_column(default=False, server_default="0")

    attendance: Mapped[list["MeetingAttendance"]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint("duration_minutes IS NULL OR duration_minutes > 0",
                        name="duration_positive"),
    )


class MeetingAttendance(Base):
    __tablename__ = "meeting_attendance"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    mentee_profile_id: Mapped[int] = mapped_column(
        ForeignKey("mentee_profile.id", ondelete="CASCADE"), primary_key=True
    )
    present: Mapped[bool] = mapped_column(default=True)


class PairStatusChange(Base):
    """The history of a pair's status: one row per status it took, written by the database
    itself (triggers of migration 0003) whatever code changed it — the board, the journal,
    the card, an undo."""

    __tablename__ = "pair_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_pair.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[PairStatus] = mapped_column(enum_column(PairStatus, "pair_status"))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    by_curator: Mapped[bool] = mapped_column(default=False)


class PairNote(Base):
    """Control and feedback (stage 6): an intermediate result with a mark 1–10, or a short
    feedback of the mentor or of one mentee."""

    __tablename__ = "pair_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_pair.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[PairNoteKind] = mapped_column(enum_column(PairNoteKind, "pair_note_kind"))
    written_on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")
    mark: Mapped[int | None] = mapped_column(Integer)
    mentee_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentee_profile.id", ondelete="SET NULL")
    )

    __table_args__ = (
        CheckConstraint("mark IS NULL OR mark BETWEEN 1 AND 10", name="mark_range"),
    )


class Material(Base):
    """A methodical material: a file copied into the data folder or a link, attached to a
    form, a role model or a pair (or to the whole programme when none is set)."""

    __tablename__ = "material"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[MaterialKind] = mapped_column(enum_column(MaterialKind, "material_kind"))
    location: Mapped[str] = mapped_column(String(2000))
    original_name: Mapped[str] = mapped_column(String(500), default="")
    added_on: Mapped[dt.date] = mapped_column(Date)
    form_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_form.id", ondelete="SET NULL")
    )
    role_model_id: Mapped[int | None] = mapped_column(
        ForeignKey("role_model.id", ondelete="SET NULL")
    )
    pair_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_pair.id", ondelete="CASCADE"), index=True
    )


class MaterialHandout(Base):
    """«Выданы наставникам»: a material given to a mentor on a day."""

    __tablename__ = "material_handout"

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(
        ForeignKey("material.id", ondelete="CASCADE"), index=True
    )
    mentor_profile_id: Mapped[int] = mapped_column(
        ForeignKey("mentor_profile.id", ondelete="CASCADE"), index=True
    )
    handed_on: Mapped[dt.date] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("material_id", "mentor_profile_id"),)


# --- questionnaires and monitoring ---------------------------------------------------------


class QuestionnaireTemplate(Timestamped, Base):
    __tablename__ = "questionnaire_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    audience: Mapped[Audience] = mapped_column(enum_column(Audience, "audience"))
    phase: Mapped[QuestionnairePhase] = mapped_column(
        enum_column(QuestionnairePhase, "questionnaire_phase")
    )
    is_seeded: Mapped[bool] = mapped_column(default=False)
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    form_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_form.id", ondelete="SET NULL")
    )
    """Asked only of the participants of this form (None: of every form)."""
    seed_key: Mapped[str] = mapped_column(String(50), default="", server_default="")
    """The methodology's questionnaire this one was seeded from ("" for the curator's own)."""
    hidden: Mapped[bool] = mapped_column(default=False, server_default="0")
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    questions: Mapped[list["Question"]] = relationship(
        back_populates="template", cascade="all, delete-orphan", order_by="Question.sort_order"
    )


class Question(Base):
    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_template.id", ondelete="CASCADE"), index=True
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind, "question_kind"))
    parameter: Mapped[str] = mapped_column(String(200), default="")
    """The pairing key: an entry item and the exit item with the same parameter measure the
    same thing (expectation ↔ reality); "" for an unpaired question."""
    section: Mapped[str] = mapped_column(String(300), default="", server_default="")

    template: Mapped["QuestionnaireTemplate"] = relationship(back_populates="questions")
    choices: Mapped[list["QuestionChoice"]] = relationship(
        cascade="all, delete-orphan", order_by="QuestionChoice.sort_order"
    )


class QuestionChoice(Base):
    """A choice of a single- or multiple-choice question."""

    __tablename__ = "question_choice"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)


class QuestionnaireRound(Timestamped, Base):
    """A questionnaire put to a programme's participants between two dates (entry / exit /
    intermediate); responses belong to it."""

    __tablename__ = "questionnaire_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    template_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_template.id", ondelete="CASCADE"), index=True
    )
    phase: Mapped[QuestionnairePhase] = mapped_column(
        enum_column(QuestionnairePhase, "questionnaire_phase")
    )
    title: Mapped[str] = mapped_column(String(300))
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        CheckConstraint("closes_on IS NULL OR closes_on >= opens_on", name="dates_in_order"),
    )


class QuestionnaireResponse(Base):
    __tablename__ = "questionnaire_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_template.id", ondelete="RESTRICT"), index=True
    )
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    pair_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_pair.id", ondelete="SET NULL")
    )
    filled_on: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[ResponseSource] = mapped_column(
        enum_column(ResponseSource, "response_source"), default=ResponseSource.APP
    )
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("questionnaire_round.id", ondelete="SET NULL"), index=True
    )

    __table_args__ = (
        Index("uq_questionnaire_response_round_person", "round_id", "person_id", unique=True,
              sqlite_where=text("round_id IS NOT NULL AND person_id IS NOT NULL")),
    )
    """A person answers a round once (migration 0005)."""

    answers: Mapped[list["Answer"]] = relationship(cascade="all, delete-orphan")


class Answer(Base):
    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_response.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="RESTRICT"))
    value_int: Mapped[int | None] = mapped_column(Integer)
    value_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        CheckConstraint("value_int IS NULL OR value_int BETWEEN 0 AND 10", name="value_range"),
    )


class AnswerChoice(Base):
    """A choice picked in an answer to a single- or multiple-choice question: one row per
    picked choice, so the answer itself stays one row per question."""

    __tablename__ = "answer_choice"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answer.id", ondelete="CASCADE"), primary_key=True
    )
    choice_id: Mapped[int] = mapped_column(
        ForeignKey("question_choice.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class SwotEntry(Base):
    __tablename__ = "swot_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    quadrant: Mapped[SwotQuadrant] = mapped_column(enum_column(SwotQuadrant, "swot_quadrant"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    form_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_form.id", ondelete="SET NULL")
    )
    """A SWOT of one form (None: of the whole programme)."""


# --- documents, certificates, settings, audit ----------------------------------------------


class IssuedDocument(Base):
    """An order, the Положение, a list … issued with a number and a date; optional file copy."""

    __tablename__ = "issued_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(50))
    number: Mapped[str] = mapped_column(String(50), default="")
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(500), default="")
    file_path: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


class ExportRecord(Base):
    """A file the program wrote for outside the school: the municipality report, a named
    export, a backup archive, the audit log (the history of exports on «Обмен данными»)."""

    __tablename__ = "export_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now(), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    file_name: Mapped[str] = mapped_column(String(300), default="", server_default="")
    folder: Mapped[str] = mapped_column(Text, default="", server_default="")
    size: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    sha256: Mapped[str] = mapped_column(String(64), default="", server_default="")
    people: Mapped[int | None] = mapped_column(Integer)
    """How many people the file names (None: a file that names nobody)."""
    left_out: Mapped[int | None] = mapped_column(Integer)
    """How many people were left out for want of a consent in force."""
    encrypted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")


class Certificate(Base):
    """A certificate, a diploma or a letter of thanks; each has a unique registry number."""

    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    registry_number: Mapped[str] = mapped_column(String(50), unique=True)
    kind: Mapped[CertificateKind] = mapped_column(enum_column(CertificateKind, "certificate_kind"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    pair_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_pair.id", ondelete="SET NULL")
    )
    issued_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("issued_document.id", ondelete="SET NULL")
    )
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme.id", ondelete="SET NULL"), index=True
    )
    issued_on: Mapped[dt.date] = mapped_column(Date)
    wording: Mapped[str] = mapped_column(Text, default="")
    nomination: Mapped[AwardNomination] = mapped_column(
        enum_column(AwardNomination, "award_nomination"), default=AwardNomination.PARTICIPANT,
        server_default=AwardNomination.PARTICIPANT.value)
    """What the award is for: the kind says the paper, the nomination says the words."""
    reissued_on: Mapped[dt.date | None] = mapped_column(Date)
    """The last day it was printed again (same number)."""
    annulled_on: Mapped[dt.date | None] = mapped_column(Date)
    annul_reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class PracticeCase(Timestamped, Base):
    """A successful practice of a pair or a form (stage 7): the school's collection of cases."""

    __tablename__ = "practice_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme.id", ondelete="SET NULL"), index=True
    )
    pair_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_pair.id", ondelete="SET NULL"), index=True
    )
    form_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_form.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(500))
    problem: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    quotes: Mapped[str] = mapped_column(Text, default="")
    recorded_on: Mapped[dt.date | None] = mapped_column(Date)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    photos: Mapped[list["CasePhoto"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CasePhoto.sort_order"
    )

    __table_args__ = (CheckConstraint("length(trim(title)) > 0", name="title_not_empty"),)


class CasePhoto(Base):
    """A photo of a case, copied into the data folder (`location` is relative to it)."""

    __tablename__ = "case_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("practice_case.id", ondelete="CASCADE"), index=True
    )
    location: Mapped[str] = mapped_column(String(1000))
    caption: Mapped[str] = mapped_column(String(500), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped["PracticeCase"] = relationship(back_populates="photos")
