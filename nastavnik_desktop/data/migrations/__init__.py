"""Alembic migrations of the schema; run programmatically by `runner.upgrade_to_head`."""
