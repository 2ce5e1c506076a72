"""Settings (issue 16): the reference lists remember what the methodology called each of their
seeded items

- `mentoring_form`, `role_model`, `mentee_request` and `selection_criterion` get `seed_name`:
  the methodology's wording of a seeded item (None for an item the curator added). The curator
  may rename a seeded item; «вернуть как в методологии» finds it by this name and puts the
  wording, the order and the visibility back. Existing seeded rows take their present name.

Revision ID: 0008_reference_seeds
Revises: 0007_exchange
Create Date: 2026-12-06 13:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_reference_seeds"
down_revision = "0007_exchange"
branch_labels = None
depends_on = None

_TABLES = ("mentoring_form", "role_model", "mentee_request", "selection_criterion")


def upgrade() -> None:
    for table in _TABLES:
        op.add_column(table, sa.Column("seed_name", sa.String(length=300), nullable=True))
        op.execute(f"UPDATE {table} SET seed_name = name WHERE is_seeded = 1")


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("seed_name")
