"""The whole domain model of ЦМН (domain.md), as typed SQLAlchemy 2 mappings.

Every change to this file needs an Alembic migration (`data/migrations/versions`); a test fails
when the models and the migrations drift apart.
"""

import datetime as dt
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from nastavnik_desktop.data.enums import (
    Audience,
    CertificateKind,
    ConsentGiver,
    ConsentKind,
    Contour,
    MeetingKind,
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PersonCategory,
    PlanItemKind,
    ProgrammeStatus,
    QuestionKind,
    QuestionnairePhase,
    RequestAudience,
    ResponseSource,
    Sex,
    StageStatus,
    SwotQuadrant,
)
from nastavnik_desktop.errors import ValidationError

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def enum_column(enum_cls: type[StrEnum], name: str) -> Enum:
    """A non-native enum stored as its value, with a CHECK constraint."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def _not_in_future(field: str, value: dt.date | None) -> dt.date | None:
    if value is not None and value > dt.date.today():
        raise ValidationError(f"Дата «{field}» не может быть в будущем: {value:%d.%m.%Y}.")
    return value


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


# --- the school and its programmes -----------------------------------------------------------


class School(Timestamped, Base):
    __tablename__ = "school"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(500))
    short_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    municipality: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    inn: Mapped[str] = mapped_column(String(20), default="")
    director_name: Mapped[str] = mapped_column(String(200), default="")
    director_position: Mapped[str] = mapped_column(String(200), default="Директор")

    programmes: Mapped[list["Programme"]] = relationship(back_populates="school")

    __table_args__ = (CheckConstraint("length(trim(full_name)) > 0", name="name_not_empty"),)


class Programme(Timestamped, Base):
    """One school year's programme of mentoring («2025/2026»)."""

    __tablename__ = "programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    school_year: Mapped[str] = mapped_column(String(9))
    title: Mapped[str] = mapped_column(String(500), default="")
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    goal: Mapped[str] = mapped_column(Text, default="")
    tasks: Mapped[str] = mapped_column(Text, default="")
    expected_results: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ProgrammeStatus] = mapped_column(
        enum_column(ProgrammeStatus, "programme_status"), default=ProgrammeStatus.ACTIVE
    )
    curator_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme.id", ondelete="SET NULL"), index=True
    )

    school: Mapped["School"] = relationship(back_populates="programmes")
    curator: Mapped["Person | None"] = relationship(foreign_keys=[curator_id])
    stages: Mapped[list["StageProgress"]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", order_by="StageProgress.stage"
    )
    team: Mapped[list["TeamMember"]] = relationship(
        back_populates="programme", cascade="all, delete-orphan"
    )
    forms: Mapped[list["ProgrammeForm"]] = relationship(
        back_populates="programme", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("school_id", "school_year"),
        CheckConstraint("school_year GLOB '[0-9][0-9][0-9][0-9]/[0-9][0-9][0-9][0-9]'",
                        name="school_year_format"),
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
                        name="dates_ordered"),
    )


class StageProgress(Base):
    """Where a programme stands in one of the seven stages; manual ticks are stored as JSON."""

    __tablename__ = "stage_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    stage: Mapped[int] = mapped_column(Integer)
    status: Mapped[StageStatus] = mapped_column(
        enum_column(StageStatus, "stage_status"), default=StageStatus.NOT_STARTED
    )
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    checklist_json: Mapped[str] = mapped_column(Text, default="{}")
    notes: Mapped[str] = mapped_column(Text, default="")

    programme: Mapped["Programme"] = relationship(back_populates="stages")

    __table_args__ = (
        UniqueConstraint("programme_id", "stage"),
        CheckConstraint("stage BETWEEN 1 AND 7", name="stage_range"),
    )


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


