"""Questionnaires (issue 13, point 1): question kinds with choices, sections, who answers,
seeded questionnaires, rounds

- `questionnaire_template` gets `form_id` (asked only of one form's participants; NULL: all),
  `seed_key` (the methodology's questionnaire it was seeded from, "" for the curator's own),
  `hidden` and `sort_order`. Who answers is the existing `audience` (mentor / mentee / both), the
  phase the existing `phase` (entry / exit / «other», shown as intermediate).
- `question` gets `section`; its `kind` takes `single_choice` and `multiple_choice`. The kind's
  CHECK constraint (`ck_question_question_kind`) lists the three old values and SQLite cannot
  alter a CHECK in place. `question.parameter` (already there) is the pairing key: the entry
  item and the exit item with the same parameter are expectation ↔ reality.
- new `question_choice` (the choices of a choice question, ordered).
- new `questionnaire_round` (programme, questionnaire, phase, title, opens_on, closes_on).
- `questionnaire_response` gets `round_id` (NULL for answers taken outside a round).

Three tables are rebuilt (Alembic's batch mode), each for something SQLite cannot ALTER:
`question` (the CHECK of `kind`), `questionnaire_template` and `questionnaire_response` (a
named foreign key on a new column — a column-level REFERENCES of ADD COLUMN has no name, and the
schema would drift from the models). They are parents (`question` of `answer`, the template of
`question` and `questionnaire_response`, the response of `answer` with CASCADE), which is safe
here only because migrations run with foreign keys OFF (`db.migration_engine`; the tests'
downgrades too): dropping the old table then fires no implicit DELETE, so no cascade and no
RESTRICT, and every row keeps its id, so the children still point at their parents. SQLite
renames the rebuilt table back to its old name, which the children's REFERENCES already name.
`tests/unit/data/test_migration_0004.py` upgrades a 0003 base with answers and checks that
every answer, question and response is still there and `PRAGMA foreign_key_check` is clean.
- new `answer_choice`: a multiple-choice (or single-choice) answer is still one `answer` row
  per question; the picked choices are its `answer_choice` rows (answer_id, choice_id), so a
  renamed choice keeps its answers and counting a choice is a join, not parsing a text list.

Revision ID: 0004_questionnaires
Revises: 0003_pair_work
Create Date: 2026-12-06 04:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_questionnaires"
down_revision = "0003_pair_work"
branch_labels = None
depends_on = None

_OLD_KINDS = ("scale_1_10", "yes_no", "text")
_NEW_KINDS = (*_OLD_KINDS, "single_choice", "multiple_choice")


def _kind(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name="question_kind", native_enum=False, create_constraint=True,
                   length=24)


_PHASE = sa.Enum("entry", "exit", "other", name="questionnaire_phase", native_enum=False,
                 create_constraint=True, length=24)


def upgrade() -> None:
    with op.batch_alter_table("questionnaire_template") as batch:
        batch.add_column(sa.Column("form_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("seed_key", sa.String(length=50), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("hidden", sa.Boolean(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("sort_order", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.create_foreign_key(op.f("fk_questionnaire_template_form_id_mentoring_form"),
                                 "mentoring_form", ["form_id"], ["id"], ondelete="SET NULL")

    with op.batch_alter_table("question", recreate="always") as batch:
        batch.alter_column("kind", existing_type=_kind(_OLD_KINDS), type_=_kind(_NEW_KINDS),
                           existing_nullable=False)
        batch.add_column(sa.Column("section", sa.String(length=300), nullable=False,
                                   server_default=""))

    op.create_table(
        "question_choice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["question.id"],
                                name=op.f("fk_question_choice_question_id_question"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_choice")),
    )
    op.create_index(op.f("ix_question_choice_question_id"), "question_choice", ["question_id"])

    op.create_table(
        "questionnaire_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("phase", _PHASE, nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.CheckConstraint("closes_on IS NULL OR closes_on >= opens_on",
                           name=op.f("ck_questionnaire_round_dates_in_order")),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"],
                                name=op.f("fk_questionnaire_round_programme_id_programme"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["template_id"], ["questionnaire_template.id"],
            name=op.f("fk_questionnaire_round_template_id_questionnaire_template"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_round")),
    )
    op.create_index(op.f("ix_questionnaire_round_programme_id"), "questionnaire_round",
                    ["programme_id"])
    op.create_index(op.f("ix_questionnaire_round_template_id"), "questionnaire_round",
                    ["template_id"])

    with op.batch_alter_table("questionnaire_response") as batch:
        batch.add_column(sa.Column("round_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_questionnaire_response_round_id_questionnaire_round"),
                                 "questionnaire_round", ["round_id"], ["id"],
                                 ondelete="SET NULL")
        batch.create_index(op.f("ix_questionnaire_response_round_id"), ["round_id"])

    op.create_table(
        "answer_choice",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("choice_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["answer_id"], ["answer.id"],
                                name=op.f("fk_answer_choice_answer_id_answer"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["choice_id"], ["question_choice.id"],
                                name=op.f("fk_answer_choice_choice_id_question_choice"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("answer_id", "choice_id", name=op.f("pk_answer_choice")),
    )
    op.create_index(op.f("ix_answer_choice_choice_id"), "answer_choice", ["choice_id"])


def downgrade() -> None:
    op.drop_table("answer_choice")
    op.drop_index(op.f("ix_questionnaire_response_round_id"), "questionnaire_response")
    with op.batch_alter_table("questionnaire_response") as batch:
        batch.drop_constraint(op.f("fk_questionnaire_response_round_id_questionnaire_round"),
                              type_="foreignkey")
        batch.drop_column("round_id")
    op.drop_table("questionnaire_round")
    op.drop_table("question_choice")
    choice = "kind IN ('single_choice', 'multiple_choice')"
    op.execute(f"DELETE FROM answer WHERE question_id IN (SELECT id FROM question WHERE {choice})")
    op.execute(f"DELETE FROM question WHERE {choice}")
    with op.batch_alter_table("question", recreate="always") as batch:
        batch.drop_column("section")
        batch.alter_column("kind", existing_type=_kind(_NEW_KINDS), type_=_kind(_OLD_KINDS),
                           existing_nullable=False)
    with op.batch_alter_table("questionnaire_template") as batch:
        batch.drop_constraint(op.f("fk_questionnaire_template_form_id_mentoring_form"),
                              type_="foreignkey")
        batch.drop_column("sort_order")
        batch.drop_column("hidden")
        batch.drop_column("seed_key")
        batch.drop_column("form_id")
