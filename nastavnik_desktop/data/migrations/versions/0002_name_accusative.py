"""person.name_accusative: the ФИО in the accusative, stored and correctable like the others

Orders «назначить куратором кого?» need the accusative; for women it differs from the
genitive, so it gets its own column. A plain ADD COLUMN (no table rebuild): `person` is the
parent of many cascades, and SQLite adds a column with a constant default in place.

Revision ID: 0002_name_accusative
Revises: 0001_initial
Create Date: 2026-11-23 14:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_name_accusative"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("person", sa.Column("name_accusative", sa.String(length=300), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("name_accusative")