class Person(Timestamped, Base):
    """Anyone who takes part: pupils, staff, parents, alumni, external mentors.

    People outlive programmes: the same row carries over from one school year to the next.
    """

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    sex: Mapped[Sex | None] = mapped_column(enum_column(Sex, "sex"))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    category: Mapped[PersonCategory] = mapped_column(enum_column(PersonCategory, "category"))
    class_name: Mapped[str] = mapped_column(String(10), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(200), default="")
    experience_years: Mapped[int | None] = mapped_column(Integer)
    organisation: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    parent_name: Mapped[str] = mapped_column(String(300), default="")
    parent_phone: Mapped[str] = mapped_column(String(50), default="")
    name_dative: Mapped[str] = mapped_column(String(300), default="")
    name_genitive: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(default=False)

    consents: Mapped[list["Consent"]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("length(trim(last_name)) > 0", name="last_name_not_empty"),
        CheckConstraint("length(trim(first_name)) > 0", name="first_name_not_empty"),
        CheckConstraint("experience_years IS NULL OR experience_years BETWEEN 0 AND 70",
                        name="experience_range"),
        Index("ix_person_name", "last_name", "first_name", "middle_name"),
        Index("ix_person_category_class", "category", "class_name"),
    )

    @validates("birth_date")
    def _check_birth_date(self, _key: str, value: dt.date | None) -> dt.date | None:
        return _not_in_future("дата рождения", value)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


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
        checked = _not_in_future("дата согласия", value)
        assert checked is not None
        return checked

    @validates("revoked_on")
    def _check_revoked_on(self, _key: str, value: dt.date | None) -> dt.date | None:
        return _not_in_future("дата отзыва согласия", value)


# --- the bases of a programme --------------------------------------------------------------


class MenteeProfile(Timestamped, Base):
    """A person in the mentee base of one programme (персонифицированный учёт)."""

    __tablename__ = "mentee_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    form_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_form.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[MenteeStatus] = mapped_column(
        enum_column(MenteeStatus, "mentee_status"), default=MenteeStatus.IN_BASE
    )
    requests_note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    entered_on: Mapped[dt.date | None] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    results: Mapped[str] = mapped_column(Text, default="")
    case_link: Mapped[str] = mapped_column(String(500), default="")

    person: Mapped["Person"] = relationship()
    form: Mapped["MentoringForm | None"] = relationship()
    requests: Mapped[list["MenteeRequest"]] = relationship(secondary="mentee_profile_request")

    __table_args__ = (
        UniqueConstraint("programme_id", "person_id", "form_id"),
        CheckConstraint("left_on IS NULL OR entered_on IS NULL OR left_on >= entered_on",
                        name="dates_ordered"),
    )


class MenteeProfileRequest(Base):
    __tablename__ = "mentee_profile_request"

    mentee_profile_id: Mapped[int] = mapped_column(
        ForeignKey("mentee_profile.id", ondelete="CASCADE"), primary_key=True
    )
    request_id: Mapped[int] = mapped_column(
        ForeignKey("mentee_request.id", ondelete="RESTRICT"), primary_key=True
    )


