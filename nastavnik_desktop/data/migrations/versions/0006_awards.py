"""Stage 7 (issue 14): awards with nominations that can be reissued or annulled, the school's
collection of cases, a pair's result, the place of an event, the founder and the place of
compilation of the school's documents

- `school` gets `founder` (the line above the school's name on its documents) and `settlement`
  (the place of compilation under an order's date; it was the municipality).
- `mentoring_pair` gets `result`: what the pair or group achieved, written at stage 7.
- `programme_event` gets `place` (the final event: where it was held).
- `certificate` gets `nomination` (participant, best mentor, best pair, thanks to a mentor or
  to the parents), `reissued_on`, `annulled_on` and `annul_reason`; rebuilt in batch mode for
  the nomination's check constraint. Existing rows become participants' certificates.
- new tables `practice_case` (a successful practice of a pair or a form) and `case_photo`
  (its photos, copied into the data folder).

Revision ID: 0006_awards
Revises: 0005_monitoring
Create Date: 2026-12-06 08:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_awards"
down_revision = "0005_monitoring"
branch_labels = None
depends_on = None

_NOMINATION = sa.Enum("participant", "best_mentor", "best_pair", "thanks_mentor",
                      "thanks_parents", name="award_nomination", native_enum=False,
                      create_constraint=True, length=24)


def _timestamps() -> list[sa.Column]:
    return [sa.Column(name, sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                      nullable=False) for name in ("created_at", "updated_at")]


def upgrade() -> None:
    op.add_column("school", sa.Column("founder", sa.String(length=500), nullable=False,
                                      server_default=""))
    op.add_column("school", sa.Column("settlement", sa.String(length=200), nullable=False,
                                      server_default=""))
    op.add_column("mentoring_pair", sa.Column("result", sa.Text(), nullable=False,
                                              server_default=""))
    op.add_column("programme_event", sa.Column("place", sa.String(length=300), nullable=False,
                                               server_default=""))
    with op.batch_alter_table("certificate") as batch:
        batch.add_column(sa.Column("nomination", _NOMINATION, nullable=False,
                                   server_default="participant"))
        batch.add_column(sa.Column("reissued_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("annulled_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("annul_reason", sa.Text(), nullable=False,
                                   server_default=""))
    op.create_table(
        "practice_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("pair_id", sa.Integer(), nullable=True),
        sa.Column("form_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("quotes", sa.Text(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.CheckConstraint("length(trim(title)) > 0",
                           name=op.f("ck_practice_case_title_not_empty")),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"],
                                name=op.f("fk_practice_case_programme_id_programme"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["pair_id"], ["mentoring_pair.id"],
                                name=op.f("fk_practice_case_pair_id_mentoring_pair"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["form_id"], ["mentoring_form.id"],
                                name=op.f("fk_practice_case_form_id_mentoring_form"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_case")),
    )
    op.create_index(op.f("ix_practice_case_programme_id"), "practice_case", ["programme_id"])
    op.create_index(op.f("ix_practice_case_pair_id"), "practice_case", ["pair_id"])
    op.create_table(
        "case_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("location", sa.String(length=1000), nullable=False),
        sa.Column("caption", sa.String(length=500), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["practice_case.id"],
                                name=op.f("fk_case_photo_case_id_practice_case"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_photo")),
    )
    op.create_index(op.f("ix_case_photo_case_id"), "case_photo", ["case_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_case_photo_case_id"), "case_photo")
    op.drop_table("case_photo")
    op.drop_index(op.f("ix_practice_case_pair_id"), "practice_case")
    op.drop_index(op.f("ix_practice_case_programme_id"), "practice_case")
    op.drop_table("practice_case")
    with op.batch_alter_table("certificate") as batch:
        batch.drop_constraint(op.f("ck_certificate_award_nomination"), type_="check")
        for column in ("annul_reason", "annulled_on", "reissued_on", "nomination"):
            batch.drop_column(column)
    op.drop_column("programme_event", "place")
    op.drop_column("mentoring_pair", "result")
    op.drop_column("school", "settlement")
    op.drop_column("school", "founder")
