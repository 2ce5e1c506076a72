"""Exchange (issue 15): the history of the files written for outside the school, and who made
each change of the audit log

- new table `export_record`: one row per file the program wrote for outside the school (the
  municipality report, a named export, a backup archive, the audit log): what, when, the file's
  name and folder, size, SHA-256, how many people it names and how many were left out for want
  of consent.
- `audit_log` gets `actor`: who made the change (the account's login name).

Revision ID: 0007_exchange
Revises: 0006_awards
Create Date: 2026-12-06 11:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_exchange"
down_revision = "0006_awards"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "export_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False, server_default=""),
        sa.Column("folder", sa.Text(), nullable=False, server_default=""),
        sa.Column("size", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("sha256", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("people", sa.Integer(), nullable=True),
        sa.Column("left_out", sa.Integer(), nullable=True),
        sa.Column("encrypted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("notes", sa.Text(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_record")),
    )
    op.create_index(op.f("ix_export_record_at"), "export_record", ["at"], unique=False)
    op.add_column("audit_log", sa.Column("actor", sa.String(length=100), nullable=False,
                                         server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("actor")
    op.drop_index(op.f("ix_export_record_at"), table_name="export_record")
    op.drop_table("export_record")
