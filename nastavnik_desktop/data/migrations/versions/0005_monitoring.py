"""Monitoring (issue 13): the day a person left the school, SWOT per form, the curator's
conclusions, one response per person in a round

- `person` gets `archived_on`: the day the person left the school's contingent (a pupil who left,
  a teacher who quit). The KPI's population on a date is the people not archived or archived
  after that date; an archived person without a date (archived before this revision) stays
  outside the population on every date, as before.
- `swot_entry` gets `form_id` (a SWOT of one form; NULL: of the whole programme). Rebuilt in
  batch mode for the named foreign key; nothing refers to `swot_entry`.
- `programme` gets `monitoring_conclusions`: the conclusions the curator writes for the
  monitoring report.
- a partial unique index on `questionnaire_response (round_id, person_id)`: a person answers a
  round once, so a second import of the same forms export, or a blank typed twice, replaces the
  answers instead of adding a second response. Duplicates left by older versions are merged
  first: the latest response of a person in a round is kept.

Revision ID: 0005_monitoring
Revises: 0004_questionnaires
Create Date: 2026-12-06 05:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_monitoring"
down_revision = "0004_questionnaires"
branch_labels = None
depends_on = None

ONE_RESPONSE_INDEX = "uq_questionnaire_response_round_person"
_MERGED_AWAY = ("SELECT id FROM questionnaire_response WHERE round_id IS NOT NULL "
                "AND person_id IS NOT NULL AND id NOT IN ("
                "SELECT max(id) FROM questionnaire_response WHERE round_id IS NOT NULL "
                "AND person_id IS NOT NULL GROUP BY round_id, person_id)")
"""Responses of a person in a round other than the latest one."""


def upgrade() -> None:
    op.add_column("person", sa.Column("archived_on", sa.Date(), nullable=True))
    op.add_column("programme", sa.Column("monitoring_conclusions", sa.Text(), nullable=False,
                                         server_default=""))
    with op.batch_alter_table("swot_entry") as batch:
        batch.add_column(sa.Column("form_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_swot_entry_form_id_mentoring_form"),
                                 "mentoring_form", ["form_id"], ["id"], ondelete="SET NULL")
    # The migration runs with foreign keys off: the answers (and their picked choices) of the
    # responses merged away are deleted first, or they would be left pointing at nothing.
    op.execute(f"DELETE FROM answer_choice WHERE answer_id IN (SELECT id FROM answer "
               f"WHERE response_id IN ({_MERGED_AWAY}))")
    op.execute(f"DELETE FROM answer WHERE response_id IN ({_MERGED_AWAY})")
    op.execute(f"DELETE FROM questionnaire_response WHERE id IN ({_MERGED_AWAY})")
    op.create_index(ONE_RESPONSE_INDEX, "questionnaire_response", ["round_id", "person_id"],
                    unique=True, sqlite_where=sa.text(
                        "round_id IS NOT NULL AND person_id IS NOT NULL"))


def downgrade() -> None:
    op.drop_index(ONE_RESPONSE_INDEX, "questionnaire_response")
    with op.batch_alter_table("swot_entry") as batch:
        batch.drop_constraint(op.f("fk_swot_entry_form_id_mentoring_form"), type_="foreignkey")
        batch.drop_column("form_id")
    op.drop_column("programme", "monitoring_conclusions")
    op.drop_column("person", "archived_on")