class MentorProfile(Timestamped, Base):
    """A person in the mentor base of one programme, from candidate to admitted."""

    __tablename__ = "mentor_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    form_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_form.id", ondelete="RESTRICT"), index=True
    )
    contour: Mapped[Contour] = mapped_column(
        enum_column(Contour, "contour"), default=Contour.INTERNAL
    )
    status: Mapped[MentorStatus] = mapped_column(
        enum_column(MentorStatus, "mentor_status"), default=MentorStatus.CANDIDATE
    )
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    competencies: Mapped[str] = mapped_column(Text, default="")
    achievements: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[str] = mapped_column(Text, default="")
    desired_age_min: Mapped[int | None] = mapped_column(Integer)
    desired_age_max: Mapped[int | None] = mapped_column(Integer)
    time_hours_per_month: Mapped[float | None] = mapped_column(Float)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    interview_on: Mapped[dt.date | None] = mapped_column(Date)
    interview_notes: Mapped[str] = mapped_column(Text, default="")
    training_on: Mapped[dt.date | None] = mapped_column(Date)
    training_hours: Mapped[float | None] = mapped_column(Float)
    training_completed: Mapped[bool] = mapped_column(default=False)
    entered_on: Mapped[dt.date | None] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    results: Mapped[str] = mapped_column(Text, default="")
    case_link: Mapped[str] = mapped_column(String(500), default="")

    person: Mapped["Person"] = relationship()
    form: Mapped["MentoringForm | None"] = relationship()
    helps_with: Mapped[list["MenteeRequest"]] = relationship(secondary="mentor_profile_request")
    criterion_scores: Mapped[list["MentorCriterionScore"]] = relationship(
        cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("programme_id", "person_id", "form_id"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("time_hours_per_month IS NULL OR time_hours_per_month >= 0",
                        name="time_nonneg"),
        CheckConstraint(
            "desired_age_min IS NULL OR desired_age_max IS NULL "
            "OR desired_age_max >= desired_age_min",
            name="age_range_ordered",
        ),
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


class MentoringPair(Timestamped, Base):
    """A pair (one mentee) or a group (several) with one mentor."""

    __tablename__ = "mentoring_pair"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    mentor_profile_id: Mapped[int] = mapped_column(
        ForeignKey("mentor_profile.id", ondelete="RESTRICT"), index=True
    )
    form_id: Mapped[int] = mapped_column(ForeignKey("mentoring_form.id", ondelete="RESTRICT"))
    role_model_id: Mapped[int | None] = mapped_column(
        ForeignKey("role_model.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[PairStatus] = mapped_column(
        enum_column(PairStatus, "pair_status"), default=PairStatus.FORMED
    )
    formed_on: Mapped[dt.date | None] = mapped_column(Date)
    status_changed_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    close_reason: Mapped[str] = mapped_column(Text, default="")
    match_score: Mapped[float | None] = mapped_column(Float)
    match_explanation: Mapped[str] = mapped_column(Text, default="")
    fixed_by_hand: Mapped[bool] = mapped_column(default=False)
    order_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("issued_document.id", ondelete="SET NULL")
    )

    mentor: Mapped["MentorProfile"] = relationship()
    form: Mapped["MentoringForm"] = relationship()
    role_model: Mapped["RoleModel | None"] = relationship()
    members: Mapped[list["PairMentee"]] = relationship(
        back_populates="pair", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("ended_on IS NULL OR formed_on IS NULL OR ended_on >= formed_on",
                        name="dates_ordered"),
    )

    @property
    def is_group(self) -> bool:
        return len(self.members) > 1


class PairMentee(Base):
    """A mentee in a pair/group. A trigger forbids a person being his own mentor."""

    __tablename__ = "pair_mentee"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(
        ForeignKey("mentoring_pair.id", ondelete="CASCADE"), index=True
    )
    mentee_profile_id: Mapped[int] = mapped_column(
        ForeignKey("mentee_profile.id", ondelete="RESTRICT"), index=True
    )
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)

    pair: Mapped["MentoringPair"] = relationship(back_populates="members")
    mentee: Mapped["MenteeProfile"] = relationship()

    __table_args__ = (UniqueConstraint("pair_id", "mentee_profile_id"),)


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
    """A line of a pair's individual development plan: a goal or a task."""

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


class Meeting(Base):
    """A meeting of a pair/group: знакомство → пробная → планирование → рабочие → итоговая."""

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

    template: Mapped["QuestionnaireTemplate"] = relationship(back_populates="questions")


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


class SwotEntry(Base):
    __tablename__ = "swot_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    quadrant: Mapped[SwotQuadrant] = mapped_column(enum_column(SwotQuadrant, "swot_quadrant"))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)


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


class AppSetting(Base):
    """Key–value settings that belong to the data (layout constants, matching weights, …)."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """What changed, when: one row per user action."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now(), index=True)
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    details_json: Mapped[str] = mapped_column(Text, default="{}")

