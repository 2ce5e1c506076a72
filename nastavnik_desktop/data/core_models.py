"""The central tables: school, programme, stages, people, the bases, pairs, settings, audit.

Split from `models.py` for size and for the readers that need only these (about a third of the
mappings). The first screen imports neither: it reads with the Core clauses of `core_tables.py`,
and the ORM loads after the first paint (ui/warmup.py). `models.py` re-exports these and holds
the rest; every ORM session imports `models` first (data/db.py), so mappers are always
configured with the whole schema.
"""

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING

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
    Contour,
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PersonCategory,
    ProgrammeStatus,
    Sex,
    StageStatus,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.text import full_name

if TYPE_CHECKING:  # resolved by name at mapper configuration; see the module docstring
    from nastavnik_desktop.data.models import (
        Consent,
        MenteeRequest,
        MentorCriterionScore,
        MentoringForm,
        ProgrammeForm,
        RoleModel,
        TeamMember,
    )

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


def not_in_future(field: str, value: dt.date | None) -> dt.date | None:
    if value is not None and value > dt.date.today():
        raise ValidationError(f"Дата «{field}» не может быть в будущем: {value:%d.%m.%Y}.")
    return value


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


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
    founder: Mapped[str] = mapped_column(String(500), default="", server_default="")
    """The founder line printed above the school's name on its documents («Управление
    образования администрации …»)."""
    settlement: Mapped[str] = mapped_column(String(200), default="", server_default="")
    """The place of compilation printed under the date of an order («г. Тверь», «с. Ивановка»)."""

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
    monitoring_conclusions: Mapped[str] = mapped_column(Text, default="", server_default="")
    """The curator's conclusions for the monitoring report."""

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
    name_accusative: Mapped[str] = mapped_column(String(300), default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(default=False)
    archived_on: Mapped[dt.date | None] = mapped_column(Date)
    """The day the person left the school's contingent (None: not archived, or archived before
    the date was kept)."""

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
        return not_in_future("дата рождения", value)

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name)


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
    status_by_curator: Mapped[bool] = mapped_column(default=False, server_default="0")
    """The curator set the status by hand: the meeting journal no longer moves it."""
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    result: Mapped[str] = mapped_column(Text, default="", server_default="")
    """What the pair or group achieved, written at stage 7 (the bases' «результаты»)."""
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
    strengths: Mapped[str] = mapped_column(Text, default="", server_default="")
    """The mentee's strengths («анализ сильных сторон», stage 6)."""
    growth_points: Mapped[str] = mapped_column(Text, default="", server_default="")
    """The mentee's points of growth, the ground of the goals of the plan."""

    pair: Mapped["MentoringPair"] = relationship(back_populates="members")
    mentee: Mapped["MenteeProfile"] = relationship()

    __table_args__ = (UniqueConstraint("pair_id", "mentee_profile_id"),)


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
    actor: Mapped[str] = mapped_column(String(100), default="", server_default="")
    """Who made the change: the login name of the account the program ran under."""
